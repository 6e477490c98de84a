"""A team's learning figures for a quarter, sealed for the county's system leaders.

Layout (lengths big-endian), the bundle's construction (relapp.sync.bundle) for one audience::

    b"RLF1" | u32 header length | header (JSON) | sealed figures | Ed25519 signature

The header holds the county, team and laptop ids, the quarter, the clock, and the figures' key
wrapped (HPKE) for each system leader's laptop; the figures are zlib-compressed JSON sealed
with AES-256-GCM under a fresh key, the header's hash as associated data; the signature (the
publishing supervisor's laptop) covers every byte before it.

What the figures may hold is fixed by ``Figures`` below and checked on reading: the cells of
the team's own learning report for that quarter, as the report shows them. A count is a
number of 5 or more, or no number and a marker ("fewer than 5", "hidden"); a file with a
count below 5 in it is refused, whoever signed it. No ids of records, no names of people or
families, no written text but the reviewed excerpts a supervisor chose to share.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import struct
import zlib
from typing import Annotated, Any, Literal

import msgspec

from relapp.crypto.aead import DecryptionError, Sealer, new_key
from relapp.crypto.recipients import BadSignature, sign, unwrap, verify, wrap_for
from relapp.sync import wire

MAGIC = b"RLF1"
SIGNATURE_LEN = 64
MAX_FIGURES_FILE = 2 * 1024 * 1024
MAX_HEADER = 512 * 1024
MAX_PLAIN = 8 * 1024 * 1024
SMALL = 5  # relapp.services.disclosure.SMALL_COUNT: sync may not import services
MARKERS = ("fewer than 5", "hidden")


class FiguresRefused(wire.FileRefused):
    """A figures file that fails a length, signature, decryption or content check."""


Quarter = Annotated[str, msgspec.Meta(pattern="^[0-9]{4}-Q[1-4]\\Z")]
Month = Annotated[str, msgspec.Meta(pattern="^([0-9]{4}-(0[1-9]|1[0-2]))?\\Z")]
Count = Annotated[int, msgspec.Meta(ge=SMALL, le=10_000_000)]
Score = Annotated[float, msgspec.Meta(ge=-1_000_000, le=1_000_000)]
Text = Annotated[str, msgspec.Meta(max_length=4000)]


class FigCell(msgspec.Struct, array_like=True):
    value: Count | None
    note: Literal["", "fewer than 5", "hidden"] = ""


class CategoryFigures(msgspec.Struct):
    id: wire.Label
    title: wire.Label
    months: Annotated[list[FigCell], msgspec.Meta(max_length=3)]
    total: FigCell


class AverageFigures(msgspec.Struct):
    instrument_id: wire.Label
    instrument: wire.Label
    respondent_id: wire.Label
    respondent: wire.Label
    month: Month
    count: Count | None
    average: Score | None
    note: Literal["", "fewer than 5", "hidden"] = ""


class ExcerptFigures(msgspec.Struct):
    title: Text
    measure: Text
    outcome: Text


class TestFigures(msgspec.Struct):
    addresses: Annotated[list[wire.Label], msgspec.Meta(max_length=200)]
    started: Month
    ended: Month
    status: wire.Label
    stage: Literal["plan", "do", "study", "act"]
    excerpt: ExcerptFigures | None = None


class Figures(msgspec.Struct):
    format: Literal[1]
    quarter: Quarter
    prepared_on: Annotated[str, msgspec.Meta(pattern="^[0-9]{4}-[0-9]{2}-[0-9]{2}\\Z")]
    months: Annotated[list[Month], msgspec.Meta(min_length=3, max_length=3)]
    categories: Annotated[list[CategoryFigures], msgspec.Meta(max_length=500)]
    month_totals: Annotated[list[FigCell], msgspec.Meta(min_length=3, max_length=3)]
    total: FigCell
    averages: Annotated[list[AverageFigures], msgspec.Meta(max_length=20_000)]
    change_tests: Annotated[list[TestFigures], msgspec.Meta(max_length=5_000)]


class FiguresHeader(msgspec.Struct):
    format: Literal[1]
    county: wire.TeamId
    team: wire.TeamId
    device: wire.DeviceId
    quarter: Quarter
    hlc: wire.Clock
    keys: Annotated[dict[wire.DeviceId, wire.Base64], msgspec.Meta(max_length=1000)]
    size: Annotated[int, msgspec.Meta(ge=29, le=MAX_FIGURES_FILE)]


def _info(county: str, team: str, device: str, quarter: str) -> bytes:
    return f"relapp-figures-v1|{county}|{team}|{device}|{quarter}".encode()


def check_cells(figures: Figures) -> None:
    """Every count is 5 or more or carries a marker, never both: a small count never travels."""
    cells = [figures.total, *figures.month_totals]
    for row in figures.categories:
        if len(row.months) != len(figures.months):
            raise FiguresRefused("a category's months do not match the quarter's")
        cells += [row.total, *row.months]
    for cell in cells:
        if (cell.value is None) == (cell.note == ""):
            raise FiguresRefused("a count is both shown and suppressed, or neither")
        if cell.value is not None and cell.value < SMALL:
            raise FiguresRefused("it holds a count below 5, which never leaves a team")
    for average in figures.averages:
        if average.note == "" and (average.count is None or average.average is None):
            raise FiguresRefused("an average is shown without its count")
        if average.count is not None and average.count < SMALL:
            raise FiguresRefused("it holds a count below 5, which never leaves a team")
        if average.note == "fewer than 5" and average.count is not None:
            raise FiguresRefused("a count below 5 is given")


def encode(
    figures: Figures,
    *,
    county: str,
    team: str,
    device: str,
    hlc: str,
    recipients: dict[str, bytes],
    signing_key: bytes,
) -> bytes:
    check_cells(figures)
    key = new_key()
    info = _info(county, team, device, figures.quarter)
    plain = zlib.compress(msgspec.json.encode(figures), 6)
    header = {
        "format": 1,
        "county": county,
        "team": team,
        "device": device,
        "quarter": figures.quarter,
        "hlc": hlc,
        "keys": {
            rid: base64.b64encode(wrap_for(pub, key, info)).decode()
            for rid, pub in sorted(recipients.items())
        },
        "size": len(plain) + 1 + 12 + 16,
    }
    head = json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
    body = Sealer(key).seal(plain, hashlib.sha256(head).digest())
    unsigned = MAGIC + struct.pack(">I", len(head)) + head + body
    return unsigned + sign(signing_key, unsigned)


def file_name(quarter: str, hlc: str, data: bytes) -> str:
    return f"{quarter}-{hlc}-{hashlib.sha256(data).hexdigest()[:16]}.rlf"


def read_header(data: bytes, name: str) -> tuple[FiguresHeader, int]:
    """The clear header, its length and the file name checked; FiguresRefused otherwise."""
    if len(data) > MAX_FIGURES_FILE:
        raise FiguresRefused("larger than any figures file Relapp writes")
    if len(data) < 8 + SIGNATURE_LEN or data[:4] != MAGIC:
        raise FiguresRefused("not a Relapp figures file")
    if not name.endswith(f"-{hashlib.sha256(data).hexdigest()[:16]}.rlf"):
        raise FiguresRefused("file name does not match its content")
    (length,) = struct.unpack(">I", data[4:8])
    if length > MAX_HEADER or 8 + length + SIGNATURE_LEN > len(data):
        raise FiguresRefused("truncated (header length does not fit the file)")
    header = wire.decode(data[8 : 8 + length], FiguresHeader, "its header")
    if 8 + length + header.size + SIGNATURE_LEN != len(data):
        raise FiguresRefused("truncated or padded (sizes do not add up)")
    if not name.startswith(f"{header.quarter}-{header.hlc}-"):
        raise FiguresRefused("its name and its header disagree")
    return header, length


def decode(
    data: bytes,
    name: str,
    *,
    county: str,
    signer_public: bytes,
    my_device: str,
    my_private: bytes,
) -> tuple[FiguresHeader, Figures]:
    """Check and open a figures file addressed to my_device. Raises FiguresRefused."""
    header, length = read_header(data, name)
    if header.county != county:
        raise FiguresRefused("belongs to another county")
    try:
        verify(signer_public, data[-SIGNATURE_LEN:], data[:-SIGNATURE_LEN])
    except BadSignature:
        raise FiguresRefused("signature does not match its laptop") from None
    wrapped = header.keys.get(my_device)
    if wrapped is None:
        raise FiguresRefused("not sealed for this laptop (it was written before it joined)")
    head = data[8 : 8 + length]
    try:
        key = unwrap(
            my_private,
            base64.b64decode(wrapped, validate=True),
            _info(county, header.team, header.device, header.quarter),
        )
        sealed = Sealer(key).open(data[8 + length : -SIGNATURE_LEN], hashlib.sha256(head).digest())
    except (DecryptionError, ValueError, binascii.Error):
        raise FiguresRefused("does not decrypt") from None
    inflater = zlib.decompressobj()
    try:
        plain = inflater.decompress(sealed, MAX_PLAIN)
    except zlib.error:
        raise FiguresRefused("its figures are damaged") from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise FiguresRefused("its figures are cut short or too large")
    figures = wire.decode(plain, Figures, "its figures")
    if figures.quarter != header.quarter:
        raise FiguresRefused("its figures are of another quarter than its header says")
    check_cells(figures)
    return header, figures


def as_json(figures: Figures) -> dict[str, Any]:
    return msgspec.to_builtins(figures)
