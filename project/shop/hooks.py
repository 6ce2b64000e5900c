"""What runs around every request: security headers, error pages, and the proxy
middleware (request hooks, error handlers and WSGI middleware: the hooks notebook)."""

from __future__ import annotations

import json

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response


def init_hooks(app: Flask) -> None:
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:  # the client's address and scheme come from the proxies' X-Forwarded-*
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies
        )

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if app.config["X_FRAME_OPTIONS"]:
            response.headers.setdefault("X-Frame-Options", app.config["X_FRAME_OPTIONS"])
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        """Every 4xx and 5xx (an unexpected error arrives as a 500): a page, or JSON for
        the API, keeping the error's own headers (Allow on a 405, Retry-After on a 429)."""
        response = error.get_response()
        if request.blueprint == "api" or request.path.startswith("/api/"):
            body = {"error": error.name, "description": error.description}
            response.set_data(json.dumps(body, ensure_ascii=False))
            response.mimetype = "application/json"
        else:
            response.set_data(render_template("error.html", error=error))
            response.mimetype = "text/html"
        return response
