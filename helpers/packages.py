"""A Python package written to a temporary folder, importable again after every change.

Notebook 05 (blueprints) needs real files: a blueprint finds its templates and static
files on disk, relative to its module, and ``flask --app`` imports a package by name. So
the notebook writes a small package into a temporary folder and imports it. Importing it
again after the files changed needs two things a cell should not have to show: forgetting
the earlier import (its entries in ``sys.modules``) and putting the folder on ``sys.path``
only while importing, so nothing else in the kernel can import from it by accident.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class TempPackages:
    """A temporary folder for packages, deleted when the kernel stops (or ``cleanup()``)."""

    def __init__(self, prefix: str = "course-") -> None:
        self.workdir = tempfile.TemporaryDirectory(prefix=prefix)
        self.root = Path(self.workdir.name)

    def write(self, files: dict[str, str]) -> None:
        """Write each file (a path relative to the folder) with its dedented text."""
        for name, text in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")

    def rel(self, path: str | Path) -> str:
        """A path inside the folder, shown relative to it (its real place differs every run).

        A path outside the folder is shown whole rather than raising: Flask puts an
        app's instance folder under ``sys.prefix`` (``<prefix>/var/<name>-instance``)
        when the package sits inside ``sys.prefix``, which is where a temporary folder
        is when ``sys.prefix`` is ``/`` (Pyodide) or the temporary folder is inside it.
        """
        path = Path(path)
        if not path.is_relative_to(self.root):
            return path.as_posix()
        return path.relative_to(self.root).as_posix()

    def tree(self, top: str) -> None:
        """Print every file under ``top``, sorted, relative to the folder."""
        for path in sorted((self.root / top).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                print(self.rel(path))

    @contextmanager
    def importable(self, package: str, root: str | Path | None = None) -> Iterator[None]:
        """Inside the block, ``package`` imports afresh from ``root`` (default: the folder)."""
        folder = str(root or self.root)
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]
        importlib.invalidate_caches()  # the files may have changed since the last import
        sys.path.insert(0, folder)
        try:
            yield
        finally:
            sys.path.remove(folder)

    def cleanup(self) -> None:
        self.workdir.cleanup()
