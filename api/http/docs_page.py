"""The OpenAPI explorer at /docs, served from this site under the Content-Security-Policy.

FastAPI's own /docs loads Swagger UI from a CDN and starts it with an inline script; both are refused
by the policy. Here Swagger UI 5 (it reads OpenAPI 3.1) comes from the ``swagger-ui-bundle-v2`` package
and starts from a script file of our own (``static/docs.js``). ReDoc is not served.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

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


def install(app: FastAPI) -> None:
    app.mount(ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(PAGE)
