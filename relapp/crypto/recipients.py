"""Wrapping a content key for each recipient with HPKE (RFC 9180), and Ed25519 signatures.

Suite: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, single-shot base mode. The
`info` binds a wrapped key to its team, bundle and audience, so a wrapped key lifted from one
bundle does not open in another.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.hpke import AEAD, KDF, KEM, Suite

from relapp.crypto.aead import DecryptionError

_SUITE = Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.AES_256_GCM)


class BadSignature(Exception):
    pass


def wrap_for(recipient_public: bytes, content_key: bytes, info: bytes) -> bytes:
    return _SUITE.encrypt(content_key, X25519PublicKey.from_public_bytes(recipient_public), info)


def unwrap(private: bytes, wrapped: bytes, info: bytes) -> bytes:
    try:
        return _SUITE.decrypt(wrapped, X25519PrivateKey.from_private_bytes(private), info)
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError("this key was not wrapped for us, or was altered") from exc


def sign(private: bytes, message: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private).sign(message)


def verify(public: bytes, signature: bytes, message: bytes) -> None:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError) as exc:
        raise BadSignature("signature does not match") from exc


def generate_x25519() -> tuple[bytes, bytes]:
    """(private, public) raw bytes — used for the organisation's recovery key pair."""
    from cryptography.hazmat.primitives import serialization

    key = X25519PrivateKey.generate()
    raw = serialization.Encoding.Raw
    private = key.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    return private, key.public_key().public_bytes(raw, serialization.PublicFormat.Raw)
