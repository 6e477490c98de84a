"""Team use cases shared by the app and the command line: create, join, approve, remove,
show, sync once, and recover a whole team's records with the organisation's key."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relapp.crypto.recipients import generate_x25519
from relapp.crypto.recovery import decode_secret, encode_secret
from relapp.domain.records import KINDS
from relapp.services.errors import ServiceError
from relapp.services.profile import Session
from relapp.store import audit, syncstate
from relapp.sync import bundle as bundles
from relapp.sync.engine import SyncEngine, SyncReport, team_folder_for
from relapp.sync.layout import FolderUnavailable, TeamFolder, read_file
from relapp.sync.locations import location
from relapp.sync.team import (
    JoinRequest,
    TeamError,
    TeamState,
    approve,
    create_team,
    load_team,
    read_requests,
    remove_member,
    retire_device,
    short_id,
    write_join_request,
)
from relapp.sync.team import set_retention as team_set_retention
from relapp.sync.transport import Location, reachable
from relapp.sync.wire import FileRefused

ORG_KEY_BYTES, ORG_CHECK_BYTES = 32, 3


@dataclass(frozen=True, slots=True)
class MemberView:
    member_id: str
    name: str
    role: str
    active: bool
    devices: int
    is_me: bool


def _hlc(session: Session) -> str:
    return session.vault.clock.tick().encode()


def _wrap(exc: Exception) -> ServiceError:
    return ServiceError(str(exc))


def _central(folder: str | Path | Location) -> Location:
    """A folder's path or an object store's ``s3://BUCKET/PREFIX``."""
    try:
        return location(folder)
    except ValueError as exc:
        raise ServiceError(str(exc)) from None
    except ImportError:
        raise ServiceError(
            "Object storage (s3://) needs the boto3 package, which is not installed."
        ) from None


def create(session: Session, central: str | Path, name: str) -> tuple[TeamFolder, str]:
    """Create a team; returns its folder and the organisation recovery code (shown once)."""
    central = _central(central)
    vault = session.vault
    identity = vault.identity()
    if identity.role != "supervisor":
        raise ServiceError("Only a supervisor's profile can create a team.")
    if syncstate.get_meta(vault, "sync_team_id"):
        raise ServiceError("This profile is already part of a team.")
    try:
        if not reachable(central):
            raise ServiceError(f"The shared folder {central} cannot be reached.")
    except OSError as exc:
        raise ServiceError(f"The shared folder {central} cannot be reached: {exc}.") from None
    private, public = generate_x25519()
    folder = create_team(
        central,
        name=name,
        member_id=vault.member_id,
        member_name=identity.name,
        device_id=vault.device_id,
        keyring=vault.keyring(),
        recovery_public=public,
        hlc=_hlc(session),
    )
    syncstate.set_meta(vault, "sync_folder", str(central))
    syncstate.set_meta(vault, "sync_team_id", folder.team_id)
    audit.record(vault, "team_change")
    return folder, encode_secret(private, ORG_CHECK_BYTES)


def _state(session: Session) -> tuple[TeamFolder, TeamState]:
    try:
        folder = team_folder_for(session.vault)
        folder.check_reachable()
        state = load_team(folder, syncstate.remembered_team_files(session.vault))
    except (FolderUnavailable, TeamError) as exc:
        raise _wrap(exc) from None
    syncstate.remember_team_files(session.vault, state.accepted_files)
    return folder, state


def join(session: Session, central: str | Path) -> TeamFolder:
    central = _central(central)
    vault = session.vault
    if vault.identity().role == "system_leader":
        raise ServiceError(
            "A system leader's profile joins no team: it reads the county's figures "
            "(relapp county join)."
        )
    if syncstate.get_meta(vault, "sync_team_id"):
        raise ServiceError("This profile is already part of a team.")
    try:
        folder = TeamFolder.locate(central)
        state = load_team(folder)
    except (FolderUnavailable, TeamError) as exc:
        raise _wrap(exc) from None
    identity = vault.identity()
    write_join_request(
        folder,
        state,
        member_id=vault.member_id,
        name=identity.name,
        role=identity.role,
        device_id=vault.device_id,
        keyring=vault.keyring(),
        hlc=_hlc(session),
    )
    syncstate.set_meta(vault, "sync_folder", str(central))
    syncstate.set_meta(vault, "sync_team_id", folder.team_id)
    audit.record(vault, "team_change")
    return folder


