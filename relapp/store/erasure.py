"""Erasure in the vault: every version of a record goes, and what is left is a marker.

An erased record leaves no content anywhere in the database: its versions, its trash entry,
its conflicts and the ids an import gave it are deleted; ``secure_delete`` zeroes the freed
pages and the write-ahead log is truncated, so nothing of it survives in free pages or WAL
frames. What remains is a row of ``erasures``: the record id, its kind, when, by which role,
and the request reference. Received changes to an erased id are dropped (syncstate).

Backups are copies of the database taken earlier: the same purge runs on each of them, and a
**ledger** of erased ids is kept beside the database (sealed with the vault key, outside the
backups), so a backup restored later, or one missed here, has the erasure replayed at unlock.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relapp.crypto.aead import DecryptionError, Sealer
from relapp.files import write_atomically
from relapp.paths import BACKUP_DIR
from relapp.store import search_index
from relapp.store.db import connect, database_errors, is_plain
from relapp.store.vault import Vault, VaultError, encode_body, utc_now

LEDGER_NAME = "vault.erased"


@dataclass(frozen=True)
class Erasure:
    record_id: str
    kind: str
    erased_at: str
    by_role: str
    request: str
    reason: str


def tree_of(vault: Vault, record_id: str) -> list[tuple[str, str]]:
    """(id, kind) of a record and of everything that hangs from it (a family's visits,
    check-ins and reflections, the feedback on those), found through parent ids."""
    with vault.reading() as conn:
        return conn.execute(
            "WITH RECURSIVE tree(id) AS (SELECT ? UNION"
            " SELECT r.id FROM records r JOIN tree t ON r.parent_id = t.id)"
            " SELECT r.id, r.kind FROM tree t JOIN records r ON r.id = t.id",
            (record_id,),
        ).fetchall()


COMPACT_PENDING = "erasure_compact_pending"
SETTLE_PENDING = "erasure_settle_pending"  # ledger and backups not yet brought up to date


def erase(
    vault: Vault,
    records: Sequence[tuple[str, str]],
    *,
    by_role: str,
    request: str,
    reason: str,
    updates: Sequence[tuple[str, dict[str, Any], str, int]] = (),
    root: str | None = None,
) -> list[Erasure]:
    """Erase these (id, kind) records for good, in one transaction with the signed erasure
    every other laptop of the team will apply, and with ``updates`` (kind, data, id, expected
    version: records that lose a link to what is erased), so either all of it happens or none;
    then wipe what they left in free pages and the WAL, record them in the ledger, and purge
    them from the backups."""
    when = utc_now()
    marks = [Erasure(rid, kind, when, by_role, request, reason) for rid, kind in records]
    with vault.writing() as conn:
        for kind, data, record_id, expected in updates:
            vault.put(kind, data, record_id=record_id, expected_version=expected)
        _purge(conn, [m.record_id for m in marks])
        _mark(conn, marks)
        vault.put(
            "erasure",
            {
                "records": [m.record_id for m in marks],
                "request": request,
                "reason": reason,
                "erased_at": when,
                **({"root": root} if root else {}),
            },
        )
        _set_compact_pending(conn)
    settle(vault, [m.record_id for m in marks])
    return marks


def discard(vault: Vault, ids: Sequence[str]) -> None:
    """The team's rule for drafts and words not sent: these records (this member's own,
    never sent to anyone else) go for good, every version, with their words in the search
    index; the freed pages are zeroed and the WAL truncated, and this laptop compacts its own
    folder at its next sync (its drafts sit in its own files there, sealed for its member's
    laptops and the organisation's key). No marker is kept: each of the member's laptops
    applies the same rule to the same drafts, and a draft written on again elsewhere is a
    draft in use, which is kept."""
    if not ids:
        return
    with vault.writing() as conn:
        _purge(conn, list(ids))
        conn.executemany(  # when the retention preview first listed them
            "DELETE FROM meta WHERE key = ?", [(f"retention-seen:{rid}",) for rid in ids]
        )
        conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, '1')"
            " ON CONFLICT(key) DO UPDATE SET value = '1'",
            (COMPACT_PENDING,),
        )
    wipe_free_space(vault)


def apply_received(conn: Any, erasure: dict[str, Any], by_role: str) -> list[str]:
    """Inside the transaction applying a received erasure: purge what it lists and mark it
    (so later changes to those ids are dropped). Returns the ids that were marked."""
    ids = [str(i) for i in erasure.get("records") or []]
    root = erasure.get("root")
    if root:  # what hangs from the family here, whether or not the erasing laptop had it
        listed = set(ids)
        ids += [rid for rid in _tree_ids(conn, str(root)) if rid not in listed]
    marks = [
        Erasure(
            rid,
            _kind_of(conn, rid),
            str(erasure.get("erased_at") or utc_now()),
            by_role,
            str(erasure.get("request", "")),
            str(erasure.get("reason", "")),
        )
        for rid in ids
    ]
    _purge(conn, ids)
    _mark(conn, marks)
    _set_compact_pending(conn)
    return ids


def settle(vault: Vault, ids: Sequence[str]) -> None:
    """After records were erased (here, or by an erasure received from another laptop):
    truncate the WAL, add them to the ledger kept outside the backups, purge the backups."""
    if not ids:
        return
    # A backup being copied holds a snapshot from before the erasure (and keeps the WAL from
    # being truncated): it stops, and none begins until the backups are purged.
    with vault.backups_paused():
        _settle(vault, ids)


def _settle(vault: Vault, ids: Sequence[str]) -> None:
    ids = list(ids) + _purge_unsent_about(vault, ids)
    wipe_free_space(vault)
    with vault.reading() as conn:
        marks = {
            row[0]: Erasure(*row)
            for start in range(0, len(ids), 500)
            for row in conn.execute(
                "SELECT record_id, kind, erased_at, by_role, request, reason FROM erasures"
                f" WHERE record_id IN ({','.join('?' * len(ids[start : start + 500]))})",
                list(ids[start : start + 500]),
            )
        }
    _write_ledger(vault, {**_read_ledger(vault), **marks})
    purge_backups(vault)
    with vault.writing() as conn:
        conn.execute("DELETE FROM meta WHERE key = ?", (SETTLE_PENDING,))


def _purge_unsent_about(vault: Vault, ids: Sequence[str]) -> list[str]:
    """Words not sent yet, kept only on their author's laptops, whose place names an erased
    record: erased too (the erasing laptop could not list them)."""
    wanted = set(ids)
    found = [r for r in vault.list("unsent_text") if wanted & set(context_ids(r.data))]
    if not found:
        return []
    with vault.writing() as conn:
        for record in found:
            parent = next(p for p in context_ids(record.data) if p in wanted)
            mark = conn.execute(
                "SELECT erased_at, by_role, request, reason FROM erasures WHERE record_id = ?",
                (parent,),
            ).fetchone()
            mark_child(conn, record.id, "unsent_text", mark or (utc_now(), "", "", ""))
    return [r.id for r in found]


def context_ids(data: dict[str, Any]) -> list[str]:
    return str(data.get("context", "")).replace(":", " ").split()


def finish_pending(vault: Vault) -> None:
    """At unlock and before a restore: if an erasure was saved but the laptop stopped before
    its ledger entry and the purge of the backups, do them now (every marker goes into the
    ledger, so a backup restored later cannot bring anything back)."""
    with vault.reading() as conn:
        pending = conn.execute("SELECT 1 FROM meta WHERE key = ?", (SETTLE_PENDING,)).fetchone()
        ids = [r[0] for r in conn.execute("SELECT record_id FROM erasures")]
    if pending or (ids and set(ids) - set(_read_ledger(vault))):
        settle(vault, ids)


def compact_pending(vault: Vault) -> bool:
    with vault.reading() as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (COMPACT_PENDING,)).fetchone()
    return bool(row and row[0] == "1")


def compacted(vault: Vault) -> None:
    with vault.writing() as conn:
        conn.execute("DELETE FROM meta WHERE key = ?", (COMPACT_PENDING,))


def erased(vault: Vault) -> list[Erasure]:
    with vault.reading() as conn:
        rows = conn.execute(
            "SELECT record_id, kind, erased_at, by_role, request, reason FROM erasures"
            " ORDER BY erased_at, record_id"
        ).fetchall()
    return [Erasure(*row) for row in rows]


def device_of_first_version(vault: Vault, record_id: str) -> str:
    """The device that wrote a record's first version (who erased, who confirmed)."""
    with vault.reading() as conn:
        row = conn.execute(
            "SELECT device_id FROM record_versions WHERE record_id = ? ORDER BY version LIMIT 1",
            (record_id,),
        ).fetchone()
    return row[0] if row else ""


def is_erased(vault: Vault, record_id: str) -> bool:
    with vault.reading() as conn:
        row = conn.execute("SELECT 1 FROM erasures WHERE record_id = ?", (record_id,)).fetchone()
    return row is not None


def replay(vault: Vault) -> int:
    """At unlock: erase again whatever the ledger lists and the database still holds (a
    restored backup, a backup that was not purged); returns how many records that was."""
    ledger = _read_ledger(vault)
    if not ledger:
        return 0
    with vault.reading() as conn:
        present = _present(conn, list(ledger))
        known = {r[0] for r in conn.execute("SELECT record_id FROM erasures")}
    missing_marks = [m for rid, m in ledger.items() if rid not in known]
    if not present and not missing_marks:
        return 0
    with vault.writing() as conn:
        _purge(conn, present)
        _mark(conn, missing_marks)
    if present:
        with vault.backups_paused():
            wipe_free_space(vault)
    return len(present)


def purge_backups(vault: Vault) -> None:
    """Run the erasures of the ledger on every backup of this profile, so an old copy holds
    nothing erased either (and a restore would replay them anyway)."""
    key = vault.keyring().vault_key
    ids = list(_read_ledger(vault))
    folder = vault.folder / BACKUP_DIR
    for path in sorted(folder.glob("vault-*.sqlite3")) if folder.is_dir() else []:
        if is_plain(path):
            continue  # encrypted at the next unlock, then purged
        try:
            conn = connect(path, key)
        except database_errors():
            continue  # damaged or not this profile's: restore refuses it anyway
        try:
            present = _present(conn, ids)
            if present:
                # secure_delete (set on every connection) zeroes the freed pages: no VACUUM,
                # which rewrote the whole 80 MB copy for twenty rows (about 1.4 s a backup).
                conn.execute("BEGIN IMMEDIATE")
                _purge(conn, present)
                conn.execute("COMMIT")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()


# ---- inside ---------------------------------------------------------------------------------


def _mark(conn: Any, marks: Sequence[Erasure]) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO erasures(record_id, kind, erased_at, by_role, request, reason)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [_row(m) for m in marks],
    )


