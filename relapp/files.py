"""Writing a file whole or not at all: the one way Relapp puts bytes on disk that matter.

A file is written under a temporary name beside its target (readable by its owner only),
flushed and fsynced, then renamed over the target (`write_atomically`, `replacing`) or linked
to a name that must still be free (`link_new`: published sync files and subject access
exports are never overwritten). The folder is fsynced afterwards so the rename itself is
durable (`sync_folder`).
"""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Container, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def temp_beside(path: Path, suffix: str = ".tmp") -> Path:
    """A hidden, unused name in path's folder for writing path's next bytes."""
    return path.with_name(f".{path.name}.{os.urandom(4).hex()}{suffix}")


def write_new(path: Path, data: bytes) -> None:
    """Create path (it must not exist), readable by its owner only, and write data to disk."""
    fd = os.open(path, _CREATE, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


@contextmanager
def replacing(path: Path, suffix: str = ".tmp", *, best_effort: bool = False) -> Iterator[BinaryIO]:
    """A handle on a private temporary file beside path. On a clean exit it is flushed,
    fsynced and renamed over path, and the folder is fsynced (see `sync_folder` for
    best_effort); on an error it is removed and path is left as it was."""
    path = Path(path)
    temp = temp_beside(path, suffix)
    fd = os.open(temp, _CREATE, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    sync_folder(path.parent, best_effort=best_effort)


@contextmanager
def replacing_text(
    path: Path, *, encoding: str, newline: str | None = None, best_effort: bool = False
) -> Iterator[io.TextIOWrapper]:
    """`replacing` for text."""
    with replacing(path, ".part", best_effort=best_effort) as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline=newline)
        yield text
        text.flush()
        text.detach()


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only, whole or not at all."""
    with replacing(path) as handle:
        handle.write(data)


def link_new(temp: Path, target: Path, fallback: Container[int] | None = None) -> None:
    """Give the written file temp the name target, which must be free: FileExistsError if it
    is not, never an overwrite. Where the file system cannot link (some SMB and cloud
    folders: the errors in fallback, or any error when fallback is None) it is renamed
    after checking the name is free. temp is left for the caller to remove."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if fallback is not None and exc.errno not in fallback:
            raise
        if os.name == "nt":
            os.rename(temp, target)  # Windows' rename fails if the name is taken: never replaces
            return
        if target.exists() or target.is_symlink():
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
        os.replace(temp, target)


def sync_folder(folder: Path, *, best_effort: bool = False) -> None:
    """Make the names in folder durable (a rename into it, a link). Only POSIX can open a
    folder; elsewhere the rename is as durable as it gets. best_effort: a folder that cannot
    be opened or synced (some network file systems refuse it) is left as it is, for files
    outside the profile whose own bytes are on disk already."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        if best_effort:
            return
        raise
    try:
        os.fsync(fd)
    except OSError:
        if not best_effort:
            raise
    finally:
        os.close(fd)
