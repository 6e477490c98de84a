"""Set queries over the records, for the figures services show: Today's families, visits,
check-in series and feedback; the caseload; the team's alerts.

Each is a few statements that read the indexes of schema 7 and 8 (records_happened,
records_name, records_family, records_status, records_checkins) or the check-in series'
heads the database keeps (schema 11, relapp.store.checkin_heads) instead of opening every
record of a kind or asking once per family: after unlock the database's page cache is empty
and every page read is decrypted, so what matters is how many pages a figure touches. The
rules (what an alert is, when a check-in is due, whose a reflection is) stay in the services;
these only fetch. "Readable" means what Vault.decode can open: a JSON object.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter
from typing import Any, NamedTuple

from relapp.store.vault import Vault, decode_body


def readable(alias: str) -> str:
    """SQL: the record's data opens as an object (the LIKE spares parsing the usual case)."""
    return (
        f"({alias}.data IS NOT NULL AND ({alias}.data LIKE '{{%'"
        f" OR json_type({alias}.data) = 'object'))"
    )


def _ids(values: Iterable[str]) -> str:
    """A JSON array for `IN (SELECT value FROM json_each(?))`: one statement for any count."""
    return json.dumps(list(values))


# A family's name as services.checkins.family_names gives it: its display name, else its
# reference. `name` is read from records_name; data only when it is empty.
_FAMILY_NAME = (
    "CASE WHEN f.name = '' THEN coalesce(json_extract(f.data, '$.reference'), '') ELSE f.name END"
)
# Whose a record is: the author of its first version, the one built on nothing (as
# syncstate.owner_of), else of its head.
_OWNER = (
    "coalesce(nullif((SELECT v.author FROM record_versions v WHERE v.record_id = {rid}"
    " ORDER BY v.parent_event IS NOT NULL, v.hlc LIMIT 1), ''),"
    " (SELECT v.author FROM record_versions v WHERE v.record_id = {rid}"
    " AND v.version = {version}))"
)
# Kinds whose records always have a field indexed as a generated column: '' there means
# the record does not open (or, for a status, was saved without one).
_EMPTY_WHEN_UNREADABLE = {
    "family": ("records_name", "name = '' COLLATE NOCASE"),
    "visit": ("records_happened", "happened = ''"),
    "checkin": ("records_happened", "happened = ''"),
    "reflection": ("records_status", "status = ''"),
}


def unreadable(vault: Vault, kind: str) -> list[tuple[str, str | None]]:
    """(id, parent id) of the records of a kind, not in the trash, that do not open.

    For the kinds above this reads the index entries whose field is empty; for any other
    kind it has to look at every record of the kind."""
    index, empty = _EMPTY_WHEN_UNREADABLE.get(kind, ("records_status", "1"))
    rows = vault.query(
        f"SELECT r.id, r.parent_id FROM records r INDEXED BY {index}"
        f" WHERE r.kind = ? AND r.deleted = 0 AND r.{empty} AND NOT {readable('r')}",
        (kind,),
    )
    return [(row[0], row[1]) for row in rows]


def active_families(vault: Vault) -> dict[str, str]:
    """Readable families whose status is active or unset, by id, with their names; by name.

    Read from records_name (id and name) and records_status (status) alone; a family's row
    only when it has no display name, or no status."""
    rows = vault.query(
        f"SELECT f.id, {_FAMILY_NAME} FROM records f INDEXED BY records_name"
        " WHERE f.kind = 'family' AND f.deleted = 0 AND f.rowid IN ("
        " SELECT rowid FROM records INDEXED BY records_status"
        " WHERE kind = 'family' AND deleted = 0 AND status = 'active'"
        " UNION ALL SELECT s.rowid FROM records s INDEXED BY records_status"
        " WHERE s.kind = 'family' AND s.deleted = 0 AND s.status = ''"
        f" AND {readable('s')} AND json_type(s.data, '$.status') IS NULL)"
        " ORDER BY f.name COLLATE NOCASE, f.id"
    )
    return {fid: str(name) for fid, name in rows}


def family_names(vault: Vault, ids: Iterable[str]) -> dict[str, str]:
    """Names of these families, by id: those readable and not in the trash."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = vault.query(
        f"SELECT f.id, {_FAMILY_NAME} FROM records f"
        " WHERE f.id IN (SELECT value FROM json_each(?)) AND +f.kind = 'family'"
        f" AND +f.deleted = 0 AND {readable('f')}",
        (_ids(wanted),),
    )
    return {fid: str(name) for fid, name in rows}


def family_options(vault: Vault) -> list[tuple[str, Any, Any, Any]]:
    """(id, display name, reference, status) of every readable family not in the trash, each
    JSON value as stored (None when missing): what a list of families to choose from shows,
    without opening each family's record in Python."""
    rows = vault.query(
        "SELECT f.id, json_extract(f.data, '$.display_name'), json_extract(f.data, '$.reference'),"
        " json_extract(f.data, '$.status') FROM records f INDEXED BY records_name"
        f" WHERE f.kind = 'family' AND f.deleted = 0 AND {readable('f')}"
    )
    return [tuple(row) for row in rows]


