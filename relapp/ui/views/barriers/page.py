"""The Barriers & changes page: what in the system gets in the way of relational work, and the
small changes the team tests against it. Two tabs, each a list beside an editor; plus the short
form opened from a visit with open_record("new:<visit_id>"). The second tab and the short form
are built when first wanted: most visits to the page never open them."""

from __future__ import annotations

import logging
from typing import Any, cast

from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from relapp.services import barriers as queries
from relapp.services.barriers import BarriersOverview
from relapp.ui.barrier_labels import NEW_PREFIX
from relapp.ui.context import AppContext
from relapp.ui.kit.freshness import Freshness
from relapp.ui.kit.lazy_tabs import LazyTabs
from relapp.ui.views.barriers.barriers_tab import BarriersTab
from relapp.ui.views.barriers.change_tests import ChangeTestsTab
from relapp.ui.views.barriers.quick_form import QuickBarrierForm
from relapp.ui.widgets import MessageLine, heading, paragraph

log = logging.getLogger("relapp.ui.barriers")

BARRIERS, CHANGES = 0, 1  # the tabs


class BarriersPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._pending_open = ""
        self._loaded = False
        # Shown again, the page reloads only after a change (ctx.records_changed) or on a
        # new day.
        self.fresh = Freshness(("barrier", "change_test", "visit", "family"))
        self._overview: BarriersOverview | None = None
        # The change tests' tab (a list and an editor, some 110 widgets) is built when it is
        # first shown; the short form when a barrier is first recorded from a visit.
        self._quick: QuickBarrierForm | None = None
        self.tabs = LazyTabs()
        self.tabs.setAccessibleName(self.tr("Barriers and change tests"))
        self.tabs.setDocumentMode(True)
        self.tabs.built.connect(self._tab_built)
        self.tabs.add_lazy(self.tr("Barriers"), lambda: BarriersTab(ctx))
        self.tabs.add_lazy(self.tr("Change tests"), lambda: ChangeTestsTab(ctx))
        self.barriers = cast(BarriersTab, self.tabs.page(BARRIERS))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.notice = MessageLine()
        self.back_button = QPushButton(self.tr("Back to the &visit"))
        self.back_button.setAccessibleName(self.tr("Back to the visit"))
        self.back_button.clicked.connect(self._back_to_visit)
        self.back_button.hide()
        self._back_visit = ""
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice, 1)
        notice_row.addWidget(self.back_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("Barriers & changes")))
        layout.addWidget(
            paragraph(
                self.tr(
                    "What in the system gets in the way of relational work, and the small "
                    "changes your team tries against it."
                ),
                muted=True,
            )
        )
        layout.addLayout(notice_row)
        layout.addWidget(self.stack, 1)
        ctx.records_changed.connect(self._records_changed)

    @property
    def changes(self) -> ChangeTestsTab:
        return cast(ChangeTestsTab, self.tabs.page(CHANGES))

    @property
    def quick(self) -> QuickBarrierForm:
        if self._quick is None:
            self._quick = QuickBarrierForm(self.ctx)
            self._quick.done.connect(self._quick_done)
            self.stack.addWidget(self._quick)
        return self._quick

    def _tab_built(self, _index: int, tab: QWidget) -> None:
        if self._overview is not None:  # a tab built after the lists came: filled at once
            cast(Any, tab).set_overview(self._overview)

    # ---- the page protocol ---------------------------------------------------------------

    def refresh(self) -> None:
        if self.fresh.due:
            self.reload()

    def reload(self) -> None:
        if self.ctx.session is None:
            return
        records = self.ctx.session.records
        self.fresh.reading()
        self.ctx.runner.read(
            lambda _t: queries.load_overview(records),
            self._overview_loaded,
            self._load_failed,
            owner=self,
        )

    def open_record(self, record_id: str) -> None:
        if record_id.startswith(NEW_PREFIX):
            self.quick_barrier(record_id.removeprefix(NEW_PREFIX))
            return
        if record_id.startswith("kept:"):  # from Today: a new one typed but not saved yet
            if record_id == "kept:change_test":
                self.tabs.setCurrentIndex(CHANGES)
                self.changes.new()
            else:
                self.tabs.setCurrentIndex(BARRIERS)
                self.barriers.new()
            return
        if not self._loaded or (
            record_id not in self.barriers.rows_by_id and not self._is_change_test(record_id)
        ):
            self._pending_open = record_id  # shown when the lists arrive
            return
        self._show(record_id)

    def new_record(self) -> None:
        if self._quick is not None and self.stack.currentWidget() is self._quick:
            return
        if self.tabs.currentIndex() == CHANGES:
            self.changes.new()
        else:
            self.barriers.new()

    def flush(self) -> None:
        editors = [cast(Any, tab).editor for tab in self.tabs.built_pages()]
        for flush in (part.flush for part in (*editors, self._quick) if part is not None):
            try:
                flush()
            except Exception:  # noqa: BLE001 - one editor failing must not stop the others
                log.exception("a barriers page editor failed to save")

    def preload(self) -> None:
        """Built on its first click, not ahead (its PageSpec is not `ahead`)."""

    def release(self) -> None:
        """The barriers and change tests are kept when other pages are in front."""

    # ---- internals -----------------------------------------------------------------------

    def quick_barrier(self, visit_id: str) -> None:
        self.back_button.hide()
        self.notice.clear_message()
        self.stack.setCurrentWidget(self.quick)
        self.quick.start(visit_id)

    def _quick_done(self, barrier_id: str) -> None:
        self.stack.setCurrentWidget(self.tabs)
        self.tabs.setCurrentIndex(BARRIERS)
        if barrier_id:
            self._pending_open = barrier_id
            self._back_visit = self.quick.visit_id
            self.notice.show_info(self.tr("Barrier saved and linked to the visit."))
            self.back_button.setVisible(bool(self._back_visit))
            self.reload()

    def _back_to_visit(self) -> None:
        self.back_button.hide()
        self.notice.clear_message()
        if self._back_visit:
            self.ctx.open_page("visits", self._back_visit)

    def _records_changed(self, kind: str) -> None:
        if self.fresh.watches(kind):
            self.fresh.mark_stale()
            if self.isVisible():
                self.reload()

    def _overview_loaded(self, overview: BarriersOverview) -> None:
        self._loaded = True
        self._overview = overview
        for tab in self.tabs.built_pages():
            cast(Any, tab).set_overview(overview)
        if overview.unreadable:
            self.notice.show_error(
                self.tr(
                    "{0} record(s) could not be read and are not shown. Ask IT to check this "
                    "laptop's Relapp profile."
                ).format(overview.unreadable)
            )
        if self._pending_open:
            record_id, self._pending_open = self._pending_open, ""
            self._show(record_id)

    def _load_failed(self, exc: BaseException) -> None:
        self.fresh.mark_stale()  # try again when the page is next shown
        if self.ctx.session is not None:
            log.error("loading barriers failed: %s: %s", type(exc).__name__, exc)
            self.notice.show_error(self.tr("The barriers could not be loaded. Try again."))

    def _show(self, record_id: str) -> None:
        self.stack.setCurrentWidget(self.tabs)
        if record_id in self.barriers.rows_by_id:
            self.tabs.setCurrentIndex(BARRIERS)
            self.barriers.show_record(record_id)
        elif self._is_change_test(record_id):
            self.tabs.setCurrentIndex(CHANGES)
            self.changes.show_record(record_id)

    def _is_change_test(self, record_id: str) -> bool:
        overview = self._overview
        return overview is not None and any(c.id == record_id for c in overview.change_tests)
