"""Show an expected error or warning as the lesson, without stopping "Run All".

Only JupyterLab and nbclient honour the ``raises-exception`` cell tag; VS Code,
Colab, JupyterLite and papermill stop "Run All" at the first error output. So a cell
that demonstrates a mistake runs it inside ``with expect(SomeError):``, which prints
the error and the frames that matter and lets the notebook go on. The same
``expect`` fails loudly, by raising, when the error does *not* happen: a lesson
about a library's behaviour that has gone stale cannot pass in silence.
"""

from __future__ import annotations

import re
import sys
import sysconfig
import traceback
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

#: A library frame's file: under site-packages (pinned, so its line numbers are stable)
#: or the standard library (whose line numbers change between Python versions).
_SITE_PACKAGES = re.compile(r".*/(?:site|dist)-packages/")
_STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()
#: How IPython names a cell's code: /tmp/ipykernel_123/456.py or <ipython-input-7-…>.
_CELL_FILE = re.compile(r"ipykernel_\d+|<ipython-input-")
_HELPERS = Path(__file__).resolve().parent


class ExpectedErrorMissing(AssertionError):
    """The block was expected to raise and did not: the lesson no longer holds."""


@dataclass
class Caught:
    """What ``expect`` caught: the exception, for cells that look at it afterwards."""

    error: BaseException | None = None
    lines: list[str] = field(default_factory=list)


def _is_stdlib(filename: str) -> bool:
    try:
        return Path(filename).resolve().is_relative_to(_STDLIB) and not _SITE_PACKAGES.match(
            filename
        )
    except (OSError, ValueError):
        return False


def _where(frame: traceback.FrameSummary, this_cell: str) -> str:
    """A frame as a learner reads it: ``this cell, line 3``, ``flask/app.py:870, in wsgi_app``.

    A cell is named by where it is, not by its execution count (``In[7]``), which
    changes with every re-run and differs between front ends.
    """
    if frame.filename == this_cell:
        return f"this cell, line {frame.lineno}"
    if _CELL_FILE.search(frame.filename):
        return f"an earlier cell, line {frame.lineno}, in {frame.name}"
    if _SITE_PACKAGES.match(frame.filename):
        return f"{_SITE_PACKAGES.sub('', frame.filename)}:{frame.lineno}, in {frame.name}"
    if _is_stdlib(frame.filename):
        # The standard library's line numbers differ between Python versions.
        relative = Path(frame.filename).resolve().relative_to(_STDLIB)
        return f"{relative.as_posix()} (standard library), in {frame.name}"
    return f"{Path(frame.filename).name}:{frame.lineno}, in {frame.name}"


def _is_library(frame: traceback.FrameSummary) -> bool:
    inside_helpers = Path(frame.filename).resolve().is_relative_to(_HELPERS)
    return (
        inside_helpers or bool(_SITE_PACKAGES.match(frame.filename)) or _is_stdlib(frame.filename)
    )


def summarize(error: BaseException) -> list[str]:
    """The exception's type and message, the learner's frames, and the line that raised.

    Library frames between the learner's code and the raising line are counted, not
    shown: a 60-line Werkzeug traceback becomes the three lines that explain it.
    """
    this_file = Path(__file__).resolve()
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if Path(frame.filename).resolve() != this_file  # expect()'s own frame
    ]
    message = str(error)
    lines = [f"{type(error).__name__}: {message}" if message else type(error).__name__]
    hidden = 0
    this_cell = frames[0].filename if frames else ""
    for index, frame in enumerate(frames):
        last = index == len(frames) - 1
        if _is_library(frame) and not last:
            hidden += 1
            continue
        if hidden:
            lines.append(f"    … {hidden} frame{'s' * (hidden > 1)} inside libraries …")
            hidden = 0
        code = (frame.line or "").strip()
        lines.append(f"  {_where(frame, this_cell)}" + (f": {code}" if code else ""))
    return lines


@contextmanager
def expect(*errors: type[BaseException], match: str | None = None) -> Iterator[Caught]:
    """Run the block, which must raise one of ``errors``; print it briefly and go on.

    ``match`` is a regular expression the message must contain. Any other exception
    propagates unchanged, and a block that raises nothing raises
    ``ExpectedErrorMissing``: both stop the notebook, as a wrong lesson should.
    """
    if not errors:
        raise TypeError("expect() needs the exception type(s) the block must raise")
    caught = Caught()
    try:
        yield caught
    except errors as error:
        if match is not None and not re.search(match, str(error)):
            raise ExpectedErrorMissing(
                f"expected {type(error).__name__} matching {match!r}, got: {error}"
            ) from error
        caught.error = error
        caught.lines = summarize(error)
        print("✗ Error (expected here, the notebook goes on):")
        print("\n".join(caught.lines))
        sys.stdout.flush()
        return
    names = " or ".join(error.__name__ for error in errors)
    raise ExpectedErrorMissing(f"expected {names}, but the block raised nothing")


@dataclass
class Warned:
    """The warnings ``printed_warnings`` recorded, for cells that look at them afterwards."""

    records: list[warnings.WarningMessage] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.records)


def warning_line(record: warnings.WarningMessage) -> str:
    return f"{record.category.__name__}: {record.message}"


@contextmanager
def printed_warnings(*, unique: bool = False, quiet: bool = False) -> Iterator[Warned]:
    """Record every warning raised in the block, then print each as ``Category: message``.

    A warning printed by Python goes to stderr, with a file path and line that change
    between machines; recording it shows the lesson (its category and text) on stdout
    instead. ``unique`` prints each distinct line once, sorted (a warning raised on
    every call of a loop); ``quiet`` prints nothing, for a cell that prints its own view.
    """
    warned = Warned()
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        yield warned
    warned.records = list(records)
    if quiet:
        return
    lines = [warning_line(record) for record in warned.records]
    for line in sorted(set(lines)) if unique else lines:
        print(line)
