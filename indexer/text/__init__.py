"""Text to terms: the one Vietnamese analysis used by indexing and querying alike.

The Whoosh analyzer classes live in ``indexer.text.tokenizers``: the schema pickles them into
every index, so that import path must stay stable (moving them forces a rebuild).
"""
