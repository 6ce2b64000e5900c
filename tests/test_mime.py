"""Unit tests for helpers/mime.py, on messages Flask-Mail really builds."""

from __future__ import annotations

from email.message import EmailMessage

from flask import Flask
from flask_mail import Mail, Message

from helpers.mime import mime_summary

#: What notebook 10 prints for its order mail. The text body's lines end in CRLF, as
#: Flask-Mail encodes them (the last one is stripped).
ORDER_SUMMARY = """\
Content-Type: multipart/mixed; boundary=<random>
MIME-Version: 1.0
Subject: 您的订单 A-1024 已发货
From: Flask 课程 <course@example.com>
To: 小明 <xiaoming@example.com>, 小红 <xiaohong@example.com>
Date: <present; changes every run, not shown>
Message-ID: <present; changes every run, not shown>
Cc: service@example.com

[multipart/mixed]

[multipart/alternative]

[text/plain]
小明，您好！\r
\r
订单 A-1024 已发货，发货单见附件。

[text/html]
<p>小明，您好！</p><p>订单 <strong>A-1024</strong> 已发货，发货单见附件。</p>

[text/csv] 发货单.csv
商品,数量
龙井茶,2
紫砂壶,1"""


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.update(MAIL_DEFAULT_SENDER=("Flask 课程", "course@example.com"))
    Mail(app)
    return app


def order_mail() -> Message:
    """Notebook 10's order mail: two bodies, To, Cc and Bcc, a Chinese attachment."""
    msg = Message(
        subject="您的订单 A-1024 已发货",
        recipients=["小明 <xiaoming@example.com>", ("小红", "xiaohong@example.com")],
        cc=["service@example.com"],
        bcc=["audit@example.com"],
    )
    msg.body = "小明，您好！\n\n订单 A-1024 已发货，发货单见附件。\n"
    msg.html = "<p>小明，您好！</p><p>订单 <strong>A-1024</strong> 已发货，发货单见附件。</p>"
    msg.attach("发货单.csv", "text/csv", "商品,数量\n龙井茶,2\n紫砂壶,1\n".encode())
    return msg


def test_order_mail_summary() -> None:
    with create_app().app_context():
        assert mime_summary(order_mail().as_bytes()) == ORDER_SUMMARY


def test_summary_is_the_same_on_every_build() -> None:
    """Date, Message-ID and boundaries differ between builds; the summary does not."""
    with create_app().app_context():
        first, second = order_mail().as_bytes(), order_mail().as_bytes()
    assert first != second
    assert mime_summary(first) == mime_summary(second)


def test_bcc_is_no_header() -> None:
    with create_app().app_context():
        summary = mime_summary(order_mail().as_bytes())
    assert "audit@example.com" not in summary


def test_plain_message_shows_its_charset() -> None:
    with create_app().app_context():
        msg = Message("你好", recipients=["b@example.com", "a@example.com"], body="正文\n")
        summary = mime_summary(msg.as_bytes())
    lines = summary.splitlines()
    assert lines[0] == "Content-Type: text/plain; charset=utf-8"
    assert "To: a@example.com, b@example.com" in lines
    assert lines[-2:] == ["[text/plain]", "正文"]
    assert "<random>" not in summary


def test_binary_attachment_shows_its_size() -> None:
    with create_app().app_context():
        msg = Message("图", recipients=["a@example.com"], body="见附件")
        msg.attach("logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(24))
        summary = mime_summary(msg.as_bytes())
    assert summary.endswith("[image/png] logo.png\n<32 bytes>")


def test_any_mime_bytes() -> None:
    message = EmailMessage()
    message["Subject"] = "hello"
    message["Reply-To"] = "z@example.com, y@example.com"
    message.set_content("body\n")
    summary = mime_summary(message.as_bytes())
    assert "Reply-To: y@example.com, z@example.com" in summary.splitlines()
    assert summary.endswith("[text/plain]\nbody")
