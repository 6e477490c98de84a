"""The record kinds Relapp keeps, with the checks every layer relies on. Plain Python only."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

KINDS = (
    "family",
    "visit",
    "reflection",
    "checkin",
    "barrier",
    "change_test",
    "feedback",
    "supervision_session",
    "unsent_text",
    "agreement",
)
VISIT_MODES = ("home", "centre", "phone", "video")
RESPONDENTS = ("practitioner", "parent", "other")
REFLECTION_STATES = ("draft", "submitted", "reviewed", "to_discuss", "returned")
FAMILY_STATUSES = ("active", "closed")
BARRIER_STATUSES = ("open", "being_addressed", "resolved")
IMPACTS = ("low", "medium", "high")
CHANGE_TEST_STATUSES = ("planned", "running", "studying", "adopted", "adapted", "abandoned")
ACTION_STATUSES = ("open", "done", "dropped")
ROLES = ("practitioner", "supervisor", "system_leader")  # a system leader joins no team
LEADER = "system_leader"
AGREEMENT_STATES = ("agreed", "withdrawn")


class ValidationError(ValueError):
    """Names the record kind and field, in words a person can act on."""

    def __init__(self, kind: str, field: str, message: str) -> None:
        super().__init__(f"{kind}.{field}: {message}")
        self.kind, self.field, self.message = kind, field, message


@dataclass(frozen=True)
class FieldSpec:
    type: str  # str, text, int, date, datetime, list, dict, choice, id, bool
    required: bool = False
    choices: tuple[str, ...] = ()
    max_len: int = 0


RECORD_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}\Z")

SCHEMAS: dict[str, dict[str, FieldSpec]] = {
    "family": {
        "reference": FieldSpec("str", True, max_len=64),
        "display_name": FieldSpec("str", True, max_len=200),
        "members": FieldSpec("list"),
        "status": FieldSpec("choice", choices=FAMILY_STATUSES),
        "service": FieldSpec("str", max_len=120),
        "assigned_to": FieldSpec("id"),
        "notes": FieldSpec("text"),
        # Kept whatever the team's retention rule says (a legal hold), until lifted.
        "legal_hold": FieldSpec("bool"),
    },
    "visit": {
        "family_id": FieldSpec("id", True),
        "when": FieldSpec("datetime", True),
        "duration_minutes": FieldSpec("int"),
        "mode": FieldSpec("choice", True, choices=VISIT_MODES),
        "present": FieldSpec("list"),
        "purpose": FieldSpec("text"),
    },
    "reflection": {
        "visit_id": FieldSpec("id"),
        "family_id": FieldSpec("id"),
        "template_id": FieldSpec("str", True, max_len=64),
        "title": FieldSpec("str", max_len=200),
        "sections": FieldSpec("dict", True),
        "themes": FieldSpec("list"),
        "status": FieldSpec("choice", True, choices=REFLECTION_STATES),
        "submitted_at": FieldSpec("datetime"),
        "amendment_reason": FieldSpec("text"),
    },
    "checkin": {
        "family_id": FieldSpec("id", True),
        "visit_id": FieldSpec("id"),
        "instrument_id": FieldSpec("str", True, max_len=64),
        "instrument_version": FieldSpec("int"),
        "respondent": FieldSpec("choice", True, choices=RESPONDENTS),
        "when": FieldSpec("datetime", True),
        "scores": FieldSpec("dict", True),
        "score": FieldSpec("float"),
        "comment": FieldSpec("text"),
        # When a parent answering on the practitioner's laptop was shown the notice of who
        # will see the answers, why and for how long (hand-over mode).
        "notice_shown_at": FieldSpec("datetime"),
    },
    "barrier": {
        "category": FieldSpec("str", True, max_len=64),
        "description": FieldSpec("text", True),
        "impact": FieldSpec("choice", choices=IMPACTS),
        "visit_ids": FieldSpec("list"),
        "status": FieldSpec("choice", choices=BARRIER_STATUSES),
        "noticed_on": FieldSpec("date"),
        "service": FieldSpec("str", max_len=120),
    },
    "change_test": {
        "title": FieldSpec("str", True, max_len=200),
        "barrier_ids": FieldSpec("list"),
        "plan": FieldSpec("text"),
        "do": FieldSpec("text"),
        "study": FieldSpec("text"),
        "act": FieldSpec("text"),
        "measure": FieldSpec("text"),
        "outcome": FieldSpec("text"),
        "start_date": FieldSpec("date"),
        "end_date": FieldSpec("date"),
        "status": FieldSpec("choice", choices=CHANGE_TEST_STATUSES),
    },
    "feedback": {
        "record_id": FieldSpec("id", True),
        "text": FieldSpec("text", True),
        "reply_to": FieldSpec("id"),
        "review_state": FieldSpec("choice", choices=REFLECTION_STATES),
    },
    # Words typed but not sent yet (feedback, a reply), kept so a lock or a crash loses
    # nothing; only the author's own laptops ever receive them.
    "unsent_text": {
        "context": FieldSpec("str", True, max_len=200),
        "text": FieldSpec("text"),
    },
    # A family's agreement to early help: one record per family, each change (and a
    # withdrawal) a new version of it, so what was agreed when stays on record.
    "agreement": {
        "family_id": FieldSpec("id", True),
        "status": FieldSpec("choice", True, choices=AGREEMENT_STATES),
        "when": FieldSpec("date", True),  # the day it was agreed, changed or withdrawn
        "agreed_by": FieldSpec("list"),  # the family members who gave (or withdrew) it
        "working_with_service": FieldSpec("bool"),
        "checkins": FieldSpec("bool"),
        "sharing_with": FieldSpec("list"),  # the partners named, e.g. "health visitor"
        "explained": FieldSpec("text"),  # what was explained, in the practitioner's words
        "explained_by": FieldSpec("id"),  # the team member who explained it
    },
    "supervision_session": {
        "practitioner_id": FieldSpec("id", True),
        "when": FieldSpec("datetime", True),
        "agenda": FieldSpec("list"),
        "notes": FieldSpec("text"),
        "actions": FieldSpec("list"),
    },
}

# Why a record was moved to the trash or marked entered in error (relapp.services.trash):
# {"how": "trash" | "error", "reason", "note", "at", "by"}, kept on its tombstone version and
# on its history, cleared when it is restored.
REMOVABLE_KINDS = ("family", "visit", "reflection", "checkin", "barrier", "change_test")
for _kind in REMOVABLE_KINDS:
    SCHEMAS[_kind]["removed"] = FieldSpec("dict")

# Records the team's laptops exchange about the team's work itself, never shown as casework
# and never exported: an erasure (the ids it removed, the request and the reason; written by a
# supervisor, applied by every laptop), a laptop's confirmation that it applied one, and a
# practitioner's request that a family be erased (for the supervisors' queue).
SYSTEM_SCHEMAS: dict[str, dict[str, FieldSpec]] = {
    "erasure": {
        "records": FieldSpec("list", True),
        "request": FieldSpec("str", True, max_len=64),
        "reason": FieldSpec("str", True, max_len=200),
        "erased_at": FieldSpec("datetime", True),
        # The family erased: each laptop erases what hangs from it there, too, including
        # what the erasing laptop never held (a practitioner's drafts, an offline visit).
        "root": FieldSpec("id"),
    },
    "erasure_request": {
        "family_id": FieldSpec("id", True),
        "request": FieldSpec("str", True, max_len=64),
        "reason": FieldSpec("str", True, max_len=200),
        "status": FieldSpec("choice", choices=("open", "declined")),
        "answer": FieldSpec("str", max_len=200),
    },
    "erasure_done": {
        "erasure_id": FieldSpec("id", True),
        "erased": FieldSpec("int"),
    },
    # A secret the team's supervisors share: the key of the family keys in the analysts' CSV
    # files (a keyed hash of each family's id), so a family has the same key in every export
    # any supervisor of the team makes. Only supervisors' laptops receive it.
    "team_key": {
        "purpose": FieldSpec("choice", True, choices=("family_key",)),
        "key": FieldSpec("str", True, max_len=64),
    },
}
SYSTEM_KINDS = tuple(SYSTEM_SCHEMAS)
ALL_KINDS = KINDS + SYSTEM_KINDS

# Which clear-text parent a record hangs from (for joins without decryption).
PARENT_FIELD = {
    "visit": "family_id",
    "checkin": "family_id",
    "reflection": "family_id",
    "agreement": "family_id",
    "feedback": "record_id",
    "supervision_session": "practitioner_id",
}


def _check_field(kind: str, name: str, spec: FieldSpec, value: Any) -> Any:
    def fail(message: str) -> ValidationError:
        return ValidationError(kind, name, message)

    if spec.type in ("str", "text"):
        if not isinstance(value, str):
            raise fail("must be text")
        if spec.required and not value.strip():
            raise fail("must not be empty")
        if spec.max_len and len(value) > spec.max_len:
            raise fail(f"must be at most {spec.max_len} characters")
    elif spec.type == "id":
        if not isinstance(value, str) or not RECORD_ID.match(value):
            raise fail("must be a record id")
    elif spec.type == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise fail("must be a whole number, 0 or more")
    elif spec.type == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail("must be a number")
    elif spec.type == "choice":
        if value not in spec.choices:
            raise fail("must be one of " + ", ".join(spec.choices))
    elif spec.type == "date":
        try:
            date.fromisoformat(value)
        except (TypeError, ValueError):
            raise fail("must be a date like 2026-03-31") from None
    elif spec.type == "datetime":
        try:
            datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise fail("must be a date and time like 2026-03-31T14:30") from None
    elif spec.type == "list":
        if not isinstance(value, list):
            raise fail("must be a list")
    elif spec.type == "bool":
        if not isinstance(value, bool):
            raise fail("must be yes or no")
    elif spec.type == "dict" and not isinstance(value, dict):
        raise fail("must be a mapping of names to values")
    return value


def validate(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """Return a clean copy of data or raise ValidationError naming the first bad field."""
    if kind not in SCHEMAS:
        raise ValidationError(kind, "kind", "is not a kind of record Relapp keeps")
    if not isinstance(data, dict):
        raise ValidationError(kind, "(record)", "must be a mapping of fields")
    schema = SCHEMAS[kind]
    for name in data:
        if name not in schema:
            raise ValidationError(kind, name, "is not a field of this record")
    clean: dict[str, Any] = {}
    for name, spec in schema.items():
        if name not in data or data[name] is None:
            if spec.required:
                raise ValidationError(kind, name, "is required")
            continue
        clean[name] = _check_field(kind, name, spec, data[name])
    _check_nested(kind, clean)
    return clean


def check_received(kind: str, data: dict[str, Any]) -> None:
    """Check a record received from another laptop: the fields this version knows follow
    its rules; fields a newer Relapp added are left alone, so a team can upgrade laptop by
    laptop. Raises ValidationError naming the first bad field."""
    schema = SCHEMAS.get(kind) or SYSTEM_SCHEMAS.get(kind)
    if schema is None:
        raise ValidationError(kind, "kind", "is not a kind of record Relapp keeps")
    if kind in SYSTEM_SCHEMAS:
        _check_system(kind, schema, {n: v for n, v in data.items() if n in schema})
        return
    # validate() of the known fields, the common values accepted at a glance: a value the
    # glance does not accept goes through _check_field, which accepts it or says what is wrong.
    # A laptop's first sync checks every record the team holds (half the time it took).
    clean: dict[str, Any] = {}
    for name, spec, accepts in _GLANCES[kind]:
        value = data.get(name)
        if value is None:
            if spec.required:
                raise ValidationError(kind, name, "is required")
            continue
        if accepts is None or not accepts(value):
            _check_field(kind, name, spec, value)
        clean[name] = value
    _check_nested(kind, clean)


def _glance(spec: FieldSpec) -> Callable[[Any], bool] | None:
    """A quick test that accepts only values _check_field accepts (None: no quick test)."""
    required, longest = spec.required, spec.max_len
    if spec.type in ("str", "text"):
        return lambda v: (
            type(v) is str
            and (not required or v.strip() != "")
            and (not longest or len(v) <= longest)
        )
    if spec.type == "id":
        return lambda v: type(v) is str and RECORD_ID.match(v) is not None
    if spec.type == "choice":
        choices = frozenset(spec.choices)
        return lambda v: type(v) is str and v in choices
    if spec.type == "int":
        return lambda v: type(v) is int and v >= 0
    simple = {"list": list, "dict": dict, "bool": bool}.get(spec.type)
    if simple is not None:
        return lambda v: type(v) is simple
    return None


_GLANCES = {
    kind: [(name, spec, _glance(spec)) for name, spec in schema.items()]
    for kind, schema in SCHEMAS.items()
}


def _check_system(kind: str, schema: dict[str, FieldSpec], data: dict[str, Any]) -> None:
    for name, spec in schema.items():
        if name not in data or data[name] is None:
            if spec.required:
                raise ValidationError(kind, name, "is required")
            continue
        _check_field(kind, name, spec, data[name])
    if kind == "team_key" and not re.fullmatch(r"[0-9a-f]{64}", str(data["key"])):
        raise ValidationError(kind, "key", "must be 64 hexadecimal digits")
    if kind == "erasure":
        ids = data["records"]
        if len(ids) > 100_000 or not all(isinstance(i, str) and RECORD_ID.match(i) for i in ids):
            raise ValidationError(kind, "records", "must be a list of record ids")


def _check_nested(kind: str, data: dict[str, Any]) -> None:
    if kind == "family":
        for i, member in enumerate(data.get("members", [])):
            field = f"members[{i}]"
            if not isinstance(member, dict) or not str(member.get("name", "")).strip():
                raise ValidationError(kind, field, "needs a name")
            year = member.get("birth_year")
            if year is not None and (
                not isinstance(year, int) or not 1900 <= year <= date.today().year
            ):
                raise ValidationError(kind, field + ".birth_year", "must be a year like 2019")
    if kind == "reflection":
        for key, text in data["sections"].items():
            if not isinstance(text, str):
                raise ValidationError(kind, f"sections.{key}", "must be text")
    if kind == "supervision_session":
        for i, action in enumerate(data.get("actions", [])):
            if not isinstance(action, dict) or not str(action.get("text", "")).strip():
                raise ValidationError(kind, f"actions[{i}]", "needs a description")
            if action.get("status", "open") not in ACTION_STATUSES:
                raise ValidationError(
                    kind, f"actions[{i}].status", "must be one of " + ", ".join(ACTION_STATUSES)
                )
    for list_field in (
        "present",
        "themes",
        "visit_ids",
        "barrier_ids",
        "agenda",
        "agreed_by",
        "sharing_with",
    ):
        for i, item in enumerate(data.get(list_field, [])):
            if not isinstance(item, str):
                raise ValidationError(kind, f"{list_field}[{i}]", "must be text")


def parent_of(kind: str, data: dict[str, Any]) -> str | None:
    field = PARENT_FIELD.get(kind)
    if field is None:
        return None
    value = data.get(field)
    if kind == "reflection" and not value:
        value = data.get("visit_id")
    return value
