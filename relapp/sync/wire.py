"""What a file in the shared folder may hold, checked before anything trusts it.

Anyone who can write to the shared folder can put any bytes under any name there, so every
reader goes through here: the size is checked with ``fstat`` on the opened file before a
byte is read and the read itself is bounded (a sparse 8 GiB file, a FIFO or a link named
like a bundle costs nothing); JSON is decoded by msgspec against a typed schema with bounds
on every string, number and list (``Infinity``, ``1e999``, a 5,000-digit number, a header
that is ``[`` two hundred thousand times, are each one clear refusal); and what a schema
leaves open (a record's own fields) is checked for depth and against the record kind's rules.

Every failure is a ``FileRefused`` with a sentence a person can read; the caller quarantines
that one file and goes on. Unknown fields are ignored rather than refused, so a laptop that
upgrades first can still be read by one that has not.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec

from relapp.domain import hlc
from relapp.domain import records as domain

MAX_DEPTH = 16  # a record's own fields: reflections, members, actions are 3 deep at most
MAX_EVENTS = 100_000
MAX_SECTIONS = 1_000
MAX_RECIPIENTS = 10_000
MAX_CLOCK_MILLIS = hlc.MAX_MILLIS  # the year 9000

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_OPEN_FLAGS |= getattr(os, "O_BINARY", 0)


class FileRefused(Exception):
    """A file from the shared folder that Relapp will not use; the reason is for people."""


# ---- reading ---------------------------------------------------------------------------


def read_bounded(path: Path, limit: int) -> bytes:
    """The whole file, if it is a plain file of at most ``limit`` bytes.

    Raises FileRefused for anything else (too large, a link, a device, a FIFO) and OSError
    when the folder cannot be read at all (the caller tells that apart from damage)."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if os.path.islink(path):
            raise FileRefused("is a link, which Relapp never writes") from None
        raise exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused("is not a plain file")
        if info.st_size > limit:
            raise FileRefused(f"is larger ({info.st_size:,} bytes) than Relapp ever writes")
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileRefused("grew larger than Relapp ever writes while it was read")
    return data


def decode(data: bytes, schema: Any, what: str) -> Any:
    """Decode JSON bytes against a schema; FileRefused names the field that is wrong."""
    try:
        return msgspec.json.decode(data, type=schema)
    except msgspec.ValidationError as exc:
        raise FileRefused(f"{what}: {_plain(exc)}") from None
    except msgspec.DecodeError as exc:
        raise FileRefused(f"{what} is not valid JSON ({exc})") from None
    except RecursionError:
        raise FileRefused(f"{what} is nested too deeply") from None


def convert(value: Any, schema: Any, what: str) -> Any:
    """Check an already decoded value (a signed body kept as it was signed) against a schema."""
    try:
        return msgspec.convert(value, type=schema, strict=True)
    except msgspec.ValidationError as exc:
        raise FileRefused(f"{what}: {_plain(exc)}") from None
    except RecursionError:
        raise FileRefused(f"{what} is nested too deeply") from None


def _plain(exc: Exception) -> str:
    """msgspec's message, with a pattern said in words: "Expected `str` in the expected
    form - at `$.sections[0].keys`" reads better to IT staff than the regex itself."""
    return clean_reason(re.sub(r"matching regex '.*?' - at", "in the expected form - at", str(exc)))


def depth_within(value: Any, limit: int = MAX_DEPTH) -> bool:
    """True when lists and mappings nest at most ``limit`` deep. Only lists and mappings are
    looked into, and never below ``limit``: a file nested a million deep costs limit calls."""
    return _within(value, limit) if isinstance(value, _NESTED) else True


def _within(item: Any, levels: int) -> bool:
    if levels < 1:
        return False
    for child in item.values() if isinstance(item, dict) else item:
        if isinstance(child, _NESTED) and not _within(child, levels - 1):
            return False
    return True


_NESTED = (dict, list)


# ---- the shapes ------------------------------------------------------------------------

Hex = Annotated[str, msgspec.Meta(pattern="^[0-9a-f]*\\Z", max_length=64)]
TeamId = Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{32}\\Z")]
DeviceId = Annotated[
    str,
    msgspec.Meta(pattern="^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\Z"),
]
RecordId = Annotated[str, msgspec.Meta(pattern=domain.RECORD_ID.pattern)]
Clock = Annotated[str, msgspec.Meta(pattern="^[0-9]{15}\\.[0-9]{6}\\Z")]
Seq = Annotated[int, msgspec.Meta(ge=1, le=9_999_999_999)]
Base64 = Annotated[str, msgspec.Meta(pattern="^[A-Za-z0-9+/]*={0,2}\\Z", max_length=4096)]
Label = Annotated[  # printable: it can end up in a reason shown to people
    str, msgspec.Meta(min_length=1, max_length=200, pattern="^[^\\x00-\\x1f\\x7f-\\x9f]*\\Z")
]


