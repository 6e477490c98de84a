"""Commands about the team's shared folder: create, join and manage the team, sync once, and
open everything with the organisation recovery code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from relapp.cli.common import CliError, open_session, recovery_code


def cmd_team(args: argparse.Namespace) -> int:
    from relapp.services import team
    from relapp.sync.team import short_id

    session = open_session(args)
    try:
        action = args.action
        if action == "create":
            if not args.folder or not args.name:
                raise CliError(
                    "Give the shared folder and the team's name: --folder PATH --name NAME."
                )
            folder, org_code = team.create(session, args.folder, args.name)
            print(f"Created the team {args.name!r} in {folder.root}.")
            print("")
            print("The organisation recovery code (shown once; print it and store it offline,")
            print("for example in the service manager's safe; Relapp never stores it):")
            print(f"    {org_code}")
            print("With it, 'relapp recover-team' can open every record the team has synced.")
        elif action == "join":
            if not args.folder:
                raise CliError("Give the shared folder: --folder PATH.")
            folder = team.join(session, args.folder)
            print(f"Asked to join the team in {folder.root}. A supervisor must approve it;")
            print(f"your request id is {short_id(session.vault.device_id)}.")
        elif action == "requests":
            pending = team.requests(session)
            if not pending:
                print("No join requests are waiting.")
            for r in pending:
                print(f"{r.request_id}\t{r.name}\t{r.role}")
        elif action == "approve":
            if not args.member or not args.role:
                raise CliError("Say which request and role: relapp team approve ID --role ROLE.")
            request = team.approve_request(session, args.member, args.role, args.as_member)
            print(
                f"Approved {request.name} as {args.role}. They receive records from their "
                "next sync."
            )
        elif action == "remove":
            if not args.member:
                raise CliError("Say which member to remove: relapp team remove MEMBER.")
            member_id = team.remove(session, args.member)
            print(
                f"Removed {short_id(member_id)}. Records synced from now on are not encrypted for "
                "them; what they already synced stays readable on their laptop."
            )
        elif action == "retire":
            if not args.member:
                raise CliError("Say which laptop to retire: relapp team retire LAPTOP.")
            device, report = team.retire(session, args.member)
            print(
                f"Retired {device.member_name}'s laptop {device.short}. This laptop now carries "
                "what it wrote, and its files were removed from the shared folder."
            )
            print(report.summary())
        elif action == "show":
            state, members = team.members(session)
            print(f"Team {state.name} ({state.team_id[:8]})")
            for m in members:
                status = "" if m.active else " (removed)"
                me = " (you)" if m.is_me else ""
                devices = f"{m.devices} device(s)"
                print(f"{short_id(m.member_id)}\t{m.name}{me}\t{m.role}{status}\t{devices}")
            print("Laptops:")
            for d in team.devices(session, (state, members)):
                mine = " (this laptop)" if d.is_mine else ""
                print(f"  {d.short}\t{d.member_name}{mine}\t{d.status}\tread up to {d.read_up_to}")
            from relapp.services.erasure import erasure_status

            for item in erasure_status(session, (state, members)):
                waiting = ", ".join(item.waiting) if item.waiting else "none: done everywhere"
                print(
                    f"Erasure {item.request} ({item.erased_at[:10]}, {item.records} records): "
                    f"laptops still to confirm: {waiting}"
                )
    finally:
        session.close()
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from relapp.services import team
    from relapp.services.search import SearchService, catch_up

    session = open_session(args)
    try:
        report = team.sync_once(session)
        print(report.summary())
        for path, reason in report.quarantined:
            print(f"  quarantined: {path}: {reason}")
        # A first sync's records are indexed for search afterwards: here, before the end.
        left = total = SearchService(session.records).pending()
        while left:
            print(f"Preparing search… {total - left:,} of {total:,}", file=sys.stderr)
            left = catch_up(session.records)
        if total:
            print(f"Search is ready: {total:,} records indexed.", file=sys.stderr)
    finally:
        session.close()
    if report.status != "ok":
        return 3
    return 0


def cmd_recover_team(args: argparse.Namespace) -> int:
    from relapp.services import team
    from relapp.services.transfer import open_private

    code = recovery_code(
        args, env_name="RELAPP_ORG_RECOVERY_CODE", label="Organisation recovery code"
    )
    text = team.recover_team_json(args.folder, code)
    if args.out:
        with open_private(Path(args.out)) as handle:
            handle.write(text)
        print(f"Wrote {args.out} (not encrypted: keep it safe).", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
