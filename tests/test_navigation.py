"""Navigation is generated (tools/nav.py); this fails when it is stale or missing."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import nav


def test_index_and_navigation_lines_are_current() -> None:
    outdated = [path.name for path in nav.stale()]
    assert not outdated, f"stale navigation in {outdated}: run `python3 course.py nav`"


def test_every_topic_notebook_is_in_the_index() -> None:
    index = nav.INDEX.read_text(encoding="utf-8")
    missing = [path.name for path in nav.topic_notebooks() if f"({path.name})" not in index]
    assert not missing, f"not linked from 00_index.ipynb: {missing}"


def test_navigation_links_point_to_existing_notebooks() -> None:
    import re

    import nbformat

    for path in nav.topic_notebooks():
        notebook = nbformat.read(path, as_version=4)
        first, last = notebook.cells[0], notebook.cells[-1]
        assert nav.is_nav(first) and nav.is_nav(last), f"{path.name}: no navigation cell"
        for target in re.findall(r"\]\(([^)]+)\)", first.source):
            assert (path.parent / target).exists(), f"{path.name} links to missing {target}"
