"""Supervision sessions: agenda from reflections to discuss, actions carried until closed, and a
practitioner closing their own action, on real vaults in a real team."""

from __future__ import annotations

from datetime import datetime

import pytest

from relapp.services import sessions as service
from relapp.services.errors import ServiceError
from tests.sync.conftest import Team, team  # noqa: F401 - the fixture

FIRST = datetime(2026, 3, 2, 14, 0)
SECOND = datetime(2026, 3, 16, 14, 0)
THIRD = datetime(2026, 3, 30, 14, 0)


def _reflection(session, family_id: str, visit_id: str, title: str) -> str:  # noqa: ANN001
    records = session.records
    draft = records.save_reflection_draft(
        {
            "visit_id": visit_id,
            "family_id": family_id,
            "template_id": "free-text",
            "title": title,
            "sections": {"reflection": f"What happened: {title}."},
        }
    )
    return records.submit_reflection(draft.id).id


@pytest.fixture
def pair(team: Team):  # noqa: F811, ANN201
    """A supervisor and Alex, a practitioner with one family, a visit and three reflections;
    the supervisor has marked two of them "to discuss" and reviewed the third."""
    alex = team.join("alex", "Alex Morgan", "practitioner")
    sup = team.people["sup"]
    records = alex.records
    family = records.save(
        "family",
        {
            "reference": "EH-1",
            "display_name": "The Evans family",
            "assigned_to": alex.vault.member_id,
        },
    )
    visit = records.save(
        "visit", {"family_id": family.id, "when": "2026-02-24T10:30", "mode": "home"}
    )
    worry = _reflection(alex, family.id, visit.id, "Mum seemed guarded")
    bedtime = _reflection(alex, family.id, visit.id, "Bedtime routine")
    fine = _reflection(alex, family.id, visit.id, "A good visit")
    team.sync("alex", "sup")
    for rid, state in ((worry, "to_discuss"), (bedtime, "to_discuss"), (fine, "reviewed")):
        current = sup.records.get(rid)
        sup.records.save(
            "reflection",
            {**current.data, "status": state},
            record_id=rid,
            expected_version=current.version,
        )
    return team, sup, alex


def test_the_supervisor_meets_the_team_s_practitioners_by_name(pair) -> None:  # noqa: ANN001
    _team, sup, alex = pair
    people = service.team_people(sup)
    assert [(p.member_id, p.name) for p in people.practitioners] == [
        (alex.vault.member_id, "Alex Morgan")
    ]
    assert people.name(sup.vault.member_id) == "Pat Supervisor"
    mine = service.team_people(alex)
    assert [p.member_id for p in mine.practitioners] == [alex.vault.member_id]


def test_agenda_is_pre_filled_from_reflections_to_discuss(pair) -> None:  # noqa: ANN001
    _team, sup, alex = pair
    draft = service.new_session_draft(sup, alex.vault.member_id, FIRST)
    assert draft["practitioner_id"] == alex.vault.member_id
    assert draft["when"] == "2026-03-02T14:00"
    assert draft["actions"] == []
    agenda = draft["agenda"]
    assert len(agenda) == 2  # the reviewed reflection is not on it
    assert any("Mum seemed guarded" in line for line in agenda)
    assert any("Bedtime routine" in line for line in agenda)
    # Each line names the family and the visit's date, though the supervisor wrote the last
    # version of each reflection (the review state): they still belong to Alex.
    assert all("The Evans family" in line and "24 Feb 2026" in line for line in agenda)
    # Nobody else's reflections turn up on an agenda for someone who wrote none.
    assert service.new_session_draft(sup, sup.vault.member_id, FIRST)["agenda"] == []


