"""How fast is the in-memory search index? A report, not a test.

Run from a checkout:

    .venv/bin/python tests/benchmarks/search.py [--records N] [--queries N]

Builds relapp.store.search_index.SearchIndex from N synthetic records (several text fields each,
words drawn from a skewed vocabulary like real notes, with some diacritics) and times:

1. index build (rows/s), beside loading the same rows into a plain in-memory table;
2. search latency p50/p95 over the queries (whole words, words still being typed, two-word
   queries), beside a LIKE '%word%' scan of the plain table for the same words.

The target is p95 <= 30 ms for the index. The exit status is always 0; read the PASS/MISS column.
"""

from __future__ import annotations

import argparse
import platform
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from relapp.store.search_index import SearchIndex  # noqa: E402

P95_TARGET_MS = 30.0
KINDS = ("family", "visit", "reflection", "checkin", "barrier", "change_test", "feedback")


def _words(text: str) -> list[str]:
    return text.split()


_COMMON = _words(
    "the and to of a in was we she he they it with for on that about at his her visit "
    "family mum dad baby child children home talked said felt time school nursery week"
)
_THEMES = _words(
    "relationship trust housing sleep routine interpreter health visitor referral caseload "
    "worries bedtime feeding speech language playgroup appointment letter benefits debt "
    "domestic conflict separated grandparent tantrums toddler weaning nappy potty dentist "
    "attendance transport bus rent landlord damp mould eviction food bank voucher clothes "
    "anxiety depression wellbeing confidence praise boundaries consistency warmth listening "
    "continuity supervision assessment paperwork form questionnaire hub café garden park "
    "Zoë Chloé Renée José Łukasz Ayesha Chidinma Siobhan Agnieszka Nowak Okafor Brennan"
)


def vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    invented = {
        "".join(rng.choice(letters) for _ in range(rng.randint(4, 10))) for _ in range(size)
    }
    return _COMMON + _THEMES + sorted(invented)


def sentence(rng: random.Random, words: list[str], length: int) -> str:
    # A Zipf-like pick: the common words and themes come up far more often than the long tail.
    picked = [words[min(int(rng.paretovariate(0.9)) - 1, len(words) - 1)] for _ in range(length)]
    return " ".join(picked).capitalize() + "."


def synthetic_rows(count: int, seed: int = 11) -> list[tuple[str, str, str, str]]:
    rng = random.Random(seed)
    words = vocabulary(rng)
    rows: list[tuple[str, str, str, str]] = []
    for n in range(count):
        kind = KINDS[n % len(KINDS)]
        record_id = f"rec-{n:06d}"
        fields = 6 if kind == "reflection" else 2
        for f in range(fields):
            text = " ".join(
                sentence(rng, words, rng.randint(6, 18)) for _ in range(rng.randint(1, 4))
            )
            rows.append((record_id, kind, f"field{f}", text))
    return rows


STYLES = ("whole word", "word being typed", "two words", "very common word")


def queries(count: int, seed: int = 12) -> list[tuple[str, str]]:
    """(query for the index, word for the LIKE baseline), cycling through STYLES."""
    rng = random.Random(seed)
    pool = _THEMES + vocabulary(random.Random(11))[len(_COMMON) + len(_THEMES) :][:300]
    out: list[tuple[str, str]] = []
    for n in range(count):
        word = rng.choice(pool)
        style = n % 4
        if style == 0:
            out.append((word, word))
        elif style == 1:  # still typing
            cut = word[: max(3, len(word) // 2)]
            out.append((cut, cut))
        elif style == 2:  # two words
            other = rng.choice(_THEMES)
            out.append((f"{other} {word}", other))
        else:  # a very common word
            common = rng.choice(_COMMON[20:])
            out.append((common, common))
    return out


def timed_ms(fn) -> float:  # noqa: ANN001
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()

    machine = platform.machine()
    print(f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {machine}")
    t0 = time.perf_counter()
    rows = synthetic_rows(args.records)
    print(
        f"{args.records} synthetic records, {len(rows)} text fields "
        f"({sum(len(r[3]) for r in rows) / 1e6:.1f} MB of text), "
        f"made in {time.perf_counter() - t0:.1f} s"
    )

    plain = sqlite3.connect(":memory:")
    plain.execute("CREATE TABLE plain(record_id TEXT, kind TEXT, field TEXT, text TEXT)")
    plain_build = timed_ms(
        lambda: (plain.executemany("INSERT INTO plain VALUES (?, ?, ?, ?)", rows), plain.commit())
    )
    index = SearchIndex()
    index_build = timed_ms(lambda: index.build(rows))

    work = queries(args.queries)
    for q, _w in work[:10]:  # warm both caches the same way
        index.search(q)
    index_ms, like_ms, found = [], [], []
    for q, word in work:
        result: list = []
        index_ms.append(timed_ms(lambda q=q, result=result: result.extend(index.search(q, 50))))
        found.append(len(result))
        like_ms.append(
            timed_ms(
                lambda word=word: plain.execute(
                    "SELECT record_id, field, text FROM plain WHERE text LIKE ? LIMIT 50",
                    (f"%{word}%",),
                ).fetchall()
            )
        )

    print()
    print(f"{'measure':<34}{'relapp':>12}{'baseline':>12}{'ratio':>8}  target")
    print(
        f"{'build (ms, all rows)':<34}{index_build:>12.0f}{plain_build:>12.0f}"
        f"{index_build / plain_build:>8.1f}  (plain table insert)"
    )
    p50, p95 = percentile(index_ms, 50), percentile(index_ms, 95)
    b50, b95 = percentile(like_ms, 50), percentile(like_ms, 95)
    verdict = "PASS" if p95 <= P95_TARGET_MS else "MISS"
    print(f"{'search p50 (ms)':<34}{p50:>12.2f}{b50:>12.2f}{p50 / b50:>8.2f}")
    print(
        f"{'search p95 (ms)':<34}{p95:>12.2f}{b95:>12.2f}{p95 / b95:>8.2f}"
        f"  <= {P95_TARGET_MS:.0f} ms {verdict}"
    )
    print(f"{'search max (ms)':<34}{max(index_ms):>12.2f}{max(like_ms):>12.2f}")
    print(f"{'mean hits per query (limit 50)':<34}{statistics.mean(found):>12.1f}")
    for n, style in enumerate(STYLES):
        mine, base = index_ms[n :: len(STYLES)], like_ms[n :: len(STYLES)]
        print(
            f"{'  p95 ' + style + ' (ms)':<34}{percentile(mine, 95):>12.2f}"
            f"{percentile(base, 95):>12.2f}"
        )
    print(
        "\nBaseline: LIKE '%word%' with LIMIT 50 over the same texts in a plain in-memory table "
        "(no ranking, no snippets, stops at the first 50 rows)."
    )
    index.clear()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
