"""The vault's key ring in its key file: sealed under the passphrase and under the recovery code,
opened by either, with wrong attempts counted in the file and made to wait."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime

from relapp.crypto.aead import DecryptionError
from relapp.crypto.kdf import KdfParams, derive_key, tuned_params
from relapp.crypto.keyring import Keyring, unwrap_keyring, wrap_keyring
from relapp.crypto.recovery import new_recovery_code, parse_recovery_code, recovery_key
from relapp.store.keyfile import Slot
from relapp.store.record import (
    TooManyAttempts,
    VaultError,
    VaultLocked,
    WrongPassphrase,
    utc_now,
)


def slot_aad(profile_id: str, kind: str) -> bytes:
    """What a key slot's sealing is bound to: this profile, and which slot."""
    return f"relapp-keyslot-v1|{profile_id}|{kind}".encode()


FAILURES_BEFORE_DELAY = 3
MAX_DELAY_SECONDS = 60


class VaultKeys:
    """Unlocking and re-sealing the key ring (Vault holds the key file, the lock and the
    database a key ring opens)."""

    def keyring(self) -> Keyring:
        if self._keyring is None:
            raise VaultLocked("The profile is locked.")
        return self._keyring

    def seal_keyring(
        self, keyring: Keyring, passphrase: str, params: KdfParams, recovery_code: str
    ) -> None:
        """Seal a new key ring under its passphrase and its recovery code, and write the key
        file."""
        self._write_passphrase_slot(keyring, passphrase, params)
        self._write_recovery_slot(keyring, recovery_code)
        self._keys.save()

    def _write_passphrase_slot(self, keyring: Keyring, passphrase: str, params: KdfParams) -> None:
        salt = os.urandom(16)
        kek = derive_key(passphrase, salt, params)
        wrapped = wrap_keyring(keyring, kek, slot_aad(self.profile_id, "passphrase"))
        self._keys.slots["passphrase"] = Slot(
            salt, json.dumps(params.to_dict()), wrapped, utc_now()
        )

    def _write_recovery_slot(self, keyring: Keyring, code: str) -> None:
        salt = os.urandom(16)
        kek = recovery_key(parse_recovery_code(code), salt)
        wrapped = wrap_keyring(keyring, kek, slot_aad(self.profile_id, "recovery"))
        self._keys.slots["recovery"] = Slot(
            salt, json.dumps({"algorithm": "hkdf-sha256"}), wrapped, utc_now()
        )

    def _slot(self, kind: str) -> tuple[bytes, str, bytes]:
        slot = self._keys.slots.get(kind)
        if slot is None:
            raise VaultError(f"This profile has no {kind} key slot; it may be damaged.")
        return slot.salt, slot.params, slot.wrapped

    def seconds_until_next_attempt(self) -> float:
        self._keys.reload_attempts()
        failures = self._keys.failures
        if failures < FAILURES_BEFORE_DELAY:
            return 0.0
        delay = min(2 ** (failures - FAILURES_BEFORE_DELAY), MAX_DELAY_SECONDS)
        elapsed = time.time() - datetime.fromisoformat(self._keys.last_failure).timestamp()
        return max(0.0, delay - elapsed)

    def _note_failure(self) -> None:
        self._keys.reload_attempts()
        self._keys.failures += 1
        self._keys.last_failure = utc_now()
        self._keys.save()

    def _clear_failures(self) -> None:
        if self._keys.failures:
            self._keys.failures, self._keys.last_failure = 0, ""
            self._keys.save()

    def _check_throttle(self) -> None:
        wait = self.seconds_until_next_attempt()
        if wait > 0:
            seconds = int(wait) + 1
            raise TooManyAttempts(
                "Too many wrong attempts. Please wait "
                + ("1 second" if seconds == 1 else f"{seconds} seconds")
                + " and try again."
            )

    def _open_passphrase_slot(self, passphrase: str) -> Keyring:
        salt, params, wrapped = self._slot("passphrase")
        kek = derive_key(passphrase, salt, KdfParams.from_dict(json.loads(params)))
        return unwrap_keyring(wrapped, kek, slot_aad(self.profile_id, "passphrase"))

    def open_keyring(self, passphrase: str) -> Keyring:
        """The key ring, opened with the passphrase from the key file alone (the database is
        not touched: a restore over a damaged file needs this). Counts wrong attempts."""
        with self._lock:
            self._check_throttle()
            try:
                keyring = self._open_passphrase_slot(passphrase)
            except DecryptionError:
                self._note_failure()
                # On the unlock screen nothing could have changed: the sentence says only
                # what is wrong (a passphrase change says "nothing was changed" itself).
                raise WrongPassphrase("That passphrase is not right.") from None
            self.failed_attempts = self._keys.failures  # for the audit trail, after unlock
            self._clear_failures()
            return keyring

    def unlock_with_keyring(self, keyring: Keyring) -> None:
        """Unlock with a key ring already opened (a restore opens it once, from the key file,
        for the database it replaces and for the one it puts back)."""
        with self._lock:
            self._set_unlocked(keyring)

    def unlock(self, passphrase: str) -> None:
        with self._lock:
            self._set_unlocked(self.open_keyring(passphrase))

    def unlock_with_recovery(self, code: str) -> None:
        """Raises RecoveryCodeError for a mistyped code, WrongPassphrase for someone else's."""
        secret = parse_recovery_code(code)
        with self._lock:
            self._check_throttle()
            salt, _params, wrapped = self._slot("recovery")
            try:
                keyring = unwrap_keyring(
                    wrapped, recovery_key(secret, salt), slot_aad(self.profile_id, "recovery")
                )
            except DecryptionError:
                self._note_failure()
                raise WrongPassphrase(
                    "That recovery code belongs to another profile. Nothing was changed."
                ) from None
            self.failed_attempts = self._keys.failures  # the audit trail says so, as above
            self._clear_failures()
            self._set_unlocked(keyring)

    def change_passphrase(self, new_passphrase: str, kdf_params: KdfParams | None = None) -> None:
        """Re-wrap the key ring under a new passphrase: only the key file changes."""
        keyring = self.keyring()
        params = kdf_params or tuned_params()
        with self._lock:
            self._write_passphrase_slot(keyring, new_passphrase, params)
            self._keys.save()

    def new_recovery_code(self) -> str:
        keyring = self.keyring()
        code = new_recovery_code()
        with self._lock:
            self._write_recovery_slot(keyring, code)
            self._keys.save()
        return code
