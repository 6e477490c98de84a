"""CSV for the team's analysts: one row per record, no free text, families by their family key
(and by their reference code only when asked for). Every column is described in README.md."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from relapp.services.disclosure import Period, period
from relapp.services.errors import ServiceError
from relapp.services.families import parse_when
from relapp.services.profile import Session
from relapp.services.reports.common import (
    barrier_day,
    categories_of,
    category_titles,
    csv_bytes,
    readable,
    stage_reached,
    test_overlaps,
    write_private,
)
from relapp.services.reports.keys import family_key, pseudonym_key
from relapp.services.sessions import owner_of
from relapp.store import audit
from relapp.store.vault import Record

# Every column is described in README.md, section "Reports"; tests/test_reports.py checks the
# two agree.
ANALYST_COLUMNS: dict[str, tuple[str, ...]] = {
    "checkins": (
        "date",
        "time",
        "subject",
        "family_key",
        "service",
        "instrument_id",
        "instrument",
        "instrument_version",
        "respondent",
        "score",
        "below_alert_level",
        "reliable_drop",
        "item_scores",
    ),
    "barriers": (
        "noticed_on",
        "category_id",
        "category",
        "impact",
        "status",
        "service",
        "linked_visits",
        "linked_families",
        "change_tests",
    ),
    "change_tests": (
        "status",
        "stage_reached",
        "start_date",
        "end_date",
        "barrier_categories",
        "linked_barriers",
    ),
}
ANALYST_KINDS = tuple(ANALYST_COLUMNS)
# Only on explicit request (--with-references, a ticked box): the case system's reference code,
# which identifies the family to anyone with the case system.
REFERENCE_COLUMN = "family_reference_identifying"


def analyst_columns(kind: str, *, with_references: bool = False) -> tuple[str, ...]:
    columns = ANALYST_COLUMNS[kind]
    if with_references and "family_key" in columns:
        at = columns.index("family_key") + 1
        columns = (*columns[:at], REFERENCE_COLUMN, *columns[at:])
    return columns


def _score_text(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _yes_no(flag: bool | None) -> str:
    return "" if flag is None else ("yes" if flag else "no")


def _checkin_rows(
    session: Session, span: Period | None, with_references: bool = False
) -> list[dict[str, str]]:
    secret = pseudonym_key(session)
    assert secret is not None
    instruments = session.definitions.instruments
    families = {r.id: r for r in readable(session.records.list("family"))}
    checkins = [
        r for r in readable(session.records.list("checkin")) if r.data.get("score") is not None
    ]
    series: dict[tuple[str, str, str], list[Record]] = {}
    for record in checkins:
        key = tuple(
            str(record.data.get(k, "")) for k in ("family_id", "instrument_id", "respondent")
        )
        series.setdefault(key, []).append(record)  # type: ignore[arg-type]
    rows = []
    for items in series.values():
        items.sort(key=lambda r: str(r.data.get("when", "")))
        previous: float | None = None
        for record in items:
            data = record.data
            score = float(data["score"])
            instrument = instruments.get(str(data.get("instrument_id", "")))
            alert = instrument.alert if instrument else None
            drop = None
            if alert is not None and alert.reliable_change is not None:
                drop = previous is not None and previous - score >= alert.reliable_change - 1e-9
            previous = score
            when = parse_when(data.get("when"))
            if when is None or (span is not None and when.date() not in span):
                continue
            family_id = str(data.get("family_id", ""))
            family = families.get(family_id)
            own = family is None and owner_of(session, record) == family_id
            scores = data.get("scores") or {}
            order = [i.id for i in instrument.items] if instrument else sorted(scores)
            rows.append(
                {
                    "date": when.date().isoformat(),
                    "time": when.strftime("%H:%M"),
                    "subject": "self-check" if own else "family",
                    "family_key": family_key(secret, family.id) if family else "",
                    REFERENCE_COLUMN: str(family.data.get("reference", ""))
                    if family and with_references
                    else "",
                    "service": str(family.data.get("service", "")) if family else "",
                    "instrument_id": str(data.get("instrument_id", "")),
                    "instrument": instrument.title if instrument else "",
                    "instrument_version": str(data.get("instrument_version", "")),
                    "respondent": str(data.get("respondent", "")),
                    "score": _score_text(score),
                    "below_alert_level": _yes_no(
                        score < alert.threshold
                        if alert is not None and alert.threshold is not None
                        else None
                    ),
                    "reliable_drop": _yes_no(drop),
                    "item_scores": "; ".join(
                        f"{item}={scores[item]}" for item in order if item in scores
                    ),
                }
            )
    rows.sort(key=lambda r: (r["date"], r["time"], r["family_key"], r["instrument_id"]))
    return rows


def _barrier_rows(session: Session, span: Period | None) -> list[dict[str, str]]:
    titles = category_titles(session)
    visits = {r.id: r for r in readable(session.records.list("visit"))}
    tests = readable(session.records.list("change_test"))
    rows = []
    for record in readable(session.records.list("barrier")):
        if span is not None and barrier_day(record) not in span:
            continue
        data = record.data
        linked = [visits[v] for v in data.get("visit_ids") or [] if v in visits]
        category = str(data.get("category", ""))
        rows.append(
            {
                "noticed_on": str(barrier_day(record) or ""),
                "category_id": category,
                "category": titles.get(category, category),
                "impact": str(data.get("impact", "")),
                "status": str(data.get("status", "open")),
                "service": str(data.get("service", "")),
                "linked_visits": str(len(data.get("visit_ids") or [])),
                "linked_families": str(len({v.data.get("family_id") for v in linked})),
                "change_tests": str(
                    sum(1 for t in tests if record.id in (t.data.get("barrier_ids") or []))
                ),
            }
        )
    rows.sort(key=lambda r: (r["noticed_on"], r["category_id"]))
    return rows


def _change_test_rows(session: Session, span: Period | None) -> list[dict[str, str]]:
    titles = category_titles(session)
    order = list(titles)
    barriers = {r.id: r for r in readable(session.records.list("barrier"))}
    rows = []
    for record in readable(session.records.list("change_test")):
        if span is not None and not test_overlaps(record, span):
            continue
        data = record.data
        rows.append(
            {
                "status": str(data.get("status", "planned")),
                "stage_reached": stage_reached(data),
                "start_date": str(data.get("start_date", "")),
                "end_date": str(data.get("end_date", "")),
                "barrier_categories": "; ".join(
                    titles.get(c, c) for c in categories_of(record, barriers, order)
                ),
                "linked_barriers": str(
                    sum(1 for b in data.get("barrier_ids") or [] if b in barriers)
                ),
            }
        )
    rows.sort(key=lambda r: (r["start_date"], r["end_date"], r["status"]))
    return rows


def analyst_rows(
    session: Session,
    kind: str,
    start: str | date | None = None,
    end: str | date | None = None,
    *,
    with_references: bool = False,
) -> list[dict[str, str]]:
    """The rows of one analyst export (optionally only those in a period). No free text; a
    family by its key, and by its reference code only when with_references is asked for."""
    audit.record(session.vault, "report")
    span = period(start or date.min, end or date.max) if (start or end) else None
    if kind == "checkins":
        return _checkin_rows(session, span, with_references)
    if kind == "barriers":
        return _barrier_rows(session, span)
    if kind == "change_tests":
        return _change_test_rows(session, span)
    raise ServiceError(f"There is no {kind!r} export; choose one of {', '.join(ANALYST_KINDS)}.")


def write_analyst_csv(
    session: Session,
    kind: str,
    path: Path,
    start: str | date | None = None,
    end: str | date | None = None,
    *,
    with_references: bool = False,
) -> int:
    """Write one analyst export; returns the number of rows."""
    rows = analyst_rows(session, kind, start, end, with_references=with_references)
    columns = analyst_columns(kind, with_references=with_references)
    write_private(Path(path), csv_bytes(columns, rows))
    return len(rows)
