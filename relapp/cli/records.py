"""Commands that move records in and out: import, export (everything, or one family's subject
access export) and the audit trail."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from relapp.cli.common import CliError, open_session


def cmd_import(args: argparse.Namespace) -> int:
    from relapp.services.transfer import import_file

    session = open_session(args)
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
    session = open_session(args)
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
    session = open_session(args)
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


def cmd_audit(args: argparse.Namespace) -> int:
    from relapp.services import audit_trail

    out = args.out or args.csv
    if args.verb == "export" and not out:
        raise CliError("Say where to write it: relapp audit export --out FILE.csv.")
    session = open_session(args)
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
