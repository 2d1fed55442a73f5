"""HTTP commons on well-kept extensions: CORS (flask-cors), compression (flask-compress), and
the security headers of HTML pages.

CORS is for programs: GET on the machine paths, with the configured allow-list, on errors too
(flask-cors answers in ``after_request``, which also runs for error handlers' responses).
HTML pages get a Content Security Policy that allows only our own static files and no framing.
"""

from __future__ import annotations

from flask import Flask, Response
from flask_compress import Compress
from flask_cors import CORS

# Machine paths (searchsvc.web.errors.MACHINE_PREFIXES) as flask-cors resource patterns.
CORS_PATHS = r"^/(api/.*|search\.atom|opensearch\.xml|healthz)$"
# How long a browser may reuse a CORS preflight answer (seconds).
PREFLIGHT_MAX_AGE = 600
# What compression is worth on: the text answers the views build (JSON, pages, feeds, CSV).
# Static files are left out: flask-compress reads a file response's body without closing the
# file (a ResourceWarning per request), and a front proxy serves and compresses them anyway.
COMPRESSED_TYPES = [
    "application/json",
    "text/html",
    "text/csv",
    "application/atom+xml",
    "application/opensearchdescription+xml",
]
# Smaller answers gain nothing from compression once headers are counted (flask-compress' default).
COMPRESS_MIN_BYTES = 500

# Headers of every HTML page. The CSP allows scripts, styles, images and fonts from our own
# origin only (templates/static), forms posting only here, and no framing by anyone.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
HTML_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers without CSP level 2
    # Archived pages link to other sites: they learn our origin, never the query in our URL.
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
# Every answer: its declared type is the only one (no MIME sniffing of JSON or CSV as HTML).
ALL_HEADERS = {"X-Content-Type-Options": "nosniff"}


def add_security_headers(response: Response) -> Response:
    for name, value in ALL_HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype == "text/html":
        for name, value in HTML_HEADERS.items():
            response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    # Compression first: Flask runs after_request functions last-registered first, so it sees
    # the final headers (CORS' Vary: Origin) and compresses the final body.
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    app.config.setdefault("COMPRESS_MIN_SIZE", COMPRESS_MIN_BYTES)
    Compress(app)
    CORS(
        app,
        resources={CORS_PATHS: {}},
        origins=list(app.config["CORS_ORIGINS"]),
        methods=["GET", "HEAD", "OPTIONS"],
        allow_headers=["If-None-Match"],
        expose_headers=["ETag", "Retry-After"],
        max_age=PREFLIGHT_MAX_AGE,
        vary_header=True,
    )
    app.after_request(add_security_headers)
