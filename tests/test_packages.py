"""helpers.packages: a package on disk that imports afresh after every change."""

from __future__ import annotations

import sys

from helpers.packages import TempPackages


def test_write_tree_and_rel(capsys) -> None:
    packages = TempPackages()
    packages.write({"pkg/__init__.py": "\n    VALUE = 1\n", "pkg/static/a.css": "x"})
    packages.tree("pkg")
    assert capsys.readouterr().out == "pkg/__init__.py\npkg/static/a.css\n"
    assert (packages.root / "pkg/__init__.py").read_text() == "VALUE = 1\n"
    assert packages.rel(packages.root / "pkg" / "x.py") == "pkg/x.py"
    packages.cleanup()


def test_importable_imports_afresh_and_leaves_sys_path_alone() -> None:
    packages = TempPackages()
    path_before = list(sys.path)
    for value in (1, 2):
        packages.write({"coursepkg_test/__init__.py": f"VALUE = {value}\n"})
        with packages.importable("coursepkg_test"):
            import coursepkg_test
        assert value == coursepkg_test.VALUE
    assert sys.path == path_before
    del sys.modules["coursepkg_test"]
    packages.cleanup()


def test_rel_shows_a_path_outside_the_folder_whole() -> None:
    packages = TempPackages()
    assert packages.rel("/var/flaskr-instance") == "/var/flaskr-instance"
    assert packages.rel(packages.root / "instance") == "instance"
    packages.cleanup()
