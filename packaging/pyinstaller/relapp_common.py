"""What the three PyInstaller specs (Linux, Windows, macOS) share, so they cannot drift apart.

A spec does ``sys.path.insert(0, <this folder>)`` and ``import relapp_common as rc``, then:

    a = Analysis([rc.ENTRY], pathex=[rc.ROOT], datas=rc.datas(), hiddenimports=rc.hiddenimports(),
                 excludes=rc.EXCLUDES, ...)
    a.binaries = rc.slim_binaries(a.binaries)
    a.datas = rc.slim_datas(a.datas)

Relapp uses QtCore, QtGui (QPdfWriter lives there) and QtWidgets, and Qt's SVG
support through the image-format and icon-engine plugins. Everything else that the
PySide6-Essentials wheel carries is left out: Python bindings by ``EXCLUDES``, Qt plugins by
``KEEP_PLUGINS``, the shared libraries that only the dropped plugins needed by ``slim_binaries``
(which keeps exactly what the kept extension modules and plugins link to), and Qt's unused
translations by ``slim_datas``.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]  # the checkout
ENTRY = str(HERE / "relapp_main.py")
APP_NAME = "Relapp"
APP_ID = "org.relapp.Relapp"
EXE_NAME = "relapp"


def version() -> str:
    """The version in pyproject.toml (what `relapp --version` must print)."""
    import tomllib

    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def render_icon(kind: str) -> str:
    """Render resources/icons/relapp.svg as build/icons/relapp.<kind> ('ico' or 'icns') with
    packaging/linux/render_icons.py, in this (the build venv's) Python, and return its path."""
    import subprocess

    target = ROOT / "build" / "icons" / f"relapp.{kind}"
    script = ROOT / "packaging" / "linux" / "render_icons.py"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, str(script), f"--{kind}", str(target)], check=True, env=env)
    return str(target)


# ---- Python modules ---------------------------------------------------------------------

# Qt bindings Relapp does not use. PyInstaller only freezes what is imported, but PySide6's own
# __init__ imports QtNetwork (for OpenSSL on Windows) and the hooks follow shared-library links,
# so the unused ones are named here to keep them out for good. QtDBus stays: the app locks
# with the desktop's screen through it (relapp.ui.system_lock).
UNUSED_QT = [
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtBluetooth", "QtCanvasPainter", "QtConcurrent", "QtDataVisualization",
    "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation",
    "QtMultimedia", "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc", "QtPdf",
    "QtPdfWidgets", "QtPositioning", "QtPrintSupport", "QtQml", "QtQuick", "QtQuick3D",
    "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml",
    "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine",
    "QtSvgWidgets", "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore",
    "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
    # The trend charts are painted with QPainter (relapp.ui.trend_paint), not QtCharts.
    "QtCharts",
    # The 9 MB of OpenGL bindings.
    "QtOpenGL", "QtOpenGLWidgets",
]
EXCLUDES = [f"PySide6.{m}" for m in UNUSED_QT] + [
    "tkinter", "_tkinter", "pydoc", "unittest", "test", "lib2to3", "idlelib", "ensurepip",
    "pytest", "_pytest", "pytestqt", "hypothesis", "mypy", "ruff",
]


def hiddenimports() -> list[str]:
    """Every relapp module, also those imported lazily or not yet wired into the UI."""
    from PyInstaller.utils.hooks import collect_submodules

    return collect_submodules("relapp", filter=lambda name: not name.endswith(".__main__"))


def datas() -> list[tuple[str, str]]:
    """resources/ as ``resources`` in the bundle (relapp.assets looks in sys._MEIPASS/resources;
    translations, when there are any, live in resources/i18n and come along), plus relapp's
    package metadata so ``relapp --version`` reports the real version."""
    from PyInstaller.utils.hooks import copy_metadata

    resources = ROOT / "resources"
    if not (resources / "instruments").is_dir():
        raise SystemExit(f"relapp spec: {resources} has no instruments/; is this a checkout?")
    return [(str(resources), "resources"), *copy_metadata("relapp")]


# ---- Qt plugins and shared libraries ----------------------------------------------------

# Plugin folder -> the plugins kept (file names without "lib"/extension); None keeps all of that
# folder; a folder not listed is dropped whole (eglfs/linuxfb/vnc devices, evdev input,
# networkinformation, tls, printsupport, sqldrivers, ...).
KEEP_PLUGINS: dict[str, set[str] | None] = {
    # offscreen: `relapp doctor`, tests, CI. xcb: X11 (and XWayland). wayland: Wayland sessions.
    # windows / cocoa: the other two platforms. minimal: a last resort for headless scripts.
    "platforms": {"qoffscreen", "qxcb", "qwayland", "qwindows", "qcocoa", "qminimal"},
    "platforms/darwin": None,
    # PNG and the usual formats are built into QtGui; these add SVG (icons) and ICO/ICNS.
    "imageformats": {"qsvg", "qico", "qicns", "qjpeg"},
    "iconengines": {"qsvgicon"},
    # The desktop portal gives native file dialogs on GNOME and KDE without bundling GTK
    # (the gtk3 theme plugin would drag a private copy of the GTK stack into the bundle).
    "platformthemes": {"qxdgdesktopportal"},
    # Dead keys, compose sequences and input methods (accents, other scripts).
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
    "styles": None,  # qmodernwindowsstyle on Windows; Fusion is built in
    "xcbglintegrations": None,
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": {"qt-plugin-wayland-egl", "shm-emulation-server"},
    "wayland-shell-integration": {"xdg-shell"},
    "accessiblebridge": None,
}

