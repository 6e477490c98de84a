"""Files an attacker with write access to the shared folder, or a member's buggy or modified
Relapp, can leave there. Each case: no crash, no blocked sync, the file set aside with a
reason, every other device's news still arriving."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from relapp.domain.hlc import Timestamp
from relapp.services import team as team_service
from relapp.store import syncstate
from relapp.sync import bundle as bundles
from relapp.sync.engine import team_folder_for
from relapp.sync.team import load_team
from tests.sync.conftest import Team
from tests.sync.helpers import bundle_dir, family, picture, renamed_for, rlb_files
from tests.sync.test_cli_team import run


@pytest.fixture
def busy(team: Team) -> Team:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    team.join("bob", "Bob Hale", "practitioner")
    family(alex)
    team.sync("alex", "bob", "sup")
    return team


def next_name(team: Team, key: str) -> tuple[Path, int]:
    """The folder and number of the next bundle key's device would write."""
    folder = bundle_dir(team.people[key])
    return folder, len(rlb_files(folder)) + 1


def plant_bundle(team: Team, key: str, header: bytes, body: bytes = b"") -> Path:
    """A file with a correct hash name at key's next number: no keys needed to write it."""
    folder, seq = next_name(team, key)
    data = b"RLB1" + struct.pack(">I", len(header)) + header + body + b"\0" * 64
    path = folder / renamed_for(data, seq)
    path.write_bytes(data)
    return path


