"""The bundle file: a device's batch of events, encrypted per audience and signed.

Layout (all lengths big-endian)::

    b"RLB1" | u32 header length | header (JSON, UTF-8) | section ciphertexts | Ed25519 signature

The header carries only ids and sizes: team, device, member, sequence number, the hash of
the device's previous bundle, and per audience section the recipients' device ids with the
section key wrapped for each (HPKE) plus the organisation's recovery key. Each section is
zlib-compressed JSON sealed with AES-256-GCM under a fresh key; its associated data is the
header's hash and the audience, so a section cannot be moved to another bundle. The signature
covers every byte before it.
"""

from __future__ import annotations

import base64
import json
import re
import struct
import zlib
from dataclasses import dataclass, field
from typing import Any

from relapp.crypto.aead import DecryptionError, Sealer, new_key
from relapp.crypto.digest import sha256, sha256_hex
from relapp.crypto.recipients import BadSignature, sign, unwrap, verify, wrap_for
from relapp.sync import wire

MAGIC = b"RLB1"
SIGNATURE_LEN = 64
MAX_BUNDLE_BYTES = 64 * 1024 * 1024
MAX_HEADER_BYTES = 4 * 1024 * 1024
MAX_PLAIN_BYTES = 256 * 1024 * 1024  # one section, opened
RECOVERY = "recovery"
NAME_PATTERN = re.compile(r"^([0-9]{10})-([0-9a-f]{16})\.rlb\Z")
SNAPSHOT_PATTERN = re.compile(r"^([0-9]{10})-([0-9a-f]{16})\.rls\Z")
KINDS = ("bundle", "snapshot")
# A section of audit entries (relapp.store.audit) is named and keyed with this prefix: its
# keys are labelled "audit:<device id>" (and "audit:recovery"), so a Relapp from before the
# trail was sent finds no key of its own there and passes over it.
AUDIT = "audit:"


class BundleRejected(wire.FileRefused):
    """A file failed a length, hash, signature or decryption check. Quarantine, never delete."""


class SignedContentRefused(BundleRejected):
    """A file its device did sign, holding what Relapp cannot read: that laptop's Relapp is
    faulty or modified (nobody else can write it)."""


@dataclass(frozen=True)
class Section:
    audience: str
    events: list[dict[str, Any]]
    recipients: dict[str, bytes]  # recipient id -> X25519 public key


def audit_section(entries: list[dict[str, Any]], recipients: dict[str, bytes]) -> Section:
    """The audit entries of a bundle or snapshot, for these recipients (the supervisors')."""
    return Section(AUDIT + "supervisors", entries, recipients)


@dataclass
class Bundle:
    team_id: str
    device_id: str
    member_id: str
    seq: int
    prev: str
    created: str
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # readable ones
    unreadable: list[str] = field(default_factory=list)  # audiences not addressed to us
    digest: str = ""
    kind: str = "bundle"
    extra: dict[str, Any] = field(default_factory=dict)
    audit: list[dict[str, Any]] = field(default_factory=list)  # audit entries addressed to us


def bundle_name(seq: int, data: bytes) -> str:
    return f"{seq:010d}-{sha256_hex(data)[:16]}.rlb"


def _info(team_id: str, device_id: str, seq: int, audience: str, kind: str = "bundle") -> bytes:
    return f"relapp-{kind}-v1|{team_id}|{device_id}|{seq}|{audience}".encode()


def encode(
    *,
    team_id: str,
    device_id: str,
    member_id: str,
    seq: int,
    prev: str,
    created: str,
    sections: list[Section],
    recovery_public: bytes,
    signing_key: bytes,
    kind: str = "bundle",
    extra: dict[str, Any] | None = None,
) -> bytes:
    keys = {s.audience: new_key() for s in sections}
    plaintexts = {
        s.audience: zlib.compress(
            json.dumps(s.events, ensure_ascii=False, separators=(",", ":")).encode(), 6
        )
        for s in sections
    }
    header_sections = []
    for s in sections:
        info = _info(team_id, device_id, seq, s.audience, kind)
        label = AUDIT if s.audience.startswith(AUDIT) else ""
        wrapped = {
            label + rid: wrap_for(pub, keys[s.audience], info) for rid, pub in s.recipients.items()
        }
        wrapped[label + RECOVERY] = wrap_for(recovery_public, keys[s.audience], info)
        header_sections.append(
            {
                "audience": s.audience,
                "keys": {rid: base64.b64encode(w).decode() for rid, w in sorted(wrapped.items())},
                # sealed size is plaintext + format byte + nonce + tag
                "size": len(plaintexts[s.audience]) + 1 + 12 + 16,
            }
        )
    header = json.dumps(
        {
            "format": 1,
            "kind": kind,
            "extra": extra or {},
            "team": team_id,
            "device": device_id,
            "member": member_id,
            "seq": seq,
            "prev": prev,
            "created": created,
            "sections": header_sections,
        },
        separators=(",", ":"),
        sort_keys=True,
    ).encode()
    header_hash = sha256(header)
    body = b"".join(
        Sealer(keys[s.audience]).seal(plaintexts[s.audience], header_hash + s.audience.encode())
        for s in sections
    )
    unsigned = MAGIC + struct.pack(">I", len(header)) + header + body
    return unsigned + sign(signing_key, unsigned)