class SectionHeader(msgspec.Struct):
    audience: Label
    keys: Annotated[
        dict[Annotated[str, msgspec.Meta(max_length=64)], Base64],
        msgspec.Meta(max_length=MAX_RECIPIENTS),
    ]
    size: Annotated[int, msgspec.Meta(ge=29, le=64 * 1024 * 1024)]


class BundleHeader(msgspec.Struct):
    format: Literal[1]
    team: TeamId
    device: DeviceId
    member: RecordId
    seq: Seq
    prev: Hex
    created: Clock
    sections: Annotated[list[SectionHeader], msgspec.Meta(max_length=MAX_SECTIONS)]
    kind: Literal["bundle", "snapshot"] = "bundle"
    extra: Annotated[dict[str, Any], msgspec.Meta(max_length=64)] = {}


# Untracked by the garbage collector (decoded JSON holds no cycles): a first sync decodes
# tens of thousands at once.
class Event(msgspec.Struct, gc=False):
    id: RecordId
    record: RecordId
    kind: Literal[domain.ALL_KINDS]  # type: ignore[valid-type]
    hlc: Clock
    author: RecordId
    device: DeviceId
    data: dict[str, Any]
    parent: RecordId | None = None
    parent_id: RecordId | None = None
    deleted: bool = False
    resolves: Annotated[list[RecordId], msgspec.Meta(max_length=1000)] = []


EVENTS = Annotated[list[Event], msgspec.Meta(max_length=MAX_EVENTS)]


def events_from(plain: bytes, what: str) -> list[dict[str, Any]]:
    """A section's events, each checked: its shape here, its record's fields by the kind's
    rules (fields a newer Relapp added are kept unchecked)."""
    events = decode(plain, EVENTS, what)
    out = []
    for index, event in enumerate(events):
        if int(event.hlc[:15]) > MAX_CLOCK_MILLIS:
            raise FileRefused(f"{what}, change {index + 1} is dated after the year 9000")
        if not depth_within(event.data):
            raise FileRefused(f"{what}, change {index + 1} is nested too deeply")
        try:
            domain.check_received(event.kind, event.data)
        except domain.ValidationError as exc:
            raise FileRefused(
                f"{what}, change {index + 1} ({event.kind}): {exc.field} {exc.message}"
            ) from None
        out.append(msgspec.structs.asdict(event))
    return out


# An audit entry as its laptop wrote it (relapp.store.audit): its records are the JSON text its
# hash covers, kept as text so the hash can be checked on arrival.
MAX_AUDIT_ENTRIES = 1_000_000
AuditAction = Annotated[str, msgspec.Meta(pattern="^[a-z_]{1,40}\\Z")]
AuditTime = Annotated[
    str, msgspec.Meta(pattern="^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{8,15}\\+00:00\\Z")
]
Hash64 = Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{64}\\Z")]


class AuditEntry(msgspec.Struct, gc=False):
    seq: Seq
    at: AuditTime
    member: RecordId
    device: DeviceId
    action: AuditAction
    records: Annotated[str, msgspec.Meta(max_length=4 * 1024 * 1024)]
    prev: Hash64
    hash: Hash64


AUDIT_ENTRIES = Annotated[list[AuditEntry], msgspec.Meta(max_length=MAX_AUDIT_ENTRIES)]
_RECORD_IDS = Annotated[list[RecordId], msgspec.Meta(max_length=100_000)]


def audit_from(plain: bytes, what: str) -> list[dict[str, Any]]:
    """A section of audit entries, each checked: its shape, and its records a list of ids."""
    entries = decode(plain, AUDIT_ENTRIES, what)
    for index, entry in enumerate(entries):
        decode(entry.records.encode(), _RECORD_IDS, f"{what}, entry {index + 1}'s records")
    return [msgspec.structs.asdict(e) for e in entries]


class SignedFile(msgspec.Struct):
    """A team change or a join request: a body kept as signed, its signer and signature."""

    body: dict[str, Any]
    sig: Base64
    signer: str = ""


_B64_KEY = Annotated[str, msgspec.Meta(pattern="^[A-Za-z0-9+/]{43}=\\Z")]


class Founder(msgspec.Struct):
    member_id: RecordId
    device_id: DeviceId
    x25519: _B64_KEY
    ed25519: _B64_KEY
    role: Literal["supervisor"] = "supervisor"


