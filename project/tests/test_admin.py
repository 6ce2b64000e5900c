"""The admin site: administrators only, CSRF on every form, passwords stored hashed."""

from __future__ import annotations

from urllib.parse import quote

from flask import Flask
from flask.testing import FlaskClient

from project.shop.extensions import db
from project.shop.models import User, password_matches

from .conftest import AuthActions, csrf_token

PAGES = [
    "/admin/",
    "/admin/user/",
    "/admin/user/new/",
    "/admin/product/",
    "/admin/order/",
    "/admin/auditlog/",
]


def password_ok(app: Flask, username: str, password: str) -> bool:
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(username=username))
        return password_matches(user, password)


def test_anonymous_goes_to_the_login(client: FlaskClient) -> None:
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.location == f"/auth/login?next={quote(path, safe='')}"


def test_customers_are_refused(client: FlaskClient, auth: AuthActions) -> None:
    auth.login("bob")
    assert [client.get(path).status_code for path in PAGES] == [403] * len(PAGES)
    assert "后台" not in client.get("/").get_data(as_text=True)  # no link in the menu


def test_administrators_get_in(client: FlaskClient, auth: AuthActions) -> None:
    auth.login("alice")
    assert [client.get(path).status_code for path in PAGES] == [200] * len(PAGES)


def test_create_user_hashes_the_password(
    client: FlaskClient, auth: AuthActions, app: Flask
) -> None:
    auth.login("alice")
    token = csrf_token(client.get("/admin/user/new/"))
    carol = {"username": "carol", "email": "carol@example.com", "new_password": "carol-password"}
    response = client.post("/admin/user/new/", data={**carol, "csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        stored = db.session.scalar(db.select(User.password_hash).filter_by(username="carol"))
    assert stored.startswith("pbkdf2:sha256:1000$") and "carol-password" not in stored
    assert password_ok(app, "carol", "carol-password")


def test_a_new_user_needs_a_password(client: FlaskClient, auth: AuthActions, app: Flask) -> None:
    auth.login("alice")
    token = csrf_token(client.get("/admin/user/new/"))
    data = {"username": "carol", "email": "carol@example.com", "csrf_token": token}
    response = client.post("/admin/user/new/", data=data)
    assert "新用户需要密码" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(User).filter_by(username="carol")) is None


def test_edit_keeps_or_changes_the_password(
    client: FlaskClient, auth: AuthActions, app: Flask
) -> None:
    auth.login("alice")
    token = csrf_token(client.get("/admin/user/edit/?id=2"))
    bob = {"username": "bob", "email": "bob@example.com", "csrf_token": token}
    client.post("/admin/user/edit/?id=2", data=bob)
    assert password_ok(app, "bob", "bob-password")  # an empty field keeps it
    client.post("/admin/user/edit/?id=2", data={**bob, "new_password": "a-new-password"})
    assert password_ok(app, "bob", "a-new-password")


def test_admin_forms_need_the_csrf_token(
    client: FlaskClient, auth: AuthActions, app: Flask
) -> None:
    auth.login("alice")
    data = {"username": "mallory", "email": "m@example.com", "new_password": "long-enough"}
    assert client.post("/admin/user/new/", data=data).status_code == 400
    assert client.post("/admin/user/edit/?id=2", data={**data, "is_admin": "y"}).status_code == 400
    with app.app_context():
        assert db.session.scalars(db.select(User.username).order_by(User.id)).all() == [
            "alice",
            "bob",
        ]


HOSTILE = [
    "/admin/user/?page=99999999999999999999",
    "/admin/user/?page=-5",
    "/admin/user/edit/?id=99999999999999999999",
    "/admin/user/edit/?id=abc",
    "/admin/user/?search=%00",
    "/admin/user/?sort=99",
]


def test_hostile_admin_urls_are_not_500(client: FlaskClient, auth: AuthActions) -> None:
    auth.login("alice")
    for path in HOSTILE:
        assert client.get(path).status_code in (200, 302, 400, 404), path


def test_read_only_views(client: FlaskClient, auth: AuthActions) -> None:
    auth.login("alice")
    token = csrf_token(client.get("/admin/user/new/"))
    for view in ("order", "auditlog"):
        response = client.post(f"/admin/{view}/new/", data={"csrf_token": token})
        assert response.status_code == 302  # Flask-Admin redirects: creating is off
    response = client.post("/admin/user/delete/", data={"id": "2", "csrf_token": token})
    assert response.status_code == 302
    assert client.get("/admin/user/").get_data(as_text=True).count("bob@example.com") == 1