def current_folder(session: Session) -> Path | None:
    """The team's folder on a disk or share; None when none (or on object storage)."""
    folder = current_location(session)
    return Path(folder) if folder and not is_object_location(folder) else None


def current_location(session: Session) -> str | None:
    """Where the team's files are, as given: a folder's path or ``s3://BUCKET/PREFIX``."""
    folder = syncstate.get_meta(session.vault, "sync_folder")
    return folder if folder and syncstate.get_meta(session.vault, "sync_team_id") else None


def is_object_location(text: str) -> bool:
    return text.strip().lower().startswith("s3://")


def can_reach(folder: str | Path) -> bool:
    """A folder that exists, or an object store's bucket that answers."""
    try:
        return reachable(_central(folder))
    except OSError:
        return False


def move_folder(session: Session, new_path: str | Path) -> None:
    """The team's shared folder is now reached at another path (a new drive letter, a moved
    mount). Accepted only if the same team is there."""
    team_id = syncstate.get_meta(session.vault, "sync_team_id")
    if not team_id:
        raise ServiceError("This profile is not part of a team yet: join or create one first.")
    new_path = _central(new_path)
    try:
        TeamFolder.locate(new_path, team_id)
    except FolderUnavailable as exc:
        raise ServiceError(f"{exc} Your team's folder was not found there.") from None
    syncstate.set_meta(session.vault, "sync_folder", str(new_path))


def requests(session: Session) -> list[JoinRequest]:
    folder, state = _state(session)
    pending, _rejected = read_requests(
        folder, state, session.vault.device_id, session.vault.keyring()
    )
    return pending


def _find_request(session: Session, wanted: str) -> JoinRequest:
    matches = [
        r
        for r in requests(session)
        if r.device_id.endswith(wanted) or r.device_id.startswith(wanted)
    ]
    if not matches:
        raise ServiceError(
            f"There is no pending join request {wanted}. See 'relapp team requests'."
        )
    if len(matches) > 1:
        raise ServiceError(f"{wanted} matches several requests; give more characters.")
    return matches[0]


def approve_request(
    session: Session, wanted: str, role: str, as_member: str | None = None
) -> JoinRequest:
    request = _find_request(session, wanted)
    folder, state = _state(session)
    try:
        approve(
            folder,
            state,
            request,
            role=role,
            my_device=session.vault.device_id,
            keyring=session.vault.keyring(),
            hlc=_hlc(session),
            as_member=as_member,
        )
    except TeamError as exc:
        raise _wrap(exc) from None
    audit.record(session.vault, "team_change", [request.member_id])
    return request


def remove(session: Session, member: str) -> str:
    folder, state = _state(session)
    matches = [m for m in state.members if m.endswith(member) or m.startswith(member)]
    if len(matches) != 1:
        raise ServiceError(f"{member} does not name exactly one member. See 'relapp team show'.")
    try:
        remove_member(
            folder,
            state,
            matches[0],
            my_device=session.vault.device_id,
            keyring=session.vault.keyring(),
            hlc=_hlc(session),
            known={
                d: (p.last_seq, p.last_digest) for d, p in syncstate.progress(session.vault).items()
            },
        )
    except TeamError as exc:
        raise _wrap(exc) from None
    audit.record(session.vault, "team_change", [matches[0]])
    return matches[0]


