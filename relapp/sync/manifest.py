"""The team manifest read from the shared folder: who is in the team, their roles and their
devices' public keys, and the state the rest of sync works from.

The manifest is not one file but the set of signed changes every admin device has written
in its own folder, replayed in clock order from the team's genesis. The team id is the hash
of the genesis, so a genesis forged on the shared drive names another team. A change is
accepted only when signed by a device of a supervisor who is a member at that point.
Writing changes is relapp.sync.team's.

A retirement (``retire_device``) ends one laptop's chain without removing its member: signed
by an active supervisor's laptop other than the one it retires, it pins the retired laptop's
last file (number and hash) and its team files, exactly as a removal pins a removed member's
laptops, and makes the signing laptop its *carrier*. From then on the retired laptop is not
an active device: nothing is encrypted for it, it may sign no team change, anything it wrote
after the pin is refused whatever its clock says, and only its carrier may speak for it
(relapp.sync.engine re-publishes and tidies; see there).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relapp.crypto.aead import DecryptionError, Sealer
from relapp.crypto.digest import sha256_hex
from relapp.crypto.recipients import BadSignature, unwrap, verify
from relapp.sync import wire
from relapp.sync.layout import TEAM_FILE_PATTERN, TeamFolder, read_file

MAX_TEAM_FILE = 256 * 1024
ROLES = ("practitioner", "supervisor")


class TeamError(Exception):
    """A sentence for the person: what is wrong with the team or the request."""


def short_id(full: str) -> str:
    """What people type and read: the last 8 characters (the first ones of a UUIDv7 are a
    timestamp, shared by everything made in the same minute)."""
    return full[-8:]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass
class Device:
    device_id: str
    member_id: str
    x25519: bytes
    ed25519: bytes
    added_at: str = ""  # clock of the change that added it


@dataclass
class Member:
    member_id: str
    role: str
    name_sealed: str
    active: bool = True
    devices: dict[str, Device] = field(default_factory=dict)
    removed_at: str = ""  # clock of the removal, when removed
    # device -> (sequence number, digest) of the last bundle accepted from it after removal;
    # empty for a removal written before removals pinned devices (the clock is used then)
    pins: dict[str, tuple[int, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Retirement:
    """A laptop a supervisor retired: its chain ends at (seq, digest), and ``carrier`` (the
    supervisor's laptop that signed the retirement) re-published what it had written."""

    seq: int
    digest: str
    carrier: str
    hlc: str


@dataclass
class TeamState:
    team_id: str
    name: str
    recovery_public: bytes
    members: dict[str, Member] = field(default_factory=dict)
    names_key_wrapped: dict[str, str] = field(default_factory=dict)  # device -> wrapped key
    history: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[tuple[Path, str]] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)  # remembered, gone from the drive
    retention_years: int | None = None  # families closed longer than this are erased
    draft_days: int = 0  # unfinished drafts untouched this long are discarded (0: never)
    unsent_days: int = 0  # words typed but not sent, this long after (0: never)
    retired: dict[str, Retirement] = field(default_factory=dict)  # device -> its retirement
    accepted_files: dict[str, bytes] = field(default_factory=dict)  # "device/name" -> bytes

    def device(self, device_id: str) -> Device | None:
        for member in self.members.values():
            if device_id in member.devices:
                return member.devices[device_id]
        return None

    def active_device(self, device_id: str) -> Device | None:
        """The device, if it may write now: its member is in the team and it is not retired."""
        device = self.device(device_id)
        if device is None or not self.members[device.member_id].active or device_id in self.retired:
            return None
        return device

    def devices_of(self, member_ids: set[str]) -> dict[str, bytes]:
        """The public keys of these members' laptops that still receive (retired ones do not:
        nothing written after a retirement is encrypted for that laptop)."""
        return {
            d.device_id: d.x25519
            for m in self.members.values()
            if m.active and m.member_id in member_ids
            for d in m.devices.values()
            if d.device_id not in self.retired
        }

    def active_devices(self) -> dict[str, Device]:
        return {
            d.device_id: d
            for m in self.members.values()
            if m.active
            for d in m.devices.values()
            if d.device_id not in self.retired
        }

    def carried_by(self, device_id: str) -> set[str]:
        """The retired laptops whose history this laptop re-published, and those that they
        had re-published in turn: their changes are read from this laptop's files."""
        out: set[str] = set()
        frontier = {device_id}
        while frontier:
            frontier = {
                d for d, r in self.retired.items() if r.carrier in frontier and d not in out
            }
            out |= frontier
        return out

    def refuses(self, device_id: str, seq: int, digest: str, created: str) -> str:
        """Why a file of this device is not accepted, or "" when it is. A removed member's
        laptop may still write: what comes after the last bundle its removal pinned is
        refused, whatever clock that laptop puts on it."""
        device = self.device(device_id)
        if device is None:
            return "written by a device that is not in the team"
        retirement = self.retired.get(device_id)
        if retirement is not None:
            if seq > retirement.seq:
                return "written after this laptop was retired from the team"
            if seq == retirement.seq and digest != retirement.digest:
                return "not the last file this laptop wrote before it was retired"
        member = self.members[device.member_id]
        if member.active:
            return ""
        if not member.pins:  # removed before removals pinned devices
            return "" if created < member.removed_at else "written after its member left the team"
        last_seq, last_digest = member.pins.get(device_id, (0, ""))
        if seq > last_seq:
            return "written after its member left the team"
        if seq == last_seq and digest != last_digest:
            return "not the last file its member wrote before leaving the team"
        return ""

    def supervisors(self) -> set[str]:
        return {m.member_id for m in self.members.values() if m.active and m.role == "supervisor"}

    def active_members(self) -> set[str]:
        return {m.member_id for m in self.members.values() if m.active}

    def names_key(self, device_id: str, private: bytes) -> bytes | None:
        wrapped = self.names_key_wrapped.get(device_id)
        if wrapped is None:
            return None
        try:
            return unwrap(private, unb64(wrapped), names_info(self.team_id, device_id))
        except DecryptionError:
            return None

    def member_name(self, member_id: str, names_key: bytes | None) -> str:
        member = self.members.get(member_id)
        if member is None or names_key is None:
            return short_id(member_id)
        try:
            return (
                Sealer(names_key)
                .open(unb64(member.name_sealed), f"relapp-name|{self.team_id}|{member_id}".encode())
                .decode()
            )
        except (DecryptionError, ValueError):
            return short_id(member_id)


