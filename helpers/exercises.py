"""Check a learner's exercise answer and say what is right or what is wrong."""

from __future__ import annotations

from collections.abc import Callable


def check(title: str, test: Callable[[], object]) -> None:
    """Run ``test`` (a function of asserts) and print "correct" or what is wrong.

    Printing instead of raising keeps "Run All" going past an unsolved exercise,
    and the assert's message tells the learner what to fix. Nothing is returned, so
    a check cell's output is the printed verdict alone.
    """
    try:
        test()
    except AssertionError as failure:
        print(f"✗ {title}: not yet. {failure}")
        return
    except Exception as error:  # the learner's code may raise anything
        print(f"✗ {title}: your code raised {type(error).__name__}: {error}")
        return
    print(f"✓ {title}: correct")