def peek_header(data: bytes) -> wire.BundleHeader:
    """Parse and length-check the clear header; raises BundleRejected."""
    return _header(data)[0]


def _header(data: bytes) -> tuple[wire.BundleHeader, int]:
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleRejected("larger than any bundle Relapp writes")
    if len(data) < len(MAGIC) + 4 + SIGNATURE_LEN or data[:4] != MAGIC:
        raise BundleRejected("not a Relapp bundle (wrong start or too short)")
    (header_len,) = struct.unpack(">I", data[4:8])
    if header_len > MAX_HEADER_BYTES or 8 + header_len + SIGNATURE_LEN > len(data):
        raise BundleRejected("truncated (header length does not fit the file)")
    try:
        header = wire.decode(data[8 : 8 + header_len], wire.BundleHeader, "its header")
    except wire.FileRefused as exc:
        raise BundleRejected(f"damaged header: {wire.clean_reason(str(exc))}") from None
    if 8 + header_len + sum(s.size for s in header.sections) + SIGNATURE_LEN != len(data):
        raise BundleRejected("truncated or padded (sizes do not add up)")
    return header, header_len


def verified_header(
    data: bytes, *, team_id: str, signer_public: bytes, expect_kind: str = "bundle"
) -> tuple[wire.BundleHeader, int]:
    """The header of a file its device signed, without opening any section."""
    header, header_len = _header(data)
    if header.team != team_id:
        raise BundleRejected("belongs to another team")
    if header.kind != expect_kind:
        raise BundleRejected(f"a {header.kind} where a {expect_kind} was expected")
    try:
        verify(signer_public, data[-SIGNATURE_LEN:], data[:-SIGNATURE_LEN])
    except BadSignature:
        raise BundleRejected("signature does not match its device") from None
    return header, header_len


def _inflate(blob: bytes, what: str) -> bytes:
    """zlib, bounded: a section never opens to more than MAX_PLAIN_BYTES."""
    inflater = zlib.decompressobj()
    try:
        plain = inflater.decompress(blob, MAX_PLAIN_BYTES)
    except zlib.error:
        raise SignedContentRefused(f"the {what} section is damaged") from None
    if inflater.unconsumed_tail:
        raise SignedContentRefused(f"the {what} section opens to more than Relapp ever writes")
    if not inflater.eof:
        raise SignedContentRefused(f"the {what} section is cut short")
    return plain


def decode(
    data: bytes,
    *,
    team_id: str,
    signer_public: bytes,
    my_id: str,
    my_private: bytes,
    expect_kind: str = "bundle",
) -> Bundle:
    """Verify and open what is addressed to my_id. Raises BundleRejected with the reason."""
    header, header_len = verified_header(
        data, team_id=team_id, signer_public=signer_public, expect_kind=expect_kind
    )
    kind = header.kind
    header_bytes = data[8 : 8 + header_len]
    header_hash = sha256(header_bytes)
    bundle = Bundle(
        team_id=team_id,
        device_id=header.device,
        member_id=header.member,
        seq=header.seq,
        prev=header.prev,
        created=header.created,
        digest=sha256_hex(data),
        kind=kind,
        extra=dict(header.extra),
    )
    offset = 8 + header_len
    seen_audit: set[str] = set()
    for section in header.sections:
        blob = data[offset : offset + section.size]
        offset += section.size
        audience = section.audience
        is_audit = audience.startswith(AUDIT)
        wrapped_b64 = section.keys.get(AUDIT + my_id if is_audit else my_id)
        if wrapped_b64 is None:
            bundle.unreadable.append(audience)
            continue
        if audience in bundle.sections or (is_audit and audience in seen_audit):
            raise BundleRejected(f"holds the {audience} section twice")
        info = _info(team_id, bundle.device_id, bundle.seq, audience, kind)
        try:
            key = unwrap(my_private, base64.b64decode(wrapped_b64), info)
            plain = Sealer(key).open(blob, header_hash + audience.encode())
        except (DecryptionError, ValueError):
            raise SignedContentRefused(f"the {audience} section does not decrypt") from None
        try:
            if is_audit:
                seen_audit.add(audience)
                bundle.audit += wire.audit_from(_inflate(plain, "audit"), "its audit section")
                continue
            events = wire.events_from(_inflate(plain, audience), f"its {audience} section")
        except wire.FileRefused as exc:
            raise SignedContentRefused(wire.clean_reason(str(exc))) from None
        bundle.sections[audience] = events
    return bundle


def snapshot_name(seq: int, data: bytes) -> str:
    return f"{seq:010d}-{sha256_hex(data)[:16]}.rls"


def file_digest_matches(name: str, data: bytes) -> bool:
    match = NAME_PATTERN.match(name) or SNAPSHOT_PATTERN.match(name)
    return bool(match) and sha256_hex(data)[:16] == match.group(2)
