"""Mutation tests for the exercises: every check must accept right answers and reject wrong ones.

A check that prints "correct" for a wrong answer teaches the wrong thing, so each
exercise keeps, in ``tests/exercises/NN_topic.toml``, the answers a learner might
write: the published solution (``name = "reference"``), other right ones, and wrong
ones with the words their rejection must contain (``says``), so a rejection states
what the check saw. This plugin collects those files as tests:

1. It runs the notebook in one kernel, cell by cell, up to an exercise's stub.
2. For each answer, it runs the answer in place of the stub, then the check cell, and
   reads the verdict the check printed ("✓ Exercise 1: correct" or "✗ Exercise 1: …").
3. It runs the notebook's own stub and check (so later cells see what a learner has),
   goes on to the next exercise, and after the last cell (a finished "Run All") runs
   each exercise's reference solution and stub once more: a check must not depend on
   something a later cell tears down.

The notebooks' layout that makes this possible (stub cell, check cell, hint, solution)
is enforced by ``tests/test_exercises.py``.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from helpers.webserver import PORT_OFFSET_VARIABLE
from tools.notebooks import KERNELSPEC, NOTEBOOK_DIR

#: Where these kernels move helpers.serve() ports (papermill's run uses 1000).
SERVE_PORT_OFFSET = 2000
ANSWERS_DIR = Path(__file__).resolve().parent / "exercises"
CHECK_CALL = re.compile(r"^check\((['\"])(?P<title>Exercise \d+)\1", re.MULTILINE)
HINT = re.compile(r"<details><summary>Hint</summary>")
SOLUTION = re.compile(
    r"<details><summary>A solution</summary>\s*```python\n(?P<code>.*?)```\s*</details>",
    re.DOTALL,
)


@dataclass
class Exercise:
    """Where one exercise lives in its notebook."""

    title: str
    stub_index: int
    check_index: int
    hint: str | None = None
    solution: str | None = None


@dataclass
class Answer:
    """One answer to an exercise, as the data file gives it."""

    name: str
    right: bool
    code: str
    says: str = ""


@dataclass
class ExerciseAnswers:
    """An exercise's answers from the data file."""

    title: str
    answers: list[Answer] = field(default_factory=list)

    @property
    def reference(self) -> Answer | None:
        return next((answer for answer in self.answers if answer.name == "reference"), None)


def find_exercises(notebook: nbformat.NotebookNode) -> list[Exercise]:
    """Each exercise: its check cell (``check('Exercise N', ...)``), the code cell before it
    (the stub the learner edits), and the hint and solution in the Markdown that follows."""
    exercises: list[Exercise] = []
    cells = notebook.cells
    for index, cell in enumerate(cells):
        match = CHECK_CALL.search(cell.source) if cell.cell_type == "code" else None
        if not match:
            continue
        stub = next(i for i in range(index - 1, -1, -1) if cells[i].cell_type == "code")
        exercise = Exercise(match["title"], stub, index)
        for following in cells[index + 1 :]:
            if following.cell_type == "code":
                break
            hint = HINT.search(following.source)
            if hint and exercise.hint is None:
                exercise.hint = following.source[hint.start() :]
            solution = SOLUTION.search(following.source)
            if solution and exercise.solution is None:
                exercise.solution = solution["code"]
        exercises.append(exercise)
    return exercises


def load_answers(path: Path) -> list[ExerciseAnswers]:
    """The ``[[exercise]]`` tables of a data file, each with its ``[[exercise.answer]]`` list."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        ExerciseAnswers(
            title=table["title"],
            answers=[Answer(**answer) for answer in table.get("answer", [])],
        )
        for table in data.get("exercise", [])
    ]


def same_code(one: str, other: str) -> bool:
    """Equal but for trailing whitespace and blank lines at either end."""

    def lines(code: str) -> list[str]:
        return [line.rstrip() for line in code.strip("\n").splitlines()]

    return lines(one) == lines(other)


class NotebookKernel:
    """One kernel that runs a notebook's cells in order and runs extra code on demand."""

    def __init__(self, path: Path) -> None:
        self.notebook = nbformat.read(path, as_version=4)
        self.notebook.metadata["kernelspec"] = KERNELSPEC
        self.client = NotebookClient(
            self.notebook,
            kernel_name="python3",
            timeout=60,
            resources={"metadata": {"path": str(path.parent)}},
        )
        self.next_cell = 0
        self._kernel: AbstractContextManager[None] | None = None

    def start(self) -> None:
        # The notebook's nbval run may be serving on its ports right now (helpers.serve).
        env = {**os.environ, PORT_OFFSET_VARIABLE: str(SERVE_PORT_OFFSET)}
        self._kernel = self.client.setup_kernel(env=env)
        self._kernel.__enter__()

    def stop(self) -> None:
        if self._kernel is not None:
            self._kernel.__exit__(None, None, None)
            self._kernel = None

    def run_until(self, stop: int) -> None:
        """Run the notebook's own cells from where it stopped up to (not including) ``stop``."""
        while self.next_cell < min(stop, len(self.notebook.cells)):
            cell = self.notebook.cells[self.next_cell]
            if cell.cell_type == "code":
                self.client.execute_cell(cell, self.next_cell)
            self.next_cell += 1

    def run_code(self, source: str, at: int) -> str:
        """Run ``source`` as if it were cell ``at``; return what it printed and displayed."""
        cell = nbformat.v4.new_code_cell(source)
        original = self.notebook.cells[at]
        try:
            self.client.execute_cell(cell, at)
        finally:
            self.notebook.cells[at] = original
        return "".join(output_text(output) for output in cell.outputs)


