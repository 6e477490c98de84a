"""The team manifest: who is in the team, their roles and their devices' public keys.

The manifest is not one file but the set of signed changes every admin device has written
in its own folder, replayed in clock order from the team's genesis. The team id is the hash
of the genesis, so a genesis forged on the shared drive names another team. A change is
accepted only when signed by a device of a supervisor who is a member at that point.

Names never sit on the drive in clear: a member's name is sealed with the team's names key
(wrapped with HPKE for every approved device); a join request's name is wrapped for the
team's supervisors only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relapp.crypto.aead import DecryptionError, Sealer, new_key
from relapp.crypto.keyring import Keyring
from relapp.crypto.recipients import BadSignature, sign, unwrap, verify, wrap_for
from relapp.sync import bundle as bundles
from relapp.sync import wire
from relapp.sync.layout import REQUEST_PATTERN, TEAM_FILE_PATTERN, TeamFolder
from relapp.sync.publish import publish

MAX_TEAM_FILE = 256 * 1024
ROLES = ("practitioner", "supervisor")


class TeamError(Exception):
    """A sentence for the person: what is wrong with the team or the request."""


def short_id(full: str) -> str:
    """What people type and read: the last 8 characters (the first ones of a UUIDv7 are a
    timestamp, shared by everything made in the same minute)."""
    return full[-8:]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: str) -> bytes:
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
    accepted_files: dict[str, bytes] = field(default_factory=dict)  # "device/name" -> bytes

    def device(self, device_id: str) -> Device | None:
        for member in self.members.values():
            if device_id in member.devices:
                return member.devices[device_id]
        return None

    def active_device(self, device_id: str) -> Device | None:
        device = self.device(device_id)
        if device is None or not self.members[device.member_id].active:
            return None
        return device

    def devices_of(self, member_ids: set[str]) -> dict[str, bytes]:
        return {
            d.device_id: d.x25519
            for m in self.members.values()
            if m.active and m.member_id in member_ids
            for d in m.devices.values()
        }

    def active_devices(self) -> dict[str, Device]:
        return {
            d.device_id: d for m in self.members.values() if m.active for d in m.devices.values()
        }

    def refuses(self, device_id: str, seq: int, digest: str, created: str) -> str:
        """Why a file of this device is not accepted, or "" when it is. A removed member's
        laptop may still write: what comes after the last bundle its removal pinned is
        refused, whatever clock that laptop puts on it."""
        device = self.device(device_id)
        if device is None:
            return "written by a device that is not in the team"
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
            return unwrap(private, _unb64(wrapped), _names_info(self.team_id, device_id))
        except DecryptionError:
            return None

    def member_name(self, member_id: str, names_key: bytes | None) -> str:
        member = self.members.get(member_id)
        if member is None or names_key is None:
            return short_id(member_id)
        try:
            return (
                Sealer(names_key)
                .open(
                    _unb64(member.name_sealed), f"relapp-name|{self.team_id}|{member_id}".encode()
                )
                .decode()
            )
        except (DecryptionError, ValueError):
            return short_id(member_id)


def _names_info(team_id: str, device_id: str) -> bytes:
    return f"relapp-names-key|{team_id}|{device_id}".encode()


def _seal_name(names_key: bytes, team_id: str, member_id: str, name: str) -> str:
    aad = f"relapp-name|{team_id}|{member_id}".encode()
    return _b64(Sealer(names_key).seal(name.encode(), aad))


def _signed_file(body: dict[str, Any], signer: str, keyring: Keyring) -> bytes:
    payload = canonical(body)
    return json.dumps(
        {"body": body, "signer": signer, "sig": _b64(sign(keyring.ed25519_private, payload))},
        sort_keys=True,
    ).encode()


def _write_change(
    folder: TeamFolder, device_id: str, keyring: Keyring, body: dict[str, Any]
) -> Path:
    data = _signed_file(body, device_id, keyring)
    name = f"{body['hlc']}-{hashlib.sha256(data).hexdigest()[:16]}.json"
    return publish(folder.team_dir(device_id), name, data)


# ---- creating and changing a team -------------------------------------------------------


def create_team(
    central: Path,
    *,
    name: str,
    member_id: str,
    member_name: str,
    device_id: str,
    keyring: Keyring,
    recovery_public: bytes,
    hlc: str,
) -> TeamFolder:
    names_key = new_key()
    body: dict[str, Any] = {
        "type": "genesis",
        "name": name,
        "hlc": hlc,
        "nonce": os.urandom(16).hex(),
        "recovery_public": _b64(recovery_public),
        "founder": {
            "member_id": member_id,
            "role": "supervisor",
            "device_id": device_id,
            "x25519": _b64(keyring.x25519_public()),
            "ed25519": _b64(keyring.ed25519_public()),
        },
    }
    team_id = hashlib.sha256(canonical(body)).hexdigest()[:32]
    # The name and the names key depend on the team id, so they travel in a first change.
    folder = TeamFolder.create(central, team_id)
    data = _signed_file(body, device_id, keyring)
    publish(
        folder.team_dir(device_id),
        f"{hlc}-{hashlib.sha256(data).hexdigest()[:16]}.json",
        data,
    )
    _write_change(
        folder,
        device_id,
        keyring,
        {
            "type": "names",
            "team": team_id,
            "hlc": _later(hlc),
            "member_id": member_id,
            "name_sealed": _seal_name(names_key, team_id, member_id, member_name),
            "names_key": {
                device_id: _b64(
                    wrap_for(keyring.x25519_public(), names_key, _names_info(team_id, device_id))
                )
            },
        },
    )
    return folder


def _later(hlc: str) -> str:
    millis, counter = hlc.split(".")
    return f"{millis}.{int(counter) + 1:06d}"


def write_join_request(
    folder: TeamFolder,
    state: TeamState,
    *,
    member_id: str,
    name: str,
    role: str,
    device_id: str,
    keyring: Keyring,
    hlc: str,
) -> Path:
    if role not in ROLES:
        raise TeamError(f"The role must be one of: {', '.join(ROLES)}.")
    name_key = new_key()
    admins = state.devices_of(state.supervisors())
    info = f"relapp-join|{state.team_id}|{device_id}".encode()
    body = {
        "type": "join",
        "team": state.team_id,
        "hlc": hlc,
        "member_id": member_id,
        "role": role,
        "device_id": device_id,
        "x25519": _b64(keyring.x25519_public()),
        "ed25519": _b64(keyring.ed25519_public()),
        "name": {
            "sealed": _b64(Sealer(name_key).seal(name.encode(), info)),
            "keys": {d: _b64(wrap_for(pub, name_key, info)) for d, pub in admins.items()},
        },
    }
    data = _signed_file(body, device_id, keyring)
    return publish(
        folder.requests_dir, f"{device_id}-{hashlib.sha256(data).hexdigest()[:16]}.json", data
    )


@dataclass(frozen=True)
class JoinRequest:
    path: Path
    request_id: str  # short, for typing: the first 8 characters of the device id
    device_id: str
    member_id: str
    role: str
    name: str
    x25519: bytes
    ed25519: bytes
    hlc: str


def read_requests(
    folder: TeamFolder, state: TeamState, my_device: str, keyring: Keyring
) -> tuple[list[JoinRequest], list[tuple[Path, str]]]:
    """Pending join requests an admin can read; (requests, rejected files with reasons)."""
    pending, rejected = [], []
    for path in folder.request_files():
        try:
            doc = _read_signed_file(path)
            body = wire.convert(doc.body, wire.JoinRequestBody, "the request")
            verify(_unb64(body.ed25519), _unb64(doc.sig), canonical(doc.body))
            if body.team != state.team_id:
                raise TeamError("not a join request for this team")
            device_id = body.device_id
            if not REQUEST_PATTERN.match(path.name) or not path.name.startswith(device_id):
                raise TeamError("file name does not match its device")
            if state.device(device_id) is not None:
                continue  # already approved
            info = f"relapp-join|{state.team_id}|{device_id}".encode()
            wrapped = body.name.keys.get(my_device)
            name = "(name sealed for another supervisor)"
            if wrapped:
                key = unwrap(keyring.x25519_private, _unb64(wrapped), info)
                name = Sealer(key).open(_unb64(body.name.sealed), info).decode()
            pending.append(
                JoinRequest(
                    path,
                    short_id(device_id),
                    device_id,
                    body.member_id,
                    body.role,
                    name,
                    _unb64(body.x25519),
                    _unb64(body.ed25519),
                    body.hlc,
                )
            )
        except (TeamError, wire.FileRefused, ValueError, DecryptionError, BadSignature) as exc:
            rejected.append((path, f"unreadable join request: {wire.clean_reason(str(exc))}"))
        except OSError as exc:
            rejected.append((path, f"join request cannot be read: {exc.strerror}"))
    return pending, rejected


def approve(
    folder: TeamFolder,
    state: TeamState,
    request: JoinRequest,
    *,
    role: str,
    my_device: str,
    keyring: Keyring,
    hlc: str,
    as_member: str | None = None,
) -> Path:
    _require_admin(state, my_device)
    if role not in ROLES:
        raise TeamError(f"The role must be one of: {', '.join(ROLES)}.")
    names_key = state.names_key(my_device, keyring.x25519_private)
    if names_key is None:
        raise TeamError("This device cannot read the team's names key; it cannot approve.")
    member_id = as_member or request.member_id
    if as_member is not None and as_member not in state.members:
        raise TeamError(f"There is no member {as_member} in this team.")
    body: dict[str, Any] = {
        "type": "add_device",
        "team": state.team_id,
        "hlc": hlc,
        "member_id": member_id,
        "role": role if as_member is None else state.members[as_member].role,
        "device_id": request.device_id,
        "x25519": _b64(request.x25519),
        "ed25519": _b64(request.ed25519),
        "names_key": _b64(
            wrap_for(request.x25519, names_key, _names_info(state.team_id, request.device_id))
        ),
    }
    if as_member is None:
        body["name_sealed"] = _seal_name(names_key, state.team_id, member_id, request.name)
    return _write_change(folder, my_device, keyring, body)


def remove_member(
    folder: TeamFolder,
    state: TeamState,
    member_id: str,
    *,
    my_device: str,
    keyring: Keyring,
    hlc: str,
    known: dict[str, tuple[int, str]] | None = None,
) -> Path:
    """Remove a member. The removal pins, for each of the member's devices, the last bundle
    it wrote before now (found from ``known`` progress and the folder, checked by signature)
    and the team files it wrote; a new names key is wrapped for the devices that stay."""
    _require_admin(state, my_device)
    if member_id not in state.members or not state.members[member_id].active:
        raise TeamError(f"There is no active member {member_id} in this team.")
    if state.supervisors() == {member_id}:
        raise TeamError("The team's only supervisor cannot be removed.")
    old_key = state.names_key(my_device, keyring.x25519_private)
    if old_key is None:
        raise TeamError("This device cannot read the team's names key; it cannot remove.")
    pins = {}
    for device in state.members[member_id].devices.values():
        known_here = (known or {}).get(device.device_id)
        seq, digest = chain_end(folder, state, device.device_id, known_here)
        team_files = [p.name for d, p in folder.team_files() if d == device.device_id]
        pins[device.device_id] = {"seq": seq, "digest": digest, "team_files": sorted(team_files)}
    names_key = new_key()
    staying = {
        d.device_id: d.x25519
        for m in state.members.values()
        if m.active and m.member_id != member_id
        for d in m.devices.values()
    }
    body = {
        "type": "remove_member",
        "team": state.team_id,
        "hlc": hlc,
        "member_id": member_id,
        "pins": pins,
        "names_key": {
            d: _b64(wrap_for(pub, names_key, _names_info(state.team_id, d)))
            for d, pub in sorted(staying.items())
        },
        "names_sealed": {
            m: _seal_name(names_key, state.team_id, m, state.member_name(m, old_key))
            for m in sorted(state.members)
        },
    }
    return _write_change(folder, my_device, keyring, body)


def chain_end(
    folder: TeamFolder, state: TeamState, device_id: str, known: tuple[int, str] | None
) -> tuple[int, str]:
    """The (number, hash) of the last bundle in a device's unbroken, signed chain: from what
    this laptop already read (``known``) or the device's latest snapshot, then on through
    the folder. Sections are not opened, so a supervisor pins drafts it cannot read too."""
    device = state.device(device_id)
    if device is None:
        return known or (0, "")
    seq, digest = known or (0, "")
    try:
        for snap_seq, path in reversed(folder.snapshots(device_id).accepted):
            if snap_seq <= seq:
                break
            try:
                data = wire.read_bounded(path, bundles.MAX_BUNDLE_BYTES)
                if not bundles.file_digest_matches(path.name, data):
                    continue
                header, _len = bundles.verified_header(
                    data,
                    team_id=state.team_id,
                    signer_public=device.ed25519,
                    expect_kind="snapshot",
                )
            except wire.FileRefused:
                continue
            if header.device == device_id and header.seq == snap_seq:
                seq, digest = header.seq, header.prev
                break
        by_seq: dict[int, list[Path]] = {}
        for n, path in folder.bundles(device_id).accepted:
            by_seq.setdefault(n, []).append(path)
        while seq + 1 in by_seq:
            for path in by_seq[seq + 1]:
                try:
                    data = wire.read_bounded(path, bundles.MAX_BUNDLE_BYTES)
                    if not bundles.file_digest_matches(path.name, data):
                        continue
                    header, _len = bundles.verified_header(
                        data, team_id=state.team_id, signer_public=device.ed25519
                    )
                except wire.FileRefused:
                    continue
                if header.device == device_id and header.seq == seq + 1 and header.prev == digest:
                    seq, digest = seq + 1, hashlib.sha256(data).hexdigest()
                    break
            else:
                break
    except OSError as exc:
        raise TeamError(f"The team folder cannot be read to remove this member: {exc}") from exc
    return seq, digest


def set_retention(
    folder: TeamFolder, state: TeamState, years: int, *, my_device: str, keyring: Keyring, hlc: str
) -> Path:
    """Set the team's retention rule (0 turns automatic erasure off); a supervisor's change."""
    _require_admin(state, my_device)
    if not 0 <= years <= 99:
        raise TeamError("The retention period is a number of years from 1 to 99 (0 for none).")
    me = state.active_device(my_device)
    assert me is not None
    body = {
        "type": "retention",
        "team": state.team_id,
        "hlc": hlc,
        "member_id": me.member_id,
        "closed_years": years,
    }
    return _write_change(folder, my_device, keyring, body)


def _require_admin(state: TeamState, device_id: str) -> None:
    device = state.active_device(device_id)
    if device is None or state.members[device.member_id].role != "supervisor":
        raise TeamError("Only a supervisor of this team can change who is in it.")


# ---- reading the manifest ---------------------------------------------------------------


def _read_signed_file(path: Path) -> wire.SignedFile:
    """A signed JSON file of the team folder, bounded and checked for shape; its name must
    carry the hash of its bytes. Raises FileRefused."""
    return _parse_signed_file(path, wire.read_bounded(path, MAX_TEAM_FILE))


def _parse_signed_file(path: Path, raw: bytes) -> wire.SignedFile:
    if not path.name.endswith(f"-{hashlib.sha256(raw).hexdigest()[:16]}.json"):
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
                raw = wire.read_bounded(path, MAX_TEAM_FILE)
            raw_of[path] = raw
            doc = _parse_signed_file(path, raw)
            if doc.signer != device_id:
                raise TeamError("written into another device's folder")
            change = wire.convert(doc.body, wire.TeamChange, "its change")
            if isinstance(change, wire.Genesis):
                if hashlib.sha256(canonical(doc.body)).hexdigest()[:32] != folder.team_id:
                    raise TeamError("a genesis of another team")
                verify(_unb64(change.founder.ed25519), _unb64(doc.sig), canonical(doc.body))
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
    for _round in range(8):
        state, refused, pinned = _replay(folder, genesis, others, barred)
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
) -> tuple[TeamState, list[tuple[Path, str]], dict[str, set[str]]]:
    body, genesis_path = genesis
    founder = body.founder
    state = TeamState(
        team_id=folder.team_id, name=body.name, recovery_public=_unb64(body.recovery_public)
    )
    state.members[founder.member_id] = Member(
        founder.member_id,
        "supervisor",
        "",
        devices={
            founder.device_id: Device(
                founder.device_id,
                founder.member_id,
                _unb64(founder.x25519),
                _unb64(founder.ed25519),
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
            refused.append((path, "team change rejected: written after its member left the team"))
            continue
        try:
            device = state.active_device(signer_device)
            if device is None or state.members[device.member_id].role != "supervisor":
                raise TeamError("signed by a device that may not change the team")
            verify(device.ed25519, _unb64(doc.sig), canonical(doc.body))
            _apply_change(state, change)
            if isinstance(change, wire.RemoveMember):
                for device_id, pin in change.pins.items():
                    pinned[device_id] = set(pin.team_files)
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


def _apply_change(state: TeamState, change: Any) -> None:
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
            _unb64(change.x25519),
            _unb64(change.ed25519),
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
    else:
        raise TeamError(f"unknown change {type(change).__name__}")
