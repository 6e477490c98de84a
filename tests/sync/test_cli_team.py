"""The team and sync verbs, run as real processes against a real shared folder."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import PASSPHRASE


def run(tmp_path: Path, *args: str, env_extra: dict[str, str] | None = None):
    env = {
        **os.environ,
        "RELAPP_INSECURE_FAST_KDF": "1",
        "RELAPP_PASSPHRASE": PASSPHRASE,
        "RELAPP_LOG_DIR": str(tmp_path / "logs"),
        "QT_QPA_PLATFORM": "offscreen",
        **(env_extra or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "relapp", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_create_join_approve_sync_and_recover(tmp_path: Path):
    shared = tmp_path / "shared"
    shared.mkdir()
    sup, alex = str(tmp_path / "sup"), str(tmp_path / "alex")
    assert (
        run(tmp_path, "--profile", sup, "init", "--name", "Pat", "--role", "supervisor").returncode
        == 0
    )
    created = run(
        tmp_path,
        "--profile",
        sup,
        "team",
        "create",
        "--folder",
        str(shared),
        "--name",
        "Early Help North",
    )
    assert created.returncode == 0, created.stderr
    org_code = re.search(r"^\s+([0-9A-Z]{4}(?:-[0-9A-Z]{4}){13})$", created.stdout, re.M).group(1)

    assert (
        run(
            tmp_path, "--profile", alex, "init", "--name", "Alex", "--role", "practitioner"
        ).returncode
        == 0
    )
    joined = run(tmp_path, "--profile", alex, "team", "join", "--folder", str(shared))
    assert joined.returncode == 0, joined.stderr
    waiting = run(tmp_path, "--profile", alex, "sync")
    assert waiting.returncode == 3 and "approve" in waiting.stdout

    listed = run(tmp_path, "--profile", sup, "team", "requests")
    request_id, name, role = listed.stdout.strip().split("\t")
    assert (name, role) == ("Alex", "practitioner")
    approved = run(
        tmp_path, "--profile", sup, "team", "approve", request_id, "--role", "practitioner"
    )
    assert approved.returncode == 0, approved.stderr

    families = tmp_path / "families.csv"
    families.write_text("reference,display_name\nEH-9,The Wren family\n")
    assert run(tmp_path, "--profile", alex, "import", str(families)).returncode == 0
    sent = run(tmp_path, "--profile", alex, "sync")
    assert sent.returncode == 0 and "sent 1" in sent.stdout
    received = run(tmp_path, "--profile", sup, "sync")
    assert "received 1" in received.stdout
    exported = json.loads(run(tmp_path, "--profile", sup, "export").stdout)
    assert [r["data"]["display_name"] for r in exported["records"]] == ["The Wren family"]

    shown = run(tmp_path, "--profile", sup, "team", "show")
    assert "Alex" in shown.stdout and "Pat (you)" in shown.stdout

    recovered = run(
        tmp_path,
        "recover-team",
        "--folder",
        str(shared),
        env_extra={"RELAPP_ORG_RECOVERY_CODE": org_code},
    )
    assert recovered.returncode == 0, recovered.stderr
    assert "The Wren family" in recovered.stdout

    wrong = run(
        tmp_path,
        "recover-team",
        "--folder",
        str(shared),
        env_extra={
            "RELAPP_ORG_RECOVERY_CODE": org_code[:-1] + ("0" if org_code[-1] != "0" else "1")
        },
    )
    assert wrong.returncode == 1 and "typing mistake" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_sync_without_a_reachable_folder_says_so_in_one_line(tmp_path: Path):
    shared = tmp_path / "shared"
    shared.mkdir()
    sup = str(tmp_path / "sup")
    run(tmp_path, "--profile", sup, "init", "--name", "Pat", "--role", "supervisor")
    run(tmp_path, "--profile", sup, "team", "create", "--folder", str(shared), "--name", "T")
    shared.rename(tmp_path / "gone")
    result = run(tmp_path, "--profile", sup, "sync")
    assert result.returncode == 3
    assert "waiting" in result.stdout and "Traceback" not in result.stderr + result.stdout
    not_in_team = run(tmp_path, "--profile", str(tmp_path / "nobody"), "sync")
    assert not_in_team.returncode == 1 and "Traceback" not in not_in_team.stderr
