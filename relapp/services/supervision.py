"""Supervision use cases: the team overview, the review queue, one reflection's review context
with its feedback thread, giving feedback and review states, and answering them.

Plain Python (no Qt): the Supervision tabs call these on a worker thread, the tests without Qt.
A supervisor's vault holds what the team's practitioners shared with them; who a record belongs
to is the member who wrote its first version (a supervisor's status change does not move it).
Member names come from the team state on the shared folder and are never stored here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from relapp.services import team
from relapp.services.checkins import CheckinRow, alerts_by_checkin
from relapp.services.errors import ServiceError
from relapp.services.families import parse_when
from relapp.services.profile import Session
from relapp.services.reflections import reflection_heading, reflection_title, sections_for
from relapp.services.sessions import open_actions_in
from relapp.services.sync_status import in_team
from relapp.store import queries, syncstate
from relapp.store.vault import Record, RecordNotFound, VersionConflict, fields
from relapp.sync.team import short_id

CADENCE_DAYS = 7  # a practitioner is due supervision weekly unless the team says otherwise
AROUND_DAYS = 14  # check-ins this many days either side of a visit belong to its review
REVIEW_STATES = ("reviewed", "to_discuss", "returned")
REVIEWABLE = ("submitted", "reviewed", "to_discuss", "returned")
# Stored when a supervisor sets a state without writing anything, so the practitioner's
# Today page and thread still say what happened.
DEFAULT_TEXT = {
    "reviewed": "Marked as reviewed.",
    "to_discuss": "Marked to discuss in supervision.",
}


# ---- who is who ----------------------------------------------------------------------------


def team_members(session: Session) -> list[team.MemberView] | None:
    """The team's members, or None when the profile is in no team or the folder is out of
    reach (the callers then fall back to the ids the records carry)."""
    if not in_team(session.vault):
        return None
    try:
        _state, members = team.members(session)
    except (ServiceError, OSError):
        return None
    return members


def member_names(
    session: Session, members: Sequence[team.MemberView] | None = None
) -> dict[str, str]:
    """Names by member id: the team's (when reachable) and always this profile's own."""
    if members is None:
        members = team_members(session) or []
    names = {m.member_id: m.name for m in members}
    names[session.vault.member_id] = session.vault.identity().name
    return names


def name_of(names: Mapping[str, str], member_id: str) -> str:
    return names.get(member_id) or f"Team member {short_id(member_id)}"


def owner(session: Session, record: Record) -> str:
    """The member a record belongs to: the author of its first version."""
    return syncstate.owner_of(session.vault, record.id) or record.author


def _family_owner(session: Session, family: Record) -> str:
    return str(family.data.get("assigned_to") or "") or owner(session, family)


def _readable(records: Iterable[Record]) -> list[Record]:
    return [r for r in records if r.error is None and not r.deleted]


def _day(value: Any) -> date | None:
    moment = parse_when(value)
    if moment is not None:
        return moment.date()
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


# ---- team overview -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OverviewRow:
    member_id: str
    name: str
    active: bool
    awaiting_review: int
    oldest_waiting: str | None  # when the longest-waiting reflection was submitted
    last_session: str | None  # "when" of the latest supervision session held
    days_since_session: int | None
    overdue: bool  # no session within the cadence (or none at all)
    open_actions: int
    alert_families: tuple[str, ...]  # names of families whose latest check-in raised an alert
    alerts: tuple[tuple[str, str], ...] = ()  # (family name, alert sentence)
    actions: tuple[str, ...] = ()  # the open actions' words


@dataclass(frozen=True, slots=True)
class Overview:
    in_team: bool
    reachable: bool  # False: names fell back to short ids (shared folder out of reach)
    rows: list[OverviewRow]


def open_actions(sessions: Iterable[Record]) -> list[str]:
    """The words of the actions still open across a practitioner's sessions, each once,
    as the Sessions tab counts them (an action keeps its identity when carried forward)."""
    return [a.text for a in open_actions_in(_readable(sessions))]


def current_alerts(session: Session, families: Mapping[str, Record]) -> dict[str, list[str]]:
    """Alert sentences by family: the latest check-in of each instrument and respondent that
    raised one, for active families (as the Today page counts them). Read from the check-in
    series index (relapp.store.queries), not from every check-in."""
    active = [
        fid for fid, family in families.items() if family.data.get("status", "active") == "active"
    ]
    instruments = session.definitions.instruments
    found: dict[str, list[str]] = {}
    for latest, previous, _changed in queries.checkin_series(session.vault, active):
        instrument = instruments.get(latest.instrument_id)
        if instrument is None or latest.score is None:
            continue
        sentence = instrument.alert_for(
            float(latest.score), None if previous is None else float(previous)
        )
        if sentence:
            found.setdefault(latest.family_id, []).append(sentence)
    return found


def overview_rows(
    session: Session,
    members: Sequence[team.MemberView] | None,
    today: date,
    cadence_days: int = CADENCE_DAYS,
) -> list[OverviewRow]:
    """One row per practitioner: the team's active practitioners, plus anyone else whose
    work is waiting here (a member who left, or everyone when the folder is out of reach)."""
    records = session.records
    me = session.vault.member_id
    names = member_names(session, members)
    people: dict[str, bool] = {}
    for member in members or []:
        if member.role == "practitioner" and member.active:
            people[member.member_id] = True

    reflections = _readable(records.iter("reflection", keep=fields("status", "submitted_at")))
    awaiting: dict[str, list[str]] = {}
    for reflection in reflections:
        if reflection.data.get("status") != "submitted":
            continue
        who = owner(session, reflection)
        if who == me:
            continue
        when = str(reflection.data.get("submitted_at") or reflection.updated_at)
        awaiting.setdefault(who, []).append(when)
        people.setdefault(who, False)

    sessions_by: dict[str, list[Record]] = {}
    for record in _readable(records.list("supervision_session")):
        sessions_by.setdefault(str(record.data.get("practitioner_id", "")), []).append(record)

    families = {f.id: f for f in _readable(records.list("family"))}
    alerts = current_alerts(session, families)
    alert_names: dict[str, list[tuple[str, str]]] = {}
    for family_id, sentences in alerts.items():
        family = families[family_id]
        name = _family_name(family)
        for sentence in sentences:
            alert_names.setdefault(_family_owner(session, family), []).append((name, sentence))
    if members is None:  # nobody to list from the team: everyone whose families are here
        for family in families.values():
            who = _family_owner(session, family)
            if who != me:
                people.setdefault(who, False)

    rows = []
    end_of_today = datetime.combine(today, datetime.max.time())
    for member_id, active in people.items():
        held = [
            when
            for s in sessions_by.get(member_id, [])
            if (when := parse_when(s.data.get("when"))) is not None and when <= end_of_today
        ]
        last = max(held) if held else None
        since = (today - last.date()).days if last else None
        waiting = sorted(awaiting.get(member_id, []))
        actions = open_actions(sessions_by.get(member_id, []))
        family_alerts = sorted(alert_names.get(member_id, []), key=lambda a: a[0].lower())
        rows.append(
            OverviewRow(
                member_id=member_id,
                name=name_of(names, member_id),
                active=active or members is None,
                awaiting_review=len(waiting),
                oldest_waiting=waiting[0] if waiting else None,
                last_session=last.isoformat(timespec="minutes") if last else None,
                days_since_session=since,
                overdue=since is None or since > cadence_days,
                open_actions=len(actions),
                alert_families=tuple(dict.fromkeys(name for name, _s in family_alerts)),
                alerts=tuple(family_alerts),
                actions=tuple(actions),
            )
        )
    rows.sort(key=lambda r: (not r.active, r.name.lower()))
    return rows


def team_overview(session: Session, today: date, cadence_days: int = CADENCE_DAYS) -> Overview:
    """Everything the Team overview tab shows, in one call for a worker thread."""
    if not in_team(session.vault):
        return Overview(False, False, [])
    members = team_members(session)
    return Overview(True, members is not None, overview_rows(session, members, today, cadence_days))


# ---- review queue --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueueRow:
    id: str
    practitioner_id: str
    practitioner: str
    family_id: str
    family: str
    visit_id: str
    visit_when: str
    submitted_at: str
    title: str
    template: str
    themes: tuple[str, ...]
    status: str = "submitted"

    def matches(
        self, practitioner: str | None = None, family: str | None = None, theme: str | None = None
    ) -> bool:
        if practitioner and self.practitioner_id != practitioner:
            return False
        if family and self.family_id != family:
            return False
        return not theme or theme.casefold() in (t.casefold() for t in self.themes)


def _family_and_visit(
    data: Mapping[str, Any], families: Mapping[str, Record], visits: Mapping[str, Record]
) -> tuple[str, Record | None, Record | None]:
    visit = visits.get(str(data.get("visit_id") or ""))
    family_id = str(data.get("family_id") or (visit.data.get("family_id") if visit else "") or "")
    return family_id, families.get(family_id), visit


def _linked(
    session: Session, reflections: Iterable[Record]
) -> tuple[dict[str, Record], dict[str, Record]]:
    """The families and visits these reflections point at, read by id: a supervisor's laptop
    holds a whole team's thousands of families and tens of thousands of visits, and a queue
    or a list of threads names a few hundred at most."""
    vault = session.vault
    reflections = list(reflections)
    visit_ids = {str(r.data.get("visit_id")) for r in reflections if r.data.get("visit_id")}
    visits = {
        v.id: v
        for v in _readable(
            vault.get_many(visit_ids, author=False, keep=fields("family_id", "when")).values()
        )
        if v.kind == "visit"
    }
    family_ids = {_family_and_visit(r.data, {}, visits)[0] for r in reflections} - {""}
    families = {
        f.id: f
        for f in _readable(
            vault.get_many(
                family_ids, author=False, keep=fields("display_name", "reference")
            ).values()
        )
        if f.kind == "family"
    }
    return families, visits


def _family_name(family: Record | None) -> str:
    if family is None:
        return ""
    return str(family.data.get("display_name") or family.data.get("reference") or "")


def review_queue(
    session: Session,
    practitioner: str | None = None,
    family: str | None = None,
    theme: str | None = None,
    *,
    names: Mapping[str, str] | None = None,
) -> list[QueueRow]:
    """Submitted reflections waiting for review, oldest submission first."""
    records = session.records
    names = member_names(session) if names is None else names
    templates = session.definitions.templates
    me = session.vault.member_id
    rows = []
    submitted = [
        r
        for r in _readable(records.iter("reflection", keep=reflection_heading, status="submitted"))
        if r.data.get("status") == "submitted"
    ]
    families, visits = _linked(session, submitted)
    for record in submitted:
        data = record.data
        who = owner(session, record)
        if who == me:
            continue
        family_id, family_record, visit = _family_and_visit(data, families, visits)
        template = templates.get(str(data.get("template_id", "")))
        row = QueueRow(
            id=record.id,
            practitioner_id=who,
            practitioner=name_of(names, who),
            family_id=family_id,
            family=_family_name(family_record),
            visit_id=visit.id if visit else "",
            visit_when=str(visit.data.get("when", "")) if visit else "",
            submitted_at=str(data.get("submitted_at") or record.updated_at),
            title=reflection_title(data) or "Untitled reflection",
            template=template.title if template else str(data.get("template_id", "")),
            themes=tuple(str(t) for t in data.get("themes") or []),
        )
        if row.matches(practitioner, family, theme):
            rows.append(row)
    rows.sort(key=lambda r: (r.submitted_at, r.id))
    return rows


# ---- one reflection under review -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ThreadEntry:
    id: str
    author_id: str
    author: str
    is_mine: bool
    when: str
    text: str
    review_state: str  # "" for a comment or a reply
    reply_to: str  # "" for a top-level comment
    depth: int  # 0 for top-level, 1 for a reply to it, ...


@dataclass(frozen=True, slots=True)
class SectionText:
    id: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class ReviewContext:
    reflection: Record
    practitioner_id: str
    practitioner: str
    title: str
    template: str
    status: str
    submitted_at: str
    themes: tuple[str, ...]
    sections: tuple[SectionText, ...]
    family_id: str
    family: str
    visit: Record | None
    checkins: tuple[CheckinRow, ...]
    thread: tuple[ThreadEntry, ...]
    amendment_reason: str = ""

    @property
    def question(self) -> ThreadEntry | None:
        """The supervisor's newest comment that is not a reply, preferring a returning one."""
        top = [e for e in reversed(self.thread) if e.depth == 0]
        for entry in top:
            if entry.review_state == "returned":
                return entry
        return top[0] if top else None


