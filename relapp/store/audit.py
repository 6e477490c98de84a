"""The audit trail: an append-only, hash-chained list of who opened, changed, exported,
reported and erased what on this laptop. Ids only, never content.

Each entry holds when, which member on which device, the action and the record ids, plus the
hash of the entry before it; its own hash covers all of that. The database refuses to update
or delete an entry (triggers), and ``verify`` walks the chain, so an entry changed or removed
by hand (with the key) is found by ``relapp doctor``. It lives inside the encrypted database,
so it is as private as the records.

Each laptop's entries also travel to the team's supervisors (relapp.sync.engine seals them in
its bundles for the supervisors' laptops only). A supervisor's vault keeps them in
``audit_received`` exactly as they were sent, per laptop and number, so every laptop's chain
can be walked there too; what was wrong when they arrived (a gap, an entry that does not
follow the one before, one whose hash does not match, one sent again changed: a laptop that
dropped, reordered or rewrote its trail) is kept in ``audit_problems`` and shown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from relapp.crypto.digest import sha256_hex
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
    "erasure_request",
    "erasure_declined",
)
# Local entries sent to the supervisors up to this number (kept in meta).
SENT_KEY = "audit_sent_seq"
_HEX64 = re.compile(r"^[0-9a-f]{64}\Z")


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


def digest(prev: str, at: str, member: str, device: str, action: str, records: str) -> str:
    text = "\x1f".join((prev, at, member, device, action, records))
    return sha256_hex(text.encode())


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
            (at, member, device, action, ids, prev, digest(prev, at, member, device, action, ids)),
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
    """This laptop's chain, then (on a supervisor's laptop) every laptop's received chain and
    what was wrong with them when they arrived. Rows are read as they are walked."""
    prev = GENESIS
    count = 0
    rows = conn.execute(
        "SELECT seq, at, member, device, action, records, prev, hash FROM audit ORDER BY seq"
    )
    for seq, at, member, device, action, records, stored_prev, stored_hash in rows:
        if stored_prev != prev:
            return False, f"entry {seq} does not follow the one before it (one was removed?)"
        if digest(prev, at, member, device, action, records) != stored_hash:
            return False, f"entry {seq} was changed after it was written"
        prev = stored_hash
        count += 1
    text = f"{count} entries, chain intact"
    has_received = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_received'"
    ).fetchone()
    if not has_received:
        return True, text
    found = received_problems_connection(conn)
    laptops, entries = conn.execute(
        "SELECT count(DISTINCT device), count(*) FROM audit_received"
    ).fetchone()
    if found:
        shown = "; ".join(
            f"laptop {short(p.device)}, entry {p.seq}: {p.problem}" for p in found[:5]
        )
        more = f" (and {len(found) - 5} more)" if len(found) > 5 else ""
        return False, f"{text}; received from other laptops: {shown}{more}"
    if entries:
        text += f"; {entries} entries received from {laptops} other laptop(s), chains intact"
    return True, text


def short(device: str) -> str:
    return device[-8:]


@dataclass(frozen=True)
class Problem:
    device: str
    seq: int
    problem: str
    found_at: str = ""  # when it arrived like that; "" for what a walk of the chain finds


def _walk_received(conn: Any) -> list[Problem]:
    """Walk each laptop's received chain as stored: a gap, an entry that does not follow the
    one before, an entry changed after it was written (on this laptop or before it came)."""
    found: list[Problem] = []
    device, last, prev = None, 0, GENESIS
    for row in conn.execute(
        "SELECT device, seq, at, member, action, records, prev, hash FROM audit_received"
        " ORDER BY device, seq"
    ):
        dev, seq, at, member, action, records, stored_prev, stored_hash = row
        if dev != device:
            device, last, prev = dev, 0, GENESIS
        if seq != last + 1:
            found.append(Problem(dev, seq, _missing(last + 1, seq - 1)))
        elif stored_prev != prev:
            found.append(Problem(dev, seq, "does not follow the entry before it"))
        if digest(stored_prev, at, member, dev, action, records) != stored_hash:
            found.append(Problem(dev, seq, "was changed after it was written"))
        last, prev = seq, stored_hash
    return found


def _missing(first: int, last: int) -> str:
    if first == last:
        return f"entry {first} is missing"
    return f"entries {first} to {last} are missing"


def received_problems_connection(conn: Any) -> list[Problem]:
    arrived = [
        Problem(d, s, p, f)
        for d, s, p, f in conn.execute(
            "SELECT device, seq, problem, found_at FROM audit_problems ORDER BY device, seq, id"
        )
    ]
    walked = _walk_received(conn)
    seen = {(p.device, p.seq, p.problem) for p in arrived}
    return arrived + [p for p in walked if (p.device, p.seq, p.problem) not in seen]


def received_problems(vault: Vault) -> list[Problem]:
    """Everything wrong with the trails received from other laptops."""
    with vault.reading() as conn:
        return received_problems_connection(conn)


def arrival_problems(vault: Vault, limit: int = 200) -> list[Problem]:
    """What was wrong with received trails when they arrived (kept; cheap to read)."""
    with vault.reading() as conn:
        return [
            Problem(d, s, p, f)
            for d, s, p, f in conn.execute(
                "SELECT device, seq, problem, found_at FROM audit_problems"
                " ORDER BY found_at DESC, id DESC LIMIT ?",
                (limit,),
            )
        ]


# ---- sending and receiving ----------------------------------------------------------------

_COLUMNS = ("seq", "at", "member", "device", "action", "records", "prev", "hash")


def unsent(vault: Vault, limit: int) -> list[dict[str, Any]]:
    """This laptop's entries not yet sent to the supervisors, oldest first."""
    sent = int(vault.meta(SENT_KEY) or 0)
    with vault.reading() as conn:
        rows = conn.execute(
            "SELECT seq, at, member, device, action, records, prev, hash FROM audit"
            " WHERE seq > ? ORDER BY seq LIMIT ?",
            (sent, limit),
        ).fetchall()
    return [dict(zip(_COLUMNS, r, strict=True)) for r in rows]


