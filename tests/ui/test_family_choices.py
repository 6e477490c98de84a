"""The team's families to pick from: one list for the session, shared by the Visits and
Check-ins filters and a new check-in, read again after a family changed, forgotten at lock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import relapp.services.families as families_service
from tests.ui.conftest import demo_window


@pytest.fixture
def demo(qtbot, tmp_path: Path) -> Iterator[object]:
    yield from demo_window(qtbot, tmp_path / "p", "today")


def counted_lists(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each read of the family list from now on (its `members` argument)."""
    calls: list[bool] = []
    real = families_service.family_choices

    def counting(records, *, members: bool = True):  # noqa: ANN001, ANN202
        calls.append(members)
        return real(records, members=members)

    monkeypatch.setattr(families_service, "family_choices", counting)
    return calls


def settle(qtbot, window) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: window.workspace.settled and not window.ctx.runner.busy, timeout=20_000)


def filter_texts(combo) -> list[str]:  # noqa: ANN001
    return [combo.itemText(i) for i in range(combo.count())]


def test_both_filters_show_a_new_family_from_one_read(qtbot, demo, monkeypatch) -> None:
    ctx = demo.ctx
    visits = demo.workspace.show_page("visits")
    checkins = demo.workspace.show_page("checkins")
    settle(qtbot, demo)
    calls = counted_lists(monkeypatch)

    ctx.session.records.save("family", {"reference": "ZED", "display_name": "The Zed family"})
    ctx.records_changed.emit("family")
    demo.workspace.show_page("visits")
    settle(qtbot, demo)
    demo.workspace.show_page("checkins")
    settle(qtbot, demo)

    assert calls == [False]  # one read, without members, for both pages
    assert "The Zed family (ZED)" in filter_texts(visits.family_filter)
    assert "The Zed family" in filter_texts(checkins.family_filter)
    assert ctx.families.current is not None
    assert checkins.families is ctx.families.current  # the same list, not a copy


def test_a_family_changed_while_the_list_is_read_is_in_the_list_handed_out(
    qtbot, demo, monkeypatch
) -> None:
    ctx = demo.ctx
    settle(qtbot, demo)
    ctx.families.forget()
    handed: list[list[str]] = []
    ctx.families.get(lambda found: handed.append([c.display_name for c in found]))
    # The read is under way (its answer needs the event loop); a family is added meanwhile.
    ctx.session.records.save("family", {"reference": "NEW", "display_name": "The New family"})
    ctx.records_changed.emit("family")
    qtbot.waitUntil(lambda: bool(handed), timeout=5000)
    settle(qtbot, demo)
    assert len(handed) == 1  # the first read's answer was dropped, not handed out too
    assert "The New family" in handed[0]


def test_waiting_callers_share_one_read_and_a_failure_reaches_them(
    qtbot, demo, monkeypatch
) -> None:
    ctx = demo.ctx
    settle(qtbot, demo)
    ctx.families.forget()
    calls = counted_lists(monkeypatch)
    got: list[int] = []
    ctx.families.get(lambda found: got.append(len(found)))
    ctx.families.get(lambda found: got.append(len(found)))
    qtbot.waitUntil(lambda: len(got) == 2, timeout=5000)
    assert calls == [False] and got[0] == got[1] > 0

    ctx.families.forget()

    def broken(records, *, members: bool = True):  # noqa: ANN001, ANN202
        raise OSError("the disk went away")

    monkeypatch.setattr(families_service, "family_choices", broken)
    failures: list[str] = []
    ctx.families.get(lambda found: got.append(-1), lambda exc: failures.append(str(exc)))
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert failures == ["the disk went away"] and -1 not in got
    assert ctx.families.current is None  # asked again next time


def test_locking_forgets_the_families(qtbot, demo) -> None:
    settle(qtbot, demo)
    demo.workspace.show_page("visits")
    settle(qtbot, demo)
    assert demo.ctx.families.current
    demo.lock()
    assert demo.ctx.families.current is None
