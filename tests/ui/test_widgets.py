"""The small building blocks of every screen, the unlock screen's among them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from relapp.ui.widgets import _set_flags, code_display, paragraph


def test_paragraphs_and_codes_are_selectable_and_codes_centred(qtbot) -> None:  # noqa: ANN001
    text = paragraph("Type your passphrase to open your records.")
    code = code_display()
    qtbot.addWidget(text)
    qtbot.addWidget(code)
    selectable = Qt.TextInteractionFlag.TextSelectableByMouse
    assert text.textInteractionFlags() == selectable
    assert code.textInteractionFlags() == selectable
    assert Qt.AlignmentFlag(code.alignment()) == Qt.AlignmentFlag.AlignCenter


def test_a_misspelt_flag_is_an_error_not_a_silent_no_op(qtbot) -> None:  # noqa: ANN001
    label = paragraph("x")
    qtbot.addWidget(label)
    with pytest.raises(ValueError, match="TextSelectableByMice"):
        _set_flags(label, "textInteractionFlags", "TextSelectableByMice")


def test_a_combo_box_of_thousands_of_families_is_filled_at_once_and_as_wide_as_asked(
    qtbot,  # noqa: ANN001
) -> None:
    """Qt measures every item of a combo box at its first show unless told a width: with a
    team's 5,000 families that was the first click on Visits. long_choices gives the width,
    fill_choices fills it with one reset and keeps the selection without telling anyone."""
    from PySide6.QtWidgets import QComboBox

    from relapp.ui.kit.forms import fill_choices, long_choices

    few, many = QComboBox(), QComboBox()
    for box in (few, many):
        qtbot.addWidget(box)
        long_choices(box, 20)
    changed: list[int] = []
    many.currentIndexChanged.connect(changed.append)
    fill_choices(few, [("All families", ""), ("The Ash family", "a")])
    fill_choices(many, [("All families", "")])
    many.setCurrentIndex(0)
    changed.clear()
    items = [(f"The {'Very ' * (n % 7)}Long Family Name {n}", f"id{n}") for n in range(5000)]
    fill_choices(many, [("All families", ""), *items], keep="id4321")
    assert many.count() == 5001
    assert many.currentData() == "id4321" and many.currentText() == items[4321][0]
    assert changed == []  # filling is not the person choosing
    assert many.sizeHint().width() == few.sizeHint().width()  # not the longest item's
    many.show()
    qtbot.waitExposed(many)
    assert many.findData("id4999") == 5000
    # The family kept is gone: the first item, still without a signal.
    fill_choices(many, [("All families", ""), *items[:10]], keep="id4321")
    assert many.currentIndex() == 0 and many.currentData() == "" and changed == []
