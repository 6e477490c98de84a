"""Learning reports leak nothing by differencing: an exact checker over every pair of periods a
supervisor can choose, on the demo team and on a generated team with small categories.

find_disclosures() is independent of the suppression: it works out, with exact integer linear
algebra, every count from 1 to 4 that adding and subtracting the shown numbers of the reports
gives away. It is shown to find the differencing the fixed periods prevent (the issue's example)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from relapp.services import disclosure, reports
from relapp.services.demo import build_demo_profile
from relapp.services.errors import ServiceError
from relapp.services.profile import Session, create_profile
from tests.conftest import PASSPHRASE

TODAY = date(2026, 7, 15)  # a year of data: July 2025 to June 2026
DEMO_TODAY = date(2026, 10, 15)


def _save_checkins(session: Session, rows: list[tuple[str, str, str, str, int]]) -> None:
    instruments = session.definitions.instruments
    session.records.save_many(
        (
            "checkin",
            {
                "family_id": family_id,
                "instrument_id": instrument,
                "respondent": respondent,
                "when": when,
                "scores": {i.id: value for i in instruments[instrument].items},
            },
            None,
        )
        for family_id, instrument, respondent, when, value in rows
    )


def _generated(folder: Path) -> Session:
    """A team's year with small categories: a few barriers a month in most categories, some
    months with one or two, three services and one left blank; check-ins by a handful of
    families, some months below five."""
    session, _code = create_profile(folder, "Gen Supervisor", "supervisor", PASSPHRASE)
    rng = random.Random(12)
    categories = [c.id for c in session.definitions.barrier_categories]
    services = ["Hub East", "Hub West", "Outreach", ""]
    families = [
        r.id
        for r in session.records.save_many(
            (
                "family",
                {"reference": f"GEN-{n}", "display_name": f"The Gen{n} family", "status": "active"},
                None,
            )
            for n in range(8)
        )
    ]
    barriers = []
    day = date(2025, 7, 1)
    while day < date(2026, 7, 1):
        for category in categories[:6]:
            for _ in range(rng.choice((0, 0, 0, 1, 1, 2, 3))):
                data = {
                    "category": category,
                    "description": "x",
                    "noticed_on": str(day),
                    "status": "open",
                }
                service = rng.choice(services)
                if service:
                    data["service"] = service
                barriers.append(("barrier", data, None))
        day += timedelta(days=rng.randint(4, 12))
    session.records.save_many(barriers)
    rows = []
    day = date(2025, 7, 3)
    while day < date(2026, 7, 1):
        for family_id in rng.sample(families, rng.randint(0, 4)):
            rows.append(
                (
                    family_id,
                    "practitioner-family",
                    "practitioner",
                    f"{day}T10:00",
                    rng.randint(1, 5),
                )
            )
        day += timedelta(days=rng.randint(5, 14))
    _save_checkins(session, rows)
    return session


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    session = _generated(tmp_path_factory.mktemp("generated") / "p")
    yield session
    session.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    session = build_demo_profile(tmp_path_factory.mktemp("demo") / "p", today=DEMO_TODAY)
    yield session
    session.close()


def _every_pair_is_safe(session: Session, today: date) -> int:
    facts = reports.disclosure_facts(session)
    first = min(f.day for f in facts)
    allowed = [
        p
        for p in reports.learning_periods(first, today)
        if p.end >= today - timedelta(days=366)  # within a year of data
    ]
    boxes = {
        p: disclosure.report_boxes(reports.learning_report(session, p.start, p.end, today=today))
        for p in allowed
    }
    pairs = 0
    for a, b in itertools.combinations_with_replacement(allowed, 2):
        found = disclosure.find_disclosures([boxes[a], boxes[b]], facts)
        assert found == [], f"{a} and {b}: " + "; ".join(map(str, found))
        pairs += 1
    # And all of them at once: adding reports up gives nothing away either.
    assert disclosure.find_disclosures(list(boxes.values()), facts) == []
    return pairs


def test_every_pair_of_allowed_periods_on_a_generated_team(generated: Session) -> None:
    facts = reports.disclosure_facts(generated)
    assert sum(f.table == disclosure.BARRIERS for f in facts) > 100  # something to protect
    periods = reports.learning_periods(min(f.day for f in facts), TODAY)
    assert [disclosure.quarter_name(p) for p in periods] == [
        "2026-Q2",
        "2026-Q1",
        "2025-Q4",
        "2025-Q3",
    ]
    assert _every_pair_is_safe(generated, TODAY) == 10  # 4 quarters: 6 pairs and 4 alone


def test_every_pair_of_allowed_periods_on_the_demo_team(demo: Session) -> None:
    assert len(reports.disclosure_facts(demo)) > 50
    assert _every_pair_is_safe(demo, DEMO_TODAY) >= 3


def test_the_checker_finds_the_differencing_that_free_periods_allow(tmp_path: Path) -> None:
    """The issue's example: 1 Jan-31 Mar and 6 Feb-31 Mar show grand totals 16 and 13 and a
    category at 7 and 6; subtracting gives 3 (all categories) and 1 (that category)."""
    session, _code = create_profile(tmp_path / "p", "Sup", "supervisor", PASSPHRASE)
    try:
        plan = [
            ("caseload-time", "2026-01-20", 1),
            ("caseload-time", "2026-02-10", 3),
            ("caseload-time", "2026-03-10", 3),
            ("information-sharing", "2026-01-25", 2),
            ("information-sharing", "2026-02-20", 3),
            ("information-sharing", "2026-03-12", 4),
        ]
        session.records.save_many(
            (
                "barrier",
                {"category": c, "description": "x", "noticed_on": d, "service": "Hub East"},
                None,
            )
            for c, d, n in plan
            for _ in range(n)
        )
        facts = reports.disclosure_facts(session)

        def made(start: str, end: str) -> reports.LearningReport:
            return reports.learning_report(session, start, end, fixed_periods=False, today=TODAY)

        wide, narrow = made("2026-01-01", "2026-03-31"), made("2026-02-06", "2026-03-31")
        assert (wide.by_month.total.value, narrow.by_month.total.value) == (16, 13)
        assert disclosure.find_disclosures([disclosure.report_boxes(wide)], facts) == []
        assert disclosure.find_disclosures([disclosure.report_boxes(narrow)], facts) == []
        found = disclosure.find_disclosures(
            [disclosure.report_boxes(wide), disclosure.report_boxes(narrow)], facts
        )
        found_text = {str(d) for d in found}
        assert "barriers [all / all] 2026-01-01 to 2026-02-05: 3" in found_text
        # and a category's few barriers of those five weeks (which category depends on what
        # each report hid)
        assert any(
            d.a is not None and d.first == date(2026, 1, 1) and d.last == date(2026, 2, 5)
            for d in found
        ), found_text
        # The app allows neither the narrow period nor a quarter still running.
        with pytest.raises(ServiceError, match="one whole calendar quarter"):
            reports.learning_report(session, "2026-02-06", "2026-03-31", today=TODAY)
        with pytest.raises(ServiceError, match="has not ended yet"):
            reports.learning_report(session, "2026-07-01", "2026-09-30", today=TODAY)
        assert reports.learning_report(session, "2026-01-01", "2026-03-31", today=TODAY)
    finally:
        session.close()


def test_the_checker_sees_a_small_group_inside_one_report() -> None:
    """Two cells of fewer than 5 beside a shown 7 under a shown total of 9 would give away
    that the two hold 2: the protection hides more."""
    linked = reports.LinkedCounts([[[2, 0, 7], [6, 6, 6]]])
    linked.protect()
    row = [linked.cell(("x", 0, 0, j)).text for j in range(3)]
    total = linked.cell(("r", 0))
    assert row[2] == reports.HIDDEN or total.text == reports.HIDDEN


def test_quarters() -> None:
    q = disclosure.parse_quarter("2026-Q1")
    assert (q.start, q.end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert disclosure.parse_quarter("q4 2025") == disclosure.quarter_of(date(2025, 11, 5))
    assert disclosure.quarter_label(q) == "Jan–Mar 2026"
    with pytest.raises(ServiceError, match="not a quarter"):
        disclosure.parse_quarter("2026-Q5")
    assert disclosure.learning_periods(None, date(2026, 4, 1)) == [q]
