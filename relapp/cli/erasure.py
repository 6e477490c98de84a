"""Commands that take records away: erasing a family (and erasure requests), and the team's
retention rule with its legal holds."""

from __future__ import annotations

import argparse
from pathlib import Path

from relapp.cli.common import CliError, open_session


def cmd_erase(args: argparse.Namespace) -> int:
    from relapp.services import erasure

    session = open_session(args)
    try:
        if args.what == "requests":
            rows = erasure.erasure_requests(session)
            if not rows:
                print("No erasure requests.")
            for r in rows:
                answer = f" ({r.answer})" if r.answer else ""
                print(f"{r.request_id}\t{r.status}{answer}\t{r.request}\t{r.family_id}\t{r.reason}")
            return 0
        if not args.id:
            raise CliError(f"Say which one: relapp erase {args.what} ID.")
        if args.what == "decline":
            erasure.decline_request(session, args.id, args.reason or "")
            print(f"Declined request {args.id}.")
            return 0
        family_id = erasure.find_family(session, args.id)
        if args.what == "request":
            request_id = erasure.ask_for_erasure(
                session, family_id, reason=args.reason or "", request=args.request or ""
            )
            print(
                f"Asked the supervisors to erase family {family_id} (request {request_id}); "
                "it reaches them when this laptop next syncs."
            )
            return 0
        plan = erasure.plan_family_erasure(session, family_id)
        if args.dry_run:
            print(f"Would erase family {family_id} and everything that belongs to it:")
        else:
            result = erasure.erase_family(
                session, family_id, reason=args.reason or "", request=args.request or ""
            )
            plan = result.plan
            print(f"Erased family {family_id} and everything that belongs to it:")
        for kind, count in sorted(plan.counts().items()):
            print(f"  {kind}: {count}")
        if plan.unlinked:
            print(
                "These barriers linked to its visits and lost the link; their own words may "
                "name the family, so read and edit them: " + ", ".join(plan.unlinked)
            )
    finally:
        session.close()
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    from relapp.services import erasure, retention
    from relapp.services import team as team_service

    session = open_session(args)
    try:
        if args.action == "set":
            if args.years is None and args.draft_days is None and args.unsent_days is None:
                raise CliError(
                    "Give the rule to set: relapp retention set --years N, --draft-days D or "
                    "--unsent-days U."
                )
            team_service.set_retention(
                session, args.years, draft_days=args.draft_days, unsent_days=args.unsent_days
            )
            if args.years is not None:
                print(
                    f"Families closed more than {args.years} years ago will be erased."
                    if args.years
                    else "The team has no retention rule now: nothing is erased by itself."
                )
            for days, what in (
                (args.draft_days, "Unfinished drafts"),
                (args.unsent_days, "Words not sent"),
            ):
                if days is not None:
                    print(
                        f"{what} untouched for {days} days will be discarded."
                        if days
                        else f"{what} are kept whatever their age."
                    )
            return 0
        if args.action == "log":
            if args.csv:
                count = retention.export_log(session, Path(args.csv))
                print(f"Wrote {count} entries to {args.csv} (ids and reasons, no content).")
                return 0
            for entry in retention.log(session):
                print(
                    f"{entry.at[:19]}\t{entry.action}\t{entry.request}\t{entry.reason}\t"
                    f"{' '.join(entry.records)}"
                )
            return 0
        if args.action == "hold":
            if not args.family:
                raise CliError("Say which family: relapp retention hold FAMILY [--off].")
            family_id = erasure.find_family(session, args.family)
            retention.set_hold(session, family_id, not args.off)
            print(f"Legal hold {'lifted from' if args.off else 'placed on'} family {family_id}.")
            return 0
        plan = (
            retention.run_all(session)
            if args.action == "run" and not args.dry_run
            else retention.plan(session)
        )
        ran = args.action == "run" and not args.dry_run
        if plan.draft_days or plan.unsent_days:
            print(
                "Retention rule for drafts: "
                + (f"unfinished drafts after {plan.draft_days} days" if plan.draft_days else "")
                + (" and " if plan.draft_days and plan.unsent_days else "")
                + (f"words not sent after {plan.unsent_days} days" if plan.unsent_days else "")
                + " are discarded (on their author's own laptops)."
            )
            for title, discards in (
                ("Discarded" if ran else "Due now", plan.discard_due),
                ("Coming up", plan.discard_upcoming),
            ):
                for discard in discards:
                    kind = "draft" if discard.kind == "reflection" else "words not sent"
                    print(
                        f"  {title}: {kind} {discard.record_id} (last changed "
                        f"{discard.last_changed}, discarded on {discard.discard_on})"
                    )
        if plan.years is None:
            print("The team has no retention rule for families: none is erased by itself.")
            return 0
        print(f"Retention rule: families closed more than {plan.years} years ago are erased.")
        verb = "Erased" if ran else "Due now"
        for title, items in (
            (verb, plan.due),
            ("Coming up", plan.upcoming),
            ("On hold", plan.held),
        ):
            for item in items:
                print(
                    f"  {title}: {item.family_id} (closed {item.closed_since}, "
                    f"erased on {item.erase_on})"
                )
        if not (plan.due or plan.upcoming or plan.held):
            print("  Nothing due in the next 30 days.")
    finally:
        session.close()
    return 0
