"""Re-run notebooks top to bottom in a fresh kernel and save the outputs they produce.

    python3 course.py save                   every notebook
    python3 course.py save 01_flash          one (a stem or a path)

This is "Restart Kernel and Run All" then "Save", with the run's timestamps and
machine details stripped, so the stored outputs are the ones nbval compares against.
"""

from __future__ import annotations

import sys
import time

import nbformat

from tools.notebooks import course_notebooks, execute, normalise


def main(argv: list[str]) -> int:
    for path in course_notebooks(argv):
        started = time.perf_counter()
        notebook = execute(path)
        normalise(notebook)
        nbformat.validate(notebook)
        nbformat.write(notebook, path)
        print(f"saved {path.name} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