@dataclass(frozen=True, slots=True)
class Found:
    """A readable record, not in the trash, with its data."""

    id: str
    updated_at: str
    data: dict[str, Any]
    parent_id: str | None = None


def _day_ranges(first: date, last: date) -> list[tuple[str, str]]:
    """Ranges of `when` text holding every date-time that Python's fromisoformat reads as a
    day from first to last: the extended form, by prefix, and the basic and week forms
    (20260302T0930, 2026W101, 2026-W10-1) it also accepts, each in a narrow range of its
    own (a week's year may be the year before or after its days')."""
    ranges = [(first.isoformat(), (last + timedelta(days=1)).isoformat())]
    for year in range(first.year - 1, last.year + 2):
        y = f"{year:04d}"
        ranges += [(f"{y}0", f"{y}:"), (f"{y}W", f"{y}X"), (f"{y}-W", f"{y}-X")]
    return ranges


def records_dated(vault: Vault, kind: str, first: date, last: date) -> list[Found]:
    """The readable records of a kind, not in the trash, whose `when` may fall on a day from
    first to last (the caller checks the day: a few in odd forms come along), most recently
    changed first."""
    ranges = _day_ranges(first, last)
    select = (
        "SELECT r.id, r.updated_at, r.data, r.parent_id FROM records r"
        " INDEXED BY records_happened"
        " WHERE r.kind = ? AND r.deleted = 0 AND r.happened >= ? AND r.happened < ?"
    )
    args: list[Any] = []
    for low, high in ranges:
        args += [kind, low, high]
    rows = vault.query(" UNION ALL ".join([select] * len(ranges)), args)
    # The ranges of a week across the new year overlap: each record once.
    found = {
        rid: Found(rid, updated, decode_body(data), parent) for rid, updated, data, parent in rows
    }
    return sorted(found.values(), key=lambda f: f.updated_at, reverse=True)


class CheckinEntry(NamedTuple):
    """A readable check-in as records_checkins holds it (no answers, no comment)."""

    id: str
    family_id: str  # its parent: the family (or, for a self-check, the practitioner)
    instrument_id: Any
    respondent: Any
    when: Any
    updated_at: str
    score: Any  # None when the check-in has no score


class SeriesHead(NamedTuple):
    """The latest check-in of a series (one family, instrument and respondent)."""

    latest: CheckinEntry
    previous: Any  # the score of the scored check-in before it, None if there is none
    changed: str  # when a check-in of the series last changed


def checkin_series(vault: Vault, family_ids: Iterable[str] | None = None) -> list[SeriesHead]:
    """The check-in series of these families (of every family and self-check with None),
    those most recently changed first: their heads, as the database keeps them
    (relapp.store.checkin_heads says which check-in is the latest of a series and which
    score came before it). Check-ins that do not open are in no series."""
    if family_ids is None:
        return _heads(vault, "", ())
    within = " WHERE parent_id IN (SELECT value FROM json_each(?))"
    return _heads(vault, within, (_ids(family_ids),))


def _heads(vault: Vault, where: str, args: Iterable[Any]) -> list[SeriesHead]:
    """The checkin_heads rows `where` selects, as series heads, most recently changed first
    (of equals, in series order)."""
    rows = vault.query(
        "SELECT id, parent_id, instrument_id, respondent, happened, updated_at, score,"
        f" previous, changed FROM checkin_heads{where}"
        " ORDER BY parent_id, instrument_id, respondent",
        list(args),
    )
    heads = [SeriesHead(CheckinEntry._make(row[:7]), row[7], row[8]) for row in rows]
    heads.sort(key=attrgetter("changed"), reverse=True)
    return heads


