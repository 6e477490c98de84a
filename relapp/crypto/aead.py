"""Sealing with AES-256-GCM: a random 96-bit nonce is stored in front of the ciphertext."""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_LEN = 12
KEY_LEN = 32
FORMAT_V1 = b"\x01"


class DecryptionError(Exception):
    """A sealed blob did not open: wrong key, wrong associated data, or altered bytes."""


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


class Sealer:
    """Seals and opens with one key; holds the AESGCM object so bulk work does not rebuild it."""

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_LEN:
            raise ValueError("AES-256-GCM needs a 32-byte key")
        self._aead = AESGCM(key)

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        nonce = os.urandom(NONCE_LEN)
        return FORMAT_V1 + nonce + self._aead.encrypt(nonce, plaintext, aad)

    def open(self, blob: bytes, aad: bytes) -> bytes:
        if not isinstance(blob, bytes) or len(blob) < 1 + NONCE_LEN + 16 or blob[:1] != FORMAT_V1:
            raise DecryptionError("sealed data is truncated or of an unknown format")
        nonce = blob[1 : 1 + NONCE_LEN]
        try:
            return self._aead.decrypt(nonce, blob[1 + NONCE_LEN :], aad)
        except InvalidTag as exc:
            raise DecryptionError("sealed data failed its integrity check") from exc
