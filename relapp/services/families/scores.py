"""Check-ins as the family pages read them: the newest score, whether it is below the alert
level, whether a check-in is due, and records grouped by the family they belong to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from relapp.domain.definitions import Instrument
from relapp.services.families.model import CHECKIN_DUE_DAYS, LatestScore, parse_when
from relapp.services.records import RecordService
from relapp.store.vault import Record, fields


def readable(records: Iterable[Record]) -> list[Record]:
    return [r for r in records if r.error is None]


def below_alert(instrument: Instrument | None, score: float) -> bool:
    if instrument is None or instrument.alert is None or instrument.alert.threshold is None:
        return False
    return score < instrument.alert.threshold


def score_of(record: Record) -> float | None:
    value = record.data.get("score")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def latest_when(records: Iterable[Record]) -> datetime | None:
    stamps = [w for r in records if (w := parse_when(r.data.get("when"))) is not None]
    return max(stamps, default=None)


def is_checkin_due(status: str, last_checkin: datetime | None, today: date) -> bool:
    if status != "active":
        return False
    return last_checkin is None or (today - last_checkin.date()).days > CHECKIN_DUE_DAYS


def latest_score(records: RecordService, checkins: list[Record]) -> LatestScore | None:
    best: tuple[datetime, Record, float] | None = None
    for record in checkins:
        when, score = parse_when(record.data.get("when")), score_of(record)
        if when is not None and score is not None and (best is None or when > best[0]):
            best = (when, record, score)
    if best is None:
        return None
    when, record, score = best
    return scored_checkins(records, record.data, when, score)


def scored_checkins(
    records: RecordService, data: dict[str, Any], when: datetime, score: float
) -> LatestScore:
    instrument_id = str(data.get("instrument_id", ""))
    instrument = records.definitions.instruments.get(instrument_id)
    return LatestScore(
        instrument_id=instrument_id,
        instrument_title=instrument.title if instrument else instrument_id,
        respondent=str(data.get("respondent", "")),
        when=when,
        score=score,
        below_threshold=below_alert(instrument, score),
    )


def by_parent(records: Iterable[Record], field_name: str) -> dict[str, list[Record]]:
    grouped: dict[str, list[Record]] = {}
    for record in records:
        key = record.data.get(field_name)
        if isinstance(key, str):
            grouped.setdefault(key, []).append(record)
    return grouped


def newest_first_key(when: datetime | None) -> tuple[int, datetime]:
    return (0, datetime.min) if when is None else (1, when)


# A `keep` for reading many check-ins: what lists, alerts and trends use (not the answers).
SCORED_FIELDS = ("family_id", "when", "score", "instrument_id", "respondent", "visit_id")


SCORED = fields(*SCORED_FIELDS)

# What a family's page and the visit editor read of a reflection.
REFLECTION_LINK = fields("title", "status", "visit_id", "family_id")
