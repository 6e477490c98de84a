"""Mistakes undone on real vaults and a real shared folder: a check-in recorded against the
wrong family is marked entered in error (out of trends, alerts and the supervisor's caseload,
kept in history and in the trash, on every laptop), a visit goes to the trash and comes back,
and what must stay on record says why it cannot go."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from relapp.services import caseload, checkins, subject_access, trash
from relapp.services.errors import ServiceError
from relapp.services.families import trend_series
from tests.sync.helpers import family


def low_checkin(session, family_id: str, when: datetime, score: int):  # noqa: ANN001
    instrument = next(
        i
        for i in session.definitions.instruments.values()
        if i.alert and "practitioner" in i.respondents
    )
    scores = {item.id: score for item in instrument.items}
    data = checkins.new_checkin_data(instrument, family_id, "practitioner", scores, when=when)
    record, _alert = checkins.save_checkin(session.records, data)
    return instrument, record


def test_a_check_in_entered_in_error_leaves_trends_and_alerts_everywhere(team) -> None:
    sup = team.people["sup"]
    pra = team.join("pra", "Sam Practitioner", "practitioner")
    lark = family(pra, "The Lark family")
    start = datetime(2026, 10, 1, 10, 0)
    instrument, good = low_checkin(pra, lark.id, start, 5)
    _instrument, wrong = low_checkin(pra, lark.id, start + timedelta(days=7), 1)
    team.sync("pra", "sup", "pra")
    assert [p.score for p in trend_series(pra.records, lark.id)[instrument.id]] == [
        good.data["score"],
        wrong.data["score"],
    ]
    assert any(a.checkin_id == wrong.id for a in caseload.caseload_alerts(sup))

    assert trash.removal_for(pra, wrong).how == trash.ERROR
    trash.mark_entered_in_error(pra, wrong.id, "wrong_family", "This was the Finch family's.")
    assert [p.score for p in trend_series(pra.records, lark.id)[instrument.id]] == [
        good.data["score"]
    ]
    [item] = trash.trash_items(pra)
    assert (item.record_id, item.how, item.kind) == (wrong.id, trash.ERROR, "check-in")
    assert item.reason == "Recorded against the wrong family"
    assert item.note == "This was the Finch family's." and "Lark" in item.title

    team.sync("pra", "sup")
    there = sup.vault.get(wrong.id)
    assert there.deleted and there.data["removed"]["reason"] == "wrong_family"
    assert not any(a.checkin_id == wrong.id for a in caseload.caseload_alerts(sup))
    # Kept in history: every version, the scores included, on both laptops.
    versions = sup.vault.history(wrong.id)
    assert versions[0].data["scores"] == wrong.data["scores"] and versions[-1].deleted
    # And in the family's subject access export, saying so.
    [listed] = [c for c in subject_access.gather(sup, lark.id).checkins if c.id == wrong.id]
    assert listed.in_trash
    assert listed.entered_in_error == (
        "Recorded against the wrong family (This was the Finch family's.)"
    )

    # Undone: back in the trend on both laptops, the mark cleared in a new version.
    trash.put_back(pra, wrong.id)
    team.sync("pra", "sup")
    back = sup.vault.get(wrong.id)
    assert not back.deleted and "removed" not in back.data
    assert any(a.checkin_id == wrong.id for a in caseload.caseload_alerts(sup))
    assert trash.trash_items(pra) == []


def test_a_visit_goes_to_the_trash_and_comes_back(session) -> None:
    lark = family(session, "The Lark family")
    visit = session.records.save(
        "visit", {"family_id": lark.id, "when": "2026-10-02T09:30", "mode": "home"}
    )
    assert trash.removal_for(session, visit).how == trash.TRASH
    trash.move_to_trash(session, visit.id)
    assert session.records.list("visit") == []
    [item] = trash.trash_items(session)
    assert (item.how, item.kind, item.reason) == (trash.TRASH, "visit", "")
    assert (item.title, item.day) == ("The Lark family", "2026-10-02")
    trash.put_back(session, visit.id)
    assert [v.id for v in session.records.list("visit")] == [visit.id]


def test_what_must_stay_on_record_says_why(session) -> None:
    lark = family(session, "The Lark family")
    visit = session.records.save(
        "visit", {"family_id": lark.id, "when": "2026-10-02T09:30", "mode": "home"}
    )
    why = trash.removal_for(session, lark)
    assert why.how is None and "erased" in why.why_not
    with pytest.raises(ServiceError, match="visits, reflections or check-ins"):
        trash.move_to_trash(session, lark.id)
    _instrument, checkin = low_checkin(session, lark.id, datetime(2026, 10, 2, 9, 0), 3)
    with pytest.raises(ServiceError, match="entered in error"):
        trash.move_to_trash(session, checkin.id)
    with pytest.raises(ServiceError, match="Choose why"):
        trash.mark_entered_in_error(session, checkin.id, "because")
    with pytest.raises(ServiceError, match="Say in a few words"):
        trash.mark_entered_in_error(session, checkin.id, "other", "  ")
    with pytest.raises(ServiceError, match="not here any more"):
        trash.move_to_trash(session, "0" * 32)
    # Nothing above changed anything.
    assert not session.records.get(checkin.id).deleted
    assert session.vault.history(checkin.id)[-1].version == checkin.version
    assert trash.trash_items(session) == [] and visit.id


def test_only_the_author_removes_a_record(team) -> None:
    sup = team.people["sup"]
    pra = team.join("pra", "Sam Practitioner", "practitioner")
    lark = family(pra, "The Lark family")
    _instrument, checkin = low_checkin(pra, lark.id, datetime(2026, 10, 2, 9, 0), 3)
    team.sync("pra", "sup")
    theirs = sup.vault.get(checkin.id)
    assert "Only the person who recorded" in trash.removal_for(sup, theirs).why_not
    with pytest.raises(ServiceError, match="Only the person"):
        trash.mark_entered_in_error(sup, checkin.id, "duplicate")
    assert not sup.vault.get(checkin.id).deleted
