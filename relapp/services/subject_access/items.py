"""One record of the family as an item of the export: links to other families' records left
out, its facts in words, and its free text with what may be someone else's marked."""

from __future__ import annotations

from collections.abc import Callable

from relapp.services import agreements, trash
from relapp.services.profile import Session
from relapp.services.reflections import sections_for
from relapp.services.subject_access.model import (
    KIND_WORDS,
    SOMEONE_ELSE,
    TEAM_NOTES,
    Answer,
    Field,
    Item,
    Mark,
    Person,
    Text,
    Version,
)
from relapp.services.subject_access.names import Matcher
from relapp.services.supervision import member_names, name_of
from relapp.store.vault import Record

_LINK_FIELDS = ("visit_ids", "barrier_ids")


_LINK_FIELD = ("family_id", "visit_id", "record_id", "reply_to")


def item_of(
    session: Session,
    record: Record,
    author: Person | None,
    matcher: Matcher,
    own: set[str],
    allowed: set[str],
) -> Item:
    data = {k: v for k, v in record.data.items()}
    # Links to records that are not this family's are someone else's: left out.
    for key in _LINK_FIELDS:
        if isinstance(data.get(key), list):
            data[key] = [v for v in data[key] if v in allowed]
    for key in _LINK_FIELD:
        if isinstance(data.get(key), str) and data[key] not in allowed:
            del data[key]
    item = Item(
        id=record.id,
        kind=record.kind,
        version=record.version,
        created_at=record.created_at,
        updated_at=record.updated_at,
        written_by=author,
        in_trash=record.deleted,
        when=str(data.get("when") or data.get("submitted_at") or record.created_at),
        title=KIND_WORDS.get(record.kind, record.kind.replace("_", " ")).capitalize(),
        facts=[],
        texts=[],
        data=data,
        unreadable=record.error or "",
    )
    if record.error:
        item.data = {}
        return item
    if record.deleted:
        how, reason, note, _when = trash.how_removed(record)
        if how == trash.ERROR:
            item.entered_in_error = f"{reason} ({note})" if note else reason
    fill = _FILLERS.get(record.kind)
    if fill is not None:
        fill(session, item, matcher, own)
    return item


def _fill_family(session: Session, item: Item, matcher: Matcher, own: set[str]) -> None:
    data = item.data
    item.title = str(data.get("display_name") or "The family")
    item.facts += [
        ("Reference code", str(data.get("reference") or "")),
        ("Service", str(data.get("service") or "")),
        ("Status", str(data.get("status") or "")),
    ]
    if data.get("legal_hold"):
        item.facts.append(("Legal hold", "yes: kept whatever the retention rule says"))
    if str(data.get("notes") or "").strip():
        item.texts.append(Field("Notes", "notes", matcher.text(data["notes"])))


def _fill_visit(session: Session, item: Item, matcher: Matcher, own: set[str]) -> None:
    data = item.data
    item.title = "Visit"
    item.facts += [
        ("When", str(data.get("when") or "")),
        ("Where", str(data.get("mode") or "")),
    ]
    if data.get("duration_minutes"):
        item.facts.append(("Length", f"{data['duration_minutes']} minutes"))
    present = [str(p) for p in data.get("present") or []]
    if present:
        folded = {o.casefold() for o in own}
        others = [p for p in present if p.casefold() not in folded]
        text = ", ".join(present)
        marks = []
        position = 0
        for name in present:
            if name in others:
                marks.append(Mark(position, position + len(name), SOMEONE_ELSE))
            position += len(name) + 2
        item.texts.append(Field("People present", "present", Text(text, tuple(marks))))
    if str(data.get("purpose") or "").strip():
        item.texts.append(Field("Purpose and notes", "purpose", matcher.text(data["purpose"])))


