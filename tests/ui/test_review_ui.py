"""The supervisor's Team overview and Review queue and the practitioner's feedback tab, driven
through the real widgets: two profiles, each with its own vault, app context and background
sync, sharing a real folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel

from relapp.services import supervision as sv
from relapp.services.profile import Session
from relapp.ui.context import AppContext
from relapp.ui.settings import Settings
from relapp.ui.supervision.my_feedback import MyFeedbackTab
from relapp.ui.supervision.overview import TeamOverviewTab
from relapp.ui.supervision.review import ReviewQueueTab
from relapp.ui.sync_controller import SyncController
from relapp.ui.tasks import TaskRunner
from tests.sync.conftest import Team, team  # noqa: F401 - the fixture
from tests.test_supervision_service import casework


@dataclass
class Desk:
    """One person's laptop: their app context with its own background sync."""

    ctx: AppContext
    sync: SyncController

    @property
    def session(self) -> Session:
        assert self.ctx.session is not None
        return self.ctx.session


@pytest.fixture
def desks(tmp_path: Path) -> Iterator[list[Desk]]:
    made: list[Desk] = []
    yield made
    for desk in made:
        desk.sync.stop()
        desk.ctx.runner.wait_idle()


def desk_for(desks: list[Desk], session: Session, tmp_path: Path, name: str) -> Desk:
    settings = Settings(QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat))
    ctx = AppContext(tmp_path / name, settings, TaskRunner())
    ctx.session = session
    controller = SyncController(ctx, ctx)
    ctx.sync_controller = controller
    desk = Desk(ctx, controller)
    desks.append(desk)
    return desk


def sync_and_wait(qtbot, desk: Desk) -> None:  # noqa: ANN001
    before = desk.sync.passes
    desk.sync.sync_now()
    qtbot.waitUntil(lambda: desk.sync.passes > before and not desk.sync.busy, timeout=5000)


def show(qtbot, widget, size=(1100, 760)):  # noqa: ANN001, ANN201
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    widget.refresh()
    return widget


def texts(widget) -> str:  # noqa: ANN001
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


@pytest.fixture
def pair(team: Team) -> Team:  # noqa: F811
    team.join("alex", "Alex Morgan", "practitioner")
    return team


