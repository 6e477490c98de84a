"""Retention: families closed longer than the team's rule are erased by themselves, and
drafts and words not sent are discarded after the team's number of days.

The rules ("families closed more than N years ago are erased"; "unfinished drafts untouched
for D days, and words typed but not sent for U days, are discarded") are set by a supervisor
and carried in the signed team manifest, so every laptop reads the same rules; each laptop
keeps the last ones it saw, so they apply at unlock with the drive away too.

Families: a family on legal hold is kept whatever the rule says. The erasing is done on a
supervisor's laptop (it holds every family of the team) as an ordinary erasure, which then
reaches every laptop; anything within PREVIEW_DAYS of its date is shown first, so a supervisor
can place a hold in time.

Drafts and words not sent live only on their author's own laptops, so each of those laptops
applies the rule to them itself, at unlock and after sync: they are shown as coming up for
DRAFT_PREVIEW_DAYS first, then purged for good (store.erasure.discard) and the laptop compacts
its own folder of the shared drive. The log records ids, never words.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from relapp.services import erasure
from relapp.services.errors import ServiceError
from relapp.services.profile import Session
from relapp.store import audit, syncstate
from relapp.store import erasure as erasure_store

PREVIEW_DAYS = 30
DRAFT_PREVIEW_DAYS = 7
REQUEST = "retention-rule"


@dataclass(frozen=True)
class RetentionItem:
    family_id: str
    name: str
    closed_since: date
    erase_on: date


@dataclass(frozen=True)
class DiscardItem:
    """A draft or words not sent, of this laptop's member, that the rule discards."""

    record_id: str
    kind: str  # reflection (an unfinished draft) | unsent_text
    last_changed: date
    discard_on: date


@dataclass(frozen=True)
class RetentionPlan:
    years: int | None  # None: the team has no retention rule for families
    due: list[RetentionItem] = field(default_factory=list)  # erased at the next run
    upcoming: list[RetentionItem] = field(default_factory=list)  # within PREVIEW_DAYS
    held: list[RetentionItem] = field(default_factory=list)  # past their date, on hold
    draft_days: int = 0  # 0: drafts are kept
    unsent_days: int = 0  # 0: words not sent are kept
    discard_due: list[DiscardItem] = field(default_factory=list)
    discard_upcoming: list[DiscardItem] = field(default_factory=list)  # DRAFT_PREVIEW_DAYS

    @property
    def any_rule(self) -> bool:
        return self.years is not None or bool(self.draft_days or self.unsent_days)

    def batches(self) -> list[tuple[date, int]]:
        """(day, how many families) erased on each coming day, held ones left out: what the
        preview says ("3 families will be erased on 1 February")."""
        days: dict[date, int] = {}
        for item in (*self.due, *self.upcoming):
            days[item.erase_on] = days.get(item.erase_on, 0) + 1
        return sorted(days.items())


def years_of(session: Session) -> int | None:
    value = syncstate.get_meta(session.vault, "retention_years")
    return int(value) if value and value.isascii() and value.isdigit() and int(value) else None


def _days_of(session: Session, key: str) -> int:
    value = syncstate.get_meta(session.vault, key)
    return int(value) if value and value.isascii() and value.isdigit() else 0


def draft_days_of(session: Session) -> int:
    return _days_of(session, "retention_draft_days")


def unsent_days_of(session: Session) -> int:
    return _days_of(session, "retention_unsent_days")


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
    return _first_seen(session, key, today)


def _first_seen(session: Session, key: str, today: date) -> date:
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
    today = today or date.today()
    out = RetentionPlan(
        years, draft_days=draft_days_of(session), unsent_days=unsent_days_of(session)
    )
    _plan_discards(session, out, today)
    if years is None:
        return out
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


def _plan_discards(session: Session, out: RetentionPlan, today: date) -> None:
    """This member's unfinished drafts and words not sent, past (or within
    DRAFT_PREVIEW_DAYS of) the team's number of days since they were last changed. As for
    families, nothing goes before this laptop has listed it as coming up for
    DRAFT_PREVIEW_DAYS, whatever date a laptop's clock put on its last change."""
    vault = session.vault
    me = vault.member_id
    found = []
    if out.draft_days:
        for deleted in (False, True):  # drafts in the trash too
            found += [
                (r, out.draft_days)
                for r in vault.list("reflection", status="draft", deleted=deleted)
            ]
    if out.unsent_days:
        for deleted in (False, True):
            found += [(r, out.unsent_days) for r in vault.list("unsent_text", deleted=deleted)]
    horizon = today + timedelta(days=DRAFT_PREVIEW_DAYS)
    for record, days in found:
        if record.author != me:
            continue  # never this laptop's to discard
        changed = datetime.fromisoformat(record.updated_at).date()
        discard_on = changed + timedelta(days=days)
        if discard_on > horizon:
            continue
        seen = _first_seen(session, f"retention-seen:{record.id}", date.today())
        discard_on = max(discard_on, seen + timedelta(days=DRAFT_PREVIEW_DAYS))
        item = DiscardItem(record.id, record.kind, changed, discard_on)
        (out.discard_due if discard_on <= today else out.discard_upcoming).append(item)
    for items in (out.discard_due, out.discard_upcoming):
        items.sort(key=lambda i: (i.discard_on, i.record_id))


