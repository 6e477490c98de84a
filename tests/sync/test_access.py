"""Who can read what on the shared folder: the organisation's recovery key, a removed member,
another practitioner, another team's supervisor — and that no name or word sits there in
clear."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from relapp.domain.hlc import wall_millis
from relapp.services import team as team_service
from relapp.services.errors import ServiceError
from relapp.store import syncstate
from relapp.sync import bundle as bundles
from relapp.sync.engine import team_folder_for
from relapp.sync.layout import TeamFolder
from relapp.sync.team import load_team
from tests.sync.conftest import Team
from tests.sync.helpers import all_shared_bytes, edit_family, family, rlb_files

DAY_MS = 24 * 60 * 60 * 1000


def readable_events(folder: TeamFolder, session) -> list[dict]:  # noqa: ANN001
    """Every event in every bundle on the drive that session's device key opens."""
    state = load_team(folder)
    keyring = session.vault.keyring()
    out = []
    for device_id in folder.device_ids():
        device = state.device(device_id)
        for path in rlb_files(folder.bundles_dir(device_id)):
            opened = bundles.decode(
                path.read_bytes(),
                team_id=folder.team_id,
                signer_public=device.ed25519,
                my_id=session.vault.device_id,
                my_private=keyring.x25519_private,
            )
            out += [e for events in opened.sections.values() for e in events]
    return out


def submitted_reflection(session, family_id: str, text: str):  # noqa: ANN001
    draft = session.records.save_reflection_draft(
        {"template_id": "free-text", "family_id": family_id, "sections": {"reflection": text}}
    )
    return session.records.submit_reflection(draft.id)


def other_team(tmp_path: Path) -> Team:
    other = Team(central=tmp_path / "elsewhere", base=tmp_path / "other-profiles")
    other.central.mkdir(parents=True)
    boss = other.add("sup", "Olive Other", "supervisor")
    _folder, other.org_code = team_service.create(boss, other.central, "Another Team")
    return other


# ---- the organisation's recovery key --------------------------------------------------------


def test_the_organisation_key_recovers_every_record_without_any_laptop(team: Team) -> None:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    ahead = team.join("ahead", "Alex Morgan", "practitioner", as_member=alex.vault.member_id)
    sup = team.people["sup"]
    fam = family(alex, "The Lark family")
    gone = family(alex, "Closed and deleted", "EH-2")
    reflection = submitted_reflection(alex, fam.id, "Mum seemed calmer today")
    draft = alex.records.save_reflection_draft(
        {"template_id": "free-text", "family_id": fam.id, "sections": {"reflection": "draft"}}
    )
    barrier = alex.records.save("barrier", {"category": "caseload-time", "description": "Cover"})
    note = sup.records.save("feedback", {"record_id": reflection.id, "text": "Thank you"})
    team.sync("alex", "sup", "ahead", rounds=2)
    alex.records.delete(gone.id)
    # A laptop two days fast edits the family; later Alex corrects it on a right clock.
    ahead.vault.clock._now = lambda: wall_millis() + 2 * DAY_MS
    edit_family(ahead, fam.id, "Fast laptop's name")
    team.sync("ahead", "alex")
    edit_family(alex, fam.id, "The Lark family (corrected)")
    team.sync("alex", "sup", "ahead", rounds=2)
    expected = {r.id: r.data for r in sup.vault.list("family")}
    expected |= {
        r.id: r.data for k in ("reflection", "barrier", "feedback") for r in sup.vault.list(k)
    }

    # Every laptop is lost; only the shared folder and the printed code remain.
    for session in team.people.values():
        session.close()
    shutil.rmtree(team.base)
    document = team_service.recover_team(team.central, team.org_code)
    records = {r["id"]: r for r in document["records"]}
    assert records[fam.id]["data"]["display_name"] == "The Lark family (corrected)"
    assert gone.id not in records
    assert records[reflection.id]["data"]["sections"] == {"reflection": "Mum seemed calmer today"}
    assert records[barrier.id]["kind"] == "barrier" and records[note.id]["kind"] == "feedback"
    assert records[draft.id]["data"]["status"] == "draft"  # drafts are recoverable too
    assert {rid: r["data"] for rid, r in records.items() if rid in expected} == expected

    with pytest.raises(ServiceError):
        team_service.recover_team(team.central, other_team(team.base.parent / "x").org_code)


