"""What every view shares: the profile, the unlocked session, background work, settings, and
the one adapter that turns changes in the core into Qt signals."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from relapp.ui.family_choices import FamilyChoices
from relapp.ui.settings import Settings
from relapp.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from relapp.services.profile import Session


class AppContext(QObject):
    unlocked = Signal()
    locked = Signal()
    records_changed = Signal(str)  # the kind of record that changed
    save_state = Signal(str)  # a short sentence for the status bar
    lock_requested = Signal()
    # Navigation between pages: (page key, record id or ""). The workspace shows the page
    # and calls its open_record(record_id) when it has one.
    open_requested = Signal(str, str)
    # Hand-over mode: a widget with a `finished` signal takes the whole window; when it
    # finishes the app locks, so only the practitioner's passphrase gets back in.
    handover_requested = Signal(object)
    # A change that can be undone for a few seconds: (what was done, a callable that undoes
    # it). The main window shows it with an Undo button in the status bar.
    undo_offered = Signal(str, object)

    def __init__(
        self,
        profile_dir: Path,
        settings: Settings,
        runner: TaskRunner,
        demo_passphrase: str | None = None,
    ) -> None:
        super().__init__()
        self.profile_dir = profile_dir
        self.settings = settings
        self.runner = runner
        self.demo_passphrase = demo_passphrase
        self.session: Session | None = None
        # Every write announces the kinds it changed (relapp.ui.tasks.TaskRunner.changed).
        runner.changes = self._take_changes
        runner.changed.connect(self._announce)
        # Set while unlocked by the pages that own them; None when locked.
        self.sync_controller: Any = None  # relapp.ui.sync_controller.SyncController
        # The team's families to pick from, shared by the pages that offer them. Connected
        # before any page is built, so a page told of a changed family and asking for the
        # list at once is never handed the old one (Qt calls slots in the order connected).
        self.families = FamilyChoices(self, lambda: self.session, runner)
        self.records_changed.connect(self.families.records_changed)
        self.locked.connect(self.families.forget)

    def require_session(self) -> Session:
        if self.session is None:
            raise RuntimeError("the profile is locked")
        return self.session

    def _take_changes(self) -> frozenset[str]:
        session = self.session
        return session.vault.take_changes() if session is not None else frozenset()

    def _announce(self, kinds: frozenset[str]) -> None:
        for kind in sorted(kinds):
            self.records_changed.emit(kind)

    def open_page(self, key: str, record_id: str = "") -> None:
        self.open_requested.emit(key, record_id)

    def show_saved(self, text: str) -> None:
        self.save_state.emit(text)

    def offer_undo(self, text: str, undo: Any) -> None:
        self.undo_offered.emit(text, undo)
