"""The pre-commit hooks are the project's: pinned like requirements.txt, and the notebook
cleaner keeps what the tests compare (a stored notebook is already clean)."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import NOTEBOOKS, ROOT

CONFIG = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
HOOKS = {hook["id"]: hook for repo in CONFIG["repos"] for hook in repo["hooks"]}
PINS = {
    line.split("==")[0]: line.strip()
    for line in (ROOT / "requirements.txt").read_text().splitlines()
    if "==" in line and not line.startswith("#")
}


def test_hooks_use_the_pinned_tools() -> None:
    assert set(HOOKS) == {"ruff-check", "ruff-format", "nb-clean"}
    for hook in HOOKS.values():
        for requirement in hook["additional_dependencies"]:
            name = requirement.split("==")[0]
            assert PINS.get(name) == requirement, f"{hook['id']}: {requirement} is not the pin"


def test_stored_notebooks_are_already_clean() -> None:
    command = shlex.split(HOOKS["nb-clean"]["entry"])
    assert command[:2] == ["nb-clean", "clean"]
    nb_clean = Path(sys.executable).parent / "nb-clean"
    result = subprocess.run(
        [str(nb_clean), "check", *command[2:], *map(str, NOTEBOOKS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
