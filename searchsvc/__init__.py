"""The web service: search page, article page and JSON API over the built index.

Importing the package has no side effects; ``create_app()`` builds the app (see ``app.py``).
"""

from __future__ import annotations

from searchsvc.web.app import create_app

__all__ = ["create_app"]
