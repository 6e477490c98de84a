"""Sync between real profiles through a real folder: who receives what."""

from __future__ import annotations

from relapp.services import team as team_service
from relapp.store import syncstate


def family(session, name="The Lark family"):
    return session.records.save("family", {"reference": "EH-1", "display_name": name})


def test_records_reach_the_supervisor_and_drafts_do_not(team):
    alex = team.join("alex", "Alex Morgan", "practitioner")
    fam = family(alex)
    draft = alex.records.save_reflection_draft(
        {"template_id": "free-text", "family_id": fam.id, "sections": {"reflection": "private"}}
    )
    reports = team.sync("alex", "sup")
    assert reports["alex"].sent >= 2 and reports["alex"].status == "ok"
    sup = team.people["sup"]
    assert sup.records.get(fam.id).data["display_name"] == "The Lark family"
    assert sup.vault.count("reflection") == 0  # a draft stays on the author's devices

    alex.records.submit_reflection(draft.id)
    team.sync("alex", "sup")
    assert sup.records.get(draft.id).data["status"] == "submitted"


def test_practitioners_do_not_read_each_others_reflections(team):
    alex = team.join("alex", "Alex Morgan", "practitioner")
    sam = team.join("sam", "Sam Carter", "practitioner")
    fam = family(alex)
    draft = alex.records.save_reflection_draft(
        {"template_id": "free-text", "family_id": fam.id, "sections": {"reflection": "words"}}
    )
    alex.records.submit_reflection(draft.id)
    barrier = alex.records.save(
        "barrier", {"category": "caseload-time", "description": "No time to write up"}
    )
    team.sync("alex", "sam", "sup")
    assert sam.vault.count("reflection") == 0 and sam.vault.count("family") == 0
    assert sam.records.get(barrier.id).data["description"] == "No time to write up"


def test_sync_is_idempotent_and_second_pass_sends_nothing(team):
    alex = team.join("alex", "Alex Morgan", "practitioner")
    family(alex)
    first = team.sync("alex", "sup")
    again = team.sync("alex", "sup")
    assert first["alex"].sent == 1 and again["alex"].sent == 0 and again["sup"].received == 0
    assert syncstate.waiting_count(alex.vault) == 0


def test_team_show_lists_members_with_names(team):
    team.join("alex", "Alex Morgan", "practitioner")
    team.sync()
    _state, members = team_service.members(team.people["sup"])
    names = {m.name for m in members}
    assert names == {"Pat Supervisor", "Alex Morgan"}
    _state, seen_by_alex = team_service.members(team.people["alex"])
    assert {m.name for m in seen_by_alex} == names
