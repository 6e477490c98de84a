"""The Today summary and the check-in queries behind it, on a real vault (no Qt)."""

from __future__ import annotations

from datetime import date

import pytest

from relapp.services.checkins import (
    alerts_by_checkin,
    checkin_detail,
    list_checkins,
    new_checkin_data,
    save_checkin,
    trend_points,
)
from relapp.services.today import today_summary, week_bounds

TODAY = date(2026, 3, 4)  # a Wednesday: the week runs Mon 2 – Sun 8 March
PF = "practitioner-family"


@pytest.fixture
def records(session):
    return session.records


def family(records, name: str, status: str = "active") -> str:
    data = {"reference": name[:3].upper(), "display_name": name, "status": status}
    return records.save("family", data).id


def checkin(records, family_id: str, when: str, values: list[int], respondent="practitioner"):
    """A practitioner–family check-in whose score is the mean of `values` (already oriented)."""
    instrument = records.definitions.instruments[PF]
    scores = {
        item.id: (6 - value if item.reverse else value)
        for item, value in zip(instrument.items, values, strict=True)
    }
    data = {
        "family_id": family_id,
        "instrument_id": PF,
        "respondent": respondent,
        "when": when,
        "scores": scores,
    }
    return records.save("checkin", data)


def visit(records, family_id: str, when: str) -> str:
    data = {"family_id": family_id, "when": when, "mode": "home", "purpose": "Catch up"}
    return records.save("visit", data).id


def test_week_bounds_run_monday_to_sunday():
    assert week_bounds(TODAY) == (date(2026, 3, 2), date(2026, 3, 8))
    assert week_bounds(date(2026, 3, 8)) == (date(2026, 3, 2), date(2026, 3, 8))
    assert week_bounds(date(2026, 3, 9))[0] == date(2026, 3, 9)


def test_alert_below_the_threshold(records):
    okafor = family(records, "The Okafor family")
    checkin(records, okafor, "2026-02-01T10:00", [3, 3, 3, 3, 3, 3])
    low = checkin(records, okafor, "2026-03-02T10:00", [2, 3, 2, 3, 3, 2])  # 2.5, fall of 0.5
    summary = today_summary(records, TODAY)
    assert [a.checkin_id for a in summary.alerts] == [low.id]
    alert = summary.alerts[0]
    assert alert.family_name == "The Okafor family"
    assert alert.score == 2.5
    assert "below the alert level of 3" in alert.sentence
    assert "fell" not in alert.sentence


def test_alert_from_a_drop_above_the_threshold(records):
    brennan = family(records, "The Brennan family")
    checkin(records, brennan, "2026-01-20T10:00", [5, 5, 5, 5, 5, 4])  # 4.83
    dropped = checkin(records, brennan, "2026-02-25T10:00", [4, 4, 3, 4, 3, 4])  # 3.67
    summary = today_summary(records, TODAY)
    assert [a.checkin_id for a in summary.alerts] == [dropped.id]
    sentence = summary.alerts[0].sentence
    assert "fell by 1.17" in sentence and "below" not in sentence


def test_only_the_latest_check_in_of_a_series_counts(records):
    recovered = family(records, "The Walsh family")
    checkin(records, recovered, "2026-01-10T10:00", [1, 2, 1, 2, 1, 2])
    checkin(records, recovered, "2026-02-10T10:00", [4, 4, 4, 4, 4, 4])
    # A parent's low view is its own series: it does not compare with the practitioner's.
    parent_low = checkin(records, recovered, "2026-02-10T11:00", [2, 2, 2, 2, 2, 2], "parent")
    closed = family(records, "The Evans family", status="closed")
    checkin(records, closed, "2026-02-10T10:00", [1, 1, 1, 1, 1, 1])
    summary = today_summary(records, TODAY)
    assert [(a.checkin_id, a.respondent) for a in summary.alerts] == [(parent_low.id, "parent")]


def test_check_ins_due_after_28_days_without_a_practitioner_check_in(records):
    recent = family(records, "The Patel family")
    checkin(records, recent, "2026-02-20T10:00", [4, 4, 4, 4, 4, 4])
    only_parent = family(records, "The Mensah family")
    checkin(records, only_parent, "2026-03-01T10:00", [4, 4, 4, 4, 4, 4], "parent")
    checkin(records, only_parent, "2026-01-02T10:00", [4, 4, 4, 4, 4, 4])
    never = family(records, "The Nowak family")
    family(records, "The Clarke family", status="closed")
    summary = today_summary(records, TODAY)
    due = [(d.family_name, d.days_since) for d in summary.checkins_due]
    assert due == [("The Nowak family", None), ("The Mensah family", 61)]
    assert summary.checkins_due[1].last_checkin == "2026-01-02T10:00"
    assert never in {d.family_id for d in summary.checkins_due}


