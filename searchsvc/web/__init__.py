"""The Flask layer: app factory and settings, HTTP commons, the API and HTML blueprints, feeds.

Only this package imports Flask; it talks to the engine, never to Whoosh.
"""
