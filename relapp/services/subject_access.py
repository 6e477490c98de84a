"""Subject access (UK GDPR Article 15): everything Relapp holds about one family, in one action.

A parent asks "what do you hold about me and my children?". This gathers, for one family: its
record, its visits, check-ins (with the questions as they were asked), reflections, the feedback
on any of them, words typed but not sent about them, barriers noted at its visits, the passages
of supervision notes that mention the family, its agreement record when there is one, and the
audit entries of who opened, changed or exported its records on this laptop.

Nothing about another family is gathered: records are found through the family's own tree of
records (parent ids), links to other families' records are dropped, an audit entry is shown
with this family's ids only, and supervision notes contribute only the passages that name this
family. What is left that may be someone else's information is *marked for review*, never
removed silently: colleagues' names, people present who are not members of the family, and
free text naming another family, its members or its reference code, or a colleague.
Finding names in free text is done by matching the names Relapp knows: the export says that
all free text must still be read before it is shared.

Plain Python: relapp/ui/subject_access_pdf.py prints the PDF; this module writes the JSON and
both files, whole or not at all, and records the export in the audit trail (who, when, which
family; never content).
"""

from __future__ import annotations

import contextlib
import errno
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from relapp.files import link_new, sync_folder, temp_beside, write_new
from relapp.services import agreements
from relapp.services.errors import ServiceError
from relapp.services.families import members_of
from relapp.services.profile import Session
from relapp.services.reflections import sections_for
from relapp.services.supervision import member_names, name_of
from relapp.store import audit, syncstate
from relapp.store.erasure import is_erased, tree_of
from relapp.store.vault import Record, RecordNotFound

FORMAT = "relapp-subject-access"
FORMAT_VERSION = 1

Progress = Callable[[int, int], None] | None

# Why something is marked for the council's redaction review.
ANOTHER_FAMILY = "another_family"  # another family's name, reference code or member
COLLEAGUE = "colleague"  # a member of staff
SOMEONE_ELSE = "someone_else"  # a person present at a visit who is not in the family
TEAM_NOTES = "team_notes"  # a whole passage written about the team's work (barriers, supervision)
REASONS = {
    ANOTHER_FAMILY: "names another family or one of its members",
    COLLEAGUE: "a colleague's name",
    SOMEONE_ELSE: "someone who is not a member of the family",
    TEAM_NOTES: "written about the team's work: may be about other people",
}

# Whole-profile exports name no record; those made after the family was first recorded held it.
WHOLE_EXPORTS = ("export",)
ACTION_WORDS = {
    "open_family": "opened the family's page",
    "open_reflection": "opened a reflection",
    "open_checkin": "opened a check-in",
    "parent_notice_shown": "showed a parent, before a check-in, who will see the answers",
    "export": "exported everything on their laptop (this family included)",
    "report": "made a report",
    "subject_access_export": "made a subject access export for this family",
    "erase": "erased records",
    "erasure_received": "received an erasure",
    "retention_run": "ran the retention rule",
    "team_change": "changed the team",
}
KIND_WORDS = {
    "family": "the family's record",
    "visit": "a visit",
    "checkin": "a check-in",
    "reflection": "a reflection",
    "feedback": "feedback",
    "unsent_text": "words not sent yet",
    "agreement": "the agreement record",
}
MIN_SINGLE_NAME = 3  # a one-word name shorter than this is not looked for in text


# ---- what the export holds ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mark:
    """Characters start..end of a text are someone else's information, for `reason`."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class Text:
    """Free text, with what in it is marked for review (and whether all of it is)."""

    text: str
    marks: tuple[Mark, ...] = ()
    whole: str = ""  # a reason the whole passage must be read, or ""

    @property
    def for_review(self) -> bool:
        return bool(self.marks or self.whole)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text}
        if self.marks:
            out["review"] = [
                {
                    "start": m.start,
                    "end": m.end,
                    "reason": m.reason,
                    "found": self.text[m.start : m.end],
                }
                for m in self.marks
            ]
        if self.whole:
            out["review_whole"] = self.whole
        return out


@dataclass(frozen=True, slots=True)
class Person:
    """A member of staff named in the export (always marked: a colleague's name)."""

    member_id: str
    name: str

    def to_json(self) -> dict[str, Any]:
        return {"member_id": self.member_id, "name": self.name, "review": COLLEAGUE}


@dataclass(frozen=True, slots=True)
class Field:
    label: str  # in plain words, for the PDF
    key: str  # as in the JSON
    value: Text


@dataclass(frozen=True, slots=True)
class Answer:
    item_id: str
    question: str
    value: Any
    label: str


@dataclass(frozen=True, slots=True)
class Version:
    """An earlier (or the current) version of a record whose changes are the point of it: the
    family's agreement, as agreed, changed and withdrawn."""

    version: int
    recorded_at: str
    recorded_by: Person | None
    summary: str  # in plain words: what the family had agreed to, or that they withdrew
    explained: Text  # what was explained, marked for review
    data: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "recorded_at": self.recorded_at,
            "recorded_by": self.recorded_by.to_json() if self.recorded_by else None,
            "summary": self.summary,
            "data": self.data,
            "text_for_review": (
                {"explained": self.explained.to_json()} if self.explained.for_review else {}
            ),
        }


