"""Notebook 11's example app for real: `celery worker` and `celery beat` processes on Redis.

Skipped unless REDIS_URL is set. Run by `.ci/run` inside `.ci/with-servers`; locally:
`bash .ci/with-servers redis -- .venv/bin/python -m pytest -p no:xdist tests/test_celery_real.py`.

One worker and one beat, started as a learner starts them (`python -m celery -A
examples.celery_app.make_celery worker`, from the project folder), serve every test here:
beat's periodic task, a task that reports its progress, and the mail task against a
real SMTP server (aiosmtpd, as in notebook 10) that refuses the first try, then hangs
until the soft time limit stops the send. Afterwards no process is left and the Redis
keys the run added are deleted.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
APP = "examples.celery_app.make_celery"

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL", "").strip(), reason="REDIS_URL is not set"
)


#: A recipient the test server takes its time over: an SMTP server that hangs.
SLOW = "slow@example.com"


@dataclass
class FlakyInbox:
    """An aiosmtpd handler that answers the first message with a temporary error (451)
    and hangs for 3 s on the recipient SLOW."""

    tries: int = 0
    envelopes: list[Any] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address == SLOW:
            await asyncio.sleep(3)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.tries += 1
        if self.tries == 1:
            return "451 4.3.0 Try again later"
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def our_processes(marker: str) -> list[int]:
    """Pids whose command line holds the marker: the worker, its pool, beat (Linux)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if marker.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@dataclass
class Running:
    app: Flask
    inbox: FlakyInbox
    log: Path


def start(marker: str, folder: str, smtp_port: int, log: IO[str]) -> list[subprocess.Popen]:
    """`celery worker` and `celery beat` as a learner starts them, from the project folder."""
    env = {**os.environ, "FLASK_MAIL_SERVER": "127.0.0.1", "FLASK_MAIL_PORT": str(smtp_port)}
    commands = [
        ["worker", "--loglevel", "INFO", "--concurrency", "2", "-n", f"{marker}@%h"],
        ["beat", "--loglevel", "INFO", "--schedule", str(Path(folder, "schedule"))],
    ]
    return [
        subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", APP, *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for args in commands
    ]


def stop(processes: list[subprocess.Popen]) -> None:
    """SIGTERM (a warm shutdown), then SIGKILL for any still running after 15 s."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def running() -> Iterator[Running]:
    from examples.celery_app import KEY_PREFIX, TICKS_KEY, create_app

    app = create_app()
    redis = app.extensions["redis"]
    redis.delete(TICKS_KEY)
    keys_before = set(redis.scan_iter(f"{KEY_PREFIX}*"))
    marker = f"flask-course-11-test-{uuid.uuid4().hex[:8]}"
    inbox = FlakyInbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    processes: list[subprocess.Popen] = []
    try:
        with tempfile.TemporaryDirectory(prefix=f"{marker}-") as folder:
            log_path = Path(folder, "celery.log")
            with log_path.open("w") as log:
                try:
                    processes = start(marker, folder, smtp.port, log)
                    wait_for_worker(app, marker, log_path)
                    yield Running(app, inbox, log_path)
                finally:
                    stop(processes)
    finally:
        smtp.stop()
        added = set(redis.scan_iter(f"{KEY_PREFIX}*")) - keys_before
        if added:
            redis.delete(*added)
    left = our_processes(marker)
    remaining = set(redis.scan_iter(f"{KEY_PREFIX}*")) - keys_before
    assert not left, f"processes left running after the test: {left}"
    assert not remaining, f"keys left in Redis: {sorted(remaining)}"


def wait_for_worker(app: Flask, marker: str, log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.extensions["celery"].control.ping(timeout=0.3)
        if any(name.startswith(f"{marker}@") for reply in replies for name in reply):
            return
    pytest.fail(f"the worker did not answer a ping in {timeout} s; its log:\n{log.read_text()}")


def follow(client: Any, url: str, timeout: float = 20.0) -> list[dict[str, Any]]:
    """Every distinct answer of a status URL until the task is done, as the page polls it."""
    answers = [client.get(url).get_json()]
    deadline = time.monotonic() + timeout
    while answers[-1]["state"] not in ("SUCCESS", "FAILURE") and time.monotonic() < deadline:
        time.sleep(0.02)
        answer = client.get(url).get_json()
        if answer != answers[-1]:
            answers.append(answer)
    return answers


def test_beat_sends_the_periodic_task_and_the_worker_runs_it(running: Running) -> None:
    from examples.celery_app import TICKS_KEY

    redis = running.app.extensions["redis"]
    deadline = time.monotonic() + 20
    while int(redis.get(TICKS_KEY) or 0) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    ticks = int(redis.get(TICKS_KEY) or 0)
    assert ticks >= 2, f"the counter is {ticks} after 20 s; the log:\n{running.log.read_text()}"


def test_progress_is_reported_then_success(running: Running) -> None:
    client = running.app.test_client()
    started = client.post("/count", json={"total": 5})
    assert started.status_code == 202, started.get_data(as_text=True)
    answers = follow(client, started.location)
    progress = [answer for answer in answers if answer["state"] == "PROGRESS"]
    assert progress, f"no PROGRESS answer among {answers}"
    assert all(set(answer["meta"]) == {"current", "total"} for answer in progress), progress
    steps = [answer["meta"]["current"] for answer in progress]
    assert steps == sorted(set(steps)) and len(steps) >= 2, f"meta.current went {steps}"
    assert answers[-1] == {"state": "SUCCESS", "result": {"current": 5, "total": 5}}
    assert running.app.test_client().get(started.location).status_code == 404


def test_mail_is_retried_after_a_temporary_error_then_sent(running: Running) -> None:
    client = running.app.test_client()
    started = client.post("/mail", json={"to": "xm@example.com"})
    assert started.status_code == 202, started.get_data(as_text=True)
    answers = follow(client, started.location)
    assert answers[-1] == {"state": "SUCCESS", "result": {"recipients": 1, "attempts": 2}}, (
        f"{answers}; the log:\n{running.log.read_text()}"
    )
    assert running.inbox.tries == 2
    [envelope] = running.inbox.envelopes
    assert envelope.rcpt_tos == ["xm@example.com"]
    assert b"Subject: =?utf-8?" in envelope.content
    log = running.log.read_text()
    assert "SMTPDataError(451" in log and "Retry in" in log, log


def test_a_hung_send_is_stopped_by_the_soft_time_limit(running: Running) -> None:
    from celery.exceptions import SoftTimeLimitExceeded

    from examples.celery_app import tasks

    # The mail task with a 1-second soft limit for this call, to a recipient the server
    # hangs on: SoftTimeLimitExceeded ends the send (it is not retried). Flask-Mail then
    # sends QUIT to the same server, which answers once it stops hanging.
    started = time.monotonic()
    result = tasks.send_mail.apply_async(("你好", [SLOW], "..."), soft_time_limit=1, time_limit=10)
    with pytest.raises(SoftTimeLimitExceeded):
        result.get(timeout=20)
    assert result.state == "FAILURE"
    assert time.monotonic() - started < 10, "the hard time limit, not the soft one, ended it"
    assert SLOW not in [address for e in running.inbox.envelopes for address in e.rcpt_tos]
    result.forget()
