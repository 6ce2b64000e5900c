"""What every tool and test knows about the course's notebooks, defined once.

Where the project and its notebooks are, which notebooks exist and in what order, the
cell tags the course uses, and how a notebook is run ("Restart Kernel and Run All")
and normalised before it is saved.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
INDEX = NOTEBOOK_DIR / "00_index.ipynb"
#: Cell tags: the generated navigation lines, and a cell that shows, once, how a helper works.
NAV_TAG = "navigation"
MECHANISM_TAG = "mechanism"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
#: A traceback frame's file as the author's machine had it: the virtual environment's
#: site-packages or the interpreter's standard library. Learners see "flask/app.py".
INSTALL_PREFIX = re.compile(r"(?:~|/)[^\s'\"\x1b]*?/lib/python3\.\d+/(?:site-packages/)?")
CELL_TIMEOUT_S = 120


def all_notebooks() -> list[Path]:
    """Every ``notebooks/NN_*.ipynb``, the contents notebook first: the one list."""
    return sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


def topic_notebooks() -> list[Path]:
    """The topic notebooks in order, without the contents notebook."""
    return [path for path in all_notebooks() if path != INDEX]


def course_notebooks(names: list[str] | None = None) -> list[Path]:
    """The notebooks named (paths or stems), else every notebook in order."""
    if not names:
        return all_notebooks()
    found = []
    for name in names:
        path = Path(name)
        if not path.exists():
            path = NOTEBOOK_DIR / (name if name.endswith(".ipynb") else f"{name}.ipynb")
        if not path.exists():
            raise SystemExit(f"no notebook {name!r} (looked in {NOTEBOOK_DIR.name}/)")
        found.append(path.resolve())
    return found


def has_tag(cell: nbformat.NotebookNode, tag: str) -> bool:
    return tag in cell.get("metadata", {}).get("tags", [])


def execute(
    path: Path | nbformat.NotebookNode, *, record_timing: bool = False, cwd: Path | None = None
) -> nbformat.NotebookNode:
    """Run every cell in a fresh python3 kernel started in the notebook's folder (or ``cwd``).

    Any error stops the run, as it stops a learner's "Run All" in every front end.
    nbclient merges each cell's consecutive stream chunks (``coalesce_streams``): how a
    kernel splits its output into messages depends on timing.
    """
    notebook = path if isinstance(path, nbformat.NotebookNode) else nbformat.read(path, 4)
    folder = cwd or (NOTEBOOK_DIR if isinstance(path, nbformat.NotebookNode) else path.parent)
    notebook.metadata["kernelspec"] = KERNELSPEC
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=CELL_TIMEOUT_S,
        record_timing=record_timing,
        coalesce_streams=True,
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute()
    return notebook


def run_twice(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook with its cells twice over: "Run All", then "Run All" again, one kernel."""
    doubled = copy.deepcopy(notebook)
    doubled.cells = doubled.cells + copy.deepcopy(notebook.cells)
    for number, cell in enumerate(doubled.cells):
        cell.id = f"cell-{number}"  # ids must stay unique in the doubled notebook
    return doubled


def strip_install_paths(line: str) -> str:
    return INSTALL_PREFIX.sub("", line)


def normalise(notebook: nbformat.NotebookNode) -> None:
    """Drop what differs between machines, runs and editors: timings, the Python patch
    version, every cell metadata field but ``tags`` (what the pre-commit notebook cleaner
    keeps), and install paths in any stored traceback (a learner opening the file should
    read ``flask/app.py``, not the author's directories)."""
    notebook.metadata["kernelspec"] = KERNELSPEC
    notebook.metadata["language_info"] = {"name": "python"}
    for cell in notebook.cells:
        tags = cell.metadata.get("tags")
        cell.metadata = nbformat.NotebookNode({"tags": tags} if tags else {})
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            if output.output_type == "error":
                output.traceback = [strip_install_paths(line) for line in output.traceback]


def replace_between(text: str, start: str, end: str, new: str, where: str) -> str:
    """``text`` with everything from marker ``start`` to marker ``end`` replaced by ``new``
    (which carries the markers itself): how generated tables live inside README files."""
    before, found, rest = text.partition(start)
    _, ended, after = rest.partition(end)
    if not (found and ended):
        raise SystemExit(f"{where} needs the markers {start!r} and {end!r}")
    return before + new + after


def stale_files(files: dict[Path, str]) -> list[Path]:
    """The generated files whose text on disk differs from what they should be."""
    return [
        path
        for path, text in files.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def write_files(files: dict[Path, str]) -> None:
    """Write the generated files that changed, and say which."""
    for path in stale_files(files):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
