"""What the course notebooks share: stable display of responses, expected errors and
warnings shown without stopping "Run All", a real server from a cell, the exercise
checker, and the readers that keep plumbing out of the lessons (signals fired, log lines,
a MIME message, an HTML page).

Notebooks import from here plainly (`from helpers import show`); the package is
installed in editable mode by `course.py`, so no notebook edits `sys.path`. The store
modules are imported from where they live: `helpers.servers` (a store's client, in
notebooks 04, 07 and 11) and `helpers.stores` (what a Flask-Session store holds, 04).
"""

from helpers.caught import expect, printed_warnings
from helpers.config import secret_key
from helpers.exercises import check
from helpers.html import find_all, table_rows, texts
from helpers.http import show
from helpers.logs import captured_log
from helpers.mime import mime_summary
from helpers.signals import recording
from helpers.volatile import mask, mask_set_cookie
from helpers.webserver import serve, stop

__all__ = [
    "captured_log",
    "check",
    "expect",
    "find_all",
    "mask",
    "mask_set_cookie",
    "mime_summary",
    "printed_warnings",
    "recording",
    "secret_key",
    "serve",
    "show",
    "stop",
    "table_rows",
    "texts",
]
