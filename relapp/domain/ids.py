"""Record and event ids: UUIDv7 (RFC 9562), time-ordered so new rows land at the end of
the id indexes. An id reveals its creation time to the millisecond, which the vault already
keeps in clear beside it."""

from __future__ import annotations

import os
import time
import uuid


def uuid7(millis: int | None = None) -> str:
    if millis is None:
        millis = time.time_ns() // 1_000_000
    value = (millis & ((1 << 48) - 1)) << 80 | int.from_bytes(os.urandom(10), "big")
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    return str(uuid.UUID(int=value))
