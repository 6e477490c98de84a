"""A county's folder: its system leaders, the teams that publish for it, and their requests.

    <central>/relapp-county-<county id>/
        devices/<device id>/county/<clock>-<hash>.json     signed changes (leaders' laptops)
        devices/<device id>/figures/<quarter>-<clock>-<hash>.rlf   a team's sealed figures
        requests/<device id>-<hash>.json                   requests to join or to publish

The same rules as a team folder (relapp.sync.layout): each laptop writes only in its own
folder and never overwrites a file; names that do not match are never read; every file is
read bounded and checked against a strict schema, and one that fails is set aside with a
reason, never deleted, never stopping the rest.

The county's manifest is the set of signed changes replayed in clock order from a genesis
written by the first system leader; the county id is the hash of that genesis, so a forged
genesis names another county (a team pins the id when it registers). A change counts only
when a leader's laptop, a member at that point, signed it. It lists the leaders' laptops
(their X25519 keys: the figures are sealed for them) and, per team, the supervisors' laptops
allowed to publish that team's figures (their Ed25519 keys: the figures are checked against
them). A system leader belongs to no team and holds no team key: nothing here opens a
family's record.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import msgspec

from relapp.crypto.keyring import Keyring
from relapp.crypto.recipients import BadSignature, sign, verify
from relapp.sync import wire
from relapp.sync.layout import DEVICE_PATTERN, TEAM_FILE_PATTERN, FolderUnavailable, Listing
from relapp.sync.manifest import canonical
from relapp.sync.publish import TMP_PREFIX, publish
from relapp.sync.transport import Location, transport_of

COUNTY_PREFIX = "relapp-county-"
COUNTY_ID_PATTERN = re.compile(r"^[0-9a-f]{32}\Z")
REQUEST_PATTERN = re.compile(
    r"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-([0-9a-f]{16})\.json\Z"
)
FIGURES_PATTERN = re.compile(r"^([0-9]{4}-Q[1-4])-([0-9]{15}\.[0-9]{6})-([0-9a-f]{16})\.rlf\Z")
MAX_COUNTY_FILE = 64 * 1024


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def signed_by(public: bytes | str, doc: wire.SignedFile) -> bool:
    """The file's body carries a valid signature of this Ed25519 key."""
    try:
        key = _unb64(public) if isinstance(public, str) else public
        verify(key, _unb64(doc.sig), canonical(doc.body))
    except (BadSignature, binascii.Error, ValueError):
        return False
    return True


class CountyError(Exception):
    """The county folder cannot be used as asked; the message is for people."""


# ---- the shapes of the county's files -----------------------------------------------------

_Key = Annotated[str, msgspec.Meta(pattern="^[A-Za-z0-9+/]{43}=\\Z")]


class Leader(msgspec.Struct):
    member_id: wire.RecordId
    device_id: wire.DeviceId
    x25519: _Key
    ed25519: _Key


class CountyGenesis(msgspec.Struct, tag="county_genesis", tag_field="type"):
    name: wire.Label
    hlc: wire.Clock
    founder: Leader
    nonce: wire.Hex = ""


class AddLeader(msgspec.Struct, tag="add_leader", tag_field="type"):
    county: wire.TeamId
    hlc: wire.Clock
    leader: Leader


class AddPublisher(msgspec.Struct, tag="add_publisher", tag_field="type"):
    """A team supervisor's laptop may publish that team's figures."""

    county: wire.TeamId
    hlc: wire.Clock
    team: wire.TeamId
    team_name: wire.Label
    device_id: wire.DeviceId
    ed25519: _Key


class RemoveTeam(msgspec.Struct, tag="remove_team", tag_field="type"):
    county: wire.TeamId
    hlc: wire.Clock
    team: wire.TeamId


CountyChange = CountyGenesis | AddLeader | AddPublisher | RemoveTeam


class CountyRequest(msgspec.Struct, tag="county_request", tag_field="type"):
    """A laptop asks to join as a system leader (team empty) or to publish a team's figures."""

    county: wire.TeamId
    hlc: wire.Clock
    role: Literal["system_leader", "publisher"]
    member_id: wire.RecordId
    device_id: wire.DeviceId
    x25519: _Key
    ed25519: _Key
    team: Annotated[str, msgspec.Meta(pattern="^([0-9a-f]{32})?\\Z")] = ""


