"""Creating and changing a team: the signed changes of the manifest, join requests, removal.

The manifest is not one file but the set of signed changes every admin device has written
in its own folder, replayed in clock order from the team's genesis. The team id is the hash
of the genesis, so a genesis forged on the shared drive names another team. A change is
accepted only when signed by a device of a supervisor who is a member at that point.

Names never sit on the drive in clear: a member's name is sealed with the team's names key
(wrapped with HPKE for every approved device); a join request's name is wrapped for the
team's supervisors only.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relapp.crypto.aead import DecryptionError, Sealer, new_key
from relapp.crypto.digest import sha256_hex
from relapp.crypto.keyring import Keyring
from relapp.crypto.recipients import BadSignature, sign, unwrap, verify, wrap_for
from relapp.sync import bundle as bundles
from relapp.sync import wire
from relapp.sync.layout import REQUEST_PATTERN, TeamFolder, read_file
from relapp.sync.manifest import (  # noqa: F401 - the team's names, as callers know them
    MAX_TEAM_FILE,
    ROLES,
    Device,
    Member,
    TeamError,
    TeamState,
    b64,
    canonical,
    load_team,
    names_info,
    read_signed_file,
    short_id,
    unb64,
)
from relapp.sync.publish import publish


def _seal_name(names_key: bytes, team_id: str, member_id: str, name: str) -> str:
    aad = f"relapp-name|{team_id}|{member_id}".encode()
    return b64(Sealer(names_key).seal(name.encode(), aad))


def _signed_file(body: dict[str, Any], signer: str, keyring: Keyring) -> bytes:
    payload = canonical(body)
    return json.dumps(
        {"body": body, "signer": signer, "sig": b64(sign(keyring.ed25519_private, payload))},
        sort_keys=True,
    ).encode()


def _write_change(
    folder: TeamFolder, device_id: str, keyring: Keyring, body: dict[str, Any]
) -> Path:
    data = _signed_file(body, device_id, keyring)
    name = f"{body['hlc']}-{sha256_hex(data)[:16]}.json"
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
        "recovery_public": b64(recovery_public),
        "founder": {
            "member_id": member_id,
            "role": "supervisor",
            "device_id": device_id,
            "x25519": b64(keyring.x25519_public()),
            "ed25519": b64(keyring.ed25519_public()),
        },
    }
    team_id = sha256_hex(canonical(body))[:32]
    # The name and the names key depend on the team id, so they travel in a first change.
    folder = TeamFolder.create(central, team_id)
    data = _signed_file(body, device_id, keyring)
    publish(
        folder.team_dir(device_id),
        f"{hlc}-{sha256_hex(data)[:16]}.json",
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
                device_id: b64(
                    wrap_for(keyring.x25519_public(), names_key, names_info(team_id, device_id))
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
        "x25519": b64(keyring.x25519_public()),
        "ed25519": b64(keyring.ed25519_public()),
        "name": {
            "sealed": b64(Sealer(name_key).seal(name.encode(), info)),
            "keys": {d: b64(wrap_for(pub, name_key, info)) for d, pub in admins.items()},
        },
    }
    data = _signed_file(body, device_id, keyring)
    return publish(folder.requests_dir, f"{device_id}-{sha256_hex(data)[:16]}.json", data)


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
            doc = read_signed_file(path)
            body = wire.convert(doc.body, wire.JoinRequestBody, "the request")
            verify(unb64(body.ed25519), unb64(doc.sig), canonical(doc.body))
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
                key = unwrap(keyring.x25519_private, unb64(wrapped), info)
                name = Sealer(key).open(unb64(body.name.sealed), info).decode()
            pending.append(
                JoinRequest(
                    path,
                    short_id(device_id),
                    device_id,
                    body.member_id,
                    body.role,
                    name,
                    unb64(body.x25519),
                    unb64(body.ed25519),
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
        "x25519": b64(request.x25519),
        "ed25519": b64(request.ed25519),
        "names_key": b64(
            wrap_for(request.x25519, names_key, names_info(state.team_id, request.device_id))
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
            d: b64(wrap_for(pub, names_key, names_info(state.team_id, d)))
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
                data = read_file(path, bundles.MAX_BUNDLE_BYTES)
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
                    data = read_file(path, bundles.MAX_BUNDLE_BYTES)
                    if not bundles.file_digest_matches(path.name, data):
                        continue
                    header, _len = bundles.verified_header(
                        data, team_id=state.team_id, signer_public=device.ed25519
                    )
                except wire.FileRefused:
                    continue
                if header.device == device_id and header.seq == seq + 1 and header.prev == digest:
                    seq, digest = seq + 1, sha256_hex(data)
                    break
            else:
                break
    except OSError as exc:
        raise TeamError(f"The team folder cannot be read to remove this member: {exc}") from exc
    return seq, digest


def retire_device(
    folder: TeamFolder,
    state: TeamState,
    device_id: str,
    *,
    my_device: str,
    keyring: Keyring,
    hlc: str,
    known: tuple[int, str] | None,
) -> Path:
    """Retire a laptop that will never come back, from a supervisor's laptop that has read
    every file it wrote (``known``: how far this laptop has applied its chain).

    The retirement pins the end of the retired laptop's chain at what this laptop read, so
    nothing it wrote is lost: this laptop (the carrier) sends it all again from its own folder
    at its next sync, then removes the retired laptop's bundles and snapshots. It is refused
    while the folder holds a later file of that laptop that this one has not applied (sync
    first; a file set aside there needs a person to look at it). A new names key is wrapped
    for the laptops that stay, so a lost laptop cannot read the names of people approved
    later; nothing written after the retirement is encrypted for it."""
    _require_admin(state, my_device)
    device = state.device(device_id)
    if device is None:
        raise TeamError(f"There is no laptop {short_id(device_id)} in this team.")
    if device_id in state.retired:
        raise TeamError("That laptop was retired already.")
    if device_id == my_device:
        raise TeamError(
            "A laptop cannot retire itself: retire it from another supervisor's laptop."
        )
    read = known or (0, "")
    end = chain_end(folder, state, device_id, known)
    if end != read:
        raise TeamError(
            f"This laptop has read that laptop's files up to number {read[0]}, and the shared "
            f"folder holds them up to {end[0]}. Sync first, then retire it (if its files stay "
            "set aside, the Sync page says why)."
        )
    old_key = state.names_key(my_device, keyring.x25519_private)
    if old_key is None:
        raise TeamError("This device cannot read the team's names key; it cannot retire.")
    try:
        team_files = sorted(p.name for d, p in folder.team_files() if d == device_id)
    except OSError as exc:
        raise TeamError(f"The team folder cannot be read to retire this laptop: {exc}") from exc
    names_key = new_key()
    staying = {d: dev.x25519 for d, dev in state.active_devices().items() if d != device_id}
    body = {
        "type": "retire_device",
        "team": state.team_id,
        "hlc": hlc,
        "member_id": device.member_id,
        "device_id": device_id,
        "seq": read[0],
        "digest": read[1],
        "team_files": team_files,
        "names_key": {
            d: b64(wrap_for(pub, names_key, names_info(state.team_id, d)))
            for d, pub in sorted(staying.items())
        },
        "names_sealed": {
            m: _seal_name(names_key, state.team_id, m, state.member_name(m, old_key))
            for m in sorted(state.members)
        },
    }
    return _write_change(folder, my_device, keyring, body)


def set_retention(
    folder: TeamFolder,
    state: TeamState,
    years: int,
    *,
    my_device: str,
    keyring: Keyring,
    hlc: str,
    draft_days: int | None = None,
    unsent_days: int | None = None,
) -> Path:
    """Set the team's retention rules, a supervisor's change: families closed more than
    ``years`` ago are erased (0: none), unfinished drafts untouched for ``draft_days`` and
    words not sent for ``unsent_days`` are discarded (0: never; None keeps the team's)."""
    _require_admin(state, my_device)
    if not 0 <= years <= 99:
        raise TeamError("The retention period is a number of years from 1 to 99 (0 for none).")
    drafts = state.draft_days if draft_days is None else draft_days
    unsent = state.unsent_days if unsent_days is None else unsent_days
    for days in (drafts, unsent):
        if not 0 <= days <= 3650:
            raise TeamError("Drafts and unsent words are kept 1 to 3650 days (0 for no limit).")
    me = state.active_device(my_device)
    assert me is not None
    body = {
        "type": "retention",
        "team": state.team_id,
        "hlc": hlc,
        "member_id": me.member_id,
        "closed_years": years,
        "draft_days": drafts,
        "unsent_days": unsent,
    }
    return _write_change(folder, my_device, keyring, body)


def _require_admin(state: TeamState, device_id: str) -> None:
    device = state.active_device(device_id)
    if device is None or state.members[device.member_id].role != "supervisor":
        raise TeamError("Only a supervisor of this team can change who is in it.")
