"""The shop's pages: products, the cart (kept in the session), checkout, orders."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .extensions import db
from .forms import AddToCartForm
from .models import Order, OrderItem, Product
from .signals import order_placed
from .tasks import later, send_order_confirmation

bp = Blueprint("shop", __name__)

#: The largest id a URL may carry: an INTEGER column holds no more (a larger one: 404).
MAX_ID = 2**31 - 1
#: Different products one cart may hold.
CART_MAX_ITEMS = 20


@bp.app_template_filter()
def yuan(cents: int) -> str:
    """Cents as the price a customer reads (the templates' ``|yuan`` filter)."""
    return f"¥{cents / 100:.2f}"


def cart() -> dict[str, int]:
    """The cart, {product id: quantity}, kept in the (server-side) session."""
    return dict(session.get("cart", {}))


def cart_lines() -> list[tuple[Product, int]]:
    """The cart's products and quantities; products deleted meanwhile are left out."""
    wanted = cart()
    products = db.session.scalars(db.select(Product).where(Product.id.in_(map(int, wanted))))
    return [(product, wanted[str(product.id)]) for product in products]


@bp.get("/")
def index() -> str:
    products = db.session.scalars(db.select(Product).order_by(Product.name)).all()
    return render_template("shop/index.html", products=products)


@bp.get(f"/products/<int(max={MAX_ID}):product_id>")
def product(product_id: int) -> str:
    return render_template(
        "shop/product.html", product=db.get_or_404(Product, product_id), form=AddToCartForm()
    )


@bp.post(f"/cart/add/<int(max={MAX_ID}):product_id>")
def add_to_cart(product_id: int) -> Response | tuple[str, int]:
    item = db.get_or_404(Product, product_id)
    form = AddToCartForm()
    if not form.validate_on_submit():
        return render_template("shop/product.html", product=item, form=form), 400
    items = cart()
    if str(item.id) not in items and len(items) >= CART_MAX_ITEMS:
        flash(f"购物车最多放 {CART_MAX_ITEMS} 种商品", "error")  # "at most … products"
        return redirect(url_for("shop.show_cart"))
    items[str(item.id)] = min(items.get(str(item.id), 0) + form.quantity.data, 99)
    session["cart"] = items
    flash(f"已加入购物车：{item.name} × {form.quantity.data}", "success")  # "added"
    return redirect(url_for("shop.show_cart"))


@bp.post(f"/cart/remove/<int(max={MAX_ID}):product_id>")
def remove_from_cart(product_id: int) -> Response:
    items = cart()
    if items.pop(str(product_id), None) is not None:
        session["cart"] = items
        flash("已从购物车移除", "info")  # "removed"
    return redirect(url_for("shop.show_cart"))


def total_cents(lines: list[tuple[Product, int]]) -> int:
    return sum(product.price_cents * quantity for product, quantity in lines)


@bp.get("/cart")
def show_cart() -> str:
    lines = cart_lines()
    return render_template("shop/cart.html", lines=lines, total=total_cents(lines))


@bp.get("/checkout")
@login_required
def checkout() -> str | Response:
    lines = cart_lines()
    if not lines:
        flash("购物车是空的", "info")  # "the cart is empty"
        return redirect(url_for("shop.index"))
    return render_template("shop/checkout.html", lines=lines, total=total_cents(lines))


@bp.post("/checkout")
@login_required
def place_order() -> Response:
    lines = cart_lines()
    if not lines:
        flash("购物车是空的", "info")
        return redirect(url_for("shop.index"))
    for product, quantity in lines:
        # One UPDATE that only succeeds while enough is left: two buyers of the last
        # item cannot both get it (a read, then a write, would let them).
        taken = db.session.execute(
            db.update(Product)
            .where(Product.id == product.id, Product.stock >= quantity)
            .values(stock=Product.stock - quantity)
        )
        if taken.rowcount != 1:
            db.session.rollback()
            flash(f"{product.name} 库存不足", "error")  # "not enough in stock"
            return redirect(url_for("shop.show_cart"))
    user = current_user._get_current_object()
    items = [OrderItem(product=p, quantity=q, price_cents=p.price_cents) for p, q in lines]
    order = Order(user=user, items=items, total_cents=total_cents(lines))
    db.session.add(order)
    db.session.flush()  # the order gets its id
    order_placed.send(current_app._get_current_object(), order=order, user=user)
    db.session.commit()  # the order, the stock and the audit log: all or nothing
    later(send_order_confirmation, order.id)  # after the commit: the worker must find it
    session.pop("cart", None)
    flash(f"下单成功：订单 {order.id}，确认邮件稍后发送。", "success")  # "order placed, mail soon"
    return redirect(url_for("shop.orders"))


@bp.get("/orders")
@login_required
def orders() -> str:
    mine = db.session.scalars(
        db.select(Order).filter_by(user_id=current_user.id).order_by(Order.id.desc())
    ).all()
    return render_template("shop/orders.html", orders=mine)
