"""Publishing a file to the shared folder without ever overwriting one.

Write a temporary name in the same folder, flush and fsync, then link it to its final name
(link fails if the name exists) and remove the temporary. Where the file system has no hard
links (some SMB and cloud folders), fall back to a rename after checking the name is free.
On object storage (an ``s3://`` location, relapp.sync.objectstore) the store's own
create-only write does it: a conditional put.
"""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

TMP_PREFIX = ".tmp-"


class AlreadyPublished(Exception):
    pass


def publish(folder: Path, name: str, data: bytes) -> Path:
    if not isinstance(folder, Path):  # a location on object storage: its store writes it
        return folder.store.create(folder, name, data)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / name
    if final.exists():
        raise AlreadyPublished(f"{final} exists already; published files are never replaced")
    tmp = folder / f"{TMP_PREFIX}{secrets.token_hex(8)}.part"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, final)
        except FileExistsError:
            raise AlreadyPublished(f"{final} exists already") from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            if final.exists():
                raise AlreadyPublished(f"{final} exists already") from None
            os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(folder)
    return final


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
