"""Import and export through the services, on real vaults: round trips and every way to fail."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from relapp.domain.records import ValidationError
from relapp.services.errors import ImportRejected, ServiceError
from relapp.services.profile import Session, create_profile, unlock_profile
from relapp.services.records import ReflectionLocked
from relapp.services.transfer import export_csv, export_json, import_file
from relapp.store.backups import list_backups
from tests.conftest import raw_connect

PASSPHRASE = "kettle orbit meadow lantern"  # as in conftest
RESOURCES = Path(__file__).resolve().parents[1] / "resources"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def instruments() -> dict[str, dict[str, Any]]:
    out = {}
    for path in sorted((RESOURCES / "instruments").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        out[doc["id"]] = doc
    return out


def scores_for(instrument: dict[str, Any], value: int | None = None) -> dict[str, int]:
    low, high = instrument["scale"]["min"], instrument["scale"]["max"]
    return {
        item["id"]: value if value is not None else low + (i % (high - low + 1))
        for i, item in enumerate(instrument["items"])
    }


def template_sections(template_id: str) -> list[str]:
    doc = json.loads((RESOURCES / "templates" / f"{template_id}.json").read_text("utf-8"))
    return [s["id"] for s in doc["sections"]]


def barrier_category() -> str:
    return json.loads((RESOURCES / "barrier-categories.json").read_text("utf-8"))[0]["id"]


def populate(s: Session) -> dict[str, str]:
    """One record of every kind, with nested values and non-ASCII text."""
    r = s.records
    fam = r.save(
        "family",
        {
            "reference": "NS-0042",
            "display_name": "Nowak–Ahmed family",
            "members": [
                {"name": "Zofia Nowak", "role": "mother", "birth_year": 1991},
                {"name": "Amir Ahmed", "role": "father"},
                {"name": "Lena", "role": "child", "birth_year": 2021},
            ],
            "service": "Northshire Family Hub",
            "notes": "Prefers afternoon visits.\nDog is friendly.",
        },
    )
    visit = r.save(
        "visit",
        {
            "family_id": fam.id,
            "when": "2026-03-03T14:30",
            "duration_minutes": 75,
            "mode": "home",
            "present": ["Zofia Nowak", "Lena"],
            "purpose": "Check-in after nursery start",
        },
    )
    sections = template_sections("gibbs")
    refl = r.save_reflection_draft(
        {
            "visit_id": visit.id,
            "family_id": fam.id,
            "template_id": "gibbs",
            "title": "First visit after the move",
            "sections": {sections[0]: "We talked about sleep. ✓", sections[1]: "Hopeful."},
            "themes": ["trust", "continuity"],
        }
    )
    r.submit_reflection(refl.id)
    inst = instruments()["practitioner-family"]
    chk = r.save(
        "checkin",
        {
            "family_id": fam.id,
            "visit_id": visit.id,
            "instrument_id": inst["id"],
            "respondent": "parent",
            "when": "2026-03-03T15:40",
            "scores": scores_for(inst),
            "comment": "Filled in by mum.",
        },
    )
    bar = r.save(
        "barrier",
        {
            "category": barrier_category(),
            "description": "Nursery forms only in English.",
            "impact": "medium",
            "visit_ids": [visit.id],
            "status": "open",
            "noticed_on": "2026-03-03",
        },
    )
    test = r.save(
        "change_test",
        {
            "title": "Translated starter pack",
            "barrier_ids": [bar.id],
            "plan": "Offer the pack in Polish and Urdu.",
            "start_date": "2026-03-10",
            "status": "planned",
        },
    )
    fb = r.save("feedback", {"record_id": refl.id, "text": "Thoughtful — let's discuss."})
    sup = r.save(
        "supervision_session",
        {
            "practitioner_id": s.vault.member_id,
            "when": "2026-03-12T10:00",
            "agenda": ["Nowak–Ahmed"],
            "notes": "Caseload discussed.",
            "actions": [{"text": "Ask nursery about forms", "status": "open"}],
        },
    )
    unsent = r.save("unsent_text", {"context": f"reply:{refl.id}", "text": "Half a reply"})
    agreement = r.save(
        "agreement",
        {
            "family_id": fam.id,
            "status": "agreed",
            "when": "2026-03-03",
            "agreed_by": ["Zofia Nowak", "Amir Ahmed"],
            "working_with_service": True,
            "checkins": True,
            "sharing_with": ["health visitor"],
            "explained": "What early help is; who sees the check-ins.",
            "explained_by": s.vault.member_id,
        },
    )
    return {
        "agreement": agreement.id,
        "unsent_text": unsent.id,
        "family": fam.id,
        "visit": visit.id,
        "reflection": refl.id,
        "checkin": chk.id,
        "barrier": bar.id,
        "change_test": test.id,
        "feedback": fb.id,
        "supervision_session": sup.id,
    }


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Session]:
    s, _ = create_profile(tmp_path / "second", "Jo Reid", "supervisor", PASSPHRASE)
    yield s
    s.close()


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / "incoming" / name
    path.parent.mkdir(exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def state(s: Session) -> tuple[Any, ...]:
    """What an import must not change when it is rejected."""
    v = s.vault
    live = sorted((r.id, r.version, json.dumps(r.data, sort_keys=True)) for r in v.list())
    trash = sorted(r.id for r in v.trash())
    return (v.count(), v.count(deleted=True), live, trash, [b.name for b in list_backups(v.folder)])


# ---- JSON --------------------------------------------------------------------------------


def ids_by_kind(s: Session) -> dict[str, str]:
    """The id of the one record of each kind (as populate makes them)."""
    out: dict[str, str] = {}
    for record in s.vault.list():
        assert record.kind not in out, record.kind
        out[record.kind] = record.id
    return out


def renamed(doc: dict[str, Any], new_ids: dict[str, str]) -> list[tuple[str, str]]:
    """(kind, data) of every record of an export, with each value that is one of the old ids
    swapped for the new one: what an import into another profile should hold."""

    def swap(value: Any) -> Any:
        if isinstance(value, str):
            return new_ids.get(value, value)
        if isinstance(value, list):
            return [swap(v) for v in value]
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        return value

    return sorted((r["kind"], json.dumps(swap(r["data"]), sort_keys=True)) for r in doc["records"])


def test_json_round_trip_keeps_every_field_under_new_ids(
    session: Session, other: Session, tmp_path: Path
) -> None:
    ids = populate(session)
    first = export_json(session.records)
    doc = json.loads(first)
    assert doc["format"] == "relapp-export" and doc["version"] == 1
    assert sorted(r["kind"] for r in doc["records"]) == sorted(ids)

    path = write(tmp_path, "export.json", first)
    counts = import_file(other.records, path)
    assert counts == {"added": len(ids), "updated": 0, "unchanged": 0}
    # Another profile's ids are not this profile's: every record gets a new one, and every
    # reference between them follows, so the data is the same but for the ids.
    new = ids_by_kind(other)
    assert set(new) == set(ids) and not set(new.values()) & set(ids.values())
    second = json.loads(export_json(other.records))
    assert renamed(doc, {ids[k]: new[k] for k in ids}) == renamed(second, {})
    # Parent links survive, so joins work in the new profile.
    assert [r.id for r in other.vault.list("visit", parent_id=new["family"])] == [new["visit"]]
    assert other.records.get(new["reflection"]).data["status"] == "submitted"
    assert other.records.get(new["feedback"]).data["record_id"] == new["reflection"]
    assert other.records.get(new["barrier"]).data["visit_ids"] == [new["visit"]]
    assert other.records.get(new["change_test"]).data["barrier_ids"] == [new["barrier"]]
    # A member's id is not a record's: the supervision session keeps its practitioner.
    sup = other.records.get(new["supervision_session"])
    assert sup.data["practitioner_id"] == session.vault.member_id

    # A second import of the same file changes nothing and takes no backup.
    backups = list_backups(other.vault.folder)
    assert import_file(other.records, path) == {"added": 0, "updated": 0, "unchanged": len(ids)}
    assert list_backups(other.vault.folder) == backups
    assert all(len(other.vault.history(i)) == 1 for i in new.values())
    assert json.loads(export_json(other.records)) == second


def test_own_export_brought_back_updates_the_same_records(session: Session, tmp_path: Path):
    ids = populate(session)
    doc = json.loads(export_json(session.records))
    path = write(tmp_path, "mine.json", json.dumps(doc))
    assert import_file(session.records, path) == {"added": 0, "updated": 0, "unchanged": len(ids)}
    (fam,) = [r for r in doc["records"] if r["kind"] == "family"]
    fam["data"]["display_name"] = "Renamed on the way back"
    path = write(tmp_path, "mine2.json", json.dumps(doc))
    assert import_file(session.records, path) == {
        "added": 0,
        "updated": 1,
        "unchanged": len(ids) - 1,
    }
    assert ids_by_kind(session) == ids
    assert session.records.get(ids["family"]).data["display_name"] == "Renamed on the way back"


def test_import_takes_a_backup_before_writing(session: Session, other: Session, tmp_path: Path):
    populate(session)
    path = write(tmp_path, "export.json", export_json(session.records))
    assert list_backups(other.vault.folder) == []
    import_file(other.records, path)
    assert [b.reason for b in list_backups(other.vault.folder)] == ["before-import"]


def test_import_updates_changed_records_as_new_versions(
    session: Session, other: Session, tmp_path: Path
) -> None:
    ids = populate(session)
    import_file(other.records, write(tmp_path, "a.json", export_json(session.records)))
    fam = session.records.get(ids["family"])
    session.records.save("family", {**fam.data, "display_name": "Renamed family"}, record_id=fam.id)
    counts = import_file(other.records, write(tmp_path, "b.json", export_json(session.records)))
    assert counts == {"added": 0, "updated": 1, "unchanged": len(ids) - 1}
    history = other.vault.history(ids_by_kind(other)["family"])
    assert [h.data["display_name"] for h in history] == ["Nowak–Ahmed family", "Renamed family"]


def test_bad_row_is_named_and_nothing_is_written(
    session: Session, other: Session, tmp_path: Path
) -> None:
    populate(session)
    doc = json.loads(export_json(session.records))
    other.records.save("family", {"reference": "X-1", "display_name": "Already here"})
    gone = other.records.save("family", {"reference": "X-2", "display_name": "In the trash"})
    other.records.delete(gone.id)
    before = state(other)

    row = doc["records"][2]
    assert row["kind"] == "reflection"  # export order: by kind, then id
    required = "template_id"
    del row["data"][required]
    path = write(tmp_path, "bad.json", json.dumps(doc))
    with pytest.raises(ImportRejected) as info:
        import_file(other.records, path)
    message = str(info.value)
    assert "bad.json" in message
    assert "records[2]" in message
    assert required in message and "required" in message
    assert state(other) == before


def test_bad_checkin_score_in_import_is_named(other: Session, tmp_path: Path) -> None:
    inst = instruments()["parent-parent"]
    scores = scores_for(inst)
    scores[inst["items"][1]["id"]] = inst["scale"]["max"] + 1
    doc = {
        "format": "relapp-export",
        "version": 1,
        "records": [
            {"id": "fam-1", "kind": "family", "data": {"reference": "R", "display_name": "D"}},
            {
                "id": "chk-1",
                "kind": "checkin",
                "data": {
                    "family_id": "fam-1",
                    "instrument_id": inst["id"],
                    "respondent": "parent",
                    "when": "2026-01-01T10:00",
                    "scores": scores,
                },
            },
        ],
    }
    before = state(other)
    with pytest.raises(ImportRejected, match=r"records\[1\] \(checkin\): scores:") as info:
        import_file(other.records, write(tmp_path, "c.json", json.dumps(doc)))
    assert inst["items"][1]["id"] in str(info.value)
    assert state(other) == before


def _doc(records: Any, **top: Any) -> str:
    return json.dumps({"format": "relapp-export", "version": 1, "records": records, **top})


FAM = {"reference": "R-1", "display_name": "A family"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"format": "relapp-export", "version": 1, "records": [', r"not valid JSON \(line 1"),
        ("", "not valid JSON"),
        ('{"format": "something-else", "version": 1, "records": []}', "not a Relapp export"),
        ('["format", "relapp-export"]', "not a Relapp export"),
        ('{"format": "relapp-export", "version": 99, "records": []}', "format version 99"),
        ('{"format": "relapp-export", "version": 1, "records": {}}', '"records" must be a list'),
        (_doc([{"kind": "spaceship", "data": {}}]), r"records\[0\]: kind 'spaceship'"),
        (_doc([{"kind": "family", "data": FAM}, "oops"]), r"records\[1\]: must be an object"),
        (_doc([{"kind": "family", "data": "text"}]), r"records\[0\] \(family\): data must be"),
        (_doc([{"id": "a b/c", "kind": "family", "data": FAM}]), "id must be a record id"),
        (
            _doc([{"id": "same", "kind": "family", "data": FAM}] * 2),
            r"records\[1\]: id same appears twice",
        ),
        (
            _doc([{"kind": "family", "data": {**FAM, "colour": "blue"}}]),
            r"records\[0\] \(family\): colour: is not a field",
        ),
        (
            _doc([{"kind": "visit", "data": {"family_id": "f", "when": "soon", "mode": "home"}}]),
            r"records\[0\] \(visit\): when: must be a date and time",
        ),
        ("[" * 200_000, "too deeply nested"),
        ('{"format": "relapp-export", "version": 1, "records": [' + "7" * 6000 + "]}", "number"),
        (_doc([{"kind": "family", "data": {**FAM, "display_name": "bad \ud800"}}]), "Unicode"),
    ],
    ids=[
        "truncated",
        "empty",
        "wrong-marker",
        "not-an-object",
        "wrong-version",
        "records-not-list",
        "unknown-kind",
        "row-not-object",
        "data-not-object",
        "bad-id",
        "duplicate-ids",
        "unknown-field",
        "bad-datetime",
        "deep-nesting",
        "giant-number",
        "lone-surrogate",
    ],
)
def test_malformed_json_is_rejected_clearly(
    session: Session, tmp_path: Path, content: str, expected: str
) -> None:
    session.records.save("family", {"reference": "K-1", "display_name": "Kept"})
    before = state(session)
    path = write(tmp_path, "in.json", content)
    with pytest.raises(ImportRejected, match=expected):
        import_file(session.records, path)
    assert state(session) == before


def test_non_utf8_and_binary_nonsense_are_rejected(session: Session, tmp_path: Path) -> None:
    before = state(session)
    latin1 = json.dumps(
        {
            "format": "relapp-export",
            "version": 1,
            "records": [{"kind": "family", "data": {**FAM, "display_name": "Müller"}}],
        },
        ensure_ascii=False,
    )
    with pytest.raises(ImportRejected, match="not UTF-8"):
        import_file(session.records, write(tmp_path, "latin1.json", latin1.encode("latin-1")))
    noise = os.urandom(3 * 1024 * 1024)
    with pytest.raises(ImportRejected, match="not UTF-8"):
        import_file(session.records, write(tmp_path, "noise.json", noise))
    with pytest.raises(ImportRejected, match="not valid JSON"):
        import_file(session.records, write(tmp_path, "words.json", "lorem ipsum " * 200_000))
    with pytest.raises(ImportRejected, match="cannot be read"):
        import_file(session.records, tmp_path / "does-not-exist.json")
    assert state(session) == before


def test_import_refuses_an_id_of_another_kind(session: Session, tmp_path: Path) -> None:
    fam = session.records.save("family", {"reference": "K-1", "display_name": "Kept"})
    before = state(session)
    doc = _doc(
        [
            {
                "id": fam.id,
                "kind": "barrier",
                "data": {"category": barrier_category(), "description": "x"},
            }
        ]
    )
    with pytest.raises(ImportRejected, match=f"{fam.id} exists already as a family"):
        import_file(session.records, write(tmp_path, "k.json", doc))
    assert state(session) == before


def test_bom_is_accepted(other: Session, tmp_path: Path) -> None:
    text = _doc([{"id": "fam-1", "kind": "family", "data": FAM}])
    path = write(tmp_path, "bom.json", b"\xef\xbb\xbf" + text.encode())
    assert import_file(other.records, path)["added"] == 1


# ---- CSV of families ---------------------------------------------------------------------------


def family_csv(rows: list[list[str]], header: list[str] | None = None, bom: bool = False) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header or ["reference", "display_name", "service", "status", "members"])
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8")


GOOD_ROWS = [
    ["NS-1", "Smith family", "North hub", "active", "Anna Smith (mother, 1990); Leo (child, 2021)"],
    ["NS-2", "Kowalski family", "", "", ""],
    ["NS-3", "Brown family", "South hub", "closed", "Jim Brown (father,); Mae"],
]


def test_family_csv_imports_and_reimport_changes_nothing(session: Session, tmp_path: Path):
    path = write(tmp_path, "families.csv", family_csv(GOOD_ROWS, bom=True))
    assert import_file(session.records, path) == {"added": 3, "updated": 0, "unchanged": 0}
    fams = {r.data["reference"]: r.data for r in session.records.list("family")}
    assert fams["NS-1"]["members"] == [
        {"name": "Anna Smith", "role": "mother", "birth_year": 1990},
        {"name": "Leo", "role": "child", "birth_year": 2021},
    ]
    assert fams["NS-1"]["service"] == "North hub"
    assert fams["NS-2"]["status"] == "active" and "members" not in fams["NS-2"]
    assert fams["NS-3"]["status"] == "closed"
    assert fams["NS-3"]["members"] == [
        {"name": "Jim Brown", "role": "father"},
        {"name": "Mae", "role": ""},
    ]
    before = state(session)
    assert import_file(session.records, path) == {"added": 0, "updated": 0, "unchanged": 3}
    assert state(session) == before

    # Changing one row updates that family only, as a new version.
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][1] = "Kowalski-Wood family"
    changed = write(tmp_path, "families2.csv", family_csv(rows))
    assert import_file(session.records, changed) == {"added": 0, "updated": 1, "unchanged": 2}
    (fam,) = [r for r in session.records.list("family") if r.data["reference"] == "NS-2"]
    assert fam.version == 2
    assert fam.data["display_name"] == "Kowalski-Wood family"


@pytest.mark.parametrize(
    ("rows", "header", "expected"),
    [
        ([GOOD_ROWS[0], ["NS-9", "  ", "", "", ""]], None, r"row 3, column display_name"),
        ([GOOD_ROWS[0], ["", "No reference", "", "", ""]], None, r"row 3, column reference"),
        (
            [GOOD_ROWS[0], ["NS-9", "Bad year", "", "", "Ann (mother, nineteen)"]],
            None,
            r"row 3, column members: birth year 'nineteen'",
        ),
        (
            [GOOD_ROWS[0], ["NS-9", "Old year", "", "", "Ann (mother, 1850)"]],
            None,
            r"row 3, column members\[0\]\.birth_year",
        ),
        ([["NS-9", "Bad status", "", "sleeping", ""]], None, r"row 2, column status"),
        (
            [GOOD_ROWS[0], ["NS-9", "Too many", "", "", "", "surprise"]],
            None,
            r"row 3 has more cells than the header",
        ),
        (
            [["NS-9", "x", "blue"]],
            ["reference", "display_name", "colour"],
            r"unknown column.*colour",
        ),
        ([["NS-9"]], ["reference"], r"needs the column\(s\) display_name"),
        ([GOOD_ROWS[0], GOOD_ROWS[0]], None, r"NS-1 appears twice"),
    ],
    ids=[
        "empty-name",
        "empty-reference",
        "bad-birth-year",
        "implausible-birth-year",
        "bad-status",
        "extra-cells",
        "unknown-column",
        "missing-column",
        "duplicate-reference",
    ],
)
def test_bad_family_csv_is_rejected_with_nothing_written(
    session: Session,
    tmp_path: Path,
    rows: list[list[str]],
    header: list[str] | None,
    expected: str,
) -> None:
    session.records.save("family", {"reference": "K-1", "display_name": "Kept"})
    before = state(session)
    path = write(tmp_path, "families.csv", family_csv(rows, header))
    with pytest.raises(ImportRejected, match=expected):
        import_file(session.records, path)
    assert state(session) == before


def test_csv_export_is_private_and_complete(session: Session, tmp_path: Path) -> None:
    ids = populate(session)
    paths = export_csv(session.records, tmp_path / "csv")
    assert {p.stem for p in paths} == set(ids)
    for p in paths:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
    with (tmp_path / "csv" / "family.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == [ids["family"]]
    assert json.loads(rows[0]["members"])[0]["name"] == "Zofia Nowak"


# ---- rules that need the definitions -------------------------------------------------------------


def test_checkins_are_checked_against_their_instrument(session: Session) -> None:
    fam = session.records.save("family", {"reference": "F", "display_name": "F"})
    base = {"family_id": fam.id, "respondent": "practitioner", "when": "2026-02-01T09:00"}
    count = session.vault.count()
    for inst in instruments().values():
        low, high = inst["scale"]["min"], inst["scale"]["max"]
        ok = session.records.save(
            "checkin", {**base, "instrument_id": inst["id"], "scores": scores_for(inst, high)}
        )
        assert ok.data["instrument_version"] == inst["version"]
        assert low <= ok.data["score"] <= high
        count += 1
        first_item = inst["items"][0]["id"]
        for bad, needle in (
            ({**scores_for(inst), first_item: high + 1}, "outside the scale"),
            ({**scores_for(inst), first_item: low - 1}, "outside the scale"),
            ({**scores_for(inst), first_item: 2.5}, "whole number"),
            ({**scores_for(inst), first_item: True}, "whole number"),
            ({**scores_for(inst), "made-up-item": low}, "unknown item"),
            ({k: v for k, v in scores_for(inst).items() if k != first_item}, "has no score"),
        ):
            with pytest.raises(ValidationError, match=needle) as info:
                session.records.save(
                    "checkin", {**base, "instrument_id": inst["id"], "scores": bad}
                )
            assert info.value.field == "scores"
    with pytest.raises(ValidationError, match="not a known instrument"):
        session.records.save(
            "checkin", {**base, "instrument_id": "no-such-instrument", "scores": {}}
        )
    assert session.vault.count() == count


def test_checkin_respondent_must_fit_the_instrument(session: Session) -> None:
    only_practitioner = [i for i in instruments().values() if i["respondents"] == ["practitioner"]]
    assert only_practitioner, "a shipped instrument is for practitioners only"
    inst = only_practitioner[0]
    with pytest.raises(ValidationError) as info:
        session.records.save(
            "checkin",
            {
                "family_id": "fam-1",
                "respondent": "parent",
                "when": "2026-02-01T09:00",
                "instrument_id": inst["id"],
                "scores": scores_for(inst),
            },
        )
    assert info.value.field == "respondent"


def test_submitted_reflection_is_locked_and_amendments_keep_history(session: Session) -> None:
    sections = template_sections("what-so-what-now-what")
    draft = session.records.save_reflection_draft(
        {"template_id": "what-so-what-now-what", "sections": {sections[0]: "First words."}}
    )
    draft = session.records.save_reflection_draft(
        {"template_id": "what-so-what-now-what", "sections": {sections[0]: "Better words."}},
        record_id=draft.id,
        expected_version=draft.version,
    )
    submitted = session.records.submit_reflection(draft.id)
    assert submitted.data["status"] == "submitted" and submitted.data["submitted_at"]

    changed = {**submitted.data, "sections": {sections[0]: "Quietly rewritten."}}
    with pytest.raises(ReflectionLocked):
        session.records.save("reflection", changed, record_id=draft.id)
    with pytest.raises(ReflectionLocked):
        session.records.save_reflection_draft(changed, record_id=draft.id)
    with pytest.raises(ReflectionLocked):
        session.records.submit_reflection(draft.id)
    with pytest.raises(ReflectionLocked):
        session.records.delete(draft.id)
    assert session.records.get(draft.id).version == submitted.version

    with pytest.raises(ServiceError, match="why"):
        session.records.amend_reflection(draft.id, "   ")
    amended = session.records.amend_reflection(draft.id, "Added what the parent said later.")
    assert amended.version == submitted.version + 1
    assert amended.data["status"] == "draft"
    assert amended.data["amendment_reason"] == "Added what the parent said later."
    assert "submitted_at" not in amended.data
    session.records.save_reflection_draft(
        {**amended.data, "sections": {sections[0]: "Better words, and more."}},
        record_id=draft.id,
        expected_version=amended.version,
    )
    history = session.vault.history(draft.id)
    assert [h.data["status"] for h in history] == [
        "draft",
        "draft",
        "submitted",
        "draft",
        "draft",
    ]
    assert history[2].data["sections"] == {sections[0]: "Better words."}
    assert history[2].data == submitted.data


def test_empty_reflection_cannot_be_submitted(session: Session) -> None:
    draft = session.records.save_reflection_draft(
        {"template_id": "free-text", "sections": {"reflection": "   "}}
    )
    with pytest.raises(ServiceError, match="empty"):
        session.records.submit_reflection(draft.id)
    assert session.records.get(draft.id).data["status"] == "draft"


def test_submitted_reflection_keeps_its_words_but_may_change_review_state(session):
    from relapp.services.records import ReflectionLocked

    records = session.records
    draft = records.save_reflection_draft(
        {"template_id": "free-text", "title": "After the visit", "sections": {"reflection": "x"}}
    )
    records.submit_reflection(draft.id)
    current = records.get(draft.id)
    for change in ({"title": "Renamed"}, {"themes": ["new"]}, {"status": "draft"}):
        with pytest.raises(ReflectionLocked):
            records.save("reflection", {**current.data, **change}, record_id=draft.id)
    reviewed = records.save(
        "reflection", {**current.data, "status": "reviewed"}, record_id=draft.id
    )
    assert reviewed.data["status"] == "reviewed"
    assert reviewed.data["sections"] == {"reflection": "x"}


def test_family_csv_with_a_repeated_column_is_rejected(session, tmp_path):
    from relapp.services.errors import ImportRejected
    from relapp.services.transfer import import_file

    path = tmp_path / "families.csv"
    path.write_text("reference,display_name,display_name\nA-1,One,Two\n")
    with pytest.raises(ImportRejected, match="more than once"):
        import_file(session.records, path)
    assert session.vault.count("family") == 0


# ---- ids from other systems ----------------------------------------------------------------

UUID7 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
CASE_IDS = ("EH-24-0137-Okafor", "EH-24-0137-V1", "EH-24-0137-V2")


def case_export(display_name: str = "The Okafor family") -> dict[str, Any]:
    """A file made by another system: its own ids, and references by those ids."""
    fam, v1, v2 = CASE_IDS
    visit = {"when": "2026-03-04T10:30", "mode": "home", "duration_minutes": 60}
    return {
        "format": "relapp-export",
        "version": 1,
        "records": [
            {"id": v1, "kind": "visit", "data": {**visit, "family_id": fam}},
            {
                "id": fam,
                "kind": "family",
                "data": {
                    "reference": "EH-24-0137",
                    "display_name": display_name,
                    "members": [{"name": "Grace Okafor", "role": "mother", "birth_year": 1991}],
                },
            },
            {"id": v2, "kind": "visit", "data": {**visit, "family_id": fam, "mode": "phone"}},
            {
                "kind": "barrier",
                "data": {
                    "category": barrier_category(),
                    "description": "Letters only in English.",
                    "visit_ids": [v1, v2],
                },
            },
        ],
    }


class Cli:
    """`python -m relapp`, as a person runs it, on profiles under tmp_path."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("RELAPP_PASSPHRASE", "RELAPP_PROFILE", "RELAPP_NEW_PASSPHRASE")
        }
        self.env.update(
            RELAPP_INSECURE_FAST_KDF="1",
            RELAPP_LOG_DIR=str(tmp_path / "logs"),
            RELAPP_PASSPHRASE=PASSPHRASE,
            QT_QPA_PLATFORM="offscreen",
        )

    def run(self, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "relapp", "--profile", str(profile), *args],
            cwd=self.tmp,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def init(self, name: str) -> Path:
        profile = self.tmp / name
        result = self.run(profile, "init", "--name", name.title(), "--role", "practitioner")
        assert result.returncode == 0, result.stderr
        return profile

    def export(self, profile: Path) -> list[dict[str, Any]]:
        result = self.run(profile, "export")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)["records"]

    def refused(self, profile: Path, path: Path) -> str:
        """Import path, expecting a refusal: one line on stderr, exit 1, nothing written."""
        before = self.export(profile)
        result = self.run(profile, "import", str(path))
        assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr + result.stdout
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("relapp: "), result.stderr
        assert len(lines[0]) < 400, lines[0]
        assert self.export(profile) == before
        backups = profile / "backups"
        assert not backups.exists() or not any("before-import" in p.name for p in backups.iterdir())
        return lines[0]


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


