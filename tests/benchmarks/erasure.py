"""What does erasing a family cost, next to simply deleting its rows? A report, not a test.

Run from a checkout:

    .venv/bin/python tests/benchmarks/erasure.py [--records 50000] [--families 2500]
        [--backups 7] [--events 10000] [--batch 100] [--rounds 7]

Every figure is printed beside a baseline measured in the same process run, on the same disk,
in interleaved rounds (the side that goes first alternates); a ratio is the median of the
per-round ratios.

1. erase one family on a supervisor's laptop: relapp.services.erasure.erase_family on a
   --records vault (invented families with visits, check-ins, reflections, feedback, barriers
   and change tests, shaped like the demo's: tests/benchmarks/scale.py's Synth) that holds
   --backups backups taken with take_backup, so purging every backup is part of the measured
   cost. Baseline: on an identical copy of the vault, the plain DELETE of the same rows
   (versions, then records, ids known in advance) in one transaction on the vault's own
   connection: no wiping, no marker, no ledger, no backups. Each round erases a different
   family on both sides; nothing is restored between rounds.
2. compaction of a practitioner's device folder after an erasure: a two-laptop team in which
   the practitioner wrote --events records in bundles of --batch (syncing after each); the
   supervisor erases one of the practitioner's families and syncs; the measured figure is the
   practitioner's next sync pass (SyncEngine.run), which applies the erasure and compacts its
   own folder. Baseline: the same pass on an identically built team in which the supervisor
   made an ordinary edit to that family instead. A fresh pair of teams is built every round.

The passphrase key derivation is the cheap test setting here: it is not what is measured.
Where a breakdown is printed it comes from timers wrapped around Relapp's own functions, in
this process, for the measured call only. The exit status is always 0.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The scale benchmark's record builder (shaped like the demo's records).
from tests.benchmarks.scale import Synth  # noqa: E402

os.environ["RELAPP_INSECURE_FAST_KDF"] = "1"  # profile creation is set-up, not measured
os.environ.setdefault("RELAPP_LOG_DIR", tempfile.mkdtemp(prefix="relapp-bench-logs-"))

import cryptography  # noqa: E402

from relapp.services import team as team_service  # noqa: E402
from relapp.services.demo import build_demo_profile  # noqa: E402
from relapp.services.erasure import erase_family  # noqa: E402
from relapp.services.profile import Session, create_profile, unlock_profile  # noqa: E402
from relapp.store import erasure as erasure_store  # noqa: E402
from relapp.store import syncstate  # noqa: E402
from relapp.store.backups import list_backups, take_backup  # noqa: E402
from relapp.sync import bundle as bundles  # noqa: E402
from relapp.sync.engine import SyncEngine, SyncReport, team_folder_for  # noqa: E402

PASSPHRASE = "kettle orbit meadow lantern"
SAVE_BATCH = 1000
REASON = "Erasure request from the family, checked by the service manager"

# How a caseload's records are shared out between kinds (families come from --families).
SHARES = {
    "visit": 0.40,
    "checkin": 0.285,
    "reflection": 0.265,
    "feedback": 0.04,
    "barrier": 0.008,
    "change_test": 0.002,
}
KINDS = ("family", *SHARES)


def progress(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


# ---- realistic caseloads ------------------------------------------------------------------


def caseload(
    demo: Session, me: str, total: int, families: int, seed: int
) -> tuple[list[tuple[str, dict[str, Any], str]], list[str]]:
    """(kind, data, id) of `total` records: `families` families first, then visits, check-ins,
    reflections, feedback, barriers and change tests in a seeded random order; and the family
    ids in the order they were made. The same seed gives the same records (ids aside)."""
    rng = random.Random(seed)
    synth = Synth(demo, rng, date.today())
    synth.me = me  # families are assigned to this profile's member
    rest = total - families
    counts = {kind: int(rest * share) for kind, share in SHARES.items()}
    counts["visit"] += rest - sum(counts.values())
    make = {
        "visit": synth.visit,
        "checkin": synth.checkin,
        "reflection": synth.reflection,
        "feedback": synth.feedback,
        "barrier": synth.barrier,
        "change_test": synth.change_test,
    }
    head = [synth.family(n, active=rng.random() < 0.6) for n in range(families)]
    tail = [make[kind]() for kind, n in counts.items() for _ in range(n)]
    rng.shuffle(tail)
    return head + tail, [family.id for family in synth.families]


def tree_sizes(session: Session, family_ids: list[str]) -> list[int]:
    return [len(erasure_store.tree_of(session.vault, fid)) for fid in family_ids]


# ---- timers around Relapp's own functions (for a breakdown; never the headline figure) ------


class Probes:
    """Wraps functions by attribute for the length of one call; keys nest ('compact/encode')."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self._active: list[str] = []
        self._undo: list[tuple[Any, str, Any]] = []

    def _timed(self, label: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            key = "/".join([*self._active, label])
            self._active.append(label)
            began = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.totals[key] += time.perf_counter() - began
                self._active.pop()

        return timed

    def wrap(self, owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)
        self._undo.append((owner, name, original))
        setattr(owner, name, self._timed(label, original))

    def wrap_any(self, owner: Any, names: tuple[str, ...], label: str) -> None:
        """Every one of these names that exists (a function known by more than one name)."""
        found = [name for name in names if hasattr(owner, name)]
        if not found:
            raise RuntimeError(f"none of {names} in {owner.__name__}: update the benchmark")
        for name in found:
            self.wrap(owner, name, label)

    def time_vacuum(self) -> None:
        """purge_backups opens each backup with store.erasure.connect: time its VACUUMs."""
        probes, original = self, erasure_store.connect

        class Timed:
            def __init__(self, conn: Any) -> None:
                self._conn = conn

            def execute(self, sql: str, *args: Any) -> Any:
                if sql.strip().upper() != "VACUUM":
                    return self._conn.execute(sql, *args)
                return probes._timed("VACUUM", self._conn.execute)(sql, *args)

            def __getattr__(self, name: str) -> Any:
                return getattr(self._conn, name)

        self._undo.append((erasure_store, "connect", original))
        erasure_store.connect = lambda *a, **k: Timed(original(*a, **k))  # type: ignore[assignment]

    def undo(self) -> None:
        while self._undo:
            owner, name, original = self._undo.pop()
            setattr(owner, name, original)


# ---- figures and printing -----------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 1 else f"{seconds:,.2f} s"


def spread(values: list[float]) -> str:
    return f"{ms(statistics.median(values))} (min {ms(min(values))}, max {ms(max(values))})"


def mb(n: int) -> str:
    return f"{n / 1e6:,.2f} MB"


@dataclass
class Side:
    times: list[float] = field(default_factory=list)
    parts: list[dict[str, float]] = field(default_factory=list)

    def part(self, key: str) -> list[float]:
        return [p.get(key, 0.0) for p in self.parts]

    def median(self, key: str) -> str:
        """The median time in this wrapped function, or a dash when it was never called."""
        if not any(key in p for p in self.parts):
            return "—"
        return ms(statistics.median(self.part(key)))


def print_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        cells = [
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  " + "  ".join(cells).rstrip())
        if n == 0:
            print("  " + "-" * (sum(widths) + 2 * (len(widths) - 1)))


def print_sides(name_a: str, a: Side, name_b: str, b: Side) -> None:
    ratios = [x / y for x, y in zip(a.times, b.times, strict=True)]
    rows = [
        ("", "median", "min", "max"),
        (name_a, ms(statistics.median(a.times)), ms(min(a.times)), ms(max(a.times))),
        (name_b, ms(statistics.median(b.times)), ms(min(b.times)), ms(max(b.times))),
        (
            "ratio (median of per-round ratios)",
            f"{statistics.median(ratios):,.1f}x",
            f"{min(ratios):,.1f}x",
            f"{max(ratios):,.1f}x",
        ),
    ]
    print_table(rows)


# ---- 1. erasing a family on a supervisor's laptop -----------------------------------------


def reopen(folder: Path) -> Session:
    """The app's own unlock path (replays erasures, takes a daily backup if due)."""
    return unlock_profile(folder, PASSPHRASE)


def bench_erase(tmp: Path, demo: Session, args: argparse.Namespace) -> None:
    relapp_dir, plain_dir = tmp / "erase" / "relapp", tmp / "erase" / "plain"
    progress(f"building a supervisor's vault of {args.records:,} records")
    session, _code = create_profile(relapp_dir, "Pat Supervisor", "supervisor", PASSPHRASE)
    items, family_ids = caseload(
        demo, session.vault.member_id, args.records, args.families, args.seed
    )
    began = time.perf_counter()
    for start in range(0, len(items), SAVE_BATCH):
        session.records.save_many(items[start : start + SAVE_BATCH])
    build_s = time.perf_counter() - began
    by_kind = {kind: session.vault.count(kind) for kind in KINDS}
    sizes = tree_sizes(session, family_ids)
    progress(f"taking {args.backups} backups")
    for n in range(args.backups):
        take_backup(session.vault, f"bench-{n}")
    backups = list_backups(relapp_dir)
    session.close()
    vault_bytes = (relapp_dir / "vault.sqlite3").stat().st_size
    # The baseline's vault: the same file and key file, without the backups.
    plain_dir.mkdir(parents=True)
    for path in relapp_dir.iterdir():
        if path.is_file():
            shutil.copy2(path, plain_dir / path.name)

    # Each round erases a different family, picked at random (seeded) among all of them.
    picks = random.Random(args.seed + 1).sample(range(len(family_ids)), args.rounds)
    relapp_side, plain_side = Side(), Side()
    relapp_s, plain_s = reopen(relapp_dir), reopen(plain_dir)
    erased_counts: list[int] = []
    try:
        for n, index in enumerate(picks):
            family_id = family_ids[index]
            ids = [rid for rid, _kind in erasure_store.tree_of(plain_s.vault, family_id)]
            erased_counts.append(len(ids))
            progress(f"round {n + 1}/{args.rounds}: a family of {len(ids)} records")

            def erase(family_id: str = family_id, n: int = n, ids: list[str] = ids) -> None:
                probes = Probes()
                probes.wrap(erasure_store, "purge_backups", "purge_backups")
                probes.wrap_any(
                    erasure_store, ("wipe_free_space", "_wipe_free_space"), "wal_checkpoint"
                )
                probes.time_vacuum()
                try:
                    began = time.perf_counter()
                    result = erase_family(
                        relapp_s, family_id, reason=REASON, request=f"SAR-2026-{n + 1:03d}"
                    )
                    elapsed = time.perf_counter() - began
                finally:
                    probes.undo()
                if len(result.erased) != len(ids):
                    raise RuntimeError("erase_family did not erase the family's tree")
                relapp_side.times.append(elapsed)
                relapp_side.parts.append(dict(probes.totals))

            def delete(ids: list[str] = ids) -> None:
                conn = plain_s.vault.connection_for_backup()
                marks = ",".join("?" * len(ids))
                began = time.perf_counter()
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(f"DELETE FROM record_versions WHERE record_id IN ({marks})", ids)
                conn.execute(f"DELETE FROM records WHERE id IN ({marks})", ids)
                conn.execute("COMMIT")
                plain_side.times.append(time.perf_counter() - began)

            for side in (erase, delete) if n % 2 == 0 else (delete, erase):
                side()
            for s in (relapp_s, plain_s):
                left = (
                    s.vault.connection_for_backup()
                    .execute(
                        f"SELECT count(*) FROM records WHERE id IN ({','.join('?' * len(ids))})",
                        ids,
                    )
                    .fetchone()[0]
                )
                if left:
                    raise RuntimeError(f"{left} rows of the family are still there")
        markers = len(erasure_store.erased(relapp_s.vault))
    finally:
        relapp_s.close()
        plain_s.close()

    print(f"1. Erase one family on a supervisor's laptop ({args.rounds} interleaved rounds)")
    print()
    print(
        f"  Profile: {sum(by_kind.values()):,} records in a {mb(vault_bytes)} vault, built with "
        f"save_many in {build_s:.1f} s:"
    )
    print("    " + ", ".join(f"{kind} {count:,}" for kind, count in by_kind.items()))
    print(
        f"  Records per family (the family, its visits, check-ins, reflections and their "
        f"feedback): median {statistics.median(sizes):.0f}, min {min(sizes)}, max {max(sizes)}."
    )
    print(
        f"  Backups: {len(backups)} taken with take_backup, {mb(sum(b.size for b in backups))} "
        f"in all ({mb(backups[0].size)} each)."
    )
    print(f"  Families erased, one a round: {', '.join(map(str, erased_counts))} records.")
    print()
    print_sides("erase_family", relapp_side, "plain DELETE", plain_side)
    print()
    print(
        "  erase_family includes: the plan (the family's tree, unsent words, linked barriers), "
        "one transaction (barrier links, purge of versions/row/conflicts/import ids, a marker a "
        "record, the signed erasure event), secure_delete zeroing, WAL checkpoint(TRUNCATE), "
        "the sealed ledger, and the purge (secure_delete, no VACUUM) of each of the "
        f"{len(backups)} backups."
    )
    print(
        "  plain DELETE includes: BEGIN IMMEDIATE; DELETE FROM record_versions WHERE record_id "
        "IN (...); DELETE FROM records WHERE id IN (...); COMMIT, on an identical copy of the "
        "vault through its own connection (WAL, synchronous=FULL, secure_delete=ON as the vault "
        "sets them), the ids known in advance; no wiping, markers, ledger or backups."
    )
    purge = relapp_side.part("purge_backups")
    vacuum = relapp_side.part("purge_backups/VACUUM")
    checkpoint = relapp_side.part("wal_checkpoint")
    rest = [t - p - c for t, p, c in zip(relapp_side.times, purge, checkpoint, strict=True)]
    print("  Where erase_family's time goes (timers around its own functions, median of rounds):")
    rows: list[tuple[str, ...]] = [("", "median", "share")]
    for label, key, values in (
        (f"purge of the {len(backups)} backups", "purge_backups", purge),
        ("  of which VACUUM", "purge_backups/VACUUM", vacuum),
        ("WAL checkpoint(TRUNCATE)", "wal_checkpoint", checkpoint),
        ("everything else (plan, transaction, ledger, audit entry)", "", rest),
    ):
        shares = [x / t for x, t in zip(values, relapp_side.times, strict=True)]
        median = relapp_side.median(key) if key else ms(statistics.median(values))
        rows.append((f"    {label}", median, f"{statistics.median(shares):.0%}"))
    print_table(rows)
    ratios_local = [r / p for r, p in zip(rest, plain_side.times, strict=True)]
    print(
        f"  Without the backups and the checkpoint, erase_family vs plain DELETE: "
        f"{statistics.median(ratios_local):,.1f}x (info). Erasure markers kept: {markers}."
    )
    print()


# ---- 2. compaction of a practitioner's device folder ----------------------------------------


@dataclass
class Team:
    where: Path
    central: Path
    sup: Session
    prac: Session
    family_ids: list[str]
    bundles: int

    def close(self) -> None:
        self.sup.close()
        self.prac.close()


def must(report: SyncReport) -> SyncReport:
    if report.status != "ok" or report.quarantined:
        raise RuntimeError(f"sync failed: {report.summary()} {report.quarantined}")
    return report


def build_team(where: Path, demo: Session, args: argparse.Namespace) -> Team:
    """A supervisor and a practitioner; the practitioner writes --events records in bundles of
    --batch, syncing after each; both laptops are then up to date with each other."""
    central = where / "shared"
    central.mkdir(parents=True)
    sup, _ = create_profile(where / "sup", "Pat Supervisor", "supervisor", PASSPHRASE)
    team_service.create(sup, central, "Early Help North")
    prac, _ = create_profile(where / "prac", "Sam Practitioner", "practitioner", PASSPHRASE)
    team_service.join(prac, central)
    team_service.approve_request(sup, prac.vault.device_id, "practitioner")
    items, family_ids = caseload(
        demo, prac.vault.member_id, args.events, args.events // 20, args.seed
    )
    written = 0
    for start in range(0, len(items), args.batch):
        prac.records.save_many(items[start : start + args.batch])
        written += must(team_service.sync_once(prac)).bundles_written
    must(team_service.sync_once(sup))
    must(team_service.sync_once(prac))
    return Team(where, central, sup, prac, family_ids, written)


def device_folder(team: Team) -> tuple[int, int, int]:
    """(bundle files, snapshot files, bytes) of the practitioner's own device folder."""
    folder = team_folder_for(team.prac.vault)
    device = team.prac.vault.device_id
    listed = folder.bundles(device).accepted, folder.snapshots(device).accepted
    size = sum(p.stat().st_size for p in folder.device_dir(device).rglob("*") if p.is_file())
    return len(listed[0]), len(listed[1]), size


def measured_pass(team: Team) -> tuple[float, SyncReport, dict[str, float]]:
    probes = Probes()
    for name in ("_receive", "_send", "_compact", "_sections"):
        probes.wrap(SyncEngine, name, name.strip("_"))
    probes.wrap(syncstate, "published_events", "published_events")
    probes.wrap(syncstate, "apply_bundle_events", "apply")
    probes.wrap(erasure_store, "settle", "settle")
    probes.wrap(bundles, "encode", "encode")
    try:
        engine = SyncEngine(team.prac.vault)
        began = time.perf_counter()
        report = engine.run()
        elapsed = time.perf_counter() - began
    finally:
        probes.undo()
    return elapsed, must(report), dict(probes.totals)


@dataclass
class CompactionRound:
    family_records: int
    left: int
    bundles: int
    before: tuple[int, int, int]
    after: tuple[int, int, int]
    events: int


def bench_compaction(tmp: Path, demo: Session, args: argparse.Namespace) -> None:
    relapp_side, plain_side = Side(), Side()
    rounds: list[CompactionRound] = []
    picks = random.Random(args.seed + 2).sample(range(args.events // 20), args.rounds)

    def erase_round(n: int, index: int) -> None:
        team = build_team(tmp / "compact" / f"erase-{n}", demo, args)
        try:
            family_id = team.family_ids[index]
            size = len(erasure_store.tree_of(team.prac.vault, family_id))
            events = len(syncstate.published_events(team.prac.vault))
            before = device_folder(team)
            result = erase_family(team.sup, family_id, reason=REASON, request=f"SAR-{n:03d}")
            must(team_service.sync_once(team.sup))
            elapsed, report, parts = measured_pass(team)
            if not report.compacted or report.erased < len(result.erased):
                raise RuntimeError(f"the pass did not compact: {report}")
            # What the practitioner's laptop still holds of the family after the pass.
            left = len(erasure_store.tree_of(team.prac.vault, family_id))
            rounds.append(
                CompactionRound(size, left, team.bundles, before, device_folder(team), events)
            )
            relapp_side.times.append(elapsed)
            relapp_side.parts.append(parts)
        finally:
            team.close()
            shutil.rmtree(team.where)

    def edit_round(n: int, index: int) -> None:
        team = build_team(tmp / "compact" / f"edit-{n}", demo, args)
        try:
            family_id = team.family_ids[index]
            family = team.sup.records.get(family_id)
            team.sup.records.save(
                "family",
                {**family.data, "notes": family.data.get("notes", "") + " Seen at the hub."},
                record_id=family_id,
                expected_version=family.version,
            )
            must(team_service.sync_once(team.sup))
            elapsed, report, parts = measured_pass(team)
            if report.received != 1 or report.compacted:
                raise RuntimeError(f"the baseline pass did not receive just the edit: {report}")
            plain_side.times.append(elapsed)
            plain_side.parts.append(parts)
        finally:
            team.close()
            shutil.rmtree(team.where)

    for n, index in enumerate(picks):
        progress(f"round {n + 1}/{args.rounds}: two fresh teams of {args.events:,} events")
        for side in (erase_round, edit_round) if n % 2 == 0 else (edit_round, erase_round):
            side(n, index)

    first = rounds[0]
    shapes = [
        f"{r.before[0]}+{r.before[1]} files, {r.before[2] / 1e6:.2f}->{r.after[2] / 1e6:.2f} MB"
        if (r.before[:2], r.after[:2]) != (first.before[:2], first.after[:2])
        else f"{r.before[2] / 1e6:.2f}->{r.after[2] / 1e6:.2f} MB"
        for r in rounds
    ]
    print(
        f"2. A practitioner's sync pass that compacts its folder after an erasure "
        f"({args.rounds} interleaved rounds, a fresh pair of teams each)"
    )
    print()
    print(
        f"  Profile: a supervisor and a practitioner; the practitioner wrote {args.events:,} "
        f"records ({args.events // 20:,} families with visits, check-ins, reflections, "
        f"feedback, barriers, change tests) in {first.bundles} bundles of {args.batch}, syncing "
        f"after each; {first.events:,} events published by the practitioner before the erasure."
    )
    print(
        f"  Practitioner's device folder before the pass: {first.before[0]} bundles + "
        f"{first.before[1]} snapshots, {mb(first.before[2])}; after compaction: "
        f"{first.after[0]} bundles + {first.after[1]} snapshot(s), {mb(first.after[2])}"
        + (
            " (the same in every round)."
            if len(set(shapes)) == 1
            else f" (every round: {', '.join(shapes)})."
        )
    )
    print(
        "  Families erased, one a round: "
        + ", ".join(str(r.family_records) for r in rounds)
        + " records on the practitioner's laptop; left there after the pass: "
        + ", ".join(str(r.left) for r in rounds)
        + "."
    )
    print(
        "  The practitioner's laptop holds no backups here (a fresh profile); section 1 "
        "measures what purging them costs."
    )
    print()
    print_sides("pass that compacts", relapp_side, "plain pass (an edit)", plain_side)
    print()
    print(
        "  pass that compacts includes: SyncEngine(vault).run() on the practitioner's laptop: "
        "receive the supervisor's erasure, purge the family, WAL checkpoint, ledger, send the "
        "confirmation (one bundle), write a snapshot of every event it published, delete "
        "every older file of its own folder."
    )
    print(
        "  plain pass includes: the same SyncEngine(vault).run() on an identically built team, "
        "receiving the supervisor's ordinary edit of the same family (one event)."
    )
    print("  Where the compacting pass's time goes (timers around its own functions, medians):")
    keys = [
        ("receive (open the supervisor's bundle, apply)", "receive"),
        ("  of which purge + WAL checkpoint + ledger (settle)", "receive/settle"),
        ("send the confirmation", "send"),
        ("compact", "compact"),
        ("  read + decrypt the published events", "compact/published_events"),
        ("  sort them into sections (audience each)", "compact/sections"),
        ("  encode the snapshot (JSON, compress, seal, sign)", "compact/encode"),
    ]
    rows: list[tuple[str, ...]] = [("", "compacting pass", "plain pass")]
    for label, key in keys:
        rows.append(
            (
                f"    {label}",
                relapp_side.median(key),
                plain_side.median(key) if "compact" not in key else "",
            )
        )
    compact = relapp_side.part("compact")
    inner = [
        sum(p.get(f"compact/{k}", 0.0) for k in ("published_events", "sections", "encode"))
        for p in relapp_side.parts
    ]
    rows.append(
        (
            "    write it, delete the old files, the rest",
            ms(statistics.median(c - i for c, i in zip(compact, inner, strict=True))),
            "",
        )
    )
    print_table(rows)
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000, help="records in section 1")
    parser.add_argument("--families", type=int, default=2_500, help="families in section 1")
    parser.add_argument("--backups", type=int, default=7, help="backups in section 1")
    parser.add_argument("--events", type=int, default=10_000, help="records in section 2")
    parser.add_argument("--batch", type=int, default=100, help="records a bundle, section 2")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (>= 5)")
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--dir", type=Path, default=None, help="where to put the temporary files")
    args = parser.parse_args(argv)
    if args.rounds < 5:
        parser.error("--rounds must be at least 5")
    began = time.perf_counter()
    print(
        f"Relapp erasure benchmark — Python {platform.python_version()}, SQLite "
        f"{sqlite3.sqlite_version}, cryptography {cryptography.__version__}, "
        f"{os.cpu_count()} CPUs"
    )
    print(
        "Both sides in this process, on the same disk, in interleaved rounds (the side that "
        "goes first alternates); medians, with min and max."
    )
    print()
    with tempfile.TemporaryDirectory(prefix="relapp-bench-erasure-", dir=args.dir) as name:
        tmp = Path(name)
        print(f"Files in {tmp.parent}.")
        print()
        progress("building the demo profile (samples of every kind of record)")
        demo = build_demo_profile(tmp / "demo")
        try:
            bench_erase(tmp, demo, args)
            bench_compaction(tmp, demo, args)
        finally:
            demo.close()
    print(f"Total run time {time.perf_counter() - began:.1f} s.")
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # a report, not a test: say what broke, exit 0
        import traceback

        traceback.print_exc()
        print(f"Benchmark did not finish: {exc}")
    sys.exit(0)
