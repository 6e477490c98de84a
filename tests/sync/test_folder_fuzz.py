"""Generated files in the shared folder, by the thousand, given to the real readers.

Anyone who can write to the shared folder, or a member whose Relapp is buggy or modified,
can leave any bytes there under a valid name. Whatever the file, a reader has two outcomes
only: it accepts the file, or it refuses it with a reason a person can read (sync then
quarantines that one file and goes on). Any other exception fails these tests.

The files start from real ones a small team wrote (bundles, a snapshot, team changes, a join
request) and are changed: bytes flipped, cut or inserted; the clear header replaced by
generated JSON and signed again with the device's own key, so the header's schema is what is
tested; generated changes sealed and signed with a member's real keys, so the checks on each
change are what is tested; team files and requests with generated bodies, some signed by the
real supervisor. One property plants such files in a real team's folder and runs a whole
sync pass; the cases at the end are hand-made files that showed a fault.

RELAPP_FUZZ_FILES=N sets how many files are generated in all, split across the kinds below;
with it set, each run draws fresh examples instead of the fixed ones used by default. The
tally is printed at the end (``pytest -s tests/sync/test_folder_fuzz.py``).
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import re
import shutil
import struct
import sys
import tempfile
import time
import uuid
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relapp.crypto.aead import Sealer, new_key
from relapp.crypto.keyring import Keyring
from relapp.crypto.recipients import sign, wrap_for
from relapp.domain import records as domain
from relapp.services import team as team_service
from relapp.services.profile import Session, unlock_profile
from relapp.store import syncstate
from relapp.sync import bundle as bundles
from relapp.sync import wire
from relapp.sync.engine import SyncEngine, team_folder_for
from relapp.sync.layout import TeamFolder
from relapp.sync.team import TeamError, canonical, load_team, read_requests
from tests.conftest import PASSPHRASE
from tests.sync.conftest import Team
from tests.sync.helpers import edit_family, family, picture, rlb_files

# ---- how many files, and the tally ------------------------------------------------------

DEFAULT_FILES = 1000
_ASKED = os.environ.get("RELAPP_FUZZ_FILES", "").strip()
TOTAL_FILES = int(_ASKED) if _ASKED else DEFAULT_FILES
# The share of the files each kind of example gets. A whole sync pass costs about a hundred
# times what a reader alone costs, so it gets few.
SHARES = {
    "bytes": 0.29,
    "header": 0.18,
    "changes": 0.18,
    "applied": 0.08,
    "team": 0.12,
    "requests": 0.10,
    "engine": 0.05,
}


def _budget() -> dict[str, int]:
    """TOTAL_FILES split by SHARES (largest remainder, so the parts add up), at least 1 each."""
    exact = {kind: TOTAL_FILES * share for kind, share in SHARES.items()}
    parts = {kind: int(value) for kind, value in exact.items()}
    left = TOTAL_FILES - sum(parts.values())
    for kind in sorted(exact, key=lambda k: exact[k] - parts[k], reverse=True)[: max(left, 0)]:
        parts[kind] += 1
    return {kind: max(1, n) for kind, n in parts.items()}


BUDGET = _budget()
TALLY: Counter[tuple[str, str]] = Counter()


def fuzz_settings(kind: str) -> settings:
    return settings(
        max_examples=BUDGET[kind],
        deadline=None,
        database=None,  # nothing is written into the repository
        derandomize=not _ASKED,  # fixed examples by default; fresh ones in a long run
        print_blob=True,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.large_base_example,
            HealthCheck.function_scoped_fixture,
        ],
    )


@pytest.fixture(scope="module", autouse=True)
def _print_tally() -> Iterator[None]:
    yield
    accepted = sum(n for (_kind, outcome), n in TALLY.items() if outcome == "accepted")
    files = accepted + sum(n for (_kind, outcome), n in TALLY.items() if outcome == "refused")
    kinds = ", ".join(
        f"{kind} {TALLY[kind, 'accepted']}+{TALLY[kind, 'refused']}"
        for kind in SHARES
        if TALLY[kind, "accepted"] + TALLY[kind, "refused"]
    )
    skipped = TALLY["engine", "skipped"]
    print(f"\nfolder fuzz: {files} files, {accepted} accepted, {files - accepted} refused")
    print(
        f"folder fuzz by kind (accepted+refused): {kinds}"
        + (f"; {skipped} unparsable snapshots passed over unread" if skipped else "")
    )


_UNCLEAR = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clear(reason: object) -> str:
    """A refusal's reason as people see it: words, on one printable line, not a dump."""
    assert isinstance(reason, str) and reason.strip(), f"refused without a reason: {reason!r}"
    assert not _UNCLEAR.search(reason), f"the reason is not one printable line: {reason!r}"
    assert len(reason) <= 600, f"the reason is {len(reason)} characters long: {reason[:200]!r}"
    return reason


def tally(kind: str, accepted: bool, reason: object = None) -> None:
    if not accepted:
        clear(reason)
    TALLY[kind, "accepted" if accepted else "refused"] += 1


# ---- JSON no library writes: raw text, repeated keys ---------------------------------------


class Raw:
    """JSON text written as it is (what Python's json module will not write)."""

    def __init__(self, text: bytes | str, label: str = "") -> None:
        self.text = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
        self.label = label or self.text[:24].decode("utf-8", "replace")

    def __repr__(self) -> str:
        return f"Raw({self.label!r})"


class Pairs(list):
    """An object written with these (key, value) pairs in this order, repeats included."""


def dump(value: Any, ascii_only: bool = True) -> bytes:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, Pairs | dict):
        items = list(value) if isinstance(value, Pairs) else list(value.items())
        return (
            b"{"
            + b",".join(dump(str(k), ascii_only) + b":" + dump(v, ascii_only) for k, v in items)
            + b"}"
        )
    if isinstance(value, list | tuple):
        return b"[" + b",".join(dump(v, ascii_only) for v in value) + b"]"
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


