"""Erasing a family (UK GDPR Article 17): a supervisor's action, with a reason and the
request's reference, that removes the family and everything that belongs to it.

What goes: the family record, its visits, check-ins and reflections (submitted ones too:
erasure overrides the lock), its agreement record with every version, the feedback on those
reflections, and words typed but not sent about any of them. Barriers and change tests that
only link to its visits lose the link; their own words may name the family, so they are listed
for the supervisor to read and edit.
What stays: an erasure marker per record (ids, date, role, request, reason), never content.

This is the laptop's part. The store wipes free pages, the WAL and the backups, and keeps a
ledger so a restored backup has the erasure replayed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from relapp.services import team as team_service
from relapp.services.errors import ServiceError
from relapp.services.profile import Session
from relapp.store import audit
from relapp.store import erasure as store
from relapp.store.vault import RecordNotFound

MAX_REQUEST = 64
MAX_REASON = 200


@dataclass(frozen=True)
class ErasurePlan:
    family_id: str
    family_name: str
    records: list[tuple[str, str]]  # (id, kind) of everything that goes
    unlinked: list[str] = field(default_factory=list)  # barriers/change tests losing a link

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for _rid, kind in self.records:
            out[kind] = out.get(kind, 0) + 1
        return out


@dataclass(frozen=True)
class ErasureResult:
    plan: ErasurePlan
    erased: list[store.Erasure]


def find_family(session: Session, wanted: str) -> str:
    """A family by its record id or its reference code (exactly, case-insensitive)."""
    wanted = wanted.strip()
    try:
        record = session.vault.get(wanted)
        if record.kind == "family":
            return record.id
    except RecordNotFound:
        pass
    matches = [
        r.id
        for r in session.vault.list("family")
        if str(r.data.get("reference", "")).strip().lower() == wanted.lower()
    ]
    if len(matches) != 1:
        raise ServiceError(f"{wanted} does not name exactly one family (give its id).")
    return matches[0]


def plan_family_erasure(session: Session, family_id: str) -> ErasurePlan:
    vault = session.vault
    try:
        family = vault.get(family_id)
    except RecordNotFound:
        raise ServiceError("There is no such family on this laptop.") from None
    if family.kind != "family":
        raise ServiceError("That record is not a family.")
    tree = store.tree_of(vault, family_id)
    ids = {rid for rid, _kind in tree}
    # Words not sent yet whose place names one of these records.
    for draft in vault.list("unsent_text"):
        context = str(draft.data.get("context", ""))
        if any(rid in context for rid in ids):
            tree.append((draft.id, "unsent_text"))
    visits = {rid for rid, kind in tree if kind == "visit"}
    unlinked = [r.id for r in vault.list("barrier") if visits & set(r.data.get("visit_ids") or [])]
    return ErasurePlan(family_id, str(family.data.get("display_name", "")), tree, unlinked)


def acting_role(session: Session) -> str:
    """The role the person acts in: the team's (which every laptop checks) once this laptop
    has synced with a team, the profile's own before that."""
    from relapp.store import syncstate

    return syncstate.get_meta(session.vault, "team_role") or session.vault.identity().role


def erase_family(session: Session, family_id: str, *, reason: str, request: str) -> ErasureResult:
    """Erase a family and everything that belongs to it from this laptop, for good."""
    if acting_role(session) != "supervisor":
        raise ServiceError(
            "Only a supervisor can erase a family. Ask your supervisor to carry out the request."
        )
    request, reason = _clean(request, reason)
    plan = plan_family_erasure(session, family_id)
    visits = {rid for rid, kind in plan.records if kind == "visit"}
    # Each linked barrier gets a new version without the erased visits, in the erasure's own
    # transaction: the links go with the family, or nothing happens.
    updates = []
    for barrier_id in plan.unlinked:
        barrier = session.vault.get(barrier_id)
        kept = [v for v in barrier.data.get("visit_ids") or [] if v not in visits]
        data = session.records.prepare("barrier", {**barrier.data, "visit_ids": kept})
        updates.append(("barrier", data, barrier_id, barrier.version))
    erased = store.erase(
        session.vault,
        plan.records,
        by_role="supervisor",
        request=request,
        reason=reason,
        updates=updates,
        root=family_id,
    )
    audit.record(session.vault, "erase", [rid for rid, _kind in plan.records])
    store.wipe_free_space(session.vault)  # the entry above left the WAL with a frame again
    return ErasureResult(plan, erased)