def imported(cli: Cli, profile: Path, path: Path) -> str:
    result = cli.run(profile, "import", str(path))
    assert result.returncode == 0, result.stderr
    return result.stdout


def by_kind(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        out.setdefault(r["kind"], []).append(r)
    return out


@pytest.mark.slow
@pytest.mark.parametrize(
    ("year", "shown"),
    [("²", "'²'"), ("9" * 5000, "(5,000 characters)"), ("١٩٩٠", "'١٩٩٠'"), ("19 90", "'19 90'")],
    ids=["superscript-two", "5000-digits", "arabic-indic-digits", "space"],
)
def test_cli_refuses_a_birth_year_that_is_not_four_digits(
    cli: Cli, tmp_path: Path, year: str, shown: str
) -> None:
    profile = cli.init("sam")
    path = write(
        tmp_path,
        "families.csv",
        family_csv([GOOD_ROWS[1], ["NS-7", "Ade family", "", "", f"Ann Ade (mother, {year})"]]),
    )
    line = cli.refused(profile, path)
    assert "families.csv: row 3, column members: birth year" in line
    assert shown in line and "is not a year like 2019" in line
    assert cli.export(profile) == []


@pytest.mark.slow
def test_cli_two_laptops_give_the_same_file_different_ids(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "case.json", json.dumps(case_export()))
    made = []
    for laptop in ("alex", "blake"):
        profile = cli.init(laptop)
        assert "4 added, 0 updated, 0 unchanged" in imported(cli, profile, path)
        records = by_kind(cli.export(profile))
        (family,) = records["family"]
        assert UUID7.match(family["id"]), family["id"]
        assert family["data"]["reference"] == "EH-24-0137"  # the case number stays, as a field
        for visit in records["visit"]:
            assert UUID7.match(visit["id"])
            assert visit["data"]["family_id"] == family["id"]
        (barrier,) = records["barrier"]
        assert sorted(barrier["data"]["visit_ids"]) == sorted(v["id"] for v in records["visit"])
        made.append({r["id"] for r in cli.export(profile)})
    assert not made[0] & made[1]


@pytest.mark.slow
def test_cli_reimport_is_stable_and_updates_in_place(cli: Cli, tmp_path: Path) -> None:
    profile = cli.init("sam")
    path = write(tmp_path, "case.json", json.dumps(case_export()))
    imported(cli, profile, path)
    first = cli.export(profile)
    # The barrier has no id in the file, so it is new each time; the others are not.
    assert "1 added, 0 updated, 3 unchanged" in imported(cli, profile, path)
    again = cli.export(profile)
    assert len(again) == len(first) + 1
    assert {r["id"] for r in first} <= {r["id"] for r in again}
    kinds = by_kind(again)
    assert len(kinds["family"]) == 1 and len(kinds["visit"]) == 2

    changed = write(tmp_path, "case2.json", json.dumps(case_export("The Okafor-Bello family")))
    assert "1 added, 1 updated, 2 unchanged" in imported(cli, profile, changed)
    (family,) = by_kind(cli.export(profile))["family"]
    assert family["id"] == by_kind(first)["family"][0]["id"]
    assert family["data"]["display_name"] == "The Okafor-Bello family"


@pytest.mark.slow
def test_cli_case_ids_are_stored_nowhere_in_the_profile(cli: Cli, tmp_path: Path) -> None:
    profile = cli.init("sam")
    path = write(tmp_path, "case.json", json.dumps(case_export()))
    imported(cli, profile, path)
    imported(cli, profile, write(tmp_path, "c2.json", json.dumps(case_export("Okafor, G."))))
    # A later file refers to the family by its case id alone: it still finds it.
    visit = {"family_id": CASE_IDS[0], "when": "2026-04-01T09:00", "mode": "video"}
    later = {"format": "relapp-export", "version": 1, "records": [{"kind": "visit", "data": visit}]}
    assert "1 added" in imported(cli, profile, write(tmp_path, "later.json", json.dumps(later)))
    records = by_kind(cli.export(profile))
    (family,) = records["family"]
    assert len(records["visit"]) == 3
    assert all(v["data"]["family_id"] == family["id"] for v in records["visit"])

    files = [p for p in profile.rglob("*") if p.is_file()]
    assert any(p.name == "vault.sqlite3" for p in files)
    # Open the vault without closing it, so a -wal file is there to read too.
    holder = raw_connect(profile / "vault.sqlite3")
    try:
        holder.execute("SELECT count(*) FROM meta").fetchone()
        files = [p for p in profile.rglob("*") if p.is_file()]
        for p in files:
            data = p.read_bytes().lower()
            for case_id in CASE_IDS:
                assert case_id.lower().encode() not in data, f"{case_id} in {p}"
            assert b"okafor" not in data, p
        tagged = holder.execute("SELECT key, value FROM meta WHERE key LIKE 'import-id:%'")
        rows = tagged.fetchall()
    finally:
        holder.close()
    # One tag per id in the files, each leading to a record of the profile.
    assert len(rows) == len(CASE_IDS)
    assert {value for _key, value in rows} <= {r["id"] for r in cli.export(profile)}


@pytest.mark.slow
def test_cli_a_reference_to_nothing_is_refused(cli: Cli, tmp_path: Path) -> None:
    profile = cli.init("sam")
    doc = case_export()
    doc["records"][3]["data"]["visit_ids"].append("EH-24-9999-V7")
    line = cli.refused(profile, write(tmp_path, "dangling.json", json.dumps(doc)))
    assert "dangling.json: records[3] (barrier): visit_ids[2]: EH-24-9999-V7 is neither" in line


def test_references_must_lead_to_a_record_of_the_right_kind(session: Session, tmp_path: Path):
    kept = session.records.save("family", {"reference": "K-1", "display_name": "Kept"})
    before = state(session)
    cases = [
        (
            ["visit", 0, "family_id", "EH-24-0137-V2"],
            r"records\[0\] \(visit\): family_id: "
            r"EH-24-0137-V2 is a visit in the file, not a family",
        ),
        (
            ["visit", 0, "family_id", "nowhere"],
            r"records\[0\] \(visit\): family_id: nowhere is "
            r"neither a record in the file nor one in this profile",
        ),
        (
            ["barrier", 3, "visit_ids", [CASE_IDS[1], kept.id]],
            rf"records\[3\] \(barrier\): "
            rf"visit_ids\[1\]: {kept.id} is a family in this profile, not a visit",
        ),
    ]
    for (kind, index, field, value), expected in cases:
        doc = case_export()
        assert doc["records"][index]["kind"] == kind
        doc["records"][index]["data"][field] = value
        with pytest.raises(ImportRejected, match=expected):
            import_file(session.records, write(tmp_path, "refs.json", json.dumps(doc)))
        assert state(session) == before
    # A reference to a record already in the profile is kept as it is.
    doc = case_export()
    doc["records"][0]["data"]["family_id"] = kept.id
    assert import_file(session.records, write(tmp_path, "ok.json", json.dumps(doc)))["added"] == 4
    visits = session.vault.list("visit", parent_id=kept.id)
    assert len(visits) == 1 and visits[0].data["family_id"] == kept.id


def test_supervision_actions_follow_their_session(session: Session, tmp_path: Path) -> None:
    first = {
        "practitioner_id": session.vault.member_id,
        "when": "2026-03-01T10:00",
        "actions": [{"text": "Call the nursery", "status": "open"}],
    }
    second = {
        "practitioner_id": session.vault.member_id,
        "when": "2026-03-15T10:00",
        "actions": [
            {"id": "S-1:0", "text": "Call the nursery", "status": "done", "carried_from": "S-1"},
            {"id": "text:practitioner:ask", "text": "Ask", "status": "open"},
        ],
    }
    doc = {
        "format": "relapp-export",
        "version": 1,
        "records": [
            {"id": "S-1", "kind": "supervision_session", "data": first},
            {"id": "S-2", "kind": "supervision_session", "data": second},
        ],
    }
    import_file(session.records, write(tmp_path, "sessions.json", json.dumps(doc)))
    sessions = {r.data["when"]: r for r in session.vault.list("supervision_session")}
    s1, s2 = sessions[first["when"]], sessions[second["when"]]
    carried, own = s2.data["actions"]
    assert carried["carried_from"] == s1.id and carried["id"] == f"{s1.id}:0"
    assert own["id"] == "text:practitioner:ask"


KILLED_IMPORT = """
import os, signal, sys
from pathlib import Path
from relapp.services.profile import unlock_profile
from relapp.services.transfer import import_file
from relapp.store.vault import Vault

session = unlock_profile(Path(sys.argv[1]), os.environ["RELAPP_PASSPHRASE"])
real_put, done = Vault._put, []

def put_then_die(self, *args, **kwargs):
    done.append(real_put(self, *args, **kwargs))
    if len(done) == int(sys.argv[3]):  # some records written, inside the transaction
        os.kill(os.getpid(), signal.SIGKILL)
    return done[-1]

Vault._put = put_then_die
import_file(session.records, Path(sys.argv[2]))
"""


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_killed_import_leaves_no_records_and_no_ids(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    s, _ = create_profile(folder, "Sam Carter", "practitioner", PASSPHRASE)
    s.close()
    path = write(tmp_path, "case.json", json.dumps(case_export()))
    env = {**os.environ, "RELAPP_PASSPHRASE": PASSPHRASE, "RELAPP_INSECURE_FAST_KDF": "1"}
    result = subprocess.run(
        [sys.executable, "-c", KILLED_IMPORT, str(folder), str(path), "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr

    s = unlock_profile(folder, PASSPHRASE)
    try:
        assert s.vault.count() == 0
        conn = raw_connect(folder / "vault.sqlite3")
        try:
            tags = conn.execute("SELECT count(*) FROM meta WHERE key LIKE 'import-id:%'")
            assert tags.fetchone()[0] == 0
        finally:
            conn.close()
        assert import_file(s.records, path)["added"] == 4
        assert import_file(s.records, path) == {"added": 1, "updated": 0, "unchanged": 3}
        assert s.vault.count("family") == 1 and s.vault.count("visit") == 2
    finally:
        s.close()


def test_import_into_a_profile_made_by_schema_version_1(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir(mode=0o700)
    shutil.copy(FIXTURES / "vault-v1.sqlite3", folder / "vault.sqlite3")
    s = unlock_profile(folder, "fixture passphrase one")
    try:
        families = s.vault.count("family")
        path = write(tmp_path, "case.json", json.dumps(case_export()))
        assert import_file(s.records, path)["added"] == 4
        assert import_file(s.records, path)["unchanged"] == 3
        assert s.vault.count("family") == families + 1
    finally:
        s.close()


# ---- every field read with explicit, bounded rules -------------------------------------------

VISIT = {"family_id": "f1", "when": "2026-03-04T10:30", "mode": "home"}


def with_family(*rows: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"id": "f1", "kind": "family", "data": FAM}, *rows]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            _doc(with_family({"kind": "visit", "data": VISIT})).replace(
                '"mode": "home"}', '"mode": "home", "duration_minutes": NaN}'
            ),
            r"in\.json: records\[1\] \(visit\): duration_minutes: NaN is not a number",
        ),
        (
            _doc(with_family({"kind": "visit", "data": VISIT})).replace(
                '"mode": "home"}', '"mode": "home", "duration_minutes": -Infinity}'
            ),
            r"records\[1\] \(visit\): duration_minutes: -Infinity is not a number",
        ),
        (
            _doc(with_family({"kind": "visit", "data": VISIT})).replace(
                '"mode": "home"}', '"mode": "home", "duration_minutes": 1e999}'
            ),
            r"records\[1\] \(visit\): duration_minutes: the number 1e999 is too large",
        ),
        (
            _doc(with_family({"kind": "visit", "data": VISIT})).replace(
                '"mode": "home"}', '"mode": "home", "duration_minutes": ' + "9" * 4000 + "}"
            ),
            r"records\[1\] \(visit\): duration_minutes: the number '9{20}'… \(4,000 char",
        ),
        (
            _doc(with_family({"kind": "visit", "data": {**VISIT, "duration_minutes": 2**40}})),
            r"records\[1\] \(visit\): duration_minutes: the number 1099511627776 is too large",
        ),
        (
            _doc(with_family({"kind": "visit", "data": {**VISIT, "duration_minutes": 100_000}})),
            r"records\[1\] \(visit\): duration_minutes: must be at most 1440",
        ),
        (
            _doc([{"kind": "family", "data": {**FAM, "members": [{"name": "A", "age": 3}]}}]),
            r"records\[0\] \(family\): members\[0\]: 'age' is not a detail",
        ),
        (
            _doc([{"kind": "family", "data": {**FAM, "members": [{"name": 7}]}}]),
            r"records\[0\] \(family\): members\[0\]\.name: must be text",
        ),
        (
            _doc([{"kind": "family", "data": {**FAM, "members": [{"name": "A"}] * 51}}]),
            r"records\[0\] \(family\): members: a family can have at most 50",
        ),
        (
            _doc([{"kind": "family", "data": {**FAM, "notes": "a\x00b"}}]),
            r"records\[0\] \(family\): notes: contains a NUL character",
        ),
        (
            _doc([{"kind": "family", "data": {**FAM, "notes": "x" * 200_001}}]),
            r"records\[0\] \(family\): notes: is longer than 200,000 characters",
        ),
        (
            _doc([{"kind": "family", "data": {**FAM, "members": [[[[[[[[[]]]]]]]]]}}]),
            r"records\[0\] \(family\): members\[0\]\[0\]\[0\]\[0\]\[0\]\[0\]\[0\]: lists and obj",
        ),
        (
            '{"format": "relapp-export", "version": 1, "records": [{"kind": "family", '
            '"data": {"reference": "A", "reference": "B", "display_name": "C"}}]}',
            r"records\[0\] \(family\): data: an object has the key 'reference' twice",
        ),
        (
            '{"format": "relapp-export", "version": 1, "version": 1, "records": []}',
            r"in\.json is not a Relapp export: an object has the key 'version' twice",
        ),
        ('{"format": "relapp-export", "version": true, "records": []}', "format version True"),
        ('{"format": "relapp-export", "version": 1.0, "records": []}', "format version 1.0"),
        (_doc([{"kind": "family", "data": FAM, "note": "x"}]), r"records\[0\]: 'note' is not a"),
        (_doc([{"kind": ["family"], "data": FAM}]), r"records\[0\]: kind \['family'\] is not"),
        (_doc([{"id": 7, "kind": "family", "data": FAM}]), r"records\[0\]: id must be a record"),
        (_doc([{"kind": "family", "data": {**FAM, "a\nb": 1}}]), r"\(family\): 'a\\nb' is not"),
        (
            _doc(with_family({"kind": "visit", "data": {**VISIT, "family_id": ["f1"]}})),
            r"records\[1\] \(visit\): family_id: must be a record id",
        ),
    ],
    ids=[
        "nan",
        "minus-infinity",
        "1e999",
        "4000-digit-int",
        "int-beyond-32-bits",
        "visit-longer-than-a-day",
        "member-unknown-detail",
        "member-name-not-text",
        "too-many-members",
        "nul-in-text",
        "text-too-long",
        "nested-too-deep",
        "repeated-key-in-data",
        "repeated-key-at-top",
        "version-true",
        "version-float",
        "unknown-row-key",
        "kind-not-text",
        "id-not-text",
        "field-name-with-newline",
        "reference-not-text",
    ],
)
def test_json_values_beyond_the_rules_are_refused(
    session: Session, tmp_path: Path, content: str, expected: str
) -> None:
    session.records.save("family", {"reference": "K-1", "display_name": "Kept"})
    before = state(session)
    with pytest.raises(ImportRejected, match=expected) as info:
        import_file(session.records, write(tmp_path, "in.json", content))
    assert str(info.value).startswith("in.json") and len(str(info.value)) < 400
    assert "\n" not in str(info.value)
    assert state(session) == before


def raw_csv(text: str) -> bytes:
    return text.encode("utf-8")


HEADER = "reference,display_name,service,status,members,notes\r\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            raw_csv(HEADER + 'NS-1,A,,,"Ann (mother, 1990, extra)",\r\n'),
            r"row 2, column members: "
            r"person 1 \('Ann \(mother, 1990, extra\)'\) should be written like",
        ),
        (raw_csv(HEADER + "NS-1,A,,,Ann (mother,\r\n"), r"row 2, column members: person 1"),
        (raw_csv(HEADER + "NS-1,A,,,Ann (mother)); Bo\r\n"), r"row 2, column members: person 1"),
        (raw_csv(HEADER + "NS-1,A,,,(mother)\r\n"), r"row 2, column members: person 1 has no name"),
        (raw_csv(HEADER + "NS-1,A,,," + "B;" * 51 + "\r\n"), r"members: lists 51 people"),
        (raw_csv(HEADER + "NS-1,A,,,Ann (" + "m" * 65 + ")\r\n"), r"person 1's role is longer"),
        (raw_csv(HEADER + "NS-1,A,,," + "x" * 10_001 + "\r\n"), r"members: is longer than 10,000"),
        (raw_csv(HEADER + "NS-1,A\x00B,,,,\r\n"), r"row 2, column display_name: contains a NUL"),
        (
            raw_csv(HEADER + "NS-1,A,,,," + "n" * 100_001 + "\r\n"),
            r"row 2, column notes: is longer",
        ),
        (raw_csv(HEADER + "NS-1,A,,,," + "n" * 140_000 + "\r\n"), r"row 2: a cell is longer than"),
        (raw_csv(HEADER + 'NS-1,"A"B,,,,\r\n'), r"families\.csv: row 2 is not readable CSV"),
        (raw_csv(HEADER + "\r\n\r\nNS-1,,,,,\r\n"), r"row 4, column display_name"),
        (
            raw_csv(HEADER + "NS-1,A,,,,\r\nNS-1,B,,,,\r\n"),
            r"row 3, column reference: NS-1 "
            r"appears twice in the file \(first in row 2\)",
        ),
        ("reference,display_name\r\nNS-1,Müller\r\n".encode("utf-16"), r"is UTF-16 text"),
        ("reference,display_name\r\nNS-1,Müller\r\n".encode("latin-1"), r"not UTF-8 text \(byte"),
        (raw_csv("reference,display_name,x\x00y\r\n"), r"unknown column\(s\) 'x\\x00y'"),
        (raw_csv("reference,display_name,\u200b\r\n"), r"unknown column\(s\) '\\u200b'"),
        (raw_csv(HEADER + "NS-1,A,,,,\r\n" * 50_001), r"families\.csv has more than 50,000 rows"),
    ],
    ids=[
        "member-three-parts",
        "member-open-bracket",
        "member-extra-bracket",
        "member-no-name",
        "too-many-members",
        "role-too-long",
        "members-cell-too-long",
        "nul-in-cell",
        "cell-too-long",
        "cell-beyond-csv-limit",
        "text-after-closing-quote",
        "blank-rows-keep-row-numbers",
        "reference-twice",
        "utf-16",
        "latin-1",
        "nul-in-header",
        "invisible-header",
        "too-many-rows",
    ],
)
def test_csv_cells_beyond_the_rules_are_refused(
    session: Session, tmp_path: Path, content: bytes, expected: str
) -> None:
    session.records.save("family", {"reference": "K-1", "display_name": "Kept"})
    before = state(session)
    with pytest.raises(ImportRejected, match=expected) as info:
        import_file(session.records, write(tmp_path, "families.csv", content))
    assert str(info.value).startswith("families.csv") and len(str(info.value)) < 400
    assert state(session) == before


