"""One screen of a list at a time: keyset pages over the records' columns.

A list page asks for the first rows in its order, then for the rows after the last one it
shows: "after" is that row's sort value and id, and the next page is the rows whose (sort
value, id) come after it. SQLite walks an index from there (no OFFSET, which would read and
throw away every row before), so the hundredth page costs what the first does, and a page
of a 100,000-record profile what one of a 1,000-record profile does. Rows added or removed
meanwhile never make a page repeat or skip a row that stays.

Sort expressions are never NULL (a missing value sorts as '' or -1), so row-value
comparisons always decide. Each list names its sorts; what a person clicks picks one of
them, never SQL text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from relapp.store.vault import Vault

FIRST_PAGE = 100


@dataclass(frozen=True)
class PageRequest:
    sort: str
    descending: bool = False
    after: tuple[Any, str] | None = None  # (sort value, id) of the last row shown
    limit: int = FIRST_PAGE


@dataclass(frozen=True)
class RawPage:
    rows: list[tuple[Any, ...]]  # the list's columns, then the sort value and the id
    after: tuple[Any, str] | None  # where the next page starts; None: this was the last


def _page(
    vault: Vault,
    select: str,
    where: Sequence[str],
    args: Sequence[Any],
    sorts: dict[str, str],
    request: PageRequest,
    tables: str = "",
) -> RawPage:
    try:
        order = sorts[request.sort]
    except KeyError:
        raise ValueError(f"unknown sort {request.sort!r}") from None
    direction, beyond = ("DESC", "<") if request.descending else ("ASC", ">")
    where, args = list(where), list(args)
    if request.after is not None:
        where.append(f"({order}, r.id) {beyond} (?, ?)")
        args += list(request.after)
    sql = (
        f"{select}, {order}, r.id {tables or _FROM} WHERE {' AND '.join(where)}"
        f" ORDER BY {order} {direction}, r.id {direction} LIMIT ?"
    )
    rows = vault.query(sql, [*args, request.limit + 1])
    more = len(rows) > request.limit
    rows = rows[: request.limit]
    return RawPage(rows, (rows[-1][-2], rows[-1][-1]) if more and rows else None)


_FROM = "FROM records r LEFT JOIN records f ON f.id = r.parent_id AND f.deleted = 0"


# ---- visits ----------------------------------------------------------------------------------

VISIT_SORTS = {
    "when": "r.happened",
    "family": "coalesce(f.name, '') COLLATE NOCASE",
    "mode": "coalesce(json_extract(r.data, '$.mode'), '')",
    "duration": "coalesce(json_extract(r.data, '$.duration_minutes'), -1)",
    "purpose": "coalesce(json_extract(r.data, '$.purpose'), '') COLLATE NOCASE",
}


def _visit_where(family_id: str | None) -> tuple[list[str], list[Any]]:
    where = ["r.kind = 'visit'", "r.deleted = 0", "r.data IS NOT NULL"]
    args: list[Any] = []
    if family_id:
        where.append("r.parent_id = ?")
        args.append(family_id)
    return where, args


def visit_page(vault: Vault, family_id: str | None, request: PageRequest) -> RawPage:
    """Rows (id, data, family's name, family's reference, sort value, id)."""
    where, args = _visit_where(family_id)
    select = "SELECT r.id, r.data, f.name, json_extract(f.data, '$.reference')"
    return _page(vault, select, where, args, VISIT_SORTS, request)


def visit_count(vault: Vault, family_id: str | None) -> int:
    where, args = _visit_where(family_id)
    return int(vault.query(f"SELECT count(*) {_FROM} WHERE {' AND '.join(where)}", args)[0][0])


# ---- families --------------------------------------------------------------------------------

# A family's newest visit and check-in, and its newest scored check-in: one index seek each.
# (INDEXED BY: without statistics SQLite would rather walk every visit by date.)
_LAST_VISIT = (
    "(SELECT max(v.happened) FROM records v INDEXED BY records_family WHERE v.parent_id = r.id"
    " AND v.kind = 'visit' AND v.deleted = 0)"
)
_LAST_CHECKIN = (
    "(SELECT max(c.happened) FROM records c INDEXED BY records_family WHERE c.parent_id = r.id"
    " AND c.kind = 'checkin' AND c.deleted = 0)"
)
_LATEST_SCORED = (
    "(SELECT c.data FROM records c INDEXED BY records_family WHERE c.parent_id = r.id"
    " AND c.kind = 'checkin' AND c.deleted = 0"
    " AND json_type(c.data, '$.score') IN ('integer', 'real') ORDER BY c.happened DESC LIMIT 1)"
)
FAMILY_SORTS = {
    "name": "r.name COLLATE NOCASE",
    "reference": "coalesce(json_extract(r.data, '$.reference'), '') COLLATE NOCASE",
    "service": "coalesce(json_extract(r.data, '$.service'), '') COLLATE NOCASE",
    "members": "coalesce(json_array_length(r.data, '$.members'), 0)",
    "last_visit": f"coalesce({_LAST_VISIT}, '')",
    "checkin": f"coalesce(json_extract({_LATEST_SCORED}, '$.score'), -1)",
}


@dataclass(frozen=True)
class FamilyFilter:
    text: str = ""  # every word in the name, reference or service
    status: str = ""  # "active", "closed" or "" for all
    service: str = ""


def _family_where(filters: FamilyFilter) -> tuple[list[str], list[Any]]:
    where = ["r.kind = 'family'", "r.deleted = 0"]
    args: list[Any] = []
    if filters.status:
        where.append("(CASE r.status WHEN '' THEN 'active' ELSE r.status END) = ?")
        args.append(filters.status)
    if filters.service:
        where.append("json_extract(r.data, '$.service') = ?")
        args.append(filters.service)
    words = filters.text.casefold().split()
    if words:
        haystack = (
            "casefold(r.name || ' ' || coalesce(json_extract(r.data, '$.reference'), '')"
            " || ' ' || coalesce(json_extract(r.data, '$.service'), ''))"
        )
        for word in words:
            where.append(f"instr({haystack}, ?) > 0")
            args.append(word)
    return where, args


def family_page(vault: Vault, filters: FamilyFilter, request: PageRequest) -> RawPage:
    """Rows (id, data, last visit, last check-in, newest scored check-in's data, sort value,
    id); data is None for a record that cannot be read."""
    where, args = _family_where(filters)
    select = f"SELECT r.id, r.data, {_LAST_VISIT}, {_LAST_CHECKIN}, {_LATEST_SCORED}"
    return _page(vault, select, where, args, FAMILY_SORTS, request)


def family_count(vault: Vault, filters: FamilyFilter) -> int:
    where, args = _family_where(filters)
    return int(vault.query(f"SELECT count(*) {_FROM} WHERE {' AND '.join(where)}", args)[0][0])


def family_services(vault: Vault) -> list[str]:
    """Every service a family is in, for the filter's choices."""
    rows = vault.query(
        "SELECT DISTINCT json_extract(data, '$.service') FROM records"
        " WHERE kind = 'family' AND deleted = 0 AND json_type(data, '$.service') = 'text'"
    )
    return sorted({row[0] for row in rows if row[0]}, key=str.casefold)


