"""The command line's words: every verb, its arguments and the function that runs it."""

from __future__ import annotations

import argparse

from relapp import __version__
from relapp.cli.common import open_session
from relapp.cli.erasure import cmd_erase, cmd_retention
from relapp.cli.profile import (
    cmd_backups,
    cmd_demo,
    cmd_doctor,
    cmd_init,
    cmd_passphrase_change,
    cmd_recover,
)
from relapp.cli.records import cmd_audit, cmd_export, cmd_import
from relapp.cli.report import cmd_report
from relapp.cli.team import cmd_recover_team, cmd_sync, cmd_team


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"relapp: {message} (see relapp --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="relapp", description="Relapp: reflective practice, kept private.")
    parser.add_argument("--version", action="version", version=f"relapp {__version__}")
    parser.add_argument("--profile", metavar="DIR", help="profile folder (or RELAPP_PROFILE)")
    parser.add_argument("--passphrase-file", metavar="FILE", help="read the passphrase from FILE")
    sub = parser.add_subparsers(dest="verb", parser_class=_Parser)

    p = sub.add_parser("init", help="create a profile and print its recovery code")
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True, choices=["practitioner", "supervisor", "system_leader"])
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("import", help="import a Relapp JSON export or a CSV of families")
    p.add_argument("file")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "export", help="export everything you can read, or one family's subject access export"
    )
    p.add_argument("--format", choices=["json", "csv"])
    p.add_argument("--out", metavar="PATH")
    p.add_argument(
        "--family",
        metavar="ID",
        help="subject access: everything about one family (id or reference), PDF + JSON in --out",
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("passphrase", help="change the passphrase")
    p.add_argument("action", choices=["change"])
    p.add_argument("--new-passphrase-file", metavar="FILE")
    p.set_defaults(func=cmd_passphrase_change)

    p = sub.add_parser("recover", help="set a new passphrase with the recovery code")
    p.add_argument("--code-file", metavar="FILE")
    p.add_argument("--new-passphrase-file", metavar="FILE")
    p.add_argument("--new-code", action="store_true", help="also issue a new recovery code")
    p.set_defaults(func=cmd_recover)

    p = sub.add_parser("backups", help="list or restore automatic backups")
    p.add_argument("action", choices=["list", "restore"])
    p.add_argument("name", nargs="?")
    p.set_defaults(func=cmd_backups)

    p = sub.add_parser(
        "erase", help="erase a family and everything that belongs to it (a supervisor's action)"
    )
    p.add_argument("what", choices=["family", "request", "requests", "decline"])
    p.add_argument(
        "id", nargs="?", help="the family's id or reference code (decline: the request's id)"
    )
    p.add_argument("--reason", help="why, without naming anyone (kept with the erasure)")
    p.add_argument("--request", help="the reference of the erasure request")
    p.add_argument("--dry-run", action="store_true", help="say what would go, change nothing")
    p.set_defaults(func=cmd_erase)

    p = sub.add_parser("retention", help="the team's retention rule, legal holds, and a run")
    p.add_argument("action", choices=["show", "run", "set", "hold", "log"])
    p.add_argument("family", nargs="?", help="for hold: the family's id or reference code")
    p.add_argument("--years", type=int, help="for set: erase families closed this many years")
    p.add_argument(
        "--draft-days", type=int, help="for set: discard unfinished drafts untouched this long"
    )
    p.add_argument("--unsent-days", type=int, help="for set: discard words not sent this long")
    p.add_argument("--csv", metavar="FILE", help="for log: write it as CSV (ids and reasons)")
    p.add_argument("--off", action="store_true", help="for hold: lift the hold")
    p.add_argument("--dry-run", action="store_true", help="for run: say what would go")
    p.set_defaults(func=cmd_retention)

    p = sub.add_parser(
        "audit",
        help="the audit trail (this laptop's, and on a supervisor's the team's): show or export",
    )
    p.add_argument("verb", nargs="?", choices=["show", "export"], default="show")
    p.add_argument("--out", metavar="FILE", help="for export: the CSV file to write for the DPO")
    p.add_argument("--csv", metavar="FILE", help=argparse.SUPPRESS)  # the earlier spelling
    p.add_argument("--member", help="only this member (id, its last 8 characters, or name)")
    p.add_argument("--family", help="only entries about this family (id or reference code)")
    p.add_argument("--action", help="only this action (open_family, export, erase, unlock…)")
    p.add_argument("--since", metavar="DATE", help="from this day (YYYY-MM-DD, local time)")
    p.add_argument("--until", metavar="DATE", help="up to and including this day")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("team", help="create, join and manage the team on a shared folder")
    p.add_argument(
        "action", choices=["create", "join", "requests", "approve", "remove", "retire", "show"]
    )
    p.add_argument(
        "member",
        nargs="?",
        help="request id (approve), member id (remove) or laptop id (retire, as 'show' lists)",
    )
    p.add_argument("--folder", metavar="PATH", help="the shared folder")
    p.add_argument("--name", help="the team's name (create)")
    p.add_argument("--role", choices=["practitioner", "supervisor"])
    p.add_argument("--as-member", metavar="MEMBER", help="approve as another laptop of MEMBER")
    p.set_defaults(func=cmd_team)

    from relapp.cli.county import add_county_parser

    add_county_parser(sub, open_session)

    p = sub.add_parser("sync", help="one sync pass with the team's shared folder")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("recover-team", help="decrypt the team's records with the organisation key")
    p.add_argument("--folder", required=True, metavar="PATH")
    p.add_argument("--code-file", metavar="FILE")
    p.add_argument("--out", metavar="PATH")
    p.set_defaults(func=cmd_recover_team)

    p = sub.add_parser("doctor", help="check the installation and the profile")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser(
        "report", help="a supervision pack (PDF), the learning report, or CSV for analysts"
    )
    p.add_argument("kind", choices=["supervision", "learning", "csv", "key", "county"])
    p.add_argument("--member", metavar="M", help="the practitioner: name, id or short id")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="first day, e.g. 2026-03-01")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="last day, e.g. 2026-03-31")
    p.add_argument(
        "--quarter", metavar="YYYY-QN", help="learning report: a calendar quarter, e.g. 2026-Q1"
    )
    p.add_argument("--out", metavar="FILE")
    p.add_argument(
        "--with-references",
        action="store_true",
        help="csv: add the case system's reference codes (they identify families)",
    )
    p.add_argument(
        "--set-key",
        metavar="FILE",
        help="key: use the team's family-key key from FILE (written by `report key --out`)",
    )
    p.add_argument("--format", choices=["html", "pdf"], help="learning report (default: by --out)")
    p.add_argument(
        "--by",
        dest="grouping",
        choices=["month", "quarter"],
        default="month",
        help="learning report: figures by month (default) or for the whole quarter",
    )
    p.add_argument(
        "--kind",
        dest="csv_kind",
        choices=["checkins", "barriers", "change_tests"],
        help="what the CSV holds",
    )
    p.add_argument(
        "--include-excerpt",
        action="append",
        default=[],
        metavar="CHANGE_TEST_ID",
        help="include this change test's reviewed title, measure and outcome (repeatable)",
    )
    p.set_defaults(func=cmd_report)

    p = sub.add_parser(
        "demo", help="open the app on a throwaway demo team (--profile sets where it lives)"
    )
    p.add_argument(
        "--as",
        dest="role",
        choices=["practitioner", "supervisor"],
        default="practitioner",
        help="whose laptop to open",
    )
    p.set_defaults(func=cmd_demo)
    return parser