def test_a_supervision_session_whose_unfinished_actions_appear_in_the_next_one(pair) -> None:  # noqa: ANN001
    _team, sup, alex = pair
    alex_id = alex.vault.member_id
    first = service.new_session_draft(sup, alex_id, FIRST)
    first["notes"] = "Talked about Mum's worries."
    first["actions"] = [
        {
            "text": "Ask Mum what would help",
            "owner": "practitioner",
            "due": "2026-03-09",
            "status": "open",
        },
        {"text": "Book the interpreter", "owner": "supervisor", "status": "done"},
        {"text": "Read the health visitor's notes", "owner": "supervisor", "status": "open"},
    ]
    saved = service.save_session(sup, first)

    second = service.new_session_draft(sup, alex_id, SECOND)
    carried = second["actions"]
    assert [a["text"] for a in carried] == [
        "Ask Mum what would help",
        "Read the health visitor's notes",
    ]
    ask = carried[0]
    assert (ask["owner"], ask["due"], ask["status"], ask["carried_from"]) == (
        "practitioner",
        "2026-03-09",
        "open",
        saved.id,
    )
    assert second["agenda"][-1] == "Actions still open from earlier sessions: 2"

    # In the second session the reading is done; asking Mum stays open.
    carried[1]["status"] = "done"
    second_saved = service.save_session(sup, second)
    third = service.new_session_draft(sup, alex_id, THIRD)
    assert [a["text"] for a in third["actions"]] == ["Ask Mum what would help"]
    # It still names the session where it was first agreed.
    assert third["actions"][0]["carried_from"] == saved.id
    assert third["actions"][0]["id"] == ask["id"]

    open_now = service.open_actions(sup, alex_id)
    assert [(a.text, a.session_id) for a in open_now] == [
        ("Ask Mum what would help", second_saved.id)
    ]
    assert open_now[0].agreed_when == "2026-03-02T14:00"

    rows = service.sessions_for(sup, alex_id)
    assert [r.id for r in rows] == [second_saved.id, saved.id]  # newest first
    assert rows[1].notes == "Talked about Mum's worries."
    assert [r.open_count for r in rows] == [1, 2]  # the first session's copies keep their words


def test_a_practitioner_marks_their_own_action_done_and_it_is_closed_for_good(pair) -> None:  # noqa: ANN001
    shared, sup, alex = pair
    alex_id = alex.vault.member_id
    draft = service.new_session_draft(sup, alex_id, FIRST)
    draft["actions"] = [
        {"text": "Ask Mum what would help", "owner": "practitioner", "status": "open"},
        {"text": "Speak to the hub manager", "owner": "supervisor", "status": "open"},
    ]
    service.save_session(sup, draft)
    shared.sync("sup", "alex")

    # Alex sees the session and the open actions.
    (row,) = service.sessions_for(alex, alex_id)
    assert row.author == sup.vault.member_id
    mine = service.open_actions(alex, alex_id)
    ask = next(a for a in mine if a.owner == "practitioner")
    service.set_action_status(alex, ask.session_id, ask.key, "done")
    assert [a.text for a in service.open_actions(alex, alex_id)] == ["Speak to the hub manager"]

    shared.sync("alex", "sup")
    assert [a.text for a in service.open_actions(sup, alex_id)] == ["Speak to the hub manager"]
    next_one = service.new_session_draft(sup, alex_id, SECOND)
    assert [a["text"] for a in next_one["actions"]] == ["Speak to the hub manager"]

    with pytest.raises(ServiceError):
        service.set_action_status(alex, ask.session_id, "no-such-action", "done")


def test_actions_written_without_ids_are_known_by_their_words(session) -> None:  # noqa: ANN001
    me = session.vault.member_id
    record = session.records.save(
        "supervision_session",
        {
            "practitioner_id": me,
            "when": "2026-01-05T14:00",
            "actions": [{"text": "Old one", "status": "done"}, {"text": "Still  Open"}],
        },
    )
    (action,) = service.open_actions(session, me)
    assert (action.key, action.owner) == ("text:practitioner:still open", "practitioner")
    draft = service.new_session_draft(session, me, FIRST)
    assert draft["actions"][0]["id"] == "text:practitioner:still open"
    # The same action written again by hand in a later session is still one action.
    session.records.save(
        "supervision_session",
        {
            "practitioner_id": me,
            "when": "2026-01-12T14:00",
            "actions": [{"text": "still open", "status": "done"}],
        },
    )
    assert service.open_actions(session, me) == []
    # Saving the old session again gives each action its id, so nothing moves.
    saved = service.save_session(
        session, record.data, record_id=record.id, expected_version=record.version
    )
    assert [a["id"] for a in saved.data["actions"]] == [
        "text:practitioner:old one",
        "text:practitioner:still open",
    ]


def test_open_actions_from_records_read_once_agree_with_open_actions(session) -> None:  # noqa: ANN001
    me = session.vault.member_id
    first = service.save_session(
        session,
        {
            "practitioner_id": me,
            "when": "2026-01-05T14:00",
            "actions": [{"text": "A", "status": "open"}, {"text": "B", "status": "open"}],
        },
    )
    draft = service.new_session_draft(session, me, FIRST)
    draft["actions"][0]["status"] = "dropped"
    service.save_session(session, draft)
    records = session.records.list("supervision_session")
    assert [a.text for a in service.open_actions_in(records)] == ["B"]
    assert [a.text for a in service.open_actions(session, me)] == ["B"]
    assert service.session_rows(records)[-1].id == first.id  # newest first
