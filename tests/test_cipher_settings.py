"""The database's page MAC: HMAC-SHA256 (relapp.store.db.CIPHER_HMAC) for files written now;
a profile written with SQLCipher 4's defaults (HMAC-SHA512) is encrypted again at its first
unlock, with the file as it was kept among the backups, and nothing lost whatever happens
half-way: tested on the real profile folder the last schema 10 release wrote."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from relapp.paths import DB_NAME
from relapp.services.profile import unlock_profile
from relapp.store.backups import list_backups, restore_backup
from relapp.store.db import CIPHER_HMAC, LEGACY_HMAC, key_pragma, page_mac, sqlcipher
from tests.conftest import PASSPHRASE, raw_connect, vault_key

FIXTURE = Path(__file__).parent / "fixtures" / "vault-v10"
OLD_PASSPHRASE = "fixture passphrase ten"


def old_profile(tmp_path: Path) -> Path:
    folder = tmp_path / "p"
    shutil.copytree(FIXTURE, folder)
    return folder


def opens_with(path: Path, key: bytes, hmac: str) -> bool:
    """Whether the file opens with exactly these settings (no fallback)."""
    conn = sqlcipher().connect(str(path))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(key_pragma(key))
        conn.execute(f"PRAGMA cipher_hmac_algorithm = {hmac}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher().DatabaseError:
        return False
    finally:
        conn.close()


def contents(folder: Path, passphrase: str) -> dict[str, list[tuple]]:
    session = unlock_profile(folder, passphrase, backup=False)
    try:
        return {
            kind: sorted((r.id, r.version, repr(r.data)) for r in session.vault.iter(kind))
            for kind in ("family", "visit", "checkin", "reflection", "feedback")
        }
    finally:
        session.close()


def test_a_new_profile_is_written_with_hmac_sha256(session, profile_dir: Path) -> None:
    key = vault_key(profile_dir)
    session.records.save("family", {"reference": "ABC", "display_name": "Begum"})
    path = profile_dir / DB_NAME
    assert opens_with(path, key, CIPHER_HMAC)
    assert not opens_with(path, key, LEGACY_HMAC)
    # The day's backup is a copy with the same settings.
    from relapp.services.profile import daily_backup

    daily_backup(session)
    (daily,) = list_backups(profile_dir)
    assert opens_with(daily.path, key, CIPHER_HMAC)


def test_an_old_profile_is_encrypted_again_at_its_first_unlock(tmp_path: Path) -> None:
    folder = old_profile(tmp_path)
    key = vault_key(folder, OLD_PASSPHRASE)
    path = folder / DB_NAME
    assert opens_with(path, key, LEGACY_HMAC) and not opens_with(path, key, CIPHER_HMAC)
    before = path.read_bytes()
    told: list[tuple[int, int]] = []
    session = unlock_profile(
        folder, OLD_PASSPHRASE, backup=False, progress=lambda *a: told.append(a)
    )
    session.close()
    assert opens_with(path, key, CIPHER_HMAC) and not opens_with(path, key, LEGACY_HMAC)
    assert not list(folder.glob("*.recipher*"))
    # The file as it was is a backup now, byte for byte, and opens as it did.
    (kept,) = [b for b in list_backups(folder) if b.reason == "before-new-cipher"]
    assert kept.path.read_bytes() == before
    assert os.stat(kept.path).st_mode & 0o077 == 0
    # Progress went to the end of the file's bytes before the schema's own steps.
    assert (len(before), len(before)) in told
    # Everything in it is still there, and a second unlock changes nothing more.
    first = contents(folder, OLD_PASSPHRASE)
    assert sum(len(v) for v in first.values()) >= 15
    assert [b for b in list_backups(folder) if b.reason == "before-new-cipher"] == [kept]
    # The old backup restores, and is brought to the new settings in turn.
    restore_backup(folder, kept.name, OLD_PASSPHRASE)
    assert contents(folder, OLD_PASSPHRASE) == first
    assert opens_with(path, key, CIPHER_HMAC)


def test_what_cannot_be_written_leaves_the_old_file_in_use(tmp_path: Path) -> None:
    """A folder where the new copy cannot be written (here a folder in its place): the
    profile opens as it is, with everything, and the next unlock tries again."""
    folder = old_profile(tmp_path)
    key = vault_key(folder, OLD_PASSPHRASE)
    path = folder / DB_NAME
    blocker = folder / (DB_NAME + ".recipher")
    blocker.mkdir()
    (blocker / "something").write_text("x")
    before = contents(folder, OLD_PASSPHRASE)
    assert opens_with(path, key, LEGACY_HMAC)
    assert not [b for b in list_backups(folder) if b.reason == "before-new-cipher"]
    shutil.rmtree(blocker)
    assert contents(folder, OLD_PASSPHRASE) == before
    assert opens_with(path, key, CIPHER_HMAC)


def test_a_leftover_copy_from_a_crash_is_thrown_away(tmp_path: Path) -> None:
    folder = old_profile(tmp_path)
    (folder / (DB_NAME + ".recipher")).write_bytes(os.urandom(8192))
    (folder / (DB_NAME + ".recipher-journal")).write_bytes(os.urandom(512))
    contents(folder, OLD_PASSPHRASE)
    assert not list(folder.glob("*.recipher*"))
    assert opens_with(folder / DB_NAME, vault_key(folder, OLD_PASSPHRASE), CIPHER_HMAC)


@pytest.mark.parametrize("when", ["writing", "renaming"])
def test_killed_half_way_the_profile_opens_with_everything(tmp_path: Path, when: str) -> None:
    """A real process killed while the copy is half written, or between its two renames."""
    folder = old_profile(tmp_path)
    reference = old_profile(tmp_path / "reference")
    expected = contents(reference, OLD_PASSPHRASE)
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from pathlib import Path
        from relapp.services.profile import unlock_profile
        import relapp.store.db as db
        db.RECIPHER_TICK = 500
        if {when!r} == "renaming":
            real = os.replace
            def replace(src, dst):
                if str(src).endswith(".recipher"):
                    os.kill(os.getpid(), signal.SIGKILL)
                return real(src, dst)
            db.os.replace = replace
        def progress(done, total):
            if {when!r} == "writing" and 0 < done < total:
                os.kill(os.getpid(), signal.SIGKILL)
        unlock_profile(Path(sys.argv[1]), {OLD_PASSPHRASE!r}, progress=progress, backup=False)
        print("not killed")
        """
    )
    env = {**os.environ, "RELAPP_INSECURE_FAST_KDF": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", script, str(folder)], env=env, capture_output=True, text=True,
        cwd=Path(__file__).parents[1], timeout=120,
    )  # fmt: skip
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert contents(folder, OLD_PASSPHRASE) == expected
    assert opens_with(folder / DB_NAME, vault_key(folder, OLD_PASSPHRASE), CIPHER_HMAC)
    assert not list(folder.glob("*.recipher*"))


def test_a_key_that_opens_neither_way_is_refused(session, profile_dir: Path) -> None:
    from relapp.store.db import open_keyed

    path = profile_dir / DB_NAME
    with pytest.raises(sqlcipher().DatabaseError):
        open_keyed(lambda: sqlcipher().connect(str(path)), os.urandom(32))
    conn = raw_connect(path, PASSPHRASE)
    try:
        assert page_mac(conn) == CIPHER_HMAC
    finally:
        conn.close()


def test_a_session_keeps_sqlites_own_page_cache(session) -> None:
    """SQLite's default 2 MiB of decrypted pages, not sqlcipher3's 8 MiB (relapp.store.db)."""
    from relapp.store.db import CACHE_KIB

    assert CACHE_KIB == 2000
    assert session.vault._db.execute("PRAGMA cache_size").fetchone()[0] == -CACHE_KIB
