"""Supervision use cases over a real team: a supervisor and a practitioner, each with their own
vault, sharing through a real folder. The practitioner submits, the supervisor reviews, the
feedback and the review state travel back with a sync, and the practitioner answers."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from relapp.services import supervision as sv
from relapp.services.errors import ServiceError
from relapp.services.records import ReflectionLocked
from relapp.services.today import today_summary
from tests.sync.conftest import Team, team  # noqa: F401 - the fixture

TODAY = date.today()
ITEMS = ("heard", "trust", "respect", "what-matters", "honest-worries", "just-getting-through")


def scores(value: int) -> dict[str, int]:
    return dict.fromkeys(ITEMS, value)


def stamp(days_ago: int, hour: int = 10) -> str:
    return (
        (datetime.combine(TODAY, datetime.min.time()) - timedelta(days=days_ago))
        .replace(hour=hour)
        .strftime("%Y-%m-%dT%H:%M")
    )


def casework(session, name: str = "The Rivers family", *, low: bool = True) -> dict[str, str]:  # noqa: ANN001
    """A family, a visit five days ago, check-ins around it, and a submitted reflection."""
    records = session.records
    family = records.save("family", {"reference": name[:8], "display_name": name})
    visit = records.save(
        "visit",
        {"family_id": family.id, "when": stamp(5), "mode": "home", "purpose": "Talk about school"},
    )
    checkin = {"family_id": family.id, "instrument_id": "practitioner-family"}
    records.save(
        "checkin", {**checkin, "respondent": "practitioner", "when": stamp(40), "scores": scores(4)}
    )
    records.save(
        "checkin",
        {
            **checkin,
            "respondent": "practitioner",
            "when": stamp(5, 11),
            "visit_id": visit.id,
            "scores": scores(2 if low else 4),
        },
    )
    draft = records.save_reflection_draft(
        {
            "visit_id": visit.id,
            "family_id": family.id,
            "template_id": "what-so-what-now-what",
            "sections": {"what": "We talked at the kitchen table.", "so-what": "Mum was tired."},
            "themes": ["trust", "school"],
        }
    )
    records.submit_reflection(draft.id)
    return {"family": family.id, "visit": visit.id, "reflection": draft.id}


@pytest.fixture
def pair(team: Team) -> Team:  # noqa: F811
    team.join("alex", "Alex Morgan", "practitioner")
    return team


def test_review_returned_with_a_question_reaches_the_practitioner_and_the_reply_comes_back(pair):
    sup, alex = pair.people["sup"], pair.people["alex"]
    work = casework(alex)
    pair.sync("alex", "sup")

    # The supervisor's queue holds the submitted reflection, named and placed.
    queue = sv.review_queue(sup)
    assert [row.id for row in queue] == [work["reflection"]]
    row = queue[0]
    assert row.practitioner == "Alex Morgan"
    assert row.practitioner_id == alex.vault.member_id
    assert row.family == "The Rivers family"
    assert row.visit_when == stamp(5)
    assert row.themes == ("trust", "school")

    context = sv.review_context(sup, work["reflection"])
    assert context.visit is not None and context.visit.data["purpose"] == "Talk about school"
    assert [s.title for s in context.sections] == ["What?", "So what?"]
    assert context.sections[0].text == "We talked at the kitchen table."
    # The check-in at the visit dropped below the alert level; the one 40 days ago is not near.
    assert len(context.checkins) == 1 and context.checkins[0].alert
    assert context.thread == ()

    # Returning needs a question; the words of the reflection never change.
    with pytest.raises(ServiceError, match="question"):
        sv.give_feedback(sup, work["reflection"], "  ", "returned")
    saved = sv.give_feedback(
        sup, work["reflection"], "What will you do about school next?", "returned"
    )
    assert saved.reflection is not None and saved.reflection.data["status"] == "returned"
    assert saved.reflection.data["sections"] == context.reflection.data["sections"]
    assert sv.review_queue(sup) == []

    pair.sync("sup", "alex")
    mine = alex.records.get(work["reflection"])
    assert mine.data["status"] == "returned"
    threads = sv.my_threads(alex)
    assert [t.reflection_id for t in threads] == [work["reflection"]]
    thread = threads[0]
    assert thread.returned and thread.unanswered
    assert thread.question is not None
    assert thread.question.text == "What will you do about school next?"
    assert thread.question.author == "Pat Supervisor" and not thread.question.is_mine

    answer = sv.reply(alex, thread.question.id, "I will ring the school on Monday.")
    assert answer.data["reply_to"] == thread.question.id
    assert "review_state" not in answer.data
    assert not sv.my_threads(alex)[0].unanswered

    pair.sync("alex", "sup")
    entries = sv.review_context(sup, work["reflection"]).thread
    assert [(e.author, e.depth, e.text) for e in entries] == [
        ("Pat Supervisor", 0, "What will you do about school next?"),
        ("Alex Morgan", 1, "I will ring the school on Monday."),
    ]
    assert entries[0].is_mine and not entries[1].is_mine
    assert entries[1].reply_to == entries[0].id


def test_the_practitioners_today_page_lists_feedback_received_after_a_sync(pair):
    sup, alex = pair.people["sup"], pair.people["alex"]
    work = casework(alex)
    pair.sync("alex", "sup")
    sv.give_feedback(sup, work["reflection"], "Can you say more about Mum?", "returned")
    pair.sync("sup", "alex")
    feedback = today_summary(alex.records, TODAY).feedback
    assert [(f.reflection_id, f.state, f.text) for f in feedback] == [
        (work["reflection"], "returned", "Can you say more about Mum?")
    ]


def test_review_states_without_words_and_who_may_set_them(pair):
    sup, alex = pair.people["sup"], pair.people["alex"]
    first = casework(alex, "The Rivers family")
    second = casework(alex, "The Oakley family", low=False)
    pair.sync("alex", "sup")

    # A practitioner cannot set a review state, even on their own reflection.
    with pytest.raises(ServiceError, match="supervisor"):
        sv.give_feedback(alex, first["reflection"], "Looks fine", "reviewed")
    with pytest.raises(ServiceError, match="review state"):
        sv.give_feedback(sup, first["reflection"], "x", "draft")

    with pytest.raises(ServiceError, match="changed since you opened it"):
        sv.give_feedback(sup, first["reflection"], "", "reviewed", expected_version=99)
    reviewed = sv.give_feedback(sup, first["reflection"], "", "reviewed")
    assert reviewed.feedback.data == {
        "record_id": first["reflection"],
        "text": sv.DEFAULT_TEXT["reviewed"],
        "review_state": "reviewed",
    }
    discuss = sv.give_feedback(sup, second["reflection"], "Let's talk", "to_discuss")
    assert discuss.reflection.data["status"] == "to_discuss"
    # Setting the state it already has adds the comment but no new version of the reflection.
    again = sv.give_feedback(sup, second["reflection"], "Bring your notes", "to_discuss")
    assert again.reflection is None
    # A plain comment needs words and changes nothing else.
    with pytest.raises(ServiceError):
        sv.give_feedback(sup, second["reflection"], " ")
    comment = sv.give_feedback(sup, second["reflection"], "One more thought")
    assert comment.reflection is None and "review_state" not in comment.feedback.data
    # The words stay frozen: RecordService refuses anything but a status change.
    record = sup.records.get(second["reflection"])
    with pytest.raises(ReflectionLocked):
        sup.records.save(
            "reflection",
            {**record.data, "sections": {"what": "changed"}},
            record_id=record.id,
        )

    pair.sync("sup", "alex")
    assert alex.records.get(first["reflection"]).data["status"] == "reviewed"
    assert alex.records.get(second["reflection"]).data["status"] == "to_discuss"
    threads = sv.my_threads(alex)
    assert {t.reflection_id for t in threads} == {first["reflection"], second["reflection"]}
    assert all(t.question is None for t in threads)  # nothing returned


def test_queue_filters_and_oldest_first(pair):
    sup, alex = pair.people["sup"], pair.people["alex"]
    sam = pair.join("sam", "Sam Carter", "practitioner")
    older = casework(alex, "The Rivers family")
    newer = casework(sam, "The Oakley family")
    pair.sync("alex", "sam", "sup")
    queue = sv.review_queue(sup)
    assert [r.id for r in queue] == [older["reflection"], newer["reflection"]]
    assert [r.practitioner for r in queue] == ["Alex Morgan", "Sam Carter"]
    assert [r.id for r in sv.review_queue(sup, practitioner=sam.vault.member_id)] == [
        newer["reflection"]
    ]
    assert [r.id for r in sv.review_queue(sup, family=older["family"])] == [older["reflection"]]
    assert len(sv.review_queue(sup, theme="TRUST")) == 2
    assert sv.review_queue(sup, theme="housing") == []
    # A practitioner never sees another practitioner's reflections (the sync audiences).
    assert sam.records.list("reflection") and {r.id for r in sam.records.list("reflection")} == {
        newer["reflection"]
    }


def test_overview_counts_waiting_work_sessions_actions_and_alerts(pair):
    sup, alex = pair.people["sup"], pair.people["alex"]
    pair.join("sam", "Sam Carter", "practitioner")
    casework(alex, "The Rivers family", low=True)
    casework(alex, "The Oakley family", low=False)
    pair.sync("alex", "sup")
    members = sv.team_members(sup)
    assert members is not None

    rows = {r.name: r for r in sv.overview_rows(sup, members, TODAY)}
    assert set(rows) == {"Alex Morgan", "Sam Carter"}  # the supervisor is not listed
    alex_row, sam_row = rows["Alex Morgan"], rows["Sam Carter"]
    assert alex_row.awaiting_review == 2 and sam_row.awaiting_review == 0
    assert alex_row.alert_families == ("The Rivers family",)
    assert alex_row.last_session is None and alex_row.overdue  # never met: due now
    assert alex_row.open_actions == 0

    action = {"text": "Ring the school", "owner": alex.vault.member_id, "status": "open"}
    done = {"text": "Book interpreter", "status": "done"}
    sup.records.save(
        "supervision_session",
        {
            "practitioner_id": alex.vault.member_id,
            "when": stamp(12),
            "actions": [action, {"text": "Book interpreter", "status": "open"}],
        },
    )
    # The next session carries the open action forward and closes the other one.
    sup.records.save(
        "supervision_session",
        {"practitioner_id": alex.vault.member_id, "when": stamp(3), "actions": [action, done]},
    )
    # A session planned for next week is not the last one held.
    sup.records.save(
        "supervision_session",
        {"practitioner_id": alex.vault.member_id, "when": stamp(-7), "actions": []},
    )
    alex_row = {r.name: r for r in sv.overview_rows(sup, members, TODAY)}["Alex Morgan"]
    assert alex_row.last_session == stamp(3)
    assert alex_row.days_since_session == 3 and not alex_row.overdue
    assert alex_row.open_actions == 1
    later = TODAY + timedelta(days=5)
    assert {r.name: r for r in sv.overview_rows(sup, members, later)}["Alex Morgan"].overdue
    assert not {r.name: r for r in sv.overview_rows(sup, members, later, cadence_days=14)}[
        "Alex Morgan"
    ].overdue

    overview = sv.team_overview(sup, TODAY)
    assert overview.in_team and overview.reachable and len(overview.rows) == 2


def test_overview_without_the_shared_folder_falls_back_to_short_ids(pair, tmp_path):
    sup, alex = pair.people["sup"], pair.people["alex"]
    casework(alex)
    pair.sync("alex", "sup")
    pair.central.rename(tmp_path / "unplugged")
    overview = sv.team_overview(sup, TODAY)
    assert overview.in_team and not overview.reachable
    [row] = overview.rows
    assert row.member_id == alex.vault.member_id
    assert row.name == f"Team member {alex.vault.member_id[-8:]}"
    assert row.awaiting_review == 1
    assert sv.review_queue(sup)[0].practitioner == row.name


def test_not_in_a_team(session):
    overview = sv.team_overview(session, TODAY)
    assert not overview.in_team and overview.rows == []
    assert sv.member_names(session) == {session.vault.member_id: "Sam Carter"}


def test_thread_nesting_and_orphan_replies(pair):
    sup, alex = pair.people["sup"], pair.people["alex"]
    work = casework(alex)
    pair.sync("alex", "sup")
    rid = work["reflection"]
    first = sv.give_feedback(sup, rid, "First thought", "to_discuss").feedback
    second = sv.give_feedback(sup, rid, "Second thought").feedback
    deeper = sv.give_feedback(sup, rid, "Going on", reply_to=first.id).feedback
    sv.reply(sup, deeper.id, "And on")
    # A reply whose comment is not here (not synced, or removed) still shows, at the top.
    orphan = sup.records.save(
        "feedback", {"record_id": rid, "text": "Lost parent", "reply_to": "missing-id"}
    )
    entries = sv.feedback_thread(sup, rid)
    assert [(e.text, e.depth) for e in entries] == [
        ("First thought", 0),
        ("Going on", 1),
        ("And on", 2),
        ("Second thought", 0),
        ("Lost parent", 0),
    ]
    assert entries[-1].id == orphan.id
    assert sv.reply_target(entries) is None  # all mine here
    with pytest.raises(ServiceError, match="another reflection"):
        other = casework(alex, "The Oakley family")
        pair.sync("alex", "sup")
        sv.give_feedback(sup, other["reflection"], "x", reply_to=second.id)
    with pytest.raises(ServiceError):
        sv.reply(sup, second.id, "   ")


def test_open_actions_take_the_latest_status_of_each_action():
    from relapp.store.vault import Record

    def session_record(when: str, actions: list[dict]) -> Record:
        return Record(
            id=when,
            kind="supervision_session",
            version=1,
            created_at=when,
            updated_at=when,
            author="sup",
            deleted=False,
            parent_id="p",
            data={"practitioner_id": "p", "when": when, "actions": actions},
        )

    sessions = [
        session_record("2026-03-10T10:00", [{"text": "Ring  School", "status": "done"}]),
        session_record(
            "2026-03-03T10:00",
            [{"text": "ring school", "status": "open"}, {"text": "Visit", "status": "open"}],
        ),
    ]
    assert sv.open_actions(sessions) == ["Visit"]


def test_the_demo_team_has_the_supervisor_write_the_feedback(tmp_path):
    from relapp.services.demo import DEMO_PASSPHRASE
    from relapp.services.demo_team import SIGN_OFF, build_demo_team, profile_folder
    from relapp.services.profile import unlock_profile
    from relapp.store import syncstate

    root = build_demo_team(tmp_path / "demo")
    alex = unlock_profile(profile_folder(root, "practitioner"), DEMO_PASSPHRASE)
    jordan = unlock_profile(profile_folder(root, "supervisor"), DEMO_PASSPHRASE)
    try:
        me, boss = alex.vault.member_id, jordan.vault.member_id
        threads = sv.my_threads(alex)
        assert threads and threads[0].returned  # returned ones come first
        entries = [e for t in threads for e in t.entries]
        # Every comment is Jordan's; Alex only ever answers.
        assert all(e.author_id == boss for e in entries if e.depth == 0)
        assert all(e.author_id == me for e in entries if e.depth > 0)
        assert any(e.depth > 0 for e in entries)
        signed = [t for t in threads if any(e.text == SIGN_OFF for e in t.entries)]
        assert len(signed) == 1 and signed[0].status == "reviewed"
        # Jordan sees the same conversations, and still has work in the queue.
        theirs = sv.review_context(jordan, signed[0].reflection_id)
        assert theirs.practitioner == "Alex Morgan (demo)"
        assert syncstate.owner_of(jordan.vault, signed[0].reflection_id) == me
        assert sv.review_queue(jordan)
        [row] = sv.team_overview(jordan, TODAY).rows
        assert row.name == "Alex Morgan (demo)" and row.awaiting_review
    finally:
        alex.close()
        jordan.close()


def test_the_most_recent_threads_are_the_first_of_all_and_the_one_asked_for_comes_too(pair):
    """my_recent_threads lists the first few of my_threads, in the same order (returned ones
    first, then the newest), says how many there are, and lists the one asked for wherever it
    comes."""
    alex, sup = pair.people["alex"], pair.people["sup"]
    work = [casework(alex, f"The Family {n}", low=False) for n in range(5)]
    pair.sync("alex", "sup")
    for n, item in enumerate(work):
        state = "returned" if n == 1 else "reviewed"
        words = "What next?" if state == "returned" else f"Thank you ({n})."
        sv.give_feedback(sup, item["reflection"], words, state)
    pair.sync("sup", "alex")
    every = sv.my_threads(alex)
    assert len(every) == 5 and every[0].reflection_id == work[1]["reflection"]
    first, total = sv.my_recent_threads(alex, limit=2)
    assert total == 5
    assert [t.reflection_id for t in first] == [t.reflection_id for t in every[:2]]
    last = every[-1].reflection_id
    some, _total = sv.my_recent_threads(alex, limit=2, include=last)
    assert [t.reflection_id for t in some][:2] == [t.reflection_id for t in every[:2]]
    assert last in {t.reflection_id for t in some} and len(some) == 3
