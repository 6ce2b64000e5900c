"""Settings: safe defaults first, then the environment, then checks.

Outside tests, the environment decides (nothing secret is in the code):

    SECRET_KEY      required unless debug mode (``--debug``) or testing is on
    DATABASE_URL    the course's rules (``helpers.servers``: PostgreSQL in the schema
                    flask_course, or a SQLite file named flask_course….db); unset: a
                    SQLite file in the instance folder
    REDIS_URL       sessions, Celery's broker and rate limits; unset: fakeredis in this
                    process, Celery tasks run at once (eager), limits in memory
    FLASK_*         any other setting, e.g. FLASK_MAIL_SERVER=smtp.example.com
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from flask.helpers import get_debug_flag

from helpers.servers import database_url, redis_client, redis_url

#: Every Redis key the shop writes (sessions, Celery, rate limits) starts with this.
REDIS_KEY_PREFIX = "flask-course-shop:"
#: The key for debug mode and tests only: it is public, so production refuses it.
DEV_SECRET_KEY = "dev-only-not-secret"

DEFAULTS: dict[str, Any] = {
    "SECRET_KEY": None,
    "SHOP_NAME": "茶叶店",
    "PASSWORD_HASH_METHOD": "scrypt",  # werkzeug's default; tests choose a faster one
    "MAX_CONTENT_LENGTH": 1024 * 1024,  # a larger body: 413
    "REDIS_KEY_PREFIX": REDIS_KEY_PREFIX,
    "WTF_I18N_ENABLED": False,  # forms choose their language (Meta.locales), not Flask-Babel
    # Sessions on the server (Flask-Session); the cookie holds a random id only
    "SESSION_TYPE": "redis",
    "SESSION_PERMANENT": False,  # the cookie ends with the browser session
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),  # how long Redis keeps one
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": None,  # None: Secure unless debug or testing (see finish)
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_SECURE": None,
    "REMEMBER_COOKIE_DURATION": timedelta(days=14),
    # Mail: a local test server by default (python -m aiosmtpd -n -l 127.0.0.1:8025)
    "MAIL_SERVER": "127.0.0.1",
    "MAIL_PORT": 8025,
    "MAIL_DEFAULT_SENDER": ("茶叶店", "shop@example.com"),
    "MAIL_DEBUG": False,  # True writes the SMTP dialogue, password included, to stderr
    "CELERY": None,  # None: from REDIS_URL (see finish)
    "RATELIMIT_STORAGE_URI": None,
    "LOGIN_RATE_LIMIT": "10 per minute",  # failed logins per client address
    "X_FRAME_OPTIONS": "DENY",  # no other site may frame the shop (clickjacking)
    "TRUSTED_PROXIES": 0,  # reverse proxies in front of the app (ProxyFix)
    "DEBUG_TB_INTERCEPT_REDIRECTS": False,
    "DEBUG_TB_HOSTS": ("127.0.0.1", "::1"),  # the toolbar for this machine only
}


def load(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    """Fill ``app.config``: defaults, then the environment (or ``test_config``), then checks."""
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or None
        app.config.from_pyfile("config.py", silent=True)  # instance/config.py, if any
        app.config.from_prefixed_env()  # FLASK_MAIL_SERVER=… → MAIL_SERVER
        app.config["DEBUG"] = get_debug_flag()  # FLASK_DEBUG as Flask reads it, not raw text
    else:
        app.config.from_mapping(test_config)
    finish(app)


def finish(app: Flask) -> None:
    """Settings that depend on others, and what production must not run without."""
    config = app.config
    development = app.debug or app.testing
    if not config["SECRET_KEY"]:
        if not development:
            raise RuntimeError(
                "SECRET_KEY is not set. Set it to a long random value "
                "(python -c 'import secrets; print(secrets.token_hex())'), or turn debug "
                "mode on, on your own machine only (FLASK_DEBUG=1, or flask --debug …)."
            )
        config["SECRET_KEY"] = DEV_SECRET_KEY
    for name in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if config[name] is None:
            config[name] = not development  # HTTPS only, except on a developer's machine
    if config.get("SQLALCHEMY_DATABASE_URI") is None:
        config["SQLALCHEMY_DATABASE_URI"] = _database(app)
    config.setdefault("SQLALCHEMY_RECORD_QUERIES", app.debug)  # the toolbar's SQL panel
    prefix = config["REDIS_KEY_PREFIX"]
    config["SESSION_KEY_PREFIX"] = f"{prefix}session:"
    if config.get("SESSION_REDIS") is None:
        config["SESSION_REDIS"] = redis_client()  # fakeredis unless REDIS_URL is set
    url = redis_url()
    if config["CELERY"] is None:
        config["CELERY"] = _celery(url, prefix)
    if config["RATELIMIT_STORAGE_URI"] is None:
        config["RATELIMIT_STORAGE_URI"] = _limits_storage(url)
    config.setdefault("RATELIMIT_KEY_PREFIX", f"{prefix}limits")


def _database(app: Flask) -> Any:
    if os.environ.get("DATABASE_URL", "").strip():
        return database_url()  # checked, and on PostgreSQL inside the course's schema
    os.makedirs(app.instance_path, exist_ok=True)
    return f"sqlite:///{Path(app.instance_path) / 'shop.db'}"


def _celery(url: str | None, prefix: str) -> dict[str, Any]:
    if url is None:
        # No broker another process could reach: run each task at once, in this process.
        return {"task_always_eager": True, "task_ignore_result": True}
    keys = {"global_keyprefix": prefix}
    return {
        "broker_url": url,
        "result_backend": url,
        "broker_transport_options": keys,
        "result_backend_transport_options": keys,
        "task_ignore_result": True,
    }


def _limits_storage(url: str | None) -> str:
    if url is None:
        return "memory://"
    return "redis+" + url if url.startswith("unix://") else url
