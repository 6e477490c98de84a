"""The search index's tables and triggers (schema 9 onwards), as SQL the schema's steps and
relapp.store.search_index both run."""

from __future__ import annotations

# One FTS5 row per searchable field of each record's head (not deleted): the record's id, kind
# and field beside the field's text. A record's rows sit at rowids doc * SEARCH_SLOTS + n, doc
# being its row in search_docs: its rows are found and removed by a rowid range, with no index
# on the record id inside FTS5 (which has none). A record gets a new doc at each change, so the
# highest rowids are the records changed last. The rows of the fields that name or title a
# record (a family's name, a reflection's title) are SEARCH_HEADING higher still: a word found
# in many records lists the records it names first, newest first, then the others, in one
# walk down the rowids, without ranking them all.
SEARCH_SLOTS = 1 << 16
SEARCH_HEADING = 1 << 62
# What Python's str.strip() strips (the code points for which str.isspace() is true), for
# SQL's trim(). Written out: working it out walked all 1.1 million code points, 100 ms of
# every start (tests/test_search_index.py checks the list against Python's).
SPACE_CODES = (
    9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196,
    8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288,
)  # fmt: skip
_SPACE = "char(" + ",".join(map(str, SPACE_CODES)) + ")"
# The kinds with text worth finding (unsent words are found where they were typed).
SEARCH_KINDS = (
    "family",
    "visit",
    "reflection",
    "checkin",
    "barrier",
    "change_test",
    "feedback",
    "supervision_session",
)
# Text fields, by kind, indexed as they are (stripped).
_SEARCH_FIELDS = {
    "family": ("display_name", "reference", "notes", "service"),
    "visit": ("purpose",),
    "reflection": ("title", "amendment_reason"),
    "checkin": ("comment",),
    "barrier": ("description", "service"),
    "change_test": ("title", "plan", "do", "study", "act", "measure", "outcome"),
    "feedback": ("text",),
    "supervision_session": ("notes",),
}
# The fields that name or title a record.
_SEARCH_HEADINGS = (
    ("family", "display_name"),
    ("family", "reference"),
    ("family", "members"),
    ("visit", "present"),
    ("reflection", "title"),
    ("reflection", "themes"),
    ("barrier", "category"),
    ("change_test", "title"),
)
# Lists of text, by kind: (field, separator they are joined with).
_SEARCH_LISTS = (
    ("visit", "present", "', '"),
    ("reflection", "themes", "', '"),
    ("supervision_session", "agenda", "char(10)"),
)


def _stripped(value: str) -> str:
    return f"trim({value}, {_SPACE})"


def _text_of(obj: str, path: str) -> str:
    """A JSON string at path as stripped text; NULL for anything else (as services' _text)."""
    text = _stripped(f"{obj} ->> '{path}'")
    return f"CASE WHEN json_type({obj}, '{path}') = 'text' THEN {text} END"


def search_text_view_sql() -> str:
    """The searchable (record, field, text) rows of every head, computed from records.data with
    SQL's JSON functions: the same fields relapp.services.search picked when the index was built
    in memory. Asked for one record (WHERE record_id = ?), SQLite reads that record alone."""
    pairs = ", ".join(
        f"('{kind}', '{name}')" for kind, names in _SEARCH_FIELDS.items() for name in names
    )
    lists = " UNION ALL ".join(
        f"SELECT '{kind}' AS kind, '{name}' AS field, '$.{name}' AS path, {sep} AS sep"
        for kind, name, sep in _SEARCH_LISTS
    )
    arms = [
        # Plain fields.
        "SELECT r.id AS record_id, r.kind AS kind, f.key AS field,"
        f" {_stripped('f.value')} AS text FROM records r, json_each(r.data) f"
        f" WHERE r.deleted = 0 AND f.type = 'text' AND (r.kind, f.key) IN (VALUES {pairs})",
        # A reflection's sections, each a field of its own.
        "SELECT r.id, r.kind, 'sections.' || s.key, "
        f"{_stripped('s.value')} FROM records r, json_each(r.data, '$.sections') s"
        " WHERE r.deleted = 0 AND r.kind = 'reflection'"
        " AND json_type(r.data, '$.sections') = 'object' AND s.type = 'text'",
        # Lists of words: who was present, themes, an agenda (a non-text item counts as '').
        "SELECT r.id, r.kind, l.field, (SELECT group_concat(CASE WHEN e.type = 'text' THEN"
        f" {_stripped('e.value')} ELSE '' END, l.sep ORDER BY e.key)"
        " FROM json_each(r.data, l.path) e)"
        f" FROM records r JOIN ({lists}) l ON l.kind = r.kind"
        " WHERE r.deleted = 0 AND json_type(r.data, l.path) = 'array'",
        # A family's members: "name role", joined.
        "SELECT r.id, r.kind, 'members', (SELECT group_concat(w, ', ' ORDER BY k) FROM"
        " (SELECT e.key AS k, concat_ws(' ',"
        f" nullif({_text_of('e.value', '$.name')}, ''),"
        f" nullif({_text_of('e.value', '$.role')}, '')) AS w"
        " FROM json_each(r.data, '$.members') e WHERE e.type = 'object') WHERE w <> '')"
        " FROM records r WHERE r.deleted = 0 AND r.kind = 'family'"
        " AND json_type(r.data, '$.members') = 'array'",
        # A supervision session's actions: their text, one a line.
        "SELECT r.id, r.kind, 'actions', (SELECT group_concat("
        f"coalesce({_text_of('e.value', '$.text')}, ''), char(10) ORDER BY e.key)"
        " FROM json_each(r.data, '$.actions') e WHERE e.type = 'object')"
        " FROM records r WHERE r.deleted = 0 AND r.kind = 'supervision_session'"
        " AND json_type(r.data, '$.actions') = 'array'",
        # A barrier's category, by its title (the titles come from the definitions).
        "SELECT r.id, r.kind, 'category', c.title FROM records r"
        " JOIN search_categories c ON c.id = r.data ->> '$.category'"
        " WHERE r.deleted = 0 AND r.kind = 'barrier'"
        " AND json_type(r.data, '$.category') = 'text'",
    ]
    return (
        "CREATE VIEW search_text(record_id, kind, field, text) AS"
        " SELECT record_id, kind, field, text FROM ("
        + " UNION ALL ".join(arms)
        + ") WHERE text <> ''"
    )


