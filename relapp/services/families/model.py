"""What the Families and Visits pages show: rows, a family's detail and timeline, trend points,
visit links; a family's members read from and written to its record."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from relapp.services.errors import ServiceError

# A family with no check-in in this many days is due one (the demo and the teams we work with
# aim for roughly monthly).
CHECKIN_DUE_DAYS = 28


MEMBER_ROLES = ("mother", "father", "carer", "grandparent", "child", "other")


def parse_when(text: Any) -> datetime | None:
    """A stored date/time as naive local time, or None when it is missing or malformed."""
    if not isinstance(text, str) or not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    return value


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    role: str = ""
    birth_year: int | None = None


@dataclass(frozen=True, slots=True)
class LatestScore:
    instrument_id: str
    instrument_title: str
    respondent: str
    when: datetime
    score: float
    below_threshold: bool


@dataclass(frozen=True, slots=True)
class FamilyRow:
    id: str
    reference: str
    display_name: str
    service: str
    status: str
    members_count: int
    last_visit: datetime | None
    last_checkin: datetime | None
    checkin_due: bool
    latest: LatestScore | None
    error: str | None = None

    @property
    def next_checkin_due(self) -> date | None:
        if self.checkin_due or self.last_checkin is None:
            return None
        return self.last_checkin.date() + timedelta(days=CHECKIN_DUE_DAYS)

    def matches(self, text: str) -> bool:
        """Whether the words typed in the search box all appear in name, reference or service."""
        haystack = f"{self.display_name} {self.reference} {self.service}".casefold()
        return all(word in haystack for word in text.casefold().split())


@dataclass(frozen=True, slots=True)
class TrendPoint:
    when: datetime
    score: float
    respondent: str
    checkin_id: str = ""


@dataclass(frozen=True, slots=True)
class TimelineVisit:
    id: str
    when: datetime | None
    mode: str
    duration_minutes: int | None
    purpose: str
    present: tuple[str, ...]
    reflection_id: str | None
    reflection_status: str | None
    checkin_count: int


@dataclass(frozen=True, slots=True)
class OpenItem:
    kind: str  # "draft", "returned" or "checkin_due"
    title: str
    # The reflection to open; for a due check-in, the latest visit to attach it to (or "").
    record_id: str
    when: datetime | None = None


@dataclass(frozen=True, slots=True)
class FamilyDetail:
    id: str
    version: int
    data: dict[str, Any]
    members: tuple[Member, ...]
    visits: list[TimelineVisit]
    open_items: list[OpenItem]
    checkin_due: bool
    last_checkin: datetime | None
    trends: dict[str, list[TrendPoint]] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        return str(self.data.get("display_name", ""))

    @property
    def reference(self) -> str:
        return str(self.data.get("reference", ""))

    @property
    def service(self) -> str:
        return str(self.data.get("service", ""))

    @property
    def status(self) -> str:
        return str(self.data.get("status", "active"))


@dataclass(frozen=True, slots=True)
class VisitRow:
    id: str
    family_id: str
    family_name: str
    reference: str
    when: datetime | None
    mode: str
    duration_minutes: int | None
    purpose: str


@dataclass(frozen=True, slots=True)
class FamilyChoice:
    id: str
    display_name: str
    reference: str
    status: str
    members: tuple[Member, ...]


@dataclass(frozen=True, slots=True)
class LinkedReflection:
    id: str
    title: str
    status: str
    updated: datetime | None


@dataclass(frozen=True, slots=True)
class LinkedCheckin:
    id: str
    instrument_title: str
    respondent: str
    score: float | None
    when: datetime | None
    below_threshold: bool


def members_of(data: dict[str, Any]) -> tuple[Member, ...]:
    found = []
    for entry in data.get("members") or []:
        if isinstance(entry, dict) and str(entry.get("name", "")).strip():
            year = entry.get("birth_year")
            found.append(
                Member(
                    name=str(entry["name"]).strip(),
                    role=str(entry.get("role") or ""),
                    birth_year=year if isinstance(year, int) else None,
                )
            )
    return tuple(found)


@dataclass(frozen=True, slots=True)
class VisitLinks:
    reflections: list[LinkedReflection]
    checkins: list[LinkedCheckin]


def members_from_rows(rows: Iterable[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """Members as typed in a table (name, role, birth year); blank rows are skipped."""
    members: list[dict[str, Any]] = []
    for number, (name, role, year) in enumerate(rows, start=1):
        name, role, year = name.strip(), role.strip(), year.strip()
        if not (name or role or year):
            continue
        if not name:
            raise ServiceError(f"Member {number} needs a name.")
        member: dict[str, Any] = {"name": name, "role": role or "other"}
        if year:
            # ASCII digits only: "²" and "١٩٩٠" pass str.isdigit, and int("²") fails.
            if not re.fullmatch(r"[0-9]{4}", year) or not 1900 <= int(year) <= date.today().year:
                raise ServiceError(
                    f"The birth year for {name} must be a year like 2019, not “{year}”."
                )
            member["birth_year"] = int(year)
        members.append(member)
    return members
