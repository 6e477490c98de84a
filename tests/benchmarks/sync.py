"""How fast is sync through the shared folder? A report, not a test.

Run from a checkout:

    .venv/bin/python tests/benchmarks/sync.py [--devices 20] [--events 10000] [--big 100000]

Every figure is printed beside a baseline measured in the same run, on the same disk:

1. nothing new: a sync that finds nothing to do when the folder holds --big events vs one
   holding --small events (the same number of devices), in --rounds interleaved rounds after a
   warm-up; the ratio is the median of the per-round ratios. Target: at most 1.5x the time.
2. bytes on the drive per event, for the first --events events (--devices practitioners'
   laptops, real signed and encrypted bundles of --batch events), next to the same events as
   compact JSON (what an unencrypted, uncompressed export would need).

Sync import against local inserts, and a new laptop's first sync against restoring a backup,
are measured by tests/benchmarks/scale.py against issue 13's targets.

The passphrase key derivation is the cheap test setting here: it is not what is measured.
The exit status is always 0; read the PASS/MISS column.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ["RELAPP_INSECURE_FAST_KDF"] = "1"  # profile creation is set-up, not measured
os.environ.setdefault("RELAPP_LOG_DIR", tempfile.mkdtemp(prefix="relapp-bench-logs-"))

import cryptography  # noqa: E402

from relapp.services import team as team_service  # noqa: E402
from relapp.services.profile import Session, create_profile  # noqa: E402
from relapp.store.vault import NewRecord  # noqa: E402
from relapp.sync import bundle as bundles  # noqa: E402
from relapp.sync.engine import team_folder_for  # noqa: E402
from relapp.sync.team import load_team  # noqa: E402

PASSPHRASE = "kettle orbit meadow lantern"
NOTHING_NEW_TARGET = 1.5  # big folder time ÷ small folder time

_TEXT = """
the child and parent seemed more settled today after we talked about the morning routine
she said mornings feel rushed because the baby wakes early and breakfast turns into a battle
mum was worried about nursery transition and whether staff would understand his speech delay
we agreed to try a visual timetable at home and share it with the key worker next week
dad joined the session for the first time and was quiet at first but warmed up during play
grandmother provides childcare on tuesdays which gives mum time to attend the parenting group
housing officer has not replied so I will follow up by phone and record the outcome
"""
WORDS = _TEXT.split()
SURNAMES = ["Lark", "Wren", "Finch", "Robin", "Heron", "Plover", "Curlew", "Kestrel", "Swift"]


def prose(rng: random.Random, n_words: int) -> str:
    return " ".join(rng.choices(WORDS, k=n_words)).capitalize() + "."


def records_for(rng: random.Random, count: int) -> list[NewRecord]:
    """A practitioner's caseload: families, and visits to them (each visit names a family)."""
    out: list[NewRecord] = []
    families: list[str] = []
    for n in range(count):
        if not families or n % 3 == 0:
            rid = f"bench-family-{rng.getrandbits(64):016x}"
            families.append(rid)
            data = {
                "reference": f"EH-{rng.randint(1000, 9999)}",
                "display_name": f"The {rng.choice(SURNAMES)} family",
                "status": "active",
                "notes": prose(rng, 40),
            }
            out.append(NewRecord("family", data, rid))
        else:
            family = rng.choice(families)
            data = {
                "family_id": family,
                "when": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00",
                "mode": rng.choice(["home", "centre", "phone", "video"]),
                "duration_minutes": rng.randint(15, 120),
                "purpose": prose(rng, 25),
            }
            out.append(NewRecord("visit", data, parent_id=family))
    return out


@dataclass
class Bench:
    central: Path
    base: Path
    sup: Session
    reader: Session
    writers: list[Session] = field(default_factory=list)

    def close(self) -> None:
        for session in [self.sup, self.reader, *self.writers]:
            session.close()


def build_team(where: Path, devices: int) -> Bench:
    """A supervisor, a second supervisor laptop that never synced, and practitioners."""
    central = where / "shared"
    central.mkdir(parents=True)
    sup, _ = create_profile(where / "profiles" / "sup", "Pat Supervisor", "supervisor", PASSPHRASE)
    team_service.create(sup, central, "Benchmark Team")

    def join(key: str, name: str, role: str) -> Session:
        session, _ = create_profile(where / "profiles" / key, name, role, PASSPHRASE)
        team_service.join(session, central)
        team_service.approve_request(sup, session.vault.device_id, role)
        return session

    reader = join("reader", "Robin Reader", "supervisor")
    bench = Bench(central, where / "profiles", sup, reader)
    for n in range(devices):
        bench.writers.append(join(f"w{n}", f"Worker {n}", "practitioner"))
    return bench


def write(bench: Bench, per_device: int, batch: int, rng: random.Random) -> list[NewRecord]:
    """Every practitioner records per_device records and syncs after each batch."""
    written: list[NewRecord] = []
    for session in bench.writers:
        items = records_for(rng, per_device)
        for start in range(0, len(items), batch):
            session.vault.put_many(items[start : start + batch])
            report = team_service.sync_once(session)
            if report.status != "ok":
                raise RuntimeError(report.summary())
        written += items
    return written


def bundle_files(bench: Bench) -> list[Path]:
    folder = team_folder_for(bench.sup.vault)
    return [p for d in folder.device_ids() for _s, p in folder.bundles(d).accepted]