def set_retention(
    session: Session,
    years: int | None = None,
    *,
    draft_days: int | None = None,
    unsent_days: int | None = None,
) -> None:
    """Set the team's retention rules (None keeps a rule as the team has it)."""
    folder, state = _state(session)
    if years is None:
        years = state.retention_years or 0
    try:
        team_set_retention(
            folder,
            state,
            years,
            my_device=session.vault.device_id,
            keyring=session.vault.keyring(),
            hlc=_hlc(session),
            draft_days=draft_days,
            unsent_days=unsent_days,
        )
    except TeamError as exc:
        raise _wrap(exc) from None
    syncstate.set_meta(session.vault, "retention_years", str(years))
    if draft_days is not None:
        syncstate.set_meta(session.vault, "retention_draft_days", str(draft_days))
    if unsent_days is not None:
        syncstate.set_meta(session.vault, "retention_unsent_days", str(unsent_days))
    audit.record(session.vault, "team_change")


@dataclass(frozen=True, slots=True)
class DeviceView:
    """One laptop of the team, as the Sync page and `relapp team show` list it."""

    device_id: str
    short: str  # what people type: its last 8 characters
    member_id: str
    member_name: str
    role: str
    status: str  # active | retired | removed (its member left the team)
    is_mine: bool
    read_up_to: int  # the last of its files this laptop has applied


def devices(
    session: Session, team: tuple[TeamState, list[MemberView]] | None = None
) -> list[DeviceView]:
    state, views = team if team is not None else members(session)
    names = {m.member_id: m.name for m in views}
    read = syncstate.progress(session.vault)
    out = []
    for member in state.members.values():
        for device_id in member.devices:
            status = (
                "retired"
                if device_id in state.retired
                else "active"
                if member.active
                else "removed"
            )
            out.append(
                DeviceView(
                    device_id,
                    short_id(device_id),
                    member.member_id,
                    names.get(member.member_id, short_id(member.member_id)),
                    member.role,
                    status,
                    device_id == session.vault.device_id,
                    read[device_id].last_seq if device_id in read else 0,
                )
            )
    out.sort(key=lambda d: (d.status != "active", d.member_name.lower(), d.device_id))
    return out


def retire(session: Session, wanted: str) -> tuple[DeviceView, SyncReport]:
    """Retire a laptop that will never come back (a supervisor's action), then sync at once:
    this laptop sends that laptop's changes again from its own folder and removes the retired
    laptop's files from the shared folder. Returns the laptop and that sync's report."""
    wanted = wanted.strip()
    matches = [
        d
        for d in devices(session)
        if wanted and (d.device_id.endswith(wanted) or d.device_id.startswith(wanted))
    ]
    if len(matches) != 1:
        raise ServiceError(
            f"{wanted or 'That'} does not name exactly one laptop of the team. See "
            "'relapp team show'."
        )
    device = matches[0]
    folder, state = _state(session)
    known = syncstate.progress(session.vault).get(device.device_id)
    try:
        retire_device(
            folder,
            state,
            device.device_id,
            my_device=session.vault.device_id,
            keyring=session.vault.keyring(),
            hlc=_hlc(session),
            known=(known.last_seq, known.last_digest) if known else None,
        )
    except TeamError as exc:
        raise _wrap(exc) from None
    audit.record(session.vault, "team_change", [device.member_id])
    return device, sync_once(session)


def members(session: Session) -> tuple[TeamState, list[MemberView]]:
    _folder, state = _state(session)
    names_key = state.names_key(session.vault.device_id, session.vault.keyring().x25519_private)
    out = [
        MemberView(
            m.member_id,
            state.member_name(m.member_id, names_key),
            m.role,
            m.active,
            len(m.devices),
            m.member_id == session.vault.member_id,
        )
        for m in state.members.values()
    ]
    out.sort(key=lambda v: (not v.active, v.role != "supervisor", v.name.lower()))
    return state, out


def sync_once(session: Session, progress=None) -> SyncReport:  # noqa: ANN001
    return SyncEngine(session.vault).run(progress)


