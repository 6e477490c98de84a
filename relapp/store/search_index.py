"""Full-text search over the records, in the vault's own (encrypted) database.

The index is an FTS5 table, ``search``, made by schema step 9 and kept current by triggers on
``records``: every way of writing a record (a save, an autosave, an import, sync, a delete or
restore, an erasure) changes a records row, and the triggers re-index that row in the same
transaction. So the index is ready at unlock and never stale. What text each kind of record
offers, and the triggers themselves, are in relapp.store.search_schema.

This module turns what a person types into a safe FTS5 query and runs it. The Vault calls it
under its lock (Vault.search, Vault.matching_ids); nothing here opens a connection.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from relapp.store import search_schema
from relapp.store.db import sqlcipher

# snippet() wraps each matched term in these; they cannot occur in text typed by a person,
# so the display layer can escape the text first and then turn them into highlighting.
MATCH_START = "\x02"
MATCH_END = "\x03"
ELLIPSIS = "…"
SNIPPET_TOKENS = 14
# bm25 ranking scores every row that matches before sorting them (5 µs a row with 100,000
# records): cheap for a few hundred rows, tens of ms when a common word matches thousands.
# When a word of the query is in more rows than this, no ranking: the rows that name or title
# a record (a family's name, a reflection's title) come first, then the rest, each newest
# first: the order of their rowids (see relapp.store.schema, SEARCH_HEADING).
RANK_LIMIT = 500
# Words of a query beyond these are left out: a query is for finding a record, and each word
# costs a look-up (10,000 characters pasted into the box must not stall anything).
MAX_WORDS = 16
MAX_WORD_CHARS = 100

_SEARCH_SQL = (
    "SELECT record_id, kind, field, "
    f"snippet(search, 3, '{MATCH_START}', '{MATCH_END}', '{ELLIPSIS}', {SNIPPET_TOKENS}),"
    " {rank} FROM search WHERE search MATCH ? ORDER BY "
)
_SOME_ROWS_SQL = "SELECT rowid FROM search WHERE search MATCH ? LIMIT ?"
# Rows read per result wanted, at first: a record matching in several fields comes once.
OVERFETCH = 2.0
# The records of one kind with a match: from the record numbers in the matching rowids (see
# relapp.store.schema, SEARCH_SLOTS), so no stored text is read for each match (p95 30 ms
# instead of 250 for a word typed into the Reflections filter with 100,000 records).
_MATCHING_SQL = (
    "SELECT record_id FROM search_docs WHERE kind = ? AND doc IN (SELECT"
    f" (rowid & {search_schema.SEARCH_HEADING - 1})"
    f" >> {search_schema.SEARCH_SLOTS.bit_length() - 1}"
    " FROM search WHERE search MATCH ?)"
)
# The longest prefix the index keeps as such (schema step 9: prefix = '2 3 4').
_INDEXED_PREFIX = 4


@dataclass(frozen=True)
class Hit:
    record_id: str
    kind: str
    field: str
    snippet: str  # matched terms between MATCH_START and MATCH_END
    rank: float  # bm25: lower is better; 0.0 when not ranked (a common word)


def _errors() -> tuple[type[BaseException], ...]:
    return (sqlite3.Error, sqlcipher().Error, UnicodeError)


# ---- what a person typed, as FTS5 sees it -----------------------------------------------------


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


def _words(text: str) -> list[str]:
    words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
    return [w[:MAX_WORD_CHARS] for w in words[:MAX_WORDS]]


def _phrase(word: str, prefix: bool) -> str:
    """One word as an FTS5 string: quoted, so operators and punctuation ("AND", "-", "*",
    quotes, brackets, "col:") are only text, and never a syntax error."""
    return '"' + word.replace('"', '""') + '"' + ("*" if prefix else "")


def _ends_in_a_prefix(word: str) -> bool:
    # A prefix of one letter matches most of the index and tells the person nothing; that
    # goes for the last token of a word too ("Aoife's" would end in the prefix "s*").
    tokens = _tokens(word)
    return bool(tokens) and _letters(tokens[-1]) >= 2


def _phrases(text: str) -> list[str]:
    """What a person typed as FTS5 strings, one a word; the last one also matches as a prefix
    (two letters or more), so results appear while a word is still being typed."""
    words = _words(text)
    return [_phrase(w, n == len(words) - 1 and _ends_in_a_prefix(w)) for n, w in enumerate(words)]


def fts_query(text: str) -> str:
    """Turn what a person typed into a safe FTS5 query, or "" when there is nothing to find.

    Every word is quoted, so FTS5 operators and punctuation ("AND", "-", "*", quotes, brackets)
    are searched for as ordinary text and never raise a syntax error. All words must match; the
    last one also matches as a prefix, so results appear while a word is still being typed.
    """
    return " ".join(_phrases(text))


def word_query(word: str) -> str:
    """One word of a list's filter as an FTS5 query: the records with a word that starts with
    it ("met" finds "met" and "meeting"); "" for a word with no letters or digits."""
    word = word[:MAX_WORD_CHARS]
    if not _tokens(word):
        return ""
    return _phrase(word, _ends_in_a_prefix(word))


def filter_words(text: str) -> list[str]:
    """The words a list's text filter looks for (lower-cased), each once."""
    return list(dict.fromkeys(text.lower().split()))[:MAX_WORDS]


