"""The bundle file format: who can open what, and every way a file can be damaged."""

from __future__ import annotations

import base64

import pytest

from relapp.crypto.aead import DecryptionError
from relapp.crypto.keyring import Keyring
from relapp.crypto.recipients import generate_x25519, unwrap
from relapp.sync import bundle as b


@pytest.fixture
def people():
    return {name: Keyring.generate() for name in ("author", "supervisor", "other")}


TEAM_A, TEAM_B = "a" * 32, "b" * 32
DEV = {
    "dev-author": "00000000-0000-4000-8000-00000000000a",
    "dev-supervisor": "00000000-0000-4000-8000-00000000000b",
    "dev-other": "00000000-0000-4000-8000-00000000000c",
}


def event(event_id, words):
    """A change as Relapp writes it: a reflection draft with these words."""
    return {
        "id": event_id,
        "record": f"r-{event_id}",
        "kind": "reflection",
        "hlc": "000001700000000.000000",
        "author": "m-author",
        "device": DEV["dev-author"],
        "parent": None,
        "parent_id": None,
        "deleted": False,
        "data": {"template_id": "free", "sections": {"text": words}, "status": "draft"},
        "resolves": [],
        "text": words,  # a field a newer Relapp might add: not refused
    }


def make(people, recovery_public, team=TEAM_A, seq=1, prev=""):
    author, supervisor = people["author"], people["supervisor"]
    return b.encode(
        team_id=team,
        device_id=DEV["dev-author"],
        member_id="m-author",
        seq=seq,
        prev=prev,
        created="000001700000000.000000",
        sections=[
            b.Section(
                "own", [event("e1", "draft words")], {DEV["dev-author"]: author.x25519_public()}
            ),
            b.Section(
                "supervision",
                [event("e2", "submitted words")],
                {
                    DEV["dev-author"]: author.x25519_public(),
                    DEV["dev-supervisor"]: supervisor.x25519_public(),
                },
            ),
        ],
        recovery_public=recovery_public,
        signing_key=author.ed25519_private,
    )


def open_as(data, people, who, device, team=TEAM_A):
    return b.decode(
        data,
        team_id=team,
        signer_public=people["author"].ed25519_public(),
        my_id=DEV[device],
        my_private=people[who].x25519_private,
    )


def test_each_recipient_opens_exactly_its_audiences(people):
    _, recovery_public = generate_x25519()
    data = make(people, recovery_public)
    mine = open_as(data, people, "author", "dev-author")
    assert set(mine.sections) == {"own", "supervision"}
    theirs = open_as(data, people, "supervisor", "dev-supervisor")
    assert set(theirs.sections) == {"supervision"} and theirs.unreadable == ["own"]
    assert theirs.sections["supervision"][0]["data"]["sections"]["text"] == "submitted words"
    outsider = open_as(data, people, "other", "dev-other")
    assert outsider.sections == {}
    assert b"words" not in data  # nothing in clear


def test_recovery_key_opens_every_section(people):
    recovery_private, recovery_public = generate_x25519()
    data = make(people, recovery_public)
    opened = b.decode(
        data,
        team_id=TEAM_A,
        signer_public=people["author"].ed25519_public(),
        my_id=b.RECOVERY,
        my_private=recovery_private,
    )
    assert set(opened.sections) == {"own", "supervision"}


@pytest.mark.parametrize("position", [10, 200, -100, -1])
def test_a_flipped_byte_anywhere_is_rejected(people, position):
    _, recovery_public = generate_x25519()
    data = bytearray(make(people, recovery_public))
    data[position] ^= 0x01
    with pytest.raises(b.BundleRejected):
        open_as(bytes(data), people, "author", "dev-author")


def test_truncated_file_and_wrong_team_and_unknown_signer(people):
    _, recovery_public = generate_x25519()
    data = make(people, recovery_public)
    with pytest.raises(b.BundleRejected, match="truncated"):
        open_as(data[:-10], people, "author", "dev-author")
    with pytest.raises(b.BundleRejected, match="another team"):
        open_as(data, people, "author", "dev-author", team=TEAM_B)
    with pytest.raises(b.BundleRejected, match="signature"):
        b.decode(
            data,
            team_id=TEAM_A,
            signer_public=people["other"].ed25519_public(),
            my_id=DEV["dev-author"],
            my_private=people["author"].x25519_private,
        )


def test_ciphertext_swapped_between_bundles_is_rejected(people):
    _, recovery_public = generate_x25519()
    first = make(people, recovery_public, seq=1)
    second = make(people, recovery_public, seq=2)
    h1, len1 = b._header(first)
    h2, len2 = b._header(second)
    body1 = first[8 + len1 : -b.SIGNATURE_LEN]
    body2 = second[8 + len2 : -b.SIGNATURE_LEN]
    assert len(body1) == len(body2)  # same events, so same sizes: the swap fits exactly
    forged = second.replace(body2, body1)
    assert forged != second
    with pytest.raises(b.BundleRejected):
        open_as(forged, people, "author", "dev-author")
    # A wrapped key lifted from one bundle does not open the other's section either.
    info1 = b._info(TEAM_A, DEV["dev-author"], 1, "own")
    wrapped2 = base64.b64decode(h2.sections[0].keys[DEV["dev-author"]])
    with pytest.raises(DecryptionError):  # the HPKE info differs
        unwrap(people["author"].x25519_private, wrapped2, info1)


def test_file_name_carries_the_content_hash(people):
    _, recovery_public = generate_x25519()
    data = make(people, recovery_public)
    name = b.bundle_name(1, data)
    assert b.NAME_PATTERN.match(name)
    assert b.file_digest_matches(name, data)
    assert not b.file_digest_matches(name, data + b"x")
    assert not b.file_digest_matches("0000000001-abc (conflicted copy).rlb", data)
