"""What the course notebooks share: stable display of responses and the exercise checker.

Notebooks import from here plainly (`from helpers import show`); the package is
installed in editable mode by `course.py`, so no notebook edits `sys.path`.
"""

from helpers.config import secret_key
from helpers.exercises import check
from helpers.http import show
from helpers.volatile import mask, mask_set_cookie

__all__ = ["check", "mask", "mask_set_cookie", "secret_key", "show"]
