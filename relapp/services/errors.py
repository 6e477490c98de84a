"""Errors the services raise for people to read; each message is a complete sentence."""

from __future__ import annotations

# What the store raises that a screen may have to tell the person, offered here so that the
# screens need not know the store at all.
from relapp.store.vault import (
    Record,
    RecordNotFound,
    RecordUnreadable,
    VaultError,
    VaultLocked,
    VersionConflict,
)

__all__ = [
    "ImportRejected",
    "Record",
    "RecordNotFound",
    "RecordUnreadable",
    "ServiceError",
    "VaultError",
    "VaultLocked",
    "VersionConflict",
]


class ServiceError(Exception):
    pass


class ImportRejected(ServiceError):
    pass
