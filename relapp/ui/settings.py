"""App settings, declared once with types and defaults, kept in QSettings.

Nothing sensitive lives here: no names, no paths inside a family's record, no keys.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import QByteArray, QSettings


class Option(NamedTuple):
    """A setting's key, default and type. (A NamedTuple: read at every start, and a frozen
    dataclass would import dataclasses, ~2 ms, for the unlock screen alone.)"""

    key: str
    default: Any
    type: type


AUTO_LOCK_MINUTES = Option("security/auto_lock_minutes", 5, int)
DEFAULT_TEMPLATE = Option("editing/default_template", "relational-practice", str)
TEXT_SCALE = Option("appearance/text_scale_percent", 100, int)
CENTRAL_FOLDER = Option("sync/central_folder", "", str)
LAST_PAGE = Option("window/last_page", "today", str)


class Settings:
    def __init__(self, qsettings: QSettings) -> None:
        self._q = qsettings

    def get(self, option: Option) -> Any:
        value = self._q.value(option.key, option.default)
        try:
            return option.type(value)
        except (TypeError, ValueError):
            return option.default

    def set(self, option: Option, value: Any) -> None:
        self._q.setValue(option.key, option.type(value))

    def geometry(self) -> QByteArray | None:
        value = self._q.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, value: QByteArray) -> None:
        self._q.setValue("window/geometry", value)

    def sync(self) -> None:
        self._q.sync()