def plain_json(value: Any) -> bool:
    """True when Python's json writes value as UTF-8 (no Raw, no Pairs, no lone surrogate)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Raw | Pairs):
            return False
        if isinstance(item, str):
            try:
                item.encode()
            except UnicodeEncodeError:
                return False
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def nested(depth: int, kind: str = "list") -> Raw:
    if kind == "list":
        return Raw(b"[" * depth + b"]" * depth, f"{depth} lists deep")
    return Raw(b'{"a":' * depth + b"1" + b"}" * depth, f"{depth} objects deep")


SPECIAL: list[Any] = [
    float("inf"),
    float("-inf"),
    float("nan"),
    10**400,
    -(10**400),
    2**63,
    2**64,
    -(2**63) - 1,
    1e308,
    5e-324,
    -0.0,
    0,
    -1,
    1.5,
    True,
    False,
    None,
    "",
    " ",
    "\x00",
    "\n",
    "\t",
    "\ud800",
    "\udfff",
    "a\ud800b",
    "\u202e",
    "x" * 5000,
    "é" * 300,
    "\U0001f600" * 70,
    "../../etc/passwd",
    "0" * 64,
    "A" * 43 + "=",
    [],
    {},
    [[]],
    {"": {}},
    [None] * 50,
    {"a": [1, {"b": None}]},
    Raw("Infinity"),
    Raw("-Infinity"),
    Raw("NaN"),
    Raw("1e999"),
    Raw("-1e999"),
    Raw("1e-999"),
    Raw("1" * 5000, "5000 digits"),
    Raw("9" * 4300, "4300 digits"),
    Raw("-0"),
    Raw(b'"\\ud800"'),
    Raw(b'"\\udc00\\ud800"'),
    Raw(b'"\\ud800\\u0041"'),
    Raw(b'"\xed\xa0\x80"', "a surrogate in raw UTF-8"),
    Raw(b'"\xff\xfe"', "not UTF-8"),
    Raw(b'"\\u0000"'),
    Raw("01"),
    Raw("+1"),
    Raw(".5"),
    Raw("1."),
    Raw("0x10"),
    Raw("'x'"),
    Raw("undefined"),
    Raw(""),
    Raw("{"),
    Raw("[1,]"),
    Raw('{"a":1,"a":2}'),
    Raw('"\\x41"'),
    nested(200_000),
    nested(100_000, "object"),
    nested(15),
    nested(16),
    nested(17),
]


def _uuid7_like(n: int) -> str:
    return str(uuid.UUID(int=n % (1 << 128)))


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda kids: (
        st.lists(kids, max_size=5) | st.dictionaries(st.text(max_size=12), kids, max_size=5)
    ),
    max_leaves=24,
)
CLOCKS = st.one_of(
    st.from_regex(r"\A[0-9]{15}\.[0-9]{6}\Z"),
    st.integers(0, 10**15 - 1).map(lambda ms: f"{ms:015d}.000000"),
    st.from_regex(r"\A[0-9]{15}\.[0-9]{6}\Z").map(lambda text: text + "\n"),
    st.sampled_from(
        [
            "253402300799999.000000",
            "253402300800000.000000",
            "999999999999999.999999",
            "000000000000000.000000",
            "\u00b2" * 15 + ".000000",
            "\u0661" * 15 + ".000000",
            "yesterday",
            "1700000000000.0",
            " 001700000000000.000000",
            "001700000000000.0000001",
        ]
    ),
)
IDS = st.one_of(
    st.from_regex(r"\A[A-Za-z0-9._:-]{1,64}\Z"),
    st.integers(0, 2**128).map(_uuid7_like),
    st.from_regex(r"\A[A-Za-z0-9._:-]{1,20}\Z").map(lambda text: text + "\n"),
    st.sampled_from(["", "a" * 65, "é", "..", "a/b", "a b"]),
)
B64 = st.binary(max_size=96).map(lambda b: base64.b64encode(b).decode()) | st.from_regex(
    r"\A[A-Za-z0-9+/]{0,60}={0,2}\Z"
)
DEEP = st.integers(1, 40).map(nested) | st.integers(
    sys.getrecursionlimit() - 150, sys.getrecursionlimit() + 10
).map(lambda d: nested(d, "object" if d % 2 else "list"))
VALUES = st.one_of(JSON_VALUES, st.sampled_from(SPECIAL), DEEP, CLOCKS, IDS, B64)


# ---- a small real team, once per module ---------------------------------------------------


@dataclass
class Device:
    key: str
    device_id: str
    member_id: str
    keyring: Keyring

    @property
    def signing(self) -> bytes:
        return self.keyring.ed25519_private

    @property
    def verify_key(self) -> bytes:
        return self.keyring.ed25519_public()

    @property
    def public(self) -> bytes:
        return self.keyring.x25519_public()


class Corpus:
    """What the module's team wrote, and the keys to read it (a plain class: a failing
    example prints as one short line)."""

    base: Path
    team_id: str
    recovery_public: bytes
    devices: dict[str, Device]
    files: list[tuple[str, bytes, str]]  # (writer key, bytes, kind) of the real bundles/snapshots
    events: list[dict[str, Any]]  # real changes, every kind the team wrote
    team_docs: list[dict[str, Any]]  # real team files, parsed
    request_docs: list[dict[str, Any]]  # a real join request, parsed
    fuzz_folder: TeamFolder  # a copy of the team folder that team files are planted in
    template: Path  # shared folder and Pat's and Bob's profiles, for whole sync passes
    alex_next_seq: int
    alex_prev: str
    alex_snapshot: bytes
    scratch: Session  # a copy of Pat's profile that accepted changes are applied to
    clock: str  # a little after the team's last change
    stranger: Keyring

    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)
        self.stranger = Keyring.generate()

    def __repr__(self) -> str:  # short, so a failing example stays readable
        return f"Corpus({len(self.files)} files, {len(self.events)} changes)"

    def recipients(self, *keys: str) -> dict[str, bytes]:
        keys = keys or tuple(self.devices)
        return {self.devices[k].device_id: self.devices[k].public for k in keys}


def _build_corpus(base: Path) -> Corpus:
    central = base / "shared"
    central.mkdir()
    team = Team(central=central, base=base / "profiles")
    sup = team.add("sup", "Pat Supervisor", "supervisor")
    _folder, team.org_code = team_service.create(sup, central, "Early Help North")
    try:
        alex = team.join("alex", "Alex Morgan", "practitioner")
        lark = alex.records.save(
            "family",
            {
                "reference": "EH-1",
                "display_name": "The Lark family",
                "members": [{"name": "Jo", "birth_year": 2019}],
                "status": "active",
            },
        )
        alex.records.save(
            "visit",
            {"family_id": lark.id, "when": "2026-03-02T10:00", "mode": "home", "present": ["Jo"]},
        )
        alex.records.save_reflection_draft(
            {
                "template_id": "free-text",
                "title": "First visit",
                "sections": {"reflection": "Jo showed me the garden."},
                "family_id": lark.id,
            }
        )
        team.sync("alex", "sup")
        bob = team.join("bob", "Bob Hale", "practitioner")  # a newcomer: Alex writes a snapshot
        edit_family(alex, lark.id, "The Lark family (moved)")
        alex.records.save(
            "barrier",
            {"category": "caseload-time", "description": "No cover on Fridays", "impact": "high"},
        )
        team.sync("alex")
        sup.records.save("feedback", {"record_id": lark.id, "text": "Good notes"})
        sup.records.save(
            "supervision_session",
            {
                "practitioner_id": alex.vault.member_id,
                "when": "2026-03-04T09:00",
                "agenda": ["caseload"],
                "actions": [{"text": "Call the school", "status": "open"}],
            },
        )
        family(bob, "The Finch family", "EH-3")
        team.sync("sup", "bob", "alex", "sup")
        carol = team.join("carol", "Carol Reed", "practitioner")
        team_service.remove(sup, carol.vault.member_id)
        dee = team.add("dee", "Dee Newcomer", "practitioner")
        team_service.join(dee, central)  # a request nobody approves
        team.sync("sup", "bob", "alex", "sup")

        folder = team_folder_for(sup.vault)
        devices = {
            key: Device(key, s.vault.device_id, s.vault.member_id, s.vault.keyring())
            for key, s in team.people.items()
            if key in ("sup", "alex", "bob")
        }
        files, events = [], []
        for key, device in devices.items():
            for path in rlb_files(folder.bundles_dir(device.device_id)):
                files.append((key, path.read_bytes(), "bundle"))
            snapshots = folder.snapshots_dir(device.device_id)
            for path in sorted(snapshots.glob("*.rls")) if snapshots.is_dir() else []:
                files.append((key, path.read_bytes(), "snapshot"))
        for key, data, kind in files:
            if kind != "bundle":
                continue
            device = devices[key]
            opened = bundles.decode(
                data,
                team_id=folder.team_id,
                signer_public=device.verify_key,
                my_id=device.device_id,
                my_private=device.keyring.x25519_private,
            )
            events += [e for evs in opened.sections.values() for e in evs]
        alex_files = rlb_files(folder.bundles_dir(devices["alex"].device_id))
        alex_snapshots = sorted(folder.snapshots_dir(devices["alex"].device_id).glob("*.rls"))
        team_docs = [json.loads(p.read_bytes()) for _d, p in folder.team_files()]
        request_docs = [json.loads(p.read_bytes()) for p in folder.request_files()]
        state = load_team(folder)
        recovery_public = state.recovery_public
        team_id = folder.team_id
        clock = sup.vault.clock.tick().encode()
    finally:
        for session in team.people.values():
            session.close()

    fuzz_root = base / "fuzz" / folder.root.name
    shutil.copytree(folder.root, fuzz_root)
    template = base / "template"
    shutil.copytree(central, template / "shared")
    for key in ("sup", "bob"):
        shutil.copytree(base / "profiles" / key, template / "profiles" / key)
    shutil.copytree(base / "profiles" / "sup", base / "scratch")
    scratch = unlock_profile(base / "scratch", PASSPHRASE)
    assert {e["kind"] for e in events} >= {
        "family",
        "visit",
        "reflection",
        "barrier",
        "feedback",
        "supervision_session",
    }
    assert alex_snapshots, "Alex's laptop wrote no snapshot for the newcomer"
    return Corpus(
        base=base,
        team_id=team_id,
        recovery_public=recovery_public,
        devices=devices,
        files=files,
        events=events,
        team_docs=team_docs,
        request_docs=request_docs,
        fuzz_folder=TeamFolder(fuzz_root),
        template=template,
        alex_next_seq=len(alex_files) + 1,
        alex_prev=hashlib.sha256(alex_files[-1].read_bytes()).hexdigest(),
        alex_snapshot=alex_snapshots[-1].read_bytes(),
        scratch=scratch,
        clock=clock,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    built = _build_corpus(tmp_path_factory.mktemp("fuzz"))
    yield built
    built.scratch.close()


# ---- writing bundles: the real encoder, and one that lets the header be anything ---------

HEADER_KEYS = ["format", "kind", "extra", "team", "device", "member", "seq", "prev", "created"]
SECTION_KEYS = ["audience", "keys", "size"]
EVENT_KEYS = [
    "id",
    "record",
    "kind",
    "hlc",
    "author",
    "device",
    "data",
    "parent",
    "parent_id",
    "deleted",
    "resolves",
]


def _info(team_id: str, device: Any, seq: Any, audience: str, kind: Any) -> bytes:
    text = f"relapp-{kind}-v1|{team_id}|{device}|{seq}|{audience}"
    return text.encode("utf-8", "surrogatepass")  # a generated name may hold anything


def seal(
    c: Corpus,
    *,
    plains: list[tuple[str, bytes]],
    recipients: dict[str, bytes],
    signer: Device,
    seq: int,
    kind: str = "bundle",
    prev: str = "",
    created: str = "001780000000000.000000",
    top: Callable[[dict[str, Any]], Any] | None = None,
    sections: Callable[[Any], Any] | None = None,
    finish: Callable[[Any], Any] | None = None,
    compress: Callable[[bytes], bytes] = lambda b: zlib.compress(b, 6),
    ascii_only: bool = True,
) -> bytes:
    """A bundle laid out as bundle.encode lays it out, sealed and signed with real keys, but
    whose header ``top`` and ``sections`` may rewrite into anything at all. The section keys
    are wrapped for the device and number the rewritten header names, when it names them."""
    header: Any = {
        "format": 1,
        "kind": kind,
        "extra": {},
        "team": c.team_id,
        "device": signer.device_id,
        "member": signer.member_id,
        "seq": seq,
        "prev": prev,
        "created": created,
    }
    if top is not None:
        header = top(header)
    named = header if isinstance(header, dict) else {}
    info_device = named.get("device") if isinstance(named.get("device"), str) else signer.device_id
    info_seq = named.get("seq") if type(named.get("seq")) is int else seq
    info_kind = named.get("kind") if isinstance(named.get("kind"), str) else kind
    keys = {audience: new_key() for audience, _plain in plains}
    blobs = {audience: compress(plain) for audience, plain in plains}
    listed = []
    for audience, _plain in plains:
        info = _info(c.team_id, info_device, info_seq, audience, info_kind)
        wrapped = {rid: wrap_for(pub, keys[audience], info) for rid, pub in recipients.items()}
        wrapped[bundles.RECOVERY] = wrap_for(c.recovery_public, keys[audience], info)
        listed.append(
            {
                "audience": audience,
                "keys": {rid: base64.b64encode(w).decode() for rid, w in sorted(wrapped.items())},
                "size": len(blobs[audience]) + 1 + 12 + 16,
            }
        )
    if isinstance(header, dict):
        header = {**header, "sections": sections(listed) if sections else listed}
    if finish is not None:
        header = finish(header)
    header_bytes = dump(header, ascii_only)
    header_hash = hashlib.sha256(header_bytes).digest()
    body = b"".join(
        Sealer(keys[audience]).seal(blobs[audience], header_hash + audience.encode())
        for audience, _plain in plains
    )
    unsigned = bundles.MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + body
    return unsigned + sign(signer.signing, unsigned)


def encode_changes(
    c: Corpus,
    events: Any,
    *,
    signer: str = "alex",
    seq: int = 1,
    prev: str = "",
    kind: str = "bundle",
    raw_plain: bytes | None = None,
    compress: Callable[[bytes], bytes] | None = None,
) -> bytes:
    """Changes sealed and signed with the member's real keys: through bundle.encode when
    Python's json can write them, else the same layout with the text as given."""
    device = c.devices[signer]
    recipients = c.recipients()
    if raw_plain is None and compress is None and isinstance(events, list) and plain_json(events):
        return bundles.encode(
            team_id=c.team_id,
            device_id=device.device_id,
            member_id=device.member_id,
            seq=seq,
            prev=prev,
            created="001780000000000.000000",
            sections=[bundles.Section("supervision:fuzz", events, recipients)],
            recovery_public=c.recovery_public,
            signing_key=device.signing,
            kind=kind,
        )
    text = raw_plain if raw_plain is not None else dump(events, ascii_only=False)
    return seal(
        c,
        plains=[("supervision:fuzz", text)],
        recipients=recipients,
        signer=device,
        seq=seq,
        prev=prev,
        kind=kind,
        **({"compress": compress} if compress else {}),
    )


