"""The audit trail as a supervisor and a DPO read it: this laptop's entries and those received
from the team's other laptops, filtered by person, family, action and period, a page at a time,
with what is wrong with any laptop's chain; and the CSV written for the DPO.

Entries hold ids only. The screen shows a family's name where this laptop holds the family; the
CSV holds ids and kinds only (and staff names), never a family's name or any record's content.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from relapp import files
from relapp.services import erasure, supervision
from relapp.services.errors import ServiceError
from relapp.services.families import family_choices
from relapp.services.paging import Page, PageRequest
from relapp.services.profile import Session
from relapp.store import audit

Progress = Callable[[int, int], None] | None

# Plain words for each action (the screen and the CSV's explanation).
ACTION_LABELS: dict[str, str] = {
    "unlock": "Unlocked the app",
    "unlock_after_failures": "Unlocked after wrong passphrases",
    "open_family": "Opened a family",
    "open_reflection": "Opened a reflection",
    "open_checkin": "Opened a check-in",
    "parent_notice_shown": "Showed a parent the notice before a check-in",
    "export": "Exported everything",
    "report": "Made a report",
    "subject_access_export": "Subject access export",
    "erase": "Erased",
    "erasure_received": "Applied an erasure from a supervisor",
    "erasure_request": "Asked for an erasure",
    "erasure_declined": "Declined an erasure request",
    "retention_run": "Ran the retention rule",
    "retention_discard": "Discarded old drafts and unsent words (retention rule)",
    "legal_hold_placed": "Placed a legal hold",
    "legal_hold_lifted": "Lifted a legal hold",
    "team_change": "Changed the team",
}
assert set(ACTION_LABELS) == set(audit.ACTIONS)


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@dataclass(frozen=True)
class Filter:
    member: str = ""  # member id
    family: str = ""  # family id
    action: str = ""
    since: date | None = None  # first day, local time
    until: date | None = None  # last day, local time (included)

    def store(self) -> audit.Filter:
        return audit.Filter(
            member=self.member or None,
            action=self.action or None,
            family_id=self.family or None,
            since=_utc_start(self.since) if self.since else None,
            until=_utc_start(self.until + timedelta(days=1)) if self.until else None,
        )


def _utc_start(day: date) -> str:
    """The UTC time a local day starts at, in the trail's own format (for comparisons)."""
    return datetime.combine(day, time()).astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Line:
    id: str  # the row's key (laptop and number)
    at: datetime  # UTC
    member_id: str
    who: str
    device: str  # last 8 characters
    action: str
    what: str  # plain words
    records: str  # families by name where held here, other records by kind and short id
    received: bool
    problem: str  # what is wrong with this entry's place in its laptop's chain, if anything


@dataclass(frozen=True)
class Choices:
    people: list[tuple[str, str]]  # (member id, name), by name
    families: list[tuple[str, str]]  # (family id, name and reference), by name
    actions: list[tuple[str, str]]  # (action, plain words)


def is_supervisor(session: Session) -> bool:
    return session.vault.identity().role == "supervisor"


def choices(session: Session) -> Choices:
    """What the filters offer: the team's people (this needs the shared folder for names;
    without it, this laptop's own), families held here, and every action. On a worker."""
    names = supervision.member_names(session)
    people = sorted(names.items(), key=lambda p: p[1].casefold())
    families = sorted(
        (
            (c.id, f"{c.display_name} ({c.reference})" if c.reference else c.display_name)
            for c in family_choices(session.records)
        ),
        key=lambda f: f[1].casefold(),
    )
    return Choices(people, families, sorted(ACTION_LABELS.items(), key=lambda a: a[1]))


def _parse_at(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)


def _lines(
    session: Session, rows: list[audit.Row], names: Mapping[str, str], bad: Mapping
) -> list[Line]:
    known = audit.describe_records(session.vault, {i for r in rows for i in r.records})
    out = []
    for row in rows:
        parts = []
        for rid in row.records:
            kind, name = known.get(rid, ("", ""))
            name = name or names.get(rid, "")  # a team change names a member
            if name:
                parts.append(name)
            elif kind:
                parts.append(f"{kind.replace('_', ' ')} …{rid[-8:]}")
            else:
                parts.append(f"…{rid[-8:]}")
        out.append(
            Line(
                id=row.key,
                at=_parse_at(row.at),
                member_id=row.member,
                who=supervision.name_of(names, row.member),
                device=audit.short(row.device),
                action=row.action,
                what=action_label(row.action),
                records=", ".join(parts),
                received=row.received,
                problem=bad.get((row.device, row.seq), ""),
            )
        )
    return out


