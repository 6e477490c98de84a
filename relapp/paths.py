"""Where a profile, its logs and its backups live. Nothing is created at import time.

The profile folder comes from ``--profile DIR``, then ``RELAPP_PROFILE``, then the platform's
user data dir. Tests and demos always pass an explicit folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Relapp"
APP_AUTHOR = "Relapp"
DB_NAME = "vault.sqlite3"
BACKUP_DIR = "backups"


def default_profile_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)) / "profile"


def resolve_profile_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get("RELAPP_PROFILE")
    if env:
        return Path(env).expanduser().resolve()
    return default_profile_dir()


def log_dir() -> Path:
    env = os.environ.get("RELAPP_LOG_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
