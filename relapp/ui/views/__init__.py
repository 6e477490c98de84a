"""The workspace's pages. Each is a QWidget built with the AppContext that answers the Page
protocol below; the main window only hosts them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QWidget

from relapp.domain.records import LEADER
from relapp.ui.context import AppContext


@runtime_checkable
class Page(Protocol):
    """What the workspace asks of every page (each also a QWidget)."""

    def refresh(self) -> None:
        """The page is shown: bring what it shows up to date."""

    def open_record(self, record_id: str) -> None:
        """Another page asks to show this record ("new:<visit_id>" for a new one about it)."""

    def flush(self) -> None:
        """Save pending work now, on this thread (before a lock or hand-over mode)."""

    def preload(self) -> None:
        """Built ahead while the app is idle (PageSpec.ahead): read the first rows now."""

    def release(self) -> None:
        """Two pages have been shown since: let go of a long list; it reloads when shown."""


@runtime_checkable
class RemovesRecords(Protocol):
    """A page whose chosen record can be removed (Delete, Relapp > Remove…): Visits,
    Families, Reflections (drafts) and Check-ins (entered in error), see relapp.ui.removal."""

    def remove_selected(self) -> None: ...


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    factory: Callable[[AppContext], QWidget]
    # Built, and its first rows read, while the app is idle after unlock (the list pages: each
    # a few milliseconds of the UI thread). The others (Supervision takes a tenth of a second)
    # are built on their first click, so no click waits behind one of them being built.
    ahead: bool = False


def _today(ctx: AppContext) -> QWidget:
    from relapp.ui.views.today import TodayPage

    return TodayPage(ctx)


def _families(ctx: AppContext) -> QWidget:
    from relapp.ui.views.families import FamiliesPage

    return FamiliesPage(ctx)


def _visits(ctx: AppContext) -> QWidget:
    from relapp.ui.views.visits import VisitsPage

    return VisitsPage(ctx)


def _reflections(ctx: AppContext) -> QWidget:
    from relapp.ui.views.reflections import ReflectionsPage

    return ReflectionsPage(ctx)


def _checkins(ctx: AppContext) -> QWidget:
    from relapp.ui.views.checkins import CheckinsPage

    return CheckinsPage(ctx)


def _barriers(ctx: AppContext) -> QWidget:
    from relapp.ui.views.barriers import BarriersPage

    return BarriersPage(ctx)


def _supervision(ctx: AppContext) -> QWidget:
    from relapp.ui.views.supervision_page import SupervisionPage

    return SupervisionPage(ctx)


def _sync(ctx: AppContext) -> QWidget:
    from relapp.ui.views.sync_page import SyncPage

    return SyncPage(ctx)


def workspace_specs(ctx: AppContext) -> list[PageSpec]:
    """A system leader's workspace is the county page alone (relapp.ui.views.county, with the
    county's reports behind it, imported for them only); everyone else's is page_specs()."""
    session = ctx.session
    if session is not None and session.vault.identity().role == LEADER:
        from relapp.ui.views.county import county_specs

        return county_specs()
    return page_specs()


def page_specs() -> list[PageSpec]:
    return [
        PageSpec("today", "Today", _today),
        PageSpec("families", "Families", _families, ahead=True),
        PageSpec("visits", "Visits", _visits, ahead=True),
        PageSpec("reflections", "Reflections", _reflections, ahead=True),
        PageSpec("checkins", "Check-ins", _checkins, ahead=True),
        PageSpec("barriers", "Barriers & changes", _barriers),
        PageSpec("supervision", "Supervision", _supervision),
        PageSpec("sync", "Sync", _sync),
    ]
