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


@dataclass
class TeamState:
    team_id: str
    name: str
    recovery_public: bytes
    members: dict[str, Member] = field(default_factory=dict)
    names_key_wrapped: dict[str, str] = field(default_factory=dict)  # device -> wrapped key
    history: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[tuple[Path, str]] = field(default_factory=list)

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

    def wrote_while_member(self, device_id: str, created: str) -> bool:
        """A removed member's laptop may still write; what it wrote after the removal is
        not accepted."""
        device = self.device(device_id)
        if device is None:
            return False
        member = self.members[device.member_id]
        return member.active or created < member.removed_at

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
            body = _read_signed(path, None)
            if body.get("type") != "join" or body.get("team") != state.team_id:
                raise TeamError("not a join request for this team")
            device_id = str(body["device_id"])
            if not REQUEST_PATTERN.match(path.name) or not path.name.startswith(device_id):
                raise TeamError("file name does not match its device")
            if state.device(device_id) is not None:
                continue  # already approved
            info = f"relapp-join|{state.team_id}|{device_id}".encode()
            wrapped = body["name"]["keys"].get(my_device)
            name = "(name sealed for another supervisor)"
            if wrapped:
                key = unwrap(keyring.x25519_private, _unb64(wrapped), info)
                name = Sealer(key).open(_unb64(body["name"]["sealed"]), info).decode()
            pending.append(
                JoinRequest(
                    path,
                    short_id(device_id),
                    device_id,
                    str(body["member_id"]),
                    str(body["role"]),
                    name,
                    _unb64(body["x25519"]),
                    _unb64(body["ed25519"]),
                    str(body["hlc"]),
                )
            )
        except (TeamError, KeyError, ValueError, TypeError, DecryptionError, BadSignature) as exc:
            rejected.append((path, f"unreadable join request: {exc}"))
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
) -> Path:
    _require_admin(state, my_device)
    if member_id not in state.members or not state.members[member_id].active:
        raise TeamError(f"There is no active member {member_id} in this team.")
    if state.supervisors() == {member_id}:
        raise TeamError("The team's only supervisor cannot be removed.")
    body = {"type": "remove_member", "team": state.team_id, "hlc": hlc, "member_id": member_id}
    return _write_change(folder, my_device, keyring, body)


def _require_admin(state: TeamState, device_id: str) -> None:
    device = state.active_device(device_id)
    if device is None or state.members[device.member_id].role != "supervisor":
        raise TeamError("Only a supervisor of this team can change who is in it.")


# ---- reading the manifest ---------------------------------------------------------------


def _read_signed(path: Path, signer_public: bytes | None) -> dict[str, Any]:
    """Read a signed JSON file; with signer_public None, the body's own ed25519 signs it."""
    if path.stat().st_size > MAX_TEAM_FILE:
        raise TeamError("too large")
    doc = json.loads(path.read_bytes())
    body, sig = doc["body"], _unb64(doc["sig"])
    key = signer_public if signer_public is not None else _unb64(body["ed25519"])
    try:
        verify(key, sig, canonical(body))
    except BadSignature:
        raise TeamError("signature does not match") from None
    return body


def load_team(folder: TeamFolder) -> TeamState:
    """Replay every signed change from the genesis. Rejected files are listed, never used."""
    files = folder.team_files()
    genesis_body, genesis_path = None, None
    others: list[tuple[str, str, Path, dict[str, Any], str]] = []
    rejected: list[tuple[Path, str]] = []
    for device_id, path in files:
        try:
            raw = path.read_bytes()
            if len(raw) > MAX_TEAM_FILE:
                raise TeamError("too large")
            if not TEAM_FILE_PATTERN.match(path.name) or not path.name.endswith(
                f"-{hashlib.sha256(raw).hexdigest()[:16]}.json"
            ):
                raise TeamError("file name does not match its content")
            doc = json.loads(raw)
            body, signer = doc["body"], str(doc["signer"])
            if signer != device_id:
                raise TeamError("written into another device's folder")
            if body.get("type") == "genesis":
                if hashlib.sha256(canonical(body)).hexdigest()[:32] != folder.team_id:
                    raise TeamError("a genesis of another team")
                verify(_unb64(body["founder"]["ed25519"]), _unb64(doc["sig"]), canonical(body))
                genesis_body, genesis_path = body, path
                continue
            if body.get("team") != folder.team_id:
                raise TeamError("a change for another team")
            others.append((str(body["hlc"]), path.name, path, body, doc["sig"]))
        except (TeamError, KeyError, ValueError, TypeError, BadSignature, OSError) as exc:
            rejected.append((path, f"team file rejected: {exc}"))
    if genesis_body is None:
        raise TeamError("The team folder has no valid founding file; it may still be copying.")
    founder = genesis_body["founder"]
    state = TeamState(
        team_id=folder.team_id,
        name=str(genesis_body["name"]),
        recovery_public=_unb64(genesis_body["recovery_public"]),
    )
    state.members[founder["member_id"]] = Member(
        founder["member_id"],
        "supervisor",
        "",
        devices={
            founder["device_id"]: Device(
                founder["device_id"],
                founder["member_id"],
                _unb64(founder["x25519"]),
                _unb64(founder["ed25519"]),
                str(genesis_body["hlc"]),
            )
        },
    )
    state.history.append({"hlc": genesis_body["hlc"], "type": "genesis", "path": genesis_path})
    for hlc, _name, path, body, sig in sorted(others, key=lambda o: (o[0], o[1])):
        signer_device = path.parent.parent.name
        try:
            device = state.active_device(signer_device)
            if device is None or state.members[device.member_id].role != "supervisor":
                raise TeamError("signed by a device that may not change the team")
            verify(device.ed25519, _unb64(sig), canonical(body))
            _apply_change(state, body)
            state.history.append(
                {
                    "hlc": hlc,
                    "type": body["type"],
                    "by": device.member_id,
                    "member": body.get("member_id"),
                }
            )
        except (TeamError, KeyError, ValueError, TypeError, BadSignature) as exc:
            rejected.append((path, f"team change rejected: {exc}"))
    state.rejected = rejected
    return state


def _apply_change(state: TeamState, body: dict[str, Any]) -> None:
    kind = body["type"]
    member_id = str(body["member_id"])
    if kind == "names":
        state.members[member_id].name_sealed = str(body["name_sealed"])
        state.names_key_wrapped.update({k: str(v) for k, v in body["names_key"].items()})
    elif kind == "add_device":
        role = str(body["role"])
        if role not in ROLES:
            raise TeamError(f"unknown role {role!r}")
        member = state.members.get(member_id)
        if member is None:
            member = state.members[member_id] = Member(member_id, role, str(body["name_sealed"]))
        elif not member.active:
            raise TeamError("a removed member cannot be given a device")
        device_id = str(body["device_id"])
        if state.device(device_id) is not None:
            raise TeamError("device already in the team")
        member.devices[device_id] = Device(
            device_id,
            member_id,
            _unb64(body["x25519"]),
            _unb64(body["ed25519"]),
            str(body["hlc"]),
        )
        state.names_key_wrapped[device_id] = str(body["names_key"])
    elif kind == "remove_member":
        state.members[member_id].active = False
        state.members[member_id].removed_at = str(body["hlc"])
    else:
        raise TeamError(f"unknown change {kind!r}")