def search_insert_trigger_sql() -> str:
    """The trigger that indexes each record inserted (search_index.deferred takes it away for
    the length of one transaction, and puts this back)."""
    kinds = ", ".join(f"'{k}'" for k in SEARCH_KINDS)
    searchable = f"new.deleted = 0 AND new.data IS NOT NULL AND new.kind IN ({kinds})"
    return (
        f"CREATE TRIGGER search_insert AFTER INSERT ON records WHEN {searchable} BEGIN "
        + "; ".join(search_add_sql("new.id"))
        + "; END"
    )


def search_drop_sql(who: str) -> list[str]:
    """Take one record (its id: `who`, e.g. old.id or ?1) out of the index."""
    first = f"(SELECT doc FROM search_docs WHERE record_id = {who}) * {SEARCH_SLOTS}"
    return [
        *(
            f"DELETE FROM search WHERE rowid BETWEEN {base} + {first}"
            f" AND {base} + {first} + {SEARCH_SLOTS - 1}"
            for base in (0, SEARCH_HEADING)
        ),
        f"DELETE FROM search_docs WHERE record_id = {who}",
    ]


def search_text_changed_sql(who: str) -> str:
    """Whether the searchable text of a record (its id: `who`) is no longer what the index
    holds for it: a change of status, scores or links leaves the index alone."""
    first = f"(SELECT doc FROM search_docs WHERE record_id = {who}) * {SEARCH_SLOTS}"
    held = " UNION ALL ".join(
        f"SELECT field, text FROM search WHERE rowid BETWEEN {base} + {first}"
        f" AND {base} + {first} + {SEARCH_SLOTS - 1}"
        for base in (0, SEARCH_HEADING)
    )
    held = f"SELECT field, text FROM ({held})"
    now = f"SELECT field, text FROM search_text WHERE record_id = {who}"
    return f"(EXISTS ({now} EXCEPT {held}) OR EXISTS ({held} EXCEPT {now}))"


def search_add_sql(who: str) -> list[str]:
    """Index one record's head as it is now (nothing if deleted or not a searchable kind)."""
    kinds = ", ".join(f"'{k}'" for k in SEARCH_KINDS)
    headings = ", ".join(f"('{kind}', '{field}')" for kind, field in _SEARCH_HEADINGS)
    return [
        f"INSERT INTO search_docs(record_id, kind) SELECT id, kind FROM records WHERE id = {who}"
        f" AND deleted = 0 AND data IS NOT NULL AND kind IN ({kinds})",
        "INSERT INTO search(rowid, record_id, kind, field, text)"
        f" SELECT iif(t.heading, {SEARCH_HEADING}, 0) + d.doc * {SEARCH_SLOTS} + t.n,"
        " t.record_id, t.kind, t.field, t.text"
        " FROM (SELECT row_number() OVER () - 1 AS n, record_id, kind, field, text,"
        f" (kind, field) IN (VALUES {headings}) AS heading"
        f" FROM search_text WHERE record_id = {who}) t"
        f" JOIN search_docs d ON d.record_id = t.record_id WHERE t.n < {SEARCH_SLOTS}",
    ]
