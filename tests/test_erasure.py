"""Erasing a family on a laptop: everything of it goes, from the vault, its history, its
backups and the words not sent yet; a marker stays; a restore or a late change from another
laptop never brings it back. Real profiles, real files, the real command line."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from relapp.services import erasure, unsent
from relapp.services.errors import ServiceError
from relapp.services.profile import create_profile, unlock_profile
from relapp.store import erasure as store_erasure
from relapp.store.backups import list_backups, restore_backup, take_backup
from relapp.store.erasure import LEDGER_NAME
from relapp.store.vault import RecordNotFound
from tests.conftest import PASSPHRASE, raw_connect, relapp_command

SENTINEL = "QUOKKA-ERASE-5521"


def build(session):  # noqa: ANN001, ANN201
    """A family with everything that can belong to it, and one that must stay."""
    records = session.records
    fam = records.save(
        "family",
        {
            "reference": "EH-77",
            "display_name": f"The {SENTINEL} family",
            "members": [{"name": f"Ada {SENTINEL}", "role": "mother", "birth_year": 1990}],
            "notes": f"notes about {SENTINEL}",
        },
    )
    visit = records.save(
        "visit",
        {"family_id": fam.id, "when": "2026-11-02T10:00", "mode": "home", "purpose": SENTINEL},
    )
    reflection = records.save(
        "reflection",
        {
            "family_id": fam.id,
            "visit_id": visit.id,
            "template_id": "free-text",
            "sections": {"reflection": f"I noticed {SENTINEL}"},
            "status": "submitted",
        },
    )
    feedback = records.save("feedback", {"record_id": reflection.id, "text": f"re {SENTINEL}"})
    checkin = records.save(
        "checkin",
        {
            "family_id": fam.id,
            "visit_id": visit.id,
            "instrument_id": "practitioner-family",
            "respondent": "parent",
            "when": "2026-11-02T10:30",
            "scores": {
                item: 3
                for item in (
                    "heard",
                    "trust",
                    "respect",
                    "what-matters",
                    "honest-worries",
                    "just-getting-through",
                )
            },
            "comment": SENTINEL,
        },
    )
    unsent.keep(records, f"reply:{reflection.id}", f"half a reply about {SENTINEL}")
    barrier = records.save(
        "barrier",
        {"category": "other", "description": "Waiting lists", "visit_ids": [visit.id]},
    )
    other = records.save("family", {"reference": "EH-78", "display_name": "The Wren family"})
    return fam, [fam, visit, reflection, feedback, checkin], barrier, other


def everything_readable(session) -> str:  # noqa: ANN001
    """Every version of every record the vault holds, decrypted, and every text its search
    index holds, as one text."""
    vault = session.vault
    out = []
    with vault._lock:
        ids = [r[0] for r in vault._conn.execute("SELECT id FROM records")]
    for rid in ids:
        out += [json.dumps(v.data, ensure_ascii=False) for v in vault.history(rid)]
    out += [row[0] for row in vault.query("SELECT text FROM search")]
    return "\n".join(out)


@pytest.fixture
def supervisor(tmp_path: Path):  # noqa: ANN201
    session, _code = create_profile(tmp_path / "sup", "Pat Supervisor", "supervisor", PASSPHRASE)
    yield session
    session.close()


def test_erasing_a_family_leaves_nothing_of_it_and_a_marker(supervisor, tmp_path) -> None:
    fam, belongs, barrier, other = build(supervisor)
    assert SENTINEL in everything_readable(supervisor)
    before = take_backup(supervisor.vault, "manual")

    result = erasure.erase_family(
        supervisor, fam.id, reason="Article 17 request", request="SAR-2026-014"
    )

    assert result.plan.counts() == {
        "family": 1,
        "visit": 1,
        "reflection": 1,  # submitted: erasure overrides the lock
        "feedback": 1,
        "checkin": 1,
        "unsent_text": 1,
    }
    for record in belongs:
        with pytest.raises(RecordNotFound):
            supervisor.vault.get(record.id)
    assert SENTINEL not in everything_readable(supervisor)
    assert supervisor.vault.trash() == []
    assert supervisor.vault.get(other.id).data["display_name"] == "The Wren family"
    # The barrier keeps its words and loses the link; the supervisor is told to read it.
    assert result.plan.unlinked == [barrier.id]
    assert supervisor.vault.get(barrier.id).data["visit_ids"] == []
    assert [h.record_id for h in supervisor.vault.search("waiting lists")] == [barrier.id]
    assert supervisor.vault.search(SENTINEL) == []
    # A marker of ids, date, role, request and reason stays; no content.
    marks = {m.record_id: m for m in store_erasure.erased(supervisor.vault)}
    assert set(marks) == {rid for rid, _kind in result.plan.records}
    assert {(m.by_role, m.request, m.reason) for m in marks.values()} == {
        ("supervisor", "SAR-2026-014", "Article 17 request")
    }
    # Nothing of it in any table of the database, nor in its backups: not its ids, not its
    # words (the search index and its shadow tables included, where words are stored folded
    # to lower case, inside binary segments).
    key = supervisor.vault.keyring().vault_key
    erased_ids = set(marks)
    paths = [supervisor.vault.path, *(b.path for b in list_backups(supervisor.vault.folder))]
    for path in paths:
        text = _all_rows_but_markers(path, key)
        assert not [rid for rid in erased_ids if rid in text], [
            line for line in text.splitlines() if any(rid in line for rid in erased_ids)
        ]
        assert SENTINEL not in text and "quokka" not in text.lower(), path.name
        assert _search_tables(path, key) >= {"search", "search_data", "search_content"}
    # The WAL was truncated: no frame of the old pages is left.
    wal = Path(str(supervisor.vault.path) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    # The ledger beside the database is sealed: ids are not readable in it either.
    ledger = (supervisor.vault.folder / LEDGER_NAME).read_bytes()
    assert fam.id.encode() not in ledger
    assert before.path.exists()


def _all_rows_but_markers(path: Path, key: bytes) -> str:
    """Every row of every table of a database file, but the erasure markers, as text.

    The markers: the erasures table, the audit trail, and the signed erasure records that
    carry the erased ids to the other laptops (ids, no content)."""
    conn = raw_connect(path, key=key)
    try:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            # Markers and the audit trail (this laptop's, received ones, the index of the ids
            # its entries name): ids, no content.
            if r[0] not in ("erasures", "audit", "audit_received", "audit_refs", "audit_problems")
        ]

        def rows(table: str) -> Any:
            if table in ("records", "record_versions"):
                return conn.execute(f"SELECT * FROM {table} WHERE kind != 'erasure'")
            return conn.execute(f'SELECT * FROM "{table}"')

        def text(row: Any) -> str:
            # Binary values (the search index's segments) as Latin-1, so words in them show.
            return repr(tuple(v.decode("latin-1") if isinstance(v, bytes) else v for v in row))

        return "\n".join(text(row) for table in tables for row in rows(table))
    finally:
        conn.close()


def _search_tables(path: Path, key: bytes) -> set[str]:
    """The search index's tables in a database file (so the check above looked in them)."""
    conn = raw_connect(path, key=key)
    try:
        return {
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'search%'"
            )
        }
    finally:
        conn.close()


