"""The README lists every notebook, and its Quick start is the two promised commands."""

from __future__ import annotations

from conftest import NOTEBOOKS, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_notebook_is_linked_from_the_readme() -> None:
    missing = [path.name for path in NOTEBOOKS if f"(notebooks/{path.name})" not in README]
    assert not missing, f"README.md does not link {missing}"


def test_quick_start_has_the_two_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line for line in quick_start.splitlines() if line.startswith("python3 ")]
    assert [command.split("#")[0].strip() for command in commands] == [
        "python3 course.py lab",
        "python3 course.py test",
    ]
