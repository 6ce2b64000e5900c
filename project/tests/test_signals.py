"""The shop's signal ``order_placed`` and the audit log its receiver writes."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from project.shop.extensions import db
from project.shop.models import AuditLog
from project.shop.signals import order_placed

from .conftest import AuthActions, submit


def audit_log(app: Flask) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.execute(db.select(AuditLog.action, AuditLog.detail).order_by(AuditLog.id))
        return [tuple(row) for row in rows]


def checkout(client: FlaskClient, quantity: int) -> None:
    AuthActions(client).login("bob")
    submit(client, "/", "/cart/add/1", quantity=quantity)
    submit(client, "/checkout", "/checkout")


def test_order_placed_is_sent_once_with_the_order(client: FlaskClient, app: Flask) -> None:
    received = []

    def record(sender: Flask, **extra: object) -> None:
        received.append((sender, extra["order"].id, extra["user"].username))

    with order_placed.connected_to(record, sender=app):
        checkout(client, 3)
    assert received == [(app, 1, "bob")]


def test_the_receiver_writes_the_audit_log(client: FlaskClient, app: Flask) -> None:
    checkout(client, 3)
    assert audit_log(app) == [
        ("logged in", "bob"),
        ("order placed", "order 1: 3 items, 20400 cents"),
    ]


def test_no_signal_and_no_log_when_the_order_fails(client: FlaskClient, app: Flask) -> None:
    received = []
    with order_placed.connected_to(lambda sender, **extra: received.append(extra), sender=app):
        checkout(client, 21)  # 20 in stock
    assert received == []
    assert audit_log(app) == [("logged in", "bob")]


def test_a_failing_receiver_rolls_the_order_back(client: FlaskClient, app: Flask) -> None:
    def broken(sender: Flask, **extra: object) -> None:
        raise RuntimeError("the receiver failed")

    app.testing = False  # an unexpected error becomes the 500 page, as in production
    with order_placed.connected_to(broken, sender=app):
        AuthActions(client).login("bob")
        submit(client, "/", "/cart/add/1", quantity=1)
        assert submit(client, "/checkout", "/checkout").status_code == 500
    assert client.get("/api/orders").json == {"orders": []}
    assert client.get("/api/products").json["products"][0]["stock"] == 20
