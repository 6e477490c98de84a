"""The main window: a thin shell that shows the gate (first run / unlock) or the workspace.

The workspace is built at unlock and destroyed at lock, so nothing readable survives a lock.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from relapp.paths import DB_NAME
from relapp.ui.context import AppContext
from relapp.ui.gate import FirstRunView, UnlockView
from relapp.ui.settings import AUTO_LOCK_MINUTES, LAST_PAGE
from relapp.ui.widgets import centred_card, heading, paragraph

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QCloseEvent

    from relapp.services.profile import Session
    from relapp.ui.daily_backup import DailyBackup
    from relapp.ui.sync_controller import SyncController
    from relapp.ui.workspace import Workspace

log = logging.getLogger("relapp.ui")


class IdleWatcher(QObject):
    """Locks after a period with no keyboard or mouse input.

    It watches the application's events only while the timer runs (unlocked): an app-wide
    filter written in Python is handed every event of every object, and the first of them
    makes PySide6 build the Python class (and enums) of every Qt type it has loaded, some
    25 ms that the unlock screen, with nothing to lock, would otherwise wait for.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(window.lock)
        self.watching = False
        self.input_events: set[QEvent.Type] = set()

    def restart(self) -> None:
        minutes = int(self.window.ctx.settings.get(AUTO_LOCK_MINUTES))
        if minutes > 0 and self.window.ctx.session is not None:
            self._watch(True)
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()
            self._watch(False)

    def _watch(self, on: bool) -> None:
        if on == self.watching:
            return
        app = QApplication.instance()
        if on:
            if not self.input_events:
                self.input_events = _input_events()
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self.watching = on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in self.input_events and self.timer.isActive():
            self.timer.start()  # restarts with the same interval
        return False


