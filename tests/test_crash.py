"""A writer killed with SIGKILL mid-stream loses nothing it reported as saved."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from relapp.store.vault import Vault
from tests.conftest import raw_connect

PASSPHRASE = "kettle orbit meadow lantern"  # as in conftest
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
KILL_AFTER = 300
TOTAL = 1000

WRITER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from relapp.store.vault import Vault

    vault = Vault.open(Path(sys.argv[1]))
    vault.unlock(os.environ["RELAPP_PASSPHRASE"])
    print("ready", flush=True)
    for i in range(int(sys.argv[2])):
        rec = vault.put("family", {"reference": f"C-{i}", "display_name": f"Crash family {i}",
                                   "notes": "x" * (i % 700)})
        print(rec.id, flush=True)
    print("done", flush=True)
    """
)


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_sigkill_mid_write_loses_no_committed_record(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    v, _ = Vault.create(folder, "Sam", "practitioner", PASSPHRASE)
    before = v.put("family", {"reference": "B-0", "display_name": "Written before the crash"})
    v.close()

    env = {**os.environ, "RELAPP_PASSPHRASE": PASSPHRASE, "RELAPP_INSECURE_FAST_KDF": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), str(TOTAL)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    import fcntl  # POSIX only, like the test

    if hasattr(fcntl, "F_SETPIPE_SZ"):
        # A one-page pipe keeps the writer close behind our reading, so it is still writing
        # (not already finished) when the kill lands, however busy this machine is.
        assert proc.stdout is not None
        fcntl.fcntl(proc.stdout.fileno(), fcntl.F_SETPIPE_SZ, 4096)
    seen: list[str] = []
    deadline = time.monotonic() + 60
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline().strip()
        assert first == "ready", proc.stderr.read() if proc.stderr else first
        while len(seen) < KILL_AFTER:
            assert time.monotonic() < deadline, "the writer is far too slow"
            line = proc.stdout.readline()
            assert line, f"writer ended early: {proc.stderr.read() if proc.stderr else ''}"
            seen.append(line.strip())
        os.kill(proc.pid, signal.SIGKILL)
        rest, _err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the writer finished before it could be killed"
    # Lines already in the pipe when the kill landed were committed too; a torn last line
    # (if any) names nothing and is ignored.
    seen += [line.strip() for line in rest.splitlines()]
    committed = [line for line in seen if UUID.match(line)]
    assert "done" not in seen
    assert KILL_AFTER <= len(committed) < TOTAL
    assert len(set(committed)) == len(committed)

    db = folder / "vault.sqlite3"
    conn = raw_connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()

    v = Vault.open(folder)
    try:
        v.unlock(PASSPHRASE)
        assert v.integrity_ok()
        for i, rid in enumerate(committed):
            rec = v.get(rid)
            assert rec.data["display_name"] == f"Crash family {i}"
            assert rec.version == 1
        assert v.get(before.id).data["display_name"] == "Written before the crash"
        listed = v.list("family")
        assert all(r.error is None for r in listed)
        # At most the one transaction in flight at the kill may have landed unreported.
        assert len(committed) + 1 <= len(listed) <= len(committed) + 2
        # The vault is still writable after recovery.
        v.put("family", {"reference": "A-1", "display_name": "After the crash"})
    finally:
        v.close()
