"""Shared test set-up: offscreen Qt, a private log dir, cheap (but real) Argon2id."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["RELAPP_INSECURE_FAST_KDF"] = "1"

PASSPHRASE = "kettle orbit meadow lantern"

# Tests that assert POSIX permission bits (0700 folders, 0600 files) or change them to make a
# folder unreadable. Windows has no such bits (st_mode always reads 0o666 or 0o777): there the
# profile and exports are private by the user's own AppData and Documents ACLs. Everything else
# runs on Windows too (the release workflow, .github/workflows/release.yml).
POSIX_MODES_ONLY = {
    "tests/sync/test_retention_drafts.py::test_drafts_rule_and_log_on_the_command_line",
    "tests/test_audit.py::test_relapp_audit_exports_csv_and_doctor_checks_the_chain",
    "tests/test_backups.py::test_keeps_only_the_newest_seven",
    "tests/test_backups.py::test_restore_brings_back_old_content_under_current_passphrase",
    "tests/test_backups.py::test_restore_over_a_damaged_or_missing_vault",
    "tests/test_cli.py::test_init_prints_a_recovery_code_once",
    "tests/test_cli.py::test_export_import_between_profiles",
    "tests/test_cli.py::test_doctor_reports_a_readable_profile_folder",
    "tests/test_cli.py::test_no_sentinel_reaches_the_disk_in_clear",
    "tests/test_reports.py::test_analyst_csv_rows",
    "tests/test_reports.py::test_cli_learning_periods_and_the_key",
    "tests/test_subject_access.py::test_pdf_reads_well_and_says_review_on_its_first_page",
    "tests/test_subject_access.py::test_unwritable_vanished_and_full_folders_leave_nothing",
    "tests/test_transfer.py::test_csv_export_is_private_and_complete",
    "tests/ui/test_audit_ui.py::test_the_csv_is_written_on_the_worker",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.name == "posix":
        return
    skip = pytest.mark.skip(reason="asserts POSIX permission bits, which Windows does not have")
    for item in items:
        if item.nodeid.split("[")[0] in POSIX_MODES_ONLY:
            item.add_marker(skip)


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


def vault_key(folder: Path, passphrase: str = PASSPHRASE) -> bytes:
    """The vault key of the profile in folder, opened from its key file as unlock does."""
    import json

    from relapp.crypto.kdf import KdfParams, derive_key
    from relapp.crypto.keyring import unwrap_keyring
    from relapp.store.keyfile import KeyFile
    from relapp.store.vault_keys import slot_aad

    keys = KeyFile.load(folder)
    slot = keys.slots["passphrase"]
    kek = derive_key(passphrase, slot.salt, KdfParams.from_dict(json.loads(slot.params)))
    return unwrap_keyring(slot.wrapped, kek, slot_aad(keys.profile_id, "passphrase")).vault_key


def raw_connect(db: Path, passphrase: str = PASSPHRASE, key: bytes | None = None):  # noqa: ANN201
    """A separate connection to a vault's encrypted database (what is really on disk)."""
    from relapp.store.db import open_keyed, sqlcipher

    key = key or vault_key(Path(db).parent, passphrase)
    return open_keyed(lambda: sqlcipher().connect(str(db), isolation_level=None), key)


def relapp_command(profile: Path, tmp_path: Path, *args: str, **env: str):  # noqa: ANN201
    """Run `relapp --profile PROFILE ARGS` as its own process, with the test passphrase."""
    import subprocess
    import sys

    full_env = {
        **os.environ,
        "RELAPP_INSECURE_FAST_KDF": "1",
        "RELAPP_PASSPHRASE": PASSPHRASE,
        "RELAPP_LOG_DIR": str(tmp_path / "logs"),
        "QT_QPA_PLATFORM": "offscreen",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "relapp", "--profile", str(profile), *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