def plant_team_file(team: Team, key: str, data: bytes) -> Path:
    session = team.people[key]
    folder = team_folder_for(session.vault).team_dir(session.vault.device_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{'0' * 15}.000001-{hashlib.sha256(data).hexdigest()[:16]}.json"
    path.write_bytes(data)
    return path


def still_syncs(team: Team, reader: str = "sup") -> syncstate.ApplyResult:
    """Bob's news reaches the reader, and the reader's own news gets out to Bob."""
    reader_session, bob = team.people[reader], team.people["bob"]
    news = family(bob, "Bob's news", "B-9")
    mine = reader_session.records.save(  # the whole team reads barriers
        "barrier", {"category": "other", "description": "Reader's news"}
    )
    assert team_service.sync_once(bob).status == "ok"
    report = team_service.sync_once(reader_session)
    assert report.status == "ok", report.message
    assert news.id in picture(reader_session.vault)
    team_service.sync_once(bob)
    assert mine.id in picture(bob.vault)
    return report


def quarantined_with(report, path: Path) -> str:  # noqa: ANN001
    found = [reason for p, reason in report.quarantined if p == str(path)]
    assert found, report.quarantined
    return found[0]


# ---- 1. a correct hash name over bytes no reader expects ----------------------------------

HEADER_FIELDS = {
    "format": 1,
    "kind": "bundle",
    "team": "0" * 32,
    "device": "00000000-0000-4000-8000-000000000000",
    "member": "m",
    "seq": 2,
    "prev": "",
    "created": "000001700000000.000000",
}


@pytest.mark.parametrize(
    "header",
    [
        # a section size of Infinity (Python's json reads it; int() of it fails)
        json.dumps({**HEADER_FIELDS, "sections": [{"audience": "a", "keys": {}, "size": 1}]})
        .replace('"size": 1', '"size": Infinity')
        .encode(),
        b"[" * 200_000 + b"]" * 200_000,
        json.dumps(
            {**HEADER_FIELDS, "sections": [{"audience": "a", "keys": {}, "size": 10**400}]}
        ).encode(),
        json.dumps({**HEADER_FIELDS, "sections": "x"}).encode(),
        b'{"format": 1, "extra": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "\ud800".encode("utf-8", "surrogatepass"),
    ],
    ids=["infinity", "deep-list", "huge-int", "wrong-type", "deep-extra", "bad-utf8"],
)
def test_a_hostile_bundle_header_is_quarantined_and_sync_goes_on(busy: Team, header) -> None:
    path = plant_bundle(busy, "alex", header, body=b"x" * 40)
    report = still_syncs(busy)
    assert quarantined_with(report, path).startswith(("damaged header", "truncated"))
    assert path.exists()


@pytest.mark.parametrize(
    "content",
    [
        b'{"body": [], "signer": "DEVICE", "sig": ""}',
        b'{"body": "x", "signer": "DEVICE", "sig": ""}',
        b'{"body": ' + b'{"a":' * 100_000 + b"1" + b"}" * 100_000 + b', "sig": ""}',
        b'{"body": {"type": "add_device", "hlc": NaN}, "signer": "DEVICE", "sig": "AAAA"}',
        b"\xff\xfe not json",
    ],
    ids=["list-body", "text-body", "deep-body", "nan", "not-json"],
)
@pytest.mark.parametrize("where", ["alex", "sup"], ids=["others-folder", "own-folder"])
def test_a_hostile_team_file_is_set_aside_and_sync_goes_on(
    busy: Team, content: bytes, where: str
) -> None:
    device = busy.people[where].vault.device_id
    path = plant_team_file(busy, where, content.replace(b"DEVICE", device.encode()))
    report = still_syncs(busy)
    assert quarantined_with(report, path).startswith("team file rejected")
    # Sending from the reader's own folder still works: Bob got the reader's news above.


def test_huge_sparse_files_are_refused_before_a_byte_is_read(busy: Team) -> None:
    folder, seq = next_name(busy, "alex")
    sparse = folder / f"{seq:010d}-{'0' * 16}.rlb"
    with open(sparse, "wb") as handle:
        handle.truncate(8 * 2**30)
    team_dir = team_folder_for(busy.people["alex"].vault).team_dir(
        busy.people["alex"].vault.device_id
    )
    team_dir.mkdir(parents=True, exist_ok=True)
    sparse_team = team_dir / f"{'9' * 15}.000000-{'0' * 16}.json"
    with open(sparse_team, "wb") as handle:
        handle.truncate(8 * 2**30)
    report = still_syncs(busy)
    assert "larger" in quarantined_with(report, sparse)
    assert "larger" in quarantined_with(report, sparse_team)


def test_a_fifo_or_a_link_named_like_a_bundle_does_not_hang_sync(busy: Team) -> None:
    folder, seq = next_name(busy, "alex")
    fifo = folder / f"{seq:010d}-{'1' * 16}.rlb"
    os.mkfifo(fifo)
    link = folder / f"{seq:010d}-{'2' * 16}.rlb"
    link.symlink_to("/dev/zero")
    still_syncs(busy)  # neither is a plain file: listed as ignored, never opened


def test_relapp_sync_and_recover_team_finish_on_hostile_files(busy: Team, tmp_path) -> None:
    """The command line, as a separate process, on every kind of file above at once."""
    path = plant_bundle(busy, "alex", b"[" * 200_000 + b"]" * 200_000, b"x" * 40)
    plant_team_file(busy, "alex", b'{"body": "x", "signer": "", "sig": ""}')
    plant_team_file(busy, "sup", b'{"body": [], "signer": "", "sig": ""}')
    profile = busy.people["sup"].vault.folder
    busy.people.pop("sup").close()

    def relapp(*args: str) -> subprocess.CompletedProcess:
        return run(tmp_path, *args)

    synced = relapp("--profile", str(profile), "sync")
    assert synced.returncode == 0, synced.stderr
    assert f"quarantined: {path}" in synced.stdout
    code_file = tmp_path / "org.code"
    code_file.write_text(busy.org_code)
    recovered = relapp("recover-team", "--folder", str(busy.central), "--code-file", str(code_file))
    assert recovered.returncode == 0, recovered.stderr
    assert "The Lark family" in recovered.stdout


# ---- 3. a member's malformed change in a correctly signed bundle -----------------------


def signed_bundle(team: Team, key: str, events: list[dict], created: str | None = None) -> Path:
    """What a member's modified Relapp can write: its own keys, its own next number."""
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
        created=created or session.vault.clock.tick().encode(),
        sections=[
            bundles.Section("supervision:x", events, state.devices_of(state.active_members()))
        ],
        recovery_public=state.recovery_public,
        signing_key=session.vault.keyring().ed25519_private,
    )
    path = folder.bundles_dir(session.vault.device_id) / bundles.bundle_name(seq, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def alex_event(team: Team, **changes) -> dict:
    alex = team.people["alex"]
    event = {
        "id": f"ev-{os.urandom(6).hex()}",
        "record": f"rec-{os.urandom(6).hex()}",
        "kind": "family",
        "hlc": alex.vault.clock.tick().encode(),
        "author": alex.vault.member_id,
        "device": alex.vault.device_id,
        "parent": None,
        "parent_id": None,
        "deleted": False,
        "data": {"reference": "X-1", "display_name": "The Heron family"},
        "resolves": [],
    }
    event.update(changes)
    return {k: v for k, v in event.items() if v is not ...}


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({"hlc": "yesterday"}, "hlc"),
        ({"hlc": "²" * 15 + "." + "0" * 6}, "hlc"),
        ({"record": ...}, "record"),
        ({"data": {"reference": "X", "display_name": 5}}, "display_name"),
        (
            {
                "data": {
                    "reference": "X",
                    "display_name": "Y",
                    "members": [[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]],
                }
            },
            "deeply",
        ),
        ({"kind": "spaceship"}, "kind"),
        ({"deleted": "yes"}, "deleted"),
    ],
    ids=["hlc-word", "hlc-superscript", "no-record", "bad-field", "deep-data", "kind", "flag"],
)
def test_a_members_malformed_change_sets_its_bundle_aside(busy: Team, changes, reason) -> None:
    bad = signed_bundle(busy, "alex", [alex_event(busy), alex_event(busy, **changes)])
    report = still_syncs(busy)
    assert reason in quarantined_with(report, bad)
    assert busy.people["alex"].vault.device_id in report.waiting
    # Nothing of the bundle was applied, not even its good change.
    names = {r.data["display_name"] for r in busy.people["sup"].vault.list("family")}
    assert "The Heron family" not in names


