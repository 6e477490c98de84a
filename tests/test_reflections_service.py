"""Reflections without Qt: list rows, feedback, version diffs and the draft saver."""

from __future__ import annotations

import threading

import pytest

from relapp.services.records import ReflectionLocked
from relapp.services.reflections import (
    DraftSaver,
    diff_text,
    diff_versions,
    feedback_for,
    first_words,
    load_for_editing,
    load_list,
    milestone_versions,
    reflection_rows,
    reflection_title,
    sections_for,
    supervisor_question,
)
from relapp.store.vault import Record, VersionConflict


def rec(kind: str, rid: str, data: dict, *, updated: str = "2026-03-01T10:00:00", **kw) -> Record:
    fields = {"version": 1, "created_at": updated, "author": "me", "deleted": False, **kw}
    return Record(id=rid, kind=kind, updated_at=updated, data=data, **fields)


def reflection(rid: str, updated: str, **data) -> Record:
    body = {"template_id": "gibbs", "sections": {}, "status": "draft", **data}
    return rec("reflection", rid, body, updated=updated)


@pytest.fixture
def family_and_visit(session):
    records = session.records
    family = records.save("family", {"reference": "F1", "display_name": "The Okafor family"})
    visit = records.save(
        "visit", {"family_id": family.id, "when": "2026-03-04T10:30", "mode": "home"}
    )
    return family, visit


# ---- rows -------------------------------------------------------------------------------------


def test_rows_name_family_visit_and_template_newest_first(session):
    templates = session.definitions.templates
    family = rec("family", "f1", {"display_name": "The Okafor family"})
    visit = rec("visit", "v1", {"family_id": "f1", "when": "2026-03-04T10:30", "mode": "home"})
    old = reflection("r1", "2026-03-01T09:00:00", title="First visit", visit_id="v1")
    new = reflection(
        "r2",
        "2026-03-05T09:00:00",
        template_id="free-text",
        sections={"reflection": "Mum was tired and the baby cried most of the visit today"},
        status="returned",
    )
    rows = reflection_rows([old, family, visit, new], templates)
    assert [r.id for r in rows] == ["r2", "r1"]
    assert rows[0].title == "Mum was tired and the baby cried most…"
    assert rows[0].family == "" and rows[0].visit_when == ""
    assert rows[0].template == "Free text" and rows[0].status == "returned"
    assert rows[1].family == "The Okafor family"  # found through the visit
    assert rows[1].visit_when == "2026-03-04T10:30"
    assert rows[1].template == templates["gibbs"].title
    assert rows[1].matches("okafor first") and not rows[1].matches("okafor tired")


def test_rows_keep_unreadable_reflections_and_skip_deleted_ones():
    broken = rec("reflection", "bad", {}, error="could not be opened")
    gone = reflection("gone", "2026-03-02T09:00:00", title="x")
    gone.deleted = True
    rows = reflection_rows([broken, gone])
    assert [(r.id, r.error) for r in rows] == [("bad", "could not be opened")]


def test_title_falls_back_to_first_words_of_first_written_part():
    assert reflection_title({"title": "  ", "sections": {"a": " ", "b": "one two"}}) == "one two"
    assert reflection_title({"sections": {}}) == ""
    assert first_words("a b c", 2) == "a b…"


def test_sections_for_shows_parts_the_template_does_not_know(session):
    gibbs = session.definitions.templates["gibbs"]
    sections = sections_for({"sections": {"description": "x", "old-notes": "keep me"}}, gibbs)
    assert [s.id for s in sections][: len(gibbs.sections)] == [s.id for s in gibbs.sections]
    assert sections[-1].id == "old-notes" and sections[-1].title == "Old notes"
    assert [s.id for s in sections_for({"sections": {"only": "x"}}, None)] == ["only"]


# ---- feedback ---------------------------------------------------------------------------------


