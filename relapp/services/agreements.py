"""A family's agreement to early help: what was explained and agreed (working with the service,
check-ins, sharing with named partners), with whom and when; and the notice a parent is shown
before answering a check-in on the practitioner's laptop.

One agreement record per family; a change or a withdrawal is a new version of it, so every
earlier state stays on record (the vault keeps every version). Plain Python, no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from relapp.domain import records as domain
from relapp.services import retention
from relapp.services.errors import ServiceError
from relapp.services.families import members_of
from relapp.services.profile import Session
from relapp.services.records import RecordService
from relapp.services.supervision import member_names, name_of
from relapp.store import audit
from relapp.store.vault import Record, RecordNotFound

# Family members who are not asked for agreement themselves (they are the children it is about).
NOT_ASKED = ("child",)


@dataclass(frozen=True, slots=True)
class AgreementVersion:
    """One state of a family's agreement, as recorded."""

    version: int
    status: str  # "agreed" or "withdrawn"
    when: date | None
    agreed_by: tuple[str, ...]
    working_with_service: bool
    checkins: bool
    sharing_with: tuple[str, ...]
    explained: str
    explained_by: str  # a name (or "Team member …" when the team is out of reach)
    recorded_at: str  # when this version was saved (UTC)
    recorded_by: str  # a name

    @property
    def agreed_to_anything(self) -> bool:
        return self.working_with_service or self.checkins or bool(self.sharing_with)


@dataclass(frozen=True, slots=True)
class FamilyAgreement:
    """A family's agreement: the current state and every earlier one, oldest first."""

    family_id: str
    family_name: str
    members: tuple[str, ...]  # the family members who can give agreement
    record_id: str | None
    version: int | None  # the head's version, for saving a change over it
    current: AgreementVersion | None
    history: tuple[AgreementVersion, ...]

    @property
    def state(self) -> str:
        """ "none", "agreed" or "withdrawn"."""
        return self.current.status if self.current is not None else "none"

    @property
    def checkins_agreed(self) -> bool:
        return self.state == "agreed" and self.current is not None and self.current.checkins


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _texts(values: Any) -> tuple[str, ...]:
    return tuple(str(v).strip() for v in values or [] if str(v).strip())


def version_of(record: Record, names: dict[str, str]) -> AgreementVersion:
    data = record.data
    explained_by = str(data.get("explained_by") or "")
    return AgreementVersion(
        version=record.version,
        status=str(data.get("status") or ""),
        when=_day(data.get("when")),
        agreed_by=_texts(data.get("agreed_by")),
        working_with_service=bool(data.get("working_with_service")),
        checkins=bool(data.get("checkins")),
        sharing_with=_texts(data.get("sharing_with")),
        explained=str(data.get("explained") or ""),
        explained_by=name_of(names, explained_by) if explained_by else "",
        recorded_at=record.updated_at,
        recorded_by=name_of(names, record.author),
    )


def describe(version: AgreementVersion) -> str:
    """The state in plain English, for exports ("Agreed on 2026-03-03 with Grace Okafor:
    working with the service, check-ins; sharing with the health visitor")."""
    day = version.when.isoformat() if version.when else "an unknown day"
    people = " and ".join(version.agreed_by) or "the family"
    if version.status == "withdrawn":
        return f"Withdrawn on {day} by {people}"
    agreed = [
        words
        for on, words in (
            (version.working_with_service, "working with the service"),
            (version.checkins, "check-ins"),
        )
        if on
    ]
    text = f"Agreed on {day} with {people}: " + (", ".join(agreed) or "nothing else")
    if version.sharing_with:
        text += "; sharing with " + ", ".join(version.sharing_with)
    return text


def _latest(records: Iterable[Record]) -> Record | None:
    """The family's agreement: normally one record. Two laptops offline may each have started
    one; the one about the latest day (then the latest saved) is the family's agreement now."""
    live = [r for r in records if not r.error and not r.deleted]
    if not live:
        return None
    return max(live, key=lambda r: (str(r.data.get("when") or ""), r.updated_at, r.id))


def agreement_record(records: RecordService, family_id: str) -> Record | None:
    return _latest(records.list("agreement", parent_id=family_id))


def checkins_agreed(records: RecordService, family_id: str) -> bool:
    """Whether the family's current agreement includes completing check-ins."""
    record = agreement_record(records, family_id)
    return (
        record is not None
        and record.data.get("status") == "agreed"
        and bool(record.data.get("checkins"))
    )


