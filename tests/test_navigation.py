"""Navigation, the contents notebook and the README's table are generated
(tools/navigation.py); this fails when any of them is stale or missing."""

from __future__ import annotations

import re

import nbformat

from tools import navigation
from tools.notebooks import INDEX, topic_notebooks


def test_index_navigation_and_readme_table_are_current() -> None:
    outdated = [path.name for path in navigation.stale()]
    assert not outdated, f"stale: {outdated}: run `python3 course.py nav`"


def test_every_topic_notebook_is_in_the_index() -> None:
    index = INDEX.read_text(encoding="utf-8")
    missing = [path.name for path in topic_notebooks() if f"({path.name})" not in index]
    assert not missing, f"not linked from 00_index.ipynb: {missing}"


def test_navigation_links_point_to_existing_notebooks() -> None:
    for path in topic_notebooks():
        notebook = nbformat.read(path, as_version=4)
        first, last = notebook.cells[0], notebook.cells[-1]
        assert navigation.is_nav(first) and navigation.is_nav(last), f"{path.name}: no nav cell"
        for target in re.findall(r"\]\(([^)]+)\)", first.source):
            assert (path.parent / target).exists(), f"{path.name} links to missing {target}"
