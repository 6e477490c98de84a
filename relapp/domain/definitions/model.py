"""What a definition is once read: an instrument (its scale, items, domains and alert), a
reflection template, a barrier category; and the errors that name the file and field at fault."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

RESPONDENTS: tuple[str, ...] = ("practitioner", "parent", "other")


ScoringMethod = Literal["mean", "sum"]


SCORING_METHODS: tuple[str, ...] = ("mean", "sum")


BARRIER_CATEGORIES_FILE = "barrier-categories.json"


# Mean scores such as 4.6 - 3.6 are not exact in binary floating point; without a tolerance a
# drop of exactly the reliable-change value could go unreported.
_TOLERANCE = 1e-9


class DefinitionError(ValueError):
    """A definition file is unusable; the message names the file and the field at fault."""

    def __init__(self, path: Path, field: str, problem: str) -> None:
        self.path = path
        self.field = field
        self.problem = problem
        prefix = f"{path.name}: {field}: " if field else f"{path.name}: "
        super().__init__(prefix + problem)

    def __reduce__(self) -> tuple[type[DefinitionError], tuple[Path, str, str]]:
        return (type(self), (self.path, self.field, self.problem))


@dataclass(frozen=True)
class Scale:
    min: int
    max: int
    anchors: Mapping[int, str] = field(hash=False)

    def contains(self, value: int) -> bool:
        return self.min <= value <= self.max

    def label(self, value: int) -> str | None:
        return self.anchors.get(value)


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    plain_text: str | None = None
    domain: str | None = None
    reverse: bool = False

    def wording(self, respondent: str) -> str:
        """The wording to show: the plain version for anyone who is not the practitioner."""
        if respondent != "practitioner" and self.plain_text:
            return self.plain_text
        return self.text


@dataclass(frozen=True)
class Domain:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Alert:
    threshold: float | None = None
    reliable_change: float | None = None


@dataclass(frozen=True)
class Instrument:
    id: str
    version: int
    title: str
    description: str
    respondents: tuple[str, ...]
    scale: Scale
    items: tuple[Item, ...]
    scoring: ScoringMethod
    licence: str
    alert: Alert | None = None
    domains: tuple[Domain, ...] = ()
    source: Path | None = field(default=None, compare=False)

    @property
    def score_range(self) -> tuple[float, float]:
        return scale_range(self.scoring, self.scale, len(self.items))

    def validate_scores(self, item_scores: Mapping[str, int]) -> None:
        if not isinstance(item_scores, Mapping):
            raise ValueError(f"{self.id}: item scores must be a mapping of item id to score")
        problems: list[str] = []
        known = {item.id for item in self.items}
        problems += [f"unknown item {key!r}" for key in item_scores if key not in known]
        low, high = self.scale.min, self.scale.max
        for item in self.items:
            if item.id not in item_scores:
                problems.append(f"item {item.id!r} has no score")
                continue
            value = item_scores[item.id]
            # bool is an int subclass, and True would otherwise pass as a score of 1.
            if isinstance(value, bool) or not isinstance(value, int):
                problems.append(f"item {item.id!r}: score must be a whole number, not {value!r}")
            elif not low <= value <= high:
                problems.append(
                    f"item {item.id!r}: score {value} is outside the scale {low}–{high}"
                )
        if problems:
            raise ValueError(f"{self.id}: " + "; ".join(problems))

    def score(self, item_scores: Mapping[str, int]) -> float:
        self.validate_scores(item_scores)
        return self._combine(self._oriented(item, item_scores[item.id]) for item in self.items)

    def domain_scores(self, item_scores: Mapping[str, int]) -> dict[str, float]:
        """Scores per domain (same method as the total), for instruments whose items have one."""
        self.validate_scores(item_scores)
        grouped: dict[str, list[int]] = {}
        for item in self.items:
            if item.domain is not None:
                oriented = self._oriented(item, item_scores[item.id])
                grouped.setdefault(item.domain, []).append(oriented)
        return {domain: self._combine(values) for domain, values in grouped.items()}

    def alert_bounds(self) -> tuple[float | None, float | None]:
        """(a score below this alerts, a fall of at least this alerts), None where there is
        no such rule: what alert_for tests, a little looser, so that the store can hand over
        the few check-ins that may alert and alert_for decide."""
        if self.alert is None:
            return None, None
        change = self.alert.reliable_change
        return self.alert.threshold, None if change is None else change - 2 * _TOLERANCE

    def alert_for(self, score: float, previous: float | None) -> str | None:
        if self.alert is None:
            return None
        below = None
        threshold = self.alert.threshold
        if threshold is not None and score < threshold:
            below = (
                f"the score of {number_text(score)} is below the alert level of "
                f"{number_text(threshold)}"
            )
        fell = None
        change = self.alert.reliable_change
        if change is not None and previous is not None:
            drop = previous - score
            if drop >= change - _TOLERANCE:
                fell = (
                    f"fell by {number_text(drop)} since the previous check-in"
                    f" (from {number_text(previous)} to {number_text(score)})"
                )
        if below and fell:
            return f"{self.title}: {below} and {fell}."
        if below:
            return f"{self.title}: {below}."
        if fell:
            return f"{self.title}: the score {fell}."
        return None

    def _oriented(self, item: Item, value: int) -> int:
        return self.scale.min + self.scale.max - value if item.reverse else value

    def _combine(self, values: Iterable[int]) -> float:
        collected = list(values)
        total = float(sum(collected))
        return total if self.scoring == "sum" else total / len(collected)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    prompt: str
    guidance: str


@dataclass(frozen=True)
class Template:
    id: str
    version: int
    title: str
    description: str
    sections: tuple[Section, ...]
    suggested_themes: tuple[str, ...] = ()
    source: Path | None = field(default=None, compare=False)


@dataclass(frozen=True)
class BarrierCategory:
    id: str
    title: str
    description: str


@dataclass(frozen=True)
class Definitions:
    instruments: dict[str, Instrument]
    templates: dict[str, Template]
    barrier_categories: list[BarrierCategory]


def scale_range(scoring: ScoringMethod, scale: Scale, item_count: int) -> tuple[float, float]:
    if scoring == "sum":
        return (float(scale.min * item_count), float(scale.max * item_count))
    return (float(scale.min), float(scale.max))


def number_text(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
