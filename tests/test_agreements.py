"""A family's agreement: recorded, changed and withdrawn as versions of one record; synced to
the supervisor like other family records; erased with its family on every laptop; and the
notice a parent sees before a check-in, recorded. Real profiles (sync and erasure across a
team: tests/sync/test_agreement_sync.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from relapp.services import agreements
from relapp.services.agreements import AgreementInput, family_agreement, save_agreement
from relapp.services.checkins import new_checkin_data, save_checkin
from relapp.services.errors import ServiceError
from relapp.store import audit
from tests.sync.helpers import family

DAY = date.today() - timedelta(days=3)


def agreed(**extra) -> AgreementInput:  # noqa: ANN003
    given = {
        "status": "agreed",
        "when": DAY,
        "agreed_by": ["Grace Okafor"],
        "working_with_service": True,
        "checkins": True,
    }
    return AgreementInput(**{**given, **extra})


def test_no_agreement_then_agreed_changed_and_withdrawn_keeps_every_version(session) -> None:
    fam = session.records.save(
        "family",
        {
            "reference": "EH-1",
            "display_name": "The Okafor family",
            "members": [
                {"name": "Grace Okafor", "role": "mother"},
                {"name": "Tobi Okafor", "role": "child"},
            ],
        },
    )
    none = family_agreement(session, fam.id)
    assert none.state == "none" and not none.checkins_agreed and none.history == ()
    assert none.members == ("Grace Okafor",)  # the children are not asked themselves

    save_agreement(session, fam.id, agreed())
    save_agreement(session, fam.id, agreed(sharing_with=["health visitor", "Health visitor"]))
    now = family_agreement(session, fam.id)
    assert now.state == "agreed" and now.checkins_agreed and now.version == 2
    assert now.current.sharing_with == ("health visitor",)
    assert now.current.recorded_by == "Sam Carter" == now.current.explained_by
    assert agreements.describe(now.current) == (
        f"Agreed on {DAY.isoformat()} with Grace Okafor: working with the service, check-ins;"
        " sharing with health visitor"
    )

    save_agreement(
        session,
        fam.id,
        AgreementInput("withdrawn", date.today(), ["Grace Okafor"], explained="Moving away."),
        record_id=now.record_id,
        expected_version=now.version,
    )
    gone = family_agreement(session, fam.id)
    assert gone.state == "withdrawn" and not gone.checkins_agreed
    assert not gone.current.agreed_to_anything
    assert [v.status for v in gone.history] == ["agreed", "agreed", "withdrawn"]
    assert gone.history[1].sharing_with == ("health visitor",)  # what was agreed stays
    assert len(session.records.list("agreement")) == 1  # one record, three versions
    with pytest.raises(ServiceError, match="already withdrawn"):
        save_agreement(
            session,
            fam.id,
            AgreementInput("withdrawn", date.today(), ["Grace Okafor"]),
            record_id=gone.record_id,
        )
    # Agreed again later: a fourth version of the same record.
    save_agreement(session, fam.id, agreed(when=date.today(), checkins=False))
    again = family_agreement(session, fam.id)
    assert again.state == "agreed" and not again.checkins_agreed and again.version == 4


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (agreed(working_with_service=False, checkins=False), "Choose what the family agreed"),
        (agreed(agreed_by=[" "]), "Say who in the family agreed"),
        (agreed(when=date.today() + timedelta(days=1)), "cannot be in the future"),
        (AgreementInput("maybe", DAY, ["Grace"]), "agreed or withdrew"),
    ],
)
def test_an_agreement_that_says_nothing_is_refused_in_words(session, given, message) -> None:
    fam = family(session)
    with pytest.raises(ServiceError, match=message):
        save_agreement(session, fam.id, given)
    assert session.records.list("agreement") == []


def test_the_parents_notice_is_recorded_in_the_audit_trail_and_on_the_checkin(session) -> None:
    fam = family(session)
    shown_at = agreements.record_notice_shown(session.records, fam.id)
    (entry,) = audit.entries(session.vault, action="parent_notice_shown")
    assert entry.records == (fam.id,)
    instrument = session.definitions.instruments["practitioner-family"]
    data = new_checkin_data(
        instrument,
        fam.id,
        "parent",
        {i.id: 3 for i in instrument.items},
        notice_shown_at=shown_at,
    )
    record, _alert = save_checkin(session.records, data)
    assert record.data["notice_shown_at"] == shown_at
    assert audit.verify(session.vault)[0]
    assert agreements.parent_notice(session).retention_years is None
