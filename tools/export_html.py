"""Export the executed course to a folder of static HTML pages, for readers without Jupyter.

    python3 course.py export [DIR]      default: build/html

Pages are nbconvert's "lab" template over the notebooks as stored (their outputs are
the validated ones). Links between notebooks become links between pages. Mermaid
diagrams are taken as JupyterLab itself renders them (SVG, through headless Chromium,
see tools/jupyterlab_driver.py) and embedded as images, so the pages need no network and no
JavaScript to show them. Without Chromium the pages fall back to nbconvert's own
Mermaid script, which renders diagrams only when the reader is online (a warning says so).
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbformat.v4 import new_markdown_cell, new_notebook

from tools.notebooks import ROOT, all_notebooks
from tools.translation import ZH_DIR

#: A link to a notebook of the same edition, the other edition (zh/…, ../…), or README.
NOTEBOOK_LINK = re.compile(r'href="((?:\.\./|zh/)?\d\d_[\w-]+)\.ipynb(#[^"]*)?"')
MERMAID_BLOCK = re.compile(
    r'<div class="jp-Mermaid">\s*<pre class="mermaid">.*?</pre>\s*</div>', re.DOTALL
)
MERMAID_SOURCE = re.compile(r"^```mermaid[ \t]*\n.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)
DEFAULT_TARGET = ROOT / "build" / "html"


def diagram_sources(path: Path) -> list[str]:
    """The notebook's Mermaid blocks (fence included), in order."""
    notebook = nbformat.read(path, as_version=4)
    return [
        block.group(0)
        for cell in notebook.cells
        if cell.cell_type == "markdown"
        for block in MERMAID_SOURCE.finditer(cell.source)
    ]


def rendered_diagrams(paths: list[Path]) -> dict[Path, list[str]] | None:
    """SVG data URIs of each notebook's Mermaid diagrams as JupyterLab renders them.

    Every diagram of every notebook goes into one scratch notebook, opened once: one
    page and one kernel, not one per notebook (30 with both editions).
    """
    from tools.jupyterlab_driver import chromium, jupyterlab, mermaid_svgs, open_notebook

    sources = {path: diagram_sources(path) for path in paths}
    cells = [new_markdown_cell(block) for blocks in sources.values() for block in blocks]
    if not cells:
        return {}
    kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    try:
        with tempfile.TemporaryDirectory(prefix="course-diagrams-") as tmp:
            sheet = Path(tmp) / "diagrams.ipynb"
            nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": kernelspec}), sheet)
            with jupyterlab([sheet]) as lab, chromium() as browser:
                page = browser.new_page()
                open_notebook(page, lab, sheet.name, len(cells))
                images = mermaid_svgs(page, len(cells))
                lab.shutdown_kernels()
    except RuntimeError as error:
        print(f"warning: diagrams not pre-rendered ({error}); pages render them online only")
        return None
    if len(images) != len(cells):
        print(f"warning: {len(images)} of {len(cells)} diagrams rendered; pages render online")
        return None
    diagrams, taken = {}, iter(images)
    for path, blocks in sources.items():
        diagrams[path] = [next(taken) for _ in blocks]
    return diagrams


def embed_diagrams(page: str, images: list[str]) -> str:
    """Replace each Mermaid source block, in order, with its rendered image."""
    blocks = iter(images)

    def replace(match: re.Match[str]) -> str:
        image = next(blocks, None)
        if image is None:
            return match.group(0)
        return f'<div class="jp-Mermaid jp-RenderedMermaid"><figure>{image}</figure></div>'

    # nbconvert's page script loads Mermaid from the web only if a source block is left.
    return MERMAID_BLOCK.sub(replace, page)


def export(target: Path, prerender: bool = True) -> list[Path]:
    """Both editions: the English pages in ``target``, the Chinese ones in ``target/zh``."""
    if target.exists():
        shutil.rmtree(target)
    editions = {target: all_notebooks(), target / "zh": sorted(ZH_DIR.glob("[0-9][0-9]_*.ipynb"))}
    everything = [path for paths in editions.values() for path in paths]
    diagrams = rendered_diagrams(everything) if prerender else None
    written = []
    for folder, paths in editions.items():
        if paths:
            written += export_edition(paths, folder, diagrams)
    return written


def export_edition(
    paths: list[Path], target: Path, diagrams: dict[Path, list[str]] | None
) -> list[Path]:
    exporter = HTMLExporter(template_name="lab")
    target.mkdir(parents=True)
    written = []
    for path in paths:
        page, _ = exporter.from_filename(str(path))
        page = NOTEBOOK_LINK.sub(r'href="\1.html\2"', page)
        if diagrams is not None:
            page = embed_diagrams(page, diagrams.get(path, []))
        out = target / f"{path.stem}.html"
        out.write_text(page, encoding="utf-8")
        written.append(out)
    shutil.copyfile(target / "00_index.html", target / "index.html")
    return written


def main(argv: list[str]) -> int:
    target = Path(argv[0]).resolve() if argv else DEFAULT_TARGET
    pages = export(target)
    shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
    print(f"wrote {len(pages)} pages to {shown}/ (open index.html)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
