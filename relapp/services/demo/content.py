"""The demo's invented words and people, read from resources/demo/*.json and checked as they
are read: every field typed, no field unknown, every pool a section names present."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TypeVar

import msgspec

from relapp.assets import resource_path

_T = TypeVar("_T")


class DemoContentError(ValueError):
    """A demo data file is missing, is not JSON or does not fit its schema."""


class _Data(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    about: str = msgspec.field(default="", name="_about")  # what the file is, for its reader


class Adult(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: str
    role: str


class FamilySeed(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    surname: str
    adults: tuple[Adult, ...]
    children: tuple[str, ...]
    tags: str
    language: str


class FamiliesData(_Data, frozen=True, forbid_unknown_fields=True):
    families: tuple[FamilySeed, ...]
    trends: tuple[str, ...]
    notes: tuple[str, ...]
    notes_language: str
    notes_closed: str
    agreement_explained: str
    agreement_changed: str
    agreement_withdrawn: str


class Purpose(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    topic: str
    purpose: str


class VisitsData(_Data, frozen=True, forbid_unknown_fields=True):
    purposes: tuple[Purpose, ...]
    first_purpose: Purpose
    closing_purpose: Purpose
    mode_places: dict[str, str]
    mode_titles: dict[str, str]


class Section(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    pools: tuple[str, ...]
    count: tuple[int, int]


class Standalone(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    template_id: str
    title: str
    section: str
    text: str


class ReflectionsData(_Data, frozen=True, forbid_unknown_fields=True):
    sentences: dict[str, tuple[str, ...]]
    sections: dict[str, Section]
    standalone: Standalone
    amend_reason: str
    amend_addition: str

    def pools(self, section_id: str) -> tuple[tuple[tuple[str, ...], ...], tuple[int, int]]:
        """The sentence pools a template section is built from (the free-text reflection's
        for a section the demo has no pools of), and how many sentences it gets."""
        section = self.sections.get(section_id) or self.sections["reflection"]
        return tuple(self.sentences[name] for name in section.pools), section.count


class ResponsesData(_Data, frozen=True, forbid_unknown_fields=True):
    checkin_comments: dict[str, tuple[str, ...]]
    parent_checkin_comment: str
    separated_checkin_comment: str
    feedback: dict[str, tuple[str, ...]]
    feedback_reply: str


class SelfCheck(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    days_ago: int
    opportunity: dict[str, float]
    comment: str


class BarrierSeed(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    category: str
    description: str
    impact: str
    status: str
    visits: int
    days_ago: int
    service: str = ""


class ChangeTestSeed(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    title: str
    barriers: tuple[str, ...]
    text: dict[str, str]  # plan, do, study, act, measure, outcome: in the order shown
    start_days_ago: int
    status: str
    end_days_ago: int | None = None


class Action(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    text: str
    status: str


class SessionSeed(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    days_ago: int
    agenda: tuple[str, ...]
    notes: str
    actions: tuple[Action, ...]


class TeamWorkData(_Data, frozen=True, forbid_unknown_fields=True):
    self_checks: tuple[SelfCheck, ...]
    barriers: tuple[BarrierSeed, ...]
    change_tests: tuple[ChangeTestSeed, ...]
    supervision_sessions: tuple[SessionSeed, ...]
    no_dipping_family: str


class DemoContent(msgspec.Struct, frozen=True):
    families: FamiliesData
    visits: VisitsData
    reflections: ReflectionsData
    responses: ResponsesData
    team_work: TeamWorkData


def _read(folder: Path, name: str, schema: type[_T]) -> _T:
    path = folder / name
    try:
        return msgspec.json.decode(path.read_bytes(), type=schema)
    except OSError as exc:
        raise DemoContentError(f"{path}: cannot be read ({exc.strerror})") from None
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise DemoContentError(f"{path}: {exc}") from None


def load_demo_content(folder: Path | None = None) -> DemoContent:
    """The demo's data files in folder (the shipped resources/demo by default), checked."""
    folder = Path(folder) if folder is not None else resource_path("demo")
    content = DemoContent(
        families=_read(folder, "families.json", FamiliesData),
        visits=_read(folder, "visits.json", VisitsData),
        reflections=_read(folder, "reflections.json", ReflectionsData),
        responses=_read(folder, "responses.json", ResponsesData),
        team_work=_read(folder, "team-work.json", TeamWorkData),
    )
    reflections = content.reflections
    if "reflection" not in reflections.sections:
        raise DemoContentError(f"{folder / 'reflections.json'}: no 'reflection' section")
    for section_id, section in reflections.sections.items():
        missing = [name for name in section.pools if name not in reflections.sentences]
        low, high = section.count
        if missing or not 0 < low <= high <= len(section.pools):
            raise DemoContentError(
                f"{folder / 'reflections.json'}: section {section_id!r} names unknown pools "
                f"{missing} or asks for {low} to {high} of {len(section.pools)} sentences"
            )
    for tone in ("warm", "strained"):
        if not content.responses.checkin_comments.get(tone):
            raise DemoContentError(f"{folder / 'responses.json'}: no {tone!r} check-in comments")
    return content


@functools.cache
def shipped() -> DemoContent:
    """The shipped demo content, read once."""
    return load_demo_content()