def feedback_thread(
    session: Session, reflection_id: str, names: Mapping[str, str] | None = None
) -> list[ThreadEntry]:
    """The feedback on one reflection in reading order: each comment followed by its replies
    (oldest first at every level). A reply whose comment has not arrived is shown on its own."""
    names = member_names(session) if names is None else names
    me = session.vault.member_id
    found = [
        r
        for r in _readable(session.records.list("feedback", parent_id=reflection_id))
        if r.data.get("record_id") == reflection_id
    ]
    found.sort(key=lambda r: (r.created_at, r.id))
    ids = {r.id for r in found}
    children: dict[str, list[Record]] = {}
    roots: list[Record] = []
    for record in found:
        parent = str(record.data.get("reply_to") or "")
        if parent and parent in ids and parent != record.id:
            children.setdefault(parent, []).append(record)
        else:
            roots.append(record)
    out: list[ThreadEntry] = []
    seen: set[str] = set()

    def walk(record: Record, depth: int) -> None:
        if record.id in seen:  # a cycle cannot be written by the app, but never loop on one
            return
        seen.add(record.id)
        author = owner(session, record)
        out.append(
            ThreadEntry(
                id=record.id,
                author_id=author,
                author=name_of(names, author),
                is_mine=author == me,
                when=record.created_at,
                text=str(record.data.get("text", "")),
                review_state=str(record.data.get("review_state") or ""),
                reply_to=str(record.data.get("reply_to") or ""),
                depth=depth,
            )
        )
        for child in children.get(record.id, []):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return out


