"""The audit trail reaches the team's supervisors, sealed for them alone, and each laptop's
chain can still be checked there: a laptop that drops, reorders or rewrites entries, or
sends entries of another laptop, is found and shown; a hostile file never stops sync."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from relapp.services import families
from relapp.store import audit
from relapp.sync import bundle as bundles
from tests.conftest import raw_connect, relapp_command
from tests.sync.helpers import bundle_dir, family, renamed_for, rlb_files


@pytest.fixture
def crew(team):  # noqa: ANN001, ANN201
    team.join("alex", "Alex Practitioner", "practitioner")
    team.join("sam", "Sam Practitioner", "practitioner")
    team.sync(rounds=2)
    return team


def _db(session):  # noqa: ANN001, ANN202
    return session.vault.folder / "vault.sqlite3"


def _received(session, device: str) -> list[audit.Row]:  # noqa: ANN001
    return [r for r in audit.iter_rows(session.vault, audit.Filter()) if r.device == device]


def _open_families(session, count: int) -> list[str]:  # noqa: ANN001
    ids = []
    for n in range(count):
        fam = family(session, f"The Audit family {n}", f"EH-A{n}")
        families.family_detail(session.records, fam.id)
        ids.append(fam.id)
    return ids


def test_entries_reach_supervisors_only_and_chain_there(crew) -> None:  # noqa: ANN001
    sup, alex, sam = crew.people["sup"], crew.people["alex"], crew.people["sam"]
    opened = _open_families(alex, 3)
    crew.sync("alex", "sup", "sam")
    alex_device = alex.vault.device_id
    got = _received(sup, alex_device)
    assert [r.action for r in got if r.action == "open_family"] == ["open_family"] * 3
    assert {r.member for r in got} == {alex.vault.member_id}
    assert all(r.received for r in got)
    assert [r.seq for r in got] == list(range(1, len(got) + 1))
    # The supervisor's screen filters by family: the entry naming it, nothing else.
    hits = list(audit.iter_rows(sup.vault, audit.Filter(family_id=opened[1])))
    assert [(h.action, h.records) for h in hits] == [("open_family", (opened[1],))]
    assert audit.verify(sup.vault)[0] and "chain intact" in audit.verify(sup.vault)[1]
    assert audit.received_problems(sup.vault) == []
    # Another practitioner receives the bundles but can read no entry of them.
    assert _received(sam, alex_device) == []
    for path in rlb_files(bundle_dir(sup, alex)):
        header = bundles.peek_header(path.read_bytes())
        for section in header.sections:
            if section.audience.startswith(bundles.AUDIT):
                labels = set(section.keys)
                assert "audit:" + sup.vault.device_id in labels
                assert not labels & {sam.vault.device_id, "audit:" + sam.vault.device_id}
                assert not labels & {alex_device, "audit:" + alex_device}
    # Syncing again sends nothing twice.
    before = len(_received(sup, alex_device))
    crew.sync("alex", "sup")
    assert len(_received(sup, alex_device)) == before


def _tamper(session, *sql: str) -> None:  # noqa: ANN001
    """What a practitioner with their own key can do to their laptop's database."""
    conn = raw_connect(_db(session))
    try:
        conn.execute("DROP TRIGGER IF EXISTS audit_no_delete")
        conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
        for statement in sql:
            conn.execute(statement)
    finally:
        conn.close()


def test_a_laptop_that_drops_an_entry_before_sending_is_found(crew, tmp_path) -> None:  # noqa: ANN001
    sup, alex = crew.people["sup"], crew.people["alex"]
    crew.sync("alex", "sup")
    sent = int(alex.vault.meta(audit.SENT_KEY) or 0)
    _open_families(alex, 3)
    _tamper(alex, f"DELETE FROM audit WHERE seq = {sent + 2}")
    reports = crew.sync("alex", "sup")
    assert reports["sup"].audit_problems >= 1, reports["sup"]
    problems = audit.received_problems(sup.vault)
    assert any(p.device == alex.vault.device_id and "is missing" in p.problem for p in problems), (
        problems
    )
    ok, text = audit.verify(sup.vault)
    assert not ok and "missing" in text
    # The DPO's CSV marks the entry after the gap.
    out = tmp_path / "trail.csv"
    done = relapp_command(sup.vault.folder, tmp_path, "audit", "export", "--out", str(out))
    assert done.returncode != 0 and "tampered" in done.stderr  # written, and the exit says so
    lines = [x for x in out.read_text(encoding="utf-8-sig").splitlines() if x[:1] != "#"]
    flagged = [r for r in csv.DictReader(lines) if r["chain_problem"]]
    assert flagged and flagged[0]["source"] == "received"
    assert "is missing" in flagged[0]["chain_problem"]
    # Sync itself went on: the families arrived.
    assert sup.vault.query("SELECT count(*) FROM records WHERE kind = 'family'")[0][0] >= 3