def test_visits_this_week_include_upcoming_ones_and_stop_at_sunday(records):
    hussain = family(records, "The Hussain family")
    monday = visit(records, hussain, "2026-03-02T09:30")
    friday = visit(records, hussain, "2026-03-06T14:00")
    visit(records, hussain, "2026-03-01T10:00")  # last Sunday
    visit(records, hussain, "2026-03-09T10:00")  # next Monday
    summary = today_summary(records, TODAY)
    assert [(v.id, v.upcoming) for v in summary.visits] == [(monday, False), (friday, True)]
    assert summary.visits[0].family_name == "The Hussain family"


def test_drafts_and_feedback_received(records, session):
    begum = family(records, "The Begum family")
    visit_id = visit(records, begum, "2026-03-03T10:00")
    sections = {"what": "We talked about sleep.", "so-what": "", "now-what": ""}
    base = {"visit_id": visit_id, "family_id": begum, "template_id": "what-so-what-now-what"}
    draft = records.save("reflection", {**base, "sections": sections, "status": "draft"})
    returned = records.save(
        "reflection", {**base, "title": "Bedtimes", "sections": sections, "status": "returned"}
    )
    reviewed = records.save("reflection", {**base, "sections": sections, "status": "reviewed"})
    note = records.save("feedback", {"record_id": returned.id, "text": "Say what comes next."})
    praise = records.save("feedback", {"record_id": reviewed.id, "text": "Thoughtful, thanks."})
    # My own reply to a comment is not feedback received.
    records.save(
        "feedback", {"record_id": reviewed.id, "text": "Thank you.", "reply_to": praise.id}
    )
    summary = today_summary(records, TODAY)
    assert [d.id for d in summary.drafts] == [draft.id]
    assert summary.drafts[0].title == "We talked about sleep."
    assert summary.drafts[0].family_name == "The Begum family"
    rows = [(f.reflection_id, f.feedback_id, f.state) for f in summary.feedback]
    assert rows == [(returned.id, note.id, "returned"), (reviewed.id, praise.id, "reviewed")]
    assert summary.feedback[0].reflection_title == "Bedtimes"
    assert summary.feedback[0].text == "Say what comes next."


def test_empty_profile_gives_empty_sections(records):
    summary = today_summary(records, TODAY)
    assert (summary.drafts, summary.visits, summary.checkins_due, summary.alerts) == (
        [],
        [],
        [],
        [],
    )
    assert summary.feedback == [] and summary.unreadable == 0


def test_check_in_list_detail_and_trend(records, session):
    instrument = records.definitions.instruments[PF]
    thompson = family(records, "The Thompson family")
    first = checkin(records, thompson, "2026-01-05T10:00", [5, 5, 5, 5, 5, 5])
    data = new_checkin_data(
        instrument,
        thompson,
        "parent",
        {item.id: 3 for item in instrument.items},
        comment="  Filled in on her own.  ",
    )
    assert data["comment"] == "Filled in on her own." and "visit_id" not in data
    record, alert = save_checkin(records, data)
    assert alert is None  # a mean of exactly 3 is not below the alert level of 3
    low, alert = save_checkin(
        records,
        {
            **data,
            "respondent": "practitioner",
            "when": "2026-02-05T10:00",
            "scores": {item.id: (4 if item.reverse else 2) for item in instrument.items},
        },
    )
    assert alert is not None and "below the alert level" in alert and "fell by 3" in alert

    rows = list_checkins(records)
    assert [r.id for r in rows][-1] == first.id  # newest first
    by_id = {r.id: r for r in rows}
    assert by_id[low.id].alert == alert
    assert by_id[first.id].alert is None
    assert by_id[record.id].family_name == "The Thompson family"

    detail = checkin_detail(records, record.id)
    assert detail.row.respondent == "parent"
    assert detail.answers[0].wording == instrument.items[0].plain_text
    assert {(a.value, a.label) for a in detail.answers} == {(3, "Partly")}

    points = trend_points(rows, thompson, PF)
    assert [p.when.isoformat(timespec="minutes") for p in points][0] == "2026-01-05T10:00"
    assert {p.respondent for p in points} == {"practitioner", "parent"}
    assert alerts_by_checkin([], records.definitions.instruments) == {}


