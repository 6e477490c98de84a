"""Erasure meets sync: a change to an erased family made on a laptop that was offline never
brings it back."""

from __future__ import annotations

import pytest

from relapp.services import erasure
from relapp.services import team as team_service
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
    # A new change to it is counted as dropped, not applied.
    edit_family(alex, fam.id, f"The {SENTINEL} family (again)")
    team_service.sync_once(alex)
    report = team_service.sync_once(sup)
    assert report.status == "ok" and report.received == 0
