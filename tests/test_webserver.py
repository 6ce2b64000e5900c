"""helpers.webserver: a real server from a cell that restarts, stops and leaks nothing."""

from __future__ import annotations

import socket
import threading
import urllib.request
from collections.abc import Iterator

import pytest
from flask import Flask, url_for

from helpers import webserver as serving


def make_app(text: str) -> Flask:
    app = Flask(text)
    app.add_url_rule("/", "index", lambda: f"{text} {url_for('index')}")
    return app


def get(url: str, headers: dict[str, str] | None = None) -> str:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.read().decode()


@pytest.fixture
def port() -> Iterator[int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    yield free
    serving.stop_all()


def serve_threads() -> list[str]:
    return sorted(t.name for t in threading.enumerate() if t.name.startswith("serve-"))


def test_serves_in_the_background(port: int) -> None:
    served = serving.serve(make_app("first"), port, show=False)
    assert served.port == port
    assert get(served.url) == "first /"


def test_running_again_restarts_on_the_same_port(port: int) -> None:
    first = serving.serve(make_app("first"), port, show=False)
    second = serving.serve(make_app("second"), port, show=False)
    assert second.port == port and not first.thread.is_alive()
    assert get(second.url) == "second /"
    assert serve_threads() == [f"serve-{port}"]


def test_stop_frees_the_port_and_the_thread(port: int) -> None:
    served = serving.serve(make_app("x"), port, show=False)
    assert serving.stop(port) is True
    assert not served.thread.is_alive() and serve_threads() == []
    assert serving.stop(port) is False
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))  # free again


def test_a_taken_port_moves_to_the_next_free_one(port: int) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", port))
        holder.listen()
        served = serving.serve(make_app("moved"), port, show=False)
    assert served.port > port
    assert get(served.url) == "moved /"
    assert serving.running()[port] is served


def test_links_go_back_through_the_proxy_prefix(port: int) -> None:
    served = serving.serve(make_app("proxied"), port, show=False)
    assert get(served.url, {"X-Forwarded-Prefix": f"/proxy/{port}"}) == f"proxied /proxy/{port}/"


def test_stop_all(port: int) -> None:
    serving.serve(make_app("a"), port, show=False)
    assert serving.stop_all() == 1 and serving.running() == {}


def test_page_html_direct_or_through_the_proxy(port: int, monkeypatch) -> None:
    served = serving.serve(make_app("page"), port, show=False)
    monkeypatch.delenv("COURSE_SERVE_VIA", raising=False)
    monkeypatch.delenv("JUPYTERHUB_SERVICE_PREFIX", raising=False)
    direct = serving.page_html(served, path="/form", height=200)
    assert f'<iframe src="http://127.0.0.1:{port}/form"' in direct and f"stop({port})" in direct
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/ann/")
    assert f'src="/user/ann/proxy/{port}/form"' in serving.page_html(served, path="/form", height=1)


def test_display_is_deterministic(port: int, capsys) -> None:
    shown: list[dict] = []
    monkey = pytest.MonkeyPatch()
    monkey.setattr("IPython.display.display", lambda data, raw: shown.append(data))
    try:
        serving.serve(make_app("shown"), port)
        serving.serve(make_app("shown"), port)
    finally:
        monkey.undo()
    assert shown[0] == shown[1]
    assert shown[0]["text/plain"] == f"serving shown at http://127.0.0.1:{port}/"


def test_an_offset_moves_every_port(port: int, monkeypatch) -> None:
    monkeypatch.setenv(serving.PORT_OFFSET_VARIABLE, "3")
    served = serving.serve(make_app("offset"), port, show=False)
    assert served.port >= port + 3 and serving.running()[port] is served
