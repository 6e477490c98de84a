"""Caseload trends, alerts and the barriers & changes board, on real vaults."""

from __future__ import annotations

from datetime import date

import pytest

from relapp.services import caseload as service
from tests.sync.conftest import Team, team  # noqa: F401 - the fixture

PF = "practitioner-family"
PP = "parent-parent"
TODAY = date(2026, 6, 15)


def scores(records, instrument_id: str, mean: int) -> dict[str, int]:  # noqa: ANN001
    """Item scores whose mean is `mean` (reverse-scored items answered the other way)."""
    instrument = records.definitions.instruments[instrument_id]
    top = instrument.scale.min + instrument.scale.max
    return {item.id: top - mean if item.reverse else mean for item in instrument.items}


def family(records, name: str, status: str = "active", **extra) -> str:  # noqa: ANN001, ANN003
    data = {"reference": name[:6].upper(), "display_name": name, "status": status, **extra}
    return records.save("family", data).id


def checkin(records, family_id, when, mean, instrument=PF, respondent="practitioner") -> str:  # noqa: ANN001
    data = {
        "family_id": family_id,
        "instrument_id": instrument,
        "respondent": respondent,
        "when": when,
        "scores": scores(records, instrument, mean),
    }
    return records.save("checkin", data).id


def visit(records, family_id: str, when: str) -> str:  # noqa: ANN001
    return records.save("visit", {"family_id": family_id, "when": when, "mode": "home"}).id


def test_an_alert_from_a_drop_in_scores(session) -> None:  # noqa: ANN001
    records = session.records
    evans = family(records, "The Evans family")
    hughes = family(records, "The Hughes family")
    steady = family(records, "The Steady family")
    closed = family(records, "The Closed family", status="closed")
    checkin(records, evans, "2026-05-01T10:00", 5)
    latest_drop = checkin(records, evans, "2026-06-01T10:00", 4)  # down 1, still above 3
    checkin(records, hughes, "2026-05-02T10:00", 4)
    below = checkin(records, hughes, "2026-06-02T10:00", 2)  # below 3 and down 2
    checkin(records, steady, "2026-05-03T10:00", 4)
    checkin(records, steady, "2026-06-03T10:00", 4)
    checkin(records, steady, "2026-04-03T10:00", 1)  # an old low score: only the latest counts
    checkin(records, closed, "2026-05-03T10:00", 5)
    checkin(records, closed, "2026-06-03T10:00", 1)  # closed: history, not an alert
    # A self-check is not a family's alert.
    checkin(records, session.vault.member_id, "2026-06-04T10:00", 1, "relational-capability")

    alerts = service.caseload_alerts(session)
    assert [a.checkin_id for a in alerts] == [below, latest_drop]  # newest first
    drop = alerts[1]
    assert (drop.family_name, drop.score, drop.previous) == ("The Evans family", 4.0, 5.0)
    assert drop.dropped and not drop.below and drop.drop == pytest.approx(1.0)
    assert "fell by 1" in drop.sentence
    hughes_alert = alerts[0]
    assert hughes_alert.below and hughes_alert.dropped and hughes_alert.threshold == 3
    # Without a team, a family is still the practitioner's who wrote it: this profile.
    assert drop.practitioner_id == session.vault.member_id
    assert drop.practitioner_name == "Sam Carter"


def test_caseload_series_per_family_and_instrument(session) -> None:  # noqa: ANN001
    records = session.records
    evans = family(records, "The Evans family", service="Hub North")
    empty = family(records, "The Adams family")
    checkin(records, evans, "2026-05-01T10:00", 4)
    checkin(records, evans, "2026-05-01T10:05", 3, respondent="parent")
    checkin(records, evans, "2026-06-01T10:00", 5)
    checkin(records, evans, "2026-06-01T10:00", 2, PP, respondent="parent")

    rows = service.caseload_series(session)
    assert [r.name for r in rows] == ["The Adams family", "The Evans family"]
    adams, evans_row = rows
    assert adams.id == empty and adams.series == {} and adams.last_checkin is None
    assert [(p.score, p.respondent) for p in evans_row.series[PF]] == [
        (4.0, "practitioner"),
        (3.0, "parent"),
        (5.0, "practitioner"),
    ]
    assert evans_row.latest(PP).score == 2.0
    assert evans_row.matches("hub evans") and not evans_row.matches("south")

    whole = service.caseload(session)
    assert [i.id for i in whole.instruments] == [PF, PP]  # the practitioner's instrument first
    assert [a.family_id for a in whole.alerts] == [evans]  # the parents' 2 is below 3


