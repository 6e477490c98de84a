"""The team's key for family keys (pseudonyms) in analyst CSVs, and the keyed hash itself."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from relapp.services.errors import ServiceError
from relapp.services.profile import Session
from relapp.store import syncstate
from relapp.store.vault import RecordNotFound

PSEUDONYM_META = "pseudonym_key"
PSEUDONYM_RECORD = "team-key-family-keys"


def pseudonym_key(session: Session, *, create: bool = True) -> bytes | None:
    """The team's key for family keys in analyst CSVs: 32 random bytes, made by the first
    supervisor who exports, kept in a record that sync brings to the team's supervisors only
    (kind team_key), so a family has the same key in every export of the team. Two
    supervisors who make one before their laptops sync end with the same one (the record's
    head, chosen alike on every laptop); exports made before that used their own.
    `relapp report key` still copies it by hand, for a laptop outside the team."""
    try:
        held = session.vault.get(PSEUDONYM_RECORD)
    except RecordNotFound:
        held = None
    if held is not None and held.error is None and not held.deleted:
        return bytes.fromhex(str(held.data["key"]))
    earlier = syncstate.get_meta(session.vault, PSEUDONYM_META)  # kept here by 2026-12 laptops
    if not earlier and not create:
        return None
    text = earlier or secrets.token_bytes(32).hex()
    _keep_key(session, text)
    return bytes.fromhex(text)


def set_pseudonym_key(session: Session, text: str) -> None:
    """Use the team's key (64 hex digits, as `relapp report key --out` writes it)."""
    cleaned = "".join(str(text).split()).lower()
    if len(cleaned) != 64 or any(c not in "0123456789abcdef" for c in cleaned):
        raise ServiceError("The key is 64 hexadecimal digits, as `relapp report key` wrote it.")
    _keep_key(session, cleaned)


def _keep_key(session: Session, text: str) -> None:
    """A supervisor's laptop keeps the key as the record its team's supervisors share; any
    other keeps it to itself (the team's laptops refuse that record from anyone else)."""
    if session.vault.identity().role != "supervisor":
        syncstate.set_meta(session.vault, PSEUDONYM_META, text)
        return
    session.vault.put(
        "team_key", {"purpose": "family_key", "key": text}, record_id=PSEUDONYM_RECORD
    )


def family_key(key: bytes, family_id: str) -> str:
    """A family's pseudonym: a keyed hash (HMAC-SHA-256) of its record id, the same in every
    export made with the team's key, and not computable from the reference or the id without
    it."""
    digest = hmac.new(key, f"relapp-family-key|{family_id}".encode(), hashlib.sha256)
    return "F" + digest.hexdigest()[:15].upper()
