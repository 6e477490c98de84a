"""Writes announce themselves: whatever a write changes (a save, a delete, an import, a sync
pass, an erasure) reaches the pages as records_changed for each kind, from the vault itself,
and nothing in the app tells the pages by hand."""

from __future__ import annotations

from pathlib import Path

from relapp.ui.context import AppContext

RELAPP = Path(__file__).resolve().parents[2] / "relapp"


def test_a_write_announces_the_kinds_it_changed_and_a_read_announces_nothing(qtbot, window):
    from tests.ui.test_shell import create_through_first_run

    create_through_first_run(qtbot, window)
    ctx: AppContext = window.ctx
    session = ctx.session
    seen: list[str] = []
    ctx.records_changed.connect(seen.append)

    def save_two(_task: object) -> None:
        family = session.records.save(
            "family", {"display_name": "The Lark family", "reference": "EH-1"}
        )
        session.records.save(
            "visit", {"family_id": family.id, "when": "2026-10-01T10:00", "mode": "home"}
        )

    done: list[object] = []
    ctx.runner.write(save_two, done.append, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert done == [None], done
    assert sorted(seen) == ["family", "visit"]  # each kind once, before the write's own result

    seen.clear()
    ctx.runner.read(lambda _t: session.records.list("family"), done.append)
    qtbot.waitUntil(lambda: len(done) == 2, timeout=10_000)
    assert seen == []

    # A write that fails half-way changed nothing (its transaction rolled back): nothing said.
    def fails(_task: object) -> None:
        with session.vault.writing():
            session.records.save("barrier", {"category": "caseload-time", "description": "x"})
            raise RuntimeError("the disk went away")

    failed: list[BaseException] = []
    ctx.runner.write(fails, None, failed.append)
    qtbot.waitUntil(lambda: bool(failed), timeout=10_000)
    qtbot.wait(50)
    assert seen == []


def test_nothing_in_the_app_announces_changes_by_hand() -> None:
    callers = [
        path.relative_to(RELAPP.parent)
        for path in RELAPP.rglob("*.py")
        if "notify_changed" in path.read_text(encoding="utf-8")
        or "records_changed.emit"
        in path.read_text(encoding="utf-8").replace("self.records_changed.emit(kind)", "")
    ]
    assert callers == []
