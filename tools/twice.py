"""Run each notebook's cells twice in one kernel: "Run All" a second time must work.

    python3 course.py twice [NB ...]

A learner re-runs cells all the time. Apps built at import time, servers started
twice, or state left behind make a second run fail; this finds them. Only cells
tagged ``raises-exception`` may raise, on either pass.
"""

from __future__ import annotations

import copy
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbrun import course_notebooks, execute


def main(argv: list[str]) -> int:
    failed = []
    for path in course_notebooks(argv):
        notebook = nbformat.read(path, as_version=4)
        notebook.cells = notebook.cells + copy.deepcopy(notebook.cells)
        for number, cell in enumerate(notebook.cells):
            cell.id = f"cell-{number}"  # ids must stay unique in the doubled notebook
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            doubled = Path(tmp) / path.name
            nbformat.write(notebook, doubled)
            try:
                execute(doubled, cwd=path.parent)
            except Exception as error:  # the cell's error, as nbclient reports it
                failed.append(path.stem)
                print(f"{path.stem}: the second run failed:\n{str(error)[-1500:]}")
                continue
        print(f"{path.stem}: ran twice in one kernel ({time.perf_counter() - started:.1f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
