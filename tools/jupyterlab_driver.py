"""Drive JupyterLab in headless Chromium, as a learner would use the course.

Used by the browser test (tests/browser/) and by the HTML export (which takes the
Mermaid diagrams as JupyterLab rendered them). The browser is the system's Chromium
(Debian's `chromium` package); Playwright never downloads one.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat

from helpers.webserver import PORT_OFFSET_VARIABLE

CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
#: Flags for a root, offline, headless machine: no sandbox (root), no calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: JupyterLab settings for a test run: every cell in the DOM (no virtual scrolling),
#: no news or update checks (the machine may be offline).
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}
MERMAID_FENCE = re.compile(r"^```mermaid\s*$", re.MULTILINE)
RUN_TIMEOUT_S = 120
BROWSER_PORT_OFFSET = 3000


def serve_port_offset() -> int:
    """Where this JupyterLab's kernels move ``helpers.serve()`` ports: 3000 up, and 100
    more for each pytest-xdist worker, so that the notebooks' own nbval run (which
    stores the unmoved ports), papermill's (1000) and the exercise answers' (2000), and
    the other browser worker never meet on a port while CI runs them side by side."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    return BROWSER_PORT_OFFSET + 100 * int(worker or 0)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


#: JupyterLab's interface language, set like a learner sets it (Settings → Language).
LOCALE_SETTING = "@jupyterlab/translation-extension/plugin.jupyterlab-settings"
#: The "Run" menu and its "Run All Cells" in the English interface, and as the Chinese
#: language pack shows them (jupyterlab_language_pack_zh_CN 4.5.post3).
RUN_ALL_MENU = {"en": ("Run", "Run All Cells"), "zh": ("运行", "运行所有单元格")}


def _write_settings(settings_dir: Path, locale: str | None = None) -> None:
    settings = dict(LAB_SETTINGS)
    if locale:
        settings[LOCALE_SETTING] = {"locale": locale}
    for relative, values in settings.items():
        path = settings_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"JupyterLab did not answer within 60 s:\n{log.read_text()[-2000:]}")


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab: where it serves, its token, the folder it serves, and how far
    its kernels move the ports of ``helpers.serve()``."""

    url: str
    token: str
    root: Path
    port_offset: int = 0

    def notebook_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/{name}?reset&token={self.token}"

    def _api(self, method: str, path: str) -> object:
        request = urllib.request.Request(
            f"{self.url}/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Stop every kernel, so one notebook's kernel does not outlive its test."""
        for kernel in self._api("GET", "kernels"):
            self._api("DELETE", f"kernels/{kernel['id']}")


@contextmanager
def jupyterlab(notebooks: list[Path], locale: str | None = None) -> Iterator[Lab]:
    """Serve copies of ``notebooks`` with JupyterLab on 127.0.0.1; always shut it down.

    ``locale`` (e.g. ``zh_CN``) sets JupyterLab's own interface language.

    Copies, because running them in the browser changes them and JupyterLab autosaves:
    the course's stored outputs must stay the ones nbval compares against.
    """
    with tempfile.TemporaryDirectory(prefix="course-lab-") as tmp:
        work = Path(tmp)
        root, settings, workspaces = work / "notebooks", work / "settings", work / "workspaces"
        root.mkdir()
        for path in notebooks:
            shutil.copy2(path, root / path.name)
        _write_settings(settings, locale)
        port, token = free_port(), secrets.token_hex(16)
        log = work / "jupyterlab.log"
        offset = serve_port_offset()
        env = {
            **os.environ,
            "JUPYTERLAB_SETTINGS_DIR": str(settings),
            "JUPYTER_PLATFORM_DIRS": "1",
            PORT_OFFSET_VARIABLE: str(offset),
        }
        command = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            f"--LabApp.workspaces_dir={workspaces}",
            "--LabApp.expose_app_in_browser=True",  # run_all_cells() runs the menu's command
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")  # CI machines run as root
        with log.open("w") as log_file:
            process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT, env=env)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_until_up(f"{url}/api/status?token={token}", process, log)
            yield Lab(url, token, root, offset)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def chromium() -> Iterator[object]:
    """A headless system Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} not found: install Debian's 'chromium' package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class RunResult:
    """What the browser showed after "Run All Cells" on a fresh kernel."""

    prompts: list[str]
    error_cells: list[int]
    mermaid_expected: int
    mermaid_svgs: list[str]


def open_notebook(page, lab: Lab, name: str, markdown_cells: int) -> None:
    """Open a notebook and wait until its kernel is idle and its Markdown is rendered."""
    page.goto(lab.notebook_url(name))
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=60_000)
    _wait_for_idle(page)
    page.wait_for_function(
        """(n) => [...document.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown')]
            .filter(e => e.childElementCount > 0).length >= n""",  # rendered, not just there
        arg=markdown_cells,
        timeout=60_000,
    )


def _wait_for_idle(page, timeout_s: float = 60) -> None:
    page.wait_for_selector(
        ".jp-NotebookPanel-toolbar .jp-Toolbar-kernelStatus, .jp-Notebook-ExecutionIndicator",
        timeout=timeout_s * 1000,
    )
    page.wait_for_function(
        """() => {
            const el = document.querySelector('.jp-Notebook-ExecutionIndicator');
            return el && el.getAttribute('data-status') === 'idle';
        }""",
        timeout=timeout_s * 1000,
    )


#: True when the notebook in front has a connected, idle kernel and "Run All Cells" is
#: enabled: before that, the command does nothing or runs only part of the notebook.
NOTEBOOK_READY = """() => {
    const app = window.jupyterapp;
    const panel = app && app.shell.currentWidget;
    const kernel = panel && panel.sessionContext && panel.sessionContext.session
        && panel.sessionContext.session.kernel;
    return Boolean(kernel && panel.sessionContext.isReady
        && kernel.connectionStatus === 'connected' && kernel.status === 'idle'
        && app.commands.isEnabled('notebook:run-all-cells'));
}"""


def run_all_cells(page, language: str = "en") -> None:
    """Run → Run All Cells, on the kernel the notebook just started.

    The menu is opened and its item found by its label, as a learner finds it (in the
    Chinese interface, by the Chinese label); the command behind it runs once the
    notebook's kernel is connected and idle, through the app JupyterLab exposes to
    tests (``expose_app_in_browser``). Without that wait, on a loaded 2-core machine,
    a click ran none or only the first of the cells now and then, and "Restart Kernel
    and Run All Cells…" left the kernel "starting" with every cell queued (all seen in
    CI). Each test stops every kernel after it, so the kernel is fresh, as after a
    restart.
    """
    menu, item = RUN_ALL_MENU[language]
    page.click(f".lm-MenuBar-itemLabel:text-is('{menu}')")
    page.wait_for_selector(f".lm-Menu-itemLabel:text-is('{item}')")
    page.keyboard.press("Escape")
    page.wait_for_function(NOTEBOOK_READY, timeout=60_000)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")


def wait_for_run(page, code_cells: int) -> list[str]:
    """Wait until every code cell shows an execution count, then return the prompts.

    On a timeout the error says which cells never ran and what the kernel indicator
    shows, so a failure report points at the cell that hung (or at a lost "Run All").
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            """(n) => {
                const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                    .map(p => p.textContent.trim());
                const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
                return prompts.length === n && prompts.every(p => /^\\[\\d+\\]:$/.test(p))
                    && indicator && indicator.getAttribute('data-status') === 'idle';
            }""",
            arg=code_cells,
            timeout=RUN_TIMEOUT_S * 1000,
        )
    except PlaywrightTimeout:
        raise AssertionError(
            f"Run All did not finish in {RUN_TIMEOUT_S} s: {run_state(page)}"
        ) from None
    return prompts_of(page)


