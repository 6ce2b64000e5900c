"""The example's tasks. ``@shared_task`` registers them on the app ``create_app`` makes."""

from __future__ import annotations

import time
from smtplib import SMTPException

from celery import Task, shared_task
from flask import current_app
from flask_mail import Message

from . import TICKS_KEY, mail

#: How long each step of ``long_task`` takes.
STEP_SECONDS = 0.2


@shared_task(ignore_result=True)
def tick() -> int:
    """The periodic task (``BEAT_SCHEDULE``): counts its runs in Redis."""
    return int(current_app.extensions["redis"].incr(TICKS_KEY))


@shared_task(bind=True, ignore_result=False)
def long_task(self: Task, total: int) -> dict[str, int]:
    """Slow work that says how far it got: state PROGRESS with its meta, then SUCCESS."""
    for i in range(total):
        self.update_state(state="PROGRESS", meta={"current": i, "total": total})
        time.sleep(STEP_SECONDS)
    return {"current": total, "total": total}


@shared_task(
    bind=True,
    ignore_result=False,
    autoretry_for=(SMTPException, OSError),  # a 4xx answer, a refused connection, a reset
    retry_backoff=True,  # wait at most 1, 2, 4, 8 … s between tries (a random part of it)
    retry_backoff_max=300,  # never more than 5 minutes
    max_retries=5,  # then the task fails with the last error
    soft_time_limit=30,  # Flask-Mail has no timeout (notebook 10): stop a hung send
    time_limit=40,  # and kill the process if it ignores that
)
def send_mail(self: Task, subject: str, recipients: list[str], body: str) -> dict[str, int]:
    """Send one mail with Flask-Mail; retried when the SMTP server fails."""
    mail.send(Message(subject, recipients=recipients, body=body))
    return {"recipients": len(recipients), "attempts": self.request.retries + 1}
