"""The Families page: one row per family (its newest visit and check-in, whether one is due),
read a screen at a time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from relapp.services.families.model import FamilyRow, members_of, parse_when
from relapp.services.families.scores import (
    SCORED,
    is_checkin_due,
    latest_score,
    score_of,
    scored_checkins,
)
from relapp.services.paging import FamilyFilter, Page, PageRequest
from relapp.services.records import RecordService
from relapp.store import pages
from relapp.store.vault import Record, decode_body, fields


def family_rows(records: RecordService, *, today: date | None = None) -> list[FamilyRow]:
    """One row per family (closed ones too), sorted by display name.

    Visits and check-ins are folded into each family's latest as they are opened: only those
    are kept, not every visit and check-in of the profile.
    """
    today = today or date.today()
    last_visit: dict[str, datetime] = {}
    for visit in records.iter("visit", keep=fields("family_id", "when")):
        family_id, when = visit.data.get("family_id"), parse_when(visit.data.get("when"))
        if (
            visit.error is None
            and isinstance(family_id, str)
            and when is not None
            and (family_id not in last_visit or when > last_visit[family_id])
        ):
            last_visit[family_id] = when
    last_checkin: dict[str, datetime] = {}
    latest: dict[str, tuple[datetime, Record, float]] = {}
    for record in records.iter("checkin", keep=SCORED):
        family_id, when = record.data.get("family_id"), parse_when(record.data.get("when"))
        if record.error is not None or not isinstance(family_id, str) or when is None:
            continue
        if family_id not in last_checkin or when > last_checkin[family_id]:
            last_checkin[family_id] = when
        score = score_of(record)
        if score is not None and (family_id not in latest or when > latest[family_id][0]):
            latest[family_id] = (when, record, score)
    rows = []
    for record in records.iter("family", keep=_FAMILY_ROW):
        if record.error is not None:
            rows.append(
                FamilyRow(
                    record.id,
                    "",
                    "Unreadable record",
                    "",
                    "",
                    0,
                    None,
                    None,
                    False,
                    None,
                    error=record.error,
                )
            )
            continue
        data = record.data
        status = str(data.get("status") or "active")
        checked_in = last_checkin.get(record.id)
        best = latest.get(record.id)
        rows.append(
            FamilyRow(
                id=record.id,
                reference=str(data.get("reference", "")),
                display_name=str(data.get("display_name", "")),
                service=str(data.get("service") or ""),
                status=status,
                members_count=len(members_of(data)),
                last_visit=last_visit.get(record.id),
                last_checkin=checked_in,
                checkin_due=is_checkin_due(status, checked_in, today),
                latest=latest_score(records, [best[1]]) if best else None,
            )
        )
    rows.sort(key=lambda r: (r.display_name.casefold(), r.reference))
    return rows


def family_page(
    records: RecordService,
    filters: FamilyFilter,
    request: PageRequest,
    *,
    today: date | None = None,
) -> Page[FamilyRow]:
    """One screen of the Families list (filtered, in the order asked for), each family with
    its last visit and check-in and its newest score."""
    today = today or date.today()
    raw = pages.family_page(records.vault, filters, request)
    return Page([_family_row(records, row, today) for row in raw.rows], raw.after)


def family_count(
    records: RecordService, filters: FamilyFilter
) -> tuple[int, tuple[int, list[str]]]:
    """How many families match the filters; how many there are, and the services they are
    in (the filter's choices)."""
    vault = records.vault
    shown = pages.family_count(vault, filters)
    total = shown if filters == FamilyFilter() else pages.family_count(vault, FamilyFilter())
    return shown, (total, pages.family_services(vault))


def _family_row(records: RecordService, row: tuple[Any, ...], today: date) -> FamilyRow:
    family_id, body, last_visit, last_checkin, scored = row[:5]
    try:
        data = decode_body(body)
    except ValueError:
        return FamilyRow(
            family_id,
            "",
            "Unreadable record",
            "",
            "",
            0,
            None,
            None,
            False,
            None,
            error=f"The family record {family_id} could not be opened: its stored data is "
            "damaged or was altered.",
        )
    status = str(data.get("status") or "active")
    checked_in = parse_when(last_checkin)
    latest = None
    if scored is not None:
        checkin = decode_body(scored)
        when, score = parse_when(checkin.get("when")), checkin.get("score")
        if when is not None and isinstance(score, int | float) and not isinstance(score, bool):
            latest = scored_checkins(records, checkin, when, float(score))
    return FamilyRow(
        id=family_id,
        reference=str(data.get("reference", "")),
        display_name=str(data.get("display_name", "")),
        service=str(data.get("service") or ""),
        status=status,
        members_count=len(members_of(data)),
        last_visit=parse_when(last_visit),
        last_checkin=checked_in,
        checkin_due=is_checkin_due(status, checked_in, today),
        latest=latest,
    )


# What the Families list reads of a family: not its notes.
_FAMILY_ROW = fields("reference", "display_name", "service", "status", "members")


def services_of(rows: Sequence[FamilyRow]) -> list[str]:
    return sorted({r.service for r in rows if r.service}, key=str.casefold)
