"""What the reflection editor says about the reflection it shows: the line of context under its
heading, the banner for a submitted or amended one, and the supervisor's latest feedback."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QTime

from relapp.domain.definitions import Template
from relapp.services.errors import Record, ServiceError, VersionConflict
from relapp.services.records import ReflectionLocked
from relapp.services.reflections import supervisor_question
from relapp.ui.formatting import format_when, mode_label
from relapp.ui.kit.dialogs import say
from relapp.ui.reflection_parts import QUESTION_ACCENT, status_label

log = logging.getLogger("relapp.ui.reflections")


def clock_now() -> str:
    return QLocale().toString(QTime.currentTime(), QLocale.FormatType.ShortFormat)


def visit_label(visit: Record) -> str:
    return f"{mode_label(str(visit.data.get('mode', '')))}, {format_when(visit.data['when'])}"


def context_line(
    data: Mapping[str, Any],
    status: str,
    families: Mapping[str, Record],
    visits: Mapping[str, Record],
    template: Template | None,
) -> str:
    """Family, visit, template and state, joined by dots; a draft shows its family and visit in
    its form instead."""
    parts = []
    if status != "draft":
        family = families.get(str(data.get("family_id", "")))
        if family:
            parts.append(family.data["display_name"])
        visit = visits.get(str(data.get("visit_id", "")))
        if visit:
            parts.append(visit_label(visit))
    parts.append(template.title if template else str(data.get("template_id", "")))
    parts.append(status_label(status))
    return " · ".join(p for p in parts if p)


def banner_notice(data: Mapping[str, Any], status: str) -> tuple[str, str] | None:
    """The banner's title and text: read-only once submitted, or amending; None for a draft."""
    if status != "draft":
        when = format_when(str(data.get("submitted_at", "")))
        title = (
            QCoreApplication.translate(
                "ReflectionEditor", "Submitted on {0} — read-only. Use Amend to add a new version."
            ).format(when)
            if when
            else QCoreApplication.translate(
                "ReflectionEditor", "Submitted — read-only. Use Amend to add a new version."
            )
        )
        extra = {
            "reviewed": QCoreApplication.translate(
                "ReflectionEditor", "Your supervisor has reviewed it."
            ),
            "to_discuss": QCoreApplication.translate(
                "ReflectionEditor", "Your supervisor would like to talk it through."
            ),
            "returned": QCoreApplication.translate(
                "ReflectionEditor", "Your supervisor returned it with a question (below)."
            ),
        }.get(
            status, QCoreApplication.translate("ReflectionEditor", "Waiting for your supervisor.")
        )
        return title, extra
    if data.get("amendment_reason"):
        return (
            QCoreApplication.translate("ReflectionEditor", "Amending: {0}").format(
                data["amendment_reason"]
            ),
            QCoreApplication.translate(
                "ReflectionEditor",
                "This is a new version; the one you submitted stays in the history. Submit "
                "again when you are ready.",
            ),
        )
    return None


def feedback_notice(feedback: Sequence[Record]) -> tuple[str, str, str, str] | None:
    """Title, text, detail and accent for the supervisor's latest feedback, with the earlier
    comments and replies under it; None when there is none."""
    question = supervisor_question(feedback)
    if question is None:
        return None
    returned = question.data.get("review_state") == "returned"
    title = (
        QCoreApplication.translate("ReflectionEditor", "Question from your supervisor")
        if returned
        else QCoreApplication.translate("ReflectionEditor", "Feedback from your supervisor")
    )
    older = [r for r in feedback if r is not question]
    detail = QCoreApplication.translate("ReflectionEditor", "Sent {0}").format(
        format_when(question.created_at)
    )
    if older:
        detail += "\n\n" + "\n\n".join(
            ("↳ " if r.data.get("reply_to") else "")
            + f"{format_when(r.created_at)}: {r.data.get('text', '')}"
            for r in older
        )
    return title, str(question.data.get("text", "")), detail, QUESTION_ACCENT if returned else ""


def save_problem(exc: BaseException) -> tuple[str, str, str, bool]:
    """Why a draft was not saved, for "Not saved: …", and the button that tries again: its
    text, its tooltip, and whether it keeps this text over a version saved elsewhere."""
    if isinstance(exc, VersionConflict):
        return (
            QCoreApplication.translate(
                "ReflectionEditor", "it was changed in another window or on another device"
            ),
            QCoreApplication.translate("ReflectionEditor", "&Keep my text"),
            QCoreApplication.translate(
                "ReflectionEditor",
                "Save your text as the newest version; the other stays in the history.",
            ),
            True,
        )
    if isinstance(exc, ReflectionLocked):
        return (
            QCoreApplication.translate("ReflectionEditor", "it has been submitted meanwhile"),
            QCoreApplication.translate("ReflectionEditor", "&Keep my text"),
            QCoreApplication.translate(
                "ReflectionEditor", "Save your text as a new draft reflection."
            ),
            True,
        )
    if not isinstance(exc, ServiceError | ValueError):
        log.error("saving a reflection draft failed: %s", exc, exc_info=exc)
    return say(exc), QCoreApplication.translate("ReflectionEditor", "&Try again"), "", False
