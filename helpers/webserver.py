"""Run a notebook's Flask app on a real server, from a cell, without blocking the kernel.

``app.run()`` would block the notebook forever: the kernel runs cells one at a time,
and a server never returns. ``serve(app, port=5001)`` runs the app on 127.0.0.1 in a
background thread (Werkzeug's own development server, threaded) and shows a link and
the page embedded below the cell, so a learner can click through the app in a browser
while the next cells run. Running the cell again stops the server on that port and
starts the new app there, so "Run All" twice leaks no thread and no port; ``stop()``
stops one, ``stop_all()`` every one.

The port is the caller's choice, so the cell's output is the same on every run (the
tests compare it); when something else holds that port, the next free one is used and
the output says so. Test runs that execute a notebook while its nbval run may be
running (papermill, the exercise answers) set ``SERVE_PORT_OFFSET`` for their kernels,
so the two never compete for a port.

Behind a remote Jupyter server the browser cannot reach the kernel's 127.0.0.1. There,
jupyter-server-proxy forwards ``{base_url}proxy/{port}/`` to the app and tells it that
prefix in ``X-Forwarded-Prefix``; the server wraps the app in
``ProxyFix(x_prefix=1)`` so ``url_for`` builds links that go back through the proxy.
That header is trusted because the server listens on 127.0.0.1 only. The embedded
page uses the proxy when ``COURSE_SERVE_VIA=proxy`` (``course.py lab --ip …`` sets it)
or when running under JupyterHub.
"""

from __future__ import annotations

import html
import os
import socket
import threading
from dataclasses import dataclass, field
from typing import Any

from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

HOST = "127.0.0.1"
PORT_OFFSET_VARIABLE = "SERVE_PORT_OFFSET"
#: How far past the requested port to look for a free one.
PORT_SEARCH = 50
STOP_TIMEOUT_S = 5.0
#: How often the server looks at its stop flag: a re-run restarts it this fast.
POLL_S = 0.05


@dataclass
class Served:
    """One app being served: where, and the thread serving it."""

    name: str
    port: int
    server: BaseWSGIServer
    thread: threading.Thread = field(repr=False)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def proxied_url(self) -> str:
        prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
        return f"{prefix.rstrip('/')}/proxy/{self.port}/"

    def stop(self) -> None:
        self.server.shutdown()  # waits for serve_forever to return
        self.server.server_close()
        self.thread.join(STOP_TIMEOUT_S)

    def _repr_html_(self) -> str:
        return page_html(self, path="/", height=320)


class QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler without its access log: each request would print a timestamped
    line to stderr, below whichever cell is running when the browser asks."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


#: Running servers by the port they were asked for (the key a re-run finds).
_running: dict[int, Served] = {}
_lock = threading.Lock()


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def _free_port(start: int) -> int:
    for port in range(start, start + PORT_SEARCH):
        if _port_is_free(port):
            return port
    raise OSError(f"no free port in {start}..{start + PORT_SEARCH - 1} on {HOST}")


def via_proxy() -> bool:
    """Whether the browser reaches the kernel's ports only through Jupyter's proxy."""
    return os.environ.get("COURSE_SERVE_VIA") == "proxy" or "JUPYTERHUB_SERVICE_PREFIX" in (
        os.environ
    )


def page_html(served: Served, *, path: str, height: int) -> str:
    """A link to the app and the page itself in an iframe, as the output of a cell."""
    base = served.proxied_url() if via_proxy() else served.url
    target = html.escape(base + path.lstrip("/"), quote=True)
    return (
        f"<p>Serving {html.escape(served.name)} at "
        f'<a href="{target}" target="_blank">{target}</a> '
        "(run the cell again to restart it; "
        f"<code>from helpers import stop; stop({served.port})</code> stops it)</p>"
        f'<iframe src="{target}" width="100%" height="{height}" '
        'style="border: 1px solid #ccc; border-radius: 4px"></iframe>'
    )


def serve(app: Any, port: int, *, path: str = "/", height: int = 320, show: bool = True) -> Served:
    """Serve ``app`` on 127.0.0.1:``port`` in a background thread and show it below the cell.

    A server already started on ``port`` by an earlier ``serve`` is stopped first. The
    app is wrapped in ``ProxyFix(x_prefix=1)`` (see the module's docstring), not changed.
    Returns the running server; ``show=False`` displays nothing.
    """
    with _lock:
        previous = _running.pop(port, None)
        if previous is not None:
            previous.stop()
        wanted = port + int(os.environ.get(PORT_OFFSET_VARIABLE, "0"))
        bound = wanted if _port_is_free(wanted) else _free_port(wanted + 1)
        server = make_server(
            HOST,
            bound,
            ProxyFix(app, x_prefix=1),
            threaded=True,
            request_handler=QuietRequestHandler,
        )
        name = getattr(app, "name", type(app).__name__)
        name = "the app" if name == "__main__" else name  # every notebook app's import name
        thread = threading.Thread(
            target=server.serve_forever, args=(POLL_S,), name=f"serve-{bound}", daemon=True
        )
        served = Served(name=name, port=bound, server=server, thread=thread)
        thread.start()
        _running[port] = served
    if show:
        _display(served, path=path, height=height, moved_from=wanted if bound != wanted else None)
    return served


def _display(served: Served, *, path: str, height: int, moved_from: int | None) -> None:
    from IPython.display import display

    note = f"Port {moved_from} was taken, so: " if moved_from else ""
    text = f"{note}serving {served.name} at {served.url}{path.lstrip('/')}"
    page = page_html(served, path=path, height=height)
    display({"text/plain": text, "text/html": page}, raw=True)


def stop(port: int) -> bool:
    """Stop the server ``serve`` started for ``port``; False if there was none."""
    with _lock:
        served = _running.pop(port, None)
    if served is None:
        return False
    served.stop()
    return True


def stop_all() -> int:
    """Stop every server ``serve`` started in this kernel; how many there were."""
    with _lock:
        running = list(_running.values())
        _running.clear()
    for served in running:
        served.stop()
    return len(running)


def running() -> dict[int, Served]:
    """The servers running now, by the port they were asked for."""
    with _lock:
        return dict(_running)
