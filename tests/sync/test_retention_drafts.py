"""The team's rule for drafts and words not sent: set by a supervisor in the signed manifest,
carried out on the author's own laptops (the only ones that hold them), previewed first, and
gone from the laptop and from the shared folder afterwards. Real profiles, a real shared
folder, the real command line."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from relapp.services import retention, unsent
from relapp.services import team as team_service
from relapp.services.errors import ServiceError
from relapp.services.sync_pass import sync_pass
from relapp.store import audit
from relapp.store.vault import RecordNotFound
from relapp.sync.engine import team_folder_for
from relapp.sync.team import load_team
from tests.conftest import relapp_command
from tests.sync.conftest import Team
from tests.sync.helpers import family
from tests.sync.test_retire import raw_folder_text
from tests.test_erasure import SENTINEL, everything_readable


def draft(session, fam_id: str, words: str):  # noqa: ANN001, ANN201
    return session.records.save(
        "reflection",
        {
            "template_id": "free-text",
            "family_id": fam_id,
            "sections": {"reflection": words},
            "status": "draft",
        },
    )


def age(session, record_id: str, when: str) -> None:  # noqa: ANN001
    """As if the record was last changed on `when`, and listed as coming up long ago."""
    with session.vault._tx():
        session.vault._conn.execute(
            "UPDATE record_versions SET created_at = ? WHERE record_id = ?", (when, record_id)
        )
        session.vault._conn.execute(
            "UPDATE records SET updated_at = ? WHERE id = ?", (when, record_id)
        )
        session.vault._conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, '2020-01-01')"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (f"retention-seen:{record_id}",),
        )


def test_the_rules_travel_in_the_manifest_and_keep_each_other(team: Team) -> None:
    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    team_service.set_retention(sup, 7)
    team_service.set_retention(sup, draft_days=30, unsent_days=10)
    team.sync("sup", "alex")
    state = load_team(team_folder_for(sup.vault))
    assert (state.retention_years, state.draft_days, state.unsent_days) == (7, 30, 10)
    assert retention.draft_days_of(alex) == 30 and retention.unsent_days_of(alex) == 10
    assert retention.years_of(alex) == 7
    with pytest.raises(ServiceError, match="supervisor"):
        team_service.set_retention(alex, draft_days=1)
    with pytest.raises(ServiceError, match="3650"):
        team_service.set_retention(sup, draft_days=5000)
    assert load_team(team_folder_for(sup.vault)).draft_days == 30  # nothing changed


def test_stale_drafts_and_words_go_from_the_laptop_and_the_shared_folder(team: Team) -> None:
    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    fam = family(alex, "The Wren family", "EH-10")
    old = draft(alex, fam.id, f"half a thought about {SENTINEL}")
    fresh = draft(alex, fam.id, "written this morning")
    submitted = alex.records.save(
        "reflection",
        {
            "template_id": "free-text",
            "family_id": fam.id,
            "sections": {"reflection": "an old submitted one"},
            "status": "submitted",
        },
    )
    unsent.keep(alex.records, f"reply:{submitted.id}", f"words about {SENTINEL} never sent")
    words_id = unsent._record_id(f"reply:{submitted.id}")
    team.sync("alex", "sup")
    assert SENTINEL in raw_folder_text(team)  # the organisation's key reads drafts today
    team_service.set_retention(sup, draft_days=30, unsent_days=10)
    team.sync("sup", "alex")
    for rid in (old.id, words_id, submitted.id):
        age(alex, rid, "2026-01-01T09:00:00+00:00")

    shown = retention.plan(alex)
    assert {i.record_id for i in shown.discard_due} == {old.id, words_id}
    result = sync_pass(alex)  # the rule runs after the pass, then the folder is compacted
    assert result is not None and result.report.status == "ok"
    for rid in (old.id, words_id):
        with pytest.raises(RecordNotFound):
            alex.vault.get(rid)
    assert alex.vault.get(fresh.id) and alex.vault.get(submitted.id)
    assert SENTINEL not in everything_readable(alex)
    assert SENTINEL not in raw_folder_text(team)
    entries = audit.entries(alex.vault, action="retention_discard")
    assert len(entries) == 1 and set(entries[0].records) == {old.id, words_id}
    logged = retention.log(alex)
    assert logged[0].action == "retention_discard" and SENTINEL not in repr(logged)
    # The supervisor's laptop never held the drafts and discards nothing of anyone's.
    assert retention.plan(sup).discard_due == []


def test_a_draft_dated_years_back_is_shown_as_coming_up_first(team: Team) -> None:
    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    fam = family(alex, "The Wren family", "EH-10")
    stale = draft(alex, fam.id, "a draft")
    team_service.set_retention(sup, draft_days=30)
    team.sync("sup", "alex")
    with alex.vault._tx():  # a faulty clock dated its last change years back
        alex.vault._conn.execute(
            "UPDATE records SET updated_at = '2019-01-01T00:00:00+00:00' WHERE id = ?",
            (stale.id,),
        )
    first = retention.plan(alex)
    assert first.discard_due == []
    assert [i.record_id for i in first.discard_upcoming] == [stale.id]
    assert first.discard_upcoming[0].discard_on == date.today() + timedelta(
        days=retention.DRAFT_PREVIEW_DAYS
    )
    assert retention.run_if_due(alex) == 0 and alex.vault.get(stale.id)
    later = date.today() + timedelta(days=retention.DRAFT_PREVIEW_DAYS)
    assert [i.record_id for i in retention.run_all(alex, later).discard_due] == [stale.id]
    with pytest.raises(RecordNotFound):
        alex.vault.get(stale.id)


def test_drafts_rule_and_log_on_the_command_line(team: Team, tmp_path: Path) -> None:
    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    fam = family(alex, "The Wren family", "EH-10")
    team.sync("alex", "sup")
    retention.set_hold(sup, fam.id, True)
    profile = sup.vault.folder
    team.people.pop("sup").close()

    def relapp(*args: str):  # noqa: ANN202
        return relapp_command(profile, tmp_path, *args)

    done = relapp("retention", "set", "--draft-days", "30", "--unsent-days", "10")
    assert done.returncode == 0, done.stderr
    assert "untouched for 30 days" in done.stdout
    shown = relapp("retention", "show")
    assert "unfinished drafts after 30 days" in shown.stdout
    assert "no retention rule for families" in shown.stdout
    out = tmp_path / "log.csv"
    logged = relapp("retention", "log", "--csv", str(out))
    assert logged.returncode == 0, logged.stderr
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0] == ["at", "action", "request", "reason", "records"]
    assert [r[1] for r in rows[1:]] == ["legal_hold_placed"] and rows[1][4] == fam.id
    assert out.stat().st_mode & 0o077 == 0
    bad = relapp("retention", "set", "--draft-days", "-3")
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1
