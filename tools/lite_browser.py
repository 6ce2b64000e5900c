"""Run the browser edition's notebooks in headless Chromium with the network cut off.

    python -m tools.lite_browser [NB ...]     report per notebook (build the site first)

Used by tests/browser/test_lite_in_chromium.py. The site in build/lite/ is served on 127.0.0.1 by
Python's own HTTP server in a thread; the page may load nothing from any other host:
every request to one is aborted and recorded (a site that needs the CDN or PyPI fails
the test and names the URL). Service workers are blocked so that no request can go
around that check, and the page is told it has none (``navigator.serviceWorker`` is
removed): Playwright's block lets the registration look successful, so JupyterLite
would mount the notebook folder into the kernel through a worker that never answers,
and a kernel started for a notebook in a subfolder (``zh/``) dies on its ``chdir``
there. Without service workers JupyterLite runs its kernel without the notebook
folder as its working directory, as in a private Firefox window; no lesson relies on
it (each works in a temporary folder).

A notebook is run as a learner runs it: opened, then Kernel → "Restart Kernel and Run
All Cells…" (JupyterLite's menu is JupyterLab's). It passes when every code cell got an
execution count and none shows an error or anything on stderr: the course prints its
expected errors with ``helpers.expect`` on stdout.
"""

from __future__ import annotations

import functools
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import nbformat

from tools.jupyterlab_driver import chromium
from tools.lite import SITE

LOOPBACK = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
#: Pyodide's start plus the set-up cell's installs, then the notebook itself.
RUN_TIMEOUT_S = 300
OPEN_TIMEOUT_S = 120


