"""Subject access (UK GDPR Article 15): one family's export, from a real team's laptops.

A supervisor and two practitioners sync through a shared folder. The sentinel family (the
Quillons) has visits, check-ins, a reflection with feedback and a reply, a barrier, a visit in
the trash and supervision notes that mention it; other families have records full of secret
words. The export must hold every record about the Quillons, none about anyone else, mark other
people's information for review, write both files whole or not at all, and be audited.
"""

from __future__ import annotations

import errno
import json
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from relapp.services import erasure
from relapp.services import subject_access as sar
from relapp.services import supervision as supervision_service
from relapp.services import team as team_service
from relapp.services.agreements import AgreementInput, save_agreement
from relapp.services.errors import ServiceError
from relapp.services.families import family_detail
from relapp.services.profile import Session
from relapp.store import audit
from tests.conftest import relapp_command
from tests.sync.conftest import Team

SUP = "Hermione Supervisorly"
P1 = "Ignatius Practly"
P2 = "Wilhelmina Otherworker"
REF = "SAR-QU-0001"
OTHER_REF = "SAR-BR-0002"
ERASED_REF = "SAR-FE-0003"


@dataclass
class World:
    team: Team
    sup: Session
    p1: Session
    p2: Session
    family: str = ""
    other: str = ""
    erased: str = ""
    mine: list[str] = field(default_factory=list)  # words that must be in the export
    secret: list[str] = field(default_factory=list)  # words that must never be
    ids: dict[str, str] = field(default_factory=dict)
    other_ids: set[str] = field(default_factory=set)


