"""The release workflow (.github/workflows/release.yml) runs on Windows and macOS runners, not
here: these checks keep it from drifting from the files it builds and the README's tests."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.conftest import POSIX_MODES_ONLY

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def commands(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_the_suite_runs_on_windows_and_macos_as_the_readme_runs_it() -> None:
    flow = workflow()
    assert flow["jobs"]["tests"]["strategy"]["matrix"]["os"] == ["windows-latest", "macos-latest"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    readme_test = re.search(
        r"^    python3 -m venv .venv && .*?'(\.\[test\])' && \.venv/bin/(pytest.*)$", readme, re.M
    )
    assert readme_test, "README.md has no test command"
    run = commands(flow["jobs"]["tests"])
    assert f'pip install -e "{readme_test.group(1)}"' in run
    assert f"python -m {readme_test.group(2)}" in run


def test_every_file_the_builds_name_exists() -> None:
    flow = workflow()
    named = re.findall(r"packaging[\\/][\w\\/.-]+\.(?:spec|iss)", commands(flow["jobs"]["windows"]))
    named += re.findall(r"packaging/[\w/.-]+\.spec", commands(flow["jobs"]["macos"]))
    assert len(named) == 3
    for name in named:
        assert (ROOT / name.replace("\\", "/")).is_file(), name
    # The installer's name as relapp.iss makes it, as the workflow installs and uploads it.
    iss = (ROOT / "packaging/windows/relapp.iss").read_text(encoding="utf-8")
    assert "OutputBaseFilename=relapp-{#AppVersion}-windows-x64-setup" in iss
    assert "relapp-$env:VERSION-windows-x64-setup.exe" in commands(flow["jobs"]["windows"])
    # Builds start only after the suite has passed on their system.
    assert flow["jobs"]["windows"]["needs"] == flow["jobs"]["macos"]["needs"] == "tests"


def test_the_tests_kept_off_windows_exist_and_say_why() -> None:
    for node in POSIX_MODES_ONLY:
        path, name = node.split("::")
        source = (ROOT / path).read_text(encoding="utf-8")
        assert f"def {name}(" in source, node
        body = source.split(f"def {name}(", 1)[1].split("\ndef ", 1)[0]
        assert re.search(r"st_mode|chmod", body), f"{node} no longer checks permission bits"
