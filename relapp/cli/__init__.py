"""The `relapp` command: starts the app, or runs one verb for admins, scripts and tests.

Every failure is one line on stderr and a non-zero exit; details go to the log file.
The verbs live beside this file by what they are about: profile.py (init, passphrase, recover,
backups, doctor, demo, the app), records.py (import, export, audit), erasure.py (erase,
retention), team.py (team, sync, recover-team), report.py; parser.py names them all and
common.py holds what they share.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from relapp.cli.common import CliError
from relapp.cli.parser import build_parser
from relapp.cli.profile import cmd_app
from relapp.paths import log_dir

log = logging.getLogger("relapp.cli")


def _known_errors() -> tuple[type[BaseException], ...]:
    from relapp.crypto.recovery import RecoveryCodeError
    from relapp.domain.definitions import DefinitionError
    from relapp.domain.records import ValidationError
    from relapp.services.errors import ServiceError
    from relapp.store.location import UnsafeLocation
    from relapp.store.vault import VaultError

    return (
        CliError,
        ServiceError,
        VaultError,
        UnsafeLocation,
        RecoveryCodeError,
        ValidationError,
        DefinitionError,
    )


def main(argv: Sequence[str] | None = None) -> int:
    from relapp.logsetup import setup_logging

    setup_logging()
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = getattr(args, "func", cmd_app)
    try:
        return func(args)
    except KeyboardInterrupt:
        print("relapp: stopped.", file=sys.stderr)
        return 130
    except _known_errors() as exc:
        log.info("%s failed: %s", args.verb or "app", type(exc).__name__)
        print(f"relapp: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        log.exception("%s failed with an OS error", args.verb or "app")
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"relapp: {exc.strerror or exc}{where}.", file=sys.stderr)
        return 1
    except Exception:  # noqa: BLE001 - the last line of defence against a traceback
        log.exception("%s failed unexpectedly", args.verb or "app")
        print(
            "relapp: something went wrong that Relapp did not expect; the details are in "
            f"the log file in {log_dir()}.",
            file=sys.stderr,
        )
        return 70


if __name__ == "__main__":
    raise SystemExit(main())