class Genesis(msgspec.Struct, tag="genesis", tag_field="type"):
    name: Annotated[str, msgspec.Meta(max_length=200)]
    hlc: Clock
    recovery_public: _B64_KEY
    founder: Founder
    nonce: Hex = ""


class Names(msgspec.Struct, tag="names", tag_field="type"):
    team: TeamId
    hlc: Clock
    member_id: RecordId
    name_sealed: Base64
    names_key: Annotated[dict[DeviceId, Base64], msgspec.Meta(max_length=MAX_RECIPIENTS)]


class AddDevice(msgspec.Struct, tag="add_device", tag_field="type"):
    team: TeamId
    hlc: Clock
    member_id: RecordId
    role: Literal["practitioner", "supervisor"]
    device_id: DeviceId
    x25519: _B64_KEY
    ed25519: _B64_KEY
    names_key: Base64
    name_sealed: Base64 = ""


class Pin(msgspec.Struct):
    """The last bundle a removed member's device may still be read up to."""

    seq: Annotated[int, msgspec.Meta(ge=0, le=9_999_999_999)]
    digest: Hex
    team_files: Annotated[
        list[Annotated[str, msgspec.Meta(max_length=64)]], msgspec.Meta(max_length=10_000)
    ] = []


class RemoveMember(msgspec.Struct, tag="remove_member", tag_field="type"):
    team: TeamId
    hlc: Clock
    member_id: RecordId
    # Written since removals pin the removed devices and replace the names key; a removal
    # written before that has neither, and is read as before.
    pins: Annotated[dict[DeviceId, Pin], msgspec.Meta(max_length=1000)] = {}
    names_key: Annotated[dict[DeviceId, Base64], msgspec.Meta(max_length=MAX_RECIPIENTS)] = {}
    names_sealed: Annotated[dict[RecordId, Base64], msgspec.Meta(max_length=MAX_RECIPIENTS)] = {}


class Retention(msgspec.Struct, tag="retention", tag_field="type"):
    """The team's retention rule: families closed more than this many years ago are erased
    (0: no automatic erasure)."""

    team: TeamId
    hlc: Clock
    member_id: RecordId  # the supervisor who set it
    closed_years: Annotated[int, msgspec.Meta(ge=0, le=99)]
    # Written since the rule covers drafts and words not sent: unfinished reflection drafts
    # untouched for this many days are discarded, and words typed but not sent (0: never).
    # A rule written before has neither, and is read as 0.
    draft_days: Annotated[int, msgspec.Meta(ge=0, le=3650)] = 0
    unsent_days: Annotated[int, msgspec.Meta(ge=0, le=3650)] = 0


class RetireDevice(msgspec.Struct, tag="retire_device", tag_field="type"):
    """A supervisor retires one laptop that will never come back (lost, broken, handed in).

    The laptop's chain ends at ``seq``/``digest``: the last bundle the signing supervisor's
    laptop read from it and has re-published in its own folder, so readers no longer need the
    retired laptop's files and they can be removed. ``team_files`` are the team files it had
    written (any other in its folder is refused). A new names key is wrapped for the laptops
    that stay, as at a removal."""

    team: TeamId
    hlc: Clock
    member_id: RecordId  # whose laptop it was
    device_id: DeviceId
    seq: Annotated[int, msgspec.Meta(ge=0, le=9_999_999_999)]
    digest: Hex
    team_files: Annotated[
        list[Annotated[str, msgspec.Meta(max_length=64)]], msgspec.Meta(max_length=10_000)
    ] = []
    names_key: Annotated[dict[DeviceId, Base64], msgspec.Meta(max_length=MAX_RECIPIENTS)] = {}
    names_sealed: Annotated[dict[RecordId, Base64], msgspec.Meta(max_length=MAX_RECIPIENTS)] = {}


TeamChange = Genesis | Names | AddDevice | RemoveMember | Retention | RetireDevice


class JoinName(msgspec.Struct):
    sealed: Base64
    keys: Annotated[dict[DeviceId, Base64], msgspec.Meta(max_length=MAX_RECIPIENTS)]


class JoinRequestBody(msgspec.Struct, tag="join", tag_field="type"):
    team: TeamId
    hlc: Clock
    member_id: RecordId
    role: Label
    device_id: DeviceId
    x25519: _B64_KEY
    ed25519: _B64_KEY
    name: JoinName


def clean_reason(text: str, limit: int = 300) -> str:
    """A reason as it may be shown: one line, printable, bounded (a hostile value can land
    in a msgspec message)."""
    text = re.sub(r"[^\x20-\x7e\u00a0-\uffff]|[\u2028\u2029\u202a-\u202e\u2066-\u2069]", "?", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
