"""`relapp county …` and `relapp report county`: the county's view from the command line.

relapp init --name "Morgan Lee" --role system_leader          a system leader's profile
relapp county create --folder PATH|s3://… --name "Essex"      the first leader
relapp county join --folder PATH|s3://…                        another leader asks
relapp county register --folder PATH|s3://…                    a team's supervisor asks
relapp county requests | approve ID | show                     a leader answers
relapp county publish --quarter 2026-Q1 [--include-excerpt ID] a supervisor publishes
relapp report county --quarter 2026-Q1 --out county.html       a leader's report (+ CSV)
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from relapp.services.errors import ServiceError

Opener = Callable[[argparse.Namespace], Any]  # opens the profile: a services.profile.Session

ACTIONS = ("create", "join", "register", "requests", "approve", "show", "publish")


def add_county_parser(sub: Any, opener: Opener) -> None:
    p = sub.add_parser(
        "county", help="the county's view: system leaders, and teams that publish for them"
    )
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("request", nargs="?", help="approve: the request id `county requests` lists")
    p.add_argument("--folder", metavar="PATH", help="the shared storage (a folder or s3://…)")
    p.add_argument("--name", help="create: the county's name")
    p.add_argument("--quarter", metavar="YYYY-QN", help="publish: an ended quarter")
    p.add_argument(
        "--include-excerpt",
        action="append",
        default=[],
        metavar="CHANGE_TEST_ID",
        help="publish: share this change test's reviewed title, measure and outcome",
    )
    p.set_defaults(func=lambda args: cmd_county(args, opener))


def _print_view(view: Any) -> None:
    print(f"County {view.name} ({view.county_id[-8:]}) at {view.folder}")
    print(f"  system leaders' laptops: {', '.join(view.leaders)}")
    teams = ", ".join(name for _id, name in view.teams) or "none yet"
    print(f"  teams publishing: {teams}")
    for line in view.set_aside:
        print(f"  set aside: {line}")


def cmd_county(args: argparse.Namespace, opener: Opener) -> int:
    from relapp.services import county

    session = opener(args)
    try:
        action = args.action
        if action in ("create", "join", "register") and not args.folder:
            raise ServiceError(f"Say where the county is: county {action} --folder PATH.")
        if action == "create":
            view = county.create(session, args.folder, args.name or "")
            _print_view(view)
        elif action == "join":
            view = county.join(session, args.folder)
            print(f"Asked to join {view.name}; a system leader approves with:")
            print(f"    relapp county approve {session.vault.device_id[-8:]}")
        elif action == "register":
            view = county.register(session, args.folder)
            print(f"Asked to publish this team's figures for {view.name}.")
            short = session.vault.device_id[-8:]
            print(f"A system leader approves with: relapp county approve {short}")
        elif action == "requests":
            found = county.requests(session)
            for r in found:
                what = "system leader" if r.role == "system_leader" else f"team {r.team[-8:]}"
                print(f"{r.id}  {what}")
            if not found:
                print("No requests are waiting.")
        elif action == "approve":
            if not args.request:
                raise ServiceError("Say which request: county approve ID (see county requests).")
            done = county.approve(session, args.request)
            print(f"Approved {done.id}.")
        elif action == "show":
            _print_view(county.show(session))
        elif action == "publish":
            if not args.quarter:
                raise ServiceError("Say which quarter: county publish --quarter 2026-Q1.")
            what = county.publish(
                session, args.quarter, include_excerpts=tuple(args.include_excerpt)
            )
            print(f"Published the figures of {what}, sealed for the county's system leaders.")
    finally:
        session.close()
    return 0


def report_county(args: argparse.Namespace, opener: Opener) -> int:
    from relapp.services import county
    from relapp.services.reports.county_files import write_county_report

    if not args.quarter or not args.out:
        raise ServiceError("A county report needs --quarter 2026-Q1 --out FILE.html.")
    out = Path(args.out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise ServiceError("The county report is written as HTML (with CSV tables beside it).")
    session = opener(args)
    try:
        got, report = county.report(session, args.quarter)
        written = write_county_report(report, out)
    finally:
        session.close()
    print(f"Wrote {out}: {got.county}, {len(got.teams)} teams, and CSV tables beside it:")
    for path in written[1:]:
        print(f"    {path}")
    if got.silent:
        print(f"No figures yet from: {', '.join(got.silent)}.")
    for line in got.set_aside:
        print(f"Set aside: {line}")
    return 0