@dataclass
class Item:
    """One record of the family, as the export shows it."""

    id: str
    kind: str
    version: int
    created_at: str
    updated_at: str
    written_by: Person | None
    in_trash: bool
    when: str  # the day it is about ("2026-03-04T10:30"), or when it was written
    title: str  # a short heading in plain words
    facts: list[tuple[str, str]]  # (label, value) shown as a small table
    texts: list[Field]  # free text, with marks
    data: dict[str, Any]  # the record's fields as stored, links to other families removed
    answers: list[Answer] = field(default_factory=list)
    about: str = ""  # the id of the record feedback is about
    unreadable: str = ""  # why the record could not be opened
    versions: list[Version] = field(default_factory=list)  # every version, oldest first

    @property
    def for_review(self) -> bool:
        return self.written_by is not None or any(t.value.for_review for t in self.texts)


@dataclass(frozen=True, slots=True)
class Mention:
    """Passages of a supervision session that mention the family."""

    session_id: str
    when: str
    practitioner: Person | None
    written_by: Person | None
    passages: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class AuditLine:
    seq: int
    at: str
    who: Person
    device: str
    action: str
    words: str
    records: tuple[tuple[str, str], ...]  # (id, kind) of this family's records only
    others: int  # how many other records the entry names (not shown)


@dataclass
class SubjectAccess:
    family_id: str
    reference: str
    display_name: str
    made_at: str
    made_by: Person
    device: str
    family: Item
    members: list[dict[str, Any]]
    visits: list[Item]
    checkins: list[Item]
    reflections: list[Item]
    feedback: list[Item]
    unsent: list[Item]
    barriers: list[Item]
    agreements: list[Item]
    others: list[Item]  # records of a kind this version of Relapp does not know yet
    mentions: list[Mention]
    audit: list[AuditLine]

    def items(self) -> list[Item]:
        return [
            self.family,
            *self.visits,
            *self.checkins,
            *self.reflections,
            *self.feedback,
            *self.unsent,
            *self.barriers,
            *self.agreements,
            *self.others,
        ]

    def review_count(self) -> int:
        """How many passages and names are marked for the redaction review."""
        total = 0
        for item in self.items():
            total += sum(len(t.value.marks) + bool(t.value.whole) for t in item.texts)
            total += item.written_by is not None
            for version in item.versions:
                total += version.recorded_by is not None
                total += len(version.explained.marks) + bool(version.explained.whole)
        for mention in self.mentions:
            total += sum(len(p.marks) + bool(p.whole) for p in mention.passages)
        total += len({line.who.member_id for line in self.audit})
        return total


# ---- finding the family ------------------------------------------------------------------


def find_family(session: Session, wanted: str) -> str:
    """A family by its record id or reference code; a clear message for one that is erased,
    unknown or not a family. Erased families are never found, by id or by code."""
    wanted = wanted.strip()
    if not wanted:
        raise ServiceError("Say which family: give its id or reference code.")
    vault = session.vault
    if is_erased(vault, wanted):
        raise ServiceError(
            f"The family {wanted} was erased: Relapp holds nothing about it any more, only a "
            "marker that it was erased (no names, no content)."
        )
    try:
        record = vault.get(wanted, strict=False)
    except RecordNotFound:
        record = None
    if record is not None:
        if record.kind != "family":
            raise ServiceError(f"{wanted} is not a family: give a family's id or reference code.")
        return record.id
    folded = wanted.casefold()
    matches = [
        r.id
        for r in session.records.iter("family")
        if not r.error and str(r.data.get("reference", "")).strip().casefold() == folded
    ]
    matches += [
        r.id
        for r in session.records.iter("family", deleted=True)
        if not r.error and str(r.data.get("reference", "")).strip().casefold() == folded
    ]
    if not matches:
        raise ServiceError(f"There is no family with the id or reference code {wanted} here.")
    if len(matches) > 1:
        raise ServiceError(f"More than one family has the reference code {wanted}: give its id.")
    return matches[0]