def test_a_known_id_with_another_kind_sets_the_bundle_aside_and_its_device_waits(
    busy: Team,
) -> None:
    sup, alex = busy.people["sup"], busy.people["alex"]
    lark = next(r for r in sup.vault.list("family"))
    bad = signed_bundle(
        busy,
        "alex",
        [
            alex_event(
                busy, record=lark.id, kind="barrier", data={"category": "x", "description": "y"}
            )
        ],
    )
    report = still_syncs(busy)
    assert "a barrier of a record that is a family here" in quarantined_with(report, bad)
    assert alex.vault.device_id in report.waiting
    assert sup.vault.get(lark.id).kind == "family"
    # Later bundles of that laptop wait behind it; every sync after that still finishes.
    later = signed_bundle(busy, "alex", [alex_event(busy)])
    again = team_service.sync_once(sup)
    assert again.status == "ok" and alex.vault.device_id in again.waiting
    assert str(bad) in {p for p, _reason, _first in syncstate.quarantined(sup.vault)}
    assert later.exists() and "The Heron family" not in {
        r.data["display_name"] for r in sup.vault.list("family")
    }


# ---- 4. the same id used on two laptops ------------------------------------------------


def test_the_same_record_id_made_by_two_people_is_a_conflict_not_a_silent_swap(
    busy: Team,
) -> None:
    alex, bob, sup = busy.people["alex"], busy.people["bob"], busy.people["sup"]
    alex.vault.put("family", {"reference": "F1", "display_name": "Okafor"}, record_id="f1")
    bob.vault.put("family", {"reference": "F1", "display_name": "Nguyen"}, record_id="f1")
    busy.sync("alex", "bob", "sup", rounds=2)
    # Pat holds both and says so; each practitioner keeps their own (neither reads the other's).
    assert [c.record_id for c in syncstate.conflicts(sup.vault)] == ["f1"]
    names = {r.data["display_name"] for r in sup.vault.history("f1")}
    assert names == {"Okafor", "Nguyen"}
    assert alex.vault.get("f1").data["display_name"] == "Okafor"
    assert bob.vault.get("f1").data["display_name"] == "Nguyen"


# ---- 5. removal that cannot be back-dated -----------------------------------------------


def test_a_removed_laptop_cannot_back_date_a_bundle(busy: Team) -> None:
    sup, alex = busy.people["sup"], busy.people["alex"]
    team_service.remove(sup, alex.vault.member_id)
    a_year_ago = Timestamp(
        Timestamp.decode(alex.vault.clock.tick().encode()).millis - 365 * 86400_000
    )
    back = signed_bundle(
        busy, "alex", [alex_event(busy, hlc=a_year_ago.encode())], created=a_year_ago.encode()
    )
    report = still_syncs(busy)
    assert quarantined_with(report, back) == "written after its member left the team"
    names = {r.data["display_name"] for r in sup.vault.list("family")}
    assert "The Heron family" not in names
    # A device joining later reads the same: the pin is in the team file, not in Pat's vault.
    carol = busy.join("carol", "Carol Reed", "practitioner")
    team_service.sync_once(carol)
    assert "The Heron family" not in {r.data["display_name"] for r in carol.vault.list("family")}


def test_a_removed_supervisor_cannot_back_date_a_team_change(busy: Team) -> None:
    sup = busy.people["sup"]
    deputy = busy.join("deputy", "Dee Deputy", "supervisor")
    busy.sync("sup", "deputy")
    team_service.remove(sup, deputy.vault.member_id)
    folder = team_folder_for(sup.vault)
    # The deputy's laptop writes a change dated before its removal, approving an intruder.
    state = load_team(folder)
    from relapp.crypto.keyring import Keyring
    from relapp.sync import team as team_mod

    intruder = Keyring.generate()
    removal_hlc = state.members[deputy.vault.member_id].removed_at
    back = Timestamp(Timestamp.decode(removal_hlc).millis - 60_000).encode()
    body = {
        "type": "add_device",
        "team": folder.team_id,
        "hlc": back,
        "member_id": "intruder",
        "role": "supervisor",
        "device_id": "0000aaaa-0000-4000-8000-000000000001",
        "x25519": team_mod.b64(intruder.x25519_public()),
        "ed25519": team_mod.b64(intruder.ed25519_public()),
        "names_key": "AAAA",
        "name_sealed": "AAAA",
    }
    path = team_mod._write_change(folder, deputy.vault.device_id, deputy.vault.keyring(), body)
    after = load_team(folder)
    assert "intruder" not in after.members
    assert (path, "team change rejected: written after its member left the team") in after.rejected
    still_syncs(busy)


