"""Reading one definition file as strict JSON (no duplicate keys, no NaN) and its fields with
checked types, so every complaint can name the file and the field."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from relapp.domain.definitions.model import DefinitionError

# Ids end up stored in encrypted records and synced between devices, so they must stay stable and
# unambiguous: no spaces, no capitals that a hand-edited file could get subtly wrong.
_ID_PATTERN = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")


class Reader:
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
            self.fail(where or "(top level)", f"must be an object, not {describe_value(value)}")
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
            self.fail(_join(where, key), f"must be {kind}, not {describe_value(value)}")
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
            self.fail(_join(where, key), f"must be a whole number, not {describe_value(value)}")
        return value

    def number(self, data: dict[str, Any], where: str, key: str) -> float:
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(_join(where, key), f"must be a number, not {describe_value(value)}")
        if not math.isfinite(value):
            self.fail(_join(where, key), "must be a finite number")
        return float(value)

    def boolean(self, data: dict[str, Any], where: str, key: str) -> bool:
        value = data[key]
        if not isinstance(value, bool):
            self.fail(_join(where, key), f"must be true or false, not {describe_value(value)}")
        return value

    def version(self, data: dict[str, Any]) -> int:
        value = self.integer(data, "", "version")
        if value < 1:
            self.fail("version", f"must be 1 or more, not {value}")
        return value

    def list_of(self, value: Any, where: str, *, non_empty: bool) -> list[Any]:
        if not isinstance(value, list):
            self.fail(where or "(top level)", f"must be a list, not {describe_value(value)}")
        if non_empty and not value:
            self.fail(where or "(top level)", "must not be empty")
        return value

    def unique(self, value: str, where: str, seen: dict[str, str], what: str) -> None:
        if value in seen:
            self.fail(where, f"duplicate {what} {value!r} (also at {seen[value]})")
        seen[value] = where


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


def describe_value(value: Any) -> str:
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