def test_feedback_for_one_reflection_newest_first():
    a = rec("feedback", "a", {"record_id": "r1", "text": "First"}, updated="2026-03-01T10:00")
    b = rec(
        "feedback",
        "b",
        {"record_id": "r1", "text": "Why?", "review_state": "returned"},
        updated="2026-03-03T10:00",
    )
    reply = rec(
        "feedback",
        "c",
        {"record_id": "r1", "text": "Because", "reply_to": "b"},
        updated="2026-03-04T10:00",
    )
    other = rec("feedback", "d", {"record_id": "r2", "text": "Elsewhere"})
    not_feedback = reflection("r1", "2026-03-05T00:00:00")
    found = feedback_for([a, b, reply, other, not_feedback], "r1")
    assert [f.id for f in found] == ["c", "b", "a"]
    assert supervisor_question(found).id == "b"  # the reply is not the question
    assert supervisor_question([a]).id == "a"
    assert supervisor_question([]) is None


# ---- diffs ------------------------------------------------------------------------------------


def test_diff_marks_added_words_inside_a_paragraph(session):
    gibbs = session.definitions.templates["gibbs"]
    old = {"title": "Visit", "sections": {"description": "We met at home.", "feelings": "Calm."}}
    new = {
        "title": "Visit",
        "sections": {"description": "We met at home. Dad joined us.", "feelings": "Calm."},
    }
    diffs = {d.section_id: d for d in diff_versions(old, new, gibbs)}
    assert "title" not in diffs  # unchanged title is not listed
    assert not diffs["feelings"].changed
    description = diffs["description"]
    assert description.changed
    assert [line.mark for line in description.lines] == ["+"]
    changed = [s.text for s in description.lines[0].segments if s.changed]
    assert changed == [" Dad joined us."]
    assert description.as_text() == "+ We met at home.[+ Dad joined us.+]"
    assert list(diffs)[: len(gibbs.sections)] == [s.id for s in gibbs.sections]


def test_diff_shows_removed_and_replaced_lines_title_and_themes():
    old = {"title": "A", "themes": ["Trust"], "sections": {"s": "one\ntwo\nthree"}}
    new = {"title": "B", "themes": ["Trust", "Time"], "sections": {"s": "one\n2\nthree\nfour"}}
    diffs = {d.section_id: d for d in diff_versions(old, new, None)}
    assert diffs["title"].as_text() == "- A\n+ B"
    assert diffs["themes"].as_text() == "+ Trust[+, Time+]"
    assert diffs["s"].as_text() == "  one\n- two\n+ 2\n  three\n+ four"


def test_diff_against_nothing_is_all_added_and_a_dropped_part_is_all_removed():
    first = diff_versions({}, {"sections": {"s": "hello"}}, None)
    assert [(d.section_id, d.as_text()) for d in first] == [("s", "+ hello")]
    gone = diff_versions({"sections": {"s": "bye"}}, {"sections": {}}, None)
    assert gone[0].as_text() == "- bye"
    assert diff_text("same", "same")[0].mark == " "


def test_milestones_keep_the_last_autosave_of_each_run_and_every_status_change():
    def version(n: int, status: str, reason: str | None = None) -> Record:
        data = {"status": status, "sections": {}}
        if reason:
            data["amendment_reason"] = reason
        return Record("r", "reflection", n, "t", f"t{n}", "me", False, data=data)

    history = [
        version(1, "draft"),
        version(2, "draft"),
        version(3, "draft"),
        version(4, "submitted"),
        version(5, "returned"),
        version(6, "draft", "more detail"),
        version(7, "draft", "more detail"),
        version(8, "submitted"),
    ]
    assert [r.version for r in milestone_versions(history)] == [3, 4, 5, 7, 8]


# ---- saving -----------------------------------------------------------------------------------


