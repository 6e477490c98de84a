"""Real files and real processes going wrong on the shared folder: a writer killed while it
publishes, leftovers and truncated files, replayed and re-copied bundles, cloud "conflicted
copies", tampered and foreign files, vanished files and a vanished folder."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import queue
import random
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from relapp.crypto.keyring import Keyring
from relapp.crypto.recipients import sign
from relapp.services import team as team_service
from relapp.services.profile import unlock_profile
from relapp.store import syncstate
from relapp.sync import bundle as bundles
from relapp.sync.engine import MEMBER_FAULT, team_folder_for
from relapp.sync.publish import TMP_PREFIX
from relapp.sync.team import load_team
from tests.conftest import PASSPHRASE
from tests.sync.conftest import Team
from tests.sync.helpers import (
    all_shared_bytes,
    bundle_dir,
    edit_family,
    family,
    picture,
    renamed_for,
    rlb_files,
)

WRITER = Path(__file__).parent / "writer_process.py"


def reasons(report) -> list[str]:  # noqa: ANN001
    return [reason for _path, reason in report.quarantined]


def stored_reasons(session) -> dict[str, str]:  # noqa: ANN001
    stored = syncstate.quarantined(session.vault)
    return {Path(path).name: reason for path, reason, _first in stored}


def families(session) -> set[str]:  # noqa: ANN001
    return {r.id for r in session.vault.list("family")}


# ---- a writer killed while it publishes -------------------------------------------------------


class Writer:
    """The writer script in its own process, its output read line by line."""

    def __init__(self, profile: Path, tmp: Path, *args: str) -> None:
        env = {
            **os.environ,
            "RELAPP_INSECURE_FAST_KDF": "1",
            "RELAPP_PASSPHRASE": PASSPHRASE,
            "RELAPP_LOG_DIR": str(tmp / "writer-logs"),
            "RELAPP_CONFIG_DIR": str(tmp / "writer-config"),
        }
        self.process = subprocess.Popen(
            [sys.executable, str(WRITER), str(profile), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.strip())
        self.lines.put(None)

    def wait_for(self, prefix: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.05)
            except queue.Empty:
                continue
            if line is None:
                raise AssertionError(f"writer ended early: {self.process.stderr.read()}")
            self.seen.append(line)
            if line.startswith(prefix):
                return
        raise AssertionError(f"writer never printed {prefix}")

    def finish(self, timeout: float = 30) -> int:
        code = self.process.wait(timeout=timeout)
        while (line := self.lines.get(timeout=5)) is not None:
            self.seen.append(line)
        return code

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.finish()

    @property
    def saved(self) -> set[str]:
        return {line.split()[1] for line in self.seen if line.startswith("SAVED ")}

    @property
    def problems(self) -> list[str]:
        return [line for line in self.seen if line.startswith("PROBLEM")]


def writer_team(team: Team):  # noqa: ANN201
    """Alex's profile, closed here so that only the writer process opens it."""
    alex = team.join("alex", "Alex Morgan", "practitioner")
    team.sync("alex", "sup")
    profile = alex.vault.folder
    keys = (alex.vault.device_id, alex.vault.keyring())
    alex.close()
    del team.people["alex"]
    return profile, keys