def names_info(team_id: str, device_id: str) -> bytes:
    return f"relapp-names-key|{team_id}|{device_id}".encode()


# ---- reading the manifest ---------------------------------------------------------------


def read_signed_file(path: Path) -> wire.SignedFile:
    """A signed JSON file of the team folder, bounded and checked for shape; its name must
    carry the hash of its bytes. Raises FileRefused."""
    return _parse_signed_file(path, read_file(path, MAX_TEAM_FILE))


def _parse_signed_file(path: Path, raw: bytes) -> wire.SignedFile:
    if not path.name.endswith(f"-{sha256_hex(raw)[:16]}.json"):
        raise wire.FileRefused("file name does not match its content")
    doc = wire.decode(raw, wire.SignedFile, "the file")
    if not wire.depth_within(doc.body):  # the body is written out again to check its signature
        raise wire.FileRefused("the file is nested too deeply")
    return doc


def load_team(folder: TeamFolder, remembered: dict[str, bytes] | None = None) -> TeamState:
    """Replay every signed change from the genesis. Rejected files are listed, never used.

    A removal pins the team files each removed device had written; any other file in that
    device's folder is refused, whatever clock it claims (a removed supervisor's laptop
    cannot back-date a change to before its removal).

    ``remembered`` holds the team files this laptop accepted before ("device/name" -> bytes):
    one deleted from the drive is still replayed (and listed in ``missing``), so deleting a
    removal cannot bring a removed member back."""
    genesis: tuple[wire.Genesis, Path] | None = None
    others: list[tuple[str, str, Path, wire.SignedFile, Any]] = []
    rejected: list[tuple[Path, str]] = []
    raw_of: dict[Path, bytes] = {}
    entries: list[tuple[str, Path, bytes | None]] = [
        (device_id, path, None) for device_id, path in folder.team_files()
    ]
    on_drive = {f"{d}/{p.name}" for d, p, _ in entries}
    missing: list[Path] = []
    for key, raw in sorted((remembered or {}).items()):
        device_id, _, name = key.partition("/")
        if key in on_drive or not TEAM_FILE_PATTERN.match(name):
            continue
        try:
            path = folder.team_dir(device_id) / name
        except ValueError:
            continue
        entries.append((device_id, path, raw))
        missing.append(path)
    for device_id, path, remembered_raw in entries:
        try:
            raw = remembered_raw
            if raw is None:
                raw = read_file(path, MAX_TEAM_FILE)
            raw_of[path] = raw
            doc = _parse_signed_file(path, raw)
            if doc.signer != device_id:
                raise TeamError("written into another device's folder")
            change = wire.convert(doc.body, wire.TeamChange, "its change")
            if isinstance(change, wire.Genesis):
                if sha256_hex(canonical(doc.body))[:32] != folder.team_id:
                    raise TeamError("a genesis of another team")
                verify(unb64(change.founder.ed25519), unb64(doc.sig), canonical(doc.body))
                genesis = (change, path)
                continue
            if change.team != folder.team_id:
                raise TeamError("a change for another team")
            others.append((change.hlc, path.name, path, doc, change))
        except (TeamError, wire.FileRefused, ValueError, BadSignature) as exc:
            rejected.append((path, f"team file rejected: {wire.clean_reason(str(exc))}"))
        except OSError as exc:
            rejected.append((path, f"team file cannot be read: {exc.strerror}"))
    if genesis is None or genesis[1] in missing:
        # Without its founding file on the drive the folder is not there yet (still copying,
        # not downloaded): wait rather than write into it.
        raise TeamError("The team folder has no valid founding file; it may still be copying.")
    others.sort(key=lambda o: (o[0], o[1]))
    barred: set[Path] = set()
    retired: set[str] = set()
    for _round in range(8):
        state, refused, pinned = _replay(folder, genesis, others, barred, retired)
        retired = set(state.retired)
        newly = {
            path
            for _hlc, _name, path, _doc, _change in others
            if path.parent.parent.name in pinned
            and path.name not in pinned[path.parent.parent.name]
        }
        if newly <= barred:
            break
        barred |= newly
    state.rejected = rejected + refused
    state.missing = missing
    applied = {entry["path"] for entry in state.history if entry.get("path") is not None}
    state.accepted_files = {
        f"{path.parent.parent.name}/{path.name}": raw_of[path] for path in applied if path in raw_of
    }
    return state