# ---- a removed member ---------------------------------------------------------------------


def test_a_removed_member_reads_nothing_written_after_removal(team: Team) -> None:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    bob = team.join("bob", "Bob Hale", "practitioner")
    sup = team.people["sup"]
    fam = family(alex)
    reflection = submitted_reflection(alex, fam.id, "Before removal")
    old_barrier = bob.records.save(
        "barrier", {"category": "caseload-time", "description": "Seen by everyone"}
    )
    team.sync("alex", "bob", "sup", rounds=2)
    assert alex.records.get(old_barrier.id)
    folder = team_folder_for(sup.vault)
    before = {p for d in folder.device_ids() for p in rlb_files(folder.bundles_dir(d))}

    team_service.remove(sup, alex.vault.member_id)
    new_barrier = bob.records.save(
        "barrier", {"category": "caseload-time", "description": "After Alex left"}
    )
    feedback = sup.records.save("feedback", {"record_id": reflection.id, "text": "Late note"})
    edit_family(sup, fam.id, "Reassigned family")
    reports = team.sync("sup", "bob", "alex")
    assert reports["alex"].status == "not_member" and reports["alex"].received == 0
    assert reports["sup"].sent >= 2 and reports["bob"].sent == 1
    team.sync("sup", "bob")
    assert team.sync("alex")["alex"].status == "not_member"
    for missing in (new_barrier.id, feedback.id):
        with pytest.raises(Exception, match="does not exist"):
            alex.records.get(missing)
    assert alex.records.get(fam.id).data["display_name"] == "The Lark family"

    after = [p for d in folder.device_ids() for p in rlb_files(folder.bundles_dir(d))]
    written_after = [p for p in after if p not in before]
    assert len(written_after) >= 2
    alex_devices = {alex.vault.device_id}
    for path in written_after:
        header = bundles.peek_header(path.read_bytes())
        for section in header.sections:
            assert not alex_devices & set(section.keys), (path, section.audience)
    ids = {e["id"] for e in readable_events(folder, alex)}
    new_ids = {syncstate.head_event(sup.vault, r) for r in (new_barrier.id, feedback.id, fam.id)}
    assert not ids & new_ids
    # Bob and Pat still see everything meant for them.
    assert sup.records.get(new_barrier.id) and bob.records.get(new_barrier.id)


# ---- practitioners and other teams ----------------------------------------------------------


def test_a_practitioner_reads_no_other_practitioners_casework(team: Team) -> None:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    sam = team.join("sam", "Sam Carter", "practitioner")
    sup = team.people["sup"]
    fam = family(alex)
    reflection = submitted_reflection(alex, fam.id, "Only for Pat and me")
    alex.records.save("visit", {"family_id": fam.id, "when": "2026-03-02T10:00", "mode": "home"})
    shared = alex.records.save("barrier", {"category": "caseload-time", "description": "Team"})
    team.sync("alex", "sam", "sup")
    note = sup.records.save("feedback", {"record_id": reflection.id, "text": "For Alex"})
    team.sync("sup", "alex", "sam", rounds=2)
    assert sup.records.get(reflection.id) and alex.records.get(note.id)
    for kind in ("family", "visit", "reflection", "feedback"):
        assert sam.vault.count(kind) == 0, kind
    assert sam.records.get(shared.id)
    folder = team_folder_for(sam.vault)
    readable = readable_events(folder, sam)
    assert {e["kind"] for e in readable} == {"barrier"}
    assert {e["kind"] for e in readable_events(folder, sup)} >= {
        "family",
        "visit",
        "reflection",
        "feedback",
        "barrier",
    }


