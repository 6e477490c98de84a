"""The Sync page's queries, without Qt: overview, one pass, conflicts and resolving them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from relapp.services import sync_status
from relapp.services import team as team_service
from relapp.services.errors import ServiceError
from relapp.services.sync_pass import sync_pass
from relapp.store import syncstate
from tests.sync.conftest import Team

LARK = {"reference": "EH-1", "display_name": "The Lark family", "status": "active"}


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Team]:
    central = tmp_path / "shared"
    central.mkdir()
    t = Team(central=central, base=tmp_path / "profiles")
    sup = t.add("sup", "Pat Supervisor", "supervisor")
    _folder, t.org_code = team_service.create(sup, central, "Early Help North")
    yield t
    for session in t.people.values():
        session.close()


def two_laptops(team: Team):
    alex = team.join("alex", "Alex Morgan", "practitioner")
    alex2 = team.join("alex2", "Alex Morgan", "practitioner", as_member=alex.vault.member_id)
    return alex, alex2


def family_conflict(team: Team):
    """The same family edited on Alex's two laptops before either synced."""
    alex, alex2 = two_laptops(team)
    fam = alex.records.save("family", LARK)
    team.sync("alex", "alex2")
    alex.records.save("family", {**LARK, "notes": "Dad works nights."}, record_id=fam.id)
    alex2.records.save("family", {**LARK, "display_name": "The Lark-Owen family"}, record_id=fam.id)
    team.sync("alex", "alex2", "alex")
    return alex, alex2, fam


def test_outside_a_team_the_pass_only_reads_one_meta_row(session):
    assert not sync_status.in_team(session.vault)
    assert sync_pass(session) is None
    overview = sync_status.sync_overview(session)
    assert not overview.in_team and not overview.supervisor_profile
    assert overview.request_id == session.vault.device_id[-8:]
    assert overview.members == [] and overview.conflicts == []


def test_supervisor_sees_requests_and_members_practitioner_sees_waiting(team):
    sup = team.people["sup"]
    sam = team.add("sam", "Sam Carter", "practitioner")
    team_service.join(sam, team.central)

    mine = sync_status.sync_overview(sam)
    assert mine.in_team and not mine.approved and not mine.is_admin
    assert mine.team_name == "Early Help North"
    assert mine.request_id == sam.vault.device_id[-8:]

    overview = sync_status.sync_overview(sup)
    assert overview.approved and overview.is_admin and overview.supervisor_profile
    assert [(r.name, r.role, r.request_id) for r in overview.requests] == [
        ("Sam Carter", "practitioner", mine.request_id)
    ]
    assert [(m.name, m.is_me) for m in overview.members] == [("Pat Supervisor", True)]

    team_service.approve_request(sup, mine.request_id, "practitioner")
    assert sync_status.sync_overview(sup).requests == []
    assert sync_status.sync_overview(sam).approved


def test_an_unreachable_folder_still_shows_what_is_local(team, tmp_path):
    alex = team.join("alex", "Alex Morgan", "practitioner")
    alex.records.save("family", LARK)
    (tmp_path / "shared").rename(tmp_path / "gone")
    overview = sync_status.sync_overview(alex)
    assert overview.in_team and "cannot be reached" in overview.team_error
    assert overview.counts.waiting == 1
    result = sync_pass(alex)
    assert result is not None and result.report.status == "unreachable"
    assert result.counts.waiting == 1


def test_a_pass_announces_the_kinds_it_received(team):
    """The vault tells what a pass wrote, as it tells any write (the pages reload from it)."""
    alex = team.join("alex", "Alex Morgan", "practitioner")
    alex.records.save("family", LARK)
    alex.records.save("barrier", {"category": "caseload-time", "description": "No time"})
    alex.vault.take_changes()
    sent = sync_pass(alex)
    assert sent is not None and sent.report.sent == 2 and sent.counts.waiting == 0
    assert not {"family", "barrier"} & alex.vault.take_changes()  # sent, not received
    sup = team.people["sup"]
    sup.vault.take_changes()
    got = sync_pass(sup)
    assert got is not None and {"family", "barrier"} <= sup.vault.take_changes()
    again = sync_pass(sup)
    assert again is not None and not {"family", "barrier"} & sup.vault.take_changes()