def check_writer_folder(folder: Path, team_id: str, device_id: str, keyring: Keyring) -> int:
    """One readable file per sequence number, 1..N without gaps, no event in two files.

    Returns the number of events published."""
    valid: dict[int, list[str]] = {}
    events: list[str] = []
    for path in rlb_files(folder):
        data = path.read_bytes()
        if not bundles.file_digest_matches(path.name, data):
            continue
        opened = bundles.decode(
            data,
            team_id=team_id,
            signer_public=keyring.ed25519_public(),
            my_id=device_id,
            my_private=keyring.x25519_private,
        )
        valid.setdefault(opened.seq, []).append(path.name)
        events += [e["id"] for evs in opened.sections.values() for e in evs]
    assert all(len(names) == 1 for names in valid.values()), valid
    assert sorted(valid) == list(range(1, len(valid) + 1)), sorted(valid)
    assert len(events) == len(set(events)), "an event was published twice"
    return len(events)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_writer_killed_while_publishing_resumes_and_readers_are_unaffected(
    team: Team, tmp_path: Path
) -> None:
    profile, (device_id, keyring) = writer_team(team)
    sup = team.people["sup"]
    folder = team_folder_for(sup.vault)
    mine = folder.bundles_dir(device_id)
    saved: set[str] = set()

    # Deterministic kills at the three points of a publish.
    for point in ("before-link", "mid-write", "after-link"):
        before = set(rlb_files(mine))
        writer = Writer(
            profile, tmp_path, "--records", "4", "--die-at", point, "--die-on-publish", "2"
        )
        assert writer.finish() == -signal.SIGKILL, writer.process.stderr.read()
        saved |= writer.saved
        after = set(rlb_files(mine))
        leftovers = [p for p in mine.iterdir() if p.name.startswith(TMP_PREFIX)]
        if point == "after-link":
            assert len(after - before) == 2  # the second bundle is out, unrecorded
        else:
            assert len(after - before) == 1 and leftovers  # a temporary stays behind
        # A reader in the middle of it all sees only whole bundles.
        report = team_service.sync_once(sup)
        assert report.status == "ok" and not report.quarantined, report

    # Random kills while the writer adds and syncs as fast as it can.
    rng = random.Random(int.from_bytes(os.urandom(4), "big"))
    delays = [round(rng.uniform(0.05, 0.6), 3) for _ in range(4)]
    for delay in delays:
        writer = Writer(profile, tmp_path, "--sync-every", "1")
        writer.wait_for("READY")
        time.sleep(delay)
        writer.kill()
        saved |= writer.saved
        assert not writer.problems, (delays, writer.problems)
        report = team_service.sync_once(sup)
        assert report.status == "ok" and not report.quarantined, (delays, report)

    # The writer comes back: the next sync publishes the rest.
    resumed = unlock_profile(profile, PASSPHRASE)
    team.people["alex"] = resumed
    report = team_service.sync_once(resumed)
    assert report.status == "ok" and not report.quarantined, report
    assert syncstate.waiting_count(resumed.vault) == 0
    assert resumed.vault.integrity_ok()
    written = families(resumed)
    assert saved <= written, f"delays {delays}: committed records missing"
    published = check_writer_folder(mine, folder.team_id, device_id, keyring)
    assert published == len(written)

    report = team_service.sync_once(sup)
    assert report.status == "ok" and not report.quarantined and not report.waiting, report
    assert families(sup) == written
    assert sup.vault.integrity_ok()


