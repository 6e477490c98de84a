"""What every command shares: its errors, how it asks for a passphrase or a code (a file, an
environment variable, or the terminal), and how it opens the profile."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from relapp.paths import resolve_profile_dir


class CliError(Exception):
    """Printed as one line; exit status 1 (2 for usage)."""


def read_secret_file(path: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"Cannot read {path}: {exc.strerror}.") from None
    return text.rstrip("\r\n")


def _prompt(label: str) -> str:
    if not sys.stdin or not sys.stdin.isatty():
        line = sys.stdin.readline() if sys.stdin else ""
        if not line:
            raise CliError(
                f"{label} needed: use --passphrase-file, RELAPP_PASSPHRASE, or run in a terminal."
            )
        return line.rstrip("\r\n")
    return getpass.getpass(f"{label}: ")


def current_passphrase(args: argparse.Namespace) -> str:
    if args.passphrase_file:
        return read_secret_file(args.passphrase_file)
    if os.environ.get("RELAPP_PASSPHRASE") is not None:
        return os.environ["RELAPP_PASSPHRASE"]
    return _prompt("Passphrase")


def new_passphrase(args: argparse.Namespace, *, env_name: str, file_attr: str) -> str:
    path = getattr(args, file_attr, None)
    if path:
        return read_secret_file(path)
    if os.environ.get(env_name) is not None:
        return os.environ[env_name]
    first = _prompt("New passphrase")
    if sys.stdin.isatty() and _prompt("Type it again") != first:
        raise CliError("The two passphrases are not the same. Nothing was changed.")
    return first


def replacement_passphrase(args: argparse.Namespace) -> str:
    return new_passphrase(args, env_name="RELAPP_NEW_PASSPHRASE", file_attr="new_passphrase_file")


def recovery_code(
    args: argparse.Namespace,
    env_name: str = "RELAPP_RECOVERY_CODE",
    label: str = "Recovery code",
) -> str:
    if args.code_file:
        return read_secret_file(args.code_file)
    if os.environ.get(env_name) is not None:
        return os.environ[env_name]
    return _prompt(label)


def profile_folder(args: argparse.Namespace) -> Path:
    return resolve_profile_dir(args.profile)


def open_session(args: argparse.Namespace):  # noqa: ANN202 - a services.profile.Session
    from relapp.services import retention
    from relapp.services.profile import unlock_profile

    session = unlock_profile(profile_folder(args), current_passphrase(args), progress=show_upgrade)
    retention.run_if_due(session)  # the team's retention rule runs at every unlock
    return session


def show_upgrade(done: int, total: int) -> None:
    """An old profile's records are rewritten at its first unlock: say how far it is."""
    end = "\n" if done >= total else ""
    print(f"\rUpgrading this profile's records… {done:,} of {total:,}", end=end, file=sys.stderr)
