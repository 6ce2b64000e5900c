"""A served app inside JupyterLab: the learner submits the form in the embedded page.

    python3 course.py browser

Opens 01_flash in JupyterLab in headless Chromium, runs every cell, finds the page that
``helpers.serve()`` embedded below its cell, types a bad amount into the transfer form,
submits it, and sees the flashed message; a reload shows it is gone.
"""

from __future__ import annotations

import pytest
from conftest import NOTEBOOKS

from tools.jupyterlab_driver import chromium, jupyterlab, run_in_browser

pytestmark = pytest.mark.browser
FLASH = next(path for path in NOTEBOOKS if path.stem == "01_flash")


@pytest.fixture(scope="module")
def lab():
    with jupyterlab([FLASH]) as running:
        yield running


@pytest.fixture(scope="module")
def page(lab):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        result = run_in_browser(page, lab, FLASH)
        assert result.error_cells == [], result.error_cells
        yield page
        page.close()
        lab.shutdown_kernels()


def test_the_served_form_flashes_once(lab, page) -> None:
    port = 5001 + lab.port_offset  # the port 01 serves on, moved as this lab's kernels move it
    frame_element = page.wait_for_selector(f'iframe[src$=":{port}/result"]', timeout=30_000)
    frame_element.scroll_into_view_if_needed()
    frame = frame_element.content_frame()
    frame.wait_for_selector("form input[name=amount]", timeout=30_000)
    frame.fill("input[name=amount]", "abc")
    frame.click("form button")
    frame.wait_for_selector("li.flash.error", timeout=30_000)
    assert "转账失败" in frame.inner_text("li.flash.error")
    frame.goto(frame.url)  # reload the page inside the iframe
    frame.wait_for_selector("p", timeout=30_000)
    assert frame.inner_text("p") == "No messages."
    assert frame.query_selector("li.flash") is None