def test_an_untitled_draft_about_a_closed_familys_visit_is_named_by_that_visit(records):
    """Visits are read for active families only; others are looked up when a title needs one."""
    closed = family(records, "The Evans family", status="closed")
    visit_id = visit(records, closed, "2025-11-20T10:00")
    sections = {"what": "", "so-what": "", "now-what": ""}
    draft = records.save(
        "reflection",
        {
            "visit_id": visit_id,
            "family_id": closed,
            "template_id": "what-so-what-now-what",
            "sections": sections,
            "status": "draft",
        },
    )
    summary = today_summary(records, TODAY)
    assert [(d.id, d.title) for d in summary.drafts] == [
        (draft.id, "The Evans family, visit on 2025-11-20")
    ]
    assert summary.drafts[0].family_name == "The Evans family"
    assert summary.visits == [] and summary.checkins_due == []


# ---- what the set queries must keep doing as the loops did -----------------------------


def _raw(session, sql: str, *args) -> None:
    """Change the stored rows directly: what a damaged or odd record looks like."""
    session.vault.connection_for_backup().execute(sql, args)


def test_records_in_the_trash_are_left_out(records):
    hussain = family(records, "The Hussain family")
    gone = visit(records, hussain, "2026-03-03T10:00")
    records.delete(gone)
    recent = checkin(records, hussain, "2026-03-01T10:00", [2, 2, 2, 2, 2, 2])
    records.vault.delete(recent.id)
    sections = {"what": "Sleep.", "so-what": "", "now-what": ""}
    base = {"family_id": hussain, "template_id": "what-so-what-now-what", "sections": sections}
    draft = records.save("reflection", {**base, "status": "draft"})
    records.delete(draft.id)
    reviewed = records.save("reflection", {**base, "status": "reviewed"})
    note = records.save("feedback", {"record_id": reviewed.id, "text": "Good."})
    records.vault.delete(note.id)
    closed = family(records, "The Evans family")
    records.vault.delete(closed)
    summary = today_summary(records, TODAY)
    assert summary.visits == [] and summary.drafts == [] and summary.alerts == []
    assert summary.feedback == [] and summary.more_feedback == 0
    assert [(d.family_name, d.days_since) for d in summary.checkins_due] == [
        ("The Hussain family", None)
    ]


def test_records_that_do_not_open_are_counted_not_shown(records, session):
    active = family(records, "The Patel family")
    closed = family(records, "The Clarke family", status="closed")
    broken = [
        family(records, "The Nowak family"),
        visit(records, active, "2026-03-03T10:00"),
        checkin(records, active, "2026-03-03T10:00", [1, 1, 1, 1, 1, 1]).id,
        records.save(
            "reflection",
            {
                "family_id": active,
                "template_id": "what-so-what-now-what",
                "sections": {"what": "x"},
                "status": "draft",
            },
        ).id,
    ]
    reviewed = records.save(
        "reflection",
        {
            "family_id": active,
            "template_id": "what-so-what-now-what",
            "sections": {"what": "x"},
            "status": "reviewed",
        },
    )
    broken.append(records.save("feedback", {"record_id": reviewed.id, "text": "Hm."}).id)
    # A closed family's visit is not read by Today, so it is not counted either.
    closed_visit = visit(records, closed, "2026-03-03T11:00")
    for record_id in [*broken, closed_visit]:
        _raw(session, "UPDATE records SET data = NULL WHERE id = ?", record_id)
    summary = today_summary(records, TODAY)
    assert summary.unreadable == len(broken) == 5
    assert summary.visits == [] and summary.alerts == [] and summary.drafts == []
    assert summary.feedback == []
    assert [d.family_name for d in summary.checkins_due] == ["The Patel family"]


def test_a_latest_check_in_without_a_score_raises_no_alert_but_counts_as_a_check_in(
    records, session
):
    okafor = family(records, "The Okafor family")
    checkin(records, okafor, "2026-02-01T10:00", [1, 1, 1, 1, 1, 1])
    unscored = checkin(records, okafor, "2026-03-01T10:00", [4, 4, 4, 4, 4, 4])
    _raw(
        session,
        "UPDATE records SET data = json_remove(data, '$.score') WHERE id = ?",
        unscored.id,
    )
    summary = today_summary(records, TODAY)
    assert summary.alerts == [] and summary.checkins_due == []
    # Without a score it is not the "one before" either: the earlier low one is.
    brennan = family(records, "The Brennan family")
    checkin(records, brennan, "2026-01-01T10:00", [5, 5, 5, 5, 5, 5])
    before = checkin(records, brennan, "2026-01-15T10:00", [4, 4, 4, 4, 4, 4])
    _raw(session, "UPDATE records SET data = json_remove(data, '$.score') WHERE id = ?", before.id)
    low = checkin(records, brennan, "2026-02-20T10:00", [3, 3, 3, 3, 3, 3])
    summary = today_summary(records, TODAY)
    assert [(a.checkin_id, a.sentence) for a in summary.alerts] == [
        (
            low.id,
            "Practitioner–family relationship check-in: the score fell by 2 since the previous "
            "check-in (from 5 to 3).",
        )
    ]


