"""Turns an archive of saved Vietnamese education news pages into a Whoosh index.

Importing the package has no side effects; see ``python -m indexer --help``.
"""
