"""One reflection under review: its sections, its feedback thread, and the family's check-ins
around the visit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from relapp.services.checkins import CheckinRow, alerts_by_checkin
from relapp.services.errors import ServiceError
from relapp.services.profile import Session
from relapp.services.reflections import reflection_title, sections_for
from relapp.services.supervision.common import (
    AROUND_DAYS,
    day_of,
    family_label,
    get_record,
    member_names,
    name_of,
    owner,
    readable,
)
from relapp.store.vault import Record


@dataclass(frozen=True, slots=True)
class ThreadEntry:
    id: str
    author_id: str
    author: str
    is_mine: bool
    when: str
    text: str
    review_state: str  # "" for a comment or a reply
    reply_to: str  # "" for a top-level comment
    depth: int  # 0 for top-level, 1 for a reply to it, ...


@dataclass(frozen=True, slots=True)
class SectionText:
    id: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class ReviewContext:
    reflection: Record
    practitioner_id: str
    practitioner: str
    title: str
    template: str
    status: str
    submitted_at: str
    themes: tuple[str, ...]
    sections: tuple[SectionText, ...]
    family_id: str
    family: str
    visit: Record | None
    checkins: tuple[CheckinRow, ...]
    thread: tuple[ThreadEntry, ...]
    amendment_reason: str = ""

    @property
    def question(self) -> ThreadEntry | None:
        """The supervisor's newest comment that is not a reply, preferring a returning one."""
        top = [e for e in reversed(self.thread) if e.depth == 0]
        for entry in top:
            if entry.review_state == "returned":
                return entry
        return top[0] if top else None


def feedback_thread(
    session: Session, reflection_id: str, names: Mapping[str, str] | None = None
) -> list[ThreadEntry]:
    """The feedback on one reflection in reading order: each comment followed by its replies
    (oldest first at every level). A reply whose comment has not arrived is shown on its own."""
    names = member_names(session) if names is None else names
    me = session.vault.member_id
    found = [
        r
        for r in readable(session.records.list("feedback", parent_id=reflection_id))
        if r.data.get("record_id") == reflection_id
    ]
    found.sort(key=lambda r: (r.created_at, r.id))
    ids = {r.id for r in found}
    children: dict[str, list[Record]] = {}
    roots: list[Record] = []
    for record in found:
        parent = str(record.data.get("reply_to") or "")
        if parent and parent in ids and parent != record.id:
            children.setdefault(parent, []).append(record)
        else:
            roots.append(record)
    out: list[ThreadEntry] = []
    seen: set[str] = set()

    def walk(record: Record, depth: int) -> None:
        if record.id in seen:  # a cycle cannot be written by the app, but never loop on one
            return
        seen.add(record.id)
        author = owner(session, record)
        out.append(
            ThreadEntry(
                id=record.id,
                author_id=author,
                author=name_of(names, author),
                is_mine=author == me,
                when=record.created_at,
                text=str(record.data.get("text", "")),
                review_state=str(record.data.get("review_state") or ""),
                reply_to=str(record.data.get("reply_to") or ""),
                depth=depth,
            )
        )
        for child in children.get(record.id, []):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return out


def checkins_around(
    session: Session, family_id: str, visit: Record | None, moment: date | None
) -> list[CheckinRow]:
    """The family's check-ins linked to the visit or within AROUND_DAYS of it, oldest first,
    each with its alert (compared with the one before in its series)."""
    if not family_id:
        return []
    records = session.records
    instruments = session.definitions.instruments
    family_checkins = readable(records.list("checkin", parent_id=family_id))
    alerts = alerts_by_checkin(family_checkins, instruments)
    rows = []
    for record in family_checkins:
        data = record.data
        day = day_of(data.get("when"))
        linked = visit is not None and data.get("visit_id") == visit.id
        near = moment is not None and day is not None and abs((day - moment).days) <= AROUND_DAYS
        if not (linked or near):
            continue
        instrument = instruments.get(str(data.get("instrument_id", "")))
        score = data.get("score")
        rows.append(
            CheckinRow(
                id=record.id,
                when=str(data.get("when", "")),
                family_id=family_id,
                family_name="",
                instrument_id=str(data.get("instrument_id", "")),
                instrument_title=instrument.title if instrument else str(data.get("instrument_id")),
                respondent=str(data.get("respondent", "")),
                score=float(score) if score is not None else None,
                alert=alerts.get(record.id),
                visit_id=data.get("visit_id"),
                comment=str(data.get("comment", "")),
            )
        )
    rows.sort(key=lambda r: r.when)
    return rows


def review_context(
    session: Session, reflection_id: str, names: Mapping[str, str] | None = None
) -> ReviewContext:
    """A reflection with what a reviewer reads beside it: its visit, the family's check-ins
    around that date and the feedback thread."""
    records = session.records
    names = member_names(session) if names is None else names
    reflection = records.get(reflection_id)
    if reflection.kind != "reflection":
        raise ServiceError("That record is not a reflection.")
    data = reflection.data
    visit = get_record(session, str(data.get("visit_id") or ""), "visit")
    family_id = str(data.get("family_id") or (visit.data.get("family_id") if visit else "") or "")
    family = get_record(session, family_id, "family")
    template = session.definitions.templates.get(str(data.get("template_id", "")))
    texts = data.get("sections") or {}
    sections = tuple(
        SectionText(s.id, s.title, str(texts.get(s.id, "")))
        for s in sections_for(data, template)
        if str(texts.get(s.id, "")).strip()
    )
    moment = day_of(visit.data.get("when")) if visit else day_of(data.get("submitted_at"))
    who = owner(session, reflection)
    return ReviewContext(
        reflection=reflection,
        practitioner_id=who,
        practitioner=name_of(names, who),
        title=reflection_title(data) or "Untitled reflection",
        template=template.title if template else str(data.get("template_id", "")),
        status=str(data.get("status", "")),
        submitted_at=str(data.get("submitted_at") or ""),
        themes=tuple(str(t) for t in data.get("themes") or []),
        sections=sections,
        family_id=family_id,
        family=family_label(family),
        visit=visit,
        checkins=tuple(checkins_around(session, family_id, visit, moment)),
        thread=tuple(feedback_thread(session, reflection_id, names)),
        amendment_reason=str(data.get("amendment_reason") or ""),
    )