def checkins_around(
    session: Session, family_id: str, visit: Record | None, moment: date | None
) -> list[CheckinRow]:
    """The family's check-ins linked to the visit or within AROUND_DAYS of it, oldest first,
    each with its alert (compared with the one before in its series)."""
    if not family_id:
        return []
    records = session.records
    instruments = session.definitions.instruments
    family_checkins = _readable(records.list("checkin", parent_id=family_id))
    alerts = alerts_by_checkin(family_checkins, instruments)
    rows = []
    for record in family_checkins:
        data = record.data
        day = _day(data.get("when"))
        linked = visit is not None and data.get("visit_id") == visit.id
        near = moment is not None and day is not None and abs((day - moment).days) <= AROUND_DAYS
        if not (linked or near):
            continue
        instrument = instruments.get(str(data.get("instrument_id", "")))
        score = data.get("score")
        rows.append(
            CheckinRow(
                id=record.id,
                when=str(data.get("when", "")),
                family_id=family_id,
                family_name="",
                instrument_id=str(data.get("instrument_id", "")),
                instrument_title=instrument.title if instrument else str(data.get("instrument_id")),
                respondent=str(data.get("respondent", "")),
                score=float(score) if score is not None else None,
                alert=alerts.get(record.id),
                visit_id=data.get("visit_id"),
                comment=str(data.get("comment", "")),
            )
        )
    rows.sort(key=lambda r: r.when)
    return rows


