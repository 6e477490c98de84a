"""The vault's schema, built and upgraded in numbered steps with sqlite-utils.

``PRAGMA user_version`` holds the schema version. Each step runs in its own transaction;
a backup of the file is taken before the first step that changes an existing vault.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from relapp.domain.ids import uuid7
from relapp.store import checkin_heads
from relapp.store.search_schema import (
    SEARCH_KINDS,
    search_add_sql,
    search_drop_sql,
    search_insert_trigger_sql,
    search_text_changed_sql,
    search_text_view_sql,
)

if TYPE_CHECKING:  # sqlite-utils is imported only when a migration runs (~50 ms)
    import sqlite_utils


def _v1(db: sqlite_utils.Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key", not_null={"value"})
    db["keyslots"].create(
        {"kind": str, "salt": bytes, "params": str, "wrapped": bytes, "updated_at": str},
        pk="kind",
        not_null={"salt", "params", "wrapped", "updated_at"},
    )
    # One row a record: what ordering and joins need, in clear. The body lives in
    # record_versions, one sealed row per version, never overwritten.
    db["records"].create(
        {
            "id": str,
            "kind": str,
            "version": int,
            "parent_id": str,
            "created_at": str,
            "updated_at": str,
            "deleted": int,
        },
        pk="id",
        not_null={"kind", "version", "created_at", "updated_at", "deleted"},
        defaults={"deleted": 0},
    )
    db["record_versions"].create(
        {
            "record_id": str,
            "version": int,
            "kind": str,
            "author": str,
            "created_at": str,
            "deleted": int,
            "body": bytes,
        },
        pk=("record_id", "version"),
        not_null={"kind", "author", "created_at", "deleted", "body"},
        foreign_keys=[("record_id", "records", "id")],
    )


def _v2(db: sqlite_utils.Database) -> None:
    # Lists open on "newest first within a kind"; without this index the first page of a
    # 50,000-record vault needs a full scan and sort.
    db["records"].create_index(["kind", "deleted", "updated_at"], if_not_exists=True)
    db["records"].create_index(["parent_id"], if_not_exists=True)
    # Failed unlocks are counted so repeated guesses slow down, across processes too.
    db["unlock_attempts"].create(
        {"id": int, "failures": int, "last_failure": str}, pk="id", not_null={"failures"}
    )


def _v3(db: sqlite_utils.Database) -> None:
    # Sync: every version becomes an event with a globally unique id, a hybrid logical
    # clock, the device that wrote it and the event it was based on. The head of a record is
    # its version with the greatest clock, so every device that holds the same events shows
    # the same head whatever order they arrived in.
    versions = db["record_versions"]
    versions.add_column("event_id", str)
    versions.add_column("hlc", str)
    versions.add_column("device_id", str)
    versions.add_column("parent_event", str)
    versions.add_column("published", int, not_null_default=0)
    device = db.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
    device_id = device[0] if device else ""
    previous: dict[str, str] = {}
    rows = db.execute(
        "SELECT record_id, version, created_at FROM record_versions ORDER BY record_id, version"
    ).fetchall()
    for record_id, version, created_at in rows:
        event_id = _uuid7_from(created_at)
        db.execute(
            "UPDATE record_versions SET event_id = ?, hlc = ?, device_id = ?, parent_event = ? "
            "WHERE record_id = ? AND version = ?",
            (
                event_id,
                _hlc_from(created_at, version),
                device_id,
                previous.get(record_id),
                record_id,
                version,
            ),
        )
        previous[record_id] = event_id
    versions.create_index(["event_id"], unique=True)
    versions.create_index(["published", "device_id"])
    db["sync_devices"].create(
        {"device_id": str, "last_seq": int, "last_digest": str, "max_seen_seq": int},
        pk="device_id",
        not_null={"last_seq", "max_seen_seq"},
        defaults={"last_seq": 0, "max_seen_seq": 0},
    )
    db["sync_conflicts"].create(
        {"record_id": str, "event_id": str, "other_event": str, "found_at": str, "resolved": int},
        pk=("record_id", "event_id", "other_event"),
        not_null={"found_at", "resolved"},
        defaults={"resolved": 0},
    )
    # Which conflicting events a person's resolving version settled; sent with that event.
    db["sync_resolutions"].create({"event_id": str, "resolves": str}, pk=("event_id", "resolves"))
    db["sync_quarantine"].create(
        {"path": str, "reason": str, "first_seen": str}, pk="path", not_null={"reason"}
    )


def _hlc_from(created_at: str, version: int) -> str:
    from datetime import datetime

    millis = int(datetime.fromisoformat(created_at).timestamp() * 1000)
    return f"{millis:015d}.{version:06d}"


def _uuid7_from(created_at: str) -> str:
    from datetime import datetime

    return uuid7(int(datetime.fromisoformat(created_at).timestamp() * 1000))


def _v4(db: sqlite_utils.Database) -> None:
    # The database is encrypted as a whole from here on: what opens it (the key ring and the
    # count of wrong attempts) lives in the key file beside it, read before unlock.
    db["keyslots"].drop(ignore=True)
    db["unlock_attempts"].drop(ignore=True)


def _v5(db: sqlite_utils.Database) -> None:
    # Erasure: what is left of an erased record is its id and when, by whom, why and on
    # which request it was erased; no content. Received changes to such an id are dropped.
    db["erasures"].create(
        {
            "record_id": str,
            "kind": str,
            "erased_at": str,
            "by_role": str,
            "request": str,
            "reason": str,
        },
        pk="record_id",
        not_null={"kind", "erased_at", "by_role", "request", "reason"},
    )


def _v6(db: sqlite_utils.Database) -> None:
    # The audit trail: who opened, changed, exported, reported, erased; ids only, never
    # content. Each entry carries the hash of the one before, so a change or a removal
    # anywhere breaks the chain (relapp doctor checks it), and the database refuses both.
    db.execute(
        "CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, member TEXT NOT NULL,"
        " device TEXT NOT NULL, action TEXT NOT NULL, records TEXT NOT NULL,"
        " prev TEXT NOT NULL, hash TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX audit_action ON audit(action, at)")
    for verb in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER audit_no_{verb.lower()} BEFORE {verb} ON audit"
            " BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
        )


@dataclass
class Upgrade:
    """What a step may need beyond the database: the vault key (v7 opens the rows sealed one
    by one before the database was encrypted) and whom to tell how far it has got (v7 and v8
    read every row, and each reports its own (done, total))."""

    key: bytes | None = None
    progress: Callable[[int, int], None] | None = None


# Rows opened and rewritten per statement batch by v7 (and per progress report).
V7_CHUNK = 500


def _v7(db: sqlite_utils.Database, upgrade: Upgrade) -> None:
    # The database is encrypted as a whole, so each record's body no longer needs sealing of
    # its own: bodies become the JSON text they seal, and each record's newest version is
    # kept on its row, with generated columns for what pages sort and filter by. Then SQL can
    # sort, filter, count and page records; before, every page opened a whole kind.
    # A body that does not open (damaged before this upgrade) is kept as it is, and shows as
    # an unreadable record, as it did.
    from relapp.crypto.aead import DecryptionError, Sealer

    if upgrade.key is None:
        raise RuntimeError("schema step 7 needs the vault key")
    sealer = Sealer(upgrade.key)
    conn = db.conn
    conn.execute("ALTER TABLE records ADD COLUMN data TEXT")
    rowids = [row[0] for row in conn.execute("SELECT rowid FROM record_versions ORDER BY rowid")]
    total = len(rowids)
    for start in range(0, total, V7_CHUNK):
        chunk = rowids[start : start + V7_CHUNK]
        marks = ",".join("?" * len(chunk))
        opened = []
        for rowid, rid, version, kind, author, deleted, body in conn.execute(
            "SELECT rowid, record_id, version, kind, author, deleted, body FROM record_versions"
            f" WHERE rowid IN ({marks})",
            chunk,
        ):
            aad = f"relapp-record-v1|{kind}|{rid}|{version}|{author}|{int(deleted)}".encode()
            try:
                plain = sealer.open(body, aad).decode()
                json.loads(plain)
            except (DecryptionError, ValueError):
                continue
            opened.append((plain, rowid))
        conn.executemany("UPDATE record_versions SET body = ? WHERE rowid = ?", opened)
        if upgrade.progress is not None:
            upgrade.progress(min(start + V7_CHUNK, total), total)
    conn.execute(
        "UPDATE records SET data = (SELECT v.body FROM record_versions v"
        " WHERE v.record_id = records.id AND v.version = records.version"
        " AND typeof(v.body) = 'text')"
    )
    _v7_columns(conn)


def _v7_columns(conn: Any) -> None:
    # Virtual: computed from data when read, and stored only in the indexes below. Never
    # NULL (a missing field is ''), so a page can go on from a row with row-value comparisons.
    for column, field in (("happened", "when"), ("name", "display_name"), ("status", "status")):
        conn.execute(
            f"ALTER TABLE records ADD COLUMN {column} TEXT GENERATED ALWAYS AS"
            f" (coalesce(json_extract(data, '$.{field}'), '')) VIRTUAL"
        )
    # Visits and check-ins newest first; families by name; a family's latest visit or
    # check-in; reflections and the like by state.
    conn.execute("CREATE INDEX records_happened ON records(kind, deleted, happened)")
    conn.execute("CREATE INDEX records_name ON records(kind, deleted, name COLLATE NOCASE, id)")
    conn.execute("CREATE INDEX records_family ON records(parent_id, kind, happened)")
    conn.execute("CREATE INDEX records_status ON records(kind, deleted, status, updated_at)")


def _v8(db: sqlite_utils.Database) -> None:
    # Today, the caseload and the team's figures read these instead of records' rows: after
    # unlock every page read is decrypted, and check-ins, feedback and first versions are
    # spread over the whole file. Partial indexes holding just what those figures need keep
    # their cost to a few pages per hundred records of that kind. Queries must spell each
    # expression as here (relapp.store.queries does) for SQLite to read it from the index.
    # A family's check-in series (instrument, respondent): the latest score and the one
    # before, when the practitioner last checked in.
    db.execute(
        "CREATE INDEX records_checkins ON records(parent_id,"
        " json_extract(data, '$.instrument_id'), json_extract(data, '$.respondent'),"
        " happened, updated_at, json_extract(data, '$.score'), id)"
        " WHERE kind = 'checkin' AND deleted = 0"
    )
    # Feedback received: on which reflection, whether a reply, in which review state.
    db.execute(
        "CREATE INDEX records_feedback ON records(json_extract(data, '$.record_id'),"
        " updated_at, json_extract(data, '$.reply_to'), json_extract(data, '$.review_state'),"
        " version, id) WHERE kind = 'feedback' AND deleted = 0"
    )
    # Whose a record is: the author of its first version, by kind.
    db.execute(
        "CREATE INDEX record_versions_roots ON record_versions(kind, record_id, hlc, author,"
        " version)"
        " WHERE parent_event IS NULL"
    )


# Records indexed per statement batch by v8 (and per progress report).
V9_CHUNK = 1000


def _v9(db: sqlite_utils.Database, upgrade: Upgrade) -> None:
    # Search lives in the database: an FTS5 index of each head's text, kept current by triggers
    # on records, so it is ready at unlock (it was rebuilt in memory at every unlock: seconds
    # and tens of MB with a big profile) and no way of writing a record can leave it stale:
    # saves, autosaves, imports, sync, deletes, restores and erasures all change records rows.
    # FTS5 keeps a replaced or deleted row's words in its b-trees, marked deleted, until it
    # merges segments. Its secure-delete option removes them at once, but with 100,000
    # records it makes changing a reflection's text 14 times dearer (78 ms instead of 6 a
    # save, autosaves included). So it stays off for everyday changes, and an erasure turns it
    # on for what it deletes and then merges the whole index into one segment, which drops
    # every word earlier versions of what it erased left behind (relapp.store.search_index.
    # erasing: 2 s for the database and for each backup with 100,000 records).
    # Prefixes of 2 to 4 letters are indexed as such: a word being typed is then read like a
    # whole word, instead of FTS5 merging the rows of every word it starts (50 ms for "th" in
    # a profile of 100,000 records; the three take 30 MB there).
    conn = db.conn
    conn.execute(
        "CREATE VIRTUAL TABLE search USING fts5(record_id UNINDEXED, kind UNINDEXED,"
        " field UNINDEXED, text, prefix = '2 3 4',"
        " tokenize = 'unicode61 remove_diacritics 2')"
    )
    # Each indexed record's number (see SEARCH_SLOTS) and kind: a list's filter finds the
    # records of one kind from the numbers in the rowids it matched, without reading the
    # index's stored text for each one.
    conn.execute(
        "CREATE TABLE search_docs(doc INTEGER PRIMARY KEY, record_id TEXT NOT NULL UNIQUE,"
        " kind TEXT NOT NULL)"
    )
    # Barrier categories are found by their titles, which come from the definitions (an
    # organisation may add its own): the store keeps them here (Vault.set_search_categories).
    conn.execute("CREATE TABLE search_categories(id TEXT PRIMARY KEY, title TEXT NOT NULL)")
    conn.execute(search_text_view_sql())
    kinds = ", ".join(f"'{k}'" for k in SEARCH_KINDS)
    conn.execute(search_insert_trigger_sql())
    # A change whose searchable text is what the index holds (a status, scores, a link)
    # leaves it alone (and the record keeps its place among the records changed last): no
    # rows replaced, no words left behind.
    conn.execute(
        "CREATE TRIGGER search_update AFTER UPDATE OF data, deleted ON records"
        " WHEN old.deleted IS NOT new.deleted OR (old.data IS NOT new.data AND "
        + search_text_changed_sql("new.id")
        + ") BEGIN "
        + "; ".join(search_drop_sql("old.id") + search_add_sql("new.id"))
        + "; END"
    )
    conn.execute(
        "CREATE TRIGGER search_delete AFTER DELETE ON records BEGIN "
        + "; ".join(search_drop_sql("old.id"))
        + "; END"
    )
    # The records there are, oldest change first (so the newest get the highest rowids).
    ids = [
        row[0]
        for row in conn.execute(
            f"SELECT id FROM records WHERE deleted = 0 AND data IS NOT NULL AND kind IN ({kinds})"
            " ORDER BY updated_at, id"
        )
    ]
    total = len(ids)
    add = search_add_sql("?1")
    for start in range(0, total, V9_CHUNK):
        chunk = [(rid,) for rid in ids[start : start + V9_CHUNK]]
        for sql in add:
            conn.executemany(sql, chunk)
        if upgrade.progress is not None:
            upgrade.progress(min(start + V9_CHUNK, total), total)


def _v10(db: sqlite_utils.Database) -> None:
    # The audit trail reaches the team's supervisors: each laptop's entries arrive in its
    # bundles (sealed for the supervisors) and are kept here as sent, per laptop and number,
    # so each laptop's chain can still be walked on the supervisor's side. Like the laptop's
    # own trail, the database refuses to change or remove what arrived.
    db.execute(
        "CREATE TABLE audit_received (device TEXT NOT NULL, seq INTEGER NOT NULL,"
        " at TEXT NOT NULL, member TEXT NOT NULL, action TEXT NOT NULL, records TEXT NOT NULL,"
        " prev TEXT NOT NULL, hash TEXT NOT NULL, received_at TEXT NOT NULL,"
        " PRIMARY KEY (device, seq)) WITHOUT ROWID"
    )
    # What was wrong with a laptop's trail when it arrived: a gap, an entry that does not
    # follow the one before, one whose hash does not match, one sent again changed.
    db.execute(
        "CREATE TABLE audit_problems (id INTEGER PRIMARY KEY, device TEXT NOT NULL,"
        " seq INTEGER NOT NULL, found_at TEXT NOT NULL, problem TEXT NOT NULL,"
        " UNIQUE (device, seq, problem))"
    )
    # The records each entry names (own and received), so the screen can filter by family
    # with an index instead of reading every entry's list of ids.
    db.execute(
        "CREATE TABLE audit_refs (record_id TEXT NOT NULL, device TEXT NOT NULL,"
        " seq INTEGER NOT NULL, PRIMARY KEY (record_id, device, seq)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX audit_at ON audit(at, seq)")
    db.execute("CREATE INDEX audit_member ON audit(member, at)")
    db.execute("CREATE INDEX audit_received_at ON audit_received(at, device, seq)")
    db.execute("CREATE INDEX audit_received_member ON audit_received(member, at)")
    db.execute("CREATE INDEX audit_received_action ON audit_received(action, at)")
    for table in ("audit", "audit_received"):
        db.execute(
            f"CREATE TRIGGER {table}_refs AFTER INSERT ON {table} BEGIN"
            " INSERT OR IGNORE INTO audit_refs(record_id, device, seq)"
            " SELECT value, new.device, new.seq FROM json_each(CASE WHEN"
            " json_valid(new.records) THEN new.records ELSE '[]' END); END"
        )
    for table in ("audit_received", "audit_problems"):
        for verb in ("UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table}"
                " BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
            )
    db.execute(
        "INSERT OR IGNORE INTO audit_refs(record_id, device, seq)"
        " SELECT j.value, a.device, a.seq FROM audit a,"
        " json_each(CASE WHEN json_valid(a.records) THEN a.records ELSE '[]' END) j"
    )


def _v11(db: sqlite_utils.Database) -> None:
    # Each check-in series' latest entry, kept by triggers (relapp.store.checkin_heads): Today
    # read every check-in to find them, half of its time after unlock with years of records.
    checkin_heads.create(db.conn)


MIGRATIONS: list[Callable[..., None]] = [
    _v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8, _v9, _v10, _v11,
]  # fmt: skip
# Steps that are given the Upgrade as well as the database.
_NEEDS_UPGRADE = {7, 9}
# The last version a profile had as a plain SQLite file, before the database was encrypted.
LAST_PLAIN = 3
LATEST = len(MIGRATIONS)


class SchemaTooNew(Exception):
    pass


def current_version(conn: Any) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    conn: Any,
    before_upgrade: Callable[[int], None] | None = None,
    target: int = LATEST,
    *,
    key: bytes | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Bring the schema to ``target``; returns the version it started from."""
    start = current_version(conn)
    if start > LATEST:
        raise SchemaTooNew(
            f"This profile was written by a newer Relapp (schema {start}); this version "
            f"understands up to {LATEST}. Please update Relapp."
        )
    if start >= target:
        return start
    if start > 0 and before_upgrade is not None:
        before_upgrade(start)
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    for number in range(start + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if number in _NEEDS_UPGRADE:
                MIGRATIONS[number - 1](db, Upgrade(key, progress))
            else:
                MIGRATIONS[number - 1](db)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return start
