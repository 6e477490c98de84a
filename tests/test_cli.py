"""The `relapp` command, run as a real subprocess: outputs, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from relapp import __version__
from relapp.store.keyfile import KEYS_NAME
from tests.conftest import raw_connect, vault_key

pytestmark = pytest.mark.slow

PASSPHRASE = "kettle orbit meadow lantern"  # as in conftest
NEW_PASSPHRASE = "violet harbour copper thistle"
CODE = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){7}\b")


class Cli:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.logs = tmp_path / "logs"
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k
            not in (
                "RELAPP_PASSPHRASE",
                "RELAPP_NEW_PASSPHRASE",
                "RELAPP_PROFILE",
                "RELAPP_RECOVERY_CODE",
            )
        }
        self.env.update(
            RELAPP_INSECURE_FAST_KDF="1",
            RELAPP_LOG_DIR=str(self.logs),
            QT_QPA_PLATFORM="offscreen",
        )

    def run(
        self, *args: str, passphrase: str | None = None, **env: str
    ) -> subprocess.CompletedProcess[str]:
        full_env = dict(self.env, **env)
        if passphrase is not None:
            full_env["RELAPP_PASSPHRASE"] = passphrase
        return subprocess.run(
            [sys.executable, "-m", "relapp", *args],
            cwd=self.tmp,
            env=full_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def init(self, profile: Path, name: str = "Sam Carter", role: str = "practitioner") -> str:
        result = self.run(
            "--profile", str(profile), "init", "--name", name, "--role", role, passphrase=PASSPHRASE
        )
        assert result.returncode == 0, result.stderr
        match = CODE.search(result.stdout)
        assert match, result.stdout
        return match.group(0)


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("relapp: ")
    return lines[0]


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


def test_version(cli: Cli) -> None:
    result = cli.run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"relapp {__version__}"


def test_init_prints_a_recovery_code_once(cli: Cli, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    code = cli.init(profile)
    assert (profile / "vault.sqlite3").is_file()
    assert stat.S_IMODE(profile.stat().st_mode) == 0o700
    again = cli.run(
        "--profile",
        str(profile),
        "init",
        "--name",
        "Sam",
        "--role",
        "practitioner",
        passphrase=PASSPHRASE,
    )
    line = assert_one_line_error(again)
    assert "already a Relapp profile" in line
    assert code not in again.stdout + again.stderr


def test_init_refuses_weak_passphrase_with_guidance(cli: Cli, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    line = assert_one_line_error(
        cli.run(
            "--profile",
            str(profile),
            "init",
            "--name",
            "Sam",
            "--role",
            "practitioner",
            passphrase="short",
        )
    )
    assert "at least 12 characters" in line
    line = assert_one_line_error(
        cli.run(
            "--profile",
            str(profile),
            "init",
            "--name",
            "Sam",
            "--role",
            "practitioner",
            passphrase="password1234",
        )
    )
    assert "too easy to guess" in line
    assert not (profile / "vault.sqlite3").exists()


def test_init_without_any_passphrase_source(cli: Cli, tmp_path: Path) -> None:
    line = assert_one_line_error(
        cli.run("--profile", str(tmp_path / "p"), "init", "--name", "Sam", "--role", "supervisor")
    )
    assert "RELAPP_PASSPHRASE" in line


def test_init_in_a_cloud_folder(cli: Cli, tmp_path: Path) -> None:
    line = assert_one_line_error(
        cli.run(
            "--profile",
            str(tmp_path / "Dropbox" / "relapp"),
            "init",
            "--name",
            "Sam",
            "--role",
            "practitioner",
            passphrase=PASSPHRASE,
        )
    )
    assert "cloud-synced" in line


def test_wrong_passphrase_is_one_line(cli: Cli, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    cli.init(profile)
    families = tmp_path / "families.csv"
    families.write_text("reference,display_name\nNS-1,Smith family\n", encoding="utf-8")
    assert (
        cli.run(
            "--profile", str(profile), "import", str(families), passphrase=PASSPHRASE
        ).returncode
        == 0
    )

    def rows() -> list[object]:
        conn = raw_connect(profile / "vault.sqlite3", key=key)
        try:
            return [
                conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
                for table in ("records", "record_versions", "meta")
            ] + [json.loads((profile / KEYS_NAME).read_text())["slots"]]
        finally:
            conn.close()

    key = vault_key(profile)

    before = rows()
    backups = sorted(p.name for p in (profile / "backups").iterdir())
    for verb in (["export"], ["import", str(families)], ["passphrase", "change"]):
        line = assert_one_line_error(
            cli.run(
                "--profile",
                str(profile),
                *verb,
                passphrase="not the right one at all",
                RELAPP_NEW_PASSPHRASE=NEW_PASSPHRASE,
            )
        )
        assert "not right" in line
    assert rows() == before
    assert sorted(p.name for p in (profile / "backups").iterdir()) == backups

    # Three wrong guesses in separate processes were all counted: the next try must wait.
    def failures() -> int:
        return json.loads((profile / KEYS_NAME).read_text())["attempts"]["failures"]

    assert failures() == 3
    time.sleep(1.2)
    assert cli.run("--profile", str(profile), "export", passphrase=PASSPHRASE).returncode == 0
    assert failures() == 0


def test_passphrase_file_is_read(cli: Cli, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    cli.init(profile)
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    result = cli.run("--profile", str(profile), "--passphrase-file", str(secret), "export")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["records"] == []
    line = assert_one_line_error(
        cli.run("--profile", str(profile), "--passphrase-file", str(tmp_path / "nope"), "export")
    )
    assert "Cannot read" in line


def test_missing_profile(cli: Cli, tmp_path: Path) -> None:
    line = assert_one_line_error(
        cli.run("--profile", str(tmp_path / "nothing-here"), "export", passphrase=PASSPHRASE)
    )
    assert "no Relapp profile" in line
    assert not (tmp_path / "nothing-here").exists()


def test_damaged_profile_file(cli: Cli, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    profile.mkdir(mode=0o700)
    (profile / "vault.sqlite3").write_bytes(b"definitely not a database" * 50)
    line = assert_one_line_error(
        cli.run("--profile", str(profile), "export", passphrase=PASSPHRASE)
    )
    assert "damaged" in line


def test_unknown_verb_and_bad_usage(cli: Cli) -> None:
    line = assert_one_line_error(cli.run("frobnicate"), code=2)
    assert "frobnicate" in line
    assert_one_line_error(cli.run("init", "--name", "Sam"), code=2)  # --role missing
    assert_one_line_error(cli.run("export", "--format", "xml"), code=2)


def test_export_import_between_profiles(cli: Cli, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    cli.init(first)
    cli.init(second, name="Jo Reid", role="supervisor")
    families = tmp_path / "families.csv"
    families.write_text(
        "reference,display_name,members\n"
        'NS-1,Smith family,"Anna Smith (mother, 1990); Leo (child, 2021)"\n'
        "NS-2,Jones family,\n",
        encoding="utf-8",
    )
    result = cli.run("--profile", str(first), "import", str(families), passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert "2 added, 0 updated, 0 unchanged" in result.stdout

    out = tmp_path / "export.json"
    result = cli.run("--profile", str(first), "export", "--out", str(out), passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "not encrypted" in result.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(r["data"]["reference"] for r in doc["records"]) == ["NS-1", "NS-2"]

    stdout_export = cli.run("--profile", str(first), "export", passphrase=PASSPHRASE)
    assert stdout_export.returncode == 0
    assert stdout_export.stdout == out.read_text(encoding="utf-8")

    result = cli.run("--profile", str(second), "import", str(out), passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert "2 added" in result.stdout
    again = cli.run("--profile", str(second), "export", passphrase=PASSPHRASE)
    # The same records under new ids: another profile's ids are never reused.
    theirs, ours = json.loads(again.stdout)["records"], doc["records"]
    assert sorted(json.dumps(r["data"], sort_keys=True) for r in theirs) == sorted(
        json.dumps(r["data"], sort_keys=True) for r in ours
    )
    assert not {r["id"] for r in theirs} & {r["id"] for r in ours}

    csv_dir = tmp_path / "csv"
    result = cli.run(
        "--profile",
        str(second),
        "export",
        "--format",
        "csv",
        "--out",
        str(csv_dir),
        passphrase=PASSPHRASE,
    )
    assert result.returncode == 0, result.stderr
    assert "Smith family" in (csv_dir / "family.csv").read_text(encoding="utf-8")
    line = assert_one_line_error(
        cli.run("--profile", str(second), "export", "--format", "csv", passphrase=PASSPHRASE)
    )
    assert "--out" in line


def test_bad_import_files(cli: Cli, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    cli.init(profile)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text(
        json.dumps(
            {
                "format": "relapp-export",
                "version": 1,
                "records": [
                    {"kind": "family", "data": {"reference": "A", "display_name": "A"}},
                    {"kind": "family", "data": {"reference": "B"}},
                ],
            }
        ),
        encoding="utf-8",
    )
    line = assert_one_line_error(
        cli.run("--profile", str(profile), "import", str(bad_json), passphrase=PASSPHRASE)
    )
    assert "records[1]" in line and "display_name" in line

    bad_csv = tmp_path / "families.csv"
    bad_csv.write_text("reference,display_name\nA,\n", encoding="utf-8")
    line = assert_one_line_error(
        cli.run("--profile", str(profile), "import", str(bad_csv), passphrase=PASSPHRASE)
    )
    assert "row 2, column display_name" in line

    nested = tmp_path / "nested.json"
    nested.write_text("[" * 100_000, encoding="utf-8")
    assert_one_line_error(
        cli.run("--profile", str(profile), "import", str(nested), passphrase=PASSPHRASE)
    )
    binary = tmp_path / "photo.json"
    binary.write_bytes(bytes(range(256)) * 100)
    assert "UTF-8" in assert_one_line_error(
        cli.run("--profile", str(profile), "import", str(binary), passphrase=PASSPHRASE)
    )
    assert_one_line_error(
        cli.run(
            "--profile",
            str(profile),
            "import",
            str(tmp_path / "missing.json"),
            passphrase=PASSPHRASE,
        )
    )
    export = cli.run("--profile", str(profile), "export", passphrase=PASSPHRASE)
    assert json.loads(export.stdout)["records"] == []
    assert not (profile / "backups").exists() or not any(
        "before-import" in p.name for p in (profile / "backups").iterdir()
    )


def test_passphrase_change(cli: Cli, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    code = cli.init(profile)
    line = assert_one_line_error(
        cli.run(
            "--profile",
            str(profile),
            "passphrase",
            "change",
            passphrase=PASSPHRASE,
            RELAPP_NEW_PASSPHRASE="weak",
        )
    )
    assert "12 characters" in line
    assert cli.run("--profile", str(profile), "export", passphrase=PASSPHRASE).returncode == 0

    result = cli.run(
        "--profile",
        str(profile),
        "passphrase",
        "change",
        passphrase=PASSPHRASE,
        RELAPP_NEW_PASSPHRASE=NEW_PASSPHRASE,
    )
    assert result.returncode == 0, result.stderr
    assert "Passphrase changed" in result.stdout
    assert_one_line_error(cli.run("--profile", str(profile), "export", passphrase=PASSPHRASE))
    assert cli.run("--profile", str(profile), "export", passphrase=NEW_PASSPHRASE).returncode == 0
    # The recovery code still works after a passphrase change.
    code_file = tmp_path / "code.txt"
    code_file.write_text(code + "\n", encoding="utf-8")
    result = cli.run(
        "--profile",
        str(profile),
        "recover",
        "--code-file",
        str(code_file),
        RELAPP_NEW_PASSPHRASE=PASSPHRASE,
    )
    assert result.returncode == 0, result.stderr


def test_recover_with_code_file(cli: Cli, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    code = cli.init(profile)
    typo = code[:5] + ("A" if code[5] != "A" else "B") + code[6:]
    typo_file = tmp_path / "typo.txt"
    typo_file.write_text(typo, encoding="utf-8")
    line = assert_one_line_error(
        cli.run(
            "--profile",
            str(profile),
            "recover",
            "--code-file",
            str(typo_file),
            RELAPP_NEW_PASSPHRASE=NEW_PASSPHRASE,
        )
    )
    assert "typing mistake" in line

    code_file = tmp_path / "code.txt"
    code_file.write_text(code + "\n", encoding="utf-8")
    result = cli.run(
        "--profile",
        str(profile),
        "recover",
        "--code-file",
        str(code_file),
        "--new-code",
        RELAPP_NEW_PASSPHRASE=NEW_PASSPHRASE,
    )
    assert result.returncode == 0, result.stderr
    assert "new passphrase is set" in result.stdout
    new_code = CODE.search(result.stdout)
    assert new_code and new_code.group(0) != code

    assert_one_line_error(cli.run("--profile", str(profile), "export", passphrase=PASSPHRASE))
    assert cli.run("--profile", str(profile), "export", passphrase=NEW_PASSPHRASE).returncode == 0
    # --new-code retired the old code.
    line = assert_one_line_error(
        cli.run(
            "--profile",
            str(profile),
            "recover",
            "--code-file",
            str(code_file),
            RELAPP_NEW_PASSPHRASE=PASSPHRASE,
        )
    )
    assert "another profile" in line


def test_backups_list_and_restore(cli: Cli, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    cli.init(profile)
    result = cli.run("--profile", str(profile), "backups", "list")
    assert result.returncode == 0 and "No backups yet" in result.stdout

    first = tmp_path / "one.csv"
    first.write_text("reference,display_name\nNS-1,Smith family\n", encoding="utf-8")
    assert (
        cli.run("--profile", str(profile), "import", str(first), passphrase=PASSPHRASE).returncode
        == 0
    )
    second = tmp_path / "two.csv"
    second.write_text("reference,display_name\nNS-2,Jones family\n", encoding="utf-8")
    assert (
        cli.run("--profile", str(profile), "import", str(second), passphrase=PASSPHRASE).returncode
        == 0
    )

    listing = cli.run("--profile", str(profile), "backups", "list")
    assert listing.returncode == 0, listing.stderr
    rows = [line.split("\t") for line in listing.stdout.splitlines()]
    names = [r[0] for r in rows]
    reasons = [r[2] for r in rows]
    assert reasons[0] == "before-import"  # newest first: taken before the second import
    # The backup before the second import holds only the first family.
    result = cli.run(
        "--profile", str(profile), "backups", "restore", names[0], passphrase=PASSPHRASE
    )
    assert result.returncode == 0, result.stderr
    export = json.loads(cli.run("--profile", str(profile), "export", passphrase=PASSPHRASE).stdout)
    assert [r["data"]["reference"] for r in export["records"]] == ["NS-1"]
    listing = cli.run("--profile", str(profile), "backups", "list").stdout
    assert "before-restore" in listing

    assert "no backup called" in assert_one_line_error(
        cli.run("--profile", str(profile), "backups", "restore", "vault-nope.sqlite3")
    )
    assert_one_line_error(cli.run("--profile", str(profile), "backups", "restore"))


def test_doctor_on_a_healthy_profile(cli: Cli, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    cli.init(profile)
    result = cli.run("--profile", str(profile), "doctor", passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FAIL" not in result.stdout
    assert "[ok  ] profile" in result.stdout and "integrity ok" in result.stdout
    # Without a passphrase at hand the encrypted database cannot be checked, and it says so.
    result = cli.run("--profile", str(profile), "doctor")
    assert result.returncode == 0 and "give the passphrase" in result.stdout


def test_doctor_reports_a_readable_profile_folder(cli: Cli, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    cli.init(profile)
    os.chmod(profile, 0o755)
    result = cli.run("--profile", str(profile), "doctor")
    assert result.returncode == 1
    assert "[FAIL] profile" in result.stdout and "chmod 700" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


# ---- nothing in clear on disk ---------------------------------------------------------------


SENTINELS = {
    "name": "OKAPI-SENTINEL-4410",
    "display_name": "ZEBRA-SENTINEL-7731",
    "member": "GIRAFFE-SENTINEL-2290",
    "section": "PANGOLIN-SENTINEL-5518",
    "notes": "NARWHAL-SENTINEL-0093",
}


def test_no_sentinel_reaches_the_disk_in_clear(cli: Cli, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    outside = tmp_path / "outside"  # where the (plain) import files live
    outside.mkdir()
    cli.init(profile, name=f"Sam {SENTINELS['name']}")
    doc = {
        "format": "relapp-export",
        "version": 1,
        "records": [
            {
                "id": "fam-sentinel",
                "kind": "family",
                "data": {
                    "reference": "S-1",
                    "display_name": SENTINELS["display_name"],
                    "members": [
                        {"name": SENTINELS["member"], "role": "mother", "birth_year": 1990}
                    ],
                    "notes": SENTINELS["notes"],
                },
            },
            {
                "id": "refl-sentinel",
                "kind": "reflection",
                "data": {
                    "family_id": "fam-sentinel",
                    "template_id": "free-text",
                    "status": "draft",
                    "sections": {"reflection": f"Thinking about {SENTINELS['section']}."},
                },
            },
        ],
    }
    import_path = outside / "in.json"
    import_path.write_text(json.dumps(doc), encoding="utf-8")
    result = cli.run("--profile", str(profile), "import", str(import_path), passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stderr

    export = cli.run("--profile", str(profile), "export", passphrase=PASSPHRASE)
    assert export.returncode == 0
    for value in SENTINELS.values():
        if value != SENTINELS["name"]:
            assert value in export.stdout  # the check below could fail: the data is there

    # Edit it (a second version), change the passphrase, fail an import, back up and restore.
    doc["records"][0]["data"]["display_name"] = SENTINELS["display_name"] + " (edited)"
    import_path.write_text(json.dumps(doc), encoding="utf-8")
    assert (
        cli.run(
            "--profile", str(profile), "import", str(import_path), passphrase=PASSPHRASE
        ).returncode
        == 0
    )
    assert (
        cli.run(
            "--profile",
            str(profile),
            "passphrase",
            "change",
            passphrase=PASSPHRASE,
            RELAPP_NEW_PASSPHRASE=NEW_PASSPHRASE,
        ).returncode
        == 0
    )
    bad_csv = outside / "families.csv"
    bad_csv.write_text(
        f"reference,display_name,members\nS-2,{SENTINELS['display_name']},"
        f"{SENTINELS['member']} (father; x)\nS-3,,\n",
        encoding="utf-8",
    )
    assert_one_line_error(
        cli.run("--profile", str(profile), "import", str(bad_csv), passphrase=NEW_PASSPHRASE)
    )
    assert_one_line_error(
        cli.run("--profile", str(profile), "export", passphrase=SENTINELS["name"])
    )
    listing = cli.run("--profile", str(profile), "backups", "list").stdout
    name = listing.splitlines()[0].split("\t")[0]
    assert (
        cli.run(
            "--profile", str(profile), "backups", "restore", name, passphrase=NEW_PASSPHRASE
        ).returncode
        == 0
    )
    assert cli.run("--profile", str(profile), "doctor").returncode == 0

    files = [p for root in (profile, cli.logs) for p in root.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert "vault.sqlite3" in names
    assert any(p.parent.name == "backups" for p in files)
    assert "relapp.log" in names
    assert stat.S_IMODE((cli.logs / "relapp.log").stat().st_mode) == 0o600
    assert stat.S_IMODE(cli.logs.stat().st_mode) == 0o700
    for path in files:
        data = path.read_bytes()
        for value in SENTINELS.values():
            assert value.encode("utf-8") not in data, f"{value} in clear in {path}"
            assert value.lower().encode("utf-8") not in data.lower(), f"{value} in {path}"
        for part in path.parts:
            assert "SENTINEL" not in part
        if profile in path.parents and path.name != "vault.keys":
            # The database, its WAL and every backup are encrypted as a whole: not even the
            # record kinds or table names can be read.
            assert not data.startswith(b"SQLite format 3"), path
            assert b"record_versions" not in data and b"family" not in data, path


def test_doctor_flags_a_profile_made_with_test_strength_key_derivation(
    cli: Cli, tmp_path: Path
) -> None:
    profile = tmp_path / "weak"
    cli.init(profile)  # with RELAPP_INSECURE_FAST_KDF=1, as tests and demos do
    assert cli.run("--profile", str(profile), "doctor").returncode == 0
    # The same profile on a real install (no test setting) is flagged, with what to do.
    result = cli.run("--profile", str(profile), "doctor", RELAPP_INSECURE_FAST_KDF="0")
    assert result.returncode == 1 and "passphrase change" in result.stdout


def test_an_old_profile_upgrades_on_the_command_line_saying_how_far_it_is(tmp_path) -> None:
    """The real schema-6 profile, opened by `relapp audit`: the records are rewritten with
    the count on stderr, and the command then works on the upgraded profile (whose damaged
    record an export refuses by name, as before the upgrade)."""
    import os
    import shutil

    from tests.conftest import relapp_command
    from tests.test_vault import FIXTURES

    folder = tmp_path / "old"
    shutil.copytree(FIXTURES / "vault-v6", folder)
    os.chmod(folder, 0o700)
    done = relapp_command(folder, tmp_path, "audit", RELAPP_PASSPHRASE="fixture passphrase six")
    assert done.returncode == 0, done.stderr
    assert "Upgrading this profile's records… 11 of 11" in done.stderr
    assert "unlock" in done.stdout
    again = relapp_command(folder, tmp_path, "audit", RELAPP_PASSPHRASE="fixture passphrase six")
    assert again.returncode == 0 and "Upgrading" not in again.stderr  # once only
    refused = relapp_command(
        folder,
        tmp_path,
        "export",
        "--out",
        str(tmp_path / "out"),
        RELAPP_PASSPHRASE="fixture passphrase six",
    )
    assert refused.returncode != 0 and "could not be opened" in refused.stderr
