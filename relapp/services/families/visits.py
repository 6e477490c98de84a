"""The Visits page and the visit editor: families to choose from, visit rows a screen at a time,
and a visit's links to its reflection and check-ins."""

from __future__ import annotations

from relapp.services.errors import ServiceError
from relapp.services.families.model import (
    FamilyChoice,
    LinkedCheckin,
    LinkedReflection,
    VisitLinks,
    VisitRow,
    members_of,
    parse_when,
)
from relapp.services.families.scores import (
    REFLECTION_LINK,
    below_alert,
    newest_first_key,
    readable,
    score_of,
)
from relapp.services.paging import Page, PageRequest
from relapp.services.records import RecordService
from relapp.store import pages, queries
from relapp.store.vault import Record, decode_body, fields


def family_choices(records: RecordService, *, members: bool = True) -> list[FamilyChoice]:
    """Families to pick a visit's family from: active ones first, then by name. With
    members=False (a filter, a list to pick from) without their members, and without
    opening each family's record: a team's 5,000 families took 13 MB to list so."""
    if not members:
        choices = [
            FamilyChoice(
                id=fid,
                display_name="" if name is None else str(name),
                reference="" if reference is None else str(reference),
                status=str(status or "active"),
                members=(),
            )
            for fid, name, reference, status in queries.family_options(records.vault)
        ]
    else:
        choices = [
            FamilyChoice(
                id=r.id,
                display_name=str(r.data.get("display_name", "")),
                reference=str(r.data.get("reference", "")),
                status=str(r.data.get("status") or "active"),
                members=members_of(r.data),
            )
            for r in readable(records.list("family"))
        ]
    choices.sort(key=lambda c: (c.status != "active", c.display_name.casefold()))
    return choices


def visit_rows(records: RecordService, family_id: str | None = None) -> list[VisitRow]:
    """Visits newest first, for one family or for all."""
    families = {
        r.id: r.data
        for r in readable(records.iter("family", keep=fields("display_name", "reference")))
    }
    keep = fields("family_id", "when", "mode", "duration_minutes", "purpose")
    rows = []
    for visit in readable(records.iter("visit", parent_id=family_id, keep=keep)):
        data = visit.data
        family = families.get(str(data.get("family_id")), {})
        duration = data.get("duration_minutes")
        rows.append(
            VisitRow(
                id=visit.id,
                family_id=str(data.get("family_id", "")),
                family_name=str(family.get("display_name", "Unknown family")),
                reference=str(family.get("reference", "")),
                when=parse_when(data.get("when")),
                mode=str(data.get("mode", "")),
                duration_minutes=duration if isinstance(duration, int) else None,
                purpose=str(data.get("purpose") or ""),
            )
        )
    rows.sort(key=lambda r: newest_first_key(r.when), reverse=True)
    return rows


def visit_page(
    records: RecordService, family_id: str | None, request: PageRequest
) -> Page[VisitRow]:
    """One screen of the Visits list, for one family or for all."""
    raw = pages.visit_page(records.vault, family_id, request)
    rows = []
    for visit_id, body, family_name, reference, *_sort in raw.rows:
        data = decode_body(body)
        duration = data.get("duration_minutes")
        rows.append(
            VisitRow(
                id=visit_id,
                family_id=str(data.get("family_id", "")),
                family_name=family_name if family_name else "Unknown family",
                reference=str(reference or ""),
                when=parse_when(data.get("when")),
                mode=str(data.get("mode", "")),
                duration_minutes=duration if isinstance(duration, int) else None,
                purpose=str(data.get("purpose") or ""),
            )
        )
    return Page(rows, raw.after)


def visit_count(records: RecordService, family_id: str | None) -> tuple[int, None]:
    return pages.visit_count(records.vault, family_id), None


def visit_links(records: RecordService, visit: Record) -> VisitLinks:
    """The reflections and check-ins recorded for a visit."""
    family_id = str(visit.data.get("family_id", ""))
    reflections = [
        LinkedReflection(
            id=r.id,
            title=str(r.data.get("title") or "Untitled reflection"),
            status=str(r.data.get("status", "")),
            updated=parse_when(r.updated_at),
        )
        for r in readable(records.iter("reflection", keep=REFLECTION_LINK))
        if r.data.get("visit_id") == visit.id
    ]
    checkins = []
    for record in readable(records.list("checkin", parent_id=family_id)):
        if record.data.get("visit_id") != visit.id:
            continue
        instrument_id = str(record.data.get("instrument_id", ""))
        instrument = records.definitions.instruments.get(instrument_id)
        score = score_of(record)
        checkins.append(
            LinkedCheckin(
                id=record.id,
                instrument_title=instrument.title if instrument else instrument_id,
                respondent=str(record.data.get("respondent", "")),
                score=score,
                when=parse_when(record.data.get("when")),
                below_threshold=score is not None and below_alert(instrument, score),
            )
        )
    checkins.sort(key=lambda c: newest_first_key(c.when))
    return VisitLinks(reflections, checkins)


def load_visit(records: RecordService, visit_id: str) -> tuple[Record, VisitLinks]:
    visit = records.get(visit_id)
    if visit.kind != "visit":
        raise ServiceError("That record is not a visit.")
    return visit, visit_links(records, visit)
