"""Gathering everything this laptop holds about one family: its tree of records, barriers noted
at its visits, passages of supervision notes that name it, and the audit entries about it."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from relapp.services.errors import ServiceError
from relapp.services.families import members_of
from relapp.services.profile import Session
from relapp.services.subject_access.items import item_of
from relapp.services.subject_access.model import (
    ACTION_WORDS,
    MIN_SINGLE_NAME,
    TEAM_NOTES,
    WHOLE_EXPORTS,
    AuditLine,
    Item,
    Mention,
    Person,
    Progress,
    SubjectAccess,
)
from relapp.services.subject_access.names import (
    Matcher,
    family_terms,
    find_family,
    matcher_for,
    surname_of,
)
from relapp.services.supervision import member_names, name_of
from relapp.store import audit, syncstate
from relapp.store.erasure import tree_of
from relapp.store.vault import Record


def _steps(progress: Progress, total: int) -> Callable[[], None]:
    done = 0
    if progress is not None:
        progress(0, total)

    def step() -> None:
        nonlocal done
        done = min(done + 1, total)
        if progress is not None:
            progress(done, total)

    return step


def gather(session: Session, family_id: str, *, progress: Progress = None) -> SubjectAccess:
    """Everything this laptop holds about one family. `progress(done, total)` is told as it
    goes (it may raise to cancel: nothing has been written then)."""
    vault = session.vault
    step = _steps(progress, 8)
    family_id = find_family(session, family_id)
    family = vault.get(family_id, strict=False)
    if family.error:
        raise ServiceError("The family's record could not be opened: it is damaged.")
    staff = member_names(session)
    step()

    members = [
        {"name": m.name, "role": m.role, "birth_year": m.birth_year}
        for m in members_of(family.data)
    ]
    own = family_terms(family.data) | {str(m["name"]) for m in members}
    matcher = matcher_for(session, family, own, staff)
    step()

    tree = tree_of(vault, family_id)
    ids = [rid for rid, _kind in tree]
    # Words typed but not sent yet whose place names one of these records.
    for draft in vault.iter("unsent_text"):
        context = str(draft.data.get("context", ""))
        if any(rid in context for rid in ids):
            ids.append(draft.id)
    for draft in vault.iter("unsent_text", deleted=True):
        context = str(draft.data.get("context", ""))
        if any(rid in context for rid in ids) and draft.id not in ids:
            ids.append(draft.id)
    records = vault.get_many(ids)
    mine = set(records)
    step()

    people: dict[str, Person] = {}

    def person(member_id: str | None) -> Person | None:
        if not member_id:
            return None
        if member_id not in people:
            people[member_id] = Person(member_id, name_of(staff, member_id))
        return people[member_id]

    def written_by(record: Record) -> Person | None:
        return person(syncstate.owner_of(vault, record.id) or record.author)

    by_kind: dict[str, list[Item]] = {}
    visits_here: set[str] = set()
    for record in records.values():
        if record.kind == "family":
            continue
        item = item_of(session, record, written_by(record), matcher, own, mine)
        by_kind.setdefault(record.kind, []).append(item)
        if record.kind == "visit":
            visits_here.add(record.id)
    family_item = item_of(session, family, written_by(family), matcher, own, mine)
    if family.data.get("assigned_to"):
        assigned = person(str(family.data["assigned_to"]))
        if assigned is not None:
            family_item.facts.append(("Practitioner", assigned.name))
    step()

    # Barriers noted at this family's visits: their words are about the team's work.
    barriers = []
    for barrier in vault.iter("barrier"):
        links = set(barrier.data.get("visit_ids") or [])
        if barrier.error or not links & visits_here:
            continue
        item = item_of(session, barrier, written_by(barrier), matcher, own, mine | visits_here)
        barriers.append(item)
    step()

    mentions = _mentions(session, family, own, matcher, person)
    step()

    lines = _audit_lines(session, family, set(records) | {b.id for b in barriers}, records, person)
    step()

    identity = vault.identity()
    made_by = Person(identity.member_id, identity.name)
    known = ("visit", "checkin", "reflection", "feedback", "unsent_text", "agreement")
    result = SubjectAccess(
        family_id=family.id,
        reference=str(family.data.get("reference") or ""),
        display_name=str(family.data.get("display_name") or ""),
        made_at=datetime.now(UTC).isoformat(timespec="seconds"),
        made_by=made_by,
        device=vault.device_id,
        family=family_item,
        members=members,
        visits=_ordered(by_kind.get("visit", [])),
        checkins=_ordered(by_kind.get("checkin", [])),
        reflections=_ordered(by_kind.get("reflection", [])),
        feedback=_ordered(by_kind.get("feedback", [])),
        unsent=_ordered(by_kind.get("unsent_text", [])),
        barriers=_ordered(barriers),
        agreements=_ordered(by_kind.get("agreement", [])),
        others=_ordered([i for k, v in by_kind.items() if k not in known for i in v]),
        mentions=mentions,
        audit=lines,
    )
    step()
    return result


def _ordered(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.when, i.id))


def _passages(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def _mentions(
    session: Session,
    family: Record,
    own: set[str],
    matcher: Matcher,
    person: Callable[[str | None], Person | None],
) -> list[Mention]:
    """The passages of supervision sessions (notes, agenda, actions) that name the family by
    its reference code, its name or a member's full name; the rest of each session stays out."""
    names = [t for t in own if " " in t.strip() or t == str(family.data.get("reference") or "")]
    names += [surname_of(str(family.data.get("display_name") or ""))]
    names = [n for n in names if len(n.strip()) >= MIN_SINGLE_NAME]
    if not names:
        return []
    pattern = re.compile(
        r"(?<!\w)("
        + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        + r")(?!\w)",
        re.I,
    )
    found = []
    for record in session.records.iter("supervision_session"):
        if record.error:
            continue
        data = record.data
        pieces = _passages(str(data.get("notes") or ""))
        pieces += [str(a) for a in data.get("agenda") or []]
        pieces += [
            str(a.get("text") or "") for a in data.get("actions") or [] if isinstance(a, dict)
        ]
        hits = [p for p in pieces if pattern.search(p)]
        if hits:
            found.append(
                Mention(
                    session_id=record.id,
                    when=str(data.get("when") or ""),
                    practitioner=person(str(data.get("practitioner_id") or "")),
                    written_by=person(
                        syncstate.owner_of(session.vault, record.id) or record.author
                    ),
                    passages=tuple(matcher.text(p, TEAM_NOTES) for p in hits),
                )
            )
    return sorted(found, key=lambda m: (m.when, m.session_id))


def _audit_lines(
    session: Session,
    family: Record,
    ids: set[str],
    records: Mapping[str, Record],
    person: Callable[[str | None], Person | None],
) -> list[AuditLine]:
    kinds = {rid: r.kind for rid, r in records.items()}
    kinds.setdefault(family.id, "family")
    lines = []
    for entry in audit.entries_about(session.vault, ids, actions=WHOLE_EXPORTS):
        if entry.action in WHOLE_EXPORTS and entry.at < family.created_at:
            continue  # exported before the family was recorded here
        here = tuple((rid, kinds.get(rid, "barrier")) for rid in entry.records if rid in ids)
        who = person(entry.member) or Person(entry.member, "")
        lines.append(
            AuditLine(
                seq=entry.seq,
                at=entry.at,
                who=who,
                device=entry.device[-8:],
                action=entry.action,
                words=ACTION_WORDS.get(entry.action, entry.action.replace("_", " ")),
                records=here,
                others=len(entry.records) - len(here),
            )
        )
    return lines
