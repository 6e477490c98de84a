"""The `relapp` command: starts the app, or runs one verb for admins, scripts and tests.

Every failure is one line on stderr and a non-zero exit; details go to the log file.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from relapp import __version__
from relapp.paths import log_dir, resolve_profile_dir

log = logging.getLogger("relapp.cli")


class CliError(Exception):
    """Printed as one line; exit status 1 (2 for usage)."""


# ---- secrets ----------------------------------------------------------------------------


def _read_secret_file(path: str) -> str:
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
        return _read_secret_file(args.passphrase_file)
    if os.environ.get("RELAPP_PASSPHRASE") is not None:
        return os.environ["RELAPP_PASSPHRASE"]
    return _prompt("Passphrase")


def new_passphrase(args: argparse.Namespace, *, env_name: str, file_attr: str) -> str:
    path = getattr(args, file_attr, None)
    if path:
        return _read_secret_file(path)
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
        return _read_secret_file(args.code_file)
    if os.environ.get(env_name) is not None:
        return os.environ[env_name]
    return _prompt(label)


# ---- verbs ------------------------------------------------------------------------------


def _profile(args: argparse.Namespace) -> Path:
    return resolve_profile_dir(args.profile)


def _session(args: argparse.Namespace):  # noqa: ANN202 - a services.profile.Session
    from relapp.services import retention
    from relapp.services.profile import unlock_profile

    session = unlock_profile(_profile(args), current_passphrase(args), progress=_upgrading)
    retention.run_if_due(session)  # the team's retention rule runs at every unlock
    return session


def _upgrading(done: int, total: int) -> None:
    """An old profile's records are rewritten at its first unlock: say how far it is."""
    end = "\n" if done >= total else ""
    print(f"\rUpgrading this profile's records… {done:,} of {total:,}", end=end, file=sys.stderr)


