"""The review queue: reflections submitted and waiting for the supervisor, oldest first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from relapp.services.profile import Session
from relapp.services.reflections import reflection_heading, reflection_title
from relapp.services.supervision.common import (
    family_and_visit,
    family_label,
    linked_records,
    member_names,
    name_of,
    owner,
    readable,
)


@dataclass(frozen=True, slots=True)
class QueueRow:
    id: str
    practitioner_id: str
    practitioner: str
    family_id: str
    family: str
    visit_id: str
    visit_when: str
    submitted_at: str
    title: str
    template: str
    themes: tuple[str, ...]
    status: str = "submitted"

    def matches(
        self, practitioner: str | None = None, family: str | None = None, theme: str | None = None
    ) -> bool:
        if practitioner and self.practitioner_id != practitioner:
            return False
        if family and self.family_id != family:
            return False
        return not theme or theme.casefold() in (t.casefold() for t in self.themes)


def review_queue(
    session: Session,
    practitioner: str | None = None,
    family: str | None = None,
    theme: str | None = None,
    *,
    names: Mapping[str, str] | None = None,
) -> list[QueueRow]:
    """Submitted reflections waiting for review, oldest submission first."""
    records = session.records
    names = member_names(session) if names is None else names
    templates = session.definitions.templates
    me = session.vault.member_id
    rows = []
    submitted = [
        r
        for r in readable(records.iter("reflection", keep=reflection_heading, status="submitted"))
        if r.data.get("status") == "submitted"
    ]
    families, visits = linked_records(session, submitted)
    for record in submitted:
        data = record.data
        who = owner(session, record)
        if who == me:
            continue
        family_id, family_record, visit = family_and_visit(data, families, visits)
        template = templates.get(str(data.get("template_id", "")))
        row = QueueRow(
            id=record.id,
            practitioner_id=who,
            practitioner=name_of(names, who),
            family_id=family_id,
            family=family_label(family_record),
            visit_id=visit.id if visit else "",
            visit_when=str(visit.data.get("when", "")) if visit else "",
            submitted_at=str(data.get("submitted_at") or record.updated_at),
            title=reflection_title(data) or "Untitled reflection",
            template=template.title if template else str(data.get("template_id", "")),
            themes=tuple(str(t) for t in data.get("themes") or []),
        )
        if row.matches(practitioner, family, theme):
            rows.append(row)
    rows.sort(key=lambda r: (r.submitted_at, r.id))
    return rows