def _fill_checkin(session: Session, item: Item, matcher: Matcher, own: set[str]) -> None:
    data = item.data
    instruments = session.definitions.instruments
    instrument = instruments.get(str(data.get("instrument_id") or ""))
    respondent = str(data.get("respondent") or "")
    item.title = f"Check-in: {instrument.title}" if instrument else "Check-in"
    item.facts += [
        ("When", str(data.get("when") or "")),
        ("Answered by", respondent),
    ]
    if isinstance(data.get("score"), int | float):
        item.facts.append(("Score", f"{data['score']:.2f}".rstrip("0").rstrip(".")))
    asked = data.get("instrument_version")
    if instrument is not None and isinstance(asked, int) and asked != instrument.version:
        item.facts.append(
            (
                "Questions",
                f"asked with version {asked}; worded below as in version {instrument.version}",
            )
        )
    scores = data.get("scores") or {}
    if instrument is not None:
        for question in instrument.items:
            value = scores.get(question.id)
            label = instrument.scale.label(value) if isinstance(value, int) else None
            item.answers.append(
                Answer(question.id, question.wording(respondent), value, label or "")
            )
    else:
        item.answers = [Answer(k, k, v, "") for k, v in scores.items()]
    if str(data.get("comment") or "").strip():
        item.texts.append(Field("Comment", "comment", matcher.text(data["comment"])))


def _fill_reflection(session: Session, item: Item, matcher: Matcher, own: set[str]) -> None:
    data = item.data
    template = session.definitions.templates.get(str(data.get("template_id") or ""))
    title = str(data.get("title") or "").strip()
    item.title = "Reflection"  # its own title is free text: shown, marked, as a field
    item.facts += [
        ("Template", template.title if template else str(data.get("template_id") or "")),
        ("Status", str(data.get("status") or "")),
    ]
    if data.get("submitted_at"):
        item.facts.append(("Submitted", str(data["submitted_at"])))
    if title:
        item.texts.append(Field("Title", "title", matcher.text(title)))
    sections = data.get("sections") or {}
    for section in sections_for(data, template):
        text = sections.get(section.id)
        if isinstance(text, str) and text.strip():
            item.texts.append(Field(section.title, f"sections.{section.id}", matcher.text(text)))
    themes = [str(t) for t in data.get("themes") or []]
    if themes:
        item.texts.append(Field("Themes", "themes", matcher.text(", ".join(themes))))
    if str(data.get("amendment_reason") or "").strip():
        item.texts.append(
            Field("Reason for amending", "amendment_reason", matcher.text(data["amendment_reason"]))
        )


def _fill_feedback(session: Session, item: Item, matcher: Matcher, own: set[str]) -> None:
    data = item.data
    item.title = "Reply to feedback" if data.get("reply_to") else "Supervisor's feedback"
    item.about = str(data.get("record_id") or "")
    item.texts.append(Field("Feedback", "text", matcher.text(data.get("text"))))


def _fill_unsent(session: Session, item: Item, matcher: Matcher, own: set[str]) -> None:
    item.title = "Words typed but not sent yet"
    item.texts.append(Field("Text", "text", matcher.text(item.data.get("text"))))


def _fill_barrier(session: Session, item: Item, matcher: Matcher, own: set[str]) -> None:
    data = item.data
    titles = {c.id: c.title for c in session.definitions.barrier_categories}
    category = str(data.get("category") or "")
    item.title = f"Barrier noted at a visit: {titles.get(category, category)}"
    item.when = str(data.get("noticed_on") or item.created_at)
    item.facts += [("Noticed", str(data.get("noticed_on") or ""))]
    item.texts.append(
        Field("Description", "description", matcher.text(data.get("description"), TEAM_NOTES))
    )


def _fill_agreement(session: Session, item: Item, matcher: Matcher, own: set[str]) -> None:
    data = item.data
    names = member_names(session)
    item.title = "The family's agreement"
    item.when = str(data.get("when") or item.created_at)
    current = agreements.version_of(session.vault.get(item.id), names)
    item.facts += [("Now", agreements.describe(current))]
    if str(data.get("explained") or "").strip():
        item.texts.append(Field("What was explained", "explained", matcher.text(data["explained"])))
    for record in session.vault.history(item.id):
        if record.error:
            continue
        version = agreements.version_of(record, names)
        summary = "Moved to the trash" if record.deleted else agreements.describe(version)
        item.versions.append(
            Version(
                version=record.version,
                recorded_at=record.updated_at,
                recorded_by=Person(record.author, name_of(names, record.author)),
                summary=summary,
                explained=matcher.text(record.data.get("explained")),
                data=dict(record.data),
            )
        )


_FILLERS: dict[str, Callable[[Session, Item, Matcher, set[str]], None]] = {
    "family": _fill_family,
    "visit": _fill_visit,
    "checkin": _fill_checkin,
    "reflection": _fill_reflection,
    "feedback": _fill_feedback,
    "unsent_text": _fill_unsent,
    "barrier": _fill_barrier,
    "agreement": _fill_agreement,
}
