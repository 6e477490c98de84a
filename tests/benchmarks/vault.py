"""How fast is the encrypted vault next to plain SQLite? A report, not a test.

Run from a checkout:

    .venv/bin/python tests/benchmarks/vault.py [--records N] [--rounds 5]

Every Relapp figure is printed beside a baseline measured in the same process run, on the
same disk, with the same SQLite settings (WAL, synchronous=FULL); every ratio is the median of
--rounds (at least 5) interleaved rounds, the two sides' order alternating:

1. insert: Vault.put_many in batches of 500 vs sqlite-utils insert_all of the same plaintext
   rows, one transaction per 500 either way, each round on fresh files; then single put() vs
   single INSERT + COMMIT.
2. read all: Vault.list(kind), decrypting every body, vs SELECT * + json.loads.
3. unlock with the real tuned Argon2id parameters vs a bare derive_key; Vault.open vs connect.

Pages, unlock to Today and search with big, realistic profiles are measured through the app's
own code by tests/benchmarks/scale.py.

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
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Section 3 measures the real tuned parameters, never the tests' cheap shortcut.
os.environ.pop("RELAPP_INSECURE_FAST_KDF", None)

import cryptography  # noqa: E402
import sqlite_utils  # noqa: E402

from relapp.crypto.kdf import KdfParams, derive_key, fast_params_for_tests, tuned_params  # noqa: E402
from relapp.store.vault import NewRecord, Vault  # noqa: E402

PASSPHRASE = "kettle orbit meadow lantern"
BATCH = 500
SINGLE = 500
KIND = "reflection"

INSERT_TARGET = 0.7  # Relapp records/s ÷ plain records/s
READ_TARGET = 0.5
UNLOCK_RANGE = (0.15, 0.6)  # tuned for ~0.3 s: fast enough to use, slow enough to guess
OPEN_TARGET_MS = 50.0

# ---- realistic plaintext -------------------------------------------------------------------

_SOURCE_TEXT = """
the child and parent seemed more settled today after we talked about the morning routine
she said mornings feel rushed because the baby wakes early and breakfast turns into a battle
I noticed that when the toddler was offered two choices he calmed quickly and joined in play
mum was worried about nursery transition and whether staff would understand his speech delay
we agreed to try a visual timetable at home and share it with the key worker next week
dad joined the session for the first time and was quiet at first but warmed up during play
I felt uncertain whether to raise the safeguarding concern directly or consult my supervisor
on reflection I should have checked in about her own sleep since she looked exhausted
the health visitor had already referred them to speech and language therapy in spring
grandmother provides childcare on tuesdays which gives mum time to attend the parenting group
attachment behaviours were clear when he looked back to check she was still watching him
we used the strengths based approach and named three things she is already doing well
next time I will bring the library bag with picture books about new siblings and feelings
the home was warm and tidy though there were signs of damp in the back bedroom again
housing officer has not replied so I will follow up by phone and record the outcome
"""
WORDS = _SOURCE_TEXT.split()

SECTIONS = {
    "what_happened": 68,
    "thoughts_and_feelings": 48,
    "evaluation": 44,
    "analysis": 53,
    "conclusion": 33,
    "action_plan": 40,
}
TAGS = [
    "attachment", "sleep", "feeding", "speech", "transition", "housing", "wellbeing",
    "safeguarding", "play", "routine", "siblings", "nursery", "supervision", "health",
]  # fmt: skip
SETTINGS = ["home visit", "children's centre", "nursery", "phone call", "group session"]
KINDS = [("reflection", 0.6), ("session_note", 0.25), ("observation", 0.15)]


def prose(rng: random.Random, n_words: int) -> str:
    out: list[str] = []
    while n_words > 0:
        size = min(n_words, rng.randint(7, 18))
        sentence = " ".join(rng.choices(WORDS, k=size))
        out.append(sentence[0].upper() + sentence[1:] + ".")
        n_words -= size
    return " ".join(out)


def reflection(rng: random.Random) -> dict[str, Any]:
    return {
        "title": prose(rng, 6)[:-1],
        "date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "setting": rng.choice(SETTINGS),
        "model": "gibbs",
        "sections": {name: prose(rng, n) for name, n in SECTIONS.items()},
        "tags": rng.sample(TAGS, 3),
        "child_age_months": rng.randint(2, 60),
        "discuss_in_supervision": rng.random() < 0.3,
    }


def encode(data: dict[str, Any]) -> str:
    # The same encoding the vault uses before sealing.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def plain_row(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    # What an unencrypted app does per record: an id, a timestamp, JSON.
    return {"id": str(uuid.uuid4()), "kind": kind, "created_at": now_iso(), "body": encode(data)}


# ---- plain SQLite baseline ----------------------------------------------------------------


def plain_db(path: Path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    db.conn.execute("PRAGMA journal_mode = WAL")
    db.conn.execute("PRAGMA synchronous = FULL")
    if not db["t"].exists():
        db["t"].create(  # type: ignore[union-attr]
            {"id": str, "kind": str, "created_at": str, "body": str},
            pk="id",
            not_null={"kind", "created_at", "body"},
        )
        db["t"].create_index(["kind", "created_at"])  # type: ignore[union-attr]
    return db


def plain_insert_batches(
    db: sqlite_utils.Database, items: list[tuple[str, dict[str, Any]]]
) -> None:
    # sqlite-utils caps a multi-row INSERT at 999 variables (249 rows of 4 columns) and commits
    # each; atomic() around every 500 keeps one transaction per 500, as put_many does.
    table = db["t"]
    for start in range(0, len(items), BATCH):
        chunk = items[start : start + BATCH]
        with db.atomic():
            table.insert_all(  # type: ignore[union-attr]
                (plain_row(kind, data) for kind, data in chunk), batch_size=BATCH
            )


# ---- measuring and printing ---------------------------------------------------------------


def median_of(runs: int, fn: Callable[[], float]) -> float:
    return statistics.median(fn() for _ in range(runs))


def progress(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


@dataclass
class Row:
    measure: str
    relapp: str
    plain: str
    ratio: str
    target: str
    verdict: str


class Report:
    def __init__(self) -> None:
        self.rows: list[Row | str] = []
        self.notes: list[str] = []

    def section(self, title: str) -> None:
        self.rows.append(title)

    def add(
        self, measure: str, relapp: str, plain: str, ratio: str = "", target: str = "",
        ok: bool | None = None,
    ) -> None:  # fmt: skip
        verdict = "" if ok is None else ("PASS" if ok else "MISS")
        self.rows.append(Row(measure, relapp, plain, ratio, target, verdict))

    def note(self, text: str) -> None:
        self.notes.append(text)

    def print(self) -> None:
        head = Row("Measure", "Relapp", "Plain SQLite", "Ratio", "Target", "Result")
        rows = [r for r in self.rows if isinstance(r, Row)]
        widths = [
            max(len(getattr(r, f)) for r in [head, *rows])
            for f in ("measure", "relapp", "plain", "ratio", "target", "verdict")
        ]

        def line(r: Row) -> str:
            cells = [r.measure, r.relapp, r.plain, r.ratio, r.target, r.verdict]
            parts = [
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            ]
            return "  ".join(parts).rstrip()

        rule = "-" * len(line(head).ljust(sum(widths) + 2 * (len(widths) - 1)))
        print(line(head))
        print(rule)
        for r in self.rows:
            if isinstance(r, str):
                print(r)
            else:
                print(line(r))
        print(rule)
        for text in self.notes:
            print(f"* {text}")


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f} rec/s"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


# ---- the four measurements ----------------------------------------------------------------


def bench_insert(
    report: Report, tmp: Path, n: int, rng: random.Random, rounds: int
) -> tuple[Vault, Path]:
    report.section(
        f"1. Insert {n:,} records (~2 KB JSON each), batches of {BATCH} (median of {rounds})"
    )
    progress(f"generating {n:,} reflections")
    data = [reflection(rng) for _ in range(n)]
    sizes = [len(encode(d).encode()) for d in data]
    report.note(
        f"Record bodies: mean {statistics.mean(sizes):,.0f} B of JSON "
        f"(min {min(sizes):,}, max {max(sizes):,})."
    )

    batches = [[NewRecord(KIND, d) for d in data[i : i + BATCH]] for i in range(0, n, BATCH)]
    items = [(KIND, d) for d in data]

    def vault_insert(run: int) -> tuple[float, Vault]:
        vault, _code = Vault.create(
            tmp / f"insert-vault-{run}", "Bench Person", "practitioner", PASSPHRASE,
            kdf_params=fast_params_for_tests(),
        )  # fmt: skip
        start = time.perf_counter()
        for batch in batches:
            vault.put_many(batch)
        return time.perf_counter() - start, vault

    def plain_insert(run: int) -> tuple[float, Path]:
        path = tmp / f"plain-insert-{run}.sqlite3"
        db = plain_db(path)
        start = time.perf_counter()
        plain_insert_batches(db, items)
        elapsed = time.perf_counter() - start
        db.close()
        return elapsed, path

    # Fresh files every round; the two sides take turns going first (warm-up: round 0).
    vault_runs: list[float] = []
    plain_runs: list[float] = []
    vault: Vault | None = None
    plain_path = tmp / "none"
    for run in range(rounds + 1):
        progress(f"put_many vs insert_all, round {run}/{rounds}")
        for side in ("vault", "plain") if run % 2 == 0 else ("plain", "vault"):
            if side == "vault":
                if vault is not None:
                    vault.close()
                vault_s, vault = vault_insert(run)
                if run:
                    vault_runs.append(vault_s)
            else:
                plain_s, plain_path = plain_insert(run)
                if run:
                    plain_runs.append(plain_s)
    assert vault is not None
    ratios = [p / v for v, p in zip(vault_runs, plain_runs, strict=True)]
    ratio = statistics.median(ratios)
    report.add(
        f"put_many x{n:,}", rate(n, statistics.median(vault_runs)),
        rate(n, statistics.median(plain_runs)), f"{ratio:.2f}x", f">= {INSERT_TARGET}x",
        ratio >= INSERT_TARGET,
    )  # fmt: skip

    progress(f"{SINGLE} single put() vs INSERT + COMMIT, {rounds} rounds")
    db = plain_db(plain_path)
    conn = db.conn
    per_round = SINGLE // rounds
    single_ratios: list[float] = []
    vault_one = plain_one = 0.0
    for run in range(rounds):
        chunk = data[run * per_round : (run + 1) * per_round]
        took: dict[str, float] = {}
        for side in ("vault", "plain") if run % 2 == 0 else ("plain", "vault"):
            start = time.perf_counter()
            if side == "vault":
                for d in chunk:
                    vault.put(KIND, d)
            else:
                for d in chunk:
                    row = plain_row(KIND, d)
                    conn.execute(
                        "INSERT INTO t(id, kind, created_at, body) VALUES (?, ?, ?, ?)",
                        (row["id"], row["kind"], row["created_at"], row["body"]),
                    )
                    conn.commit()
            took[side] = time.perf_counter() - start
        single_ratios.append(took["plain"] / took["vault"])
        vault_one += took["vault"]
        plain_one += took["plain"]
    db.close()
    ratio = statistics.median(single_ratios)
    done = per_round * rounds
    report.add(
        f"single put() x{done}", rate(done, vault_one), rate(done, plain_one),
        f"{ratio:.2f}x", f">= {INSERT_TARGET}x", ratio >= INSERT_TARGET,
    )  # fmt: skip
    report.note(
        "Insert timings include JSON encoding, id and timestamp generation on both sides; the "
        "baseline table has a primary key on id and an index on (kind, created_at). put_many "
        "runs on fresh files each round after a warm-up round; single puts go in "
        f"{rounds} rounds of {per_round}. Rates are over the medians (put_many) or totals "
        "(single); ratios are the medians of the per-round ratios "
        f"(put_many {min(ratios):.2f}-{max(ratios):.2f}x by round)."
    )
    return vault, plain_path


def bench_read(report: Report, vault: Vault, plain_path: Path, rounds: int) -> None:
    total = vault.count(KIND)
    report.section(f"2. Read and decrypt all {total:,} records of one kind (median of {rounds})")
    conn = sqlite3.connect(plain_path)

    def vault_run() -> float:
        start = time.perf_counter()
        records = vault.list(KIND)
        elapsed = time.perf_counter() - start
        assert len(records) == total and not any(r.error for r in records)
        return elapsed

    def plain_run(sql: str, args: tuple[Any, ...] = ()) -> Callable[[], float]:
        def run() -> float:
            start = time.perf_counter()
            rows = [
                {"id": i, "kind": k, "created_at": c, "data": json.loads(b)}
                for i, k, c, b in conn.execute(sql, args)
            ]
            elapsed = time.perf_counter() - start
            assert len(rows) == total
            return elapsed

        return run

    progress("Vault.list vs SELECT")
    plain_all = plain_run("SELECT id, kind, created_at, body FROM t")
    plain_ordered = plain_run(
        "SELECT id, kind, created_at, body FROM t WHERE kind = ? ORDER BY created_at DESC",
        (KIND,),
    )
    # Interleaved rounds, so a busy neighbour on this machine hits every side alike; the first
    # round warms the page cache and is not counted.
    runs = []
    for run in range(rounds + 1):
        sides = (vault_run, plain_all, plain_ordered)
        took = {fn: fn() for fn in (sides if run % 2 == 0 else sides[::-1])}
        if run:
            runs.append((took[vault_run], took[plain_all], took[plain_ordered]))
    vault_s, plain_s, ordered_s = (statistics.median(side) for side in zip(*runs, strict=True))
    conn.close()
    ratio = statistics.median(p / v for v, p, _o in runs)
    report.add(
        f"Vault.list({KIND!r})", rate(total, vault_s), rate(total, plain_s), f"{ratio:.2f}x",
        f">= {READ_TARGET}x", ratio >= READ_TARGET,
    )  # fmt: skip
    report.add(
        "  same, vs WHERE kind ORDER BY (info)", ms(vault_s), ms(ordered_s),
        f"{ordered_s / vault_s:.2f}x",
    )  # fmt: skip
    report.note(
        "Read baseline: SELECT * FROM t + json.loads(body) into a dict per row; the info line "
        "uses the same filter and newest-first order as Vault.list."
    )


def bench_unlock(report: Report, tmp: Path, rounds: int) -> None:
    report.section(f"3. Unlock with tuned Argon2id; open (median of {rounds})")
    progress("tuning Argon2id")
    start = time.perf_counter()
    params = tuned_params()
    tuning_s = time.perf_counter() - start
    report.note(
        f"Tuned Argon2id: {params.memory_kib // 1024} MiB, {params.iterations} iterations, "
        f"{params.lanes} lanes (tuning itself took {ms(tuning_s)})."
    )
    folder = tmp / "unlock-vault"
    progress("creating a vault with tuned parameters")
    vault, _code = Vault.create(folder, "Bench Person", "practitioner", PASSPHRASE, params)
    vault.close()

    def open_run() -> float:
        start = time.perf_counter()
        v = Vault.open(folder)
        elapsed = time.perf_counter() - start
        v.close()
        return elapsed

    def unlock_run() -> float:
        v = Vault.open(folder)
        start = time.perf_counter()
        v.unlock(PASSPHRASE)
        elapsed = time.perf_counter() - start
        v.close()
        return elapsed

    def derive_run(p: KdfParams) -> Callable[[], float]:
        def run() -> float:
            salt = os.urandom(16)
            start = time.perf_counter()
            derive_key(PASSPHRASE, salt, p)
            return time.perf_counter() - start

        return run

    def connect_run() -> float:
        start = time.perf_counter()
        conn = sqlite3.connect(folder / "plain-open.sqlite3")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        elapsed = time.perf_counter() - start
        conn.close()
        return elapsed

    progress("unlocking")
    # Interleaved, so a busy neighbour on this machine hits both sides alike.
    derive = derive_run(params)
    unlocks, derives, opens, connects = [], [], [], []
    for _ in range(rounds):
        unlocks.append(unlock_run())
        derives.append(derive())
        opens.append(open_run())
        connects.append(connect_run())
    unlock_s, derive_s = statistics.median(unlocks), statistics.median(derives)
    open_s, connect_s = statistics.median(opens), statistics.median(connects)
    low, high = UNLOCK_RANGE
    report.add(
        "unlock(), tuned (plain: derive_key)", ms(unlock_s), ms(derive_s),
        f"{(unlock_s - derive_s) * 1000:+.1f} ms", f"{low:g}-{high:g} s",
        low <= unlock_s <= high,
    )  # fmt: skip
    report.add(
        "Vault.open (plain: connect+pragmas)", ms(open_s), ms(connect_s),
        f"{(open_s - connect_s) * 1000:+.1f} ms", f"<= {OPEN_TARGET_MS:g} ms",
        open_s * 1000 <= OPEN_TARGET_MS,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000, help="records for sections 1-2")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (at least 5)")
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--dir", type=Path, default=None, help="where to put the temporary files")
    args = parser.parse_args(argv)
    if args.records < SINGLE:
        parser.error(f"--records must be at least {SINGLE}")
    if args.rounds < 5:
        parser.error("--rounds must be at least 5: every ratio is a median of 5 or more rounds")

    began = time.perf_counter()
    rng = random.Random(args.seed)
    report = Report()
    with tempfile.TemporaryDirectory(prefix="relapp-bench-", dir=args.dir) as name:
        tmp = Path(name)
        vault, plain_path = bench_insert(report, tmp, args.records, rng, args.rounds)
        try:
            bench_read(report, vault, plain_path, args.rounds)
        finally:
            vault.close()
        bench_unlock(report, tmp, args.rounds)
        where = tmp.parent

    print(
        f"Relapp vault benchmark — Python {platform.python_version()}, SQLite "
        f"{sqlite3.sqlite_version}, cryptography {cryptography.__version__}, "
        f"{os.cpu_count()} CPUs, files in {where}"
    )
    print("Both sides: journal_mode=WAL, synchronous=FULL, same disk, same process run.")
    print("Ratio = Relapp ÷ plain for rates; plain ÷ Relapp for times (higher is better).")
    print()
    report.print()
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
