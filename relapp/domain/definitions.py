"""Instruments, reflection templates and barrier categories: JSON definitions, validated at load."""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, NoReturn, TypeVar, cast

RESPONDENTS: tuple[str, ...] = ("practitioner", "parent", "other")
ScoringMethod = Literal["mean", "sum"]
SCORING_METHODS: tuple[str, ...] = ("mean", "sum")
BARRIER_CATEGORIES_FILE = "barrier-categories.json"

# Ids end up stored in encrypted records and synced between devices, so they must stay stable and
# unambiguous: no spaces, no capitals that a hand-edited file could get subtly wrong.
_ID_PATTERN = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")
_INT_KEY_PATTERN = re.compile(r"-?[0-9]+")
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
        return _score_range(self.scoring, self.scale, len(self.items))

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

    def alert_for(self, score: float, previous: float | None) -> str | None:
        if self.alert is None:
            return None
        below = None
        threshold = self.alert.threshold
        if threshold is not None and score < threshold:
            below = (
                f"the score of {_number(score)} is below the alert level of {_number(threshold)}"
            )
        fell = None
        change = self.alert.reliable_change
        if change is not None and previous is not None:
            drop = previous - score
            if drop >= change - _TOLERANCE:
                fell = (
                    f"fell by {_number(drop)} since the previous check-in"
                    f" (from {_number(previous)} to {_number(score)})"
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


def load_instrument(path: str | os.PathLike[str]) -> Instrument:
    reader = _Reader(Path(path))
    return _parse_instrument(reader, reader.load())


def load_template(path: str | os.PathLike[str]) -> Template:
    reader = _Reader(Path(path))
    return _parse_template(reader, reader.load())


def load_barrier_categories(path: str | os.PathLike[str]) -> list[BarrierCategory]:
    reader = _Reader(Path(path))
    entries = reader.list_of(reader.load(), "", non_empty=True)
    categories: list[BarrierCategory] = []
    first_seen: dict[str, str] = {}
    for index, entry in enumerate(entries):
        where = f"[{index}]"
        data = reader.fields(entry, where, required=("id", "title", "description"))
        category_id = reader.ident(data, where, "id")
        reader.unique(category_id, f"{where}.id", first_seen, "category id")
        categories.append(
            BarrierCategory(
                id=category_id,
                title=reader.text(data, where, "title"),
                description=reader.text(data, where, "description"),
            )
        )
    return categories


def load_instruments(folder: str | os.PathLike[str]) -> dict[str, Instrument]:
    found: dict[str, Instrument] = {}
    for path in _definition_files(Path(folder)):
        _add_unique(found, load_instrument(path), path, "instrument")
    return found


def load_templates(folder: str | os.PathLike[str]) -> dict[str, Template]:
    found: dict[str, Template] = {}
    for path in _definition_files(Path(folder)):
        _add_unique(found, load_template(path), path, "template")
    return found


def load_definitions(resources_root: Path, extra_folders: Sequence[Path] = ()) -> Definitions:
    """Load the bundled definitions, then any organisation folders laid out the same way.

    An organisation folder may hold ``instruments/``, ``templates/`` and a
    ``barrier-categories.json``; any of them may be absent, but an id may be defined only once.
    """
    root = Path(resources_root)
    instruments = load_instruments(root / "instruments")
    templates = load_templates(root / "templates")
    categories = load_barrier_categories(root / BARRIER_CATEGORIES_FILE)
    category_sources = {category.id: root / BARRIER_CATEGORIES_FILE for category in categories}
    for extra in map(Path, extra_folders):
        if not extra.is_dir():
            raise DefinitionError(extra, "", f"organisation folder not found: {extra}")
        if (extra / "instruments").is_dir():
            for instrument in load_instruments(extra / "instruments").values():
                _add_unique(instruments, instrument, instrument.source or extra, "instrument")
        if (extra / "templates").is_dir():
            for template in load_templates(extra / "templates").values():
                _add_unique(templates, template, template.source or extra, "template")
        extra_categories = extra / BARRIER_CATEGORIES_FILE
        if extra_categories.is_file():
            for index, category in enumerate(load_barrier_categories(extra_categories)):
                if category.id in category_sources:
                    raise DefinitionError(
                        extra_categories,
                        f"[{index}].id",
                        f"category id {category.id!r} is already defined in "
                        f"{category_sources[category.id]}",
                    )
                category_sources[category.id] = extra_categories
                categories.append(category)
    return Definitions(instruments=instruments, templates=templates, barrier_categories=categories)


class _Reader:
    """Reads one definition file, so every complaint can name the file and the field."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> NoReturn:
        raise DefinitionError(self.path, where, problem)

    def load(self) -> Any:
        try:
            # utf-8-sig: organisation admins often edit these files in Windows Notepad, which
            # may add a byte-order mark.
            text = self.path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            self.fail("", f"file not found: {self.path}")
        except UnicodeDecodeError as exc:
            self.fail("", f"is not UTF-8 text (bad byte at offset {exc.start})")
        except OSError as exc:
            self.fail("", f"cannot be read ({exc.strerror or exc})")
        try:
            return json.loads(
                text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant
            )
        except json.JSONDecodeError as exc:
            self.fail("", f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        except _JsonProblem as exc:
            self.fail("", f"invalid JSON: {exc}")

    def fields(
        self,
        value: Any,
        where: str,
        required: Sequence[str],
        optional: Sequence[str] = (),
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where or "(top level)", f"must be an object, not {_describe(value)}")
        for key in required:
            if key not in value:
                self.fail(_join(where, key), "is missing")
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                # Rejecting unknown keys catches typos such as "treshold", which would otherwise
                # silently switch an alert off.
                expected = ", ".join(sorted(allowed))
                self.fail(_join(where, key), f"unknown field (expected one of: {expected})")
        return value

    def text(self, data: dict[str, Any], where: str, key: str, *, allow_empty: bool = False) -> str:
        value = data[key]
        if not isinstance(value, str) or (not allow_empty and not value.strip()):
            kind = "a string" if allow_empty else "a non-empty string"
            self.fail(_join(where, key), f"must be {kind}, not {_describe(value)}")
        return value

    def optional_text(self, data: dict[str, Any], where: str, key: str) -> str | None:
        return self.text(data, where, key) if key in data else None

    def ident(self, data: dict[str, Any], where: str, key: str) -> str:
        value = self.text(data, where, key)
        if not _ID_PATTERN.fullmatch(value):
            self.fail(
                _join(where, key),
                f"{value!r} is not a valid id (use lower-case letters and digits, "
                "joined by '-', '_' or '.')",
            )
        return value

    def integer(self, data: dict[str, Any], where: str, key: str) -> int:
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(_join(where, key), f"must be a whole number, not {_describe(value)}")
        return value

    def number(self, data: dict[str, Any], where: str, key: str) -> float:
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(_join(where, key), f"must be a number, not {_describe(value)}")
        if not math.isfinite(value):
            self.fail(_join(where, key), "must be a finite number")
        return float(value)

    def boolean(self, data: dict[str, Any], where: str, key: str) -> bool:
        value = data[key]
        if not isinstance(value, bool):
            self.fail(_join(where, key), f"must be true or false, not {_describe(value)}")
        return value

    def version(self, data: dict[str, Any]) -> int:
        value = self.integer(data, "", "version")
        if value < 1:
            self.fail("version", f"must be 1 or more, not {value}")
        return value

    def list_of(self, value: Any, where: str, *, non_empty: bool) -> list[Any]:
        if not isinstance(value, list):
            self.fail(where or "(top level)", f"must be a list, not {_describe(value)}")
        if non_empty and not value:
            self.fail(where or "(top level)", "must not be empty")
        return value

    def unique(self, value: str, where: str, seen: dict[str, str], what: str) -> None:
        if value in seen:
            self.fail(where, f"duplicate {what} {value!r} (also at {seen[value]})")
        seen[value] = where


def _parse_instrument(reader: _Reader, document: Any) -> Instrument:
    data = reader.fields(
        document,
        "",
        required=(
            "id",
            "version",
            "title",
            "description",
            "respondents",
            "scale",
            "items",
            "scoring",
            "licence",
        ),
        optional=("alert", "domains"),
    )
    instrument_id = reader.ident(data, "", "id")
    version = reader.version(data)
    title = reader.text(data, "", "title")
    description = reader.text(data, "", "description")
    respondents = _parse_respondents(reader, data["respondents"])
    scale = _parse_scale(reader, data["scale"])
    domains = _parse_domains(reader, data["domains"]) if "domains" in data else ()
    items = _parse_items(reader, data["items"], domains)
    scoring_data = reader.fields(data["scoring"], "scoring", required=("method",))
    method = scoring_data["method"]
    if method not in SCORING_METHODS:
        allowed = " or ".join(repr(m) for m in SCORING_METHODS)
        reader.fail("scoring.method", f"must be {allowed}, not {_describe(method)}")
    scoring = cast(ScoringMethod, method)
    score_range = _score_range(scoring, scale, len(items))
    alert = _parse_alert(reader, data["alert"], scoring, score_range) if "alert" in data else None
    return Instrument(
        id=instrument_id,
        version=version,
        title=title,
        description=description,
        respondents=respondents,
        scale=scale,
        items=items,
        scoring=scoring,
        licence=reader.text(data, "", "licence"),
        alert=alert,
        domains=domains,
        source=reader.path,
    )


def _parse_respondents(reader: _Reader, value: Any) -> tuple[str, ...]:
    entries = reader.list_of(value, "respondents", non_empty=True)
    seen: dict[str, str] = {}
    for index, entry in enumerate(entries):
        where = f"respondents[{index}]"
        if entry not in RESPONDENTS:
            allowed = ", ".join(repr(r) for r in RESPONDENTS)
            reader.fail(where, f"must be one of {allowed}, not {_describe(entry)}")
        reader.unique(entry, where, seen, "respondent")
    return tuple(entries)


def _parse_scale(reader: _Reader, value: Any) -> Scale:
    data = reader.fields(value, "scale", required=("min", "max", "anchors"))
    low = reader.integer(data, "scale", "min")
    high = reader.integer(data, "scale", "max")
    if low >= high:
        reader.fail("scale.min", f"must be less than scale.max ({low} is not less than {high})")
    raw_anchors = data["anchors"]
    if not isinstance(raw_anchors, dict):
        reader.fail("scale.anchors", f"must be an object, not {_describe(raw_anchors)}")
    anchors: dict[int, str] = {}
    for key in raw_anchors:
        where = f"scale.anchors.{key}"
        if not _INT_KEY_PATTERN.fullmatch(key):
            reader.fail(where, 'anchor keys must be whole numbers on the scale, such as "1"')
        point = int(key)
        if not low <= point <= high:
            reader.fail(where, f"{point} is outside the scale {low}–{high}")
        anchors[point] = reader.text(raw_anchors, "scale.anchors", key)
    for end, name in ((low, "minimum"), (high, "maximum")):
        if end not in anchors:
            reader.fail("scale.anchors", f"must include a label for the {name} ({end})")
    return Scale(min=low, max=high, anchors=MappingProxyType(dict(sorted(anchors.items()))))


def _parse_domains(reader: _Reader, value: Any) -> tuple[Domain, ...]:
    entries = reader.list_of(value, "domains", non_empty=True)
    domains: list[Domain] = []
    seen: dict[str, str] = {}
    for index, entry in enumerate(entries):
        where = f"domains[{index}]"
        data = reader.fields(entry, where, required=("id", "title"), optional=("description",))
        domain_id = reader.ident(data, where, "id")
        reader.unique(domain_id, f"{where}.id", seen, "domain id")
        description = reader.optional_text(data, where, "description") or ""
        domains.append(Domain(domain_id, reader.text(data, where, "title"), description))
    return tuple(domains)


def _parse_items(reader: _Reader, value: Any, domains: tuple[Domain, ...]) -> tuple[Item, ...]:
    entries = reader.list_of(value, "items", non_empty=True)
    declared = {domain.id for domain in domains}
    items: list[Item] = []
    seen: dict[str, str] = {}
    for index, entry in enumerate(entries):
        where = f"items[{index}]"
        data = reader.fields(
            entry, where, required=("id", "text"), optional=("plain_text", "domain", "reverse")
        )
        item_id = reader.ident(data, where, "id")
        reader.unique(item_id, f"{where}.id", seen, "item id")
        domain = reader.optional_text(data, where, "domain")
        if domains and domain not in declared:
            choices = ", ".join(sorted(declared))
            found = "no domain" if domain is None else repr(domain)
            reader.fail(
                f"{where}.domain", f"must be one of the declared domains ({choices}), not {found}"
            )
        items.append(
            Item(
                id=item_id,
                text=reader.text(data, where, "text"),
                plain_text=reader.optional_text(data, where, "plain_text"),
                domain=domain,
                reverse=reader.boolean(data, where, "reverse") if "reverse" in data else False,
            )
        )
    used = {item.domain for item in items}
    for index, domain_def in enumerate(domains):
        if domain_def.id not in used:
            reader.fail(f"domains[{index}]", f"no item belongs to domain {domain_def.id!r}")
    return tuple(items)


def _parse_alert(
    reader: _Reader, value: Any, scoring: ScoringMethod, score_range: tuple[float, float]
) -> Alert:
    data = reader.fields(value, "alert", required=(), optional=("threshold", "reliable_change"))
    if not data:
        reader.fail("alert", "must set threshold, reliable_change or both (or be left out)")
    low, high = score_range
    span = f"the {scoring} score runs from {_number(low)} to {_number(high)}"
    threshold = reader.number(data, "alert", "threshold") if "threshold" in data else None
    # The alert fires strictly below the threshold, so one at the bottom of the range never would.
    if threshold is not None and not low < threshold <= high:
        reader.fail(
            "alert.threshold",
            f"{_number(threshold)} is outside the scale: it must be above {_number(low)} and at "
            f"most {_number(high)} ({span})",
        )
    change = reader.number(data, "alert", "reliable_change") if "reliable_change" in data else None
    if change is not None and not 0 < change <= high - low:
        reader.fail(
            "alert.reliable_change",
            f"{_number(change)} must be above 0 and at most {_number(high - low)} ({span})",
        )
    return Alert(threshold=threshold, reliable_change=change)


def _parse_template(reader: _Reader, document: Any) -> Template:
    data = reader.fields(
        document,
        "",
        required=("id", "version", "title", "description", "sections"),
        optional=("suggested_themes",),
    )
    template_id = reader.ident(data, "", "id")
    version = reader.version(data)
    title = reader.text(data, "", "title")
    description = reader.text(data, "", "description")
    sections: list[Section] = []
    seen: dict[str, str] = {}
    for index, entry in enumerate(reader.list_of(data["sections"], "sections", non_empty=True)):
        where = f"sections[{index}]"
        section = reader.fields(entry, where, required=("id", "title", "prompt", "guidance"))
        section_id = reader.ident(section, where, "id")
        reader.unique(section_id, f"{where}.id", seen, "section id")
        sections.append(
            Section(
                id=section_id,
                title=reader.text(section, where, "title"),
                prompt=reader.text(section, where, "prompt"),
                # Not every prompt needs help text, so guidance may be an empty string.
                guidance=reader.text(section, where, "guidance", allow_empty=True),
            )
        )
    themes: list[str] = []
    if "suggested_themes" in data:
        theme_list = reader.list_of(data["suggested_themes"], "suggested_themes", non_empty=False)
        seen_themes: dict[str, str] = {}
        for index, theme in enumerate(theme_list):
            where = f"suggested_themes[{index}]"
            if not isinstance(theme, str) or not theme.strip():
                reader.fail(where, f"must be a non-empty string, not {_describe(theme)}")
            reader.unique(theme, where, seen_themes, "theme")
            themes.append(theme)
    return Template(
        id=template_id,
        version=version,
        title=title,
        description=description,
        sections=tuple(sections),
        suggested_themes=tuple(themes),
        source=reader.path,
    )


_Definition = TypeVar("_Definition", Instrument, Template)


def _add_unique(
    found: dict[str, _Definition], definition: _Definition, path: Path, kind: str
) -> None:
    existing = found.get(definition.id)
    if existing is not None:
        raise DefinitionError(
            path, "id", f"{kind} id {definition.id!r} is already defined in {existing.source}"
        )
    found[definition.id] = definition


def _definition_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise DefinitionError(folder, "", f"folder not found: {folder}")
    # Dot-files are editor locks and macOS "._" metadata picked up on shared drives.
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix == ".json" and not path.name.startswith(".") and path.is_file()
    )


def _score_range(scoring: ScoringMethod, scale: Scale, item_count: int) -> tuple[float, float]:
    if scoring == "sum":
        return (float(scale.min * item_count), float(scale.max * item_count))
    return (float(scale.min), float(scale.max))


class _JsonProblem(Exception):
    pass


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            # json keeps the last value silently, which would hide an edit made to the first one.
            raise _JsonProblem(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _reject_constant(name: str) -> NoReturn:
    raise _JsonProblem(f"{name} is not a valid number")


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {value!r}" if value.strip() else "an empty string"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