def test_conflict_is_listed_once_with_a_label_and_both_versions(team):
    alex, alex2, fam = family_conflict(team)
    [item] = sync_status.open_conflicts(alex2)
    assert item.record_id == fam.id and item.kind == "family"
    assert item.label in ("The Lark family", "The Lark-Owen family")
    assert sync_status.local_counts(alex2.vault).conflicts == 1

    detail = sync_status.conflict_detail(alex2, fam.id)
    assert [v.this_laptop for v in detail.versions] == [True, False]
    mine, other = detail.versions
    assert mine.author == other.author == "Alex Morgan"
    assert "Display name: The Lark-Owen family" in mine.lines
    assert list(other.lines[-2:]) == ["Notes:", "    Dad works nights."]
    rows = sync_status.side_by_side(mine.lines, other.lines)
    changed = [(r.left, r.right) for r in rows if r.changed]
    assert ("Display name: The Lark-Owen family", "Display name: The Lark family") in changed
    assert (None, "    Dad works nights.") in changed
    assert all(r.left == r.right for r in rows if not r.changed)


def test_keeping_a_version_saves_it_and_closes_the_conflict_everywhere(team):
    alex, alex2, fam = family_conflict(team)
    other = next(
        v for v in sync_status.conflict_detail(alex2, fam.id).versions if not v.this_laptop
    )
    before = len(alex2.vault.history(fam.id))
    saved = sync_status.resolve_conflict(alex2, fam.id, other.event_id)
    assert saved.data["notes"] == "Dad works nights."
    assert alex2.records.get(fam.id).data == other.data
    assert len(alex2.vault.history(fam.id)) == before + 1  # a new version; none overwritten
    assert sync_status.open_conflicts(alex2) == []
    with pytest.raises(ServiceError, match="already been resolved"):
        sync_status.conflict_detail(alex2, fam.id)

    assert syncstate.conflicts(alex.vault)  # still open on the first laptop until it syncs
    team.sync("alex2", "alex", "sup")
    assert syncstate.conflicts(alex.vault) == []
    assert alex.records.get(fam.id).data["notes"] == "Dad works nights."
    assert team.people["sup"].records.get(fam.id).data["notes"] == "Dad works nights."


def test_a_submitted_reflection_conflict_can_keep_either_version(team):
    alex, alex2 = two_laptops(team)
    draft = alex.records.save_reflection_draft(
        {"template_id": "free-text", "sections": {"reflection": "First words"}}
    )
    team.sync("alex", "alex2")
    alex.records.submit_reflection(draft.id)
    alex2.records.save_reflection_draft(
        {"template_id": "free-text", "sections": {"reflection": "Second thoughts"}},
        record_id=draft.id,
    )
    team.sync("alex", "alex2", "alex")
    [item] = sync_status.open_conflicts(alex)
    assert item.kind == "reflection" and item.label == "Free text"
    detail = sync_status.conflict_detail(alex, draft.id)
    kept = next(v for v in detail.versions if v.data["status"] == "draft")
    assert "    Second thoughts" in kept.lines
    # RecordService.save would refuse to turn a submitted reflection back into a draft.
    sync_status.resolve_conflict(alex, draft.id, kept.event_id)
    head = alex.records.get(draft.id)
    assert head.data["status"] == "draft"
    assert head.data["sections"] == {"reflection": "Second thoughts"}
    assert sync_status.open_conflicts(alex) == []


def test_resolving_refuses_versions_that_are_not_in_the_conflict(team):
    alex, alex2, fam = family_conflict(team)
    other = alex2.records.save("family", {**LARK, "reference": "EH-2"})
    head = syncstate.head_event(alex2.vault, other.id)
    with pytest.raises(ServiceError, match="not part of this record"):
        sync_status.resolve_conflict(alex2, fam.id, head)
    with pytest.raises(ServiceError, match="not part of this record"):
        sync_status.resolve_conflict(alex2, fam.id, "no-such-event")


def test_readable_lines_name_people_families_and_list_items(session):
    fam = session.records.save(
        "family",
        {
            **LARK,
            "members": [{"name": "Ayesha", "role": "mother", "birth_year": 1990}],
            "assigned_to": session.vault.member_id,
        },
    )
    lines = sync_status.readable_lines(
        session, session.records.get(fam.id), {session.vault.member_id: "Sam Carter"}
    )
    assert lines[:2] == ["Reference: EH-1", "Display name: The Lark family"]
    assert "  • Ayesha (birth year: 1990, role: mother)" in lines
    assert "Assigned to: Sam Carter" in lines
    visit = session.records.save(
        "visit", {"family_id": fam.id, "when": "2026-03-04T10:30", "mode": "home"}
    )
    assert "Family: The Lark family" in sync_status.readable_lines(
        session, session.records.get(visit.id)
    )
    assert sync_status.record_label(session, "visit", visit.data) == (
        "The Lark family — 2026-03-04"
    )


def test_side_by_side_aligns_inserted_and_removed_lines():
    rows = sync_status.side_by_side(["a", "b", "c"], ["a", "c", "d"])
    assert [(r.left, r.right, r.changed) for r in rows] == [
        ("a", "a", False),
        ("b", None, True),
        ("c", "c", False),
        (None, "d", True),
    ]
