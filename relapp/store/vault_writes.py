"""How the vault writes records: every save a new version with its event id and clock, in one
transaction; autosaves, several records at once, imports' ids, deletes and restores."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from relapp.domain.hlc import LAST, Clock, Timestamp
from relapp.store.record import (
    NewRecord,
    Record,
    RecordNotFound,
    VaultError,
    VersionConflict,
    encode_body,
    new_id,
    utc_now,
)

# meta rows "import-id:<tag>" -> record id: which record an id in an imported file became.
IMPORT_ID_PREFIX = "import-id:"


class VaultWrites:
    """The writing half of Vault's records (Vault holds the connection, the lock and the
    transaction these run in)."""

    def _write_version(
        self,
        kind: str,
        record_id: str,
        version: int,
        body: str,
        deleted: bool,
        now: str,
        parent_event: str | None,
    ) -> str:
        event_id = new_id()
        self._conn.execute(
            "INSERT INTO record_versions(record_id, version, kind, author, created_at, deleted,"
            " body, event_id, hlc, device_id, parent_event, published)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
            (
                record_id,
                version,
                kind,
                self.member_id_cached,
                now,
                int(deleted),
                body,
                event_id,
                self._clock_after(record_id).encode(),
                self.device_id_cached,
                parent_event,
            ),
        )
        return event_id

    def _clock_now(self) -> Timestamp:
        with self._lock:
            if self._clock is None:
                row = self._conn.execute("SELECT max(hlc) FROM record_versions").fetchone()
                self._clock = Clock(Timestamp.decode(row[0]) if row and row[0] else None)
            return self._clock.tick()

    def _clock_after(self, record_id: str) -> Timestamp:
        """The clock for a new version of a record: later than every version of it this
        laptop holds, even one from a laptop whose clock runs ahead (which the laptop's own
        clock does not follow beyond MAX_DRIFT). A version is always later than what it was
        written knowing of, so every laptop puts it last, as this one does."""
        now = self._clock_now()
        row = self._conn.execute(
            "SELECT max(hlc) FROM record_versions WHERE record_id = ?", (record_id,)
        ).fetchone()
        if row and row[0]:
            latest = Timestamp.decode(row[0])
            if latest >= now:
                if latest >= LAST:  # a change dated at the end of time: tie, never past it
                    return LAST
                if latest.counter >= 999_999:  # the counter has six digits
                    return Timestamp(latest.millis + 1, 0)
                return Timestamp(latest.millis, latest.counter + 1)
        return now

    @property
    def clock(self) -> Clock:
        self._clock_now()
        assert self._clock is not None
        return self._clock

    @property
    def device_id_cached(self) -> str:
        if not hasattr(self, "_device_id"):
            self._device_id = self.device_id
        return self._device_id

    @property
    def member_id_cached(self) -> str:
        if not hasattr(self, "_member_id"):
            self._member_id = self.member_id
        return self._member_id

    def put(
        self,
        kind: str,
        data: dict[str, Any],
        *,
        record_id: str | None = None,
        parent_id: str | None = None,
        expected_version: int | None = None,
    ) -> Record:
        """Create a record, or add a new version of it. expected_version guards lost updates."""
        with self._tx():
            return self._put(kind, data, record_id, parent_id, expected_version)

    def _put(
        self,
        kind: str,
        data: dict[str, Any],
        record_id: str | None,
        parent_id: str | None,
        expected_version: int | None,
        deleted: bool = False,
    ) -> Record:
        now = utc_now()
        body = encode_body(data)
        fresh = record_id is None  # a new id cannot exist yet: skip the lookup
        record_id = record_id or new_id()
        row = (
            None
            if fresh
            else self._conn.execute(
                "SELECT r.kind, r.version, r.created_at, r.parent_id, v.event_id,"
                " (SELECT max(version) FROM record_versions WHERE record_id = r.id)"
                " FROM records r JOIN record_versions v"
                " ON v.record_id = r.id AND v.version = r.version WHERE r.id = ?",
                (record_id,),
            ).fetchone()
        )
        if row is None:
            if expected_version not in (None, 0):
                raise RecordNotFound(f"Record {record_id} does not exist.")
            version, created, parent_event = 1, now, None
            self._conn.execute(
                "INSERT INTO records(id, kind, version, parent_id, created_at, updated_at,"
                " deleted, data) VALUES (?, ?, 1, ?, ?, ?, ?, ?)",
                (record_id, kind, parent_id, now, now, int(deleted), body),
            )
        else:
            if row[0] != kind:
                raise VaultError(f"Record {record_id} is a {row[0]}, not a {kind}.")
            if expected_version is not None and expected_version != row[1]:
                raise VersionConflict(
                    f"This {kind} was changed elsewhere (version {row[1]}, expected "
                    f"{expected_version}). Reload it before saving."
                )
            # Versions from other devices may sit above the head, so number after the highest.
            version, created, parent_event = row[5] + 1, row[2], row[4]
            parent_id = parent_id if parent_id is not None else row[3]
            self._conn.execute(
                "UPDATE records SET version = ?, parent_id = ?, updated_at = ?, deleted = ?,"
                " data = ? WHERE id = ?",
                (version, parent_id, now, int(deleted), body, record_id),
            )
        self._write_version(kind, record_id, version, body, deleted, now, parent_event)
        return Record(
            id=record_id,
            kind=kind,
            version=version,
            created_at=created,
            updated_at=now,
            author=self.member_id_cached,
            deleted=deleted,
            parent_id=parent_id,
            data=data,
        )

    def put_autosave(
        self,
        kind: str,
        data: dict[str, Any],
        *,
        record_id: str,
        expected_version: int,
        window_seconds: int = 600,
    ) -> Record:
        """Save an autosave of a draft, folding it into the previous autosave when that one
        was written here in the last window_seconds and has not left this laptop yet.

        Typing produces a save every second or two; keeping each as a version would fill
        history (and every other laptop of the author) with keystroke-level noise. A version
        already sent to other devices is never touched: then a new version is added.
        """
        with self._tx():
            row = self._conn.execute(
                "SELECT r.kind, r.version, r.deleted, v.device_id, v.published, v.created_at,"
                " v.author, r.created_at, r.parent_id FROM records r JOIN record_versions v"
                " ON v.record_id = r.id AND v.version = r.version WHERE r.id = ?",
                (record_id,),
            ).fetchone()
            foldable = (
                row is not None
                and row[0] == kind
                and row[1] == expected_version
                and not row[2]
                and row[3] == self.device_id_cached
                and not row[4]
                and row[6] == self.member_id_cached
                and (datetime.now(UTC) - datetime.fromisoformat(row[5])).total_seconds()
                < window_seconds
            )
            if not foldable:
                return self._put(kind, data, record_id, None, expected_version)
            now = utc_now()
            body = encode_body(data)
            self._conn.execute(
                "UPDATE record_versions SET body = ?, hlc = ?, created_at = ?"
                " WHERE record_id = ? AND version = ?",
                (body, self._clock_after(record_id).encode(), now, record_id, expected_version),
            )
            self._conn.execute(
                "UPDATE records SET updated_at = ?, data = ? WHERE id = ?", (now, body, record_id)
            )
            return Record(
                id=record_id,
                kind=kind,
                version=expected_version,
                created_at=row[7],
                updated_at=now,
                author=self.member_id_cached,
                deleted=False,
                parent_id=row[8],
                data=data,
            )

    def put_many(
        self, items: Iterable[NewRecord], *, import_ids: Mapping[str, str] | None = None
    ) -> list[Record]:
        """Insert many records in one transaction: all land, or none do.

        import_ids (tag -> record id, see import_ids()) are kept in the same transaction, so
        an import killed half-way leaves neither its records nor what ids it gave them.
        """
        items = list(items)
        with self._tx():
            if import_ids:
                self._conn.executemany(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                    [(IMPORT_ID_PREFIX + tag, rid) for tag, rid in import_ids.items()],
                )
            if all(i.id is None and not i.expected_version for i in items):
                return self._insert_new(items)
            return [self._put(i.kind, i.data, i.id, i.parent_id, i.expected_version) for i in items]

    def import_ids(self, tags: Iterable[str]) -> dict[str, str]:
        """The record ids that earlier imports gave to these tags.

        A tag is an opaque keyed hash of an id in an imported file (services.transfer makes
        them), so the file's own ids are stored nowhere; the rows stay on this laptop.
        """
        keys = [IMPORT_ID_PREFIX + tag for tag in tags]
        found: dict[str, str] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                rows = self._conn.execute(
                    f"SELECT key, value FROM meta WHERE key IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
                found.update((key[len(IMPORT_ID_PREFIX) :], value) for key, value in rows)
        return found

    def _insert_new(self, items: list[NewRecord]) -> list[Record]:
        """Brand-new records (an import, the demo): no lookups, two executemany calls."""
        now, author, device = utc_now(), self.member_id_cached, self.device_id_cached
        records, versions, out = [], [], []
        for item in items:
            record_id = new_id()
            body = encode_body(item.data)
            records.append((record_id, item.kind, item.parent_id, now, now, body))
            versions.append(
                (
                    record_id,
                    item.kind,
                    author,
                    now,
                    body,
                    new_id(),
                    self._clock_now().encode(),
                    device,
                )
            )
            out.append(
                Record(
                    id=record_id,
                    kind=item.kind,
                    version=1,
                    created_at=now,
                    updated_at=now,
                    author=author,
                    deleted=False,
                    parent_id=item.parent_id,
                    data=item.data,
                )
            )
        self._conn.executemany(
            "INSERT INTO records(id, kind, version, parent_id, created_at, updated_at, deleted,"
            " data) VALUES (?, ?, 1, ?, ?, ?, 0, ?)",
            records,
        )
        self._conn.executemany(
            "INSERT INTO record_versions(record_id, version, kind, author, created_at, deleted,"
            " body, event_id, hlc, device_id, parent_event, published)"
            " VALUES (?, 1, ?, ?, ?, 0, ?, ?, ?, ?, NULL, 0)",
            versions,
        )
        return out

    def delete(self, record_id: str, data: dict[str, Any] | None = None) -> Record:
        """Move a record to the trash: a tombstone version keeping its last content (or
        ``data``, its last content with why it was removed)."""
        current = self.get(record_id)
        if current.deleted:
            return current
        with self._tx():
            return self._put(
                current.kind, data or current.data, record_id, None, current.version, deleted=True
            )

    def restore(self, record_id: str, data: dict[str, Any] | None = None) -> Record:
        current = self.get(record_id)
        if not current.deleted:
            return current
        with self._tx():
            return self._put(current.kind, data or current.data, record_id, None, current.version)
