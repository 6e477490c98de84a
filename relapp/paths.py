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


# Windows refuses paths of MAX_PATH (260) characters or more unless long paths are enabled on
# the machine (off by default, and council laptops are managed); a path with the \\?\ prefix
# is never limited. Folders need room for an 8.3 name, hence the margin.
WINDOWS_PATH_LIMIT = 248
WINDOWS_LONG_PREFIX = "\\\\?\\"


def system_path(path: str | os.PathLike[str], *, windows: bool = os.name == "nt") -> str:
    """``path`` as a system call wants it. On Windows a long path gets the ``\\\\?\\`` prefix
    (``\\\\?\\UNC\\`` for a share), so a team folder deep in a shared drive or a synced
    library works whether or not the machine allows long paths; elsewhere, and for short
    paths, it is left as it is."""
    import ntpath

    text = os.fspath(path)
    if not windows or len(text) < WINDOWS_PATH_LIMIT or text.startswith(WINDOWS_LONG_PREFIX):
        return text
    # The prefix turns off Windows' own clean-up of the path: no "/", "." or "..".
    full = ntpath.abspath(text) if os.name == "nt" else ntpath.normpath(text)
    if full.startswith("\\\\"):
        return WINDOWS_LONG_PREFIX + "UNC\\" + full[2:]
    return WINDOWS_LONG_PREFIX + full