def _get(session: Session, record_id: str, kind: str) -> Record | None:
    """A readable record of that kind, or None (not shared here, damaged, or in the trash)."""
    if not record_id:
        return None
    try:
        record = session.records.vault.get(record_id, strict=False)
    except RecordNotFound:
        return None
    ok = record.kind == kind and record.error is None and not record.deleted
    return record if ok else None


def review_context(
    session: Session, reflection_id: str, names: Mapping[str, str] | None = None
) -> ReviewContext:
    """A reflection with what a reviewer reads beside it: its visit, the family's check-ins
    around that date and the feedback thread."""
    records = session.records
    names = member_names(session) if names is None else names
    reflection = records.get(reflection_id)
    if reflection.kind != "reflection":
        raise ServiceError("That record is not a reflection.")
    data = reflection.data
    visit = _get(session, str(data.get("visit_id") or ""), "visit")
    family_id = str(data.get("family_id") or (visit.data.get("family_id") if visit else "") or "")
    family = _get(session, family_id, "family")
    template = session.definitions.templates.get(str(data.get("template_id", "")))
    texts = data.get("sections") or {}
    sections = tuple(
        SectionText(s.id, s.title, str(texts.get(s.id, "")))
        for s in sections_for(data, template)
        if str(texts.get(s.id, "")).strip()
    )
    moment = _day(visit.data.get("when")) if visit else _day(data.get("submitted_at"))
    who = owner(session, reflection)
    return ReviewContext(
        reflection=reflection,
        practitioner_id=who,
        practitioner=name_of(names, who),
        title=reflection_title(data) or "Untitled reflection",
        template=template.title if template else str(data.get("template_id", "")),
        status=str(data.get("status", "")),
        submitted_at=str(data.get("submitted_at") or ""),
        themes=tuple(str(t) for t in data.get("themes") or []),
        sections=sections,
        family_id=family_id,
        family=_family_name(family),
        visit=visit,
        checkins=tuple(checkins_around(session, family_id, visit, moment)),
        thread=tuple(feedback_thread(session, reflection_id, names)),
        amendment_reason=str(data.get("amendment_reason") or ""),
    )


