"""Reflections as the app shows them: list rows, the sections to edit, supervisor feedback,
readable differences between versions, and the one-at-a-time draft saver behind autosave.

Plain Python: the views call these, the tests call them without Qt.
"""

from __future__ import annotations

import difflib
import re
import sys
import threading
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from relapp.domain.definitions import Section, Template
from relapp.services.paging import Page, PageRequest
from relapp.services.records import RecordService, ReflectionLocked
from relapp.store import audit, pages
from relapp.store.vault import Record, VersionConflict, decode_body, fields

STATUSES: tuple[str, ...] = ("draft", "submitted", "reviewed", "to_discuss", "returned")
TITLE_WORDS = 8


def first_words(text: str, count: int = TITLE_WORDS) -> str:
    words = text.split()
    if not words:
        return ""
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def reflection_title(data: Mapping[str, Any]) -> str:
    """The reflection's title, or the first words of its first non-empty part."""
    title = str(data.get("title") or "").strip()
    if title:
        return title
    for text in (data.get("sections") or {}).values():
        if isinstance(text, str) and text.strip():
            return first_words(text)
    return ""


def reflection_heading(data: dict[str, Any]) -> dict[str, Any]:
    """A `keep` for reading many reflections: what lists show of one, without its text.
    reflection_title() of the result is the full reflection's title."""
    out = {key: data[key] for key in _HEADING_FIELDS if key in data}
    out["title"] = reflection_title(data)
    return out


_HEADING_FIELDS = ("status", "visit_id", "family_id", "template_id", "themes", "submitted_at")


def has_content(data: Mapping[str, Any]) -> bool:
    """Whether a draft holds anything worth keeping (an empty new draft is not saved)."""
    sections = data.get("sections") or {}
    return bool(
        str(data.get("title") or "").strip()
        or any(isinstance(t, str) and t.strip() for t in sections.values())
        or data.get("themes")
    )


# ---- list rows ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReflectionRow:
    id: str
    title: str  # title, first words, or "" for an empty draft
    family: str
    family_id: str
    visit_id: str
    visit_when: str  # ISO date-time of the visit, "" when standalone
    template: str  # template title (or its id when the template is no longer installed)
    status: str  # one of STATUSES, "" when unreadable
    updated_at: str
    error: str | None = None
    # Lower-cased title, family, template and themes. The text of the reflection is not held
    # here: a filter looks it up in the search index (SearchService.words_in).
    search_text: str = ""

    def matches(self, needle: str, in_text: Mapping[str, Container[str]] | None = None) -> bool:
        """Whether every word of `needle` is in the heading, or in the text: in_text maps a
        lower-cased word to the ids of reflections whose text has it."""
        return all(
            word in self.search_text or (in_text is not None and self.id in in_text.get(word, ()))
            for word in needle.lower().split()
        )


def reflection_rows(
    records: Iterable[Record], templates: Mapping[str, Template] | None = None
) -> list[ReflectionRow]:
    """Rows for the reflections list, newest change first.

    `records` may mix kinds: families and visits among them name the family and date each
    reflection belongs to; deleted records are skipped.
    """
    records = [r for r in records if not r.deleted]
    return _rows(
        (
            replace(r, data=listed(r.data)) if r.error is None else r
            for r in records
            if r.kind == "reflection"
        ),
        (r for r in records if r.kind == "family"),
        (r for r in records if r.kind == "visit"),
        templates or {},
    )


def _rows(
    reflections: Iterable[Record],
    families: Iterable[Record],
    visits: Iterable[Record],
    templates: Mapping[str, Template],
) -> list[ReflectionRow]:
    """reflections: their data as listed() leaves it. Families give a name, visits a date and
    a family; only those are kept of them."""
    names = {r.id: str(r.data.get("display_name", "")) for r in families if r.error is None}
    dates = {
        r.id: (str(r.data.get("when", "")), sys.intern(str(r.data.get("family_id", ""))))
        for r in visits
        if r.error is None
    }
    rows = [_reflection_row(r, r.data, names, dates, templates) for r in reflections]
    rows.sort(key=lambda row: row.updated_at, reverse=True)
    return rows


def listed(data: dict[str, Any]) -> dict[str, Any]:
    """A `keep` for the reflections list: the heading, and its words lower-cased for the text
    filter (family and template names are added per row)."""
    out = reflection_heading(data)
    out["_text"] = " ".join([out["title"], *map(str, data.get("themes") or [])]).lower()
    return out


