"""Import files mutated from good ones, and written by hand to be awkward, fed to the real
import on a real vault: each one is either imported, or refused with ImportRejected and a
sentence that names the file; a refused file changes nothing, and no id from a file ever
becomes a record id.

Each fuzzing test feeds RELAPP_FUZZ_IMPORTS files (200 by default, under 10 s in all); the
counts of accepted and refused files are printed at the end (run pytest with -s to see them):

    RELAPP_FUZZ_IMPORTS=1000 .venv/bin/pytest -q -s tests/test_import_fuzz.py
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relapp.services.errors import ImportRejected
from relapp.services.profile import Session, create_profile
from relapp.services.transfer import import_file
from relapp.store.backups import list_backups
from tests.conftest import raw_connect

PASSPHRASE = "kettle orbit meadow lantern"  # as in conftest
RESOURCES = Path(__file__).resolve().parents[1] / "resources"
FILES_PER_TEST = int(os.environ.get("RELAPP_FUZZ_IMPORTS", "200"))
UUID7 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

COUNTS: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _summary() -> Iterator[None]:
    yield
    total = COUNTS["accepted"] + COUNTS["refused"]
    print(
        f"\nimport fuzz: {total:,} import files: {COUNTS['accepted']:,} accepted, "
        f"{COUNTS['refused']:,} refused "
        f"(json {COUNTS['json']:,}, csv {COUNTS['csv']:,}, by hand {COUNTS['by hand']:,}; "
        f"RELAPP_FUZZ_IMPORTS={FILES_PER_TEST})"
    )


# ---- good files to start from ------------------------------------------------------------


def _instrument() -> dict[str, Any]:
    path = sorted((RESOURCES / "instruments").glob("*.json"))[0]
    return json.loads(path.read_text(encoding="utf-8"))


def _first_template() -> tuple[str, str]:
    doc = json.loads((RESOURCES / "templates" / "free-text.json").read_text("utf-8"))
    return doc["id"], doc["sections"][0]["id"]


def _barrier_category() -> str:
    return json.loads((RESOURCES / "barrier-categories.json").read_text("utf-8"))[0]["id"]


def seed_export(member_id: str) -> dict[str, Any]:
    """A JSON file as another system writes it: one record of every kind, its own ids."""
    inst = _instrument()
    low = inst["scale"]["min"]
    template, section = _first_template()
    return {
        "format": "relapp-export",
        "version": 1,
        "records": [
            {
                "id": "EH-24-0137-Okafor",
                "kind": "family",
                "data": {
                    "reference": "EH-24-0137",
                    "display_name": "The Okafor family",
                    "members": [
                        {"name": "Grace Okafor", "role": "mother", "birth_year": 1991},
                        {"name": "Tobi", "role": "child", "birth_year": 2020},
                    ],
                    "status": "active",
                    "service": "North hub",
                    "notes": "Prefers mornings.\nDog.",
                },
            },
            {
                "id": "v1",
                "kind": "visit",
                "data": {
                    "family_id": "EH-24-0137-Okafor",
                    "when": "2026-03-04T10:30",
                    "mode": "home",
                    "duration_minutes": 60,
                    "present": ["Grace Okafor"],
                    "purpose": "First visit",
                },
            },
            {
                "id": "r1",
                "kind": "reflection",
                "data": {
                    "visit_id": "v1",
                    "family_id": "EH-24-0137-Okafor",
                    "template_id": template,
                    "sections": {section: "It went well. ✓"},
                    "themes": ["trust"],
                    "status": "draft",
                },
            },
            {
                "id": "c1",
                "kind": "checkin",
                "data": {
                    "family_id": "EH-24-0137-Okafor",
                    "visit_id": "v1",
                    "instrument_id": inst["id"],
                    "respondent": inst["respondents"][0],
                    "when": "2026-03-04T11:00",
                    "scores": {item["id"]: low for item in inst["items"]},
                },
            },
            {
                "id": "b1",
                "kind": "barrier",
                "data": {
                    "category": _barrier_category(),
                    "description": "Letters only in English.",
                    "impact": "medium",
                    "visit_ids": ["v1"],
                    "status": "open",
                    "noticed_on": "2026-03-04",
                },
            },
            {
                "id": "t1",
                "kind": "change_test",
                "data": {"title": "Translated letters", "barrier_ids": ["b1"], "status": "planned"},
            },
            {"id": "fb1", "kind": "feedback", "data": {"record_id": "r1", "text": "Good."}},
            {
                "id": "s1",
                "kind": "supervision_session",
                "data": {
                    "practitioner_id": member_id,
                    "when": "2026-03-12T10:00",
                    "agenda": ["Okafor"],
                    "actions": [{"text": "Call nursery", "status": "open"}],
                },
            },
            {"kind": "unsent_text", "data": {"context": "reply:fb1", "text": "Half a reply"}},
        ],
    }


SEED_ROWS = [
    ["reference", "display_name", "service", "status", "members", "notes"],
    [
        "NS-1",
        "Smith family",
        "North hub",
        "active",
        "Anna Smith (mother, 1990); Leo (child, 2021)",
        "",
    ],
    ["NS-2", "Kowalski family", "", "", "", "Two dogs.\nCall first."],
    ["NS-3", "Brown family", "South hub", "closed", "Jim Brown (father,); Mae", ""],
]

NASTY_TEXT = [
    "",
    " ",
    "²",
    "١٩٩٠",
    "1990",
    "1850",
    "9" * 5000,
    "\x00",
    "a\x00b",
    "\ufeff",
    "\r\n",
    '"',
    "(",
    ")",
    ";",
    ",",
    "Ann (mother, ²)",
    "Ann (mother, 1990, x)",
    "Ann (mother, 99999999999999999999)",
    "Ann ((mother, 1990))",
    "x" * 70,
    "x" * 131_073,
    "EH-24-0137-Okafor",
    "v1",
    "b1",
    "r1",
    "NaN",
    "1e999",
    "\u202e",
    "\U0001f600",
    "active",
    "closed",
    "home",
    "2026-03-04T10:30",
    "2026-02-30",
]

json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(NASTY_TEXT),
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)

# Spliced into the text of a file: what JSON (or Python's json) lets through.
RAW_SPLICES = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e999",
    "-1e999",
    "9" * 5000,
    "[" * 5000,
    "{" * 50,
    '"\\ud800"',
    '"\\u0000"',
    ',"id":"x","id":"y"',
    "\x00",
    "\ufeff",
    "\r",
    '"',
    ",",
    "²",
]


def nodes(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place inside a JSON value, as a path of keys and indexes."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from nodes(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from nodes(item, (*path, i))


def replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: replaced(value[head], rest, new)}
    out = list(value)
    out[head] = replaced(value[head], rest, new)
    return out


def removed(value: Any, path: tuple[Any, ...]) -> Any:
    head, rest = path[0], path[1:]
    if rest:
        if isinstance(value, dict):
            return {**value, head: removed(value[head], rest)}
        out = list(value)
        out[head] = removed(value[head], rest)
        return out
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k != head}
    return [v for i, v in enumerate(value) if i != head]


def mutate_bytes(data: st.DataObject, raw: bytes) -> bytes:
    for _ in range(data.draw(st.integers(0, 2), label="byte edits")):
        if not raw:
            break
        at = data.draw(st.integers(0, len(raw)), label="at")
        op = data.draw(st.sampled_from(["flip", "cut", "insert", "truncate", "repeat"]))
        if op == "flip" and at < len(raw):
            bit = 1 << data.draw(st.integers(0, 7))
            raw = raw[:at] + bytes([raw[at] ^ bit]) + raw[at + 1 :]
        elif op == "cut":
            raw = raw[:at] + raw[at + data.draw(st.integers(1, 40)) :]
        elif op == "insert":
            raw = raw[:at] + data.draw(st.binary(min_size=1, max_size=8)) + raw[at:]
        elif op == "truncate":
            raw = raw[:at]
        else:
            raw = raw[:at] + raw[at : at + 30] * data.draw(st.integers(2, 4)) + raw[at + 30 :]
    return raw


def splice_text(data: st.DataObject, text: str) -> str:
    for _ in range(data.draw(st.integers(0, 2), label="splices")):
        at = data.draw(st.integers(0, len(text)), label="at")
        cut = data.draw(st.integers(0, 12), label="cut")
        text = text[:at] + data.draw(st.sampled_from(RAW_SPLICES)) + text[at + cut :]
    return text


# ---- the property -------------------------------------------------------------------------


class Watch:
    """A second, read-only connection to the vault. PRAGMA data_version changes whenever the
    app's connection commits anything, so "nothing was written" is checked exactly, and at no
    cost however big the vault grows."""

    def __init__(self, profile: Path) -> None:
        self.profile = profile
        self.conn = raw_connect(profile / "vault.sqlite3")
        self.last_rowid = 0

    def state(self) -> tuple[int, list[str]]:
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        return version, [b.name for b in list_backups(self.profile)]

    def new_record_ids(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT rowid, id FROM records WHERE rowid > ? ORDER BY rowid", (self.last_rowid,)
        ).fetchall()
        if rows:
            self.last_rowid = rows[-1][0]
        return [row[1] for row in rows]

    def close(self) -> None:
        self.conn.close()


def check_import(session: Session, watch: Watch, path: Path, kind: str) -> None:
    before, count = watch.state(), session.vault.count()
    try:
        counts = import_file(session.records, path)
    except ImportRejected as exc:
        message = str(exc)
        assert message.strip(), "a refusal says why"
        assert path.name in message, message
        assert len(message) < 1000, message[:200]
        assert watch.state() == before, f"refused, yet the vault changed: {message}"
        assert session.vault.count() == count
        COUNTS["refused"] += 1
    else:
        assert set(counts) == {"added", "updated", "unchanged"}
        assert session.vault.count() == count + counts["added"]
        written = counts["added"] or counts["updated"]
        # The watch sees a write when there is one (so its silence above means something).
        assert (watch.state()[0] != before[0]) == bool(written), counts
        COUNTS["accepted"] += 1
    COUNTS[kind] += 1
    # Whatever a file said, every record id is one Relapp made.
    ids = watch.new_record_ids()
    assert all(UUID7.match(i) for i in ids), [i for i in ids if not UUID7.match(i)][:3]


FUZZ = settings(
    max_examples=FILES_PER_TEST,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
)


@pytest.fixture
def fuzz_session(tmp_path: Path) -> Iterator[Session]:
    s, _ = create_profile(tmp_path / "profile", "Sam Carter", "practitioner", PASSPHRASE)
    yield s
    s.close()


@pytest.fixture
def watch(fuzz_session: Session) -> Iterator[Watch]:
    w = Watch(fuzz_session.vault.folder)
    yield w
    w.close()


# A run of thousands of files takes minutes: the time limit grows with it.
LONG = pytest.mark.timeout(300 + FILES_PER_TEST // 4)


def damaged(data: st.DataObject, text: str, encodings: list[str]) -> bytes:
    """The file's bytes: as written, or with one kind of damage (text spliced in, bytes
    edited, or another encoding)."""
    how = data.draw(st.sampled_from(["none", "none", "text", "bytes", "encoding"]), label="damage")
    if how == "text":
        text = splice_text(data, text)
    encoding = data.draw(
        st.sampled_from(encodings if how == "encoding" else ["utf-8", "utf-8-sig"]),
        label="encoding",
    )
    errors = "surrogatepass" if encoding.startswith("utf") else "replace"
    raw = text.encode(encoding, errors=errors)
    return mutate_bytes(data, raw) if how == "bytes" else raw


ANY_ID = st.from_regex(r"[A-Za-z0-9._:-]{1,64}", fullmatch=True)


def renamed_id(doc: Any, old: str, new: str) -> Any:
    """doc with every value that is exactly old (an id, or a reference to it) set to new."""
    if doc == old:
        return new
    if isinstance(doc, list):
        return [renamed_id(v, old, new) for v in doc]
    if isinstance(doc, dict):
        return {k: renamed_id(v, old, new) for k, v in doc.items()}
    return doc


def edit_export(data: st.DataObject, doc: Any) -> Any:
    op = data.draw(
        st.sampled_from(
            ["rename id", "rename id", "drop field", "replace", "remove", "add", "copy", "shuffle"]
        ),
        label="edit",
    )
    rows = doc.get("records") if isinstance(doc, dict) else None
    if op == "rename id" and isinstance(rows, list):
        ids = [r["id"] for r in rows if isinstance(r, dict) and isinstance(r.get("id"), str)]
        if ids:
            old = data.draw(st.sampled_from(ids), label="id")
            return renamed_id(doc, old, data.draw(ANY_ID, label="new id"))
    if op == "drop field" and isinstance(rows, list):
        places = [
            (i, key)
            for i, r in enumerate(rows)
            if isinstance(r, dict) and isinstance(r.get("data"), dict)
            for key in r["data"]
        ]
        if places:
            i, key = data.draw(st.sampled_from(places), label="field")
            return removed(doc, ("records", i, "data", key))
    if op == "copy" and isinstance(rows, list) and rows:
        row = rows[data.draw(st.integers(0, len(rows) - 1), label="row")]
        return {**doc, "records": [*rows, row]}
    if op == "shuffle" and isinstance(rows, list):
        rows = list(rows)
        data.draw(st.randoms(use_true_random=False), label="order").shuffle(rows)
        return {**doc, "records": rows}
    path = data.draw(st.sampled_from(list(nodes(doc))), label="place")
    if op == "remove" and path:
        return removed(doc, path)
    if op == "add":
        target = doc
        for step in path:
            target = target[step]
        if isinstance(target, dict):
            key = data.draw(st.one_of(st.text(max_size=12), st.sampled_from([*target, "id"])))
            return replaced(doc, path, {**target, key: data.draw(json_value, label="value")})
        if isinstance(target, list):
            return replaced(doc, path, [*target, data.draw(json_value, label="value")])
    return replaced(doc, path, data.draw(json_value, label="value"))


@LONG
def test_mutated_json_exports(fuzz_session: Session, watch: Watch, tmp_path: Path) -> None:
    seed = seed_export(fuzz_session.vault.member_id)
    folder = tmp_path / "incoming"
    folder.mkdir()

    @FUZZ
    @given(st.data())
    def run(data: st.DataObject) -> None:
        doc: Any = seed
        for _ in range(data.draw(st.sampled_from([0, 1, 1, 2, 3]), label="edits")):
            doc = edit_export(data, doc)
        text = json.dumps(doc, ensure_ascii=data.draw(st.booleans()), allow_nan=True)
        raw = damaged(data, text, ["utf-16", "utf-32", "latin-1", "cp1252"])
        path = folder / data.draw(st.sampled_from(["export.json", "EXPORT.JSON", "export.txt"]))
        path.write_bytes(raw)
        check_import(fuzz_session, watch, path, "json")

    run()


def edit_rows(data: st.DataObject, rows: list[list[str]]) -> None:
    cell = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=20))
    r = data.draw(st.integers(0, len(rows) - 1), label="row")
    op = data.draw(
        st.sampled_from(
            ["reference", "cell", "members", "add cell", "drop cell", "copy row", "drop row"]
        ),
        label="edit",
    )
    if op == "reference" and r > 0:
        rows[r][0] = data.draw(st.from_regex(r"[A-Z]{2}-[0-9]{1,6}", fullmatch=True))
    elif op in ("cell", "members") and rows[r]:
        c = data.draw(st.integers(0, len(rows[r]) - 1), label="column")
        if op == "cell":
            rows[r][c] = data.draw(cell, label="text")
        else:
            year = data.draw(st.one_of(cell, st.integers(1890, 2030).map(str)), label="year")
            rows[r][c] = f"Ann Ade (mother, {year}); Bo ({data.draw(cell, label='role')})"
    elif op == "add cell":
        rows[r].append(data.draw(cell, label="text"))
    elif op == "drop cell" and rows[r]:
        rows[r].pop(data.draw(st.integers(0, len(rows[r]) - 1), label="column"))
    elif op == "copy row":
        rows.append(list(rows[r]))
    elif op == "drop row" and len(rows) > 1:
        rows.pop(r)


@LONG
def test_mutated_family_csvs(fuzz_session: Session, watch: Watch, tmp_path: Path) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()

    @FUZZ
    @given(st.data())
    def run(data: st.DataObject) -> None:
        rows = [list(r) for r in SEED_ROWS]
        for _ in range(data.draw(st.sampled_from([0, 1, 1, 2, 3]), label="edits")):
            edit_rows(data, rows)
        buf = io.StringIO()
        writer = csv.writer(
            buf,
            lineterminator=data.draw(st.sampled_from(["\r\n", "\n", "\r"])),
            quoting=data.draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
        )
        writer.writerows(rows)
        raw = damaged(data, buf.getvalue(), ["utf-16", "cp1252", "latin-1"])
        path = folder / data.draw(st.sampled_from(["families.csv", "FAMILIES.CSV"]))
        path.write_bytes(raw)
        check_import(fuzz_session, watch, path, "csv")

    run()


# ---- written by hand -------------------------------------------------------------------------


def _doc(records: Any) -> str:
    return json.dumps({"format": "relapp-export", "version": 1, "records": records})


FAM = {"reference": "R-1", "display_name": "A family"}
HAND_MADE: list[tuple[str, bytes]] = [
    ("empty.json", b""),
    ("bom-only.json", b"\xef\xbb\xbf"),
    ("two-boms.json", b"\xef\xbb\xbf\xef\xbb\xbf" + _doc([]).encode()),
    ("null.json", b"null"),
    ("number.json", b"1e999"),
    ("nan.json", b"NaN"),
    ("list.json", b"[]"),
    ("string.json", b'"relapp-export"'),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000),
    ("deep-object.json", b'{"a":' * 50_000 + b"1" + b"}" * 50_000),
    (
        "deep-data.json",
        _doc([{"kind": "family", "data": {**FAM, "notes": [[[[[[[[[[1]]]]]]]]]]}}]).encode(),
    ),
    (
        "huge-int.json",
        b'{"format": "relapp-export", "version": ' + b"1" * 5000 + b', "records": []}',
    ),
    ("nan-version.json", b'{"format": "relapp-export", "version": NaN, "records": []}'),
    ("records-nan.json", b'{"format": "relapp-export", "version": 1, "records": NaN}'),
    ("rows-numbers.json", _doc([1, 2.5, None, True, "x", []]).encode()),
    ("data-list.json", _doc([{"kind": "family", "data": [FAM]}]).encode()),
    ("kind-dict.json", _doc([{"kind": {"family": 1}, "data": FAM}]).encode()),
    ("id-long.json", _doc([{"id": "x" * 65, "kind": "family", "data": FAM}]).encode()),
    (
        "id-uuid.json",
        _doc(
            [{"id": "01a2b3c4-0000-7000-8000-000000000000", "kind": "family", "data": FAM}]
        ).encode(),
    ),
    ("surrogate.json", _doc([{"kind": "family", "data": {**FAM, "notes": "\ud800"}}]).encode()),
    (
        "surrogate-key.json",
        b'{"format": "relapp-export", "version": 1, "records": '
        b'[{"kind": "family", "data": {"\\udc00": 1}}]}',
    ),
    ("nul-key.json", _doc([{"kind": "family", "data": {**FAM, "a\x00": 1}}]).encode()),
    (
        "birth-year-bool.json",
        _doc(
            [{"kind": "family", "data": {**FAM, "members": [{"name": "A", "birth_year": True}]}}]
        ).encode(),
    ),
    (
        "birth-year-float.json",
        _doc(
            [{"kind": "family", "data": {**FAM, "members": [{"name": "A", "birth_year": 1990.0}]}}]
        ).encode(),
    ),
    (
        "member-string.json",
        _doc([{"kind": "family", "data": {**FAM, "members": ["Ann"]}}]).encode(),
    ),
    (
        "self-reference.json",
        _doc(
            [
                {
                    "id": "v",
                    "kind": "visit",
                    "data": {"family_id": "v", "when": "2026-01-01T10:00", "mode": "home"},
                }
            ]
        ).encode(),
    ),
    (
        "reply-loop.json",
        _doc(
            [
                {
                    "id": "a",
                    "kind": "feedback",
                    "data": {"record_id": "b", "text": "x", "reply_to": "b"},
                },
                {
                    "id": "b",
                    "kind": "feedback",
                    "data": {"record_id": "a", "text": "y", "reply_to": "a"},
                },
            ]
        ).encode(),
    ),
    ("utf-16.json", _doc([{"kind": "family", "data": FAM}]).encode("utf-16")),
    ("utf-32.json", _doc([{"kind": "family", "data": FAM}]).encode("utf-32")),
    (
        "latin-1.json",
        _doc([{"kind": "family", "data": {**FAM, "display_name": "Müller"}}]).encode("latin-1"),
    ),
    ("ok.json", _doc([{"id": "fam-1", "kind": "family", "data": FAM}]).encode()),
    ("empty.csv", b""),
    ("bom-only.csv", b"\xef\xbb\xbf"),
    ("header-only.csv", b"reference,display_name\r\n"),
    ("blank-lines.csv", b"\r\n\r\n\n"),
    ("nul.csv", b"reference,display_name\r\nA-1,\x00\r\n"),
    ("nul-header.csv", b"\x00reference,display_name\r\nA-1,B\r\n"),
    ("superscript.csv", 'reference,display_name,members\r\nA-1,B,"Ann (mother, ²)"\r\n'.encode()),
    (
        "digits.csv",
        ('reference,display_name,members\r\nA-1,B,"Ann (mother, ' + "9" * 5000 + ')"\r\n').encode(),
    ),
    ("big-cell.csv", b"reference,display_name,notes\r\nA-1,B," + b"n" * 200_000 + b"\r\n"),
    ("open-quote.csv", b'reference,display_name\r\nA-1,"B\r\n'),
    ("cr-only.csv", b"reference,display_name\rA-1,B\rA-2,C\r"),
    ("utf-16.csv", "reference,display_name\r\nA-1,B\r\n".encode("utf-16")),
    ("cp1252.csv", "reference,display_name\r\nA-1,Müller – café\r\n".encode("cp1252")),
    ("binary.csv", bytes(range(256)) * 64),
    ("semicolons.csv", b"reference;display_name\r\nA-1;B\r\n"),
    ("tabs.csv", b"reference\tdisplay_name\r\nA-1\tB\r\n"),
    ("ok.csv", b'reference,display_name,members\r\nA-9,B,"Ann (mother, 1990)"\r\n'),
]


@pytest.mark.parametrize(("name", "content"), HAND_MADE, ids=[n for n, _ in HAND_MADE])
def test_hand_made_files(
    fuzz_session: Session, watch: Watch, tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    check_import(fuzz_session, watch, path, "by hand")