def _replay(
    folder: TeamFolder,
    genesis: tuple[wire.Genesis, Path],
    others: list[tuple[str, str, Path, wire.SignedFile, Any]],
    barred: set[Path],
    retired: set[str] = frozenset(),  # type: ignore[assignment]
) -> tuple[TeamState, list[tuple[Path, str]], dict[str, set[str]]]:
    body, genesis_path = genesis
    founder = body.founder
    state = TeamState(
        team_id=folder.team_id, name=body.name, recovery_public=unb64(body.recovery_public)
    )
    state.members[founder.member_id] = Member(
        founder.member_id,
        "supervisor",
        "",
        devices={
            founder.device_id: Device(
                founder.device_id,
                founder.member_id,
                unb64(founder.x25519),
                unb64(founder.ed25519),
                body.hlc,
            )
        },
    )
    state.history.append({"hlc": body.hlc, "type": "genesis", "path": genesis_path})
    refused: list[tuple[Path, str]] = []
    pinned: dict[str, set[str]] = {}  # removed device -> the team files it may have written
    for hlc, _name, path, doc, change in others:
        signer_device = path.parent.parent.name
        if path in barred:
            why = (
                "written after its laptop was retired"
                if signer_device in retired
                else "written after its member left the team"
            )
            refused.append((path, f"team change rejected: {why}"))
            continue
        try:
            device = state.active_device(signer_device)
            if device is None or state.members[device.member_id].role != "supervisor":
                raise TeamError("signed by a device that may not change the team")
            verify(device.ed25519, unb64(doc.sig), canonical(doc.body))
            _apply_change(state, change, signer_device)
            if isinstance(change, wire.RemoveMember):
                for device_id, pin in change.pins.items():
                    pinned[device_id] = set(pin.team_files)
            elif isinstance(change, wire.RetireDevice):
                pinned[change.device_id] = set(change.team_files)
            state.history.append(
                {
                    "hlc": hlc,
                    "type": doc.body["type"],
                    "by": device.member_id,
                    "member": change.member_id,
                    "path": path,
                }
            )
        except (TeamError, KeyError, ValueError, BadSignature) as exc:
            refused.append((path, f"team change rejected: {wire.clean_reason(str(exc))}"))
    return state, refused, pinned


