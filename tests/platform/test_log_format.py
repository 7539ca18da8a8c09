"""Logs as JSON lines carry the time, level, logger, message, process and every extra field;
the logging configuration that serve and worker use is one that `logging` accepts."""

import json
import logging
import logging.config
import os

from crossroads.platform.log_format import JsonLines, logging_config


def test_a_record_becomes_one_json_line_with_its_extra_fields() -> None:
    record = logging.makeLogRecord(
        {"name": "crossroads.requests", "levelname": "INFO", "msg": "GET %s", "args": ("/x",)}
    )
    record.route = "/x"

    line = json.loads(JsonLines().format(record))

    assert line["message"] == "GET /x"
    assert (line["level"], line["logger"], line["route"]) == ("info", "crossroads.requests", "/x")
    assert line["time"].endswith("+00:00")
    assert line["process"] == os.getpid()


def test_both_formats_configure_logging() -> None:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        for log_format in ("text", "json"):
            logging.config.dictConfig(logging_config(log_format, "WARNING"))  # raises if bad
            assert root.level == logging.WARNING
    finally:
        root.handlers[:], root.level = handlers, level
