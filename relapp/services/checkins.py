"""Queries and saves for relationship check-ins that the app's screens share: the list with
alerts worked out per series, one check-in's answers, trend points, and a new check-in's data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from relapp.domain.definitions import Instrument
from relapp.services.families import SCORED, TrendPoint, parse_when
from relapp.services.paging import Page, PageRequest
from relapp.services.records import RecordService
from relapp.store import audit, pages
from relapp.store.vault import Record, VaultError, decode_body, fields

SELF_CHECK_NAME = "Myself (self-check)"


@dataclass(frozen=True, slots=True)
class CheckinRow:
    id: str
    when: str
    family_id: str
    family_name: str
    instrument_id: str
    instrument_title: str
    respondent: str
    score: float | None
    alert: str | None
    visit_id: str | None = None
    comment: str = ""


@dataclass(frozen=True, slots=True)
class Answer:
    item_id: str
    wording: str
    value: int | None
    label: str


@dataclass(frozen=True, slots=True)
class CheckinDetail:
    row: CheckinRow
    answers: tuple[Answer, ...]


def family_names(records: RecordService) -> dict[str, str]:
    """Display names of every readable family, by id; the profile owner is "Myself"."""
    names = {
        f.id: str(f.data.get("display_name") or f.data.get("reference") or "")
        for f in records.iter("family", keep=fields("display_name", "reference"))
        if not f.error
    }
    names.setdefault(records.vault.member_id, SELF_CHECK_NAME)
    return names


def series_key(data: Mapping[str, Any]) -> tuple[str, str, str]:
    return (data.get("family_id", ""), data.get("instrument_id", ""), data.get("respondent", ""))


def alerts_by_checkin(
    checkins: Iterable[Record], instruments: Mapping[str, Instrument]
) -> dict[str, str]:
    """The alert sentence of every check-in that has one, each compared with the previous
    check-in of the same family, instrument and respondent."""
    series: dict[tuple[str, str, str], list[Record]] = {}
    for record in checkins:
        if not record.error and record.data.get("score") is not None:
            series.setdefault(series_key(record.data), []).append(record)
    alerts: dict[str, str] = {}
    for (_family, instrument_id, _who), items in series.items():
        instrument = instruments.get(instrument_id)
        if instrument is None:
            continue
        items.sort(key=lambda r: r.data.get("when", ""))
        previous: float | None = None
        for record in items:
            score = float(record.data["score"])
            sentence = instrument.alert_for(score, previous)
            if sentence:
                alerts[record.id] = sentence
            previous = score
    return alerts


def _row(
    record: Record,
    names: Mapping[str, str],
    instruments: Mapping[str, Instrument],
    alerts: Mapping[str, str],
) -> CheckinRow:
    data = record.data
    instrument = instruments.get(data.get("instrument_id", ""))
    family_id = data.get("family_id", "")
    score = data.get("score")
    return CheckinRow(
        id=record.id,
        when=data.get("when", ""),
        family_id=family_id,
        family_name=names.get(family_id, "Unknown family"),
        instrument_id=data.get("instrument_id", ""),
        instrument_title=instrument.title if instrument else data.get("instrument_id", ""),
        respondent=data.get("respondent", ""),
        score=float(score) if score is not None else None,
        alert=alerts.get(record.id),
        visit_id=data.get("visit_id"),
        comment=data.get("comment", ""),
    )


def list_checkins(records: RecordService) -> list[CheckinRow]:
    """Every readable check-in, newest first, with its alert (if any)."""
    instruments = records.definitions.instruments
    # Without the answers and the comment: the list shows neither (checkin_detail does).
    checkins = [r for r in records.iter("checkin", keep=SCORED) if not r.error]
    names = family_names(records)
    alerts = alerts_by_checkin(checkins, instruments)
    rows = [_row(r, names, instruments, alerts) for r in checkins]
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows


def checkin_page(
    records: RecordService, family_id: str, instrument_id: str, request: PageRequest
) -> Page[CheckinRow]:
    """One screen of the Check-ins list, filtered and in the order asked for, each with its
    alert (compared with the check-in before it in its series)."""
    instruments = records.definitions.instruments
    me = records.vault.member_id_cached
    raw = pages.checkin_page(records.vault, family_id, instrument_id, request)
    rows = []
    for rid, body, family, previous, *_sort in raw.rows:
        data = decode_body(body)
        instrument = instruments.get(data.get("instrument_id", ""))
        score = data.get("score")
        alert = None
        if instrument is not None and isinstance(score, int | float):
            last = float(previous) if isinstance(previous, int | float) else None
            alert = instrument.alert_for(float(score), last)
        name = family or (SELF_CHECK_NAME if data.get("family_id") == me else "Unknown family")
        rows.append(
            CheckinRow(
                id=rid,
                when=data.get("when", ""),
                family_id=data.get("family_id", ""),
                family_name=name,
                instrument_id=data.get("instrument_id", ""),
                instrument_title=instrument.title if instrument else data.get("instrument_id", ""),
                respondent=data.get("respondent", ""),
                score=float(score) if isinstance(score, int | float) else None,
                alert=alert or None,
                visit_id=data.get("visit_id"),  # the comment is for the detail, not the list
            )
        )
    return Page(rows, raw.after)


def checkin_count(
    records: RecordService, family_id: str, instrument_id: str
) -> tuple[int, tuple[int, bool]]:
    """How many check-ins match; how many there are, and whether there are self-checks."""
    shown, total = pages.checkin_counts(records.vault, family_id, instrument_id)
    return shown, (total, pages.has_checkins_of(records.vault, records.vault.member_id_cached))


def checkin_trend(records: RecordService, family_id: str, instrument_id: str) -> list[TrendPoint]:
    """One family's scores on one instrument, oldest first, every respondent (for the chart):
    read from that family's check-ins only."""
    points = [
        TrendPoint(when, float(r.data["score"]), str(r.data.get("respondent", "")), r.id)
        for r in records.iter("checkin", parent_id=family_id, keep=SCORED)
        if not r.error
        and r.data.get("instrument_id") == instrument_id
        and isinstance(r.data.get("score"), int | float)
        and (when := parse_when(r.data.get("when"))) is not None
    ]
    points.sort(key=lambda p: (p.when, p.respondent))
    return points


