"""The forms. ``FlaskForm`` adds a CSRF token to each; ``CSRFProtect`` (in ``create_app``)
checks it on every POST, including the buttons that have no form class."""

from __future__ import annotations

from flask_wtf import FlaskForm
from sqlalchemy.orm import InstrumentedAttribute
from wtforms import BooleanField, IntegerField, PasswordField, StringField, ValidationError
from wtforms.validators import Email, EqualTo, InputRequired, Length, NumberRange, Regexp

from .extensions import db
from .models import User


class ShopForm(FlaskForm):
    class Meta:
        locales = ("zh",)  # WTForms' own Chinese messages (with WTF_I18N_ENABLED = False)


#: Letters (Chinese ones too), digits, '.', '_' and '-': no spaces, no control characters.
USERNAME = Regexp(r"^[\w.-]+\Z", message="只能包含字母、数字和 . _ -")


class LoginForm(ShopForm):
    username = StringField("用户名", validators=[InputRequired(), Length(max=40), USERNAME])
    password = PasswordField("密码", validators=[InputRequired(), Length(max=200)])
    remember = BooleanField("记住我")


class RegisterForm(ShopForm):
    username = StringField("用户名", validators=[InputRequired(), Length(max=40), USERNAME])
    email = StringField("邮箱", validators=[InputRequired(), Length(max=254), Email()])
    password = PasswordField("密码", validators=[InputRequired(), Length(min=8, max=200)])
    confirm = PasswordField("确认密码", validators=[EqualTo("password", message="两次密码不一致")])

    # WTForms runs these after the field's own validators, even when one failed: look a
    # value up only once it is valid (PostgreSQL refuses a NUL character: a 500).
    def validate_username(self, field: StringField) -> None:
        if not field.errors and taken(User.username, field.data):
            raise ValidationError("用户名已被使用")  # "user name taken"

    def validate_email(self, field: StringField) -> None:
        if not field.errors and taken(User.email, field.data):
            raise ValidationError("邮箱已被使用")


def taken(column: InstrumentedAttribute[str], value: str) -> bool:
    return db.session.scalar(db.select(User.id).where(column == value)) is not None


class AddToCartForm(ShopForm):
    quantity = IntegerField("数量", default=1, validators=[InputRequired(), NumberRange(1, 99)])
