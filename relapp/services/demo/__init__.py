"""A demo profile filled with invented records, so the app can be shown and tried without real data.

Every name, family and event here is made up; the words are in resources/demo/*.json. The same
seed and the same ``today`` give the same families, visits, scores and texts (record ids and
save times are always new). The builder's parts, in the order they run: families.py (who, and
when their work started), visits.py, checkins.py, reflections.py (and feedback), teamwork.py
(barriers, change tests, supervision), then the families' agreements.
"""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path
from typing import Any

from relapp.paths import DB_NAME
from relapp.services.demo import checkins, families, reflections, teamwork, visits
from relapp.services.demo.builder import DemoBuilder, Progress
from relapp.services.profile import Session, create_profile
from relapp.store.keyfile import KEYS_NAME
from relapp.store.vault import Vault

DEMO_PASSPHRASE = "demo kettle orbit meadow"
DEMO_NAME = "Alex Morgan (demo)"
DEMO_ROLE = "practitioner"

__all__ = [
    "DEMO_NAME",
    "DEMO_PASSPHRASE",
    "DEMO_ROLE",
    "build_demo_profile",
    "ensure_demo_profile",
]


def build_demo_profile(
    folder: Path,
    *,
    today: date | None = None,
    seed: int = 7,
    progress: Progress | None = None,
) -> Session:
    """Create a practitioner profile in `folder`, unlocked with DEMO_PASSPHRASE, full of
    invented families, visits, reflections, check-ins, barriers and change tests."""
    today = today or date.today()
    total = 9
    folder = Path(folder)
    if progress is not None:
        progress(0, total)
    session, _recovery_code = create_profile(folder, DEMO_NAME, DEMO_ROLE, DEMO_PASSPHRASE)
    try:
        demo = DemoBuilder(session, today, seed, progress)
        demo.tick(total)
        families.plan_families(demo)
        visits.plan_visits(demo)
        families.save_families(demo)
        demo.tick(total)
        visits.save_visits(demo)
        demo.tick(total)
        demo.save(checkins.plan_checkins(demo) + checkins.self_checks(demo))
        demo.tick(total)
        reflections.save_reflections(demo, reflections.plan_reflections(demo), total)
        reflections.save_feedback(demo)
        demo.tick(total)
        teamwork.save_barriers_and_changes(demo)
        families.save_agreements(demo)
        demo.tick(total)
    except BaseException:
        # A half-built demo would be reused by ensure_demo_profile: remove what we created.
        session.close()
        for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm", KEYS_NAME):
            with contextlib.suppress(FileNotFoundError):
                (folder / name).unlink()
        raise
    return session


def ensure_demo_profile(folder: Path, **kw: Any) -> Path:
    """Build the demo profile in `folder` unless a profile is already there; returns folder."""
    folder = Path(folder)
    if not Vault.exists(folder):
        build_demo_profile(folder, **kw).close()
    return folder
