"""Generate the contents notebook and the navigation lines of every topic notebook.

    python3 course.py nav            write notebooks/00_index.ipynb and every nav line
    python3 course.py nav --check    exit 1 if anything is stale or missing (the test does this)

The list of notebooks is the files `notebooks/NN_*.ipynb` themselves, so a new notebook
is picked up by running this once; the test fails until it has been. Navigation cells
are Markdown cells tagged ``navigation``, first and last in each notebook, with
relative links that work in JupyterLab and in the HTML export alike.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
from nbrun import KERNELSPEC

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
INDEX = NOTEBOOKS / "00_index.ipynb"
NAV_TAG = "navigation"
TITLE = re.compile(r"^# (.+)$", re.MULTILINE)
LEARN = re.compile(r"\*\*What you will learn:?\*\*:?\s*(.+?)(?:\n\n|$)", re.DOTALL)
INDEX_INTRO = """\
# Flask, from the notes to today (Flask 学习笔记)

A runnable course built on a set of Chinese study notes on Flask. Each notebook shows
the notes' code as written, what today's Flask and its extensions do with it, and the
current way, with every claim backed by a cell you can run.

**How to use it:** open a notebook, then *Kernel → Restart Kernel and Run All Cells…*,
and read top to bottom. Every app runs in memory through Flask's test client; nothing
else needs to be installed. Servers for the session stores are in-memory fakes unless
you set `REDIS_URL`, `MEMCACHED_SERVERS`, `MONGODB_URL` or `DATABASE_URL` (see the README).
"""


def topic_notebooks() -> list[Path]:
    return sorted(path for path in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb") if path != INDEX)


def is_nav(cell: nbformat.NotebookNode) -> bool:
    return NAV_TAG in cell.get("metadata", {}).get("tags", [])


def title_of(notebook: nbformat.NotebookNode) -> str:
    for cell in notebook.cells:
        match = TITLE.search(cell.source) if cell.cell_type == "markdown" else None
        if match and not is_nav(cell):
            return match.group(1).strip()
    return "(untitled)"


def summary_of(notebook: nbformat.NotebookNode) -> str:
    first = next((c for c in notebook.cells if c.cell_type == "markdown" and not is_nav(c)), None)
    match = LEARN.search(first.source) if first else None
    return " ".join(match.group(1).split()) if match else ""


def nav_line(previous: tuple[Path, str] | None, following: tuple[Path, str] | None) -> str:
    parts = []
    if previous:
        parts.append(f"[← {previous[1]}]({previous[0].name})")
    parts.append(f"[Contents]({INDEX.name})")
    if following:
        parts.append(f"[{following[1]} →]({following[0].name})")
    return " · ".join(parts)


def nav_cell(source: str, cell_id: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(source, metadata={"tags": [NAV_TAG]})
    cell.id = cell_id
    return cell


def with_navigation(notebook: nbformat.NotebookNode, line: str) -> nbformat.NotebookNode:
    """The notebook with exactly one navigation cell first and one last."""
    body = [cell for cell in notebook.cells if not is_nav(cell)]
    notebook.cells = [nav_cell(line, "navigation-top"), *body, nav_cell(line, "navigation-bottom")]
    return notebook


def index_notebook(entries: list[tuple[Path, str, str]]) -> nbformat.NotebookNode:
    lines = ["## Notebooks (目录)", ""]
    for path, title, summary in entries:
        lines.append(f"- [{title}]({path.name})" + (f": {summary}" if summary else ""))
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    cells = [nbformat.v4.new_markdown_cell(text) for text in (INDEX_INTRO, "\n".join(lines))]
    for number, cell in enumerate(cells):
        cell.id = f"index-{number}"
    notebook.cells = cells
    return notebook


def planned() -> dict[Path, str]:
    """What every generated file should contain, as JSON text."""
    paths = topic_notebooks()
    notebooks = {path: nbformat.read(path, as_version=4) for path in paths}
    titled = [(path, title_of(notebooks[path])) for path in paths]
    files = {
        INDEX: nbformat.writes(
            index_notebook([(p, t, summary_of(notebooks[p])) for p, t in titled])
        )
    }
    for position, (path, _) in enumerate(titled):
        previous = titled[position - 1] if position else None
        following = titled[position + 1] if position + 1 < len(titled) else None
        notebook = with_navigation(notebooks[path], nav_line(previous, following))
        files[path] = nbformat.writes(notebook)
    return files


def stale() -> list[Path]:
    """The generated files whose content on disk differs from what they should be."""
    return [
        path
        for path, text in planned().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text + "\n"
    ]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        outdated = stale()
        for path in outdated:
            print(f"stale navigation: {path.name} (run: python3 course.py nav)")
        return 1 if outdated else 0
    for path, text in planned().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text + "\n":
            path.write_text(text + "\n", encoding="utf-8")
            print(f"wrote {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
