"""The one guard for work that answers after its widget is gone: a lock destroys the pages and
editors, and a background result or a timer may still arrive for them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject


def is_alive(obj: QObject) -> bool:
    """False once Qt has destroyed the object (a result can outlive the widget that asked)."""
    return shiboken6.isValid(obj)


def while_alive(owner: QObject, fn: Callable[..., Any]) -> Callable[..., None]:
    """Wrap a callback so it does nothing once its owner is gone."""

    def call(*args: Any) -> None:
        if shiboken6.isValid(owner):
            fn(*args)

    return call
