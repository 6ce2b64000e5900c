"""helpers.caught: expected errors shown briefly, stale lessons loud, warnings on stdout."""

from __future__ import annotations

import json
import warnings

import pytest
from flask import Flask, flash

from helpers.caught import ExpectedErrorMissing, expect, printed_warnings, summarize


def test_expect_prints_type_message_and_the_raising_line(capsys) -> None:
    app = Flask(__name__)
    app.testing = True
    app.add_url_rule("/", view_func=lambda: flash("x") or "ok")
    with expect(RuntimeError) as caught:
        app.test_client().get("/")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("✗ Error (expected")
    assert out[1].startswith("RuntimeError: The session is unavailable because no secret key")
    assert out[-1].startswith("  flask/sessions.py:") and "in _fail" in out[-1]
    assert any("inside libraries" in line for line in out), "library frames are counted"
    assert not any("site-packages" in line for line in out)
    assert isinstance(caught.error, RuntimeError)


def test_expect_fails_loudly_when_nothing_is_raised() -> None:
    missing = pytest.raises(ExpectedErrorMissing, match="expected KeyError, but the block")
    with missing, expect(KeyError):
        pass


def test_expect_lets_other_errors_through() -> None:
    with pytest.raises(ZeroDivisionError), expect(KeyError):
        1 / 0  # noqa: B018


def test_expect_checks_the_message() -> None:
    with (
        pytest.raises(ExpectedErrorMissing, match="matching 'bar'"),
        expect(ValueError, match="bar"),
    ):
        raise ValueError("foo")


def test_expect_needs_a_type() -> None:
    with pytest.raises(TypeError), expect():
        pass


def test_standard_library_frames_have_no_line_numbers() -> None:
    try:
        json.loads("{")
    except json.JSONDecodeError as error:
        lines = summarize(error)
    assert lines[-1].startswith("  json/decoder.py (standard library), in raw_decode")


def test_printed_warnings(capsys) -> None:
    with printed_warnings() as warned:
        warnings.warn("first", DeprecationWarning, stacklevel=1)
        warnings.warn("first", DeprecationWarning, stacklevel=1)
    assert len(warned) == 2
    assert capsys.readouterr().out == "DeprecationWarning: first\n" * 2


def test_printed_warnings_unique_and_quiet(capsys) -> None:
    with printed_warnings(unique=True):
        for text in ("b", "a", "b"):
            warnings.warn(text, UserWarning, stacklevel=1)
    assert capsys.readouterr().out == "UserWarning: a\nUserWarning: b\n"
    with printed_warnings(quiet=True) as warned:
        warnings.warn("x", UserWarning, stacklevel=1)
    assert capsys.readouterr().out == "" and len(warned) == 1
