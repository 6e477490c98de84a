"""Search across every kind of record: the results a person sees, with their titles.

The index lives in the vault's encrypted database and is kept current by the database itself
(relapp.store.search_index), so it is ready at unlock and needs no building or refreshing here.
All methods may run on a worker thread; none of them touches Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from relapp.services.records import RecordService
from relapp.store.search_index import MATCH_END, MATCH_START, Hit, filter_words
from relapp.store.vault import Record, RecordNotFound, VaultError

# Around each matched word in a snippet (for the screens to highlight).
__all__ = ["MATCH_END", "MATCH_START", "SearchResult", "SearchService"]


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


def keep_category_titles(records: RecordService) -> None:
    """Barriers are found by their category's title, which comes from the definitions: tell
    the index the titles of this session's definitions (a write only when they changed)."""
    categories = records.definitions.barrier_categories
    records.vault.set_search_categories({c.id: c.title for c in categories})


class SearchService:
    def __init__(self, records: RecordService) -> None:
        self.records = records

    @property
    def definitions(self) -> Any:
        return self.records.definitions

    def words_in(self, kind: str, text: str) -> dict[str, frozenset[str]]:
        """For each word of `text` (lower-cased, as typed into a list's filter), the records
        of `kind` whose indexed text has a word starting with it."""
        vault = self.records.vault
        return {word: frozenset(vault.matching_ids(kind, word)) for word in filter_words(text)}

    def pending(self) -> int:
        """Records not in the search index yet: a new laptop's first sync writes a team's
        records first and indexes them afterwards (catch_up), so results may be missing some."""
        return self.records.vault.search_pending()

    def search(self, query: str, limit: int = 50) -> list[SearchResult]:
        """The best matches first, each with what a person needs to recognise the record."""
        hits = self.records.vault.search(query, limit)
        describer = _Describer(self.records)
        describer.read([h.record_id for h in hits])
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

    def read(self, record_ids: list[str]) -> None:
        """Read these records, then the families and records they name, then the families of
        those (what feedback is on names its family): three queries, not one a record."""
        self._read(record_ids)
        for _step in range(2):
            self._read(
                [
                    linked
                    for record in list(self._cache.values())
                    if record is not None
                    for name in ("family_id", "record_id")
                    if isinstance(linked := record.data.get(name), str) and linked
                ]
            )

    def _read(self, record_ids: list[str]) -> None:
        wanted = [i for i in record_ids if i not in self._cache]
        if not wanted:
            return
        found = self.records.vault.get_many(wanted, author=False)
        for record_id in wanted:
            record = found.get(record_id)
            self._cache[record_id] = None if record is None or record.error else record

    def get(self, record_id: str | None) -> Record | None:
        if not isinstance(record_id, str) or not record_id:
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


# Records indexed per catch-up step: about 0.4 s of work, so a save waits at most that long.
CATCH_UP_STEP = 1000


def catch_up(records: RecordService, limit: int = CATCH_UP_STEP) -> int:
    """One step of the search index catching up after a first sync; how many are left."""
    return records.vault.catch_up_search(limit)
