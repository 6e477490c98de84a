"""`relapp report`: a supervision pack, the learning report, CSV for analysts, and the team's
family-key key."""

from __future__ import annotations

import argparse
from pathlib import Path

from relapp.cli.common import CliError, open_session, read_secret_file


def cmd_report(args: argparse.Namespace) -> int:
    from relapp.services import reports

    if args.kind == "county":
        from relapp.cli.county import report_county

        return report_county(args, open_session)
    if not args.out and not (args.kind == "key" and args.set_key):
        raise CliError("Say where to write it: --out FILE.")
    out = Path(args.out or ".")
    session = open_session(args)
    try:
        if args.kind == "key":
            if args.set_key:
                reports.set_pseudonym_key(session, read_secret_file(args.set_key))
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
                session,
                args.date_from,
                args.date_to,
                include_excerpts=set(args.include_excerpt),
                grouping=args.grouping,
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
            if report.advice:
                print(f"Note: {report.advice}")
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