def _reflection_row(
    record: Record,
    data: Mapping[str, Any],
    names: Mapping[str, str],
    visits: Mapping[str, tuple[str, str]],
    templates: Mapping[str, Template],
) -> ReflectionRow:
    """data: listed(record.data)."""
    if record.error is not None:
        return ReflectionRow(
            record.id, "", "", "", "", "", "", "", record.updated_at, error=record.error
        )
    visit_id = str(data.get("visit_id") or "")
    visit_when, visit_family = visits.get(visit_id, ("", ""))
    family_id = str(data.get("family_id") or visit_family)
    family_name = names.get(family_id, "")
    template_id = str(data.get("template_id", ""))
    template = templates.get(template_id)
    template_title = template.title if template else template_id
    return ReflectionRow(
        id=record.id,
        title=data["title"],
        family=family_name,
        family_id=family_id,
        visit_id=visit_id if visit_id in visits else "",
        visit_when=visit_when,
        template=template_title,
        status=str(data.get("status", "draft")),
        updated_at=record.updated_at,
        search_text=f"{family_name} {template_title}".lower() + " " + data["_text"],
    )


# ---- sections and feedback ------------------------------------------------------------------


def sections_for(data: Mapping[str, Any], template: Template | None) -> list[Section]:
    """The parts to show for a reflection: the template's, then any part the data holds that
    the template does not (a template changed or removed since), so no text is ever hidden."""
    sections = list(template.sections) if template else []
    known = {s.id for s in sections}
    for key, text in (data.get("sections") or {}).items():
        if key not in known and isinstance(text, str):
            sections.append(Section(id=key, title=_humanise(key), prompt="", guidance=""))
            known.add(key)
    return sections


def _humanise(key: str) -> str:
    words = re.split(r"[-_.]+", key)
    return " ".join(words).strip().capitalize() or key


def feedback_for(records: Iterable[Record], reflection_id: str) -> list[Record]:
    """Feedback on one reflection, newest first (unreadable and deleted ones left out)."""
    found = [
        r
        for r in records
        if r.kind == "feedback"
        and not r.deleted
        and r.error is None
        and r.data.get("record_id") == reflection_id
    ]
    found.sort(key=lambda r: (r.created_at, r.updated_at), reverse=True)
    return found


def supervisor_question(feedback: Sequence[Record]) -> Record | None:
    """The newest comment that is not a reply, preferring one that returned the reflection."""
    top = [r for r in feedback if not r.data.get("reply_to")]
    for record in top:
        if record.data.get("review_state") == "returned":
            return record
    return top[0] if top else None


# ---- differences between versions ----------------------------------------------------------

Mark = Literal[" ", "+", "-"]


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    changed: bool  # the words that differ inside a changed line


@dataclass(frozen=True, slots=True)
class DiffLine:
    mark: Mark  # " " unchanged, "+" added, "-" removed
    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)

    def marked_text(self) -> str:
        if self.mark == " " or all(s.changed for s in self.segments):
            return self.text
        sign = "+" if self.mark == "+" else "-"
        return "".join(f"[{sign}{s.text}{sign}]" if s.changed else s.text for s in self.segments)


@dataclass(frozen=True, slots=True)
class SectionDiff:
    section_id: str
    title: str
    lines: tuple[DiffLine, ...]

    @property
    def changed(self) -> bool:
        return any(line.mark != " " for line in self.lines)

    def as_text(self) -> str:
        """The diff as plain text with +/- marks (for screen readers and copying); inside a
        line that only partly changed, the words are marked [+like this+] or [-like this-]."""
        return "\n".join(f"{line.mark} {line.marked_text()}" for line in self.lines)


