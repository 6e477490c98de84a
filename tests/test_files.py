"""relapp.files: a file is written whole or not at all, and a published name is never replaced."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from relapp import files


def test_write_atomically_replaces_whole_and_private(tmp_path: Path) -> None:
    target = tmp_path / "keys"
    target.write_bytes(b"old")
    files.write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert list(tmp_path.iterdir()) == [target]
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "keys"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), files.replacing(target) as handle:
        handle.write(b"half")
        raise RuntimeError
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_link_new_never_overwrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / ".temp"
    files.write_new(temp, b"data")
    with pytest.raises(FileExistsError):
        files.write_new(temp, b"again")
    target = tmp_path / "published"
    files.link_new(temp, target)
    assert target.read_bytes() == b"data"
    with pytest.raises(FileExistsError):
        files.link_new(temp, target)

    def no_links(*_args: object) -> None:
        raise OSError(errno.EPERM, "no links here")

    monkeypatch.setattr(files.os, "link", no_links)
    with pytest.raises(OSError, match="no links"):
        files.link_new(temp, tmp_path / "other", fallback=(errno.EXDEV,))
    files.link_new(temp, tmp_path / "other", fallback=(errno.EPERM,))
    assert (tmp_path / "other").read_bytes() == b"data" and not temp.exists()
