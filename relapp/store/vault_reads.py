"""How the vault reads records: one, a kind's list newest first, counts, history, the trash,
and search, all from the encrypted database while the profile is unlocked."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import msgspec

from relapp.store import search_index
from relapp.store.record import (
    Keep,
    Record,
    RecordNotFound,
    RecordUnreadable,
    decode_body,
    interned,
)
from relapp.store.search_index import Hit


class VaultReads:
    """The reading half of Vault's records (Vault holds the connection and the lock; reading
    many at a time, get_many and iter, stays in Vault)."""

    @staticmethod
    def decode(row: Any, keep: Keep | None = None) -> Record:
        """A Record from a row of SELECT_HEAD's columns (or a version's, in the same order)."""
        rid, kind, version, created, updated, author, deleted, parent_id, body = row
        record = Record(
            id=rid,
            kind=interned(kind),
            version=version,
            created_at=created,
            updated_at=updated,
            author=interned(author),
            deleted=bool(deleted),
            parent_id=parent_id,
        )
        try:
            data = decode_body(body)
            record.data = keep(data) if keep is not None else data
        except (ValueError, msgspec.DecodeError):
            record.error = (
                f"The {kind} record {rid} (version {version}) could not be opened: its stored "
                "data is damaged or was altered."
            )
        return record

    def get(self, record_id: str, *, strict: bool = True) -> Record:
        with self._lock:
            row = self._conn.execute(self.SELECT_HEAD + " WHERE r.id = ?", (record_id,)).fetchone()
        if row is None:
            raise RecordNotFound(f"Record {record_id} does not exist.")
        record = self.decode(row)
        if strict and record.error:
            raise RecordUnreadable(record.error)
        return record

    def list(
        self,
        kind: str | None = None,
        *,
        deleted: bool = False,
        parent_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        keep: Keep | None = None,
        status: str | None = None,
    ) -> list[Record]:
        """Newest first. Records that fail to open come back with .error set, never dropped.

        keep: see iter(). status: only records whose data.status is this.
        """
        if limit is None:
            return list(
                self.iter(kind, deleted=deleted, parent_id=parent_id, keep=keep, status=status)
            )
        sql, args = self._list_sql(self.SELECT_HEAD, kind, deleted, parent_id, status)
        with self._lock:
            rows = self._conn.execute(sql + " LIMIT ? OFFSET ?", [*args, limit, offset]).fetchall()
        return [self.decode(row, keep) for row in rows]

    def query(self, sql: str, args: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of a read-only query over the records (the store's set queries and pages)."""
        with self.reading() as conn:
            return conn.execute(sql, list(args)).fetchall()

    def search(self, query: str, limit: int = 50, *, one_per_record: bool = True) -> list[Hit]:
        """The records whose text matches what a person typed, best first (see
        relapp.store.search_index; the index is kept current by the database itself)."""
        with self._lock:
            return search_index.search(self._conn, query, limit, one_per_record=one_per_record)

    def search_pending(self) -> int:
        """How many records the search index still lacks after a new laptop's first sync
        (see relapp.store.search_index, "indexing later"); 0 when it is complete."""
        with self._lock:
            return search_index.pending(self._conn)

    def catch_up_search(self, limit: int = 1000) -> int:
        """Index up to `limit` of the records the search index lacks, in one transaction;
        returns how many are left."""
        with self._tx() as conn:
            return search_index.catch_up(conn, limit)

    def matching_ids(self, kind: str, text: str) -> set[str]:
        """The ids of the records of one kind whose text has every word of `text`, each as the
        start of a word, in any field (a list's filter). For the same as SQL, to use in a
        page's own query: relapp.store.search_index.matching_sql."""
        with self._lock:
            return search_index.matching_ids(self._conn, kind, text)

    def set_search_categories(self, titles: Mapping[str, str]) -> None:
        """The titles barrier categories are found by (id -> title, from the definitions);
        barriers are re-indexed only when a title changed since the last time."""
        with self._lock:
            known = dict(self._conn.execute("SELECT id, title FROM search_categories"))
            if known == dict(titles):
                return  # the common case: no write at unlock
            with self._tx():
                search_index.set_categories(self._conn, titles)

    @staticmethod
    def _list_sql(
        select: str,
        kind: str | None,
        deleted: bool,
        parent_id: str | None,
        status: str | None = None,
    ) -> tuple[str, list[Any]]:
        where, args = ["r.deleted = ?"], [int(deleted)]
        if kind is not None:
            # With a parent, the unary + keeps SQLite on the parent index (a handful of rows)
            # rather than the kind index (every record of that kind): 0.3 ms instead of 8 ms.
            where.append("+r.kind = ?" if parent_id is not None else "r.kind = ?")
            args.append(kind)  # type: ignore[arg-type]
        if parent_id is not None:
            where.append("r.parent_id = ?")
            args.append(parent_id)  # type: ignore[arg-type]
        if status is not None:
            where.append("r.status = ?")
            args.append(status)  # type: ignore[arg-type]
        return select + " WHERE " + " AND ".join(where) + " ORDER BY r.updated_at DESC", args

    def count(self, kind: str | None = None, *, deleted: bool = False) -> int:
        sql, args = "SELECT count(*) FROM records WHERE deleted = ?", [int(deleted)]
        if kind:
            sql += " AND kind = ?"
            args.append(kind)  # type: ignore[arg-type]
        with self._lock:
            return int(self._conn.execute(sql, args).fetchone()[0])

    def history(self, record_id: str) -> list[Record]:
        """Every version of a record, oldest first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT v.record_id, v.kind, v.version, r.created_at, v.created_at, v.author, "
                "v.deleted, r.parent_id, v.body FROM record_versions v JOIN records r "
                "ON r.id = v.record_id WHERE v.record_id = ? ORDER BY v.version",
                (record_id,),
            ).fetchall()
        if not rows:
            raise RecordNotFound(f"Record {record_id} does not exist.")
        return [self.decode(row) for row in rows]

    def trash(self) -> list[Record]:
        return self.list(deleted=True)