# ---- giving and answering feedback ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedbackSaved:
    feedback: Record
    reflection: Record | None  # the reflection's new version, when its state changed


def give_feedback(
    session: Session,
    reflection_id: str,
    text: str,
    review_state: str | None = None,
    reply_to: str | None = None,
    *,
    expected_version: int | None = None,
) -> FeedbackSaved:
    """Save a supervisor's comment and, with a review state, the reflection's new state.

    The reflection keeps every word as submitted: only its status changes (RecordService
    refuses anything else). A question is needed to return a reflection.
    """
    records = session.records
    text = text.strip()
    reflection = records.get(reflection_id)
    if reflection.kind != "reflection":
        raise ServiceError("Feedback can only be given on a reflection.")
    if review_state is not None:
        if session.vault.identity().role != "supervisor":
            raise ServiceError("Only a supervisor can set a reflection's review state.")
        if review_state not in REVIEW_STATES:
            raise ServiceError("That is not a review state.")
        if review_state == "returned" and not text:
            raise ServiceError(
                "Write the question you would like answered before returning the reflection."
            )
        if reflection.data.get("status") not in REVIEWABLE:
            raise ServiceError(
                "This reflection is being amended by its author; review it once it is "
                "submitted again."
            )
        text = text or DEFAULT_TEXT[review_state]
    elif not text:
        raise ServiceError("Write your comment first.")
    if reply_to:
        _check_reply_target(session, reply_to, reflection_id)
    data: dict[str, Any] = {"record_id": reflection_id, "text": text}
    if reply_to:
        data["reply_to"] = reply_to
    if review_state:
        data["review_state"] = review_state
    records.prepare("feedback", data)  # refuse bad feedback before the state changes
    changed = None
    if expected_version is not None and expected_version != reflection.version:
        raise ServiceError(
            "This reflection changed since you opened it (a sync brought a newer version). "
            "Read it again, then give your feedback."
        )
    if review_state and reflection.data.get("status") != review_state:
        try:
            changed = records.save(
                "reflection",
                {**reflection.data, "status": review_state},
                record_id=reflection_id,
                expected_version=reflection.version,
            )
        except VersionConflict:
            raise ServiceError(
                "This reflection changed while your feedback was being saved. Read it again, "
                "then give your feedback."
            ) from None
    saved = records.save("feedback", data)
    return FeedbackSaved(saved, changed)


