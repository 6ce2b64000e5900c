"""Shared test fixtures, the list of course notebooks, and the exercise-answer plugin."""

from __future__ import annotations

from pathlib import Path

from exercise_answers import pytest_collect_file

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

__all__ = ["NOTEBOOKS", "ROOT", "pytest_collect_file"]
