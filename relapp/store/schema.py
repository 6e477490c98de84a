"""The vault's schema, built and upgraded in numbered steps with sqlite-utils.

``PRAGMA user_version`` holds the schema version. Each step runs in its own transaction;
a backup of the file is taken before the first step that changes an existing vault.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

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


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2]
LATEST = len(MIGRATIONS)


class SchemaTooNew(Exception):
    pass


def current_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    conn: sqlite3.Connection,
    before_upgrade: Callable[[int], None] | None = None,
    target: int = LATEST,
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
    db = sqlite_utils.Database(conn)
    for number in range(start + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[number - 1](db)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return start