def _tree_ids(conn: Any, root: str) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "WITH RECURSIVE tree(id) AS (SELECT ? UNION"
            " SELECT r.id FROM records r JOIN tree t ON r.parent_id = t.id)"
            " SELECT id FROM tree",
            (root,),
        )
    ]


def erased_parent(conn: Any, parent_id: str | None) -> tuple[str, ...] | None:
    """The marker row of an erased parent record, or None: a change to a record that hangs
    from an erased one (a visit written offline for an erased family) goes with it."""
    if not parent_id:
        return None
    return conn.execute(
        "SELECT erased_at, by_role, request, reason FROM erasures WHERE record_id = ?",
        (parent_id,),
    ).fetchone()


def mark_child(conn: Any, record_id: str, kind: str, parent_mark: tuple[str, ...]) -> None:
    erased_at, by_role, request, reason = parent_mark
    _purge(conn, [record_id])
    _mark(conn, [Erasure(record_id, kind, erased_at, by_role, request, reason)])


def _kind_of(conn: Any, record_id: str) -> str:
    row = conn.execute("SELECT kind FROM records WHERE id = ?", (record_id,)).fetchone()
    return row[0] if row else ""


def _set_compact_pending(conn: Any) -> None:
    # Both in the erasure's own transaction: a crash before the ledger and the backups are
    # brought up to date is finished at the next unlock (finish_pending).
    for key in (COMPACT_PENDING, SETTLE_PENDING):
        conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, '1')"
            " ON CONFLICT(key) DO UPDATE SET value = '1'",
            (key,),
        )


