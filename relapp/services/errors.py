"""Errors the services raise for people to read; each message is a complete sentence."""

from __future__ import annotations

import errno

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
    "why_not_written",
]


class ServiceError(Exception):
    pass


class ImportRejected(ServiceError):
    pass


def why_not_written(exc: OSError) -> str:
    """Why a file could not be written, as words for the person: "the drive is full"."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the drive is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "Relapp may not write there"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "the folder is not there any more"
    return exc.strerror or str(exc)
