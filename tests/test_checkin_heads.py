"""Each check-in series' head as the database keeps it (relapp.store.checkin_heads) is what
the rows say it is: after the upgrade of a real schema 10 profile, and after every kind of
write, in any order. The reference is the reading Today did before schema 11: every readable
check-in from records_checkins, grouped in Python."""

from __future__ import annotations

import os
import random
import shutil
from datetime import datetime, timedelta
from itertools import groupby
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

from relapp.services.profile import create_profile, unlock_profile
from relapp.store import schema
from relapp.store.backups import list_backups, restore_backup
from relapp.store.queries import (
    CheckinEntry,
    SeriesHead,
    alert_heads,
    checkin_series,
    last_checked_in,
    readable,
)
from relapp.store.vault import Vault
from tests.conftest import PASSPHRASE

FIXTURES = Path(__file__).parent / "fixtures"
ITEMS = ("heard", "trust", "respect", "what-matters", "honest-worries", "just-getting-through")


def from_the_rows(vault: Vault, family_ids: list[str] | None = None) -> list[SeriesHead]:
    """Schema 10's reading: every check-in, grouped by series in Python."""
    columns = (
        "SELECT c.id, c.parent_id, json_extract(c.data, '$.instrument_id'),"
        " json_extract(c.data, '$.respondent'), c.happened, c.updated_at,"
        " json_extract(c.data, '$.score') FROM records c INDEXED BY records_checkins"
        f" WHERE c.kind = 'checkin' AND c.deleted = 0 AND {readable('c')}"
    )
    order = " ORDER BY 2, 3, 4, 5, 6"
    if family_ids is None:
        rows = vault.query(columns + " AND c.parent_id IS NOT NULL" + order)
    else:
        rows = vault.query(
            columns + " AND c.parent_id IN (SELECT value FROM json_each(?))" + order,
            (__import__("json").dumps(family_ids),),
        )
    heads = []
    for _series, group in groupby(rows, key=itemgetter(1, 2, 3)):
        items = list(group)
        latest = items[-1]
        when, score = latest[4], latest[6]
        previous = None
        if score is not None:
            i = len(items) - 1
            while i >= 0 and items[i][4] == when:
                i -= 1
            while i >= 0 and previous is None:
                earlier = items[i][4]
                while i >= 0 and items[i][4] == earlier:
                    if items[i][6] is not None:
                        previous = items[i][6]
                    i -= 1
        changed = max(item[5] for item in items)
        heads.append(SeriesHead(CheckinEntry._make(latest), previous, changed))
    heads.sort(key=attrgetter("changed"), reverse=True)
    return heads


def same(vault: Vault, family_ids: list[str] | None = None) -> list[SeriesHead]:
    kept = checkin_series(vault, family_ids)
    assert kept == from_the_rows(vault, family_ids)
    return kept


def alerts_found(session: Any, family_ids: list[str]) -> int:
    """alert_heads hands over every head whose instrument's rule alerts (and the rule keeps
    to those); last_checked_in is each family's latest practitioner check-in of all heads."""
    instruments = session.definitions.instruments
    bounds = {key: instrument.alert_bounds() for key, instrument in instruments.items()}
    heads = checkin_series(session.vault, family_ids)

    def alerting(found: list[SeriesHead]) -> list[str]:
        return [
            h.latest.id
            for h in found
            if h.latest.score is not None
            and instruments[h.latest.instrument_id].alert_for(
                float(h.latest.score), None if h.previous is None else float(h.previous)
            )
        ]

    handed = alert_heads(session.vault, family_ids, bounds)
    assert {h.latest.id for h in handed} <= {h.latest.id for h in heads}
    assert alerting(handed) == alerting(heads)
    latest: dict[str, str] = {}
    for h in heads:
        if h.latest.respondent == "practitioner":
            latest[h.latest.family_id] = max(latest.get(h.latest.family_id, ""), h.latest.when)
    assert last_checked_in(session.vault, family_ids, "practitioner") == latest
    return len(alerting(heads))


