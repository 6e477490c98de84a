"""Retiring a laptop that will never come back: a supervisor's laptop re-publishes what it
wrote and removes its files from the shared folder, so nothing is lost and nothing it held
(erased since) stays readable there; readers accept its chain as ended. Real profiles, a real
shared folder; the hostile files are written as someone with write access to it would."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from relapp.crypto.recovery import decode_secret
from relapp.services import erasure
from relapp.services import team as team_service
from relapp.services.errors import ServiceError
from relapp.services.profile import unlock_profile
from relapp.store import syncstate
from relapp.store.backups import restore_backup, take_backup
from relapp.store.vault import RecordNotFound
from relapp.sync import bundle as bundles
from relapp.sync.engine import team_folder_for
from relapp.sync.manifest import load_team
from relapp.sync.publish import publish
from relapp.sync.team import _write_change
from relapp.sync.wire import FileRefused, read_bounded
from tests.conftest import PASSPHRASE, relapp_command
from tests.sync.conftest import Team
from tests.sync.helpers import family
from tests.test_erasure import SENTINEL


def raw_folder_text(team: Team) -> str:
    """Every event any file of the shared folder holds, opened with the organisation's key
    and without honouring erasures or retirements: what a person holding that key could read
    with their own tools."""
    private = decode_secret(
        team.org_code, team_service.ORG_KEY_BYTES, team_service.ORG_CHECK_BYTES, "code"
    )
    sup = next(iter(team.people.values()))
    folder = team_folder_for(sup.vault)
    state = load_team(folder)
    out = []
    for device_id in folder.device_ids():
        device = state.device(device_id)
        if device is None:
            continue
        files = [(p, "bundle") for _s, p in folder.bundles(device_id).accepted]
        files += [(p, "snapshot") for _s, p in folder.snapshots(device_id).accepted]
        for path, kind in files:
            try:
                opened = bundles.decode(
                    read_bounded(path, bundles.MAX_BUNDLE_BYTES),
                    team_id=state.team_id,
                    signer_public=device.ed25519,
                    my_id=bundles.RECOVERY,
                    my_private=private,
                    expect_kind=kind,
                )
            except FileRefused:
                continue
            out.append(json.dumps(opened.sections, ensure_ascii=False))
    return "\n".join(out)


def lost_laptop_team(team: Team):  # noqa: ANN201
    """Alex's laptop wrote a family (later erased) and one that stays, then was lost."""
    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    bob = team.join("bob", "Bob Hale", "practitioner")
    gone = family(alex, f"The {SENTINEL} family", "EH-9")
    alex.records.save(
        "visit",
        {"family_id": gone.id, "when": "2026-11-02T10:00", "mode": "home", "purpose": SENTINEL},
    )
    kept = family(alex, "The Wren family", "EH-10")
    team.sync("alex", "sup", "bob", rounds=2)
    # The laptop is lost; the family is erased while it is away.
    erasure.erase_family(sup, gone.id, reason="Article 17", request="SAR-77")
    team.sync("sup", "bob", rounds=2)
    return sup, alex, bob, gone, kept


def test_a_retired_laptops_files_go_and_nothing_it_wrote_is_lost(team: Team) -> None:
    sup, alex, bob, gone, kept = lost_laptop_team(team)
    folder = team_folder_for(sup.vault)
    lost = alex.vault.device_id
    # Nobody compacted the lost laptop's folder: the erased family is still in its files.
    assert SENTINEL in raw_folder_text(team)
    assert [e.waiting for e in erasure.erasure_status(sup)] == [["Alex Morgan"]]

    device, report = team_service.retire(sup, lost[-8:])
    assert device.device_id == lost and report.status == "ok"
    # Its bundles and snapshots are gone from the drive; its team files would stay.
    assert not folder.bundles(lost).accepted and not folder.snapshots(lost).accepted
    assert SENTINEL not in raw_folder_text(team)
    assert "The Wren family" in raw_folder_text(team)  # now in the supervisor's own files
    # Nobody waits for it: the erasure is confirmed by every laptop that is left.
    assert [e.waiting for e in erasure.erasure_status(sup)] == [[]]

    # Readers take the chain as ended: no missing files, no waiting, nothing set aside.
    again = team.sync("bob", "sup")
    for key, rep in again.items():
        assert rep.status == "ok", key
        assert not rep.quarantined and not rep.waiting, (key, rep.quarantined, rep.waiting)
    # Alex's new laptop starts from the shared folder alone and has everything that stays.
    alex2 = team.join("alex2", "Alex Morgan", "practitioner", as_member=alex.vault.member_id)
    team.sync("sup", "alex2", "sup", "alex2")
    assert alex2.vault.get(kept.id).data["display_name"] == "The Wren family"
    with pytest.raises(RecordNotFound):
        alex2.vault.get(gone.id)
    assert team_service.sync_once(alex2).quarantined == []
    # The organisation's copy keeps what stays, written by Alex's lost laptop.
    recovered = team_service.recover_team(team.central, team.org_code)
    assert kept.id in {r["id"] for r in recovered["records"]}
    assert alex2.vault.get(kept.id).author == alex.vault.member_id