def page(
    session: Session, filt: Filter, request: PageRequest, names: Mapping[str, str]
) -> Page[Line]:
    """One screen of the trail, newest first (or oldest first)."""
    after = (str(request.after[0]), str(request.after[1])) if request.after else None
    rows, nxt = audit.page(
        session.vault,
        filt.store(),
        descending=request.descending,
        after=after,
        limit=request.limit,
    )
    bad = _problem_index(audit.arrival_problems(session.vault))
    return Page(_lines(session, rows, names, bad), nxt)


def count(session: Session, filt: Filter) -> tuple[int, None]:
    return audit.count(session.vault, filt.store()), None


@dataclass(frozen=True)
class ChainProblem:
    device: str  # last 8 characters
    who: str
    seq: int
    problem: str
    found_at: str


def problems(session: Session, names: Mapping[str, str] | None = None) -> list[ChainProblem]:
    """What was wrong with laptops' trails when they arrived here (dropped, reordered,
    rewritten or misattributed entries), newest first."""
    names = names or {}
    found = audit.arrival_problems(session.vault)
    owners = audit.device_members(session.vault, {p.device for p in found})
    return [
        ChainProblem(
            audit.short(p.device),
            supervision.name_of(names, owners.get(p.device, "")),
            p.seq,
            p.problem,
            p.found_at,
        )
        for p in found
    ]


def _problem_index(found: Iterable[audit.Problem]) -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], str] = {}
    for p in found:
        out[(p.device, p.seq)] = (out.get((p.device, p.seq), "") + "; " + p.problem).strip("; ")
    return out


def verify(session: Session) -> tuple[bool, str]:
    """Walk this laptop's chain and every received one (relapp doctor does the same)."""
    return audit.verify(session.vault)


# ---- the CSV for the DPO ------------------------------------------------------------------

CSV_COLUMNS: list[tuple[str, str]] = [
    ("at_utc", "when it happened, UTC, as the laptop's clock said (ISO 8601)"),
    ("member_id", "who: the team member's id"),
    ("member_name", "who: their name, as the team knows it (empty when not known here)"),
    ("device", "which laptop: its device id"),
    ("action", "what they did: " + ", ".join(ACTION_LABELS)),
    ("action_words", "the action in plain words"),
    (
        "records",
        "the records it concerned, 'id:kind' separated by '; ' (kind empty for a record "
        "not held here, such as an erased one); never their content",
    ),
    ("source", "this_laptop (written here) or received (sent by that laptop through sync)"),
    ("seq", "the entry's number in that laptop's trail (1, 2, ... without gaps)"),
    ("received_at_utc", "when this laptop received it (empty for its own entries)"),
    ("prev_hash", "the hash of the entry before it in that laptop's trail"),
    ("hash", "SHA-256 of prev_hash, at_utc, member_id, device, action and the record ids"),
    (
        "chain_problem",
        "empty, or what was wrong with the entry's place in its laptop's chain when it "
        "arrived (missing entries before it, changed, sent again changed)",
    ),
]


