"""Fixtures in the style of Flask's tutorial: ``app``, ``client``, ``runner`` and ``auth``.

Each test gets a new app on a new in-memory SQLite database, with two users and the demo teas. The
sessions go to fakeredis, or to the real Redis when ``REDIS_URL`` is set, under a key
prefix of the test's own, deleted afterwards. Mail is recorded, never sent (TESTING);
Celery runs each task at once and raises its errors (eager), except in the worker test.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from werkzeug.test import TestResponse

from project.shop import create_app
from project.shop.commands import seed_products
from project.shop.extensions import db
from project.shop.models import User

PASSWORDS = {"alice": "alice-password", "bob": "bob-password"}  # alice is an admin
CSRF_INPUT = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
FLASHES = re.compile(r'<li class="flash (\w+)">(.*?)</li>')


def shop_config(**overrides: Any) -> dict[str, Any]:
    """What every test app gets; ``overrides`` change or add settings."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": "sqlite://",  # in memory: one per app
        "REDIS_KEY_PREFIX": f"flask-course-shop-test-{uuid.uuid4().hex}:",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast; the shop's default is scrypt
        "CELERY": {"task_always_eager": True, "task_eager_propagates": True},
        "RATELIMIT_STORAGE_URI": "memory://",
        **overrides,
    }


class SharedBytecode(BytecodeCache):
    """Jinja's compiled templates, kept in memory and shared by every app of the run."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:  # the key includes a checksum of the source
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


@pytest.fixture(autouse=True)
def no_debug_from_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    """Flask() reads FLASK_DEBUG: exported in the shell, it would make every app a debug app."""
    monkeypatch.delenv("FLASK_DEBUG", raising=False)


@pytest.fixture(scope="session", autouse=True)
def compile_templates_once() -> Iterator[None]:
    """Each test's new app would compile every template it renders again (Flask-Admin's
    are large), much of the suite's time: share the compiled code instead."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Flask, "jinja_options", {"bytecode_cache": SharedBytecode()})
        yield


def make_app(config: dict[str, Any]) -> Flask:
    """An app with its tables, the demo products, alice (admin) and bob."""
    app = create_app(config)
    with app.app_context():
        db.create_all()
        seed_products()
        for name, password in PASSWORDS.items():
            user = User(username=name, email=f"{name}@example.com", is_admin=name == "alice")
            user.set_password(password)
            db.session.add(user)
        db.session.commit()
    return app


def clean_up(app: Flask) -> None:
    """Close the database and delete every Redis key the app wrote."""
    with app.app_context():
        db.engine.dispose()
    redis = app.config["SESSION_REDIS"]
    keys = list(redis.scan_iter(match=f"{app.config['REDIS_KEY_PREFIX']}*"))
    if keys:
        redis.delete(*keys)
    redis.close()


@pytest.fixture
def app() -> Iterator[Flask]:
    app = make_app(shop_config())
    yield app
    clean_up(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


def csrf_token(response: TestResponse) -> str:
    """The CSRF token of the (first) form in a page, as a browser would send it back."""
    found = CSRF_INPUT.search(response.get_data(as_text=True))
    assert found, f"no csrf_token in the page {response.request.path}"
    return found.group(1)


def flashes(response: TestResponse) -> list[tuple[str, str]]:
    """The flashed messages a page shows, as (category, message)."""
    return FLASHES.findall(response.get_data(as_text=True))


def submit(client: FlaskClient, page: str, action: str, **data: Any) -> TestResponse:
    """GET ``page``, then POST ``data`` to ``action`` with that page's CSRF token."""
    return client.post(action, data={"csrf_token": csrf_token(client.get(page)), **data})


class AuthActions:
    """Log in and out through the real forms, CSRF token included."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(
        self, username: str = "bob", password: str | None = None, next: str | None = None
    ) -> TestResponse:
        url = "/auth/login" + (f"?{urlencode({'next': next})}" if next is not None else "")
        password = PASSWORDS.get(username, "") if password is None else password
        return submit(self._client, url, url, username=username, password=password)

    def logout(self) -> TestResponse:
        return submit(self._client, "/", "/auth/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)
