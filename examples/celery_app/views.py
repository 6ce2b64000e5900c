"""The web side: start a task (202 and a status URL), read its status, the page."""

from __future__ import annotations

from typing import Any

from celery.result import AsyncResult
from email_validator import EmailNotValidError, validate_email
from flask import Blueprint, abort, current_app, render_template, request, session, url_for

from . import tasks

bp = Blueprint("tasks", __name__)


def json_field(name: str) -> Any:
    """A field of a JSON object body; None for a missing field, a form, a list, bad JSON."""
    data = request.get_json(silent=True)
    return data.get(name) if isinstance(data, dict) else None


def accepted(result: AsyncResult) -> tuple[dict[str, str], int, dict[str, str]]:
    """202 with the status URL in Location; the task id is recorded as this visitor's."""
    session["tasks"] = [*session.get("tasks", []), result.id][-20:]
    return {"task_id": result.id}, 202, {"Location": url_for(".status", task_id=result.id)}


@bp.get("/")
def index() -> str:
    return render_template("index.html")


@bp.post("/count")
def start_count() -> Any:
    total = json_field("total")
    if type(total) is not int or not 1 <= total <= 50:
        return {"error": "total must be an integer from 1 to 50"}, 400
    return accepted(tasks.long_task.delay(total))


@bp.post("/mail")
def start_mail() -> Any:
    address = json_field("to")
    try:
        address = validate_email(str(address), check_deliverability=False).normalized
    except EmailNotValidError:
        return {"error": "to must be an e-mail address"}, 400
    return accepted(tasks.send_mail.delay("欢迎", [address], "欢迎来到 Flask 课程。"))


@bp.get("/tasks/<task_id>")
def status(task_id: str) -> Any:
    if task_id not in session.get("tasks", []):
        abort(404)  # someone else's task, or no task at all: the same answer
    # One read of the result backend for the state and its data: AsyncResult's .state
    # and .info are two reads, and a task that ends between them mixes two answers.
    meta = current_app.extensions["celery"].backend.get_task_meta(task_id)
    body: dict[str, Any] = {"state": meta["status"]}
    if meta["status"] == "PROGRESS":
        body["meta"] = meta["result"]  # what update_state stored: {'current': i, 'total': n}
    elif meta["status"] == "SUCCESS":
        body["result"] = meta["result"]
    elif meta["status"] == "FAILURE":
        body["error"] = "the task failed"  # the details are in the worker's log
    return body
