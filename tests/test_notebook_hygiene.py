"""The project's own notebook hygiene: what makes a stored notebook a valid regression test.

nbval compares each cell's fresh output with the stored one, so the stored outputs
must come from one clean top-to-bottom run and hold nothing that changes between
runs or machines. These checks read the files; they run nothing.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from conftest import NOTEBOOKS

RAISES_TAG = "raises-exception"
NAV_TAG = "navigation"
MECHANISM_TAG = "mechanism"
MACHINE_PATH = re.compile(
    r"(/tmp/|/root/|/home/|/Users/|/var/folders/|/work/|site-packages|[A-Z]:\\\\)"
)
MEMORY_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")
#: Boilerplate that belongs in helpers/ (04_session_stores shows warning capture once).
PLUMBING = re.compile(r"%xmode|get_ipython\(|run_line_magic|warnings\.catch_warnings")


def output_text(output: nbformat.NotebookNode) -> str:
    if output.output_type == "stream":
        return output.text
    if output.output_type == "error":
        return f"{output.ename}: {output.evalue}\n" + "\n".join(output.traceback)
    return "\n".join(str(value) for value in output.get("data", {}).values())


def code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


@pytest.fixture(params=NOTEBOOKS, ids=lambda path: path.name)
def notebook(request: pytest.FixtureRequest) -> nbformat.NotebookNode:
    return nbformat.read(request.param, as_version=4)


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, "no notebooks/NN_*.ipynb found"


def test_opens_with_a_markdown_title(notebook: nbformat.NotebookNode) -> None:
    """The title cell comes first (after the generated navigation line, if any)."""
    cells = [cell for cell in notebook.cells if NAV_TAG not in cell.metadata.get("tags", [])]
    assert cells and cells[0].cell_type == "markdown", "the notebook must open with Markdown"
    assert re.search(r"^# \S", cells[0].source, re.MULTILINE), "the first cell needs a '# ' title"


def test_kernelspec_is_python3(notebook: nbformat.NotebookNode) -> None:
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3"


def test_every_code_cell_ran_once_in_order(notebook: nbformat.NotebookNode) -> None:
    counts = [cell.execution_count for cell in code_cells(notebook)]
    never = [index for index, count in enumerate(counts, 1) if count is None]
    assert not never, f"code cells never executed: {never}"
    assert counts == list(range(1, len(counts) + 1)), f"execution counts are {counts}"


def test_no_execution_timestamps(notebook: nbformat.NotebookNode) -> None:
    stamped = [i for i, cell in enumerate(notebook.cells) if "execution" in cell.metadata]
    assert not stamped, f"cells with execution timestamps in metadata: {stamped}"


def test_no_error_outputs(notebook: nbformat.NotebookNode) -> None:
    """VS Code, Colab, JupyterLite and papermill stop "Run All" at the first error output:
    a mistake is shown with ``helpers.expect``, which prints it and goes on."""
    for index, cell in enumerate(code_cells(notebook), 1):
        tags = cell.metadata.get("tags", [])
        assert RAISES_TAG not in tags, f"code cell {index} is tagged {RAISES_TAG}: use expect()"
        errors = [out for out in cell.outputs if out.output_type == "error"]
        assert not errors, f"code cell {index} stores {errors[0].ename}: use expect()"


def test_plumbing_stays_in_helpers(notebook: nbformat.NotebookNode) -> None:
    """Warnings are printed with ``printed_warnings``; no IPython-only magic, so every
    cell also runs as plain Python. A cell tagged ``mechanism`` may show, once, how a
    helper does its job."""
    for index, cell in enumerate(code_cells(notebook), 1):
        if MECHANISM_TAG in cell.metadata.get("tags", []):
            continue
        found = PLUMBING.search(cell.source)
        assert not found, f"code cell {index} uses {found.group(0)!r}: use the helpers"


def test_no_stderr_or_warnings_stored(notebook: nbformat.NotebookNode) -> None:
    for index, cell in enumerate(code_cells(notebook), 1):
        for out in cell.outputs:
            is_stderr = out.output_type == "stream" and out.name == "stderr"
            assert not is_stderr, (
                f"code cell {index} stores stderr (a warning or a log line): {out.text[:120]!r}; "
                "show warnings with helpers.printed_warnings()"
            )


@pytest.mark.parametrize(
    ("pattern", "what"), [(MACHINE_PATH, "a machine path"), (MEMORY_ADDRESS, "a memory address")]
)
def test_no_volatile_values_in_outputs(
    notebook: nbformat.NotebookNode, pattern: re.Pattern[str], what: str
) -> None:
    for index, cell in enumerate(code_cells(notebook), 1):
        for out in cell.outputs:
            found = pattern.search(output_text(out))
            assert not found, f"code cell {index} shows {what}: {found.group(0)!r}"
