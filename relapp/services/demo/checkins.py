"""The demo's check-ins: the practitioner's view of each family about monthly, following the
family's story (improving, dipping, repaired), some parents' own views, the parents' view of
each other, and the practitioner's self-checks."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from relapp.domain.definitions import Instrument
from relapp.services.demo.builder import DemoBuilder, Family, Item, Visit, first_name

PRACTITIONER_FAMILY = "practitioner-family"
PARENT_PARENT = "parent-parent"
SELF_CHECK = "relational-capability"


def oriented_scores(demo: DemoBuilder, instrument: Instrument, mean: float) -> dict[str, int]:
    """Item scores whose mean is the nearest possible to `mean`, with a little spread."""
    rng = demo.rng
    low, high = instrument.scale.min, instrument.scale.max
    n = len(instrument.items)
    total = min(max(round(mean * n), low * n), high * n)
    values = [total // n] * n
    for i in rng.sample(range(n), total - sum(values)):
        values[i] += 1
    for _ in range(2):
        i, j = rng.sample(range(n), 2)
        if values[i] < high and values[j] > low:
            values[i] += 1
            values[j] -= 1
    return {
        item.id: (low + high - value if item.reverse else value)
        for item, value in zip(instrument.items, values, strict=True)
    }


def checkin(
    demo: DemoBuilder,
    instrument: Instrument,
    visit: Visit,
    respondent: str,
    mean: float,
    comment: str = "",
    minutes_before_end: int = 0,
) -> Item:
    when = visit.when + timedelta(minutes=visit.minutes - minutes_before_end)
    data: dict[str, Any] = {
        "family_id": visit.family.id,
        "visit_id": visit.id,
        "instrument_id": instrument.id,
        "respondent": respondent,
        "when": when.strftime("%Y-%m-%dT%H:%M"),
        "scores": oriented_scores(demo, instrument, mean),
    }
    if comment:
        data["comment"] = comment
    return ("checkin", data, None)


def plan_checkins(demo: DemoBuilder) -> list[Item]:
    rng = demo.rng
    comments = demo.content.responses.checkin_comments
    instruments = demo.records.definitions.instruments
    pf, pp = instruments[PRACTITIONER_FAMILY], instruments[PARENT_PARENT]
    items: list[Item] = []
    for family in demo.families:
        # Roughly monthly: every other visit, counting back from the latest.
        chosen = family.visits[::-1][::2][::-1]
        for visit in chosen:
            visit.checkin = True
        for index, visit in enumerate(chosen):
            mean = demo.target(family, visit.when.date()) + rng.gauss(0, 0.12)
            last, previous = index == len(chosen) - 1, index == len(chosen) - 2
            if family.trend == "dip_sharp" and (last or previous):
                mean = 2.5 if last else 23 / 6  # a drop of 1.33: more than reliable change
            elif family.trend == "dip_slow" and (last or previous):
                mean = 16 / 6 if last else 19 / 6  # below the alert level, a gentle fall
            elif last:
                mean = max(mean, 3.4)
            tone = "strained" if mean < 3.3 else "warm"
            comment = rng.choice(comments[tone]).format(**demo.context(visit))
            items.append(checkin(demo, pf, visit, "practitioner", mean, comment))
        # Some parents give their own view on the same form, in hand-over mode.
        if family.trend in ("improving", "repair", "dip_slow"):
            for visit in chosen[::2]:
                mean = min(demo.target(family, visit.when.date()) + 0.4, 4.8)
                items.append(checkin(demo, pf, visit, "parent", mean, minutes_before_end=10))
        if family.two_parents and rng.random() < 0.7:
            items += parent_parent_checkins(demo, pp, family)
    return items


def parent_parent_checkins(demo: DemoBuilder, instrument: Instrument, family: Family) -> list[Item]:
    rng = demo.rng
    responses = demo.content.responses
    separated = "separated" in family.tags
    start = 2.8 if separated else rng.uniform(3.6, 4.2)
    gain = 1.0 if separated else rng.uniform(-0.2, 0.3)
    visits = [v for v in family.visits if v.mode in ("home", "centre")][1::3]
    who = first_name(family.adults[0])
    items = []
    for index, visit in enumerate(visits):
        f = index / max(len(visits) - 1, 1)
        said = responses.separated_checkin_comment if separated and index == 0 else None
        comment = (said or responses.parent_checkin_comment).format(who=who, child=visit.child)
        mean = start + gain * f + rng.gauss(0, 0.1)
        items.append(checkin(demo, instrument, visit, "parent", mean, comment, 15))
    return items


def self_checks(demo: DemoBuilder) -> list[Item]:
    instrument = demo.records.definitions.instruments[SELF_CHECK]
    low, high = instrument.scale.min, instrument.scale.max
    items: list[Item] = []
    for plan in demo.content.team_work.self_checks:
        scores = {}
        for item in instrument.items:
            base = plan.opportunity.get(item.domain or "", 4.2)
            value = round(base + demo.rng.choice((-1, 0, 0, 0, 1)) * 0.6)
            scores[item.id] = min(max(value, low), high)
        when = datetime.combine(demo.today - timedelta(days=plan.days_ago), time(16, 30))
        data = {
            # The schema needs a family id; a self-check is about the practitioner, so it
            # hangs from the practitioner's own member id and shows under no family.
            "family_id": demo.me,
            "instrument_id": instrument.id,
            "respondent": "practitioner",
            "when": when.strftime("%Y-%m-%dT%H:%M"),
            "scores": scores,
            "comment": plan.comment,
        }
        items.append(("checkin", data, None))
    return items
