"""queries.feedback_received answers in one statement what Today asked in four (every
readable feedback; which of the reflections it names are readable and not in the trash;
whose those are; who wrote each reply's newest version). The four, as they were, are kept
here as the reference, and both are asked of a profile with every odd case: reflections of
other members, without a first author, in the trash, that do not open, with a name; feedback
on visits, naming nothing or a number, in the trash; replies by me and by others, edited."""

from __future__ import annotations

import random

from relapp.store import queries
from relapp.store.queries import _OWNER, FeedbackEntry, _ids, unreadable

OTHER = "member-supervisor"


def _raw(session, sql: str, *args) -> None:
    session.vault.connection_for_backup().execute(sql, args)


def _feedback(vault) -> list[FeedbackEntry]:
    rows = vault.query(
        "SELECT f.id, json_extract(f.data, '$.record_id'), f.updated_at,"
        " nullif(json_extract(f.data, '$.reply_to'), '') IS NOT NULL,"
        " json_extract(f.data, '$.review_state'), f.version"
        " FROM records f WHERE f.kind = 'feedback' AND f.deleted = 0"
    )
    found = [FeedbackEntry(fid, target, updated, bool(reply), state, version)
             for fid, target, updated, reply, state, version in rows
             if isinstance(target, str)]  # fmt: skip
    found.sort(key=lambda f: (f.updated_at, f.id), reverse=True)
    return found


def _readable_reflections(vault, ids) -> set[str]:
    broken = {rid for rid, _p in unreadable(vault, "reflection")}
    rows = vault.query(
        "SELECT r.id FROM records r WHERE r.id IN (SELECT value FROM json_each(?))"
        " AND r.kind = 'reflection' AND r.deleted = 0",
        (_ids(ids),),
    )
    return {rid for (rid,) in rows if rid not in broken}


def _owners(vault, ids) -> dict[str, str]:
    owner = _OWNER.format(rid="r.id", version="r.version")
    return dict(
        vault.query(
            f"SELECT r.id, {owner} FROM records r WHERE r.id IN (SELECT value FROM json_each(?))",
            (_ids(ids),),
        )
    )


def _head_authors(vault, ids) -> dict[str, str]:
    return dict(
        vault.query(
            "SELECT r.id, v.author FROM records r JOIN record_versions v"
            " ON v.record_id = r.id AND v.version = r.version"
            " WHERE r.id IN (SELECT value FROM json_each(?))",
            (_ids(ids),),
        )
    )


def reference(vault, me: str) -> list[FeedbackEntry]:
    notes = _feedback(vault)
    candidates = _readable_reflections(vault, {n.reflection_id for n in notes})
    owner = _owners(vault, candidates)
    on_mine = [n for n in notes if owner.get(n.reflection_id) == me]
    authors = _head_authors(vault, [n.id for n in on_mine if n.reply])
    return [n for n in on_mine if not (n.reply and authors.get(n.id) == me)]


def reflection(records, **extra):
    data = {
        "template_id": "what-so-what-now-what",
        "sections": {"what": "We talked about bedtimes."},
        "status": "reviewed",
        **extra,
    }
    return records.save("reflection", data).id


def test_one_statement_finds_what_the_four_did(session):
    records, vault = session.records, session.vault
    me = vault.member_id
    rng = random.Random(7)
    family = records.save("family", {"reference": "BEG", "display_name": "Begum"}).id
    visit = records.save(
        "visit", {"family_id": family, "when": "2026-03-03T10:00", "mode": "home", "purpose": "x"}
    ).id
    mine = [reflection(records, family_id=family) for _ in range(6)]
    theirs = [reflection(records, family_id=family) for _ in range(3)]
    for rid in theirs:  # written first on a supervisor's laptop
        _raw(session, "UPDATE record_versions SET author = ? WHERE record_id = ?", OTHER, rid)
    authorless = reflection(records, family_id=family)
    _raw(session, "UPDATE record_versions SET author = '' WHERE record_id = ?", authorless)
    trashed = reflection(records, family_id=family)
    broken = reflection(records, family_id=family)
    named = reflection(records, family_id=family)  # a newer Relapp's, with a name
    _raw(
        session,
        "UPDATE records SET data = json_set(data, '$.display_name', 'Sleep') WHERE id = ?",
        named,
    )
    targets = [*mine, *theirs, authorless, trashed, broken, named, visit]
    notes = []
    for i in range(60):
        target = rng.choice(targets)
        data = {"record_id": target, "text": f"Note {i}"}
        if notes and rng.random() < 0.4:
            data["reply_to"] = rng.choice(notes)
        if rng.random() < 0.2:
            data["review_state"] = rng.choice(["returned", "reviewed"])
        note = records.save("feedback", data).id
        notes.append(note)
        if rng.random() < 0.4:  # a supervisor's comment
            _raw(session, "UPDATE record_versions SET author = ? WHERE record_id = ?", OTHER, note)
        if rng.random() < 0.2:  # edited, by me or by them
            records.save("feedback", {**data, "text": f"Note {i}, edited"}, record_id=note)
            if rng.random() < 0.5:
                _raw(
                    session,
                    "UPDATE record_versions SET author = ? WHERE record_id = ? AND version = 2",
                    OTHER,
                    note,
                )
    number = records.save("feedback", {"record_id": mine[1], "text": "Names a number."}).id
    _raw(
        session,
        "UPDATE records SET data = json_set(data, '$.record_id', 12345) WHERE id = ?",
        number,
    )
    nothing = records.save("feedback", {"record_id": mine[1], "text": "Names nothing."}).id
    _raw(
        session, "UPDATE records SET data = json_remove(data, '$.record_id') WHERE id = ?", nothing
    )
    gone = records.save("feedback", {"record_id": mine[0], "text": "Thrown away."}).id
    vault.delete(gone)
    vault.delete(trashed)
    _raw(session, "UPDATE records SET data = NULL WHERE id = ?", broken)
    _raw(session, "UPDATE records SET data = '[1]' WHERE id = ?", notes[3])

    expected = reference(vault, me)
    found = queries.feedback_received(vault, me)
    assert found == expected
    # The case is not empty, and every kind of left-out was met.
    assert len(found) > 10
    named_ones = {n.reflection_id for n in found}
    assert authorless not in named_ones and theirs[0] not in named_ones
    assert named in {n.reflection_id for n in _feedback(vault)}
    assert {trashed, broken}.isdisjoint(named_ones)
    assert any(n.reply for n in found)
    assert queries.feedback_unreadable(vault) == 1


def test_a_reflection_without_a_first_author_is_its_heads_authors(session):
    records, vault = session.records, session.vault
    me = vault.member_id
    rid = reflection(records)
    note = records.save("feedback", {"record_id": rid, "text": "Thoughtful."}).id
    # Its first version came through sync without an author; the newest is mine.
    _raw(session, "UPDATE record_versions SET author = '' WHERE record_id = ?", rid)
    records.save("reflection", {**records.get(rid).data, "status": "to_discuss"}, record_id=rid)
    assert [n.id for n in queries.feedback_received(vault, me)] == [note]
