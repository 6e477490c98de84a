"""What every part of the demo builder shares: the families and visits it plans, the random
stream that makes the same seed give the same demo, and the prose each record is written in."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from relapp.services.demo.content import shipped
from relapp.services.profile import Session
from relapp.store.vault import Record

Progress = Callable[[int, int], None]
Item = tuple[str, dict[str, Any], str | None]  # what RecordService.save_many takes

SERVICES = ("Family Hub North", "Family Hub South", "Early Years Outreach")
WINDOW_DAYS = 182
FAMILY_COUNT = 12
CLOSED_COUNT = 2


@dataclass
class Visit:
    id: str
    family: Family
    child: str  # first name of the child the visit is mostly about
    when: datetime
    mode: str
    minutes: int
    present: list[str]
    topic: str
    purpose: str
    checkin: bool = False

    @property
    def stamp(self) -> str:
        return self.when.strftime("%Y-%m-%dT%H:%M")


@dataclass
class Family:
    id: str
    surname: str
    members: list[dict[str, Any]]
    tags: set[str]
    language: str
    trend: str
    service: str = ""
    status: str = "active"
    first: date | None = None
    last: date | None = None
    opened: date | None = None
    reference: str = ""
    visits: list[Visit] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return f"The {self.surname} family"

    @property
    def adults(self) -> list[dict[str, Any]]:
        return [m for m in self.members if m["role"] != "child"]

    @property
    def children(self) -> list[dict[str, Any]]:
        return [m for m in self.members if m["role"] == "child"]

    @property
    def two_parents(self) -> bool:
        return sum(m["role"] in ("mother", "father", "carer") for m in self.members) >= 2


def first_name(member: dict[str, Any]) -> str:
    return str(member["name"]).split(" ")[0]


class DemoBuilder:
    """The demo being built: its session, its random stream, what is planned so far."""

    def __init__(self, session: Session, today: date, seed: int, progress: Progress | None):
        self.session = session
        self.records = session.records
        self.content = shipped()
        self.today = today
        self.rng = random.Random(seed)
        self.progress = progress
        self.step = 0
        self.me = session.vault.member_id
        self.families: list[Family] = []
        self.reflected: list[Visit] = []
        # (record id, visit or None, the status it ends in; "amended" ends as submitted)
        self.reflections: list[tuple[str, Visit | None, str]] = []

    def tick(self, total: int) -> None:
        self.step += 1
        if self.progress is not None:
            self.progress(min(self.step, total), total)

    def save(self, items: Sequence[Item]) -> list[Record]:
        return self.records.save_many(items) if items else []

    def visits(self) -> list[Visit]:
        """Every planned visit, oldest first."""
        return sorted((v for f in self.families for v in f.visits), key=lambda v: v.when)

    # ---- how a visit went -----------------------------------------------------------------

    def target(self, family: Family, day: date) -> float:
        """The practitioner–family score this family's story calls for on a given day."""
        assert family.first is not None and family.last is not None
        span = max((family.last - family.first).days, 1)
        f = min(max((day - family.first).days / span, 0.0), 1.0)
        trend = family.trend
        if trend == "improving":
            return 2.7 + 1.5 * f
        if trend == "repair":
            return 3.9 - 1.0 * max(0.0, 1 - abs(f - 0.5) / 0.2)
        if trend == "dip_slow":
            return 3.9 if f < 0.4 else 3.9 - 1.2 * (f - 0.4) / 0.6
        if trend == "dip_sharp":
            checkins = [v for v in family.visits if v.checkin]
            if checkins and day >= checkins[-1].when.date() - timedelta(days=3):
                return 2.5
            return 4.0
        return 4.1

    def tone(self, family: Family, day: date) -> str:
        return "strained" if self.target(family, day) < 3.3 else "warm"

    def context(self, visit: Visit) -> dict[str, str]:
        """The words a sentence about this visit may use: {parent}, {child}, {topic} …"""
        adults = visit.family.adults
        other = first_name(adults[1]) if len(adults) > 1 else ""
        return {
            "parent": first_name(adults[0]),
            "child": visit.child,
            "other": other,
            "place": self.content.visits.mode_places[visit.mode],
            "minutes": str(visit.minutes),
            "topic": visit.topic,
        }

    def visit_tags(self, visit: Visit) -> set[str]:
        """The tags (reflections.json) of the sentences that fit this visit."""
        tags = {"W" if self.tone(visit.family, visit.when.date()) == "warm" else "S"}
        tags.add({"home": "H", "centre": "C", "phone": "R", "video": "R"}[visit.mode])
        if visit.mode in ("home", "centre"):
            tags.add("P")
        if "interpreter" in visit.family.tags:
            tags.add("I")
        if "digital" in visit.family.tags:
            tags.add("D")
        return tags

    # ---- prose ----------------------------------------------------------------------------

    def sentence(
        self, pool: Sequence[str], ctx: dict[str, str], tags: set[str], used: set[str]
    ) -> tuple[str, bool]:
        """One sentence that fits the visit and is not already in the section; and whether it
        must stand alone ("nothing got in the way" next to a list of obstacles reads oddly)."""
        usable: list[tuple[str, bool]] = []
        for raw in pool:
            need, _, text = raw.rpartition("|")
            solo = "O" in need
            if not set(need.replace("O", "")) <= tags or text in used or (solo and used):
                continue
            if "{other}" in text and not ctx["other"]:
                continue
            usable.append((text, solo))
        if not usable:
            return "", False
        text, solo = self.rng.choice(usable)
        used.add(text)
        return text.format(**ctx), solo

    def prose(self, section_id: str, ctx: dict[str, str], tags: set[str]) -> str:
        pools, (low, high) = self.content.reflections.pools(section_id)
        count = self.rng.randint(low, high)
        # Keep the order of the slots (opening before detail before closing), drop some middles.
        slots = list(range(len(pools)))
        while len(slots) > count:
            slots.pop(self.rng.randrange(1, len(slots)) if len(slots) > 1 else 0)
        chosen: list[str] = []
        used: set[str] = set()
        for slot in slots:
            text, solo = self.sentence(pools[slot], ctx, tags, used)
            if solo:
                return text
            if text:
                chosen.append(text)
        return " ".join(chosen)
