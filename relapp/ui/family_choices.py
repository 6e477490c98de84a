"""The team's families to pick from, read once for the session and shared by every page that
offers them (the Visits and Check-ins filters, a new check-in's family). Each page read and
held its own list before: a team's 5,000 families twice over."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:  # the unlock screen loads this module, and nothing of the services
    from relapp.services.families import FamilyChoice
    from relapp.services.profile import Session
    from relapp.ui.tasks import TaskRunner

    Then = Callable[[list[FamilyChoice]], None]
    Failed = Callable[[BaseException], None]


class FamilyChoices(QObject):
    """`get(then, failed)` calls `then` with the families (active first, then by name): at
    once when the list is current, else after one read that every caller meanwhile waits
    for. records_changed("family") makes the list stale; forget() drops it (at lock).
    `session` says which session to read from (None when locked); reads run on `runner`."""

    def __init__(
        self, parent: QObject, session: Callable[[], Session | None], runner: TaskRunner
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._choices: list[FamilyChoice] | None = None
        self._waiting: list[tuple[Then, Failed | None]] = []
        self._generation = 0  # a read whose generation is no longer this one is dropped
        self._reading = False

    @property
    def current(self) -> list[FamilyChoice] | None:
        """The list if it is current, else None (ask with get)."""
        return self._choices

    def get(self, then: Then, failed: Failed | None = None) -> None:
        if self._choices is not None:
            then(self._choices)
            return
        self._waiting.append((then, failed))
        if not self._reading:
            self._read()

    def forget(self) -> None:
        """Let go of the list and of whoever waits for it (the profile was locked)."""
        self._generation += 1
        self._choices = None
        self._waiting = []
        self._reading = False

    def records_changed(self, kind: str) -> None:
        if kind != "family":
            return
        self._generation += 1  # a read under way may have missed the change
        self._choices = None
        self._reading = False
        if self._waiting:
            self._read()

    def _read(self) -> None:
        session = self._session()
        if session is None:
            self._waiting = []
            return
        from relapp.services.families import family_choices

        records = session.records
        self._reading = True
        generation = self._generation
        self._runner.read(
            lambda _task: family_choices(records, members=False),
            lambda choices: self._done(generation, choices),
            lambda exc: self._failed(generation, exc),
        )

    def _done(self, generation: int, choices: list[FamilyChoice]) -> None:
        if generation != self._generation:
            return
        self._reading = False
        self._choices = choices
        waiting, self._waiting = self._waiting, []
        for then, _failed in waiting:
            then(choices)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._reading = False
        waiting, self._waiting = self._waiting, []
        for _then, failed in waiting:
            if failed is not None:
                failed(exc)
