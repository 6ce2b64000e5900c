"""Time every notebook as a learner's "Run All" would, and list the slowest cells.

    python3 course.py bench [NB ...]

Each notebook runs in its own fresh kernel, one after another; the kernel's start
is counted in the notebook's time. The budget: no cell over 1 second.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime

from nbrun import course_notebooks, execute

CELL_BUDGET_S = 1.0
SLOWEST_SHOWN = 3


def cell_seconds(cell) -> float:
    timing = cell.metadata.get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def first_line(cell) -> str:
    return next((line for line in cell.source.splitlines() if line.strip()), "")[:60]


def main(argv: list[str]) -> int:
    total = 0.0
    over_budget = []
    print(f"{'notebook':<26} {'seconds':>8}  slowest cells (seconds, first line)")
    for path in course_notebooks(argv):
        started = time.perf_counter()
        notebook = execute(path, record_timing=True)
        elapsed = time.perf_counter() - started
        total += elapsed
        code = [(i, c) for i, c in enumerate(notebook.cells) if c.cell_type == "code"]
        timed = sorted(((cell_seconds(c), i, c) for i, c in code), key=lambda t: t[0], reverse=True)
        slowest = "; ".join(
            f"{seconds:.2f} cell {i}: {first_line(c)}" for seconds, i, c in timed[:SLOWEST_SHOWN]
        )
        print(f"{path.name:<26} {elapsed:8.2f}  {slowest}")
        over_budget += [(path.name, i, s) for s, i, _ in timed if s > CELL_BUDGET_S]
    print(f"{'total':<26} {total:8.2f}")
    for name, index, seconds in over_budget:
        print(f"over the {CELL_BUDGET_S:.0f} s budget: {name} cell {index} took {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
