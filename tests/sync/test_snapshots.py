"""Snapshots and compaction: newcomers read the past, old files can go, nothing is lost."""

from __future__ import annotations

from pathlib import Path

from relapp.services import team as team_service
from relapp.store import syncstate
from relapp.sync.engine import SyncEngine, SyncReport
from relapp.sync.layout import TeamFolder
from relapp.sync.team import load_team
from tests.sync.helpers import edit_family, family, picture


def folder_of(session) -> TeamFolder:  # noqa: ANN001
    return TeamFolder.locate(
        Path(syncstate.get_meta(session.vault, "sync_folder")),
        syncstate.get_meta(session.vault, "sync_team_id"),
    )


def reflection(session, text: str):  # noqa: ANN001
    draft = session.records.save_reflection_draft(
        {"template_id": "free-text", "sections": {"reflection": text}}
    )
    return session.records.submit_reflection(draft.id)


def test_two_devices_compacting_while_a_third_writes_lose_nothing(team) -> None:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    bob = team.join("bob", "Bob Hale", "practitioner")
    carol = team.join("carol", "Carol Diaz", "practitioner")
    sup = team.people["sup"]
    for i in range(3):
        fam = family(alex, f"Alex family {i}", f"A-{i}")
        edit_family(alex, fam.id, f"Alex family {i} (edited)")
        family(bob, f"Bob family {i}", f"B-{i}")
        reflection(bob, f"Bob's reflection {i}")
        team.sync("alex", "bob", "carol", "sup")
    # A newcomer joins: every writer's next pass snapshots its history for it.
    newcomer = team.join("sup2", "Sam Second", "supervisor")
    family(carol, "Carol family", "C-1")
    for key in ("alex", "bob"):
        report = SyncEngine(team.people[key].vault, grace_seconds=0).run()
        assert report.status == "ok" and report.snapshots_written == 1
        # A second pass tidies: the bundles the snapshot covers are gone from the drive.
        SyncEngine(team.people[key].vault, grace_seconds=0).run()
        folder = folder_of(team.people[key])
        assert folder.bundles(team.people[key].vault.device_id).accepted == []
        assert len(folder.snapshots(team.people[key].vault.device_id).accepted) == 1
    family(carol, "Carol family 2", "C-2")  # the third keeps writing meanwhile
    team.sync("carol", "sup", "sup2", rounds=2)
    # The newcomer, from snapshots and newer bundles, sees exactly what a full replay gave.
    assert picture(newcomer.vault) == picture(sup.vault)
    assert newcomer.vault.count("family") == 8 and newcomer.vault.count("reflection") == 3


def test_a_device_that_was_behind_catches_up_from_the_snapshot(team) -> None:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    sup = team.people["sup"]
    family(alex, "First", "A-1")
    team.sync("alex", "sup")
    for i in range(3):
        family(alex, f"Later {i}", f"L-{i}")
        team.sync("alex")  # the supervisor is away: these bundles pile up unread
    # Compaction follows a snapshot; a newcomer makes one due now.
    team.join("alex2", "Alex Morgan", "practitioner", as_member=alex.vault.member_id)
    SyncEngine(alex.vault, grace_seconds=0).run()
    SyncEngine(alex.vault, grace_seconds=0).run()
    report = team_service.sync_once(sup)
    assert report.status == "ok" and not report.waiting
    assert sup.vault.count("family") == 4


def test_a_removed_members_later_files_are_refused(team) -> None:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    sup = team.people["sup"]
    family(alex, "Before", "A-1")
    team.sync("alex", "sup")
    team_service.remove(sup, alex.vault.member_id[-8:])
    after = family(alex, "After removal", "A-2")
    # Alex's laptop no longer counts as a member, so it does not send at all...
    assert team_service.sync_once(alex).status == "not_member"
    # ...and a bundle it forges anyway (as an old copy of the app would) is refused.
    engine = SyncEngine(alex.vault)
    folder = folder_of(alex)
    state = load_team(folder)
    state.members[alex.vault.member_id].active = True  # pretend, on Alex's side only
    engine._send(folder, state, SyncReport())
    report = team_service.sync_once(sup)
    assert any("left the team" in reason for _p, reason in report.quarantined)
    assert after.id not in {r.id for r in sup.records.list("family")}


def test_recovery_reads_snapshots_once_bundles_are_tidied_away(team) -> None:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    fam = family(alex, "Kept in a snapshot", "K-1")
    team.sync("alex", "sup")
    team.join("sup2", "Sam Second", "supervisor")
    SyncEngine(alex.vault, grace_seconds=0).run()
    SyncEngine(alex.vault, grace_seconds=0).run()
    assert folder_of(alex).bundles(alex.vault.device_id).accepted == []
    recovered = team_service.recover_team(team.central, team.org_code)
    assert {r["id"]: r["data"]["display_name"] for r in recovered["records"]}[fam.id] == (
        "Kept in a snapshot"
    )