# ---- names to look for -----------------------------------------------------------------------


def _surname(display_name: str) -> str:
    """ "The Okafor family" -> "Okafor"; "" when the name is not of that shape."""
    match = re.fullmatch(r"(?i)\s*the\s+(.+?)\s+family\s*", display_name)
    return match.group(1) if match else ""


def _family_terms(data: Mapping[str, Any]) -> set[str]:
    terms = {str(data.get("reference") or ""), str(data.get("display_name") or "")}
    terms.add(_surname(str(data.get("display_name") or "")))
    for member in members_of(dict(data)):
        terms.add(member.name)
    return {t.strip() for t in terms if len(t.strip()) >= MIN_SINGLE_NAME}


_WORD = re.compile(r"\w+(?:['’.-]\w+)*")
MAX_TERM_WORDS = 6  # longer names are looked for by their first six words


def _key(words: Iterable[str]) -> str:
    return " ".join(w.casefold() for w in words)


class Matcher:
    """Finds the names Relapp knows of other people in free text: whole words, any case, the
    longest name first. A set look-up per word and phrase, not a pattern per name, so a
    county's thousands of names cost no more than a few."""

    def __init__(self, terms: Mapping[str, str], own: Iterable[str]) -> None:
        mine = {_key(_WORD.findall(t)) for t in own}
        self.reasons: dict[str, str] = {}
        self.longest = 1
        for term, reason in terms.items():
            words = _WORD.findall(term)[:MAX_TERM_WORDS]
            key = _key(words)
            if key and key not in mine and key not in self.reasons:
                self.reasons[key] = reason
                self.longest = max(self.longest, len(words))

    def marks(self, text: str) -> tuple[Mark, ...]:
        if not self.reasons or not text:
            return ()
        spans = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
        found, index = [], 0
        while index < len(spans):
            for size in range(min(self.longest, len(spans) - index), 0, -1):
                reason = self.reasons.get(_key(w for _s, _e, w in spans[index : index + size]))
                if reason is not None:
                    found.append(Mark(spans[index][0], spans[index + size - 1][1], reason))
                    index += size
                    break
            else:
                index += 1
        return tuple(found)

    def text(self, value: Any, whole: str = "") -> Text:
        text = str(value or "")
        return Text(text, self.marks(text), whole)


def _name_terms(session: Session, staff: Mapping[str, str], skip: str = "") -> dict[str, str]:
    """Every name Relapp knows, with its reason: each family's name, surname, reference code
    and members (in the trash too), and each colleague's full and first name."""
    terms: dict[str, str] = {}
    for deleted in (False, True):
        for other in session.records.iter("family", deleted=deleted):
            if other.id != skip and not other.error:
                for term in _family_terms(other.data):
                    terms.setdefault(term, ANOTHER_FAMILY)
    for name in staff.values():
        name = name.strip()
        if name:
            terms.setdefault(name, COLLEAGUE)
            first = name.split()[0]
            if len(first) >= MIN_SINGLE_NAME:
                terms.setdefault(first, COLLEAGUE)
    return terms


def _matcher(session: Session, family: Record, own: set[str], staff: Mapping[str, str]) -> Matcher:
    return Matcher(_name_terms(session, staff, family.id), own)


def name_finder(session: Session) -> Callable[[str], list[str]]:
    """A function giving the names of families, their members (and reference codes) and
    colleagues that Relapp knows and that a text holds, as written there, each once, in order.
    The learning report refuses an excerpt until it finds none."""
    matcher = Matcher(_name_terms(session, member_names(session)), ())

    def find(text: str) -> list[str]:
        found: list[str] = []
        for mark in matcher.marks(text):
            word = text[mark.start : mark.end]
            if word not in found:
                found.append(word)
        return found

    return find


# ---- gathering ---------------------------------------------------------------------------------


def _steps(progress: Progress, total: int) -> Callable[[], None]:
    done = 0
    if progress is not None:
        progress(0, total)

    def step() -> None:
        nonlocal done
        done = min(done + 1, total)
        if progress is not None:
            progress(done, total)

    return step


