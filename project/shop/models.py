"""The tables. Every name starts with ``shop_``: the course's database may hold other
notebooks' tables (``users`` in the SQLAlchemy one), and the shop never meets them.

A change here needs a migration: ``flask --app project.shop db migrate -m "…"``, read
the file it writes in ``project/migrations/versions/``, then ``db upgrade``.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db


class User(UserMixin, db.Model):
    __tablename__ = "shop_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    orders: Mapped[list[Order]] = relationship(back_populates="user")

    def set_password(self, password: str) -> None:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        self.password_hash = generate_password_hash(password, method=method)

    def __str__(self) -> str:  # how Flask-Admin names a user in a list
        return self.username


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("not anyone's password", method=method)


def password_matches(user: User | None, password: str) -> bool:
    """Check the password; with no such user, check a dummy hash (the same slow work), so
    the answer's timing does not tell which user names exist."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    stored = user.password_hash if user is not None else _dummy_hash(method)
    return check_password_hash(stored, password) and user is not None


class Product(db.Model):
    __tablename__ = "shop_products"
    __table_args__ = (
        CheckConstraint("price_cents >= 0", name="price_not_negative"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    price_cents: Mapped[int]  # money as whole cents: no rounding, on every database
    stock: Mapped[int] = mapped_column(default=0, server_default="0")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "price_cents": self.price_cents,
            "stock": self.stock,
        }

    def __str__(self) -> str:
        return self.name


class Order(db.Model):
    __tablename__ = "shop_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("shop_users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    total_cents: Mapped[int]
    user: Mapped[User] = relationship(back_populates="orders")
    items: Mapped[list[OrderItem]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderItem.id"
    )

    def to_dict(self) -> dict[str, Any]:
        items = [{"product": i.product.name, "quantity": i.quantity} for i in self.items]
        return {"id": self.id, "total_cents": self.total_cents, "items": items}


class OrderItem(db.Model):
    __tablename__ = "shop_order_items"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("shop_orders.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("shop_products.id"))
    quantity: Mapped[int]
    price_cents: Mapped[int]  # the price when ordered: a later change does not alter it
    order: Mapped[Order] = relationship(back_populates="items")
    product: Mapped[Product] = relationship()


class AuditLog(db.Model):
    __tablename__ = "shop_audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("shop_users.id"))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(200))