# ---- the folder -----------------------------------------------------------------------------


@dataclass
class Publisher:
    team: str
    team_name: str
    device_id: str
    ed25519: bytes


@dataclass
class CountyState:
    county_id: str
    name: str
    leaders: dict[str, Leader] = field(default_factory=dict)  # device id -> leader
    publishers: dict[str, Publisher] = field(default_factory=dict)  # device id -> publisher
    teams: dict[str, str] = field(default_factory=dict)  # team id -> name (not removed)
    rejected: list[tuple[Location, str]] = field(default_factory=list)
    missing: list[Location] = field(default_factory=list)  # remembered, gone from the drive
    accepted_files: dict[str, bytes] = field(default_factory=dict)  # "device/name" -> bytes

    def leader_keys(self) -> dict[str, bytes]:
        return {d: _unb64(leader.x25519) for d, leader in self.leaders.items()}


class CountyFolder:
    def __init__(self, root: Location) -> None:
        self.root = root
        self.transport = transport_of(root)
        name = root.name
        if not name.startswith(COUNTY_PREFIX) or not COUNTY_ID_PATTERN.match(
            name[len(COUNTY_PREFIX) :]
        ):
            raise FolderUnavailable(f"{root} is not a Relapp county folder.")
        self.county_id = name[len(COUNTY_PREFIX) :]

    @classmethod
    def locate(cls, folder: Location, county_id: str | None = None) -> CountyFolder:
        """The county folder itself, or the one county folder inside a central folder."""
        transport = transport_of(folder)
        try:
            if folder.name.startswith(COUNTY_PREFIX):
                found = cls(folder)
            else:
                if not transport.is_folder(folder):
                    raise FolderUnavailable(f"There is no Relapp county in {folder}.")
                candidates = sorted(
                    p
                    for p, is_file in transport.entries(folder)
                    if not is_file
                    and p.name.startswith(COUNTY_PREFIX)
                    and COUNTY_ID_PATTERN.match(p.name[len(COUNTY_PREFIX) :])
                    and (county_id is None or p.name.endswith(county_id))
                )
                if not candidates:
                    raise FolderUnavailable(f"There is no Relapp county in {folder}.")
                if len(candidates) > 1:
                    raise FolderUnavailable(
                        f"{folder} holds several Relapp counties; give the county's own folder."
                    )
                found = cls(candidates[0])
            if not transport.is_folder(found.root / "devices"):
                raise FolderUnavailable(f"The county folder {found.root} cannot be reached.")
        except OSError as exc:
            raise FolderUnavailable(f"The county folder {folder} cannot be read: {exc}.") from exc
        if county_id is not None and found.county_id != county_id:
            raise FolderUnavailable(f"{folder} belongs to another county.")
        return found

    def device_dir(self, device_id: str) -> Location:
        if not DEVICE_PATTERN.match(device_id):
            raise ValueError(f"not a device id: {device_id!r}")
        return self.root / "devices" / device_id

    def changes_dir(self, device_id: str) -> Location:
        return self.device_dir(device_id) / "county"

    def figures_dir(self, device_id: str) -> Location:
        return self.device_dir(device_id) / "figures"

    @property
    def requests_dir(self) -> Location:
        return self.root / "requests"

    def device_ids(self) -> list[str]:
        try:
            entries = self.transport.entries(self.root / "devices")
        except FileNotFoundError:
            return []
        return sorted(
            p.name for p, is_file in entries if not is_file and DEVICE_PATTERN.match(p.name)
        )

    def listing(self, folder: Location, pattern: re.Pattern[str]) -> Listing:
        accepted, ignored = [], []
        try:
            entries = self.transport.entries(folder)
        except FileNotFoundError:
            return Listing([], [])
        except NotADirectoryError:
            return Listing([], [folder])
        for path, is_file in entries:
            if pattern.match(path.name) and is_file:
                accepted.append((0, path))
            elif not path.name.startswith(TMP_PREFIX):
                ignored.append(path)
        accepted.sort(key=lambda item: item[1].name)
        return Listing(accepted, ignored)

    def read(self, path: Location, limit: int) -> bytes:
        return self.transport.read(path, limit)

    # ---- the signed files ------------------------------------------------------------------

    def _signed(
        self,
        folder: Location,
        body: dict[str, Any],
        keyring: Keyring,
        signer: str,
        name: str | None = None,
    ) -> Location:
        payload = canonical(body)
        data = json.dumps(
            {"body": body, "signer": signer, "sig": _b64(sign(keyring.ed25519_private, payload))},
            sort_keys=True,
        ).encode()
        digest = hashlib.sha256(data).hexdigest()[:16]
        return publish(folder, name or f"{body['hlc']}-{digest}.json", data)  # type: ignore[arg-type]

    def write_change(self, device_id: str, keyring: Keyring, body: dict[str, Any]) -> Location:
        return self._signed(self.changes_dir(device_id), body, keyring, device_id)

    def write_request(self, device_id: str, keyring: Keyring, body: dict[str, Any]) -> Location:
        payload = canonical(body)
        data = json.dumps(
            {
                "body": body,
                "signer": device_id,
                "sig": _b64(sign(keyring.ed25519_private, payload)),
            },
            sort_keys=True,
        ).encode()
        name = f"{device_id}-{hashlib.sha256(data).hexdigest()[:16]}.json"
        return publish(self.requests_dir, name, data)  # type: ignore[arg-type]


