"""One word for one thing everywhere, and sentences that read right (issue 15, item 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from relapp.store.vault import TooManyAttempts, Vault, WrongPassphrase
from relapp.ui.formatting import mode_label, reflection_state_label
from relapp.ui.views import today
from tests.conftest import PASSPHRASE


def test_today_names_modes_and_states_as_every_other_page_does() -> None:
    for mode in ("home", "centre", "phone", "video"):
        assert today._mode_label(mode) == mode_label(mode)
    assert mode_label("centre") == "Centre visit"
    for state in ("draft", "submitted", "reviewed", "to_discuss", "returned"):
        assert today._state_label(state) == reflection_state_label(state)


def test_a_wrong_passphrase_and_the_wait_after_many_read_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, _code = Vault.create(tmp_path / "p", "Alex Morgan", "practitioner", PASSPHRASE)
    vault.close()
    vault = Vault.open(tmp_path / "p")
    with pytest.raises(WrongPassphrase) as wrong:
        vault.unlock("not the passphrase at all")
    assert str(wrong.value) == "That passphrase is not right."  # nothing else to change
    for seconds, said in ((0.4, "1 second "), (4.2, "5 seconds ")):
        monkeypatch.setattr(Vault, "seconds_until_next_attempt", lambda _self, s=seconds: s)
        with pytest.raises(TooManyAttempts) as waiting:
            vault.unlock(PASSPHRASE)
        assert said in str(waiting.value), str(waiting.value)
