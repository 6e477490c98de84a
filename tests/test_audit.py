"""The audit trail: what is recorded, that it holds ids and never content, that it cannot be
changed or cut without it showing, and the command line a DPO uses."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest

from relapp.services import erasure, families
from relapp.services.profile import create_profile, unlock_profile
from relapp.services.transfer import export_json
from relapp.store import audit
from relapp.store.vault import Vault, WrongPassphrase
from tests.conftest import PASSPHRASE, raw_connect, relapp_command

SENTINEL = "WOMBAT-AUDIT-3307"


def test_actions_are_recorded_with_ids_only_and_the_chain_holds(tmp_path: Path) -> None:
    folder = tmp_path / "sup"
    session, _code = create_profile(folder, "Pat Supervisor", "supervisor", PASSPHRASE)
    fam = session.records.save("family", {"reference": "EH-1", "display_name": SENTINEL})
    families.family_detail(session.records, fam.id)
    export_json(session.records)
    erasure.erase_family(session, fam.id, reason="Article 17", request="SAR-1")
    session.close()
    # A wrong passphrase, then the right one: the next unlock says there were failures.
    v = Vault.open(folder)
    with pytest.raises(WrongPassphrase):
        v.unlock("not the passphrase at all")
    v.close()
    session = unlock_profile(folder, PASSPHRASE)
    try:
        actions = [e.action for e in audit.entries(session.vault)]
        assert actions == ["open_family", "export", "erase", "unlock_after_failures"]
        opened = audit.entries(session.vault, record_id=fam.id)
        assert [e.action for e in opened] == ["open_family", "erase"]
        assert {e.member for e in opened} == {session.vault.member_id}
        assert audit.verify(session.vault) == (True, "4 entries, chain intact")
        key = session.vault.keyring().vault_key
    finally:
        session.close()
    conn = raw_connect(folder / "vault.sqlite3", key=key)
    try:
        text = repr(conn.execute("SELECT * FROM audit").fetchall())
        assert SENTINEL not in text and "EH-1" not in text
        # The database refuses to change or remove an entry ...
        for sql in ("UPDATE audit SET action = 'export'", "DELETE FROM audit WHERE seq = 1"):
            with pytest.raises(Exception, match="append-only"):
                conn.execute(sql)
        # ... and one removed behind its back (triggers dropped) breaks the chain.
        conn.execute("DROP TRIGGER audit_no_delete")
        conn.execute("DELETE FROM audit WHERE seq = 2")
    finally:
        conn.close()
    session = unlock_profile(folder, PASSPHRASE)
    try:
        ok, where = audit.verify(session.vault)
        assert not ok and "entry 3 does not follow" in where
    finally:
        session.close()


def test_relapp_audit_exports_csv_and_doctor_checks_the_chain(tmp_path: Path) -> None:
    folder = tmp_path / "sup"
    session, _code = create_profile(folder, "Pat Supervisor", "supervisor", PASSPHRASE)
    fam = session.records.save("family", {"reference": "EH-1", "display_name": SENTINEL})
    families.family_detail(session.records, fam.id)
    session.close()

    def relapp(*args: str) -> subprocess.CompletedProcess:
        return relapp_command(folder, tmp_path, *args)

    out = tmp_path / "audit.csv"
    done = relapp("audit", "export", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert _rows(out)[0]["action"] == "open_family"
    assert [r["action"] for r in _rows(out)][:2] == ["open_family", "unlock"]
    assert SENTINEL not in out.read_text(encoding="utf-8")
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    # The filters: a family (by reference code), an action, a period.
    done = relapp("audit", "export", "--out", str(out), "--family", "EH-1")
    assert done.returncode == 0, done.stderr
    assert [(r["action"], r["records"]) for r in _rows(out)] == [
        ("open_family", f"{fam.id}:family")
    ]
    relapp("audit", "export", "--out", str(out), "--action", "unlock", "--since", "2000-01-01")
    assert {r["action"] for r in _rows(out)} == {"unlock"}
    relapp("audit", "export", "--out", str(out), "--until", "2000-01-01")
    assert _rows(out) == []
    bad = relapp("audit", "export", "--out", str(out), "--since", "yesterday")
    assert bad.returncode == 1 and "--since must be a date" in bad.stderr
    shown = relapp("audit", "--family", fam.id)
    assert shown.returncode == 0 and "open_family" in shown.stdout
    doctor = relapp("doctor")
    assert doctor.returncode == 0 and "chain intact" in doctor.stdout, doctor.stdout


def _rows(path: Path) -> list[dict[str, str]]:
    """The CSV's rows: the lines starting with # explain the columns, then the header row."""
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("# Relapp audit trail")
    assert any(line.startswith("#   records: ") for line in lines)
    body = [line for line in lines if not line.startswith("#")]
    return list(csv.DictReader(body))


