"""The demo's visits: about a fortnight apart, on weekdays, mostly at home, each with who was
there and what it was for."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from relapp.services.demo.builder import DemoBuilder, Family, Visit, first_name
from relapp.store.vault import new_id


def plan_visits(demo: DemoBuilder) -> None:
    rng = demo.rng
    for family in demo.families:
        assert family.first is not None and family.last is not None
        day = family.first
        days: list[date] = []
        while day <= family.last:
            shifted = day
            if shifted.weekday() == 5:
                shifted -= timedelta(days=1)
            elif shifted.weekday() == 6:
                shifted += timedelta(days=1)
            if shifted < demo.today and (not days or shifted > days[-1]):
                days.append(shifted)
            day += timedelta(days=14 + rng.choice((-3, -2, -1, 0, 0, 0, 1, 2, 3)))
        for index, day in enumerate(days):
            family.visits.append(plan_visit(demo, family, day, index, len(days)))


def plan_visit(demo: DemoBuilder, family: Family, day: date, index: int, count: int) -> Visit:
    rng = demo.rng
    content = demo.content.visits
    modes, weights = ("home", "centre", "phone", "video"), [60, 17, 13, 10]
    if "digital" in family.tags:
        weights = [65, 20, 13, 2]
    mode = "home" if index == 0 else rng.choices(modes, weights)[0]
    low, high = {"home": (45, 90), "centre": (40, 75), "phone": (15, 40), "video": (20, 45)}[mode]
    minutes = rng.randrange(low, high + 1, 5)
    hour, minute = rng.choice(
        ((9, 30), (10, 0), (10, 30), (11, 0), (13, 0), (13, 30), (14, 0), (15, 0))
    )
    adults, children = family.adults, family.children
    present = [adults[0]["name"]]
    chance = 0.25 if "separated" in family.tags else 0.5
    if mode in ("home", "centre", "video"):
        present += [m["name"] for m in adults[1:] if rng.random() < chance]
    if mode in ("home", "centre"):
        # The youngest, whom most visits are about, is there; older ones often at school.
        present += [children[0]["name"]]
        present += [m["name"] for m in children[1:] if rng.random() < 0.5]
    if index == 0 and family.opened and (day - family.opened).days < 30:
        about = content.first_purpose
    elif family.status == "closed" and index == count - 1:
        about = content.closing_purpose
    else:
        about = rng.choice(content.purposes)
    ctx = {"parent": first_name(adults[0]), "child": first_name(children[0])}
    return Visit(
        id=new_id(),
        family=family,
        child=ctx["child"],
        when=datetime.combine(day, time(hour, minute)),
        mode=mode,
        minutes=minutes,
        present=present,
        topic=about.topic.format(**ctx),
        purpose=about.purpose.format(**ctx),
    )


def save_visits(demo: DemoBuilder) -> None:
    demo.save(
        [
            (
                "visit",
                {
                    "family_id": v.family.id,
                    "when": v.stamp,
                    "duration_minutes": v.minutes,
                    "mode": v.mode,
                    "present": v.present,
                    "purpose": v.purpose,
                },
                v.id,
            )
            for v in demo.visits()
        ]
    )
