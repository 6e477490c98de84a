"""What the Sync page and the sync status line show, as plain data: whether this laptop is in a
team, what waits to be sent, the team and its members, join requests, open conflicts with both
versions side by side, files set aside (quarantined), and keeping one version of a conflicting
record. No Qt here; the background pass itself is services.sync_pass."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from relapp.domain.hlc import Timestamp
from relapp.domain.records import SCHEMAS, parent_of
from relapp.services import team as team_service
from relapp.services.erasure import erasure_requests, erasure_status
from relapp.services.errors import ServiceError
from relapp.services.profile import Session
from relapp.services.team import MemberView
from relapp.store import conflict_versions, syncstate
from relapp.store.vault import Record, RecordNotFound, Vault, VaultError
from relapp.sync.engine import MEMBER_FAULT
from relapp.sync.layout import TeamFolder
from relapp.sync.team import short_id

ProgressFn = Callable[[int, int], None]
LABEL_LENGTH = 60


# ---- this laptop ---------------------------------------------------------------------------


def in_team(vault: Vault) -> bool:
    """A cheap local look-up: has this profile created or asked to join a team?"""
    return bool(syncstate.get_meta(vault, "sync_team_id"))


def request_id(vault: Vault) -> str:
    """What a supervisor sees as this laptop's join request id."""
    return short_id(vault.device_id)


@dataclass(frozen=True, slots=True)
class LocalCounts:
    waiting: int  # this device's versions not yet sent
    conflicts: int  # records with an open conflict
    quarantined: int


# Kinds whose conflicts nobody settles by hand: every laptop takes the same head (the
# record's newest clock, then device, then event), and that is the answer. Two supervisors
# who each made the team's family-key key before syncing end with one of the two, alike.
SETTLED_ALIKE = frozenset({"team_key"})


def _person_conflicts(vault: Vault) -> list[Any]:
    return [c for c in syncstate.conflicts(vault) if c.kind not in SETTLED_ALIKE]


def local_counts(vault: Vault) -> LocalCounts:
    return LocalCounts(
        syncstate.waiting_count(vault),
        len({c.record_id for c in _person_conflicts(vault)}),
        len(syncstate.quarantined(vault)),
    )


# ---- the page's overview ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConflictItem:
    record_id: str
    kind: str
    label: str
    found_at: str
    event_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QuarantinedFile:
    path: str
    reason: str
    first_seen: str
    source: str = ""  # whose laptop's folder it sits in, as people read it
    from_member: bool = False  # signed by that laptop: its Relapp is faulty or modified


@dataclass(frozen=True, slots=True)
class RequestItem:
    request_id: str
    device_id: str
    member_id: str
    name: str
    role: str


@dataclass
class SyncOverview:
    in_team: bool
    supervisor_profile: bool  # the profile's own role: may create a team
    request_id: str
    folder: str = ""
    team_name: str = ""
    approved: bool = False  # this laptop is an active device of the team
    removed: bool = False  # this laptop was in the team and its member was removed
    is_admin: bool = False  # may approve and remove (a supervisor of the team)
    team_error: str = ""  # why the team's folder could not be read just now
    members: list[MemberView] = field(default_factory=list)
    requests: list[RequestItem] = field(default_factory=list)
    requests_error: str = ""
    counts: LocalCounts = LocalCounts(0, 0, 0)
    conflicts: list[ConflictItem] = field(default_factory=list)
    quarantined: list[QuarantinedFile] = field(default_factory=list)
    # members whose laptop signed files Relapp cannot read (its changes wait behind them)
    faulty_laptops: list[str] = field(default_factory=list)
    erasures: list[Any] = field(default_factory=list)  # services.erasure.ErasureStatus
    retired: bool = False  # a supervisor retired this laptop
    devices: list[Any] = field(default_factory=list)  # services.team.DeviceView (supervisors)
    # practitioners' requests for an erasure: services.erasure.ErasureRequest (supervisors)
    erasure_requests: list[Any] = field(default_factory=list)


