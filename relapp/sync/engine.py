"""One sync pass: send this device's new versions, receive everyone else's.

Nothing here blocks on a bad file: a file that fails a check is quarantined (reported with
its reason, never deleted) and its device waits at that point; every other device goes on.
A missing folder, a missing file or an empty folder never deletes anything.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from relapp.crypto.digest import sha256_hex
from relapp.store import audit, erasure, syncstate
from relapp.store.vault import Vault
from relapp.sync import bundle as bundles
from relapp.sync.layout import FolderUnavailable, TeamFolder
from relapp.sync.locations import location
from relapp.sync.manifest import TeamError, TeamState, load_team
from relapp.sync.publish import publish
from relapp.sync.receiving import MEMBER_FAULT, Receiving, read_bundle
from relapp.sync.report import ProgressFn, SyncReport
from relapp.sync.transport import StoreUnavailable
from relapp.sync.wire import BundleHeader, FileRefused, clean_reason

MAX_EVENTS_PER_BUNDLE = 2000
# Audit entries a bundle carries at most (a laptop long offline sends its trail in several).
MAX_AUDIT_PER_BUNDLE = 20_000
# A device writes a snapshot of its own history when a device joined the team after what
# it last wrote for (so the newcomer can read the past), or every SNAPSHOT_EVERY bundles.
SNAPSHOT_EVERY = 200
# Files a snapshot covers stay this long, so devices that are behind can still read them.
GRACE_SECONDS = 30 * 24 * 3600
STALE_TEMPORARY_SECONDS = 3600
# A snapshot of this many events or more is applied without indexing its records for search
# at once: the index catches up afterwards (relapp.store.search_index, "indexing later").
INDEX_LATER_FROM = 500


def team_folder_for(vault: Vault) -> TeamFolder:
    folder = syncstate.get_meta(vault, "sync_folder")
    team_id = syncstate.get_meta(vault, "sync_team_id")
    if not folder or not team_id:
        raise FolderUnavailable("This profile is not part of a team yet.")
    return TeamFolder.locate(location(folder), team_id)


def audience_for(vault: Vault, event: dict[str, Any], state: TeamState) -> tuple[str, set[str]]:
    """Who may read an event: (audience name, member ids). Authors always read their own."""
    kind, data, author = event["kind"], event["data"], event["author"]
    if (kind == "reflection" and data.get("status") == "draft") or kind == "unsent_text":
        return "own", {author}
    if kind == "erasure":  # every laptop must apply it, whoever holds the family
        return "team", state.active_members() | {author}
    if kind == "team_key":  # a secret of the team's supervisors (relapp.services.reports)
        return "supervisors", state.supervisors() | {author}
    if kind in ("erasure_done", "erasure_request"):
        owners = {syncstate.owner_of(vault, event["record"]) or author, author}
        return "supervision", owners | state.supervisors()
    if kind in ("barrier", "change_test"):
        return "team", state.active_members() | {author}
    if kind == "feedback":
        target = syncstate.owner_of(vault, str(data.get("record_id", ""))) or author
        return "feedback", {target, author} | state.supervisors()
    if kind == "supervision_session":
        return "supervision", {str(data.get("practitioner_id")), author} | state.supervisors()
    owners = {syncstate.owner_of(vault, event["record"]) or author, author}
    if kind == "family" and data.get("assigned_to"):
        owners.add(str(data["assigned_to"]))
    family_id = data.get("family_id")
    if family_id:
        # A supervisor's visit to a practitioner's family reaches that practitioner too.
        owners.add(syncstate.owner_of(vault, str(family_id)) or author)
    return "supervision", owners | state.supervisors()


def _section_name(audience: str, members: set[str]) -> str:
    return f"{audience}:{sha256_hex(','.join(sorted(members)).encode())[:12]}"


class SyncEngine(Receiving):
    def __init__(self, vault: Vault, grace_seconds: float = GRACE_SECONDS) -> None:
        self.vault = vault
        self.grace_seconds = grace_seconds
        self.keyring = vault.keyring()
        self.device_id = vault.device_id

    def run(self, progress: ProgressFn | None = None) -> SyncReport:
        report = SyncReport()
        try:
            return self._pass(report, progress)
        except OSError as exc:
            if not isinstance(exc, StoreUnavailable) and self._reachable():
                raise  # not the shared folder (this laptop's own disk): an error to show
            # The drive or the store went away mid-pass: what was applied stays, nothing
            # unsent is marked as sent, and the next pass goes on from there.
            report.status = "unreachable"
            report.message = f"Sync is waiting: the shared folder cannot be reached ({exc})."
            return report

    def _reachable(self) -> bool:
        try:
            team_folder_for(self.vault).check_reachable()
        except FolderUnavailable:
            return False
        return True

    def _pass(self, report: SyncReport, progress: ProgressFn | None) -> SyncReport:
        try:
            folder = team_folder_for(self.vault)
            folder.check_reachable()
            folder.list_once(self.device_id)
            state = load_team(folder, syncstate.remembered_team_files(self.vault))
        except (FolderUnavailable, TeamError) as exc:
            report.status, report.message = "unreachable", f"Sync is waiting: {exc}"
            return report
        syncstate.remember_team_files(self.vault, state.accepted_files)
        for path, reason in state.rejected:
            self._quarantine(report, path, reason)
        for path in state.missing:
            self._quarantine(
                report, path, "this team file has gone from the drive; Relapp keeps its copy"
            )
        me = state.active_device(self.device_id)
        if me is None:
            report.status = "not_member"
            report.message = (
                "Sync has stopped: a supervisor retired this laptop from the team. What it "
                "holds stays readable here; nothing is sent or received any more."
                if self.device_id in state.retired
                else "Sync is waiting: this laptop is not (or no longer) an approved member of "
                "the team. Ask your supervisor to approve it."
            )
            return report
        if me.member_id != self.vault.member_id:
            syncstate.adopt_member_id(self.vault, me.member_id)
        # Kept here so the retention rule applies at unlock too, with the drive away.
        for key, value in (
            ("retention_years", state.retention_years or 0),
            ("retention_draft_days", state.draft_days),
            ("retention_unsent_days", state.unsent_days),
        ):
            if syncstate.get_meta(self.vault, key) != str(value):
                syncstate.set_meta(self.vault, key, str(value))
        # The role the team gave this laptop's member is the one other laptops check (an
        # erasure from anyone else is set aside): kept for the checks made offline.
        role = state.members[me.member_id].role
        if syncstate.get_meta(self.vault, "team_role") != role:
            syncstate.set_meta(self.vault, "team_role", role)
        self._adopt_own_bundles(folder, state, report)
        self._carry(state)
        self._send(folder, state, report)
        self._carried(folder, state)
        self._maybe_snapshot(folder, state, report)
        self._tidy_own_folder(folder, state)
        self._receive(folder, state, report, progress)
        if erasure.compact_pending(self.vault):
            self._send(folder, state, report)  # confirmations of what was just erased
            self._compact(folder, state, report)
        return report

    def _compact(self, folder: TeamFolder, state: TeamState, report: SyncReport) -> None:
        """After an erasure: a new snapshot of this device's own history (which no longer
        holds what was erased), then every older file of this device's folder goes at once,
        so erased content stops being readable on the drive, with the organisation's
        recovery key too. Readers that are behind start from the new snapshot."""
        mine = syncstate.progress(self.vault).get(self.device_id)
        if mine is not None and mine.last_seq:
            kept = self._write_snapshot(folder, state, mine, report)
            try:
                self._remove_covered(folder, mine.last_seq, kept)
            except OSError:
                return  # the drive went away: compaction is tried again at the next pass
        erasure.compacted(self.vault)
        report.compacted = True

    # ---- retired laptops --------------------------------------------------------------
    #
    # A laptop that will never come back (lost, broken, handed in) still has files in its
    # folder, and those may hold what was erased since: nobody compacts them. A supervisor
    # retires it (relapp.sync.team.retire_device) from a laptop that has read its whole chain.
    # That laptop becomes its *carrier*: it sends the retired laptop's changes again from its
    # own folder (same ids, author and laptop, so every reader takes them as duplicates or as
    # the originals), then removes the retired laptop's bundles and snapshots. From then on the
    # retired laptop's history lives in the carrier's folder, so the carrier's snapshots hold
    # it and an erasure's compaction of the carrier's folder covers it. Readers accept changes
    # attributed to a retired laptop only from its carrier (checked in _open), read whatever is
    # left of the retired laptop's own files up to the end the retirement pinned, set aside
    # anything after it, and no longer wait for its files nor report them missing.

    def _carry(self, state: TeamState) -> None:
        """Retired laptops this one carries but has not yet sent again (a retirement just
        signed here; a restored backup that predates it): their versions go out again."""
        for device_id in sorted(state.carried_by(self.device_id)):
            if not syncstate.get_meta(self.vault, f"carried:{device_id}"):
                syncstate.republish(self.vault, device_id)

    def _carried(self, folder: TeamFolder, state: TeamState) -> None:
        """Once their changes are in this laptop's own files, the retired laptops' bundles
        and snapshots up to their pinned end are removed (again, if a synced copy of the
        folder brings them back). Later files are left, and set aside by every reader."""
        for device_id in sorted(state.carried_by(self.device_id)):
            key = f"carried:{device_id}"
            if not syncstate.get_meta(self.vault, key):
                syncstate.set_meta(self.vault, key, "1")
            end = state.retired[device_id].seq
            try:
                for listing in (folder.bundles(device_id), folder.snapshots(device_id)):
                    for seq, path in listing.accepted:
                        if seq <= end:
                            folder.remove(path)
            except OSError:
                continue  # the drive went away: tried again at the next pass

    # ---- sending ---------------------------------------------------------------------

    def _adopt_own_bundles(self, folder: TeamFolder, state: TeamState, report: SyncReport) -> None:
        """A bundle written just before a crash, but not yet recorded, counts as sent.

        A vault restored from an older backup also lacks versions it had published since:
        they come back from its own folder (versions it still holds are duplicates)."""
        mine = syncstate.progress(self.vault).get(self.device_id)
        last = mine.last_seq if mine else 0
        listing = folder.bundles(self.device_id).accepted
        if not any(seq == last + 1 for seq, _path in listing):
            # Restored from a backup taken before this laptop compacted its folder: the
            # bundles after what the backup knows are gone, and its own snapshot holds them.
            # Without taking it back, this laptop would lose those versions and number its
            # next bundle below what every reader has already read (ignored as old there).
            last = self._adopt_own_snapshot(folder, state, report, last)
        for seq, path in listing:
            if seq <= last:
                continue
            if seq != last + 1:
                break
            try:
                opened = self._open(read_bundle(path), path, state, self.device_id)
            except FileRefused as exc:
                self._quarantine(report, path, exc)
                break
            except OSError:
                break  # this device's own folder cannot be read now
            if not self._apply(
                report, path, opened, self.device_id, seq, opened.digest, state=state
            ):
                break
            events = [e for evs in opened.sections.values() for e in evs]
            syncstate.mark_published(self.vault, [e["id"] for e in events], seq, opened.digest)
            last = seq

    def _adopt_own_snapshot(
        self, folder: TeamFolder, state: TeamState, report: SyncReport, last: int
    ) -> int:
        latest = self._latest_snapshot_header(folder, state, self.device_id, above=last)
        if latest is None:
            return last
        path = latest[1]
        try:
            opened = self._open(read_bundle(path), path, state, self.device_id, kind="snapshot")
        except FileRefused as exc:
            self._quarantine(report, path, exc)
            return last
        except OSError:
            return last
        if not self._apply(
            report, path, opened, self.device_id, opened.seq, opened.prev, state=state
        ):
            return last
        events = [e for evs in opened.sections.values() for e in evs]
        syncstate.mark_published(self.vault, [e["id"] for e in events], opened.seq, opened.prev)
        return opened.seq

    def _send(self, folder: TeamFolder, state: TeamState, report: SyncReport) -> None:
        while True:
            events = syncstate.unpublished_events(
                self.vault, MAX_EVENTS_PER_BUNDLE, state.carried_by(self.device_id)
            )
            trail = audit.unsent(self.vault, MAX_AUDIT_PER_BUNDLE)
            if not events and not trail:
                return
            sections = self._sections(events, state)
            if trail:
                sections.append(self._audit_section(trail, state))
            mine = syncstate.progress(self.vault).get(self.device_id)
            seq = (mine.last_seq if mine else 0) + 1
            data = bundles.encode(
                team_id=state.team_id,
                device_id=self.device_id,
                member_id=self.vault.member_id,
                seq=seq,
                prev=mine.last_digest if mine else "",
                created=self.vault.clock.tick().encode(),
                sections=sections,
                recovery_public=state.recovery_public,
                signing_key=self.keyring.ed25519_private,
            )
            publish(folder.bundles_dir(self.device_id), bundles.bundle_name(seq, data), data)
            with self.vault.writing():
                syncstate.mark_published(
                    self.vault, [e["id"] for e in events], seq, sha256_hex(data)
                )
                if trail:
                    audit.mark_sent(self.vault, trail[-1]["seq"])
            report.sent += len(events)
            report.bundles_written += 1

    def _sections(self, events: list[dict[str, Any]], state: TeamState) -> list[bundles.Section]:
        groups: dict[str, tuple[set[str], list[dict[str, Any]]]] = {}
        for event in events:
            audience, members = audience_for(self.vault, event, state)
            name = _section_name(audience, members)
            groups.setdefault(name, (members, []))[1].append(event)
        return [
            bundles.Section(
                name,
                evs,
                state.devices_of(members) | {self.device_id: self.keyring.x25519_public()},
            )
            for name, (members, evs) in sorted(groups.items())
        ]

    def _audit_section(self, entries: list[dict[str, Any]], state: TeamState) -> bundles.Section:
        """This laptop's audit entries, sealed for the team's supervisors' laptops only (and
        the organisation's recovery key, like every section): never for other practitioners,
        nor for this laptop, which holds its own trail."""
        recipients = state.devices_of(state.supervisors())
        recipients.pop(self.device_id, None)
        return bundles.audit_section(entries, recipients)

    # ---- snapshots and tidying ---------------------------------------------------------

    def _signed_header(
        self, path: Path, state: TeamState, device_id: str, kind: str
    ) -> BundleHeader | None:
        """The header of a file its device signed, under its own hash name; None for any
        other file (a forged snapshot must not decide what this laptop tidies away)."""
        device = state.device(device_id)
        if device is None:
            return None
        try:
            data = read_bundle(path)
            if not bundles.file_digest_matches(path.name, data):
                return None
            header, _length = bundles.verified_header(
                data, team_id=state.team_id, signer_public=device.ed25519, expect_kind=kind
            )
        except (FileRefused, OSError):
            return None
        if header.device != device_id or header.seq != int(path.name[:10]):
            return None
        return header

    def _latest_snapshot_header(
        self, folder: TeamFolder, state: TeamState, device_id: str, above: int = 0
    ) -> tuple[BundleHeader, Path] | None:
        """The newest snapshot its device signed, numbered above `above`; only those files
        are read."""
        best = None
        for seq, path in folder.snapshots(device_id).accepted:
            if seq <= above:
                continue
            header = self._signed_header(path, state, device_id, "snapshot")
            if header is None:
                continue
            key = (header.seq, header.created)
            if best is None or key > best[0]:
                best = (key, header, path)
        return (best[1], best[2]) if best else None

    def _maybe_snapshot(self, folder: TeamFolder, state: TeamState, report: SyncReport) -> None:
        mine = syncstate.progress(self.vault).get(self.device_id)
        if mine is None or mine.last_seq == 0:
            return
        latest = self._latest_snapshot_header(folder, state, self.device_id)
        if latest is not None:
            covered_from, covered_seq = latest[0].created, latest[0].seq
        else:
            first = folder.bundles(self.device_id).accepted
            header = (
                self._signed_header(first[0][1], state, self.device_id, "bundle") if first else None
            )
            covered_from = header.created if header is not None else ""
            covered_seq = 0
        newcomer = any(
            d.added_at > covered_from
            for d in state.active_devices().values()
            if d.device_id != self.device_id
        )
        if not newcomer and mine.last_seq - covered_seq < SNAPSHOT_EVERY:
            return
        self._write_snapshot(folder, state, mine, report)

    def _write_snapshot(
        self,
        folder: TeamFolder,
        state: TeamState,
        mine: syncstate.DeviceProgress,
        report: SyncReport,
    ) -> Path:
        """Publish a snapshot of every event this device has sent, up to its last bundle."""
        sections = self._sections(
            syncstate.published_events(self.vault, state.carried_by(self.device_id)), state
        )
        trail = audit.sent(self.vault)  # for supervisors who start from the snapshot
        if trail:
            sections.append(self._audit_section(trail, state))
        data = bundles.encode(
            team_id=state.team_id,
            device_id=self.device_id,
            member_id=self.vault.member_id,
            seq=mine.last_seq,
            prev=mine.last_digest,
            created=self.vault.clock.tick().encode(),
            sections=sections,
            recovery_public=state.recovery_public,
            signing_key=self.keyring.ed25519_private,
            kind="snapshot",
        )
        path = publish(
            folder.snapshots_dir(self.device_id), bundles.snapshot_name(mine.last_seq, data), data
        )
        report.snapshots_written += 1
        return path

    def _remove_covered(self, folder: TeamFolder, seq: int, snapshot: Path) -> None:
        """Remove this device's bundles up to seq and every snapshot but this one."""
        for number, path in folder.bundles(self.device_id).accepted:
            if number <= seq:
                folder.remove(path)
        for _number, path in folder.snapshots(self.device_id).accepted:
            if path != snapshot:
                folder.remove(path)

    def _tidy_own_folder(self, folder: TeamFolder, state: TeamState) -> None:
        """Remove, from this device's own folder only, files nobody needs any more: bundles
        and older snapshots covered by a newer snapshot for longer than the grace period,
        and temporaries left by a crash."""
        now = time.time()
        latest = self._latest_snapshot_header(folder, state, self.device_id)
        try:
            if latest is not None:
                age = now - folder.modified(latest[1])
                if age > self.grace_seconds:
                    self._remove_covered(folder, latest[0].seq, latest[1])
            folder.remove_stale_temporaries(self.device_id, STALE_TEMPORARY_SECONDS)
        except OSError:
            return  # tidying is optional; the next pass tries again

    # ---- receiving -------------------------------------------------------------------

    def _start_from_snapshot(
        self,
        folder: TeamFolder,
        state: TeamState,
        report: SyncReport,
        device_id: str,
        last: int,
    ) -> tuple[int, str] | None:
        """A device that is new to us, or whose older files were tidied away, is read from
        its latest snapshot; then its bundles carry on from there."""
        latest = self._latest_snapshot_header(folder, state, device_id, above=last)
        if latest is None:
            return None
        path = latest[1]
        try:
            opened = self._open(read_bundle(path), path, state, device_id, kind="snapshot")
        except FileRefused as exc:
            self._quarantine(report, path, exc)
            return None
        except OSError as exc:
            self._quarantine(report, path, f"cannot be read: {exc.strerror}")
            return None
        # A big snapshot is a new laptop's first sync (or one long away): its records are
        # indexed for search afterwards, a chunk at a time (Vault.catch_up_search).
        later = sum(len(evs) for evs in opened.sections.values()) >= INDEX_LATER_FROM
        if not self._apply(
            report, path, opened, device_id, opened.seq, opened.prev, later, state=state
        ):
            return None
        return opened.seq, opened.prev

    def _still_reachable(self, folder: TeamFolder, report: SyncReport) -> bool:
        """False (and the report says so) when the drive went away in the middle of a pass:
        then a file that cannot be listed or read is not missing, nor damaged."""
        try:
            folder.check_reachable()
        except FolderUnavailable as exc:
            report.status, report.message = "unreachable", f"Sync is waiting: {exc}"
            return False
        return True

    def _quarantine(self, report: SyncReport, path: Path, reason: str | Exception) -> None:
        if isinstance(reason, bundles.SignedContentRefused):
            reason = f"{MEMBER_FAULT}: {reason}"
        reason = clean_reason(str(reason))  # one printable line, whatever a file put in it
        report.quarantined.append((str(path), reason))
        syncstate.quarantine(self.vault, str(path), reason)
