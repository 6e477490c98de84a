"""Checks for `relapp doctor`: is the install whole and the profile healthy?"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from relapp.paths import DB_NAME
from relapp.store.db import is_plain


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    detail: str


def _run(name: str, probe: Callable[[], str]) -> Check:
    try:
        return Check(name, True, probe())
    except Exception as exc:  # noqa: BLE001 - a doctor reports every failure, it never stops
        return Check(name, False, f"{type(exc).__name__}: {exc}")


def _crypto() -> str:
    from cryptography.hazmat.primitives import hpke  # noqa: F401 - HPKE is needed for sync

    from relapp.crypto.aead import Sealer, new_key
    from relapp.crypto.kdf import derive_key, fast_params_for_tests
    from relapp.crypto.keyring import Keyring

    sealer = Sealer(new_key())
    assert sealer.open(sealer.seal(b"check", b"aad"), b"aad") == b"check"
    assert len(derive_key("check", b"s" * 16, fast_params_for_tests())) == 32
    Keyring.generate().ed25519_public()
    import cryptography

    version = cryptography.__version__
    return f"AES-GCM, Argon2id, X25519, Ed25519 and HPKE available (cryptography {version})"


def _resources() -> str:
    from relapp.assets import resources_dir
    from relapp.services.profile import load_shipped_definitions

    d = load_shipped_definitions()
    return (
        f"{len(d.instruments)} instruments, {len(d.templates)} templates, "
        f"{len(d.barrier_categories)} barrier categories in {resources_dir()}"
    )


def _profile(folder: Path, passphrase: str | None = None) -> str:
    from relapp.crypto.kdf import MIN_MEMORY_KIB
    from relapp.store.health import inspect_profile
    from relapp.store.location import check_profile_location
    from relapp.store.schema import LATEST

    db = folder / DB_NAME
    if not db.exists():
        return f"no profile yet in {folder} (create one with 'relapp init' or in the app)"
    check_profile_location(folder)
    key = None
    if passphrase is not None and not is_plain(db):
        from relapp.store.vault import Vault

        key = Vault.open_keys_only(folder).open_keyring(passphrase).vault_key
    health = inspect_profile(folder, key)
    result, version, count = health.integrity, health.schema_version, health.record_count
    if result not in ("ok", ""):
        raise RuntimeError(f"integrity check failed: {result}")
    if not health.audit_ok:
        raise RuntimeError(f"the audit trail was tampered with: {health.audit}")
    if os.name == "posix" and (folder.stat().st_mode & 0o077):
        raise RuntimeError(f"{folder} can be read by other users; run: chmod 700 '{folder}'")
    kdf = health.passphrase_kdf or {}
    weak = int(kdf.get("memory_kib", 0)) < MIN_MEMORY_KIB or int(kdf.get("iterations", 0)) < 2
    if weak and os.environ.get("RELAPP_INSECURE_FAST_KDF") != "1":
        # Only tests and demos make such profiles; anywhere else it is a problem to fix.
        raise RuntimeError(
            "the passphrase protection is weaker than Relapp's minimum (a test or demo "
            "setting); run 'relapp passphrase change' to strengthen it"
        )
    if not health.encrypted:
        return (
            f"{folder}: integrity ok, {count} records; made by an older Relapp, its database is "
            "encrypted as a whole when it is next unlocked"
        )
    if key is None:
        return (
            f"{folder}: encrypted database and key file present; give the passphrase "
            "(RELAPP_PASSPHRASE or --passphrase-file) to check its integrity too"
        )
    upgrade = "" if version == LATEST else f" (will be upgraded to {LATEST} when opened)"
    trail = f", audit trail: {health.audit}" if health.audit else ""
    return f"{folder}: integrity ok, schema {version}{upgrade}, {count} records, encrypted{trail}"


def run_checks(
    profile: Path, qt_check: Callable[[], str] | None = None, passphrase: str | None = None
) -> Iterator[Check]:
    yield Check("python", sys.version_info >= (3, 11), sys.version.split()[0])
    yield _run("crypto", _crypto)
    yield _run("resources", _resources)
    if qt_check is not None:
        yield _run("qt", qt_check)
    yield _run("profile", lambda: _profile(profile, passphrase))
