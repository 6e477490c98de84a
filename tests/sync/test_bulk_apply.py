"""Received events applied in bulk leave the vault exactly as applied one by one.

syncstate writes the events of records it does not hold yet in bulk (set queries and
executemany) and sends every other event through _apply_one. Each test applies the same files
to two vaults, one in bulk and one event by event (syncstate.BULK off), and compares every row
that applying writes, the clock and what ApplyResult counted."""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relapp.domain.hlc import MAX_DRIFT_MS, Clock, Timestamp
from relapp.store import syncstate
from relapp.store.vault import Vault
from tests.conftest import PASSPHRASE

NOW = 1_780_000_000_000  # the two vaults' wall clock, fixed
DEV1, DEV2 = "d1000000-0000-4000-8000-000000000001", "d2000000-0000-4000-8000-000000000002"
AUTHORS = {DEV1: "alex", DEV2: "sam"}


def clock(millis: int, counter: int = 0) -> str:
    return Timestamp(millis, counter).encode()


def ev(
    event_id: str,
    record: str,
    *,
    at: int,
    parent: str | None = None,
    parent_id: str | None = None,
    kind: str = "family",
    device: str = DEV1,
    deleted: bool = False,
    resolves: tuple[str, ...] = (),
    **data: Any,
) -> dict[str, Any]:
    """One received event, as the engine hands it over (at: minutes before NOW)."""
    return {
        "id": event_id,
        "record": record,
        "kind": kind,
        "hlc": clock(NOW - at * 60_000),
        "author": AUTHORS.get(device, "alex"),
        "device": device,
        "data": data or {"display_name": f"{record} as of {event_id}"},
        "parent": parent,
        "parent_id": parent_id,
        "deleted": deleted,
        "resolves": list(resolves),
    }


def erasure(event_id: str, *records: str, at: int, root: str | None = None) -> dict[str, Any]:
    data = {"records": list(records), "request": "ER-1", "reason": "asked"}
    data.update(erased_at="2026-05-01T10:00:00+00:00", **({"root": root} if root else {}))
    return ev(event_id, f"erasure-{event_id}", at=at, kind="erasure", device=DEV2, **data)


def new_vault(folder: Path) -> Vault:
    vault, _code = Vault.create(folder, "Robin Reader", "supervisor", PASSPHRASE)
    reset(vault)
    return vault


def reset(vault: Vault) -> None:
    """Empty of everything applying writes, with a clock that reads NOW."""
    with vault._tx():
        for table in (
            "sync_conflicts",
            "sync_resolutions",
            "record_versions",
            "records",
            "erasures",
            "sync_devices",
        ):
            vault._conn.execute(f"DELETE FROM {table}")
        vault._conn.execute("DELETE FROM meta WHERE key LIKE 'erasure_%'")
    vault._clock = Clock(None, now=lambda: NOW)


def state(vault: Vault) -> dict[str, Any]:
    """Every row applying writes (a conflict's found_at is the time it was found: left out)."""
    queries = {
        "records": "SELECT id, kind, version, parent_id, created_at, updated_at, deleted, data"
        " FROM records ORDER BY id",
        "versions": "SELECT record_id, version, kind, author, created_at, deleted, body,"
        " event_id, hlc, device_id, parent_event, published FROM record_versions"
        " ORDER BY record_id, version",
        "conflicts": "SELECT record_id, event_id, other_event, resolved FROM sync_conflicts"
        " ORDER BY 1, 2, 3",
        "resolutions": "SELECT event_id, resolves FROM sync_resolutions ORDER BY 1, 2",
        "erasures": "SELECT * FROM erasures ORDER BY record_id",
        "devices": "SELECT * FROM sync_devices ORDER BY device_id",
        "meta": "SELECT key, value FROM meta WHERE key LIKE 'erasure_%' ORDER BY key",
    }
    with vault._lock:
        out: dict[str, Any] = {k: vault._conn.execute(q).fetchall() for k, q in queries.items()}
    out["clock"] = vault._clock.last if vault._clock else None
    return out