def read_as(c: Corpus, data: bytes, *, writer: str, reader: str, kind: str = "bundle"):  # noqa: ANN201
    """peek_header and decode, as the reader's laptop runs them. Returns (bundle or None,
    reason or None); anything but FileRefused escapes and fails the test."""
    try:
        bundles.peek_header(data)
    except wire.FileRefused as exc:
        peek_reason = str(exc)
    else:
        peek_reason = None
    try:
        opened = bundles.decode(
            data,
            team_id=c.team_id,
            signer_public=c.devices[writer].verify_key,
            my_id=c.devices[reader].device_id,
            my_private=c.devices[reader].keyring.x25519_private,
            expect_kind=kind,
        )
    except wire.FileRefused as exc:
        return None, str(exc)
    assert peek_reason is None, f"decode accepted what peek_header refused: {peek_reason}"
    return opened, None


# ---- (a) bundle files ---------------------------------------------------------------------

BYTE_OPS = [
    "flip",
    "truncate",
    "insert",
    "delete",
    "overwrite",
    "duplicate",
    "length",
    "append",
    "signature",
    "zero",
]


def mutate_bytes(data: st.DataObject, base: bytes) -> bytes:
    buf = bytearray(base)
    ops = data.draw(st.lists(st.sampled_from(BYTE_OPS), min_size=1, max_size=3), label="ops")
    for op in ops:
        n = len(buf)
        at = data.draw(st.integers(0, n), label=f"{op} at")
        if op == "flip" and n:
            buf[min(at, n - 1)] ^= data.draw(st.integers(1, 255), label="mask")
        elif op == "truncate":
            del buf[at:]
        elif op == "insert":
            buf[at:at] = data.draw(st.binary(min_size=1, max_size=64), label="inserted")
        elif op == "delete":
            del buf[at : at + data.draw(st.integers(1, 64), label="deleted")]
        elif op == "overwrite":
            chunk = data.draw(st.binary(min_size=1, max_size=32), label="written")
            buf[at : at + len(chunk)] = chunk
        elif op == "duplicate":
            end = data.draw(st.integers(at, min(n, at + 512)), label="to")
            where = data.draw(st.integers(0, n), label="copied to")
            buf[where:where] = buf[at:end]
        elif op == "length" and n >= 8:
            (true_len,) = struct.unpack(">I", bytes(buf[4:8]))
            buf[4:8] = struct.pack(
                ">I",
                data.draw(
                    st.sampled_from(
                        [0, 1, n, n - 8, n - 72, true_len - 1, true_len + 1, 2**32 - 1]
                    ).map(lambda v: v % 2**32)
                    | st.integers(0, 2**32 - 1),
                    label="header length",
                ),
            )
        elif op == "append":
            buf += data.draw(st.binary(min_size=1, max_size=128), label="appended")
        elif op == "signature" and n >= 64:
            buf[-64:] = data.draw(st.binary(min_size=64, max_size=64), label="signature")
        elif op == "zero":
            end = data.draw(st.integers(at, min(n, at + 256)), label="zero to")
            buf[at:end] = bytes(end - at)
    return bytes(buf)


