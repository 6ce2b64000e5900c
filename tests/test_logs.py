"""Unit tests for helpers/logs.py: a logger's lines in a list, nothing on stderr."""

from __future__ import annotations

import logging

import pytest
from flask import Flask

from helpers.logs import ListHandler, captured_log


def test_captured_log_collects_level_and_message(capsys: pytest.CaptureFixture[str]) -> None:
    logger = logging.getLogger("test_logs.collect")
    with captured_log(logger) as lines:
        logger.error("went %s", "wrong")
        logger.warning("careful")
    assert lines == ["ERROR: went wrong", "WARNING: careful"]
    assert capsys.readouterr().err == ""


def test_captured_log_keeps_records_from_the_root_logger(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test_logs.propagate")
    with caplog.at_level(logging.INFO), captured_log(logger):
        logger.error("only in the list")
    assert "only in the list" not in caplog.text


def test_captured_log_restores_handlers_and_propagate() -> None:
    logger = logging.getLogger("test_logs.restore")
    original = logging.StreamHandler()
    logger.handlers[:] = [original]
    logger.propagate = True
    with pytest.raises(ValueError), captured_log(logger):
        assert logger.handlers != [original] and not logger.propagate
        raise ValueError("the block failed")
    assert logger.handlers == [original]
    assert logger.propagate is True
    logger.handlers.clear()


def test_captured_log_on_a_flask_error(capsys: pytest.CaptureFixture[str]) -> None:
    app = Flask(__name__)
    app.add_url_rule("/fail", "fail", lambda: 1 / 0)
    with captured_log(app.logger) as lines:
        assert app.test_client().get("/fail").status_code == 500
    assert lines == ["ERROR: Exception on /fail [GET]"]
    assert capsys.readouterr().err == ""


def test_list_handler_formats_lines() -> None:
    handler = ListHandler()
    handler.emit(logging.LogRecord("x", logging.INFO, __file__, 1, "n=%d", (3,), None))
    assert handler.lines == ["INFO: n=3"]
