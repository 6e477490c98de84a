"""What the audit trail costs a page: opening a family (families.family_detail, what the
family's page reads on its worker) with its audit entry written, against the same without the
write. A report, not a test.

Run from a checkout:

    .venv/bin/python tests/benchmarks/audit.py [--families 300] [--trail 50000] [--rounds 7]

A profile is built in a temporary folder on the same disk as the checkout (so each entry's
commit really reaches the disk: synchronous=FULL, as in use): families with visits, check-ins
and reflections, and an audit trail already this long (received entries from another laptop
too, so the trail's indexes are the size a supervisor's would be). Then, for each round, every
family is opened twice, once each way, in alternating order; both sides run in this process,
interleaved. "Without" replaces the one audit call by a no-op for that open. Figures are
medians of each round's median, with the spread over rounds.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("RELAPP_INSECURE_FAST_KDF", "1")

from relapp.services import families  # noqa: E402
from relapp.services.families import detail as family_detail_module  # noqa: E402
from relapp.services.profile import create_profile  # noqa: E402
from relapp.store import audit  # noqa: E402
from relapp.store.vault import new_id, utc_now  # noqa: E402

PASSPHRASE = "kettle orbit meadow lantern"
SCORES = dict.fromkeys(
    ("heard", "trust", "respect", "what-matters", "honest-worries", "just-getting-through"), 3
)


def build(folder: Path, n_families: int, trail: int):  # noqa: ANN201
    session, _code = create_profile(folder, "Bench Supervisor", "supervisor", PASSPHRASE)
    records = session.records
    ids = []
    rng = random.Random(7)
    with session.vault.writing():
        for n in range(n_families):
            fam = records.save(
                "family",
                {"reference": f"EH-{n:05d}", "display_name": f"The Bench family {n}"},
            )
            ids.append(fam.id)
            for v in range(6):
                day = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}T10:00"
                visit = records.save(
                    "visit",
                    {"family_id": fam.id, "when": day, "mode": "home", "purpose": f"visit {v}"},
                )
                records.save(
                    "checkin",
                    {
                        "family_id": fam.id,
                        "visit_id": visit.id,
                        "instrument_id": "practitioner-family",
                        "respondent": "parent",
                        "when": day,
                        "scores": SCORES,
                    },
                )
        # A long trail: half this laptop's, half received from another laptop.
        for n in range(trail // 2):
            audit.record(session.vault, "open_family", [ids[n % len(ids)]])
        conn = session.vault.current_transaction()
        prev, device, member = audit.GENESIS, "0" * 8 + "-0000-4000-8000-" + "0" * 12, new_id()
        for seq in range(1, trail // 2 + 1):
            at, recs = utc_now(), f'["{ids[seq % len(ids)]}"]'
            digest = audit.digest(prev, at, member, device, "open_family", recs)
            conn.execute(
                "INSERT INTO audit_received VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (device, seq, at, member, "open_family", recs, prev, digest, at),
            )
            prev = digest
    return session, ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--families", type=int, default=300)
    parser.add_argument("--trail", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    real = family_detail_module.audit
    silent = SimpleNamespace(record=lambda *a, **k: None)
    with tempfile.TemporaryDirectory(dir=ROOT.parent) as tmp:
        started = time.perf_counter()
        session, ids = build(Path(tmp) / "p", args.families, args.trail)
        print(
            f"profile: {args.families} families with 6 visits and 6 check-ins each; "
            f"audit trail {audit.count(session.vault, audit.Filter()):,} entries "
            f"(built in {time.perf_counter() - started:.1f} s)"
        )
        with_rounds, without_rounds, write_rounds = [], [], []
        try:
            for round_no in range(args.rounds):
                with_times, without_times = [], []
                order = list(ids)
                random.Random(round_no).shuffle(order)
                for n, family_id in enumerate(order):
                    sides = (True, False) if n % 2 == 0 else (False, True)
                    for audited in sides:
                        family_detail_module.audit = real if audited else silent
                        t0 = time.perf_counter()
                        families.family_detail(session.records, family_id)
                        elapsed = time.perf_counter() - t0
                        (with_times if audited else without_times).append(elapsed)
                family_detail_module.audit = real
                writes = []
                for family_id in order[:100]:
                    t0 = time.perf_counter()
                    audit.record(session.vault, "open_family", [family_id])
                    writes.append(time.perf_counter() - t0)
                with_rounds.append(statistics.median(with_times))
                without_rounds.append(statistics.median(without_times))
                write_rounds.append(statistics.median(writes))
                print(
                    f"round {round_no + 1}: with {with_rounds[-1] * 1000:.2f} ms, without "
                    f"{without_rounds[-1] * 1000:.2f} ms, the write alone "
                    f"{write_rounds[-1] * 1000:.2f} ms"
                )
        finally:
            family_detail_module.audit = real
            session.close()
    w, wo, wr = (statistics.median(x) for x in (with_rounds, without_rounds, write_rounds))
    ratios = [a / b for a, b in zip(with_rounds, without_rounds, strict=True)]
    print(
        f"opening a family: {w * 1000:.2f} ms with its audit entry, {wo * 1000:.2f} ms without "
        f"(+{(w - wo) * 1000:.2f} ms, {statistics.median(ratios):.2f}x; rounds "
        f"{min(ratios):.2f}x to {max(ratios):.2f}x); writing an entry alone "
        f"{wr * 1000:.2f} ms (median of {args.rounds} interleaved rounds, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
