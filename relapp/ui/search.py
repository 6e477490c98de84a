"""Search (Ctrl+F): the dialog that queries the search index.

The index is in the profile's encrypted database, kept current by the database on every write
(relapp.store.search_index): it is ready as soon as the profile unlocks and goes with the
database when it locks. Searches run off the UI thread.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLocale,
    QObject,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QKeyEvent,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relapp.services.errors import VaultLocked
from relapp.services.search import MATCH_END, MATCH_START, SearchResult, SearchService
from relapp.ui.context import AppContext
from relapp.ui.formatting import format_when

log = logging.getLogger("relapp.ui.search")

RESULT_LIMIT = 50
TYPING_PAUSE_MS = 120
RESULT_ROLE = Qt.ItemDataRole.UserRole + 1
HEADER_ROLE = Qt.ItemDataRole.UserRole + 2

# Which page shows each kind of record (see relapp.ui.views.page_specs).
PAGE_FOR_KIND = {
    "family": "families",
    "visit": "visits",
    "reflection": "reflections",
    "checkin": "checkins",
    "barrier": "barriers",
    "change_test": "barriers",
    "feedback": "supervision",
    "supervision_session": "supervision",
}
GROUP_ORDER = (
    "family",
    "visit",
    "reflection",
    "checkin",
    "barrier",
    "change_test",
    "feedback",
    "supervision_session",
)


def group_title(kind: str) -> str:
    tr = QCoreApplication.translate
    titles = {
        "family": tr("SearchDialog", "Families"),
        "visit": tr("SearchDialog", "Visits"),
        "reflection": tr("SearchDialog", "Reflections"),
        "checkin": tr("SearchDialog", "Check-ins"),
        "barrier": tr("SearchDialog", "Barriers"),
        "change_test": tr("SearchDialog", "Change tests"),
        "feedback": tr("SearchDialog", "Feedback"),
        "supervision_session": tr("SearchDialog", "Supervision sessions"),
    }
    return titles.get(kind, kind)


def field_title(result: SearchResult) -> str:
    if result.field_title:
        return result.field_title
    tr = QCoreApplication.translate
    titles = {
        "display_name": tr("SearchDialog", "Name"),
        "reference": tr("SearchDialog", "Reference"),
        "notes": tr("SearchDialog", "Notes"),
        "service": tr("SearchDialog", "Service"),
        "members": tr("SearchDialog", "Family members"),
        "purpose": tr("SearchDialog", "Purpose"),
        "present": tr("SearchDialog", "Present"),
        "title": tr("SearchDialog", "Title"),
        "themes": tr("SearchDialog", "Themes"),
        "amendment_reason": tr("SearchDialog", "Reason for amending"),
        "comment": tr("SearchDialog", "Comment"),
        "description": tr("SearchDialog", "Description"),
        "category": tr("SearchDialog", "Category"),
        "plan": tr("SearchDialog", "Plan"),
        "do": tr("SearchDialog", "Do"),
        "study": tr("SearchDialog", "Study"),
        "act": tr("SearchDialog", "Act"),
        "measure": tr("SearchDialog", "Measure"),
        "outcome": tr("SearchDialog", "Outcome"),
        "text": tr("SearchDialog", "Feedback"),
        "agenda": tr("SearchDialog", "Agenda"),
        "actions": tr("SearchDialog", "Actions"),
    }
    return titles.get(result.field, "")


def snippet_html(snippet: str) -> str:
    """Escape the text, then turn the index's match markers into bold."""
    return html.escape(snippet).replace(MATCH_START, "<b>").replace(MATCH_END, "</b>")


def snippet_plain(snippet: str) -> str:
    return snippet.replace(MATCH_START, "").replace(MATCH_END, "")


# ---- the service ------------------------------------------------------------------------


def search_service_for(ctx: AppContext) -> SearchService | None:
    """The unlocked profile's search service (the index is in its database, ready at unlock);
    None while the profile is locked."""
    if ctx.session is None:
        return None
    return SearchService(ctx.session.records)


# ---- the dialog -------------------------------------------------------------------------


def _muted(palette: QPalette, selected: bool) -> str:
    """Secondary text: the text colour blended towards the background, so it reads in light
    and dark themes alike (the placeholder colour often carries an alpha that HTML drops)."""
    group = QPalette.ColorGroup.Active
    if selected:
        text = palette.color(group, QPalette.ColorRole.HighlightedText)
        back = palette.color(group, QPalette.ColorRole.Highlight)
    else:
        text = palette.color(group, QPalette.ColorRole.Text)
        back = palette.color(group, QPalette.ColorRole.Base)
    mix = 0.35 if selected else 0.45
    blended = QColor(
        round(text.red() * (1 - mix) + back.red() * mix),
        round(text.green() * (1 - mix) + back.green() * mix),
        round(text.blue() * (1 - mix) + back.blue() * mix),
    )
    return blended.name()