class QuietHandler(SimpleHTTPRequestHandler):
    """A static file server with the types module workers and WebAssembly need."""

    extensions_map = {  # noqa: RUF012 - the base class's own attribute, extended
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/octet-stream",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    """Chromium drops connections it no longer needs (a worker stopped by a kernel
    restart): not an error worth a traceback on the test's output."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_site(site: Path = SITE) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port) in a thread; yield its base URL."""
    if not (site / "jupyter-lite.json").exists():
        raise RuntimeError(f"{site} has no site: run `python3 course.py lite` first")
    handler = functools.partial(QuietHandler, directory=str(site))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="lite-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def is_loopback(url: str) -> bool:
    """Whether ``url`` stays on this machine (``data:`` and ``blob:`` URLs do too)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return (parts.hostname or "") in LOOPBACK or f"[{parts.hostname}]" in LOOPBACK


@dataclass
class CellResult:
    index: int
    prompt: str
    error: str | None


@dataclass
class NotebookResult:
    """What the page showed after "Run All", and what it tried to fetch from outside."""

    name: str
    code_cells: int
    cells: list[CellResult] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    seconds: float = 0.0
    timed_out: str | None = None

    @property
    def unrun(self) -> list[int]:
        return [c.index for c in self.cells if not c.prompt[1:-2].isdigit()]

    @property
    def errors(self) -> list[CellResult]:
        return [c for c in self.cells if c.error]

    @property
    def passed(self) -> bool:
        return (
            not self.timed_out
            and len(self.cells) == self.code_cells
            and not self.unrun
            and not self.errors
            and not self.blocked
        )

    def summary(self) -> str:
        state = "ran to the end" if self.passed else "FAILED"
        lines = [f"{self.name}: {state} ({self.code_cells} code cells, {self.seconds:.0f} s)"]
        if self.timed_out:
            lines.append(f"  timed out: {self.timed_out}")
        if self.unrun:
            lines.append(f"  code cells without an execution count: {self.unrun}")
        lines += [f"  code cell {c.index} {c.prompt}: {c.error}" for c in self.errors]
        lines += [f"  blocked request: {url}" for url in self.blocked]
        return "\n".join(lines)


#: A browser without service workers, for JupyterLite (see the module docstring).
NO_SERVICE_WORKER = "delete Navigator.prototype.serviceWorker;"
CELL_STATE = """() => [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell')].map(cell => {
    const prompt = cell.querySelector('.jp-InputPrompt');
    const bad = [...cell.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')];
    return [prompt ? prompt.textContent.trim() : '',
            bad.length ? bad.map(e => e.textContent).join('\\n').slice(-700) : null];
})"""
#: "Run All" is over: every code cell has its count and the kernel is idle, or a cell
#: shows an error or stderr, which fails the notebook ("Run All" stops at an error; the
#: cells after it keep their "[*]" and the kernel never reports idle).
FINISHED = """(n) => {
    const cells = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell')];
    const prompts = cells.map(c => (c.querySelector('.jp-InputPrompt') || {}).textContent || '')
        .map(p => p.trim());
    const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
    const idle = indicator && indicator.getAttribute('data-status') === 'idle';
    const started = prompts.some(p => /^\\[\\d+\\]:$/.test(p));
    const all = prompts.length === n && prompts.every(p => /^\\[\\d+\\]:$/.test(p));
    const stderr = '[data-mime-type="application/vnd.jupyter.stderr"]';
    const failed = cells.some(c => c.querySelector(stderr));
    return (idle && all) || (started && failed);
}"""
IDLE = """() => {
    const el = document.querySelector('.jp-Notebook-ExecutionIndicator');
    return el && el.getAttribute('data-status') === 'idle';
}"""


def run_notebook(browser, base_url: str, relative: str, code_cells: int) -> NotebookResult:
    """Open one notebook of the site in a fresh browser context and "Run All" of it."""
    result = NotebookResult(relative, code_cells)
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})

    def guard(route) -> None:
        if is_loopback(route.request.url):
            route.continue_()
        else:
            result.blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    context.add_init_script(NO_SERVICE_WORKER)
    page = context.new_page()
    started = time.monotonic()
    try:
        page.goto(f"{base_url}/lab/index.html?path={relative}")
        page.wait_for_selector(
            ".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=OPEN_TIMEOUT_S * 1000
        )
        page.wait_for_function(IDLE, timeout=OPEN_TIMEOUT_S * 1000)
        if not code_cells:  # the contents notebook: nothing to run
            return result
        page.click(".lm-MenuBar-itemLabel:text-is('Kernel')")
        page.click(".lm-Menu-itemLabel:text-is('Restart Kernel and Run All Cells…')")
        page.click(".jp-Dialog .jp-mod-accept")
        try:
            page.wait_for_function(FINISHED, arg=code_cells, timeout=RUN_TIMEOUT_S * 1000)
        except Exception as error:  # a timeout: report what did run
            result.timed_out = str(error).splitlines()[0]
        result.cells = [
            CellResult(index, prompt, error)
            for index, (prompt, error) in enumerate(page.evaluate(CELL_STATE))
        ]
    finally:
        result.seconds = time.monotonic() - started
        screenshots = SITE.parent / "browser-lite"
        screenshots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshots / f"{relative.replace('/', '_')}.png"), full_page=True)
        context.close()
    return result


def code_cells(path: Path) -> int:
    return sum(cell.cell_type == "code" for cell in nbformat.read(path, as_version=4).cells)


def site_notebooks(site: Path = SITE) -> list[str]:
    """The notebooks the site serves, relative to its root (``zh/01_flash.ipynb``)."""
    files = site / "files"
    return sorted(p.relative_to(files).as_posix() for p in files.rglob("[0-9][0-9]_*.ipynb"))


def main(argv: list[str]) -> int:
    wanted = [name if name.endswith(".ipynb") else f"{name}.ipynb" for name in argv]
    names = wanted or [n for n in site_notebooks() if "/" not in n]
    results = []
    with serve_site() as url, chromium() as browser:
        for name in names:
            result = run_notebook(browser, url, name, code_cells(SITE / "files" / name))
            print(result.summary(), flush=True)
            results.append(result)
    print(f"{sum(r.passed for r in results)} of {len(results)} notebooks ran to the end")
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