def sent(vault: Vault) -> list[dict[str, Any]]:
    """Every entry sent so far (a snapshot carries them for laptops that start from it)."""
    upto = int(vault.meta(SENT_KEY) or 0)
    with vault.reading() as conn:
        rows = conn.execute(
            "SELECT seq, at, member, device, action, records, prev, hash FROM audit"
            " WHERE seq <= ? ORDER BY seq",
            (upto,),
        ).fetchall()
    return [dict(zip(_COLUMNS, r, strict=True)) for r in rows]


def mark_sent(vault: Vault, seq: int) -> None:
    with vault.writing() as conn:
        conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE"
            " SET value = CAST(max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))"
            " AS TEXT)",
            (SENT_KEY, str(seq)),
        )


def carry_forward(source: Any, vault: Vault) -> int:
    """After a restore: append to the restored trail, unchanged, the entries the database held
    before it (`source`, a connection to that copy) that the backup lacks, and keep its mark
    of what was sent. A restore must not roll the trail back: the supervisors hold the later
    entries already, and a trail starting again from the backup's would read as rewritten.
    Nothing is carried when the backup's trail is not a start of the other one. Returns how
    many entries were carried."""
    try:
        rows = source.execute(
            "SELECT seq, at, member, device, action, records, prev, hash FROM audit ORDER BY seq"
        ).fetchall()
        mark = source.execute("SELECT value FROM meta WHERE key = ?", (SENT_KEY,)).fetchone()
    except Exception:  # noqa: BLE001 - an unreadable copy: the restored trail stays as it is
        return 0
    by_seq = {row[0]: row for row in rows}
    with vault.writing() as conn:
        last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        upto = last[0] if last else 0
        if last is not None and (upto not in by_seq or by_seq[upto][7] != last[1]):
            return 0
        later = [row for row in rows if row[0] > upto]
        conn.executemany(
            "INSERT INTO audit(seq, at, member, device, action, records, prev, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            later,
        )
        if mark is not None:
            conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE"
                " SET value = CAST(max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))"
                " AS TEXT)",
                (SENT_KEY, str(mark[0])),
            )
    return len(later)


