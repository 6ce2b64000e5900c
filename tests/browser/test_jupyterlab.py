"""Every notebook, run in JupyterLab in a real browser as a learner runs it.

    python3 course.py browser

Starts JupyterLab on 127.0.0.1 (token auth, a free port) serving copies of the
notebooks, opens each in headless Chromium, clicks Kernel → "Restart Kernel and Run
All Cells…", and checks what the page shows: every code cell got an execution count,
errors appear only in cells tagged ``raises-exception``, every Mermaid diagram rendered.
A screenshot per notebook lands in build/browser/ for a failure report.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from conftest import NOTEBOOKS, ROOT

sys.path.insert(0, str(ROOT / "tools"))
from lab import chromium, jupyterlab, run_in_browser

pytestmark = pytest.mark.browser
SCREENSHOTS = ROOT / "build" / "browser"
RAISES_TAG = "raises-exception"


@pytest.fixture(scope="module")
def lab():
    with jupyterlab(NOTEBOOKS) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


def tagged_to_raise(path: Path) -> list[int]:
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    return [i for i, cell in enumerate(code) if RAISES_TAG in cell.metadata.get("tags", [])]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_restart_and_run_all_in_jupyterlab(lab, browser, path: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        result = run_in_browser(page, lab, path)
    finally:
        page.screenshot(path=str(SCREENSHOTS / f"{path.stem}.png"), full_page=True)
        page.close()
        lab.shutdown_kernels()
    assert all(prompt[1:-2].isdigit() for prompt in result.prompts), result.prompts
    assert result.error_cells == tagged_to_raise(path), (
        f"cells with errors {result.error_cells}, cells tagged to raise {tagged_to_raise(path)}"
    )
    assert len(result.mermaid_svgs) == result.mermaid_expected, (
        f"{len(result.mermaid_svgs)} of {result.mermaid_expected} Mermaid diagrams rendered"
    )
