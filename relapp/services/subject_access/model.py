"""What a subject access export holds: the family's records as items with their facts and texts,
the marks on text that may be someone else's information, and the reasons for them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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
    # Why it was marked entered in error ("" when it was not): "Recorded twice (note)".
    entered_in_error: str = ""

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