def test_a_retired_laptop_that_comes_back_is_refused(team: Team) -> None:
    sup, alex, bob, _gone, kept = lost_laptop_team(team)
    team_service.retire(sup, alex.vault.device_id)
    # Found in a drawer: Relapp on it stops and says why, and sends nothing.
    alex.records.save("family", {"reference": "EH-11", "display_name": "The Finch family"})
    report = team_service.sync_once(alex)
    assert report.status == "not_member" and "retired" in report.message
    # A modified Relapp on it writes on after its chain's end: every reader sets it aside.
    folder = team_folder_for(alex.vault)
    state = load_team(folder)
    pin = state.retired[alex.vault.device_id]
    event = {
        "id": "0" * 8 + "-0000-7000-8000-" + "0" * 12,
        "record": kept.id,
        "kind": "family",
        "hlc": alex.vault.clock.tick().encode(),
        "author": alex.vault.member_id,
        "device": alex.vault.device_id,
        "parent": None,
        "parent_id": None,
        "deleted": False,
        "data": {"reference": "EH-10", "display_name": "Overwritten"},
        "resolves": [],
    }
    data = bundles.encode(
        team_id=state.team_id,
        device_id=alex.vault.device_id,
        member_id=alex.vault.member_id,
        seq=pin.seq + 1,
        prev=pin.digest,
        created=alex.vault.clock.tick().encode(),
        sections=[
            bundles.Section(
                "supervision:x",
                [event],
                state.devices_of({sup.vault.member_id}) | state.devices_of({bob.vault.member_id}),
            )
        ],
        recovery_public=state.recovery_public,
        signing_key=alex.vault.keyring().ed25519_private,
    )
    publish(folder.bundles_dir(alex.vault.device_id), bundles.bundle_name(pin.seq + 1, data), data)
    for key in ("sup", "bob"):
        rep = team_service.sync_once(team.people[key])
        assert any("after this laptop was retired" in r for _p, r in rep.quarantined), key
        assert not rep.waiting
    assert sup.vault.get(kept.id).data["display_name"] == "The Wren family"
    with pytest.raises(RecordNotFound):
        bob.vault.get(kept.id)  # never Bob's to read, and not now either
    # And the carrier leaves that later file in place for a person to look at.
    assert folder.bundles(alex.vault.device_id).accepted


