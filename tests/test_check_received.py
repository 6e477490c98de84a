"""check_received takes a shortcut for the values it sees most; it must accept and refuse
exactly what validate() of the known fields does, with the same words."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from relapp.domain import records as domain


class Text(str):
    """A str that is not exactly a str (the shortcut leaves it to the full check)."""


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.integers(2**62, 2**70),
    st.floats(allow_nan=False),
    st.sampled_from(
        [
            "",
            "   ",
            "x",
            "EH-1",
            "a b",
            "id.ok:1-2_3",
            "2026-03-31",
            "2026-03-31T14:30",
            "home",
            "draft",
            "parent",
            "active",
            "x" * 65,
            "y" * 201,
            "bad/id",
            Text("home"),
            Text(" "),
        ]
    ),  # fmt: skip
    st.text(max_size=5),
    st.lists(st.sampled_from(["a", 1, None]), max_size=3),
    st.dictionaries(
        st.sampled_from(["name", "text", "birth_year", "status"]),
        st.sampled_from(["Ann", " ", 1990, 1700, "open", "odd", None]),
        max_size=3,
    ),  # fmt: skip
    st.lists(
        st.dictionaries(
            st.sampled_from(["name", "text", "birth_year", "status"]),
            st.sampled_from(["Ann", " ", 1990, 1700, "open", "odd", None]),
            max_size=3,
        ),
        max_size=2,
    ),  # fmt: skip
)


def outcome(check: Any, kind: str, data: dict[str, Any]) -> str:
    try:
        check(kind, data)
    except domain.ValidationError as exc:
        return f"refused: {exc}"
    return "accepted"


def as_before(kind: str, data: dict[str, Any]) -> None:
    schema = domain.SCHEMAS[kind]
    domain.validate(kind, {name: value for name, value in data.items() if name in schema})


# A valid record of each kind, which the examples change a few fields of.
VALID: dict[str, dict[str, Any]] = {
    "family": {"reference": "EH-1", "display_name": "The Lark family", "status": "active",
               "members": [{"name": "Ann Lark", "birth_year": 1990}], "assigned_to": "m-1",
               "notes": "", "legal_hold": False},
    "visit": {"family_id": "f-1", "when": "2026-03-31T14:30", "mode": "home",
              "duration_minutes": 45, "present": ["Ann"], "purpose": "Routines."},
    "reflection": {"template_id": "gibbs", "sections": {"feelings": "Tired."},
                   "status": "submitted", "visit_id": "v-1", "family_id": "f-1",
                   "themes": ["Routines"], "submitted_at": "2026-04-01T10:00", "title": "A visit"},
    "checkin": {"family_id": "f-1", "instrument_id": "star", "respondent": "parent",
                "when": "2026-03-31T14:30", "scores": {"q1": 3}, "score": 2.5,
                "instrument_version": 1},
    "barrier": {"category": "housing", "description": "Damp.", "impact": "high",
                "visit_ids": ["v-1"], "status": "open", "noticed_on": "2026-03-31"},
    "change_test": {"title": "Timetable", "barrier_ids": ["b-1"], "status": "planned",
                    "start_date": "2026-04-01"},
    "feedback": {"record_id": "r-1", "text": "Well seen.", "review_state": "reviewed"},
    "unsent_text": {"context": "feedback:r-1", "text": "Half a"},
    "agreement": {"family_id": "f-1", "status": "agreed", "when": "2026-03-03",
                  "agreed_by": ["Grace"], "checkins": True, "sharing_with": ["GP"]},
    "supervision_session": {"practitioner_id": "m-1", "when": "2026-03-31T14:30",
                            "agenda": ["Caseload"], "actions": [{"text": "Call"}]},
}  # fmt: skip


def test_every_kind_has_a_valid_example() -> None:
    assert sorted(VALID) == sorted(domain.SCHEMAS)
    for kind, data in VALID.items():
        domain.check_received(kind, data)


TRICKY = [None, True, False, 0, -1, 3, 2**70, 2.5, float("inf"), "", "   ", "x", "EH-1",
          "a b", "id.ok:1-2_3", "bad/id", "2026-03-31", "2026-03-31T14:30", "31/03/2026",
          "home", "draft", "parent", "active", "open", "x" * 64, "x" * 65, "y" * 200, "y" * 201,
          Text("home"), Text(" "), Text("x" * 65), [], ["a"], ["a", 1], [{"name": "Ann"}],
          [{"name": " "}], [{"text": "Call", "status": "odd"}], {}, {"q1": 3}]  # fmt: skip


def test_every_field_of_every_kind_with_every_tricky_value() -> None:
    for kind, valid in VALID.items():
        for name in [*domain.SCHEMAS[kind], "added_by_a_newer_relapp"]:
            for value in TRICKY:
                fields = {**valid, name: value}
                got = outcome(domain.check_received, kind, fields)
                assert got == outcome(as_before, kind, fields), (kind, name, value)


@settings(max_examples=1000, deadline=None, database=None, derandomize=True)
@given(data=st.data())
def test_check_received_says_what_validate_says(data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(sorted(domain.SCHEMAS)), label="kind")
    names = sorted(domain.SCHEMAS[kind]) + ["added_by_a_newer_relapp"]
    fields = dict(VALID[kind])
    for name in data.draw(st.lists(st.sampled_from(names), max_size=2), label="dropped"):
        fields.pop(name, None)
    fields.update(data.draw(st.dictionaries(st.sampled_from(names), VALUES, max_size=3)))
    assert outcome(domain.check_received, kind, fields) == outcome(as_before, kind, fields)
