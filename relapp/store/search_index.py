"""Full-text search over decrypted record text, held only in memory.

An SQLite FTS5 table in ``:memory:``: nothing of it ever reaches the disk, and clear() drops it
when the profile locks. The owner feeds it plain rows (record id, kind, field, text); what to
index from each kind of record is decided by relapp.services.search.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

Row = tuple[str, str, str, str]  # (record_id, kind, field, text)
Progress = Callable[[int, int], None]

# snippet() wraps each matched term in these; they cannot occur in text typed by a person,
# so the display layer can escape the text first and then turn them into highlighting.
MATCH_START = "\x02"
MATCH_END = "\x03"
ELLIPSIS = "…"
SNIPPET_TOKENS = 14
BATCH = 1000

_SCHEMA = (
    "CREATE VIRTUAL TABLE search USING fts5("
    "record_id UNINDEXED, kind UNINDEXED, field UNINDEXED, text, "
    "tokenize='unicode61 remove_diacritics 2')"
)


@dataclass(frozen=True)
class Hit:
    record_id: str
    kind: str
    field: str
    snippet: str  # matched terms between MATCH_START and MATCH_END
    rank: float  # bm25: lower is better


class IndexClosed(Exception):
    """The index was cleared (the profile locked) while work on it was still going on."""


def fts_query(text: str) -> str:
    """Turn what a person typed into a safe FTS5 query, or "" when there is nothing to find.

    Every word is quoted, so FTS5 operators and punctuation ("AND", "-", "*", quotes, brackets)
    are searched for as ordinary text and never raise a syntax error. All words must match; the
    last one also matches as a prefix, so results appear while a word is still being typed.
    """
    words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
    if not words:
        return ""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    last = words[-1]
    # A prefix of one letter matches most of the index and tells the person nothing.
    if sum(ch.isalnum() for ch in last) >= 2:
        quoted[-1] += "*"
    return " ".join(quoted)


class SearchIndex:
    """Thread-safe: built and queried from worker threads, cleared from the UI thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = self._open()

    @staticmethod
    def _open() -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        conn.execute(_SCHEMA)
        return conn

    @property
    def closed(self) -> bool:
        return self._conn is None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise IndexClosed("the search index was cleared")
        return self._conn

    # ---- writing ---------------------------------------------------------------------------

    def build(self, records: Iterable[Row], progress: Progress | None = None) -> int:
        """Replace the whole index with these rows; returns how many were indexed.

        Rows go in batches so that clear() never waits long for the lock.
        """
        total = len(records) if hasattr(records, "__len__") else 0  # type: ignore[arg-type]
        with self._lock:
            self._connection().execute("DELETE FROM search")
        done = 0
        for batch in _batches(records, BATCH):
            with self._lock:
                conn = self._connection()
                conn.execute("BEGIN")
                conn.executemany(
                    "INSERT INTO search(record_id, kind, field, text) VALUES (?, ?, ?, ?)", batch
                )
                conn.execute("COMMIT")
            done += len(batch)
            if progress is not None:
                progress(done, max(total, done))
        return done

    def update(self, record_id: str, rows: Iterable[Row]) -> None:
        """Replace what is indexed for one record (rows may be empty: nothing left to find)."""
        self._replace("record_id = ?", (record_id,), rows)

    def replace_kind(self, kind: str, rows: Iterable[Row]) -> None:
        """Replace everything indexed for one kind of record."""
        self._replace("kind = ?", (kind,), rows)

    def _replace(self, where: str, args: tuple[str, ...], rows: Iterable[Row]) -> None:
        rows = list(rows)
        with self._lock:
            conn = self._connection()
            conn.execute("BEGIN")
            try:
                conn.execute(f"DELETE FROM search WHERE {where}", args)
                conn.executemany(
                    "INSERT INTO search(record_id, kind, field, text) VALUES (?, ?, ?, ?)", rows
                )
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def remove(self, record_id: str) -> None:
        with self._lock:
            self._connection().execute("DELETE FROM search WHERE record_id = ?", (record_id,))

    def clear(self) -> None:
        """Drop everything: the connection closes and the memory goes with it."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # ---- reading ---------------------------------------------------------------------------

    def __len__(self) -> int:
        with self._lock:
            if self._conn is None:
                return 0
            return int(self._conn.execute("SELECT count(*) FROM search").fetchone()[0])

    def search(self, query: str, limit: int = 50, *, one_per_record: bool = True) -> list[Hit]:
        """The best matches first. Never raises for odd input; a cleared index finds nothing.

        With one_per_record, a record matching in several fields appears once, with the field
        that matched best.
        """
        match = fts_query(query)
        if not match or limit <= 0:
            return []
        # Fetch extra rows so that dropping a record's weaker fields still fills the limit.
        fetch = limit * 3 if one_per_record else limit
        sql = (
            "SELECT record_id, kind, field, "
            f"snippet(search, 3, '{MATCH_START}', '{MATCH_END}', '{ELLIPSIS}', {SNIPPET_TOKENS}),"
            " rank FROM search WHERE search MATCH ? ORDER BY rank LIMIT ?"
        )
        with self._lock:
            if self._conn is None:
                return []
            try:
                rows = self._conn.execute(sql, (match, fetch)).fetchall()
            except sqlite3.OperationalError:
                # fts_query quotes everything, so this is not expected; finding nothing is the
                # right answer for a query FTS5 cannot read.
                return []
        hits: list[Hit] = []
        seen: set[str] = set()
        for record_id, kind, field, snippet, rank in rows:
            if one_per_record:
                if record_id in seen:
                    continue
                seen.add(record_id)
            hits.append(Hit(record_id, kind, field, snippet, float(rank)))
            if len(hits) >= limit:
                break
        return hits


def _batches(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
