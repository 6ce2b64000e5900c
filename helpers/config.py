"""Configuration values the course reads from the environment."""

from __future__ import annotations

import os

#: Used only when SECRET_KEY is not set, so the course runs with no setup. It is
#: public (it is in this file), so anything signed with it can be forged: a real
#: deployment must set SECRET_KEY to a long random value, never commit it.
COURSE_FALLBACK_SECRET_KEY = "flask-course-not-a-secret"


def secret_key() -> str:
    """Return the key Flask signs cookies with: $SECRET_KEY, else the course fallback.

    Keeping the key out of the code (the notes write a literal) means the same
    code can run in the course and in production with different keys.
    """
    return os.environ.get("SECRET_KEY") or COURSE_FALLBACK_SECRET_KEY