def _row(m: Erasure) -> tuple[str, str, str, str, str, str]:
    return (m.record_id, m.kind, m.erased_at, m.by_role, m.request, m.reason)


def _present(conn: Any, ids: Iterable[str]) -> list[str]:
    found: list[str] = []
    ids = list(ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found += [
            r[0] for r in conn.execute(f"SELECT id FROM records WHERE id IN ({marks})", chunk)
        ]
    return found


def _purge(conn: Any, ids: Sequence[str]) -> None:
    """Delete every trace of these records: versions, row, conflicts, settlements, the ids
    an import gave them, and their words in the search index, those of earlier versions
    included (search_index.erasing; the triggers on records take their rows out). The caller
    holds the transaction."""
    with search_index.erasing(conn, ids):
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            events = [
                r[0]
                for r in conn.execute(
                    f"SELECT event_id FROM record_versions WHERE record_id IN ({marks})", chunk
                )
            ]
            for e_start in range(0, len(events), 500):
                e_chunk = events[e_start : e_start + 500]
                e_marks = ",".join("?" * len(e_chunk))
                conn.execute(
                    f"DELETE FROM sync_resolutions WHERE event_id IN ({e_marks})"
                    f" OR resolves IN ({e_marks})",
                    e_chunk + e_chunk,
                )
            conn.execute(f"DELETE FROM sync_conflicts WHERE record_id IN ({marks})", chunk)
            conn.execute(f"DELETE FROM record_versions WHERE record_id IN ({marks})", chunk)
            conn.execute(f"DELETE FROM records WHERE id IN ({marks})", chunk)
            conn.execute(
                f"DELETE FROM meta WHERE key LIKE 'import-id:%' AND value IN ({marks})", chunk
            )
        _scrub_links(conn, set(ids))


# Kinds whose records link to other families' records without hanging from them: their
# history must not keep an erased record's id either.
LINKING_KINDS = ("barrier", "change_test", "supervision_session")


def _scrub_links(conn: Any, ids: set[str]) -> None:
    """Take the erased ids out of every version of the records that link to them (a barrier's
    earlier versions still list an erased visit): lists lose the id, a field holding it is
    emptied. The newest version was already given without the link (see plan_erasure)."""
    marks = ",".join("?" * len(LINKING_KINDS))
    rows = conn.execute(
        f"SELECT rowid, record_id, body FROM record_versions WHERE kind IN ({marks})"
        " AND typeof(body) = 'text'",
        LINKING_KINDS,
    ).fetchall()
    changed, records = [], set()
    for rowid, record_id, body in rows:
        if any(rid in body for rid in ids):
            changed.append((encode_body(_without(json.loads(body), ids)), rowid))
            records.add(record_id)
    conn.executemany("UPDATE record_versions SET body = ? WHERE rowid = ?", changed)
    conn.executemany(
        "UPDATE records SET data = (SELECT body FROM record_versions v WHERE v.record_id ="
        " records.id AND v.version = records.version) WHERE id = ?",
        [(rid,) for rid in records],
    )


def _without(value: Any, ids: set[str]) -> Any:
    if isinstance(value, dict):
        return {
            k: (None if isinstance(v, str) and v in ids else _without(v, ids))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_without(v, ids) for v in value if not (isinstance(v, str) and v in ids)]
    return value


def wipe_free_space(vault: Vault) -> None:
    """secure_delete has zeroed the freed pages in the database; the WAL still holds the old
    pages until it is checkpointed and truncated."""
    with vault.reading() as conn:
        for _attempt in range(50):
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if not busy:
                return
            time.sleep(0.1)  # another connection (a backup, a reader) is still in the WAL


def _ledger_path(vault: Vault) -> Path:
    return vault.folder / LEDGER_NAME


def _ledger_aad(vault: Vault) -> bytes:
    return f"relapp-erasure-ledger|{vault.profile_id}".encode()


def _read_ledger(vault: Vault) -> dict[str, Erasure]:
    path = _ledger_path(vault)
    if not path.exists():
        return {}
    sealer = Sealer(vault.keyring().vault_key)
    try:
        rows = json.loads(sealer.open(path.read_bytes(), _ledger_aad(vault)))
        return {row[0]: Erasure(*row) for row in rows}
    except (DecryptionError, ValueError, TypeError, OSError) as exc:
        raise VaultError(
            f"The erasure ledger {path} is damaged ({exc}); erased records could come back "
            "from a backup. Keep the file and ask for help."
        ) from None


def _write_ledger(vault: Vault, ledger: dict[str, Erasure]) -> None:
    rows = [
        list(_row(m)) for m in sorted(ledger.values(), key=lambda m: (m.erased_at, m.record_id))
    ]
    sealer = Sealer(vault.keyring().vault_key)
    write_atomically(
        _ledger_path(vault), sealer.seal(json.dumps(rows).encode(), _ledger_aad(vault))
    )