def gather(session: Session, family_id: str, *, progress: Progress = None) -> SubjectAccess:
    """Everything this laptop holds about one family. `progress(done, total)` is told as it
    goes (it may raise to cancel: nothing has been written then)."""
    vault = session.vault
    step = _steps(progress, 8)
    family_id = find_family(session, family_id)
    family = vault.get(family_id, strict=False)
    if family.error:
        raise ServiceError("The family's record could not be opened: it is damaged.")
    staff = member_names(session)
    step()

    members = [
        {"name": m.name, "role": m.role, "birth_year": m.birth_year}
        for m in members_of(family.data)
    ]
    own = _family_terms(family.data) | {str(m["name"]) for m in members}
    matcher = _matcher(session, family, own, staff)
    step()

    tree = tree_of(vault, family_id)
    ids = [rid for rid, _kind in tree]
    # Words typed but not sent yet whose place names one of these records.
    for draft in vault.iter("unsent_text"):
        context = str(draft.data.get("context", ""))
        if any(rid in context for rid in ids):
            ids.append(draft.id)
    for draft in vault.iter("unsent_text", deleted=True):
        context = str(draft.data.get("context", ""))
        if any(rid in context for rid in ids) and draft.id not in ids:
            ids.append(draft.id)
    records = vault.get_many(ids)
    mine = set(records)
    step()

    people: dict[str, Person] = {}

    def person(member_id: str | None) -> Person | None:
        if not member_id:
            return None
        if member_id not in people:
            people[member_id] = Person(member_id, name_of(staff, member_id))
        return people[member_id]

    def written_by(record: Record) -> Person | None:
        return person(syncstate.owner_of(vault, record.id) or record.author)

    by_kind: dict[str, list[Item]] = {}
    visits_here: set[str] = set()
    for record in records.values():
        if record.kind == "family":
            continue
        item = _item(session, record, written_by(record), matcher, own, mine)
        by_kind.setdefault(record.kind, []).append(item)
        if record.kind == "visit":
            visits_here.add(record.id)
    family_item = _item(session, family, written_by(family), matcher, own, mine)
    if family.data.get("assigned_to"):
        assigned = person(str(family.data["assigned_to"]))
        if assigned is not None:
            family_item.facts.append(("Practitioner", assigned.name))
    step()

    # Barriers noted at this family's visits: their words are about the team's work.
    barriers = []
    for barrier in vault.iter("barrier"):
        links = set(barrier.data.get("visit_ids") or [])
        if barrier.error or not links & visits_here:
            continue
        item = _item(session, barrier, written_by(barrier), matcher, own, mine | visits_here)
        barriers.append(item)
    step()

    mentions = _mentions(session, family, own, matcher, person)
    step()

    lines = _audit_lines(session, family, set(records) | {b.id for b in barriers}, records, person)
    step()

    identity = vault.identity()
    made_by = Person(identity.member_id, identity.name)
    known = ("visit", "checkin", "reflection", "feedback", "unsent_text", "agreement")
    result = SubjectAccess(
        family_id=family.id,
        reference=str(family.data.get("reference") or ""),
        display_name=str(family.data.get("display_name") or ""),
        made_at=datetime.now(UTC).isoformat(timespec="seconds"),
        made_by=made_by,
        device=vault.device_id,
        family=family_item,
        members=members,
        visits=_ordered(by_kind.get("visit", [])),
        checkins=_ordered(by_kind.get("checkin", [])),
        reflections=_ordered(by_kind.get("reflection", [])),
        feedback=_ordered(by_kind.get("feedback", [])),
        unsent=_ordered(by_kind.get("unsent_text", [])),
        barriers=_ordered(barriers),
        agreements=_ordered(by_kind.get("agreement", [])),
        others=_ordered([i for k, v in by_kind.items() if k not in known for i in v]),
        mentions=mentions,
        audit=lines,
    )
    step()
    return result


def _ordered(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.when, i.id))


_LINK_FIELDS = ("visit_ids", "barrier_ids")
_LINK_FIELD = ("family_id", "visit_id", "record_id", "reply_to")


