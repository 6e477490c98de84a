"""Erasure meets sync: a change to an erased family made on a laptop that was offline never
brings it back."""

from __future__ import annotations

import json

import pytest

from relapp.services import erasure
from relapp.services import team as team_service
from relapp.services.errors import ServiceError
from relapp.store.vault import RecordNotFound
from tests.sync.conftest import Team
from tests.sync.helpers import edit_family, family
from tests.test_erasure import SENTINEL, everything_readable


def test_a_late_change_from_another_laptop_does_not_bring_an_erased_family_back(team: Team):
    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    fam = family(alex, f"The {SENTINEL} family", "EH-9")
    team.sync("alex", "sup")
    assert sup.vault.get(fam.id)
    erasure.erase_family(sup, fam.id, reason="request", request="SAR-9")
    # Alex's laptop was offline and edits the family; then everyone syncs.
    edit_family(alex, fam.id, f"The {SENTINEL} family (moved)")
    team.sync("alex", "sup", rounds=2)
    with pytest.raises(RecordNotFound):
        sup.vault.get(fam.id)
    assert SENTINEL not in everything_readable(sup)
    # The erasure reached Alex's laptop too, edits and all.
    with pytest.raises(RecordNotFound):
        alex.vault.get(fam.id)
    assert SENTINEL not in everything_readable(alex)


def all_folder_plaintext(team: Team) -> str:
    """Everything the organisation's recovery key can open in the shared folder."""
    return json.dumps(team_service.recover_team(team.central, team.org_code), ensure_ascii=False)


def test_an_erasure_reaches_every_laptop_and_the_shared_folder(team: Team) -> None:
    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    team.join("bob", "Bob Hale", "practitioner")  # never holds the family; confirms all the same
    fam = family(alex, f"The {SENTINEL} family", "EH-9")
    visit = alex.records.save(
        "visit",
        {"family_id": fam.id, "when": "2026-11-02T10:00", "mode": "home", "purpose": SENTINEL},
    )
    kept = family(alex, "The Wren family", "EH-10")
    edit_family(alex, fam.id, f"The {SENTINEL} family (moved)")
    team.sync("alex", "sup", "bob", rounds=2)
    assert SENTINEL in everything_readable(sup)
    assert SENTINEL in all_folder_plaintext(team)  # the recovery key reads it today

    erasure.erase_family(sup, fam.id, reason="Article 17", request="SAR-2026-3")
    reports = team.sync("sup", "alex", "bob", rounds=3)

    # Every laptop that held it applied it; the supervisor's laptop had it from the start.
    for key in ("sup", "alex"):
        session = team.people[key]
        for rid in (fam.id, visit.id):
            with pytest.raises(RecordNotFound):
                session.vault.get(rid)
        assert SENTINEL not in everything_readable(session)
    assert alex.vault.get(kept.id)  # nothing else went
    assert reports["alex"].status == "ok"
    # Each laptop compacted its own folder: the recovery key reads nothing of the family now.
    assert SENTINEL not in all_folder_plaintext(team)
    assert "The Wren family" in all_folder_plaintext(team)
    # Every device confirmed, and the supervisor can see it.
    status = erasure.erasure_status(sup)
    assert len(status) == 1 and status[0].request == "SAR-2026-3"
    assert status[0].waiting == []
    # No alarm about the files the compaction removed.
    again = team.sync("sup", "alex", "bob")
    for report in again.values():
        assert not [r for _p, r in report.quarantined if "missing" in r], report.quarantined


def test_a_practitioners_laptop_cannot_send_an_erasure(team: Team) -> None:
    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    fam = family(alex, "The Lark family", "EH-1")
    team.sync("alex", "sup")
    # A modified Relapp on a practitioner's laptop writes an erasure of the family.
    alex.vault.put(
        "erasure",
        {"records": [fam.id], "request": "x", "reason": "x", "erased_at": "2026-01-01T00:00"},
    )
    team_service.sync_once(alex)
    report = team_service.sync_once(sup)
    assert any("non-supervisor" in reason for _p, reason in report.quarantined)
    assert sup.vault.get(fam.id)


def test_a_practitioner_asks_and_a_supervisor_carries_out_or_declines(team: Team) -> None:
    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    first = family(alex, "The Heron family", "EH-1")
    second = family(alex, "The Kite family", "EH-2")
    with pytest.raises(ServiceError, match="Only a supervisor"):
        erasure.erase_family(alex, first.id, reason="asked", request="SAR-1")
    asked = erasure.ask_for_erasure(alex, first.id, reason="the mother asked", request="SAR-1")
    other = erasure.ask_for_erasure(alex, second.id, reason="asked too", request="SAR-2")
    team.sync("alex", "sup")
    queue = {r.request_id: r for r in erasure.erasure_requests(sup)}
    assert {(rid, r.status) for rid, r in queue.items()} == {(asked, "open"), (other, "open")}
    assert queue[asked].family_name == "The Heron family"
    erasure.erase_family(sup, first.id, reason="the mother asked", request="SAR-1")
    erasure.decline_request(sup, other, "we must keep it: an open child protection plan")
    team.sync("sup", "alex", rounds=2)
    mine = {r.request_id: r for r in erasure.erasure_requests(alex)}
    assert mine[asked].status == "done"
    assert mine[other].status == "declined" and "child protection" in mine[other].answer
    with pytest.raises(RecordNotFound):
        alex.vault.get(first.id)
    assert alex.vault.get(second.id)


def test_what_the_erasing_laptop_never_held_goes_too(team: Team) -> None:
    """A practitioner's laptop offline at the time of the erasure holds a visit it wrote
    afterwards, a draft reflection and words not sent yet about the family: none of them
    survive on any laptop or in the shared folder."""
    from relapp.services import unsent

    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    fam = family(alex, f"The {SENTINEL} family", "EH-9")
    team.sync("alex", "sup")
    erasure.erase_family(sup, fam.id, reason="Article 17", request="SAR-8")
    team_service.sync_once(sup)
    # Alex, offline, goes on working on the family.
    late = alex.records.save(
        "visit",
        {
            "family_id": fam.id,
            "when": "2026-11-03T10:00",
            "mode": "home",
            "purpose": f"LATE {SENTINEL}",
        },
    )
    draft = alex.records.save(
        "reflection",
        {
            "family_id": fam.id,
            "template_id": "free-text",
            "status": "draft",
            "sections": {"reflection": f"DRAFT about {SENTINEL}"},
        },
    )
    unsent.keep(alex.records, f"reply:{draft.id}", f"unsent words about {SENTINEL}")
    team.sync("alex", "sup", rounds=3)
    for session in (alex, sup):
        for rid in (late.id, draft.id):
            with pytest.raises(RecordNotFound):
                session.vault.get(rid)
        assert SENTINEL not in everything_readable(session)
    assert SENTINEL not in all_folder_plaintext(team)


def test_the_organisation_key_honours_an_erasure_before_every_laptop_compacts(
    team: Team,
) -> None:
    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    fam = family(alex, f"The {SENTINEL} family", "EH-9")
    alex.records.save(
        "visit",
        {"family_id": fam.id, "when": "2026-11-03T10:00", "mode": "home", "purpose": SENTINEL},
    )
    team.sync("alex", "sup")
    erasure.erase_family(sup, fam.id, reason="Article 17", request="SAR-8")
    team_service.sync_once(sup)
    # Alex's laptop has not synced since: its folder still holds the family's files.
    assert SENTINEL not in all_folder_plaintext(team)
