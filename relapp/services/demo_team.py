"""`relapp demo`: a demo team on a demo shared folder, all in one throwaway place.

    <root>/shared        the team's shared folder
    <root>/practitioner  Alex's laptop, full of invented families, visits and reflections
    <root>/supervisor    Jordan's laptop, which has received what Alex shared

Jordan, the supervisor, writes the feedback on Alex's reviewed, returned and to-discuss
reflections (the single-profile demo has Alex write it, as nobody else is there), signs off
one more, and Alex has answered a comment: both laptops have synced since.
Both profiles use DEMO_PASSPHRASE, shown on the unlock screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from relapp.services import supervision, team
from relapp.services.demo import DEMO_PASSPHRASE, build_demo_profile
from relapp.services.profile import Session, create_profile
from relapp.store.vault import Vault

SUPERVISOR_NAME = "Jordan Ellis (demo supervisor)"
ROLES = ("practitioner", "supervisor")
SIGN_OFF = (
    "Thank you, a clear and honest account. I can see the relationship growing; signed off. "
    "Keep noting what helps, it is useful for the team."
)

Comment = tuple[dict[str, Any], list[str]]  # a comment's fields, and the replies to it


def profile_folder(root: Path, role: str) -> Path:
    return root / role


def build_demo_team(root: Path, progress: Callable[[int, int], None] | None = None) -> Path:
    """Build the demo team unless it is there already; returns the root."""
    if all(Vault.exists(profile_folder(root, role)) for role in ROLES):
        return root
    shared = root / "shared"
    shared.mkdir(parents=True, exist_ok=True)
    steps = 5

    def step(done: int) -> None:
        if progress is not None:
            progress(done, steps)

    step(0)
    supervisor, _code = create_profile(
        profile_folder(root, "supervisor"), SUPERVISOR_NAME, "supervisor", DEMO_PASSPHRASE
    )
    try:
        team.create(supervisor, shared, "Early Help North (demo)")
        step(1)
        practitioner = build_demo_profile(profile_folder(root, "practitioner"))
        try:
            comments = _take_back_feedback(practitioner)
            step(2)
            team.join(practitioner, shared)
            team.approve_request(supervisor, practitioner.vault.device_id, "practitioner")
            step(3)
            team.sync_once(practitioner)
            team.sync_once(supervisor)
            step(4)
            _review_as_supervisor(supervisor, practitioner, comments)
        finally:
            practitioner.close()
    finally:
        supervisor.close()
    step(5)
    return root


def _take_back_feedback(practitioner: Session) -> list[Comment]:
    """The single-profile demo has Alex write the supervisor's comments; in the team Jordan
    writes them. Moves Alex's copies to the trash and returns them, oldest first."""
    records = practitioner.records
    feedback = sorted(
        (f for f in records.list("feedback") if f.error is None),
        key=lambda f: (f.created_at, f.id),
    )
    replies: dict[str, list[str]] = {}
    for note in feedback:
        if note.data.get("reply_to"):
            replies.setdefault(str(note.data["reply_to"]), []).append(str(note.data["text"]))
    comments = [
        (dict(note.data), replies.get(note.id, []))
        for note in feedback
        if not note.data.get("reply_to")
    ]
    for note in feedback:
        records.delete(note.id)
    return comments


def _review_as_supervisor(
    supervisor: Session, practitioner: Session, comments: list[Comment]
) -> None:
    """Jordan writes the comments (the states they set are already on the reflections) and
    signs off the longest-waiting reflection; Alex answers after a sync; both sync again."""
    answers: list[tuple[str, str]] = []
    for data, replies in comments:
        note = supervisor.records.save("feedback", data)
        answers += [(note.id, text) for text in replies]
    queue = supervision.review_queue(supervisor, names={})
    if queue:
        supervision.give_feedback(supervisor, queue[0].id, SIGN_OFF, "reviewed")
    team.sync_once(supervisor)
    team.sync_once(practitioner)
    for feedback_id, text in answers:
        supervision.reply(practitioner, feedback_id, text)
    team.sync_once(practitioner)
    team.sync_once(supervisor)
