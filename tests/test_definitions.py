"""Instrument, template and barrier-category definitions: shipped files, scoring, alerts, errors."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from relapp.domain.definitions import (
    DefinitionError,
    Instrument,
    load_barrier_categories,
    load_definitions,
    load_instrument,
    load_instruments,
    load_template,
    load_templates,
)

RESOURCES = Path(__file__).resolve().parents[1] / "resources"

INSTRUMENT_IDS = {"practitioner-family", "parent-parent", "relational-capability"}
TEMPLATE_IDS = {"gibbs", "what-so-what-now-what", "relational-practice", "free-text"}

# Wording from licensed measures must never be bundled; these phrases would betray a copy.
LICENSED_PHRASES = (
    "session rating scale",
    "outcome rating scale",
    "outcomes star",
    "working alliance",
    "i felt heard, understood, and respected",
)


def valid_instrument() -> dict[str, Any]:
    return {
        "id": "test-check",
        "version": 1,
        "title": "Test check-in",
        "description": "A small instrument for tests.",
        "respondents": ["practitioner", "parent"],
        "scale": {"min": 1, "max": 5, "anchors": {"1": "Never", "5": "Always"}},
        "items": [
            {"id": "a", "text": "Item A"},
            {"id": "b", "text": "Item B", "plain_text": "Simple B"},
            {"id": "c", "text": "Item C", "reverse": True},
        ],
        "scoring": {"method": "mean"},
        "alert": {"threshold": 3, "reliable_change": 1},
        "licence": "original",
    }


def valid_template() -> dict[str, Any]:
    return {
        "id": "test-template",
        "version": 1,
        "title": "Test template",
        "description": "A small template for tests.",
        "sections": [
            {"id": "one", "title": "One", "prompt": "First?", "guidance": "Help."},
            {"id": "two", "title": "Two", "prompt": "Second?", "guidance": ""},
        ],
        "suggested_themes": ["Trust"],
    }


def write_json(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def instrument_from(tmp_path: Path, data: dict[str, Any], name: str = "test.json") -> Instrument:
    return load_instrument(write_json(tmp_path / name, data))


def assert_definition_error(
    excinfo: pytest.ExceptionInfo[DefinitionError], file_name: str, field: str, words: str
) -> None:
    message = str(excinfo.value)
    assert message.startswith(f"{file_name}: {field}: "), message
    assert words in message, message
    assert excinfo.value.field == field
    assert excinfo.value.path.name == file_name


# --- shipped files -----------------------------------------------------------------------------


def test_every_shipped_definition_loads() -> None:
    definitions = load_definitions(RESOURCES)

    assert set(definitions.instruments) == INSTRUMENT_IDS
    assert set(definitions.templates) == TEMPLATE_IDS
    assert len(definitions.barrier_categories) >= 10
    assert definitions.barrier_categories[-1].id == "other"
    assert len({c.id for c in definitions.barrier_categories}) == len(
        definitions.barrier_categories
    )


@pytest.mark.parametrize("path", sorted((RESOURCES / "instruments").glob("*.json")), ids=str)
def test_shipped_instrument_is_original_and_sized_for_a_check_in(path: Path) -> None:
    instrument = load_instrument(path)

    assert instrument.licence == "original"
    assert path.stem == instrument.id
    assert 5 <= len(instrument.items) <= 10
    assert instrument.scale.label(instrument.scale.min)
    assert instrument.scale.label(instrument.scale.max)
    wording = " ".join(
        [instrument.title, instrument.description]
        + [f"{item.text} {item.plain_text or ''}" for item in instrument.items]
    ).lower()
    for phrase in LICENSED_PHRASES:
        assert phrase not in wording
    # A mid-scale answer everywhere must score mid-scale, whatever the reverse items.
    middle = (instrument.scale.min + instrument.scale.max) // 2
    assert instrument.score({item.id: middle for item in instrument.items}) == middle


def test_parent_facing_instruments_have_plain_wording_for_every_item() -> None:
    instruments = load_instruments(RESOURCES / "instruments")

    for instrument_id in ("practitioner-family", "parent-parent"):
        instrument = instruments[instrument_id]
        assert "parent" in instrument.respondents
        for item in instrument.items:
            assert item.plain_text, item.id
            assert item.wording("parent") == item.plain_text
            assert item.wording("practitioner") == item.text
        assert instrument.alert is not None
        assert instrument.alert.threshold is not None


def test_relational_capability_groups_items_by_capability_and_opportunity() -> None:
    instrument = load_instrument(RESOURCES / "instruments" / "relational-capability.json")

    assert instrument.respondents == ("practitioner",)
    assert {d.id for d in instrument.domains} == {
        "skills",
        "beliefs",
        "behaviours",
        "circumstances",
        "settings",
    }
    assert all(item.domain for item in instrument.items)
    scores = {
        item.id: (5 if item.domain in {"skills", "beliefs", "behaviours"} else 2)
        for item in instrument.items
    }
    by_domain = instrument.domain_scores(scores)
    assert by_domain["skills"] == 5.0
    assert by_domain["settings"] == 2.0


def test_shipped_templates_have_the_expected_sections() -> None:
    templates = load_templates(RESOURCES / "templates")

    def section_ids(template_id: str) -> list[str]:
        return [s.id for s in templates[template_id].sections]

    assert section_ids("gibbs") == [
        "description",
        "feelings",
        "evaluation",
        "analysis",
        "conclusion",
        "action-plan",
    ]
    assert section_ids("what-so-what-now-what") == ["what", "so-what", "now-what"]
    assert len(section_ids("relational-practice")) >= 3
    assert "system-barriers" in section_ids("relational-practice")
    assert len(section_ids("free-text")) == 1
    for template in templates.values():
        assert all(s.prompt.strip() for s in template.sections)


def test_shipped_barrier_categories_load() -> None:
    categories = load_barrier_categories(RESOURCES / "barrier-categories.json")

    ids = [c.id for c in categories]
    assert "caseload-time" in ids
    assert "interpreter-language" in ids
    assert all(c.title and c.description for c in categories)


# --- scoring -----------------------------------------------------------------------------------


def test_mean_score_applies_reverse_items(tmp_path: Path) -> None:
    instrument = instrument_from(tmp_path, valid_instrument())

    # c is reversed on a 1–5 scale: 2 counts as 1 + 5 - 2 = 4.
    assert instrument.score({"a": 5, "b": 3, "c": 2}) == pytest.approx((5 + 3 + 4) / 3)
    assert instrument.score({"a": 1, "b": 1, "c": 5}) == 1.0


def test_sum_score_applies_reverse_items(tmp_path: Path) -> None:
    data = valid_instrument()
    data["scoring"] = {"method": "sum"}
    data["alert"] = {"threshold": 9}
    instrument = instrument_from(tmp_path, data)

    assert instrument.score({"a": 5, "b": 3, "c": 2}) == 12.0
    assert instrument.score_range == (3.0, 15.0)


def test_validate_scores_accepts_a_complete_set(tmp_path: Path) -> None:
    instrument = instrument_from(tmp_path, valid_instrument())

    instrument.validate_scores({"a": 1, "b": 5, "c": 3})


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({"a": 3, "b": 3}, "item 'c' has no score"),
        ({"a": 3, "b": 3, "c": 6}, "item 'c': score 6 is outside the scale 1–5"),
        ({"a": 0, "b": 3, "c": 3}, "item 'a': score 0 is outside the scale 1–5"),
        ({"a": 3, "b": 3, "c": 3, "z": 3}, "unknown item 'z'"),
        ({"a": 3.5, "b": 3, "c": 3}, "item 'a': score must be a whole number, not 3.5"),
        ({"a": "3", "b": 3, "c": 3}, "item 'a': score must be a whole number, not '3'"),
        ({"a": True, "b": 3, "c": 3}, "item 'a': score must be a whole number, not True"),
    ],
)
def test_validate_scores_names_the_item_at_fault(
    tmp_path: Path, scores: dict[str, Any], expected: str
) -> None:
    instrument = instrument_from(tmp_path, valid_instrument())

    with pytest.raises(ValueError, match="test-check") as excinfo:
        instrument.validate_scores(scores)
    assert expected in str(excinfo.value)
    with pytest.raises(ValueError):
        instrument.score(scores)


# --- alerts ------------------------------------------------------------------------------------


def test_alert_when_score_is_strictly_below_threshold(tmp_path: Path) -> None:
    instrument = instrument_from(tmp_path, valid_instrument())

    message = instrument.alert_for(2.5, None)
    assert message == "Test check-in: the score of 2.5 is below the alert level of 3."
    assert instrument.alert_for(3.0, None) is None
    assert instrument.alert_for(4.0, None) is None


def test_alert_on_reliable_drop_between_check_ins(tmp_path: Path) -> None:
    instrument = instrument_from(tmp_path, valid_instrument())

    # 4.6 - 3.6 is 0.9999999999999996 in floating point; it still counts as a drop of 1.
    message = instrument.alert_for(3.6, 4.6)
    assert message == (
        "Test check-in: the score fell by 1 since the previous check-in (from 4.6 to 3.6)."
    )
    assert instrument.alert_for(3.7, 4.6) is None
    assert instrument.alert_for(4.8, 3.0) is None


def test_alert_names_both_reasons(tmp_path: Path) -> None:
    instrument = instrument_from(tmp_path, valid_instrument())

    message = instrument.alert_for(2.0, 4.5)
    assert message is not None
    assert "below the alert level of 3" in message
    assert "fell by 2.5" in message


def test_no_alert_block_means_no_alerts(tmp_path: Path) -> None:
    data = valid_instrument()
    del data["alert"]
    instrument = instrument_from(tmp_path, data)

    assert instrument.alert is None
    assert instrument.alert_for(1.0, 5.0) is None


# --- malformed files ---------------------------------------------------------------------------


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "id": "x",\n  "version": 1\n  "title": "no comma"\n}\n')

    with pytest.raises(DefinitionError) as excinfo:
        load_instrument(path)
    message = str(excinfo.value)
    assert message.startswith("broken.json: invalid JSON at line 4, column 3"), message


def test_duplicate_json_key_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "twice.json"
    path.write_text('{"id": "a", "id": "b"}')

    with pytest.raises(DefinitionError, match=r"twice\.json: .*'id' appears twice"):
        load_instrument(path)


@pytest.mark.parametrize("field", ["id", "version", "scale", "items", "scoring", "licence"])
def test_missing_top_level_field(tmp_path: Path, field: str) -> None:
    data = valid_instrument()
    del data[field]

    with pytest.raises(DefinitionError) as excinfo:
        instrument_from(tmp_path, data, "missing.json")
    assert_definition_error(excinfo, "missing.json", field, "is missing")


def test_missing_item_text_names_the_item_index(tmp_path: Path) -> None:
    data = valid_instrument()
    del data["items"][2]["text"]

    with pytest.raises(DefinitionError) as excinfo:
        instrument_from(tmp_path, data, "practitioner-family.json")
    assert_definition_error(excinfo, "practitioner-family.json", "items[2].text", "is missing")


def test_empty_item_text_is_rejected(tmp_path: Path) -> None:
    data = valid_instrument()
    data["items"][1]["text"] = "  "

    with pytest.raises(DefinitionError) as excinfo:
        instrument_from(tmp_path, data)
    assert_definition_error(excinfo, "test.json", "items[1].text", "must be a non-empty string")


def test_duplicate_item_id(tmp_path: Path) -> None:
    data = valid_instrument()
    data["items"][2]["id"] = "a"

    with pytest.raises(DefinitionError) as excinfo:
        instrument_from(tmp_path, data)
    assert_definition_error(excinfo, "test.json", "items[2].id", "duplicate item id 'a'")
    assert "items[0].id" in str(excinfo.value)


@pytest.mark.parametrize("threshold", [0.5, 1, 5.5, 20])
def test_threshold_outside_scale(tmp_path: Path, threshold: float) -> None:
    data = valid_instrument()
    data["alert"]["threshold"] = threshold

    with pytest.raises(DefinitionError) as excinfo:
        instrument_from(tmp_path, data)
    assert_definition_error(excinfo, "test.json", "alert.threshold", "outside the scale")


def test_sum_threshold_is_checked_against_the_sum_range(tmp_path: Path) -> None:
    data = valid_instrument()
    data["scoring"] = {"method": "sum"}
    data["alert"] = {"threshold": 14, "reliable_change": 12}
    assert instrument_from(tmp_path, data).alert is not None

    data["alert"] = {"threshold": 16}
    with pytest.raises(DefinitionError) as excinfo:
        instrument_from(tmp_path, data)
    assert_definition_error(excinfo, "test.json", "alert.threshold", "from 3 to 15")


def test_reliable_change_must_fit_the_scale(tmp_path: Path) -> None:
    data = valid_instrument()
    data["alert"]["reliable_change"] = 0

    with pytest.raises(DefinitionError) as excinfo:
        instrument_from(tmp_path, data)
    assert_definition_error(excinfo, "test.json", "alert.reliable_change", "must be above 0")


def test_misspelt_alert_field_is_rejected(tmp_path: Path) -> None:
    data = valid_instrument()
    data["alert"] = {"treshold": 3}

    with pytest.raises(DefinitionError) as excinfo:
        instrument_from(tmp_path, data)
    assert_definition_error(excinfo, "test.json", "alert.treshold", "unknown field")


def test_scale_min_must_be_below_max(tmp_path: Path) -> None:
    data = valid_instrument()
    data["scale"] = {"min": 5, "max": 5, "anchors": {"5": "Only"}}

    with pytest.raises(DefinitionError) as excinfo:
        instrument_from(tmp_path, data)
    assert_definition_error(excinfo, "test.json", "scale.min", "must be less than scale.max")


def test_anchors_must_label_both_ends(tmp_path: Path) -> None:
    data = valid_instrument()
    data["scale"]["anchors"] = {"1": "Never"}

    with pytest.raises(DefinitionError) as excinfo:
        instrument_from(tmp_path, data)
    assert_definition_error(excinfo, "test.json", "scale.anchors", "maximum (5)")


def test_anchor_outside_scale(tmp_path: Path) -> None:
    data = valid_instrument()
    data["scale"]["anchors"]["7"] = "Beyond"

    with pytest.raises(DefinitionError) as excinfo:
        instrument_from(tmp_path, data)
    assert_definition_error(excinfo, "test.json", "scale.anchors.7", "outside the scale 1–5")


@pytest.mark.parametrize(
    ("mutate", "field", "words"),
    [
        (lambda d: d.update(version="1"), "version", "must be a whole number"),
        (lambda d: d.update(version=0), "version", "must be 1 or more"),
        (lambda d: d.update(id="Test Check"), "id", "is not a valid id"),
        (lambda d: d.update(respondents=["child"]), "respondents[0]", "must be one of"),
        (lambda d: d.update(respondents=[]), "respondents", "must not be empty"),
        (lambda d: d.update(items={}), "items", "must be a list"),
        (lambda d: d["scale"].update(max=5.0), "scale.max", "must be a whole number"),
        (lambda d: d["items"][0].update(reverse="yes"), "items[0].reverse", "true or false"),
        (lambda d: d["scoring"].update(method="median"), "scoring.method", "'median'"),
        (lambda d: d["alert"].update(threshold="3"), "alert.threshold", "must be a number"),
    ],
)
def test_wrong_types_and_values_name_the_field(
    tmp_path: Path, mutate: Any, field: str, words: str
) -> None:
    data = copy.deepcopy(valid_instrument())
    mutate(data)

    with pytest.raises(DefinitionError) as excinfo:
        instrument_from(tmp_path, data)
    assert_definition_error(excinfo, "test.json", field, words)


def test_domains_must_be_declared_when_listed(tmp_path: Path) -> None:
    data = valid_instrument()
    data["domains"] = [{"id": "skills", "title": "Skills"}]
    for item in data["items"]:
        item["domain"] = "skills"
    data["items"][1]["domain"] = "skils"

    with pytest.raises(DefinitionError) as excinfo:
        instrument_from(tmp_path, data)
    assert_definition_error(excinfo, "test.json", "items[1].domain", "'skils'")


def test_template_errors_name_file_and_field(tmp_path: Path) -> None:
    data = valid_template()
    data["sections"][1]["id"] = "one"
    path = write_json(tmp_path / "reflect.json", data)

    with pytest.raises(DefinitionError) as excinfo:
        load_template(path)
    assert_definition_error(excinfo, "reflect.json", "sections[1].id", "duplicate section id")

    data = valid_template()
    del data["sections"][0]["prompt"]
    write_json(path, data)
    with pytest.raises(DefinitionError) as excinfo:
        load_template(path)
    assert_definition_error(excinfo, "reflect.json", "sections[0].prompt", "is missing")


def test_barrier_category_errors_name_file_and_field(tmp_path: Path) -> None:
    path = write_json(
        tmp_path / "barrier-categories.json",
        [{"id": "time", "title": "Time", "description": "Too little."}, {"id": "x", "title": ""}],
    )

    with pytest.raises(DefinitionError) as excinfo:
        load_barrier_categories(path)
    assert_definition_error(excinfo, "barrier-categories.json", "[1].description", "is missing")


def test_duplicate_instrument_id_within_a_folder(tmp_path: Path) -> None:
    write_json(tmp_path / "a.json", valid_instrument())
    write_json(tmp_path / "b.json", valid_instrument())

    with pytest.raises(DefinitionError) as excinfo:
        load_instruments(tmp_path)
    assert_definition_error(excinfo, "b.json", "id", "'test-check' is already defined in")
    assert str(tmp_path / "a.json") in str(excinfo.value)


def test_folder_loading_skips_non_json_and_dot_files(tmp_path: Path) -> None:
    write_json(tmp_path / "real.json", valid_instrument())
    (tmp_path / "._real.json").write_bytes(b"\x00\x05\x16\x07 mac metadata")
    (tmp_path / "notes.txt").write_text("not a definition")

    assert set(load_instruments(tmp_path)) == {"test-check"}


def test_organisation_folder_adds_definitions(tmp_path: Path) -> None:
    org = tmp_path / "org"
    licensed = valid_instrument()
    licensed["id"] = "licensed-measure"
    licensed["licence"] = "Licensed to Example Council until 2030"
    write_json(org / "instruments" / "licensed.json", licensed)
    write_json(org / "templates" / "team.json", valid_template())
    write_json(
        org / "barrier-categories.json",
        [{"id": "housing", "title": "Housing", "description": "Temporary accommodation."}],
    )

    definitions = load_definitions(RESOURCES, [org])

    assert set(definitions.instruments) == INSTRUMENT_IDS | {"licensed-measure"}
    assert definitions.instruments["licensed-measure"].licence.startswith("Licensed")
    assert "test-template" in definitions.templates
    assert definitions.barrier_categories[-1].id == "housing"


def test_duplicate_instrument_id_across_folders(tmp_path: Path) -> None:
    org = tmp_path / "org"
    clash = valid_instrument()
    clash["id"] = "practitioner-family"
    write_json(org / "instruments" / "our-version.json", clash)

    with pytest.raises(DefinitionError) as excinfo:
        load_definitions(RESOURCES, [org])
    assert_definition_error(
        excinfo, "our-version.json", "id", "instrument id 'practitioner-family' is already defined"
    )
    assert "practitioner-family.json" in str(excinfo.value)


def test_duplicate_template_and_category_ids_across_folders(tmp_path: Path) -> None:
    org = tmp_path / "org"
    clash = valid_template()
    clash["id"] = "gibbs"
    write_json(org / "templates" / "gibbs-copy.json", clash)
    with pytest.raises(DefinitionError) as excinfo:
        load_definitions(RESOURCES, [org])
    assert_definition_error(excinfo, "gibbs-copy.json", "id", "template id 'gibbs'")

    other = tmp_path / "other-org"
    write_json(
        other / "barrier-categories.json",
        [{"id": "digital-access", "title": "Digital", "description": "Again."}],
    )
    with pytest.raises(DefinitionError) as excinfo:
        load_definitions(RESOURCES, [other])
    assert_definition_error(excinfo, "barrier-categories.json", "[0].id", "already defined")


def test_missing_organisation_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match="organisation folder not found"):
        load_definitions(RESOURCES, [tmp_path / "nowhere"])


def test_definition_error_survives_pickling(tmp_path: Path) -> None:
    error = DefinitionError(tmp_path / "x.json", "items[0].id", "is missing")

    copy_of = pickle.loads(pickle.dumps(error))
    assert str(copy_of) == "x.json: items[0].id: is missing"
    assert isinstance(copy_of, ValueError)