def _item(
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


def _passages(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def _mentions(
    session: Session,
    family: Record,
    own: set[str],
    matcher: Matcher,
    person: Callable[[str | None], Person | None],
) -> list[Mention]:
    """The passages of supervision sessions (notes, agenda, actions) that name the family by
    its reference code, its name or a member's full name; the rest of each session stays out."""
    names = [t for t in own if " " in t.strip() or t == str(family.data.get("reference") or "")]
    names += [_surname(str(family.data.get("display_name") or ""))]
    names = [n for n in names if len(n.strip()) >= MIN_SINGLE_NAME]
    if not names:
        return []
    pattern = re.compile(
        r"(?<!\w)("
        + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        + r")(?!\w)",
        re.I,
    )
    found = []
    for record in session.records.iter("supervision_session"):
        if record.error:
            continue
        data = record.data
        pieces = _passages(str(data.get("notes") or ""))
        pieces += [str(a) for a in data.get("agenda") or []]
        pieces += [
            str(a.get("text") or "") for a in data.get("actions") or [] if isinstance(a, dict)
        ]
        hits = [p for p in pieces if pattern.search(p)]
        if hits:
            found.append(
                Mention(
                    session_id=record.id,
                    when=str(data.get("when") or ""),
                    practitioner=person(str(data.get("practitioner_id") or "")),
                    written_by=person(
                        syncstate.owner_of(session.vault, record.id) or record.author
                    ),
                    passages=tuple(matcher.text(p, TEAM_NOTES) for p in hits),
                )
            )
    return sorted(found, key=lambda m: (m.when, m.session_id))


def _audit_lines(
    session: Session,
    family: Record,
    ids: set[str],
    records: Mapping[str, Record],
    person: Callable[[str | None], Person | None],
) -> list[AuditLine]:
    kinds = {rid: r.kind for rid, r in records.items()}
    kinds.setdefault(family.id, "family")
    lines = []
    for entry in audit.entries_about(session.vault, ids, actions=WHOLE_EXPORTS):
        if entry.action in WHOLE_EXPORTS and entry.at < family.created_at:
            continue  # exported before the family was recorded here
        here = tuple((rid, kinds.get(rid, "barrier")) for rid in entry.records if rid in ids)
        who = person(entry.member) or Person(entry.member, "")
        lines.append(
            AuditLine(
                seq=entry.seq,
                at=entry.at,
                who=who,
                device=entry.device[-8:],
                action=entry.action,
                words=ACTION_WORDS.get(entry.action, entry.action.replace("_", " ")),
                records=here,
                others=len(entry.records) - len(here),
            )
        )
    return lines


# ---- the JSON file -------------------------------------------------------------------------------


def _item_json(item: Item) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind,
        "version": item.version,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
        "in_trash": item.in_trash,
        "written_by": item.written_by.to_json() if item.written_by else None,
        "data": item.data,
        "text_for_review": {f.key: f.value.to_json() for f in item.texts if f.value.for_review},
    }
    if item.answers:
        out["answers"] = [
            {"item_id": a.item_id, "question": a.question, "answer": a.value, "label": a.label}
            for a in item.answers
        ]
    if item.versions:
        out["versions"] = [v.to_json() for v in item.versions]
    if item.unreadable:
        out["unreadable"] = item.unreadable
    return out


def to_json(sar: SubjectAccess) -> dict[str, Any]:
    """The export for the council's records team (format documented in the README)."""
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "made_at": sar.made_at,
        "made_by": sar.made_by.to_json(),
        "device": sar.device,
        "family_id": sar.family_id,
        "review_notice": review_notice(sar),
        "review_reasons": REASONS,
        "family": _item_json(sar.family),
        "members": sar.members,
        "visits": [_item_json(i) for i in sar.visits],
        "checkins": [_item_json(i) for i in sar.checkins],
        "reflections": [_item_json(i) for i in sar.reflections],
        "feedback": [_item_json(i) for i in sar.feedback],
        "unsent_words": [_item_json(i) for i in sar.unsent],
        "barriers": [_item_json(i) for i in sar.barriers],
        "agreement": [_item_json(i) for i in sar.agreements] or None,
        "agreement_note": "" if sar.agreements else NO_AGREEMENT,
        "other_records": [_item_json(i) for i in sar.others],
        "supervision_mentions": [
            {
                "session_id": m.session_id,
                "when": m.when,
                "practitioner": m.practitioner.to_json() if m.practitioner else None,
                "written_by": m.written_by.to_json() if m.written_by else None,
                "passages": [p.to_json() for p in m.passages],
            }
            for m in sar.mentions
        ],
        "audit": [
            {
                "seq": line.seq,
                "at": line.at,
                "who": line.who.to_json(),
                "device": line.device,
                "action": line.action,
                "records": [{"id": rid, "kind": kind} for rid, kind in line.records],
                "other_records_not_shown": line.others,
            }
            for line in sar.audit
        ],
    }


def json_bytes(sar: SubjectAccess) -> bytes:
    text = json.dumps(to_json(sar), ensure_ascii=False, indent=2, sort_keys=False)
    return (text + "\n").encode("utf-8")


