"""Supervision use cases: the team overview, the review queue, one reflection's review context
with its feedback thread, giving feedback and review states, and answering them.

Plain Python (no Qt): the Supervision tabs call these on a worker thread, the tests without Qt.
A supervisor's vault holds what the team's practitioners shared with them; who a record belongs
to is the member who wrote its first version (a supervisor's status change does not move it).
Member names come from the team state on the shared folder and are never stored here.

Its parts: common.py (cadence, review states, who is who), overview.py, queue.py, review.py
(one reflection under review), feedback.py (giving and answering it, and a practitioner's
threads).
"""

from __future__ import annotations

from relapp.services.supervision.common import (
    AROUND_DAYS,
    CADENCE_DAYS,
    DEFAULT_TEXT,
    REVIEW_STATES,
    REVIEWABLE,
    member_names,
    name_of,
    owner,
    team_members,
)
from relapp.services.supervision.feedback import (
    FeedbackSaved,
    FeedbackThread,
    give_feedback,
    my_recent_threads,
    my_threads,
    reply,
    reply_target,
)
from relapp.services.supervision.overview import (
    Overview,
    OverviewRow,
    current_alerts,
    open_actions,
    overview_rows,
    team_overview,
)
from relapp.services.supervision.queue import QueueRow, review_queue
from relapp.services.supervision.review import (
    ReviewContext,
    SectionText,
    ThreadEntry,
    checkins_around,
    feedback_thread,
    review_context,
)

__all__ = [
    "AROUND_DAYS",
    "CADENCE_DAYS",
    "DEFAULT_TEXT",
    "FeedbackSaved",
    "FeedbackThread",
    "Overview",
    "OverviewRow",
    "QueueRow",
    "REVIEWABLE",
    "REVIEW_STATES",
    "ReviewContext",
    "SectionText",
    "ThreadEntry",
    "checkins_around",
    "current_alerts",
    "feedback_thread",
    "give_feedback",
    "member_names",
    "my_recent_threads",
    "my_threads",
    "name_of",
    "open_actions",
    "overview_rows",
    "owner",
    "reply",
    "reply_target",
    "review_context",
    "review_queue",
    "team_members",
    "team_overview",
]