def test_another_teams_supervisor_reads_nothing(team: Team, tmp_path: Path) -> None:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    fam = family(alex)
    submitted_reflection(alex, fam.id, "Not for another team")
    alex.records.save("barrier", {"category": "caseload-time", "description": "Team only"})
    team.sync("alex", "sup")
    other = other_team(tmp_path)
    olive = other.people["sup"]
    try:
        folder = team_folder_for(team.people["sup"].vault)
        state = load_team(folder)
        for device_id in folder.device_ids():
            for path in rlb_files(folder.bundles_dir(device_id)):
                opened = bundles.decode(
                    path.read_bytes(),
                    team_id=folder.team_id,
                    signer_public=state.device(device_id).ed25519,
                    my_id=olive.vault.device_id,
                    my_private=olive.vault.keyring().x25519_private,
                )
                assert opened.sections == {} and opened.audit == [] and opened.unreadable
        assert state.names_key(olive.vault.device_id, olive.vault.keyring().x25519_private) is None
        assert state.member_name(alex.vault.member_id, None) != "Alex Morgan"
        # Pointed at this team's folder, her laptop syncs nothing from it.
        for target in (team.central, folder.root):
            syncstate.set_meta(olive.vault, "sync_folder", str(target))
            report = team_service.sync_once(olive)
            assert report.status == "unreachable" and report.received == 0
        assert olive.vault.count() == 0
        with pytest.raises(ServiceError):
            team_service.recover_team(team.central, other.org_code)
    finally:
        olive.close()


# ---- nothing in clear -----------------------------------------------------------------------

SENTINELS = {
    "practitioner": "Quillon Sentinelworth",
    "second laptop": "Quillon Sentinelworth",
    "supervisor": "Zoë Sentinelbright",
    "pending member": "Pendleford Sentinelwaite",
    "family": "The Sentinelhaven family",
    "family member": "Marigold Sentinelcroft",
    "reflection": "sentinel-reflection-words-kestrel",
    "visit": "sentinel-visit-purpose-heron",
    "barrier": "sentinel-barrier-description-plover",
    "feedback": "sentinel-feedback-text-curlew",
    "check-in": "sentinel-checkin-comment-lapwing",
}


def _forms(text: str) -> list[bytes]:
    """The ways a word could appear in a file: UTF-8, JSON-escaped, UTF-16, any case."""
    escaped = text.encode("ascii", "backslashreplace").decode().replace("\\x", "\\u00")
    out = set()
    for form in {text, text.lower(), text.upper(), escaped}:
        out |= {form.encode("utf-8"), form.encode("utf-16-le")}
    return sorted(out)


