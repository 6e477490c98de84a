"""The central folder's layout. Nothing outside relapp/sync knows these names.

    <central folder>/relapp-team-<team id>/
        devices/<device id>/bundles/<seq>-<hash>.rlb    events, encrypted and signed
        devices/<device id>/snapshots/<seq>-<hash>.rls  that device's own history up to <seq>
        devices/<device id>/team/<clock>-<hash>.json    signed changes to the team manifest
        requests/<device id>-<hash>.json                join requests

Each device writes only inside its own folder (a joining device, not yet a member, writes
its request into requests/). One exception: the supervisor's laptop that retired a laptop (its
carrier) removes that laptop's bundles and snapshots, up to the end the signed retirement
pinned, once it has re-published their changes in its own folder. Names that do not match
these patterns exactly (a cloud service's "conflicted copy", a temporary file, an editor's
lock file) are never read.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from relapp.sync.bundle import NAME_PATTERN as BUNDLE_PATTERN
from relapp.sync.bundle import SNAPSHOT_PATTERN
from relapp.sync.publish import TMP_PREFIX
from relapp.sync.transport import Location, transport_of

TEAM_PREFIX = "relapp-team-"
TEAM_ID_PATTERN = re.compile(r"^[0-9a-f]{32}\Z")
DEVICE_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
TEAM_FILE_PATTERN = re.compile(r"^([0-9]{15}\.[0-9]{6})-([0-9a-f]{16})\.json\Z")
REQUEST_PATTERN = re.compile(
    r"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-([0-9a-f]{16})\.json\Z"
)


class FolderUnavailable(Exception):
    """The shared folder cannot be reached or holds no team: wait, change nothing."""


@dataclass(frozen=True)
class Listing:
    accepted: list[tuple[int, Location]]  # (sequence number, path), sorted
    ignored: list[Location]  # names that do not match: reported, never read


class TeamFolder:
    """A team's folder on its transport (relapp.sync.transport): a Path on a folder, an
    ObjectPath (s3://…) on object storage. Every read, write and removal of the team's
    files goes through here."""

    # More keys than this under devices/ and a pass lists folder by folder instead. A team's
    # own files are a few thousand; the bound keeps what junk written under devices/ can cost
    # a pass to 20 listing requests before it falls back.
    ONE_LISTING_LIMIT = 20_000

    def __init__(self, root: Location) -> None:
        self.root = root
        self.transport = transport_of(root)
        # One sync pass's listing of the other devices' folders (see list_once), by folder.
        self._listed: dict[str, list[tuple[Location, bool]]] | None = None
        self._own = ""
        name = root.name
        if not name.startswith(TEAM_PREFIX) or not TEAM_ID_PATTERN.match(name[len(TEAM_PREFIX) :]):
            raise FolderUnavailable(f"{root} is not a Relapp team folder.")
        self.team_id = name[len(TEAM_PREFIX) :]

    @classmethod
    def create(cls, central: Location, team_id: str) -> TeamFolder:
        root = central / f"{TEAM_PREFIX}{team_id}"
        transport = transport_of(central)
        transport.make_folder(root / "devices")
        transport.make_folder(root / "requests")
        return cls(root)

    @classmethod
    def locate(cls, folder: Location, team_id: str | None = None) -> TeamFolder:
        """The team folder itself, or the one team folder inside a central folder."""
        transport = transport_of(folder)
        try:
            if not transport.is_folder(folder):
                if isinstance(folder, Path):
                    raise FolderUnavailable(f"The shared folder {folder} cannot be reached.")
                # An empty prefix on a bucket that answers (the request fails otherwise).
                raise FolderUnavailable(f"There is no Relapp team in {folder} yet.")
            if folder.name.startswith(TEAM_PREFIX):
                found = cls(folder)
            else:
                candidates = sorted(
                    p
                    for p, is_file in transport.entries(folder)
                    if not is_file
                    and (not isinstance(p, Path) or p.is_dir())
                    and p.name.startswith(TEAM_PREFIX)
                    and TEAM_ID_PATTERN.match(p.name[len(TEAM_PREFIX) :])
                    and (team_id is None or p.name.endswith(team_id))
                )
                if not candidates:
                    raise FolderUnavailable(f"There is no Relapp team in {folder} yet.")
                if len(candidates) > 1:
                    raise FolderUnavailable(
                        f"{folder} holds several Relapp teams; choose the team's own folder."
                    )
                found = cls(candidates[0])
        except OSError as exc:
            raise FolderUnavailable(f"The shared folder {folder} cannot be read: {exc}.") from exc
        if team_id is not None and found.team_id != team_id:
            raise FolderUnavailable(f"{folder} belongs to another team.")
        return found

    def check_reachable(self) -> None:
        try:
            devices = self.root / "devices"
            if not self.transport.is_folder(devices):
                raise FolderUnavailable(
                    f"The team folder {self.root} is missing or not available offline yet."
                )
            if isinstance(devices, Path):
                next(iter(devices.iterdir()), None)
        except OSError as exc:
            raise FolderUnavailable(f"The team folder cannot be read: {exc}.") from exc

    def list_once(self, own_device: str) -> None:
        """On object storage, list everything under devices/ in one paged listing for this
        pass, instead of three listings per laptop's folder: listing requests are most of
        what a team pays its store, and a pass that finds nothing new then costs the same
        whatever the size of the team. This laptop's own folders are still listed live (the
        pass writes and removes there); another's removal by its carrier is taken out. A
        folder on a drive lists as it always did."""
        walk = getattr(self.transport, "walk", None)
        if walk is None:
            return
        devices = self.root / "devices"
        keys = walk(devices, self.ONE_LISTING_LIMIT)
        if keys is None:
            return
        listed: dict[str, tuple[Location, dict[str, bool]]] = {str(devices): (devices, {})}
        for key in keys:
            parts = key.split("/")
            if not all(parts):  # an empty segment ("a//b", "a/"): no name Relapp writes
                continue
            folder = devices
            for depth, name in enumerate(parts):
                is_file = depth == len(parts) - 1
                children = listed.setdefault(str(folder), (folder, {}))[1]
                children[name] = children.get(name, False) or is_file
                folder = folder / name
        self._listed = {
            key: [(folder / name, is_file) for name, is_file in names.items()]
            for key, (folder, names) in listed.items()
        }
        self._own = str(self.device_dir(own_device)) if DEVICE_PATTERN.match(own_device) else ""

    def _entries(self, folder: Location) -> list[tuple[Location, bool]]:
        key = str(folder)
        if self._listed is not None and not (self._own and key.startswith(self._own)):
            devices = str(self.root / "devices")
            if key == devices or key.startswith(devices + "/"):
                return list(self._listed.get(key, []))
        return self.transport.entries(folder)

    # ---- reading and writing the team's files ----------------------------------------------

    def read(self, path: Location, limit: int) -> bytes:
        """A file of this team, bounded (FileRefused beyond ``limit``; OSError: unreachable)."""
        return read_file(path, limit)

    def remove(self, path: Location) -> None:
        """One of this device's own files (or a retired laptop's, by its carrier)."""
        self.transport.delete(path)
        if self._listed is not None:
            folder = self._listed.get(str(path.parent))
            if folder is not None:
                folder[:] = [(p, is_file) for p, is_file in folder if p != path]

    def modified(self, path: Location) -> float:
        return self.transport.modified(path)

    def remove_stale_temporaries(self, device_id: str, older_than: float) -> None:
        """Temporaries a crash left in this device's folders (a folder's only: a PUT to
        object storage leaves none)."""
        if not isinstance(self.root, Path):
            return
        now = time.time()
        for sub in (self.bundles_dir(device_id), self.snapshots_dir(device_id)):
            if sub.is_dir():
                for path in sub.glob(f"{TMP_PREFIX}*.part"):
                    if now - path.stat().st_mtime > older_than:
                        path.unlink(missing_ok=True)

    @staticmethod
    def device_of(path: str | Location) -> str | None:
        """The device whose folder holds a file of the team folder, if any."""
        parts = Path(str(path)).parts
        for index in range(len(parts) - 2, 0, -1):
            if parts[index - 1] == "devices" and DEVICE_PATTERN.match(parts[index]):
                return parts[index]
        return None

    def device_dir(self, device_id: str) -> Location:
        if not DEVICE_PATTERN.match(device_id):
            raise ValueError(f"not a device id: {device_id!r}")
        return self.root / "devices" / device_id

    def bundles_dir(self, device_id: str) -> Location:
        return self.device_dir(device_id) / "bundles"

    def snapshots_dir(self, device_id: str) -> Location:
        return self.device_dir(device_id) / "snapshots"

    def snapshots(self, device_id: str) -> Listing:
        return self._list(
            self.snapshots_dir(device_id), SNAPSHOT_PATTERN, lambda m: int(m.group(1))
        )

    def team_dir(self, device_id: str) -> Location:
        return self.device_dir(device_id) / "team"

    @property
    def requests_dir(self) -> Location:
        return self.root / "requests"

    def device_ids(self) -> list[str]:
        base = self.root / "devices"
        try:
            return sorted(
                p.name for p, _is_file in self._entries(base) if DEVICE_PATTERN.match(p.name)
            )
        except OSError:
            return []

    def bundles(self, device_id: str) -> Listing:
        return self._list(self.bundles_dir(device_id), BUNDLE_PATTERN, lambda m: int(m.group(1)))

    def team_files(self) -> list[tuple[str, Location]]:
        out = []
        for device_id in self.device_ids():
            for _key, path in self._list(
                self.team_dir(device_id), TEAM_FILE_PATTERN, lambda m: 0
            ).accepted:
                out.append((device_id, path))
        return out

    def request_files(self) -> list[Location]:
        return [p for _k, p in self._list(self.requests_dir, REQUEST_PATTERN, lambda m: 0).accepted]

    def _list(self, folder: Location, pattern: re.Pattern[str], key) -> Listing:  # noqa: ANN001
        accepted, ignored = [], []
        try:
            entries = self._entries(folder)
        except FileNotFoundError:
            return Listing([], [])
        except NotADirectoryError:  # a file where a folder belongs: nothing to read there
            return Listing([], [folder])
        for path, is_file in entries:
            match = pattern.match(path.name)
            if match and is_file:
                accepted.append((key(match), path))
            elif not path.name.startswith(TMP_PREFIX):
                ignored.append(path)
        accepted.sort(key=lambda item: (item[0], item[1].name))
        return Listing(accepted, ignored)


def read_file(path: Location, limit: int) -> bytes:
    """A file of a team folder, on whichever transport holds it, bounded by ``limit``."""
    return transport_of(path).read(path, limit)
