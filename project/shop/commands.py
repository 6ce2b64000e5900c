"""``flask --app project.shop seed`` and ``add-user``: what the shop needs before it opens."""

from __future__ import annotations

import re

import click
from email_validator import EmailNotValidError, validate_email
from flask import Flask
from flask.cli import with_appcontext

from .extensions import db
from .models import Product, User

DEMO_PRODUCTS = [
    ("龙井茶", "西湖龙井，明前茶，50 克", 6800, 20),  # Longjing green tea
    ("普洱茶", "云南熟普，357 克茶饼", 12800, 5),  # Pu'er, a pressed cake
    ("白茶", "福鼎白毫银针，100 克", 9900, 0),  # white tea: sold out
]


def seed_products() -> int:
    """Add the demo teas that are not there yet; how many were added."""
    have = set(db.session.scalars(db.select(Product.name)))
    new = [
        Product(name=name, description=text, price_cents=price, stock=stock)
        for name, text, price, stock in DEMO_PRODUCTS
        if name not in have
    ]
    db.session.add_all(new)
    db.session.commit()
    return len(new)


@click.command("seed")
@with_appcontext
def seed_command() -> None:
    """Add the demo products (once)."""
    click.echo(f"added {seed_products()} products")


@click.command("add-user")
@click.argument("username")
@click.argument("email")
@click.option("--admin", is_flag=True, help="An administrator (the admin site at /admin).")
@click.password_option(help="Asked for when not given (typed twice, not shown).")
@with_appcontext
def add_user_command(username: str, email: str, admin: bool, password: str) -> None:
    """Add a user; the password is stored hashed."""
    if not re.fullmatch(r"[\w.-]{1,40}", username):
        raise click.BadParameter("letters, digits, . _ - only (at most 40)", param_hint="USERNAME")
    if db.session.scalar(db.select(User.id).filter_by(username=username)) is not None:
        raise click.BadParameter(f"{username!r} exists already", param_hint="USERNAME")
    try:
        email = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise click.BadParameter(str(error), param_hint="EMAIL") from None
    if db.session.scalar(db.select(User.id).filter_by(email=email)) is not None:
        raise click.BadParameter(f"{email!r} belongs to another user", param_hint="EMAIL")
    if len(password) < 8:
        raise click.BadParameter("at least 8 characters", param_hint="'--password'")
    user = User(username=username, email=email, is_admin=admin)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"added {'administrator' if admin else 'user'} {username}")


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_command)
    app.cli.add_command(add_user_command)
