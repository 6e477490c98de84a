"""Commands about the profile on this laptop: create it, change or recover its passphrase,
restore a backup, check the installation, and start the app (or the demo)."""

from __future__ import annotations

import argparse
import os

from relapp.cli.common import (
    CliError,
    current_passphrase,
    new_passphrase,
    open_session,
    profile_folder,
    read_secret_file,
    recovery_code,
    replacement_passphrase,
)


def cmd_init(args: argparse.Namespace) -> int:
    from relapp.services.profile import create_profile

    folder = profile_folder(args)
    passphrase = new_passphrase(args, env_name="RELAPP_PASSPHRASE", file_attr="passphrase_file")
    session, code = create_profile(folder, args.name, args.role, passphrase)
    session.close()
    print(f"Created a {args.role} profile for {args.name.strip()} in {folder}.")
    print("")
    print("Your recovery code (shown once; store it somewhere safe, away from this laptop):")
    print(f"    {code}")
    print("With it you can set a new passphrase if you forget yours: relapp recover")
    return 0


def cmd_passphrase_change(args: argparse.Namespace) -> int:
    from relapp.services.profile import validate_new_passphrase

    session = open_session(args)
    try:
        new = replacement_passphrase(args)
        validate_new_passphrase(new)
        session.vault.change_passphrase(new)
    finally:
        session.close()
    print("Passphrase changed. Your recovery code still works.")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    from relapp.services.profile import recover

    code = recovery_code(args)
    session, fresh = recover(
        profile_folder(args), code, replacement_passphrase(args), new_code=args.new_code
    )
    session.close()
    print("A new passphrase is set.")
    if fresh:
        print(f"Your new recovery code (the old one no longer works): {fresh}")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from relapp.store.backups import list_backups, restore_backup

    folder = profile_folder(args)
    if args.action == "list":
        backups = list_backups(folder)
        if not backups:
            print("No backups yet.")
        for b in backups:
            print(f"{b.name}\t{b.taken_at:%Y-%m-%d %H:%M} UTC\t{b.reason}\t{b.size // 1024} KB")
        return 0
    if not args.name:
        raise CliError("Say which backup to restore: relapp backups restore NAME.")
    if not any(b.name == args.name for b in list_backups(folder)):
        raise CliError(f"There is no backup called {args.name}. See 'relapp backups list'.")
    chosen = restore_backup(folder, args.name, current_passphrase(args))
    print(f"Restored {chosen.name}. The state before the restore was backed up too.")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from relapp.services.doctor import run_checks
    from relapp.ui.qtcheck import qt_check

    # The database is encrypted: its integrity is checked when a passphrase is at hand
    # without asking (a file or RELAPP_PASSPHRASE), as scripted checks give it.
    passphrase = None
    if args.passphrase_file:
        passphrase = read_secret_file(args.passphrase_file)
    elif os.environ.get("RELAPP_PASSPHRASE") is not None:
        passphrase = os.environ["RELAPP_PASSPHRASE"]
    failed = 0
    for check in run_checks(profile_folder(args), qt_check, passphrase):
        mark = "ok  " if check.ok else "FAIL"
        failed += not check.ok
        print(f"[{mark}] {check.name}: {check.detail}")
    return 1 if failed else 0


def cmd_demo(args: argparse.Namespace) -> int:
    from relapp.ui.app import run_demo

    return run_demo(args.profile, args.role)


def cmd_app(args: argparse.Namespace) -> int:
    from relapp.ui.app import run_app

    return run_app(profile_folder(args))