def alert_heads(
    vault: Vault,
    family_ids: Iterable[str],
    bounds: dict[Any, tuple[float | None, float | None]],
) -> list[SeriesHead]:
    """The heads of these families' series that may raise an alert, as checkin_series orders
    them: of an instrument in `bounds`, instrument id -> (alert when the score is below this,
    alert when it fell by at least this), either None for no such rule, with a score below
    the first or a fall of at least the second. A score or previous score that is not a
    number comes along too: the caller's rule has the last word on every head returned.
    Of 7,000 heads, the few hundred that alert are read."""
    rules, args = [], [_ids(family_ids)]
    for instrument, (below, fall) in bounds.items():
        tests = [f"score < {float(below)!r}"] if below is not None else []
        if fall is not None:
            tests.append(f"(previous IS NOT NULL AND previous - score >= {float(fall)!r})")
        if tests:
            rules.append(f"(instrument_id IS ? AND ({' OR '.join(tests)}))")
            args.append(instrument)
    if not rules:
        return []
    odd = (
        "typeof(score) NOT IN ('integer', 'real', 'null')"
        " OR typeof(previous) NOT IN ('integer', 'real', 'null')"
    )
    return _heads(
        vault,
        " WHERE parent_id IN (SELECT value FROM json_each(?)) AND score IS NOT NULL"
        f" AND ({' OR '.join(rules)} OR {odd})",
        args,
    )


def last_checked_in(vault: Vault, family_ids: Iterable[str], respondent: str) -> dict[str, str]:
    """When each of these families last had a check-in answered by `respondent` (the latest
    `when` of its series), by family id; families without one are left out."""
    rows = vault.query(
        "SELECT parent_id, max(happened) FROM checkin_heads"
        " WHERE parent_id IN (SELECT value FROM json_each(?)) AND respondent IS ?"
        " GROUP BY parent_id",
        (_ids(family_ids), respondent),
    )
    return {fid: when for fid, when in rows}


def with_status(vault: Vault, kind: str, status: str) -> list[Found]:
    """Records of a kind in one status, most recently changed first (records_status)."""
    rows = vault.query(
        "SELECT r.id, r.updated_at, r.data FROM records r INDEXED BY records_status"
        " WHERE r.kind = ? AND r.deleted = 0 AND r.status = ? ORDER BY r.updated_at DESC",
        (kind, status),
    )
    return [Found(rid, updated, decode_body(data)) for rid, updated, data in rows]


def visits(vault: Vault, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Data of these visits, by id: those readable and not in the trash."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = vault.query(
        "SELECT r.id, r.data FROM records r WHERE r.id IN (SELECT value FROM json_each(?))"
        f" AND +r.kind = 'visit' AND +r.deleted = 0 AND {readable('r')}",
        (_ids(wanted),),
    )
    return {rid: decode_body(data) for rid, data in rows}


@dataclass(frozen=True, slots=True)
class FeedbackEntry:
    id: str
    reflection_id: str  # its data's record_id
    updated_at: str
    reply: bool  # it answers another comment
    review_state: Any
    version: int


def feedback_received(vault: Vault, me: str) -> list[FeedbackEntry]:
    """Feedback received by `me`: readable feedback, not in the trash, on the readable
    reflections (not in the trash) that `me` owns (as owners() says), without `me`'s own
    replies (whoever wrote a reply's newest version); newest first, in one statement. A
    feedback record that names no reflection is left out (feedback_unreadable counts those
    that do not open)."""
    broken = _ids(rid for rid, _p in unreadable(vault, "reflection"))
    # Every lookup reads an index that answers it (records_name, record_versions_roots): a
    # record's own row holds its body, and reading thousands of those would be most of the
    # time. The rest of owners()' rule only for the odd reflection without a first author.
    head = "(SELECT x.version FROM records x WHERE x.id = f.target)"
    owner = (
        "coalesce(nullif((SELECT v.author FROM record_versions v INDEXED BY"
        " record_versions_roots WHERE v.kind = 'reflection' AND v.parent_event IS NULL"
        " AND v.record_id = f.target ORDER BY v.hlc LIMIT 1), ''),"
        f" {_OWNER.format(rid='f.target', version=head)})"
    )
    reply_author = (
        "coalesce((SELECT v.author FROM record_versions v INDEXED BY record_versions_roots"
        " WHERE v.kind = 'feedback' AND v.parent_event IS NULL AND v.record_id = f.id"
        " AND v.version = f.version),"
        " (SELECT v.author FROM record_versions v WHERE v.record_id = f.id"
        " AND v.version = f.version))"
    )
    rows = vault.query(
        "SELECT f.id, f.target, f.updated_at, f.reply, f.state, f.version FROM"
        " (SELECT id, json_extract(data, '$.record_id') AS target, updated_at,"
        " nullif(json_extract(data, '$.reply_to'), '') IS NOT NULL AS reply,"
        " json_extract(data, '$.review_state') AS state, version"
        " FROM records INDEXED BY records_feedback WHERE kind = 'feedback' AND deleted = 0) f"
        # A reflection has no name; one from a newer Relapp may, and is looked up apart.
        " WHERE (EXISTS (SELECT 1 FROM records r INDEXED BY records_name"
        " WHERE r.kind = 'reflection' AND r.deleted = 0 AND r.name = '' COLLATE NOCASE"
        " AND r.id = f.target) OR f.target IN (SELECT id FROM records INDEXED BY records_name"
        " WHERE kind = 'reflection' AND deleted = 0 AND name > '' COLLATE NOCASE))"
        " AND f.target NOT IN (SELECT value FROM json_each(?))"
        f" AND {owner} = ? AND NOT (f.reply AND {reply_author} IS ?)"
        " ORDER BY f.updated_at DESC, f.id",
        (broken, me, me),
    )
    return [FeedbackEntry(fid, rid, updated, bool(reply), state, version)
            for fid, rid, updated, reply, state, version in rows]  # fmt: skip


