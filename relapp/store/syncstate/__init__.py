"""The vault's side of sync: local versions waiting to be sent, applying received events,
per-device progress, conflicts and quarantined files.

Applying is idempotent (an event id is stored with its version, in the same transaction as
the data) and order-independent: a record's head is its version with the greatest
(clock, device, event id), so every device holding the same events shows the same head.
Two versions made on different devices from the same parent are a conflict: both are kept
and listed until a person resolves them.

Applying and conflicts are here; this laptop's own events and the devices' progress are in
outbox.py, quarantined files, sync settings and who wrote a record in local.py (their names
are this package's too).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from relapp.domain.hlc import Timestamp
from relapp.store import erasure, search_index
from relapp.store.syncstate.local import (
    adopt_member_id,
    event_ids,
    get_meta,
    owner_of,
    quarantine,
    quarantined,
    release_quarantine,
    remember_team_files,
    remembered_team_files,
    set_meta,
    waiting_count,
)
from relapp.store.syncstate.outbox import (
    DeviceProgress,
    hlc_to_iso,
    iso_of,
    mark_published,
    note_seen,
    progress,
    published_events,
    republish,
    set_progress,
    unpublished_events,
)
from relapp.store.vault import Vault, encode_body, utc_now

__all__ = [
    "ApplyResult",
    "BULK",
    "Conflict",
    "DeviceProgress",
    "EventRefused",
    "FLUSH_AT",
    "adopt_member_id",
    "apply_bundle_events",
    "conflicts",
    "event_ids",
    "get_meta",
    "head_event",
    "mark_published",
    "note_seen",
    "owner_of",
    "progress",
    "published_events",
    "quarantine",
    "quarantined",
    "release_quarantine",
    "remember_team_files",
    "remembered_team_files",
    "republish",
    "resolve_conflicts",
    "set_meta",
    "unpublished_events",
    "waiting_count",
]


class EventRefused(Exception):
    """A received change this vault cannot take; nothing of its file was applied."""


@dataclass(frozen=True)
class Conflict:
    record_id: str
    kind: str
    event_id: str
    other_event: str
    found_at: str


@dataclass
class ApplyResult:
    applied: int = 0
    duplicates: int = 0
    conflicts: int = 0
    future_clocks: int = 0
    erased: int = 0  # changes to records erased here, dropped
    erasures: list[str] = field(default_factory=list)  # erasures applied (their record ids)
    erased_ids: list[str] = field(default_factory=list)  # the records they erased


def apply_bundle_events(
    vault: Vault,
    events: list[dict[str, Any]],
    *,
    device_id: str,
    seq: int,
    digest: str,
    index_later: bool = False,
) -> ApplyResult:
    """Apply one bundle's readable events and advance that device's progress, atomically.
    With `index_later` (a new laptop's first sync), the records it inserts are left for the
    search index to catch up with afterwards (relapp.store.search_index, "indexing later").

    Raises EventRefused, with nothing applied, when one event contradicts what the vault
    holds (a record id known here as another kind of record)."""
    result = ApplyResult()
    clock = vault.clock
    with vault.writing() as conn:
        with search_index.deferred(conn) if index_later else contextlib.nullcontext():
            if BULK:
                _apply_in_bulk(vault, events, result, clock)
            else:
                for index, event in enumerate(events):
                    _apply_one(vault, event, result, clock, index)
        set_progress(vault, device_id, seq, digest)
    return result


# Most of what a laptop receives, and all of a new laptop's first sync, is records it does not
# hold yet, each written on one laptop version after version. Those are written with a few set
# queries and executemany (_Batch); everything else goes through _apply_one, in order. False
# applies every event through _apply_one (tests compare the two).
BULK = True
# Ids per `IN (...)` query.
_CHUNK = 500
# Events held back before the records complete among them are written (a snapshot holds a
# device's every event).
FLUSH_AT = 2000


def _apply_in_bulk(
    vault: Vault, events: list[dict[str, Any]], result: ApplyResult, clock: Any
) -> None:
    """What _apply_one applied one by one would do, with the records that can be, in bulk.

    An erasure may purge any record and marks records erased: the events after one are
    sorted again once it is applied."""
    start = 0
    while start < len(events):
        end = next(
            (i for i in range(start, len(events)) if events[i]["kind"] == "erasure"), len(events)
        )
        if end > start:
            _apply_segment(vault, events, start, end, result, clock)
        if end < len(events):
            _apply_one(vault, events[end], result, clock, end)
        start = end + 1


def _apply_segment(
    vault: Vault,
    events: list[dict[str, Any]],
    start: int,
    end: int,
    result: ApplyResult,
    clock: Any,
) -> None:
    conn = vault.current_transaction()
    fast, gone = _bulk_records(conn, events[start:end])
    # Where each record written in bulk has its last event: once past it, it is complete.
    last = {str(e["record"]): i for i, e in enumerate(events[start:end], start)}
    batch = _Batch()
    for index in range(start, end):
        event = events[index]
        record_id = str(event["record"])
        if record_id in fast:
            batch.add(event, result, clock)
            if len(batch.pending) >= batch.full:
                batch.flush(conn, lambda rid, index=index: last[rid] <= index)
                batch.full = len(batch.pending) + FLUSH_AT  # what is left waits for more
            continue
        if record_id in gone:
            # It may go with an erased parent, and its id then leaves the links of every
            # record here (erasure._scrub_links), those held back too: they are written first.
            batch.flush(conn)
        # Any other change reads and writes only its own record's rows (and its own event
        # id, which no event held back has): it comes out the same before or after them.
        _apply_one(vault, event, result, clock, index)
    batch.flush(conn)


def _bulk_records(conn: Any, events: list[dict[str, Any]]) -> tuple[set[str], set[str]]:
    """The records whose events (none an erasure) _Batch may write: records this vault does
    not hold, not erased and hanging from nothing erased (nor from a record that goes with an
    erased one while these events are applied), whose events here are a simple chain from one
    device (the first built on nothing, each next on the one before), none of them a duplicate
    or settling a conflict. Such a record has one head, its last event, and no conflict.

    And the records that are erased here, or may go with an erased parent meanwhile."""
    counts: dict[str, int] = {}
    by_record: dict[str, list[dict[str, Any]]] = {}
    children: dict[str, set[str]] = {}
    for event in events:
        event_id, record_id = str(event["id"]), str(event["record"])
        counts[event_id] = counts.get(event_id, 0) + 1
        by_record.setdefault(record_id, []).append(event)
        parent_id = event.get("parent_id")
        if parent_id:
            children.setdefault(str(parent_id), set()).add(record_id)
    chains = {rid for rid, evs in by_record.items() if _simple_chain(evs, counts)}
    chains -= _found(conn, "SELECT id FROM records WHERE id IN ({})", chains) if chains else set()
    ours = [str(e["id"]) for rid in chains for e in by_record[rid]]
    seen = _found(conn, "SELECT event_id FROM record_versions WHERE event_id IN ({})", ours)
    if seen:  # an event id held here under another record (a hostile file may reuse one)
        chains -= {rid for rid in chains if any(str(e["id"]) in seen for e in by_record[rid])}
    # Erased here, and whatever hangs, directly or not, from an erased record (_apply_one
    # erases it with its parent).
    gone = (
        _found(
            conn, "SELECT record_id FROM erasures WHERE record_id IN ({})", {*by_record, *children}
        )
        if conn.execute("SELECT EXISTS (SELECT 1 FROM erasures)").fetchone()[0]
        else set()
    )
    queue = list(gone)
    while queue:
        for child in children.get(queue.pop(), ()):
            if child not in gone:
                gone.add(child)
                queue.append(child)
    return chains - gone, gone


def _simple_chain(events: list[dict[str, Any]], counts: dict[str, int]) -> bool:
    """The first event builds on nothing here (on nothing, or on a version this laptop may
    not read: a reflection's private drafts, before the version its supervisors see), each
    next on the one before."""
    kind, device = events[0]["kind"], events[0]["device"]
    first_parent = events[0].get("parent")
    previous = None if first_parent is None or str(first_parent) in counts else first_parent
    for event in events:
        event_id = str(event["id"])
        if (
            counts[event_id] > 1
            or event.get("parent") != previous
            or event["kind"] != kind
            or event["device"] != device
            or event.get("resolves")
        ):
            return False
        previous = event_id
    return True


def _found(conn: Any, sql: str, ids: Any) -> set[str]:
    """Which of these ids `sql` (with `IN ({})`) finds, a chunk of ids at a time."""
    ids = list(ids)
    found: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        found.update(row[0] for row in conn.execute(sql.format(",".join("?" * len(chunk))), chunk))
    return found


class _Batch:
    """Events of records _bulk_records chose, held until flush() writes them together.

    Applied one by one, each would insert its version and make itself the head (the last of
    a chain is the one version nothing builds on); flush() writes the same rows, each record's
    row once with its head (a row changed later costs its indexes, the search index above all,
    a second write). A record may still be written in several flushes (a change that may take
    links out of it comes between its versions): its count of versions and parent are kept
    here, as nothing else touches its rows meanwhile. So flush() may be called at any point."""

    def __init__(self) -> None:
        self.pending: list[tuple[dict[str, Any], str, str, str]] = []
        self.written: dict[str, list[Any]] = {}  # record id -> [versions, parent id]
        self.full = FLUSH_AT  # held back from this many on, complete records are written

    def add(self, event: dict[str, Any], result: ApplyResult, clock: Any) -> None:
        hlc = str(event["hlc"])
        stamp = Timestamp.decode(hlc)
        if clock.observe(stamp):
            result.future_clocks += 1
        self.pending.append((event, hlc, iso_of(stamp), encode_body(event["data"])))
        result.applied += 1

    def flush(self, conn: Any, complete: Callable[[str], bool] | None = None) -> None:
        """Write what is held back; with `complete`, only the records it says are."""
        pending, self.pending = self.pending, []
        if complete is not None:
            done = {rid for rid in {str(p[0]["record"]) for p in pending} if complete(rid)}
            self.pending = [p for p in pending if str(p[0]["record"]) not in done]
            pending = [p for p in pending if str(p[0]["record"]) in done]
        if not pending:
            return
        new: dict[str, list[Any]] = {}
        moved: dict[str, list[Any]] = {}
        versions = []
        for event, hlc, when, body in pending:
            record_id, kind = str(event["record"]), str(event["kind"])
            deleted = int(bool(event.get("deleted")))
            parent_id = event.get("parent_id")
            state = self.written.get(record_id)
            if state is None:
                state = self.written[record_id] = [1, parent_id]
                new[record_id] = [record_id, kind, 1, parent_id, when, when, deleted, body]
            else:
                state[0] += 1
                if parent_id is not None:
                    state[1] = parent_id
                head = new.get(record_id)
                if head is not None:
                    head[2], head[3], head[5], head[6], head[7] = (
                        state[0],
                        state[1],
                        when,
                        deleted,
                        body,
                    )
                else:
                    moved[record_id] = [state[0], when, deleted, state[1], body, record_id]
            versions.append(
                (
                    record_id,
                    state[0],
                    kind,
                    str(event["author"]),
                    when,
                    deleted,
                    body,
                    str(event["id"]),
                    hlc,
                    str(event["device"]),
                    event.get("parent"),
                )
            )
        conn.executemany(
            "INSERT INTO records(id, kind, version, parent_id, created_at, updated_at, deleted,"
            " data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            list(new.values()),
        )
        conn.executemany(
            "INSERT INTO record_versions(record_id, version, kind, author, created_at, deleted,"
            " body, event_id, hlc, device_id, parent_event, published)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            versions,
        )
        conn.executemany(
            "UPDATE records SET version = ?, updated_at = ?, deleted = ?, parent_id = ?,"
            " data = ? WHERE id = ?",
            list(moved.values()),
        )


def _apply_one(
    vault: Vault,
    event: dict[str, Any],
    result: ApplyResult,
    clock: Any,
    index: int = 0,
) -> None:
    conn = vault.current_transaction()
    event_id = str(event["id"])
    if conn.execute("SELECT 1 FROM record_versions WHERE event_id = ?", (event_id,)).fetchone():
        result.duplicates += 1
        return
    record_id, kind, hlc = str(event["record"]), str(event["kind"]), str(event["hlc"])
    if conn.execute("SELECT 1 FROM erasures WHERE record_id = ?", (record_id,)).fetchone():
        result.erased += 1  # erased here: a change made elsewhere never brings it back
        return
    parent_mark = erasure.erased_parent(conn, event.get("parent_id"))
    if parent_mark is not None:  # hangs from an erased record: goes with it, here and now
        erasure.mark_child(conn, record_id, kind, parent_mark)
        result.erased += 1
        return
    if event.get("parent") == event_id:
        raise EventRefused(f"change {index + 1} is built on itself")
    author, device = str(event["author"]), str(event["device"])
    deleted = bool(event.get("deleted"))
    if clock.observe(Timestamp.decode(hlc)):
        result.future_clocks += 1
    row = conn.execute(
        "SELECT kind, (SELECT coalesce(max(version), 0) FROM record_versions WHERE record_id = ?)"
        " FROM records WHERE id = ?",
        (record_id, record_id),
    ).fetchone()
    when = hlc_to_iso(hlc)
    if row is None:
        version = 1
        conn.execute(
            "INSERT INTO records(id, kind, version, parent_id, created_at, updated_at, deleted)"
            " VALUES (?, ?, 1, ?, ?, ?, ?)",
            (record_id, kind, event.get("parent_id"), when, when, int(deleted)),
        )
    else:
        if row[0] != kind:
            raise EventRefused(
                f"change {index + 1} makes a {kind} of a record that is a {row[0]} here"
            )
        version = row[1] + 1
    body = encode_body(event["data"])
    conn.execute(
        "INSERT INTO record_versions(record_id, version, kind, author, created_at, deleted,"
        " body, event_id, hlc, device_id, parent_event, published)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        (
            record_id,
            version,
            kind,
            author,
            when,
            int(deleted),
            body,
            event_id,
            hlc,
            device,
            event.get("parent"),
        ),
    )
    result.applied += 1
    if kind == "erasure" and not deleted:
        # A supervisor's erasure (the engine checked who signed it): everything it lists goes
        # here too, in this same transaction.
        result.erased_ids += erasure.apply_received(conn, event["data"], "supervisor")
        result.erasures.append(record_id)
    parent = event.get("parent")
    # Two versions built on the same one on different laptops are a conflict; so are two
    # first versions of one record id by two people (an id an older Relapp took from an
    # imported file). One person's own laptops may share a first version's id by design
    # (words not sent yet are kept per place): the later one is an update.
    siblings = conn.execute(
        "SELECT event_id FROM record_versions WHERE record_id = ? AND parent_event IS ?"
        " AND event_id != ? AND device_id != ? AND (? IS NOT NULL OR author != ?)",
        (record_id, parent or None, event_id, device, parent or None, author),
    ).fetchall()
    for (other,) in siblings:
        first, second = sorted((event_id, other))
        # A resolution that settled this very pair may have arrived first (it came from
        # another device's folder): the conflict is then born resolved, as it is there.
        inserted = conn.execute(
            "INSERT OR IGNORE INTO sync_conflicts(record_id, event_id, other_event, found_at,"
            " resolved) VALUES (?, ?, ?, ?, EXISTS (SELECT 1 FROM sync_resolutions a"
            " JOIN sync_resolutions b ON b.event_id = a.event_id"
            " WHERE a.resolves = ? AND b.resolves = ?))",
            (record_id, first, second, utc_now(), first, second),
        ).rowcount
        result.conflicts += inserted
    resolves = sorted({str(r) for r in event.get("resolves") or []})
    if resolves:
        # Remembered so a conflict found later (its second version arriving after the
        # resolution) is closed too; only pairs the resolving person saw are closed.
        conn.executemany(
            "INSERT OR IGNORE INTO sync_resolutions(event_id, resolves) VALUES (?, ?)",
            [(event_id, r) for r in resolves],
        )
        marks = ",".join("?" * len(resolves))
        conn.execute(
            f"UPDATE sync_conflicts SET resolved = 1 WHERE record_id = ?"
            f" AND event_id IN ({marks}) AND other_event IN ({marks})",
            (record_id, *resolves, *resolves),
        )
    _choose_head(vault, record_id, event.get("parent_id"))


def _choose_head(vault: Vault, record_id: str, parent_id: str | None) -> None:
    # The head is the greatest (clock, device, event id) among the versions nothing here
    # builds on: a version written on top of another supersedes it even when its clock is
    # lower (a laptop whose clock runs days ahead must not hide the correction made later on
    # a laptop with the right time). A version that settled a conflict supersedes every
    # version it settled, not only the one it was built on: otherwise a slow laptop's
    # settlement would lose, on every other laptop, to the side it did not build on.
    conn = vault.current_transaction()
    row = conn.execute(
        "SELECT version, hlc, deleted FROM record_versions v WHERE record_id = ?"
        " AND NOT EXISTS (SELECT 1 FROM record_versions c WHERE c.record_id = v.record_id"
        " AND c.parent_event = v.event_id)"
        " AND NOT EXISTS (SELECT 1 FROM sync_resolutions r JOIN record_versions s"
        " ON s.event_id = r.event_id WHERE r.resolves = v.event_id"
        " AND s.record_id = v.record_id AND s.event_id != v.event_id)"
        " ORDER BY hlc DESC, device_id DESC, event_id DESC LIMIT 1",
        (record_id,),
    ).fetchone()
    if row is None:  # every version builds on another: a circle no Relapp writes
        raise EventRefused(f"the versions of record {record_id} build on each other in a circle")
    version, hlc, deleted = row
    conn.execute(
        "UPDATE records SET version = ?, updated_at = ?, deleted = ?,"
        " parent_id = coalesce(?, parent_id), data = (SELECT body FROM record_versions"
        " WHERE record_id = records.id AND version = ?) WHERE id = ?",
        (version, hlc_to_iso(hlc), deleted, parent_id, version, record_id),
    )


def conflicts(vault: Vault, *, include_resolved: bool = False) -> list[Conflict]:
    sql = (
        "SELECT c.record_id, r.kind, c.event_id, c.other_event, c.found_at FROM sync_conflicts c"
        " JOIN records r ON r.id = c.record_id"
    )
    if not include_resolved:
        sql += " WHERE c.resolved = 0"
    with vault.reading() as conn:
        return [Conflict(*row) for row in conn.execute(sql + " ORDER BY c.found_at")]


def resolve_conflicts(vault: Vault, record_id: str, by_event: str) -> None:
    """Close a record's open conflicts, settled by a version this device just wrote."""
    with vault.writing() as conn:
        open_rows = conn.execute(
            "SELECT event_id, other_event FROM sync_conflicts WHERE record_id = ? AND resolved = 0",
            (record_id,),
        ).fetchall()
        settled = {e for row in open_rows for e in row}
        conn.executemany(
            "INSERT OR IGNORE INTO sync_resolutions(event_id, resolves) VALUES (?, ?)",
            [(by_event, e) for e in sorted(settled)],
        )
        conn.execute(
            "UPDATE sync_conflicts SET resolved = 1 WHERE record_id = ? AND resolved = 0",
            (record_id,),
        )


def head_event(vault: Vault, record_id: str) -> str:
    with vault.reading() as conn:
        row = conn.execute(
            "SELECT v.event_id FROM records r JOIN record_versions v"
            " ON v.record_id = r.id AND v.version = r.version WHERE r.id = ?",
            (record_id,),
        ).fetchone()
    return row[0] if row else ""
