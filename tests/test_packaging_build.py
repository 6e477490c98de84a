"""The desktop packages (packaging/): quick checks of the pieces, and the real Linux build.

The build itself (packaging/linux/build.sh: PyInstaller, then its checks, then the tarball) reuses
this venv, adding PyInstaller to it from PyPI if missing, and takes a minute or more (several on
a slow machine): too slow for every CI run, so it runs only with RELAPP_BUILD_TESTS=1:

    RELAPP_BUILD_TESTS=1 .venv/bin/pytest -q tests/test_packaging_build.py
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
ICON_SIZES = (16, 32, 48, 64, 128, 256)
UNWANTED_QT = re.compile(
    r"Qt6?(WebEngine|3D|Multimedia|Quick|Qml|Bluetooth|Nfc|Sensors|SerialPort|Positioning|"
    r"Location|Designer|Pdf|Sql|NetworkAuth|RemoteObjects|Scxml|StateMachine|TextToSpeech|"
    r"WebSockets|HttpServer|SpatialAudio|DataVisualization|Graphs|Test|Network)"
)


@pytest.fixture(scope="module")
def common():
    sys.path.insert(0, str(PACKAGING / "pyinstaller"))
    try:
        import relapp_common

        yield relapp_common
    finally:
        sys.path.remove(str(PACKAGING / "pyinstaller"))


# ---- quick checks (every run) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", True),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        ("PySide6/Qt/lib/libQt6Core.so.6", True),  # not a plugin: left to slim_binaries
    ],
)
def test_the_specs_keep_only_the_qt_plugins_relapp_needs(common, dest: str, kept: bool) -> None:
    assert common.keep_plugin(dest) is kept


def test_the_specs_exclude_the_unused_qt_bindings_and_keep_the_used_ones(common) -> None:
    excluded = {m.split(".", 1)[1] for m in common.EXCLUDES if m.startswith("PySide6.")}
    assert {"QtWebEngineCore", "Qt3DCore", "QtMultimedia", "QtQuick", "QtQml", "QtPdf"} <= excluded
    assert "QtCharts" in excluded  # the charts are painted with QPainter
    assert not excluded & {"QtCore", "QtGui", "QtWidgets"}
    # Everything relapp imports from PySide6 must be left in.
    used = set()
    for path in (ROOT / "relapp").rglob("*.py"):
        used.update(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
        used.update(re.findall(r"from PySide6 import (Qt\w+)", path.read_text(encoding="utf-8")))
    assert used, "relapp imports nothing from PySide6?"
    assert not used & excluded, f"the specs exclude Qt modules relapp uses: {used & excluded}"


def test_all_three_specs_share_the_common_settings() -> None:
    for spec in ("pyinstaller/relapp.spec", "windows/relapp.spec", "macos/relapp.spec"):
        text = (PACKAGING / spec).read_text(encoding="utf-8")
        for needed in ("rc.ENTRY", "rc.datas()", "rc.EXCLUDES", "rc.slim_binaries(a.binaries)"):
            assert needed in text, f"{spec} does not use {needed}"
    assert "bundle_identifier=rc.APP_ID" in (PACKAGING / "macos/relapp.spec").read_text()
    assert "NSHighResolutionCapable" in (PACKAGING / "macos/relapp.spec").read_text()
    entry = (PACKAGING / "pyinstaller/relapp_main.py").read_text(encoding="utf-8")
    assert "from relapp.cli import main" in entry


def test_the_windows_installer_is_per_user_and_never_deletes_user_data() -> None:
    iss = (PACKAGING / "windows/relapp.iss").read_text(encoding="utf-8")
    assert re.search(r"^PrivilegesRequired=lowest$", iss, re.M)
    assert re.search(r"^DefaultDirName=\{localappdata\}\\Programs\\Relapp$", iss, re.M)
    assert re.search(r'^Name: "\{group\}\\Relapp"; Filename: "\{app\}\\relapp.exe"', iss, re.M)
    # No uninstall-time deletions at all; install-time ones only inside the program folder.
    assert not re.search(r"^\[UninstallDelete\]", iss, re.M)
    deletes = re.findall(r'^Type: \w+; Name: "([^"]*)"', iss, re.M)
    assert deletes and all(d.startswith("{app}\\") for d in deletes), deletes


def test_icons_render_at_every_size_and_as_ico_and_icns(tmp_path: Path) -> None:
    script = PACKAGING / "linux" / "render_icons.py"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [
            sys.executable,
            str(script),
            "--hicolor",
            str(tmp_path / "hicolor"),
            "--ico",
            str(tmp_path / "relapp.ico"),
            "--icns",
            str(tmp_path / "relapp.icns"),
        ],
        check=True,
        capture_output=True,
        env=env,
        timeout=120,
    )
    for size in ICON_SIZES:
        png = (tmp_path / f"hicolor/{size}x{size}/apps/org.relapp.Relapp.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (size, size)
    assert (tmp_path / "hicolor/scalable/apps/org.relapp.Relapp.svg").read_bytes() == (
        ROOT / "resources/icons/relapp.svg"
    ).read_bytes()
    ico = (tmp_path / "relapp.ico").read_bytes()
    assert struct.unpack("<HHH", ico[:6]) == (0, 1, 7)
    icns = (tmp_path / "relapp.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)


@pytest.mark.skipif(
    not shutil.which("desktop-file-validate"), reason="desktop-file-utils not installed"
)
def test_the_desktop_file_validates() -> None:
    subprocess.run(
        ["desktop-file-validate", str(PACKAGING / "linux/org.relapp.Relapp.desktop")], check=True
    )


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream not installed")
def test_the_appstream_metadata_validates(tmp_path: Path) -> None:
    text = (PACKAGING / "linux/org.relapp.Relapp.metainfo.xml.in").read_text(encoding="utf-8")
    metainfo = tmp_path / "org.relapp.Relapp.metainfo.xml"
    metainfo.write_text(text.replace("@VERSION@", VERSION).replace("@DATE@", "2026-01-01"))
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(metainfo)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


# ---- the real build (RELAPP_BUILD_TESTS=1) ----------------------------------------------

# The PyInstaller build (a module fixture) takes minutes on a slow machine.
pytestmark = pytest.mark.timeout(1800)

needs_build = pytest.mark.skipif(
    os.environ.get("RELAPP_BUILD_TESTS") != "1",
    reason="the PyInstaller build takes minutes; run with RELAPP_BUILD_TESTS=1",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not sys.platform.startswith("linux"):
        pytest.skip("build.sh builds the Linux package")
    dist = tmp_path_factory.mktemp("dist")
    work = tmp_path_factory.mktemp("work")
    command = ["bash", str(PACKAGING / "linux/build.sh"), "--dist", str(dist), "--work", str(work)]
    if sys.prefix != sys.base_prefix:  # reuse this venv: no downloads, much faster
        command += ["--venv", sys.prefix]
    result = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-6000:]
    print(result.stdout[-2500:])  # the measurements, shown with pytest -s
    return dist


def _frozen(built: Path, *args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "RELAPP_LOG_DIR": str(tmp_path / "logs"),
    }
    env.pop("RELAPP_PROFILE", None)
    return subprocess.run(
        [str(built / "relapp" / "relapp"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


@pytest.mark.slow
@needs_build
def test_the_built_app_reports_the_package_version(built: Path, tmp_path: Path) -> None:
    result = _frozen(built, "--version", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"relapp {VERSION}"


@pytest.mark.slow
@needs_build
def test_the_built_app_passes_doctor_offscreen(built: Path, tmp_path: Path) -> None:
    result = _frozen(built, "--profile", str(tmp_path / "profile"), "doctor", tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert str(built / "relapp" / "_internal" / "resources") in result.stdout
    assert "offscreen platform" in result.stdout


@pytest.mark.slow
@needs_build
def test_the_built_app_is_small_and_leaves_out_unused_qt(built: Path) -> None:
    app = built / "relapp"
    files = [p for p in app.rglob("*") if p.is_file() and not p.is_symlink()]
    size_mb = sum(p.stat().st_size for p in files) / 1e6
    assert size_mb <= 200, f"{size_mb:.0f} MB"
    names = [p.name for p in files]
    assert any(n.startswith("libQt6Charts") for n in names)
    assert any(n == "libqsvg.so" for n in names) and any(n == "libqxcb.so" for n in names)
    unwanted = sorted(n for n in names if n.startswith("libQt6") and UNWANTED_QT.match(n[3:]))
    assert not unwanted
    assert (app / "_internal" / "resources" / "instruments").is_dir()


@pytest.mark.slow
@needs_build
def test_the_tarball_holds_the_app_and_its_desktop_integration(built: Path) -> None:
    tarball = built / f"relapp-{VERSION}-linux-x86_64.tar.gz"
    if not tarball.exists():  # another architecture
        (tarball,) = built.glob(f"relapp-{VERSION}-linux-*.tar.gz")
    top = tarball.name.removesuffix(".tar.gz")
    with tarfile.open(tarball) as tar:
        names = set(tar.getnames())
    expected = {
        f"{top}/relapp/relapp",
        f"{top}/install.sh",
        f"{top}/share/applications/org.relapp.Relapp.desktop",
        f"{top}/share/metainfo/org.relapp.Relapp.metainfo.xml",
        f"{top}/share/icons/hicolor/scalable/apps/org.relapp.Relapp.svg",
    } | {f"{top}/share/icons/hicolor/{s}x{s}/apps/org.relapp.Relapp.png" for s in ICON_SIZES}
    assert expected <= names, sorted(expected - names)
