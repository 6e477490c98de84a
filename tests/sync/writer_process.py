"""A practitioner's laptop as a separate process: adds records and syncs, until killed.

    python writer_process.py PROFILE_DIR [--records N] [--sync-every K]
                             [--die-at before-link|mid-write|after-link] [--die-on-publish N]

The passphrase comes from RELAPP_PASSPHRASE. Each record is printed as "SAVED <id>" once
its transaction has committed, each sync as "SYNCED <sent> <bundles>". With --die-at the
process SIGKILLs itself inside the N-th publish of this run: with a complete temporary file
not yet linked (before-link), halfway through writing the temporary (mid-write), or just
after the final name appeared but before the vault recorded it (after-link).
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from relapp import files as files_module  # noqa: E402
from relapp.services import team as team_service  # noqa: E402
from relapp.services.profile import unlock_profile  # noqa: E402
from relapp.sync import publish as publish_module  # noqa: E402


def die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def arm(point: str, on_publish: int) -> None:
    """Make the on_publish-th call of publish() kill this process at point."""
    real_publish = publish_module.publish
    real_link = os.link
    real_fdopen = os.fdopen
    state = {"calls": 0, "armed": False}

    def link(src, dst, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if state["armed"] and point == "before-link":
            die()
        result = real_link(src, dst, *args, **kwargs)
        if state["armed"] and point == "after-link":
            die()
        return result

    class HalfWriter:
        def __init__(self, handle) -> None:  # noqa: ANN001
            self.handle = handle

        def __enter__(self):  # noqa: ANN204
            return self

        def __exit__(self, *exc) -> None:  # noqa: ANN002
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            die()
            return 0

        def __getattr__(self, name: str):  # noqa: ANN204
            return getattr(self.handle, name)

    def fdopen(fd, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        handle = real_fdopen(fd, *args, **kwargs)
        if state["armed"] and point == "mid-write":
            return HalfWriter(handle)
        return handle

    def publish(folder, name, data):  # noqa: ANN001, ANN202
        state["calls"] += 1
        state["armed"] = state["calls"] == on_publish and name.endswith(".rlb")
        try:
            return real_publish(folder, name, data)
        finally:
            state["armed"] = False

    # publish() writes and links through relapp.files
    files_module.os.link = link  # type: ignore[assignment]
    files_module.os.fdopen = fdopen  # type: ignore[assignment]
    import relapp.sync.engine as engine

    engine.publish = publish  # type: ignore[assignment]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("profile", type=Path)
    parser.add_argument("--records", type=int, default=0, help="0: until killed")
    parser.add_argument("--sync-every", type=int, default=2)
    parser.add_argument("--die-at", choices=("before-link", "mid-write", "after-link"))
    parser.add_argument("--die-on-publish", type=int, default=1)
    args = parser.parse_args()
    if args.die_at:
        arm(args.die_at, args.die_on_publish)
    session = unlock_profile(args.profile, os.environ["RELAPP_PASSPHRASE"])
    print("READY", flush=True)
    count = 0
    while args.records == 0 or count < args.records:
        record = session.records.save(
            "family",
            {"reference": f"W-{count}", "display_name": f"Writer family {secrets.token_hex(4)}"},
        )
        print(f"SAVED {record.id}", flush=True)
        count += 1
        if count % args.sync_every == 0:
            report = team_service.sync_once(session)
            if report.status != "ok" or report.quarantined:
                print(f"PROBLEM {report.status} {report.quarantined}", flush=True)
            print(f"SYNCED {report.sent} {report.bundles_written}", flush=True)
    report = team_service.sync_once(session)
    print(f"SYNCED {report.sent} {report.bundles_written}", flush=True)
    session.close()
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
