"""Every notebook, run in JupyterLab in a real browser as a learner runs it.

    python3 course.py browser

Starts JupyterLab on 127.0.0.1 (token auth, a free port) serving copies of the
notebooks, opens each in headless Chromium, clicks Run → "Run All Cells" on the
kernel the notebook just started, and checks what the page shows: every code cell got
an execution count, no cell shows an error (expected errors are printed by
``helpers.expect``), every Mermaid diagram rendered.
A screenshot per notebook lands in build/browser/ for a failure report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import NOTEBOOKS, ROOT

from tools.jupyterlab_driver import chromium, jupyterlab, run_in_browser

pytestmark = pytest.mark.browser
SCREENSHOTS = ROOT / "build" / "browser"


@pytest.fixture(scope="module")
def lab():
    with jupyterlab(NOTEBOOKS) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_run_all_in_jupyterlab(lab, browser, path: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        result = run_in_browser(page, lab, path)
    finally:
        page.screenshot(path=str(SCREENSHOTS / f"{path.stem}.png"), full_page=True)
        page.close()
        lab.shutdown_kernels()
    assert all(prompt[1:-2].isdigit() for prompt in result.prompts), result.prompts
    assert result.error_cells == [], f"code cells showing an error: {result.error_cells}"
    assert len(result.mermaid_svgs) == result.mermaid_expected, (
        f"{len(result.mermaid_svgs)} of {result.mermaid_expected} Mermaid diagrams rendered"
    )