def plaintext_bytes(bench: Bench, files: list[Path]) -> int:
    """The events of these files as compact JSON: opened with the reader's key."""
    folder = team_folder_for(bench.reader.vault)
    state = load_team(folder)
    keyring = bench.reader.vault.keyring()
    total = 0
    for path in files:
        device = state.device(path.parent.parent.name)
        opened = bundles.decode(
            path.read_bytes(),
            team_id=folder.team_id,
            signer_public=device.ed25519,
            my_id=bench.reader.vault.device_id,
            my_private=keyring.x25519_private,
        )
        for events in opened.sections.values():
            total += len(json.dumps(events, ensure_ascii=False, separators=(",", ":")).encode())
    return total


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    began = time.perf_counter()
    result = fn()
    return time.perf_counter() - began, result


def progress(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


@dataclass
class Row:
    measure: str
    relapp: str
    baseline: str
    ratio: str = ""
    target: str = ""
    verdict: str = ""


def print_rows(rows: list[Row]) -> None:
    head = Row("measure", "Relapp", "baseline", "ratio", "target", "")
    widths = [max(len(getattr(r, f)) for r in [head, *rows]) for f in Row.__dataclass_fields__]
    for row in [head, *rows]:
        cells = [getattr(row, f) for f in Row.__dataclass_fields__]
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--events", type=int, default=10_000, help="events for section 2")
    parser.add_argument("--small", type=int, default=1_000, help="events in the small folder")
    parser.add_argument("--big", type=int, default=100_000, help="events in the big folder")
    parser.add_argument("--batch", type=int, default=100, help="events per bundle in section 2")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (at least 5)")
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--dir", type=Path, default=None, help="where to put the temporary files")
    args = parser.parse_args(argv)
    if args.rounds < 5:
        parser.error("--rounds must be at least 5: every ratio is a median of 5 or more rounds")
    rng = random.Random(args.seed)
    began = time.perf_counter()
    rows: list[Row] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="relapp-bench-sync-", dir=args.dir) as name:
        tmp = Path(name)
        per_device = args.events // args.devices
        events = per_device * args.devices
        progress(f"{args.devices} practitioners write {events} records in bundles")
        bench = build_team(tmp / "main", args.devices)
        small: Bench | None = None
        try:
            write(bench, per_device, args.batch, rng)
            files = bundle_files(bench)
            drive_bytes = sum(p.stat().st_size for p in files)

            # ---- 2. bytes on the drive -------------------------------------------------
            plain = plaintext_bytes(bench, files)
            rows.append(
                Row(
                    "bytes on the drive per event",
                    f"{drive_bytes / events:,.0f} B",
                    f"compact JSON {plain / events:,.0f} B",
                    f"{drive_bytes / plain:.2f}x",
                    "(report)",
                )
            )
            notes.append(
                f"{len(files)} bundle files of up to {args.batch} events, "
                f"{drive_bytes / 1e6:.1f} MB"
            )

            # ---- 1. nothing new: big folder vs small folder, interleaved ----------------
            more = args.big // args.devices - per_device
            progress(f"the folder grows to {args.big} events; a supervisor laptop reads them")
            write(bench, more, 1500, rng)
            report = team_service.sync_once(bench.reader)
            big_events = args.devices * (per_device + more)
            if report.received != big_events or report.quarantined:
                raise RuntimeError(f"import incomplete: {report.summary()}")
            progress(f"a second team's folder with {args.small} events")
            small = build_team(tmp / "small", args.devices)
            write(small, args.small // args.devices, args.batch, rng)
            team_service.sync_once(small.reader)
            big_runs: list[float] = []
            small_runs: list[float] = []
            for i in range(args.rounds + 1):  # round 0 warms both up and is not counted
                progress(f"nothing new, round {i}/{args.rounds}")
                pair: dict[str, float] = {}
                for side in ("big", "small") if i % 2 == 0 else ("small", "big"):
                    reader = bench.reader if side == "big" else small.reader
                    pair[side] = timed(lambda r=reader: team_service.sync_once(r))[0]
                if i:
                    big_runs.append(pair["big"])
                    small_runs.append(pair["small"])
            big_files = len(bundle_files(bench))
            small_files = len(bundle_files(small))
        finally:
            bench.close()
            if small is not None:
                small.close()
        big_s, small_s = statistics.median(big_runs), statistics.median(small_runs)
        ratio = statistics.median(b / s for b, s in zip(big_runs, small_runs, strict=True))
        rows.insert(
            0,
            Row(
                f"sync with nothing new, {big_events:,} events",
                f"{big_s * 1000:.0f} ms ({big_files} files)",
                f"{args.small:,} events: {small_s * 1000:.0f} ms ({small_files} files)",
                f"{ratio:.2f}x",
                f"<= {NOTHING_NEW_TARGET}x",
                verdict(ratio <= NOTHING_NEW_TARGET),
            ),
        )
        where = tmp.parent

    print(
        f"Relapp sync benchmark — Python {platform.python_version()}, SQLite "
        f"{sqlite3.sqlite_version}, cryptography {cryptography.__version__}, "
        f"{os.cpu_count()} CPUs, files in {where}"
    )
    print(
        f"Baselines measured in the same run on the same disk; ratios are medians of "
        f"{args.rounds} interleaved rounds."
    )
    print()
    print_rows(rows)
    print()
    for note in notes:
        print(f"  {note}")
    print("  (the sample text repeats a small vocabulary: real notes compress less well)")
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
