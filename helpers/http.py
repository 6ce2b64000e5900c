"""Show a test-client response compactly: status, the headers that matter, body.

``print(response)`` only gives ``<WrapperTestResponse streamed [200 OK]>``; a
learner needs to see what a browser would get, without the noise (Content-Length,
Date) and without values that change on every run (cookie signatures).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from IPython.display import HTML, display
from werkzeug.test import TestResponse

from helpers.volatile import mask_set_cookie

#: Headers that change what a browser does next; others are shown when asked for.
DEFAULT_HEADERS = ("Content-Type", "Location", "Set-Cookie")
#: Longer text bodies are cut, so a cell's output stays readable.
BODY_LIMIT = 800


def _redirect_chain(response: TestResponse) -> list[str]:
    """One line per redirect the test client followed (``follow_redirects=True``)."""
    return [
        f"{hop.request.method} {hop.request.path} → {hop.status} → {hop.location}"
        for hop in response.history
    ]


def _header_lines(response: TestResponse, names: Iterable[str]) -> list[str]:
    lines = []
    for name in names:
        for value in response.headers.getlist(name):
            if name.lower() == "set-cookie":
                value = mask_set_cookie(value)
            lines.append(f"{name}: {value}")
    return lines


def _body_text(response: TestResponse, limit: int) -> str:
    """The body as text: JSON with its Chinese shown as characters, not ``\\u`` escapes."""
    if response.is_json:
        text = json.dumps(response.get_json(), ensure_ascii=False)
    elif response.mimetype.startswith("text/"):
        text = response.get_data(as_text=True).strip()
    else:
        return f"<{len(response.get_data())} bytes of {response.mimetype}>"
    if len(text) > limit:
        return f"{text[:limit]}… ({len(text)} characters in all)"
    return text


def show(
    response: TestResponse,
    *,
    headers: Iterable[str] = (),
    html: bool = False,
    body_limit: int = BODY_LIMIT,
) -> None:
    """Print a response as a learner should read it; render its body when ``html``.

    ``headers`` adds header names to the default ones. With ``html=True`` the body
    is displayed as rendered HTML (how a browser shows it) instead of its source.
    """
    lines = _redirect_chain(response)
    lines.append(f"{response.request.method} {response.request.path} → {response.status}")
    lines += _header_lines(response, (*DEFAULT_HEADERS, *headers))
    print("\n".join(lines))
    if html:
        display(HTML(response.get_data(as_text=True)))
    elif body := _body_text(response, body_limit):
        print(f"\n{body}")
