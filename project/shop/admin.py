"""The admin site (Flask-Admin) at /admin, for administrators only.

Its forms post a CSRF token that ``CSRFProtect`` checks: Flask-Admin's templates put
Flask-WTF's ``csrf_token()`` in every form when the form class has no token of its own.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, redirect, request
from flask_admin import Admin, AdminIndexView
from flask_admin.contrib.sqla import ModelView
from flask_admin.menu import MenuLink
from flask_login import current_user, login_url
from werkzeug.wrappers import Response
from wtforms import Form, PasswordField, ValidationError
from wtforms.validators import Email, Length, NumberRange, Optional, Regexp

from .extensions import db
from .models import AuditLog, Order, Product, User


class AdminOnly:
    """Every admin view, the index included: administrators in, everyone else out."""

    def is_accessible(self) -> bool:
        return current_user.is_authenticated and current_user.is_admin

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Response:
        if current_user.is_authenticated:
            abort(403)  # logged in, not an administrator
        return redirect(login_url("auth.login", next_url=request.url))


class SecureIndexView(AdminOnly, AdminIndexView):
    pass


class SecureModelView(AdminOnly, ModelView):
    page_size = 50

    def get_list(self, page: int | None, *args: Any, **kwargs: Any) -> Any:
        if page is not None and not 0 <= page <= 100_000:  # ?page= becomes an OFFSET
            abort(400, "No such page.")
        return super().get_list(page, *args, **kwargs)


class UserView(SecureModelView):
    column_list = ("username", "email", "is_admin", "created_at")
    column_searchable_list = ("username", "email")
    form_columns = ("username", "email", "is_admin", "new_password")
    form_extra_fields = {"new_password": PasswordField("新密码", [Optional(), Length(8, 200)])}  # noqa: RUF012
    form_args = {  # noqa: RUF012 (Flask-Admin only reads it)
        "username": {"validators": [Length(max=40), Regexp(r"^[\w.-]+\Z")]},
        "email": {"validators": [Length(max=254), Email()]},
    }
    can_delete = False  # users with orders stay; take is_admin away instead

    def on_model_change(self, form: Form, model: User, is_created: bool) -> None:
        if form.new_password.data:  # empty: keep the current hash
            model.set_password(form.new_password.data)
        elif is_created:
            raise ValidationError("新用户需要密码")  # "a new user needs a password"


class ProductView(SecureModelView):
    column_list = ("name", "price_cents", "stock")
    column_searchable_list = ("name",)
    form_columns = ("name", "description", "price_cents", "stock")
    form_args = {  # noqa: RUF012
        "name": {"validators": [Length(max=80)]},
        "price_cents": {"validators": [NumberRange(0, 10_000_000)]},
        "stock": {"validators": [NumberRange(0, 1_000_000)]},
    }
    can_delete = False  # ordered products stay; set the stock to 0 instead


class ReadOnlyView(SecureModelView):
    can_create = can_edit = can_delete = False
    column_default_sort = ("id", True)


class OrderView(ReadOnlyView):
    column_list = ("id", "user", "total_cents", "created_at")


class AuditLogView(ReadOnlyView):
    column_list = ("created_at", "user_id", "action", "detail")


def init_admin(app: Flask) -> Admin:
    """A new Admin and new views for every app: Flask-Admin keeps one set per app."""
    admin = Admin(app, name=f"{app.config['SHOP_NAME']} 后台", index_view=SecureIndexView())
    admin.add_view(UserView(User, db, name="用户"))
    admin.add_view(ProductView(Product, db, name="商品"))
    admin.add_view(OrderView(Order, db, name="订单"))
    admin.add_view(AuditLogView(AuditLog, db, name="日志"))
    admin.add_link(MenuLink(name="回到商店", url="/"))
    return admin