def test_opening_a_reflection_or_a_check_in_is_recorded(tmp_path: Path) -> None:
    from relapp.services import checkins, reflections

    session, _code = create_profile(tmp_path / "p", "Alex", "practitioner", PASSPHRASE)
    try:
        saved = session.records.save(
            "reflection",
            {"template_id": "free-text", "status": "draft", "sections": {"reflection": SENTINEL}},
        )
        reflections.load_for_editing(session.records)  # a new one: nothing to record
        reflections.load_for_editing(session.records, saved.id)
        fam = session.records.save("family", {"reference": "EH-1", "display_name": "X"})
        scores = {
            item: 3
            for item in (
                "heard",
                "trust",
                "respect",
                "what-matters",
                "honest-worries",
                "just-getting-through",
            )
        }
        checkin = session.records.save(
            "checkin",
            {
                "family_id": fam.id,
                "instrument_id": "practitioner-family",
                "respondent": "parent",
                "when": "2026-11-02T10:30",
                "scores": scores,
            },
        )
        checkins.checkin_detail(session.records, checkin.id)
        assert [(e.action, e.records) for e in audit.entries(session.vault)] == [
            ("open_reflection", (saved.id,)),
            ("open_checkin", (checkin.id,)),
        ]
    finally:
        session.close()


def test_a_schema_6_profile_with_a_trail_upgrades_and_its_entries_can_be_filtered(
    tmp_path: Path,
) -> None:
    """The real schema-6 fixture, brought to schema 9 and given a trail as that schema kept
    it, then opened: the trail's chain is intact, its record ids are indexed for the
    supervisor's filters, and what arrives from other laptops has its own append-only table."""
    import os
    import shutil

    from relapp.store import schema

    folder = tmp_path / "p"
    shutil.copytree(Path(__file__).parent / "fixtures" / "vault-v6", folder)
    os.chmod(folder, 0o700)
    key = Vault.open_keys_only(folder).open_keyring("fixture passphrase six").vault_key
    conn = raw_connect(folder / "vault.sqlite3", key=key)
    try:
        schema.migrate(conn, target=9, key=key)
        family_id = conn.execute("SELECT id FROM records WHERE kind = 'family' LIMIT 1").fetchone()[
            0
        ]
        prev = audit.GENESIS
        for action, ids in (("unlock", "[]"), ("open_family", f'["{family_id}"]')):
            at, member, device = "2026-11-01T09:00:00.000000+00:00", "m1", "d1"
            digest = audit.digest(prev, at, member, device, action, ids)
            conn.execute(
                "INSERT INTO audit(at, member, device, action, records, prev, hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (at, member, device, action, ids, prev, digest),
            )
            prev = digest
    finally:
        conn.close()
    session = unlock_profile(folder, "fixture passphrase six")
    try:
        assert audit.verify(session.vault)[0]
        hits = list(audit.iter_rows(session.vault, audit.Filter(family_id=family_id)))
        assert [h.action for h in hits] == ["open_family"]
        assert audit.count(session.vault, audit.Filter()) == 3  # and this unlock
        with session.vault.writing() as c:
            c.execute(
                "INSERT INTO audit_received VALUES"
                " ('d2', 1, 'a', 'm', 'unlock', '[]', 'p', 'h', 'r')"
            )
            for sql in ("DELETE FROM audit_received", "UPDATE audit_received SET seq = 2"):
                with pytest.raises(Exception, match="append-only"):
                    c.execute(sql)
    finally:
        session.close()


def test_wrong_passphrases_before_a_recovery_are_recorded_too(tmp_path: Path) -> None:
    """Someone guessed at the passphrase, then the owner came back with the recovery code:
    the trail says the unlock came after failures, as it does for a passphrase."""
    from relapp.services.profile import recover

    folder = tmp_path / "p"
    session, code = create_profile(folder, "Sam Carter", "practitioner", PASSPHRASE)
    session.close()
    v = Vault.open(folder)
    for _ in range(2):
        with pytest.raises(WrongPassphrase):
            v.unlock("not the passphrase at all")
    v.close()
    session, _new_code = recover(folder, code, "a brand new passphrase for sam")
    try:
        assert [e.action for e in audit.entries(session.vault)] == ["unlock_after_failures"]
    finally:
        session.close()
