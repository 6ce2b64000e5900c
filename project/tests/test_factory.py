"""The app factory and its configuration: what the environment decides, and what a
production configuration refuses or turns on."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, request
from flask.cli import routes_command
from flask.testing import FlaskClient, FlaskCliRunner

from helpers.servers import StoreConfigError
from project.shop import config, create_app
from project.shop.extensions import db
from project.shop.models import User

from .conftest import clean_up, make_app, shop_config

ENVIRONMENT = ("SECRET_KEY", "FLASK_DEBUG", "DATABASE_URL", "REDIS_URL")


@pytest.fixture
def environ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """An environment without the shop's variables, and a database in tmp_path."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'flask_course_shop.db'}")
    return monkeypatch


def test_testing_flag(app: Flask) -> None:
    assert app.testing
    assert not create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"}).testing


def test_production_needs_a_secret_key(environ: pytest.MonkeyPatch) -> None:
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        create_app()
    environ.setenv("SECRET_KEY", "from-the-environment")
    assert create_app().secret_key == "from-the-environment"


def test_debug_mode_gets_the_development_key(environ: pytest.MonkeyPatch) -> None:
    environ.setenv("FLASK_DEBUG", "1")
    app = create_app()
    assert app.debug is True and app.secret_key == config.DEV_SECRET_KEY


def test_debug_is_read_as_flask_reads_it(environ: pytest.MonkeyPatch) -> None:
    """from_prefixed_env() alone would store FLASK_DEBUG's text: "no" would be true."""
    environ.setenv("SECRET_KEY", "x")
    for value, debug in [("no", False), ("0", False), ("", False), ("yes", True)]:
        environ.setenv("FLASK_DEBUG", value)
        assert create_app().debug is debug, value


def test_production_defaults(environ: pytest.MonkeyPatch) -> None:
    environ.setenv("SECRET_KEY", "from-the-environment")
    app = create_app()
    assert not app.debug and not app.testing
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["MAIL_DEBUG"] is False
    assert "debugtoolbar" not in app.blueprints


def test_settings_from_prefixed_variables(environ: pytest.MonkeyPatch) -> None:
    environ.setenv("SECRET_KEY", "from-the-environment")
    environ.setenv("FLASK_MAIL_SERVER", "smtp.example.com")
    environ.setenv("FLASK_SESSION_COOKIE_SECURE", "false")  # JSON: a real False
    app = create_app()
    assert app.config["MAIL_SERVER"] == "smtp.example.com"
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_debug_toolbar_only_in_development(environ: pytest.MonkeyPatch) -> None:
    for debug, testing, toolbar in [
        (True, False, True),
        (True, True, False),
        (False, False, False),
    ]:
        environ.setenv("FLASK_DEBUG", "1" if debug else "0")
        app = make_app(shop_config(TESTING=testing))
        page = app.test_client().get("/").get_data(as_text=True)
        assert ("flDebug" in page, "debugtoolbar" in app.blueprints) == (toolbar, toolbar)
        clean_up(app)


def test_database_url_follows_the_course_rules(environ: pytest.MonkeyPatch, tmp_path: Path) -> None:
    environ.setenv("SECRET_KEY", "x")
    assert create_app().config["SQLALCHEMY_DATABASE_URI"].database.endswith("flask_course_shop.db")
    environ.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'someone-elses.db'}")
    with pytest.raises(StoreConfigError, match="flask_course"):
        create_app()


def test_default_database_is_in_the_instance_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = Flask("shop", instance_path=str(tmp_path / "instance"))
    assert config._database(app) == f"sqlite:///{tmp_path / 'instance' / 'shop.db'}"
    assert (tmp_path / "instance").is_dir()


def test_without_redis_url_fakes_and_eager_tasks(environ: pytest.MonkeyPatch) -> None:
    environ.setenv("SECRET_KEY", "x")
    app = create_app()
    assert type(app.config["SESSION_REDIS"]).__name__ == "FakeRedis"
    assert app.config["CELERY"]["task_always_eager"]
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_with_redis_url(environ: pytest.MonkeyPatch) -> None:
    assert config._celery("redis://127.0.0.1:6379/0", "p:")["broker_url"].startswith("redis://")
    assert config._limits_storage("unix:///run/redis.sock") == "redis+unix:///run/redis.sock"
    environ.setenv("REDIS_URL", "http://127.0.0.1:6379")
    with pytest.raises(StoreConfigError, match="REDIS_URL"):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_security_headers(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_proxy_fix_only_when_configured() -> None:
    forwarded = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    for proxies, seen in ((0, "127.0.0.1"), (1, "203.0.113.9")):
        app = create_app(shop_config(TRUSTED_PROXIES=proxies))
        app.add_url_rule("/ip", "ip", lambda: request.remote_addr)
        assert app.test_client().get("/ip", headers=forwarded).text == seen
        clean_up(app)


def test_routes(runner: FlaskCliRunner) -> None:
    result = runner.invoke(routes_command)
    for rule in (
        "/auth/login",
        "/cart/add/<int(max=2147483647):product_id>",
        "/admin/",
        "/api/products",
    ):
        assert rule in result.output


def test_seed_command(runner: FlaskCliRunner) -> None:
    assert runner.invoke(args=["seed"]).output == "added 0 products\n"  # the fixture seeded


ADD_USER = [  # (arguments, what the command says)
    (["carol", "carol@example.com", "--password", "carol-password"], "added user carol"),
    (
        ["dan", "dan@example.com", "--admin", "--password", "dan-password"],
        "added administrator dan",
    ),
    (["bob", "bob2@example.com", "--password", "long-enough"], "'bob' exists already"),
    (["e v e", "eve@example.com", "--password", "long-enough"], "letters, digits"),
    (["eve", "not-an-address", "--password", "long-enough"], "Invalid value for EMAIL"),
    (["eve", "bob@example.com", "--password", "long-enough"], "belongs to another user"),
    (["eve", "eve@example.com", "--password", "short"], "at least 8 characters"),
]


def test_add_user_command(runner: FlaskCliRunner, app: Flask) -> None:
    for arguments, says in ADD_USER:
        assert says in runner.invoke(args=["add-user", *arguments]).output
    with app.app_context():
        admins = db.session.scalars(db.select(User.username).filter_by(is_admin=True))
        assert sorted(admins) == ["alice", "dan"]