def _when(days: int) -> str:
    return (datetime.now() - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _scores(session: Session, instrument_id: str, value: int) -> dict[str, int]:
    return {i.id: value for i in session.definitions.instruments[instrument_id].items}


def _build(base: Path) -> World:
    central = base / "shared"
    central.mkdir()
    t = Team(central=central, base=base / "profiles")
    sup = t.add("sup", SUP, "supervisor")
    team_service.create(sup, central, "Early Help North")
    p1 = t.join("p1", P1, "practitioner")
    p2 = t.join("p2", P2, "practitioner")
    w = World(t, sup, p1, p2)

    w.family = p1.records.save(
        "family",
        {
            "reference": REF,
            "display_name": "The Quillon family",
            "members": [
                {"name": "Marigold Quillon", "role": "mother", "birth_year": 1991},
                {"name": "Pip Quillon", "role": "child", "birth_year": 2021},
            ],
            "service": "Hub East",
            "status": "active",
            "assigned_to": p1.vault.member_id,
            "notes": "Quillonnote: prefers afternoon visits.",
        },
    ).id
    w.other = p1.records.save(
        "family",
        {
            "reference": OTHER_REF,
            "display_name": "The Brackwater family",
            "members": [{"name": "Ottoline Brackwater", "role": "mother"}],
            "notes": "Secretbrack family notes",
        },
    ).id
    w.erased = p2.records.save(
        "family",
        {
            "reference": ERASED_REF,
            "display_name": "The Fenwick family",
            "notes": "Secretfen notes",
        },
    ).id
    visit = p1.records.save(
        "visit",
        {
            "family_id": w.family,
            "when": _when(10),
            "mode": "home",
            "duration_minutes": 45,
            "present": ["Marigold Quillon", "Nurse Jill Moss"],
            "purpose": "Quillonvisit: talked about nursery. Ottoline Brackwater dropped in.",
        },
    )
    w.ids["visit"] = visit.id
    trashed = p1.records.save(
        "visit",
        {"family_id": w.family, "when": _when(20), "mode": "phone", "purpose": "Quillontrash"},
    )
    p1.vault.delete(trashed.id)
    w.ids["trashed"] = trashed.id
    other_visit = p1.records.save(
        "visit",
        {"family_id": w.other, "when": _when(9), "mode": "home", "purpose": "Secretbrack visit"},
    )
    w.other_ids.add(other_visit.id)
    w.ids["checkin"] = p1.records.save(
        "checkin",
        {
            "family_id": w.family,
            "visit_id": visit.id,
            "instrument_id": "practitioner-family",
            "respondent": "parent",
            "when": _when(10),
            "scores": _scores(p1, "practitioner-family", 4),
            "comment": "Quilloncomment: felt listened to.",
        },
    ).id
    w.other_ids.add(
        p1.records.save(
            "checkin",
            {
                "family_id": w.other,
                "instrument_id": "practitioner-family",
                "respondent": "practitioner",
                "when": _when(9),
                "scores": _scores(p1, "practitioner-family", 2),
                "comment": "Secretbrack comment",
            },
        ).id
    )
    draft = p1.records.save_reflection_draft(
        {
            "template_id": "what-so-what-now-what",
            "visit_id": visit.id,
            "family_id": w.family,
            "title": "Quillonreflection title",
            "sections": {"what": "Quillonreflection: we sat in the garden."},
        }
    )
    w.ids["reflection"] = p1.records.submit_reflection(draft.id).id
    other_draft = p2.records.save_reflection_draft(
        {
            "template_id": "free-text",
            "family_id": w.erased,
            "sections": {"reflection": "Secretfen reflection"},
        }
    )
    p2.records.submit_reflection(other_draft.id)
    w.ids["barrier"] = p1.records.save(
        "barrier",
        {
            "category": "caseload-time",
            "description": "Quillonbarrier: no time to write up.",
            "visit_ids": [visit.id, other_visit.id],
        },
    ).id
    # The Quillons agreed, then agreed to sharing too: two versions, both in the export.
    first = save_agreement(
        p1,
        w.family,
        AgreementInput(
            "agreed",
            date.today() - timedelta(days=30),
            ["Marigold Quillon"],
            working_with_service=True,
            checkins=True,
            explained="Quillonagreement: what early help is, and the check-ins.",
        ),
    )
    w.ids["agreement"] = first.id
    save_agreement(
        p1,
        w.family,
        AgreementInput(
            "agreed",
            date.today() - timedelta(days=12),
            ["Marigold Quillon"],
            working_with_service=True,
            checkins=True,
            sharing_with=["health visitor"],
            explained="Quillonsharing: the health visitor will hear how things go.",
        ),
    )
    w.other_ids.add(
        save_agreement(
            p1,
            w.other,
            AgreementInput(
                "agreed", date.today(), ["Ottoline Brackwater"], True, explained="Secretbrack ok"
            ),
        ).id
    )
    save_agreement(
        p2,
        w.erased,
        AgreementInput("agreed", date.today(), ["Fen"], True, explained="Secretfen agreement"),
    )
    t.sync("p1", "p2", "sup")
    question = supervision_service.give_feedback(
        sup, w.ids["reflection"], f"Quillonfeedback: ask {P1.split()[0]} about it.", "returned"
    )
    w.ids["feedback"] = question.feedback.id
    sup.records.save(
        "supervision_session",
        {
            "practitioner_id": p1.vault.member_id,
            "when": _when(5),
            "agenda": ["Quillonagenda: the Quillon family's move", "Secretbrack agenda"],
            "notes": "Quillonsession: Marigold Quillon is moving house.\n\n"
            "Secretbrack session: the Brackwater family needs a referral.",
            "actions": [{"id": "a1", "text": "Secretbrack action", "status": "open"}],
        },
    )
    t.sync("sup", "p1")
    w.ids["reply"] = supervision_service.reply(p1, w.ids["feedback"], "Quillonreply: will do.").id
    t.sync("p1", "sup")
    # The supervisor opens both families: only the Quillons' opening is theirs to see.
    family_detail(sup.records, w.family)
    family_detail(sup.records, w.other)
    erasure.erase_family(sup, w.erased, reason="Right to erasure", request="REQ-1")
    w.mine = [
        REF,
        "The Quillon family",
        "Marigold Quillon",
        "Quillonnote",
        "Quillonvisit",
        "Quillontrash",
        "Quilloncomment",
        "Quillonreflection",
        "Quillonfeedback",
        "Quillonreply",
        "Quillonbarrier",
        "Quillonsession",
        "Quillonagenda",
        "Quillonagreement",
        "Quillonsharing",
    ]
    w.secret = ["Secretbrack", "Secretfen", OTHER_REF, ERASED_REF, "Fenwick"]
    return w


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    built = _build(tmp_path_factory.mktemp("sar"))
    yield built
    for session in built.team.people.values():
        session.close()


def pdf_text(path: Path) -> str:
    reader = PdfReader(str(path))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


def _export(world: World, folder: Path, wanted: str = "") -> sar.ExportResult:
    from relapp.ui.subject_access_pdf import subject_access_pdf

    folder.mkdir(exist_ok=True)
    return sar.export_family(world.sup, wanted or world.family, folder, subject_access_pdf)


@pytest.fixture(scope="module")
def exported(world: World, tmp_path_factory: pytest.TempPathFactory, qapp: Any):  # noqa: ANN201
    folder = tmp_path_factory.mktemp("export")
    result = _export(world, folder, REF.lower())
    return result, json.loads(result.json.read_text(encoding="utf-8"))


def _walk_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _walk_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk_strings(v)


def test_json_holds_every_record_of_the_family_and_nothing_of_another(
    world: World, exported
) -> None:
    result, doc = exported
    assert doc["format"] == "relapp-subject-access" and doc["version"] == 1
    assert doc["family_id"] == world.family and doc["family"]["data"]["reference"] == REF
    assert {m["name"] for m in doc["members"]} == {"Marigold Quillon", "Pip Quillon"}
    assert [v["id"] for v in doc["visits"]] == [world.ids["trashed"], world.ids["visit"]]
    assert doc["visits"][0]["in_trash"] is True
    assert [c["id"] for c in doc["checkins"]] == [world.ids["checkin"]]
    answers = doc["checkins"][0]["answers"]
    instrument = world.sup.definitions.instruments["practitioner-family"]
    assert [a["question"] for a in answers] == [i.wording("parent") for i in instrument.items]
    assert all(a["answer"] == 4 for a in answers)
    assert [r["id"] for r in doc["reflections"]] == [world.ids["reflection"]]
    assert {f["id"] for f in doc["feedback"]} == {world.ids["feedback"], world.ids["reply"]}
    assert [b["id"] for b in doc["barriers"]] == [world.ids["barrier"]]
    assert doc["barriers"][0]["data"]["visit_ids"] == [world.ids["visit"]]  # the other's dropped
    # The agreement and every version of it, as recorded on the practitioner's laptop.
    (agreement,) = doc["agreement"]
    assert agreement["id"] == world.ids["agreement"] and doc["agreement_note"] == ""
    assert agreement["data"]["sharing_with"] == ["health visitor"]
    assert [v["version"] for v in agreement["versions"]] == [1, 2]
    assert agreement["versions"][0]["data"]["sharing_with"] == []
    assert agreement["versions"][0]["summary"].startswith("Agreed on ")
    assert "sharing with health visitor" in agreement["versions"][1]["summary"]
    assert agreement["versions"][1]["recorded_by"] == {
        "member_id": world.p1.vault.member_id,
        "name": P1,
        "review": "colleague",
    }
    mention = doc["supervision_mentions"]
    assert len(mention) == 1
    passages = [p["text"] for p in mention[0]["passages"]]
    assert passages == [
        "Quillonsession: Marigold Quillon is moving house.",
        "Quillonagenda: the Quillon family's move",
    ] or sorted(passages) == sorted(
        [
            "Quillonsession: Marigold Quillon is moving house.",
            "Quillonagenda: the Quillon family's move",
        ]
    )
    strings = "\n".join(_walk_strings(doc))
    for word in world.mine:
        assert word in strings, word
    for word in world.secret:
        assert word not in strings, word
    for rid in world.other_ids | {world.other, world.erased}:
        assert rid not in strings, rid


def test_other_peoples_information_is_marked_for_review(world: World, exported) -> None:
    _result, doc = exported
    visit = next(v for v in doc["visits"] if v["id"] == world.ids["visit"])
    purpose = visit["text_for_review"]["purpose"]["review"]
    assert [(m["found"], m["reason"]) for m in purpose] == [
        ("Ottoline Brackwater", "another_family")
    ]
    present = visit["text_for_review"]["present"]["review"]
    assert [(m["found"], m["reason"]) for m in present] == [("Nurse Jill Moss", "someone_else")]
    assert visit["written_by"] == {
        "member_id": world.p1.vault.member_id,
        "name": P1,
        "review": "colleague",
    }
    feedback = next(f for f in doc["feedback"] if f["id"] == world.ids["feedback"])
    found = feedback["text_for_review"]["text"]["review"]
    assert [(m["found"], m["reason"]) for m in found] == [("Ignatius", "colleague")]
    assert doc["barriers"][0]["text_for_review"]["description"]["review_whole"] == "team_notes"
    assert "redaction review" not in doc["review_notice"]  # plain words, checked in the PDF
    assert "must review it for other people's information" in doc["review_notice"]
    # The family's own names are never marked.
    assert "notes" not in doc["family"]["text_for_review"]


def test_audit_shows_this_family_only_and_records_the_export(world: World, exported) -> None:
    _result, doc = exported
    opened = [a for a in doc["audit"] if a["action"] == "open_family"]
    assert opened and all([r["id"] for r in a["records"]] == [world.family] for a in opened)
    assert all(a["who"]["review"] == "colleague" for a in doc["audit"])
    erase = [a for a in doc["audit"] if a["action"] == "erase"]
    assert not erase  # the other family's erasure names none of these records
    last = audit.entries(world.sup.vault, action="subject_access_export")[-1]
    assert last.records == (world.family,) and last.member == world.sup.vault.member_id


def test_pdf_reads_well_and_says_review_on_its_first_page(world: World, exported) -> None:
    result, _doc = exported
    reader = PdfReader(str(result.pdf))
    assert len(reader.pages) == result.pages >= 3
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    first = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    assert "What Relapp holds about The Quillon family" in first
    assert "redaction review" in first and "must review it" in first
    assert f"Page 1 of {result.pages}" in first
    text = pdf_text(result.pdf)
    for word in world.mine:
        assert word in text, word
    for word in world.secret:
        assert word not in text, word
    assert "Ottoline Brackwater [review: another family]" in text
    assert "Nurse Jill Moss [review: not in the family]" in text
    assert "Question as asked" in text
    assert "The family's agreement" in text and "sharing with health visitor" in text
    assert "Deleted (in the trash)" in text
    assert result.pdf.stat().st_mode & 0o077 == 0 and result.json.stat().st_mode & 0o077 == 0


def test_erased_unknown_and_wrong_ids_get_a_clear_message_and_no_files(
    world: World, tmp_path: Path, qapp: Any
) -> None:
    for wanted, message in (
        (world.erased, "was erased"),
        (ERASED_REF, "no family with the id or reference code"),
        ("nonsense-id", "no family with the id or reference code"),
        (world.ids["visit"], "is not a family"),
    ):
        with pytest.raises(ServiceError, match=message):
            _export(world, tmp_path / "out", wanted)
    assert list((tmp_path / "out").iterdir()) == []


def test_unwritable_vanished_and_full_folders_leave_nothing(
    world: World, tmp_path: Path, qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = len(audit.entries(world.sup.vault, action="subject_access_export"))
    with pytest.raises(ServiceError, match="does not exist"):
        _export_to(world, tmp_path / "gone")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.geteuid() != 0:
            with pytest.raises(ServiceError, match="may not write there. Nothing was written"):
                _export_to(world, locked)
            assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)
    full = tmp_path / "full"
    full.mkdir()
    calls = {"n": 0}
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the second file: the first is written already
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(ServiceError, match="the drive is full. Nothing was written"):
        _export_to(world, full)
    monkeypatch.undo()
    assert list(full.iterdir()) == []
    assert len(audit.entries(world.sup.vault, action="subject_access_export")) == before


def _export_to(world: World, folder: Path, progress: Any = None) -> sar.ExportResult:
    from relapp.ui.subject_access_pdf import subject_access_pdf

    return sar.export_family(world.sup, world.family, folder, subject_access_pdf, progress=progress)


def test_cancelling_leaves_nothing(world: World, tmp_path: Path, qapp: Any) -> None:
    class Stop(Exception):
        pass

    for at in (10, 60, 95):

        def progress(done: int, total: int, at: int = at) -> None:
            if done >= at:
                raise Stop

        folder = tmp_path / f"cancel{at}"
        folder.mkdir()
        with pytest.raises(Stop):
            _export_to(world, folder, progress)
        assert list(folder.iterdir()) == [], at


def test_a_second_export_never_overwrites_the_first(
    world: World, tmp_path: Path, qapp: Any
) -> None:
    first = _export_to(world, tmp_path)
    second = _export_to(world, tmp_path)
    assert first.pdf != second.pdf and first.json != second.json
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (first.pdf, first.json, second.pdf, second.json)
    )