def leader_of(keyring: Keyring, member_id: str, device_id: str) -> dict[str, str]:
    return {
        "member_id": member_id,
        "device_id": device_id,
        "x25519": _b64(keyring.x25519_public()),
        "ed25519": _b64(keyring.ed25519_public()),
    }


def create_county(
    central: Location, *, name: str, member_id: str, device_id: str, keyring: Keyring, hlc: str
) -> CountyFolder:
    body = {
        "type": "county_genesis",
        "name": name,
        "hlc": hlc,
        "nonce": os.urandom(16).hex(),
        "founder": leader_of(keyring, member_id, device_id),
    }
    wire.convert(body, CountyGenesis, "the county's name")  # a bad name is refused here
    county_id = hashlib.sha256(canonical(body)).hexdigest()[:32]
    root = central / f"{COUNTY_PREFIX}{county_id}"
    transport = transport_of(central)
    transport.make_folder(root / "devices")
    transport.make_folder(root / "requests")
    folder = CountyFolder(root)
    folder.write_change(device_id, keyring, body)
    return folder


def _parse_signed(path: Location, raw: bytes, named_by_hash: bool = True) -> wire.SignedFile:
    if named_by_hash and not path.name.endswith(f"-{hashlib.sha256(raw).hexdigest()[:16]}.json"):
        raise wire.FileRefused("file name does not match its content")
    doc = wire.decode(raw, wire.SignedFile, "the file")
    if not wire.depth_within(doc.body):
        raise wire.FileRefused("the file is nested too deeply")
    return doc