@fuzz_settings("bytes")
@given(data=st.data())
def test_a_bundle_changed_in_any_byte_is_refused_or_is_the_original(
    corpus: Corpus, data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(corpus.files) - 1), label="file")
    writer, base, kind = corpus.files[index]
    reader = data.draw(st.sampled_from(sorted(corpus.devices)), label="reader")
    expect = data.draw(st.sampled_from([kind, kind, "bundle", "snapshot"]), label="read as")
    mutated = mutate_bytes(data, base)
    opened, reason = read_as(corpus, mutated, writer=writer, reader=reader, kind=expect)
    tally("bytes", opened is not None, reason)
    if opened is not None:
        # Every byte but the signature is signed, and Ed25519 signatures are not malleable.
        assert mutated == base, "a changed file was accepted"


def header_ops(data: st.DataObject) -> tuple[Callable, Callable, Callable]:
    """Changes to a header: to its fields, to its sections, or the whole header replaced."""
    ops = data.draw(
        st.lists(
            st.sampled_from(
                [
                    "set",
                    "set",
                    "drop",
                    "add",
                    "document",
                    "section",
                    "section_drop",
                    "sections",
                    "key",
                    "repeat",
                    "extra",
                ]
            ),
            min_size=1,
            max_size=3,
        ),
        label="header ops",
    )
    top_changes: list[Callable[[Any], Any]] = []
    section_changes: list[Callable[[Any], Any]] = []
    repeats: list[tuple[str, Any]] = []
    for op in ops:
        if op == "set":
            name = data.draw(st.sampled_from(HEADER_KEYS), label="field")
            value = data.draw(VALUES, label=f"{name} =")
            top_changes.append(lambda h, name=name, value=value: {**h, name: value})
        elif op == "drop":
            name = data.draw(st.sampled_from(HEADER_KEYS), label="dropped")
            top_changes.append(lambda h, name=name: {k: v for k, v in h.items() if k != name})
        elif op == "add":
            name = data.draw(st.text(max_size=12), label="new field")
            value = data.draw(VALUES, label="new value")
            top_changes.append(lambda h, name=name, value=value: {**h, name: value})
        elif op == "document":
            value = data.draw(VALUES, label="whole header")
            top_changes.append(lambda h, value=value: value)
        elif op == "extra":
            value = data.draw(
                VALUES | st.dictionaries(st.text(max_size=8), VALUES, max_size=4), label="extra"
            )
            top_changes.append(lambda h, value=value: {**h, "extra": value})
        elif op == "repeat":
            name = data.draw(st.sampled_from([*HEADER_KEYS, "sections"]), label="repeated")
            # The same key twice: a reader must not see one value and verify another.
            repeats.append((name, data.draw(VALUES, label="repeated value")))
        elif op == "sections":
            value = data.draw(VALUES, label="sections")
            section_changes.append(lambda s, value=value: value)
        elif op in ("section", "section_drop", "key"):
            index = data.draw(st.integers(0, 3), label="section")
            name = data.draw(st.sampled_from(SECTION_KEYS), label="section field")
            value = data.draw(VALUES, label="section value")
            recipient = data.draw(
                st.sampled_from(["recovery", "mine"]) | st.text(max_size=70), label="recipient"
            )

            def change(s, op=op, index=index, name=name, value=value, recipient=recipient):  # noqa: ANN001, ANN202
                if not isinstance(s, list) or not s:
                    return s
                s = copy.deepcopy(s)
                section = s[index % len(s)]
                if not isinstance(section, dict):
                    return s
                if op == "section":
                    section[name] = value
                elif op == "section_drop":
                    section.pop(name, None)
                elif isinstance(section.get("keys"), dict):
                    section["keys"][recipient] = value
                return s

            section_changes.append(change)

    def top(h: Any) -> Any:
        for change in top_changes:
            h = change(h) if isinstance(h, dict) else h
        return h

    def sections(s: Any) -> Any:
        for change in section_changes:
            s = change(s)
        return s

    def finish(h: Any) -> Any:
        return Pairs([*h.items(), *repeats]) if repeats and isinstance(h, dict) else h

    return top, sections, finish


@fuzz_settings("header")
@given(data=st.data())
def test_a_header_its_device_signed_again_is_refused_or_read_as_written(
    corpus: Corpus, data: st.DataObject
) -> None:
    """The clear header replaced by generated JSON and signed again with Alex's real key, the
    sections sealed against that very header: the header's schema is what decides."""
    base_events = data.draw(
        st.lists(st.sampled_from(corpus.events), min_size=1, max_size=3), label="changes"
    )
    kind = data.draw(st.sampled_from(["bundle", "snapshot"]), label="kind")
    top, sections, finish = header_ops(data)
    file = seal(
        corpus,
        plains=[("supervision:fuzz", json.dumps(base_events).encode())],
        recipients=corpus.recipients(),
        signer=corpus.devices["alex"],
        seq=data.draw(st.integers(1, 50), label="seq"),
        kind=kind,
        top=top,
        sections=sections,
        finish=finish,
        ascii_only=data.draw(st.booleans(), label="ASCII only"),
    )
    reader = data.draw(st.sampled_from(sorted(corpus.devices)), label="reader")
    opened, reason = read_as(corpus, file, writer="alex", reader=reader, kind=kind)
    tally("header", opened is not None, reason)
    if opened is not None:
        # What is read is what was sealed: a header can name, not change, the changes.
        read = [e for evs in opened.sections.values() for e in evs]
        assert read in ([], base_events), "the changes read are not the ones sealed"
        assert isinstance(opened.seq, int) and 1 <= opened.seq <= 9_999_999_999


def change_ops(data: st.DataObject, events: list[dict[str, Any]]) -> Any:
    """Generated damage to a list of real changes: their fields, their records' fields, or
    the list itself."""
    events = copy.deepcopy(events)
    ops = data.draw(
        st.lists(
            st.sampled_from(
                [
                    "field",
                    "field",
                    "drop",
                    "add",
                    "data",
                    "data",
                    "data_drop",
                    "data_all",
                    "event",
                    "list",
                ]
            ),
            min_size=1,
            max_size=3,
        ),
        label="change ops",
    )
    value: Any = events
    for op in ops:
        if not isinstance(value, list) or not value:
            break
        index = data.draw(st.integers(0, len(value) - 1), label="change")
        event = value[index]
        if not isinstance(event, dict):
            continue
        if op == "field":
            name = data.draw(st.sampled_from(EVENT_KEYS), label="field")
            event[name] = data.draw(VALUES, label=f"{name} =")
        elif op == "drop":
            event.pop(data.draw(st.sampled_from(EVENT_KEYS), label="dropped"), None)
        elif op == "add":
            event[data.draw(st.text(max_size=12), label="new field")] = data.draw(VALUES)
        elif op in ("data", "data_drop") and isinstance(event.get("data"), dict):
            kind = event.get("kind")
            names = sorted(domain.SCHEMAS.get(kind, {})) if isinstance(kind, str) else []
            pick = st.sampled_from(names) | st.text(max_size=12) if names else st.text(max_size=12)
            name = data.draw(pick, label="data field")
            if op == "data":
                event["data"][name] = data.draw(VALUES, label=f"data.{name} =")
            else:
                event["data"].pop(name, None)
        elif op == "data_all":
            event["data"] = data.draw(VALUES, label="data")
        elif op == "event":
            value[index] = data.draw(VALUES, label="whole change")
        elif op == "list":
            value = data.draw(VALUES, label="whole section")
    return value


PLAIN_DAMAGE = st.sampled_from(["none"] * 6 + ["bytes", "text", "uncompressed", "cut", "tail"])


