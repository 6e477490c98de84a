"""How fast is the encrypted vault next to plain SQLite? A report, not a test.

Run from a checkout:

    .venv/bin/python tests/benchmarks/vault.py [--records N] [--big N]

Every Relapp figure is printed beside a baseline measured in the same process run, on the
same disk, with the same SQLite settings (WAL, synchronous=FULL):

1. insert: Vault.put_many in batches of 500 vs sqlite-utils insert_all of the same plaintext
   rows, one transaction per 500 either way; then single put() vs single INSERT + COMMIT.
2. read all: Vault.list(kind), decrypting every body, vs SELECT * + json.loads.
3. unlock with the real tuned Argon2id parameters vs a bare derive_key; Vault.open vs connect.
4. a --big vault: open + first page of 50 newest of one kind vs an indexed plain SELECT.

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
PAGE = 50
KIND = "reflection"

INSERT_TARGET = 0.7  # Relapp records/s ÷ plain records/s
READ_TARGET = 0.5
UNLOCK_RANGE = (0.15, 0.6)  # tuned for ~0.3 s: fast enough to use, slow enough to guess
OPEN_TARGET_MS = 50.0
PAGE_TARGET_MS = 50.0

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


def bench_insert(report: Report, tmp: Path, n: int, rng: random.Random) -> tuple[Vault, Path]:
    report.section(f"1. Insert {n:,} records (~2 KB JSON each), batches of {BATCH}")
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
        progress(f"Vault.put_many, run {run}")
        start = time.perf_counter()
        for batch in batches:
            vault.put_many(batch)
        return time.perf_counter() - start, vault

    def plain_insert(run: int) -> tuple[float, Path]:
        path = tmp / f"plain-insert-{run}.sqlite3"
        db = plain_db(path)
        progress(f"sqlite-utils insert_all, run {run}")
        start = time.perf_counter()
        plain_insert_batches(db, items)
        elapsed = time.perf_counter() - start
        db.close()
        return elapsed, path

    # Alternate the order (A B B A) on fresh files and keep each side's best run, so disk
    # noise and whoever-runs-first effects do not decide the ratio.
    vault_s, first_vault = vault_insert(1)
    first_vault.close()
    plain_s, _ = plain_insert(1)
    plain_2, plain_path = plain_insert(2)
    vault_2, vault = vault_insert(2)
    vault_s, plain_s = min(vault_s, vault_2), min(plain_s, plain_2)
    ratio = plain_s / vault_s
    report.add(
        f"put_many x{n:,} (best of 2)", rate(n, vault_s), rate(n, plain_s), f"{ratio:.2f}x",
        f">= {INSERT_TARGET}x", ratio >= INSERT_TARGET,
    )  # fmt: skip

    progress(f"{SINGLE} single put() vs INSERT + COMMIT")
    db = plain_db(plain_path)
    conn = db.conn
    half = SINGLE // 2
    vault_one = plain_one = 0.0
    for chunk, vault_first in ((data[:half], True), (data[half:SINGLE], False)):
        for side in ("vault", "plain") if vault_first else ("plain", "vault"):
            start = time.perf_counter()
            if side == "vault":
                for d in chunk:
                    vault.put(KIND, d)
                vault_one += time.perf_counter() - start
            else:
                for d in chunk:
                    row = plain_row(KIND, d)
                    conn.execute(
                        "INSERT INTO t(id, kind, created_at, body) VALUES (?, ?, ?, ?)",
                        (row["id"], row["kind"], row["created_at"], row["body"]),
                    )
                    conn.commit()
                plain_one += time.perf_counter() - start
    db.close()
    ratio = plain_one / vault_one
    report.add(
        f"single put() x{SINGLE}", rate(SINGLE, vault_one), rate(SINGLE, plain_one),
        f"{ratio:.2f}x", f">= {INSERT_TARGET}x", ratio >= INSERT_TARGET,
    )  # fmt: skip
    report.note(
        "Insert timings include JSON encoding, id and timestamp generation on both sides; the "
        "baseline table has a primary key on id and an index on (kind, created_at). put_many is "
        "run vault, plain, plain, vault on fresh files; single puts alternate in two halves."
    )
    return vault, plain_path


def bench_read(report: Report, vault: Vault, plain_path: Path) -> None:
    total = vault.count(KIND)
    report.section(f"2. Read and decrypt all {total:,} records of one kind (median of 3)")
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
    # Interleaved rounds, so a busy neighbour on this machine hits every side alike.
    rounds = [(vault_run(), plain_all(), plain_ordered()) for _ in range(3)]
    vault_s, plain_s, ordered_s = (statistics.median(side) for side in zip(*rounds, strict=True))
    conn.close()
    ratio = plain_s / vault_s
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


def bench_unlock(report: Report, tmp: Path) -> None:
    report.section("3. Unlock with tuned Argon2id; open (median of 3)")
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
    for _ in range(3):
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


def bench_big(report: Report, tmp: Path, n: int, rng: random.Random) -> None:
    report.section(f"4. {n:,}-record vault: open + first page of {PAGE} newest (median of 5)")
    folder = tmp / "big-vault"
    vault, _code = Vault.create(
        folder, "Bench Person", "practitioner", PASSPHRASE, kdf_params=fast_params_for_tests()
    )
    db = plain_db(tmp / "plain-big.sqlite3")
    kinds, weights = zip(*KINDS, strict=True)
    build_vault = build_plain = 0.0
    for start in range(0, n, BATCH):
        if start % 10_000 == 0:
            progress(f"building: {start:,}/{n:,}")
        size = min(BATCH, n - start)
        items = [(k, reflection(rng)) for k in rng.choices(kinds, weights, k=size)]
        t0 = time.perf_counter()
        vault.put_many([NewRecord(k, d) for k, d in items])
        t1 = time.perf_counter()
        plain_insert_batches(db, items)
        build_vault += t1 - t0
        build_plain += time.perf_counter() - t1
    count = vault.count(KIND)
    vault.close()
    db.close()
    report.note(
        f"Big build: {n:,} records ({count:,} {KIND}s) via put_many in {build_vault:.1f} s "
        f"({n / build_vault:,.0f} rec/s); plain {build_plain:.1f} s ({n / build_plain:,.0f} rec/s)."
    )

    opens: list[float] = []
    unlocks: list[float] = []
    pages: list[float] = []
    progress("timing first page")
    for _ in range(5):
        t0 = time.perf_counter()
        v = Vault.open(folder)
        t1 = time.perf_counter()
        v.unlock(PASSPHRASE)
        t2 = time.perf_counter()
        page = v.list(KIND, limit=PAGE)
        t3 = time.perf_counter()
        assert len(page) == PAGE and not any(r.error for r in page)
        assert [r.updated_at for r in page] == sorted((r.updated_at for r in page), reverse=True)
        plan = v.connection_for_backup().execute(
            "EXPLAIN QUERY PLAN " + Vault._SELECT_HEAD
            + " WHERE r.deleted = ? AND r.kind = ? ORDER BY r.updated_at DESC LIMIT ? OFFSET ?",
            (0, KIND, PAGE, 0),
        ).fetchall()  # fmt: skip
        v.close()
        opens.append(t1 - t0)
        unlocks.append(t2 - t1)
        pages.append(t3 - t2)

    def plain_page() -> float:
        start = time.perf_counter()
        conn = sqlite3.connect(tmp / "plain-big.sqlite3")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        rows = [
            {"id": i, "kind": k, "created_at": c, "data": json.loads(b)}
            for i, k, c, b in conn.execute(
                "SELECT id, kind, created_at, body FROM t WHERE kind = ? "
                "ORDER BY created_at DESC LIMIT ?",
                (KIND, PAGE),
            )
        ]
        elapsed = time.perf_counter() - start
        conn.close()
        assert len(rows) == PAGE
        return elapsed

    plain_s = median_of(5, plain_page)
    open_page = statistics.median(o + p for o, p in zip(opens, pages, strict=True))
    report.add(
        f"open + list({KIND!r}, limit={PAGE})", ms(open_page), ms(plain_s),
        f"{plain_s / open_page:.2f}x", f"<= {PAGE_TARGET_MS:g} ms",
        open_page * 1000 <= PAGE_TARGET_MS,
    )  # fmt: skip
    report.add("  of which Vault.open (info)", ms(statistics.median(opens)), "")
    report.add("  of which first page (info)", ms(statistics.median(pages)), "")
    report.add("unlock(), fast test KDF (info)", ms(statistics.median(unlocks)), "")
    report.note(
        "Page baseline: fresh connection + SELECT ... WHERE kind = ? ORDER BY created_at DESC "
        f"LIMIT {PAGE} on an index (kind, created_at) + json.loads. Vault query plan: "
        + "; ".join(str(row[-1]) for row in plan)
        + "."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000, help="records for sections 1-2")
    parser.add_argument("--big", type=int, default=50_000, help="records for section 4")
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--dir", type=Path, default=None, help="where to put the temporary files")
    args = parser.parse_args(argv)
    if args.records < SINGLE:
        parser.error(f"--records must be at least {SINGLE}")
    if args.big < 4 * PAGE:
        parser.error(f"--big must be at least {4 * PAGE}")

    began = time.perf_counter()
    rng = random.Random(args.seed)
    report = Report()
    with tempfile.TemporaryDirectory(prefix="relapp-bench-", dir=args.dir) as name:
        tmp = Path(name)
        vault, plain_path = bench_insert(report, tmp, args.records, rng)
        try:
            bench_read(report, vault, plain_path)
        finally:
            vault.close()
        bench_unlock(report, tmp)
        bench_big(report, tmp, args.big, rng)
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