# ---- running it ---------------------------------------------------------------------------------


def _in_few_rows(conn: Any, phrase: str) -> bool:
    """Whether a phrase is in at most RANK_LIMIT rows, found by walking no more than that
    (fts5vocab would walk all of a common word's rows, and bm25 would score them)."""
    return len(conn.execute(_SOME_ROWS_SQL, (phrase, RANK_LIMIT + 1)).fetchall()) <= RANK_LIMIT


def _common_word(conn: Any, phrase: str) -> str:
    """The last word typed, as it is looked for when it is common (not ranked): a whole word
    that is itself in more than RANK_LIMIT rows stands for the words it starts ("visit" for
    "visit", "visits", "visitor"). The rows listed all match, newest first, without FTS5
    first gathering every row of every word it starts, which the prefix index (2 to 4
    letters, see relapp.store.schema) does not spare for longer words: 5 ms instead of 0.5
    for "visit" in a profile of 100,000 records. A newer row with only a longer word may be
    left out of the first page."""
    if not phrase.endswith("*"):
        return phrase
    whole = phrase[:-1]
    if _letters(_tokens(whole)[-1]) <= _INDEXED_PREFIX:
        return phrase
    return phrase if _in_few_rows(conn, whole) else whole


def search(conn: Any, query: str, limit: int = 50, *, one_per_record: bool = True) -> list[Hit]:
    """The best matches first. Never raises for odd input.

    "Best" is bm25 when every word of the query is in at most RANK_LIMIT rows. Otherwise
    (ranking would take long and say little) the rows that name or title a record come first,
    then the others, each newest first (see relapp.store.schema, SEARCH_HEADING).

    With one_per_record, a record matching in several fields appears once, with the field
    that matched best.
    """
    phrases = _phrases(query)
    if not phrases or limit <= 0:
        return []
    try:
        ranked = all(_in_few_rows(conn, p) for p in reversed(phrases))
        if not ranked:
            phrases[-1] = _common_word(conn, phrases[-1])
        match = " ".join(phrases)
        # A record matching in several fields comes once: read a little beyond the limit
        # (each row read is a snippet made), and further only if that was not enough.
        fetch = round(limit * OVERFETCH) if one_per_record else limit
        while True:
            rows = _rows(conn, match, ranked, fetch)
            hits = _hits(rows, limit, ranked, one_per_record)
            if len(hits) >= limit or len(rows) < fetch:
                return hits
            fetch *= 4
    except _errors():
        # Every word is quoted, so this is not expected; finding nothing is the right answer
        # for a query FTS5 (or SQLite's UTF-8) cannot read.
        return []


def _rows(conn: Any, match: str, ranked: bool, fetch: int) -> list[Any]:
    # Unranked, `rank` is not even read: bm25 of a row counts every row with each word, which
    # for common words took 5-10 ms of a search with 100,000 records ("with the": 11 ms with
    # it, 1 ms without).
    sql = _SEARCH_SQL.replace("{rank}", "rank" if ranked else "0")
    order = "rank" if ranked else "rowid DESC"
    return conn.execute(sql + order + " LIMIT ?", (match, fetch)).fetchall()


def _hits(rows: list[Any], limit: int, ranked: bool, one_per_record: bool) -> list[Hit]:
    hits: list[Hit] = []
    seen: set[str] = set()
    for record_id, kind, field, snippet, rank in rows:
        if one_per_record:
            if record_id in seen:
                continue
            seen.add(record_id)
        hits.append(Hit(record_id, kind, field, snippet, float(rank) if ranked else 0.0))
        if len(hits) >= limit:
            break
    return hits


def matching_sql(kind: str, text: str) -> tuple[str, list[str]]:
    """A query selecting the ids of the records of one kind whose text has every word of
    `text` (as a list's filter reads it: each word the start of a word, in any field), to be
    used as `records.id IN (<sql>)` with its arguments; ("", []) when no word can match."""
    parts, args = [], []
    for word in filter_words(text):
        match = word_query(word)
        if not match:
            continue  # punctuation alone: not in the index, so not looked for there
        parts.append(_MATCHING_SQL)
        args += [kind, match]
    return " INTERSECT ".join(parts), args


def matching_ids(conn: Any, kind: str, text: str) -> set[str]:
    sql, args = matching_sql(kind, text)
    if not sql:
        return set()
    try:
        return {row[0] for row in conn.execute(sql, args)}
    except _errors():
        return set()  # as search(): odd input finds nothing rather than failing


