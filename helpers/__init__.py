"""What the course notebooks share: stable display of responses, expected errors and
warnings shown without stopping "Run All", a real server from a cell, and the exercise
checker.

Notebooks import from here plainly (`from helpers import show`); the package is
installed in editable mode by `course.py`, so no notebook edits `sys.path`.
"""

from helpers.caught import expect, printed_warnings
from helpers.config import secret_key
from helpers.exercises import check
from helpers.http import show
from helpers.volatile import mask, mask_set_cookie
from helpers.webserver import serve, stop

__all__ = [
    "check",
    "expect",
    "mask",
    "mask_set_cookie",
    "printed_warnings",
    "secret_key",
    "serve",
    "show",
    "stop",
]