# ---- reflections -----------------------------------------------------------------------------

# A reflection's visit (if it still exists) and its family: its own, or its visit's.
_REFLECTION_FROM = (
    "FROM records r LEFT JOIN records vis ON vis.id = json_extract(r.data, '$.visit_id')"
    " AND vis.kind = 'visit' AND vis.deleted = 0"
    " LEFT JOIN records f ON f.id = coalesce(r.parent_id, vis.parent_id) AND f.deleted = 0"
)
# Its title, or the first part with words in it (as reflection_title() shows it).
_TITLE = (
    "coalesce(nullif(trim(json_extract(r.data, '$.title')), ''), (SELECT trim(s.value)"
    " FROM json_each(r.data, '$.sections') s WHERE s.type = 'text' AND trim(s.value) != ''"
    " LIMIT 1), '')"
)
REFLECTION_STATES = ("draft", "submitted", "reviewed", "to_discuss", "returned")
REFLECTION_SORTS = {
    "updated": "r.updated_at",
    "title": f"{_TITLE} COLLATE NOCASE",
    "family": "coalesce(f.name, '') COLLATE NOCASE",
    "visit": "coalesce(vis.happened, '')",
    "template": "coalesce(json_extract(r.data, '$.template_id'), '')",
    "status": "(CASE r.status "
    + " ".join(f"WHEN '{s}' THEN {n}" for n, s in enumerate(REFLECTION_STATES))
    + " ELSE 99 END)",
}


@dataclass(frozen=True)
class ReflectionFilter:
    status: str = ""
    # Every word must be in the heading (title, family, themes, or the name of a template in
    # `templates`) or in the text, as the search index has it (`text_ids`: the ids whose text
    # has the word); see relapp.services.reflections.
    words: tuple[str, ...] = ()
    templates: tuple[tuple[str, ...], ...] = ()  # per word: template ids whose name has it
    text_ids: tuple[frozenset[str], ...] = ()  # per word


