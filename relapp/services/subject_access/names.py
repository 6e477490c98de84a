"""Which family is meant, and the names of other people Relapp knows (other families, their
members and reference codes, colleagues) to mark where free text holds them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from relapp.services.errors import ServiceError
from relapp.services.families import members_of
from relapp.services.profile import Session
from relapp.services.subject_access.model import (
    ANOTHER_FAMILY,
    COLLEAGUE,
    MIN_SINGLE_NAME,
    Mark,
    Text,
)
from relapp.services.supervision import member_names
from relapp.store.erasure import is_erased
from relapp.store.vault import Record, RecordNotFound


def find_family(session: Session, wanted: str) -> str:
    """A family by its record id or reference code; a clear message for one that is erased,
    unknown or not a family. Erased families are never found, by id or by code."""
    wanted = wanted.strip()
    if not wanted:
        raise ServiceError("Say which family: give its id or reference code.")
    vault = session.vault
    if is_erased(vault, wanted):
        raise ServiceError(
            f"The family {wanted} was erased: Relapp holds nothing about it any more, only a "
            "marker that it was erased (no names, no content)."
        )
    try:
        record = vault.get(wanted, strict=False)
    except RecordNotFound:
        record = None
    if record is not None:
        if record.kind != "family":
            raise ServiceError(f"{wanted} is not a family: give a family's id or reference code.")
        return record.id
    folded = wanted.casefold()
    matches = [
        r.id
        for r in session.records.iter("family")
        if not r.error and str(r.data.get("reference", "")).strip().casefold() == folded
    ]
    matches += [
        r.id
        for r in session.records.iter("family", deleted=True)
        if not r.error and str(r.data.get("reference", "")).strip().casefold() == folded
    ]
    if not matches:
        raise ServiceError(f"There is no family with the id or reference code {wanted} here.")
    if len(matches) > 1:
        raise ServiceError(f"More than one family has the reference code {wanted}: give its id.")
    return matches[0]


def surname_of(display_name: str) -> str:
    """ "The Okafor family" -> "Okafor"; "" when the name is not of that shape."""
    match = re.fullmatch(r"(?i)\s*the\s+(.+?)\s+family\s*", display_name)
    return match.group(1) if match else ""


def family_terms(data: Mapping[str, Any]) -> set[str]:
    terms = {str(data.get("reference") or ""), str(data.get("display_name") or "")}
    terms.add(surname_of(str(data.get("display_name") or "")))
    for member in members_of(dict(data)):
        terms.add(member.name)
    return {t.strip() for t in terms if len(t.strip()) >= MIN_SINGLE_NAME}


_WORD = re.compile(r"\w+(?:['’.-]\w+)*")


MAX_TERM_WORDS = 6  # longer names are looked for by their first six words


def _key(words: Iterable[str]) -> str:
    return " ".join(w.casefold() for w in words)


class Matcher:
    """Finds the names Relapp knows of other people in free text: whole words, any case, the
    longest name first. A set look-up per word and phrase, not a pattern per name, so a
    county's thousands of names cost no more than a few."""

    def __init__(self, terms: Mapping[str, str], own: Iterable[str]) -> None:
        mine = {_key(_WORD.findall(t)) for t in own}
        self.reasons: dict[str, str] = {}
        self.longest = 1
        for term, reason in terms.items():
            words = _WORD.findall(term)[:MAX_TERM_WORDS]
            key = _key(words)
            if key and key not in mine and key not in self.reasons:
                self.reasons[key] = reason
                self.longest = max(self.longest, len(words))

    def marks(self, text: str) -> tuple[Mark, ...]:
        if not self.reasons or not text:
            return ()
        spans = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
        found, index = [], 0
        while index < len(spans):
            for size in range(min(self.longest, len(spans) - index), 0, -1):
                reason = self.reasons.get(_key(w for _s, _e, w in spans[index : index + size]))
                if reason is not None:
                    found.append(Mark(spans[index][0], spans[index + size - 1][1], reason))
                    index += size
                    break
            else:
                index += 1
        return tuple(found)

    def text(self, value: Any, whole: str = "") -> Text:
        text = str(value or "")
        return Text(text, self.marks(text), whole)


def name_terms(session: Session, staff: Mapping[str, str], skip: str = "") -> dict[str, str]:
    """Every name Relapp knows, with its reason: each family's name, surname, reference code
    and members (in the trash too), and each colleague's full and first name."""
    terms: dict[str, str] = {}
    for deleted in (False, True):
        for other in session.records.iter("family", deleted=deleted):
            if other.id != skip and not other.error:
                for term in family_terms(other.data):
                    terms.setdefault(term, ANOTHER_FAMILY)
    for name in staff.values():
        name = name.strip()
        if name:
            terms.setdefault(name, COLLEAGUE)
            first = name.split()[0]
            if len(first) >= MIN_SINGLE_NAME:
                terms.setdefault(first, COLLEAGUE)
    return terms


def matcher_for(
    session: Session, family: Record, own: set[str], staff: Mapping[str, str]
) -> Matcher:
    return Matcher(name_terms(session, staff, family.id), own)


def name_finder(session: Session) -> Callable[[str], list[str]]:
    """A function giving the names of families, their members (and reference codes) and
    colleagues that Relapp knows and that a text holds, as written there, each once, in order.
    The learning report refuses an excerpt until it finds none."""
    matcher = Matcher(name_terms(session, member_names(session)), ())

    def find(text: str) -> list[str]:
        found: list[str] = []
        for mark in matcher.marks(text):
            word = text[mark.start : mark.end]
            if word not in found:
                found.append(word)
        return found

    return find
