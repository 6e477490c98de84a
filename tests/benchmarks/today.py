"""Unlock → Today shown: today_summary before and after it became set queries. A report, not
a test.

Run from a checkout:

    RELAPP_INSECURE_FAST_KDF=1 .venv/bin/python tests/benchmarks/today.py [--sizes 10000 100000]

For each size a profile is built in a temporary folder: one family per 20 records (5,000 at
100k), 60% of them active; visits 40%, check-ins 30%, reflections 20%, and feedback and
barriers share the rest, dated over three years up to a couple of weeks ahead; its profile is
printed. The old today_summary is the one from OLD_REF (written to a temporary module from
`git show`); the new one is relapp.services.today. Both run in this process, interleaved,
each round on a database just reopened (lock, then unlock with the key ring: the key
derivation is left out, its page cache starts empty, as after a real unlock). Figures are
medians of the rounds; both summaries are checked equal first.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import astuple
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("RELAPP_INSECURE_FAST_KDF", "1")

from relapp.services.profile import Session, create_profile  # noqa: E402
from relapp.services.today import TodaySummary, today_summary  # noqa: E402
from relapp.store.vault import new_id  # noqa: E402

# today.py as it was before Today became set queries (one query per active family).
OLD_REF = "45fadc2"
PASSPHRASE = "kettle orbit meadow lantern"
TARGET_S = 0.3
RECORDS_PER_FAMILY = 20
ACTIVE_SHARE = 0.6
# Shares of all the records; families, feedback and barriers share the rest.
MIX = {"visit": 0.40, "checkin": 0.30, "reflection": 0.20}
YEARS = 3
BATCH = 2000

_TEXT = (
    "we talked about the morning routine and how bedtime has gone since the last visit mum "
    "said the baby wakes early and breakfast turns into a battle I noticed that offering two "
    "choices helped him settle dad joined for the first time and warmed up during play we "
    "agreed to try a visual timetable and share it with nursery next week the housing officer "
    "has not replied so I will follow up by phone grandmother helps on tuesdays which gives "
    "time for the parenting group I felt unsure whether to raise the concern directly"
)
_WORDS = _TEXT.split()
_SURNAMES = [
    a + b
    for a in ("Ok", "Bren", "Wal", "Ev", "Pat", "Men", "Now", "Clar", "Hus", "Beg")
    for b in ("afor", "nan", "sh", "ans", "el", "sah", "ak", "ke", "sain", "um")
]
_MODES = ("home", "centre", "phone", "video")


def words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choices(_WORDS, k=rng.randint(low, high))).capitalize() + "."


class Profile:
    """Invented records for one practitioner's profile.

    Records are saved in the order they would have been written (a visit on its day, its
    reflection a day or so later, feedback days after that), so the kinds are interleaved in
    the database as they are in a profile used for years, not laid out one kind after
    another."""

    def __init__(self, session: Session, total: int, today: date, seed: int = 7) -> None:
        self.session = session
        self.rng = random.Random(seed)
        self.today = today
        self.total = total
        self.definitions = session.definitions
        self.families: list[tuple[str, date, date]] = []  # (id, first, last)
        self.visits: list[tuple[str, str, date]] = []  # (id, family id, day)
        self.reflections: list[tuple[str, date]] = []
        # (day written, sequence, kind, data, id)
        self.planned: list[tuple[date, int, str, dict[str, Any], str]] = []
        self.counts: Counter[str] = Counter()

    def when(self, first: date, last: date) -> str:
        day = first + timedelta(days=self.rng.randint(0, max((last - first).days, 0)))
        hour, minute = self.rng.choice(((9, 30), (10, 0), (11, 0), (13, 30), (14, 0), (15, 0)))
        return f"{day.isoformat()}T{hour:02d}:{minute:02d}"

    def plan(self, written: date, kind: str, data: dict[str, Any]) -> str:
        record_id = new_id()
        self.planned.append((min(written, self.today), len(self.planned), kind, data, record_id))
        self.counts[kind] += 1
        return record_id

    def build(self) -> None:
        rng, today = self.rng, self.today
        start_of_history = today - timedelta(days=365 * YEARS)
        n_families = max(10, self.total // RECORDS_PER_FAMILY)
        for n in range(n_families):
            active = rng.random() < ACTIVE_SHARE
            last = today if active else today - timedelta(days=rng.randint(30, 365 * YEARS - 90))
            first = max(start_of_history, last - timedelta(days=rng.randint(90, 600)))
            surname = rng.choice(_SURNAMES)
            data = {
                "reference": f"EH-{n:05d}",
                "display_name": f"The {surname} family",
                "members": [{"name": f"Sam {surname}", "role": "mother"}],
                "status": "active" if active else "closed",
                "service": "Family Hub North",
                "notes": words(rng, 10, 40),
            }
            fid = self.plan(first, "family", data)
            self.families.append((fid, first, last + timedelta(days=21) if active else last))
        counts = {kind: int(self.total * share) for kind, share in MIX.items()}
        rest = self.total - n_families - sum(counts.values())
        self._visits(counts["visit"])
        self._checkins(counts["checkin"])
        self._reflections(counts["reflection"])
        self._feedback(rest // 2)
        self._barriers(rest - rest // 2)
        self.planned.sort(key=lambda p: (p[0], p[1]))
        for start in range(0, len(self.planned), BATCH):
            chunk = self.planned[start : start + BATCH]
            self.session.records.save_many((kind, data, rid) for _d, _n, kind, data, rid in chunk)

    def _visits(self, n: int) -> None:
        for _ in range(n):
            fid, first, last = self.rng.choice(self.families)
            when = self.when(first, last)
            data = {
                "family_id": fid,
                "when": when,
                "duration_minutes": self.rng.randrange(15, 95, 5),
                "mode": self.rng.choice(_MODES),
                "present": ["Sam"],
                "purpose": words(self.rng, 4, 20),
            }
            day = date.fromisoformat(when[:10])
            self.visits.append((self.plan(day, "visit", data), fid, day))

    def _checkins(self, n: int) -> None:
        rng, instruments = self.rng, self.definitions.instruments
        me = self.session.vault.member_id
        for _ in range(n):
            roll = rng.random()
            if roll < 0.05:  # a self-check: hangs from the practitioner, not a family
                instrument, family, respondent = "relational-capability", me, "practitioner"
                first, last = self.today - timedelta(days=365 * YEARS), self.today
            else:
                family, first, last = rng.choice(self.families)
                instrument = "practitioner-family" if roll < 0.75 else "parent-parent"
                respondent = rng.choices(("practitioner", "parent", "other"), (60, 35, 5))[0]
            level = rng.choice((2, 3, 4, 4, 5))
            items = instruments[instrument].items
            scores = {i.id: min(5, max(1, level + rng.randint(-1, 1))) for i in items}
            when = self.when(first, last)
            data = {
                "family_id": family,
                "instrument_id": instrument,
                "respondent": respondent,
                "when": when,
                "scores": scores,
            }
            if rng.random() < 0.3:
                data["comment"] = words(rng, 5, 25)
            self.plan(date.fromisoformat(when[:10]), "checkin", data)

    def _reflections(self, n: int) -> None:
        rng = self.rng
        for _ in range(n):
            vid, fid, day = rng.choice(self.visits)
            roll = rng.random()
            status = (
                "draft" if roll < 0.004
                else "returned" if roll < 0.01
                else "to_discuss" if roll < 0.05
                else "submitted" if roll < 0.4
                else "reviewed"
            )  # fmt: skip
            data = {
                "visit_id": vid,
                "family_id": fid,
                "template_id": "what-so-what-now-what",
                "sections": {
                    "what": words(rng, 40, 120),
                    "so-what": words(rng, 30, 100),
                    "now-what": words(rng, 10, 60),
                },
                "themes": rng.sample(["sleep", "routines", "housing", "nursery", "play"], 2),
                "status": status,
            }
            if rng.random() < 0.5:
                data["title"] = words(rng, 2, 6)[:200]
            written = day + timedelta(days=rng.randint(0, 3))
            if status != "draft":
                data["submitted_at"] = f"{min(written, self.today).isoformat()}T17:00:00+00:00"
            self.reflections.append((self.plan(written, "reflection", data), written))

    def _feedback(self, n: int) -> None:
        rng = self.rng
        for _ in range(n):
            rid, written = rng.choice(self.reflections)
            data = {"record_id": rid, "text": words(rng, 5, 40)}
            self.plan(written + timedelta(days=rng.randint(1, 20)), "feedback", data)

    def _barriers(self, n: int) -> None:
        rng = self.rng
        categories = [c.id for c in self.definitions.barrier_categories]
        for _ in range(n):
            linked = rng.sample(self.visits, rng.randint(1, 3))
            noticed = min(max(d for _v, _f, d in linked), self.today)
            data = {
                "category": rng.choice(categories),
                "description": words(rng, 10, 40),
                "visit_ids": [v for v, _f, _d in linked],
                "noticed_on": noticed.isoformat(),
                "impact": rng.choice(("low", "medium", "high")),
            }
            self.plan(noticed, "barrier", data)

    def describe(self) -> str:
        active = sum(1 for _f, _first, last in self.families if last > self.today)
        families = len(self.families)
        total = self.session.vault.count()
        kinds = ", ".join(f"{kind} {self.counts[kind]:,}" for kind in ("visit", "checkin",
                          "reflection", "feedback", "barrier"))  # fmt: skip
        return (
            f"{total:,} records: {families:,} families ({active:,} active, "
            f"{active / families:.0%}), {kinds}; dated "
            f"{self.today - timedelta(days=365 * YEARS)} to {self.today + timedelta(days=21)}"
        )


def old_today_summary(ref: str = OLD_REF) -> Any:
    """today_summary as it was at `ref`, loaded from `git show` into a temporary module."""
    source = subprocess.run(
        ["git", "show", f"{ref}:relapp/services/today.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix="relapp-old-today-"))
    path = folder / "old_today.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("relapp_old_today", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.today_summary


def comparable(summary: TodaySummary) -> tuple[Any, ...]:
    """A summary as plain values (the old module has classes of its own). Families due a
    check-in with the same name and gap came in set order before: ordered by id too."""
    due = sorted(
        summary.checkins_due,
        key=lambda r: (r.days_since is not None, -(r.days_since or 0), r.family_name, r.family_id),
    )
    return (
        summary.today,
        [astuple(r) for r in summary.drafts],
        [astuple(r) for r in summary.visits],
        [astuple(r) for r in due],
        [astuple(r) for r in summary.alerts],
        [astuple(r) for r in summary.feedback],
        summary.more_feedback,
        summary.unreadable,
    )


def reopen(session: Session) -> None:
    """Lock and unlock with the key ring already open: an empty page cache, no key derivation."""
    keyring = session.vault.keyring()
    session.vault.lock()
    session.vault.unlock_with_keyring(keyring)


def measure(session: Session, today: date, old: Any, rounds: int) -> tuple[float, float]:
    times: dict[str, list[float]] = {"old": [], "new": []}
    for _ in range(rounds):
        for name, function in (("old", old), ("new", today_summary)):
            reopen(session)
            start = time.perf_counter()
            function(session.records, today)
            times[name].append(time.perf_counter() - start)
    return statistics.median(times["old"]), statistics.median(times["new"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--old-ref", default=OLD_REF)
    args = parser.parse_args()
    old = old_today_summary(args.old_ref)
    today = date.today()
    results = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="relapp-today-") as tmp:
            session, _code = create_profile(Path(tmp) / "p", "Sam Carter", "practitioner",
                                            PASSPHRASE)  # fmt: skip
            try:
                start = time.perf_counter()
                profile = Profile(session, size, today)
                profile.build()
                print(f"built in {time.perf_counter() - start:.0f} s: {profile.describe()}")
                reopen(session)
                b = today_summary(session.records, today)
                same = (
                    "same result"
                    if comparable(old(session.records, today)) == comparable(b)
                    else "RESULTS DIFFER"
                )
                print(
                    f"  Today: {len(b.visits)} visits this week, {len(b.checkins_due)} families "
                    f"due a check-in, {len(b.alerts)} alerts, {len(b.drafts)} drafts, "
                    f"{len(b.feedback)}+{b.more_feedback} feedback; old and new: {same}"
                )
                old_s, new_s = measure(session, today, old, args.rounds)
                results.append((size, old_s, new_s, same))
            finally:
                session.close()
    print()
    print(f"today_summary, median of {args.rounds} interleaved rounds, just unlocked:")
    print(f"{'records':>9} {'old':>10} {'new':>10} {'speed-up':>9}  target ≤ {TARGET_S} s")
    for size, old_s, new_s, same in results:
        verdict = "PASS" if new_s <= TARGET_S and same == "same result" else "FAIL"
        print(
            f"{size:>9,} {old_s * 1000:>8.1f}ms {new_s * 1000:>8.1f}ms {old_s / new_s:>8.1f}x"
            f"  {verdict}"
        )


if __name__ == "__main__":
    main()
