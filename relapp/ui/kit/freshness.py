"""When a list page reads its rows again: a page shown again reads them only after a change
to a kind of record it shows, after a read that failed, or on a new day (its rows say "today",
"due", "overdue")."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date


class Freshness:
    """Whether a page's rows are still current; `watched` are the record kinds it shows."""

    def __init__(self, watched: Collection[str]) -> None:
        self.watched = frozenset(watched)
        self.stale = True  # nothing read yet
        self.read_on: date | None = None
        self.holding = False  # rows read are on the page (not let go of since)

    def watches(self, kind: str) -> bool:
        return kind in self.watched

    def mark_stale(self) -> None:
        """Read again when next shown (a watched kind changed, a read failed, rows let go)."""
        self.stale = True

    def reading(self) -> None:
        """A read starts now: current until the next change or the next day."""
        self.stale = False
        self.holding = True
        self.read_on = date.today()

    def let_go(self) -> None:
        """The rows were let go of while other pages are in front (a long list): read when
        shown, not before (relapp.ui.workspace keeps the pages that hold rows current)."""
        self.stale = True
        self.holding = False

    @property
    def due(self) -> bool:
        return self.stale or self.read_on != date.today()
