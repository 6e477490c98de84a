"""A family's agreement syncs to the supervisor like the family's other records, and goes with
the family when it is erased, on every laptop."""

from __future__ import annotations

import pytest

from relapp.services import erasure
from relapp.services.agreements import family_agreement, save_agreement
from relapp.services.errors import ServiceError
from relapp.store.vault import RecordNotFound
from tests.sync.conftest import Team
from tests.sync.helpers import family
from tests.test_agreements import agreed
from tests.test_erasure import SENTINEL, everything_readable


def test_the_agreement_syncs_to_the_supervisor_and_goes_with_an_erased_family(team: Team):
    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    fam = family(alex, f"The {SENTINEL} family", "EH-9")
    kept = family(alex, "The Wren family", "EH-10")
    save_agreement(alex, fam.id, agreed(explained=f"explained to {SENTINEL}"))
    save_agreement(alex, fam.id, agreed(sharing_with=[f"{SENTINEL} nursery"]))
    save_agreement(alex, kept.id, agreed())
    team.sync("alex", "sup")
    seen = family_agreement(sup, fam.id)
    assert seen.state == "agreed" and seen.current.sharing_with == (f"{SENTINEL} nursery",)
    assert seen.current.recorded_by == "Alex Morgan" and len(seen.history) == 2

    result = erasure.erase_family(sup, fam.id, reason="Article 17", request="SAR-5")
    assert result.plan.counts()["agreement"] == 1
    team.sync("sup", "alex", rounds=2)
    for session in (sup, alex):
        with pytest.raises(RecordNotFound):
            session.vault.get(seen.record_id)
        assert SENTINEL not in everything_readable(session)
        assert family_agreement(session, kept.id).state == "agreed"  # nothing else went
    # A change made on a laptop that missed the erasure never brings it back.
    with pytest.raises(ServiceError):
        save_agreement(alex, fam.id, agreed())
