"""Search across every kind of record: what text is searchable, and keeping the index current.

The index (relapp.store.search_index) lives in memory only. Build it after unlock, refresh a
kind when its records change, and clear() it when the profile locks. All methods may run on a
worker thread; none of them touches Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from relapp.domain.records import KINDS
from relapp.services.records import RecordService
from relapp.store.search_index import Hit, Row, SearchIndex
from relapp.store.vault import Record, RecordNotFound, VaultError

Progress = Callable[[int, int], None]

# Unsent words are found where they were typed, not by search.
SEARCHABLE_KINDS = tuple(k for k in KINDS if k != "unsent_text")


@dataclass(frozen=True, slots=True)
class SearchResult:
    record_id: str
    kind: str
    field: str  # e.g. "notes", "sections.feelings", "members"
    field_title: str  # a section's title from its template; "" for ordinary fields
    snippet: str  # matched words between MATCH_START and MATCH_END (relapp.store.search_index)
    title: str  # the record's name in its own words: a family, a reflection title…
    when: str  # ISO date or date-time to show beside the title, or ""
    target_kind: str  # the kind of record to open: feedback opens what it comments on
    target_id: str


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def searchable_fields(record: Record, definitions: Any = None) -> Iterator[tuple[str, str]]:
    """(field, text) pairs worth finding in one record; empty texts are left out."""
    data = record.data
    kind = record.kind

    def fields(*names: str) -> Iterator[tuple[str, str]]:
        for name in names:
            yield name, _text(data.get(name))

    if kind == "family":
        yield from fields("display_name", "reference", "notes", "service")
        members = [
            " ".join(filter(None, (_text(m.get("name")), _text(m.get("role")))))
            for m in data.get("members", [])
            if isinstance(m, dict)
        ]
        yield "members", ", ".join(m for m in members if m)
    elif kind == "visit":
        yield from fields("purpose")
        yield "present", ", ".join(_text(p) for p in data.get("present", []))
    elif kind == "reflection":
        yield from fields("title")
        for section_id, text in (data.get("sections") or {}).items():
            yield f"sections.{section_id}", _text(text)
        yield "themes", ", ".join(_text(t) for t in data.get("themes", []))
        yield from fields("amendment_reason")
    elif kind == "checkin":
        yield from fields("comment")
    elif kind == "barrier":
        yield from fields("description", "service")
        if definitions is not None:
            titles = {c.id: c.title for c in definitions.barrier_categories}
            yield "category", titles.get(data.get("category", ""), "")
    elif kind == "change_test":
        yield from fields("title", "plan", "do", "study", "act", "measure", "outcome")
    elif kind == "feedback":
        yield from fields("text")
    elif kind == "supervision_session":
        yield from fields("notes")
        yield "agenda", "\n".join(_text(a) for a in data.get("agenda", []))
        actions = data.get("actions", [])
        yield "actions", "\n".join(_text(a.get("text")) for a in actions if isinstance(a, dict))


def filter_words(text: str) -> list[str]:
    """The words a list's text filter looks for, each once."""
    return list(dict.fromkeys(text.lower().split()))


def index_rows(records: Iterable[Record], definitions: Any = None) -> Iterator[Row]:
    for record in records:
        if record.error or record.deleted:
            continue  # an unreadable record has no text to find; the vault reports it elsewhere
        for field, text in searchable_fields(record, definitions):
            if text:
                yield (record.id, record.kind, field, text)


PROGRESS_EVERY = 500


