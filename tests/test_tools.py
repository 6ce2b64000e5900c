"""The tools' own parsers and patterns: what they strip, parse and generate."""

from __future__ import annotations

import nbformat
import pytest

from tools import navigation
from tools.drift import PIN, base_name
from tools.notebooks import run_twice, strip_install_paths


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            '  File "/work/main/.venv/lib/python3.11/site-packages/flask/app.py", line 9',
            '  File "flask/app.py", line 9',
        ),
        ("/root/.pyenv/versions/3.13.0/lib/python3.13/json/decoder.py", "json/decoder.py"),
        ("~/.venv/lib/python3.12/site-packages/werkzeug/local.py:519", "werkzeug/local.py:519"),
        ("Cell In[3], line 4: flash(value)", "Cell In[3], line 4: flash(value)"),
    ],
)
def test_install_paths_are_stripped(line: str, expected: str) -> None:
    assert strip_install_paths(line) == expected


@pytest.mark.parametrize(
    ("line", "name", "version"),
    [
        ("flask==3.1.3", "flask", "3.1.3"),
        ("psycopg[binary]==3.3.9", "psycopg[binary]", "3.3.9"),
        ("flask-sqlalchemy==3.1.1  # the ORM", "flask-sqlalchemy", "3.1.1"),
        ("typing_extensions==4.16.0; python_version < '3.12'", "typing_extensions", "4.16.0"),
    ],
)
def test_drift_reads_pins(line: str, name: str, version: str) -> None:
    match = PIN.match(line)
    assert match and match.groups() == (name, version)


@pytest.mark.parametrize("line", ["# flask==3.1.3", "flask>=3", "-e .", ""])
def test_drift_skips_what_is_not_a_pin(line: str) -> None:
    assert PIN.match(line) is None


def test_drift_base_name() -> None:
    assert base_name("psycopg[binary]") == "psycopg"
    assert base_name("Typing_Extensions") == "typing-extensions"


def notebook_with(*sources: str) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(source) for source in sources]
    return notebook


def test_navigation_reads_title_and_summary() -> None:
    notebook = notebook_with(
        "# 01 · Flash messages (闪现)\n\n**What you will learn:** how `flash()`\nworks.\n\nMore.",
    )
    assert navigation.title_of(notebook) == "01 · Flash messages (闪现)"
    assert navigation.summary_of(notebook) == "how `flash()` works."


def test_navigation_skips_its_own_cells_for_the_title() -> None:
    notebook = notebook_with("# not this", "# 02 · Hooks")
    notebook.cells[0].metadata["tags"] = [navigation.NAV_TAG]
    assert navigation.title_of(notebook) == "02 · Hooks"


def test_readme_table_replaces_only_between_markers() -> None:
    readme = f"intro\n{navigation.TABLE_START}\nold\n{navigation.TABLE_END}\nrest\n"
    table = navigation.readme_table([(navigation.INDEX, "T", "S")])
    assert navigation.readme_with_table(readme, table) == f"intro\n{table}\nrest\n"
    assert "| [00_index](notebooks/00_index.ipynb) | **T**: S |" in table


def test_run_twice_doubles_cells_with_unique_ids() -> None:
    doubled = run_twice(notebook_with("a", "b"))
    assert [cell.source for cell in doubled.cells] == ["a", "b", "a", "b"]
    assert len({cell.id for cell in doubled.cells}) == 4
