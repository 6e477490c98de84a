"""Passphrase → key with Argon2id; parameters are stored beside the salt and tuned per machine."""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

KEY_LEN = 32
TARGET_SECONDS = 0.3
# A floor below which tuning never goes, whatever the machine: OWASP's minimum for Argon2id.
MIN_MEMORY_KIB = 19 * 1024
MIN_ITERATIONS = 2


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    iterations: int
    lanes: int = 4
    algorithm: str = "argon2id"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> KdfParams:
        if data.get("algorithm") != "argon2id":
            raise ValueError(f"unknown key-derivation algorithm {data.get('algorithm')!r}")
        return cls(
            memory_kib=int(data["memory_kib"]),  # type: ignore[arg-type]
            iterations=int(data["iterations"]),  # type: ignore[arg-type]
            lanes=int(data["lanes"]),  # type: ignore[arg-type]
        )


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    kdf = Argon2id(
        salt=salt,
        length=KEY_LEN,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(passphrase.encode("utf-8"))


def fast_params_for_tests() -> KdfParams:
    """Cheap but real Argon2id, used only when RELAPP_INSECURE_FAST_KDF=1 (tests, demos)."""
    return KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)


def tuned_params(target_seconds: float = TARGET_SECONDS) -> KdfParams:
    """Measure this machine and pick iterations so one derivation takes about target_seconds."""
    if os.environ.get("RELAPP_INSECURE_FAST_KDF") == "1":
        return fast_params_for_tests()
    memory = 64 * 1024

    def timed(iterations: int) -> float:
        start = time.perf_counter()
        derive_key("calibration", b"\0" * 16, KdfParams(memory_kib=memory, iterations=iterations))
        return time.perf_counter() - start

    # Filling 64 MiB costs a fixed amount on top of each pass, so fit both from two probes.
    one, four = timed(1), timed(4)
    per_iteration = max((four - one) / 3, 1e-3)
    fixed = max(one - per_iteration, 0.0)
    iterations = round((target_seconds - fixed) / per_iteration)
    iterations = max(MIN_ITERATIONS, min(32, iterations))
    return KdfParams(memory_kib=max(memory, MIN_MEMORY_KIB), iterations=iterations)