def test_the_names_key_is_replaced_at_every_removal(busy: Team) -> None:
    sup, alex = busy.people["sup"], busy.people["alex"]
    folder = team_folder_for(sup.vault)
    alex_private = alex.vault.keyring().x25519_private
    old_key = load_team(folder).names_key(alex.vault.device_id, alex_private)
    assert old_key is not None
    team_service.remove(sup, alex.vault.member_id)
    carol = busy.join("carol", "Carol Reed", "practitioner")
    state = load_team(folder)
    assert state.names_key(alex.vault.device_id, alex_private) is None  # no wrap any more
    # Nor does the names key it had open the newcomer's name.
    assert state.member_name(carol.vault.member_id, old_key) != "Carol Reed"
    sup_key = state.names_key(sup.vault.device_id, sup.vault.keyring().x25519_private)
    assert state.member_name(carol.vault.member_id, sup_key) == "Carol Reed"
    assert state.member_name(alex.vault.member_id, sup_key) == "Alex Morgan"
    bob_key = state.names_key(
        busy.people["bob"].vault.device_id, busy.people["bob"].vault.keyring().x25519_private
    )
    assert state.member_name(carol.vault.member_id, bob_key) == "Carol Reed"


@pytest.mark.parametrize("what", ["device", "bundles", "team", "snapshots", "requests"])
def test_a_file_where_a_folder_belongs_is_harmless(busy: Team, what: str) -> None:
    folder = team_folder_for(busy.people["sup"].vault)
    stranger = "0000beef-0000-4000-8000-000000000001"
    if what == "device":
        (folder.root / "devices" / stranger).write_bytes(b"x")
    elif what == "requests":
        shutil.rmtree(folder.requests_dir)
        folder.requests_dir.write_bytes(b"x")
    else:
        (folder.device_dir(stranger)).mkdir()
        (folder.device_dir(stranger) / what).write_bytes(b"x")
    still_syncs(busy)
    team_service.members(busy.people["sup"])
    team_service.requests(busy.people["sup"])


def test_deleting_a_removal_from_the_drive_does_not_bring_the_member_back(busy: Team) -> None:
    sup, alex, bob = busy.people["sup"], busy.people["alex"], busy.people["bob"]
    team_service.remove(sup, alex.vault.member_id)
    busy.sync("sup", "bob")
    folder = team_folder_for(sup.vault)
    removal = next(p for _d, p in folder.team_files() if b"remove_member" in p.read_bytes())
    removal.unlink()  # anyone with write access to the drive can do this
    for session in (sup, bob):
        report = team_service.sync_once(session)
        assert report.status == "ok"
        assert "gone from the drive" in quarantined_with(report, removal)
        state, members = team_service.members(session)
        assert not state.members[alex.vault.member_id].active
    # Alex's laptop still cannot send: its next bundle is refused as after its removal.
    later = signed_bundle(busy, "alex", [alex_event(busy)])
    report = team_service.sync_once(sup)
    assert quarantined_with(report, later) == "written after its member left the team"


def test_a_forged_snapshot_cannot_make_a_laptop_tidy_away_its_own_files(busy: Team) -> None:
    """A snapshot-named file with a high number and an old date, planted in Alex's own folder,
    would once have made Alex delete every bundle it "covered" from the drive."""
    from relapp.sync.engine import SyncEngine

    alex = busy.people["alex"]
    family(alex, "The Wren family", "EH-2")
    team_service.sync_once(alex)
    folder = team_folder_for(alex.vault)
    before = rlb_files(bundle_dir(alex))
    assert before
    header = json.dumps({**HEADER_FIELDS, "kind": "snapshot", "seq": 999, "sections": []}).encode()
    data = b"RLB1" + struct.pack(">I", len(header)) + header + b"\0" * 64
    snapshots = folder.snapshots_dir(alex.vault.device_id)
    snapshots.mkdir(parents=True, exist_ok=True)
    forged = snapshots / bundles.snapshot_name(999, data)
    forged.write_bytes(data)
    os.utime(forged, (0, 0))  # "written" long ago, past any grace period
    SyncEngine(alex.vault, grace_seconds=0).run()
    assert all(path.exists() for path in before)
    # A newcomer still reads Alex's families from the bundles.
    carol = busy.join("carol", "Carol Reed", "supervisor")
    team_service.sync_once(alex)
    team_service.sync_once(carol)
    names = {r.data["display_name"] for r in carol.vault.list("family")}
    assert "The Wren family" in names
