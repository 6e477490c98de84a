"""The secrets a profile holds, and how they are wrapped under a passphrase or recovery key.

A keyring is the vault key plus the person's X25519 (recipient) and Ed25519 (signing) private
keys. It is serialised, then sealed with AES-256-GCM under a key-encryption key that comes from
the passphrase (Argon2id) or the recovery code (HKDF). Changing the passphrase re-seals the
keyring only; record bodies never change.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from relapp.crypto.aead import Sealer, new_key

_RAW = serialization.Encoding.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_NO_ENC = serialization.NoEncryption()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class Keyring:
    vault_key: bytes
    x25519_private: bytes
    ed25519_private: bytes

    @classmethod
    def generate(cls) -> Keyring:
        x = X25519PrivateKey.generate().private_bytes(_RAW, _RAW_PRIV, _NO_ENC)
        e = Ed25519PrivateKey.generate().private_bytes(_RAW, _RAW_PRIV, _NO_ENC)
        return cls(vault_key=new_key(), x25519_private=x, ed25519_private=e)

    def x25519_public(self) -> bytes:
        key = X25519PrivateKey.from_private_bytes(self.x25519_private)
        return key.public_key().public_bytes(_RAW, _RAW_PUB)

    def ed25519_public(self) -> bytes:
        key = Ed25519PrivateKey.from_private_bytes(self.ed25519_private)
        return key.public_key().public_bytes(_RAW, _RAW_PUB)

    def to_bytes(self) -> bytes:
        return json.dumps(
            {
                "v": 1,
                "vault_key": _b64(self.vault_key),
                "x25519": _b64(self.x25519_private),
                "ed25519": _b64(self.ed25519_private),
            }
        ).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Keyring:
        obj = json.loads(data)
        return cls(
            vault_key=base64.b64decode(obj["vault_key"]),
            x25519_private=base64.b64decode(obj["x25519"]),
            ed25519_private=base64.b64decode(obj["ed25519"]),
        )


def wrap_keyring(keyring: Keyring, kek: bytes, aad: bytes) -> bytes:
    return Sealer(kek).seal(keyring.to_bytes(), aad)


def unwrap_keyring(blob: bytes, kek: bytes, aad: bytes) -> Keyring:
    """Raises relapp.crypto.aead.DecryptionError when the key is wrong."""
    return Keyring.from_bytes(Sealer(kek).open(blob, aad))
