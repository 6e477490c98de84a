"""Full-text search over decrypted record text, held only in memory.

An SQLite FTS5 table in ``:memory:``: nothing of it ever reaches the disk, and clear() drops it
when the profile locks. The owner feeds it plain rows (record id, kind, field, text); what to
index from each kind of record is decided by relapp.services.search.
"""

from __future__ import annotations

import sqlite3
import threading
import unicodedata
import uuid
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
# bm25 ranking scores every row that matches before sorting them: cheap for a few thousand
# rows, 100 ms and more when a common word matches most of the index. Above this many rows
# for the query's rarest word, the newest rows come first instead (by rowid).
RANK_LIMIT = 5000
PAGE_SIZE = 16384

# Each row stores its record's id as 16 bytes when it is a UUID (as every record id Relapp
# makes is), and its kind and field as one small number (see SearchIndex._code): 5 MB less
# than text for 127,000 rows.
_SCHEMA = (
    "CREATE VIRTUAL TABLE search USING fts5("
    "record_id UNINDEXED, code UNINDEXED, text, "
    "tokenize='unicode61 remove_diacritics 2')"
)
_INSERT = "INSERT INTO search(record_id, code, text) VALUES (?, ?, ?)"
# How many rows each indexed term occurs in (walks only that term's postings).
_VOCAB = "CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search, 'row')"
_SEARCH_SQL = (
    "SELECT record_id, code, "
    f"snippet(search, 2, '{MATCH_START}', '{MATCH_END}', '{ELLIPSIS}', {SNIPPET_TOKENS}),"
    " rank FROM search WHERE search MATCH ? ORDER BY "
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


def _stored_id(record_id: str) -> str | bytes:
    """A record id as the index stores it: a UUID's 16 bytes, anything else as it is."""
    try:
        value = uuid.UUID(record_id)
    except (ValueError, TypeError, AttributeError):
        return record_id
    return value.bytes if str(value) == record_id else record_id


def _record_id(stored: str | bytes) -> str:
    return str(uuid.UUID(bytes=stored)) if isinstance(stored, bytes) else stored


def _is_token_char(ch: str) -> bool:
    """As SQLite's unicode61 tokenizer sees it: letters, numbers, combining marks (folded away
    with the diacritics), private use and anything beyond the Basic Multilingual Plane."""
    if ch.isalnum() or ord(ch) > 0xFFFF:
        return True
    category = unicodedata.category(ch)
    return category[0] == "M" or category == "Co"


def _tokens(word: str) -> list[str]:
    """The tokens FTS5 makes of one word: "Aoife's" is "Aoife" and "s"."""
    out: list[str] = []
    current: list[str] = []
    for ch in word:
        if _is_token_char(ch):
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def _letters(token: str) -> int:
    return sum(not unicodedata.combining(ch) for ch in token)


def _folded(token: str) -> str:
    """A token as the index stores it: lower case, diacritics removed (near enough)."""
    decomposed = unicodedata.normalize("NFD", token.lower())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare)


def _words(text: str) -> list[str]:
    return [w for w in text.split() if any(ch.isalnum() for ch in w)]


def fts_query(text: str) -> str:
    """Turn what a person typed into a safe FTS5 query, or "" when there is nothing to find.

    Every word is quoted, so FTS5 operators and punctuation ("AND", "-", "*", quotes, brackets)
    are searched for as ordinary text and never raise a syntax error. All words must match; the
    last one also matches as a prefix, so results appear while a word is still being typed.
    """
    words = _words(text)
    if not words:
        return ""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    # A prefix of one letter matches most of the index and tells the person nothing; that
    # goes for the last token of a word too ("Aoife's" would end in the prefix "s*").
    tokens = _tokens(words[-1])
    if tokens and _letters(tokens[-1]) >= 2:
        quoted[-1] += "*"
    return " ".join(quoted)


def _query_terms(text: str) -> tuple[list[str], str]:
    """(terms that must match whole, the prefix at the end or ""), folded as the index folds
    them."""
    words = _words(text)
    terms: list[str] = []
    prefix = ""
    for position, word in enumerate(words):
        tokens = _tokens(word)
        if position == len(words) - 1 and tokens and _letters(tokens[-1]) >= 2:
            prefix = _folded(tokens.pop())
        terms.extend(_folded(t) for t in tokens)
    return terms, prefix