def test_only_a_supervisor_can_retire_and_only_its_carrier_speaks_for_it(team: Team) -> None:
    sup, alex, bob, _gone, kept = lost_laptop_team(team)
    folder = team_folder_for(sup.vault)
    state = load_team(folder)
    progress = syncstate.progress(bob.vault)[alex.vault.device_id]
    body = {
        "type": "retire_device",
        "team": state.team_id,
        "hlc": bob.vault.clock.tick().encode(),
        "member_id": alex.vault.member_id,
        "device_id": alex.vault.device_id,
        "seq": progress.last_seq,
        "digest": progress.last_digest,
    }
    # A practitioner's laptop (a modified Relapp) signs a retirement in its own folder.
    _write_change(folder, bob.vault.device_id, bob.vault.keyring(), body)
    # Someone with write access copies a supervisor's name pattern with a forged signature.
    forged = json.dumps({"body": body, "signer": sup.vault.device_id, "sig": "A" * 88}).encode()
    name = f"{body['hlc']}-{hashlib.sha256(forged).hexdigest()[:16]}.json"
    publish(folder.team_dir(sup.vault.device_id), name, forged)
    reports = team.sync("sup", "bob")
    state = load_team(folder)
    assert not state.retired
    reasons = [r for _p, r in reports["sup"].quarantined]
    assert any("may not change the team" in r for r in reasons), reasons
    assert any("signature does not match" in r for r in reasons), reasons
    assert folder.bundles(alex.vault.device_id).accepted  # nothing was removed
    # Bob's laptop cannot retire anyone through Relapp either.
    with pytest.raises(ServiceError):
        team_service.retire(bob, alex.vault.device_id)

    # Retired properly; then a second supervisor's laptop, not the carrier, sends a change
    # attributed to the retired laptop: set aside by every reader.
    team_service.retire(sup, alex.vault.device_id)
    sup2 = team.join("sup2", "Sam Senior", "supervisor")
    team.sync("sup", "sup2", "bob")
    state = load_team(folder)
    events = [
        e
        for e in syncstate.published_events(sup2.vault, {alex.vault.device_id})
        if e["device"] == alex.vault.device_id
    ] or [
        {
            "id": "1" * 8 + "-0000-7000-8000-" + "1" * 12,
            "record": kept.id,
            "kind": "family",
            "hlc": sup2.vault.clock.tick().encode(),
            "author": alex.vault.member_id,
            "device": alex.vault.device_id,
            "parent": None,
            "parent_id": None,
            "deleted": False,
            "data": {"reference": "EH-10", "display_name": "Forged"},
            "resolves": [],
        }
    ]
    events[0] = {**events[0], "id": "2" * 8 + "-0000-7000-8000-" + "2" * 12}
    mine = syncstate.progress(sup2.vault).get(sup2.vault.device_id)
    seq = (mine.last_seq if mine else 0) + 1
    data = bundles.encode(
        team_id=state.team_id,
        device_id=sup2.vault.device_id,
        member_id=sup2.vault.member_id,
        seq=seq,
        prev=mine.last_digest if mine else "",
        created=sup2.vault.clock.tick().encode(),
        sections=[bundles.Section("team:x", events[:1], state.devices_of(state.active_members()))],
        recovery_public=state.recovery_public,
        signing_key=sup2.vault.keyring().ed25519_private,
    )
    publish(folder.bundles_dir(sup2.vault.device_id), bundles.bundle_name(seq, data), data)
    rep = team_service.sync_once(bob)
    assert any("attributed to someone else" in r for _p, r in rep.quarantined), rep.quarantined


def test_retiring_waits_until_everything_the_laptop_wrote_was_read(team: Team) -> None:
    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    family(alex, "The Wren family", "EH-10")
    team.sync("alex", "sup")
    family(alex, "The Lark family", "EH-11")
    team_service.sync_once(alex)  # on the drive, not yet read by the supervisor's laptop
    with pytest.raises(ServiceError, match="Sync first"):
        team_service.retire(sup, alex.vault.device_id)
    with pytest.raises(ServiceError, match="cannot retire itself"):
        team_service.retire(sup, sup.vault.device_id)
    team_service.sync_once(sup)
    team_service.retire(sup, alex.vault.device_id)
    with pytest.raises(ServiceError, match="retired already"):
        team_service.retire(sup, alex.vault.device_id)


def test_an_old_backup_restored_on_the_carrier_loses_nothing(team: Team, tmp_path: Path) -> None:
    sup, alex, _bob, gone, kept = lost_laptop_team(team)
    take_backup(sup.vault, "before-retiring")
    team_service.retire(sup, alex.vault.device_id)
    profile = sup.vault.folder
    team.people.pop("sup").close()
    name = sorted(p.name for p in (profile / "backups").glob("vault-*.sqlite3"))[-1]
    restore_backup(profile, name, PASSPHRASE)
    sup = team.people["sup"] = unlock_profile(profile, PASSPHRASE)
    # The restored laptop carries again what it carried, and its next snapshot holds it.
    team.sync("sup", rounds=2)
    with pytest.raises(RecordNotFound):
        sup.vault.get(gone.id)
    alex2 = team.join("alex2", "Alex Morgan", "practitioner", as_member=alex.vault.member_id)
    team.sync("sup", "alex2", "sup", "alex2")
    assert alex2.vault.get(kept.id).data["display_name"] == "The Wren family"
    with pytest.raises(RecordNotFound):
        alex2.vault.get(gone.id)
    assert SENTINEL not in raw_folder_text(team)
    # A later erasure compacts the carrier's folder, the retired laptop's history included.
    erasure.erase_family(sup, kept.id, reason="Article 17", request="SAR-78")
    team.sync("sup", "alex2", "sup")
    assert "The Wren family" not in raw_folder_text(team)
    shutil.rmtree(tmp_path / "unused", ignore_errors=True)


