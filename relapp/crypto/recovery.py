"""One-time recovery codes: 144 random bits plus a 16-bit checksum, in Crockford base32 groups.

The checksum catches a mistyped code before any decryption is tried, so a typo is reported as
a typo rather than as a wrong code. Because the code carries 144 bits of entropy, HKDF is
enough to turn it into a key; there is nothing to gain from a slow KDF here.
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from relapp.crypto.digest import sha256

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
_DECODE = {c: i for i, c in enumerate(ALPHABET)}
_DECODE.update({"O": 0, "I": 1, "L": 1})
SECRET_BYTES = 18
CHECK_BYTES = 2
GROUP = 4


class RecoveryCodeError(ValueError):
    pass


def _checksum(secret: bytes, length: int = CHECK_BYTES) -> bytes:
    return sha256(b"relapp-recovery-check" + secret)[:length]


def _encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    chars = []
    for _ in range(len(data) * 8 // 5):
        chars.append(ALPHABET[number & 31])
        number >>= 5
    text = "".join(reversed(chars))
    return "-".join(text[i : i + GROUP] for i in range(0, len(text), GROUP))


def encode_secret(secret: bytes, check_bytes: int = CHECK_BYTES) -> str:
    """Secret plus checksum as a grouped code; (len + check) * 8 must divide by 5."""
    if (len(secret) + check_bytes) * 8 % 5:
        raise ValueError("secret and checksum lengths must fill whole characters")
    return _encode(secret + _checksum(secret, check_bytes))


def decode_secret(code: str, secret_bytes: int, check_bytes: int, what: str) -> bytes:
    """Return the secret bytes, or raise RecoveryCodeError saying what is wrong."""
    cleaned = "".join(ch for ch in code.upper() if ch not in " -\t\n")
    expected_len = (secret_bytes + check_bytes) * 8 // 5
    if len(cleaned) != expected_len:
        raise RecoveryCodeError(
            f"{what} has {expected_len} characters; this one has {len(cleaned)}."
        )
    number = 0
    for ch in cleaned:
        if ch not in _DECODE:
            raise RecoveryCodeError(f"The character {ch!r} is never used in {what.lower()}.")
        number = (number << 5) | _DECODE[ch]
    data = number.to_bytes(secret_bytes + check_bytes, "big")
    secret, check = data[:secret_bytes], data[secret_bytes:]
    if _checksum(secret, check_bytes) != check:
        raise RecoveryCodeError(f"{what} has a typing mistake: please check it again.")
    return secret


def new_recovery_code() -> str:
    return encode_secret(os.urandom(SECRET_BYTES))


def parse_recovery_code(code: str) -> bytes:
    return decode_secret(code, SECRET_BYTES, CHECK_BYTES, "A recovery code")


def recovery_key(secret: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"relapp-recovery-v1").derive(
        secret
    )
