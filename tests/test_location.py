"""A profile never lives in a cloud-synced folder or on a network file system."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from relapp.paths import DB_NAME
from relapp.store.location import UnsafeLocation, check_profile_location
from relapp.store.vault import Vault

PASSPHRASE = "kettle orbit meadow lantern"  # as in conftest

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads mountinfo")


def mountinfo(*mounts: tuple[str, str]) -> str:
    """A /proc/self/mountinfo text with a local root plus the given (mount point, fs type)."""
    lines = ["22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw"]
    for i, (point, fstype) in enumerate(mounts, start=40):
        escaped = point.replace(" ", "\\040")
        lines.append(f"{i} 22 0:{i} / {escaped} rw,relatime shared:{i} - {fstype} server:/x rw")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "parts",
    [
        ("OneDrive", "Relapp"),
        ("OneDrive - Northshire Council", "Relapp"),
        ("Dropbox",),
        ("Google Drive", "My stuff"),
        ("iCloud Drive",),
        ("Nextcloud", "work"),
        ("pCloud Drive",),
        ("Box",),
    ],
)
def test_cloud_folders_are_refused(tmp_path: Path, parts: tuple[str, ...]) -> None:
    path = tmp_path.joinpath(*parts, "profile")
    with pytest.raises(UnsafeLocation, match="cloud-synced") as info:
        check_profile_location(path, mountinfo=mountinfo())
    assert parts[0] in str(info.value)
    assert "local folder" in str(info.value)


def test_cloud_name_inside_a_word_is_fine(tmp_path: Path) -> None:
    for name in ("boxes", "my-dropbox-notes", "onedrive_backup_old", "megaphone"):
        check_profile_location(tmp_path / name / "profile", mountinfo=mountinfo())


@linux_only
@pytest.mark.parametrize("fstype", ["nfs", "nfs4", "cifs", "smb3", "fuse.sshfs", "fuse.rclone"])
def test_network_mounts_are_refused(tmp_path: Path, fstype: str) -> None:
    share = tmp_path / "share"
    share.mkdir()
    with pytest.raises(UnsafeLocation, match="network file system") as info:
        check_profile_location(
            share / "relapp" / "profile", mountinfo=mountinfo((str(share), fstype))
        )
    assert fstype in str(info.value)


@linux_only
def test_mount_point_with_a_space(tmp_path: Path) -> None:
    share = tmp_path / "team share"
    share.mkdir()
    with pytest.raises(UnsafeLocation, match="cifs"):
        check_profile_location(share / "profile", mountinfo=mountinfo((str(share), "cifs")))


@linux_only
def test_the_deepest_mount_wins(tmp_path: Path) -> None:
    outer = tmp_path / "net"
    inner = outer / "local-disk"
    inner.mkdir(parents=True)
    info = mountinfo((str(outer), "nfs"), (str(inner), "ext4"))
    check_profile_location(inner / "profile", mountinfo=info)  # on the local disk: fine
    with pytest.raises(UnsafeLocation):
        check_profile_location(outer / "profile", mountinfo=info)


@linux_only
def test_a_sibling_with_a_longer_name_is_not_inside_the_mount(tmp_path: Path) -> None:
    (tmp_path / "share").mkdir()
    (tmp_path / "shared-local").mkdir()
    info = mountinfo((str(tmp_path / "share"), "nfs"))
    check_profile_location(tmp_path / "shared-local" / "profile", mountinfo=info)


def test_local_tmp_path_is_accepted(tmp_path: Path) -> None:
    check_profile_location(tmp_path / "profile")  # the real mount table
    check_profile_location(tmp_path / "profile", mountinfo=mountinfo())
    check_profile_location(tmp_path / "profile", mountinfo="")


def test_create_in_a_cloud_folder_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "Dropbox" / "profile"
    with pytest.raises(UnsafeLocation):
        Vault.create(target, "Sam", "practitioner", PASSPHRASE)
    assert not (tmp_path / "Dropbox").exists()


def test_open_in_a_cloud_folder_is_refused(tmp_path: Path) -> None:
    good = tmp_path / "profile"
    v, _ = Vault.create(good, "Sam", "practitioner", PASSPHRASE)
    v.close()
    moved = tmp_path / "OneDrive" / "profile"
    moved.parent.mkdir()
    good.rename(moved)
    before = (moved / DB_NAME).read_bytes()
    with pytest.raises(UnsafeLocation, match="OneDrive"):
        Vault.open(moved)
    assert (moved / DB_NAME).read_bytes() == before
