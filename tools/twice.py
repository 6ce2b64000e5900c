"""Old tool, kept while notebooks are being edited: tests/test_run_all_anywhere.py now
runs every notebook twice in one kernel under papermill."""

import sys

import nbformat

from tools.notebooks import course_notebooks, execute, run_twice

failed = []
for path in course_notebooks(sys.argv[1:]):
    try:
        execute(run_twice(nbformat.read(path, as_version=4)), cwd=path.parent)
        print(f"{path.stem}: ran twice in one kernel")
    except Exception as error:
        failed.append(path.stem)
        print(f"{path.stem}: the second run failed:\n{str(error)[-1500:]}")
sys.exit(1 if failed else 0)
