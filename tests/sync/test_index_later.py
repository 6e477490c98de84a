"""A new laptop's first sync writes the team's records first and indexes them for search
afterwards (relapp.store.search_index, "indexing later"): the records are there at once,
search says it is catching up, and once it has, it finds exactly what indexing at once finds."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from relapp.services.profile import unlock_profile
from relapp.services.search import SearchService, catch_up
from relapp.store import search_index, syncstate
from relapp.sync import engine
from relapp.sync.engine import SyncEngine
from tests.conftest import PASSPHRASE
from tests.sync.helpers import family

QUERIES = ["Lark", "Okafor", "garden", "bedtime routine", "Ok", "Lark 1"]


def _trigger_present(session) -> bool:  # noqa: ANN001
    rows = session.vault.query(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = 'search_insert'"
    )
    return bool(rows)


def _found(session) -> dict[str, list[str]]:  # noqa: ANN001
    service = SearchService(session.records)
    return {q: sorted(r.record_id for r in service.search(q, 200)) for q in QUERIES}


@pytest.fixture
def written(team, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN001
    """A practitioner with 40 families and visits, read by a supervisor from the start; then
    a newcomer joins and the practitioner writes the snapshot it will read."""
    monkeypatch.setattr(engine, "INDEX_LATER_FROM", 20)
    alex = team.join("alex", "Alex Morgan", "practitioner")
    for i in range(40):
        name = "The Okafor family" if i % 4 == 0 else f"The Lark family {i}"
        fam = family(alex, name, f"EH-{i}")
        alex.records.save(
            "visit",
            {
                "family_id": fam.id,
                "when": f"2026-03-{i % 28 + 1:02d}T10:00",
                "mode": "home",
                "purpose": "garden play and a bedtime routine" if i % 3 else "weekly check",
            },
        )
    team.sync("alex", "sup")
    newcomer = team.join("sup2", "Sam Second", "supervisor")
    report = SyncEngine(alex.vault).run()
    assert report.snapshots_written == 1
    return team, newcomer


def test_the_first_sync_leaves_search_to_catch_up_and_it_then_finds_what_indexing_at_once_does(
    written,
) -> None:
    team, newcomer = written
    report = team.sync("sup2")["sup2"]
    assert report.status == "ok" and report.received >= 80
    # Every record is there and readable at once; search is not complete, and says so.
    assert newcomer.vault.count("family") == 40 and newcomer.vault.count("visit") == 40
    service = SearchService(newcomer.records)
    left = service.pending()
    assert left >= 80
    assert service.search("Okafor") == []
    assert _trigger_present(newcomer)  # everyday writes are indexed as they land
    mine = family(newcomer, "The Zebedee family", "EH-900")
    assert [r.record_id for r in service.search("Zebedee")] == [mine.id]
    assert service.pending() == left  # it was indexed by the trigger, not left behind
    steps = 0
    while left:
        before, left = left, catch_up(newcomer.records, 25)
        assert left == max(0, before - 25)
        steps += 1
    assert steps == 4 and service.pending() == 0
    assert newcomer.vault.query("SELECT value FROM meta WHERE key = 'search_pending'") == []
    # The supervisor who read every bundle indexed at once: the same records are found.
    sup = team.people["sup"]
    assert _found(newcomer) == _found(sup)
    assert _found(newcomer)["Okafor"] and _found(newcomer)["garden"]


def test_a_refused_snapshot_leaves_the_index_and_its_trigger_as_they_were(
    written, monkeypatch: pytest.MonkeyPatch
) -> None:
    team, newcomer = written

    def refuse(*_args, **_kwargs) -> None:  # noqa: ANN002, ANN003
        raise syncstate.EventRefused("a record id known here as another kind of record")

    monkeypatch.setattr(syncstate, "_apply_in_bulk", refuse)
    report = team.sync("sup2")["sup2"]
    assert report.quarantined
    assert newcomer.vault.count("family") == 0
    assert _trigger_present(newcomer)
    assert SearchService(newcomer.records).pending() == 0


def test_a_lock_between_steps_leaves_the_rest_for_the_command_line_or_next_unlock(
    written,
) -> None:
    team, newcomer = written
    team.sync("sup2")
    catch_up(newcomer.records, 30)
    left = SearchService(newcomer.records).pending()
    assert left > 0
    folder = newcomer.vault.folder
    newcomer.close()
    # The command line's sync finishes what is left, and says so.
    out = subprocess.run(
        [sys.executable, "-m", "relapp", "--profile", str(folder), "sync"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "RELAPP_PASSPHRASE": PASSPHRASE},
    )
    assert out.returncode == 0, out.stderr
    assert f"Search is ready: {left:,} records indexed." in out.stderr
    again = unlock_profile(folder, PASSPHRASE)
    team.people["sup2"] = again
    assert SearchService(again.records).pending() == 0
    assert SearchService(again.records).search("Okafor")


def test_pending_is_free_when_nothing_is_left(team) -> None:  # noqa: ANN001
    sup = team.people["sup"]
    with sup.vault.reading() as conn:
        assert search_index.pending(conn) == 0
    assert catch_up(sup.records) == 0
