"""Kill the app with SIGKILL while someone is typing: every word typed more than two seconds
before the kill must be in the vault, and nothing that was not typed. A reflection (saved as
its draft) and a visit with no family chosen yet (not a valid visit: kept as an unfinished
form, relapp.services.unfinished)."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE

DRIVER = Path(__file__).parent / "ui" / "autosave_driver.py"
TYPING_SECONDS = 6.0
GRACE_SECONDS = 2.0  # the promise: at most the last two seconds of typing can be lost

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
]


def _read_lines(stream, lines: queue.Queue) -> None:  # noqa: ANN001
    for line in stream:
        lines.put(line.strip())
    lines.put(None)


def test_a_killed_app_keeps_everything_typed_until_two_seconds_before(tmp_path: Path) -> None:
    from relapp.services.profile import unlock_profile

    profile = tmp_path / "profile"
    words, killed_at = _type_until_killed(tmp_path, profile, "reflection")
    session = unlock_profile(profile, PASSPHRASE)
    try:
        reflections = session.records.list("reflection")
    finally:
        session.close()
    assert len(reflections) == 1, "typing must build one reflection, not many"
    _check_words(reflections[0].data["sections"]["reflection"], words, killed_at)


def test_a_visit_without_its_family_yet_is_kept_through_a_kill(tmp_path: Path) -> None:
    from relapp.services import unfinished
    from relapp.services.profile import unlock_profile

    profile = tmp_path / "profile"
    words, killed_at = _type_until_killed(tmp_path, profile, "visit")
    session = unlock_profile(profile, PASSPHRASE)
    try:
        assert session.records.list("visit") == []  # no family: not a visit yet
        (kept,) = unfinished.listed(session.records)
    finally:
        session.close()
    assert kept.editor == "visit" and kept.family_id == ""
    _check_words(kept.state["purpose"], words, killed_at)


def _type_until_killed(
    tmp_path: Path, profile: Path, mode: str
) -> tuple[list[tuple[float, str]], float]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "RELAPP_INSECURE_FAST_KDF": "1",
        "RELAPP_CONFIG_DIR": str(tmp_path / "config"),
        "RELAPP_LOG_DIR": str(tmp_path / "logs"),
        "RELAPP_PASSPHRASE": PASSPHRASE,
    }
    # stderr goes to a file: a full pipe would stall the typing it is meant to observe.
    errors_path = tmp_path / "driver-stderr.txt"
    with errors_path.open("w") as errors_file:
        process = subprocess.Popen(
            [sys.executable, str(DRIVER), str(profile), mode],
            stdout=subprocess.PIPE,
            stderr=errors_file,
            text=True,
            env=env,
        )
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True)
    reader.start()
    words: list[tuple[float, str]] = []
    try:
        deadline = time.monotonic() + 20
        first_word_at = None
        while True:
            wait = (
                first_word_at + TYPING_SECONDS if first_word_at else deadline
            ) - time.monotonic()
            if wait <= 0:
                break
            try:
                line = lines.get(timeout=min(wait, 0.05))
            except queue.Empty:
                continue
            if line is None:
                pytest.fail(f"the driver stopped early: {errors_path.read_text()}")
            if line == "READY":
                continue
            stamp, word = line.split()
            words.append((float(stamp), word))
            first_word_at = first_word_at or float(stamp)
        assert first_word_at is not None, "the driver never started typing"
        killed_at = time.monotonic()
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    reader.join(timeout=5)
    while (line := lines.get_nowait() if not lines.empty() else None) is not None:
        if line != "READY":
            stamp, word = line.split()
            words.append((float(stamp), word))
    assert process.returncode == -signal.SIGKILL
    return words, killed_at


def _check_words(saved: str, words: list[tuple[float, str]], killed_at: float) -> None:
    must_have = [word for stamp, word in words if stamp <= killed_at - GRACE_SECONDS]
    assert len(must_have) >= 25, f"too few words typed before the cut-off: {len(words)}"
    saved_words = saved.split()
    missing = [word for word in must_have if word not in saved_words]
    assert not missing, f"lost {len(missing)} words typed more than 2 s before the kill"
    # What was saved is exactly the start of what was typed, in order, nothing else.
    typed = "".join(f"{word} " for _stamp, word in words)
    next_word = f"word{len(words):03d} "
    assert (typed + next_word).startswith(saved), saved[-80:]
