"""The rotating log in the user's log dir. Log events and ids, never record content."""

from __future__ import annotations

import logging
import logging.handlers
import os

from relapp.paths import log_dir


def setup_logging(level: int = logging.INFO) -> logging.Logger:
    logger = logging.getLogger("relapp")
    if logger.handlers:
        return logger
    logger.setLevel(level)
    logger.propagate = False
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "relapp.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        if os.name == "posix":
            os.chmod(folder / "relapp.log", 0o600)
    except OSError:
        handler = logging.NullHandler()  # an unwritable log dir must not stop the app
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    return logger
