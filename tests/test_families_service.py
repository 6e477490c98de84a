"""The queries behind the Families and Visits pages, against a real vault (no Qt)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from relapp.services import families as fs
from relapp.services.errors import ServiceError

TODAY = date(2026, 3, 20)


def _family(records, reference="EH-26-0001", name="The Example family", **extra):
    data = {
        "reference": reference,
        "display_name": name,
        "service": "Family Hub North",
        "status": "active",
        "members": [
            {"name": "Dana Example", "role": "mother", "birth_year": 1990},
            {"name": "Kit Example", "role": "child", "birth_year": 2023},
        ],
        **extra,
    }
    return records.save("family", data)


def _visit(records, family_id, when, **extra):
    data = {"family_id": family_id, "when": when, "mode": "home", "duration_minutes": 60}
    return records.save("visit", {**data, **extra})


def _checkin(records, family_id, when, value, respondent="practitioner", visit_id=None):
    instrument = records.definitions.instruments["practitioner-family"]
    scores = {item.id: (6 - value if item.reverse else value) for item in instrument.items}
    data = {
        "family_id": family_id,
        "instrument_id": instrument.id,
        "respondent": respondent,
        "when": when,
        "scores": scores,
    }
    if visit_id:
        data["visit_id"] = visit_id
    return records.save("checkin", data)


def _reflection(records, visit, status="draft", title="Home visit"):
    data = {
        "visit_id": visit.id,
        "family_id": visit.data["family_id"],
        "template_id": "free-text",
        "title": title,
        "sections": {"reflection": "We talked about sleep."},
    }
    record = records.save_reflection_draft(data)
    if status != "draft":
        record = records.submit_reflection(record.id)
    return record


def test_family_rows_summarise_visits_and_checkins(session):
    records = session.records
    fam = _family(records)
    quiet = _family(records, "EH-26-0002", "The Quiet family")
    closed = _family(records, "EH-26-0003", "The Closed family", status="closed")
    _visit(records, fam.id, "2026-03-01T10:00")
    _visit(records, fam.id, "2026-03-12T14:30")
    _checkin(records, fam.id, "2026-02-01T11:00", 4)
    _checkin(records, fam.id, "2026-03-12T15:30", 2)  # below the alert level of 3

    rows = {r.id: r for r in fs.family_rows(records, today=TODAY)}
    row = rows[fam.id]
    assert row.members_count == 2
    assert row.last_visit == datetime(2026, 3, 12, 14, 30)
    assert row.last_checkin == datetime(2026, 3, 12, 15, 30)
    assert not row.checkin_due
    assert row.next_checkin_due == date(2026, 4, 9)
    assert row.latest is not None and row.latest.score == 2.0 and row.latest.below_threshold
    assert rows[quiet.id].checkin_due and rows[quiet.id].latest is None
    assert not rows[closed.id].checkin_due  # closed families are never due
    assert [r.display_name for r in rows.values()] == sorted(r.display_name for r in rows.values())


def test_checkin_is_due_after_28_days(session):
    records = session.records
    fam = _family(records)
    _checkin(records, fam.id, "2026-02-20T11:00", 4)
    assert not fs.family_rows(records, today=date(2026, 3, 20))[0].checkin_due
    assert fs.family_rows(records, today=date(2026, 3, 21))[0].checkin_due


def test_search_matches_name_reference_and_service(session):
    records = session.records
    _family(records, "EH-26-0042", "The Okafor family", service="Early Years Outreach")
    row = fs.family_rows(records, today=TODAY)[0]
    assert row.matches("okafor")
    assert row.matches("0042")
    assert row.matches("outreach okaf")
    assert not row.matches("nowak")
    assert fs.services_of([row]) == ["Early Years Outreach"]


def test_family_detail_timeline_open_items_and_trends(session):
    records = session.records
    fam = _family(records)
    other = _family(records, "EH-26-0009", "The Other family")
    older = _visit(records, fam.id, "2026-01-10T10:00", purpose="First visit")
    newer = _visit(records, fam.id, "2026-02-14T09:30", purpose="Sleep routine")
    _visit(records, other.id, "2026-02-15T09:30")
    _checkin(records, fam.id, "2026-01-10T11:00", 4, visit_id=older.id)
    _checkin(records, fam.id, "2026-01-10T11:05", 5, respondent="parent", visit_id=older.id)
    _checkin(records, fam.id, "2026-02-14T10:30", 3, visit_id=newer.id)
    draft = _reflection(records, newer, "draft", "Sleep visit")
    _reflection(records, older, "submitted", "First visit")

    detail = fs.family_detail(records, fam.id, today=TODAY)
    assert detail.display_name == "The Example family"
    assert [m.name for m in detail.members] == ["Dana Example", "Kit Example"]
    assert [v.id for v in detail.visits] == [newer.id, older.id]  # newest first
    assert detail.visits[0].reflection_status == "draft"
    assert detail.visits[0].checkin_count == 1
    assert detail.visits[1].reflection_status == "submitted"
    assert detail.visits[1].checkin_count == 2
    # 34 days since the last check-in: due, and a draft waiting.
    assert detail.checkin_due
    kinds = [(i.kind, i.record_id) for i in detail.open_items]
    assert ("draft", draft.id) in kinds
    assert ("checkin_due", newer.id) in kinds
    trend = detail.trends["practitioner-family"]
    assert [(p.respondent, p.score) for p in trend] == [
        ("practitioner", 4.0),
        ("parent", 5.0),
        ("practitioner", 3.0),
    ]
    assert fs.trend_series(records, fam.id) == detail.trends
    assert fs.trend_series(records, other.id) == {}


def test_family_detail_refuses_other_kinds(session):
    records = session.records
    fam = _family(records)
    visit = _visit(records, fam.id, "2026-01-10T10:00")
    with pytest.raises(ServiceError):
        fs.family_detail(records, visit.id)


def test_visit_rows_newest_first_and_filtered(session):
    records = session.records
    a = _family(records)
    b = _family(records, "EH-26-0002", "The Bee family")
    _visit(records, a.id, "2026-01-10T10:00")
    _visit(records, b.id, "2026-03-10T10:00", purpose="Money worries")
    _visit(records, a.id, "2026-02-10T10:00")
    rows = fs.visit_rows(records)
    assert [r.when.month for r in rows] == [3, 2, 1]
    assert rows[0].family_name == "The Bee family" and rows[0].purpose == "Money worries"
    assert [r.family_id for r in fs.visit_rows(records, a.id)] == [a.id, a.id]


def test_visit_links_and_family_choices(session):
    records = session.records
    fam = _family(records)
    _family(records, "EH-26-0002", "The Closed family", status="closed")
    visit = _visit(records, fam.id, "2026-03-01T10:00")
    _visit(records, fam.id, "2026-03-08T10:00")
    reflection = _reflection(records, visit)
    checkin = _checkin(records, fam.id, "2026-03-01T11:00", 2, visit_id=visit.id)

    loaded, links = fs.load_visit(records, visit.id)
    assert loaded.id == visit.id
    assert [r.id for r in links.reflections] == [reflection.id]
    assert [(c.id, c.below_threshold) for c in links.checkins] == [(checkin.id, True)]
    choices = fs.family_choices(records)
    assert [c.status for c in choices] == ["active", "closed"]
    assert choices[0].members[0].role == "mother"


def test_members_from_rows_skips_blanks_and_explains_mistakes():
    rows = [("Dana", "mother", "1990"), ("", "", ""), ("Kit", "", "")]
    assert fs.members_from_rows(rows) == [
        {"name": "Dana", "role": "mother", "birth_year": 1990},
        {"name": "Kit", "role": "other"},
    ]
    with pytest.raises(ServiceError, match="Member 1 needs a name"):
        fs.members_from_rows([("", "child", "2020")])
    for typed in ("twenty", "²", "١٩٩٠", "9" * 5000, "20 20"):
        with pytest.raises(ServiceError, match="year like 2019"):
            fs.members_from_rows([("Kit", "child", typed)])


def test_save_family_refuses_a_reference_in_use(session):
    records = session.records
    first = fs.save_family(
        records, {"reference": "EH-1", "display_name": "The One family", "status": "active"}
    )
    with pytest.raises(ServiceError, match="already used by The One family"):
        fs.save_family(records, {"reference": "eh-1 ", "display_name": "The Two family"})
    again = fs.save_family(
        records,
        {"reference": "EH-1", "display_name": "The One family", "status": "closed"},
        record_id=first.id,
        expected_version=first.version,
    )
    assert again.version == 2 and records.get(first.id).data["status"] == "closed"


def test_demo_profile_families(tmp_path: Path):
    from relapp.services.demo import build_demo_profile

    session = build_demo_profile(tmp_path / "p", today=TODAY)
    try:
        rows = fs.family_rows(session.records, today=TODAY)
        assert len(rows) == 12
        assert sum(r.status == "closed" for r in rows) == 2
        assert all(r.last_visit is not None for r in rows)
        assert any(r.latest and r.latest.below_threshold for r in rows)
        detail = fs.family_detail(session.records, rows[0].id, today=TODAY)
        assert detail.visits and "practitioner-family" in detail.trends
        # The practitioner's own self-checks hang from no family.
        assert all(
            "relational-capability" not in fs.trend_series(session.records, r.id) for r in rows
        )
    finally:
        session.close()


def test_family_choices_without_members_are_the_same_families_read_lightly(session):
    """Filters list families without their members, from SQL: the same families (not the
    trashed, not those that do not open), names, references, statuses and order."""
    records = session.records
    _family(records, "EH-1", "The Zeal family")
    _family(records, "EH-2", "the apple family", status="closed")
    birch = _family(records, "EH-3", "The Birch family")
    with session.vault.writing() as conn:  # saved without a status by an older Relapp
        conn.execute(
            "UPDATE records SET data = json_remove(data, '$.status') WHERE id = ?", (birch.id,)
        )
    gone = _family(records, "EH-4", "The Gone family")
    records.delete(gone.id)
    broken = _family(records, "EH-5", "The Broken family")
    with session.vault.writing() as conn:
        conn.execute("UPDATE records SET data = '[1, 2]' WHERE id = ?", (broken.id,))
    full = fs.family_choices(records)
    light = fs.family_choices(records, members=False)
    assert [c.display_name for c in light] == ["The Birch family", "The Zeal family",
                                               "the apple family"]  # fmt: skip
    assert [(c.id, c.display_name, c.reference, c.status) for c in light] == [
        (c.id, c.display_name, c.reference, c.status) for c in full
    ]
    assert all(c.members == () for c in light) and all(c.members for c in full)
