"""The wheel carries resources/ and works outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (found,) = out.glob("relapp-*.whl")
    return found


def test_wheel_contains_the_resources(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {
        p.relative_to(ROOT / "resources").as_posix()
        for p in (ROOT / "resources").rglob("*")
        if p.is_file()
    }
    assert shipped, "resources/ is empty"
    for name in shipped:
        assert f"relapp/_resources/{name}" in names
    assert not any(n.startswith("tests/") for n in names)


def test_installed_wheel_finds_its_resources_and_passes_doctor(wheel: Path, tmp_path: Path):
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    env = {
        **os.environ,
        "PYTHONPATH": str(target),  # ahead of the editable checkout on sys.path
        "QT_QPA_PLATFORM": "offscreen",
        "RELAPP_LOG_DIR": str(tmp_path / "logs"),
    }
    script = (
        "import relapp, relapp.assets as a; "
        "from relapp.services.profile import load_shipped_definitions as l; "
        "d = l(); print(relapp.__file__); print(a.resources_dir()); print(len(d.instruments))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out[0].startswith(str(target))
    assert out[1] == str(target / "relapp" / "_resources")
    assert int(out[2]) >= 3
    doctor = subprocess.run(
        [sys.executable, "-m", "relapp", "--profile", str(tmp_path / "p"), "doctor"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert str(target / "relapp" / "_resources") in doctor.stdout


def test_the_version_in_the_code_matches_pyproject() -> None:
    import tomllib

    import relapp

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert relapp.__version__ == project["version"]