def _cell(value: object) -> str:
    """A spreadsheet would run a cell starting = + - @ as a formula: quoted."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_preamble(session: Session, filt: Filter, total: int) -> list[str]:
    made = datetime.now(UTC).isoformat(timespec="seconds")
    ok, chain = audit.verify(session.vault)
    chosen = [
        f"{k}={v}"
        for k, v in (
            ("member", filt.member),
            ("family", filt.family),
            ("action", filt.action),
            ("from", filt.since.isoformat() if filt.since else ""),
            ("to", filt.until.isoformat() if filt.until else ""),
        )
        if v
    ]
    lines = [
        "Relapp audit trail: who opened, exported, reported and erased what; ids only, never "
        "the content of any record.",
        f"Made {made} on laptop {session.vault.device_id} by member {session.vault.member_id}; "
        f"{total} entries; filters: {', '.join(chosen) or 'none'}.",
        f"Chains checked when made: {'intact' if ok else 'PROBLEM'} ({chain}).",
        "Lines starting with # explain the file; the row after them names the columns:",
    ]
    lines += [f"  {name}: {meaning}" for name, meaning in CSV_COLUMNS]
    return ["# " + line for line in lines]


def write_csv(
    session: Session,
    path: Path,
    filt: Filter = Filter(),  # noqa: B008 - immutable
    *,
    progress: Progress = None,
) -> int:
    """Write the (filtered) trail to path for the DPO, oldest first, readable by its owner
    only; whole or not at all (a temporary file beside it, renamed into place). Returns the
    number of entries. Reads a page at a time: never the whole trail in memory."""
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise ServiceError(f"The folder {folder} does not exist.")
    names = supervision.member_names(session)
    store_filter = filt.store()
    total = audit.count(session.vault, store_filter)
    bad = _problem_index(audit.arrival_problems(session.vault, limit=100_000))
    done = 0
    opened = False
    try:
        # Readable by its owner only; the folder may be a network share that cannot be synced.
        with files.replacing_text(path, encoding="utf-8-sig", newline="", best_effort=True) as out:
            opened = True
            for line in csv_preamble(session, filt, total):
                out.write(line + "\r\n")
            writer = csv.writer(out)
            writer.writerow([name for name, _ in CSV_COLUMNS])
            chunk: list[audit.Row] = []

            def flush() -> None:
                kinds = audit.describe_records(
                    session.vault, {i for r in chunk for i in r.records}, names=False
                )
                for r in chunk:
                    records = "; ".join(f"{i}:{kinds.get(i, ('', ''))[0]}" for i in r.records)
                    writer.writerow(
                        [
                            _cell(v)
                            for v in (
                                r.at,
                                r.member,
                                names.get(r.member, ""),
                                r.device,
                                r.action,
                                action_label(r.action),
                                records,
                                "received" if r.received else "this_laptop",
                                r.seq,
                                r.received_at,
                                r.prev,
                                r.hash,
                                bad.get((r.device, r.seq), ""),
                            )
                        ]
                    )
                chunk.clear()

            for row in audit.iter_rows(session.vault, store_filter):
                chunk.append(row)
                done += 1
                if len(chunk) >= 1000:
                    flush()
                    if progress is not None:
                        progress(done, max(total, done))
            flush()
    except OSError as exc:
        if not opened:
            raise ServiceError(f"Cannot write in {folder}: {exc.strerror}.") from None
        raise ServiceError(f"Cannot write {path}: {exc.strerror}.") from None
    if progress is not None:
        progress(done, done)
    return done


# ---- the command line's words ---------------------------------------------------------------


def find_member(session: Session, wanted: str) -> str:
    """A member by id, its last 8 characters, or (part of) a name."""
    text = wanted.strip()
    names = supervision.member_names(session)
    ids = set(names)
    exact = [m for m in ids if m == text or (len(text) >= 8 and m.endswith(text))]
    if len(exact) == 1:
        return exact[0]
    named = [m for m, n in names.items() if text.casefold() in n.casefold()]
    if len(named) == 1:
        return named[0]
    if not exact and not named:
        return text  # an id this laptop has no name for (a member since removed)
    raise ServiceError(f"{wanted} names more than one member; give their id.")


def find_family(session: Session, wanted: str) -> str:
    """A family by id or reference code; an id not held here (an erased family) as given."""
    try:
        return erasure.find_family(session, wanted)
    except ServiceError:
        return wanted.strip()


def parse_day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ServiceError(f"{what} must be a date like 2026-03-31.") from None


def preview(session: Session, filt: Filter, limit: int = 50) -> str:
    """A few lines for a terminal (newest first)."""
    names = supervision.member_names(session)
    result = page(session, filt, PageRequest(sort="at", descending=True, limit=limit), names)
    out = io.StringIO()
    for line in result.rows:
        mark = " [" + line.problem + "]" if line.problem else ""
        out.write(
            f"{line.at:%Y-%m-%d %H:%M} UTC  {line.who}  …{line.device}  {line.action}"
            f"  {line.records}{mark}\n"
        )
    return out.getvalue()
