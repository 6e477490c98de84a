"""The team's retention rule: set by a supervisor in the signed manifest, read by every
laptop, carried out on a supervisor's laptop after sync and at unlock, with a preview and
legal holds. Real profiles on a real shared folder, and the real command line."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta

import pytest

from relapp.services import retention
from relapp.services import team as team_service
from relapp.services.errors import ServiceError
from relapp.services.sync_pass import sync_pass
from relapp.store import erasure as store_erasure
from relapp.store.vault import RecordNotFound
from relapp.sync.engine import team_folder_for
from relapp.sync.team import load_team
from tests.conftest import relapp_command
from tests.sync.conftest import Team
from tests.sync.helpers import edit_family, family


def closed_family(session, name: str, ref: str):  # noqa: ANN001, ANN201
    made = family(session, name, ref)
    return edit_family(session, made.id, name, status="closed")


def test_the_rule_travels_in_the_manifest_and_only_a_supervisor_sets_it(team: Team) -> None:
    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    team_service.set_retention(sup, 7)
    team.sync("sup", "alex")
    assert load_team(team_folder_for(sup.vault)).retention_years == 7
    assert retention.years_of(alex) == 7  # kept on the laptop for unlock with the drive away
    with pytest.raises(ServiceError, match="supervisor"):
        team_service.set_retention(alex, 1)


def test_due_families_are_erased_after_sync_and_held_ones_are_kept(team: Team) -> None:
    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    old = closed_family(alex, "The Heron family", "EH-1")
    held = closed_family(alex, "The Kite family", "EH-2")
    open_one = family(alex, "The Wren family", "EH-3")
    team.sync("alex", "sup")
    team_service.set_retention(sup, 2)
    retention.set_hold(sup, held.id, True)
    # Two years and a day on, as the supervisor's laptop sees it.
    later = date.today() + timedelta(days=2 * 366 + 1)
    preview = retention.plan(sup, today=later - timedelta(days=10))
    assert [i.family_id for i in preview.upcoming] == [old.id]
    assert [i.family_id for i in preview.held] == [held.id]
    plan = retention.run(sup, today=later)
    assert [i.family_id for i in plan.due] == [old.id]
    with pytest.raises(RecordNotFound):
        sup.vault.get(old.id)
    assert sup.vault.get(held.id) and sup.vault.get(open_one.id)
    marks = store_erasure.erased(sup.vault)
    assert {m.request for m in marks} == {retention.REQUEST}
    assert all("retention rule" in m.reason for m in marks)
    # The erasure reaches the practitioner's laptop with the next syncs.
    team.sync("sup", "alex", rounds=2)
    with pytest.raises(RecordNotFound):
        alex.vault.get(old.id)
    assert alex.vault.get(held.id)


def test_a_sync_pass_on_the_supervisors_laptop_runs_the_rule(team: Team) -> None:
    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    gone = closed_family(alex, "The Heron family", "EH-1")
    team.sync("alex", "sup")
    team_service.set_retention(sup, 1)
    # A family closed today is not due for a year: the pass erases nothing.
    assert sync_pass(sup) is not None
    assert sup.vault.get(gone.id)
    with sup.vault._tx():  # the family was in fact closed two years ago, and shown as
        sup.vault._conn.execute(  # coming up on this laptop for more than 30 days
            "UPDATE record_versions SET created_at = '2020-01-01T00:00:00+00:00'"
            " WHERE record_id = ?",
            (gone.id,),
        )
        sup.vault._conn.execute(
            "UPDATE meta SET value = '2020-01-01' WHERE key = ?", (f"retention-seen:{gone.id}",)
        )
    result = sync_pass(sup)
    assert result is not None and result.report.status == "ok"
    with pytest.raises(RecordNotFound):
        sup.vault.get(gone.id)
    team.sync("alex", rounds=2)
    with pytest.raises(RecordNotFound):
        alex.vault.get(gone.id)


def test_retention_on_the_command_line(team: Team, tmp_path) -> None:
    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    closed_family(alex, "The Heron family", "EH-1")
    team.sync("alex", "sup")
    profile = sup.vault.folder
    team.people.pop("sup").close()

    def relapp(*args: str) -> subprocess.CompletedProcess:
        return relapp_command(profile, tmp_path, *args)

    none = relapp("retention", "show")
    assert none.returncode == 0 and "no retention rule" in none.stdout
    assert relapp("retention", "set", "--years", "5").returncode == 0
    shown = relapp("retention", "show")
    assert "closed more than 5 years ago" in shown.stdout
    assert "Nothing due" in shown.stdout
    held = relapp("retention", "hold", "EH-1")
    assert held.returncode == 0 and "placed on" in held.stdout
    assert relapp("retention", "run", "--dry-run").returncode == 0
    bad = relapp("retention", "set", "--years", "500")
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1


def test_a_closure_dated_years_back_is_previewed_before_anything_is_erased(team: Team) -> None:
    """A faulty or modified laptop can date a family's closure years back; the supervisor's
    laptop still shows it as coming up for 30 days before erasing it, and a practitioner
    cannot lift a legal hold."""
    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    from relapp.domain.hlc import wall_millis

    years_back = 20 * 365 * 24 * 3600 * 1000
    alex.vault.clock._now = lambda: wall_millis() - years_back  # its clock says 2006
    alex.vault.clock.last = type(alex.vault.clock.last)(0, 0)
    old = closed_family(alex, "The Heron family", "EH-1")
    team.sync("alex", "sup")
    team_service.set_retention(sup, 2)
    assert retention.run_if_due(sup) == 0
    plan = retention.plan(sup)
    assert [i.family_id for i in plan.upcoming] == [old.id]
    assert sup.vault.get(old.id)
    team.sync("sup", "alex")
    with pytest.raises(ServiceError, match="Only a supervisor"):
        retention.set_hold(alex, old.id, False)
