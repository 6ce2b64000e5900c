"""Registering, logging in and out: hashed passwords, CSRF, a safe ``next``, a rate limit."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from project.shop.auth import safe_next
from project.shop.extensions import db
from project.shop.models import AuditLog, User

from .conftest import AuthActions, flashes, submit

NEW_USER = {"username": "carol", "email": "carol@example.com", "password": "carol-password"}
BAD_REGISTRATIONS = [  # (what changes, the error the page shows)
    ({"username": "bob"}, "用户名已被使用"),  # taken
    ({"email": "bob@example.com"}, "邮箱已被使用"),
    (
        {"username": "carol\x00"},
        "只能包含字母、数字和 . _ -",
    ),  # NUL: PostgreSQL would refuse it (a 500)
    ({"username": "carol\r\nX-Admin: 1"}, "只能包含字母、数字和 . _ -"),
    ({"username": "c" * 41}, "字段长度不能超过 40 个字符。"),
    ({"email": "not-an-address"}, "无效的 Email 地址。"),
    ({"email": "carol\x00@example.com"}, "无效的 Email 地址。"),
    ({"password": "short", "confirm": "short"}, "字段长度必须介于 8 到 200 个字符之间。"),
    ({"confirm": "something-else"}, "两次密码不一致"),
    ({"username": ""}, "该字段是必填字段。"),
]


def users(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(db.select(User.username).order_by(User.id)))


def test_register(client: FlaskClient, app: Flask) -> None:
    assert client.get("/auth/register").status_code == 200
    data = {**NEW_USER, "confirm": NEW_USER["password"]}
    assert submit(client, "/auth/register", "/auth/register", **data).location == "/auth/login"
    with app.app_context():
        carol = db.session.scalar(db.select(User).filter_by(username="carol"))
        assert carol.password_hash.startswith("pbkdf2:sha256:1000$")
        assert NEW_USER["password"] not in carol.password_hash
    assert flashes(client.get("/auth/login")) == [("success", "注册成功，请登录。")]


def test_register_refuses_bad_input(client: FlaskClient, app: Flask) -> None:
    for change, says in BAD_REGISTRATIONS:
        data = {**NEW_USER, "confirm": NEW_USER["password"], **change}
        response = submit(client, "/auth/register", "/auth/register", **data)
        errors = re.findall(r'class="error">(.*?)<', response.get_data(as_text=True))
        assert (response.status_code, errors) == (400, [says]), change
    assert users(app) == ["alice", "bob"]


def test_login_and_logout(client: FlaskClient, auth: AuthActions, app: Flask) -> None:
    assert auth.login().location == "/"
    page = client.get("/")
    assert flashes(page) == [("success", "欢迎回来，bob！")]
    assert "退出 bob" in page.get_data(as_text=True)
    assert auth.logout().location == "/"
    page = client.get("/")
    assert flashes(page) == [("info", "已退出登录。")]
    assert "退出 bob" not in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(db.select(AuditLog.action)).all() == ["logged in"]


def test_a_failed_login_says_the_same_for_every_cause(auth: AuthActions) -> None:
    for username, password in [
        ("bob", "wrong"),
        ("nobody", "bob-password"),
        ("BOB", "bob-password"),
    ]:
        response = auth.login(username, password)
        assert response.status_code == 200
        assert flashes(response) == [("error", "用户名或密码错误")]
    response = auth.login("bob", "")  # the form refuses it before any lookup
    assert response.status_code == 400 and flashes(response) == []


def test_login_redirects_only_within_the_site(client: FlaskClient, auth: AuthActions) -> None:
    cases = {
        "/orders": "/orders",
        "/cart?x=1": "/cart?x=1",
        "https://evil.example/": "/",
        "//evil.example": "/",
        "/\\evil.example": "/",
        "/\t/evil.example": "/",
        "javascript:alert(1)": "/",
        "orders": "/",
    }
    for target, expected in cases.items():
        assert auth.login(next=target).location == expected, target
        auth.logout()
    assert safe_next(None) is None and safe_next("") is None


def test_login_required_redirects_with_next(client: FlaskClient, auth: AuthActions) -> None:
    response = client.get("/orders")
    assert response.location == "/auth/login?next=%2Forders"
    assert flashes(client.get(response.location)) == [("info", "请先登录。")]
    assert auth.login(next="/orders").location == "/orders"


def test_posts_need_the_csrf_token(client: FlaskClient, auth: AuthActions) -> None:
    response = client.post("/auth/login", data={"username": "bob", "password": "bob-password"})
    assert response.status_code == 400
    assert "The CSRF token is missing." in response.get_data(as_text=True)
    auth.login()
    assert client.post("/auth/logout", data={"csrf_token": "forged"}).status_code == 400
    assert "退出 bob" in client.get("/").get_data(as_text=True)  # still logged in
    assert client.get("/auth/logout").status_code == 405  # logging out is a POST


def test_failed_logins_are_rate_limited(auth: AuthActions, app: Flask) -> None:
    assert app.config["LOGIN_RATE_LIMIT"] == "10 per minute"
    for _ in range(10):
        assert auth.login("bob", "guess").status_code == 200
    blocked = auth.login("bob", "bob-password")  # the right password, too late
    assert blocked.status_code == 429
    assert "429 Too Many Requests" in blocked.get_data(as_text=True)
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.0.0.7"
    assert AuthActions(elsewhere).login("alice").location == "/"  # another address
