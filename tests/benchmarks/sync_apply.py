"""How fast does a laptop take in a team's records through sync? A report, not a test.

Run from a checkout:

    .venv/bin/python tests/benchmarks/sync_apply.py [--devices 6] [--events 30000]
        [--edits 0.2] [--batch 500] [--rounds 5] [--profile]

One team folder is built with real profiles, real signed and per-audience encrypted bundles:
--devices practitioners' laptops each write their share of --events new records (families,
visits, reflections, check-ins; the profile is printed), syncing after every --batch
records. Then:

1. import: a supervisor laptop that joined before anything was written, on its first sync,
   reads every bundle; vs Vault.put_many of the same records, in the same batch sizes, into
   a fresh vault. Target: sync at least 0.8x the put_many rate.
2. new laptop: a supervisor laptop joins later; every practitioner then edits --edits x
   their records (a family closed, a reflection reviewed, a visit amended; some twice) and
   syncs, which writes a snapshot of its whole history for the newcomer. The newcomer's
   first sync (from the snapshots) vs restoring a local backup of the same data
   (relapp.store.backups.restore_backup, over a fresh profile). Target: at most 2x.

Each ratio is the median of --rounds interleaved rounds, both sides in this process, each
round on a fresh copy of the profile. --profile adds a cProfile of one first sync of each
kind: where the time goes (reading, verifying, decrypting, parsing, applying). The
passphrase key derivation is the tests' cheap setting: it is not what is measured. Rows
marked (CPU) are the same medians in this process's CPU time, which other work on a shared
machine does not inflate. --one-by-one applies every event through syncstate._apply_one, as
before the bulk path, for comparison.
The exit status is always 0; read the PASS/MISS column.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ["RELAPP_INSECURE_FAST_KDF"] = "1"  # profile creation is set-up, not measured
os.environ.setdefault("RELAPP_LOG_DIR", tempfile.mkdtemp(prefix="relapp-bench-logs-"))

from relapp.services import team as team_service  # noqa: E402
from relapp.services.profile import Session, create_profile  # noqa: E402
from relapp.store import backups, syncstate  # noqa: E402
from relapp.store.db import sqlcipher  # noqa: E402
from relapp.store.vault import NewRecord, Vault  # noqa: E402
from relapp.sync.engine import SyncEngine, SyncReport  # noqa: E402

PASSPHRASE = "kettle orbit meadow lantern"
IMPORT_TARGET = 0.8  # sync events/s ÷ put_many records/s
RESTORE_TARGET = 2.0  # first sync time ÷ restore time

_TEXT = """
the child and parent seemed more settled today after we talked about the morning routine.
she said mornings feel rushed because the baby wakes early and breakfast turns into a battle.
I noticed that when the toddler was offered two choices he calmed quickly and joined in play.
mum was worried about nursery transition and whether staff would understand his speech delay.
we agreed to try a visual timetable at home and share it with the key worker next week.
dad joined the session for the first time and was quiet at first but warmed up during play.
I felt uncertain whether to raise the concern directly or consult my supervisor first.
on reflection I should have checked in about her own sleep since she looked exhausted.
the health visitor had already referred them to speech and language therapy in spring.
grandmother provides childcare on tuesdays which gives mum time to attend the parenting group.
attachment behaviours were clear when he looked back to check she was still watching him.
we used the strengths based approach and named three things she is already doing well.
next time I will bring the library bag with picture books about new siblings and feelings.
the home was warm and tidy though there were signs of damp in the back bedroom again.
housing officer has not replied so I will follow up by phone and record the outcome.
"""
SENTENCES = [s.strip().capitalize() + "." for s in _TEXT.split(".") if s.strip()]
SURNAMES = ["Lark", "Wren", "Finch", "Robin", "Heron", "Plover", "Curlew", "Kestrel", "Swift"]
FIRST = ["Amira", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Hugo", "Isla", "Jon"]
SECTIONS = ("description", "feelings", "evaluation", "analysis", "conclusion", "action_plan")
# Shares of new records by kind (families are a caseload's roots).
MIX = {"family": 0.06, "visit": 0.5, "reflection": 0.26, "checkin": 0.18}
ACTIVE_SHARE = 0.3  # families still open


def prose(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choices(SENTENCES, k=rng.randint(low, high)))


def when(rng: random.Random) -> str:
    return f"20{rng.randint(22, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00"


class Caseload:
    """One practitioner's records: families first, then visits, reflections and check-ins
    for them, in the order a person writes them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.families: list[str] = []  # ids given by the writer's vault
        self.visits: list[tuple[str, str]] = []  # (visit id, family id)

    def plan(self, count: int, batch: int) -> list[list[str]]:
        """Kinds, batch by batch: a few families first, in a batch of their own (records
        hang only from records written in an earlier batch)."""
        kinds = [k for k, share in MIX.items() for _ in range(round(count * share))]
        kinds = (kinds + ["visit"] * count)[:count]
        first = max(1, count // 50)
        kinds.sort(key=lambda k: k != "family")
        head, rest = kinds[:first], kinds[first:]
        self.rng.shuffle(rest)
        return [head] + [rest[start : start + batch] for start in range(0, len(rest), batch)]

    def new(self, kind: str) -> NewRecord:
        rng = self.rng
        if kind == "family" or not self.families:
            surname = rng.choice(SURNAMES)
            return NewRecord(
                "family",
                {
                    "reference": f"EH-{rng.randint(10000, 99999)}",
                    "display_name": f"The {surname} family",
                    "members": [
                        {"name": f"{rng.choice(FIRST)} {surname}", "role": "parent"},
                        {"name": f"{rng.choice(FIRST)} {surname}", "role": "child"},
                    ],
                    "status": "active" if rng.random() < ACTIVE_SHARE else "closed",
                    "service": "Early Help",
                    "notes": prose(rng, 1, 3),
                },
            )
        family = rng.choice(self.families)
        if kind == "visit" or (kind == "reflection" and not self.visits):
            return NewRecord(
                "visit",
                {
                    "family_id": family,
                    "when": when(rng),
                    "duration_minutes": rng.randrange(15, 95, 5),
                    "mode": rng.choice(["home", "home", "centre", "phone", "video"]),
                    "present": [rng.choice(FIRST)],
                    "purpose": prose(rng, 1, 2),
                },
                parent_id=family,
            )
        if kind == "reflection":
            visit, family = rng.choice(self.visits)
            return NewRecord(
                "reflection",
                {
                    "visit_id": visit,
                    "family_id": family,
                    "template_id": "gibbs",
                    "title": f"Home visit, {when(rng)[:10]}",
                    "sections": {s: prose(rng, 1, 4) for s in SECTIONS},
                    "themes": ["Routines"],
                    "status": rng.choice(["submitted", "reviewed", "reviewed", "to_discuss"]),
                    "submitted_at": when(rng),
                },
                parent_id=family,
            )
        return NewRecord(
            "checkin",
            {
                "family_id": family,
                "instrument_id": "outcome-star-lite",
                "respondent": rng.choice(["parent", "practitioner"]),
                "when": when(rng),
                "scores": {f"q{n}": rng.randint(1, 5) for n in range(1, 9)},
                "comment": prose(rng, 0, 1),
            },
            parent_id=family,
        )

    def saw(self, items: list[NewRecord], ids: list[str]) -> None:
        for item, rid in zip(items, ids, strict=True):
            if item.kind == "family":
                self.families.append(rid)
            elif item.kind == "visit":
                self.visits.append((rid, str(item.data["family_id"])))


def edited(rng: random.Random, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    if kind == "family":
        data["status"] = "closed" if data.get("status") == "active" else "active"
        data["notes"] = (data.get("notes") or "") + " " + prose(rng, 1, 1)
    elif kind == "reflection":
        data["status"] = "reviewed"
    elif kind == "visit":
        data["purpose"] = prose(rng, 1, 3)
    else:
        data["comment"] = prose(rng, 1, 1)
    return data


def sync(session: Session) -> SyncReport:
    report = team_service.sync_once(session)
    if report.status != "ok" or report.quarantined:
        raise RuntimeError(report.summary())
    return report


def progress(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


class Took(NamedTuple):
    wall: float  # seconds on the clock
    cpu: float  # seconds of this process's CPU (a shared machine's other work left out)


def timed(fn: Callable[[], Any]) -> tuple[Took, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return Took(time.perf_counter() - wall, time.process_time() - cpu), result


def medians(runs: list[Took]) -> Took:
    return Took(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs))


class Folder:
    """The team and its folder, with fresh profiles kept aside for the measured rounds."""

    def __init__(self, tmp: Path, devices: int) -> None:
        self.tmp = tmp
        self.central = tmp / "shared"
        self.central.mkdir()
        self.profiles = tmp / "profiles"
        self.sup, _ = create_profile(self.profiles / "sup", "Pat Sup", "supervisor", PASSPHRASE)
        team_service.create(self.sup, self.central, "Benchmark Team")
        # Joined before anything was written: reads the bundles (section 1).
        self.reader = self.join("reader", "Robin Reader", "supervisor")
        self.writers = [self.join(f"w{n}", f"Worker {n}", "practitioner") for n in range(devices)]
        self.newcomer: Session | None = None
        self.pristine: dict[str, Path] = {}
        self.keep_pristine("reader", self.reader)
        fresh, _ = create_profile(tmp / "aside" / "fresh", "Fay Fresh", "supervisor", PASSPHRASE)
        fresh.close()
        self.pristine["fresh"] = tmp / "aside" / "fresh"

    def join(self, key: str, name: str, role: str) -> Session:
        session, _ = create_profile(self.profiles / key, name, role, PASSPHRASE)
        team_service.join(session, self.central)
        team_service.approve_request(self.sup, session.vault.device_id, role)
        return session

    def keep_pristine(self, key: str, session: Session) -> None:
        """A copy of a profile that never synced: each round starts from one."""
        with session.vault._lock:
            session.vault._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        target = self.tmp / "aside" / key
        shutil.copytree(session.vault.folder, target)
        self.pristine[key] = target

    def copy_of(self, key: str, name: str) -> Path:
        target = self.tmp / "rounds" / name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(self.pristine[key], target)
        return target

    def close(self) -> None:
        for session in [self.sup, self.reader, *self.writers, self.newcomer]:
            if session is not None:
                session.close()


def open_vault(folder: Path) -> Vault:
    vault = Vault.open(folder)
    vault.unlock(PASSPHRASE)
    return vault


def write_new(folder: Folder, per_device: int, batch: int, seed: int) -> list[list[NewRecord]]:
    """Every practitioner writes per_device new records, syncing after each batch; returns
    the batches, in the order they were written (what put_many is given)."""
    batches: list[list[NewRecord]] = []
    for n, session in enumerate(folder.writers):
        caseload = Caseload(random.Random(seed * 1000 + n))
        session.caseload = caseload  # type: ignore[attr-defined]
        for kinds in caseload.plan(per_device, batch):
            items = [caseload.new(k) for k in kinds]
            made = session.vault.put_many(items)
            caseload.saw(items, [r.id for r in made])
            sync(session)
            batches.append(items)
        progress(f"practitioner {n + 1}/{len(folder.writers)} wrote {per_device} records")
    return batches


def write_edits(folder: Folder, share: float, batch: int, seed: int) -> int:
    """Every practitioner edits share x their records (a tenth of those twice), then syncs:
    the first sync after the newcomer joined writes each one's snapshot."""
    total = 0
    for n, session in enumerate(folder.writers):
        rng = random.Random(seed * 7 + n)
        vault = session.vault
        ids = [r[0] for r in vault.query("SELECT id FROM records WHERE kind != 'erasure'")]
        picked = rng.sample(ids, int(len(ids) * share))
        picked += rng.sample(picked, len(picked) // 10)
        for start in range(0, len(picked), batch):
            with vault.transaction():
                for rid in picked[start : start + batch]:
                    current = vault.get(rid)
                    vault._put(current.kind, edited(rng, current.kind, current.data), rid, None,
                               current.version)  # fmt: skip
            total += len(picked[start : start + batch])
        sync(session)
    return total


def profile_mix(folder: Folder) -> str:
    vault = folder.writers[0].vault
    kinds: Counter[str] = Counter()
    active = families = versions = 0
    for session in folder.writers:
        vault = session.vault
        for kind, count in vault.query("SELECT kind, count(*) FROM records GROUP BY kind"):
            kinds[kind] += count
        families += vault.count("family")
        active += vault.query(
            "SELECT count(*) FROM records WHERE kind = 'family' AND status = 'active'"
        )[0][0]
        versions += vault.query("SELECT count(*) FROM record_versions")[0][0]
    names = {"family": "families", "visit": "visits", "reflection": "reflections",
             "checkin": "check-ins"}  # fmt: skip
    parts = ", ".join(f"{kinds[k]:,} {names[k]}" for k in names)
    return (
        f"{sum(kinds.values()):,} records ({parts}); {active:,} of {families:,} families "
        f"active ({active / max(families, 1):.0%}); {versions:,} versions in all"
    )


# ---- profiling -------------------------------------------------------------------------------

# Where a first sync spends its time: (label, file suffix, function name); cumulative times
# of functions that do not call one another.
SPLIT = [
    ("read files", "sync/engine.py", "_read"),
    ("verify signatures + headers", "sync/bundle.py", "verified_header"),
    ("unwrap section keys", "crypto/recipients.py", "unwrap"),
    ("decrypt sections (AES-GCM)", "crypto/aead.py", "open"),
    ("inflate (zlib)", "sync/bundle.py", "_inflate"),
    ("parse + check events", "sync/wire.py", "events_from"),
    ("apply events to the vault", "store/syncstate.py", "apply_bundle_events"),
]


def profile_run(fn: Callable[[], Any], title: str, top: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    fn()
    profiler.disable()
    stats = pstats.Stats(profiler)
    raw = stats.stats  # type: ignore[attr-defined]
    runs = [v[3] for (f, _l, n), v in raw.items() if f.endswith("sync/engine.py") and n == "run"]
    total = runs[0] if runs else 0.0
    print(f"\n{title}: {total:.2f} s under the profiler")
    accounted = 0.0
    for label, suffix, name in SPLIT:
        cum = sum(v[3] for (f, _l, n), v in raw.items() if f.endswith(suffix) and n == name)
        accounted += cum
        print(f"  {label:<32} {cum:7.2f} s  {cum / total:6.1%}")
    rest = total - accounted
    print(f"  {'everything else':<32} {rest:7.2f} s  {rest / total:6.1%}")
    if top:
        print(f"  top {top} functions by own time:")
        rows = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
        for (f, line, name), v in rows:
            where = f"{Path(f).parent.name}/{Path(f).name}:{line}" if line else f
            print(f"    {v[2]:7.2f} s own  {v[3]:7.2f} s cum  {v[1]:>8} calls  {name}  ({where})")


# ---- main ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=6)
    parser.add_argument("--events", type=int, default=30_000, help="new records in all")
    parser.add_argument("--edits", type=float, default=0.2, help="share of records edited")
    parser.add_argument("--batch", type=int, default=500, help="records per bundle")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--profile", action="store_true", help="cProfile one sync of each")
    parser.add_argument("--top", type=int, default=15, help="functions listed when profiling")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-newcomer", action="store_true")
    parser.add_argument("--one-by-one", action="store_true", help="without the bulk path")
    parser.add_argument("--dir", type=Path, default=None, help="where to put the temporary files")
    args = parser.parse_args(argv)
    syncstate.BULK = not args.one_by_one
    began = time.perf_counter()
    per_device = args.events // args.devices
    events = per_device * args.devices
    rows: list[tuple[str, str, str, str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="relapp-bench-apply-", dir=args.dir) as name:
        tmp = Path(name)
        progress(f"a team of {args.devices} practitioners and two supervisors")
        folder = Folder(tmp, args.devices)
        try:
            batches = write_new(folder, per_device, args.batch, args.seed)
            mix_new = profile_mix(folder)

            # ---- 1. import vs put_many -----------------------------------------------------
            def import_round(n: int) -> Took:
                vault = open_vault(folder.copy_of("reader", f"reader-{n}"))
                try:
                    seconds, report = timed(lambda: SyncEngine(vault).run())
                finally:
                    vault.close()
                if report.received != events or report.quarantined:
                    raise RuntimeError(f"import incomplete: {report.summary()}")
                return seconds

            def put_round(n: int) -> Took:
                vault = open_vault(folder.copy_of("fresh", f"fresh-{n}"))
                try:
                    return timed(lambda: [vault.put_many(items) for items in batches])[0]
                finally:
                    vault.close()

            if not args.skip_import:
                sync_s, put_s = [], []
                for n in range(args.rounds):
                    progress(f"import round {n + 1}/{args.rounds}")
                    pair = [(sync_s, import_round), (put_s, put_round)]
                    for out, fn in pair if n % 2 == 0 else pair[::-1]:
                        out.append(fn(n))
                sm, pm = medians(sync_s), medians(put_s)
                for what, s, p in (("", sm.wall, pm.wall), (" (CPU)", sm.cpu, pm.cpu)):
                    ratio = (events / s) / (events / p)
                    rows.append(
                        (
                            f"first sync from {len(batches)} bundles (<= {args.batch}){what}",
                            f"{events / s:,.0f} ev/s ({s:.2f} s)",
                            f"put_many {events / p:,.0f} rec/s ({p:.2f} s)",
                            f"{ratio:.2f}x",
                            f">= {IMPORT_TARGET}x",
                            "PASS" if ratio >= IMPORT_TARGET else "MISS",
                        )
                    )
                if args.profile:
                    profile_run(
                        lambda: import_round(99), f"Import: first sync of {events:,} events "
                        f"from {len(batches)} bundles", args.top
                    )  # fmt: skip

            # ---- 2. new laptop from snapshots vs restoring a backup -------------------------
            edits = versions = 0
            if not args.skip_newcomer:
                progress("a newcomer joins; the practitioners edit and snapshot for it")
                folder.newcomer = folder.join("newcomer", "Nia Newcomer", "supervisor")
                folder.keep_pristine("newcomer", folder.newcomer)
                folder.newcomer.close()
                folder.newcomer = None
                edits = write_edits(folder, args.edits, args.batch, args.seed)
                versions = events + edits
                snapshots = list(folder.central.rglob("*.rls"))
                mix_all = profile_mix(folder)

                def newcomer_round(n: int, keep: Path | None = None) -> Took:
                    vault = open_vault(folder.copy_of("newcomer", f"newcomer-{n}"))
                    try:
                        seconds, report = timed(lambda: SyncEngine(vault).run())
                        if keep is not None:
                            vault.backup_to(keep)
                    finally:
                        vault.close()
                    if report.received != versions or report.quarantined:
                        raise RuntimeError(f"bootstrap incomplete: {report.summary()}")
                    return seconds

                # The backup restored is the newcomer's own database after its first sync.
                backup = tmp / "synced.sqlite3"
                newcomer_round(-1, keep=backup)
                backup_mb = backup.stat().st_size / 1e6

                def restore_round(n: int) -> Took:
                    profile = folder.copy_of("newcomer", f"restore-{n}")
                    name = "vault-20260101T000000Z-daily.sqlite3"
                    (profile / "backups").mkdir(exist_ok=True)
                    shutil.copyfile(backup, profile / "backups" / name)
                    seconds, _ = timed(lambda: backups.restore_backup(profile, name, PASSPHRASE))
                    vault = open_vault(profile)
                    try:
                        held = vault.query("SELECT count(*) FROM record_versions")[0][0]
                    finally:
                        vault.close()
                    if held < versions:
                        raise RuntimeError(f"restore incomplete: {held} versions")
                    return seconds

                boot_s, restore_s = [], []
                for n in range(args.rounds):
                    progress(f"new laptop round {n + 1}/{args.rounds}")
                    pair = [(boot_s, newcomer_round), (restore_s, restore_round)]
                    for out, fn in pair if n % 2 == 0 else pair[::-1]:
                        out.append(fn(n))
                bm, rm = medians(boot_s), medians(restore_s)
                for what, b, r in (("", bm.wall, rm.wall), (" (CPU)", bm.cpu, rm.cpu)):
                    rows.append(
                        (
                            f"new laptop: {versions:,} versions, {len(snapshots)} snapshots{what}",
                            f"{b:.2f} s ({versions / b:,.0f} ev/s)",
                            f"restore_backup {r:.2f} s ({backup_mb:.0f} MB)",
                            f"{b / r:.2f}x",
                            f"<= {RESTORE_TARGET}x",
                            "PASS" if b / r <= RESTORE_TARGET else "MISS",
                        )
                    )
                if args.profile:
                    profile_run(
                        lambda: newcomer_round(99), f"New laptop: first sync of {versions:,} "
                        f"versions from {len(snapshots)} snapshots", args.top
                    )  # fmt: skip
        finally:
            folder.close()

    print(
        f"\nRelapp sync apply benchmark — Python {platform.python_version()}, SQLCipher's "
        f"SQLite {sqlcipher().sqlite_version}, {os.cpu_count()} CPUs; medians of {args.rounds} "
        "interleaved rounds, both sides in this process, each on a fresh copy of a profile"
        + (", every event applied one by one." if args.one_by_one else ".")
    )
    print(f"Profile written: {mix_new}.")
    if edits:
        print(f"Then {edits:,} edits (the newcomer's snapshots): {mix_all}.")
    print()
    head = ("measure", "sync", "baseline", "ratio", "target", "")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
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
