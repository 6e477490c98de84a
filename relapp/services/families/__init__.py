"""The queries behind the Families and Visits pages: list rows, a family's timeline and open
items, check-in trends, and the links from a visit to its reflection and check-ins.

Plain Python, no Qt: the pages call these inside background read tasks, since each one
decrypts records.

Its parts: model.py (what the pages show), scores.py (check-ins as the pages read them),
rows.py (the Families page), detail.py (one family), visits.py (the Visits page and the visit
editor), saving.py.
"""

from __future__ import annotations

from relapp.services.families.detail import family_detail, trend_series
from relapp.services.families.model import (
    CHECKIN_DUE_DAYS,
    MEMBER_ROLES,
    FamilyChoice,
    FamilyDetail,
    FamilyRow,
    LatestScore,
    LinkedCheckin,
    LinkedReflection,
    Member,
    OpenItem,
    TimelineVisit,
    TrendPoint,
    VisitLinks,
    VisitRow,
    members_from_rows,
    members_of,
    parse_when,
)
from relapp.services.families.rows import family_count, family_page, family_rows, services_of
from relapp.services.families.saving import save_family
from relapp.services.families.scores import SCORED, SCORED_FIELDS
from relapp.services.families.visits import (
    family_choices,
    load_visit,
    visit_count,
    visit_links,
    visit_page,
    visit_rows,
)

__all__ = [
    "CHECKIN_DUE_DAYS",
    "FamilyChoice",
    "FamilyDetail",
    "FamilyRow",
    "LatestScore",
    "LinkedCheckin",
    "LinkedReflection",
    "MEMBER_ROLES",
    "Member",
    "OpenItem",
    "SCORED",
    "SCORED_FIELDS",
    "TimelineVisit",
    "TrendPoint",
    "VisitLinks",
    "VisitRow",
    "family_choices",
    "family_count",
    "family_detail",
    "family_page",
    "family_rows",
    "load_visit",
    "members_from_rows",
    "members_of",
    "parse_when",
    "save_family",
    "services_of",
    "trend_series",
    "visit_count",
    "visit_links",
    "visit_page",
    "visit_rows",
]
