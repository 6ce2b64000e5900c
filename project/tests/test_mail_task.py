"""The order confirmation: a Celery task that sends mail with Flask-Mail. Eager mode in
most tests; one test runs a real worker thread and a real SMTP server."""

from __future__ import annotations

import email
import socket
import time
from email import policy
from pathlib import Path

from aiosmtpd.controller import Controller
from celery.contrib.testing.worker import start_worker
from flask import Flask
from flask.testing import FlaskClient

from project.shop.extensions import mail
from project.shop.tasks import later, send_order_confirmation

from .conftest import AuthActions, clean_up, make_app, shop_config, submit


def place_order(client: FlaskClient, *items: tuple[int, int]) -> None:
    AuthActions(client).login("bob")
    for product_id, quantity in items:
        submit(client, "/", f"/cart/add/{product_id}", quantity=quantity)
    assert submit(client, "/checkout", "/checkout").location == "/orders"


def test_an_order_sends_one_mail(client: FlaskClient, app: Flask) -> None:
    with mail.record_messages() as outbox:
        place_order(client, (1, 2), (2, 1))
    assert [(m.subject, m.recipients) for m in outbox] == [("订单 1 已确认", ["bob@example.com"])]
    body = outbox[0].body
    assert "- 龙井茶 × 2：¥136.00\n- 普洱茶 × 1：¥128.00\n\n合计：¥264.00" in body
    with app.app_context():
        wire = email.message_from_bytes(outbox[0].as_bytes(), policy=policy.default)
    assert wire["From"] == "茶叶店 <shop@example.com>" and wire["Subject"] == "订单 1 已确认"


def test_no_mail_without_an_order(client: FlaskClient, app: Flask) -> None:
    with mail.record_messages() as outbox:
        AuthActions(client).login("bob")
        submit(client, "/", "/cart/add/2", quantity=9)  # more than the stock
        submit(client, "/checkout", "/checkout")
        with app.app_context():
            assert later(send_order_confirmation, 12345).get() is False  # no such order
    assert outbox == []


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_real_worker_sends_it_over_smtp(tmp_path: Path) -> None:
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    celery = {
        "broker_url": "memory://",
        "broker_transport_options": {"polling_interval": 0.01},
        "task_ignore_result": True,
    }
    database = f"sqlite:///{tmp_path / 'shop.db'}"  # a file: the worker is another thread
    app = make_app(
        shop_config(
            SQLALCHEMY_DATABASE_URI=database,
            MAIL_PORT=smtp.port,
            MAIL_SUPPRESS_SEND=False,
            CELERY=celery,
        )
    )
    try:
        celery_app = app.extensions["celery"]
        with start_worker(celery_app, pool="solo", perform_ping_check=False) as worker:
            place_order(app.test_client(), (1, 1))
            deadline = time.monotonic() + 10
            while not inbox.envelopes and time.monotonic() < deadline:
                time.sleep(0.02)
            # memory:// has no connection to close: tell the worker to stop now (else
            # it notices only after seconds)
            celery_app.control.shutdown(destination=[worker.hostname])
    finally:
        smtp.stop()
        clean_up(app)
    assert [e.rcpt_tos for e in inbox.envelopes] == [["bob@example.com"]]
    received = email.message_from_bytes(inbox.envelopes[0].content, policy=policy.default)
    assert received["Subject"] == "订单 1 已确认"
    assert "龙井茶 × 1" in received.get_content()
