"""Find and execute the course notebooks the way "Restart Kernel and Run All" does."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
#: A traceback frame's file as the author's machine had it: the virtual environment's
#: site-packages or the interpreter's standard library. Learners see "flask/app.py".
INSTALL_PREFIX = re.compile(r"(?:~|/)[^\s'\"\x1b]*?/lib/python3\.\d+/(?:site-packages/)?")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def course_notebooks(names: list[str] | None = None) -> list[Path]:
    """The notebooks named (paths or stems), else every ``notebooks/NN_*.ipynb`` in order."""
    if not names:
        return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    found = []
    for name in names:
        path = Path(name)
        if not path.exists():
            path = NOTEBOOKS / (name if name.endswith(".ipynb") else f"{name}.ipynb")
        if not path.exists():
            raise SystemExit(f"no notebook {name!r} (looked in {NOTEBOOKS.name}/)")
        found.append(path.resolve())
    return found


def execute(
    path: Path, *, record_timing: bool = False, cwd: Path | None = None
) -> nbformat.NotebookNode:
    """Run every cell in a fresh python3 kernel started in the notebook's folder (or ``cwd``).

    Only cells tagged ``raises-exception`` may raise; any other error stops the run,
    as it would stop a learner.
    """
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata["kernelspec"] = KERNELSPEC
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=120,
        record_timing=record_timing,
        resources={"metadata": {"path": str(cwd or path.parent)}},
    )
    client.execute()
    return notebook


def coalesce_streams(outputs: list) -> list:
    """Merge consecutive stdout (or stderr) chunks: how a kernel splits them into
    messages depends on timing, so without this a re-save changes the file for nothing."""
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and output.output_type == "stream"
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def normalise(notebook: nbformat.NotebookNode) -> None:
    """Drop what differs between machines and runs: timings, the Python patch version,
    stream chunking, and install paths in stored tracebacks (nbval never compares
    tracebacks; a learner opening the file should read ``flask/app.py``, not the
    author's directories)."""
    notebook.metadata["kernelspec"] = KERNELSPEC
    notebook.metadata["language_info"] = {"name": "python"}
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("collapsed", None)
        cell.outputs = coalesce_streams(cell.outputs)
        for output in cell.outputs:
            if output.output_type == "error":
                output.traceback = [INSTALL_PREFIX.sub("", line) for line in output.traceback]