@dataclass(frozen=True)
class ErasureStatus:
    erasure_id: str
    erased_at: str
    request: str
    records: int
    waiting: list[str]  # names of members whose laptops have not confirmed yet


def erasure_status(
    session: Session, team: tuple[Any, list[Any]] | None = None
) -> list[ErasureStatus]:
    """Each erasure this laptop knows of, with the team's laptops that have not yet said they
    applied it (a laptop that is away, or has not synced since). ``team`` is the team state
    and its members when the caller has read them already."""
    vault = session.vault
    confirmed: dict[str, set[str]] = {}
    for done in vault.list("erasure_done"):
        confirmed.setdefault(str(done.data.get("erasure_id")), set()).add(
            store.device_of_first_version(vault, done.id)
        )
    if team is not None:
        state, members = team
    else:
        try:
            state, members = team_service.members(session)
        except ServiceError:
            state, members = None, []
    names = {m.member_id: m.name for m in members}
    out = []
    for record in vault.list("erasure"):
        done = confirmed.get(record.id, set()) | {store.device_of_first_version(vault, record.id)}
        waiting = []
        if state is not None:
            for device_id, device in sorted(state.active_devices().items()):
                if device_id not in done:
                    waiting.append(names.get(device.member_id, device.member_id[-8:]))
        out.append(
            ErasureStatus(
                record.id,
                str(record.data.get("erased_at", "")),
                str(record.data.get("request", "")),
                len(record.data.get("records") or []),
                waiting,
            )
        )
    return out


# ---- a practitioner's request, for the supervisors' queue ----------------------------------


@dataclass(frozen=True)
class ErasureRequest:
    request_id: str
    family_id: str
    family_name: str  # "" when this laptop does not hold the family
    request: str
    reason: str
    asked_by: str  # member id
    asked_at: str
    status: str  # open | declined | done
    answer: str = ""


def _clean(request: str, reason: str) -> tuple[str, str]:
    reason, request = " ".join(reason.split()), " ".join(request.split())
    if not request:
        raise ServiceError("Give the reference of the erasure request (for example SAR-2026-014).")
    if not reason:
        raise ServiceError("Say why the family is erased (without naming anyone).")
    if len(request) > MAX_REQUEST or len(reason) > MAX_REASON:
        raise ServiceError(
            f"Keep the request reference under {MAX_REQUEST} and the reason under "
            f"{MAX_REASON} characters."
        )
    return request, reason


def ask_for_erasure(session: Session, family_id: str, *, reason: str, request: str) -> str:
    """A practitioner asks the team's supervisors to erase a family; returns the request id.
    It reaches them with the next sync and waits in their queue."""
    request, reason = _clean(request, reason)
    family = session.vault.get(family_id)
    if family.kind != "family":
        raise ServiceError("That record is not a family.")
    saved = session.vault.put(
        "erasure_request",
        {"family_id": family_id, "request": request, "reason": reason, "status": "open"},
    )
    audit.record(session.vault, "erasure_request", [family_id, saved.id])
    return saved.id


def erasure_requests(session: Session) -> list[ErasureRequest]:
    """Requests this laptop knows of, open ones first: 'done' once the family is erased."""
    vault = session.vault
    out = []
    for record in vault.list("erasure_request"):
        family_id = str(record.data.get("family_id", ""))
        status = str(record.data.get("status") or "open")
        if store.is_erased(vault, family_id):
            status = "done"
        try:
            name = str(vault.get(family_id).data.get("display_name", ""))
        except RecordNotFound:
            name = ""
        out.append(
            ErasureRequest(
                record.id,
                family_id,
                name,
                str(record.data.get("request", "")),
                str(record.data.get("reason", "")),
                record.author,
                record.created_at,
                status,
                str(record.data.get("answer", "")),
            )
        )
    out.sort(key=lambda r: (r.status != "open", r.asked_at))
    return out


def decline_request(session: Session, request_id: str, answer: str) -> None:
    """A supervisor declines a request, saying why; the practitioner sees the answer."""
    if session.vault.identity().role != "supervisor":
        raise ServiceError("Only a supervisor can answer an erasure request.")
    answer = " ".join(answer.split())
    if not answer:
        raise ServiceError("Say why the request is declined.")
    record = session.vault.get(request_id)
    session.vault.put(
        "erasure_request",
        {**record.data, "status": "declined", "answer": answer[:MAX_REASON]},
        record_id=request_id,
        expected_version=record.version,
    )
    audit.record(
        session.vault, "erasure_declined", [str(record.data.get("family_id", "")), request_id]
    )