def checkin_detail(records: RecordService, checkin_id: str) -> CheckinDetail:
    """One check-in with its answers worded as the respondent saw them."""
    record = records.get(checkin_id)
    audit.record(records.vault, "open_checkin", [checkin_id])
    instruments = records.definitions.instruments
    same_series = [
        r for r in records.list("checkin", parent_id=record.parent_id) if not r.error
    ] or [record]
    alerts = alerts_by_checkin(
        [r for r in same_series if series_key(r.data) == series_key(record.data)], instruments
    )
    row = _row(record, _name_of(records, record.parent_id), instruments, alerts)
    instrument = instruments.get(row.instrument_id)
    scores = record.data.get("scores", {})
    answers: list[Answer] = []
    if instrument is not None:
        for item in instrument.items:
            value = scores.get(item.id)
            label = instrument.scale.label(value) if isinstance(value, int) else None
            answers.append(Answer(item.id, item.wording(row.respondent), value, label or ""))
    else:
        answers = [Answer(key, key, value, "") for key, value in scores.items()]
    return CheckinDetail(row, tuple(answers))


def _name_of(records: RecordService, family_id: str | None) -> dict[str, str]:
    """The one family name a check-in's detail shows (not every family's)."""
    names = {records.vault.member_id_cached: SELF_CHECK_NAME}
    if family_id:
        try:
            family = records.get(family_id)
        except VaultError:
            return names
        if not family.deleted:
            names[family_id] = str(
                family.data.get("display_name") or family.data.get("reference") or ""
            )
    return names


def trend_points(
    rows: Iterable[CheckinRow], family_id: str, instrument_id: str
) -> list[TrendPoint]:
    """One family's scores on one instrument, oldest first, every respondent (for the chart)."""
    points = [
        TrendPoint(when, row.score, row.respondent, row.id)
        for row in rows
        if row.family_id == family_id
        and row.instrument_id == instrument_id
        and row.score is not None
        and (when := parse_when(row.when)) is not None
    ]
    points.sort(key=lambda p: (p.when, p.respondent))
    return points


def visit_family(records: RecordService, visit_id: str) -> str:
    """The family a visit belongs to (for "a new check-in for this visit")."""
    return str(records.get(visit_id).data["family_id"])


def new_checkin_data(
    instrument: Instrument,
    family_id: str,
    respondent: str,
    scores: Mapping[str, int],
    *,
    visit_id: str | None = None,
    comment: str = "",
    when: datetime | None = None,
    notice_shown_at: str = "",
) -> dict[str, Any]:
    """The fields of a new check-in, stamped with the local time to the minute (as visits are)."""
    data: dict[str, Any] = {
        "family_id": family_id,
        "instrument_id": instrument.id,
        "respondent": respondent,
        "when": (when or datetime.now()).strftime("%Y-%m-%dT%H:%M"),
        "scores": dict(scores),
    }
    if visit_id:
        data["visit_id"] = visit_id
    if comment.strip():
        data["comment"] = comment.strip()
    if notice_shown_at:  # a parent in hand-over mode saw who will see their answers
        data["notice_shown_at"] = notice_shown_at
    return data


def save_checkin(records: RecordService, data: dict[str, Any]) -> tuple[Record, str | None]:
    """Save a new check-in and return it with its alert sentence (None when all is well)."""
    record = records.save("checkin", data)
    return record, records.checkin_alert(record)