def test_a_rewritten_or_edited_trail_is_found(crew) -> None:  # noqa: ANN001
    sup, alex = crew.people["sup"], crew.people["alex"]
    _open_families(alex, 2)
    crew.sync("alex", "sup")
    first = _received(sup, alex.vault.device_id)[0]
    # The laptop rewrites an entry it already sent, hash and all, and sends its trail again.
    rewritten = audit.digest(
        first.prev, first.at, first.member, first.device, "export", json.dumps(first.records)
    )
    _tamper(
        alex,
        f"UPDATE audit SET action = 'export', hash = '{rewritten}' WHERE seq = {first.seq}",
        f"UPDATE meta SET value = '0' WHERE key = '{audit.SENT_KEY}'",
    )
    # ... and edits a new one without mending its hash.
    _open_families(alex, 1)
    last = alex.vault.query("SELECT max(seq) FROM audit")[0][0]
    _tamper(alex, f"UPDATE audit SET action = 'unlock' WHERE seq = {last}")
    crew.sync("alex", "sup")
    problems = {(p.seq, p.problem) for p in audit.received_problems(sup.vault)}
    assert any(s == first.seq and "sent again with different content" in t for s, t in problems)
    assert any(s == last and "changed after it was written" in t for s, t in problems)
    # What the supervisor first received is what stays.
    assert _received(sup, alex.vault.device_id)[0].action == first.action


def test_entries_of_another_laptop_set_the_bundle_aside_and_sync_goes_on(crew) -> None:  # noqa: ANN001
    sup, alex, sam = crew.people["sup"], crew.people["alex"], crew.people["sam"]
    _open_families(alex, 1)
    crew.sync("alex", "sup")
    # Alex's laptop forges an entry as Sam's laptop.
    last = alex.vault.query("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")[0]
    at = "2026-01-01T00:00:00.000000+00:00"
    forged = audit.digest(last[1], at, sam.vault.member_id, sam.vault.device_id, "export", "[]")
    _tamper(
        alex,
        "INSERT INTO audit(at, member, device, action, records, prev, hash) VALUES"
        f" ('{at}', '{sam.vault.member_id}', '{sam.vault.device_id}', 'export', '[]',"
        f" '{last[1]}', '{forged}')",
    )
    family(sam, "The Sam family", "EH-S1")
    reports = crew.sync("alex", "sam", "sup")
    assert any("audit entry of another laptop" in r for _p, r in reports["sup"].quarantined)
    assert not [r for r in _received(sup, sam.vault.device_id) if r.device != sam.vault.device_id]
    names = {r[0] for r in sup.vault.query("SELECT name FROM records WHERE kind = 'family'")}
    assert "The Sam family" in names  # the other laptop's changes still arrive


def test_a_replayed_older_bundle_is_set_aside(crew) -> None:  # noqa: ANN001
    sup, alex = crew.people["sup"], crew.people["alex"]
    _open_families(alex, 1)
    crew.sync("alex", "sup")
    files = rlb_files(bundle_dir(alex))
    old = files[0].read_bytes()
    seq = int(files[-1].name[:10]) + 1
    shutil.copyfile(files[0], files[0].parent / renamed_for(old, seq))
    report = crew.sync("sup")["sup"]
    assert report.quarantined
    assert audit.received_problems(sup.vault) == []
    _open_families(alex, 1)


def test_a_supervisor_who_joins_later_reads_the_trail_from_snapshots(crew) -> None:  # noqa: ANN001
    alex = crew.people["alex"]
    _open_families(alex, 2)
    crew.sync("alex", "sup")
    late = crew.join("sup2", "Robin Supervisor", "supervisor")
    crew.sync("alex", "sup2", rounds=2)
    got = _received(late, alex.vault.device_id)
    assert len([r for r in got if r.action == "open_family"]) == 2
    assert [r.seq for r in got] == list(range(1, len(got) + 1))
    assert audit.received_problems(late.vault) == []


