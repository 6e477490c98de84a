"""The key ring file beside the encrypted database: what opens the vault before it is open.

The database is encrypted as a whole with the vault key, so nothing in it can be read before
unlock. What unlock needs lives here, in ``vault.keys``: the profile id, the key ring sealed
twice (under the passphrase's Argon2id key and under the recovery code's key), and the count
of recent wrong attempts. Changing the passphrase rewrites this small file only.

The file is written whole to a temporary name, flushed and renamed over the old one, so a
crash leaves either the old or the new file, never half of one.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relapp.files import write_atomically

KEYS_NAME = "vault.keys"
FORMAT = 1
MAX_KEY_FILE = 64 * 1024


class KeyFileError(Exception):
    """The key ring file is missing or damaged; the sentence says which."""


@dataclass
class Slot:
    salt: bytes
    params: str  # JSON, as stored beside the salt
    wrapped: bytes
    updated_at: str


@dataclass
class KeyFile:
    path: Path
    profile_id: str
    slots: dict[str, Slot] = field(default_factory=dict)
    failures: int = 0
    last_failure: str = ""

    @classmethod
    def path_in(cls, folder: Path) -> Path:
        return Path(folder) / KEYS_NAME

    @classmethod
    def load(cls, folder: Path) -> KeyFile:
        path = cls.path_in(folder)
        try:
            if path.stat().st_size > MAX_KEY_FILE:
                raise KeyFileError(f"The key file {path} is damaged (too large).")
            doc = json.loads(path.read_bytes())
            if doc.get("format") != FORMAT:
                raise KeyFileError(f"The key file {path} was written by another Relapp.")
            slots = {
                kind: Slot(
                    base64.b64decode(s["salt"]),
                    str(s["params"]),
                    base64.b64decode(s["wrapped"]),
                    str(s["updated_at"]),
                )
                for kind, s in doc["slots"].items()
            }
            attempts = doc.get("attempts", {})
            return cls(
                path,
                str(doc["profile_id"]),
                slots,
                int(attempts.get("failures", 0)),
                str(attempts.get("last_failure", "")),
            )
        except FileNotFoundError:
            raise KeyFileError(
                f"The key file {path} is missing: this profile cannot be opened without it. "
                "Restore it from a copy of the profile folder."
            ) from None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeyFileError(f"The key file {path} is damaged ({exc}).") from None

    @classmethod
    def from_plain_database(cls, folder: Path, conn: sqlite3.Connection) -> KeyFile:
        """What a profile written before the database was encrypted kept in its tables."""
        row = conn.execute("SELECT value FROM meta WHERE key = 'profile_id'").fetchone()
        keys = cls(cls.path_in(folder), row[0] if row else "")
        for kind, salt, params, wrapped, updated in conn.execute(
            "SELECT kind, salt, params, wrapped, updated_at FROM keyslots"
        ):
            keys.slots[kind] = Slot(bytes(salt), params, bytes(wrapped), updated)
        try:
            attempt = conn.execute(
                "SELECT failures, last_failure FROM unlock_attempts WHERE id = 1"
            ).fetchone()
        except sqlite3.OperationalError:
            attempt = None
        if attempt:
            keys.failures, keys.last_failure = int(attempt[0]), str(attempt[1])
        return keys

    def reload_attempts(self) -> None:
        """Take the count of wrong attempts from the file: another process may have added
        to it (two windows, the command line)."""
        if not self.path.exists():
            return
        try:
            fresh = KeyFile.load(self.path.parent)
        except KeyFileError:
            return
        self.failures, self.last_failure = fresh.failures, fresh.last_failure

    def document(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "profile_id": self.profile_id,
            "slots": {
                kind: {
                    "salt": base64.b64encode(s.salt).decode(),
                    "params": s.params,
                    "wrapped": base64.b64encode(s.wrapped).decode(),
                    "updated_at": s.updated_at,
                }
                for kind, s in sorted(self.slots.items())
            },
            "attempts": {"failures": self.failures, "last_failure": self.last_failure},
        }

    def save(self) -> None:
        write_atomically(self.path, json.dumps(self.document(), indent=1, sort_keys=True).encode())
