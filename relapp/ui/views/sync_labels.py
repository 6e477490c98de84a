"""How the Sync page names record kinds and team roles."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("SyncPage", text)


def kind_label(kind: str) -> str:
    return {
        "family": _tr("Family"),
        "visit": _tr("Visit"),
        "reflection": _tr("Reflection"),
        "checkin": _tr("Check-in"),
        "barrier": _tr("Barrier"),
        "change_test": _tr("Change test"),
        "feedback": _tr("Feedback"),
        "supervision_session": _tr("Supervision session"),
        "agreement": _tr("Family's agreement"),
    }.get(kind, kind)


def role_label(role: str) -> str:
    return {"practitioner": _tr("Practitioner"), "supervisor": _tr("Supervisor")}.get(role, role)
