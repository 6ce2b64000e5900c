"""The exercises' layout and their answer files, read without running anything.

Each exercise is a stub cell the learner edits, then a check cell, then a hint and a
solution in ``<details>`` blocks. Its answers live in ``tests/exercises/NN_topic.toml``
(run by ``exercise_answers.py``): the published solution among them, word for word, at
least two right answers and three wrong ones, each wrong one with what its rejection says.
"""

from __future__ import annotations

import nbformat
import pytest
from conftest import NOTEBOOKS
from exercise_answers import ANSWERS_DIR, find_exercises, load_answers, same_code

MAX_LINES = 25
MIN_RIGHT = 2
MIN_WRONG = 3
WITH_EXERCISES = [path for path in NOTEBOOKS if find_exercises(nbformat.read(path, as_version=4))]


@pytest.fixture(params=WITH_EXERCISES, ids=lambda path: path.stem)
def notebook_path(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    return request.param


def test_every_topic_notebook_has_exercises() -> None:
    topics = [path for path in NOTEBOOKS if path.stem != "00_index"]
    assert topics == WITH_EXERCISES


def test_exercise_layout(notebook_path) -> None:  # type: ignore[no-untyped-def]
    notebook = nbformat.read(notebook_path, as_version=4)
    for exercise in find_exercises(notebook):
        stub = notebook.cells[exercise.stub_index].source
        check = notebook.cells[exercise.check_index].source
        where = f"{notebook_path.stem} {exercise.title}"
        assert exercise.stub_index == exercise.check_index - 1, (
            f"{where}: the stub must be the cell right before the check"
        )
        assert "def test_" not in stub and "check(" not in stub, (
            f"{where}: the stub cell holds only what the learner edits; the test goes "
            "in the check cell"
        )
        for what, source in (("stub", stub), ("check", check)):
            lines = len(source.splitlines())
            assert lines <= MAX_LINES, f"{where}: the {what} cell has {lines} lines"
        assert exercise.hint, f"{where}: no <details><summary>Hint</summary> after the check"
        assert exercise.solution, f"{where}: no <details><summary>A solution</summary> block"
        text = "\n".join(
            cell.source
            for cell in notebook.cells[exercise.check_index + 1 :]
            if cell.cell_type == "markdown"
        )
        assert text.index("<summary>Hint</summary>") < text.index("<summary>A solution"), (
            f"{where}: the hint comes before the solution"
        )


def test_answers_match_the_notebook(notebook_path) -> None:  # type: ignore[no-untyped-def]
    data = ANSWERS_DIR / f"{notebook_path.stem}.toml"
    assert data.exists(), f"{notebook_path.stem}: no answer file {data.name} in tests/exercises/"
    exercises = {e.title: e for e in find_exercises(nbformat.read(notebook_path, as_version=4))}
    tables = {table.title: table for table in load_answers(data)}
    assert sorted(tables) == sorted(exercises), (
        f"{data.name} answers {sorted(tables)}; the notebook has {sorted(exercises)}"
    )
    for title, table in tables.items():
        where = f"{data.name} {title}"
        names = [answer.name for answer in table.answers]
        assert len(names) == len(set(names)), f"{where}: answer names repeat"
        assert table.reference and table.reference.right, f"{where}: no right 'reference'"
        solution = exercises[title].solution or ""
        assert same_code(table.reference.code, solution), (
            f"{where}: the reference answer differs from the notebook's published solution"
        )
        right = [answer for answer in table.answers if answer.right]
        wrong = [answer for answer in table.answers if not answer.right]
        assert len(right) >= MIN_RIGHT, f"{where}: {len(right)} right answers, need {MIN_RIGHT}"
        assert len(wrong) >= MIN_WRONG, f"{where}: {len(wrong)} wrong answers, need {MIN_WRONG}"
        silent = [answer.name for answer in wrong if not answer.says.strip()]
        assert not silent, f"{where}: wrong answers without 'says': {silent}"
        stub = nbformat.read(notebook_path, as_version=4).cells[exercises[title].stub_index]
        copies = [answer.name for answer in table.answers if same_code(answer.code, stub.source)]
        assert not copies, f"{where}: {copies} repeat the stub, which is always tried"
