"""Work done outside the request: the order confirmation mail, sent by a Celery worker.

``@shared_task`` binds the task to whichever Celery app is current, the one
``celery_init_app`` made for the Flask app: the task runs in that app's context, so
``db`` and ``mail`` work as in a view. It receives the order's id, not the order: a
task's arguments travel as JSON, and the worker reads the row as it is when it runs.

Views send a task with ``later(task, …)``, not ``task.delay(…)``: a ``@shared_task``
alone goes to the Celery app made last, which in a process that holds several Flask apps
(the tests, a notebook) may be another Flask app's, with another database.
"""

from __future__ import annotations

from smtplib import SMTPException

from celery import Task, shared_task
from celery.result import AsyncResult
from flask import current_app, render_template
from flask_mail import Message

from .extensions import db, mail
from .models import Order


@shared_task(
    autoretry_for=(SMTPException, OSError),  # an SMTP error, a refused connection
    retry_backoff=True,  # wait about 1, 2, 4 … seconds between tries
    max_retries=5,
    soft_time_limit=30,  # Flask-Mail has no timeout of its own (the mail notebook)
)
def send_order_confirmation(order_id: int) -> bool:
    """Mail the order's confirmation to its customer; False when the order is gone."""
    order = db.session.get(Order, order_id)
    if order is None:
        return False
    message = Message(
        subject=f"订单 {order.id} 已确认",  # "order … confirmed"
        recipients=[order.user.email],
        body=render_template("mail/order_confirmation.txt", order=order),
    )
    mail.send(message)
    return True


def later(task: Task, *args: object) -> AsyncResult:
    """Send ``task`` through the Celery app of the Flask app handling this request."""
    return current_app.extensions["celery"].tasks[task.name].delay(*args)
