"""The Supervision page: a supervisor's workspace, or a practitioner's feedback and sessions.

The page only chooses and hosts the tabs; each tab is its own widget in relapp/ui/supervision.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QVBoxLayout, QWidget

from relapp.ui.context import AppContext
from relapp.ui.kit.lazy_tabs import LazyTabs
from relapp.ui.widgets import heading, paragraph


def _supervisor_tabs() -> list[tuple[str, str, Callable[[AppContext], QWidget]]]:
    from relapp.ui.supervision.audit import AuditTrailTab
    from relapp.ui.supervision.board import BarriersBoardTab
    from relapp.ui.supervision.overview import TeamOverviewTab
    from relapp.ui.supervision.reports import ReportsTab
    from relapp.ui.supervision.review import ReviewQueueTab
    from relapp.ui.supervision.sessions import SessionsTab
    from relapp.ui.supervision.trends import CaseloadTrendsTab

    return [
        # Short titles: all six fit the tab bar at the smallest window (900 px), none cut.
        ("overview", "Overview", TeamOverviewTab),
        ("review", "Review queue", ReviewQueueTab),
        ("sessions", "Sessions", SessionsTab),
        ("trends", "Trends", CaseloadTrendsTab),
        ("board", "Barriers board", BarriersBoardTab),
        ("reports", "Reports", ReportsTab),
        ("audit", "Audit trail", AuditTrailTab),
    ]


def _practitioner_tabs() -> list[tuple[str, str, Callable[[AppContext], QWidget]]]:
    from relapp.ui.supervision.my_feedback import MyFeedbackTab
    from relapp.ui.supervision.sessions import SessionsTab

    return [
        ("feedback", "Feedback on my reflections", MyFeedbackTab),
        ("sessions", "My supervision sessions", SessionsTab),
    ]


def _built(factory: Callable[[AppContext], QWidget], ctx: AppContext, key: str) -> QWidget:
    widget = factory(ctx)
    widget.setObjectName(f"supervision-{key}")
    return widget


class SupervisionPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        session = ctx.require_session()
        self.is_supervisor = session.vault.identity().role == "supervisor"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("Supervision")))
        layout.addWidget(
            paragraph(
                self.tr(
                    "Review reflections, give feedback, meet and agree actions, and see how "
                    "relationships with families are going across the team."
                )
                if self.is_supervisor
                else self.tr(
                    "What your supervisor said about your reflections, and your supervision "
                    "sessions and agreed actions."
                ),
                muted=True,
            )
        )
        # Each tab is built when first shown (a supervisor's seven are some 170 widgets and
        # their reads): the page's first click costs the tab in front.
        self.tabs = LazyTabs()
        self.tabs.setAccessibleName(self.tr("Supervision sections"))
        self.tab_keys: list[str] = []
        specs = _supervisor_tabs() if self.is_supervisor else _practitioner_tabs()
        for key, title, factory in specs:
            self.tab_keys.append(key)
            self.tabs.add_lazy(self.tr(title), partial(_built, factory, ctx, key))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)

    def tab(self, key: str) -> QWidget:
        return self.tabs.page(self.tab_keys.index(key))

    def show_tab(self, key: str) -> QWidget:
        return self.tabs.show_page(self.tab_keys.index(key))

    def _tab_changed(self, index: int) -> None:
        widget = self.tabs.page(index) if index >= 0 else None
        if hasattr(widget, "refresh"):
            widget.refresh()

    def refresh(self) -> None:
        self._tab_changed(self.tabs.currentIndex())

    def open_record(self, record_id: str) -> None:
        """Open a reflection in the review queue (supervisors) or its feedback thread;
        "sessions:<member id>" and "overview:<member id>" show those tabs (from Today)."""
        tab_key, sep, _member = record_id.partition(":")
        if sep and tab_key in self.tab_keys:
            self.show_tab(tab_key)
            return
        key = "review" if self.is_supervisor else "feedback"
        tab = self.show_tab(key)
        if hasattr(tab, "open_record"):
            tab.open_record(record_id)

    def new_record(self) -> None:
        tab = self.tabs.current_page()
        if hasattr(tab, "new_record"):
            tab.new_record()

    def flush(self) -> None:
        for widget in self.tabs.built_pages():
            if hasattr(widget, "flush"):
                widget.flush()

    def preload(self) -> None:
        """Built on its first click, not ahead (its PageSpec is not `ahead`)."""

    def release(self) -> None:
        """Each tab keeps what it read when other pages are in front."""