def sync_overview(session: Session) -> SyncOverview:
    """Everything the Sync page shows. Local facts always come back; what needs the shared
    folder (members, requests) comes back with a sentence when the folder cannot be read."""
    vault = session.vault
    overview = SyncOverview(
        in_team=in_team(vault),
        supervisor_profile=vault.identity().role == "supervisor",
        request_id=request_id(vault),
        folder=syncstate.get_meta(vault, "sync_folder") or "",
        counts=local_counts(vault),
        conflicts=open_conflicts(session),
        quarantined=[QuarantinedFile(*row) for row in syncstate.quarantined(vault)],
    )
    if not overview.in_team:
        return overview
    try:
        state, members = team_service.members(session)
    except ServiceError as exc:
        overview.team_error = str(exc)
        return overview
    overview.team_name = state.name
    overview.members = members
    names = {m.member_id: m.name for m in members}
    faulty: list[str] = []
    for index, item in enumerate(overview.quarantined):
        device_id = TeamFolder.device_of(item.path)
        device = state.device(device_id) if device_id else None
        if device_id is None:
            source = ""
        elif device is None:
            source = "a device outside the team"
        else:
            source = names.get(device.member_id, short_id(device.member_id))
        from_member = device is not None and item.reason.startswith(MEMBER_FAULT)
        overview.quarantined[index] = replace(item, source=source, from_member=from_member)
        if from_member and source not in faulty:
            faulty.append(source)
    overview.faulty_laptops = faulty
    overview.approved = state.active_device(vault.device_id) is not None
    overview.retired = vault.device_id in state.retired
    overview.removed = (
        not overview.approved and not overview.retired and state.device(vault.device_id) is not None
    )
    overview.is_admin = overview.approved and any(
        m.is_me and m.active and m.role == "supervisor" for m in members
    )
    if overview.is_admin:
        overview.erasures = erasure_status(session, (state, members))
        overview.devices = team_service.devices(session, (state, members))
        overview.erasure_requests = erasure_requests(session)
        try:
            overview.requests = [
                RequestItem(r.request_id, r.device_id, r.member_id, r.name, r.role)
                for r in team_service.requests(session)
            ]
        except ServiceError as exc:
            overview.requests_error = str(exc)
    return overview


# ---- conflicts -----------------------------------------------------------------------------


def open_conflicts(session: Session) -> list[ConflictItem]:
    """One row a record with open conflicts (a record edited on three laptops is one row)."""
    vault = session.vault
    grouped: dict[str, tuple[str, str, list[str]]] = {}
    for c in _person_conflicts(vault):
        kind, found, events = grouped.setdefault(c.record_id, (c.kind, c.found_at, []))
        for event in (c.event_id, c.other_event):
            if event not in events:
                events.append(event)
    return [
        ConflictItem(record_id, kind, _label_for(session, record_id), found, tuple(events))
        for record_id, (kind, found, events) in grouped.items()
    ]


def _label_for(session: Session, record_id: str) -> str:
    try:
        record = session.vault.get(record_id, strict=False)
    except RecordNotFound:
        return short_id(record_id)
    if record.error:
        return short_id(record_id)
    return record_label(session, record.kind, record.data) or short_id(record_id)


def _clip(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1].rstrip() + "…"


def _family_name(session: Session, family_id: str) -> str:
    if not family_id:
        return ""
    try:
        record = session.vault.get(family_id, strict=False)
    except RecordNotFound:
        return ""
    return "" if record.error else str(record.data.get("display_name", ""))


