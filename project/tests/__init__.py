"""The shop's tests (a package: their conftest is project.tests.conftest, never the
course's tests/conftest.py). Run them from the repository root: pytest project/tests"""
