"""Summarise a MIME message as a mail client reads it, the same on every run.

``Message.as_bytes()`` (Flask-Mail) and what an SMTP server receives are MIME: headers
encoded for ASCII (RFC 2047 subjects, RFC 2231 file names), bodies in base64, parts
nested inside parts, and values that change on every run (``Date``, ``Message-ID``, the
random boundaries between parts). Printed raw, a notebook's output would differ on every
run and teach encodings instead of the message. ``mime_summary`` parses the bytes with
the standard library's ``email`` package and keeps what a reader checks: the headers,
decoded, with address lists sorted (Flask-Mail builds ``To`` and ``Cc`` from a ``set``,
whose order changes between processes) and the volatile ones named but not shown, then
each part's content type, file name and decoded text.
"""

from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage
from typing import cast

#: Headers whose value changes on every run: said to be present, not shown.
VOLATILE_HEADERS = ("date", "message-id")
#: Headers that hold addresses: shown decoded and sorted.
ADDRESS_HEADERS = ("from", "to", "cc", "bcc", "reply-to", "sender")


def _header_line(message: EmailMessage, name: str, value: object) -> str:
    key = name.lower()
    if key in VOLATILE_HEADERS:
        return f"{name}: <present; changes every run, not shown>"
    if key == "content-type":
        params = [
            f"{param}=<random>" if param == "boundary" else f"{param}={param_value}"
            for param, param_value in (message.get_params() or [])[1:]
        ]
        return "; ".join([f"{name}: {message.get_content_type()}", *params])
    if key in ADDRESS_HEADERS and hasattr(value, "addresses"):
        return f"{name}: {', '.join(sorted(str(address) for address in value.addresses))}"
    return f"{name}: {value}"


def _part_lines(part: EmailMessage) -> list[str]:
    if part.is_multipart():
        return ["", f"[{part.get_content_type()}]"]
    lines = ["", f"[{part.get_content_type()}] {part.get_filename() or ''}".rstrip()]
    payload = part.get_payload(decode=True) or b""
    if part.get_content_maintype() == "text":
        lines.append(payload.decode(part.get_content_charset() or "utf-8").rstrip())
    else:
        lines.append(f"<{len(payload)} bytes>")
    return lines


def mime_summary(message_bytes: bytes) -> str:
    """The message's headers, decoded, then each MIME part: its type, file name and text.

    ``Date`` and ``Message-ID`` are said to be present, not shown; a boundary is shown as
    ``<random>``; address headers list their addresses sorted. A multipart part is its
    type in brackets, the parts inside it follow; a text part is its decoded text, any
    other part its size in bytes.
    """
    # policy.default parses into EmailMessage objects, the message and each of its parts
    message = cast(EmailMessage, email.message_from_bytes(message_bytes, policy=policy.default))
    lines = [_header_line(message, name, value) for name, value in message.items()]
    for part in message.walk():
        lines += _part_lines(cast(EmailMessage, part))
    return "\n".join(lines)