class SearchIndex:
    """Thread-safe: built and queried from worker threads, cleared from the UI thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = self._open()
        # (kind, field) of every code used so far; a code is its position. Only grows.
        self._pairs: list[tuple[str, str]] = []
        self._codes: dict[tuple[str, str], int] = {}

    @staticmethod
    def _open() -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        # Larger pages hold the same index in less memory (47 MB instead of 52 MB for 127,000
        # fields of a 50,000-record profile), with searches as fast.
        conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        conn.execute(_SCHEMA)
        conn.execute(_VOCAB)
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
                try:
                    conn.executemany(_INSERT, self._stored(batch))
                except BaseException:
                    conn.execute("ROLLBACK")  # the index stays usable; the build reports why
                    raise
                conn.execute("COMMIT")
            done += len(batch)
            if progress is not None:
                progress(done, max(total, done))
        return done

    def record_ids(self, word: str, kind: str) -> frozenset[str]:
        """The records of one kind with a word that starts with `word` in any indexed field
        ("met" finds "met" and "meeting"; "Aoife's" finds the two tokens in a row)."""
        tokens = _tokens(word)
        if not tokens:
            return frozenset()
        match = '"' + word.replace('"', '""') + '"' + ("*" if _letters(tokens[-1]) >= 2 else "")
        with self._lock:
            if self._conn is None:
                return frozenset()
            codes = self._codes_of(kind)
            if not codes:
                return frozenset()
            try:
                rows = self._conn.execute(
                    "SELECT DISTINCT record_id FROM search WHERE search MATCH ? AND code IN "
                    f"({','.join('?' * len(codes))})",
                    (match, *codes),
                ).fetchall()
            except (sqlite3.Error, UnicodeError):
                return frozenset()  # as search(): odd input finds nothing rather than failing
        return frozenset(_record_id(row[0]) for row in rows)

    def update(self, record_id: str, rows: Iterable[Row]) -> None:
        """Replace what is indexed for one record (rows may be empty: nothing left to find)."""
        self._replace(lambda: ("record_id = ?", (_stored_id(record_id),)), rows)

    def replace_kind(self, kind: str, rows: Iterable[Row]) -> None:
        """Replace everything indexed for one kind of record."""

        def where() -> tuple[str, tuple[object, ...]]:
            codes = self._codes_of(kind)
            return f"code IN ({','.join('?' * len(codes))})", tuple(codes)

        self._replace(where, rows)

    def _replace(
        self, where: Callable[[], tuple[str, tuple[object, ...]]], rows: Iterable[Row]
    ) -> None:
        """rows may be a generator (a whole kind, opened as it is inserted); it must not use
        this index. where() is asked under the lock.

        A generator is read under the lock, so searches wait while a kind is re-read (0.7 s
        for 10,000 reflections instead of 0.55 s): the price of never holding a whole kind's
        text in memory at once."""
        with self._lock:
            conn = self._connection()
            conn.execute("BEGIN")
            try:
                condition, args = where()
                conn.execute(f"DELETE FROM search WHERE {condition}", args)
                conn.executemany(_INSERT, self._stored(rows))
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def remove(self, record_id: str) -> None:
        with self._lock:
            self._connection().execute(
                "DELETE FROM search WHERE record_id = ?", (_stored_id(record_id),)
            )

    def _code(self, kind: str, field: str) -> int:
        """The number that stands for this kind and field (under the lock)."""
        code = self._codes.get((kind, field))
        if code is None:
            code = self._codes[(kind, field)] = len(self._pairs)
            self._pairs.append((kind, field))
        return code

    def _codes_of(self, kind: str) -> list[int]:
        return [code for code, (k, _field) in enumerate(self._pairs) if k == kind]

    def _stored(self, rows: Iterable[Row]) -> Iterator[tuple[str | bytes, int, str]]:
        """Rows as the table holds them (under the lock)."""
        for record_id, kind, field, text in rows:
            yield _stored_id(record_id), self._code(kind, field), text

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

    @staticmethod
    def _worth_ranking(conn: sqlite3.Connection, query: str) -> bool:
        """Whether to rank the matches by bm25: only when the query's rarest term (or its
        prefix) occurs in at most RANK_LIMIT rows. Term counts come from fts5vocab, which
        walks one term's postings instead of scoring every matching row."""
        terms, prefix = _query_terms(query)
        for term in dict.fromkeys(terms):
            row = conn.execute("SELECT doc FROM search_vocab WHERE term = ?", (term,)).fetchone()
            if row is None or row[0] <= RANK_LIMIT:
                return True
        if not prefix:
            return False
        sql = "SELECT doc FROM search_vocab WHERE term >= ?"
        args: tuple[str, ...] = (prefix,)
        following = ord(prefix[-1]) + 1
        if following <= 0x10FFFF and not 0xD800 <= following <= 0xDFFF:  # no surrogates
            sql += " AND term < ?"
            args += (prefix[:-1] + chr(following),)
        rows = 0  # an upper bound: a row with two terms of the prefix counts twice
        for (doc,) in conn.execute(sql, args):
            rows += doc
            if rows > RANK_LIMIT:
                return False
        return True

    def search(self, query: str, limit: int = 50, *, one_per_record: bool = True) -> list[Hit]:
        """The best matches first. Never raises for odd input; a cleared index finds nothing.

        "Best" is bm25 when the query's rarest term is in at most RANK_LIMIT rows; a query of
        only common words (ranking them would take long and say little) gets the newest rows
        first: the highest rowids, as build() adds each kind's records oldest first and every
        later change is added at the end.

        With one_per_record, a record matching in several fields appears once, with the field
        that matched best.
        """
        match = fts_query(query)
        if not match or limit <= 0:
            return []
        # Fetch extra rows so that dropping a record's weaker fields still fills the limit.
        fetch = limit * 3 if one_per_record else limit
        with self._lock:
            if self._conn is None:
                return []
            try:
                order = "rank" if self._worth_ranking(self._conn, query) else "rowid DESC"
                rows = self._conn.execute(
                    _SEARCH_SQL + order + " LIMIT ?", (match, fetch)
                ).fetchall()
            except (sqlite3.Error, UnicodeError):
                # fts_query quotes everything, so this is not expected; finding nothing is the
                # right answer for a query FTS5 (or SQLite's UTF-8) cannot read.
                return []
        hits: list[Hit] = []
        seen: set[str] = set()
        for stored, code, snippet, rank in rows:
            record_id = _record_id(stored)
            kind, field = self._pairs[code]
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