def receive(
    vault: Vault,
    device_id: str,
    device_member: str,
    team_members: set[str],
    entries: Sequence[dict[str, Any]],
) -> list[Problem]:
    """Keep another laptop's entries as sent, inside the write transaction that applies its
    bundle. Entries already held are skipped; one that differs from what the laptop sent
    before is not kept, and said. Returns what was wrong (also kept in audit_problems)."""
    conn = vault.current_transaction()
    row = conn.execute(
        "SELECT seq, hash FROM audit_received WHERE device = ? ORDER BY seq DESC LIMIT 1",
        (device_id,),
    ).fetchone()
    last, prev = (int(row[0]), str(row[1])) if row else (0, GENESIS)
    now = utc_now()
    found: list[Problem] = []
    batch_last = 0
    for e in entries:
        seq = int(e["seq"])
        if seq <= batch_last:
            found.append(Problem(device_id, seq, "arrived out of order", now))
        batch_last = max(batch_last, seq)
        held = conn.execute(
            "SELECT hash FROM audit_received WHERE device = ? AND seq = ?", (device_id, seq)
        ).fetchone()
        if held is not None:
            if held[0] != e["hash"]:
                found.append(
                    Problem(
                        device_id,
                        seq,
                        "was sent again with different content (the laptop's trail was "
                        "rewritten, or set back to an older copy)",
                        now,
                    )
                )
            continue
        if (
            digest(e["prev"], e["at"], e["member"], e["device"], e["action"], e["records"])
            != (e["hash"])
        ):
            found.append(Problem(device_id, seq, "was changed after it was written", now))
        if seq > last + 1:
            found.append(Problem(device_id, seq, _missing(last + 1, seq - 1), now))
        elif seq == last + 1 and e["prev"] != prev:
            found.append(Problem(device_id, seq, "does not follow the entry before it", now))
        if e["member"] != device_member and e["member"] in team_members:
            found.append(Problem(device_id, seq, "names another member of the team", now))
        conn.execute(
            "INSERT INTO audit_received(device, seq, at, member, action, records, prev, hash,"
            " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                device_id,
                seq,
                e["at"],
                e["member"],
                e["action"],
                e["records"],
                e["prev"],
                e["hash"],
                now,
            ),
        )
        if seq > last:
            last, prev = seq, e["hash"]
    conn.executemany(
        "INSERT OR IGNORE INTO audit_problems(device, seq, found_at, problem) VALUES (?, ?, ?, ?)",
        [(p.device, p.seq, p.found_at, p.problem) for p in found],
    )
    return found


def entries_about(
    vault: Vault, record_ids: Iterable[str], *, actions: Iterable[str] = ()
) -> list[Entry]:
    """Entries that name any of these records, or whose action is one of `actions` (whole-profile
    exports, which name no record), oldest first: this laptop's own trail and the ones received
    from the team's other laptops (a supervisor's laptop holds who opened a family anywhere in
    the team). One query per trail, whatever the number of ids."""
    ids = json.dumps(sorted(set(record_ids)))
    wanted = json.dumps(sorted(set(actions)))
    matching = (
        " WHERE a.action IN (SELECT value FROM json_each(?2))"
        " OR EXISTS (SELECT 1 FROM json_each(a.records) r"
        "  WHERE r.value IN (SELECT value FROM json_each(?1)))"
    )
    columns = "SELECT seq, at, member, device, action, records, prev, hash"
    with vault.reading() as conn:
        rows = conn.execute(columns + " FROM audit a" + matching, (ids, wanted)).fetchall()
        rows += conn.execute(
            columns + " FROM audit_received a" + matching, (ids, wanted)
        ).fetchall()
    rows.sort(key=lambda r: (r[1], r[3], r[0]))  # in time order, across laptops
    return [Entry(r[0], r[1], r[2], r[3], r[4], tuple(json.loads(r[5])), r[6], r[7]) for r in rows]


# ---- the supervisor's view: this laptop's trail and every received one, a page at a time ----


@dataclass(frozen=True)
class Filter:
    member: str | None = None
    action: str | None = None
    family_id: str | None = None  # entries naming the family or anything that hangs from it
    record_id: str | None = None
    since: str | None = None  # at >= since (UTC ISO text)
    until: str | None = None  # at < until


@dataclass(frozen=True)
class Row:
    key: str  # device:seq, unique over both trails (the page's id)
    received: bool  # from another laptop (False: written on this one)
    device: str
    seq: int
    at: str
    member: str
    action: str
    records: tuple[str, ...]
    prev: str
    hash: str
    received_at: str


def row_key(device: str, seq: int) -> str:
    return f"{device}:{seq:010d}"


