"""Run the whole suite against the newest releases of the course's direct dependencies.

    python3 course.py drift [--keep]

Installs every package named in requirements.txt without its pin (the newest release
the index has) into a temporary virtual environment, lists what moved past the pins,
runs the test suite there and reports which notebooks and tests break. Not part of CI:
its result depends on the day's releases. Standard library only (it builds its own
environment); ``--keep`` leaves that environment in place for a closer look.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import venv
import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+(?:\[[^\]]+\])?)==([^\s;#]+)")


def pinned() -> dict[str, str]:
    """``{requirement name (with extras): pinned version}`` from requirements.txt."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if match := PIN.match(line.strip()):
            pins[match.group(1)] = match.group(2)
    return pins


def base_name(requirement: str) -> str:
    return re.sub(r"\[.*\]", "", requirement).lower().replace("_", "-")


def installed_versions(python: Path) -> dict[str, str]:
    out = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=freeze"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pairs = (line.split("==") for line in out.splitlines() if "==" in line)
    return {name.lower().replace("_", "-"): version for name, version in pairs}


def failures_by_file(report: Path) -> Counter[str]:
    """Count failed and errored test cases per file in a JUnit XML report."""
    counts: Counter[str] = Counter()
    for case in ElementTree.parse(report).iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            where = case.get("file") or case.get("classname", "?")
            counts[where] += 1
    return counts


def main(argv: list[str]) -> int:
    keep = "--keep" in argv
    workdir = Path(tempfile.mkdtemp(prefix="course-drift-"))
    env_dir = workdir / "venv"
    python = env_dir / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    pins = pinned()
    try:
        print(f"newest releases of {len(pins)} direct dependencies, in a temporary environment")
        venv.EnvBuilder(with_pip=True).create(env_dir)
        pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, "--upgrade", *pins], check=True)
        subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
        newest = installed_versions(python)
        moved = [
            (name, pin, newest.get(base_name(name), "?"))
            for name, pin in pins.items()
            if newest.get(base_name(name)) != pin
        ]
        for name, pin, now in moved:
            print(f"  {name}: pinned {pin}, newest {now}")
        if not moved:
            print("  every pin is the newest release")
        report = workdir / "report.xml"
        command = [str(python), "-m", "pytest", "-q", "-n", "auto", "--dist", "loadscope"]
        junit = [f"--junitxml={report}", "-o", "junit_family=xunit1"]  # xunit1 names the file
        result = subprocess.run([*command, *junit], cwd=ROOT)
        broken = failures_by_file(report) if report.exists() else Counter()
        if result.returncode == 0:
            print("drift check: the whole suite passes on the newest releases")
            return 0
        print("drift check: these break on the newest releases (failing tests per file):")
        for where, count in sorted(broken.items()):
            print(f"  {where}: {count}")
        return 1
    finally:
        if keep:
            print(f"kept the environment in {env_dir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