def discard_due(session: Session, today: date | None = None) -> list[DiscardItem]:
    """Discard this member's drafts and words not sent that the team's rule says are due;
    on every laptop (each holds its own member's). Returns what went."""
    due = plan(session, today).discard_due
    if not due:
        return []
    ids = [i.record_id for i in due]
    erasure_store.discard(session.vault, ids)
    audit.record(session.vault, "retention_discard", ids)
    return due


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


def run_all(session: Session, today: date | None = None) -> RetentionPlan:
    """Carry out every rule this laptop carries out now (`relapp retention run`, the app's
    "Run now"): its member's drafts and words not sent on any laptop, families on a
    supervisor's. Returns the plan, its due lists being what went."""
    discarded = discard_due(session, today)
    if years_of(session) is not None and erasure.acting_role(session) == "supervisor":
        done = run(session, today)
    else:
        done = plan(session, today)
        done = replace(done, due=[])
    return replace(done, discard_due=discarded)


def run_if_due(session: Session) -> int:
    """After unlock and after each sync, on a worker: discard this member's drafts and words
    not sent that are due (on every laptop), and erase the families that are due (on a
    supervisor's laptop). Returns how many records and families went."""
    gone = len(discard_due(session)) if draft_days_of(session) or unsent_days_of(session) else 0
    if years_of(session) is None or erasure.acting_role(session) != "supervisor":
        return gone
    return gone + len(run(session).due)


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
    audit.record(session.vault, "legal_hold_placed" if on else "legal_hold_lifted", [family_id])


# ---- the log supervisors see and export --------------------------------------------------

LOG_ACTIONS = {
    "retention_run": "Retention rule run",
    "retention_discard": "Drafts and unsent words discarded",
    "erase": "Erased at a request",
    "erasure_received": "Erasure received from a supervisor",
    "legal_hold_placed": "Legal hold placed",
    "legal_hold_lifted": "Legal hold lifted",
}


@dataclass(frozen=True)
class LogEntry:
    at: str  # ISO time, UTC
    action: str  # a key of LOG_ACTIONS
    records: tuple[str, ...]  # record ids: never names or words
    request: str  # the request reference, or REQUEST for the rule
    reason: str  # as written at the erasure (without names), or the rule's own words


def log(session: Session) -> list[LogEntry]:
    """Every retention run, erasure and legal hold on this laptop, newest first: from the
    audit trail (ids only) and the erasure markers (request and reason)."""
    marks = {m.record_id: m for m in erasure_store.erased(session.vault)}
    out = []
    for entry in audit.entries(session.vault):
        if entry.action not in LOG_ACTIONS:
            continue
        mark = next((marks[r] for r in entry.records if r in marks), None)
        request, reason = (mark.request, mark.reason) if mark else ("", "")
        if entry.action == "retention_discard":
            request, reason = REQUEST, "the team's rule for drafts and words not sent"
        elif entry.action == "retention_run":
            request = REQUEST
        out.append(LogEntry(entry.at, entry.action, entry.records, request, reason))
    out.reverse()
    return out


def export_log(session: Session, path: Path) -> int:
    """The log as CSV (owner-only file): ids and reasons, never content. Returns its rows."""
    from relapp.services.spreadsheet import cell_text
    from relapp.services.transfer import open_private

    rows = log(session)
    with open_private(path) as handle:
        writer = csv.writer(handle)
        writer.writerow(["at", "action", "request", "reason", "records"])
        for row in rows:  # a typed reason could start like a spreadsheet formula
            writer.writerow(
                [
                    row.at,
                    row.action,
                    cell_text(row.request),
                    cell_text(row.reason),
                    " ".join(row.records),
                ]
            )
    return len(rows)


# ---- what the app's Retention dialog shows --------------------------------------------------


@dataclass(frozen=True)
class HeldFamily:
    family_id: str
    name: str
    reference: str


@dataclass(frozen=True)
class RetentionOverview:
    plan: RetentionPlan
    held: list[HeldFamily]  # every family on legal hold, whatever its dates
    log: list[LogEntry]
    supervisor: bool  # may set the rules, run them, and place or lift holds


def overview(session: Session, today: date | None = None) -> RetentionOverview:
    """The rules, the preview, the families on hold and the log, on a worker. Writes the day
    each family is first shown as coming up (see _first_seen_closed): run it as a write."""
    supervisor = erasure.acting_role(session) == "supervisor"
    held = [
        HeldFamily(r.id, str(r.data.get("display_name", "")), str(r.data.get("reference", "")))
        for r in session.vault.list("family")
        if r.data.get("legal_hold")
    ]
    held.sort(key=lambda h: (h.name.lower(), h.family_id))
    return RetentionOverview(
        plan(session, today), held, log(session) if supervisor else [], supervisor
    )
