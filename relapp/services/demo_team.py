"""`relapp demo`: a demo team on a demo shared folder, all in one throwaway place.

    <root>/shared        the team's shared folder
    <root>/practitioner  Alex's laptop, full of invented families, visits and reflections
    <root>/supervisor    Jordan's laptop, which has received what Alex shared

Both profiles use DEMO_PASSPHRASE, shown on the unlock screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from relapp.services import team
from relapp.services.demo import DEMO_PASSPHRASE, build_demo_profile
from relapp.services.profile import create_profile
from relapp.store.vault import Vault

SUPERVISOR_NAME = "Jordan Ellis (demo supervisor)"
ROLES = ("practitioner", "supervisor")


def profile_folder(root: Path, role: str) -> Path:
    return root / role


def build_demo_team(root: Path, progress: Callable[[int, int], None] | None = None) -> Path:
    """Build the demo team unless it is there already; returns the root."""
    if all(Vault.exists(profile_folder(root, role)) for role in ROLES):
        return root
    shared = root / "shared"
    shared.mkdir(parents=True, exist_ok=True)
    steps = 5

    def step(done: int) -> None:
        if progress is not None:
            progress(done, steps)

    step(0)
    supervisor, _code = create_profile(
        profile_folder(root, "supervisor"), SUPERVISOR_NAME, "supervisor", DEMO_PASSPHRASE
    )
    try:
        team.create(supervisor, shared, "Early Help North (demo)")
        step(1)
        practitioner = build_demo_profile(profile_folder(root, "practitioner"))
        try:
            step(2)
            team.join(practitioner, shared)
            team.approve_request(supervisor, practitioner.vault.device_id, "practitioner")
            step(3)
            team.sync_once(practitioner)
            team.sync_once(supervisor)
            step(4)
        finally:
            practitioner.close()
    finally:
        supervisor.close()
    step(5)
    return root
