"""The audit trail: an append-only, hash-chained list of who opened, changed, exported,
reported and erased what on this laptop. Ids only, never content.

Each entry holds when, which member on which device, the action and the record ids, plus the
hash of the entry before it; its own hash covers all of that. The database refuses to update
or delete an entry (triggers), and ``verify`` walks the chain, so an entry changed or removed
by hand (with the key) is found by ``relapp doctor``. It lives inside the encrypted database,
so it is as private as the records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from relapp.store.vault import Vault, utc_now

GENESIS = "0" * 64
ACTIONS = (
    "unlock",
    "unlock_after_failures",
    "open_family",
    "open_reflection",
    "open_checkin",
    "parent_notice_shown",  # hand-over mode showed a parent who will see their answers
    "export",
    "report",
    "subject_access_export",
    "erase",
    "erasure_received",
    "retention_run",
    "retention_discard",
    "legal_hold_placed",
    "legal_hold_lifted",
    "team_change",
)


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    member: str
    device: str
    action: str
    records: tuple[str, ...]
    prev: str
    hash: str


def _digest(prev: str, at: str, member: str, device: str, action: str, records: str) -> str:
    text = "\x1f".join((prev, at, member, device, action, records))
    return hashlib.sha256(text.encode()).hexdigest()


def record(vault: Vault, action: str, record_ids: Iterable[str] = ()) -> None:
    """Append one entry. One small insert: cheap enough for every page that opens a record."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    ids = json.dumps(sorted(set(record_ids)), separators=(",", ":"))
    with vault.writing() as conn:
        row = conn.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        prev = row[0] if row else GENESIS
        at = utc_now()
        member, device = vault.member_id_cached, vault.device_id_cached
        conn.execute(
            "INSERT INTO audit(at, member, device, action, records, prev, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (at, member, device, action, ids, prev, _digest(prev, at, member, device, action, ids)),
        )


def entries(
    vault: Vault,
    *,
    member: str | None = None,
    action: str | None = None,
    record_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[Entry]:
    where, args = [], []
    if member:
        where.append("member = ?")
        args.append(member)
    if action:
        where.append("action = ?")
        args.append(action)
    if record_id:
        where.append("instr(records, ?) > 0")
        args.append(json.dumps(record_id))
    if since:
        where.append("at >= ?")
        args.append(since)
    if until:
        where.append("at < ?")
        args.append(until)
    sql = "SELECT seq, at, member, device, action, records, prev, hash FROM audit"
    if where:
        sql += " WHERE " + " AND ".join(where)
    with vault.reading() as conn:
        rows = conn.execute(sql + " ORDER BY seq", args).fetchall()
    return [Entry(r[0], r[1], r[2], r[3], r[4], tuple(json.loads(r[5])), r[6], r[7]) for r in rows]


def verify(vault: Vault) -> tuple[bool, str]:
    """Walk the chain: (True, count) or (False, where it breaks)."""
    with vault.reading() as conn:
        return verify_connection(conn)


def verify_connection(conn: Any) -> tuple[bool, str]:
    prev = GENESIS
    count = 0
    rows = conn.execute(
        "SELECT seq, at, member, device, action, records, prev, hash FROM audit ORDER BY seq"
    ).fetchall()
    for seq, at, member, device, action, records, stored_prev, stored_hash in rows:
        if stored_prev != prev:
            return False, f"entry {seq} does not follow the one before it (one was removed?)"
        if _digest(prev, at, member, device, action, records) != stored_hash:
            return False, f"entry {seq} was changed after it was written"
        prev = stored_hash
        count += 1
    return True, f"{count} entries, chain intact"


def entries_about(
    vault: Vault, record_ids: Iterable[str], *, actions: Iterable[str] = ()
) -> list[Entry]:
    """Entries that name any of these records, or whose action is one of `actions` (whole-profile
    exports, which name no record), oldest first: one query, whatever the number of ids."""
    ids = json.dumps(sorted(set(record_ids)))
    wanted = json.dumps(sorted(set(actions)))
    with vault.reading() as conn:
        rows = conn.execute(
            "SELECT seq, at, member, device, action, records, prev, hash FROM audit a"
            " WHERE a.action IN (SELECT value FROM json_each(?2))"
            " OR EXISTS (SELECT 1 FROM json_each(a.records) r"
            "  WHERE r.value IN (SELECT value FROM json_each(?1)))"
            " ORDER BY seq",
            (ids, wanted),
        ).fetchall()
    return [Entry(r[0], r[1], r[2], r[3], r[4], tuple(json.loads(r[5])), r[6], r[7]) for r in rows]