# On Linux, left to the system rather than bundled: every desktop has them, and a bundled copy
# that is older than the system's breaks the system's own libraries loaded into the process
# (Mesa's GL drivers need the newest libstdc++; fontconfig must read the system's fonts.conf).
LINUX_SYSTEM_LIBS = re.compile(
    r"^lib(stdc\+\+\.so\.6|gcc_s\.so\.1|fontconfig\.so\.1|freetype\.so\.6)$"
)

# Qt's own translations (qtbase_*.qm, 7 MB) are only used if the app installs a QTranslator for
# them; Relapp does not (its UI is English, its own translations would go in resources/i18n).
KEEP_QT_TRANSLATIONS = False

# Loaded by Qt at run time (dlopen/LoadLibrary) rather than linked; kept if the hooks bring them.
DYNAMICALLY_LOADED = re.compile(r"^(opengl32sw|d3dcompiler_\d+)\.dll$", re.IGNORECASE)
PYTHON_LIB = re.compile(r"^(lib)?python\d+(\.\d+)?(\.so.*|\.dll|\.dylib)?$|^Python$", re.IGNORECASE)


_DROPPED_FRAMEWORKS: set[str] = set()  # filled by slim_binaries, read by slim_datas


def _plugin_of(dest: str) -> tuple[str, str] | None:
    """('platforms', 'qxcb') for '.../plugins/platforms/libqxcb.so', else None."""
    parts = Path(dest).parts
    if "plugins" not in parts:
        return None
    i = len(parts) - 1 - parts[::-1].index("plugins")
    folder = "/".join(parts[i + 1 : -1])
    stem = parts[-1].split(".")[0]
    if stem.startswith("lib"):
        stem = stem[3:]
    return folder, stem


def keep_plugin(dest: str) -> bool:
    found = _plugin_of(dest)
    if found is None:
        return True
    folder, stem = found
    if folder not in KEEP_PLUGINS:
        return False
    wanted = KEEP_PLUGINS[folder]
    return wanted is None or stem in wanted


def _is_root(dest: str, typecode: str) -> bool:
    name = Path(dest).name
    return (
        typecode == "EXTENSION"
        or _plugin_of(dest) is not None
        or bool(PYTHON_LIB.match(name))
        or bool(DYNAMICALLY_LOADED.match(name))
    )


def slim_binaries(binaries, *, verbose: bool = True):  # noqa: ANN001, ANN201 - PyInstaller TOC
    """Drop unwanted Qt plugins, then every shared library no kept binary links to.

    PyInstaller's Analysis adds each plugin's link-time dependencies, so dropping a plugin alone
    would leave its libraries behind (libQt6Pdf for the PDF image plugin, libQt6Quick and
    libQt6Qml for the virtual keyboard, ...). Roots are the Python extension modules, the kept
    plugins and the Python library; a library stays if a root needs it, directly or not.
    Set RELAPP_SPEC_NO_SLIM=1 to build with everything the hooks found (for comparison).
    """
    if os.environ.get("RELAPP_SPEC_NO_SLIM") == "1":
        return binaries
    from PyInstaller.depend.bindepend import get_imports

    kept = [
        entry
        for entry in binaries
        if keep_plugin(entry[0])
        and not (sys.platform.startswith("linux") and LINUX_SYSTEM_LIBS.match(Path(entry[0]).name))
    ]
    by_name: dict[str, list] = {}
    for entry in kept:
        by_name.setdefault(Path(entry[0]).name, []).append(entry)
    search = sorted({str(Path(src).parent) for _dest, src, _type in kept})

    needed: set[str] = set()
    todo = [entry for entry in kept if _is_root(entry[0], entry[2])]
    needed.update(Path(entry[0]).name for entry in todo)
    while todo:
        _dest, src, _type = todo.pop()
        for name, _path in get_imports(src, search):
            base = Path(name).name  # macOS names look like @rpath/QtCore.framework/.../QtCore
            if base not in needed and base in by_name:
                needed.add(base)
                todo.extend(by_name[base])

    result = [entry for entry in kept if Path(entry[0]).name in needed]
    # macOS: remember the Qt frameworks whose binary went, so slim_datas drops their
    # Resources too (a framework folder without its binary breaks code signing).
    framework = re.compile(r"([^/]+)\.framework/")
    still = {m.group(1) for e in result if (m := framework.search(e[0].replace("\\", "/")))}
    _DROPPED_FRAMEWORKS.clear()
    _DROPPED_FRAMEWORKS.update(
        m.group(1)
        for e in binaries
        if (m := framework.search(e[0].replace("\\", "/"))) and m.group(1) not in still
    )
    if verbose:
        dropped = sorted({e[0] for e in binaries} - {e[0] for e in result})
        print(f"relapp spec: kept {len(result)} binaries, dropped {len(dropped)}:", file=sys.stderr)
        for dest in dropped:
            print(f"  - {dest}", file=sys.stderr)
    return result


def slim_datas(datas):  # noqa: ANN001, ANN201 - PyInstaller TOC
    """Leave out Qt's translations unless KEEP_QT_TRANSLATIONS (see above), and the resources of
    any macOS framework whose binary slim_binaries dropped. Call it after slim_binaries."""
    translations = re.compile(r"(^|/)PySide6/(Qt/)?translations/")
    result = []
    for entry in datas:
        dest = entry[0].replace("\\", "/")
        if not KEEP_QT_TRANSLATIONS and translations.search(dest):
            continue
        if any(f"{name}.framework/" in dest for name in _DROPPED_FRAMEWORKS):
            continue
        result.append(entry)
    return result
