"""Ctrl+F in the real main window: search is ready at unlock, results appear as you type,
changes show at once, Enter opens the record, and locking closes it all."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from relapp.services.demo import build_demo_profile
from relapp.ui.app import build_window
from relapp.ui.search import RESULT_ROLE, SearchDialog, search_service_for, snippet_html


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN001, ANN201
    monkeypatch.setenv("RELAPP_CONFIG_DIR", str(tmp_path / "config"))
    profile = tmp_path / "profile"
    session = build_demo_profile(profile)
    family = session.vault.list("family")[0]
    reflection = session.records.save_reflection_draft(
        {
            "family_id": family.id,
            "template_id": "free-text",
            "title": "After the park",
            "sections": {"reflection": "The trampoline made everyone laugh, even Dad."},
        }
    )
    win = build_window(profile)
    qtbot.addWidget(win)
    win.show()
    win.open_workspace(session)
    win.reflection_id = reflection.id  # type: ignore[attr-defined]
    yield win
    win.lock()


def open_search(qtbot, win) -> SearchDialog:  # noqa: ANN001
    win.activateWindow()
    qtbot.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    if win.findChild(SearchDialog) is None:  # no active window on some offscreen set-ups
        win.search_action.trigger()
    dialog = win.findChild(SearchDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def result_ids(dialog: SearchDialog) -> list[str]:
    tree = dialog.results
    return [
        tree.topLevelItem(i).data(0, RESULT_ROLE).record_id
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).data(0, RESULT_ROLE) is not None
    ]


def test_type_a_word_from_a_reflection_then_down_and_enter_opens_it(qtbot, window) -> None:  # noqa: ANN001
    dialog = open_search(qtbot, window)
    qtbot.waitUntil(lambda: dialog.ready, timeout=5000)
    qtbot.keyClicks(dialog.box, "trampol")  # still typing: the last word is a prefix
    qtbot.waitUntil(lambda: window.reflection_id in result_ids(dialog), timeout=5000)
    item = dialog.results.currentItem()
    assert item.data(0, RESULT_ROLE).record_id == window.reflection_id
    assert "<b>trampoline</b>" in snippet_html(item.data(0, RESULT_ROLE).snippet)
    qtbot.keyClick(dialog.box, Qt.Key.Key_Down)
    assert dialog.results.hasFocus() or dialog.results.currentItem() is not None
    with qtbot.waitSignal(window.ctx.open_requested, timeout=2000) as opened:
        qtbot.keyClick(dialog.results, Qt.Key.Key_Return)
    assert opened.args == ["reflections", window.reflection_id]
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert window.workspace.current_key() == "reflections"


def test_no_match_says_so_and_odd_input_is_harmless(qtbot, window) -> None:  # noqa: ANN001
    dialog = open_search(qtbot, window)
    qtbot.waitUntil(lambda: dialog.ready, timeout=5000)
    qtbot.keyClicks(dialog.box, 'zzqx "NEAR( -*')
    qtbot.waitUntil(lambda: "Nothing matches" in dialog.status.text(), timeout=5000)
    assert result_ids(dialog) == []


def test_enter_in_the_box_opens_the_best_match_and_changes_show_at_once(qtbot, window) -> None:  # noqa: ANN001
    ctx = window.ctx
    dialog = open_search(qtbot, window)
    assert dialog.ready  # nothing to wait for: the index is in the database
    qtbot.keyClicks(dialog.box, "library wifi")
    qtbot.waitUntil(lambda: "Nothing matches" in dialog.status.text(), timeout=5000)
    # A barrier saved meanwhile (here, or received by sync) is found without typing again.
    barrier = ctx.session.records.save(
        "barrier", {"category": "digital-access", "description": "The library wifi kept dropping."}
    )
    ctx.records_changed.emit("barrier")
    qtbot.waitUntil(lambda: barrier.id in result_ids(dialog), timeout=5000)
    with qtbot.waitSignal(ctx.open_requested, timeout=5000) as opened:
        qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    assert opened.args == ["barriers", barrier.id]


def test_search_is_ready_at_once_and_closes_with_the_profile(qtbot, window) -> None:  # noqa: ANN001
    from relapp.store.vault import VaultLocked

    ctx = window.ctx
    dialog = open_search(qtbot, window)
    assert dialog.ready and "Building" not in dialog.status.text()
    service = search_service_for(ctx)
    qtbot.keyClicks(dialog.box, "trampoline")
    qtbot.waitUntil(lambda: bool(result_ids(dialog)), timeout=5000)

    window.lock()
    qtbot.waitUntil(lambda: window.findChild(SearchDialog) is None, timeout=2000)
    assert search_service_for(ctx) is None
    with pytest.raises(VaultLocked):  # the words are in the database, closed with it
        service.search("trampoline")


def test_search_works_right_after_each_unlock(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from relapp.services.demo import DEMO_PASSPHRASE
    from relapp.services.profile import unlock_profile

    profile = tmp_path / "profile"
    build_demo_profile(profile).close()
    win = build_window(profile)
    qtbot.addWidget(win)
    for _ in range(2):  # and again after a lock
        win.open_workspace(unlock_profile(profile, DEMO_PASSPHRASE))
        service = search_service_for(win.ctx)
        assert service is not None and service.search("interpreter")
        win.lock()
        assert search_service_for(win.ctx) is None
