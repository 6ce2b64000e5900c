"""Time the course: per notebook and cell, and the validation against its plain floor.

    python3 course.py bench [NB ...]          the per-notebook table, then the comparison
    python3 course.py bench --table [NB ...]  the table only

The table runs each notebook in a fresh kernel, one after another (the kernel's start
counts in the notebook's time), and lists its slowest cells; the budget is 1 s a cell.

The comparison, in one run:
- the plain floor: each notebook's code as plain Python, one process per notebook
  (tools/plain_run.py), first one after another, then as many at a time as there are
  cores (what a parallel run could at best achieve);
- nbval serially (``pytest -p no:xdist``) and in parallel (``-n auto --dist loadscope``,
  the README's test command), each as wall time, with their ratios to the floors.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from tools.notebooks import ROOT, course_notebooks, execute

CELL_BUDGET_S = 1.0
SLOWEST_SHOWN = 3
CORES = os.cpu_count() or 1


def cell_seconds(cell) -> float:
    timing = cell.metadata.get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def first_line(cell) -> str:
    return next((line for line in cell.source.splitlines() if line.strip()), "")[:50]


def table(paths: list[Path]) -> None:
    total = 0.0
    over_budget = []
    print(f"{'notebook':<22} {'seconds':>8}  slowest cells (seconds, cell index: first line)")
    for path in paths:
        started = time.perf_counter()
        notebook = execute(path, record_timing=True)
        elapsed = time.perf_counter() - started
        total += elapsed
        code = [(i, c) for i, c in enumerate(notebook.cells) if c.cell_type == "code"]
        timed = sorted(((cell_seconds(c), i, c) for i, c in code), key=lambda t: t[0], reverse=True)
        slowest = "; ".join(f"{s:.2f} {i}: {first_line(c)}" for s, i, c in timed[:SLOWEST_SHOWN])
        print(f"{path.stem:<22} {elapsed:8.2f}  {slowest}")
        over_budget += [(path.stem, i, s) for s, i, _ in timed if s > CELL_BUDGET_S]
    print(f"{'total':<22} {total:8.2f}")
    for name, index, seconds in over_budget:
        print(f"over the {CELL_BUDGET_S:.0f} s budget: {name} cell {index}: {seconds:.2f} s")


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def plain_floor(paths: list[Path], workers: int) -> float:
    """Wall time of every notebook's code as plain Python, ``workers`` processes at a time."""
    commands = [[sys.executable, "-m", "tools.plain_run", str(path)] for path in paths]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(wall, commands))
    return time.perf_counter() - started


def comparison(paths: list[Path]) -> None:
    files = [str(path) for path in paths]
    pytest = [sys.executable, "-m", "pytest", "-q", "--no-header"]
    floor_serial = plain_floor(paths, 1)
    floor_parallel = plain_floor(paths, CORES)
    serial = wall([*pytest, "-p", "no:xdist", *files])
    parallel = wall([*pytest, "-n", "auto", "--dist", "loadscope", *files])
    print(f"\n{len(paths)} notebooks on {CORES} cores, wall-clock seconds:")
    print(f"  plain floor, one process per notebook, serially   {floor_serial:7.2f}")
    print(f"  plain floor, {CORES} processes at a time               {floor_parallel:7.2f}")
    print(
        f"  nbval serially (-p no:xdist)                      {serial:7.2f}"
        f"  = {serial / floor_serial:.2f}x the serial floor"
    )
    print(
        f"  nbval in parallel (-n auto --dist loadscope)      {parallel:7.2f}"
        f"  = {parallel / floor_parallel:.2f}x the parallel floor,"
        f" {serial / parallel:.2f}x faster than serial"
    )


def main(argv: list[str]) -> int:
    table_only = "--table" in argv
    paths = course_notebooks([arg for arg in argv if arg != "--table"])
    table(paths)
    if not table_only:
        comparison(paths)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
