"""The demo's families: who they are, when their work with the service started and ended,
their references, notes and agreements."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from relapp.services.demo.builder import (
    CLOSED_COUNT,
    FAMILY_COUNT,
    SERVICES,
    WINDOW_DAYS,
    DemoBuilder,
    Family,
    Item,
    first_name,
)
from relapp.store.vault import new_id


def plan_families(demo: DemoBuilder) -> None:
    rng = demo.rng
    content = demo.content.families
    picks = rng.sample(content.families, FAMILY_COUNT)
    trends = list(content.trends)
    rng.shuffle(trends)
    services = [SERVICES[i % len(SERVICES)] for i in range(FAMILY_COUNT)]
    rng.shuffle(services)
    year_cap = min(demo.today.year, date.today().year)
    for seed, trend, service in zip(picks, trends, services, strict=True):
        surname = seed.surname
        # Youngest child first: the early-years work is mostly about them.
        children: list[dict[str, Any]] = []
        age = oldest = rng.randint(0, 3)
        for first in seed.children[: rng.randint(1, len(seed.children))]:
            children.append(
                {"name": f"{first} {surname}", "role": "child", "birth_year": year_cap - age}
            )
            oldest = age
            age += rng.randint(2, 4)
        members: list[dict[str, Any]] = []
        for adult in seed.adults:
            if adult.role == "grandparent":
                age = oldest + rng.randint(45, 62)
            else:
                age = oldest + rng.randint(19, 36 if adult.role == "mother" else 40)
            members.append(
                {
                    "name": f"{adult.name} {surname}",
                    "role": adult.role,
                    "birth_year": year_cap - age,
                }
            )
        members += children
        demo.families.append(
            Family(
                new_id(), surname, members, set(seed.tags.split()), seed.language, trend, service
            )
        )
    # Two families finished with the service; never the ones whose scores are dipping now.
    closable = [f for f in demo.families if f.trend in ("improving", "steady")]
    for family in rng.sample(closable, CLOSED_COUNT):
        family.status = "closed"
    late = [f for f in demo.families if f.status == "active" and f.trend == "steady"]
    late_starters = {f.id for f in rng.sample(late, 2)}
    start = demo.today - timedelta(days=WINDOW_DAYS)
    for family in demo.families:
        if family.id in late_starters:
            family.first = demo.today - timedelta(days=rng.randint(60, 95))
            family.opened = family.first - timedelta(days=rng.randint(7, 20))
        else:
            family.first = start + timedelta(days=rng.randint(0, 12))
            family.opened = family.first - timedelta(days=rng.randint(20, 420))
        if family.status == "closed":
            family.last = demo.today - timedelta(days=rng.randint(35, 70))
        else:
            family.last = demo.today - timedelta(days=1)
    numbers = sorted(rng.sample(range(40, 990), FAMILY_COUNT))
    for number, family in zip(
        numbers, sorted(demo.families, key=lambda f: (f.opened, f.surname)), strict=True
    ):
        assert family.opened is not None
        family.reference = f"EH-{family.opened.year % 100:02d}-{number:04d}"


def save_families(demo: DemoBuilder) -> None:
    content = demo.content.families
    items: list[Item] = []
    for family in demo.families:
        ctx = {"parent": first_name(family.adults[0]), "child": first_name(family.children[0])}
        notes = demo.rng.choice(content.notes).format(**ctx)
        if family.language:
            notes += content.notes_language.format(parent=ctx["parent"], language=family.language)
        if family.status == "closed":
            notes += content.notes_closed
        data = {
            "reference": family.reference,
            "display_name": family.display_name,
            "members": family.members,
            "status": family.status,
            "service": family.service,
            "assigned_to": demo.me,
            "notes": notes,
        }
        items.append(("family", data, family.id))
    demo.save(items)


def save_agreements(demo: DemoBuilder) -> None:
    """Each family's agreement, so a newcomer sees every state: most agreed when the family
    was opened, one changed since (sharing added), one withdrawn, and the newest family
    with none recorded yet (hand-over mode warns before its check-ins)."""
    content = demo.content.families
    rng = random.Random(f"agreements-{demo.rng.random()}")
    by_opening = sorted(demo.families, key=lambda f: (f.opened or demo.today, f.surname))
    active = [f for f in by_opening if f.status == "active"]
    closed = [f for f in by_opening if f.status == "closed"]
    missing = active[-1] if active else None
    changed = active[0] if active else None
    withdrawn = closed[-1] if closed else (active[1] if len(active) > 2 else None)
    partners = (["health visitor"], ["nursery"], [], ["health visitor", "GP"])
    items: list[Item] = []
    later: list[tuple[str, dict[str, Any]]] = []
    for family in by_opening:
        if family is missing:
            continue
        day = family.opened or (family.first or demo.today)
        parent = family.adults[0]["name"]
        said = {"parent": first_name(family.adults[0])}
        data: dict[str, Any] = {
            "family_id": family.id,
            "status": "agreed",
            "when": day.isoformat(),
            "agreed_by": [parent],
            "working_with_service": True,
            "checkins": True,
            "sharing_with": list(rng.choice(partners)),
            "explained": content.agreement_explained.format(**said),
            "explained_by": demo.me,
        }
        rid = new_id()
        items.append(("agreement", data, rid))
        if family is changed:
            since = max(day, demo.today - timedelta(days=rng.randint(20, 40)))
            changes = {
                "when": since.isoformat(),
                "sharing_with": sorted({*data["sharing_with"], "health visitor"}),
                "explained": content.agreement_changed.format(**said),
            }
            later.append((rid, {**data, **changes}))
        if family is withdrawn:
            until = family.last or demo.today
            changes = {
                "status": "withdrawn",
                "when": min(until + timedelta(days=1), demo.today).isoformat(),
                "working_with_service": False,
                "checkins": False,
                "sharing_with": [],
                "explained": content.agreement_withdrawn.format(**said),
            }
            later.append((rid, {**data, **changes}))
    demo.save(items)
    for rid, data in later:
        demo.records.save("agreement", data, record_id=rid)
