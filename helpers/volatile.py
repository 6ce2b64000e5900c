"""Make values that change on every run (ids, signatures, dates) stable to show.

A notebook's stored outputs are compared on every test run, so a cell must show
facts that hold every time: a value's length and first characters, not the value.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

#: How many leading characters of a volatile value stay visible.
DEFAULT_KEEP = 8


def mask(value: str, keep: int = DEFAULT_KEEP) -> str:
    """Show a volatile value as its first ``keep`` characters and its length.

    The prefix still lets a learner recognise the kind of value (``eyJ`` is
    base64 JSON, ``.eJ`` compressed JSON) and the length shows its size.
    """
    if len(value) <= keep:
        return value
    return f"{value[:keep]}…({len(value)} chars)"


def _relative_expiry(http_date: str, now: datetime | None = None) -> str:
    """Turn an absolute cookie date into "in N days", or keep a date in the past.

    Past dates (the 1970 date a deleted cookie gets) are constant, so they stay.
    """
    when = parsedate_to_datetime(http_date)
    now = now or datetime.now(UTC)
    if when <= now:
        return http_date
    days = round((when - now).total_seconds() / 86400)
    return f"<in {days} days>"


def mask_set_cookie(header: str, keep: int = DEFAULT_KEEP, now: datetime | None = None) -> str:
    """Mask a ``Set-Cookie`` header's value and express ``Expires`` relative to now.

    The attributes (``HttpOnly``, ``Path``, ``SameSite``, ``Max-Age``) are what a
    learner should read, and they are stable, so they are kept as they are.
    """
    first, *attributes = (part.strip() for part in header.split(";"))
    name, _, value = first.partition("=")
    shown = [f"{name}={mask(value, keep)}"]
    for attribute in attributes:
        key, _, attr_value = attribute.partition("=")
        if key.lower() == "expires" and attr_value:
            attribute = f"{key}={_relative_expiry(attr_value, now)}"
        shown.append(attribute)
    return "; ".join(shown)