def record_label(session: Session, kind: str, data: dict[str, Any]) -> str:
    """A short, recognisable name for a record: the family's name, a reflection's title…"""
    family = _family_name(session, str(data.get("family_id", "")))
    if kind == "family":
        return _clip(data.get("display_name", ""))
    if kind == "reflection":
        template = session.definitions.templates.get(str(data.get("template_id", "")))
        title = data.get("title") or (template.title if template else "")
        return _clip(" — ".join(t for t in (title, family) if t))
    if kind in ("visit", "checkin"):
        when = str(data.get("when", ""))[:10]
        what = ""
        if kind == "checkin":
            instrument = session.definitions.instruments.get(str(data.get("instrument_id", "")))
            what = instrument.title if instrument else ""
        return _clip(" — ".join(t for t in (what, family, when) if t))
    if kind == "barrier":
        return _clip(data.get("description", ""))
    if kind == "change_test":
        return _clip(data.get("title", ""))
    if kind == "feedback":
        return _clip(data.get("text", ""))
    if kind == "supervision_session":
        return _clip(str(data.get("when", ""))[:10])
    if kind == "agreement":  # two laptops changed the family's agreement at once
        return _clip(" — ".join(t for t in (family, str(data.get("when", ""))[:10]) if t))
    return ""


@dataclass(frozen=True, slots=True)
class ConflictVersion:
    event_id: str
    author: str  # a name when the team can be read, else a short id
    this_laptop: bool
    when: str  # ISO time the version was made (from its clock)
    deleted: bool
    error: str | None
    data: dict[str, Any]
    lines: tuple[str, ...]  # the version as readable "Field: value" lines


@dataclass(frozen=True, slots=True)
class ConflictDetail:
    record_id: str
    kind: str
    label: str
    versions: tuple[ConflictVersion, ...]


@dataclass(frozen=True, slots=True)
class DiffRow:
    left: str | None
    right: str | None
    changed: bool


def conflict_detail(session: Session, record_id: str) -> ConflictDetail:
    """The versions that disagree, readable, for the person to choose between."""
    vault = session.vault
    item = next((c for c in open_conflicts(session) if c.record_id == record_id), None)
    if item is None:
        raise ServiceError("This conflict has already been resolved.")
    found = conflict_versions.versions_by_event(vault, list(item.event_ids))
    names = _member_names(session)
    versions = []
    for event_id in item.event_ids:
        version = found.get(event_id)
        if version is None:
            continue
        record = version.record
        versions.append(
            ConflictVersion(
                event_id=event_id,
                author=names.get(record.author) or short_id(record.author),
                this_laptop=version.device_id == vault.device_id,
                when=_clock_time(version.hlc) or record.updated_at,
                deleted=record.deleted,
                error=record.error,
                data=record.data,
                lines=tuple(readable_lines(session, record, names)),
            )
        )
    versions.sort(key=lambda v: (not v.this_laptop, v.when))
    return ConflictDetail(record_id, item.kind, item.label, tuple(versions))


def _member_names(session: Session) -> dict[str, str]:
    identity = session.vault.identity()
    names = {session.vault.member_id: identity.name}
    try:
        _state, members = team_service.members(session)
    except ServiceError:
        return names
    return {**{m.member_id: m.name for m in members}, **names}


def _clock_time(hlc: str) -> str:
    try:
        millis = Timestamp.decode(hlc).millis
    except ValueError:
        return ""
    return datetime.fromtimestamp(millis / 1000, UTC).isoformat(timespec="seconds")


def _field_title(name: str) -> str:
    text = name.replace("_id", "").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _value_text(value: Any) -> str:
    if not isinstance(value, dict):
        return str(value)
    rest = ", ".join(
        f"{_field_title(k).lower()}: {v}"
        for k, v in value.items()
        if k != "name" and v not in (None, "")
    )
    if value.get("name"):
        return f"{value['name']} ({rest})" if rest else str(value["name"])
    return rest


