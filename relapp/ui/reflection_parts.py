"""The pieces a reflection is shown with, in the editor and in the supervisor's review: its state
in words, the banner above it, and one block per section of its template."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.definitions import Section
from relapp.ui.widgets import heading, paragraph

QUESTION_ACCENT = "#b26a00"  # amber: reads on light and dark palettes; always with words


def status_label(status: str) -> str:
    labels = {
        "draft": QCoreApplication.translate("Reflections", "Draft"),
        "submitted": QCoreApplication.translate("Reflections", "Submitted"),
        "reviewed": QCoreApplication.translate("Reflections", "Reviewed"),
        "to_discuss": QCoreApplication.translate("Reflections", "To discuss"),
        "returned": QCoreApplication.translate("Reflections", "Returned"),
    }
    return labels.get(status, status)


class Banner(QFrame):
    """A boxed notice above the text: read-only state, an amendment, a supervisor's question."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reflectionBanner")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.body = paragraph("")
        self.detail = paragraph("", muted=True)
        for label in (self.title, self.body, self.detail):
            layout.addWidget(label)
        self.hide()

    def show_notice(self, title: str, body: str = "", detail: str = "", accent: str = "") -> None:
        colour = accent or "palette(highlight)"
        self.setStyleSheet(
            "QFrame#reflectionBanner { background: palette(alternate-base);"
            f" border: 1px solid palette(mid); border-left: 5px solid {colour};"
            " border-radius: 4px; }"
        )
        self.title.setText(title)
        self.body.setText(body)
        self.body.setVisible(bool(body))
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setAccessibleName(title)
        self.setAccessibleDescription(f"{body} {detail}".strip())
        self.show()


class SectionEditor(QPlainTextEdit):
    """A text box that grows with its text and says when focus leaves it."""

    focus_left = Signal()

    def __init__(self, min_lines: int = 4, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.min_lines = min_lines
        self.setTabChangesFocus(True)  # Tab moves on, as in every other form
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_args: object) -> None:
        # A plain-text layout measures its height in lines (wrapped lines included).
        lines = max(self.min_lines, int(self.document().documentLayout().documentSize().height()))
        margins = self.contentsMargins()
        extra = int(self.document().documentMargin() * 2) + margins.top() + margins.bottom()
        self.setFixedHeight(lines * self.fontMetrics().lineSpacing() + extra + 4)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusOutEvent(event)
        self.focus_left.emit()


class SectionBlock(QWidget):
    """One part of a template: its title, the prompt, guidance on request, and the text box."""

    def __init__(self, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.setSpacing(8)
        self.title = heading(section.title, scale=1.15)
        self.title.setWordWrap(False)  # wrapping labels shrink to their narrowest in a row
        top.addWidget(self.title)
        self.help_button = QToolButton()
        self.help_button.setText("?")
        self.help_button.setCheckable(True)
        self.help_button.setAccessibleName(self.tr("Guidance for {0}").format(section.title))
        self.help_button.setToolTip(section.guidance or self.tr("No guidance for this part."))
        self.help_button.setVisible(bool(section.guidance))
        top.addWidget(self.help_button, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        layout.addLayout(top)
        self.prompt = paragraph(section.prompt)
        self.prompt.setVisible(bool(section.prompt))
        layout.addWidget(self.prompt)
        self.guidance = paragraph(section.guidance, muted=True)
        self.guidance.hide()
        layout.addWidget(self.guidance)
        self.help_button.toggled.connect(self.guidance.setVisible)
        self.editor = SectionEditor()
        self.editor.setAccessibleName(section.title)
        self.editor.setAccessibleDescription(section.prompt)
        layout.addWidget(self.editor)


class ThemesBox(QGroupBox):
    """The themes a template suggests, to tick, and other tags typed with commas between."""

    def __init__(self) -> None:
        super().__init__(self.tr("Themes"))
        themes = QVBoxLayout(self)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(18)
        themes.addLayout(self.grid)
        tags_row = QFormLayout()
        self.tags_edit = QLineEdit()
        self.tags_edit.setAccessibleName(self.tr("Other tags"))
        self.tags_edit.setPlaceholderText(self.tr("Separate with commas, e.g. housing, sleep"))
        tags_row.addRow(self.tr("Other ta&gs"), self.tags_edit)
        themes.addLayout(tags_row)
        self.boxes: list[QCheckBox] = []

    def set_suggested(self, suggested: list[str]) -> list[QCheckBox]:
        """A box for each suggested theme, three to a row, instead of the boxes before."""
        for box in self.boxes:
            box.setParent(None)
            box.deleteLater()
        self.boxes = []
        for index, theme in enumerate(suggested):
            box = QCheckBox(theme)
            box.setAccessibleName(self.tr("Theme: {0}").format(theme))
            self.grid.addWidget(box, index // 3, index % 3)
            self.boxes.append(box)
        return self.boxes

    def set_themes(self, themes: list[str]) -> None:
        """Tick the suggested themes among `themes`; the others go in the tags line."""
        suggested = {box.text() for box in self.boxes}
        for box in self.boxes:
            box.setChecked(box.text() in themes)
        self.tags_edit.setText(", ".join(t for t in themes if t not in suggested))

    def themes(self) -> list[str]:
        chosen = [box.text() for box in self.boxes if box.isChecked()]
        for tag in self.tags_edit.text().split(","):
            tag = " ".join(tag.split())
            if tag and tag not in chosen:
                chosen.append(tag)
        return chosen

    def set_editable(self, editable: bool) -> None:
        self.tags_edit.setReadOnly(not editable)
        for box in self.boxes:
            box.setEnabled(editable)


class ReflectionBar(QWidget):
    """The reflection editor's top line: Back, the reflection's title, how saving goes (with a
    button to try again after a failure), and what can be done with it."""

    def __init__(self) -> None:
        super().__init__()
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(12)  # as the editor's rows below it
        self.back = QPushButton(self.tr("← &Back"))
        self.back.setAccessibleName(self.tr("Back to the list of reflections"))
        self.back.setToolTip(self.tr("Back to the list (Esc). Your text is saved first."))
        bar.addWidget(self.back)
        self.heading = heading(self.tr("New reflection"), scale=1.35)
        bar.addWidget(self.heading, 1)
        self.save_label = QLabel()
        self.save_label.setAccessibleName(self.tr("Save state"))
        bar.addWidget(self.save_label)
        self.retry = QPushButton()
        self.retry.hide()
        bar.addWidget(self.retry)
        self.history = QPushButton(self.tr("&History…"))
        self.history.setAccessibleName(self.tr("Version history"))
        bar.addWidget(self.history)
        self.submit = QPushButton(self.tr("S&ubmit for supervision…"))
        self.submit.setAccessibleName(self.tr("Submit for supervision"))
        bar.addWidget(self.submit)
        self.amend = QPushButton(self.tr("&Amend…"))
        self.amend.setAccessibleName(self.tr("Amend: start a new version"))
        bar.addWidget(self.amend)

    def set_state(self, text: str, *, error: bool = False) -> None:
        """How saving goes; an error in red and bold, and Try again hidden when all is well."""
        self.save_label.setText(text)
        self.save_label.setAccessibleDescription(text)
        self.save_label.setStyleSheet("color: #b3261e; font-weight: 600;" if error else "")
        if not error:
            self.retry.hide()
