#!/usr/bin/env python3
"""One entry point for the course, runnable on a machine that has only Python and pip.

    python3 course.py lab            install (once) and open the course in JupyterLab
    python3 course.py test [ARGS]    install (once) and run the whole test suite
    python3 course.py save [NB ...]  re-run notebooks top to bottom and re-save their outputs
    python3 course.py bench          time every notebook and list the slowest cells
    python3 course.py lint           ruff over helpers, tests, tools and notebooks
    python3 course.py nav [--check]  regenerate the contents notebook and navigation lines
    python3 course.py browser        run every notebook in JupyterLab in headless Chromium
    python3 course.py twice [NB ...] run each notebook's cells twice in one kernel
    python3 course.py export [DIR]   static HTML pages of the course (default build/html)
    python3 course.py drift          the suite on the newest releases, pins ignored

Each command first makes sure `.venv/` (or $COURSE_VENV) holds exactly the pins of
requirements.txt plus the `helpers` package installed in editable mode, so notebooks
import `helpers` plainly, from JupyterLab and from pytest alike. Standard library only:
this file runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("COURSE_VENV", ROOT / ".venv"))
STAMP = VENV / ".course-installed"
INSTALL_INPUTS = ("requirements.txt", "pyproject.toml")


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def install_fingerprint() -> str:
    """Hash of the files that decide what is installed, so a changed pin reinstalls."""
    digest = hashlib.sha256()
    for name in INSTALL_INPUTS:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_installed() -> Path:
    """Create the virtual environment and install the course into it, once per pin set."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs on any python3
        sys.exit(f"The course needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python = venv_python()
    if not python.exists():
        print(f"Creating a virtual environment in {VENV.name}/ ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    fingerprint = install_fingerprint()
    if STAMP.exists() and STAMP.read_text() == fingerprint:
        return python
    print("Installing the course's pinned dependencies (first run only) ...", flush=True)
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-r", str(ROOT / "requirements.txt")], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    STAMP.write_text(fingerprint)
    return python


def run(python: Path, *args: str) -> int:
    """Run a tool inside the course's environment from the project root."""
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    return subprocess.run([str(python), *args], cwd=ROOT, env=env).returncode


def cmd_lab(python: Path, args: list[str]) -> int:
    as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    # Opens the contents notebook; extra arguments (e.g. --port=8899) go to JupyterLab.
    return run(python, "-m", "jupyter", "lab", *as_root, "notebooks/00_index.ipynb", *args)


def cmd_test(python: Path, args: list[str]) -> int:
    # One notebook per worker (loadscope keeps a notebook's cells on one kernel).
    return run(python, "-m", "pytest", "-n", "auto", "--dist", "loadscope", *args)


def cmd_save(python: Path, args: list[str]) -> int:
    return run(python, "tools/nbsave.py", *args)


def cmd_bench(python: Path, args: list[str]) -> int:
    return run(python, "tools/bench.py", *args)


def cmd_nav(python: Path, args: list[str]) -> int:
    return run(python, "tools/nav.py", *args)


def cmd_browser(python: Path, args: list[str]) -> int:
    return run(python, "-m", "pytest", "tests/browser", "-m", "browser", "-p", "no:xdist", *args)


def cmd_twice(python: Path, args: list[str]) -> int:
    return run(python, "tools/twice.py", *args)


def cmd_export(python: Path, args: list[str]) -> int:
    return run(python, "tools/export.py", *args)


def cmd_drift(python: Path, args: list[str]) -> int:
    # Builds its own environment from the unpinned names; needs none installed.
    return subprocess.run([sys.executable, str(ROOT / "tools/drift.py"), *args]).returncode


def cmd_lint(python: Path, args: list[str]) -> int:
    return run(python, "-m", "ruff", "check", *(args or ["."]))


COMMANDS = {
    "lab": cmd_lab,
    "test": cmd_test,
    "save": cmd_save,
    "bench": cmd_bench,
    "lint": cmd_lint,
    "nav": cmd_nav,
    "browser": cmd_browser,
    "twice": cmd_twice,
    "export": cmd_export,
    "drift": cmd_drift,
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    if argv[0] == "drift":
        return cmd_drift(Path(sys.executable), argv[1:])
    python = ensure_installed()
    return COMMANDS[argv[0]](python, argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
