"""Every device that holds the same events shows the same records, whatever order the files
arrived in: permutations and re-copies of real bundles, clock skew, delete against update,
a stale edit after a long absence, and two laptops of one person."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relapp.domain.hlc import MAX_DRIFT_MS, wall_millis
from relapp.services import team as team_service
from relapp.services.profile import unlock_profile
from relapp.store import syncstate
from relapp.sync.layout import TeamFolder
from tests.conftest import PASSPHRASE
from tests.sync.conftest import Team
from tests.sync.helpers import (
    edit_family,
    event_ids_of,
    family,
    open_conflicts,
    picture,
    version_data,
)

DAY_MS = 24 * 60 * 60 * 1000


def skew(session, offset_ms: int) -> None:  # noqa: ANN001
    """Set this laptop's wall clock offset_ms away from the real time."""
    session.vault.clock._now = lambda: wall_millis() + offset_ms


def head_id(session, record_id: str) -> str:  # noqa: ANN001
    return syncstate.head_event(session.vault, record_id)


def assert_same_everywhere(team: Team, *keys: str) -> dict:
    pictures = {k: picture(team.people[k].vault) for k in keys}
    first = pictures[keys[0]]
    for key in keys[1:]:
        assert pictures[key] == first, f"{key} differs from {keys[0]}"
    return first


# ---- random order and re-copies of the same bundles (hypothesis) ----------------------------


class Scenario:
    """The files of one finished multi-writer history, and a reader that saw none of it.

    A plain class with a short repr, so a failing example stays readable."""

    def __init__(
        self,
        base: Path,
        team_id: str,
        team_files: list[tuple[Path, bytes]],
        bundle_files: list[tuple[Path, bytes]],
        reader_profile: Path,
        reference: dict,
    ) -> None:
        self.base, self.team_id = base, team_id
        self.team_files = team_files  # manifest and requests: (relative path, bytes)
        self.bundle_files = bundle_files  # (relative path, bytes)
        self.reader_profile = reader_profile
        self.reference = reference

    def __repr__(self) -> str:
        return f"Scenario({len(self.bundle_files)} bundle files)"


def _build_scenario(base: Path) -> Scenario:
    central = base / "shared"
    central.mkdir()
    team = Team(central=central, base=base / "profiles")
    sup = team.add("sup", "Pat Supervisor", "supervisor")
    _folder, team.org_code = team_service.create(sup, central, "Early Help North")
    try:
        alex = team.join("alex", "Alex Morgan", "practitioner")
        alex2 = team.join("alex2", "Alex Morgan", "practitioner", as_member=alex.vault.member_id)
        reader = team.join("reader", "Robin Reviewer", "supervisor")
        reader_dir = reader.vault.folder
        reader.close()
        del team.people["reader"]
        team.sync("sup", "alex", "alex2")

        f1 = family(alex, "Family One", "EH-1")
        f2 = family(alex, "Family Two", "EH-2")
        team.sync("alex")
        team.sync("sup", "alex2")
        # Offline, concurrent: three versions of f1 and a delete against an update of f2.
        edit_family(alex, f1.id, "One by Alex")
        alex.records.delete(f2.id)
        edit_family(alex2, f1.id, "One by Alex's laptop")
        edit_family(sup, f1.id, "One by Pat")
        edit_family(sup, f2.id, "Two by Pat")
        team.sync("alex")
        team.sync("alex2")
        team.sync("sup")
        team.sync("alex", "alex2")
        # Alex settles f1 after seeing all three versions.
        edit_family(alex, f1.id, "One, settled")
        syncstate.resolve_conflicts(alex.vault, f1.id, head_id(alex, f1.id))
        team.sync("alex")
        visit = alex.records.save(
            "visit", {"family_id": f1.id, "when": "2026-03-02T10:00", "mode": "home"}
        )
        team.sync("alex")
        team.sync("sup")
        alex2.records.save("barrier", {"category": "caseload-time", "description": "No cover"})
        team.sync("alex2")
        sup.records.save(
            "visit",
            {"family_id": f1.id, "when": "2026-03-03T10:00", "mode": "phone"},
            record_id=visit.id,
        )
        team.sync("sup")
        team.sync("sup", "alex", "alex2", rounds=2)
        reference = assert_same_everywhere(team, "sup", "alex", "alex2")
        assert len(reference) == 4

        folder = TeamFolder.locate(central)
        team_files, bundle_files = [], []
        for path in sorted(folder.root.rglob("*")):
            if path.is_file():
                rel = path.relative_to(folder.root)
                target = bundle_files if path.suffix == ".rlb" else team_files
                target.append((rel, path.read_bytes()))
        return Scenario(base, folder.team_id, team_files, bundle_files, reader_dir, reference)
    finally:
        for session in team.people.values():
            session.close()


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return _build_scenario(tmp_path_factory.mktemp("scenario"))