def _reflection_where(filters: ReflectionFilter) -> tuple[list[str], list[Any]]:
    where = ["r.kind = 'reflection'", "r.deleted = 0"]
    args: list[Any] = []
    if filters.status:
        where.append("r.status = ?")
        args.append(filters.status)
    heading = (
        f"casefold({_TITLE} || ' ' || coalesce(f.name, '') || ' '"
        " || coalesce(json_extract(r.data, '$.themes'), ''))"
    )
    for n, word in enumerate(filters.words):
        options = [f"instr({heading}, ?) > 0"]
        args.append(word)
        templates = filters.templates[n] if n < len(filters.templates) else ()
        if templates:
            options.append(
                f"json_extract(r.data, '$.template_id') IN ({','.join('?' * len(templates))})"
            )
            args += templates
        ids = sorted(filters.text_ids[n]) if n < len(filters.text_ids) else []
        if ids:
            # The ids are few (those whose text has the word): a temporary list, not a table.
            options.append("r.id IN (SELECT value FROM json_each(?))")
            args.append(json.dumps(ids))
        where.append("(" + " OR ".join(options) + ")")
    return where, args


def reflection_page(vault: Vault, filters: ReflectionFilter, request: PageRequest) -> RawPage:
    """Rows (id, data, updated at, family id, family's name, visit id, visit's when, sort
    value, id); data is None for a record that cannot be read."""
    where, args = _reflection_where(filters)
    select = (
        "SELECT r.id, r.data, r.updated_at, coalesce(r.parent_id, vis.parent_id), f.name,"
        " vis.id, vis.happened"
    )
    return _page(vault, select, where, args, REFLECTION_SORTS, request, tables=_REFLECTION_FROM)


def reflection_counts(vault: Vault, filters: ReflectionFilter) -> tuple[int, dict[str, int]]:
    """How many reflections match the filters, and how many there are in each state."""
    where, args = _reflection_where(filters)
    # Without words to look for, no visit or family is needed: the status index counts.
    tables = _REFLECTION_FROM if filters.words else "FROM records r"
    shown = int(vault.query(f"SELECT count(*) {tables} WHERE {' AND '.join(where)}", args)[0][0])
    states = dict(
        vault.query(
            "SELECT status, count(*) FROM records WHERE kind = 'reflection' AND deleted = 0"
            " GROUP BY status"
        )
    )
    return shown, states


# ---- check-ins -------------------------------------------------------------------------------

# The score of the check-in before this one in its series (same family, instrument and
# respondent): what an alert compares with. One seek on the family's index per row shown.
_PREVIOUS_SCORE = (
    "(SELECT json_extract(p.data, '$.score') FROM records p INDEXED BY records_family"
    " WHERE p.parent_id = r.parent_id"
    " AND p.kind = 'checkin' AND p.deleted = 0 AND p.happened < r.happened"
    " AND json_extract(p.data, '$.instrument_id') IS json_extract(r.data, '$.instrument_id')"
    " AND json_extract(p.data, '$.respondent') IS json_extract(r.data, '$.respondent')"
    " AND json_type(p.data, '$.score') IN ('integer', 'real') ORDER BY p.happened DESC LIMIT 1)"
)
CHECKIN_SORTS = {
    "when": "r.happened",
    "family": "coalesce(f.name, '') COLLATE NOCASE",
    "instrument": "coalesce(json_extract(r.data, '$.instrument_id'), '')",
    "respondent": "coalesce(json_extract(r.data, '$.respondent'), '')",
    "score": "coalesce(json_extract(r.data, '$.score'), -1)",
}


def _checkin_where(family_id: str, instrument_id: str) -> tuple[list[str], list[Any]]:
    where = ["r.kind = 'checkin'", "r.deleted = 0", "r.data IS NOT NULL"]
    args: list[Any] = []
    if family_id:
        where.append("r.parent_id = ?")
        args.append(family_id)
    if instrument_id:
        where.append("json_extract(r.data, '$.instrument_id') = ?")
        args.append(instrument_id)
    return where, args


def checkin_page(vault: Vault, family_id: str, instrument_id: str, request: PageRequest) -> RawPage:
    """Rows (id, data, family's name, the series' previous score, sort value, id)."""
    where, args = _checkin_where(family_id, instrument_id)
    select = (
        "SELECT r.id, r.data, coalesce(nullif(f.name, ''), json_extract(f.data, '$.reference')),"
        f" {_PREVIOUS_SCORE}"
    )
    return _page(vault, select, where, args, CHECKIN_SORTS, request)


def checkin_counts(vault: Vault, family_id: str, instrument_id: str) -> tuple[int, int]:
    """How many check-ins match the filters, and how many there are."""
    where, args = _checkin_where(family_id, instrument_id)
    shown = int(vault.query(f"SELECT count(*) {_FROM} WHERE {' AND '.join(where)}", args)[0][0])
    if not family_id and not instrument_id:
        return shown, shown
    where, args = _checkin_where("", "")
    return shown, int(vault.query(f"SELECT count(*) {_FROM} WHERE {' AND '.join(where)}")[0][0])


def has_checkins_of(vault: Vault, parent_id: str) -> bool:
    return bool(
        vault.query(
            "SELECT 1 FROM records WHERE parent_id = ? AND kind = 'checkin' AND deleted = 0"
            " LIMIT 1",
            [parent_id],
        )
    )
