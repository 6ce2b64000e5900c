"""Collect what a logger writes in a list, instead of on stderr.

A Flask app logs an unhandled exception (flask/app.py, ``log_exception``) with a timestamp
and the whole traceback, to stderr. A notebook stores no stderr (it changes on every run,
and an error-looking block confuses a learner who caused no error), yet the log line is
part of the lesson. ``captured_log`` keeps each record as one ``LEVEL: message`` line and
puts the logger back as it was afterwards.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class ListHandler(logging.Handler):
    """A log handler that keeps each record as a ``LEVEL: message`` line in a list."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


@contextmanager
def captured_log(logger: logging.Logger) -> Iterator[list[str]]:
    """Collect what ``logger`` logs in the block into a list, and nothing on stderr.

    The logger's handlers are replaced by one ``ListHandler`` and ``propagate`` is set to
    ``False`` (so the root logger's handlers see nothing either); both come back when the
    block ends, even when it raises. The logger's level is left alone. A Flask app's
    ``app.logger`` is ``logging.getLogger(app.name)``, shared by every app of that name:
    the block collects theirs too.
    """
    handler = ListHandler()
    saved_handlers, saved_propagate = logger.handlers[:], logger.propagate
    logger.handlers[:] = [handler]
    logger.propagate = False
    try:
        yield handler.lines
    finally:
        logger.handlers[:] = saved_handlers
        logger.propagate = saved_propagate