def test_review_with_feedback_reaches_the_practitioner_who_replies(qtbot, pair, desks, tmp_path):
    sup_session, alex_session = pair.people["sup"], pair.people["alex"]
    work = casework(alex_session)
    pair.sync("alex", "sup")
    sup = desk_for(desks, sup_session, tmp_path, "sup")
    alex = desk_for(desks, alex_session, tmp_path, "alex")

    # The supervisor opens the queue and the oldest reflection with the keyboard.
    queue = show(qtbot, ReviewQueueTab(sup.ctx))
    qtbot.waitUntil(lambda: queue.loaded, timeout=5000)
    assert [r.id for r in queue.shown_rows()] == [work["reflection"]]
    assert queue.count_label.text() == "1 waiting"
    assert queue.table.isColumnHidden(1)  # one practitioner: no column of the same name
    queue.table.setFocus()
    queue.table.setCurrentIndex(queue.proxy.index(0, 0))
    qtbot.keyClick(queue.table, Qt.Key.Key_Return)
    review = queue.review
    qtbot.waitUntil(lambda: queue.stack.currentWidget() is review, timeout=5000)
    qtbot.waitUntil(lambda: "⚠ Alert:" in texts(review))
    shown = texts(review)
    assert "Alex Morgan" in review.subtitle.text()
    assert "What?" in shown and "We talked at the kitchen table." in shown
    assert "Talk about school" in shown  # the visit's purpose
    assert "⚠ Alert:" in shown  # the check-in at the visit fell below the alert level
    assert review.thread.entries == []

    # Returning needs a question: the button waits for words.
    assert not review.return_button.isEnabled()
    qtbot.keyClicks(review.text, "What will you try next with school?")
    assert review.return_button.isEnabled()
    qtbot.mouseClick(review.return_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: sup_session.records.get(work["reflection"]).data["status"] == "returned",
        timeout=5000,
    )
    qtbot.waitUntil(lambda: [e.text for e in review.thread.entries] != [], timeout=5000)
    assert review.thread.entries[0].review_state == "returned"
    assert review.text.toPlainText() == ""
    assert "Returned with your question" in review.message.text()
    # Saving asked for a sync: the feedback is on the shared folder already.
    qtbot.waitUntil(lambda: sup.sync.passes >= 1 and not sup.sync.busy, timeout=5000)
    queue.show_queue()
    qtbot.waitUntil(lambda: queue.shown_rows() == [], timeout=5000)
    assert "Nothing is waiting for review" in queue.empty_label.text()

    # The practitioner's next sync brings the state and the question.
    mine = show(qtbot, MyFeedbackTab(alex.ctx))
    qtbot.waitUntil(lambda: mine.loaded, timeout=5000)
    assert mine.rows() == []
    sync_and_wait(qtbot, alex)
    qtbot.waitUntil(lambda: len(mine.rows()) == 1, timeout=5000)
    assert alex_session.records.get(work["reflection"]).data["status"] == "returned"
    thread = mine.rows()[0]
    assert thread.returned and mine.model.index(0, 1).data() == "⚑ Returned"
    qtbot.waitUntil(lambda: mine.context is not None, timeout=5000)
    assert mine.question.isVisible()
    assert mine.question.body.text() == "What will you try next with school?"
    assert "Pat Supervisor" in mine.question.detail.text()
    # The question beside the text it is about.
    qtbot.waitUntil(lambda: "We talked at the kitchen table." in texts(mine))
    assert mine.reply_to is not None and mine.reply_to.author == "Pat Supervisor"

    assert not mine.send_button.isEnabled()
    qtbot.keyClicks(mine.text, "I will ring the school on Monday.")
    qtbot.mouseClick(mine.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: mine.context is not None and len(mine.context.thread) == 2, timeout=5000
    )
    answer = mine.context.thread[1]
    assert answer.is_mine and answer.depth == 1 and answer.text.startswith("I will ring")
    assert "Reply sent" in mine.message.text()
    qtbot.waitUntil(lambda: alex.sync.passes >= 2 and not alex.sync.busy, timeout=5000)

    # The supervisor's next sync shows the answer under the question, in the open review.
    queue.open_record(work["reflection"])
    qtbot.waitUntil(lambda: queue.stack.currentWidget() is review, timeout=5000)
    sync_and_wait(qtbot, sup)
    qtbot.waitUntil(lambda: len(review.thread.entries) == 2, timeout=5000)
    reply = review.thread.entries[1]
    assert (reply.author, reply.depth) == ("Alex Morgan", 1)
    qtbot.waitUntil(lambda: "I will ring the school on Monday." in texts(review.thread))
    assert "Returned with a question: waiting for Alex Morgan" in review.banner.title.text()

    # Opening the reflection from the feedback tab goes to the Reflections page.
    with qtbot.waitSignal(alex.ctx.open_requested) as opened:
        qtbot.mouseClick(mine.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == ["reflections", work["reflection"]]


def test_review_states_replies_and_the_way_back(qtbot, pair, desks, tmp_path):
    sup_session, alex_session = pair.people["sup"], pair.people["alex"]
    first = casework(alex_session, "The Rivers family")
    second = casework(alex_session, "The Oakley family", low=False)
    pair.sync("alex", "sup")
    sup = desk_for(desks, sup_session, tmp_path, "sup")
    queue = show(qtbot, ReviewQueueTab(sup.ctx))
    qtbot.waitUntil(lambda: len(queue.shown_rows()) == 2, timeout=5000)

    # Filters: by family, by theme (none match), back to everything.
    queue.family_filter.setCurrentIndex(queue.family_filter.findData(second["family"]))
    assert [r.id for r in queue.shown_rows()] == [second["reflection"]]
    assert queue.count_label.text() == "1 of 2 waiting"
    queue.family_filter.setCurrentIndex(0)
    assert queue.theme_filter.findText("school") > 0
    queue.theme_filter.setCurrentIndex(queue.theme_filter.findText("trust"))
    assert len(queue.shown_rows()) == 2
    queue.theme_filter.setCurrentIndex(0)

    # Mark reviewed with no words: the state is set and a plain sentence records it.
    queue.open_record(first["reflection"])
    review = queue.review
    qtbot.waitUntil(lambda: queue.stack.currentWidget() is review, timeout=5000)
    qtbot.mouseClick(review.reviewed_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: sup_session.records.get(first["reflection"]).data["status"] == "reviewed",
        timeout=5000,
    )
    qtbot.waitUntil(lambda: review.state_label.text() == "Reviewed", timeout=5000)
    assert [e.text for e in review.thread.entries] == [sv.DEFAULT_TEXT["reviewed"]]

    # Unsent words stay with their reflection while moving between reviews.
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    assert queue.stack.currentIndex() == 0
    qtbot.waitUntil(lambda: [r.id for r in queue.shown_rows()] == [second["reflection"]])
    queue.open_record(second["reflection"])
    qtbot.waitUntil(
        lambda: review.context is not None and review.context.reflection.id == second["reflection"]
    )
    qtbot.keyClicks(review.text, "Half a thought")
    queue.open_record(first["reflection"])
    qtbot.waitUntil(lambda: review.context.reflection.id == first["reflection"])
    assert review.text.toPlainText() == ""
    queue.open_record(second["reflection"])
    qtbot.waitUntil(lambda: review.context.reflection.id == second["reflection"])
    assert review.text.toPlainText() == "Half a thought"

    # To discuss, then a comment that replies to it.
    review.text.setPlainText("Let's talk on Thursday.")
    qtbot.mouseClick(review.discuss_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(review.thread.entries) == 1, timeout=5000)
    assert sup_session.records.get(second["reflection"]).data["status"] == "to_discuss"
    assert not review.comment_button.isEnabled()
    qtbot.mouseClick(review.thread.reply_buttons[0], Qt.MouseButton.LeftButton)
    assert review.reply_label.isVisible() and "your comment" in review.reply_label.text()
    qtbot.keyClicks(review.text, "Bring the letter.")
    qtbot.mouseClick(review.comment_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(review.thread.entries) == 2, timeout=5000)
    assert [(e.depth, e.text) for e in review.thread.entries] == [
        (0, "Let's talk on Thursday."),
        (1, "Bring the letter."),
    ]
    assert sup_session.records.get(second["reflection"]).data["status"] == "to_discuss"
    assert not review.reply_label.isVisible()


def test_overview_lists_practitioners_and_opens_their_queue(
    qtbot, pair, desks, tmp_path, monkeypatch
):
    import relapp.ui.views.supervision_page as page_module

    # Only the tabs built here; the page shell is the real one.
    monkeypatch.setattr(
        page_module,
        "_supervisor_tabs",
        lambda: [
            ("overview", "Team overview", TeamOverviewTab),
            ("review", "Review queue", ReviewQueueTab),
        ],
    )
    sup_session, alex_session = pair.people["sup"], pair.people["alex"]
    sam_session = pair.join("sam", "Sam Carter", "practitioner")
    casework(alex_session, "The Rivers family", low=True)
    sam_work = casework(sam_session, "The Oakley family", low=False)
    pair.sync("alex", "sam", "sup")
    sup = desk_for(desks, sup_session, tmp_path, "sup")
    page = show(qtbot, page_module.SupervisionPage(sup.ctx))
    overview = page.tab("overview")
    qtbot.waitUntil(lambda: len(overview.rows()) == 2, timeout=5000)
    model = overview.model
    cells = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(2)]
    assert cells[0][:2] == ["Alex Morgan", "1"]
    assert cells[0][3] == "⚠ Overdue" and cells[0][5] == "⚠ The Rivers family"
    assert cells[1][0] == "Sam Carter" and cells[1][5] == "None"
    assert model.index(0, 3).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(1, 5).data(Qt.ItemDataRole.ForegroundRole) is None
    qtbot.waitUntil(lambda: "The Rivers family: Practitioner" in texts(overview.detail))

    # Enter on Sam's row: the review queue, filtered to Sam.
    overview.table.setFocus()
    overview.table.setCurrentIndex(model.index(1, 0))
    qtbot.waitUntil(lambda: "Sam Carter" in overview.detail_name.text())
    qtbot.keyClick(overview.table, Qt.Key.Key_Return)
    queue = page.tab("review")
    assert page.tabs.current_page() is queue
    qtbot.waitUntil(
        lambda: queue.loaded and [r.id for r in queue.shown_rows()] == [sam_work["reflection"]],
        timeout=5000,
    )
    assert queue.practitioner_filter.currentText() == "Sam Carter"
    assert not queue.table.isColumnHidden(1)
    # Once Sam's reflection is reviewed the filter stays on Sam and says why the list is empty.
    sv.give_feedback(sup_session, sam_work["reflection"], "", "reviewed")
    sup.ctx.records_changed.emit("reflection")
    qtbot.waitUntil(lambda: queue.shown_rows() == [] and len(queue.rows) == 1, timeout=5000)
    assert queue.practitioner_filter.currentText() == "Sam Carter"
    assert "Nothing waiting matches these filters" in queue.empty_label.text()


