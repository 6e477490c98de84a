"""Hybrid logical clocks: wall-clock milliseconds plus a counter, ordered as plain strings.

A clock never runs backwards, even if the laptop's clock does. A remote clock far ahead of
ours is accepted for ordering but flagged, and never drags our own clock with it beyond
MAX_DRIFT, so one laptop with a wrong date cannot push every other clock into the future.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

MAX_DRIFT_MS = 60 * 60 * 1000  # an hour
# No clock goes past the year 9000: readers refuse later ones (far past any true clock, and
# far from the last date Python has, 9999-12-31), and a new version after one dated there is
# dated there too rather than past it.
MAX_MILLIS = 221_845_392_000_000


@dataclass(frozen=True, order=True)
class Timestamp:
    millis: int
    counter: int = 0

    def encode(self) -> str:
        return f"{self.millis:015d}.{self.counter:06d}"

    @classmethod
    def decode(cls, text: str) -> Timestamp:
        millis, _, counter = text.partition(".")
        digits = millis + counter
        if len(millis) != 15 or len(counter) != 6 or not (digits.isascii() and digits.isdigit()):
            raise ValueError(f"not a clock value: {text!r}")
        return cls(int(millis), int(counter))


LAST = Timestamp(MAX_MILLIS, 999_999)


def wall_millis() -> int:
    return time.time_ns() // 1_000_000


class Clock:
    def __init__(self, last: Timestamp | None = None, now=wall_millis) -> None:  # noqa: ANN001
        self.last = last or Timestamp(0, 0)
        self._now = now

    def tick(self) -> Timestamp:
        now = self._now()
        if now > self.last.millis:
            self.last = Timestamp(now, 0)
        else:
            self.last = Timestamp(self.last.millis, self.last.counter + 1)
        return self.last

    def observe(self, remote: Timestamp) -> bool:
        """Merge a received clock; returns True when it is implausibly far in the future."""
        now = self._now()
        ahead = remote.millis > now + MAX_DRIFT_MS
        if not ahead and remote > self.last:
            self.last = remote
        return ahead