def prompts_of(page) -> list[str]:
    return page.eval_on_selector_all(
        ".jp-CodeCell .jp-InputPrompt", "els => els.map(e => e.textContent.trim())"
    )


def run_state(page) -> str:
    """Which code cells have not run (with their first line), and the kernel's status."""
    prompts = prompts_of(page)
    firsts = page.eval_on_selector_all(
        ".jp-CodeCell .jp-InputArea-editor",
        "els => els.map(e => (e.textContent || '').trim().split('\\n')[0].slice(0, 60))",
    )
    status = page.eval_on_selector(
        ".jp-Notebook-ExecutionIndicator", "el => el.getAttribute('data-status')"
    )
    pending = [
        f"#{index} {prompt or '[ ]:'} {first!r}"
        for index, (prompt, first) in enumerate(zip(prompts, firsts, strict=False))
        if not re.fullmatch(r"\[\d+\]:", prompt)
    ]
    return f"kernel {status}; {len(pending)} of {len(prompts)} code cells not run: {pending[:5]}"


def error_cells(page) -> list[int]:
    """Indexes (among code cells) whose outputs include an error or stderr rendering."""
    return page.eval_on_selector_all(
        ".jp-CodeCell",
        """cells => cells.flatMap((cell, i) =>
            cell.querySelector('[data-mime-type="application/vnd.jupyter.stderr"]') ? [i] : [])""",
    )


#: JupyterLab (4.1+) renders a Mermaid block as an <img> holding the SVG as a data URI.
MERMAID_IMAGE = '.jp-RenderedMermaid img[src^="data:image/svg+xml"]'


def mermaid_svgs(page, expected: int) -> list[str]:
    """The rendered Mermaid diagrams (``<img>`` elements with SVG data URIs), in order."""
    if expected:
        # On a timeout the caller compares counts and reports what did render.
        with contextlib.suppress(Exception):
            page.wait_for_function(
                "([sel, n]) => document.querySelectorAll(sel).length >= n",
                arg=[MERMAID_IMAGE, expected],
                timeout=30_000,
            )
    return page.eval_on_selector_all(MERMAID_IMAGE, "els => els.map(e => e.outerHTML)")


def markdown_cells(notebook: nbformat.NotebookNode) -> int:
    return sum(cell.cell_type == "markdown" for cell in notebook.cells)


def count_mermaid(notebook: nbformat.NotebookNode) -> int:
    return sum(
        len(MERMAID_FENCE.findall(cell.source))
        for cell in notebook.cells
        if cell.cell_type == "markdown"
    )


def run_in_browser(page, lab: Lab, path: Path) -> RunResult:
    """Open a notebook, restart and run all of it, and report what the page shows."""
    notebook = nbformat.read(path, as_version=4)
    code_cells = sum(cell.cell_type == "code" for cell in notebook.cells)
    open_notebook(page, lab, path.name, markdown_cells(notebook))
    prompts: list[str] = []
    if code_cells:
        run_all_cells(page)
        prompts = wait_for_run(page, code_cells)
    expected = count_mermaid(notebook)
    return RunResult(prompts, error_cells(page), expected, mermaid_svgs(page, expected))
