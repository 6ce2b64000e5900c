"""Unit tests for helpers/signals.py: recording which signals fire, in order."""

from __future__ import annotations

import flask
import pytest
from blinker import Namespace
from flask import Flask, flash, render_template_string
from jinja2 import DictLoader

from helpers.signals import describe, recording, signal_name


def create_app() -> Flask:
    app = Flask(__name__)
    app.secret_key = "test"

    @app.get("/")
    def index() -> str:
        flash("saved", "info")
        return render_template_string("<p>{{ text }}</p>", text="hi")

    @app.get("/fail")
    def fail() -> str:
        raise ZeroDivisionError("no")

    return app


def test_describe_is_short_and_stable() -> None:
    app = create_app()
    assert describe(ZeroDivisionError("boom")) == "ZeroDivisionError"
    assert describe(flask.Response(status=404)) == "404 NOT FOUND"
    app.jinja_loader = DictLoader({"page.html": "x"})
    assert describe(app.jinja_env.get_template("page.html")) == "page.html"
    assert describe(app.jinja_env.from_string("x")) == "None"  # a template made from a string
    assert describe({"b": 1, "a": 2}) == "{a, b}"
    assert describe("text") == "'text'"
    assert describe(None) == "None"


def test_signal_name_uses_pythons_spelling() -> None:
    assert signal_name(flask.request_started) == "request_started"
    assert signal_name(Namespace().signal("order-placed")) == "order_placed"


def test_recording_lists_sends_in_order_with_their_arguments() -> None:
    app = create_app()
    with recording(
        flask.request_started, flask.message_flashed, flask.request_finished, sender=app
    ) as fired:
        app.test_client().get("/")
    assert fired == [
        "request_started()",
        "message_flashed(message='saved', category='info')",
        "request_finished(response=200 OK)",
    ]


def test_recording_describes_templates_and_exceptions() -> None:
    app = create_app()
    with recording(flask.template_rendered, flask.request_tearing_down, sender=app) as fired:
        app.test_client().get("/")
    assert fired == [
        "template_rendered(template=None, context={g, request, text})",
        "request_tearing_down(exc=None)",
    ]
    with recording(flask.got_request_exception, sender=app) as fired:
        app.logger.disabled = True  # keep Flask's error log off stderr
        try:
            app.test_client().get("/fail")
        finally:
            app.logger.disabled = False
    assert fired == ["got_request_exception(exception=ZeroDivisionError)"]


def test_recording_filters_by_sender() -> None:
    app, other = create_app(), create_app()
    with recording(flask.request_started, sender=app) as fired:
        other.test_client().get("/")
    assert fired == []
    with recording(flask.request_started) as fired:  # any sender
        other.test_client().get("/")
    assert fired == ["request_started()"]


def test_recording_disconnects_even_when_the_block_raises() -> None:
    signal = Namespace().signal("ping")
    with pytest.raises(RuntimeError), recording(signal) as fired:
        signal.send("test", n=1)
        raise RuntimeError("the block failed")
    assert fired == ["ping(n=1)"]
    assert not signal.receivers
    signal.send("test", n=2)
    assert fired == ["ping(n=1)"]


def test_recording_shares_its_list() -> None:
    signal = Namespace().signal("ping")
    with recording(signal) as fired:
        fired.append("hook: before")
        signal.send("test")
    assert fired == ["hook: before", "ping()"]


def test_recording_needs_a_signal() -> None:
    with pytest.raises(TypeError, match="at least one signal"), recording():
        pass
