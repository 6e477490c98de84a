"""Tabs built when first shown (relapp.ui.kit.lazy_tabs), as the Barriers and Supervision pages
use them: only the tab in front is built, a click or a keyboard switch builds the next, and
what is built is shown, laid out and reachable by Tab at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from relapp.ui.kit.lazy_tabs import LazyTabs


def make(built: list[str], name: str) -> QWidget:
    built.append(name)
    widget = QWidget()
    field = QLineEdit()
    field.setAccessibleName(name)
    QVBoxLayout(widget).addWidget(field)
    widget.setFocusProxy(field)
    return widget


def test_only_the_tab_in_front_is_built_until_another_is_shown(qtbot) -> None:
    built: list[str] = []
    told: list[int] = []
    tabs = LazyTabs()
    qtbot.addWidget(tabs)
    tabs.built.connect(lambda index, _page: told.append(index))
    for name in ("first", "second", "third"):
        tabs.add_lazy(name, lambda name=name: make(built, name))
    tabs.resize(400, 300)
    tabs.show()
    qtbot.waitExposed(tabs)
    assert built == ["first"] and tabs.built_page(1) is None

    qtbot.keyClick(tabs.tabBar(), Qt.Key.Key_Right)  # the keyboard's way to the next tab
    assert built == ["first", "second"] and told == [0, 1]
    second = tabs.built_page(1)
    assert second is not None and second.isVisible() and second.width() > 0
    assert tabs.current_page() is second

    third = tabs.page(2)  # asked for while hidden: built, not shown
    assert built == ["first", "second", "third"] and not third.isVisible()
    assert tabs.show_page(2) is third and third.isVisible()
    assert tabs.page(2) is third and built.count("third") == 1  # built once
    assert tabs.built_pages() == [tabs.page(0), second, third]


def test_a_built_tab_takes_the_focus_given_to_its_place(qtbot) -> None:
    built: list[str] = []
    tabs = LazyTabs()
    qtbot.addWidget(tabs)
    tabs.add_lazy("first", lambda: make(built, "first"))
    tabs.add_lazy("second", lambda: make(built, "second"))
    tabs.show()
    qtbot.waitExposed(tabs)
    tabs.activateWindow()
    tabs.setCurrentIndex(1)
    tabs.widget(1).setFocus()  # the tab's place, as QTabWidget focuses it
    field = tabs.page(1).findChild(QLineEdit)
    qtbot.waitUntil(field.hasFocus, timeout=2000)
