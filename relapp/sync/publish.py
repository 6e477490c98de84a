"""Publishing a file to the shared folder without ever overwriting one.

Write a temporary name in the same folder, flush and fsync, then link it to its final name
(link fails if the name exists) and remove the temporary. Where the file system has no hard
links (FAT and exFAT drives, some SMB and cloud folders), fall back to a rename: on Windows a
rename fails if the name exists, so it never overwrites either; elsewhere the name is checked
to be free first. On Windows long paths get the long-path prefix (relapp.paths.system_path).
On object storage (an ``s3://`` location, relapp.sync.objectstore) the store's own
create-only write does it: a conditional put.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from relapp.paths import system_path

TMP_PREFIX = ".tmp-"


class AlreadyPublished(Exception):
    pass


def publish(folder: Path, name: str, data: bytes) -> Path:
    if not isinstance(folder, Path):  # a location on object storage: its store writes it
        return folder.store.create(folder, name, data)
    Path(system_path(folder)).mkdir(parents=True, exist_ok=True)
    final = folder / name
    target = system_path(final)
    if os.path.lexists(target):
        raise AlreadyPublished(f"{final} exists already; published files are never replaced")
    tmp = system_path(folder / f"{TMP_PREFIX}{secrets.token_hex(8)}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise AlreadyPublished(f"{final} exists already") from None
        except OSError:
            # No hard links here (Windows answers that with EINVAL or EACCES, POSIX with
            # EPERM, ENOTSUP or EXDEV). A real fault (a full disk, a vanished drive) fails
            # the rename below just as it failed the link, and is raised from there.
            _rename_new(tmp, target, final)
    finally:
        Path(tmp).unlink(missing_ok=True)
    _fsync_dir(folder)
    return final


def _rename_new(tmp: str, target: str, final: Path) -> None:
    if os.name == "nt":
        try:
            os.rename(tmp, target)  # fails with FileExistsError if the name is taken
        except FileExistsError:
            raise AlreadyPublished(f"{final} exists already") from None
        return
    if os.path.lexists(target):
        raise AlreadyPublished(f"{final} exists already")
    os.replace(tmp, target)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