def apply(vault: Vault, events: list[dict[str, Any]], *, bulk: bool, seq: int = 1) -> Any:
    """ApplyResult, or the EventRefused message; the engine's call, in bulk or one by one."""
    was, syncstate.BULK = syncstate.BULK, bulk
    try:
        return syncstate.apply_bundle_events(
            vault, events, device_id=events[0]["device"] if events else DEV1, seq=seq, digest=""
        )
    except syncstate.EventRefused as exc:
        return f"refused: {exc}"
    finally:
        syncstate.BULK = was


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Vault, Vault]]:
    bulk, single = new_vault(tmp_path / "bulk"), new_vault(tmp_path / "single")
    yield bulk, single
    bulk.close()
    single.close()


@pytest.fixture
def chosen(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The records _bulk_records chose, segment by segment (the bulk path was taken)."""
    seen: list[set[str]] = []
    real = syncstate._bulk_records

    def spy(conn: Any, events: list[dict[str, Any]]) -> tuple[set[str], set[str]]:
        picked = real(conn, events)
        seen.append(set(picked[0]))
        return picked

    monkeypatch.setattr(syncstate, "_bulk_records", spy)
    return seen


def same_both_ways(
    pair: tuple[Vault, Vault], files: list[list[dict[str, Any]]], setup: list[list[Any]] = ()
) -> list[Any]:
    """Apply setup one by one to both vaults, then files in bulk to one and one by one to
    the other, comparing after each file; returns the results."""
    bulk, single = pair
    for n, events in enumerate(setup, start=1):
        assert apply(bulk, events, bulk=False, seq=n) == apply(single, events, bulk=False, seq=n)
    results = []
    for n, events in enumerate(files, start=len(setup) + 1):
        got = apply(bulk, events, bulk=True, seq=n)
        want = apply(single, events, bulk=False, seq=n)
        assert got == want, f"file {n}: {got} != {want}"
        assert state(bulk) == state(single), f"file {n}: the vaults differ"
        results.append(got)
    return results


# ---- the cases, one by one -------------------------------------------------------------------


def test_new_chains_are_written_in_bulk_with_their_last_version_as_head(
    pair: tuple[Vault, Vault], chosen: list[set[str]]
) -> None:
    files = [
        [
            ev("a1", "fam-a", at=50),
            ev("b1", "visit-b", at=49, parent_id="fam-a", kind="visit", when="2026-01-02T10:00"),
            ev("a2", "fam-a", at=48, parent="a1", display_name="The Ash family"),
            ev("c1", "fam-c", at=47, parent_id="org-1"),
            ev("c2", "fam-c", at=46, parent="c1", parent_id=None),  # keeps its parent
            ev("c3", "fam-c", at=45, parent="c2", parent_id="org-2"),  # moves
            ev("a3", "fam-a", at=44, parent="a2", deleted=True, display_name="The Ash family"),
        ]
    ]
    (result,) = same_both_ways(pair, files)
    assert chosen == [{"fam-a", "visit-b", "fam-c"}]
    assert (result.applied, result.duplicates, result.conflicts) == (7, 0, 0)
    bulk = pair[0]
    assert syncstate.head_event(bulk, "fam-a") == "a3"
    assert bulk.get("fam-a", strict=False).deleted
    assert bulk.get("fam-c").parent_id == "org-2"
    assert [r.version for r in bulk.history("fam-a")] == [1, 2, 3]


def test_a_chain_built_on_versions_this_laptop_cannot_read_is_written_in_bulk(
    pair: tuple[Vault, Vault], chosen: list[set[str]]
) -> None:
    # A supervisor's laptop reads a reflection from the version its author submitted: the
    # drafts before it were sealed for the author alone, so its first version builds on an
    # event this laptop never sees. (A first event built on another record's event in the
    # same file is no simple chain: one by one.)
    files = [
        [
            ev("s1", "refl-1", at=50, parent="draft-9", kind="reflection", title="Submitted"),
            ev("s2", "refl-1", at=49, parent="s1", kind="reflection", title="Returned"),
            ev("t1", "refl-2", at=48, parent="draft-4", kind="reflection", title="Alone"),
            ev("u1", "refl-3", at=47, parent="s2", kind="reflection", title="Odd"),
        ]
    ]
    (result,) = same_both_ways(pair, files)
    assert chosen == [{"refl-1", "refl-2"}]
    assert result.applied == 4
    bulk = pair[0]
    assert syncstate.head_event(bulk, "refl-1") == "s2"
    assert [r.version for r in bulk.history("refl-1")] == [1, 2]
    assert syncstate.head_event(bulk, "refl-2") == "t1"


def test_a_file_mixing_every_case_applies_as_one_by_one(
    pair: tuple[Vault, Vault], chosen: list[set[str]]
) -> None:
    setup = [
        [ev("h1", "held", at=90), ev("k1", "kin", at=89), ev("gone1", "gone", at=88)],
        [erasure("er1", "gone", "never-held", at=87)],
    ]
    files = [
        [
            ev("n1", "new-1", at=60),  # a new chain
            ev("h2", "held", at=59, parent="h1"),  # an update to a record held here
            ev("n2", "new-1", at=58, parent="n1"),  # ... continues after it
            ev("h1", "held", at=57),  # a duplicate of a version held here
            ev("g2", "gone", at=56, parent="gone1"),  # a change to an erased record
            ev("x1", "never-held", at=55),  # an erased id, never held here
            ev("v1", "visit-1", at=54, parent_id="gone", kind="visit"),  # hangs from it
            ev("f1", "feedback-1", at=53, parent_id="visit-1", kind="feedback"),  # and below
            ev("m1", "middle", at=52),  # a chain whose middle version is missing
            ev("m3", "middle", at=51, parent="m2"),
            ev("k2", "kin", at=50, parent="k1"),  # the other side is in the next file
            ev("d1", "twice", at=49),  # the same event id twice in the file
            ev("d1", "twice", at=48),
            ev("s1", "shared-id", at=47),  # an event id another record uses here
            ev("s1", "shared-id-2", at=46),
            ev("n3", "new-1", at=45, parent="n2"),
            ev("t1", "two-people", at=44),  # first version here, another's next file
            ev("k1", "reused", at=43),  # an event id held here for another record
            ev("q1", "settles", at=42),  # a new chain that settles a conflict
            ev("q2", "settles", at=41, parent="q1", resolves=("q1", "k1")),
            ev("p1", "placed", at=40, parent_id="org-1"),  # keeps its parent ...
            ev("p2", "placed", at=39, parent="p1"),  # ... given by an earlier version
        ],
        [
            ev("k2b", "kin", at=43, parent="k1", device=DEV2),  # conflicts with k2
            ev("t1b", "two-people", at=42, device=DEV2),  # two people's first versions
            ev("m2", "middle", at=41, parent="m1"),  # the missing middle arrives
            ev("r1", "kin", at=40, parent="k2", device=DEV2, resolves=("k2", "k2b")),
            ev("z1", "new-2", at=39, device=DEV2),
        ],
    ]
    first, second = same_both_ways(pair, files, setup)
    assert chosen == [{"new-1", "two-people", "placed"}, {"new-2"}]
    assert dataclasses.asdict(first) == {
        "applied": 14,
        "duplicates": 4,  # h1, d1's second copy, s1 and k1 for another record
        "conflicts": 0,
        "future_clocks": 0,
        "erased": 4,  # g2, x1, v1 and f1 (these two erased with the family)
        "erasures": [],
        "erased_ids": [],
    }
    assert (second.applied, second.conflicts) == (5, 2)
    bulk = pair[0]
    assert syncstate.head_event(bulk, "new-1") == "n3"
    assert {c.record_id for c in syncstate.conflicts(bulk)} == {"two-people"}
    assert syncstate.head_event(bulk, "kin") == "r1"
    assert syncstate.head_event(bulk, "middle") == "m3"
    assert bulk.get("placed").parent_id == "org-1"
    assert bulk.query("SELECT event_id, resolves FROM sync_resolutions WHERE event_id = 'q2'")


def test_a_link_to_a_record_erased_meanwhile_is_taken_out_as_one_by_one(
    pair: tuple[Vault, Vault], chosen: list[set[str]]
) -> None:
    """A visit of an erased family goes with it, and its id leaves every barrier already
    here; a barrier written in bulk before the visit arrived is among them."""
    setup = [[ev("f1", "fam", at=90)], [erasure("er1", "fam", at=89)]]
    files = [
        [
            ev("b1", "barrier-1", at=60, kind="barrier", category="x", visit_ids=["visit-1"]),
            ev("v1", "visit-1", at=59, parent_id="fam", kind="visit"),
            ev("b2", "barrier-2", at=58, kind="barrier", category="x", visit_ids=["visit-1"]),
            ev(
                "b3",
                "barrier-1",
                at=57,
                parent="b1",
                kind="barrier",
                category="y",
                visit_ids=["visit-1"],
            ),  # fmt: skip
        ]
    ]
    (result,) = same_both_ways(pair, files, setup)
    assert chosen == [{"barrier-1", "barrier-2"}]
    assert (result.applied, result.erased) == (3, 1)
    bulk = pair[0]
    assert bulk.history("barrier-1")[0].data["visit_ids"] == []


def test_an_erasure_in_the_middle_of_a_file(
    pair: tuple[Vault, Vault], chosen: list[set[str]]
) -> None:
    files = [
        [
            ev("a1", "fam-a", at=60),
            ev("av1", "visit-a", at=59, parent_id="fam-a", kind="visit"),
            ev("b1", "fam-b", at=58),
            erasure("er1", "fam-a", at=57, root="fam-a"),
            ev("a2", "fam-a", at=56, parent="a1"),  # dropped: erased meanwhile
            ev("av2", "visit-a2", at=55, parent_id="fam-a", kind="visit"),  # goes with it
            ev("b2", "fam-b", at=54, parent="b1"),  # held now: one by one
            ev("c1", "fam-c", at=53),
        ]
    ]
    (result,) = same_both_ways(pair, files)
    assert chosen == [{"fam-a", "visit-a", "fam-b"}, {"fam-c"}]
    assert (result.applied, result.erased) == (6, 2)
    assert sorted(result.erased_ids) == ["fam-a", "visit-a"]
    assert not pair[0].query("SELECT 1 FROM records WHERE id IN ('fam-a', 'visit-a')")


def test_clocks_ahead_are_counted_and_observed(
    pair: tuple[Vault, Vault], chosen: list[set[str]]
) -> None:
    ahead = NOW + 2 * MAX_DRIFT_MS
    files = [
        [
            ev("a1", "fam-a", at=10),
            {**ev("a2", "fam-a", at=0, parent="a1"), "hlc": clock(ahead)},
            {**ev("b1", "fam-b", at=0), "hlc": clock(NOW + 60_000, 3)},
        ]
    ]
    (result,) = same_both_ways(pair, files)
    assert chosen == [{"fam-a", "fam-b"}]
    assert result.future_clocks == 1
    assert pair[0]._clock.last == Timestamp(NOW + 60_000, 3)
    assert syncstate.head_event(pair[0], "fam-a") == "a2"


@pytest.mark.parametrize(
    "events",
    [
        [ev("a1", "fam-a", at=3), ev("a2", "fam-a", at=2, parent="a1", kind="visit")],
        [ev("v1", "held", at=3, kind="visit"), ev("b1", "fam-b", at=2)],
        [ev("a1", "fam-a", at=3), ev("a2", "fam-a", at=2, parent="a2")],
    ],
    ids=["kind changes in a chain", "kind differs from the record held", "built on itself"],
)
def test_what_is_refused_is_refused_in_bulk_too(
    pair: tuple[Vault, Vault], events: list[dict[str, Any]]
) -> None:
    setup = [[ev("h1", "held", at=9)]]
    (result,) = same_both_ways(pair, [events], setup)
    assert result.startswith("refused: change 2") or result.startswith("refused: change 1")
    assert not pair[0].query("SELECT 1 FROM records WHERE id = 'fam-b'")


def updates_of_records(vault: Vault) -> Any:
    """How many times a records row has been changed after its insert, from now on."""
    with vault._lock:
        vault._conn.execute("CREATE TEMP TABLE IF NOT EXISTS changed(n)")
        vault._conn.execute(
            "CREATE TEMP TRIGGER IF NOT EXISTS count_changes AFTER UPDATE ON main.records"
            " BEGIN INSERT INTO changed VALUES (1); END"
        )
    return lambda: vault.query("SELECT count(*) FROM temp.changed")[0][0]


def test_each_record_is_written_once_with_its_head(
    pair: tuple[Vault, Vault], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row written and then changed costs its indexes (the search index above all) twice:
    a record's versions far apart in a file, other changes between them, and a file longer
    than what is held back at once, still give one insert of the row and no update."""
    monkeypatch.setattr(syncstate, "FLUSH_AT", 3)
    setup = [[ev("h1", "held", at=90)]]
    files = [
        [
            ev("a1", "fam-a", at=60),
            ev("b1", "fam-b", at=59),
            ev("h2", "held", at=58, parent="h1"),  # one by one
            ev("c1", "fam-c", at=57),
            ev("d1", "fam-d", at=56),
            ev("h3", "held", at=55, parent="h2"),
            ev("e1", "fam-e", at=54),
            ev("a2", "fam-a", at=53, parent="a1"),
            ev("b2", "fam-b", at=52, parent="b1"),
            ev("a3", "fam-a", at=51, parent="a2"),
        ]
    ]
    for events in setup:
        apply(pair[0], events, bulk=False)
        apply(pair[1], events, bulk=False)
    changes = updates_of_records(pair[0])
    same_both_ways(pair, files)
    assert changes() == 2  # h2 and h3, one by one; none of the records written in bulk
    assert syncstate.head_event(pair[0], "fam-a") == "a3"


@pytest.mark.parametrize("flush_at", [syncstate.FLUSH_AT, 7])
def test_a_snapshot_into_an_empty_vault_is_all_bulk(
    pair: tuple[Vault, Vault],
    chosen: list[set[str]],
    flush_at: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(syncstate, "FLUSH_AT", flush_at)
    events = []
    for n in range(1200):  # more than one chunk of ids per query
        events.append(ev(f"e{n}", f"rec-{n % 700}", at=2000 - n,
                         parent=f"e{n - 700}" if n >= 700 else None))  # fmt: skip
    (result,) = same_both_ways(pair, [events])
    assert len(chosen[0]) == 700
    assert result.applied == 1200
    assert pair[0].count("family") == 700


# ---- any file (hypothesis) -------------------------------------------------------------------

RECORDS = [f"r{n}" for n in range(1, 11)]
SHARED_IDS = ["x1", "x2", "x3"]
KINDS = ["family", "family", "visit", "barrier"]
# What the bulk path wrote across the examples: records, and records of 2 versions or more.
TALLY: Counter[str] = Counter()


@st.composite
def files(draw: st.DrawFn) -> list[list[dict[str, Any]]]:
    """Files of events over a few records: chains (so the bulk path has work, and a chain
    sometimes breaks its rules) mixed with events built on anything, duplicates, settlements,
    erasures, links and clocks ahead."""
    fresh = (f"e{n}" for n in itertools.count())
    used: list[str] = list(SHARED_IDS)
    records = st.sampled_from(RECORDS)

    def new_id() -> str:
        shared = draw(st.integers(0, 11), label="shared id?") == 0
        made = draw(st.sampled_from(SHARED_IDS), label="id") if shared else next(fresh)
        used.append(made)
        return made

    def odd(label: str) -> bool:
        return draw(st.integers(0, 9), label=label) == 0

    def event(record: str, parent: str | None, at: int, kind: str, device: str) -> dict[str, Any]:
        if odd("another kind?"):
            kind = draw(st.sampled_from(KINDS), label="kind")
        data: dict[str, Any] = {"n": at}
        if kind == "barrier":
            data["visit_ids"] = draw(st.lists(records, max_size=2), label="links")
        made = ev(
            new_id(),
            record,
            at=draw(st.sampled_from([at, at, 5]), label="minutes before now"),
            kind=kind,
            device=draw(st.sampled_from([DEV1, DEV2]), label="device") if odd("dev?") else device,
            parent=parent,
            parent_id=draw(st.none() | st.none() | records, label="parent_id"),
            deleted=odd("deleted?"),
            **data,
        )
        if odd("settles?"):
            made["resolves"] = draw(st.lists(st.sampled_from(used), max_size=2), label="settles")
        if odd("ahead?"):
            made["hlc"] = clock(NOW + 2 * MAX_DRIFT_MS)
        return made

    out = []
    at = 1000
    for _file in range(draw(st.integers(1, 3), label="files")):
        pieces: list[list[dict[str, Any]]] = []
        for _piece in range(draw(st.integers(1, 6), label="pieces")):
            at -= 10
            shape = draw(st.sampled_from(["chain"] * 4 + ["single", "erasure"]), label="shape")
            kind = draw(st.sampled_from(KINDS), label="kind")
            device = draw(st.sampled_from([DEV1, DEV1, DEV2]), label="device")
            if shape == "erasure":
                erased = draw(st.lists(records, min_size=1, max_size=2), label="erases")
                root = draw(st.none() | records, label="root")
                pieces.append([erasure(new_id(), *erased, at=at, root=root)])
            elif shape == "single":
                parent = draw(st.none() | st.sampled_from(used), label="parent")
                pieces.append([event(draw(records, label="record"), parent, at, kind, device)])
            else:
                record, chain, parent = draw(records, label="record"), [], None
                for step in range(draw(st.integers(1, 4), label="length")):
                    if odd("skips a version?"):
                        parent = draw(st.sampled_from(used), label="built on")
                    chain.append(event(record, parent, at - step, kind, device))
                    parent = chain[-1]["id"]
                pieces.append(chain)
        # Interleaved, each piece keeping its own order.
        order = draw(st.permutations([n for n, p in enumerate(pieces) for _ in p]), label="mix")
        queues = [iter(p) for p in pieces]
        out.append([next(queues[n]) for n in order])
    return out


@settings(
    max_examples=200,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_any_files_apply_in_bulk_as_one_by_one(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    global _PAIR
    if _PAIR is None:
        base = tmp_path_factory.mktemp("bulk-fuzz")
        _PAIR = (new_vault(base / "bulk"), new_vault(base / "single"))
    bulk, single = _PAIR
    reset(bulk)
    reset(single)
    flush_at = data.draw(st.sampled_from([syncstate.FLUSH_AT, 1, 2, 3]), label="flush every")
    for n, events in enumerate(data.draw(files(), label="files"), start=1):
        got, written = apply_telling(bulk, events, seq=n, flush_at=flush_at)
        want = apply(single, events, bulk=False, seq=n)
        assert got == want
        assert state(bulk) == state(single)
        if not isinstance(got, str):
            TALLY["records"] += len(written)
            TALLY["chains"] += sum(1 for r in written if [e["record"] for e in events].count(r) > 1)


def apply_telling(
    vault: Vault, events: list[dict[str, Any]], seq: int, flush_at: int
) -> tuple[Any, set[str]]:
    """apply() in bulk, writing every flush_at events, and the records the bulk path wrote."""
    real, picked, flush_was = syncstate._bulk_records, set(), syncstate.FLUSH_AT

    def spy(conn: Any, events: list[dict[str, Any]]) -> tuple[set[str], set[str]]:
        chosen = real(conn, events)
        picked.update(chosen[0])
        return chosen

    syncstate._bulk_records, syncstate.FLUSH_AT = spy, flush_at
    try:
        return apply(vault, events, bulk=True, seq=seq), picked
    finally:
        syncstate._bulk_records, syncstate.FLUSH_AT = real, flush_was


def test_the_files_above_took_the_bulk_path() -> None:
    """Else the comparison above proves nothing."""
    if not TALLY:
        pytest.skip("the examples above did not run")
    assert TALLY["records"] >= 200 and TALLY["chains"] >= 80, TALLY


_PAIR: tuple[Vault, Vault] | None = None


@pytest.fixture(scope="module", autouse=True)
def _close_pair() -> Iterator[None]:
    yield
    global _PAIR
    if _PAIR is not None:
        for vault in _PAIR:
            vault.close()
        _PAIR = None