@fuzz_settings("changes")
@given(data=st.data())
def test_a_members_malformed_changes_signed_and_sealed_are_refused_or_valid(
    corpus: Corpus, data: st.DataObject
) -> None:
    """What a member's buggy or modified Relapp can write with its own keys."""
    base = data.draw(st.lists(st.sampled_from(corpus.events), min_size=1, max_size=4))
    events = change_ops(data, base)
    damage = data.draw(PLAIN_DAMAGE, label="section text")
    raw_plain, compress = None, None
    if damage == "bytes":
        raw_plain = data.draw(st.binary(max_size=300), label="section bytes")
    elif damage == "text":
        raw_plain = dump(data.draw(st.sampled_from(SPECIAL) | DEEP | JSON_VALUES, label="text"))
    elif damage == "uncompressed":
        compress = lambda b: b  # noqa: E731
    elif damage == "cut":
        compress = lambda b: zlib.compress(b)[: max(1, len(zlib.compress(b)) // 2)]  # noqa: E731
    elif damage == "tail":
        compress = lambda b: zlib.compress(b) + b"trailing"  # noqa: E731
    kind = data.draw(st.sampled_from(["bundle", "snapshot"]), label="kind")
    file = encode_changes(corpus, events, kind=kind, raw_plain=raw_plain, compress=compress)
    reader = data.draw(st.sampled_from(sorted(corpus.devices)), label="reader")
    opened, reason = read_as(corpus, file, writer="alex", reader=reader, kind=kind)
    tally("changes", opened is not None, reason)
    if opened is not None:
        for event in (e for evs in opened.sections.values() for e in evs):
            assert event["kind"] in domain.KINDS
            domain.check_received(event["kind"], event["data"])
            assert wire.depth_within(event["data"])


def fresh_id(data: st.DataObject, label: str) -> str:
    return _uuid7_like(data.draw(st.integers(0, 2**128), label=label))


@fuzz_settings("applied")
@given(data=st.data())
def test_every_change_a_reader_accepts_can_be_applied(corpus: Corpus, data: st.DataObject) -> None:
    """The readers' promise is only worth something if the vault can take what they let
    through: applying an accepted change ends in the change kept, or the file refused
    (EventRefused), never in another exception that stops the sync pass."""
    chosen = data.draw(st.lists(st.sampled_from(corpus.events), min_size=1, max_size=3))
    events = []
    for n, real in enumerate(copy.deepcopy(chosen)):
        real["id"] = fresh_id(data, f"id {n}")
        if data.draw(st.booleans(), label=f"new record {n}"):
            real["record"] = fresh_id(data, f"record {n}")
        for name in data.draw(
            st.lists(
                st.sampled_from(
                    ["hlc", "id", "record", "parent", "parent_id", "resolves", "deleted", "data"]
                ),
                max_size=3,
            ),
            label=f"changed {n}",
        ):
            if name == "hlc":
                real["hlc"] = data.draw(CLOCKS, label="hlc")
            elif name in ("id", "record", "parent", "parent_id"):
                real[name] = data.draw(IDS | st.none(), label=name)
            elif name == "resolves":
                real["resolves"] = data.draw(st.lists(IDS, max_size=3), label="resolves")
            elif name == "deleted":
                real["deleted"] = data.draw(st.booleans(), label="deleted")
            else:
                field_names = sorted(domain.SCHEMAS[real["kind"]])
                key = data.draw(st.sampled_from(field_names) | st.text(max_size=8), label="key")
                real["data"][key] = data.draw(
                    JSON_VALUES | CLOCKS | IDS | st.sampled_from(SPECIAL), label=f"data.{key}"
                )
        events.append(real)
    file = encode_changes(corpus, events)
    opened, reason = read_as(corpus, file, writer="alex", reader="sup")
    tally("applied", opened is not None, reason)
    if opened is None:
        return
    accepted = [e for evs in opened.sections.values() for e in evs]
    try:
        syncstate.apply_bundle_events(
            corpus.scratch.vault,
            accepted,
            device_id=corpus.devices["alex"].device_id,
            seq=1,
            digest="",
        )
    except syncstate.EventRefused as exc:
        clear(str(exc))


# ---- (b) team files and join requests -------------------------------------------------------

STRANGER = "0000beef-0000-4000-8000-0000000000fe"  # a device folder of no team member
TEAM_NAME = re.compile(r"\A[0-9]{15}\.[0-9]{6}\Z")


def body_ops(data: st.DataObject, body: dict[str, Any]) -> Any:
    """Generated changes to a signed body: its fields, nested fields, or all of it."""
    body = copy.deepcopy(body)
    value: Any = body
    for op in data.draw(
        st.lists(st.sampled_from(["set", "set", "nested", "drop", "add", "whole"]), max_size=3),
        label="body ops",
    ):
        if not isinstance(value, dict):
            break
        names = sorted(value)
        if op == "set" and names:
            name = data.draw(st.sampled_from(names), label="field")
            value[name] = data.draw(VALUES, label=f"{name} =")
        elif op == "nested":
            inner = [n for n in names if isinstance(value[n], dict)]
            if inner:
                outer = data.draw(st.sampled_from(inner), label="in")
                keys = sorted(value[outer]) or ["x"]
                name = data.draw(st.sampled_from(keys) | st.text(max_size=40), label="field")
                value[outer][name] = data.draw(VALUES, label=f"{outer}.{name} =")
        elif op == "drop" and names:
            value.pop(data.draw(st.sampled_from(names), label="dropped"))
        elif op == "add":
            value[data.draw(st.text(max_size=12), label="new field")] = data.draw(VALUES)
        elif op == "whole":
            value = data.draw(VALUES, label="whole body")
    return value


def signed_doc(
    data: st.DataObject, doc: dict[str, Any], signers: dict[str, Keyring]
) -> tuple[Any, bytes]:
    """A signed file with a generated body: signed again by one of ``signers`` (so the
    signature holds and the content is what is checked), or left with a stale or generated
    signature. Returns (body, file bytes)."""
    body = body_ops(data, doc["body"])
    how = data.draw(st.sampled_from([*sorted(signers), "stale", "generated"]), label="signature")
    if how in signers and plain_json(body):
        try:
            sig = base64.b64encode(sign(signers[how].ed25519_private, canonical(body))).decode()
        except ValueError:  # a number Python will not write as text
            sig = doc["sig"]
    elif how == "generated":
        sig = data.draw(VALUES, label="sig")
    else:
        sig = doc["sig"]
    signer = doc.get("signer", "")
    if data.draw(st.integers(0, 5), label="signer changed") == 0:
        signer = data.draw(VALUES, label="signer")
    out = {"body": body, "sig": sig, "signer": signer}
    if data.draw(st.integers(0, 7), label="top-level changed") == 0:
        out = body_ops(data, out)
    return body, dump(out, ascii_only=data.draw(st.booleans(), label="ASCII only"))


def file_content(data: st.DataObject, docs: list[dict[str, Any]], signers: dict[str, Keyring]):  # noqa: ANN201
    mode = data.draw(st.sampled_from(["signed"] * 5 + ["bytes", "json"]), label="content")
    if mode == "bytes":
        return None, data.draw(st.binary(max_size=400), label="bytes")
    if mode == "json":
        return None, dump(data.draw(VALUES, label="document"))
    doc = data.draw(st.sampled_from(docs), label="real file")
    return signed_doc(data, doc, signers)


def _hash16(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:16]


@fuzz_settings("team")
@given(data=st.data())
def test_a_generated_team_file_is_refused_or_replayed_and_never_raises(
    corpus: Corpus, data: st.DataObject
) -> None:
    folder = corpus.fuzz_folder
    devices = corpus.devices
    signers = {"pat": devices["sup"].keyring, "alex": devices["alex"].keyring}
    body, content = file_content(data, corpus.team_docs, signers)
    where = data.draw(
        st.sampled_from(["sup", "sup", "alex", "stranger", "genesis"]), label="written into"
    )
    genesis = next((p for _d, p in folder.team_files() if b'"genesis"' in p.read_bytes()), None)
    assert genesis is not None
    hlc = body.get("hlc") if isinstance(body, dict) else None
    if not (isinstance(hlc, str) and TEAM_NAME.match(hlc)):
        hlc = data.draw(st.from_regex(TEAM_NAME), label="clock in the name")
    digest = _hash16(content) if data.draw(st.integers(0, 9)) else "0123456789abcdef"
    original = None
    if where == "genesis":
        # The founding file itself damaged: then, and only then, may loading fail (TeamError).
        path, original = genesis, genesis.read_bytes()
    else:
        device = STRANGER if where == "stranger" else devices[where].device_id
        path = folder.team_dir(device) / f"{hlc}-{digest}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            return  # the very bytes of a real file: nothing new to read
    path.write_bytes(content)
    try:
        try:
            state = load_team(folder)
        except TeamError as exc:
            assert where == "genesis", f"a team file stopped the team loading: {exc}"
            tally("team", False, str(exc))
            return
        reasons = [reason for p, reason in state.rejected if p == path]
        tally("team", not reasons, reasons[0] if reasons else None)
        for _path, reason in state.rejected:
            clear(reason)
        assert devices["sup"].device_id in state.members[devices["sup"].member_id].devices
        sup = devices["sup"]
        _pending, rejected = read_requests(folder, state, sup.device_id, sup.keyring)
        for _path, reason in rejected:
            clear(reason)
    finally:
        if original is not None:
            path.write_bytes(original)
        else:
            path.unlink()


@fuzz_settings("requests")
@given(data=st.data())
def test_a_generated_join_request_is_listed_or_refused_and_never_raises(
    corpus: Corpus, data: st.DataObject
) -> None:
    folder = corpus.fuzz_folder
    sup = corpus.devices["sup"]
    intruder = corpus.stranger
    docs = copy.deepcopy(corpus.request_docs)
    for doc in docs:  # the intruder's own keys in it, so it can sign a request that verifies
        doc["body"]["ed25519"] = base64.b64encode(intruder.ed25519_public()).decode()
        doc["body"]["x25519"] = base64.b64encode(intruder.x25519_public()).decode()
    body, content = file_content(data, corpus.request_docs + docs, {"self": intruder})
    device = body.get("device_id") if isinstance(body, dict) else None
    if not (isinstance(device, str) and re.fullmatch(r"[0-9a-f-]{36}", device)):
        device = str(uuid.UUID(int=data.draw(st.integers(0, 2**128 - 1), label="device")))
    digest = _hash16(content) if data.draw(st.integers(0, 9)) else "0123456789abcdef"
    path = folder.requests_dir / f"{device}-{digest}.json"
    if path.exists():
        return
    path.write_bytes(content)
    try:
        state = load_team(folder)
        pending, rejected = read_requests(folder, state, sup.device_id, sup.keyring)
        reasons = [reason for p, reason in rejected if p == path]
        tally("requests", not reasons, reasons[0] if reasons else None)
        for _path, reason in rejected:
            clear(reason)
        for request in pending:
            assert request.device_id == request.path.name[:36]
            assert len(request.x25519) == 32 and len(request.ed25519) == 32
    finally:
        path.unlink()


# ---- (c) a whole sync pass with a generated file in the folder --------------------------------


def _new_family_event(c: Corpus, data: st.DataObject) -> dict[str, Any]:
    alex = c.devices["alex"]
    return {
        "id": fresh_id(data, "new id"),
        "record": fresh_id(data, "new record"),
        "kind": "family",
        "hlc": c.clock,  # fixed, so a replayed example writes the same bytes
        "author": alex.member_id,
        "device": alex.device_id,
        "parent": None,
        "parent_id": None,
        "deleted": False,
        "data": {"reference": "F-9", "display_name": "The Heron family"},
        "resolves": [],
    }


def planted_file(c: Corpus, data: st.DataObject, root: Path) -> Path:
    """One generated file at a place sync reads, in a copy of the team's folder."""
    folder = TeamFolder(root)
    alex = c.devices["alex"]
    seq, prev = c.alex_next_seq, c.alex_prev
    where = data.draw(
        st.sampled_from(["bytes", "header", "changes", "changes", "snapshot", "team", "stranger"]),
        label="planted",
    )
    good = [_new_family_event(c, data)]
    if where == "bytes":
        base = encode_changes(c, good, seq=seq, prev=prev)
        content = mutate_bytes(data, base)
    elif where == "header":
        top, sections, finish = header_ops(data)
        content = seal(
            c,
            plains=[("supervision:fuzz", json.dumps(good).encode())],
            recipients=c.recipients(),
            signer=alex,
            seq=seq,
            prev=prev,
            top=top,
            sections=sections,
            finish=finish,
        )
    elif where == "changes":
        events = change_ops(data, good + data.draw(st.lists(st.sampled_from(c.events), max_size=2)))
        for event in events if isinstance(events, list) else []:
            if isinstance(event, dict) and data.draw(st.booleans(), label="as Alex"):
                event.update(author=alex.member_id, device=alex.device_id)
        content = encode_changes(c, events, seq=seq, prev=prev)
    elif where == "snapshot":
        content = mutate_bytes(data, c.alex_snapshot)
        snap_seq = data.draw(st.integers(seq, seq + 3), label="snapshot number")
        path = folder.snapshots_dir(alex.device_id) / bundles.snapshot_name(snap_seq, content)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return path
    elif where == "team":
        # Never signed by Pat here: a change Pat signed may rightly remove Bob from the team.
        _body, content = file_content(data, c.team_docs, {"alex": alex.keyring})
        device = data.draw(st.sampled_from(["sup", "alex"]), label="team folder of")
        path = folder.team_dir(c.devices[device].device_id)
        path = path / f"{'0' * 14}1.{data.draw(st.integers(0, 999999)):06d}-{_hash16(content)}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return path
    else:
        content = (
            mutate_bytes(data, encode_changes(c, good, seq=1))
            if data.draw(st.booleans(), label="damaged")
            else encode_changes(c, good, seq=1)
        )
        path = folder.bundles_dir(STRANGER) / bundles.bundle_name(1, content)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return path
    name = (
        bundles.bundle_name(seq, content)
        if data.draw(st.integers(0, 3), label="name from content")
        else f"{seq:010d}-{'0123456789abcdef'}.rlb"
    )
    path = folder.bundles_dir(alex.device_id) / name
    path.write_bytes(content)
    return path


@fuzz_settings("engine")
@given(data=st.data())
def test_a_generated_file_in_the_folder_never_stops_a_sync_pass(
    corpus: Corpus, data: st.DataObject
) -> None:
    """The whole pass, on real profiles: Pat's sync finishes, the file is quarantined with a
    reason or applied, and Bob's new family still reaches Pat in the same pass."""
    work = Path(tempfile.mkdtemp(dir=corpus.base))
    sessions: list[Session] = []
    try:
        shutil.copytree(corpus.template, work, dirs_exist_ok=True)
        for key in ("sup", "bob"):
            session = unlock_profile(work / "profiles" / key, PASSPHRASE)
            sessions.append(session)
            syncstate.set_meta(session.vault, "sync_folder", str(work / "shared"))
        sup, bob = sessions
        root = team_folder_for(sup.vault).root
        before = picture(sup.vault)
        path = planted_file(corpus, data, root)
        news = family(bob, "Bob's news", "B-9")
        assert team_service.sync_once(bob).status == "ok"
        report = team_service.sync_once(sup)
        assert report.status == "ok", report.message
        reasons = [reason for p, reason in report.quarantined if p == str(path)]
        for _path, reason in report.quarantined:
            clear(reason)
        alex = corpus.devices["alex"].device_id
        reached = syncstate.progress(sup.vault)[alex].last_seq
        if path.parent.name == "team":
            applied = not reasons  # every team file is read at every pass
        else:
            applied = path.parent.parent.name == alex and reached >= corpus.alex_next_seq
        if reasons or applied:
            tally("engine", applied and not reasons, reasons[0] if reasons else None)
        else:
            # A snapshot whose clear header does not even parse is passed over unread (the
            # device's bundles are read instead); only such a file may be neither.
            assert path.parent.name == "snapshots", f"{path.name}: neither quarantined nor applied"
            assert reached == corpus.alex_next_seq - 1
            TALLY["engine", "refused"] += 1
            TALLY["engine", "skipped"] += 1
        after = picture(sup.vault)
        assert news.id in after, "Bob's new family did not arrive"
        if reasons:
            assert {k: v for k, v in after.items() if k in before} == before
        assert path.exists(), "a file was deleted from the shared folder"
    finally:
        for session in sessions:
            session.close()
        shutil.rmtree(work, ignore_errors=True)


# ---- the writers themselves, checked once ---------------------------------------------------


def test_the_test_encoders_write_files_the_readers_accept(corpus: Corpus) -> None:
    """The property tests above only mean something if, undamaged, their files are read."""
    events = corpus.events[:3]
    for make in (
        lambda: encode_changes(corpus, events),
        lambda: encode_changes(corpus, events, raw_plain=json.dumps(events).encode()),
        lambda: seal(
            corpus,
            plains=[("supervision:fuzz", json.dumps(events).encode())],
            recipients=corpus.recipients(),
            signer=corpus.devices["alex"],
            seq=7,
        ),
    ):
        opened, reason = read_as(corpus, make(), writer="alex", reader="sup")
        assert reason is None and opened is not None
        assert [e for evs in opened.sections.values() for e in evs] == events
    for writer, data, kind in corpus.files:
        opened, reason = read_as(corpus, data, writer=writer, reader=writer, kind=kind)
        assert reason is None, reason
    # A team change Pat signs again, and a request its sender signs, are taken.
    folder, sup = corpus.fuzz_folder, corpus.devices["sup"]
    names = next(d for d in corpus.team_docs if d["body"]["type"] == "names")
    body = {**names["body"], "hlc": "001999999999999.000000"}
    content = json.dumps(
        {
            "body": body,
            "signer": sup.device_id,
            "sig": base64.b64encode(sign(sup.signing, canonical(body))).decode(),
        }
    ).encode()
    change = folder.team_dir(sup.device_id) / f"{body['hlc']}-{_hash16(content)}.json"
    approved = load_team(folder).device
    request = copy.deepcopy(
        next(d for d in corpus.request_docs if approved(d["body"]["device_id"]) is None)["body"]
    )
    request["ed25519"] = base64.b64encode(corpus.stranger.ed25519_public()).decode()
    signed = json.dumps(
        {
            "body": request,
            "signer": "",
            "sig": base64.b64encode(
                sign(corpus.stranger.ed25519_private, canonical(request))
            ).decode(),
        }
    ).encode()
    asked = folder.requests_dir / f"{request['device_id']}-{_hash16(signed)}.json"
    change.write_bytes(content)
    asked.write_bytes(signed)
    try:
        state = load_team(folder)
        assert not state.rejected and state.history[-1]["hlc"] == body["hlc"]
        pending, rejected = read_requests(folder, state, sup.device_id, sup.keyring)
        assert not rejected and asked in {r.path for r in pending}
    finally:
        change.unlink()
        asked.unlink()


# ---- hand-made files that showed a fault ------------------------------------------------------
# Each of these once ended or misled a sync pass; they stay as the plainest way to show it.


@pytest.fixture
def three(team: Team) -> Team:
    """Pat, Alex and Bob, one of Alex's families already everywhere."""
    alex = team.join("alex", "Alex Morgan", "practitioner")
    team.join("bob", "Bob Hale", "practitioner")
    family(alex)
    team.sync("alex", "bob", "sup")
    return team


def signed_by_alex(
    team: Team, *changes: dict[str, Any], audiences: tuple[str, ...] = ("supervision:x",)
) -> Path:
    """A bundle Alex's laptop signs with its own keys at its next number: one new family
    per dict of ``changes`` (made to that change), in a section per audience."""
    alex = team.people["alex"]
    folder = team_folder_for(alex.vault)
    state = load_team(folder)
    files = rlb_files(folder.bundles_dir(alex.vault.device_id))
    events = [
        {
            "id": f"ev-{os.urandom(6).hex()}",
            "record": f"rec-{os.urandom(6).hex()}",
            "kind": "family",
            "hlc": alex.vault.clock.tick().encode(),
            "author": alex.vault.member_id,
            "device": alex.vault.device_id,
            "parent": None,
            "parent_id": None,
            "deleted": False,
            "data": {"reference": "X-1", "display_name": "The Heron family"},
            "resolves": [],
            **change,
        }
        for change in changes or ({},)
    ]
    readers = state.devices_of(state.active_members())
    data = bundles.encode(
        team_id=folder.team_id,
        device_id=alex.vault.device_id,
        member_id=alex.vault.member_id,
        seq=len(files) + 1,
        prev=hashlib.sha256(files[-1].read_bytes()).hexdigest() if files else "",
        created=alex.vault.clock.tick().encode(),
        sections=[bundles.Section(audience, events, readers) for audience in audiences],
        recovery_public=state.recovery_public,
        signing_key=alex.vault.keyring().ed25519_private,
    )
    path = folder.bundles_dir(alex.vault.device_id) / bundles.bundle_name(len(files) + 1, data)
    path.write_bytes(data)
    return path


def pats_pass_survives(team: Team, planted: Path) -> None:
    """Pat's sync finishes, sets the file aside (or takes it), and Bob's news arrives."""
    sup, bob = team.people["sup"], team.people["bob"]
    news = family(bob, "Bob's news", "B-9")
    assert team_service.sync_once(bob).status == "ok"
    report = team_service.sync_once(sup)  # must not raise
    assert report.status == "ok", report.message
    for _path, reason in report.quarantined:
        clear(reason)
    assert news.id in picture(sup.vault)


@pytest.mark.parametrize(
    "clock", ["253402300800000.000000", "999999999999999.999999"], ids=["year-10000", "largest"]
)
def test_a_change_dated_after_the_year_9999_is_set_aside_and_sync_goes_on(
    three: Team, clock: str
) -> None:
    """The clock pattern lets 15 digits of milliseconds through, but the vault turns each
    change's clock into a date, and Python's dates end in 9999: applying such a change raised
    ValueError out of the sync pass, every pass, so no device after Alex's was read."""
    planted = signed_by_alex(three, {"hlc": clock})
    pats_pass_survives(three, planted)


def test_a_change_whose_clock_ends_in_a_newline_is_set_aside_and_sync_goes_on(
    three: Team,
) -> None:
    """The schema's patterns end in ``$``, which also matches before a final newline: the
    reader let "<clock>\\n" through and Timestamp.decode raised ValueError out of the pass."""
    clock = three.people["alex"].vault.clock.tick().encode() + "\n"
    planted = signed_by_alex(three, {"hlc": clock})
    pats_pass_survives(three, planted)


@pytest.mark.parametrize("loop", ["itself", "each other"])
def test_a_change_built_on_itself_is_set_aside_and_sync_goes_on(three: Team, loop: str) -> None:
    """A change names the change it was made on top of. A new record whose only change is
    made on top of itself (or two changes each on top of the other) has no newest version:
    choosing its head found no row and raised TypeError out of every sync pass."""
    first, second = f"ev-{os.urandom(6).hex()}", f"ev-{os.urandom(6).hex()}"
    record = f"rec-{os.urandom(6).hex()}"
    if loop == "itself":
        planted = signed_by_alex(three, {"id": first, "parent": first})
    else:
        planted = signed_by_alex(
            three,
            {"id": first, "parent": second, "record": record},
            {"id": second, "parent": first, "record": record},
        )
    pats_pass_survives(three, planted)


def test_an_edit_after_a_change_dated_at_the_end_of_9999_still_reaches_everyone(
    three: Team,
) -> None:
    """A member's faulty laptop may date a change at the very last moment readers accept
    on a barrier the whole team reads. A new version is dated one step after every version
    of its record a laptop holds; when readers accepted clocks up to 9999-12-31, Bob's honest
    edit of that barrier was dated into the year 10000: every laptop then refused Bob's
    bundle as written by a faulty Relapp, and all of Bob's later work waited behind it.
    Readers now stop at the year 9000, far enough from the last date to step past it."""
    from relapp.sync.wire import MAX_CLOCK_MILLIS

    record = f"rec-{os.urandom(6).hex()}"
    signed_by_alex(
        three,
        {
            "record": record,
            "kind": "barrier",
            "hlc": f"{MAX_CLOCK_MILLIS:015d}.999999",
            "data": {"category": "caseload-time", "description": "No cover on Fridays"},
        },
    )
    sup, bob = three.people["sup"], three.people["bob"]
    assert team_service.sync_once(bob).status == "ok"
    barrier = bob.vault.get(record)
    bob.records.save(
        "barrier", {**barrier.data, "description": "Bob: cover found"}, record_id=record
    )
    news = family(bob, "Bob's news", "B-9")
    assert team_service.sync_once(bob).status == "ok"
    report = team_service.sync_once(sup)
    assert report.status == "ok"
    assert news.id in picture(sup.vault), f"Bob's later work waits: {report.quarantined}"


def test_a_members_section_name_cannot_put_a_second_line_in_a_reason(three: Team) -> None:
    """A section's name is the member's laptop's to choose, and some refusals quote it
    ("holds the … section twice", "the … section does not decrypt"). They did so without
    cleaning it as other reasons are: a line break, or a terminal's escape codes, went as
    they were into the sync report and the vault's list of set-aside files."""
    audience = "supervision:x\nAll files checked, nothing to see here\x1b[2J"
    planted = signed_by_alex(three, audiences=(audience, audience))
    pats_pass_survives(three, planted)
    reasons = [
        r for p, r, _first in syncstate.quarantined(three.people["sup"].vault) if p == str(planted)
    ]
    assert reasons and clear(reasons[0])


def test_a_team_file_nested_just_under_the_parsers_limit_is_refused_and_sync_goes_on(
    three: Team,
) -> None:
    """Anyone can write into Pat's team folder. A body whose unknown field nested a little
    less deep than msgspec's limit was decoded, then written out again by json.dumps (to check
    its signature), which has less room on the stack: RecursionError, out of load_team, at
    every sync pass and every team screen. The window moves with the stack, so a range of
    depths is tried."""
    sup = three.people["sup"]
    folder = team_folder_for(sup.vault)
    device = sup.vault.device_id
    names = {
        "type": "names",
        "team": folder.team_id,
        "hlc": "000000000000001.000000",
        "member_id": "m1",
        "name_sealed": "AAAA",
        "names_key": {},
        "junk": "JUNK",
    }
    join = {
        "type": "join",
        "team": folder.team_id,
        "hlc": "000000000000001.000000",
        "member_id": "m1",
        "role": "practitioner",
        "device_id": device,
        "x25519": "A" * 43 + "=",
        "ed25519": "A" * 43 + "=",
        "name": {"sealed": "AAAA", "keys": {}},
        "junk": "JUNK",
    }
    failures = []
    limit = sys.getrecursionlimit()
    for depth in range(limit - 120, limit + 5):
        planted = []
        for body in (names, join):
            text = json.dumps({"body": body, "sig": "AAAA", "signer": device}).encode()
            raw = text.replace(b'"JUNK"', b"[" * depth + b"]" * depth)
            if body is names:
                path = folder.team_dir(device) / f"000000000000001.000000-{_hash16(raw)}.json"
            else:
                path = folder.requests_dir / f"{device}-{_hash16(raw)}.json"
            path.write_bytes(raw)
            planted.append(path)
        try:
            state = load_team(folder)
            read_requests(folder, state, device, sup.vault.keyring())
            report = team_service.sync_once(sup)
            assert report.status == "ok"
            team_service.requests(sup)
        except RecursionError as exc:
            failures.append((depth, str(exc)))
        finally:
            for path in planted:
                path.unlink()
    assert not failures, f"RecursionError at {len(failures)} depths: {failures[:3]}"


def forge_snapshot(team: Team, key: str, seq: int = 9_999_999_999) -> Path:
    """What anyone can write with no key at all: a snapshot-shaped file, unsigned, with the
    highest number and the latest clock, in key's snapshot folder."""
    session = team.people[key]
    folder = team_folder_for(session.vault)
    header = json.dumps(
        {
            "format": 1,
            "kind": "snapshot",
            "team": folder.team_id,
            "device": session.vault.device_id,
            "member": session.vault.member_id,
            "seq": seq,
            "prev": "",
            "created": "999999999999999.999999",
            "sections": [],
        }
    ).encode()
    data = bundles.MAGIC + struct.pack(">I", len(header)) + header + bytes(64)
    path = folder.snapshots_dir(session.vault.device_id) / bundles.snapshot_name(seq, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_a_forged_snapshot_does_not_make_a_laptop_delete_its_own_bundles(team: Team) -> None:
    """A laptop tidies its own folder by the newest snapshot it finds there. That header was
    read without checking its signature: a forged one, dated 40 days ago, made Alex's laptop
    delete every bundle it had published and never write a real snapshot again, so Pat, who
    had not synced yet, never received Alex's families."""
    alex = team.join("alex", "Alex Morgan", "practitioner")
    made = [family(alex, f"Family {n}", f"EH-{n}").id for n in range(3)]
    team.sync("alex")
    published = rlb_files(team_folder_for(alex.vault).bundles_dir(alex.vault.device_id))
    forged = forge_snapshot(team, "alex")
    weeks_ago = time.time() - 40 * 24 * 3600
    os.utime(forged, (weeks_ago, weeks_ago))
    report = team_service.sync_once(alex)
    assert report.status == "ok"
    gone = [p.name for p in published if not p.exists()]
    team.sync("sup", "alex", "sup")
    missing = set(made) - {r.id for r in team.people["sup"].vault.list("family")}
    assert not gone and not missing, (
        f"Alex's laptop deleted {gone} after a forged snapshot; Pat lacks {len(missing)} families"
    )


def test_a_forged_snapshot_does_not_hide_a_laptops_history_from_a_newcomer(
    team: Team,
) -> None:
    """Once a laptop's bundles are tidied away behind its real snapshot, a newcomer reads
    that device from its newest snapshot only. It was chosen before any signature was
    checked: a forged one with a higher number was quarantined, the real one never tried, and
    Alex's laptop, taking the forgery for its own latest snapshot, wrote none for newcomers."""
    alex = team.join("alex", "Alex Morgan", "practitioner")
    made = [family(alex, f"Family {n}", f"EH-{n}").id for n in range(3)]
    team.sync("alex", "sup")
    team.join("bob", "Bob Hale", "practitioner")  # Alex's next pass writes a snapshot
    report = SyncEngine(alex.vault, grace_seconds=-1).run()  # and tidies what it covers
    assert report.status == "ok" and report.snapshots_written == 1
    assert not rlb_files(team_folder_for(alex.vault).bundles_dir(alex.vault.device_id))
    forge_snapshot(team, "alex")
    carol = team.join("carol", "Carol Reed", "supervisor")
    team.sync("alex", "carol")
    missing = set(made) - {r.id for r in carol.vault.list("family")}
    assert not missing, f"Carol, a new supervisor, never receives {len(missing)} of Alex's families"


def test_a_junk_file_numbered_far_ahead_leaves_no_lasting_alarm(three: Team) -> None:
    """How far a device's folder had gone was taken from its file names, before any file was
    read: four bytes named 9999999999-….rlb in Alex's folder, once deleted, left Pat's laptop
    reporting at every pass, for ever, that files were missing from Alex's folder (it "had up
    to 9999999999")."""
    sup, alex = three.people["sup"], three.people["alex"]
    folder = team_folder_for(sup.vault).bundles_dir(alex.vault.device_id)
    junk = folder / f"9999999999-{'0' * 16}.rlb"
    junk.write_bytes(b"junk")
    assert team_service.sync_once(sup).status == "ok"
    junk.unlink()
    news = family(alex, "Alex's news", "A-9")
    assert team_service.sync_once(alex).status == "ok"
    for _ in range(2):
        report = team_service.sync_once(sup)
        assert report.status == "ok" and news.id in picture(sup.vault)
    assert not report.quarantined and not report.waiting, report.quarantined
