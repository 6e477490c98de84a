"""One background sync pass, as the app's timer and the Sync page's button run it: send and
receive through the team's folder, run the retention rule when it is due (and send what it
erased), and say which kinds of record arrived, so the pages that show them reload."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from relapp.services import retention
from relapp.services import team as team_service
from relapp.services.profile import Session
from relapp.services.sync_status import LocalCounts, in_team, local_counts
from relapp.sync.engine import SyncReport

ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class PassResult:
    report: SyncReport
    counts: LocalCounts
    finished_at: datetime
    search_pending: int = 0  # records the search index still lacks (a first sync's)


def sync_pass(session: Session, progress: ProgressFn | None = None) -> PassResult | None:
    """One sync pass, or None (touching nothing but one meta row) when not in a team."""
    vault = session.vault
    if not in_team(vault):
        return None
    report = team_service.sync_once(session, progress)
    if report.status == "ok" and retention.run_if_due(session):
        report = team_service.sync_once(session)  # send the erasures the rule made
    # What it received is announced by the vault itself (Vault.take_changes), as any write.
    return PassResult(report, local_counts(vault), datetime.now(UTC), vault.search_pending())
