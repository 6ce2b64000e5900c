"""The shop's own signal, and the receivers that write the audit log.

The checkout view sends ``order_placed`` and does not know who listens: the audit log
today, maybe stock alerts or statistics tomorrow, without a change to the view. The
receivers are module-level functions: blinker keeps only a weak reference to a
receiver, so a function defined inside another one would vanish (the signals notebook).
"""

from __future__ import annotations

from blinker import Namespace
from flask import Flask
from flask_login import user_logged_in

from .extensions import db
from .models import AuditLog, Order, User

shop_signals = Namespace()
#: Sent by the checkout view with ``order=`` and ``user=``, before the commit.
order_placed = shop_signals.signal("order-placed")


@order_placed.connect
def audit_order(sender: Flask, *, order: Order, user: User, **extra: object) -> None:
    items = sum(item.quantity for item in order.items)
    detail = f"order {order.id}: {items} items, {order.total_cents} cents"
    db.session.add(AuditLog(user_id=user.id, action="order placed", detail=detail))


@user_logged_in.connect
def audit_login(sender: Flask, *, user: User, **extra: object) -> None:
    # Flask-Login's own signal; the login view commits.
    db.session.add(AuditLog(user_id=user.id, action="logged in", detail=user.username))