def cmd_init(args: argparse.Namespace) -> int:
    from relapp.services.profile import create_profile

    folder = _profile(args)
    passphrase = new_passphrase(args, env_name="RELAPP_PASSPHRASE", file_attr="passphrase_file")
    session, code = create_profile(folder, args.name, args.role, passphrase)
    session.close()
    print(f"Created a {args.role} profile for {args.name.strip()} in {folder}.")
    print("")
    print("Your recovery code (shown once; store it somewhere safe, away from this laptop):")
    print(f"    {code}")
    print("With it you can set a new passphrase if you forget yours: relapp recover")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from relapp.services.transfer import import_file

    session = _session(args)
    try:
        counts = import_file(session.records, Path(args.file))
    finally:
        session.close()
    print(
        f"Imported {args.file}: {counts['added']} added, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged."
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from relapp.services.transfer import export_csv, export_json, open_private

    if args.family is not None:
        return _export_family(args)
    session = _session(args)
    try:
        if args.format == "csv":
            if not args.out:
                raise CliError("A CSV export writes one file per kind: give --out FOLDER.")
            paths = export_csv(session.records, Path(args.out))
            print(f"Wrote {len(paths)} CSV files to {args.out} (not encrypted: keep them safe).")
            return 0
        text = export_json(session.records)
    finally:
        session.close()
    if args.out:
        with open_private(Path(args.out)) as handle:
            handle.write(text)
        print(f"Wrote {args.out} (not encrypted: keep it safe).", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _export_family(args: argparse.Namespace) -> int:
    """A subject access export: one family, a PDF and a JSON file in the folder --out."""
    from relapp.services.subject_access import export_family

    if args.format is not None:
        raise CliError("A subject access export writes a PDF and a JSON file: leave out --format.")
    if not args.out:
        raise CliError("A subject access export writes two files: give --out FOLDER.")
    folder = Path(args.out)
    if not folder.is_dir():
        raise CliError(f"The folder {folder} does not exist. Nothing was written.")
    session = _session(args)
    try:
        from relapp.ui.subject_access_pdf import subject_access_pdf

        done = export_family(session, args.family, folder, subject_access_pdf)
    finally:
        session.close()
    print(f"Wrote the subject access export for {done.reference or done.family_id}:")
    print(f"    {done.pdf} ({done.pages} pages)")
    print(f"    {done.json}")
    print(
        f"{done.for_review} places are marked for the redaction review. The files are not "
        "encrypted: keep them safe, and review them before anything is shared."
    )
    return 0


def cmd_passphrase_change(args: argparse.Namespace) -> int:
    from relapp.services.profile import validate_new_passphrase

    session = _session(args)
    try:
        new = replacement_passphrase(args)
        validate_new_passphrase(new)
        session.vault.change_passphrase(new)
    finally:
        session.close()
    print("Passphrase changed. Your recovery code still works.")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    from relapp.services.profile import recover_profile

    session, code = recover_profile(
        _profile(args), recovery_code(args), replacement_passphrase(args), new_code=args.new_code
    )
    session.close()
    print("A new passphrase is set.")
    if code:
        print(f"Your new recovery code (the old one no longer works): {code}")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from relapp.store.backups import list_backups, restore_backup

    folder = _profile(args)
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


def cmd_erase(args: argparse.Namespace) -> int:
    from relapp.services import erasure

    session = _session(args)
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

    session = _session(args)
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


def cmd_audit(args: argparse.Namespace) -> int:
    from relapp.services import audit_trail

    out = args.out or args.csv
    if args.verb == "export" and not out:
        raise CliError("Say where to write it: relapp audit export --out FILE.csv.")
    session = _session(args)
    try:
        filt = audit_trail.Filter(
            member=audit_trail.find_member(session, args.member) if args.member else "",
            family=audit_trail.find_family(session, args.family) if args.family else "",
            action=args.action or "",
            since=audit_trail.parse_day(args.since, "--since") if args.since else None,
            until=audit_trail.parse_day(args.until, "--until") if args.until else None,
        )
        if args.action and args.action not in audit_trail.ACTION_LABELS:
            raise CliError(
                f"--action must be one of: {', '.join(sorted(audit_trail.ACTION_LABELS))}."
            )
        ok, summary = audit_trail.verify(session)
        if out:
            written = audit_trail.write_csv(session, Path(out), filt)
            print(f"Wrote {written} audit entries to {out} (ids only, no content).")
        else:
            print(audit_trail.preview(session, filt), end="")
    finally:
        session.close()
    if not ok:
        raise CliError(f"The audit trail was tampered with: {summary}.")
    return 0


def cmd_team(args: argparse.Namespace) -> int:
    from relapp.services import team
    from relapp.sync.team import short_id

    session = _session(args)
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

    session = _session(args)
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


def cmd_doctor(args: argparse.Namespace) -> int:
    from relapp.services.doctor import run_checks
    from relapp.ui.qtcheck import qt_check

    # The database is encrypted: its integrity is checked when a passphrase is at hand
    # without asking (a file or RELAPP_PASSPHRASE), as scripted checks give it.
    passphrase = None
    if args.passphrase_file:
        passphrase = _read_secret_file(args.passphrase_file)
    elif os.environ.get("RELAPP_PASSPHRASE") is not None:
        passphrase = os.environ["RELAPP_PASSPHRASE"]
    failed = 0
    for check in run_checks(_profile(args), qt_check, passphrase):
        mark = "ok  " if check.ok else "FAIL"
        failed += not check.ok
        print(f"[{mark}] {check.name}: {check.detail}")
    return 1 if failed else 0


def cmd_report(args: argparse.Namespace) -> int:
    from relapp.services import reports

    if args.kind == "county":
        from relapp.cli_county import report_county

        return report_county(args, _session)
    if not args.out and not (args.kind == "key" and args.set_key):
        raise CliError("Say where to write it: --out FILE.")
    out = Path(args.out or ".")
    session = _session(args)
    try:
        if args.kind == "key":
            if args.set_key:
                reports.set_pseudonym_key(session, _read_secret_file(args.set_key))
                print("This laptop now writes family keys with the team's key.")
            else:
                key = reports.pseudonym_key(session)
                assert key is not None
                reports.write_private(out, key.hex().encode() + b"\n")
                print(f"Wrote the team's family-key key to {out}: give it only to supervisors.")
        elif args.kind == "supervision":
            if not (args.member and args.date_from and args.date_to):
                raise CliError("A supervision pack needs --member M --from DATE --to DATE.")
            pack = reports.supervision_pack(session, args.member, args.date_from, args.date_to)
            from relapp.ui.pdf import write_pack_pdf

            pages = write_pack_pdf(pack, out)
            print(f"Wrote {out}: the supervision pack for {pack.practitioner}, {pages} pages.")
            print("It names families and is not encrypted: keep it safe.")
        elif args.kind == "learning":
            from relapp.services import disclosure

            if args.quarter:
                span = disclosure.parse_quarter(args.quarter)
                args.date_from, args.date_to = span.start, span.end
            if not (args.date_from and args.date_to):
                raise CliError(
                    "A learning report needs a quarter that has ended: --quarter 2026-Q1 "
                    "(or --from 2026-01-01 --to 2026-03-31)."
                )
            report = reports.learning_report(
                session, args.date_from, args.date_to, include_excerpts=set(args.include_excerpt)
            )
            fmt = args.format or ("pdf" if out.suffix.lower() == ".pdf" else "html")
            if fmt == "pdf":
                from relapp.ui.pdf import write_learning_pdf

                write_learning_pdf(report, out)
            else:
                reports.write_learning_html(report, out)
            tables = reports.write_learning_csvs(report, out)
            print(f"Wrote {out} and {len(tables)} CSV tables beside it:")
            for path in tables:
                print(f"    {path}")
        else:
            if not args.csv_kind:
                raise CliError("Say what to export: --kind checkins|barriers|change_tests.")
            rows = reports.write_analyst_csv(
                session,
                args.csv_kind,
                out,
                args.date_from,
                args.date_to,
                with_references=args.with_references,
            )
            identifying = args.with_references and args.csv_kind == "checkins"
            note = " (with family reference codes, which identify families)" if identifying else ""
            print(f"Wrote {rows} rows to {out}{note}.")
    finally:
        session.close()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from relapp.ui.app import run_demo

    return run_demo(args.profile, args.role)


def cmd_app(args: argparse.Namespace) -> int:
    from relapp.ui.app import run_app

    return run_app(_profile(args))


# ---- parser -----------------------------------------------------------------------------


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

    from relapp.cli_county import add_county_parser

    add_county_parser(sub, _session)

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