def test_caseload_names_the_practitioner_from_the_team(team: Team) -> None:  # noqa: F811
    alex = team.join("alex", "Alex Morgan", "practitioner")
    sup = team.people["sup"]
    evans = family(alex.records, "The Evans family", assigned_to=alex.vault.member_id)
    checkin(alex.records, evans, "2026-05-01T10:00", 4)
    checkin(alex.records, evans, "2026-06-01T10:00", 2)
    team.sync("alex", "sup")
    whole = service.caseload(sup)
    (row,) = whole.families
    assert (row.practitioner_id, row.practitioner_name) == (alex.vault.member_id, "Alex Morgan")
    (alert,) = whole.alerts
    assert alert.practitioner_name == "Alex Morgan"
    assert whole.names_problem == ""


def test_barrier_board_counts_by_category_and_month(session) -> None:  # noqa: ANN001
    records = session.records
    evans = family(records, "The Evans family")
    seen = visit(records, evans, "2026-05-04T10:00")

    def barrier(category: str, noticed: str | None, **extra) -> str:  # noqa: ANN003
        data = {"category": category, "description": f"{category} got in the way", **extra}
        if noticed:
            data["noticed_on"] = noticed
        return records.save("barrier", data).id

    barrier("caseload-time", "2026-04-02")
    barrier("caseload-time", "2026-06-10", visit_ids=[seen])
    barrier("digital-access", "2026-04-20")
    barrier("caseload-time", "2024-01-01")  # long ago: before the months shown
    barrier("digital-access", None)

    board = service.barrier_board(session, TODAY)
    assert [(c.key, c.count) for c in board.by_category] == [
        ("caseload-time", 3),
        ("digital-access", 2),
    ]
    assert board.by_category[0].label == "Caseload and time"
    months = [(c.key, c.count) for c in board.by_month]
    assert len(months) == service.MONTHS_SHOWN and months[-1] == ("2026-06", 1)
    assert dict(months)["2026-04"] == 2 and dict(months)["2026-05"] == 0
    assert (board.earlier, board.undated) == (1, 1)
    assert board.visits[seen].family_name == "The Evans family"


def test_before_and_after_averages_for_a_change_test(session) -> None:  # noqa: ANN001
    records = session.records
    evans = family(records, "The Evans family")
    hughes = family(records, "The Hughes family")
    other = family(records, "Not linked")
    barrier = records.save(
        "barrier",
        {
            "category": "venue-transport-access",
            "description": "No private room",
            "noticed_on": "2026-03-01",
            "visit_ids": [
                visit(records, evans, "2026-03-01T10:00"),
                visit(records, hughes, "2026-03-02T10:00"),
            ],
        },
    ).id
    test = records.save(
        "change_test",
        {
            "title": "Bookable quiet room",
            "barrier_ids": [barrier],
            "plan": "Keep the room free on Tuesdays",
            "do": "Ran for six weeks",
            "study": "More visits in private",
            "act": "Adopted",
            "measure": "Share of visits in a private room",
            "start_date": "2026-04-01",
            "status": "adopted",
        },
    ).id
    records.save("change_test", {"title": "Not started yet", "start_date": "2026-09-01"})
    records.save("change_test", {"title": "No date", "barrier_ids": [barrier]})
    # Before 1 April: 3 and 2 in March, 2 in February; a January score is outside 3 months.
    checkin(records, evans, "2026-03-05T10:00", 3)
    checkin(records, hughes, "2026-03-06T10:00", 2)
    checkin(records, evans, "2026-02-05T10:00", 2)
    checkin(records, evans, "2025-12-20T10:00", 1)
    # After: 4 in April, 4 and 5 in May (up to today).
    checkin(records, hughes, "2026-04-10T10:00", 4)
    checkin(records, evans, "2026-05-10T10:00", 4)
    checkin(records, hughes, "2026-05-11T10:00", 5)
    checkin(records, other, "2026-05-11T10:00", 1)  # not linked to the barrier's visits

    board = service.barrier_board(session, TODAY)
    cards = {c.row.title: c for c in board.change_tests}
    card = cards["Bookable quiet room"]
    assert card.row.id == test
    assert set(card.family_ids) == {evans, hughes} and card.family_count == 2
    assert card.barrier_labels == ("Venue, transport and access: No private room",)
    assert card.row.data["study"] == "More visits in private"
    (compared,) = card.comparisons
    assert compared.instrument_id == PF
    assert [(m.month, m.average, m.count) for m in compared.before] == [
        ("2026-02", 2.0, 1),
        ("2026-03", 2.5, 2),
    ]
    assert [(m.month, m.average, m.count) for m in compared.after] == [
        ("2026-04", 4.0, 1),
        ("2026-05", 4.5, 2),
    ]
    assert compared.before_average == pytest.approx(7 / 3) and compared.before_count == 3
    assert compared.after_average == pytest.approx(13 / 3) and compared.after_count == 3
    assert compared.change == pytest.approx(2.0)
    assert cards["Not started yet"].gap == "not_started"
    assert cards["No date"].gap == "no_start" and cards["No date"].comparisons == []


def test_add_months_keeps_the_day_or_the_month_end() -> None:
    assert service.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert service.add_months(date(2026, 3, 15), -3) == date(2025, 12, 15)
