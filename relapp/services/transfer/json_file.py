"""Reading a Relapp JSON export for import: numbers, texts, depth and sizes within bounds,
the first bad value named with where it is."""

from __future__ import annotations

import json
import math
from typing import Any

from relapp.domain import records as domain
from relapp.services.errors import ImportRejected
from relapp.services.transfer.formats import (
    FIELD_NAME,
    FORMAT,
    FORMAT_VERSION,
    MAX_DEPTH,
    MAX_FLOAT,
    MAX_INT,
    MAX_ITEMS,
    MAX_KEY_CHARS,
    MAX_NUMBER_CHARS,
    MAX_RECORDS,
    MAX_TEXT_CHARS,
    ImportItem,
    plain,
    shown,
)


class _Bad:
    """A value JSON can say but Relapp does not keep (NaN, 1e999, a number with 5,000 digits,
    an object with a key twice): kept in place while reading, so the refusal can name the row
    and field it is in."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"<{self.reason}>"


def _parse_int(text: str) -> int | _Bad:
    if len(text) > MAX_NUMBER_CHARS:
        return _Bad(f"the number {shown(text, 20)} is too large")
    value = int(text)
    return value if -MAX_INT <= value <= MAX_INT else _Bad(f"the number {text} is too large")


def _parse_float(text: str) -> float | _Bad:
    if len(text) > MAX_NUMBER_CHARS:
        return _Bad(f"the number {shown(text, 20)} has too many digits")
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_FLOAT:
        return _Bad(f"the number {text} is too large")
    return value


def _parse_constant(text: str) -> _Bad:
    return _Bad(f"{text} is not a number")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any] | _Bad:
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    seen: set[str] = set()
    for key, _value in pairs:
        if key in seen:
            return _Bad(f"an object has the key {shown(key)} twice")
        seen.add(key)
    return out  # not reached


def _check_value(value: Any, path: str, depth: int) -> str | None:
    """Why this value cannot be kept (with where it is, under path), or None."""
    if isinstance(value, _Bad):
        return f"{path}: {value.reason}"
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return None if -MAX_INT <= value <= MAX_INT else f"{path}: the number is too large"
    if isinstance(value, float):
        ok = math.isfinite(value) and abs(value) <= MAX_FLOAT
        return None if ok else f"{path}: the number is too large"
    if isinstance(value, str):
        return _check_text(value, path, MAX_TEXT_CHARS)
    if isinstance(value, list | dict):
        if depth >= MAX_DEPTH:
            return f"{path}: lists and objects are nested too deeply"
        if len(value) > MAX_ITEMS:
            return f"{path}: has more than {MAX_ITEMS:,} entries"
        if isinstance(value, list):
            for i, item in enumerate(value):
                problem = _check_value(item, f"{path}[{i}]", depth + 1)
                if problem:
                    return problem
            return None
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{path}: has a key that is not text"
            problem = _check_text(key, f"{path}: the key {shown(key)}", MAX_KEY_CHARS)
            if problem:
                return problem
            problem = _check_value(item, f"{path}.{plain(key)}", depth + 1)
            if problem:
                return problem
        return None
    return f"{path}: {type(value).__name__} is not a value Relapp keeps"


def _check_text(value: str, path: str, limit: int) -> str | None:
    if len(value) > limit:
        return f"{path}: is longer than {limit:,} characters"
    if "\x00" in value:
        return f"{path}: contains a NUL character"
    try:  # JSON may carry lone surrogates ("\ud800") that no UTF-8 text can hold
        value.encode("utf-8")
    except UnicodeEncodeError:
        return f"{path}: contains broken Unicode text"
    return None


def parse_json_import(text: str, name: str) -> list[ImportItem]:
    try:
        doc = json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_parse_constant,
            object_pairs_hook=_object,
        )
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}."
        ) from None
    except (RecursionError, ValueError):  # nesting too deep for the parser
        raise ImportRejected(
            f"{name} is not a Relapp export: its JSON is too deeply nested "
            "or holds a number too large to read."
        ) from None
    if isinstance(doc, _Bad):
        raise ImportRejected(f"{name} is not a Relapp export: {doc.reason}.")
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ImportRejected(f'{name} is not a Relapp export (expected "format": "{FORMAT}").')
    version = doc.get("version")
    if type(version) is not int or version != FORMAT_VERSION:
        raise ImportRejected(
            f"{name} uses format version {shown(version)}; expected {FORMAT_VERSION}."
        )
    rows = doc.get("records")
    if isinstance(rows, _Bad):
        raise ImportRejected(f'{name}: "records": {rows.reason}.')
    if not isinstance(rows, list):
        raise ImportRejected(f'{name}: "records" must be a list.')
    if len(rows) > MAX_RECORDS:
        raise ImportRejected(f"{name} holds more than {MAX_RECORDS:,} records.")
    items: list[ImportItem] = []
    seen: set[str] = set()
    for i, row in enumerate(rows):
        where = f"{name}: records[{i}]"
        if isinstance(row, _Bad):
            raise ImportRejected(f"{where}: {row.reason}.")
        if not isinstance(row, dict):
            raise ImportRejected(f"{where}: must be an object with kind and data.")
        unknown = [k for k in row if k not in ("id", "kind", "data")]
        if unknown:
            raise ImportRejected(
                f"{where}: {shown(unknown[0])} is not a key of a record (id, kind, data)."
            )
        kind, data, rid = row.get("kind"), row.get("data"), row.get("id")
        if not isinstance(kind, str) or kind not in domain.KINDS:
            raise ImportRejected(
                f"{where}: kind {shown(kind)} is not a kind of record Relapp keeps."
            )
        if rid is not None and (not isinstance(rid, str) or not domain._ID.match(rid)):
            raise ImportRejected(
                f"{where}: id must be a record id (up to 64 letters, digits and . _ : -)."
            )
        if rid in seen:
            raise ImportRejected(f"{where}: id {rid} appears twice in the file.")
        if rid:
            seen.add(rid)
        where = f"{where} ({kind})"
        if isinstance(data, _Bad):
            raise ImportRejected(f"{where}: data: {data.reason}.")
        if not isinstance(data, dict):
            raise ImportRejected(f"{where}: data must be an object.")
        for field, value in data.items():
            if not FIELD_NAME.fullmatch(field):
                raise ImportRejected(f"{where}: {shown(field)} is not a field of this record.")
            problem = _check_value(value, field, 1)
            if problem:
                raise ImportRejected(f"{where}: {problem}.")
        items.append(ImportItem(kind, data, rid or None, where))
    return items
