"""茶叶店 (a tea shop): one small application that joins every topic of the course.

From the repository root, on your own machine (debug mode: a development key and the
debug toolbar; in production set SECRET_KEY instead, see config.py):

    export FLASK_APP=project.shop FLASK_DEBUG=1
    flask db upgrade        create the database (project/instance/shop.db)
    flask seed              add the demo teas
    flask add-user alice alice@example.com --admin
    flask run               then open http://127.0.0.1:5000/
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_debugtoolbar import DebugToolbarExtension

from . import admin, api, auth, commands, config, hooks, views
from .extensions import (
    celery_init_app,
    csrf,
    db,
    login_manager,
    mail,
    migrate,
    server_sessions,
)

PROJECT = Path(__file__).resolve().parent.parent
#: The migrations, committed with the code (``flask --app project.shop db …``).
MIGRATIONS = PROJECT / "migrations"
#: The database and settings of this installation, never committed (project/.gitignore).
INSTANCE = PROJECT / "instance"


def only_shop_tables(name: str | None, type_: str, parent_names: Mapping[str, Any]) -> bool:
    """What `flask db migrate` and `flask db check` compare: the shop's own tables only. The
    database may hold others (the course's schema holds the notebooks' tables), and
    autogenerate would otherwise write a migration that drops them."""
    return type_ != "table" or (name or "").startswith("shop_")


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The app factory: settings from the environment, or ``test_config`` in tests."""
    app = Flask(__name__, instance_path=str(INSTANCE), instance_relative_config=True)
    config.load(app, test_config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # JSON shows 茶, not \u8336

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(MIGRATIONS),
        version_table="shop_alembic_version",
        include_name=only_shop_tables,
    )
    csrf.init_app(app)
    server_sessions.init_app(app)
    login_manager.init_app(app)
    mail.init_app(app)
    celery_init_app(app)

    app.register_blueprint(views.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(api.bp)
    auth.init_rate_limit(app)
    admin.init_admin(app)
    hooks.init_hooks(app)
    commands.init_app(app)

    if app.debug and not app.testing:  # development only: never in tests or production
        DebugToolbarExtension(app)
    return app
