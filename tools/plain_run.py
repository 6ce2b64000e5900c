"""Execute a notebook's code as plain Python, without Jupyter: the benchmark's floor.

    python -m tools.plain_run notebooks/01_flash.ipynb

Each code cell runs in one shared namespace, in order, in the notebook's folder, as
``__main__``. Any error fails (expected errors are caught by ``helpers.expect``).
Output goes to /dev/null-like sinks: the point is the time the course's own code takes.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import types
from pathlib import Path

import nbformat


def run(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    os.chdir(path.parent)
    # A real module as __main__, as in a kernel: libraries that resolve annotations
    # (SQLAlchemy's Mapped[...]) look the module up in sys.modules.
    main = types.ModuleType("__main__")
    sys.modules["__main__"] = main
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        # dont_inherit: this file's `from __future__ import annotations` must not leak
        # into the cells (it would turn SQLAlchemy's Mapped[...] annotations into strings).
        code = compile(cell.source, f"<{path.name} cell {index}>", "exec", dont_inherit=True)
        exec(code, main.__dict__)


def main(argv: list[str]) -> int:
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        for name in argv:
            run(Path(name).resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
