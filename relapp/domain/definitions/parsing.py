"""Turning a definition file's fields into an instrument or a template, with every rule checked."""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Any, cast

from relapp.domain.definitions.model import (
    RESPONDENTS,
    SCORING_METHODS,
    Alert,
    Domain,
    Instrument,
    Item,
    Scale,
    ScoringMethod,
    Section,
    Template,
    number_text,
    scale_range,
)
from relapp.domain.definitions.reader import Reader, describe_value

_INT_KEY_PATTERN = re.compile(r"-?[0-9]+")


def parse_instrument(reader: Reader, document: Any) -> Instrument:
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
        reader.fail("scoring.method", f"must be {allowed}, not {describe_value(method)}")
    scoring = cast(ScoringMethod, method)
    score_range = scale_range(scoring, scale, len(items))
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


def _parse_respondents(reader: Reader, value: Any) -> tuple[str, ...]:
    entries = reader.list_of(value, "respondents", non_empty=True)
    seen: dict[str, str] = {}
    for index, entry in enumerate(entries):
        where = f"respondents[{index}]"
        if entry not in RESPONDENTS:
            allowed = ", ".join(repr(r) for r in RESPONDENTS)
            reader.fail(where, f"must be one of {allowed}, not {describe_value(entry)}")
        reader.unique(entry, where, seen, "respondent")
    return tuple(entries)


def _parse_scale(reader: Reader, value: Any) -> Scale:
    data = reader.fields(value, "scale", required=("min", "max", "anchors"))
    low = reader.integer(data, "scale", "min")
    high = reader.integer(data, "scale", "max")
    if low >= high:
        reader.fail("scale.min", f"must be less than scale.max ({low} is not less than {high})")
    raw_anchors = data["anchors"]
    if not isinstance(raw_anchors, dict):
        reader.fail("scale.anchors", f"must be an object, not {describe_value(raw_anchors)}")
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


def _parse_domains(reader: Reader, value: Any) -> tuple[Domain, ...]:
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


def _parse_items(reader: Reader, value: Any, domains: tuple[Domain, ...]) -> tuple[Item, ...]:
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
    reader: Reader, value: Any, scoring: ScoringMethod, score_range: tuple[float, float]
) -> Alert:
    data = reader.fields(value, "alert", required=(), optional=("threshold", "reliable_change"))
    if not data:
        reader.fail("alert", "must set threshold, reliable_change or both (or be left out)")
    low, high = score_range
    span = f"the {scoring} score runs from {number_text(low)} to {number_text(high)}"
    threshold = reader.number(data, "alert", "threshold") if "threshold" in data else None
    # The alert fires strictly below the threshold, so one at the bottom of the range never would.
    if threshold is not None and not low < threshold <= high:
        reader.fail(
            "alert.threshold",
            f"{number_text(threshold)} is outside the scale: it must be above "
            f"{number_text(low)} and at most {number_text(high)} ({span})",
        )
    change = reader.number(data, "alert", "reliable_change") if "reliable_change" in data else None
    if change is not None and not 0 < change <= high - low:
        reader.fail(
            "alert.reliable_change",
            f"{number_text(change)} must be above 0 and at most {number_text(high - low)} ({span})",
        )
    return Alert(threshold=threshold, reliable_change=change)


def parse_template(reader: Reader, document: Any) -> Template:
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
                reader.fail(where, f"must be a non-empty string, not {describe_value(theme)}")
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
