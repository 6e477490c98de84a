"""Keyset pages of the Visits and Families lists, against the lists read whole."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from relapp.services import families as fam_service
from relapp.services.paging import FamilyFilter, Page, PageRequest
from relapp.store import pages as store_pages

TODAY = date(2026, 11, 20)


def _build(session: Any, n_families: int = 23, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    records = session.records
    services = ["Early help", "Family hub", "Édition spéciale", ""]
    family_ids = []
    for n in range(n_families):
        data: dict[str, Any] = {
            "reference": f"R-{n:03d}",
            "display_name": rng.choice(["The Ávila family", "the Brown family", "Cole", "Zed"])
            + f" {n}",
            "status": rng.choice(["active", "active", "closed"]),
            "members": [{"name": "A", "role": "mother"}] * rng.randint(0, 3),
        }
        if service := rng.choice(services):
            data["service"] = service
        family_ids.append(records.save("family", data).id)
    start = datetime(2025, 1, 1, 9, 0)
    for n in range(140):
        fid = rng.choice(family_ids)
        when = start + timedelta(days=rng.randint(0, 600), hours=rng.randint(0, 8))
        # Some visits share a time exactly: the id decides between them.
        if n % 10 == 0:
            when = start
        records.save(
            "visit",
            {
                "family_id": fid,
                "when": when.isoformat(timespec="minutes"),
                "mode": rng.choice(["home", "centre", "phone"]),
                "duration_minutes": rng.choice([30, 45, 60]),
                "purpose": rng.choice(["Play", "bedtime", "Ávila", "school"]),
            },
        )
    for _n in range(60):
        fid = rng.choice(family_ids)
        when = start + timedelta(days=rng.randint(0, 600))
        records.save(
            "checkin",
            {
                "family_id": fid,
                "instrument_id": "practitioner-family",
                "respondent": "practitioner",
                "when": when.isoformat(timespec="minutes"),
                "scores": {
                    "heard": rng.randint(1, 5),
                    "trust": rng.randint(1, 5),
                    "respect": rng.randint(1, 5),
                    "what-matters": rng.randint(1, 5),
                    "honest-worries": rng.randint(1, 5),
                    "just-getting-through": rng.randint(1, 5),
                },
            },
        )
    session.vault.delete(family_ids[3])
    return family_ids


def _all_pages(fetch: Any, sort: str, descending: bool, limit: int) -> tuple[list[Any], Page]:
    first = page = fetch(PageRequest(sort, descending, None, limit))
    rows = list(page.rows)
    while page.after is not None:
        page = fetch(PageRequest(sort, descending, page.after, limit))
        assert len(page.rows) <= limit
        rows += page.rows
    return rows, first


@pytest.mark.parametrize("sort", sorted(store_pages.VISIT_SORTS))
@pytest.mark.parametrize("descending", [True, False])
def test_visit_pages_hold_every_visit_once_in_order(session, sort, descending) -> None:
    family_ids = _build(session)
    records = session.records
    whole = fam_service.visit_rows(records)
    rows, first = _all_pages(
        lambda r: fam_service.visit_page(records, None, r), sort, descending, 7
    )
    assert fam_service.visit_count(records, None) == (len(whole), None)
    assert len(whole) == 140
    assert sorted(r.id for r in rows) == sorted(r.id for r in whole)
    by_id = {r.id: r for r in whole}
    assert all(row == by_id[row.id] for row in rows)
    if sort == "when":
        stamps = [r.when for r in rows]
        assert stamps == sorted(stamps, reverse=descending)
    # One family's visits: the parent index, the same rows as the whole list has for it.
    mine, first = _all_pages(
        lambda r: fam_service.visit_page(records, family_ids[5], r), sort, descending, 3
    )
    assert sorted(r.id for r in mine) == sorted(
        r.id for r in fam_service.visit_rows(records, family_ids[5])
    )
    assert fam_service.visit_count(records, family_ids[5])[0] == len(mine)


@pytest.mark.parametrize("sort", sorted(store_pages.FAMILY_SORTS))
def test_family_pages_match_the_whole_list(session, sort) -> None:
    _build(session)
    records = session.records
    whole = {r.id: r for r in fam_service.family_rows(records, today=TODAY)}
    rows, first = _all_pages(
        lambda r: fam_service.family_page(records, FamilyFilter(), r, today=TODAY),
        sort,
        False,
        5,
    )
    assert fam_service.family_count(records, FamilyFilter())[0] == len(whole) == 22  # 1 trashed
    assert [r.id for r in rows if r.id not in whole] == []
    for row in rows:
        assert row == whole[row.id], row.id
    if sort == "name":
        names = [r.display_name.casefold() for r in rows]
        assert names == sorted(names)


def test_family_filters_match_what_the_list_filtered_in_memory(session) -> None:
    _build(session)
    records = session.records
    whole = fam_service.family_rows(records, today=TODAY)
    for filters in (
        FamilyFilter(status="active"),
        FamilyFilter(status="closed"),
        FamilyFilter(service="Family hub"),
        FamilyFilter(text="ávila"),
        FamilyFilter(text="ÁVILA 1"),
        FamilyFilter(text="r-00 brown"),
        FamilyFilter(text="édition", status="active"),
        FamilyFilter(text="nothing like this"),
        FamilyFilter(text="%"),
        FamilyFilter(text="_"),
    ):
        expected = {
            r.id
            for r in whole
            if (not filters.status or r.status == filters.status)
            and (not filters.service or r.service == filters.service)
            and r.matches(filters.text)
        }
        rows, first = _all_pages(
            lambda r, f=filters: fam_service.family_page(records, f, r, today=TODAY),
            "name",
            False,
            4,
        )
        assert {r.id for r in rows} == expected, filters
        shown, (total, services) = fam_service.family_count(records, filters)
        assert shown == len(expected)
        assert total == len(whole)
        assert services == fam_service.services_of(whole)


def test_a_page_goes_on_after_rows_added_and_removed_meanwhile(session) -> None:
    family_ids = _build(session)
    records = session.records
    first = fam_service.visit_page(records, None, PageRequest("when", True, None, 20))
    shown = {r.id for r in first.rows}
    # Meanwhile: a visit newer than all, and one already shown is deleted.
    records.save("visit", {"family_id": family_ids[0], "when": "2030-01-01T10:00", "mode": "home"})
    session.vault.delete(first.rows[-1].id)
    rest, _first = _all_pages(
        lambda r: fam_service.visit_page(records, None, r) if r.after else first,
        "when",
        True,
        20,
    )
    later = [r.id for r in rest[20:]]
    assert not shown & set(later)  # nothing repeated
    remaining = {r.id for r in fam_service.visit_rows(records)} - shown
    assert set(later) == {
        r for r in remaining if r in {x.id for x in fam_service.visit_rows(records)}
    } - {r.id for r in fam_service.visit_rows(records) if r.when and r.when.year == 2030}


def test_an_unknown_sort_is_refused(session) -> None:
    with pytest.raises(ValueError, match="unknown sort"):
        fam_service.visit_page(session.records, None, PageRequest("r.id; DROP TABLE x"))


@pytest.fixture(scope="module")
def demo_session(tmp_path_factory):
    from relapp.services.demo import build_demo_profile

    session = build_demo_profile(tmp_path_factory.mktemp("demo") / "p", today=TODAY)
    yield session
    session.close()


@pytest.mark.parametrize("sort", sorted(store_pages.REFLECTION_SORTS))
def test_reflection_pages_match_the_whole_list(demo_session, sort) -> None:
    from relapp.services import reflections as refl

    records = demo_session.records
    whole = {r.id: r for r in refl.load_list(records).rows}
    everything = refl.reflection_filter(records, "", "")
    rows, _first = _all_pages(lambda r: refl.reflection_page(records, everything, r), sort, True, 9)
    assert sorted(r.id for r in rows) == sorted(whole)
    for row in rows:
        assert row == replace(whole[row.id], search_text=""), row.id
    if sort == "updated":
        stamps = [r.updated_at for r in rows]
        assert stamps == sorted(stamps, reverse=True)
    shown, states = refl.reflection_count(records, everything)
    assert shown == len(whole)
    assert states == dict(Counter(r.status for r in whole.values()))


def test_reflection_filters_match_the_whole_list(demo_session) -> None:
    from relapp.services import reflections as refl
    from relapp.services.search import SearchService

    records = demo_session.records
    whole = refl.load_list(records).rows
    search = SearchService(records)
    some = next(r for r in whole if len(r.family.split()) > 1 and r.title)
    for status, text in (
        ("submitted", ""),
        ("draft", ""),
        ("", some.family.split()[1]),
        ("", some.title.split()[0]),
        ("", some.template.split()[0]),
        ("returned", "the"),
        ("", "nothing-like-this"),
        ("", "%"),
    ):
        in_text = search.words_in("reflection", text) if text else None
        filters = refl.reflection_filter(records, status, text, in_text)
        expected = {
            r.id
            for r in whole
            if (not status or r.status == status) and (not text or r.matches(text, in_text))
        }
        rows, _first = _all_pages(
            lambda r, f=filters: refl.reflection_page(records, f, r), "updated", True, 7
        )
        assert {r.id for r in rows} == expected, (status, text)
        assert refl.reflection_count(records, filters)[0] == len(expected)


@pytest.mark.parametrize("sort", sorted(store_pages.CHECKIN_SORTS))
def test_checkin_pages_match_the_whole_list_alerts_included(demo_session, sort) -> None:
    from relapp.services import checkins

    records = demo_session.records
    whole = {r.id: r for r in checkins.list_checkins(records)}
    assert any(r.alert for r in whole.values())  # the demo has alerts to compare
    rows, _first = _all_pages(lambda r: checkins.checkin_page(records, "", "", r), sort, True, 11)
    assert sorted(r.id for r in rows) == sorted(whole)
    for row in rows:
        assert row == whole[row.id], row.id
    some = next(r for r in whole.values() if r.alert)
    for family_id, instrument_id in (
        (some.family_id, ""),
        ("", some.instrument_id),
        (some.family_id, some.instrument_id),
        (records.vault.member_id, ""),
    ):
        expected = {
            r.id
            for r in whole.values()
            if (not family_id or r.family_id == family_id)
            and (not instrument_id or r.instrument_id == instrument_id)
        }
        rows, _first = _all_pages(
            lambda r, f=family_id, i=instrument_id: checkins.checkin_page(records, f, i, r),
            sort,
            False,
            4,
        )
        assert {r.id for r in rows} == expected
        shown, (total, self_checks) = checkins.checkin_count(records, family_id, instrument_id)
        assert (shown, total) == (len(expected), len(whole))
    trend = checkins.checkin_trend(records, some.family_id, some.instrument_id)
    assert trend == checkins.trend_points(whole.values(), some.family_id, some.instrument_id)
