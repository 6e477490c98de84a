"""How strong a passphrase is, in words a person can act on. No dictionary download needed."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MIN_LENGTH = 12
MIN_BITS = 50
# The worst offenders; longer lists add little once length and variety are required.
COMMON = {
    "password",
    "passw0rd",
    "qwerty",
    "letmein",
    "welcome",
    "iloveyou",
    "admin",
    "monkey",
    "dragon",
    "football",
    "baseball",
    "sunshine",
    "princess",
    "relapp",
    "council",
    "children",
    "family",
    "summer",
    "winter",
    "spring",
    "autumn",
    "abc123",
    "123456",
    "12345678",
}


@dataclass(frozen=True)
class Strength:
    ok: bool
    bits: float
    message: str


def estimate_bits(passphrase: str) -> float:
    pool = 0
    if re.search(r"[a-z]", passphrase):
        pool += 26
    if re.search(r"[A-Z]", passphrase):
        pool += 26
    if re.search(r"[0-9]", passphrase):
        pool += 10
    if re.search(r"[^A-Za-z0-9]", passphrase):
        pool += 33
    # Repeats and runs add little: count distinct characters more than raw length.
    distinct = len(set(passphrase))
    effective = min(len(passphrase), distinct * 2)
    words = [w for w in re.split(r"[\s\-_.,]+", passphrase) if w]
    bits = effective * math.log2(max(pool, 2))
    if len(words) >= 4:
        bits = max(bits, len(words) * 11.0)  # four or more real words: a decent diceware floor
    lowered = passphrase.lower()
    for word in COMMON:
        if word in lowered:
            bits -= 20
    return max(bits, 0.0)


def check_strength(passphrase: str) -> Strength:
    bits = estimate_bits(passphrase)
    if len(passphrase) < MIN_LENGTH:
        return Strength(
            False,
            bits,
            f"Use at least {MIN_LENGTH} characters. Three or four unrelated words work well, "
            "for example 'kettle orbit meadow lantern'.",
        )
    if bits < MIN_BITS:
        return Strength(
            False,
            bits,
            "This is too easy to guess. Add another unrelated word, or mix in numbers and "
            "symbols; avoid names, dates and common words.",
        )
    if bits < 70:
        return Strength(True, bits, "Good enough. One more word would make it strong.")
    return Strength(True, bits, "Strong passphrase.")