def test_draft_saver_creates_then_versions_and_skips_unchanged(session):
    saver = DraftSaver(session.records)
    empty = {"template_id": "free-text", "title": "", "sections": {"reflection": ""}, "themes": []}
    assert saver.save(empty) is None  # an untouched new draft is not stored
    first = saver.save({**empty, "sections": {"reflection": "Hello"}})
    assert first.version == 1 and saver.record_id == first.id
    assert saver.save({**empty, "sections": {"reflection": "Hello"}}) is None
    second = saver.save({**empty, "sections": {"reflection": "Hello there"}})
    # Autosaves seconds apart fold into one version until it is synced.
    assert (second.id, second.version) == (first.id, 1)
    assert len(session.vault.history(first.id)) == 1
    stored = session.records.get(first.id)
    assert stored.data["sections"]["reflection"] == "Hello there"
    assert stored.data["status"] == "draft"


def test_draft_saver_refuses_a_lost_update_and_can_keep_the_text(session):
    records = session.records
    saver = DraftSaver(records)
    data = {"template_id": "free-text", "sections": {"reflection": "mine"}}
    record = saver.save(data)
    elsewhere = {**data, "sections": {"reflection": "theirs"}}
    records.save_reflection_draft(elsewhere, record_id=record.id, expected_version=1)
    mine = {**data, "sections": {"reflection": "mine, longer"}}
    with pytest.raises(VersionConflict):
        saver.save(mine)
    kept = saver.save_keeping_text(mine)
    assert kept.version == 3
    history = session.vault.history(record.id)
    assert [h.data["sections"]["reflection"] for h in history] == [
        "mine",
        "theirs",
        "mine, longer",
    ]


def test_draft_saver_puts_text_into_a_new_draft_when_submitted_meanwhile(session):
    records = session.records
    saver = DraftSaver(records)
    record = saver.save({"template_id": "free-text", "sections": {"reflection": "done"}})
    records.submit_reflection(record.id)
    late = {"template_id": "free-text", "title": "", "sections": {"reflection": "done, more"}}
    with pytest.raises(ReflectionLocked):
        saver.save(late)
    copy = saver.save_keeping_text(late)
    assert copy.id != record.id and copy.data["status"] == "draft"
    assert copy.data["sections"]["reflection"] == "done, more"
    assert "unsaved changes" in copy.data["title"]
    assert records.get(record.id).data["sections"]["reflection"] == "done"


def test_draft_saver_serialises_saves_from_two_threads(session):
    saver = DraftSaver(session.records)
    saver.save({"template_id": "free-text", "sections": {"reflection": "start"}})
    errors: list[BaseException] = []

    def write(text: str) -> None:
        try:
            for i in range(5):
                saver.save({"template_id": "free-text", "sections": {"reflection": f"{text}{i}"}})
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []  # each save built on the one before: no version conflict
    assert saver.version == len(session.vault.history(saver.record_id))


def test_adopt_continues_after_submit_and_amend(session):
    records = session.records
    saver = DraftSaver(records)
    record = saver.save({"template_id": "free-text", "sections": {"reflection": "v1"}})
    saver.adopt(records.submit_reflection(record.id))
    saver.adopt(records.amend_reflection(record.id, "add the outcome"))
    current = records.get(record.id)
    again = saver.save({**current.data, "sections": {"reflection": "v1 and outcome"}})
    assert again.version == 4 and again.data["amendment_reason"] == "add the outcome"


# ---- loading ----------------------------------------------------------------------------------


def test_load_list_and_editing_input_from_a_real_vault(session, family_and_visit):
    family, visit = family_and_visit
    records = session.records
    draft = records.save_reflection_draft(
        {"template_id": "gibbs", "visit_id": visit.id, "sections": {"description": "We met."}}
    )
    records.save("feedback", {"record_id": draft.id, "text": "Nice."})
    loaded = load_list(records)
    assert [(r.id, r.family, r.title) for r in loaded.rows] == [
        (draft.id, "The Okafor family", "We met.")
    ]
    assert loaded.rows[0].visit_id == visit.id and loaded.rows[0].family_id == family.id
    assert loaded.rows[0].matches("okafor met")
    editing = load_for_editing(records, draft.id)
    assert editing.record.id == draft.id
    assert [f.data["text"] for f in editing.feedback] == ["Nice."]
    assert [v.id for v in editing.visits] == [visit.id]
    assert load_for_editing(records).record is None