def test_received_entries_edited_on_the_supervisors_laptop_are_found(crew, tmp_path) -> None:  # noqa: ANN001
    sup, alex = crew.people["sup"], crew.people["alex"]
    _open_families(alex, 1)
    crew.sync("alex", "sup")
    conn = raw_connect(_db(sup))
    try:
        with pytest.raises(Exception, match="append-only"):
            conn.execute("DELETE FROM audit_received")
        conn.execute("DROP TRIGGER audit_received_no_update")
        conn.execute("UPDATE audit_received SET action = 'unlock' WHERE action = 'open_family'")
    finally:
        conn.close()
    ok, text = audit.verify(sup.vault)
    assert not ok and "changed after it was written" in text
    doctor = relapp_command(sup.vault.folder, tmp_path, "doctor")
    assert doctor.returncode != 0 and "audit trail was tampered with" in doctor.stdout


def test_every_listed_action_is_recorded_and_reaches_the_supervisor(team, tmp_path) -> None:  # noqa: ANN001
    """Team changes, opening a family, a reflection and a check-in, an export, reports, an
    erasure request and its answer, a legal hold, an erasure: each leaves an entry (ids only)
    that the supervisor's laptop holds after sync."""
    from relapp.services import checkins, erasure, reflections, reports, retention
    from relapp.services.transfer import export_json

    sup = team.people["sup"]
    alex = team.join("alex", "Alex Practitioner", "practitioner")
    team.sync(rounds=2)
    fam = family(alex, "The Sentinel family", "EH-SENT")
    families.family_detail(alex.records, fam.id)
    note = alex.records.save(
        "reflection",
        {"template_id": "free-text", "status": "draft", "sections": {"reflection": "words"}},
    )
    reflections.load_for_editing(alex.records, note.id)
    scores = dict.fromkeys(
        ("heard", "trust", "respect", "what-matters", "honest-worries", "just-getting-through"), 3
    )
    check = alex.records.save(
        "checkin",
        {
            "family_id": fam.id,
            "instrument_id": "practitioner-family",
            "respondent": "parent",
            "when": "2026-11-02T10:30",
            "scores": scores,
        },
    )
    checkins.checkin_detail(alex.records, check.id)
    export_json(alex.records)
    request = erasure.ask_for_erasure(alex, fam.id, reason="asked by the family", request="R-1")
    team.sync("alex", "sup", "alex", "sup")
    erasure.decline_request(sup, request, "we must keep the record for now")
    retention.set_hold(sup, fam.id, True)
    reports.write_analyst_csv(sup, "checkins", tmp_path / "c.csv")
    erasure.erase_family(sup, fam.id, reason="Article 17", request="R-2")
    team.sync("sup", "alex", "sup", "alex", "sup")

    mine = {r.action for r in audit.iter_rows(sup.vault, audit.Filter()) if not r.received}
    assert {
        "team_change",
        "erasure_declined",
        "legal_hold_placed",
        "report",
        "erase",
    } <= mine
    theirs = [r for r in audit.iter_rows(sup.vault, audit.Filter()) if r.received]
    assert {r.action for r in theirs} >= {
        "team_change",
        "open_family",
        "open_reflection",
        "open_checkin",
        "export",
        "erasure_request",
        "erasure_received",
    }
    about = {r.action for r in audit.iter_rows(sup.vault, audit.Filter(family_id=fam.id))}
    assert {"open_family", "erasure_request", "legal_hold_placed", "erase"} <= about
    everything = repr(list(audit.iter_rows(sup.vault, audit.Filter())))
    assert "Sentinel" not in everything and "EH-SENT" not in everything
    assert audit.received_problems(sup.vault) == []