NO_AGREEMENT = "Relapp holds no agreement record for this family: none was recorded."


def review_notice(sar: SubjectAccess) -> str:
    count = sar.review_count()
    return (
        "Before this is shared with the family, the council must review it for other people's "
        f"information. Relapp has marked {count} place{'s' if count != 1 else ''} for review: "
        "colleagues' names, people who are not members of the family, and text naming another "
        "family or a colleague. Relapp finds names by matching the ones it knows, so it cannot "
        "find everything: read all free text before sharing."
    )


# ---- writing the files -------------------------------------------------------------------------


def file_stem(sar: SubjectAccess) -> str:
    code = re.sub(r"[^A-Za-z0-9-]+", "-", sar.reference).strip("-")[:40] or sar.family_id[-8:]
    return f"subject-access-{code}-{sar.made_at[:10]}"


def _problem(exc: OSError, folder: Path) -> ServiceError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        why = "the drive is full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "Relapp may not write there"
    elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
        why = "the folder is not there any more"
    else:
        why = exc.strerror or str(exc)
    return ServiceError(f"The export could not be written to {folder}: {why}. Nothing was written.")


def write_export(
    session: Session,
    sar: SubjectAccess,
    folder: Path,
    files: Mapping[str, bytes],
    *,
    before_publish: Callable[[], None] | None = None,
) -> list[Path]:
    """Write the files (suffix -> bytes) into folder, all whole or none at all, never over an
    existing file, then record the export in the audit trail. before_publish() runs when every
    file is written under a temporary name (it may raise to cancel)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ServiceError(
            f"The folder {folder} does not exist (was a drive removed?). Nothing was written."
        )
    stem = file_stem(sar)
    targets = _free_names(folder, stem, list(files))
    temps: list[Path] = []
    published: list[Path] = []
    try:
        for suffix, data in files.items():
            temp = temp_beside(folder / f"{stem}{suffix}")
            temps.append(temp)
            write_new(temp, data)
        if before_publish is not None:
            before_publish()
        if is_erased(session.vault, sar.family_id):
            raise ServiceError("The family was erased while the export was being made.")
        for temp, target in zip(temps, targets, strict=True):
            link_new(temp, target)  # never overwrites; renames where it cannot link
            published.append(target)
        sync_folder(folder)
    except OSError as exc:
        for path in published:
            path.unlink(missing_ok=True)
        raise _problem(exc, folder) from None
    except BaseException:
        for path in published:
            path.unlink(missing_ok=True)
        raise
    finally:
        for temp in temps:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
    audit.record(session.vault, "subject_access_export", [sar.family_id])
    return targets


def _free_names(folder: Path, stem: str, suffixes: Sequence[str]) -> list[Path]:
    for n in range(1, 1000):
        name = stem if n == 1 else f"{stem}-{n}"
        paths = [folder / f"{name}{s}" for s in suffixes]
        if not any(p.exists() for p in paths):
            return paths
    raise ServiceError(f"The folder {folder} already holds too many exports of this family.")


@dataclass(frozen=True)
class ExportResult:
    family_id: str
    reference: str
    display_name: str
    pdf: Path
    json: Path
    pages: int
    for_review: int


def _part(progress: Progress, low: int, high: int) -> Progress:
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        progress(low + (high - low) * done // max(total, 1), 100)

    return report


def export_family(
    session: Session,
    wanted: str,
    folder: Path,
    render_pdf: Callable[[SubjectAccess, Progress], tuple[bytes, int]],
    *,
    progress: Progress = None,
) -> ExportResult:
    """The whole action: gather, print the PDF (render_pdf: the app's printer), write both
    files whole into folder, and record the export. progress(done, 100) may raise to cancel,
    up to the moment the files are published; nothing is left behind then."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ServiceError(f"The folder {folder} does not exist. Nothing was written.")
    sar = gather(session, wanted, progress=_part(progress, 0, 40))
    pdf, pages = render_pdf(sar, _part(progress, 40, 90))
    data = json_bytes(sar)
    check = (lambda: progress(95, 100)) if progress is not None else None
    written = write_export(session, sar, folder, {".pdf": pdf, ".json": data}, before_publish=check)
    if progress is not None:
        with contextlib.suppress(Exception):  # too late to cancel: the files are written
            progress(100, 100)
    return ExportResult(
        sar.family_id,
        sar.reference,
        sar.display_name,
        written[0],
        written[1],
        pages,
        sar.review_count(),
    )
