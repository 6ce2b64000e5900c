"""Unit tests for helpers/html.py: reading pages by tag, class and attribute, and tables."""

from __future__ import annotations

import pytest
from flask import Flask
from flask_admin import Admin
from flask_admin.contrib.sqla import ModelView
from flask_admin.form import SecureForm
from flask_sqlalchemy import SQLAlchemy

from helpers.html import Element, find_all, parse_html, table_rows, texts

PAGE = """<!doctype html>
<html><head><title>Users - 后台</title><style>p { color: red }</style></head>
<body>
  <div class="alert alert-danger"><button class="close">&times;</button>
      Record was   successfully deleted.</div>
  <ul><li>one<li>two</ul>
  <form><input name="csrf_token" type="hidden" value="abc"/><input name="user" value="x"></form>
  <script>var t = "<td>not a cell</td>";</script>
  <p id="stats">2 users, 1 admin(s)
  <p>second paragraph</p>
</body></html>"""


def test_text_is_collapsed_and_entities_decoded() -> None:
    assert texts(PAGE, "title") == ["Users - 后台"]
    assert texts(PAGE, "div", class_="alert") == ["× Record was successfully deleted."]


def test_scripts_and_styles_are_no_text() -> None:
    body = parse_html(PAGE).find("body")
    assert "color" not in body.text and "not a cell" not in body.text
    assert find_all(PAGE, "td") == []


def test_find_by_class_needs_every_class() -> None:
    assert len(find_all(PAGE, "div", class_="alert-danger alert")) == 1
    assert find_all(PAGE, "div", class_="alert alert-info") == []


def test_find_by_attribute() -> None:
    [token] = find_all(PAGE, "input", name="csrf_token")
    assert token.attrs == {"name": "csrf_token", "type": "hidden", "value": "abc"}
    assert parse_html(PAGE).find("input", type="hidden").attrs["value"] == "abc"
    assert [element.tag for element in find_all(PAGE, id="stats")] == ["p"]


def test_void_elements_hold_nothing() -> None:
    form = parse_html(PAGE).find("form")
    assert [child.tag for child in form.children if isinstance(child, Element)] == [
        "input",
        "input",
    ]


def test_unclosed_li_and_p_are_closed_by_the_next() -> None:
    assert texts(PAGE, "li") == ["one", "two"]
    assert texts(PAGE, "p") == ["2 users, 1 admin(s)", "second paragraph"]


def test_stray_end_tag_is_ignored() -> None:
    assert texts("<div>a</span>b</div><div>c</div>", "div") == ["ab", "c"]


def test_find_raises_when_nothing_matches() -> None:
    with pytest.raises(LookupError, match="table"):
        parse_html(PAGE).find("table")


def test_label_falls_back_to_titles() -> None:
    cell = parse_html('<td><a title="Edit"><span></span></a><button title="Delete"/></td>')
    assert cell.find("td").label == "Edit · Delete"
    assert parse_html("<td>text <i title='ignored'></i></td>").find("td").label == "text"


def test_table_rows_reads_header_and_cells() -> None:
    html = """<table class="other"><tr><td>skip me</td></tr></table>
    <table class="list"><thead><tr><th>Name</th><th>Admin</th></tr></thead>
    <tbody><tr><td> alice </td><td><span title="yes"></span></td></tr>
    <tr><td>bob<td><span title="no"></span></tr></tbody></table>"""
    assert table_rows(html, class_="list") == [
        ["Name", "Admin"],
        ["alice", "yes"],
        ["bob", "no"],
    ]
    assert table_rows(html) == [["skip me"]]


def test_table_rows_keeps_nested_tables_in_their_cell() -> None:
    html = "<table><tr><td><table><tr><td>inner</td></tr></table></td><td>b</td></tr></table>"
    assert table_rows(html) == [["inner", "b"]]


def test_flask_admin_list_page() -> None:
    """Flask-Admin 2's list page: a checkbox and the row's buttons, then the columns."""
    db = SQLAlchemy()

    class Users(db.Model):  # type: ignore[name-defined]
        id = db.Column(db.Integer, primary_key=True)
        username = db.Column(db.String(80), nullable=False)
        is_admin = db.Column(db.Boolean, nullable=False, default=False)

    class UserView(ModelView):
        column_list = ("username", "is_admin")
        column_filters = ("is_admin",)
        form_base_class = SecureForm

    app = Flask(__name__)
    app.config.update(SECRET_KEY="test", SQLALCHEMY_DATABASE_URI="sqlite://")
    db.init_app(app)
    with app.app_context():
        db.create_all()
        db.session.add_all([Users(username="alice", is_admin=True), Users(username="bob")])
        db.session.commit()
    Admin(app, name="后台").add_view(UserView(Users, db))
    page = app.test_client().get("/admin/users/").get_data(as_text=True)

    assert table_rows(page, class_="model-list") == [
        ["Select all records", "", "Username", "Is Admin"],
        ["Select record", "Edit Record · Delete Record", "alice", "is_admin: true"],
        ["Select record", "Edit Record · Delete Record", "bob", "is_admin: false"],
    ]
    assert texts(page, "th", class_="column-header") == ["Username", "Is Admin"]
    assert texts(page, "td", class_="col-username") == ["alice", "bob"]
    assert texts(page, "a", class_="dropdown-item filter") == ["Is Admin"]
    forms = find_all(page, "form", class_="icon")
    assert {(form.attrs["method"], form.attrs["action"]) for form in forms} == {
        ("POST", "/admin/users/delete/")
    }
    [token] = {element.attrs["value"] for element in find_all(page, "input", name="csrf_token")}
    assert len(token) > 40
