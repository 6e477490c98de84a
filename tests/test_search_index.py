"""The in-memory search index and the search service (no Qt)."""

from __future__ import annotations

import threading
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relapp.services.search import SearchService
from relapp.store.search_index import (
    MATCH_END,
    MATCH_START,
    IndexClosed,
    SearchIndex,
    fts_query,
)

ROWS = [
    ("f1", "family", "notes", "Mariana prefers Portuguese; book an interpreter for every visit."),
    ("f1", "family", "display_name", "The Da Silva family"),
    ("r1", "reflection", "sections.feelings", "I felt hopeful about Zoë's sleep routine."),
    ("r1", "reflection", "title", "Home visit, café at the hub"),
    ("r2", "reflection", "sections.what", "We talked about nursery places and the waiting list."),
    ("b1", "barrier", "description", "No interpreter could be booked at short notice."),
]


@pytest.fixture
def index() -> SearchIndex:
    built = SearchIndex()
    built.build(ROWS)
    return built


def ids(hits: list) -> set[str]:
    return {hit.record_id for hit in hits}


def test_build_and_search_returns_hits_with_highlighted_snippets(index: SearchIndex) -> None:
    hits = index.search("interpreter")
    assert ids(hits) == {"f1", "b1"}
    hit = next(h for h in hits if h.record_id == "b1")
    assert (hit.kind, hit.field) == ("barrier", "description")
    assert f"{MATCH_START}interpreter{MATCH_END}" in hit.snippet
    assert len(index) == len(ROWS)


def test_build_reports_progress_and_replaces_what_was_there(index: SearchIndex) -> None:
    seen: list[tuple[int, int]] = []
    index.build(
        [("x1", "visit", "purpose", "Talk about bedtime")],
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(1, 1)]
    assert index.search("interpreter") == []
    assert ids(index.search("bedtime")) == {"x1"}


def test_last_word_matches_as_a_prefix_while_typing(index: SearchIndex) -> None:
    assert ids(index.search("interp")) == {"f1", "b1"}
    assert ids(index.search("sleep rout")) == {"r1"}
    # Earlier words are whole words: "interp" alone as a first word is not a prefix.
    assert index.search("interp booked") == []
    # A single letter is not used as a prefix: it would match nearly everything.
    assert fts_query("a") == '"a"'


def test_every_word_must_match(index: SearchIndex) -> None:
    assert ids(index.search("interpreter notice")) == {"b1"}
    assert index.search("interpreter nursery") == []


def test_accents_and_case_do_not_matter(index: SearchIndex) -> None:
    assert ids(index.search("zoe")) == {"r1"}
    assert ids(index.search("CAFE")) == {"r1"}
    assert ids(index.search("Zoë")) == {"r1"}


def test_one_hit_per_record_with_its_best_field(index: SearchIndex) -> None:
    index.update(
        "r3",
        [
            ("r3", "reflection", "title", "Sleep"),
            ("r3", "reflection", "notes", "sleep sleep sleep"),
        ],
    )
    hits = index.search("sleep")
    assert [h.record_id for h in hits].count("r3") == 1
    assert len(index.search("sleep", one_per_record=False)) == 3


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unbalanced',
        "AND",
        "OR NOT",
        "NEAR(interpreter",
        "interpreter*",
        "-visit",
        "col:interpreter",
        "title:visit",
        "^start",
        "(",
        ")",
        "a AND (b OR",
        "*",
        "{}[]",
        "\x00",
        "o'brien",
        "🙂",
        "½",
        " ",
        "",
    ],
)
def test_odd_queries_never_raise(index: SearchIndex, query: str) -> None:
    assert isinstance(index.search(query), list)


def test_operators_are_searched_as_words() -> None:
    index = SearchIndex()
    index.build([("n1", "family", "notes", "Dad said NOT today, and NEAR the end he left")])
    assert ids(index.search("not today")) == {"n1"}
    assert ids(index.search("near")) == {"n1"}
    assert ids(index.search("interpreter*")) == set()
    assert ids(index.search("tod*")) == {"n1"}


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_a_safe_query(query: str) -> None:
    index = SearchIndex()
    index.build(ROWS)
    assert isinstance(index.search(query), list)


def test_record_ids_finds_word_starts_in_one_kind(index: SearchIndex) -> None:
    assert index.record_ids("interp", "family") == {"f1"}
    assert index.record_ids("interp", "barrier") == {"b1"}
    assert index.record_ids("interp", "reflection") == set()
    assert index.record_ids("zoe's", "reflection") == {"r1"}  # folded, two tokens in a row
    assert index.record_ids("Café", "reflection") == {"r1"}
    assert index.record_ids("waiting", "reflection") == {"r2"}
    assert index.record_ids("aiting", "reflection") == set()  # starts of words only
    assert index.record_ids('" OR *', "reflection") == set()  # odd input finds nothing
    index.clear()
    assert index.record_ids("waiting", "reflection") == set()