def test_retire_on_the_command_line(team: Team, tmp_path: Path) -> None:
    sup, alex, _bob, _gone, _kept = lost_laptop_team(team)
    profile = sup.vault.folder
    team.people.pop("sup").close()
    shown = relapp_command(profile, tmp_path, "team", "show")
    assert shown.returncode == 0 and alex.vault.device_id[-8:] in shown.stdout
    done = relapp_command(profile, tmp_path, "team", "retire", alex.vault.device_id[-8:])
    assert done.returncode == 0, done.stderr
    assert "Retired" in done.stdout
    shown = relapp_command(profile, tmp_path, "team", "show")
    assert "retired" in shown.stdout
    again = relapp_command(profile, tmp_path, "team", "retire", alex.vault.device_id[-8:])
    assert again.returncode == 1 and len(again.stderr.strip().splitlines()) == 1


def test_a_laptop_restored_from_a_backup_taken_before_it_compacted_its_folder(
    team: Team,
) -> None:
    """Its folder then holds one snapshot numbered past what the backup knows: the laptop
    takes its own history back from it, and what it writes next follows that snapshot, so
    other laptops read it (it was ignored as old, then refused as not following)."""
    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "supervisor")
    first = family(sup, "The Wren family", "EH-1")
    team.sync("sup", "alex")
    take_backup(sup.vault, "before-compacting")
    second = family(sup, "The Lark family", "EH-2")
    gone = family(sup, f"The {SENTINEL} family", "EH-3")
    team.sync("sup", "alex")
    erasure.erase_family(sup, gone.id, reason="Article 17", request="SAR-79")
    team.sync("sup", "alex", "sup")
    folder = team_folder_for(sup.vault)
    assert not folder.bundles(sup.vault.device_id).accepted  # compacted: one snapshot
    profile = sup.vault.folder
    team.people.pop("sup").close()
    name = sorted(p.name for p in (profile / "backups").glob("vault-*before-compacting*"))[-1]
    restore_backup(profile, name, PASSPHRASE)
    sup = team.people["sup"] = unlock_profile(profile, PASSPHRASE)
    report = team_service.sync_once(sup)
    assert report.status == "ok" and not report.quarantined, report.quarantined
    assert sup.vault.get(second.id).data["display_name"] == "The Lark family"
    with pytest.raises(RecordNotFound):
        sup.vault.get(gone.id)
    third = family(sup, "The Finch family", "EH-4")
    team.sync("sup", "alex", "sup", "alex")
    assert alex.vault.get(third.id).data["display_name"] == "The Finch family"
    assert alex.vault.get(first.id)
    rep = team_service.sync_once(alex)
    assert not rep.quarantined and not rep.waiting, (rep.quarantined, rep.waiting)


def test_a_retired_supervisors_laptop_cannot_back_date_a_team_change(team: Team) -> None:
    sup = team.people["sup"]
    other = team.join("sup2", "Sam Senior", "supervisor")
    alex = team.join("alex", "Alex Morgan", "practitioner")
    # Twice: each laptop's first bundle (its audit trail, for the supervisors) is read.
    team.sync("sup", "sup2", "alex", rounds=2)
    folder = team_folder_for(sup.vault)
    before = load_team(folder)
    early = other.vault.clock.tick().encode()  # a clock reading from before the retirement
    team_service.retire(sup, other.vault.device_id)
    # Its modified Relapp now writes a change dated before its retirement: removing Alex.
    body = {
        "type": "retention",
        "team": before.team_id,
        "hlc": early,
        "member_id": other.vault.member_id,
        "closed_years": 1,
    }
    path = _write_change(folder, other.vault.device_id, other.vault.keyring(), body)
    state = load_team(folder)
    assert state.retention_years is None
    assert (path, "team change rejected: written after its laptop was retired") in state.rejected
    assert alex.vault.member_id in state.active_members()
