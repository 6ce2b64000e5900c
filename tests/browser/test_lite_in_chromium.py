"""The browser edition (JupyterLite) in headless Chromium, with the network cut off.

    python3 course.py lite --test       build build/lite/, then run this
    python3 course.py browser -m lite   run this against the site already built

Marked ``lite`` (not ``browser``): each notebook starts Pyodide and installs the course's
wheels in the page, so the run takes minutes, more than CI's budget allows. Serves
build/lite/ on 127.0.0.1, aborts every request to any other host, opens each English
notebook and the Chinese 01_flash, runs Kernel → "Restart Kernel and Run All Cells…",
and fails a notebook that has a code cell without an execution count, an error or
anything on stderr, or that asked for something outside (the URLs are listed).
Screenshots land in build/browser-lite/.
"""

from __future__ import annotations

import pytest

from tools.jupyterlab_driver import chromium
from tools.lite import SITE
from tools.lite_browser import code_cells, run_notebook, serve_site, site_notebooks

pytestmark = pytest.mark.lite

#: The notebooks that do not run to the end in a browser yet, and why (README: "Run it in
#: your browser"). Strict: the day one runs to the end, this test says so.
STOPS = {
    "07_sqlalchemy.ipynb": "a relative SQLite path: Pyodide's sys.prefix is /, so Flask puts "
    "the instance folder in /var/; its models also hash passwords",
    "09_login.ipynb": "password hashing: no hashlib.scrypt or pbkdf2_hmac in Pyodide",
    "12_admin.ipynb": "password hashing: no hashlib.scrypt or pbkdf2_hmac in Pyodide",
    "14_project.ipynb": "the project starts a thread (and hashes passwords)",
}
NOTEBOOKS = [
    pytest.param(name, marks=pytest.mark.xfail(reason=STOPS[name], strict=True))
    if name in STOPS
    else name
    for name in [name for name in site_notebooks() if "/" not in name] + ["zh/01_flash.ipynb"]
]


@pytest.fixture(scope="module")
def site_url():
    if not (SITE / "jupyter-lite.json").exists():
        pytest.fail("build/lite/ is not built: run `python3 course.py lite --test`")
    with serve_site() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_run_all_in_jupyterlite_offline(site_url: str, browser, name: str) -> None:
    result = run_notebook(browser, site_url, name, code_cells(SITE / "files" / name))
    print(result.summary())
    assert result.passed, result.summary()