def test_record_ids_come_back_as_given() -> None:
    made = str(uuid.uuid4())
    shouted = str(uuid.uuid4()).upper()  # not a canonical UUID string: kept as text
    index = SearchIndex()
    index.build(
        [
            (made, "reflection", "title", "A walk to the library"),
            (shouted, "reflection", "title", "Library day"),
            ("legacy-7", "family", "notes", "Library card renewed"),
        ]
    )
    assert {hit.record_id for hit in index.search("library", 10)} == {made, shouted, "legacy-7"}
    assert index.record_ids("libr", "reflection") == {made, shouted}
    hit = index.search("walk", 10)[0]
    assert (hit.record_id, hit.kind, hit.field) == (made, "reflection", "title")
    index.update(made, [])
    assert index.record_ids("libr", "reflection") == {shouted}
    index.remove(shouted)
    index.replace_kind("family", [])
    assert index.search("library", 10) == [] and len(index) == 0


def test_the_service_uses_the_index_it_is_given_even_when_empty(session) -> None:  # noqa: ANN001
    empty = SearchIndex()
    assert SearchService(session.records, empty).index is empty


def test_a_build_that_fails_leaves_the_index_usable(index: SearchIndex) -> None:
    rows = [("x1", "family", "notes", "fine words"), ("x2", "family", "notes", "bad \ud800 text")]
    with pytest.raises(UnicodeError):
        index.build(rows)
    index.update("r9", [("r9", "reflection", "title", "A later edit")])
    assert ids(index.search("later", 10)) == {"r9"}


def test_update_replaces_and_remove_drops(index: SearchIndex) -> None:
    index.update("b1", [("b1", "barrier", "description", "The bus to the hub was cancelled.")])
    assert ids(index.search("interpreter")) == {"f1"}
    assert ids(index.search("bus")) == {"b1"}
    index.update("b1", [])
    assert index.search("bus") == []
    index.remove("f1")
    assert index.search("interpreter") == []
    assert ids(index.search("nursery")) == {"r2"}


def test_replace_kind_only_touches_that_kind(index: SearchIndex) -> None:
    index.replace_kind("reflection", [("r9", "reflection", "title", "A new one about nursery")])
    assert ids(index.search("nursery")) == {"r9"}
    assert index.search("zoe") == []
    assert ids(index.search("interpreter")) == {"f1", "b1"}


def test_clear_drops_everything(index: SearchIndex) -> None:
    index.clear()
    assert index.closed
    assert index.search("interpreter") == []
    assert len(index) == 0
    with pytest.raises(IndexClosed):
        index.update("x", [("x", "visit", "purpose", "text")])
    with pytest.raises(IndexClosed):
        index.build(ROWS)
    index.clear()  # clearing twice is harmless


def test_limit_and_ranking(index: SearchIndex) -> None:
    many = [(f"v{n}", "visit", "purpose", "routine " * (1 + n % 5) + "visit") for n in range(40)]
    index.build(many)
    hits = index.search("routine", limit=10)
    assert len(hits) == 10
    ranks = [h.rank for h in hits]
    assert ranks == sorted(ranks)


def test_a_one_letter_last_token_is_not_a_prefix() -> None:
    """ "Aoife's" is the tokens "aoife" and "s": "s*" would match most of the index."""
    assert fts_query("Aoife's") == '"Aoife\'s"'
    assert fts_query("visit Aoife's") == '"visit" "Aoife\'s"'
    assert fts_query("o'brien") == '"o\'brien"*'
    assert fts_query("x-ra") == '"x-ra"*'
    index = SearchIndex()
    index.build(
        [
            ("a1", "visit", "purpose", "Aoife's nursery place"),
            ("a2", "visit", "purpose", "Aoife sings"),
        ]
    )
    assert ids(index.search("Aoife's")) == {"a1"}
    assert ids(index.search("aoife")) == {"a1", "a2"}


def test_common_words_come_newest_first_instead_of_ranked(monkeypatch) -> None:  # noqa: ANN001
    from relapp.store import search_index

    monkeypatch.setattr(search_index, "RANK_LIMIT", 5)
    index = SearchIndex()
    rows = [(f"v{n}", "visit", "purpose", "routine " * (1 + n % 3) + "visit") for n in range(12)]
    rows.append(("r1", "reflection", "title", "A quiet routine"))
    index.build(rows)
    # "routine" is in 13 rows, more than the limit: the last added (newest) come first.
    assert [h.record_id for h in index.search("routine", limit=4)] == ["r1", "v11", "v10", "v9"]
    assert [h.record_id for h in index.search("routin", limit=2)] == ["r1", "v11"]
    # With a rare word beside it, bm25 ranks the few matches as before.
    assert [h.record_id for h in index.search("quiet routine")] == ["r1"]
    assert ids(index.search("routine qui")) == {"r1"}


