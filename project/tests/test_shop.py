"""The shop's pages and its JSON API: the cart, checkout, orders, and bad input (4xx,
never a 500)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from project.shop.extensions import db
from project.shop.models import Order, Product

from .conftest import AuthActions, flashes, submit

LONGJING, PUER, WHITE = 1, 2, 3  # the demo teas: stock 20, 5 and 0


def add(client: FlaskClient, product_id: int, quantity: object = 1) -> TestResponse:
    return submit(client, "/", f"/cart/add/{product_id}", quantity=quantity)


def stock(app: Flask) -> dict[str, int]:
    with app.app_context():
        return dict(db.session.execute(db.select(Product.name, Product.stock)).all())


def test_index_lists_the_products(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert page.index("普洱茶") < page.index("白茶") < page.index("龙井茶")  # by name
    assert "售罄" in page  # the white tea is sold out


def test_product_page(client: FlaskClient) -> None:
    page = client.get(f"/products/{LONGJING}").get_data(as_text=True)
    assert "西湖龙井" in page and "¥68.00" in page


def test_missing_products_are_404(client: FlaskClient) -> None:
    for path in ["/products/99", "/products/99999999999999999999", "/products/abc", "/products/-1"]:
        assert client.get(path).status_code == 404, path
    assert add(client, 99999999999999999999).status_code == 404


def test_cart_and_checkout(client: FlaskClient, auth: AuthActions, app: Flask) -> None:
    assert add(client, LONGJING, 2).location == "/cart"
    add(client, PUER)
    cart = client.get("/cart")
    assert ("success", "已加入购物车：普洱茶 × 1") in flashes(cart)
    assert "¥264.00" in cart.get_data(as_text=True)  # 2 × 68 + 128
    assert client.get("/checkout").location == "/auth/login?next=%2Fcheckout"
    assert auth.login(next="/checkout").location == "/checkout"
    response = submit(client, "/checkout", "/checkout")
    assert response.location == "/orders"
    assert flashes(client.get("/orders"))[0][1].startswith("下单成功：订单 1")
    assert stock(app) == {"龙井茶": 18, "普洱茶": 4, "白茶": 0}
    assert "购物车 (0)" in client.get("/").get_data(as_text=True)
    assert client.get("/api/orders").json == {
        "orders": [
            {
                "id": 1,
                "total_cents": 26400,
                "items": [
                    {"product": "龙井茶", "quantity": 2},
                    {"product": "普洱茶", "quantity": 1},
                ],
            }
        ]
    }


def test_the_cart_survives_the_login(client: FlaskClient, auth: AuthActions) -> None:
    add(client, LONGJING)
    auth.login()
    assert "购物车 (1)" in client.get("/").get_data(as_text=True)


def test_not_enough_stock(client: FlaskClient, auth: AuthActions, app: Flask) -> None:
    auth.login()
    add(client, LONGJING)
    add(client, PUER, 6)  # 5 left
    response = submit(client, "/checkout", "/checkout")
    assert response.location == "/cart"
    assert flashes(client.get("/cart")) == [("error", "普洱茶 库存不足")]
    assert stock(app) == {"龙井茶": 20, "普洱茶": 5, "白茶": 0}  # the longjing too: rolled back
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Order.id))) == 0


def test_empty_cart_checkout(client: FlaskClient, auth: AuthActions) -> None:
    auth.login()
    assert client.get("/checkout").location == "/"
    assert submit(client, "/", "/checkout").location == "/"


def test_bad_quantities_are_400(client: FlaskClient) -> None:
    for quantity in [0, 100, -1, "abc", "", "9" * 30, "1\x00", "1.5"]:
        response = add(client, LONGJING, quantity)
        assert response.status_code == 400, quantity
        assert "购物车 (0)" in response.get_data(as_text=True)


def test_quantities_stop_at_99(client: FlaskClient) -> None:
    for _ in range(2):
        add(client, LONGJING, 60)
    assert "<td>99</td>" in client.get("/cart").get_data(as_text=True)


def test_remove_from_cart(client: FlaskClient) -> None:
    add(client, LONGJING)
    assert submit(client, "/cart", f"/cart/remove/{LONGJING}").location == "/cart"
    assert submit(client, "/", "/cart/remove/77").location == "/cart"  # nothing to remove
    assert "购物车是空的" in client.get("/cart").get_data(as_text=True)


def test_orders_are_private(client: FlaskClient, auth: AuthActions, app: Flask) -> None:
    auth.login("alice")
    add(client, LONGJING)
    submit(client, "/checkout", "/checkout")
    auth.logout()
    auth.login("bob")
    assert client.get("/api/orders").json == {"orders": []}
    assert "还没有订单" in client.get("/orders").get_data(as_text=True)


def test_api_products(client: FlaskClient) -> None:
    products = client.get("/api/products").json["products"]
    assert [p["name"] for p in products] == ["龙井茶", "普洱茶", "白茶"]
    assert products[0] == {"id": 1, "name": "龙井茶", "price_cents": 6800, "stock": 20}


def test_api_errors_are_json(client: FlaskClient) -> None:
    response = client.get("/api/orders")
    assert (response.status_code, response.json) == (401, {"error": "login required"})
    response = client.get("/api/nothing")
    assert (response.status_code, response.json["error"]) == (404, "Not Found")
    response = client.delete("/api/products")
    allowed = sorted(response.headers["Allow"].split(", "))
    assert (response.status_code, allowed) == (405, ["GET", "HEAD", "OPTIONS"])


def test_error_pages_are_html(client: FlaskClient) -> None:
    response = client.get("/nothing")
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "<h1>404 Not Found</h1>" in response.get_data(as_text=True)


def test_a_body_too_large_is_413(client: FlaskClient) -> None:
    response = client.post("/auth/login", data={"username": "x" * (1024 * 1024)})
    assert response.status_code == 413