def recover_team(folder_path: str | Path, code: str) -> dict[str, Any]:
    """Decrypt every record the team synced, with the organisation's recovery key.

    Returns a Relapp export document (the head of every record, deletions left out).
    """
    private = decode_secret(code, ORG_KEY_BYTES, ORG_CHECK_BYTES, "An organisation recovery code")
    try:
        folder = TeamFolder.locate(_central(folder_path))
        state = load_team(folder)
    except (FolderUnavailable, TeamError) as exc:
        raise _wrap(exc) from None
    versions: dict[str, dict[str, dict[str, Any]]] = {}  # record -> event id -> event
    opened_any = False
    for device_id in folder.device_ids():
        device = state.device(device_id)
        if device is None:
            continue
        # Snapshots too: older bundles they cover may have been tidied away.
        files = [(p, "bundle") for _s, p in folder.bundles(device_id).accepted] + [
            (p, "snapshot") for _s, p in folder.snapshots(device_id).accepted
        ]
        for path, kind in files:
            try:
                data = read_file(path, bundles.MAX_BUNDLE_BYTES)
                opened = bundles.decode(
                    data,
                    team_id=state.team_id,
                    signer_public=device.ed25519,
                    my_id=bundles.RECOVERY,
                    my_private=private,
                    expect_kind=kind,
                )
            except (FileRefused, OSError):
                continue  # damaged, hostile or unreadable: what it claims is not used
            pinned = opened.digest if kind == "bundle" else opened.prev
            if state.refuses(device_id, opened.seq, pinned, opened.created):
                continue  # written by a removed member's laptop after its removal
            if opened.sections:
                opened_any = True
            for events in opened.sections.values():
                for event in events:
                    versions.setdefault(event["record"], {})[event["id"]] = event
    # As on every device: the head is the greatest (clock, device, id) among the versions
    # nothing builds on, so a later edit made on top of a fast laptop's version wins.
    heads: dict[str, dict[str, Any]] = {}
    for record_id, events_by_id in versions.items():
        superseded = {e.get("parent") for e in events_by_id.values()}
        leaves = [e for e in events_by_id.values() if e["id"] not in superseded]
        heads[record_id] = max(leaves, key=lambda e: (e["hlc"], e["device"], e["id"]))
    if not opened_any and any(folder.bundles(d).accepted for d in folder.device_ids()):
        raise ServiceError("That organisation recovery code does not open this team's files.")
    # Erasures by a supervisor hold for the organisation's copy too: a laptop that has not
    # compacted its folder yet (away, lost, removed) must not bring an erased family back.
    erased: set[str] = set()
    for events_by_id in versions.values():
        for event in events_by_id.values():
            device = state.device(str(event["device"]))
            if (
                event["kind"] == "erasure"
                and device is not None
                and state.members[device.member_id].role == "supervisor"
            ):
                erased |= {str(i) for i in event["data"].get("records") or []}
                if event["data"].get("root"):
                    erased.add(str(event["data"]["root"]))
    grew = True
    while grew:  # and everything that hangs from what was erased
        grew = False
        for record_id, events_by_id in versions.items():
            if record_id not in erased and any(
                e.get("parent_id") in erased for e in events_by_id.values()
            ):
                erased.add(record_id)
                grew = True
    casework = [
        e
        for e in heads.values()
        if not e.get("deleted") and e["kind"] in KINDS and e["record"] not in erased
    ]
    records = [
        {"id": e["record"], "kind": e["kind"], "data": e["data"]}
        for e in sorted(casework, key=lambda e: (KINDS.index(e["kind"]), e["record"]))
    ]
    return {"format": "relapp-export", "version": 1, "records": records}


def recover_team_json(folder_path: str | Path, code: str) -> str:
    return (
        json.dumps(recover_team(folder_path, code), ensure_ascii=False, indent=2, sort_keys=True)
        + "\n"
    )