def test_cli_end_to_end(world: World, tmp_path: Path) -> None:
    profile = world.team.base / "sup"
    out = tmp_path / "cli"
    out.mkdir()
    world.sup.vault.lock()  # the command opens the profile itself
    try:
        done = relapp_command(profile, tmp_path, "export", "--family", REF, "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert "marked for the redaction review" in done.stdout
        files = sorted(out.iterdir())
        assert [p.suffix for p in files] == [".json", ".pdf"]
        doc = json.loads(files[0].read_text(encoding="utf-8"))
        assert doc["family_id"] == world.family
        assert PdfReader(str(files[1])).pages
        gone = relapp_command(
            profile, tmp_path, "export", "--family", world.erased, "--out", str(out)
        )
        assert gone.returncode == 1 and "was erased" in gone.stderr
        assert len(gone.stderr.strip().splitlines()) == 1
        missing = relapp_command(
            profile, tmp_path, "export", "--family", REF, "--out", str(tmp_path / "nope")
        )
        assert missing.returncode == 1 and "does not exist" in missing.stderr
        assert len(list(out.iterdir())) == 2
    finally:
        from tests.conftest import PASSPHRASE

        world.sup.vault.unlock(PASSPHRASE)


def test_names_are_found_as_whole_words_longest_first_and_never_the_familys_own() -> None:
    matcher = sar.Matcher(
        {
            "Ottoline Brackwater": sar.ANOTHER_FAMILY,
            "Brackwater": sar.ANOTHER_FAMILY,
            "SAR-BR-0002": sar.ANOTHER_FAMILY,
            "Ignatius": sar.COLLEAGUE,
            "Marigold Quillon": sar.ANOTHER_FAMILY,
        },
        own={"Marigold Quillon"},
    )
    text = "OTTOLINE\nbrackwater (SAR-BR-0002) met Ignatius; Brackwaters and Marigold Quillon."
    found = [(text[m.start : m.end], m.reason) for m in matcher.marks(text)]
    assert found == [
        ("OTTOLINE\nbrackwater", "another_family"),
        ("SAR-BR-0002", "another_family"),
        ("Ignatius", "colleague"),
    ]
