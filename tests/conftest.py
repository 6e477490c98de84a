"""Shared test set-up: offscreen Qt, a private log dir, cheap (but real) Argon2id."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["RELAPP_INSECURE_FAST_KDF"] = "1"

PASSPHRASE = "kettle orbit meadow lantern"


@pytest.fixture(autouse=True)
def _private_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELAPP_LOG_DIR", str(tmp_path_factory.mktemp("logs")))
    monkeypatch.delenv("RELAPP_PROFILE", raising=False)
    monkeypatch.delenv("RELAPP_PASSPHRASE", raising=False)


@pytest.fixture
def profile_dir(tmp_path: Path) -> Path:
    return tmp_path / "profile"


@pytest.fixture
def session(profile_dir: Path) -> Iterator[object]:
    """A fresh, unlocked practitioner profile (relapp.services.profile.Session)."""
    from relapp.services.profile import create_profile

    sess, _code = create_profile(profile_dir, "Sam Carter", "practitioner", PASSPHRASE)
    yield sess
    sess.close()
