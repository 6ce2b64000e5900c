"""Server-side sessions (Flask-Session on Redis, or fakeredis): the cookie carries a
random id, the data lives under the shop's key prefix, and the id changes at login."""

from __future__ import annotations

import msgspec
from flask import Flask
from flask.testing import FlaskClient

from .conftest import AuthActions, clean_up, make_app, shop_config, submit


def session_id(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None, "no session cookie"
    return cookie.value


def stored(app: Flask, sid: str) -> dict | None:
    data = app.config["SESSION_REDIS"].get(app.config["SESSION_KEY_PREFIX"] + sid)
    return None if data is None else msgspec.msgpack.decode(data)


def test_the_cookie_holds_an_id_and_the_store_the_data(client: FlaskClient, app: Flask) -> None:
    submit(client, "/", "/cart/add/1", quantity=2)
    sid = session_id(client)
    assert len(sid) == 43  # secrets.token_urlsafe(32)
    data = stored(app, sid)
    assert data["cart"] == {"1": 2}
    ttl = app.config["SESSION_REDIS"].ttl(app.config["SESSION_KEY_PREFIX"] + sid)
    assert 0 < ttl <= 12 * 3600  # PERMANENT_SESSION_LIFETIME


def test_cookie_flags(client: FlaskClient) -> None:
    header = client.get("/").headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header
    assert "Expires" not in header  # SESSION_PERMANENT = False: gone with the browser
    assert "Secure" not in header  # testing; production sets Secure (test_factory)


def test_production_cookie_is_secure() -> None:
    app = make_app(shop_config(TESTING=False))
    assert "; Secure" in app.test_client().get("/").headers["Set-Cookie"]
    clean_up(app)


def test_the_id_changes_at_login(client: FlaskClient, app: Flask, auth: AuthActions) -> None:
    client.get("/auth/login")
    before = session_id(client)
    auth.login("bob")
    after = session_id(client)
    assert after != before
    assert stored(app, before) is None  # the old record is gone (session fixation)
    assert stored(app, after)["_user_id"] == "2"


def test_a_planted_id_does_not_log_the_attacker_in(
    app: Flask, auth: AuthActions, client: FlaskClient
) -> None:
    attacker = app.test_client()
    attacker.get("/auth/login")
    client.set_cookie("session", session_id(attacker))  # planted in the victim's browser
    auth.login("bob")
    assert attacker.get("/api/orders").status_code == 401


def test_an_unknown_id_starts_an_empty_session(client: FlaskClient) -> None:
    client.set_cookie("session", "made-up-id")
    assert "购物车 (0)" in client.get("/").get_data(as_text=True)
    client.set_cookie("session", "x" * 3000)
    assert client.get("/").status_code == 200


def test_logout_empties_the_session(client: FlaskClient, app: Flask, auth: AuthActions) -> None:
    auth.login("bob")
    sid = session_id(client)
    auth.logout()
    assert stored(app, sid) is None
    assert "_user_id" not in stored(app, session_id(client))