def test_of_check_ins_at_the_same_time_the_last_changed_is_the_latest(records):
    walsh = family(records, "The Walsh family")
    checkin(records, walsh, "2026-02-01T10:00", [4, 4, 4, 4, 4, 4])
    checkin(records, walsh, "2026-03-01T10:00", [4, 4, 4, 4, 4, 4])
    again = checkin(records, walsh, "2026-03-01T10:00", [2, 2, 2, 2, 2, 2])
    summary = today_summary(records, TODAY)
    assert [(a.checkin_id, a.score) for a in summary.alerts] == [(again.id, 2.0)]
    assert "fell by 2" in summary.alerts[0].sentence  # from the one at the same time


def test_visits_of_closed_families_and_of_other_weeks_are_not_this_weeks(records):
    closed = family(records, "The Evans family", status="closed")
    visit(records, closed, "2026-03-04T10:00")
    begum = family(records, "The Begum family")
    later_today = visit(records, begum, "2026-03-04T16:00")
    sunday = visit(records, begum, "2026-03-08T18:00")
    visit(records, begum, "2026-03-16T10:00")  # the week after next
    visit(records, begum, "2027-03-04T10:00")  # a year ahead, same weekday
    summary = today_summary(records, TODAY)
    assert [(v.id, v.upcoming) for v in summary.visits] == [(later_today, True), (sunday, True)]


def test_a_when_keeps_its_own_day_whatever_its_time_zone_or_form(records):
    """The day is the one written, as datetime.fromisoformat reads it: not moved to UTC."""
    mensah = family(records, "The Mensah family")
    sunday_evening = visit(records, mensah, "2026-03-08T23:30-05:00")  # Monday in UTC
    monday_early = visit(records, mensah, "2026-03-02T00:30+02:00")  # last Sunday in UTC
    visit(records, mensah, "2026-03-01T23:30-05:00")  # last Sunday, Monday in UTC
    basic = visit(records, mensah, "20260305T1000")  # Thursday, in the basic form
    week_form = visit(records, mensah, "2026-W10-5")  # Friday 6 March, as an ISO week date
    summary = today_summary(records, TODAY)
    assert {v.id for v in summary.visits} == {sunday_evening, monday_early, basic, week_form}
    checkin(records, mensah, "2026-02-04T23:30-08:00", [4, 4, 4, 4, 4, 4])
    due = today_summary(records, TODAY).checkins_due
    assert [(d.last_checkin, d.days_since) for d in due] == [("2026-02-04T23:30-08:00", 28)]


def test_feedback_beyond_the_first_ten_is_counted(records):
    begum = family(records, "The Begum family")
    base = {"family_id": begum, "template_id": "what-so-what-now-what"}
    reflection = records.save(
        "reflection", {**base, "sections": {"what": "Sleep."}, "status": "reviewed"}
    )
    notes = [
        records.save("feedback", {"record_id": reflection.id, "text": f"Note {n}"}).id
        for n in range(13)
    ]
    summary = today_summary(records, TODAY)
    assert [f.feedback_id for f in summary.feedback] == notes[::-1][:10]
    assert summary.more_feedback == 3
    assert summary.feedback[0].text == "Note 12" and summary.feedback[0].state == "reviewed"


def test_today_reads_check_ins_from_their_index(records, session):
    """The series are read from records_checkins alone (schema 8), not from the rows."""
    from relapp.store import queries

    plan = session.vault.query(
        "EXPLAIN QUERY PLAN SELECT c.id FROM records c INDEXED BY records_checkins"
        " WHERE c.kind = 'checkin' AND c.deleted = 0 AND c.parent_id = 'x'"
    )
    assert "records_checkins" in str(plan)
    patel = family(records, "The Patel family")
    first = checkin(records, patel, "2026-02-01T10:00", [4, 4, 4, 4, 4, 4])
    heads = queries.checkin_series(session.vault, [patel])
    assert [(h.latest.id, h.previous) for h in heads] == [(first.id, None)]