def diff_text(old: str, new: str) -> tuple[DiffLine, ...]:
    """Line by line, and word by word inside lines that changed, like a reviewer reads it."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            lines += [DiffLine(" ", (Segment(t, False),)) for t in old_lines[a1:a2]]
        elif op == "delete":
            lines += [DiffLine("-", (Segment(t, True),)) for t in old_lines[a1:a2]]
        elif op == "insert":
            lines += [DiffLine("+", (Segment(t, True),)) for t in new_lines[b1:b2]]
        else:
            removed, added = old_lines[a1:a2], new_lines[b1:b2]
            pairs = min(len(removed), len(added))
            for before, after in zip(removed[:pairs], added[:pairs], strict=True):
                minus, plus = _word_diff(before, after)
                # A line that only gained words is shown once, as added with the new words
                # marked; one that only lost words, once, as removed.
                if any(s.changed for s in minus):
                    lines.append(DiffLine("-", minus))
                if any(s.changed for s in plus):
                    lines.append(DiffLine("+", plus))
            lines += [DiffLine("-", (Segment(t, True),)) for t in removed[pairs:]]
            lines += [DiffLine("+", (Segment(t, True),)) for t in added[pairs:]]
    return tuple(lines)


_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def _word_diff(before: str, after: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    a, b = _TOKENS.findall(before), _TOKENS.findall(after)
    minus: list[Segment] = []
    plus: list[Segment] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            minus.append(Segment("".join(a[a1:a2]), False))
            plus.append(Segment("".join(b[b1:b2]), False))
        else:
            if a1 < a2:
                minus.append(Segment("".join(a[a1:a2]), True))
            if b1 < b2:
                plus.append(Segment("".join(b[b1:b2]), True))
    return _merge(minus), _merge(plus)


def _merge(segments: list[Segment]) -> tuple[Segment, ...]:
    merged: list[Segment] = []
    for segment in segments:
        if merged and merged[-1].changed == segment.changed:
            merged[-1] = Segment(merged[-1].text + segment.text, segment.changed)
        elif segment.text:
            merged.append(segment)
    return tuple(merged)


def diff_versions(
    old: Mapping[str, Any], new: Mapping[str, Any], template: Template | None
) -> list[SectionDiff]:
    """What changed from one version of a reflection's data to the next, part by part.

    The title and themes come first when they changed; every part of the template follows
    (unchanged ones too, so the reader sees the whole reflection), then parts only one of
    the versions holds.
    """
    diffs: list[SectionDiff] = []
    old_title, new_title = str(old.get("title") or ""), str(new.get("title") or "")
    if old_title != new_title:
        diffs.append(SectionDiff("title", "Title", diff_text(old_title, new_title)))
    old_themes = ", ".join(map(str, old.get("themes") or []))
    new_themes = ", ".join(map(str, new.get("themes") or []))
    if old_themes != new_themes:
        diffs.append(SectionDiff("themes", "Themes", diff_text(old_themes, new_themes)))
    old_sections = old.get("sections") or {}
    new_sections = new.get("sections") or {}
    seen: set[str] = set()
    for section in sections_for({"sections": {**old_sections, **new_sections}}, template):
        if section.id in seen:
            continue
        seen.add(section.id)
        before = str(old_sections.get(section.id, ""))
        after = str(new_sections.get(section.id, ""))
        diffs.append(SectionDiff(section.id, section.title, diff_text(before, after)))
    return diffs


def milestone_versions(history: Sequence[Record]) -> list[Record]:
    """The versions worth listing: the last of each run of autosaved drafts, and every
    version whose status differs from the one before (submitted, returned, amended...)."""
    shown: list[Record] = []
    for index, record in enumerate(history):
        following = history[index + 1] if index + 1 < len(history) else None
        status = record.data.get("status") if record.error is None else None
        next_status = (
            following.data.get("status") if following and following.error is None else None
        )
        run_continues = (
            following is not None
            and status == "draft"
            and next_status == "draft"
            and following.data.get("amendment_reason") == record.data.get("amendment_reason")
        )
        if not run_continues:
            shown.append(record)
    return shown


# ---- saving drafts --------------------------------------------------------------------------


class DraftSaver:
    """Saves successive drafts of one reflection, one at a time, each on top of the last.

    Autosave calls save() from the write worker, flush-before-lock from the UI thread; the
    lock makes the second wait for the first, so each save knows the version it replaces and
    a lost update is refused by the vault instead of silently overwriting.
    """

    def __init__(self, records: RecordService, record: Record | None = None) -> None:
        self._records = records
        self._lock = threading.Lock()
        self.record_id: str | None = record.id if record else None
        self.version: int | None = record.version if record else None
        self._last: dict[str, Any] | None = _comparable(record.data) if record else None
        # Only a version this saver wrote itself may absorb the next autosave; a version
        # from anywhere else (submit, amend, another window) stays as it is in history.
        self._own_version = False

    def adopt(self, record: Record) -> None:
        """Continue from a version saved by something else (submit, amend)."""
        with self._lock:
            self.record_id, self.version = record.id, record.version
            self._last = _comparable(record.data)
            self._own_version = False

    def unchanged(self, data: Mapping[str, Any]) -> bool:
        with self._lock:
            return self._same(data)

    def _same(self, data: Mapping[str, Any]) -> bool:
        if self.record_id is None:
            return not has_content(data)
        return self._last == _comparable(data)

    def save(self, data: Mapping[str, Any]) -> Record | None:
        """Save data as the next draft version; None when there was nothing new to save.

        Raises VersionConflict when the reflection changed elsewhere since our last save,
        ReflectionLocked when it was submitted meanwhile.
        """
        with self._lock:
            if self._same(data):
                return None
            record = self._records.save_reflection_draft(
                dict(data),
                record_id=self.record_id,
                expected_version=self.version,
                autosave=self._own_version,
            )
            self.record_id, self.version = record.id, record.version
            self._last = _comparable(record.data)
            self._own_version = True
            return record

    def save_keeping_text(self, data: Mapping[str, Any]) -> Record | None:
        """Save whatever happened meanwhile (used at lock, when nobody can be asked).

        If the reflection changed elsewhere, this text becomes the newest version (the other
        stays in its history); if it was submitted meanwhile, the text goes into a new draft.
        """
        try:
            return self.save(data)
        except VersionConflict:
            with self._lock:
                assert self.record_id is not None
                self.version = self._records.get(self.record_id).version
                self._own_version = False
            return self.save(data)
        except ReflectionLocked:
            with self._lock:
                self.record_id, self.version, self._last = None, None, None
                self._own_version = False
            title = reflection_title(data) or "Reflection"
            copy = {**data, "title": f"{title} (unsaved changes)"[:200]}
            copy.pop("submitted_at", None)
            return self.save(copy)


def _comparable(data: Mapping[str, Any]) -> dict[str, Any]:
    clean = {k: v for k, v in data.items() if k not in ("status", "submitted_at") and v is not None}
    return clean


# ---- loading for the views (run on a worker thread) ----------------------------------------


@dataclass(frozen=True, slots=True)
class ReflectionList:
    rows: list[ReflectionRow]


def reflection_filter(
    records: RecordService,
    status: str,
    text: str,
    in_text: Mapping[str, Container[str]] | None = None,
) -> pages.ReflectionFilter:
    """The Reflections list's filter: the state chosen, and every word typed found in the
    heading (title, family, template, themes) or, through `in_text` (a lower-cased word ->
    the ids of the reflections whose text has it, from the search index), in the text."""
    words = tuple(text.casefold().split())
    templates = records.definitions.templates
    return pages.ReflectionFilter(
        status=status,
        words=words,
        templates=tuple(
            tuple(tid for tid, t in templates.items() if word in t.title.casefold())
            for word in words
        ),
        text_ids=tuple(
            frozenset(in_text.get(word, ())) if in_text is not None else frozenset()
            for word in words
        ),
    )


def reflection_page(
    records: RecordService, filters: pages.ReflectionFilter, request: PageRequest
) -> Page[ReflectionRow]:
    """One screen of the Reflections list, filtered and in the order asked for."""
    raw = pages.reflection_page(records.vault, filters, request)
    templates = records.definitions.templates
    rows = []
    for rid, body, updated, family_id, family, visit_id, visit_when, *_sort in raw.rows:
        try:
            data = decode_body(body)
        except ValueError:
            rows.append(
                ReflectionRow(
                    rid,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    updated,
                    error=f"The reflection record {rid} could not be opened: its stored data "
                    "is damaged or was altered.",
                )
            )
            continue
        template_id = str(data.get("template_id", ""))
        template = templates.get(template_id)
        rows.append(
            ReflectionRow(
                id=rid,
                title=reflection_title(data),
                family=family or "",
                family_id=family_id or str(data.get("family_id") or ""),
                visit_id=visit_id or "",
                visit_when=visit_when or "",
                template=template.title if template else template_id,
                status=str(data.get("status", "draft")),
                updated_at=updated,
            )
        )
    return Page(rows, raw.after)


def reflection_count(
    records: RecordService, filters: pages.ReflectionFilter
) -> tuple[int, dict[str, int]]:
    """How many reflections match; how many there are in each state (for the filter)."""
    return pages.reflection_counts(records.vault, filters)


def load_list(records: RecordService) -> ReflectionList:
    """The Reflections page's rows. Families and visits are read for a name and a date only,
    and each reflection's text is reduced to its filter words as it is opened."""
    rows = _rows(
        records.iter("reflection", keep=listed),
        records.iter("family", keep=fields("display_name")),
        records.iter("visit", keep=fields("when", "family_id")),
        records.definitions.templates,
    )
    return ReflectionList(rows)


@dataclass(frozen=True, slots=True)
class EditingInput:
    record: Record | None  # None for a new reflection
    feedback: list[Record]
    families: list[Record]
    visits: list[Record]


def load_for_editing(records: RecordService, record_id: str | None = None) -> EditingInput:
    """What the editor needs: the reflection (strictly: a damaged one raises), its feedback
    and the families and visits it may be linked to."""
    record = records.get(record_id) if record_id else None
    if record is not None:
        audit.record(records.vault, "open_reflection", [record.id])
    feedback = (
        feedback_for(records.list("feedback", parent_id=record_id), record_id)
        if (record_id)
        else []
    )
    families = records.list("family", keep=fields("display_name", "reference", "status"))
    visits = records.list("visit", keep=fields("family_id", "when", "mode"))
    return EditingInput(record, feedback, families, visits)
