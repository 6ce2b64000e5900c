"""Export the executed course to a folder of static HTML pages, for readers without Jupyter.

    python3 course.py export [DIR]      default: build/html

Pages are nbconvert's "lab" template over the notebooks as stored (their outputs are
the validated ones). Links between notebooks become links between pages. Mermaid
diagrams are taken as JupyterLab itself renders them (SVG, through headless Chromium,
see tools/lab.py) and embedded as images, so the pages need no network and no
JavaScript to show them. Without Chromium the pages fall back to nbconvert's own
Mermaid script, which renders diagrams only when the reader is online (a warning says so).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from tools.notebooks import ROOT, all_notebooks
from tools.translation import ZH_DIR

#: A link to a notebook of the same edition, the other edition (zh/…, ../…), or README.
NOTEBOOK_LINK = re.compile(r'href="((?:\.\./|zh/)?\d\d_[\w-]+)\.ipynb(#[^"]*)?"')
MERMAID_BLOCK = re.compile(
    r'<div class="jp-Mermaid">\s*<pre class="mermaid">.*?</pre>\s*</div>', re.DOTALL
)
DEFAULT_TARGET = ROOT / "build" / "html"


def rendered_diagrams(paths: list[Path]) -> dict[str, list[str]] | None:
    """SVG data URIs of each notebook's Mermaid diagrams as JupyterLab renders them."""
    from tools.jupyterlab_driver import (
        chromium,
        count_mermaid,
        jupyterlab,
        markdown_cells,
        mermaid_svgs,
        open_notebook,
    )

    wanted = [p for p in paths if count_mermaid(nbformat.read(p, as_version=4))]
    if not wanted:
        return {}
    try:
        with jupyterlab(wanted) as lab, chromium() as browser:
            diagrams = {}
            for path in wanted:
                notebook = nbformat.read(path, as_version=4)
                page = browser.new_page()
                open_notebook(page, lab, path.name, markdown_cells(notebook))
                diagrams[path.stem] = mermaid_svgs(page, count_mermaid(notebook))
                page.close()
                lab.shutdown_kernels()
            return diagrams
    except RuntimeError as error:
        print(f"warning: diagrams not pre-rendered ({error}); pages render them online only")
        return None


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
    written = export_edition(all_notebooks(), target, prerender)
    chinese = sorted(ZH_DIR.glob("[0-9][0-9]_*.ipynb"))
    if chinese:
        written += export_edition(chinese, target / "zh", prerender)
    return written


def export_edition(paths: list[Path], target: Path, prerender: bool) -> list[Path]:
    diagrams = rendered_diagrams(paths) if prerender else None
    exporter = HTMLExporter(template_name="lab")
    target.mkdir(parents=True)
    written = []
    for path in paths:
        page, _ = exporter.from_filename(str(path))
        page = NOTEBOOK_LINK.sub(r'href="\1.html\2"', page)
        if diagrams is not None:
            page = embed_diagrams(page, diagrams.get(path.stem, []))
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
