"""Giving feedback and a review state, answering it, and the practitioner's side: their threads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from relapp.services.errors import ServiceError
from relapp.services.profile import Session
from relapp.services.reflections import reflection_heading, reflection_title
from relapp.services.supervision.common import (
    DEFAULT_TEXT,
    REVIEW_STATES,
    REVIEWABLE,
    family_and_visit,
    family_label,
    linked_records,
    member_names,
    readable,
)
from relapp.services.supervision.review import ThreadEntry, feedback_thread
from relapp.store import queries
from relapp.store.vault import Record, VersionConflict


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


# Threads listed at first: the returned ones and the most recent. With years of feedback
# (3,000 reflections with some) building every thread took seconds and 13 MB; the list says
# how many more there are, and any reflection's thread opens from it or from the Reflections
# page.
THREADS_SHOWN = 100


def my_threads(session: Session, names: Mapping[str, str] | None = None) -> list[FeedbackThread]:
    """Feedback on my reflections, one thread per reflection: returned ones first, then by
    newest activity. Every one of them (my_recent_threads lists the first few)."""
    return my_recent_threads(session, names, limit=None)[0]


def my_recent_threads(
    session: Session,
    names: Mapping[str, str] | None = None,
    *,
    limit: int | None = -1,
    include: str = "",
) -> tuple[list[FeedbackThread], int]:
    """The first `limit` threads of my_threads (THREADS_SHOWN unless given; all with None),
    and the one on reflection `include` wherever it comes; and how many reflections of mine
    have feedback. Which ones, and in what order, comes from the database (when each
    reflection's newest feedback was written, whose it is: queries.owners, whether it was
    returned); only the threads listed are read."""
    if limit == -1:
        limit = THREADS_SHOWN
    vault = session.vault
    names = member_names(session) if names is None else names
    me = vault.member_id
    activity = queries.feedback_activity(vault)
    whose = queries.owners(vault, "reflection", activity)
    returned = queries.ids_with_status(vault, "reflection", "returned")
    mine = [rid for rid in activity if whose.get(rid) == me]
    mine.sort(key=lambda rid: activity[rid], reverse=True)
    mine.sort(key=lambda rid: rid not in returned)
    chosen = mine if limit is None else mine[:limit]
    if include and include in activity and include not in chosen:
        chosen = [*chosen, include]
    # Only the headings of the reflections listed; then only the families and visits those
    # name.
    reflections = {
        r.id: r
        for r in readable(vault.get_many(chosen, author=False, keep=reflection_heading).values())
        if r.kind == "reflection"
    }
    families, visits = linked_records(session, reflections.values())
    threads = []
    for reflection_id in chosen:
        reflection = reflections.get(reflection_id)
        if reflection is None or whose.get(reflection_id) != me:
            continue
        entries = feedback_thread(session, reflection_id, names)
        if not entries:
            continue
        _fid, family, _visit = family_and_visit(reflection.data, families, visits)
        status = str(reflection.data.get("status", ""))
        top = [e for e in reversed(entries) if e.depth == 0 and not e.is_mine]
        question = next((e for e in top if e.review_state == "returned"), None)
        newest = max(entries, key=lambda e: e.when)
        threads.append(
            FeedbackThread(
                reflection_id=reflection_id,
                title=reflection_title(reflection.data) or "Untitled reflection",
                family=family_label(family),
                status=status,
                last_activity=newest.when,
                question=question if status == "returned" else None,
                entries=tuple(entries),
                unanswered=not newest.is_mine,
            )
        )
    threads.sort(key=lambda t: t.last_activity, reverse=True)
    threads.sort(key=lambda t: not t.returned)
    return threads, len(mine)


def reply_target(entries: Sequence[ThreadEntry]) -> ThreadEntry | None:
    """What a reply answers by default: the newest comment someone else wrote."""
    others = [e for e in entries if not e.is_mine]
    return max(others, key=lambda e: e.when) if others else None