def family_agreement(session: Session, family_id: str) -> FamilyAgreement:
    """A family's agreement now, with its history, for the family's page and the dialog."""
    records = session.records
    family = records.get(family_id)
    if family.kind != "family":
        raise ServiceError("That record is not a family.")
    members = tuple(m.name for m in members_of(family.data) if m.role not in NOT_ASKED)
    record = agreement_record(records, family_id)
    family_name = str(family.data.get("display_name") or family.data.get("reference") or "")
    if record is None:
        return FamilyAgreement(family_id, family_name, members, None, None, None, ())
    names = member_names(session)
    history = tuple(version_of(v, names) for v in session.vault.history(record.id) if not v.deleted)
    return FamilyAgreement(
        family_id=family_id,
        family_name=family_name,
        members=members,
        record_id=record.id,
        version=record.version,
        current=version_of(record, names),
        history=history,
    )


@dataclass(frozen=True, slots=True)
class AgreementInput:
    """What the practitioner records: agreed (with what) or withdrawn, with whom, when."""

    status: str
    when: date
    agreed_by: Sequence[str]
    working_with_service: bool = False
    checkins: bool = False
    sharing_with: Sequence[str] = ()
    explained: str = ""


def split_names(text: str) -> list[str]:
    """ "health visitor, GP; nursery" -> ["health visitor", "GP", "nursery"]."""
    return [p.strip() for p in text.replace(";", ",").replace("\n", ",").split(",") if p.strip()]


def agreement_data(family_id: str, given: AgreementInput, explained_by: str) -> dict[str, Any]:
    """The record's fields, with the checks a person can act on (before the domain's own)."""
    if given.status not in domain.AGREEMENT_STATES:
        raise ServiceError("Say whether the family agreed or withdrew their agreement.")
    if given.when > date.today():
        raise ServiceError("The date cannot be in the future.")
    agreed_by = _unique(given.agreed_by)
    if not agreed_by:
        raise ServiceError(
            "Say who in the family agreed."
            if given.status == "agreed"
            else "Say who in the family withdrew their agreement."
        )
    data: dict[str, Any] = {
        "family_id": family_id,
        "status": given.status,
        "when": given.when.isoformat(),
        "agreed_by": agreed_by,
        "explained_by": explained_by,
    }
    if given.status == "agreed":
        sharing = _unique(given.sharing_with)
        if not (given.working_with_service or given.checkins or sharing):
            raise ServiceError(
                "Choose what the family agreed to: working with the service, check-ins, or "
                "sharing with named partners."
            )
        data["working_with_service"] = bool(given.working_with_service)
        data["checkins"] = bool(given.checkins)
        data["sharing_with"] = sharing
    else:  # a withdrawal ends all of it; what was agreed before stays in the history
        data["working_with_service"] = False
        data["checkins"] = False
        data["sharing_with"] = []
    if given.explained.strip():
        data["explained"] = given.explained.strip()
    return data


def _unique(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        value = str(value).strip()
        if value and value.casefold() not in {o.casefold() for o in out}:
            out.append(value)
    return out


def save_agreement(
    session: Session,
    family_id: str,
    given: AgreementInput,
    *,
    record_id: str | None = None,
    expected_version: int | None = None,
) -> Record:
    """Record the family's agreement, a change to it or its withdrawal (a new version of the
    family's agreement record; a first one when there is none)."""
    records = session.records
    try:
        family = records.get(family_id)
    except RecordNotFound:
        family = None
    if family is None or family.kind != "family" or family.deleted:
        raise ServiceError("The family is not here (or is in the trash): nothing was saved.")
    if record_id is None:
        existing = agreement_record(records, family_id)
        if existing is not None:  # one record per family: a change is a version of it
            record_id, expected_version = existing.id, existing.version
    elif given.status == "withdrawn" and records.get(record_id).data.get("status") == "withdrawn":
        raise ServiceError("This agreement is already withdrawn.")
    data = agreement_data(family_id, given, session.vault.member_id)
    return records.save("agreement", data, record_id=record_id, expected_version=expected_version)


# ---- the parent's notice in hand-over mode ------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParentNotice:
    """What the notice before a parent's check-in says about how long answers are kept."""

    retention_years: int | None  # None: the team has set no rule (the council's schedule)


def parent_notice(session: Session) -> ParentNotice:
    return ParentNotice(retention.years_of(session))


@dataclass(frozen=True, slots=True)
class HandoverCheck:
    """What the practitioner is told before handing the laptop over, and what the parent's
    notice says."""

    checkins_agreed: bool
    notice: ParentNotice


def handover_check(session: Session, family_id: str) -> HandoverCheck:
    return HandoverCheck(checkins_agreed(session.records, family_id), parent_notice(session))


def record_notice_shown(records: RecordService, family_id: str) -> str:
    """The parent saw the notice and went on: an audit entry now (even if they then hand the
    laptop back); the time returned is kept on the check-in they complete."""
    audit.record(records.vault, "parent_notice_shown", [family_id])
    return datetime.now().strftime("%Y-%m-%dT%H:%M:%S")