def test_searching_from_several_threads_while_clearing(index: SearchIndex) -> None:
    errors: list[BaseException] = []

    def search() -> None:
        try:
            for _ in range(200):
                index.search("interp")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=search) for _ in range(4)]
    for thread in threads:
        thread.start()
    index.clear()
    for thread in threads:
        thread.join()
    assert errors == []


# ---- the service over a real vault ------------------------------------------------------


def make_records(session) -> dict[str, str]:  # noqa: ANN001
    records = session.records
    family = records.save(
        "family",
        {
            "reference": "EH-1",
            "display_name": "The Nowak family",
            "members": [{"name": "Agnieszka Nowak", "role": "mother"}],
            "notes": "Prefers Polish for anything important.",
        },
    )
    visit = records.save(
        "visit",
        {
            "family_id": family.id,
            "when": "2026-03-04T10:30",
            "mode": "home",
            "purpose": "Talk about the nursery application",
        },
    )
    reflection = records.save_reflection_draft(
        {
            "family_id": family.id,
            "visit_id": visit.id,
            "template_id": "free-text",
            "title": "Kitchen table conversation",
            "sections": {
                "reflection": "Agnieszka laughed about the trampoline for the first time."
            },
            "themes": ["Feeling heard"],
        }
    )
    feedback = records.save(
        "feedback",
        {"record_id": reflection.id, "text": "Lovely noticing of the trampoline moment."},
    )
    barrier = records.save(
        "barrier",
        {"category": "interpreter-language", "description": "No Polish interpreter was free."},
    )
    change = records.save(
        "change_test",
        {
            "title": "Book interpreters early",
            "plan": "Book at referral",
            "barrier_ids": [barrier.id],
        },
    )
    checkin = records.save(
        "checkin",
        {
            "family_id": family.id,
            "instrument_id": "practitioner-family",
            "respondent": "practitioner",
            "when": "2026-03-04T11:00",
            "scores": _scores(session, "practitioner-family"),
            "comment": "Warmer than last month",
        },
    )
    return {
        "family": family.id,
        "visit": visit.id,
        "reflection": reflection.id,
        "feedback": feedback.id,
        "barrier": barrier.id,
        "change_test": change.id,
        "checkin": checkin.id,
    }


def _scores(session, instrument_id: str) -> dict[str, int]:  # noqa: ANN001
    instrument = session.definitions.instruments[instrument_id]
    return {item.id: instrument.scale.max for item in instrument.items}


def test_service_finds_every_kind_with_titles_and_targets(session) -> None:  # noqa: ANN001
    made = make_records(session)
    service = SearchService(session.records)
    seen: list[tuple[int, int]] = []
    assert service.build(progress=lambda d, t: seen.append((d, t))) > 0
    assert seen and seen[-1][0] == seen[-1][1]

    def first(query: str):  # noqa: ANN202
        results = service.search(query)
        assert results, query
        return results[0]

    assert first("Polish for").kind == "family"
    assert first("Agnieszka").record_id in {made["family"], made["reflection"]}
    visit = first("nursery application")
    assert (visit.kind, visit.title, visit.when) == (
        "visit",
        "The Nowak family",
        "2026-03-04T10:30",
    )
    reflection = next(r for r in service.search("trampoline") if r.kind == "reflection")
    assert reflection.title == "Kitchen table conversation · The Nowak family"
    assert reflection.field == "sections.reflection" and reflection.field_title == "Reflection"
    feedback = next(r for r in service.search("trampoline") if r.kind == "feedback")
    assert (feedback.target_kind, feedback.target_id) == ("reflection", made["reflection"])
    assert first("Warmer").kind == "checkin"
    barrier = first("interpreter free")
    assert barrier.kind == "barrier" and barrier.title == "Interpreters and language access"
    assert first("book interpreters early").kind == "change_test"
    assert first("feeling heard").field == "themes"


def test_service_refresh_follows_edits_and_deletes(session) -> None:  # noqa: ANN001
    made = make_records(session)
    service = SearchService(session.records)
    service.build()
    records = session.records
    barrier = records.get(made["barrier"])
    records.save(
        "barrier",
        {**barrier.data, "description": "The minibus to the hub was cancelled."},
        record_id=barrier.id,
        expected_version=barrier.version,
    )
    service.refresh_kind("barrier")
    assert [r.record_id for r in service.search("minibus")] == [made["barrier"]]
    assert not [r for r in service.search("free") if r.kind == "barrier"]
    records.delete(made["visit"])
    service.refresh_kind("visit")
    assert service.search("nursery application") == []
    saved = records.save("visit", {**records.get(made["visit"]).data}, record_id=None)
    service.update(saved)
    assert [r.record_id for r in service.search("nursery application")] == [saved.id]


def test_service_clear_forgets_everything(session) -> None:  # noqa: ANN001
    make_records(session)
    service = SearchService(session.records)
    service.build()
    service.clear()
    assert service.index.closed and not service.built
    assert service.search("trampoline") == []