def test_restoring_a_backup_from_before_the_erasure_does_not_bring_it_back(tmp_path) -> None:
    folder = tmp_path / "sup"
    session, _code = create_profile(folder, "Pat Supervisor", "supervisor", PASSPHRASE)
    fam, belongs, _barrier, other = build(session)
    key = session.vault.keyring().vault_key
    before = take_backup(session.vault, "manual")
    # An older copy that the purge of backups does not know about (copied in by hand later).
    stray = before.path.with_name("vault-20200101T000000000000Z-manual.sqlite3")
    stray.write_bytes(before.path.read_bytes())
    erasure.erase_family(session, fam.id, reason="request", request="SAR-1")
    session.close()
    # Put back the copy from before the purge, and restore it.
    stray.write_bytes(before.path.read_bytes())  # the purge already ran on it once
    restore_backup(folder, stray.name, PASSPHRASE)
    conn = raw_connect(folder / "vault.sqlite3", key=key)
    try:
        left = conn.execute(
            f"SELECT count(*) FROM records WHERE id IN ({','.join('?' * len(belongs))})",
            [r.id for r in belongs],
        ).fetchone()[0]
    finally:
        conn.close()
    assert left == 0  # replayed by the restore itself
    session = unlock_profile(folder, PASSPHRASE)
    try:
        assert SENTINEL not in everything_readable(session)
        assert session.vault.get(other.id)
    finally:
        session.close()


def test_a_practitioner_cannot_erase_and_bad_input_changes_nothing(tmp_path) -> None:
    session, _code = create_profile(tmp_path / "p", "Alex", "practitioner", PASSPHRASE)
    try:
        fam = session.records.save("family", {"reference": "F", "display_name": "X"})
        with pytest.raises(ServiceError, match="Only a supervisor"):
            erasure.erase_family(session, fam.id, reason="r", request="SAR-1")
        assert session.vault.get(fam.id)
    finally:
        session.close()
    sup, _code = create_profile(tmp_path / "s", "Pat", "supervisor", PASSPHRASE)
    try:
        fam = sup.records.save("family", {"reference": "F", "display_name": "X"})
        for reason, request in (("", "SAR-1"), ("why", ""), ("why", "x" * 65)):
            with pytest.raises(ServiceError):
                erasure.erase_family(sup, fam.id, reason=reason, request=request)
        assert sup.vault.get(fam.id) and store_erasure.erased(sup.vault) == []
    finally:
        sup.close()


def test_relapp_erase_on_the_command_line(tmp_path) -> None:
    profile = tmp_path / "sup"
    session, _code = create_profile(profile, "Pat Supervisor", "supervisor", PASSPHRASE)
    fam, _belongs, _barrier, _other = build(session)
    session.close()

    def relapp(*args: str) -> subprocess.CompletedProcess:
        return relapp_command(profile, tmp_path, *args)

    assert relapp("erase", "requests").stdout.strip() == "No erasure requests."
    asked = relapp("erase", "request", "EH-78", "--reason", "asked", "--request", "SAR-6")
    assert asked.returncode == 0 and "Asked the supervisors" in asked.stdout, asked.stderr
    assert "\topen\tSAR-6\t" in relapp("erase", "requests").stdout
    dry = relapp("erase", "family", "EH-77", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Would erase" in dry.stdout and "visit: 1" in dry.stdout
    missing = relapp("erase", "family", "EH-77", "--reason", "request")
    assert missing.returncode == 1 and "reference of the erasure request" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    done = relapp("erase", "family", "EH-77", "--reason", "Art. 17", "--request", "SAR-5")
    assert done.returncode == 0, done.stderr
    assert "Erased family" in done.stdout and "lost the link" in done.stdout
    again = relapp("erase", "family", fam.id, "--reason", "x", "--request", "y")
    assert (
        again.returncode == 1
        and "no such family" in again.stderr.lower()
        or ("does not name exactly one family" in again.stderr)
    )