def _fresh_reader(sc: Scenario):  # noqa: ANN202
    work = Path(tempfile.mkdtemp(dir=sc.base))
    root = work / "shared" / f"relapp-team-{sc.team_id}"
    for rel, data in sc.team_files:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    profile = work / "reader"
    shutil.copytree(sc.reader_profile, profile)
    session = unlock_profile(profile, PASSPHRASE)
    syncstate.set_meta(session.vault, "sync_folder", str(work / "shared"))
    return session, root


def test_the_scenario_has_conflicts_deletes_and_a_resolution(scenario: Scenario) -> None:
    ref = scenario.reference
    assert len(scenario.bundle_files) >= 8
    # f2: the delete and Pat's update stay as an open conflict; f1's were settled by Alex.
    (two,) = [r for r in ref.values() if r["data"].get("reference") == "EH-2"]
    assert len(two["conflicts"]) == 1 and len(two["events"]) == 3
    assert sum(len(r["conflicts"]) for r in ref.values()) == 1
    assert any(r["data"].get("display_name") == "One, settled" for r in ref.values())


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_order_of_arrival_and_recopies_give_the_same_records(
    scenario: Scenario, data: st.DataObject
) -> None:
    files = scenario.bundle_files
    order = data.draw(st.permutations(range(len(files))), label="order")
    recopies = data.draw(
        st.lists(st.integers(0, len(files) - 1), max_size=6), label="recopied files"
    )
    steps = list(order)
    for i, index in enumerate(recopies):
        position = data.draw(st.integers(0, len(steps)), label=f"recopy {i} at")
        steps.insert(position, index)
    sync_after = data.draw(
        st.lists(st.booleans(), min_size=len(steps), max_size=len(steps)), label="sync after"
    )
    session, root = _fresh_reader(scenario)
    try:
        for index, do_sync in zip(steps, sync_after, strict=True):
            rel, raw = files[index]
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(raw)  # a re-copy writes the same bytes again
            if do_sync:
                report = team_service.sync_once(session)
                assert report.status == "ok" and not report.quarantined, report
        for _ in range(2):
            report = team_service.sync_once(session)
            assert report.status == "ok" and not report.quarantined and not report.waiting
        assert picture(session.vault) == scenario.reference
        assert session.vault.integrity_ok()
    finally:
        session.close()


# ---- clock skew ------------------------------------------------------------------------------


def test_a_laptop_two_days_ahead_is_flagged_and_a_later_real_edit_is_not_lost(team) -> None:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    ahead = team.join("ahead", "Alex Morgan", "practitioner", as_member=alex.vault.member_id)
    fam = family(alex)
    team.sync("alex", "ahead", "sup")
    skew(ahead, 2 * DAY_MS)
    edit_family(ahead, fam.id, "Edited on the fast laptop")
    future_event = head_id(ahead, fam.id)
    team.sync("ahead")
    reports = team.sync("alex", "sup")
    assert reports["alex"].future_clocks > 0 and reports["sup"].future_clocks > 0
    assert "in the future" in reports["sup"].summary()
    # Receiving a clock from the future does not drag ours along.
    assert alex.vault.clock.tick().millis <= wall_millis() + MAX_DRIFT_MS
    assert head_id(alex, fam.id) == future_event

    # Later in real time, Alex edits on a correct laptop, building on the fast laptop's version.
    edit_family(alex, fam.id, "Corrected on the right clock")
    later_event = head_id(alex, fam.id)
    team.sync("alex", "ahead", "sup", rounds=2)
    for key in ("alex", "ahead", "sup"):
        vault = team.people[key].vault
        kept_as_head = head_id(team.people[key], fam.id) == later_event
        kept_as_conflict = any(later_event in pair for _r, pair in open_conflicts(vault))
        assert kept_as_head or kept_as_conflict, f"{key} lost the later edit"
        assert later_event in event_ids_of(vault, fam.id)
    assert_same_everywhere(team, "alex", "ahead", "sup")


