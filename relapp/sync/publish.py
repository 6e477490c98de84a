"""Publishing a file to the shared folder without ever overwriting one.

Write a temporary name in the same folder, flush and fsync, then link it to its final name
(link fails if the name exists) and remove the temporary. Where the file system has no hard
links (some SMB and cloud folders), fall back to a rename after checking the name is free.
On object storage (an ``s3://`` location, relapp.sync.objectstore) the store's own
create-only write does it: a conditional put.
"""

from __future__ import annotations

from pathlib import Path

from relapp.crypto.digest import token_hex
from relapp.files import link_new, sync_folder, write_new
from relapp.paths import system_path

TMP_PREFIX = ".tmp-"


class AlreadyPublished(Exception):
    pass


def publish(folder: Path, name: str, data: bytes) -> Path:
    if not isinstance(folder, Path):  # a location on object storage: its store writes it
        return folder.store.create(folder, name, data)
    Path(system_path(folder)).mkdir(parents=True, exist_ok=True)
    final = folder / name
    target = Path(system_path(final))
    if target.exists() or target.is_symlink():
        raise AlreadyPublished(f"{final} exists already; published files are never replaced")
    tmp = Path(system_path(folder / f"{TMP_PREFIX}{token_hex(8)}.part"))
    try:
        write_new(tmp, data)
        try:
            # Any link failure falls back to a rename: Windows answers "no hard links here"
            # with EINVAL or EACCES, POSIX with EPERM, ENOTSUP or EXDEV; a real fault (a full
            # disk, a vanished drive) fails the rename just as it failed the link.
            link_new(tmp, target)
        except FileExistsError:
            raise AlreadyPublished(f"{final} exists already") from None
    finally:
        tmp.unlink(missing_ok=True)
    sync_folder(folder, best_effort=True)
    return final
