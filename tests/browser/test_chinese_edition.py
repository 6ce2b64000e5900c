"""The Chinese edition in a Chinese JupyterLab: opened, run top to bottom, no errors.

python3 course.py browser
"""

from __future__ import annotations

import re

import nbformat
import pytest

from tools.jupyterlab_driver import (
    chromium,
    error_cells,
    jupyterlab,
    markdown_cells,
    open_notebook,
    run_all_cells,
    wait_for_run,
)
from tools.translation import ZH_DIR

pytestmark = pytest.mark.browser
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_a_chinese_notebook_runs_in_a_chinese_jupyterlab() -> None:
    path = ZH_DIR / "01_flash.ipynb"
    notebook = nbformat.read(path, as_version=4)
    code_cells = sum(cell.cell_type == "code" for cell in notebook.cells)
    with jupyterlab([path], locale="zh_CN") as lab, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            open_notebook(page, lab, path.name, markdown_cells(notebook))
            menu = page.inner_text(".lm-MenuBar-content")
            assert CJK.search(menu), f"the menu bar is not in Chinese: {menu!r}"
            assert "闪现" in page.inner_text(".jp-MarkdownCell .jp-RenderedMarkdown >> nth=1")
            run_all_cells(page, "zh")
            prompts = wait_for_run(page, code_cells)
            assert all(prompt[1:-2].isdigit() for prompt in prompts), prompts
            assert error_cells(page) == []
        finally:
            page.close()
            lab.shutdown_kernels()
