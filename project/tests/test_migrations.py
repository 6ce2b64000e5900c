"""The committed migrations build the models' schema from an empty database, on SQLite
and on the database DATABASE_URL names (CI: PostgreSQL, in the course's schema), and
undo it again."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
from flask import Flask

from helpers.servers import database_url
from project.shop import create_app
from project.shop.extensions import db

from .conftest import shop_config

TABLES = ["shop_audit_log", "shop_order_items", "shop_orders", "shop_products", "shop_users"]
VERSION_TABLE = "shop_alembic_version"
DATABASES = ["sqlite file"] + (["DATABASE_URL"] if os.environ.get("DATABASE_URL") else [])


def tables(app: Flask) -> list[str]:
    with app.app_context():
        names = sqlalchemy.inspect(db.engine).get_table_names()
    return sorted(name for name in names if name.startswith("shop_"))


def drop_the_shops_tables(app: Flask) -> None:
    """Only the shop's own tables: the course's database may hold others."""
    with app.app_context(), db.engine.begin() as connection:
        for name in [*TABLES, VERSION_TABLE]:
            connection.execute(sqlalchemy.text(f"DROP TABLE IF EXISTS {name}"))


@pytest.fixture(params=DATABASES)
def empty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """An app on a database that holds none of the shop's tables."""
    if request.param == "sqlite file":
        url: object = f"sqlite:///{tmp_path / 'flask_course_shop.db'}"
    else:
        url = database_url()
    app = create_app(shop_config(SQLALCHEMY_DATABASE_URI=url))
    drop_the_shops_tables(app)
    yield app
    drop_the_shops_tables(app)
    with app.app_context():
        db.engine.dispose()


def flask_db(app: Flask, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["db", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_upgrade_builds_the_models_schema(empty: Flask) -> None:
    flask_db(empty, "upgrade")
    assert tables(empty) == sorted([*TABLES, VERSION_TABLE])
    flask_db(empty, "check")  # autogenerate finds no difference with the models: exit code 0


def test_check_sees_a_missing_migration(empty: Flask) -> None:
    flask_db(empty, "upgrade", "9d38077ffbaa")
    result = empty.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 1


def test_downgrade_removes_it_all(empty: Flask) -> None:
    flask_db(empty, "upgrade")
    flask_db(empty, "downgrade", "base")
    assert tables(empty) == [VERSION_TABLE]
    flask_db(empty, "upgrade")
    assert tables(empty) == sorted([*TABLES, VERSION_TABLE])


def test_the_migrated_schema_keeps_its_constraints(empty: Flask) -> None:
    flask_db(empty, "upgrade", "9d38077ffbaa")  # the first revision: no stock yet
    with empty.app_context(), db.engine.begin() as connection:
        connection.execute(
            sqlalchemy.text(
                "INSERT INTO shop_products (name, description, price_cents) VALUES ('茶', '', 100)"
            )
        )
    flask_db(empty, "upgrade")
    with empty.app_context():
        assert db.session.execute(sqlalchemy.text("SELECT stock FROM shop_products")).scalar() == 0
        with pytest.raises(sqlalchemy.exc.IntegrityError, match="stock_not_negative"):
            db.session.execute(sqlalchemy.text("UPDATE shop_products SET stock = -1"))
        db.session.rollback()
