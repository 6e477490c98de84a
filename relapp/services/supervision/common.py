"""What the supervision use cases share: the team's cadence and review states, who is who (member
names from the team state, who a record belongs to), and the family and visit a reflection is
about."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from relapp.services import team
from relapp.services.errors import ServiceError
from relapp.services.families import parse_when
from relapp.services.profile import Session
from relapp.services.sync_status import in_team
from relapp.store import syncstate
from relapp.store.vault import Record, RecordNotFound, fields
from relapp.sync.team import short_id

CADENCE_DAYS = 7  # a practitioner is due supervision weekly unless the team says otherwise


AROUND_DAYS = 14  # check-ins this many days either side of a visit belong to its review


REVIEW_STATES = ("reviewed", "to_discuss", "returned")


REVIEWABLE = ("submitted", "reviewed", "to_discuss", "returned")


# Stored when a supervisor sets a state without writing anything, so the practitioner's
# Today page and thread still say what happened.
DEFAULT_TEXT = {
    "reviewed": "Marked as reviewed.",
    "to_discuss": "Marked to discuss in supervision.",
}


def team_members(session: Session) -> list[team.MemberView] | None:
    """The team's members, or None when the profile is in no team or the folder is out of
    reach (the callers then fall back to the ids the records carry)."""
    if not in_team(session.vault):
        return None
    try:
        _state, members = team.members(session)
    except (ServiceError, OSError):
        return None
    return members


def member_names(
    session: Session, members: Sequence[team.MemberView] | None = None
) -> dict[str, str]:
    """Names by member id: the team's (when reachable) and always this profile's own."""
    if members is None:
        members = team_members(session) or []
    names = {m.member_id: m.name for m in members}
    names[session.vault.member_id] = session.vault.identity().name
    return names


def name_of(names: Mapping[str, str], member_id: str) -> str:
    return names.get(member_id) or f"Team member {short_id(member_id)}"


def owner(session: Session, record: Record) -> str:
    """The member a record belongs to: the author of its first version."""
    return syncstate.owner_of(session.vault, record.id) or record.author


def family_owner(session: Session, family: Record) -> str:
    return str(family.data.get("assigned_to") or "") or owner(session, family)


def readable(records: Iterable[Record]) -> list[Record]:
    return [r for r in records if r.error is None and not r.deleted]


def day_of(value: Any) -> date | None:
    moment = parse_when(value)
    if moment is not None:
        return moment.date()
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def family_and_visit(
    data: Mapping[str, Any], families: Mapping[str, Record], visits: Mapping[str, Record]
) -> tuple[str, Record | None, Record | None]:
    visit = visits.get(str(data.get("visit_id") or ""))
    family_id = str(data.get("family_id") or (visit.data.get("family_id") if visit else "") or "")
    return family_id, families.get(family_id), visit


def linked_records(
    session: Session, reflections: Iterable[Record]
) -> tuple[dict[str, Record], dict[str, Record]]:
    """The families and visits these reflections point at, read by id: a supervisor's laptop
    holds a whole team's thousands of families and tens of thousands of visits, and a queue
    or a list of threads names a few hundred at most."""
    vault = session.vault
    reflections = list(reflections)
    visit_ids = {str(r.data.get("visit_id")) for r in reflections if r.data.get("visit_id")}
    visits = {
        v.id: v
        for v in readable(
            vault.get_many(visit_ids, author=False, keep=fields("family_id", "when")).values()
        )
        if v.kind == "visit"
    }
    family_ids = {family_and_visit(r.data, {}, visits)[0] for r in reflections} - {""}
    families = {
        f.id: f
        for f in readable(
            vault.get_many(
                family_ids, author=False, keep=fields("display_name", "reference")
            ).values()
        )
        if f.kind == "family"
    }
    return families, visits


def family_label(family: Record | None) -> str:
    if family is None:
        return ""
    return str(family.data.get("display_name") or family.data.get("reference") or "")


def get_record(session: Session, record_id: str, kind: str) -> Record | None:
    """A readable record of that kind, or None (not shared here, damaged, or in the trash)."""
    if not record_id:
        return None
    try:
        record = session.records.vault.get(record_id, strict=False)
    except RecordNotFound:
        return None
    ok = record.kind == kind and record.error is None and not record.deleted
    return record if ok else None
