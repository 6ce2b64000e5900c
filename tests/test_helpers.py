"""Unit tests for helpers/: what the notebooks rely on to show stable output."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask, redirect, session

from helpers import check, mask, mask_set_cookie, secret_key, show
from helpers.config import COURSE_FALLBACK_SECRET_KEY

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_mask_keeps_prefix_and_length() -> None:
    assert mask("abcdefghijkl", keep=4) == "abcd…(12 chars)"


def test_mask_leaves_short_values() -> None:
    assert mask("abc") == "abc"


def test_mask_set_cookie_hides_value_keeps_attributes() -> None:
    header = "session=eyJhYmMiOjF9.aBcDeF.signature; HttpOnly; Path=/; SameSite=Lax"
    expected = "session=eyJ…(29 chars); HttpOnly; Path=/; SameSite=Lax"
    assert mask_set_cookie(header, keep=3) == expected


def test_mask_set_cookie_makes_future_expiry_relative() -> None:
    header = "sid=abc; Expires=Thu, 24 Dec 2026 12:00:00 GMT; Path=/"
    assert mask_set_cookie(header, now=NOW) == "sid=abc; Expires=<in 30 days>; Path=/"


def test_mask_set_cookie_keeps_past_expiry() -> None:
    header = "session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/"
    assert mask_set_cookie(header, now=NOW) == header


def test_secret_key_prefers_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "from-env")
    assert secret_key() == "from-env"


def test_secret_key_falls_back_for_the_course(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    assert secret_key() == COURSE_FALLBACK_SECRET_KEY


def test_check_reports_correct(capsys: pytest.CaptureFixture[str]) -> None:
    check("sum", lambda: None)
    assert capsys.readouterr().out == "✓ sum: correct\n"


def test_check_reports_what_is_wrong(capsys: pytest.CaptureFixture[str]) -> None:
    def failing() -> None:
        raise AssertionError("expected 2")

    check("sum", failing)
    assert capsys.readouterr().out == "✗ sum: not yet. expected 2\n"


def test_check_reports_an_exception(capsys: pytest.CaptureFixture[str]) -> None:
    def broken() -> None:
        raise KeyError("k")

    check("sum", broken)
    assert "raised KeyError" in capsys.readouterr().out


@pytest.fixture
def client():
    app = Flask(__name__)
    app.secret_key = "test"

    @app.get("/login")
    def login():
        session["user"] = "ada"
        return redirect("/home")

    @app.get("/home")
    def home():
        return f"<p>hello {session['user']}</p>"

    return app.test_client()


def test_show_prints_status_headers_and_body(client, capsys) -> None:
    show(client.get("/login"))
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "GET /login → 302 FOUND"
    assert "Location: /home" in out
    cookie = next(line for line in out if line.startswith("Set-Cookie"))
    assert cookie.startswith("Set-Cookie: session=eyJ1c2Vy…(") and "HttpOnly; Path=/" in cookie


def test_show_lists_followed_redirects(client, capsys) -> None:
    show(client.get("/login", follow_redirects=True))
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["GET /login → 302 FOUND → /home", "GET /home → 200 OK"]
    assert out[-1] == "<p>hello ada</p>"


def test_show_cuts_long_bodies(capsys) -> None:
    app = Flask(__name__)
    app.add_url_rule("/", view_func=lambda: "x" * 50)
    show(app.test_client().get("/"), body_limit=10)
    assert capsys.readouterr().out.endswith("xxxxxxxxxx… (50 characters in all)\n")


def test_show_prints_json_with_readable_chinese(capsys) -> None:
    app = Flask(__name__)
    app.add_url_rule("/", view_func=lambda: {"msg": "你好"})
    show(app.test_client().get("/"))
    assert capsys.readouterr().out.endswith('\n{"msg": "你好"}\n')
