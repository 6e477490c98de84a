"""A record as the store hands it out and takes it in (Record, NewRecord), its body as the JSON
text the database keeps, the fields a list may keep of it, and the store's errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import msgspec

from relapp.domain.ids import uuid7

json_decode = msgspec.json.Decoder().decode


class VaultError(Exception):
    """A problem the person can act on; the message is a sentence for them."""


class WrongPassphrase(VaultError):
    pass


class TooManyAttempts(VaultError):
    pass


class VaultLocked(VaultError):
    pass


class BackupStopped(VaultError):
    """A backup was stopped before it was finished (a lock, an erasure); nothing of it is
    left, and the next one is taken as if it had never begun."""


class RecordNotFound(VaultError):
    pass


class VersionConflict(VaultError):
    pass


class RecordUnreadable(VaultError):
    """One record's stored bytes failed to decrypt: damaged or tampered."""


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def new_id() -> str:
    return uuid7()


@dataclass(slots=True)
class Record:
    id: str
    kind: str
    version: int
    created_at: str
    updated_at: str
    author: str
    deleted: bool
    parent_id: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True)
class Identity:
    member_id: str
    name: str
    role: str


@dataclass(frozen=True)
class NewRecord:
    kind: str
    data: dict[str, Any]
    id: str | None = None
    parent_id: str | None = None
    expected_version: int | None = None


# What json.dumps(data, **these) would build anew for every body.
_body_encoder = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False
)


def encode_body(data: dict[str, Any]) -> str:
    """A record's data as the JSON text the database keeps (and its JSON functions read)."""
    try:
        return _body_encoder.encode(data)
    except ValueError as exc:  # NaN or infinity: not JSON, and no record needs one
        raise VaultError(f"A value in this record cannot be stored: {exc}.") from None


def decode_body(body: Any) -> dict[str, Any]:
    """The data of a stored body; ValueError if it is not a JSON object (a body that could
    not be opened when the profile's rows were last sealed one by one stays as its bytes)."""
    if not isinstance(body, str):
        raise ValueError("not readable")
    data = json_decode(body)
    if not isinstance(data, dict):
        raise ValueError("not an object")
    return data


Keep = Callable[[dict[str, Any]], dict[str, Any]]


def fields(*names: str) -> Keep:
    """A `keep` for Vault.list/iter: only these fields of each record's data.

    Values of the fields in SHARED (a family's id on each of its visits, a check-in's
    respondent) become one string each instead of one per record.
    """
    shared = frozenset(names) & SHARED

    def keep(data: dict[str, Any]) -> dict[str, Any]:
        out = {name: data[name] for name in names if name in data}
        for name in shared:
            value = out.get(name)
            if type(value) is str:
                out[name] = sys.intern(value)
        return out

    return keep


# Fields whose values repeat across many records of a profile.
SHARED = frozenset(
    ("family_id", "instrument_id", "respondent", "status", "mode", "template_id", "category")
)


def interned(value: str) -> str:
    # Kinds and authors repeat on every row: one string each instead of one per record.
    return sys.intern(value) if isinstance(value, str) else value