class _ResultDelegate(QStyledItemDelegate):
    """Draws a result as two lines of rich text: title and date, then the field and snippet
    with the matched words in bold. Group headers are drawn as bold headings."""

    PADDING = 6

    def _html(self, option: QStyleOptionViewItem, index: object) -> str:
        header = index.data(HEADER_ROLE)  # type: ignore[attr-defined]
        if header:
            return f"<b>{html.escape(header)}</b>"
        result: SearchResult = index.data(RESULT_ROLE)  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        muted = _muted(option.palette, selected)
        title = html.escape(result.title or group_title(result.kind))
        when = format_when(result.when)
        top = f"<b>{title}</b>" + (
            f" <span style='color:{muted}'>· {html.escape(when)}</span>" if when else ""
        )
        label = field_title(result)
        lead = f"<span style='color:{muted}'>{html.escape(label)}:</span> " if label else ""
        return f"{top}<br>{lead}{snippet_html(result.snippet)}"

    def _document(self, option: QStyleOptionViewItem, index: object, width: int) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(self.PADDING)
        doc.setHtml(self._html(option, index))
        doc.setTextWidth(max(width, 100))
        return doc

    def paint(self, painter, option, index) -> None:  # noqa: ANN001 - Qt API
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        is_header = bool(index.data(HEADER_ROLE))
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        if not is_header:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(opt, index, opt.rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        # Headers are disabled rows (so the keyboard skips them) but must not look greyed out.
        context.palette.setColor(
            QPalette.ColorRole.Text, opt.palette.color(QPalette.ColorGroup.Active, role)
        )
        painter.save()
        painter.translate(opt.rect.topLeft())
        painter.setClipRect(0, 0, opt.rect.width(), opt.rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: ANN001, N802 - Qt API
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        view = opt.widget
        width = view.viewport().width() if isinstance(view, QAbstractItemView) else 500
        doc = self._document(opt, index, width)
        extra = 8 if index.data(HEADER_ROLE) else 2
        return QSize(width, int(doc.size().height()) + extra)


class SearchDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Search"))
        self.setAccessibleName(self.tr("Search"))
        self.resize(720, 560)
        self.service = search_service_for(ctx)
        self._shown_query: str | None = None
        self._open_when_ready = False  # Enter was pressed before the results came in

        self.box = QLineEdit()
        self.box.setPlaceholderText(
            self.tr("Search families, visits, reflections, check-ins, barriers…")
        )
        self.box.setClearButtonEnabled(True)
        self.box.setAccessibleName(self.tr("Search for"))
        self.box.setAccessibleDescription(
            self.tr("Type words to find. Press Down to go to the results and Enter to open one.")
        )
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Search status"))

        self.results = QTreeWidget()
        self.results.setHeaderHidden(True)
        self.results.setRootIsDecorated(False)
        self.results.setIndentation(0)
        self.results.setUniformRowHeights(False)
        self.results.setWordWrap(True)
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setItemDelegate(_ResultDelegate(self.results))
        self.results.itemActivated.connect(self._open_item)
        self.results.installEventFilter(self)
        self.results.viewport().installEventFilter(self)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        # Enter belongs to the search box and the results, never to this button.
        close.setAutoDefault(False)
        close.setDefault(False)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(self.box)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        layout.addWidget(buttons)
        self.setTabOrder(self.box, self.results)
        self.setTabOrder(self.results, close)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(TYPING_PAUSE_MS)
        self.timer.timeout.connect(self._run_search)
        self.box.textChanged.connect(self._typed)
        self.box.installEventFilter(self)
        # Never leave decrypted snippets over the unlock screen. (A plain method: PySide drops
        # the connection when the dialog is deleted.)
        ctx.locked.connect(self._profile_locked)
        # A change saved or received meanwhile is in the index at once: look again.
        ctx.records_changed.connect(self._records_changed)
        self._show_state()

    def _profile_locked(self) -> None:
        self.results.clear()
        self.reject()

    # ---- state -------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self.service is not None

    def _show_state(self) -> None:
        if self.service is None:
            self._say(self.tr("Search works while Relapp is unlocked."))
        elif not self.box.text().strip():
            self._say(
                self.tr(
                    "Type a word or two: a name, a place, something from a reflection. "
                    "Results appear as you type."
                )
            )

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleDescription(text)

    def _records_changed(self, _kind: str) -> None:
        if self.box.text().strip():
            self._shown_query = None
            self._run_search()

    # ---- searching ---------------------------------------------------------------------

    def _typed(self, _text: str) -> None:
        self._open_when_ready = False
        self.timer.start()

    def _run_search(self) -> None:
        self.timer.stop()
        query = self.box.text().strip()
        if not query:
            self.results.clear()
            self._shown_query = ""
            self._show_state()
            return
        if self.service is None:
            self._show_state()
            return
        if query == self._shown_query:
            return
        service = self.service
        self.ctx.runner.read(
            lambda _t: (query, service.search(query, RESULT_LIMIT), service.pending()),
            self._show_results,
            self._search_failed,
            owner=self,
        )

    def _search_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, VaultLocked):
            log.error("search failed: %s", type(exc).__name__)
            self._say(self.tr("That search did not work. Try other words."))

    def _show_results(self, outcome: tuple[str, list[SearchResult], int]) -> None:
        query, found, pending = outcome
        if query != self.box.text().strip():
            return  # the person kept typing; a newer search is on its way
        self._shown_query = query
        keep = self._current_result()
        self.results.clear()
        groups: dict[str, list[SearchResult]] = {}
        for result in found:
            groups.setdefault(result.kind, []).append(result)
        selected: QTreeWidgetItem | None = None
        for kind in sorted(groups, key=lambda k: GROUP_ORDER.index(k) if k in GROUP_ORDER else 99):
            items = groups[kind]
            header = QTreeWidgetItem([f"{group_title(kind)} ({len(items)})"])
            header.setData(0, HEADER_ROLE, f"{group_title(kind)} ({len(items)})")
            header.setFlags(Qt.ItemFlag.NoItemFlags)  # the keyboard skips disabled rows
            self.results.addTopLevelItem(header)
            for result in items:
                when = format_when(result.when)
                plain = " · ".join(filter(None, (result.title, when)))
                item = QTreeWidgetItem([plain + "\n" + snippet_plain(result.snippet)])
                item.setData(0, RESULT_ROLE, result)
                item.setData(
                    0,
                    Qt.ItemDataRole.AccessibleTextRole,
                    f"{group_title(kind)}: {plain}. {field_title(result)}: "
                    f"{snippet_plain(result.snippet)}",
                )
                self.results.addTopLevelItem(item)
                if keep is not None and result.record_id == keep.record_id:
                    selected = item
        if found:
            more = len(found) >= RESULT_LIMIT
            text = (
                self.tr("The best {0} matches. Add a word to narrow them down.").format(len(found))
                if more
                else self.tr("1 match. Press Down to choose it, Enter to open it.")
                if len(found) == 1
                else self.tr("{0} matches. Press Down to choose one, Enter to open it.").format(
                    len(found)
                )
            )
            self._say(text + self._pending_note(pending))
            current = selected or self._first_result()
            if current is not None:
                self.results.setCurrentItem(current)
            if self._open_when_ready:
                self._open_item(self.results.currentItem())
        else:
            self._say(
                self.tr("Nothing matches “{0}”. Check the spelling or try fewer words.").format(
                    query
                )
                + self._pending_note(pending)
            )

    def _pending_note(self, pending: int) -> str:
        if not pending:
            return ""
        return " " + self.tr(
            "Search is still being prepared after this laptop's first sync ({0} records to "
            "go): some matches may be missing for a few minutes."
        ).format(QLocale().toString(pending))

    # ---- choosing ----------------------------------------------------------------------

    def _first_result(self) -> QTreeWidgetItem | None:
        for row in range(self.results.topLevelItemCount()):
            item = self.results.topLevelItem(row)
            if item is not None and item.data(0, RESULT_ROLE) is not None:
                return item
        return None

    def _current_result(self) -> SearchResult | None:
        item = self.results.currentItem()
        return item.data(0, RESULT_ROLE) if item is not None else None

    def _open_item(self, item: QTreeWidgetItem | None) -> None:
        result = item.data(0, RESULT_ROLE) if item is not None else None
        if result is None:
            return
        page = PAGE_FOR_KIND.get(result.target_kind, "today")
        self.accept()
        self.ctx.open_page(page, result.target_id)

    def open_current(self) -> None:
        """Enter in the search box: open the chosen result, or the first one when it comes."""
        if not self.box.text().strip():
            return
        if self.timer.isActive() or self.box.text().strip() != self._shown_query:
            self._open_when_ready = True
            self._run_search()
            return
        self._open_item(self.results.currentItem() or self._first_result())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize and watched is self.results.viewport():
            self.results.doItemsLayout()  # rows wrap to the new width
            return False
        if event.type() != QEvent.Type.KeyPress:
            return False
        if not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if watched is self.box:
            if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self._first_result() is not None:
                self.results.setFocus()
                first = self._first_result()
                if self._current_result() is None and first is not None:
                    self.results.setCurrentItem(first)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_current()
                return True
        elif watched is self.results:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._open_item(self.results.currentItem())
                return True
            if key == Qt.Key.Key_Up and self.results.currentItem() is self._first_result():
                self.box.setFocus()
                return True
            text = event.text()
            if text and text.isprintable() and not text.isspace():
                self.box.setFocus()
                self.box.insert(text)  # typing in the results goes on in the search box
                return True
        return False
