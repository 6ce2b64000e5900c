"""Record which signals fire, in order, as short lines a notebook can print.

Notebook 08 asks "which signals does Flask send during this request, and in which order?"
The answer needs a receiver per signal, each connected for one ``with`` block only (so no
receiver outlives the experiment, even when the block raises), and a description of each
signal's arguments that is stable from run to run (an exception's type, a response's
status, a template's name: never a repr with a memory address). Notebook 08 shows that
mechanism once, for two signals; ``recording`` does it for any number.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from blinker import ANY, NamedSignal
from werkzeug.wrappers import Response


def describe(value: object) -> str:
    """A short, stable description of a signal's argument (no reprs with addresses).

    An exception is its type, a response its status, a Jinja template its name, a dict
    its sorted keys; anything else its ``repr``.
    """
    if isinstance(value, BaseException):
        return type(value).__name__
    if isinstance(value, Response):
        return value.status
    if hasattr(value, "name") and hasattr(value, "render"):  # a Jinja template
        return str(value.name)
    if isinstance(value, dict):
        return "{" + ", ".join(sorted(map(str, value))) + "}"
    return repr(value)


def signal_name(signal: NamedSignal) -> str:
    """The name as Python code spells it: Flask's ``request-started`` is ``request_started``."""
    return signal.name.replace("-", "_")


@contextmanager
def recording(*signals: NamedSignal, sender: Any = ANY) -> Iterator[list[str]]:
    """Record each send of ``signals`` by ``sender`` as ``name(key=description, …)``, in order.

    Yields the list the lines go into; other code (a hook, say) may append to it too, so
    its lines appear among the signals in the order things happened. Each receiver is
    connected with ``connected_to`` (strongly, ``weak=False``, for the block only) inside
    one ``ExitStack``, which disconnects them all on the way out, even when the block
    raises. ``sender=ANY`` (the default) records sends by every sender.
    """
    if not signals:
        raise TypeError("recording() needs at least one signal")
    fired: list[str] = []
    with ExitStack() as stack:
        for signal in signals:
            name = signal_name(signal)

            def receiver(_sender: Any, _name: str = name, **extra: Any) -> None:
                details = ", ".join(f"{key}={describe(value)}" for key, value in extra.items())
                fired.append(f"{_name}({details})")

            stack.enter_context(signal.connected_to(receiver, sender=sender))
        yield fired