def test_a_schema_10_profile_upgrades_with_every_series_head(tmp_path: Path) -> None:
    """The real profile folder the last schema 10 release wrote
    (tests/fixtures/make_v10_fixture.py): ties in time, a check-in without a score, one in
    the trash, one that does not open, one moved later, a self-check."""
    folder = tmp_path / "p"
    shutil.copytree(FIXTURES / "vault-v10", folder)
    os.chmod(folder, 0o700)
    before = {b.name for b in list_backups(folder)}
    session = unlock_profile(folder, "fixture passphrase ten")
    try:
        vault = session.vault
        assert vault.query("PRAGMA user_version") == [(schema.LATEST,)]
        heads = same(vault)
        names = {f.id: f.data["display_name"] for f in session.records.list("family")} | {
            vault.member_id: "me"
        }
        by = {(names[h.latest.family_id], h.latest.respondent): h for h in heads}
        assert set(by) == {
            ("Fixture family 0", "practitioner"),
            ("Fixture family 0", "parent"),
            ("Fixture family 1", "practitioner"),
            ("Fixture family 2", "parent"),
            ("Fixture family 3", "practitioner"),
            ("me", "practitioner"),
        }  # the check-in that does not open made no series of its own
        # Two at the same time: the last changed is the latest, and nothing came before.
        assert by["Fixture family 0", "parent"].previous is None
        assert by["Fixture family 0", "practitioner"].previous is not None
        # The one in the trash is not the latest; the one without a score is passed over.
        latest_b = by["Fixture family 1", "practitioner"]
        assert latest_b.latest.when.startswith("2026-10-01")
        assert latest_b.previous is not None
        # Moved later, it is the latest of its series now.
        assert by["Fixture family 2", "parent"].latest.when.startswith("2026-08-01")
        assert by["Fixture family 3", "practitioner"].latest.when.startswith("2026-06-20")
        families = [f.id for f in session.records.list("family")][:2]
        same(vault, families)
    finally:
        session.close()
    taken = [b.reason for b in list_backups(folder) if b.name not in before]
    assert sorted(r for r in taken if r != "daily") == ["before-migration-v10", "before-new-cipher"]
    # The older backup restores, is upgraded in turn, and its heads are its own rows'.
    (old,) = [b for b in list_backups(folder) if b.reason == "manual"]
    restore_backup(folder, old.name, "fixture passphrase ten")
    session = unlock_profile(folder, "fixture passphrase ten")
    try:
        heads = same(session.vault)
        assert not any(h.latest.when.startswith("2026-06-20") for h in heads)
    finally:
        session.close()


def _checkin(family: str, respondent: str, when: datetime, level: int) -> dict[str, Any]:
    return {
        "family_id": family,
        "instrument_id": "practitioner-family",
        "respondent": respondent,
        "when": when.strftime("%Y-%m-%dT%H:%M"),
        "scores": {item: max(1, min(5, level + i % 2)) for i, item in enumerate(ITEMS)},
    }


def test_every_kind_of_write_keeps_the_heads(tmp_path: Path) -> None:
    """Saves, bulk imports, edits that move a check-in to another series or time, deletes,
    restores, a score taken out, a body that stops opening, erasing a family: after each,
    the heads kept are the rows'."""
    session, _code = create_profile(tmp_path / "p", "Sam Carter", "supervisor", PASSPHRASE)
    records, vault = session.records, session.vault
    rng = random.Random(7)
    families = [
        records.save("family", {"reference": f"R{n}", "display_name": f"Family {n}"}).id
        for n in range(4)
    ]
    start = datetime(2026, 1, 5, 10, 0)
    times = [start + timedelta(days=rng.randint(0, 6)) for _ in range(5)]  # ties on purpose
    saved: list[str] = []
    alerts = 0
    for _step in range(120):
        action = rng.choice(
            ["save", "save", "save", "many", "edit", "move", "delete", "restore", "unscore",
             "break", "mend"]
        )  # fmt: skip
        alive = [r.id for r in records.list("checkin")]
        if action == "save" or not alive:
            data = _checkin(
                rng.choice(families), rng.choice(("practitioner", "parent")),
                rng.choice(times), rng.randint(1, 5),
            )  # fmt: skip
            saved.append(records.save("checkin", data).id)
        elif action == "many":
            batch = [
                ("checkin", _checkin(rng.choice(families), "parent", rng.choice(times),
                                     rng.randint(1, 5)), None)
                for _ in range(rng.randint(2, 6))
            ]  # fmt: skip
            saved += [r.id for r in records.save_many(batch)]
        elif action in ("edit", "move"):
            record = records.get(rng.choice(alive))
            data = dict(record.data)
            if action == "edit":
                data["when"] = rng.choice(times).strftime("%Y-%m-%dT%H:%M")
            else:
                data["family_id"] = rng.choice(families)
                data["respondent"] = rng.choice(("practitioner", "parent"))
            records.save("checkin", data, record_id=record.id, expected_version=record.version)
        elif action == "delete":
            records.delete(rng.choice(alive))
        elif action == "restore":
            gone = [r.id for r in vault.trash() if r.kind == "checkin"]
            if gone:
                records.restore(rng.choice(gone))
        elif action == "unscore":
            with vault.writing() as conn:
                conn.execute(
                    "UPDATE records SET data = json_remove(data, '$.score') WHERE id = ?",
                    (rng.choice(alive),),
                )
        elif action == "break":
            with vault.writing() as conn:
                conn.execute("UPDATE records SET data = NULL WHERE id = ?", (rng.choice(alive),))
        elif action == "mend":
            with vault.writing() as conn:
                conn.execute(
                    "UPDATE records SET data = (SELECT v.body FROM record_versions v"
                    " WHERE v.record_id = records.id AND v.version = records.version)"
                    " WHERE kind = 'checkin' AND data IS NULL"
                )
        same(vault)
        same(vault, families[:2])
        alerts += alerts_found(session, families)
    assert len(checkin_series(vault)) >= 4
    assert alerts > 0  # the rules were put to the test
    # Erasing a family takes its series with it.
    from relapp.services import erasure

    erasure.erase_family(session, families[0], reason="request", request="SAR-1")
    heads = same(vault)
    assert families[0] not in {h.latest.family_id for h in heads}
    session.close()
