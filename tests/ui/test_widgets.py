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
