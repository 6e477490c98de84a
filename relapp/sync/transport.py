"""Where the team's files live: a storage transport under the sync engine.

The protocol needs little of its storage: list the names under a prefix, read one file with
a size limit, write a file under a name that must not exist yet (never overwrite), remove
one of this device's own files (compaction, tidying), and the time a file was written. Two
transports give exactly that:

- ``FolderTransport``: a folder (an SMB share, a cloud-synced library, a local disk), with
  the file system calls Relapp always made (``read_bounded``, ``publish``);
- ``relapp.sync.objectstore.ObjectStore``: S3-compatible object storage, for a central
  folder given as ``s3://BUCKET/PREFIX``. Its client library is imported only when such a
  URL is used, so a laptop on a folder never loads it.

A location on a folder is a ``pathlib.Path``; on object storage an ``ObjectPath``, which
reads and prints as ``s3://bucket/key`` and joins with ``/`` like a path. Everything above
the transport (layout, manifest, engine) works on either. A store that cannot be reached
raises ``OSError`` (``StoreUnavailable``), exactly as a vanished drive does, so the engine's
existing answer to that (wait, change nothing, say so) holds for both.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Protocol

from relapp.paths import system_path
from relapp.sync import publish as publishing
from relapp.sync.wire import read_bounded

SCHEME = "s3://"


class StoreUnavailable(OSError):
    """The object store cannot be reached or refused the request: like a drive gone away."""

    def __init__(self, message: str) -> None:
        super().__init__(errno.EIO, message)


class ObjectPath:
    """A key in a bucket, used where a folder uses a Path: ``/``, ``name``, ``parts``,
    equality and ``str`` (``s3://bucket/key``). It carries the store that reaches it; it is
    deliberately not os.PathLike, so no file system call can ever be made with it."""

    __slots__ = ("bucket", "key", "store")

    def __init__(self, store: Transport, bucket: str, key: str) -> None:
        self.store = store
        self.bucket = bucket
        self.key = key.strip("/")

    def __truediv__(self, name: str) -> ObjectPath:
        if not name or "/" in name or name in (".", ".."):
            raise ValueError(f"not a name: {name!r}")
        return ObjectPath(self.store, self.bucket, f"{self.key}/{name}" if self.key else name)

    @property
    def name(self) -> str:
        return self.key.rsplit("/", 1)[-1] if self.key else self.bucket

    @property
    def parent(self) -> ObjectPath:
        return ObjectPath(self.store, self.bucket, self.key.rpartition("/")[0])

    @property
    def parts(self) -> tuple[str, ...]:
        return (f"{SCHEME}{self.bucket}", *(self.key.split("/") if self.key else ()))

    def __str__(self) -> str:
        return f"{SCHEME}{self.bucket}/{self.key}" if self.key else f"{SCHEME}{self.bucket}"

    def __repr__(self) -> str:
        return f"ObjectPath({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, ObjectPath)
            and (self.bucket, self.key) == (other.bucket, other.key)
            and self.store is other.store
        )

    def __hash__(self) -> int:
        return hash((self.bucket, self.key))

    def __lt__(self, other: ObjectPath) -> bool:
        return (self.bucket, self.key) < (other.bucket, other.key)


Location = Path | ObjectPath


class Transport(Protocol):
    """What sync needs of storage. ``folder`` arguments are prefixes; names are one level."""

    def entries(self, folder: Location) -> list[tuple[Location, bool]]:
        """Everything directly under ``folder``: (location, is a file). FileNotFoundError
        when there is no such folder (object storage: an empty list)."""

    def is_folder(self, folder: Location) -> bool:
        """The folder can be reached (on object storage: the bucket answers and the prefix
        holds something, or is the prefix the team was given)."""

    def make_folder(self, folder: Location) -> None: ...

    def read(self, path: Location, limit: int) -> bytes:
        """The whole file if it holds at most ``limit`` bytes; FileRefused otherwise, never
        reading more than ``limit + 1`` bytes. OSError when storage cannot be reached."""

    def create(self, folder: Location, name: str, data: bytes) -> Location:
        """Write a new file; AlreadyPublished if the name exists (never overwrites)."""

    def delete(self, path: Location) -> None:
        """Remove a file; nothing happens if it is gone already."""

    def modified(self, path: Location) -> float:
        """When the file was written (seconds since the epoch)."""


class FolderTransport:
    """A folder on a disk or share: what Relapp always did, unchanged.

    Every call goes through ``system_path``, so a long path works on Windows too.
    """

    def entries(self, folder: Path) -> list[tuple[Path, bool]]:
        return [(folder / e.name, e.is_file()) for e in Path(system_path(folder)).iterdir()]

    def is_folder(self, folder: Path) -> bool:
        return os.path.isdir(system_path(folder))

    def make_folder(self, folder: Path) -> None:
        Path(system_path(folder)).mkdir(parents=True, exist_ok=True)

    def read(self, path: Path, limit: int) -> bytes:
        return read_bounded(Path(system_path(path)), limit)

    def create(self, folder: Path, name: str, data: bytes) -> Path:
        return publishing.publish(folder, name, data)

    def delete(self, path: Path) -> None:
        Path(system_path(path)).unlink(missing_ok=True)

    def modified(self, path: Path) -> float:
        return os.stat(system_path(path)).st_mtime


FOLDER = FolderTransport()


def reachable(central: Location) -> bool:
    """A central folder can be written to: a folder that exists, a bucket that answers (a
    prefix needs no creating). Raises OSError when a store cannot be reached."""
    if isinstance(central, Path):
        return central.is_dir()
    return central.store.bucket_answers()


def transport_of(location: Location) -> Transport:
    return location.store if isinstance(location, ObjectPath) else FOLDER
