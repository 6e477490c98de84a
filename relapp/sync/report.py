"""What a sync pass reports: what it sent and received, what it set aside and why, and one
sentence for the person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ProgressFn = Callable[[int, int], None]


@dataclass
class SyncReport:
    status: str = "ok"  # ok | unreachable | not_member
    message: str = ""
    sent: int = 0
    bundles_written: int = 0
    received: int = 0
    duplicates: int = 0
    conflicts: int = 0
    future_clocks: int = 0
    quarantined: list[tuple[str, str]] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    snapshots_written: int = 0
    ignored: int = 0
    erased: int = 0  # records erased here by erasures received from a supervisor
    compacted: bool = False  # this device's folder was compacted after an erasure
    audit_received: int = 0  # audit entries received from other laptops (supervisors only)
    audit_problems: int = 0  # of which dropped, reordered or rewritten (see the audit trail)

    def summary(self) -> str:
        if self.status != "ok":
            return self.message
        parts = [f"sent {self.sent}", f"received {self.received}", f"conflicts {self.conflicts}"]
        if self.quarantined:
            parts.append(f"quarantined {len(self.quarantined)}")
        if self.waiting:
            parts.append(f"waiting on {len(self.waiting)} device(s)")
        if self.future_clocks:
            parts.append(f"{self.future_clocks} change(s) dated in the future")
        if self.audit_problems:
            parts.append(f"{self.audit_problems} problem(s) in laptops' audit trails")
        if self.erased:
            parts.append(f"{self.erased} record(s) erased at a supervisor's request")
        return "Sync done: " + ", ".join(parts) + "."