def _apply_change(state: TeamState, change: Any, signer: str) -> None:
    member_id = change.member_id
    if isinstance(change, wire.Names):
        if member_id not in state.members:
            raise TeamError("names a member who is not in the team")
        state.members[member_id].name_sealed = change.name_sealed
        state.names_key_wrapped.update(change.names_key)
    elif isinstance(change, wire.AddDevice):
        member = state.members.get(member_id)
        if member is None:
            member = state.members[member_id] = Member(member_id, change.role, change.name_sealed)
        elif not member.active:
            raise TeamError("a removed member cannot be given a device")
        if state.device(change.device_id) is not None:
            raise TeamError("device already in the team")
        member.devices[change.device_id] = Device(
            change.device_id,
            member_id,
            unb64(change.x25519),
            unb64(change.ed25519),
            change.hlc,
        )
        state.names_key_wrapped[change.device_id] = change.names_key
    elif isinstance(change, wire.RemoveMember):
        member = state.members.get(member_id)
        if member is None or not member.active:
            raise TeamError("removes someone who is not an active member")
        member.active = False
        member.removed_at = change.hlc
        member.pins = {d: (p.seq, p.digest) for d, p in change.pins.items()}
        if change.names_key:
            # A new names key, wrapped only for the devices that stay: a removed laptop
            # cannot read the name of anyone approved from now on.
            state.names_key_wrapped = dict(change.names_key)
            for other, sealed in change.names_sealed.items():
                if other in state.members:
                    state.members[other].name_sealed = sealed
    elif isinstance(change, wire.Retention):
        state.retention_years = change.closed_years or None
        state.draft_days, state.unsent_days = change.draft_days, change.unsent_days
    elif isinstance(change, wire.RetireDevice):
        # Signed by an active supervisor's laptop (checked by the caller), which becomes the
        # carrier of the retired laptop's history: it must not be that laptop itself, and a
        # laptop is retired once.
        device = state.device(change.device_id)
        if device is None or device.member_id != member_id:
            raise TeamError("retires a laptop that is not in the team")
        if change.device_id in state.retired:
            raise TeamError("retires a laptop that was retired already")
        if change.device_id == signer:
            raise TeamError("a laptop cannot retire itself")
        state.retired[change.device_id] = Retirement(change.seq, change.digest, signer, change.hlc)
        if change.names_key:
            state.names_key_wrapped = dict(change.names_key)
            for other, sealed in change.names_sealed.items():
                if other in state.members:
                    state.members[other].name_sealed = sealed
    else:
        raise TeamError(f"unknown change {type(change).__name__}")
