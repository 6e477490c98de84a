"""Retention: families closed longer than the team's rule are erased by themselves.

The rule ("families closed more than N years ago are erased") is set by a supervisor and
carried in the signed team manifest, so every laptop reads the same rule; each laptop keeps
the last one it saw, so the rule applies at unlock with the drive away too. A family on legal
hold is kept whatever the rule says. The erasing is done on a supervisor's laptop (it holds
every family of the team) as an ordinary erasure, which then reaches every laptop; anything
within PREVIEW_DAYS of its date is shown first, so a supervisor can place a hold in time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from relapp.services import erasure
from relapp.services.errors import ServiceError
from relapp.services.profile import Session
from relapp.store import audit, syncstate

PREVIEW_DAYS = 30
REQUEST = "retention-rule"


@dataclass(frozen=True)
class RetentionItem:
    family_id: str
    name: str
    closed_since: date
    erase_on: date


@dataclass(frozen=True)
class RetentionPlan:
    years: int | None  # None: the team has no retention rule
    due: list[RetentionItem] = field(default_factory=list)  # erased at the next run
    upcoming: list[RetentionItem] = field(default_factory=list)  # within PREVIEW_DAYS
    held: list[RetentionItem] = field(default_factory=list)  # past their date, on hold


def years_of(session: Session) -> int | None:
    value = syncstate.get_meta(session.vault, "retention_years")
    return int(value) if value and value.isascii() and value.isdigit() and int(value) else None


def _closed_since(session: Session, family_id: str) -> date | None:
    """The day a closed family was closed: the first version of its latest closed stretch."""
    since = None
    for version in session.vault.history(family_id):
        if version.data.get("status") == "closed" and not version.deleted:
            since = since or version.updated_at  # when this version was written
        else:
            since = None
    return datetime.fromisoformat(since).date() if since else None


def _first_seen_closed(session: Session, family_id: str) -> date:
    """The real day this laptop first saw the family closed (kept, never moved)."""
    today = date.today()
    key = f"retention-seen:{family_id}"
    value = syncstate.get_meta(session.vault, key)
    if value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    syncstate.set_meta(session.vault, key, today.isoformat())
    return today


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def plan(session: Session, today: date | None = None) -> RetentionPlan:
    years = years_of(session)
    if years is None:
        return RetentionPlan(None)
    today = today or date.today()
    out = RetentionPlan(years)
    for family in session.vault.list("family", status="closed"):
        since = _closed_since(session, family.id)
        if since is None:
            continue
        # The closing date comes from the clock of the laptop that closed the family, which a
        # faulty laptop can set years back: nothing is erased before this laptop has shown
        # it in the preview for PREVIEW_DAYS, whatever date the closure claims.
        seen = _first_seen_closed(session, family.id)
        erase_on = max(_add_years(since, years), seen + timedelta(days=PREVIEW_DAYS))
        item = RetentionItem(family.id, str(family.data.get("display_name", "")), since, erase_on)
        if item.erase_on > today + timedelta(days=PREVIEW_DAYS):
            continue
        if family.data.get("legal_hold"):
            out.held.append(item)
        elif item.erase_on <= today:
            out.due.append(item)
        else:
            out.upcoming.append(item)
    for items in (out.due, out.upcoming, out.held):
        items.sort(key=lambda i: (i.erase_on, i.name.lower()))
    return out


def run(session: Session, today: date | None = None) -> RetentionPlan:
    """Erase the families that are due, on a supervisor's laptop. Returns what was done."""
    if erasure.acting_role(session) != "supervisor":
        raise ServiceError("The retention rule is carried out on a supervisor's laptop.")
    done = plan(session, today)
    if done.due:
        audit.record(session.vault, "retention_run", [i.family_id for i in done.due])
    for item in done.due:
        erasure.erase_family(
            session,
            item.family_id,
            reason=f"closed more than {done.years} years ago (the team's retention rule)",
            request=REQUEST,
        )
    return done


def run_if_due(session: Session) -> int:
    """After unlock and after each sync, on a worker: erase what is due, if anything and if
    this is a supervisor's laptop. Returns how many families were erased."""
    if years_of(session) is None or erasure.acting_role(session) != "supervisor":
        return 0
    return len(run(session).due)


def set_hold(session: Session, family_id: str, on: bool) -> None:
    """Place or lift a legal hold: a supervisor's decision."""
    if erasure.acting_role(session) != "supervisor":
        raise ServiceError("Only a supervisor can place or lift a legal hold.")
    record = session.vault.get(family_id)
    data = {**record.data}
    if on:
        data["legal_hold"] = True
    else:
        data.pop("legal_hold", None)
    session.records.save("family", data, record_id=family_id, expected_version=record.version)
    audit.record(session.vault, "legal_hold", [family_id])