def _check_reply_target(session: Session, feedback_id: str, reflection_id: str | None) -> Record:
    target = session.records.get(feedback_id)
    if target.kind != "feedback" or target.deleted:
        raise ServiceError("The comment you are answering is no longer there.")
    if reflection_id is not None and target.data.get("record_id") != reflection_id:
        raise ServiceError("That comment is about another reflection.")
    return target


def reply(session: Session, feedback_id: str, text: str) -> Record:
    """Answer a comment (the practitioner answering a question, or either side going on)."""
    text = text.strip()
    if not text:
        raise ServiceError("Write your reply first.")
    target = _check_reply_target(session, feedback_id, None)
    return session.records.save(
        "feedback",
        {"record_id": target.data["record_id"], "text": text, "reply_to": feedback_id},
    )


# ---- the practitioner's side ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedbackThread:
    reflection_id: str
    title: str
    family: str
    status: str
    last_activity: str
    question: ThreadEntry | None  # what the supervisor asked (for a returned reflection)
    entries: tuple[ThreadEntry, ...]
    unanswered: bool  # the newest word in the thread is not mine

    @property
    def returned(self) -> bool:
        return self.status == "returned"


def my_threads(session: Session, names: Mapping[str, str] | None = None) -> list[FeedbackThread]:
    """Feedback on my reflections, one thread per reflection: returned ones first, then by
    newest activity."""
    records = session.records
    names = member_names(session) if names is None else names
    me = session.vault.member_id
    feedback_on = {
        str(f.data.get("record_id"))
        for f in _readable(records.iter("feedback", keep=fields("record_id")))
    }
    # Only the reflections that have feedback are read, and only their headings; then only
    # the families and visits those name.
    reflections = {
        r.id: r
        for r in _readable(
            session.vault.get_many(feedback_on, author=False, keep=reflection_heading).values()
        )
        if r.kind == "reflection"
    }
    with_feedback: set[str] = set(reflections)
    families, visits = _linked(session, reflections.values())
    threads = []
    for reflection_id in with_feedback:
        reflection = reflections[reflection_id]
        if owner(session, reflection) != me:
            continue
        entries = feedback_thread(session, reflection_id, names)
        if not entries:
            continue
        _fid, family, _visit = _family_and_visit(reflection.data, families, visits)
        status = str(reflection.data.get("status", ""))
        top = [e for e in reversed(entries) if e.depth == 0 and not e.is_mine]
        question = next((e for e in top if e.review_state == "returned"), None)
        newest = max(entries, key=lambda e: e.when)
        threads.append(
            FeedbackThread(
                reflection_id=reflection_id,
                title=reflection_title(reflection.data) or "Untitled reflection",
                family=_family_name(family),
                status=status,
                last_activity=newest.when,
                question=question if status == "returned" else None,
                entries=tuple(entries),
                unanswered=not newest.is_mine,
            )
        )
    threads.sort(key=lambda t: t.last_activity, reverse=True)
    threads.sort(key=lambda t: not t.returned)
    return threads


def reply_target(entries: Sequence[ThreadEntry]) -> ThreadEntry | None:
    """What a reply answers by default: the newest comment someone else wrote."""
    others = [e for e in entries if not e.is_mine]
    return max(others, key=lambda e: e.when) if others else None