def load_county(folder: CountyFolder, remembered: dict[str, bytes] | None = None) -> CountyState:
    """Replay the county's signed changes from its genesis. A file that fails a check is set
    aside (listed in ``rejected`` with its reason), never used, never deleted.

    ``remembered`` holds the changes this laptop accepted before ("device/name" -> bytes): one
    deleted from the drive is still replayed (and listed in ``missing``), so someone who can
    delete files cannot take back a leader's or a team's approval, nor the county itself."""
    rejected: list[tuple[Location, str]] = []
    changes: list[tuple[str, str, Any, wire.SignedFile, Location]] = []
    entries: list[tuple[str, Location, bytes | None]] = []
    for device_id in folder.device_ids():
        listing = folder.listing(folder.changes_dir(device_id), TEAM_FILE_PATTERN)
        entries.extend((device_id, path, None) for _key, path in listing.accepted)
    on_drive = {f"{d}/{p.name}" for d, p, _ in entries}
    missing: list[Location] = []
    for key, raw in sorted((remembered or {}).items()):
        device_id, _, name = key.partition("/")
        if key in on_drive or not TEAM_FILE_PATTERN.match(name):
            continue
        try:
            path = folder.changes_dir(device_id) / name
        except ValueError:
            continue
        entries.append((device_id, path, raw))
        missing.append(path)
    raw_of: dict[str, bytes] = {}
    for device_id, path, remembered_raw in entries:
        try:
            raw = remembered_raw
            if raw is None:
                raw = folder.read(path, MAX_COUNTY_FILE)
            doc = _parse_signed(path, raw)
            change = wire.convert(doc.body, CountyChange, "the change")
        except wire.FileRefused as exc:
            rejected.append((path, wire.clean_reason(str(exc))))
            continue
        if doc.signer != device_id:
            rejected.append((path, "signed for another laptop's folder"))
            continue
        raw_of[str(path)] = raw
        changes.append((change.hlc, path.name, change, doc, path))
    changes.sort(key=lambda c: (c[0], c[1]))
    geneses = [c for c in changes if isinstance(c[2], CountyGenesis)]
    state: CountyState | None = None
    for _hlc, _name, genesis, doc, path in geneses:
        county_id = hashlib.sha256(canonical(doc.body)).hexdigest()[:32]
        if not signed_by(genesis.founder.ed25519, doc):
            rejected.append((path, "signature does not match its laptop"))
            continue
        if county_id != folder.county_id or genesis.founder.device_id != doc.signer:
            rejected.append((path, "the founding file of another county"))
            continue
        state = CountyState(county_id, genesis.name)
        state.leaders[genesis.founder.device_id] = genesis.founder
        applied = [path]
        break
    if state is None:
        raise CountyError(f"The county folder {folder.root} has no valid founding file.")
    for _hlc, _name, change, doc, path in changes:
        if isinstance(change, CountyGenesis):
            continue  # the first valid one founded the county; any other names another
        reason = _apply(state, change, doc)
        if reason:
            rejected.append((path, reason))
        else:
            applied.append(path)
    state.rejected = rejected
    state.missing = missing
    state.accepted_files = {
        f"{path.parent.parent.name}/{path.name}": raw_of[str(path)]
        for path in applied
        if str(path) in raw_of
    }
    return state


def _apply(state: CountyState, change: Any, doc: wire.SignedFile) -> str:
    signer = state.leaders.get(doc.signer)
    if signer is None:
        return "not signed by one of the county's system leaders"
    if not signed_by(signer.ed25519, doc):
        return "signature does not match its laptop"
    if change.county != state.county_id:
        return "belongs to another county"
    if isinstance(change, AddLeader):
        state.leaders[change.leader.device_id] = change.leader
    elif isinstance(change, AddPublisher):
        state.publishers[change.device_id] = Publisher(
            change.team, change.team_name, change.device_id, _unb64(change.ed25519)
        )
        state.teams[change.team] = change.team_name
    elif isinstance(change, RemoveTeam):
        state.teams.pop(change.team, None)
        state.publishers = {d: p for d, p in state.publishers.items() if p.team != change.team}
    return ""


@dataclass(frozen=True)
class Request:
    path: Location
    body: CountyRequest

    @property
    def short(self) -> str:
        return self.body.device_id[-8:]


def read_requests(
    folder: CountyFolder, state: CountyState
) -> tuple[list[Request], list[tuple[Location, str]]]:
    """Requests not yet approved, each checked against its own signature; others set aside."""
    newest: dict[str, Request] = {}
    rejected: list[tuple[Location, str]] = []
    for _key, path in folder.listing(folder.requests_dir, REQUEST_PATTERN).accepted:
        try:
            doc = _parse_signed(path, folder.read(path, MAX_COUNTY_FILE))
            body = wire.convert(doc.body, CountyRequest, "the request")
        except wire.FileRefused as exc:
            rejected.append((path, wire.clean_reason(str(exc))))
            continue
        if not signed_by(body.ed25519, doc):
            rejected.append((path, "signature does not match its laptop"))
            continue
        if body.county != state.county_id or not path.name.startswith(body.device_id):
            rejected.append((path, "a request for another county or laptop"))
            continue
        done = body.device_id in (
            state.leaders if body.role == "system_leader" else state.publishers
        )
        held = newest.get(body.device_id)
        if not done and (held is None or held.body.hlc < body.hlc):
            newest[body.device_id] = Request(path, body)  # a laptop that asked again: its last
    return list(newest.values()), rejected