def test_a_laptop_a_year_behind_keeps_a_sane_order(team) -> None:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    sup = team.people["sup"]
    behind = team.join("behind", "Sam Slow", "supervisor")
    fam = family(alex)
    team.sync("alex", "sup", "behind")
    skew(behind, -365 * DAY_MS)
    # Concurrent edits: the slow laptop's own clock is a year behind.
    edit_family(behind, fam.id, "Slow laptop's version")
    slow_event = head_id(behind, fam.id)
    edit_family(alex, fam.id, "Alex's version")
    alex_event = head_id(alex, fam.id)
    reports = team.sync("behind", "alex", "sup", rounds=2)
    assert reports["alex"].future_clocks == 0 and reports["sup"].future_clocks == 0
    for key in ("alex", "sup", "behind"):
        assert open_conflicts(team.people[key].vault) == {
            (fam.id, frozenset((slow_event, alex_event)))
        }
    # Having seen Alex's version, the slow laptop's next edit still comes after it.
    edit_family(behind, fam.id, "Slow laptop, after reading Alex")
    answer = head_id(behind, fam.id)
    team.sync("behind", "alex", "sup", rounds=2)
    assert head_id(sup, fam.id) == answer and head_id(alex, fam.id) == answer
    assert sup.records.get(fam.id).data["display_name"] == "Slow laptop, after reading Alex"
    # A record made on the slow laptop before it saw anything new still arrives everywhere.
    fresh = family(behind, "Made a year ago, apparently", "EH-9")
    team.sync("behind", "alex", "sup", rounds=2)
    assert sup.records.get(fresh.id).data["display_name"] == "Made a year ago, apparently"
    everywhere = assert_same_everywhere(team, "sup", "behind")
    assert picture(alex.vault)[fam.id] == everywhere[fam.id]


# ---- delete against update, stale edits ------------------------------------------------------


def test_delete_on_one_laptop_and_update_on_the_other_are_both_kept(team) -> None:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    alex2 = team.join("alex2", "Alex Morgan", "practitioner", as_member=alex.vault.member_id)
    fam = family(alex)
    team.sync("alex", "alex2", "sup")
    alex.records.delete(fam.id)
    deleted_event = head_id(alex, fam.id)
    edit_family(alex2, fam.id, "Updated while the other laptop deleted")
    updated_event = head_id(alex2, fam.id)
    first = team.sync("alex", "alex2", "sup")
    second = team.sync("alex", "alex2", "sup")
    found = {k: first[k].conflicts + second[k].conflicts for k in first}
    assert found == {"alex": 1, "alex2": 1, "sup": 1}
    for key in ("alex", "alex2", "sup"):
        vault = team.people[key].vault
        assert open_conflicts(vault) == {(fam.id, frozenset((deleted_event, updated_event)))}
        ids = event_ids_of(vault, fam.id)
        assert {deleted_event, updated_event} <= ids
        assert (
            version_data(vault, updated_event)["display_name"]
            == "Updated while the other laptop deleted"
        )
    assert_same_everywhere(team, "alex", "alex2", "sup")


