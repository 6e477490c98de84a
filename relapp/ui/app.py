"""Starting the app: build the objects in one place and pass them in (no globals)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs
from PySide6.QtCore import QLocale, QSettings, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from relapp import __version__
from relapp.assets import resource_path
from relapp.paths import APP_AUTHOR, APP_NAME, resolve_profile_dir
from relapp.ui.context import AppContext
from relapp.ui.mainwindow import MainWindow
from relapp.ui.settings import TEXT_SCALE, Settings
from relapp.ui.tasks import TaskRunner


def settings_path() -> Path:
    env = os.environ.get("RELAPP_CONFIG_DIR")
    folder = Path(env) if env else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    return folder / "relapp.ini"


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("org.relapp.Relapp")
    install_translator(app)
    icon = resource_path("icons", "relapp.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    style = resource_path("styles", "relapp.qss")
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app  # type: ignore[return-value]


def install_translator(app: QApplication) -> None:
    """Load resources/i18n/relapp_<language>.qm for the system's language, when there is one
    (the English source text needs none)."""
    folder = resource_path("i18n")
    translator = QTranslator(app)
    if folder.is_dir() and translator.load(QLocale.system(), "relapp", "_", str(folder)):
        app.installTranslator(translator)


def apply_text_scale(app: QApplication, settings: Settings) -> None:
    percent = int(settings.get(TEXT_SCALE))
    if percent != 100:
        font = app.font()
        font.setPointSizeF(font.pointSizeF() * percent / 100)
        app.setFont(font)


def build_window(profile_dir: Path, demo_passphrase: str | None = None) -> MainWindow:
    """The main window and everything it shares."""
    app = make_application()
    settings = Settings(QSettings(str(settings_path()), QSettings.Format.IniFormat))
    apply_text_scale(app, settings)
    ctx = AppContext(profile_dir, settings, TaskRunner(app), demo_passphrase=demo_passphrase)
    return MainWindow(ctx)


def run_app(profile_dir: Path) -> int:
    app = make_application()
    window = build_window(profile_dir)
    window.show_gate()
    window.show()
    return app.exec()


def demo_folder() -> Path:
    import tempfile

    uid = os.getuid() if hasattr(os, "getuid") else os.getlogin()
    return Path(tempfile.gettempdir()) / f"relapp-demo-{uid}"


def run_demo(root_arg: str | None, role: str = "practitioner") -> int:
    """Open the app on the demo team's practitioner (or supervisor), building it first."""
    from relapp.services.demo import DEMO_PASSPHRASE
    from relapp.services.demo_team import build_demo_team, profile_folder

    root = resolve_profile_dir(root_arg) if root_arg else demo_folder()
    folder = profile_folder(root, role)
    app = make_application()
    window = build_window(folder, demo_passphrase=DEMO_PASSPHRASE)
    window.show()
    bar = window.show_preparing(
        window.tr("Building a demo team with invented families, visits and reflections…")
    )

    def built(_root: object) -> None:
        window.show_gate()

    def failed(exc: BaseException) -> None:
        print(f"relapp: the demo could not be built: {exc}", file=sys.stderr)
        app.exit(1)

    def progress(done: int, total: int) -> None:
        bar.setMaximum(total)
        bar.setValue(done)

    task = window.ctx.runner.write(lambda t: build_demo_team(root, t.progress), built, failed)
    task.progress.connect(progress)
    return app.exec()