def _where(alias: str, filt: Filter) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    if filt.member:
        where.append(f"{alias}.member = ?")
        args.append(filt.member)
    if filt.action:
        where.append(f"{alias}.action = ?")
        args.append(filt.action)
    if filt.since:
        where.append(f"{alias}.at >= ?")
        args.append(filt.since)
    if filt.until:
        where.append(f"{alias}.at < ?")
        args.append(filt.until)
    if filt.record_id:
        where.append(
            f"EXISTS (SELECT 1 FROM audit_refs x WHERE x.record_id = ?"
            f" AND x.device = {alias}.device AND x.seq = {alias}.seq)"
        )
        args.append(filt.record_id)
    if filt.family_id:
        # The family and everything hanging from it now; an erased family's own id still
        # finds the entries that named it.
        where.append(
            f"({alias}.device, {alias}.seq) IN (SELECT x.device, x.seq FROM audit_refs x"
            " WHERE x.record_id IN (WITH RECURSIVE tree(id) AS (SELECT ? UNION"
            " SELECT r.id FROM records r JOIN tree t ON r.parent_id = t.id)"
            " SELECT id FROM tree))"
        )
        args.append(filt.family_id)
    return where, args


_SOURCES = (
    (
        False,
        "SELECT 0, a.device, a.seq, a.at, a.member, a.action, a.records, a.prev, a.hash, ''"
        " FROM audit a",
    ),
    (
        True,
        "SELECT 1, a.device, a.seq, a.at, a.member, a.action, a.records, a.prev, a.hash,"
        " a.received_at FROM audit_received a",
    ),
)


def _row(r: tuple[Any, ...]) -> Row:
    try:
        ids = tuple(str(i) for i in json.loads(r[6]))
    except (ValueError, TypeError):
        ids = ()
    return Row(
        row_key(r[1], r[2]), bool(r[0]), r[1], int(r[2]), r[3], r[4], r[5], ids, r[7], r[8], r[9]
    )


def page(
    vault: Vault,
    filt: Filter,
    *,
    descending: bool = True,
    after: tuple[str, str] | None = None,
    limit: int = 100,
) -> tuple[list[Row], tuple[str, str] | None]:
    """One page in time order (newest first by default) over both trails, each read from its
    own index; `after` is the (at, key) of the last row shown. Returns the rows and where
    the next page starts (None: the last page)."""
    direction, beyond = ("DESC", "<") if descending else ("ASC", ">")
    rows: list[Row] = []
    with vault.reading() as conn:
        for _received, select in _SOURCES:
            where, args = _where("a", filt)
            if after is not None:
                device, _, seq = after[1].rpartition(":")
                where.append(f"(a.at, a.device, a.seq) {beyond} (?, ?, ?)")
                args += [after[0], device, int(seq)]
            sql = select + (" WHERE " + " AND ".join(where) if where else "")
            sql += f" ORDER BY a.at {direction}, a.device {direction}, a.seq {direction} LIMIT ?"
            rows += [_row(r) for r in conn.execute(sql, [*args, limit + 1])]
    rows.sort(key=lambda r: (r.at, r.key), reverse=descending)
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, ((rows[-1].at, rows[-1].key) if more and rows else None)


def count(vault: Vault, filt: Filter) -> int:
    total = 0
    with vault.reading() as conn:
        for table in ("audit", "audit_received"):
            where, args = _where("a", filt)
            sql = f"SELECT count(*) FROM {table} a" + (
                " WHERE " + " AND ".join(where) if where else ""
            )
            total += int(conn.execute(sql, args).fetchone()[0])
    return total


def iter_rows(vault: Vault, filt: Filter, chunk: int = 1000) -> Iterator[Row]:
    """Every matching row, oldest first, a page at a time (never the whole trail at once)."""
    after: tuple[str, str] | None = None
    while True:
        rows, after = page(vault, filt, descending=False, after=after, limit=chunk)
        yield from rows
        if after is None:
            return


def describe_records(
    vault: Vault, ids: Iterable[str], *, names: bool = True
) -> dict[str, tuple[str, str]]:
    """(kind, a family's name) of the records held here among ids ('' when not a family,
    or names=False). Ids not held here (erased, never received) are left out."""
    wanted = sorted(set(ids))
    out: dict[str, tuple[str, str]] = {}
    with vault.reading() as conn:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for rid, kind, name in conn.execute(
                "SELECT id, kind, CASE WHEN kind = 'family' AND ? THEN name ELSE '' END"
                f" FROM records WHERE id IN ({marks})",
                [int(names), *chunk],
            ):
                out[rid] = (kind, name or "")
    return out


def device_members(vault: Vault, devices: Iterable[str]) -> dict[str, str]:
    """The member each laptop's latest received entry names."""
    out = {}
    with vault.reading() as conn:
        for device in set(devices):
            row = conn.execute(
                "SELECT member FROM audit_received WHERE device = ? ORDER BY seq DESC LIMIT 1",
                (device,),
            ).fetchone()
            if row:
                out[device] = row[0]
    return out
