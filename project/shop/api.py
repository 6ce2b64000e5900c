"""A small JSON API. Its errors are JSON too (``hooks.py``); an anonymous request to
``/api/orders`` gets 401, not the login page (``auth.unauthorized``)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask_login import current_user, login_required

from .extensions import db
from .models import Order, Product

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/products")
def products() -> dict[str, Any]:
    found = db.session.scalars(db.select(Product).order_by(Product.id))
    return {"products": [product.to_dict() for product in found]}


@bp.get("/orders")
@login_required
def orders() -> dict[str, Any]:
    mine = db.session.scalars(
        db.select(Order).filter_by(user_id=current_user.id).order_by(Order.id)
    )
    return {"orders": [order.to_dict() for order in mine]}