class SearchService:
    def __init__(self, records: RecordService, index: SearchIndex | None = None) -> None:
        self.records = records
        # Not `index or ...`: an empty index has no length and would count as none.
        self.index = index if index is not None else SearchIndex()
        self.built = False

    @property
    def definitions(self) -> Any:
        return self.records.definitions

    # ---- keeping the index current ---------------------------------------------------------

    def build(self, progress: Progress | None = None) -> int:
        """Index every record from scratch; returns the number of text fields indexed.

        Records are opened a chunk at a time and let go once indexed, so the decrypted text of
        the profile is never in memory at once, not even a whole kind of it.
        Each kind goes in oldest first, so the newest rows have the highest rowids (the order
        the index falls back to for very common words).
        """
        total = max(1, self.records.vault.count())
        done = 0

        def rows() -> Iterator[Row]:
            nonlocal done
            for kind in SEARCHABLE_KINDS:
                for record in self.records.iter(kind, oldest_first=True):
                    yield from index_rows((record,), self.definitions)
                    done += 1
                    if progress is not None and done % PROGRESS_EVERY == 0:
                        progress(min(done, total), total)

        count = self.index.build(rows())
        self.built = True
        if progress is not None:
            progress(total, total)
        return count

    def refresh_kind(self, kind: str) -> None:
        """Re-read one kind of record (after records_changed) and replace its part of the index."""
        if kind not in SEARCHABLE_KINDS:
            return
        # Oldest first, as build() adds them; opened as they go in, not all held first.
        found = self.records.iter(kind, oldest_first=True)
        self.index.replace_kind(kind, index_rows(found, self.definitions))

    def update(self, record: Record) -> None:
        """Re-index one record that was just saved (or remove it, if it was deleted)."""
        if record.deleted:
            self.index.remove(record.id)
        else:
            self.index.update(record.id, list(index_rows([record], self.definitions)))

    def remove(self, record_id: str) -> None:
        self.index.remove(record_id)

    def clear(self) -> None:
        self.index.clear()
        self.built = False

    # ---- searching -------------------------------------------------------------------------

    def words_in(self, kind: str, text: str) -> dict[str, frozenset[str]]:
        """For each word of `text` (lower-cased, as typed into a list's filter), the records
        of `kind` whose indexed text has a word starting with it."""
        return {word: self.index.record_ids(word, kind) for word in filter_words(text)}

    def search(self, query: str, limit: int = 50) -> list[SearchResult]:
        """The best matches first, each with what a person needs to recognise the record."""
        hits = self.index.search(query, limit)
        describer = _Describer(self.records)
        results = []
        for hit in hits:
            result = describer.result(hit)
            if result is not None:
                results.append(result)
        return results


class _Describer:
    """Titles for search results, read from the vault at search time so they are never stale."""

    def __init__(self, records: RecordService) -> None:
        self.records = records
        self._cache: dict[str, Record | None] = {}

    def get(self, record_id: str | None) -> Record | None:
        if not record_id:
            return None
        if record_id not in self._cache:
            try:
                record = self.records.vault.get(record_id, strict=False)
            except (RecordNotFound, VaultError):
                record = None
            self._cache[record_id] = None if record is None or record.error else record
        return self._cache[record_id]

    def family_name(self, family_id: str | None) -> str:
        family = self.get(family_id)
        return _text(family.data.get("display_name")) if family else ""

    def title(self, record: Record) -> tuple[str, str]:
        """(title, when) for one record."""
        data = record.data
        definitions = self.records.definitions
        kind = record.kind
        if kind == "family":
            name, ref = _text(data.get("display_name")), _text(data.get("reference"))
            return (f"{name} ({ref})" if ref else name), ""
        if kind == "visit":
            return self.family_name(data.get("family_id")), data.get("when", "")
        if kind == "reflection":
            template = definitions.templates.get(data.get("template_id", ""))
            title = _text(data.get("title")) or (template.title if template else "")
            family = self.family_name(data.get("family_id"))
            if family and family.lower() in title.lower():
                family = ""  # "Home visit with the Okafor family" says it already
            when = data.get("submitted_at") or record.updated_at
            return " · ".join(filter(None, (title, family))), when
        if kind == "checkin":
            instrument = definitions.instruments.get(data.get("instrument_id", ""))
            name = instrument.title if instrument else data.get("instrument_id", "")
            family = self.family_name(data.get("family_id"))
            return " · ".join(filter(None, (name, family))), data.get("when", "")
        if kind == "barrier":
            titles = {c.id: c.title for c in definitions.barrier_categories}
            return titles.get(data.get("category", ""), data.get("category", "")), data.get(
                "noticed_on", ""
            )
        if kind == "change_test":
            return _text(data.get("title")), data.get("start_date", "")
        if kind == "feedback":
            target = self.get(data.get("record_id"))
            return (self.title(target)[0] if target else ""), record.updated_at
        if kind == "supervision_session":
            return "", data.get("when", "")
        return "", ""

    def result(self, hit: Hit) -> SearchResult | None:
        record = self.get(hit.record_id)
        if record is None or record.deleted:
            return None  # deleted since the index last heard about it
        title, when = self.title(record)
        target_kind, target_id = record.kind, record.id
        if record.kind == "feedback":
            target = self.get(record.data.get("record_id"))
            if target is not None:
                target_kind, target_id = target.kind, target.id
        return SearchResult(
            record_id=record.id,
            kind=record.kind,
            field=hit.field,
            field_title=self.section_title(record, hit.field),
            snippet=hit.snippet,
            title=title,
            when=when or "",
            target_kind=target_kind,
            target_id=target_id,
        )

    def section_title(self, record: Record, field: str) -> str:
        if record.kind != "reflection" or not field.startswith("sections."):
            return ""
        template = self.records.definitions.templates.get(record.data.get("template_id", ""))
        section_id = field.removeprefix("sections.")
        for section in template.sections if template else ():
            if section.id == section_id:
                return section.title
        return ""
