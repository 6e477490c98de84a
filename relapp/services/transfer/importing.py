"""Importing: every row checked before anything is written, a backup first, then all rows in
one transaction, with the file's ids turned into new record ids (see the package's notes)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from relapp.domain import records as domain
from relapp.services.errors import ImportRejected
from relapp.services.records import RecordService
from relapp.services.transfer.csv_file import parse_family_csv
from relapp.services.transfer.formats import (
    CARRIED_FROM_KINDS,
    MAX_DURATION_MINUTES,
    MAX_MEMBERS,
    MAX_NAME_CHARS,
    MAX_ROLE_CHARS,
    RECORD_REF_LISTS,
    RECORD_REFS,
    ImportItem,
    plain,
    read_text,
    shown,
)
from relapp.services.transfer.json_file import parse_json_import
from relapp.store.backups import take_backup
from relapp.store.vault import NewRecord, Record, RecordNotFound, Vault, new_id


def import_file(service: RecordService, path: Path) -> dict[str, int]:
    """Import a JSON export or a CSV of families. Returns counts by outcome."""
    text = read_text(path)
    if path.suffix.lower() == ".csv":
        return _import_families(service, parse_family_csv(text, path.name), path.name)
    return _import_items(service, parse_json_import(text, path.name))


def _import_families(
    service: RecordService, families: list[tuple[int, dict[str, Any]]], name: str
) -> dict[str, int]:
    by_reference = {}
    for record in service.vault.list("family"):
        by_reference[record.data.get("reference")] = record
    first_row: dict[str, int] = {}
    items: list[ImportItem] = []
    for row_no, data in families:
        reference = data["reference"]
        if reference in first_row:
            raise ImportRejected(
                f"{name}: row {row_no}, column reference: {plain(reference)} appears twice "
                f"in the file (first in row {first_row[reference]})."
            )
        first_row[reference] = row_no
        old = by_reference.get(reference)
        merged = {**old.data, **data} if old else data
        items.append(
            ImportItem("family", merged, old.id if old else None, f"{name}: row {row_no}", True)
        )
    return _import_items(service, items)


def _import_tagger(vault: Vault) -> Callable[[str, str], str]:
    """(kind, id in a file) -> the tag the vault keeps for it: HMAC-SHA256 under a key derived
    from the vault key, so the tag says nothing about the id to anyone without that key."""
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=b"relapp-import-ids-v1|" + vault.profile_id.encode(),
    ).derive(vault.keyring().vault_key)

    def tag(kind: str, file_id: str) -> str:
        return hmac.new(key, f"{kind}\x00{file_id}".encode(), hashlib.sha256).hexdigest()

    return tag


def _say(message: str, limit: int = 300) -> str:
    return message if len(message) <= limit else message[:limit] + "…"


def _check_import_rules(item: ImportItem, clean: dict[str, Any]) -> None:
    """Rules an import adds to the record checks: what the app itself could never write."""
    if item.kind == "family":
        members = clean.get("members", [])
        if len(members) > MAX_MEMBERS:
            raise ImportRejected(f"{item.at('members')}: a family can have at most {MAX_MEMBERS}.")
        for i, member in enumerate(members):
            field = f"members[{i}]"
            unknown = [k for k in member if k not in ("name", "role", "birth_year")]
            if unknown:
                raise ImportRejected(
                    f"{item.at(field)}: {shown(unknown[0])} is not a detail Relapp keeps "
                    "(name, role, birth_year)."
                )
            name, role = member.get("name"), member.get("role", "")
            if not isinstance(name, str) or len(name) > MAX_NAME_CHARS:
                raise ImportRejected(
                    f"{item.at(field + '.name')}: must be text of at most {MAX_NAME_CHARS} "
                    "characters."
                )
            if not isinstance(role, str) or len(role) > MAX_ROLE_CHARS:
                raise ImportRejected(
                    f"{item.at(field + '.role')}: must be text of at most {MAX_ROLE_CHARS} "
                    "characters."
                )
    if item.kind == "visit":
        minutes = clean.get("duration_minutes", 0)
        if minutes > MAX_DURATION_MINUTES:
            raise ImportRejected(
                f"{item.at('duration_minutes')}: must be at most {MAX_DURATION_MINUTES} (a day)."
            )


class _Ids:
    """Where each id of an import file leads: to a record of this profile, to the record an
    earlier import of it became (through its tag), or to a new record made now."""

    def __init__(self, vault: Vault, items: list[ImportItem]) -> None:
        self.vault = vault
        self._tag: Callable[[str, str], str] | None = None
        self._records: dict[str, Record | None] = {}
        self._earlier: dict[tuple[str, tuple[str, ...]], str | None] = {}  # via earlier imports
        self.existing: dict[str, Record] = {}  # record id -> the record it is now
        self.target: dict[str, str] = {}  # id in the file -> record id
        self.kind_of: dict[str, str] = {}  # id in the file -> its kind there
        self.new_tags: dict[str, str] = {}  # tags to keep, with the record ids they lead to
        self._place(items)

    def tag(self, kind: str, file_id: str) -> str:
        if self._tag is None:
            self._tag = _import_tagger(self.vault)
        return self._tag(kind, file_id)

    def record(self, record_id: str) -> Record | None:
        if record_id not in self._records:
            try:
                self._records[record_id] = self.vault.get(record_id, strict=False)
            except RecordNotFound:
                self._records[record_id] = None
        return self._records[record_id]

    def _place(self, items: list[ImportItem]) -> None:
        untagged: list[tuple[ImportItem, str]] = []
        for item in items:
            if not item.file_id:
                continue
            self.kind_of[item.file_id] = item.kind
            old = self.record(item.file_id)
            if old is None:
                untagged.append((item, self.tag(item.kind, item.file_id)))
                continue
            if old.kind != item.kind:
                raise ImportRejected(
                    f"{item.where}: id {item.file_id} exists already as a {old.kind} in this "
                    f"profile, not a {item.kind}."
                )
            self.target[item.file_id] = item.file_id
            self.existing[item.file_id] = old
        known = self.vault.import_ids(tag for _item, tag in untagged)
        for item, tag in untagged:
            assert item.file_id is not None
            record_id = known.get(tag)
            if record_id is None:
                record_id = new_id()
                self.new_tags[tag] = record_id
            else:
                old = self.record(record_id)
                if old is not None:
                    if old.kind != item.kind:
                        raise ImportRejected(
                            f"{item.where}: id {item.file_id} was imported before as a "
                            f"{old.kind}, not a {item.kind}."
                        )
                    self.existing[record_id] = old
            self.target[item.file_id] = record_id
        claimed: dict[str, ImportItem] = {}
        for item in items:
            record_id = self.target.get(item.file_id) if item.file_id else None
            if record_id is None:
                continue
            other = claimed.setdefault(record_id, item)
            if other is not item:
                raise ImportRejected(
                    f"{item.where}: id {item.file_id} is the same record of this profile as id "
                    f"{other.file_id}, earlier in the file; keep only one of them."
                )

    def resolve(self, value: Any, kinds: tuple[str, ...], item: ImportItem, field: str) -> str:
        """The record id a reference in the file leads to, or a refusal naming it."""
        if not isinstance(value, str) or not domain._ID.match(value):
            raise ImportRejected(f"{item.at(field)}: must be a record id.")
        if value in self.target:
            kind = self.kind_of[value]
            if kind not in kinds:
                raise ImportRejected(
                    f"{item.at(field)}: {value} is a {kind} in the file, not a "
                    f"{' or '.join(kinds)}."
                )
            return self.target[value]
        record = self.record(value)
        if record is not None:
            if record.kind not in kinds:
                raise ImportRejected(
                    f"{item.at(field)}: {value} is a {record.kind} in this profile, not a "
                    f"{' or '.join(kinds)}."
                )
            return value
        if (value, kinds) not in self._earlier:
            tags = {self.tag(kind, value): kind for kind in kinds}
            self._earlier[value, kinds] = None
            for tag, record_id in self.vault.import_ids(tags).items():
                record = self.record(record_id)
                if record is not None and record.kind == tags[tag]:
                    self._earlier[value, kinds] = record_id
        found = self._earlier[value, kinds]
        if found is not None:
            return found
        raise ImportRejected(
            f"{item.at(field)}: {value} is neither a record in the file nor one in this profile."
        )

    def rewrite(self, item: ImportItem, clean: dict[str, Any]) -> dict[str, Any]:
        """clean with every reference to another record leading to its record id here."""
        out = dict(clean)
        for field, kinds in RECORD_REFS.items():
            if field in out:
                out[field] = self.resolve(out[field], kinds, item, field)
        for field, kinds in RECORD_REF_LISTS.items():
            if field in out:
                out[field] = [
                    self.resolve(v, kinds, item, f"{field}[{i}]") for i, v in enumerate(out[field])
                ]
        if item.kind == "supervision_session" and "actions" in out:
            out["actions"] = [
                self._rewrite_action(item, i, a) for i, a in enumerate(out["actions"])
            ]
        return out

    def _rewrite_action(
        self, item: ImportItem, index: int, action: dict[str, Any]
    ) -> dict[str, Any]:
        action = dict(action)
        if action.get("carried_from"):
            action["carried_from"] = self.resolve(
                action["carried_from"], CARRIED_FROM_KINDS, item, f"actions[{index}].carried_from"
            )
        # An action without an id of its own is known by "<session id>:<its place>".
        key = action.get("id")
        if isinstance(key, str):
            session_id, colon, place = key.rpartition(":")
            if colon and place.isascii() and place.isdigit() and session_id in self.target:
                action["id"] = f"{self.target[session_id]}:{place}"
        return action


def _import_items(service: RecordService, items: list[ImportItem]) -> dict[str, int]:
    # Check every row, and where every id leads, before a single write.
    prepared = []
    for item in items:
        try:
            clean = service.prepare(item.kind, item.data)
        except domain.ValidationError as exc:
            raise ImportRejected(_say(f"{item.at(exc.field)}: {exc.message}") + ".") from None
        _check_import_rules(item, clean)
        prepared.append((item, clean))
    ids = _Ids(service.vault, items)
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    batch = []
    for item, clean in prepared:
        clean = ids.rewrite(item, clean)
        record_id = ids.target.get(item.file_id) if item.file_id else None
        old = ids.existing.get(record_id) if record_id else None
        if old is not None and old.error:
            raise ImportRejected(
                f"{item.where}: the {old.kind} it updates cannot be opened in this profile "
                "(its stored data is damaged); restore a backup first."
            )
        if old is not None and old.data == clean and not old.deleted:
            counts["unchanged"] += 1
            continue
        counts["updated" if old else "added"] += 1
        batch.append(
            NewRecord(
                item.kind,
                clean,
                record_id,
                domain.parent_of(item.kind, clean),
                old.version if old else None,
            )
        )
    if batch:
        take_backup(service.vault, "before-import")
        service.vault.put_many(batch, import_ids=ids.new_tags)
    return counts
