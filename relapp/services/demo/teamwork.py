"""What the demo practitioner has noticed beyond single families: system barriers with the
visits they got in the way of, the change tests tried against them, and supervision sessions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from relapp.services.demo.builder import DemoBuilder, Item, Visit
from relapp.store.vault import new_id

# Which visits each barrier category was noticed on.
BARRIER_VISITS: dict[str, Callable[[Visit], bool]] = {
    "caseload-time": lambda v: v.mode == "phone",
    "interpreter-language": lambda v: bool(v.family.language),
    "information-sharing": lambda v: v.mode == "home",
    "venue-transport-access": lambda v: v.mode == "centre",
    "process-paperwork": lambda v: v is v.family.visits[0],
    "opening-hours": lambda v: v.family.two_parents,
    "digital-access": lambda v: "digital" in v.family.tags,
}


def visits_for(demo: DemoBuilder, want: Callable[[Visit], bool], count: int) -> list[Visit]:
    """The latest count visits want picks (the latest visits when it picks none)."""
    found = [v for v in demo.visits() if want(v)] or demo.visits()
    return found[-count:]


def save_barriers_and_changes(demo: DemoBuilder) -> None:
    today = demo.today
    language_families = [f for f in demo.families if f.language]
    language = language_families[0].language if language_families else "Romanian"
    barrier_ids: dict[str, str] = {}
    items: list[Item] = []
    for seed in demo.content.team_work.barriers:
        visits = visits_for(demo, BARRIER_VISITS[seed.category], seed.visits)
        bid = new_id()
        barrier_ids[seed.category] = bid
        services = {v.family.service for v in visits}
        data = {
            "category": seed.category,
            "description": seed.description.format(language=language),
            "impact": seed.impact,
            "visit_ids": [v.id for v in visits],
            "status": seed.status,
            "noticed_on": (today - timedelta(days=seed.days_ago)).isoformat(),
        }
        if len(services) == 1:
            data["service"] = services.pop()
        if seed.service:
            data["service"] = seed.service
        items.append(("barrier", data, bid))
    items += change_tests(demo, barrier_ids)
    items += supervision_sessions(demo)
    demo.save(items)


def change_tests(demo: DemoBuilder, barriers: dict[str, str]) -> list[Item]:
    tests: list[Item] = []
    for seed in demo.content.team_work.change_tests:
        data: dict[str, Any] = {
            "title": seed.title,
            "barrier_ids": [barriers[category] for category in seed.barriers],
            **seed.text,
            "start_date": (demo.today - timedelta(days=seed.start_days_ago)).isoformat(),
        }
        if seed.end_days_ago is not None:
            data["end_date"] = (demo.today - timedelta(days=seed.end_days_ago)).isoformat()
        data["status"] = seed.status
        tests.append(("change_test", data, None))
    return tests


def supervision_sessions(demo: DemoBuilder) -> list[Item]:
    dipping = [f for f in demo.families if f.trend.startswith("dip")]
    names = [f.display_name for f in dipping] or [demo.content.team_work.no_dipping_family]
    sessions: list[Item] = []
    for seed in demo.content.team_work.supervision_sessions:
        when = datetime.combine(demo.today - timedelta(days=seed.days_ago), time(14, 0))
        agenda = [a.format(first_dipping=names[0], last_dipping=names[-1]) for a in seed.agenda]
        actions = [{"text": a.text, "status": a.status} for a in seed.actions]
        data = {
            "practitioner_id": demo.me,
            "when": when.strftime("%Y-%m-%dT%H:%M"),
            "agenda": agenda,
            "notes": seed.notes,
            "actions": actions,
        }
        sessions.append(("supervision_session", data, None))
    return sessions