@contextmanager
def erasing(conn: Any, ids: Sequence[str]) -> Iterator[None]:
    """Around deleting these records for good (an erasure), inside its transaction: their
    rows leave the index with FTS5's secure-delete, so none of their words stay in its
    b-trees. FTS5 also keeps the words of rows replaced or deleted earlier (each change of a
    record's text replaced its rows), marked deleted, until it merges segments: so the whole
    index is then merged into one segment, which drops them all (the pages it frees are
    zeroed: secure_delete is on for every connection). Nothing to do when none of them is of
    a kind the index holds, or for a database from before the index (an old backup)."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search'"
    ).fetchone()
    indexed = found and any(
        conn.execute(
            f"SELECT 1 FROM records WHERE id IN ({','.join('?' * len(chunk))})"
            f" AND kind IN ({','.join('?' * len(search_schema.SEARCH_KINDS))}) LIMIT 1",
            [*chunk, *search_schema.SEARCH_KINDS],
        ).fetchone()
        for chunk in (ids[n : n + 500] for n in range(0, len(ids), 500))
    )
    if not indexed:
        yield
        return
    conn.execute("INSERT INTO search(search, rank) VALUES ('secure-delete', 1)")
    try:
        yield
        conn.execute("INSERT INTO search(search) VALUES ('optimize')")
    finally:
        conn.execute("INSERT INTO search(search, rank) VALUES ('secure-delete', 0)")


def set_categories(conn: Any, titles: Mapping[str, str]) -> bool:
    """Keep the titles barrier categories are found by (id -> title, from the definitions);
    re-index the barriers whose category's title changed. The caller holds the transaction.
    Returns whether anything changed."""
    known = dict(conn.execute("SELECT id, title FROM search_categories").fetchall())
    wanted = {str(k): str(v) for k, v in titles.items()}
    changed = {c for c in known.keys() | wanted.keys() if known.get(c) != wanted.get(c)}
    if not changed:
        return False
    conn.execute("DELETE FROM search_categories")
    conn.executemany("INSERT INTO search_categories(id, title) VALUES (?, ?)", wanted.items())
    marks = ",".join("?" * len(changed))
    barriers = [
        (row[0],)
        for row in conn.execute(
            "SELECT id FROM records WHERE kind = 'barrier' AND deleted = 0"
            f" AND data ->> '$.category' IN ({marks})",
            sorted(changed),
        )
    ]
    for sql in search_schema.search_drop_sql("?1") + search_schema.search_add_sql("?1"):
        conn.executemany(sql, barriers)
    return True


# ---- indexing later ----------------------------------------------------------------------------
#
# A new laptop's first sync writes a team's records in bulk, and indexing their text is most of
# that work (four in five of its seconds: every word is indexed whole and as its first 2, 3 and
# 4 letters). So that sync writes the records without indexing them, marks the index as
# catching up (meta "search_pending", in the same transaction), and the index catches up
# afterwards a chunk at a time (catch_up), each chunk its own transaction: the records are on
# screen at once, search says it is not complete yet, and a crash or lock in between only
# leaves more to catch up at the next unlock. Every other write is indexed by the triggers as
# it lands, those made while the index catches up too.

PENDING = "search_pending"


@contextmanager
def deferred(conn: Any) -> Iterator[None]:
    """Inside a write transaction: records inserted meanwhile are not indexed now. The insert
    trigger is taken away and put back within the transaction, so a rollback restores both."""
    conn.execute("DROP TRIGGER IF EXISTS search_insert")
    try:
        yield
    finally:
        conn.execute(search_schema.search_insert_trigger_sql())
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?, '1')"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (PENDING,),
    )


def _missing_sql(columns: str) -> str:
    kinds = ", ".join(f"'{k}'" for k in search_schema.SEARCH_KINDS)
    return (
        f"SELECT {columns} FROM records r WHERE r.deleted = 0 AND r.data IS NOT NULL"
        f" AND r.kind IN ({kinds})"
        " AND NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.record_id = r.id)"
    )


def pending(conn: Any) -> int:
    """How many records the index still lacks (0 at once when it is not catching up)."""
    if conn.execute("SELECT 1 FROM meta WHERE key = ?", (PENDING,)).fetchone() is None:
        return 0
    return int(conn.execute(_missing_sql("count(*)")).fetchone()[0])


def catch_up(conn: Any, limit: int) -> int:
    """Inside a write transaction: index up to `limit` of the records the index lacks, the
    oldest change first (as the triggers would have); returns how many are left."""
    if conn.execute("SELECT 1 FROM meta WHERE key = ?", (PENDING,)).fetchone() is None:
        return 0
    oldest_first = _missing_sql("r.id") + " ORDER BY r.updated_at, r.id LIMIT ?"
    ids = [(row[0],) for row in conn.execute(oldest_first, (limit,))]
    for sql in search_schema.search_add_sql("?1"):
        conn.executemany(sql, ids)
    left = int(conn.execute(_missing_sql("count(*)")).fetchone()[0])
    if not left:
        conn.execute("DELETE FROM meta WHERE key = ?", (PENDING,))
    return left
