"""Each check-in series' head, kept current by the database: the latest check-in of one
family (or a practitioner's self-checks), instrument and respondent, the score of the scored
check-in before it, and when the series last changed.

Today, the caseload and the team's alerts need only the heads, but worked them out from every
check-in at every look: with years of records (30,000 check-ins) that was half of what Today
took after unlock. Triggers on `records` work out again the series a write touches (a few
rows, through records_checkins), so every way of writing a record (saves, imports, sync,
deletes, restores, erasures) keeps the heads current, and a reader takes one row a series.

The rules are those queries.checkin_series has always applied to the rows:
- a series is the readable check-ins, not in the trash, with the same parent, instrument_id
  and respondent (JSON values, compared as SQL compares them: `IS`);
- the latest has the greatest `when`, of equals the last changed (then the greatest score,
  then id: the index's own order);
- the one before it is the scored check-in of the greatest `when` before the latest's, of
  equals the first changed (then the lowest score, then id); none unless the latest is scored;
- `changed` is the latest updated_at of the series.
"""

from __future__ import annotations

from typing import Any

# A check-in's series and readability, spelt as records_checkins spells them (the planner
# reads them from the index). A check-in whose data does not open has no `when` ('').
_INSTRUMENT = "json_extract({t}.data, '$.instrument_id')"
_RESPONDENT = "json_extract({t}.data, '$.respondent')"
_SCORE = "json_extract({t}.data, '$.score')"
_READABLE = (
    "({t}.happened <> '' OR ({t}.data IS NOT NULL"
    " AND ({t}.data LIKE '{{%' OR json_type({t}.data) = 'object')))"
)


# Each look at one series reads its stretch of records_checkins; left to itself the planner
# may take max(updated_at) from an index of every record of the kind.
_INDEX = "INDEXED BY records_checkins"


def _series(t: str) -> str:
    return (
        f"{t}.kind = 'checkin' AND {t}.deleted = 0 AND {t}.parent_id = s.p"
        f" AND {_INSTRUMENT.format(t=t)} IS s.i AND {_RESPONDENT.format(t=t)} IS s.r"
        f" AND {_READABLE.format(t=t)}"
    )


def _heads_of(series: str) -> str:
    """SQL: INSERT the head of each series that `series` (a SELECT of p, i, r) yields."""
    score = _SCORE.format(t="c")
    return (
        "INSERT INTO checkin_heads(parent_id, instrument_id, respondent, id, happened,"
        " updated_at, score, previous, changed)"
        f" SELECT s.p, s.i, s.r, c.id, c.happened, c.updated_at, {score},"
        f" CASE WHEN {score} IS NULL THEN NULL ELSE"
        f" (SELECT {_SCORE.format(t='e')} FROM records e {_INDEX} WHERE {_series('e')}"
        f" AND e.happened < c.happened AND {_SCORE.format(t='e')} IS NOT NULL"
        f" ORDER BY e.happened DESC, e.updated_at, {_SCORE.format(t='e')}, e.id LIMIT 1) END,"
        f" (SELECT max(m.updated_at) FROM records m {_INDEX} WHERE {_series('m')})"
        f" FROM ({series}) s JOIN records c ON c.id = (SELECT l.id FROM records l {_INDEX}"
        f" WHERE {_series('l')} ORDER BY l.happened DESC, l.updated_at DESC,"
        f" {_SCORE.format(t='l')} DESC, l.id DESC LIMIT 1)"
    )


def _one_series(row: str) -> str:
    """SELECT p, i, r of the series of trigger row `row` (new or old)."""
    return (
        f"SELECT {row}.parent_id AS p, {_INSTRUMENT.format(t=row)} AS i,"
        f" {_RESPONDENT.format(t=row)} AS r"
    )


def _renew(row: str) -> str:
    """Trigger statements: the head of `row`'s series, worked out again."""
    return (
        f"DELETE FROM checkin_heads WHERE parent_id = {row}.parent_id"
        f" AND instrument_id IS {_INSTRUMENT.format(t=row)}"
        f" AND respondent IS {_RESPONDENT.format(t=row)}; " + _heads_of(_one_series(row)) + "; "
    )


def _is_checkin(row: str) -> str:
    return f"{row}.kind = 'checkin' AND {row}.parent_id IS NOT NULL"


def create(conn: Any) -> None:
    """The table, its triggers, and the heads of the check-ins there are (schema 11)."""
    conn.execute(
        "CREATE TABLE checkin_heads (parent_id TEXT NOT NULL, instrument_id, respondent,"
        " id TEXT NOT NULL, happened TEXT NOT NULL, updated_at TEXT NOT NULL, score,"
        " previous, changed TEXT NOT NULL)"
    )
    conn.execute(
        "CREATE INDEX checkin_heads_series ON checkin_heads(parent_id, instrument_id, respondent)"
    )
    conn.execute(
        f"CREATE TRIGGER checkin_heads_insert AFTER INSERT ON records WHEN {_is_checkin('new')}"
        f" BEGIN {_renew('new')}END"
    )
    conn.execute(
        f"CREATE TRIGGER checkin_heads_delete AFTER DELETE ON records WHEN {_is_checkin('old')}"
        f" BEGIN {_renew('old')}END"
    )
    # A change may move a check-in to another series (its family, instrument or respondent
    # changed): the old one's head and the new one's, each by a trigger of its own (each
    # reads its row's data only when that row is a check-in).
    for row in ("old", "new"):
        conn.execute(
            f"CREATE TRIGGER checkin_heads_update_{row} AFTER UPDATE OF kind, parent_id,"
            f" updated_at, data, deleted ON records WHEN {_is_checkin(row)}"
            f" BEGIN {_renew(row)}END"
        )
    conn.execute(
        _heads_of(
            f"SELECT DISTINCT r.parent_id AS p, {_INSTRUMENT.format(t='r')} AS i,"
            f" {_RESPONDENT.format(t='r')} AS r FROM records r INDEXED BY records_checkins"
            " WHERE r.kind = 'checkin' AND r.deleted = 0 AND r.parent_id IS NOT NULL"
        )
    )