def _signed_with_audit(team, key: str, entries: list[dict]):  # noqa: ANN001, ANN202
    """A correctly signed bundle whose audit section is whatever a modified Relapp put in it."""
    import hashlib

    from relapp.sync.engine import team_folder_for
    from relapp.sync.team import load_team

    session = team.people[key]
    folder = team_folder_for(session.vault)
    state = load_team(folder)
    files = rlb_files(folder.bundles_dir(session.vault.device_id))
    seq = len(files) + 1
    prev = hashlib.sha256(files[-1].read_bytes()).hexdigest() if files else ""
    data = bundles.encode(
        team_id=folder.team_id,
        device_id=session.vault.device_id,
        member_id=session.vault.member_id,
        seq=seq,
        prev=prev,
        created=session.vault.clock.tick().encode(),
        sections=[bundles.audit_section(entries, state.devices_of(state.supervisors()))],
        recovery_public=state.recovery_public,
        signing_key=session.vault.keyring().ed25519_private,
    )
    path = folder.bundles_dir(session.vault.device_id) / bundles.bundle_name(seq, data)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "damage",
    [
        {"records": "not json"},
        {"records": '["ok", {"deep": [1]}]'},
        {"hash": "zz"},
        {"action": "DROP TABLE audit"},
        {"at": "yesterday"},
        {"seq": 0},
        {"member": "x" * 500},
    ],
)
def test_a_malformed_audit_section_is_set_aside_and_sync_goes_on(crew, damage) -> None:  # noqa: ANN001
    sup, alex, sam = crew.people["sup"], crew.people["alex"], crew.people["sam"]
    crew.sync("alex", "sup")
    entry = {
        "seq": 1,
        "at": "2026-01-01T00:00:00.000000+00:00",
        "member": alex.vault.member_id,
        "device": alex.vault.device_id,
        "action": "export",
        "records": "[]",
        "prev": audit.GENESIS,
        "hash": "0" * 64,
        **damage,
    }
    path = _signed_with_audit(crew, "alex", [entry])
    family(sam, "The Later family", "EH-L1")
    report = crew.sync("sam", "sup")["sup"]
    assert [reason for p, reason in report.quarantined if p == str(path)], report.quarantined
    assert "its laptop wrote a change Relapp cannot read" in dict(report.quarantined)[str(path)]
    names = {r[0] for r in sup.vault.query("SELECT name FROM records WHERE kind = 'family'")}
    assert "The Later family" in names
    # A practitioner's laptop cannot open the section at all, so it is no fault of theirs.
    assert not [p for p, _r in crew.sync("sam")["sam"].quarantined if p == str(path)]


def test_a_subject_access_export_on_the_supervisors_laptop_names_who_opened_the_family(
    crew,
) -> None:  # noqa: ANN001
    from relapp.services import subject_access

    sup, alex = crew.people["sup"], crew.people["alex"]
    (opened,) = _open_families(alex, 1)
    crew.sync("alex", "sup")
    sar = subject_access.gather(sup, opened)
    seen = [(line.action, line.device) for line in sar.audit]
    assert ("open_family", alex.vault.device_id[-8:]) in seen, seen


def test_a_restored_backup_does_not_roll_the_trail_back(crew) -> None:  # noqa: ANN001
    from relapp.services.profile import unlock_profile
    from relapp.services.team import sync_once
    from relapp.store.backups import restore_backup, take_backup
    from tests.conftest import PASSPHRASE

    sup, alex = crew.people["sup"], crew.people["alex"]
    _open_families(alex, 1)
    crew.sync("alex", "sup")
    backup = take_backup(alex.vault, "manual")
    later = _open_families(alex, 2)  # entries written, and sent, after the backup
    crew.sync("alex", "sup")
    before = [(e.seq, e.hash) for e in audit.entries(alex.vault)]
    profile = alex.vault.folder
    alex.close()
    restore_backup(profile, backup.name, PASSPHRASE)
    alex = crew.people["alex"] = unlock_profile(profile, PASSPHRASE)
    # The trail goes on from where it was: every entry is still there, unchanged.
    after = [(e.seq, e.hash) for e in audit.entries(alex.vault)]
    assert after[: len(before)] == before
    assert audit.verify(alex.vault)[0]
    report = sync_once(alex)
    assert report.status == "ok" and not report.quarantined, report
    crew.sync("sup")
    # The supervisor sees no entry sent again changed, and the later openings are there.
    assert audit.received_problems(sup.vault) == []
    assert audit.arrival_problems(sup.vault) == []
    hits = list(audit.iter_rows(sup.vault, audit.Filter(family_id=later[1])))
    assert [h.action for h in hits] == ["open_family"]
