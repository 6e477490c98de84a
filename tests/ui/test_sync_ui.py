"""Team sync in the app: the Sync page, the team dialogs and the background controller, with
real profiles and a real shared folder in tmp_path."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from relapp.services import team as team_service
from relapp.services.profile import Session, create_profile
from relapp.store import syncstate
from relapp.sync.engine import SyncReport
from relapp.ui.settings import CENTRAL_FOLDER, LAST_PAGE
from relapp.ui.sync_controller import SyncController
from relapp.ui.team_dialogs import CreateTeamDialog, JoinTeamDialog
from relapp.ui.views.sync_dialogs import ChooseMemberDialog, ConflictDialog
from tests.conftest import PASSPHRASE
from tests.sync.conftest import Team

LARK = {"reference": "EH-1", "display_name": "The Lark family", "status": "active"}


class Windows:
    """Main windows on real profiles, wired to a SyncController as MainWindow does at unlock."""

    def __init__(self, qtbot) -> None:  # noqa: ANN001
        self.qtbot = qtbot
        self.opened: list = []

    def open(self, session: Session, folder: Path):  # noqa: ANN201
        from relapp.ui.app import build_window

        window = build_window(folder)
        self.qtbot.addWidget(window)
        window.resize(1200, 800)
        window.show()
        window.ctx.settings.set(LAST_PAGE, "sync")
        window.open_workspace(session)  # starts the window's own SyncController
        assert isinstance(window.sync_controller, SyncController)
        self.opened.append(window)
        return window

    def close(self) -> None:
        for window in self.opened:
            if window.ctx.session is not None:
                window.lock()
            window.ctx.runner.wait_idle()


@pytest.fixture
def windows(qtbot) -> Iterator[Windows]:
    opened = Windows(qtbot)
    yield opened
    opened.close()


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Team]:
    central = tmp_path / "shared"
    central.mkdir()
    t = Team(central=central, base=tmp_path / "profiles")
    sup = t.add("sup", "Pat Supervisor", "supervisor")
    _folder, t.org_code = team_service.create(sup, central, "Early Help North")
    yield t
    for session in t.people.values():
        if session.vault._sealer is not None:
            session.close()


def sync_page(qtbot, window, index: int):  # noqa: ANN001, ANN201
    page = window.workspace.pages["sync"]
    qtbot.waitUntil(lambda: page.stack.currentIndex() == index, timeout=5000)
    return page


def closed(widget) -> bool:  # noqa: ANN001
    """Dialogs delete themselves on close."""
    return not shiboken6.isValid(widget) or not widget.isVisible()


def settle(qtbot, window) -> None:  # noqa: ANN001
    """Wait for the controller's pass in flight, and the page's reload after it."""
    qtbot.waitUntil(lambda: not window.sync_controller.busy, timeout=5000)
    window.ctx.runner.wait_idle()
    qtbot.wait(50)


def test_create_join_approve_and_sync_a_family_across(qtbot, windows, tmp_path):
    central = tmp_path / "shared"
    central.mkdir()
    sup, _code = create_profile(tmp_path / "sup", "Pat Supervisor", "supervisor", PASSPHRASE)
    sup_window = windows.open(sup, tmp_path / "sup")
    page = sync_page(qtbot, sup_window, 1)
    assert page.create_button.isVisible() and page.join_button.isVisible()
    qtbot.waitUntil(lambda: sup_window.sync_label.text() == "Not in a team", timeout=5000)

    # The supervisor creates the team; the organisation code is shown once, behind a box.
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, CreateTeamDialog) and dialog.isVisible()
    dialog.folder.edit.setText(str(central))
    qtbot.keyClicks(dialog.name, "Early Help North")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.showing_code, timeout=5000)
    code = dialog.code_label.text()
    assert len(code.replace("-", "")) >= 40
    assert not dialog.done_button.isEnabled()
    dialog.reject()  # Escape: refused, the code would be lost
    assert dialog.isVisible() and "tick the box" in dialog.code_message.text()
    pdf = tmp_path / "org-code.pdf"
    dialog.save_pdf(str(pdf))
    assert pdf.stat().st_size > 0
    qtbot.mouseClick(dialog.stored, Qt.MouseButton.LeftButton)
    assert dialog.done_button.isEnabled()
    qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog), timeout=2000)
    assert sup_window.ctx.settings.get(CENTRAL_FOLDER) == str(central)
    page = sync_page(qtbot, sup_window, 2)
    qtbot.waitUntil(lambda: "Early Help North" in page.title.text(), timeout=5000)

    # A practitioner asks to join through the dialog; the folder is remembered.
    alex, _code = create_profile(tmp_path / "alex", "Alex Morgan", "practitioner", PASSPHRASE)
    alex_window = windows.open(alex, tmp_path / "alex")
    alex_page = sync_page(qtbot, alex_window, 1)
    assert not alex_page.create_button.isVisible()
    qtbot.mouseClick(alex_page.join_button, Qt.MouseButton.LeftButton)
    join = alex_page.dialog
    assert isinstance(join, JoinTeamDialog)
    assert join.folder.path() == str(central)
    qtbot.mouseClick(join.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: join.pages.currentIndex() == 1, timeout=5000)
    request_id = alex.vault.device_id[-8:]
    assert join.id_label.text() == request_id
    assert f"a supervisor must approve this laptop. Your request id is {request_id}" in (
        join.done_text.text()
    )
    qtbot.mouseClick(join.close_button, Qt.MouseButton.LeftButton)
    alex_page = sync_page(qtbot, alex_window, 2)
    qtbot.waitUntil(lambda: "Waiting for a supervisor" in alex_page.notice.text(), timeout=5000)
    settle(qtbot, alex_window)
    assert alex_window.sync_label.text() == "Sync waiting: not approved yet"

    # The supervisor sees the request and approves it.
    page.refresh()
    qtbot.waitUntil(lambda: len(page.requests.model.rows) == 1, timeout=5000)
    request = page.requests.model.rows[0]
    assert (request.name, request.role, request.request_id) == (
        "Alex Morgan",
        "practitioner",
        request_id,
    )
    assert page.requests.table.isVisible()
    qtbot.mouseClick(page.approve_practitioner, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.requests.model.rows, timeout=5000)
    qtbot.waitUntil(
        lambda: [m.name for m in page.members.model.rows] == ["Pat Supervisor", "Alex Morgan"],
        timeout=5000,
    )
    assert "Approved Alex Morgan as a practitioner" in page.action_message.text()

    # Sync now on both sides moves a family across.
    fam = alex.records.save("family", LARK)
    changed: list[str] = []
    sup_window.ctx.records_changed.connect(changed.append)
    settle(qtbot, alex_window)
    qtbot.mouseClick(alex_page.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: alex_window.sync_label.text().startswith("Synced"), timeout=5000)
    assert syncstate.waiting_count(alex.vault) == 0
    qtbot.waitUntil(lambda: "sent 1" in alex_page.last_sync.text(), timeout=5000)
    settle(qtbot, sup_window)
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sup.vault.count("family") == 1, timeout=5000)
    assert sup.records.get(fam.id).data["display_name"] == "The Lark family"
    qtbot.waitUntil(lambda: "family" in changed, timeout=5000)
    qtbot.waitUntil(lambda: sup_window.sync_label.text().startswith("Synced"), timeout=5000)


def test_removing_a_member_says_what_stays_readable(qtbot, windows, team):
    team.join("alex", "Alex Morgan", "practitioner")
    window = windows.open(team.people["sup"], team.base / "sup")
    page = sync_page(qtbot, window, 2)
    qtbot.waitUntil(lambda: len(page.members.model.rows) == 2, timeout=5000)
    assert not page.remove_button.isEnabled()  # the first row is the supervisor themself
    page.members.table.selectRow(1)
    assert page.remove_button.isEnabled()
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    box = page.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "Remove Alex Morgan from the team?" in box.text()
    assert "What they already synced stays readable to them" in box.informativeText()
    remove = next(b for b in box.buttons() if b.text() == "Remove from team")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(m.name == "Alex Morgan" and not m.active for m in page.members.model.rows),
        timeout=5000,
    )
    status = page.members.model.index(1, 3).data()
    assert status == "Removed"


def test_approving_a_second_laptop_of_a_member(qtbot, windows, team, tmp_path):
    alex = team.join("alex", "Alex Morgan", "practitioner")
    laptop, _code = create_profile(tmp_path / "laptop2", "Alex M", "practitioner", PASSPHRASE)
    team.people["laptop2"] = laptop
    team_service.join(laptop, team.central)
    window = windows.open(team.people["sup"], team.base / "sup")
    page = sync_page(qtbot, window, 2)
    qtbot.waitUntil(lambda: len(page.requests.model.rows) == 1, timeout=5000)
    qtbot.mouseClick(page.approve_laptop, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ChooseMemberDialog)
    dialog.member.setCurrentIndex(dialog.member.findData(alex.vault.member_id))
    dialog.accept()
    qtbot.waitUntil(lambda: not page.requests.model.rows, timeout=5000)
    qtbot.waitUntil(
        lambda: (
            [(m.name, m.devices) for m in page.members.model.rows]
            == [("Pat Supervisor", 1), ("Alex Morgan", 2)]
        ),
        timeout=5000,
    )
    assert "as another laptop of Alex Morgan" in page.action_message.text()


def test_a_conflict_shows_and_is_resolved_in_the_dialog(qtbot, windows, team):
    alex = team.join("alex", "Alex Morgan", "practitioner")
    alex2 = team.join("alex2", "Alex Morgan", "practitioner", as_member=alex.vault.member_id)
    fam = alex.records.save("family", LARK)
    team.sync("alex", "alex2")
    alex.records.save("family", {**LARK, "notes": "Dad works nights."}, record_id=fam.id)
    alex2.records.save("family", {**LARK, "display_name": "The Lark-Owen family"}, record_id=fam.id)
    team.sync("alex", "alex2", "alex")
    assert syncstate.conflicts(alex.vault) and syncstate.conflicts(alex2.vault)

    window = windows.open(alex2, team.base / "alex2")
    page = sync_page(qtbot, window, 2)
    qtbot.waitUntil(lambda: len(page.conflicts.model.rows) == 1, timeout=5000)
    qtbot.waitUntil(lambda: window.sync_label.text() == "1 conflict to resolve", timeout=5000)
    assert page.conflicts.model.index(0, 0).data() == "Family"
    assert page.conflicts.model.index(0, 1).data() in ("The Lark family", "The Lark-Owen family")

    qtbot.mouseClick(page.resolve_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ConflictDialog)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=5000)
    assert dialog.titles[0].text().startswith("Made on this laptop by Alex Morgan")
    assert dialog.titles[1].text().startswith("Made by Alex Morgan on another laptop")
    text = dialog.diff.toPlainText()
    assert "The Lark-Owen family" in text and "Dad works nights." in text and "≠" in text
    assert "(3)" in dialog.legend.text()  # the name, and the notes heading and paragraph
    qtbot.mouseClick(dialog.keep_buttons[1], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog), timeout=5000)
    qtbot.waitUntil(lambda: not page.conflicts.model.rows, timeout=5000)
    assert "Conflict resolved" in page.action_message.text()
    assert alex2.records.get(fam.id).data["notes"] == "Dad works nights."
    assert syncstate.conflicts(alex2.vault) == []

    # The page asked for a sync, so the resolution reaches the other laptop.
    qtbot.waitUntil(lambda: syncstate.waiting_count(alex2.vault) == 0, timeout=5000)
    settle(qtbot, window)
    team.sync("alex")
    assert syncstate.conflicts(alex.vault) == []
    assert alex.records.get(fam.id).data["notes"] == "Dad works nights."


def test_the_controller_does_nothing_outside_a_team(qtbot, windows, session, profile_dir):
    calls: list[object] = []
    original = team_service.sync_once
    team_service.sync_once = lambda *a, **k: calls.append(a) or original(*a, **k)  # type: ignore
    try:
        window = windows.open(session, profile_dir)
        controller = window.sync_controller
        qtbot.waitUntil(lambda: window.sync_label.text() == "Not in a team", timeout=5000)
        states: list[str] = []
        controller.state_changed.connect(states.append)
        controller.timer.setInterval(20)
        qtbot.wait(300)
        settle(qtbot, window)
        assert calls == []
        assert controller.last is None and controller.passes == 0
        assert window.sync_label.text() == "Not in a team"
        assert states == []  # quiet ticks: no "Syncing…" flicker while not in a team
        assert not list(profile_dir.parent.glob("**/relapp-team-*"))
    finally:
        team_service.sync_once = original  # type: ignore[assignment]


def test_the_controller_never_runs_two_passes_at_once(qtbot, windows, session, profile_dir):
    syncstate.set_meta(session.vault, "sync_team_id", "0" * 32)
    running, most, done = [0], [0], []
    guard = threading.Lock()

    def slow_pass(_session, progress=None):  # noqa: ANN001, ANN202
        with guard:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.15)
        with guard:
            running[0] -= 1
        done.append(1)
        return SyncReport()

    original = team_service.sync_once
    team_service.sync_once = slow_pass  # type: ignore[assignment]
    try:
        window = windows.open(session, profile_dir)
        controller = window.sync_controller
        assert controller.busy  # start() runs a pass at once when in a team
        for _ in range(3):
            controller.sync_now()  # while busy: one more pass, straight after
        qtbot.waitUntil(lambda: len(done) == 2 and not controller.busy, timeout=5000)
        qtbot.wait(200)
        assert most[0] == 1 and len(done) == 2 and controller.passes == 2
        assert window.sync_label.text().startswith("Synced")
        controller.sync_now()
        controller.stop()  # waits for the pass in flight
        assert len(done) == 3 and running[0] == 0
    finally:
        team_service.sync_once = original  # type: ignore[assignment]


def test_a_laptop_sending_unreadable_files_is_named_on_the_sync_page(qtbot, windows, team):
    from tests.sync.test_hostile import alex_event, signed_bundle

    alex = team.join("alex", "Alex Morgan", "practitioner")
    team.sync("alex", "sup")
    bad = signed_bundle(team, "alex", [alex_event(team, hlc="yesterday")])
    team.sync("sup")
    window = windows.open(team.people["sup"], team.base / "sup")
    page = sync_page(qtbot, window, 2)
    qtbot.waitUntil(lambda: bool(page.quarantined.model.rows), timeout=5000)
    row = page.quarantined.model.rows[0]
    assert row.path == str(bad) and row.from_member and row.source == "Alex Morgan"
    assert page.quarantined.model.index(0, 0).data() == "Alex Morgan"
    assert page.faulty.isVisible()
    assert "Alex Morgan: this laptop sends files Relapp cannot read" in page.faulty.text()
    assert alex.vault.device_id  # Alex's laptop itself is untouched


def test_a_supervisor_sees_each_erasure_and_the_laptops_still_to_confirm(qtbot, windows, team):
    from relapp.services import erasure

    alex = team.join("alex", "Alex Morgan", "practitioner")
    made = alex.records.save("family", LARK)
    team.sync("alex", "sup")
    erasure.erase_family(team.people["sup"], made.id, reason="Article 17", request="SAR-77")
    team.sync("sup")  # Alex's laptop has not synced since
    window = windows.open(team.people["sup"], team.base / "sup")
    page = sync_page(qtbot, window, 2)
    qtbot.waitUntil(lambda: bool(page.erasures.model.rows), timeout=5000)
    assert page.erasures.isVisible()
    row = page.erasures.model.rows[0]
    assert row.request == "SAR-77" and row.waiting == ["Alex Morgan"]
    assert page.erasures.model.index(0, 3).data() == "Alex Morgan"


def test_a_new_laptop_shows_its_records_then_prepares_search_step_by_step(
    qtbot, windows, team, monkeypatch
):
    from relapp.services import search as search_service
    from relapp.services.search import SearchService
    from relapp.sync import engine
    from relapp.sync.engine import SyncEngine

    monkeypatch.setattr(engine, "INDEX_LATER_FROM", 10)
    monkeypatch.setattr(search_service, "CATCH_UP_STEP", 7)
    monkeypatch.setattr(search_service.catch_up, "__defaults__", (7,))
    alex = team.join("alex", "Alex Morgan", "practitioner")
    for i in range(30):
        alex.records.save("family", {**LARK, "reference": f"EH-{i}"})
    team.sync("alex", "sup")
    newcomer = team.join("sup2", "Sam Second", "supervisor")
    assert SyncEngine(alex.vault).run().snapshots_written == 1
    states: list[str] = []
    window = windows.open(newcomer, team.base / "sup2")
    window.sync_controller.state_changed.connect(states.append)
    qtbot.waitUntil(lambda: window.sync_controller.passes >= 1, timeout=10_000)
    qtbot.waitUntil(
        lambda: (
            window.sync_controller.search_left == 0 and window.sync_controller._indexing is None
        ),
        timeout=10_000,
    )
    window.ctx.runner.wait_idle()
    assert newcomer.vault.count("family") == 30
    assert SearchService(newcomer.records).pending() == 0
    assert len(SearchService(newcomer.records).search("Lark", 100)) == 30
    preparing = [s for s in states if "preparing search" in s]
    assert len(preparing) >= 3, states  # step by step, the count going down
    assert "preparing search" not in window.sync_controller.state