def test_overview_outside_a_team_points_to_the_sync_page(qtbot, session, desks, tmp_path):
    desk = desk_for(desks, session, tmp_path, "solo")
    overview = show(qtbot, TeamOverviewTab(desk.ctx))
    qtbot.waitUntil(lambda: overview.overview is not None, timeout=5000)
    assert overview.stack.currentIndex() == 1
    assert "Create or join a team on the Sync page" in texts(overview)
    with qtbot.waitSignal(desk.ctx.open_requested) as opened:
        qtbot.mouseClick(overview.sync_button, Qt.MouseButton.LeftButton)
    assert opened.args == ["sync", ""]
    # The practitioner's side, with nothing yet, says what will come.
    mine = show(qtbot, MyFeedbackTab(desk.ctx))
    qtbot.waitUntil(lambda: mine.loaded, timeout=5000)
    assert mine.stack.currentIndex() == 1 and "No feedback yet" in mine.empty_label.text()


def test_unsent_feedback_survives_a_lock_and_is_cleared_once_sent(qtbot, pair, desks, tmp_path):
    from relapp.services import unsent
    from relapp.services.profile import unlock_profile
    from tests.conftest import PASSPHRASE

    sup_session, alex_session = pair.people["sup"], pair.people["alex"]
    work = casework(alex_session)
    pair.sync("alex", "sup")
    sup = desk_for(desks, sup_session, tmp_path, "sup")
    queue = show(qtbot, ReviewQueueTab(sup.ctx))
    qtbot.waitUntil(lambda: queue.loaded, timeout=5000)
    queue.open_record(work["reflection"])
    review = queue.review
    qtbot.waitUntil(lambda: review.context is not None, timeout=5000)
    qtbot.keyClicks(review.text, "Half a thought about the school meeting")
    queue.flush()  # what the window does before it locks
    folder = sup_session.vault.folder
    sup_session.close()  # locked: keys dropped, widgets gone
    queue.hide()

    again = unlock_profile(folder, PASSPHRASE)
    pair.people["sup"] = again
    later = desk_for(desks, again, tmp_path, "sup-later")
    queue = show(qtbot, ReviewQueueTab(later.ctx))
    qtbot.waitUntil(lambda: queue.loaded, timeout=5000)
    queue.open_record(work["reflection"])
    qtbot.waitUntil(lambda: queue.review.context is not None, timeout=5000)
    assert queue.review.text.toPlainText() == "Half a thought about the school meeting"
    qtbot.mouseClick(queue.review.comment_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: queue.review.text.toPlainText() == "", timeout=5000)
    context = f"feedback:{work['reflection']}"
    qtbot.waitUntil(lambda: unsent.load(again.records, context) == "", timeout=5000)
    # Unsent words never travel: only the author's own laptops would receive them.
    assert all(r.data["text"] == "" for r in again.records.list("unsent_text"))


def test_a_long_list_of_threads_shows_the_most_recent_and_says_how_many(
    qtbot, pair, desks, tmp_path, monkeypatch
):
    from relapp.services.supervision import feedback

    sup_session, alex_session = pair.people["sup"], pair.people["alex"]
    work = [casework(alex_session, f"The Family {n}") for n in range(3)]
    pair.sync("alex", "sup")
    for item in work:
        sv.give_feedback(sup_session, item["reflection"], "Thank you.", "reviewed")
    pair.sync("sup", "alex")
    monkeypatch.setattr(feedback, "THREADS_SHOWN", 2)
    alex = desk_for(desks, alex_session, tmp_path, "alex")
    mine = show(qtbot, MyFeedbackTab(alex.ctx))
    qtbot.waitUntil(lambda: mine.loaded, timeout=5000)
    assert len(mine.rows()) == 2
    assert "The 2 most recent of 3 reflections with feedback" in texts(mine)
    # The one asked for (from Today, a link) is listed too, and selected.
    oldest = {item["reflection"] for item in work} - {t.reflection_id for t in mine.rows()}
    (wanted,) = oldest
    mine.open_record(wanted)
    qtbot.waitUntil(lambda: wanted in {t.reflection_id for t in mine.rows()}, timeout=5000)