def output_text(output: nbformat.NotebookNode) -> str:
    if output.output_type == "stream":
        return output.text
    if output.output_type == "error":
        return f"{output.ename}: {output.evalue}\n"
    return str(output.get("data", {}).get("text/plain", ""))


def assert_verdict(title: str, answer: Answer, printed: str) -> None:
    """The check said "correct" to a right answer, "not yet" (with ``says``) to a wrong one."""
    accepted = f"✓ {title}: correct" in printed and "✗" not in printed
    if answer.right:
        assert accepted, f"the check rejected a right answer ({answer.name}): {printed.strip()}"
        return
    assert not accepted, f"the check accepted a wrong answer ({answer.name})"
    assert f"✗ {title}:" in printed, f"no verdict for {answer.name}: {printed.strip()!r}"
    assert answer.says in printed, (
        f"the rejection of {answer.name!r} should say {answer.says!r}; it said: {printed.strip()}"
    )


class AnswersFile(pytest.File):
    """``tests/exercises/NN_topic.toml``: the answers to one notebook's exercises."""

    kernel: NotebookKernel | None = None

    @property
    def notebook_path(self) -> Path:
        return NOTEBOOK_DIR / f"{self.path.stem}.ipynb"

    def collect(self) -> Iterator[pytest.Item]:
        notebook = nbformat.read(self.notebook_path, as_version=4)
        exercises = {exercise.title: exercise for exercise in find_exercises(notebook)}
        tables = load_answers(self.path)
        for table in tables:
            exercise = exercises.get(table.title)
            if exercise is None:
                continue  # tests/test_exercises.py reports a table without an exercise
            stub = Answer("the unchanged stub", False, notebook.cells[exercise.stub_index].source)
            for answer in [*table.answers, stub]:
                yield AnswerItem.from_parent(
                    self, name=f"{table.title}: {answer.name}", exercise=exercise, answer=answer
                )
        for table in tables:
            exercise = exercises.get(table.title)
            if exercise is None or table.reference is None:
                continue
            stub = Answer("the unchanged stub", False, notebook.cells[exercise.stub_index].source)
            for answer in (table.reference, stub):
                yield AnswerItem.from_parent(
                    self,
                    name=f"after Run All, {table.title}: {answer.name}",
                    exercise=exercise,
                    answer=answer,
                    after_run_all=True,
                )

    def setup(self) -> None:
        self.kernel = NotebookKernel(self.notebook_path)
        self.kernel.start()

    def teardown(self) -> None:
        if self.kernel is not None:
            self.kernel.stop()


class AnswerItem(pytest.Item):
    """Run one answer in place of an exercise's stub, then its check; assert the verdict."""

    def __init__(
        self,
        *,
        exercise: Exercise,
        answer: Answer,
        after_run_all: bool = False,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.exercise = exercise
        self.answer = answer
        self.after_run_all = after_run_all

    def runtest(self) -> None:
        parent = self.parent
        assert isinstance(parent, AnswersFile) and parent.kernel is not None
        kernel = parent.kernel
        if self.after_run_all:
            kernel.run_until(len(kernel.notebook.cells))
        else:
            kernel.run_until(self.exercise.stub_index)
        kernel.run_code(self.answer.code, self.exercise.stub_index)
        check = kernel.notebook.cells[self.exercise.check_index].source
        printed = kernel.run_code(check, self.exercise.check_index)
        assert_verdict(self.exercise.title, self.answer, printed)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> str:  # type: ignore[override]
        if isinstance(excinfo.value, AssertionError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)  # type: ignore[return-value]

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"{self.path.stem}: {self.name}"


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix == ".toml" and file_path.parent == ANSWERS_DIR:
        return AnswersFile.from_parent(parent, path=file_path)
    return None