def readable_lines(
    session: Session, record: Record, names: dict[str, str] | None = None
) -> list[str]:
    """A version as lines a person can compare: one per field, list item and paragraph.
    `names` turns member ids (assigned to, practitioner) into people's names."""
    names = names or {}
    if record.error:
        return [record.error]
    data, kind = record.data, record.kind
    lines: list[str] = []
    if record.deleted:
        lines.append("(moved to the trash in this version)")
    template = session.definitions.templates.get(str(data.get("template_id", "")))
    instrument = session.definitions.instruments.get(str(data.get("instrument_id", "")))
    known = list(SCHEMAS.get(kind, {}))
    for name in known + sorted(set(data) - set(known)):
        value = data.get(name)
        if value in (None, "", [], {}):
            continue
        title = _field_title(name)
        if name == "family_id":
            lines.append(f"{title}: {_family_name(session, str(value)) or value}")
        elif name in ("assigned_to", "practitioner_id"):
            lines.append(f"{title}: {names.get(str(value)) or short_id(str(value))}")
        elif name == "sections" and isinstance(value, dict):
            titles = {s.id: s.title for s in template.sections} if template else {}
            for section, text in value.items():
                lines.append(f"{titles.get(section, _field_title(section))}:")
                lines.extend(f"    {p}" for p in str(text).splitlines() if p.strip())
        elif name == "scores" and isinstance(value, dict):
            items = {i.id: i.text for i in instrument.items} if instrument else {}
            lines.extend(f"{items.get(k, k)}: {v}" for k, v in value.items())
        elif isinstance(value, list):
            lines.append(f"{title}:")
            lines.extend(f"  • {_value_text(item)}" for item in value)
        elif isinstance(value, dict):
            lines.append(f"{title}:")
            lines.extend(f"  {k}: {v}" for k, v in value.items())
        else:
            paragraphs = [p for p in str(value).splitlines() if p.strip()] or [""]
            spec = SCHEMAS.get(kind, {}).get(name)
            # Free text is always a heading and its paragraphs, so a paragraph added on one
            # laptop lines up with the other version instead of changing the whole field.
            if len(paragraphs) == 1 and (spec is None or spec.type != "text"):
                lines.append(f"{title}: {paragraphs[0]}")
            else:
                lines.append(f"{title}:")
                lines.extend(f"    {p}" for p in paragraphs)
    return lines


Lines = list[str] | tuple[str, ...]


def side_by_side(left: Lines, right: Lines) -> list[DiffRow]:
    """Two versions' lines aligned, with the rows that differ marked (difflib)."""
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, list(left), list(right), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(DiffRow(a, a, False) for a in left[i1:i2])
            continue
        lefts, rights = list(left[i1:i2]), list(right[j1:j2])
        for index in range(max(len(lefts), len(rights))):
            rows.append(
                DiffRow(
                    lefts[index] if index < len(lefts) else None,
                    rights[index] if index < len(rights) else None,
                    True,
                )
            )
    return rows


def resolve_conflict(session: Session, record_id: str, event_id: str) -> Record:
    """Keep one version: save its content as a new version and close the record's conflicts.

    The new version names the versions it settles, so the other laptops close the conflict
    too when they receive it. A reflection is written straight to the vault: the record
    service refuses to change a submitted reflection's words, but choosing between two
    versions that were both written is not editing, and both stay in the history.
    """
    vault = session.vault
    chosen = conflict_versions.versions_by_event(vault, [event_id]).get(event_id)
    if chosen is None or chosen.record.id != record_id:
        raise ServiceError("That version is not part of this record's conflict.")
    if chosen.record.error:
        raise ServiceError("That version cannot be opened, so it cannot be kept. Keep the other.")
    if not any(c.record_id == record_id for c in syncstate.conflicts(vault)):
        raise ServiceError("This conflict has already been resolved.")
    head = vault.get(record_id, strict=False)
    kind, data = chosen.record.kind, chosen.record.data
    try:
        if kind == "reflection":
            saved = vault.put(
                kind,
                data,
                record_id=record_id,
                parent_id=parent_of(kind, data),
                expected_version=head.version,
            )
        else:
            saved = session.records.save(
                kind, data, record_id=record_id, expected_version=head.version
            )
        if chosen.record.deleted:
            saved = vault.delete(record_id)
    except (VaultError, ValueError) as exc:
        raise ServiceError(f"That version could not be kept: {exc}") from None
    syncstate.resolve_conflicts(vault, record_id, syncstate.head_event(vault, record_id))
    return saved
