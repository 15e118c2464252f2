"""The OpenAPI explorer at /docs, served from this site under the Content-Security-Policy.

FastAPI's own /docs loads Swagger UI from a CDN and starts it with an inline script; both are refused
by the policy. Here Swagger UI 5 (it reads OpenAPI 3.1) comes from the ``swagger-ui-bundle-v2`` package
and starts from a script file of our own (``static/docs.js``). ReDoc at /redoc comes the same way: its standalone
bundle from the ``fastapi-standalone-docs`` package, started by ``static/redoc.js``.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import fastapi_standalone_docs
from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from api.http.security_headers import content_security_policy

ASSETS = "/docs-assets"
PAGE = f"""<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<title>forum-tracker – API</title>
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
<link rel="icon" type="image/png" href="{ASSETS}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script>
</body>
</html>
"""


REDOC_ASSETS = "/redoc-assets"
REDOC_PATH = Path(fastapi_standalone_docs.__file__).parent / "static" / "redoc"
# The two <style> elements ReDoc's bundle writes as it loads, before it knows the nonce (the second is its own
# base CSS; the first is empty). Another ReDoc version has other hashes: the browser test then sees a violation.
_HASHES = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' 'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='"
REDOC_PAGE = f"""<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<title>forum-tracker – API (ReDoc)</title>
<link rel="icon" type="image/svg+xml" href="/redoc/logo-mini.svg">
</head>
<body>
<div id="redoc" data-nonce="{{nonce}}"></div>
<script src="{REDOC_ASSETS}/redoc.standalone.js"></script>
<script src="/static/redoc.js"></script>
</body>
</html>
"""


def install(app: FastAPI) -> None:
    app.mount(ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")
    app.mount(REDOC_ASSETS, StaticFiles(directory=str(REDOC_PATH)), name="redoc-assets")

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        """ReDoc writes its styles into <style> elements: this page's policy allows those carrying its nonce
        (``static/redoc.js`` hands it to ReDoc), nothing else inline."""
        nonce = secrets.token_urlsafe(16)
        policy = content_security_policy(style_nonce=nonce).replace(f"'nonce-{nonce}'", f"'nonce-{nonce}' {_HASHES}")
        return HTMLResponse(REDOC_PAGE.replace("{nonce}", nonce), headers={"Content-Security-Policy": policy})

    @app.get("/redoc/logo-mini.svg", include_in_schema=False)
    def redoc_logo() -> FileResponse:
        return FileResponse(REDOC_PATH / "logo-mini.svg", media_type="image/svg+xml")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(PAGE)