def test_supervisor_edit_against_practitioner_delete_never_resurrects_silently(team) -> None:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    sup = team.people["sup"]
    fam = family(alex)
    team.sync("alex", "sup")
    edit_family(sup, fam.id, "Pat's note on the family")
    alex.records.delete(fam.id)
    team.sync("alex", "sup", rounds=2)
    picture_now = assert_same_everywhere(team, "alex", "sup")
    record = picture_now[fam.id]
    # Whichever version shows, the other is kept and the disagreement is listed.
    assert len(record["conflicts"]) == 1 and len(record["events"]) == 3
    if not record["deleted"]:
        assert record["data"]["display_name"] == "Pat's note on the family"

    # A deletion everyone has seen is not undone by replaying or re-syncing.
    other = family(alex, "Second family", "EH-2")
    team.sync("alex", "sup")
    alex.records.delete(other.id)
    team.sync("alex", "sup", rounds=3)
    assert sup.vault.get(other.id).deleted and alex.vault.get(other.id).deleted


def test_a_stale_edit_after_a_long_absence_is_a_conflict(team) -> None:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    sup = team.people["sup"]
    fam = family(alex)
    team.sync("alex", "sup")
    # Pat's laptop stays away while Alex keeps working and syncing.
    for n in range(5):
        edit_family(alex, fam.id, f"Alex, week {n + 1}")
        team.sync("alex")
    latest = head_id(alex, fam.id)
    edit_family(sup, fam.id, "Pat, based on the first version")
    stale = head_id(sup, fam.id)
    team.sync("sup", "alex", rounds=2)
    for key in ("alex", "sup"):
        vault = team.people[key].vault
        pairs = [pair for rid, pair in open_conflicts(vault) if rid == fam.id]
        assert pairs and any(stale in pair for pair in pairs), f"{key}: stale edit not flagged"
        assert version_data(vault, latest)["display_name"] == "Alex, week 5"
    assert_same_everywhere(team, "alex", "sup")


# ---- two laptops of one person -------------------------------------------------------------


def test_two_laptops_of_one_person_and_a_supervisor_converge(team) -> None:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    sup = team.people["sup"]
    alex2 = team.join("alex2", "Alex Morgan", "practitioner", as_member=alex.vault.member_id)
    fam = family(alex)
    team.sync("alex", "sup")
    # The new laptop works offline before its first sync, under its provisional member id.
    own = family(alex2, "Met on the new laptop", "EH-7")
    barrier = alex2.records.save(
        "barrier", {"category": "caseload-time", "description": "Laptop arrived late"}
    )
    edit_family(alex, fam.id, "Alex on the old laptop")
    edit_family(sup, fam.id, "Pat in the office")
    team.sync("alex2", "alex", "sup", rounds=2)
    # Both laptops now hold fam; they edit it concurrently, and Pat comments on the new family.
    edit_family(alex2, fam.id, "Alex on the new laptop")
    edit_family(alex, fam.id, "Alex on the old laptop, again")
    note = sup.records.save("feedback", {"record_id": own.id, "text": "Good first visit"})
    first = team.sync("alex", "alex2", "sup")
    second = team.sync("alex", "alex2", "sup")
    for reports in (first, second):
        assert all(r.status == "ok" and not r.quarantined for r in reports.values()), reports
    final = assert_same_everywhere(team, "alex", "alex2", "sup")
    assert final[own.id]["data"]["display_name"] == "Met on the new laptop"
    assert final[barrier.id]["kind"] == "barrier"
    assert final[note.id]["data"]["text"] == "Good first visit"
    # Pat against the old laptop, then the two laptops against each other: both kept.
    assert len(final[fam.id]["conflicts"]) == 2 and len(final[fam.id]["events"]) == 5
    assert alex2.vault.member_id == alex.vault.member_id
    assert {r.author for r in sup.vault.history(own.id)} == {alex.vault.member_id}
    assert alex2.vault.integrity_ok()


def test_a_laptop_added_later_receives_the_members_earlier_records(team) -> None:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    fam = family(alex)
    team.sync("alex", "sup")
    alex2 = team.join("alex2", "Alex Morgan", "practitioner", as_member=alex.vault.member_id)
    team.sync("sup", "alex", "alex2", rounds=2)
    assert alex2.records.get(fam.id).data["display_name"] == "The Lark family"