def test_no_name_or_word_sits_on_the_drive_in_clear(tmp_path: Path) -> None:
    from relapp.services.profile import create_profile
    from tests.conftest import PASSPHRASE

    central = tmp_path / "shared"
    central.mkdir()
    team = Team(central=central, base=tmp_path / "profiles")
    sup = team.add("sup", SENTINELS["supervisor"], "supervisor")
    try:
        _folder, team.org_code = team_service.create(sup, central, "Early Help North")
        alex = team.join("alex", SENTINELS["practitioner"], "practitioner")
        team.join(
            "alex2", SENTINELS["second laptop"], "practitioner", as_member=alex.vault.member_id
        )
        pending, _code = create_profile(
            tmp_path / "pending", SENTINELS["pending member"], "practitioner", PASSPHRASE
        )
        team.people["pending"] = pending
        team_service.join(pending, central)  # asked, never approved
        fam = alex.records.save(
            "family",
            {
                "reference": "EH-1",
                "display_name": SENTINELS["family"],
                "members": [{"name": SENTINELS["family member"], "role": "parent"}],
            },
        )
        visit = alex.records.save(
            "visit",
            {
                "family_id": fam.id,
                "when": "2026-03-02T10:00",
                "mode": "home",
                "purpose": SENTINELS["visit"],
            },
        )
        reflection = submitted_reflection(alex, fam.id, SENTINELS["reflection"])
        alex.records.save_reflection_draft(
            {
                "template_id": "free-text",
                "family_id": fam.id,
                "sections": {"reflection": SENTINELS["reflection"] + " draft"},
            }
        )
        alex.records.save(
            "barrier", {"category": "caseload-time", "description": SENTINELS["barrier"]}
        )
        instrument = next(iter(alex.definitions.instruments.values()))
        scores = {item.id: instrument.scale.min for item in instrument.items}
        alex.records.save(
            "checkin",
            {
                "family_id": fam.id,
                "visit_id": visit.id,
                "instrument_id": instrument.id,
                "respondent": instrument.respondents[0],
                "when": "2026-03-02T10:30",
                "scores": scores,
                "comment": SENTINELS["check-in"],
            },
        )
        team.sync("alex", "sup", "alex2")
        sup.records.save("feedback", {"record_id": reflection.id, "text": SENTINELS["feedback"]})
        team.sync("sup", "alex", "alex2", rounds=2)
        assert alex.records.get(fam.id).data["display_name"] == SENTINELS["family"]
        assert (
            sup.records.get(reflection.id).data["sections"]["reflection"] == SENTINELS["reflection"]
        )
        _state, members = team_service.members(alex)
        assert SENTINELS["supervisor"] in {m.name for m in members}

        files = all_shared_bytes(central)
        assert len(files) >= 9
        for label, word in SENTINELS.items():
            for form in _forms(word):
                for path, data in files:
                    assert form not in data, f"{label} ({word!r}) in clear in {path}"
    finally:
        for session in team.people.values():
            session.close()


def test_the_family_key_key_reaches_every_supervisor_and_no_practitioner(team) -> None:  # noqa: ANN001
    from relapp.services import reports
    from relapp.store.vault import RecordNotFound

    sup = team.people["sup"]
    sup2 = team.join("sup2", "Sam Second", "supervisor")
    alex = team.join("alex", "Alex Morgan", "practitioner")
    key = reports.pseudonym_key(sup)  # the first export of the team makes it
    team.sync("sup", "sup2", "alex", rounds=2)
    assert reports.pseudonym_key(sup2, create=False) == key  # the same family keys
    with pytest.raises(RecordNotFound):
        alex.vault.get(reports.PSEUDONYM_RECORD)
    # Two supervisors who each made one before syncing end with the same one.
    sup3 = team.join("sup3", "Robin Third", "supervisor")
    mine = reports.pseudonym_key(sup3)
    team.sync("sup3", "sup", "sup2", rounds=2)
    settled = {reports.pseudonym_key(s, create=False) for s in (sup, sup2, sup3)}
    assert len(settled) == 1 and settled <= {key, mine}
    # Nothing for a person to settle: the Sync page lists no conflict about it.
    from relapp.services.sync_status import local_counts, open_conflicts

    for session in (sup, sup2, sup3):
        assert open_conflicts(session) == [] and local_counts(session.vault).conflicts == 0


def test_a_family_key_key_from_a_practitioner_is_refused(team) -> None:  # noqa: ANN001
    from relapp.services import reports

    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    # The app keeps a practitioner's own key to itself: nothing for the team.
    reports.pseudonym_key(alex)
    assert alex.vault.list("team_key") == []
    assert team.sync("alex", "sup")["sup"].quarantined == []
    # A buggy or modified client that writes the record anyway: its file is set aside, and
    # the supervisors' key is not replaced.
    key = reports.pseudonym_key(sup)
    team.sync("sup", "alex")
    alex.vault.put(
        "team_key", {"purpose": "family_key", "key": "ab" * 32}, record_id=reports.PSEUDONYM_RECORD
    )
    report = team.sync("alex", "sup")["sup"]
    assert any("family-key key from a non-supervisor" in r for _p, r in report.quarantined)
    assert reports.pseudonym_key(sup, create=False) == key