def feedback_unreadable(vault: Vault) -> int:
    """How many feedback records (not in the trash) do not open: a readable one names its
    reflection, so only those that name none are looked at."""
    return vault.query(
        "SELECT count(*) FROM records f INDEXED BY records_feedback"
        " WHERE f.kind = 'feedback' AND f.deleted = 0"
        " AND typeof(json_extract(f.data, '$.record_id')) <> 'text'"
        f" AND NOT {readable('f')}"
    )[0][0]


def feedback_activity(vault: Vault) -> dict[str, str]:
    """Each record with readable feedback (not in the trash) on it, by id, with when the
    newest of that feedback was written (its created_at)."""
    rows = vault.query(
        "SELECT json_extract(f.data, '$.record_id'), max(f.created_at)"
        " FROM records f INDEXED BY records_feedback"
        f" WHERE f.kind = 'feedback' AND f.deleted = 0 AND {readable('f')}"
        " GROUP BY 1"
    )
    return {rid: when for rid, when in rows if isinstance(rid, str) and rid}


def ids_with_status(vault: Vault, kind: str, status: str) -> set[str]:
    """The ids of the records of a kind in one status, not in the trash (records_status)."""
    rows = vault.query(
        "SELECT id FROM records INDEXED BY records_status"
        " WHERE kind = ? AND deleted = 0 AND status = ?",
        (kind, status),
    )
    return {row[0] for row in rows}


def owners(vault: Vault, kind: str, ids: Iterable[str]) -> dict[str, str]:
    """Who owns each of these records of a kind: the author of its first version (as
    syncstate.owner_of), else of its head. From record_versions_roots; the odd record
    without a first version on nothing, or without its author, from record_versions."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    found: dict[str, str] = {}
    for rid, author in vault.query(
        "SELECT v.record_id, v.author FROM record_versions v INDEXED BY record_versions_roots"
        " WHERE v.kind = ? AND v.parent_event IS NULL"
        " AND v.record_id IN (SELECT value FROM json_each(?)) ORDER BY v.record_id, v.hlc DESC",
        (kind, _ids(wanted)),
    ):
        found[rid] = author  # the lowest clock comes last
    rest = {rid for rid in wanted if not found.get(rid)}
    if rest:
        owner = _OWNER.format(rid="r.id", version="r.version")
        found.update(
            vault.query(
                f"SELECT r.id, {owner} FROM records r"
                " WHERE r.id IN (SELECT value FROM json_each(?))",
                (_ids(rest),),
            )
        )
    return found


def feedback_details(vault: Vault, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Data of these feedback records, by id."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = vault.query(
        "SELECT id, data FROM records WHERE id IN (SELECT value FROM json_each(?))",
        (_ids(wanted),),
    )
    return {rid: decode_body(data) for rid, data in rows}


def reflections(vault: Vault, ids: Iterable[str]) -> dict[str, Found]:
    """These reflections (readable, not in the trash), by id."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = vault.query(
        "SELECT r.id, r.updated_at, r.data FROM records r"
        " WHERE r.id IN (SELECT value FROM json_each(?)) AND +r.kind = 'reflection'"
        f" AND +r.deleted = 0 AND {readable('r')}",
        (_ids(wanted),),
    )
    return {rid: Found(rid, updated, decode_body(data)) for rid, updated, data in rows}


def children(vault: Vault, kind: str, parent_ids: Iterable[str]) -> list[Found]:
    """The readable records of a kind, not in the trash, hanging from any of these parents
    (records_family), most recently changed first."""
    wanted = {i for i in parent_ids if i}
    if not wanted:
        return []
    rows = vault.query(
        "SELECT r.id, r.updated_at, r.data, r.parent_id FROM records r"
        " INDEXED BY records_family WHERE r.parent_id IN (SELECT value FROM json_each(?))"
        f" AND r.kind = ? AND r.deleted = 0 AND {readable('r')} ORDER BY r.updated_at DESC",
        (_ids(wanted), kind),
    )
    return [Found(rid, updated, decode_body(data), parent) for rid, updated, data, parent in rows]
