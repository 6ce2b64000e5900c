"""The HTML export: a page per notebook, links that resolve, diagrams embedded."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from tools.export_html import export
from tools.jupyterlab_driver import count_mermaid
from tools.notebooks import all_notebooks
from tools.translation import ZH_DIR

pytestmark = pytest.mark.browser
HREF = re.compile(r'href="([^"#:]+)(?:#[^"]*)?"')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("html")
    export(target)
    return target


def test_every_notebook_has_a_page_in_both_editions(site: Path) -> None:
    expected = {f"{path.stem}.html" for path in all_notebooks()} | {"index.html"}
    assert {page.name for page in site.glob("*.html")} == expected
    assert {page.name for page in (site / "zh").glob("*.html")} == expected


def test_links_between_pages_resolve(site: Path) -> None:
    for page in [*site.glob("*.html"), *(site / "zh").glob("*.html")]:
        text = page.read_text(encoding="utf-8")
        assert '.ipynb"' not in text, f"{page.name} still links to a notebook file"
        for target in HREF.findall(text):
            if target.endswith(".html"):
                resolved = page.parent / target
                assert resolved.exists(), f"{page.relative_to(site)} links to missing {target}"


def test_mermaid_diagrams_are_embedded_as_images_in_both_editions(site: Path) -> None:
    editions = [(path, site) for path in all_notebooks()]
    editions += [(path, site / "zh") for path in sorted(ZH_DIR.glob("[0-9][0-9]_*.ipynb"))]
    for path, folder in editions:
        expected = count_mermaid(nbformat.read(path, as_version=4))
        text = (folder / f"{path.stem}.html").read_text(encoding="utf-8")
        embedded = text.count('<div class="jp-Mermaid jp-RenderedMermaid"><figure><img')
        assert embedded == expected, f"{path.stem}: {embedded} of {expected} diagrams embedded"
        assert '<pre class="mermaid">' not in text, f"{path.stem}: a diagram left unrendered"
