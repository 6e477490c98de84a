"""SHA-256 and random names, from `cryptography`, which Relapp loads anyway.

Python's hashlib, hmac and secrets would map the system's own OpenSSL as well (its libcrypto:
some 3.5 MB of a session's memory, beside the copy inside `cryptography`) for these few calls.
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives import hashes


def sha256(data: bytes) -> bytes:
    digest = hashes.Hash(hashes.SHA256())
    digest.update(data)
    return digest.finalize()


def sha256_hex(data: bytes) -> str:
    return sha256(data).hex()


def token_hex(nbytes: int) -> str:
    """nbytes random bytes as hex, for a name nobody can guess (as secrets.token_hex)."""
    return os.urandom(nbytes).hex()
