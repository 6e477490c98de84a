"""The receiving half of a sync pass: each other laptop's new bundles read in order, opened with
the keys this laptop holds, checked (signatures, sequence, who may write what) and applied;
what cannot be read is set aside with the reason."""

from __future__ import annotations

from pathlib import Path

from relapp.store import audit, erasure, syncstate
from relapp.sync import bundle as bundles
from relapp.sync.layout import Listing, TeamFolder, read_file
from relapp.sync.manifest import TeamState
from relapp.sync.report import ProgressFn, SyncReport
from relapp.sync.wire import FileRefused

# Records only a supervisor's laptop may write: any other laptop's file holding one is set
# aside as its fault (an erasure removes families; the family-key key names them in the
# analysts' files, and a practitioner who set it would know it).
SUPERVISORS_ONLY = {"erasure": "an erasure", "team_key": "the team's family-key key"}
# How a quarantine reason begins when the file was signed by its own device: no one else can
# have written it, so that laptop's Relapp is faulty or modified, and its supervisor is told.
MEMBER_FAULT = "its laptop wrote a change Relapp cannot read"


def read_bundle(path: Path) -> bytes:
    return read_file(path, bundles.MAX_BUNDLE_BYTES)


class Receiving:
    """How SyncEngine receives (the engine holds the vault and decides when)."""

    def _open(
        self,
        data: bytes,
        path: Path,
        state: TeamState,
        device_id: str,
        kind: str = "bundle",
    ) -> bundles.Bundle:
        if not bundles.file_digest_matches(path.name, data):
            raise bundles.BundleRejected("file name does not match its content (partly copied?)")
        device = state.device(device_id)
        if device is None:
            raise bundles.BundleRejected("written by a device that is not in the team")
        opened = bundles.decode(
            data,
            team_id=state.team_id,
            signer_public=device.ed25519,
            my_id=self.device_id,
            my_private=self.keyring.x25519_private,
            expect_kind=kind,
        )
        pinned_digest = opened.digest if kind == "bundle" else opened.prev
        refused = state.refuses(device_id, opened.seq, pinned_digest, opened.created)
        if refused:
            raise bundles.BundleRejected(refused)
        if opened.device_id != device_id or opened.member_id != device.member_id:
            raise bundles.SignedContentRefused("claims another device or member than its signer")
        if int(path.name[:10]) != opened.seq:
            raise bundles.BundleRejected("file name and content disagree on its number")
        # Its own changes, and those of the retired laptops it carries (see _carry): a change
        # attributed to any other laptop is refused, whoever signed the file.
        carried = state.carried_by(device_id)
        for events in opened.sections.values():
            for event in events:
                origin = device
                if event.get("device") != device_id:
                    other = state.device(str(event.get("device")))
                    if other is None or other.device_id not in carried:
                        raise bundles.SignedContentRefused(
                            "holds a change attributed to someone else"
                        )
                    origin = other
                if event.get("author") != origin.member_id:
                    raise bundles.SignedContentRefused("holds a change attributed to someone else")
                if (
                    event["kind"] in SUPERVISORS_ONLY
                    and state.members[origin.member_id].role != "supervisor"
                ):
                    raise bundles.SignedContentRefused(
                        f"holds {SUPERVISORS_ONLY[event['kind']]} from a non-supervisor"
                    )
        for entry in opened.audit:
            if entry["device"] != device_id:
                raise bundles.SignedContentRefused("holds an audit entry of another laptop")
        return opened

    def _receive(
        self,
        folder: TeamFolder,
        state: TeamState,
        report: SyncReport,
        progress: ProgressFn | None,
    ) -> None:
        known = syncstate.progress(self.vault)
        # A device folder that vanished altogether is reported too, never read as deletion.
        listed = set(folder.device_ids()) | {d for d, p in known.items() if p.max_seen_seq}
        devices = sorted(listed - {self.device_id})
        for index, device_id in enumerate(devices):
            if progress is not None:
                progress(index, len(devices))
            try:
                listing = folder.bundles(device_id)
            except OSError as exc:
                if not self._still_reachable(folder, report):
                    return
                # One device folder that cannot be listed (its permissions changed on the
                # drive) is reported; every other device goes on.
                self._quarantine(
                    report, folder.bundles_dir(device_id), f"cannot be read: {exc.strerror}"
                )
                continue
            report.ignored += len(listing.ignored)
            if state.device(device_id) is None:
                # Nobody in the team wrote these, so no key can check them: they are set aside
                # by name, never read (thousands of such folders cost a listing each).
                for _seq, path in listing.accepted:
                    self._quarantine(report, path, "written by a device that is not in the team")
                continue
            retirement = state.retired.get(device_id)
            if retirement is not None:
                # Its chain has ended: what is left of it up to the pinned end may still be
                # read (its carrier sends the same changes anyway); anything numbered after
                # is set aside unread, and files gone from its folder are not missing.
                for seq, path in listing.accepted:
                    if seq > retirement.seq:
                        self._quarantine(
                            report, path, "written after this laptop was retired from the team"
                        )
                listing = Listing(
                    [(s, p) for s, p in listing.accepted if s <= retirement.seq], listing.ignored
                )
            mine = known.get(device_id)
            last, digest = (mine.last_seq, mine.last_digest) if mine else (0, "")
            highest = max((seq for seq, _ in listing.accepted), default=0)
            if retirement is not None:
                highest = max(highest, mine.max_seen_seq if mine else 0)
            if mine and highest < mine.max_seen_seq:
                # A device compacts its folder after an erasure: its snapshot stands in for
                # the bundles it removed.
                snapshot = self._latest_snapshot_header(folder, state, device_id)
                if snapshot is not None:
                    highest = max(highest, snapshot[0].seq)
            if mine and highest < mine.max_seen_seq:
                if not self._still_reachable(folder, report):
                    return
                report.quarantined.append(
                    (
                        str(folder.bundles_dir(device_id)),
                        f"files are missing: this folder had up to {mine.max_seen_seq}, "
                        f"now {highest}",
                    )
                )
            by_seq: dict[int, list[Path]] = {}
            for seq, path in listing.accepted:
                if seq > last:
                    by_seq.setdefault(seq, []).append(path)
            if last == 0 or last + 1 not in by_seq:
                started = self._start_from_snapshot(folder, state, report, device_id, last)
                if started is not None:
                    last, digest = started
            while last + 1 in by_seq:
                seq = last + 1
                valid = []
                for path in by_seq[seq]:
                    try:
                        opened = self._open(read_bundle(path), path, state, device_id)
                        if opened.prev != digest:
                            raise bundles.BundleRejected("does not follow the previous file")
                    except FileRefused as exc:
                        self._quarantine(report, path, exc)
                        continue
                    except OSError as exc:
                        if not self._still_reachable(folder, report):
                            return
                        self._quarantine(report, path, f"cannot be read: {exc.strerror}")
                        continue
                    valid.append((path, opened))
                # Two valid files cannot both follow the same file: the first that applies
                # is kept, any other is reported (every candidate is checked, so damage is
                # seen, and which one wins does not depend on the order of names).
                applied = None
                for path, opened in valid:
                    if applied is not None:
                        self._quarantine(report, path, f"a second file numbered {seq}")
                    elif self._apply(
                        report, path, opened, device_id, seq, opened.digest, state=state
                    ):
                        applied = opened
                        syncstate.release_quarantine(self.vault, str(path))
                if applied is None:
                    break
                last, digest = seq, applied.digest
            if by_seq and max(by_seq) > last and retirement is None:
                report.waiting.append(device_id)
            if last:
                # Only what was read and checked counts as seen: a junk file named far ahead
                # must not leave a lasting "files are missing" alarm once it is removed.
                syncstate.note_seen(self.vault, device_id, last)
        if progress is not None:
            progress(len(devices), len(devices))

    def _apply(
        self,
        report: SyncReport,
        path: Path,
        opened: bundles.Bundle,
        device_id: str,
        seq: int,
        digest: str,
        index_later: bool = False,
        *,
        state: TeamState,
    ) -> bool:
        """Apply one file's changes and move that device on, all or nothing. A change this
        vault cannot take (a member's buggy or modified Relapp) sets the whole file aside:
        its device waits there, every other device goes on."""
        events = [e for evs in opened.sections.values() for e in evs]
        found: list[audit.Problem] = []
        try:
            # The laptop's audit entries land with its changes, or neither does.
            with self.vault.writing():
                result = syncstate.apply_bundle_events(
                    self.vault,
                    events,
                    device_id=device_id,
                    seq=seq,
                    digest=digest,
                    index_later=index_later,
                )
                if opened.audit and device_id != self.device_id:
                    device = state.device(device_id)
                    found = audit.receive(
                        self.vault,
                        device_id,
                        device.member_id if device else "",
                        state.active_members(),
                        opened.audit,
                    )
        except syncstate.EventRefused as exc:
            self._quarantine(report, path, f"{MEMBER_FAULT}: {exc}")
            return False
        report.received += result.applied
        if opened.audit and device_id != self.device_id:
            report.audit_received += len(opened.audit)
            report.audit_problems += len(found)
        report.duplicates += result.duplicates
        report.conflicts += result.conflicts
        report.future_clocks += result.future_clocks
        if result.erasures:
            erasure.settle(self.vault, result.erased_ids)
            audit.record(self.vault, "erasure_received", result.erased_ids)
            report.erased += len(result.erased_ids)
            if device_id != self.device_id:
                for erasure_id in result.erasures:  # tell the supervisors it was done here
                    self.vault.put(
                        "erasure_done",
                        {"erasure_id": erasure_id, "erased": len(result.erased_ids)},
                    )
        return True
