"""How fast is search in the vault's database? A report, not a test.

Run from a checkout:

    .venv/bin/python tests/benchmarks/search.py [--records 100000] [--queries 200] [--rounds 5]
                                                [--keep DIR]

Builds one profile (a real encrypted vault, through Vault.put_many, so the search index is made
by the database's own triggers as records are written) with a realistic mix, printed first:
about 5% families (60% of them active), 40% visits, 30% check-ins, 20% reflections, and some
feedback, barriers, change tests and supervision sessions, with words drawn from a skewed
vocabulary (a few words very common, a long tail, diacritics). --keep DIR keeps the profile
there and reuses it next time.

Then, in this process, in --rounds interleaved rounds (in each, every side runs all the queries
in turn, the sides in a rotating order), median over rounds:

1. search p50/p95 through SearchService.search(q, 50), as the search dialog calls it (titles
   and snippets included), and Vault.search alone, vs a LIKE '%word%' scan of the same records'
   JSON in the same encrypted database (no ranking, no snippets, stops at 50 rows). Queries:
   surnames, first names, words from notes, words still being typed, two-word phrases and very
   common words (the RANK_LIMIT path). Target: p95 <= 10 ms. Also printed: the p95 of the
   calls' own CPU time, which other work on the machine does not inflate.
2. search ready after unlock: from unlock() returning to the first result (target: no wait).
3. what keeping the index costs writes: Vault.put_many of the same 1,000 new records, then 100
   existing reflections changed one put each, in copies of the profile with and without the
   index's triggers (median of the rounds).
4. (info) a list's filter: Vault.matching_ids("reflection", word), as the Reflections page's
   Find box asks it.

The exit status is always 0; read the PASS/MISS column.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("RELAPP_INSECURE_FAST_KDF", "1")  # key derivation is not measured here

from relapp.services.profile import create_profile, unlock_profile  # noqa: E402
from relapp.services.search import SearchService  # noqa: E402
from relapp.store.vault import NewRecord, Vault  # noqa: E402

PASSPHRASE = "kettle orbit meadow lantern"
P95_TARGET_MS = 10.0
BATCH = 2000


def _split(text: str) -> list[str]:
    return text.split()


_COMMON = _split(
    "the and to of a in was we she he they it with for on that about at his her visit "
    "family mum dad baby child children home talked said felt time school nursery week"
)
_THEMES = _split(
    "relationship trust housing sleep routine interpreter health visitor referral caseload "
    "worries bedtime feeding speech language playgroup appointment letter benefits debt "
    "domestic conflict separated grandparent tantrums toddler weaning nappy potty dentist "
    "attendance transport bus rent landlord damp mould eviction food bank voucher clothes "
    "anxiety depression wellbeing confidence praise boundaries consistency warmth listening "
    "continuity supervision assessment paperwork form questionnaire hub café garden park"
)
SURNAMES = _split(
    "Okafor Nowak Brennan Silva Murphy Kowalski Ahmed Khan Osei Mensah Byrne Walsh Novak "
    "Dubois Moreau Rossi Costa García Müller Schmidt Jansen Nielsen Horvath Popescu Yilmaz "
    "Chowdhury Begum Adeyemi Okonkwo Kelly O'Brien McCarthy Doyle Quinn Lynch Farrell Ryan "
    "Fitzgerald Gallagher Kennedy Hughes Evans Jones Davies Williams Taylor Wright Patel"
)
FIRST = _split(
    "Zoë Chloé Renée José Łukasz Ayesha Chidinma Siobhan Agnieszka Mariana Aoife Niamh Ciarán "
    "Oisín Seán Fatima Amir Yusuf Leila Noah Liam Emma Olivia Ava Mia Amelia Grace Ruby Ella "
    "Kwame Ama Kofi Abena Tomasz Zofia Piotr Ana João Inês Matteo Giulia Lars Freja"
)


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    invented = {
        "".join(rng.choice(letters) for _ in range(rng.randint(4, 10))) for _ in range(size)
    }
    return _COMMON + _THEMES + SURNAMES + FIRST + sorted(invented)


def sentence(rng: random.Random, words: list[str], length: int) -> str:
    # A Zipf-like pick: the common words and themes come up far more often than the long tail.
    picked = [words[min(int(rng.paretovariate(0.9)) - 1, len(words) - 1)] for _ in range(length)]
    return " ".join(picked).capitalize() + "."


def prose(rng: random.Random, words: list[str], low: int, high: int) -> str:
    out, target = [], rng.randint(low, high)
    while sum(len(s.split()) for s in out) < target:
        out.append(sentence(rng, words, rng.randint(6, 18)))
    return " ".join(out)


# ---- the profile -----------------------------------------------------------------------------

MIX = (
    ("visit", 0.40),
    ("checkin", 0.30),
    ("reflection", 0.20),
    ("feedback", 0.03),
    ("barrier", 0.01),
    ("change_test", 0.005),
    ("supervision_session", 0.005),
)


def build(folder: Path, count: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    words = vocabulary(rng)
    session, _code = create_profile(folder, "Sam Carter", "supervisor", PASSPHRASE)
    vault = session.vault
    categories = [c.id for c in session.definitions.barrier_categories]
    start = date(2023, 1, 1)
    n_families = max(1, count // 20)
    families: list[str] = []
    reflections: list[str] = []
    batch: list[NewRecord] = []

    def flush() -> list[str]:
        nonlocal batch
        saved = vault.put_many(batch)
        batch = []
        reflections.extend(r.id for r in saved if r.kind == "reflection")
        return [r.id for r in saved]

    def when() -> str:
        return (start + timedelta(days=rng.randint(0, 3 * 365))).isoformat() + "T10:00"

    for n in range(n_families):
        surname = rng.choice(SURNAMES)
        members = [
            {"name": f"{rng.choice(FIRST)} {surname}", "role": role}
            for role in rng.sample(["mother", "father", "child", "grandparent", "carer"], 3)
        ]
        batch.append(
            NewRecord(
                "family",
                {
                    "reference": f"EH-{n:05d}",
                    "display_name": f"The {surname} family",
                    "members": members,
                    "notes": prose(rng, words, 10, 40),
                    "status": "active" if rng.random() < 0.6 else "closed",
                },
            )
        )
        if len(batch) >= BATCH:
            families += flush()
    families += flush()
    made = len(families)
    plan = [kind for kind, share in MIX for _ in range(round(share * (count - made)))]
    plan += ["visit"] * (count - made - len(plan))
    rng.shuffle(plan)
    for kind in plan[: count - made]:
        family = rng.choice(families)
        data: dict[str, Any]
        if kind == "visit":
            data = {
                "family_id": family,
                "when": when(),
                "mode": "home",
                "purpose": prose(rng, words, 5, 12),
                "present": [rng.choice(FIRST) for _ in range(rng.randint(1, 3))],
            }
        elif kind == "checkin":
            data = {
                "family_id": family,
                "when": when(),
                "instrument_id": "practitioner-family",
                "respondent": "practitioner",
                "scores": {},
                "comment": prose(rng, words, 3, 15) if rng.random() < 0.5 else "",
            }
        elif kind == "reflection":
            data = {
                "family_id": family,
                "template_id": "gibbs",
                "title": sentence(rng, words, rng.randint(3, 7)),
                "sections": {
                    s: prose(rng, words, 30, 120) for s in ("description", "feelings", "analysis")
                },
                "themes": rng.sample(_THEMES, 2),
                "status": rng.choice(["draft", "submitted", "discussed"]),
            }
        elif kind == "feedback":
            target = rng.choice(reflections or families)
            data = {"record_id": target, "text": prose(rng, words, 10, 30)}
        elif kind == "barrier":
            data = {"category": rng.choice(categories), "description": prose(rng, words, 8, 25)}
        elif kind == "change_test":
            data = {k: prose(rng, words, 5, 15) for k in ("title", "plan", "do", "study", "act")}
        else:
            data = {
                "when": when(),
                "notes": prose(rng, words, 20, 60),
                "agenda": [sentence(rng, words, 4) for _ in range(3)],
                "actions": [{"text": sentence(rng, words, 6)} for _ in range(2)],
            }
        batch.append(NewRecord(kind, data, parent_id=family if "family_id" in data else None))
        if len(batch) >= BATCH:
            flush()
    flush()
    session.close()


def profile_summary(vault: Vault) -> str:
    kinds = Counter(dict(vault.query("SELECT kind, count(*) FROM records GROUP BY kind")))
    active = vault.query(
        "SELECT count(*) FROM records WHERE kind = 'family' AND status = 'active'"
    )[0][0]
    rows = vault.query("SELECT count(*) FROM search")[0][0]
    size = vault.path.stat().st_size / 1e6
    share = active / max(1, kinds["family"])
    return (
        f"{sum(kinds.values()):,} records: {kinds['family']:,} families ({share:.0%} "
        f"active), {kinds['visit']:,} visits, {kinds['reflection']:,} reflections, "
        f"{kinds['checkin']:,} check-ins, {kinds['feedback']:,} feedback, {kinds['barrier']:,} "
        f"barriers, {kinds['change_test']:,} change tests, {kinds['supervision_session']:,} "
        f"sessions; {rows:,} indexed fields; database {size:.0f} MB"
    )


# ---- the queries --------------------------------------------------------------------------------

STYLES = ("surname", "first name", "word from notes", "word being typed", "two words", "common")


def queries(count: int, seed: int = 12) -> list[tuple[str, str]]:
    """(style, query), cycling through STYLES."""
    rng = random.Random(seed)
    named = len(_COMMON) + len(_THEMES) + len(SURNAMES) + len(FIRST)
    tail = vocabulary(random.Random(11))[named:]
    out: list[tuple[str, str]] = []
    for n in range(count):
        style = STYLES[n % len(STYLES)]
        if style == "surname":
            q = rng.choice(SURNAMES)
        elif style == "first name":
            q = rng.choice(FIRST)
        elif style == "word from notes":
            q = rng.choice(_THEMES + tail[:300])
        elif style == "word being typed":
            word = rng.choice(_THEMES + SURNAMES)
            q = word[: max(2, len(word) // 2)]
        elif style == "two words":
            q = f"{rng.choice(_THEMES)} {rng.choice(_THEMES + tail[:100])}"
        else:
            q = rng.choice(_COMMON[20:])
        out.append((style, q))
    return out


def like_scan(vault: Vault, query: str) -> list[Any]:
    """The baseline: the first word of the query anywhere in a record's JSON (LIKE ignores
    ASCII case only), the first 50 records."""
    word = query.split()[0]
    return vault.query(
        "SELECT id FROM records WHERE deleted = 0 AND kind != 'unsent_text' AND data LIKE ?"
        " LIMIT 50",
        [f"%{word}%"],
    )


def ms(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall ms, CPU ms of this thread, result): the CPU time is what the call itself cost,
    whatever else the machine is doing (SQLite runs in the calling thread)."""
    wall, cpu = time.perf_counter(), time.thread_time()
    result = fn()
    return (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000, result


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def drop_triggers(vault: Vault) -> None:
    with vault.transaction():
        for name in ("search_insert", "search_update", "search_delete"):
            vault.connection_for_backup().execute(f"DROP TRIGGER {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    rounds = max(5, args.rounds)

    tmp = Path(tempfile.mkdtemp(prefix="relapp-search-bench-"))
    folder = args.keep or tmp / "profile"
    if args.keep is None or not Vault.exists(folder):
        t0 = time.perf_counter()
        print(f"building a profile of {args.records:,} records in {folder} …", flush=True)
        build(folder, args.records)
        print(f"  built in {time.perf_counter() - t0:.0f} s (put_many, index by triggers)")
    t0 = time.perf_counter()
    session = unlock_profile(folder, PASSPHRASE)
    unlocked = time.perf_counter()
    first = SearchService(session.records).search("Okafor", 50)
    ready = time.perf_counter()
    vault = session.vault
    sqlite_version = vault.query("SELECT sqlite_version()")[0][0]
    print(
        f"Python {platform.python_version()}, SQLite {sqlite_version} (SQLCipher), "
        f"{platform.machine()}, {os.cpu_count()} cores"
    )
    print("Profile:", profile_summary(vault))

    service = SearchService(session.records)
    work = queries(args.queries)
    for _style, q in work[:20]:  # statement compilation, page cache: warm both sides alike
        service.search(q, 50)
        like_scan(vault, q)
    sides: dict[str, Callable[[str], Any]] = {
        "service": lambda q: service.search(q, 50),
        "vault": lambda q: vault.search(q, 50),
        "like": lambda q: like_scan(vault, q),
    }
    per_round: dict[str, list[list[float]]] = {side: [] for side in sides}
    cpu_round: dict[str, list[list[float]]] = {side: [] for side in sides}
    by_style: dict[str, list[float]] = {s: [] for s in STYLES}
    hits: list[int] = []
    load = [os.getloadavg()[0]]
    for r in range(rounds):
        # Each side runs every query in turn, the sides in a different order each round (a
        # LIKE scan leaves the page cache cold for whichever side comes after it).
        order = list(sides)[r % 3 :] + list(sides)[: r % 3]
        for side in order:
            walls, cpus = [], []
            for style, q in work:
                wall, cpu, found = timed(lambda q=q, side=side: sides[side](q))
                walls.append(wall)
                cpus.append(cpu)
                if side == "service":
                    by_style[style].append(wall)
                    if r == 0:
                        hits.append(len(found))
            per_round[side].append(walls)
            cpu_round[side].append(cpus)
        load.append(os.getloadavg()[0])
        print(f"  round {r + 1}/{rounds} done ({', '.join(order)})", flush=True)

    def med(key: str, p: float, table: dict[str, list[list[float]]] = per_round) -> float:
        return statistics.median(percentile(values, p) for values in table[key])

    # A list's filter (the Reflections page's Find box): every reflection with the word.
    filter_ms = [ms(lambda q=q: vault.matching_ids("reflection", q))[0] for _style, q in work[:60]]

    # What keeping the index costs a bulk write: the same new records into two copies.
    rng = random.Random(5)
    words = vocabulary(random.Random(11))
    new = [
        NewRecord(
            "reflection",
            {
                "template_id": "gibbs",
                "title": sentence(rng, words, 5),
                "sections": {"description": prose(rng, words, 30, 120)},
            },
        )
        for _ in range(1000)
    ]
    # ... and changing existing ones, one save each (an edit, an autosave, a received version:
    # the index replaces their rows, with secure-delete).
    edited = [r[0] for r in vault.query("SELECT id FROM records WHERE kind = 'reflection'")]
    edited = random.Random(6).sample(edited, min(100, len(edited)))
    session.close()

    def change_each(v: Vault) -> float:
        start = time.perf_counter()
        for n, rid in enumerate(edited):
            v.put("reflection", new[n].data, record_id=rid)
        return (time.perf_counter() - start) * 1000 / max(1, len(edited))

    with_idx, without_idx = tmp / "with", tmp / "without"
    put_ms: dict[str, list[float]] = {"with": [], "without": []}
    change_ms: dict[str, list[float]] = {"with": [], "without": []}
    for r in range(rounds):
        for name, copy in (("with", with_idx), ("without", without_idx))[:: 1 if r % 2 else -1]:
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("backups"))
            s = unlock_profile(copy, PASSPHRASE)
            if name == "without":
                drop_triggers(s.vault)
            put_ms[name].append(ms(lambda s=s: s.vault.put_many(new))[0])
            change_ms[name].append(change_each(s.vault))
            s.close()

    print()
    title = f"measure (median of {rounds} rounds)"
    print(f"{title:<46}{'relapp':>10}{'baseline':>10}{'ratio':>8}  target")
    p50, p95 = med("service", 50), med("service", 95)
    l50, l95 = med("like", 50), med("like", 95)
    verdict = "PASS" if p95 <= P95_TARGET_MS else "MISS"
    print(f"{'1. search p50 (ms), SearchService':<46}{p50:>10.2f}{l50:>10.2f}{p50 / l50:>8.2f}")
    print(
        f"{'   search p95 (ms), SearchService':<46}{p95:>10.2f}{l95:>10.2f}{p95 / l95:>8.2f}"
        f"  <= {P95_TARGET_MS:g} ms {verdict}"
    )
    c95 = med("service", 95, cpu_round)
    cpu_verdict = "PASS" if c95 <= P95_TARGET_MS else "MISS"
    print(
        f"{'   search p95, CPU time of the call (ms)':<46}{c95:>10.2f}"
        f"{med('like', 95, cpu_round):>10.2f}{'':>8}  <= {P95_TARGET_MS:g} ms {cpu_verdict}"
    )
    print(f"{'   search p95 (ms), Vault.search alone':<46}{med('vault', 95):>10.2f}")
    top, like_top = med("service", 100), med("like", 100)
    print(f"{'   search max (ms), SearchService':<46}{top:>10.2f}{like_top:>10.2f}")
    print(f"{'   mean results per query (limit 50)':<46}{statistics.mean(hits):>10.1f}")
    for style in STYLES:
        label = f"     p95 {style} (ms, all rounds)"
        print(f"{label:<46}{percentile(by_style[style], 95):>10.2f}")
    wait = (ready - unlocked) * 1000
    print(
        f"{'2. unlock -> first results (ms)':<46}{wait:>10.1f}{'':>10}{'':>8}  no index to build"
        f" (unlock itself {(unlocked - t0) * 1000:.0f} ms, {len(first)} results)"
    )
    w, wo = statistics.median(put_ms["with"]), statistics.median(put_ms["without"])
    print(
        f"{'3. put_many of 1,000 reflections (ms)':<46}{w:>10.0f}{wo:>10.0f}{w / wo:>8.2f}"
        "  (baseline: no index triggers)"
    )
    c, co = statistics.median(change_ms["with"]), statistics.median(change_ms["without"])
    print(
        f"{'   a reflection changed, one put (ms each)':<46}{c:>10.1f}{co:>10.1f}{c / co:>8.2f}"
        "  (baseline: no index triggers)"
    )
    print(
        f"{'4. list filter p50/p95 (ms), matching_ids':<46}"
        f"{percentile(filter_ms, 50):>10.1f}{percentile(filter_ms, 95):>10.1f}"
        "          (info: every reflection with the word)"
    )
    print(
        "\nBaseline for 1: LIKE '%word%' over records.data (the first word of the query) in the "
        "same encrypted database, LIMIT 50: no ranking, no snippets, no titles.\n"
        "CPU time: this thread's, for the same calls (it leaves out waiting for a core: "
        f"load average during the rounds {min(load):.1f} to {max(load):.1f} "
        f"on {os.cpu_count()} cores)."
    )
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
