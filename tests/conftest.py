"""Shared test fixtures, the list of course notebooks, and the exercise-answer plugin."""

from __future__ import annotations

from exercise_answers import pytest_collect_file

from tools.notebooks import ROOT, all_notebooks

NOTEBOOKS = all_notebooks()

__all__ = ["NOTEBOOKS", "ROOT", "pytest_collect_file"]
