"""What the unlock screen costs to show: only what it needs is loaded (in a fresh process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import json, sys
from pathlib import Path
import PySide6.QtCore
from relapp.ui.app import build_window
window = build_window(Path(sys.argv[1]))
window.show_gate()
window.show()
app = PySide6.QtWidgets.QApplication.instance()
for _ in range(3):
    app.processEvents()
before = {
    "modules": sorted(m for m in sys.modules if m.startswith("relapp.")),
    "qt_namespace_built": "Qt" in vars(PySide6.QtCore),
    "gate": type(window.gate).__name__,
}
# Unlocking (here with a passphrase that cannot open the empty file): while the key is
# derived, the idle UI thread loads the workspace's code.
window.gate.passphrase.setText("not the passphrase")
window.gate.try_unlock()
for _ in range(3):
    app.processEvents()
window.ctx.runner.wait_idle()
before["after_unlock_asked"] = sorted(m for m in sys.modules if m.startswith("relapp."))
print(json.dumps(before))
"""


def run_child(code: str, *args: str, **env: str) -> object:
    """Run `code` in a fresh Python with this checkout on its path; its last line, as JSON."""
    full = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]), **env}
    result = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=full, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# Only the unlocked workspace needs these; the gate loads them when it is left.
NOT_BEFORE_UNLOCK = (
    "relapp.ui.workspace",
    "relapp.ui.views",
    "relapp.ui.formatting",
    "relapp.ui.sync_controller",
    "relapp.ui.search",
    "relapp.services",
    "relapp.store",
    "relapp.crypto",
    "relapp.domain.passphrase",
)


def test_the_unlock_screen_loads_nothing_of_the_workspace(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    profile.mkdir()
    (profile / "vault.sqlite3").touch()  # the unlock screen is chosen, the file not opened
    seen = run_child(
        CHILD, str(profile), QT_QPA_PLATFORM="offscreen", RELAPP_CONFIG_DIR=str(tmp_path / "config")
    )
    assert seen["gate"] == "UnlockView"
    loaded = [m for m in seen["modules"] if m.startswith(NOT_BEFORE_UNLOCK)]
    assert loaded == []
    # PySide6 builds the Qt namespace (100+ enums, ~14 ms) on the first Qt.* used.
    assert not seen["qt_namespace_built"]
    assert {"relapp.ui.workspace", "relapp.ui.views.today"} <= set(seen["after_unlock_asked"])


SESSION_CHILD = r"""
import json, sys
from pathlib import Path
from relapp.ui.app import build_window  # first, as in the app (relapp.cli.profile.cmd_app)
from PySide6.QtWidgets import QApplication
from relapp.services.profile import unlock_profile
session = unlock_profile(Path(sys.argv[1]), sys.argv[2], backup=False)
window = build_window(Path(sys.argv[1]))
window.show()
window.open_workspace(session)
app = QApplication.instance()
for spec in window.workspace.specs:
    window.workspace.show_page(spec.key)
    for _ in range(5):
        app.processEvents()
    window.ctx.runner.wait_idle()
    app.processEvents()
import linecache
print(json.dumps({"modules": sorted(sys.modules), "linecache": sorted(linecache.cache)}))
window.lock()
"""


def test_a_practitioners_pages_load_no_county_code_and_no_second_openssl(tmp_path: Path) -> None:
    """What every page of a practitioner's workspace loads leaves out the county's reports
    (a system leader's alone), Python's hashlib, which would map the system's libcrypto
    beside the one inside `cryptography` (relapp.crypto.digest): some 5 MB between them, and
    QtCharts."""
    from relapp.services.profile import create_profile
    from tests.conftest import PASSPHRASE

    # Made here: creating a profile (not opening one) loads sqlite-utils, whose module
    # imports secrets.
    session, _code = create_profile(tmp_path / "p", "Sam Carter", "practitioner", PASSPHRASE)
    session.records.save("family", {"reference": "BEG", "display_name": "The Begum family"})
    session.close()
    seen = run_child(
        SESSION_CHILD,
        str(tmp_path / "p"),
        PASSPHRASE,
        QT_QPA_PLATFORM="offscreen",
        RELAPP_CONFIG_DIR=str(tmp_path / "config"),
        RELAPP_INSECURE_FAST_KDF="1",
    )
    loaded = set(seen["modules"])
    assert {"relapp.ui.views.sync_page", "relapp.ui.views.checkins"} <= loaded  # the tour ran
    assert not {"relapp.services.county", "relapp.ui.views.county"} & loaded
    assert not {"_hashlib", "hashlib", "hmac", "secrets"} & loaded
    assert "ctypes" not in loaded  # the Windows screen-lock watcher is loaded on Windows only
    # The trend charts are painted with QPainter: QtCharts would map some 3 MB of libraries
    # (libQt6Charts, its bindings, libQt6OpenGL) for one small line chart a page.
    assert "relapp.ui.charts" in loaded  # the Check-ins page has room for one
    assert "PySide6.QtCharts" not in loaded
    # PySide6's import hook was answered without keeping every module's source in memory.
    assert not [name for name in seen["linecache"] if "relapp" in name]


FEATURE_CHILD = r"""
import json, linecache, sys
sys.path.insert(0, sys.argv[1])
import relapp.ui
import shibokensupport.feature as feature
import with_qt, without_qt
print(json.dumps({
    "with_qt": feature.pyside_feature_dict.get("with_qt"),
    "without_qt": feature.pyside_feature_dict.get("without_qt"),
    "cached": [name for name in linecache.cache if name.endswith("_qt.py")],
}))
"""


def test_pyside_still_learns_which_modules_use_it_without_keeping_their_source(
    tmp_path: Path,
) -> None:
    """relapp.ui answers PySide6's question (does this module name PySide6?) from the file's
    bytes: the same answers as PySide's own, and no source lines kept."""
    (tmp_path / "with_qt.py").write_text("from PySide6.QtCore import QObject\n")
    (tmp_path / "without_qt.py").write_text("import json\n")
    seen = run_child(FEATURE_CHILD, str(tmp_path))
    assert seen == {"with_qt": 0, "without_qt": -1, "cached": []}
