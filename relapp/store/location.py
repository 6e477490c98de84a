"""Refuse to keep a profile on a network share or a cloud-synced folder.

A vault on a shared or synced folder would be copied to places we do not control, and SQLite's
locking is unreliable there. We look at the file-system type (Linux: /proc/self/mountinfo,
Windows: the drive type) and at well-known cloud folder names.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

NETWORK_FS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "afs",
    "ceph",
    "glusterfs",
    "9p",
    "davfs",
    "fuse.sshfs",
    "fuse.rclone",
    "fuse.s3fs",
    "fuse.gcsfuse",
    "fuse.onedriver",
    "fuse.davfs2",
    "fuse.dropbox",
    "fuse.google-drive-ocamlfuse",
    "fuse.glusterfs",
    "lustre",
    "beegfs",
}
CLOUD_FOLDER_NAMES = (
    "onedrive",
    "dropbox",
    "google drive",
    "googledrive",
    "my drive",
    "icloud drive",
    "icloud",
    "mobile documents",
    "box",
    "box sync",
    "pcloud",
    "pcloud drive",
    "nextcloud",
    "owncloud",
    "seafile",
    "sync.com",
    "megasync",
    "mega",
    "tresorit",
    "sharepoint",
)


# Where the OneDrive client says its folders are (personal, work or school, either).
WINDOWS_SYNC_VARIABLES = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")


class UnsafeLocation(Exception):
    pass


def _mount_fstype_linux(path: Path, mountinfo: str) -> str | None:
    best, best_type = "", None
    for line in mountinfo.splitlines():
        left, sep, right = line.partition(" - ")
        if not sep:
            continue
        fields = left.split()
        if len(fields) < 5:
            continue
        mount_point = fields[4].replace("\\040", " ")
        fstype = right.split()[0] if right.split() else ""
        prefix = mount_point.rstrip("/") + "/"
        inside = (str(path) + "/").startswith(prefix) or mount_point == "/"
        if inside and len(mount_point) > len(best):
            best, best_type = mount_point, fstype
    return best_type


def windows_root(text: str) -> tuple[str, bool]:
    """(the drive or share a Windows path is on, whether it is a network share). A long
    path's ``\\\\?\\`` prefix is not a share: ``\\\\?\\C:\\...`` is on C:, and only
    ``\\\\?\\UNC\\server\\share`` is one."""
    import ntpath

    for prefix in ("\\\\?\\", "\\\\.\\"):
        if text.startswith(prefix):
            rest = text[len(prefix) :]
            if rest[:4].upper() == "UNC\\":
                return ntpath.splitdrive("\\\\" + rest[4:])[0], True
            return ntpath.splitdrive(rest)[0], False
    drive = ntpath.splitdrive(text)[0]
    return drive, drive.startswith("\\\\")


def windows_sync_roots() -> list[str]:  # pragma: no cover - Windows only
    """Folders the OneDrive client keeps in sync: OneDrive itself (personal and work, from
    its environment variables) and every SharePoint or Teams library synced on this laptop,
    which it puts under a folder named after the organisation (from its registry key)."""
    roots = [os.environ.get(name, "") for name in WINDOWS_SYNC_VARIABLES]
    try:
        import winreg

        base = r"Software\SyncEngines\Providers\OneDrive"
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, base) as providers:
            for index in range(winreg.QueryInfoKey(providers)[0]):
                with winreg.OpenKey(providers, winreg.EnumKey(providers, index)) as provider:
                    roots.append(str(winreg.QueryValueEx(provider, "MountPoint")[0]))
    except OSError:
        pass
    return [root for root in roots if root]


def _windows_is_remote(path: Path) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive, remote = windows_root(str(path))
    if remote:
        return True
    drive_remote = 4
    return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote


def cloud_folder_of(
    text: str, *, windows: bool = os.name == "nt", sync_roots: list[str] | None = None
) -> str | None:
    """The cloud-synced folder ``text`` is inside (a part of it, or a sync root it is under),
    or None. Windows paths are compared without case, as Windows compares them."""
    from pathlib import PurePosixPath, PureWindowsPath

    flavour = PureWindowsPath if windows else PurePosixPath
    path = flavour(text)
    for part in path.parts:
        if part.lower() in CLOUD_FOLDER_NAMES or part.lower().startswith("onedrive -"):
            return part
    for root in sync_roots or ():
        if path == flavour(root) or flavour(root) in path.parents:
            return root
    return None


def _existing_ancestor(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return path


def check_profile_location(path: Path, mountinfo: str | None = None) -> None:
    """Raise UnsafeLocation with a sentence saying why this folder cannot hold a profile."""
    path = Path(os.path.abspath(path))
    synced = cloud_folder_of(str(path), sync_roots=windows_sync_roots() if os.name == "nt" else [])
    if synced:
        raise UnsafeLocation(
            f"{path} is inside a cloud-synced folder ({synced}); a Relapp profile must stay "
            "on this computer only. Choose a local folder."
        )
    if sys.platform.startswith("linux"):
        if mountinfo is None:
            try:
                mountinfo = Path("/proc/self/mountinfo").read_text()
            except OSError:
                return
        fstype = _mount_fstype_linux(_existing_ancestor(path).resolve(), mountinfo)
        if fstype and (fstype in NETWORK_FS or fstype.startswith("fuse.") and "cloud" in fstype):
            raise UnsafeLocation(
                f"{path} is on a network file system ({fstype}); a Relapp profile must stay on "
                "this computer's own disk. Choose a local folder."
            )
    elif os.name == "nt" and _windows_is_remote(path):  # pragma: no cover
        raise UnsafeLocation(
            f"{path} is on a network drive; a Relapp profile must stay on this computer's own "
            "disk. Choose a local folder."
        )