def _input_events() -> set[QEvent.Type]:
    from PySide6.QtCore import QEvent  # built by PySide6 on first use; not needed while locked

    return {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(self.tr("Relapp"))
        self.setMinimumSize(900, 600)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.gate: QWidget | None = None
        self.workspace: Workspace | None = None
        self.in_handover = False
        self.watching_app_state = False
        self.system_lock: QObject | None = None  # D-Bus screen-lock watcher, from first unlock
        self.sync_controller: SyncController | None = None  # while unlocked
        self.daily_backup: DailyBackup | None = None  # made at the first unlock
        self.idle = IdleWatcher(self)

        self.save_label = QLabel()
        self.save_label.setAccessibleName(self.tr("Save state"))
        self.sync_label = QLabel()
        self.sync_label.setAccessibleName(self.tr("Sync state"))
        self.lock_button = QPushButton(self.tr("Lock"))
        self.lock_button.setAccessibleName(self.tr("Lock Relapp"))
        self.lock_button.setToolTip(self.tr("Lock now (Ctrl+L)"))
        self.lock_button.clicked.connect(self.lock)
        # Undo for a few seconds after a record is removed (relapp.ui.removal).
        self.undo_button = QPushButton(self.tr("&Undo"))
        self.undo_button.setAccessibleName(self.tr("Undo the last removal"))
        self.undo_button.hide()
        self.undo_button.clicked.connect(self._undo)
        self._undo_action: object = None
        self.undo_timer = QTimer(self)
        self.undo_timer.setSingleShot(True)
        self.undo_timer.setInterval(self.UNDO_SECONDS * 1000)
        self.undo_timer.timeout.connect(self._forget_undo)
        ctx.undo_offered.connect(self._offer_undo)
        bar = self.statusBar()
        bar.addWidget(self.save_label, 1)
        bar.addPermanentWidget(self.undo_button)
        bar.addPermanentWidget(self.sync_label)
        bar.addPermanentWidget(self.lock_button)
        ctx.save_state.connect(self.save_label.setText)
        ctx.lock_requested.connect(self.lock)
        ctx.open_requested.connect(self._open_requested)
        ctx.handover_requested.connect(self.enter_handover)
        self._build_menus()

        geometry = ctx.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 800)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        app_menu = bar.addMenu(self.tr("&Relapp"))
        self.new_action = app_menu.addAction(self.tr("&New…"), QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(lambda: self._page_call("new_record"))
        self.save_action = app_menu.addAction(self.tr("&Save"), QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(lambda: self._page_call("flush"))
        self.search_action = app_menu.addAction(self.tr("&Search…"), QKeySequence.StandardKey.Find)
        self.search_action.triggered.connect(self.open_search)
        app_menu.addSeparator()
        self.remove_action = app_menu.addAction(
            self.tr("&Remove…"), QKeySequence(QKeySequence.StandardKey.Delete)
        )
        self.remove_action.setToolTip(
            self.tr("Move the chosen record to the trash, or mark it as entered in error")
        )
        self.remove_action.triggered.connect(self._remove_selected)
        self.trash_action = app_menu.addAction(self.tr("T&rash…"))
        self.trash_action.triggered.connect(self.open_trash)
        self.settings_action = app_menu.addAction(self.tr("Se&ttings…"))
        self.settings_action.triggered.connect(self.open_settings)
        self.lock_action = app_menu.addAction(self.tr("&Lock"), QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        app_menu.addSeparator()
        quit_action = app_menu.addAction(self.tr("&Quit"), QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        # Each page has its number (Ctrl+1 to Ctrl+8, Cmd on a Mac), in the order of the
        # navigation list, so a page is one key away without tabbing into the list.
        # Filled at the first unlock (the pages' list is the workspace's, which the unlock
        # screen does not load).
        self.go_menu = bar.addMenu(self.tr("&Go"))
        self.page_actions: list[QAction] = []
        help_menu = bar.addMenu(self.tr("&Help"))
        self.help_action = help_menu.addAction(
            self.tr("&Help and shortcuts"), QKeySequence.StandardKey.HelpContents
        )
        self.help_action.triggered.connect(self.open_help)
        self.workspace_actions = [
            self.new_action,
            self.save_action,
            self.search_action,
            self.remove_action,
            self.trash_action,
            self.settings_action,
            self.lock_action,
        ]

    UNDO_SECONDS = 10

    def _offer_undo(self, text: str, undo: object) -> None:
        self._undo_action = undo
        self.save_label.setText(text)
        self.undo_button.show()
        self.undo_timer.start()

    def _undo(self) -> None:
        undo, self._undo_action = self._undo_action, None
        self._forget_undo()
        if callable(undo):
            undo()

    def _forget_undo(self) -> None:
        self._undo_action = None
        self.undo_timer.stop()
        self.undo_button.hide()

    def _remove_selected(self) -> None:
        from relapp.ui.views import RemovesRecords

        page = None
        if self.workspace is not None:
            page = self.workspace.pages.get(self.workspace.current_key())
        if isinstance(page, RemovesRecords):
            page.remove_selected()
        else:
            self.ctx.show_saved(
                self.tr("Visits, check-ins, families and draft reflections can be removed.")
            )

    def open_trash(self) -> None:
        if self.ctx.session is None:
            return
        from relapp.ui.trash_dialog import TrashDialog

        TrashDialog(self.ctx, self).exec()

    def _set_workspace_actions(self, enabled: bool) -> None:
        for action in (*self.workspace_actions, *self.page_actions):
            action.setEnabled(enabled)
        self.menuBar().setVisible(not self.in_handover)

    def _page_call(self, name: str) -> None:
        if self.workspace is None:
            return
        page = self.workspace.pages.get(self.workspace.current_key())
        if page is not None and hasattr(page, name):
            getattr(page, name)()

    def _fill_go_menu(self) -> None:
        if self.page_actions or self.workspace is None:
            return
        for number, spec in enumerate(self.workspace.specs, start=1):
            action = self.go_menu.addAction(
                QCoreApplication.translate("Workspace", spec.title), QKeySequence(f"Ctrl+{number}")
            )
            action.triggered.connect(lambda _checked=False, key=spec.key: self.go_to(key))
            self.page_actions.append(action)

    def go_to(self, key: str) -> None:
        """Show a page and put the keyboard on it (Ctrl+1…8)."""
        from PySide6.QtCore import Qt  # the namespace's enums are built on first use

        if self.workspace is None or self.in_handover:
            return
        page = self.workspace.show_page(key)
        # The first control of the page in tab order that can take the keyboard.
        widget = page.nextInFocusChain()
        while widget is not None and widget is not page:
            if (
                page.isAncestorOf(widget)
                and widget.isVisible()
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
            widget = widget.nextInFocusChain()
        # A page still loading shows no control yet: the navigation keeps the keyboard (Tab
        # goes on into the page), rather than a control of the page left behind.
        self.workspace.nav.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def open_search(self) -> None:
        if self.workspace is None:
            return
        from relapp.ui.search import SearchDialog

        SearchDialog(self.ctx, self).open()

    def open_settings(self) -> None:
        if self.ctx.session is None:
            return
        from relapp.ui.settings_dialog import SettingsDialog

        SettingsDialog(self.ctx, self).open()

    def open_help(self) -> None:
        from relapp.ui.help import HelpDialog

        HelpDialog(self).open()

    # ---- gate / workspace ----------------------------------------------------------------

    def _replace(self, widget: QWidget) -> None:
        old = self.stack.currentWidget()
        self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()

    def show_preparing(self, text: str) -> QProgressBar:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(heading(self.tr("Getting ready")))
        layout.addWidget(paragraph(text))
        bar = QProgressBar()
        bar.setAccessibleName(self.tr("Progress"))
        layout.addWidget(bar)
        self._replace(centred_card(page))
        self.statusBar().hide()
        return bar

    def show_gate(self) -> None:
        self.workspace = None
        self.statusBar().hide()
        self._set_workspace_actions(False)
        if (self.ctx.profile_dir / DB_NAME).is_file():
            gate: QWidget = UnlockView(self.ctx)
            gate.unlocked.connect(self.open_workspace)
        else:
            gate = FirstRunView(self.ctx)
            gate.created.connect(self.open_workspace)
        self.gate = gate
        self._replace(gate)
        if isinstance(gate, UnlockView):
            gate.reset()

    def open_workspace(self, session: Session) -> None:
        self.ctx.session = session
        last_page = str(self.ctx.settings.get(LAST_PAGE)) or "today"
        from relapp.ui.sync_controller import SyncController  # not needed before unlock

        self.sync_controller = SyncController(self.ctx)
        self.sync_controller.state_changed.connect(self.sync_label.setText)
        self.ctx.sync_controller = self.sync_controller
        from relapp.ui.workspace import Workspace  # nor this

        self.workspace = Workspace(self.ctx)
        self._fill_go_menu()
        # Choose the page before showing the workspace: focus landing on the empty navigation
        # list would otherwise pick its first row and overwrite the page to come back to.
        self.workspace.show_page(last_page)
        self._replace(self.workspace)
        self.gate = None
        self.statusBar().show()
        self.save_label.setText(self.tr("Unlocked as {0}").format(session.vault.identity().name))
        self._set_workspace_actions(True)
        self.sync_controller.start()
        self._start_daily_backup(session)
        self._reopen_editor()
        self._watch_app_state(True)
        self.ctx.unlocked.emit()
        self.idle.restart()
        self._watch_system_lock()

    def _start_daily_backup(self, session: Session) -> None:
        from relapp.ui.daily_backup import DailyBackup  # not needed before unlock

        if self.daily_backup is None:
            self.daily_backup = DailyBackup(self)
            self.daily_backup.failed.connect(self.save_label.setText)
        self.daily_backup.start(session)

    def lock(self) -> None:
        """Save pending work, drop keys and every readable widget, show the unlock screen."""
        if self.ctx.session is None:
            return
        if self.daily_backup is not None:
            self.daily_backup.stop()  # one being copied stops when the vault locks
        self.in_handover = False
        self._forget_undo()
        if self.workspace is not None:
            self.workspace.flush()
            self.workspace.remember_page()
            self._remember_editor()
        if self.sync_controller is not None:
            self.sync_controller.stop()
            self.sync_controller = None
            self.ctx.sync_controller = None
        self.ctx.runner.wait_idle()
        session, self.ctx.session = self.ctx.session, None
        session.close()
        self.ctx.families.forget()  # the families' names, before the heap is given back
        from relapp.ui.workspace import release_heap  # loaded at unlock

        release_heap()
        self._watch_app_state(False)
        self.ctx.locked.emit()
        self.idle.restart()
        self.show_gate()

    def _remember_editor(self) -> None:
        """The editor in front at a lock is opened again at the next unlock (kept in the
        vault: which record was open is nobody else's business)."""
        from relapp.services import unfinished  # loaded with the workspace, not before

        if self.workspace is None or self.ctx.session is None:
            return
        key = self.workspace.current_key()
        page = self.workspace.pages.get(key)
        record_id = page.editing() if page is not None and hasattr(page, "editing") else ""
        try:
            unfinished.remember_open(self.ctx.session.records, key if record_id else "", record_id)
        except Exception:  # noqa: BLE001 - the lock goes on; only the reopening is lost
            log.exception("could not remember the editor open at lock")

    def _reopen_editor(self) -> None:
        from relapp.services import unfinished  # loaded with the workspace, not before

        session = self.ctx.session
        if session is None:
            return
        records = session.records

        def done(found: tuple[str, str] | None) -> None:
            if found is not None and self.workspace is not None and self.ctx.session is session:
                self.workspace.open(*found)

        self.ctx.runner.write(lambda _t: unfinished.take_open(records), done, owner=self)

    def _open_requested(self, key: str, record_id: str) -> None:
        if self.workspace is not None:
            self.workspace.open(key, record_id)

    def enter_handover(self, widget: QWidget) -> None:
        """Give the whole window to one form for a parent; nothing else is reachable.

        The workspace is saved and destroyed first, and the status bar (with its lock
        button) hidden; when the form finishes, the app locks.
        """
        if self.ctx.session is None or self.workspace is None:
            return
        self.workspace.flush()
        self.workspace = None
        self.in_handover = True
        self.statusBar().hide()
        self._set_workspace_actions(False)
        widget.finished.connect(self._leave_handover)  # type: ignore[attr-defined]
        self._replace(widget)

    def _leave_handover(self) -> None:
        self.in_handover = False
        self.lock()

    def _watch_app_state(self, on: bool) -> None:
        """Lock when the system suspends the app; connected only while unlocked, as there is
        nothing to lock otherwise and a Qt.ApplicationState handed to Python would have PySide6
        build the whole Qt namespace (some 14 ms) while the unlock screen is first shown."""
        if on == self.watching_app_state:
            return
        signal = QApplication.instance().applicationStateChanged
        if on:
            signal.connect(self._app_state_changed)
        else:
            signal.disconnect(self._app_state_changed)
        self.watching_app_state = on

    def _watch_system_lock(self) -> None:
        """Lock with the screen, and before the laptop sleeps (see relapp.ui.system_lock).
        Set up at the first unlock, not at start: the unlock screen has nothing to hide."""
        if self.system_lock is not None:
            return
        from relapp.ui.system_lock import SystemLockWatcher

        try:
            watcher = SystemLockWatcher(self)
        except Exception:  # noqa: BLE001 - the idle lock and Ctrl+L still stand
            log.exception("could not watch the desktop for screen locks")
            return
        watcher.lock_requested.connect(self._system_locked)
        self.system_lock = watcher

    def _system_locked(self, why: str) -> None:
        if self.ctx.session is not None:
            log.info("locking: %s", why)
            self.lock()

    def _app_state_changed(self, state: Qt.ApplicationState) -> None:
        from PySide6.QtCore import Qt

        if state == Qt.ApplicationState.ApplicationSuspended:
            self.lock()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.in_handover:
            # A parent closing the window only hands the laptop back, locked.
            event.ignore()
            self.lock()
            return
        self.ctx.settings.set_geometry(self.saveGeometry())
        self.lock()
        self.ctx.runner.wait_idle()
        self.ctx.settings.sync()
        event.accept()