def test_leftover_temporaries_and_a_truncated_file_are_harmless(team: Team) -> None:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    bob = team.join("bob", "Bob Hale", "practitioner")
    sup = team.people["sup"]
    family(alex, "Alex's first", "A-1")
    team.sync("alex", "bob", "sup")
    mine = bundle_dir(alex)
    # What a crash can leave: a temporary (whole or half written), never a final name.
    (mine / f"{TMP_PREFIX}0123456789abcdef.part").write_bytes(b"RLB1\x00\x00")
    (mine / f"{TMP_PREFIX}fedcba9876543210.part").write_bytes(rlb_files(mine)[0].read_bytes())

    # A cloud client still downloading Alex's next bundle: the final name, half the bytes.
    second = family(alex, "Alex's second", "A-2")
    team.sync("alex")
    newest = rlb_files(mine)[-1]
    whole = newest.read_bytes()
    newest.write_bytes(whole[: len(whole) // 2])
    from_bob = family(bob, "Bob's family", "B-1")
    team.sync("bob")
    report = team_service.sync_once(sup)
    assert report.status == "ok"
    assert reasons(report) == ["file name does not match its content (partly copied?)"]
    assert "partly copied" in stored_reasons(sup)[newest.name]
    assert report.waiting == [alex.vault.device_id]
    assert from_bob.id in families(sup) and second.id not in families(sup)

    # Alex's own laptop is not confused by its folder: it adopts nothing and goes on.
    third = family(alex, "Alex's third", "A-3")
    report = team_service.sync_once(alex)
    assert report.status == "ok" and report.sent == 1 and not report.quarantined, report

    # The download completes: everything arrives in order and the quarantine clears.
    newest.write_bytes(whole)
    report = team_service.sync_once(sup)
    assert report.status == "ok" and not report.quarantined and not report.waiting, report
    assert {second.id, third.id} <= families(sup)
    assert stored_reasons(sup) == {}
    assert sup.vault.integrity_ok() and alex.vault.integrity_ok()


def test_a_truncated_file_at_the_writers_next_number_does_not_stop_it(team: Team) -> None:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    sup = team.people["sup"]
    family(alex, "Alex's first", "A-1")
    team.sync("alex", "sup")
    mine = bundle_dir(alex)
    whole = rlb_files(mine)[0].read_bytes()
    junk = whole[: len(whole) // 3]
    (mine / renamed_for(junk, 2)).write_bytes(junk)  # a valid-looking name, cut short
    second = family(alex, "Alex's second", "A-2")
    report = team_service.sync_once(alex)
    assert report.status == "ok" and report.sent == 1
    assert any("truncated" in r for r in reasons(report)), report
    report = team_service.sync_once(sup)
    assert second.id in families(sup)
    assert any("truncated" in r for r in reasons(report)) and not report.waiting


# ---- replays, re-copies and cloud conflict copies -------------------------------------------


@pytest.fixture
def busy(team: Team) -> Team:
    """Alex and Bob, three bundles from Alex already applied by Pat."""
    alex = team.join("alex", "Alex Morgan", "practitioner")
    bob = team.join("bob", "Bob Hale", "practitioner")
    fam = family(alex)
    team.sync("alex")
    edit_family(alex, fam.id, "The Lark family (moved)")
    team.sync("alex")
    family(alex, "The Wren family", "EH-2")
    family(bob, "The Finch family", "EH-3")
    team.sync("alex", "bob", "sup")
    assert len(rlb_files(bundle_dir(alex))) == 3
    return team


def test_an_old_bundle_under_a_new_valid_name_is_quarantined(busy: Team) -> None:
    alex, bob, sup = (busy.people[k] for k in ("alex", "bob", "sup"))
    before = picture(sup.vault)
    files = rlb_files(bundle_dir(alex))
    old = files[1].read_bytes()
    replay = bundle_dir(alex) / renamed_for(old, 4)
    replay.write_bytes(old)
    report = team_service.sync_once(sup)
    assert reasons(report) == ["file name and content disagree on its number"]
    assert picture(sup.vault) == before
    # The same old file slipped into Bob's folder fails his signature.
    (bundle_dir(bob) / renamed_for(old, 2)).write_bytes(old)
    report = team_service.sync_once(sup)
    assert "signature does not match its device" in reasons(report)
    assert picture(sup.vault) == before

    # Alex goes on: the real fourth bundle sits beside the replay and is applied.
    newer = family(alex, "The Robin family", "EH-4")
    team_service.sync_once(alex)
    report = team_service.sync_once(sup)
    assert newer.id in families(sup) and alex.vault.device_id not in report.waiting
    assert replay.name in stored_reasons(sup)


def test_recopying_a_file_already_applied_changes_nothing(busy: Team) -> None:
    alex, sup = busy.people["alex"], busy.people["sup"]
    before = picture(sup.vault)
    first = rlb_files(bundle_dir(alex))[0]
    data = first.read_bytes()
    first.unlink()
    first.write_bytes(data)  # deleted and copied back, as a sync client might
    second = rlb_files(bundle_dir(alex))[1]
    shutil.copy2(second, second.parent.parent / "incoming")
    os.replace(second.parent.parent / "incoming", second)  # replaced by an identical copy
    for _ in range(2):
        report = team_service.sync_once(sup)
        assert report.status == "ok" and not report.quarantined
        assert report.received == 0 and report.duplicates == 0
    assert picture(sup.vault) == before


CONFLICT_COPIES = [
    "{stem} (1).rlb",
    "{stem}-DESKTOP-ABC.rlb",
    "{stem} (Pat's conflicted copy 2026-03-02).rlb",
    "{stem}.rlb.sync-conflict-20260302-101010-ABCDEF",
    ".syncthing.{stem}.rlb.tmp",
    "~${stem}.rlb",
    "{stem}.RLB",
    "{stem}.rlb.partial",
]


def test_cloud_conflict_copies_and_temporaries_are_ignored(busy: Team) -> None:
    alex, bob, sup = (busy.people[k] for k in ("alex", "bob", "sup"))
    before = {k: picture(busy.people[k].vault) for k in ("bob", "sup")}
    mine = bundle_dir(alex)
    # Alex publishes a fourth bundle; a sync client leaves only copies of it under other names.
    some_family = sorted(families(alex))[0]
    edit_family(alex, some_family, "Only in a conflict copy")
    team_service.sync_once(alex)
    newest = rlb_files(mine)[-1]
    hidden = newest.read_bytes()
    newest.unlink()
    stem = newest.name[: -len(".rlb")]
    for pattern in CONFLICT_COPIES:
        (mine / pattern.format(stem=stem)).write_bytes(hidden)
    folder = team_folder_for(sup.vault)
    team_dir = folder.team_dir(sup.vault.device_id)
    manifest = sorted(team_dir.iterdir())[0]
    (team_dir / f"{manifest.stem} (1).json").write_bytes(manifest.read_bytes())
    (folder.requests_dir / "~$request.json").write_bytes(b"{}")
    (folder.root / "devices" / f"{bob.vault.device_id} (1)").mkdir()
    for key in ("bob", "sup"):
        report = team_service.sync_once(busy.people[key])
        assert report.status == "ok" and not report.quarantined and not report.waiting, report
        assert report.received == 0
        assert report.ignored == len(CONFLICT_COPIES)
        assert picture(busy.people[key].vault) == before[key]
    assert "Only in a conflict copy" not in str(picture(sup.vault))
    # The real file arrives after all: it is read, the copies still are not.
    newest.write_bytes(hidden)
    report = team_service.sync_once(sup)
    assert report.received == 1 and not report.quarantined
    assert sup.vault.get(some_family).data["display_name"] == "Only in a conflict copy"


# ---- tampering and foreign files ---------------------------------------------------------------


def split(data: bytes) -> tuple[dict, bytes, bytes, bytes]:
    """(header, header bytes, body, signature) of a bundle file."""
    (length,) = struct.unpack(">I", data[4:8])
    header_bytes = data[8 : 8 + length]
    return json.loads(header_bytes), header_bytes, data[8 + length : -64], data[-64:]


def join_signed(header: dict, body: bytes, signing_key: bytes) -> bytes:
    header_bytes = json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
    unsigned = b"RLB1" + struct.pack(">I", len(header_bytes)) + header_bytes + body
    return unsigned + sign(signing_key, unsigned)


def next_bundle(team: Team, key: str) -> Path:
    """Make the writer publish one more bundle; return it (not yet read by anyone)."""
    session = team.people[key]
    family(session, f"Written by {key} {len(families(session))}", "T-1")
    team_service.sync_once(session)
    return rlb_files(bundle_dir(session))[-1]


def expect_quarantine(team: Team, path: Path, reason: str) -> None:
    """Pat quarantines path with reason, keeps everything, and still gets Bob's news."""
    sup, bob = team.people["sup"], team.people["bob"]
    before = picture(sup.vault)
    news = family(bob, "Bob's news", "B-9")
    team_service.sync_once(bob)
    report = team_service.sync_once(sup)
    assert report.status == "ok"
    assert (str(path), reason) in report.quarantined, report.quarantined
    assert stored_reasons(sup)[path.name] == reason
    after = picture(sup.vault)
    assert news.id in after
    assert {k: v for k, v in after.items() if k != news.id} == before
    assert path.exists()  # quarantined, never deleted
    assert sup.vault.integrity_ok()


def test_a_flipped_byte_is_quarantined(busy: Team) -> None:
    path = next_bundle(busy, "alex")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    expect_quarantine(busy, path, "file name does not match its content (partly copied?)")


def test_a_flipped_byte_under_a_matching_name_fails_the_signature(busy: Team) -> None:
    path = next_bundle(busy, "alex")
    data = bytearray(path.read_bytes())
    data[len(data) - 100] ^= 0x80
    path.unlink()
    forged = path.with_name(renamed_for(bytes(data), int(path.name[:10])))
    forged.write_bytes(bytes(data))
    expect_quarantine(busy, forged, "signature does not match its device")


def test_a_section_moved_from_another_bundle_does_not_open(busy: Team) -> None:
    """Even re-signed with the writer's own key (a buggy or hostile client), a section
    lifted from another bundle fails: its key is bound to that bundle's number and header."""
    alex = busy.people["alex"]
    signing = alex.vault.keyring().ed25519_private
    old = rlb_files(bundle_dir(alex))[0].read_bytes()
    path = next_bundle(busy, "alex")
    header, _hb, _body, _sig = split(path.read_bytes())
    old_header, _ohb, old_body, _osig = split(old)
    header["sections"] = old_header["sections"]  # the old keys and sizes, with the old text
    forged = join_signed(header, old_body, signing)
    path.unlink()
    target = path.with_name(renamed_for(forged, header["seq"]))
    target.write_bytes(forged)
    section = header["sections"][0]["audience"]
    expect_quarantine(busy, target, f"{MEMBER_FAULT}: the {section} section does not decrypt")


def test_ciphertext_swapped_between_two_bundles_is_quarantined(busy: Team) -> None:
    alex = busy.people["alex"]
    old = rlb_files(bundle_dir(alex))[2].read_bytes()
    path = next_bundle(busy, "alex")
    header, header_bytes, body, sig = split(path.read_bytes())
    _oh, _ohb, old_body, _os = split(old)
    # Sizes fixed up so the file parses, the signature left as it was.
    header["sections"][0]["size"] = len(old_body)
    swapped = join_signed(header, old_body, alex.vault.keyring().ed25519_private)[:-64] + sig
    path.unlink()
    target = path.with_name(renamed_for(swapped, header["seq"]))
    target.write_bytes(swapped)
    expect_quarantine(busy, target, "signature does not match its device")


def test_a_bundle_from_another_team_is_quarantined(busy: Team, tmp_path: Path) -> None:
    other = Team(central=tmp_path / "elsewhere", base=tmp_path / "other-profiles")
    other.central.mkdir()
    boss = other.add("sup", "Other Boss", "supervisor")
    try:
        team_service.create(boss, other.central, "Another Team")
        family(boss, "Another team's family", "X-1")
        team_service.sync_once(boss)
        foreign = rlb_files(bundle_dir(boss))[0]
        alex = busy.people["alex"]
        # Into Alex's folder at Alex's next number, and as a device folder of its own.
        as_alex = bundle_dir(alex) / renamed_for(foreign.read_bytes(), 4)
        as_alex.write_bytes(foreign.read_bytes())
        expect_quarantine(busy, as_alex, "belongs to another team")
        stranger = team_folder_for(busy.people["sup"].vault).bundles_dir(boss.vault.device_id)
        stranger.mkdir(parents=True)
        shutil.copy2(foreign, stranger / foreign.name)
        expect_quarantine(
            busy, stranger / foreign.name, "written by a device that is not in the team"
        )
    finally:
        boss.close()


def test_a_well_formed_bundle_from_a_non_member_is_quarantined(busy: Team) -> None:
    sup = busy.people["sup"]
    folder = team_folder_for(sup.vault)
    intruder = Keyring.generate()
    device = "01a20000-0000-7000-8000-000000000001"
    event = {
        "id": "01a20000-0000-7000-8000-0000000000e1",
        "record": "01a20000-0000-7000-8000-0000000000f1",
        "kind": "family",
        "hlc": "001700000000000.000000",
        "author": "01a20000-0000-7000-8000-0000000000a1",
        "device": device,
        "parent": None,
        "parent_id": None,
        "deleted": False,
        "data": {"reference": "X", "display_name": "Injected"},
        "resolves": [],
    }
    state = load_team(folder)
    data = bundles.encode(
        team_id=folder.team_id,
        device_id=device,
        member_id=event["author"],
        seq=1,
        prev="",
        created=event["hlc"],
        sections=[bundles.Section("team:x", [event], state.devices_of(state.active_members()))],
        recovery_public=state.recovery_public,
        signing_key=intruder.ed25519_private,
    )
    path = folder.bundles_dir(device) / bundles.bundle_name(1, data)
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    expect_quarantine(busy, path, "written by a device that is not in the team")
    assert event["record"] not in picture(sup.vault)


def test_removed_last_files_are_reported_and_nothing_is_deleted(busy: Team) -> None:
    alex, sup = busy.people["alex"], busy.people["sup"]
    before = picture(sup.vault)
    files = rlb_files(bundle_dir(alex))
    for path in files[-2:]:
        path.unlink()
    news = family(busy.people["bob"], "Bob's news", "B-9")
    team_service.sync_once(busy.people["bob"])
    report = team_service.sync_once(sup)
    assert report.status == "ok"
    missing = [r for r in reasons(report) if r.startswith("files are missing")]
    assert missing == ["files are missing: this folder had up to 3, now 1"]
    after = picture(sup.vault)
    assert news.id in after and {k: v for k, v in after.items() if k != news.id} == before

    # The whole device folder gone: still reported, still nothing deleted.
    shutil.rmtree(bundle_dir(alex).parent)
    report = team_service.sync_once(sup)
    assert report.status == "ok"
    assert any(r.startswith("files are missing") for r in reasons(report)), report
    assert picture(sup.vault) == after


# ---- the folder itself missing -------------------------------------------------------------


def _break_and_restore(team: Team, break_it, restore) -> None:  # noqa: ANN001
    alex, sup = team.people["alex"], team.people["sup"]
    shared_before = {p: d for p, d in all_shared_bytes(team.central)}
    pictures = {k: picture(team.people[k].vault) for k in ("alex", "sup")}
    pending = family(alex, "Written while the drive is away", "EH-8")
    break_it()
    for key in ("alex", "sup"):
        report = team_service.sync_once(team.people[key])
        assert report.status == "unreachable", report
        assert report.message.startswith("Sync is waiting")
        assert report.sent == 0 and report.received == 0
    assert picture(sup.vault) == pictures["sup"]
    assert set(picture(alex.vault)) == set(pictures["alex"]) | {pending.id}
    assert syncstate.waiting_count(alex.vault) == 1
    restore()
    shared_now = {p: d for p, d in all_shared_bytes(team.central)}
    assert shared_now == shared_before  # sync wrote and deleted nothing while away
    report = team_service.sync_once(alex)
    assert report.status == "ok" and report.sent == 1
    report = team_service.sync_once(sup)
    assert report.status == "ok" and report.received == 1
    assert pending.id in families(sup)


@pytest.fixture
def pair(team: Team) -> Team:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    family(alex)
    team.sync("alex", "sup")
    return team


def test_a_renamed_away_folder_is_unreachable_and_comes_back(pair: Team) -> None:
    away = pair.central.with_name("shared-away")
    _break_and_restore(pair, lambda: pair.central.rename(away), lambda: away.rename(pair.central))


def test_an_empty_folder_is_unreachable(pair: Team) -> None:
    root = team_folder_for(pair.people["sup"].vault).root
    away = pair.central.parent / "team-away"
    _break_and_restore(pair, lambda: root.rename(away), lambda: away.rename(root))


def test_a_placeholder_team_folder_without_devices_is_unreachable(pair: Team) -> None:
    devices = team_folder_for(pair.people["sup"].vault).root / "devices"
    away = pair.central.parent / "devices-away"
    _break_and_restore(pair, lambda: devices.rename(away), lambda: away.rename(devices))


def test_a_team_folder_whose_devices_are_not_downloaded_yet_is_unreachable(pair: Team) -> None:
    devices = team_folder_for(pair.people["sup"].vault).root / "devices"
    away = pair.central.parent / "devices-away"

    def empty() -> None:
        devices.rename(away)
        devices.mkdir()

    def back() -> None:
        devices.rmdir()
        away.rename(devices)

    _break_and_restore(pair, empty, back)


def test_bundle_header_names_only_ids(busy: Team) -> None:
    """What a reader can learn from a header without keys: ids, sizes and wrapped keys."""
    path = rlb_files(bundle_dir(busy.people["alex"]))[0]
    header, *_rest = split(path.read_bytes())
    assert set(header) == {
        "created",
        "device",
        "extra",
        "format",
        "kind",
        "member",
        "prev",
        "sections",
        "seq",
        "team",
    }
    assert header["kind"] == "bundle" and header["extra"] == {}
    for section in header["sections"]:
        assert set(section) == {"audience", "keys", "size"}
        assert all(base64.b64decode(v) for v in section["keys"].values())
    assert hashlib.sha256(path.read_bytes()).hexdigest()[:16] in path.name


# ---- a laptop whose vault goes back in time ---------------------------------------------------


def test_a_vault_restored_from_backup_gets_its_own_published_work_back(team: Team) -> None:
    from relapp.store.backups import restore_backup, take_backup

    alex = team.join("alex", "Alex Morgan", "practitioner")
    sup = team.people["sup"]
    early = family(alex, "Before the backup", "EH-1")
    team.sync("alex", "sup")
    backup = take_backup(alex.vault, "manual")
    later = family(alex, "After the backup", "EH-2")
    edit_family(alex, early.id, "Before the backup, renamed after it")
    team.sync("alex", "sup")
    unsent_then = family(alex, "Never synced before the restore", "EH-3")
    profile = alex.vault.folder
    alex.close()
    restore_backup(profile, backup.name, PASSPHRASE)
    alex = team.people["alex"] = unlock_profile(profile, PASSPHRASE)
    assert later.id not in families(alex)

    report = team_service.sync_once(alex)
    assert report.status == "ok" and not report.quarantined, report
    assert later.id in families(alex)
    assert alex.records.get(early.id).data["display_name"] == "Before the backup, renamed after it"
    assert unsent_then.id not in families(alex)  # never published: that work is the backup's loss
    # No sequence number is written twice, nothing is sent twice.
    folder = team_folder_for(alex.vault)
    check_writer_folder(
        folder.bundles_dir(alex.vault.device_id),
        folder.team_id,
        alex.vault.device_id,
        alex.vault.keyring(),
    )
    again = family(alex, "After the restore", "EH-4")
    team.sync("alex", "sup")
    assert picture(sup.vault) == picture(alex.vault)
    assert again.id in families(sup)


def test_a_folder_vanishing_mid_sync_loses_nothing(pair: Team) -> None:
    from relapp.sync.engine import SyncEngine

    alex, sup = pair.people["alex"], pair.people["sup"]
    bob = pair.join("bob", "Bob Hale", "practitioner")
    for n in range(3):
        family(alex, f"Alex's {n}", f"A-{n}")
        pair.sync("alex")
        bob.records.save("barrier", {"category": "caseload-time", "description": f"Bob {n}"})
        pair.sync("bob")
        if n == 0:
            pair.sync("sup")
    before = picture(sup.vault)
    away = pair.central.with_name("shared-away")

    def vanish(index: int, total: int) -> None:
        if index == 1 and pair.central.exists():
            pair.central.rename(away)

    report = SyncEngine(sup.vault).run(vanish)
    # A drive that went away is not mistaken for files removed from it.
    assert report.status == "unreachable" and not report.quarantined, report
    after = picture(sup.vault)
    assert {k: v for k, v in after.items() if k in before} == before
    assert sup.vault.integrity_ok()
    away.rename(pair.central)
    report = team_service.sync_once(sup)
    assert report.status == "ok" and not report.quarantined and not report.waiting, report
    assert stored_reasons(sup) == {}
    assert len(families(sup)) == 4 and sup.vault.count("barrier") == 3
    assert picture(sup.vault) == {
        k: v for k, v in picture(bob.vault).items() if v["kind"] == "barrier"
    } | {k: v for k, v in picture(alex.vault).items() if v["kind"] == "family"}