def test_csv_line_endings_bom_and_quoted_newlines(session: Session, tmp_path: Path) -> None:
    text = (
        "\ufeffReference , Display_Name,notes,members\r\n"
        'NS-1,Smith family,"Line one\r\nline two","Anna (mother; 1990)"\r\n'
        "\r\n"
        ",,,\r\n"
        'NS-2,Jones family,,"Bo (child, 2020)"\r'
        "NS-3,Shah family,,\n"
    )
    path = write(tmp_path, "families.csv", text.encode("utf-8"))
    with pytest.raises(ImportRejected, match=r"row 2, column members: person 1"):
        import_file(session.records, path)
    path.write_bytes(text.replace("(mother; 1990)", "(mother, 1990)").encode("utf-8"))
    assert import_file(session.records, path) == {"added": 3, "updated": 0, "unchanged": 0}
    fams = {r.data["reference"]: r.data for r in session.records.list("family")}
    assert fams["NS-1"]["notes"] == "Line one\nline two"
    assert fams["NS-1"]["members"] == [{"name": "Anna", "role": "mother", "birth_year": 1990}]
    assert fams["NS-2"]["members"] == [{"name": "Bo", "role": "child", "birth_year": 2020}]
    assert fams["NS-3"]["display_name"] == "Shah family"


def test_two_ids_for_one_record_are_refused(session: Session, tmp_path: Path) -> None:
    import_file(session.records, write(tmp_path, "case.json", json.dumps(case_export())))
    (family,) = session.vault.list("family")
    before = state(session)
    doc = case_export()
    # The family again, under the id this profile gave it (from an export), beside its case id.
    doc["records"].append({"id": family.id, "kind": "family", "data": dict(family.data)})
    with pytest.raises(
        ImportRejected,
        match=rf"records\[4\] \(family\): id {family.id} is the "
        rf"same record of this profile as id {CASE_IDS[0]}, earlier in the file",
    ):
        import_file(session.records, write(tmp_path, "both.json", json.dumps(doc)))
    assert state(session) == before
