"""Who was at a visit: the family's members to tick, and anyone else by name."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from relapp.ui.widgets import paragraph

if TYPE_CHECKING:
    from relapp.services.families import Member

NAME_ROLE = Qt.ItemDataRole.UserRole + 10


class PeoplePresent(QWidget):
    """The family's members as a list to tick, and a line for others, separated by commas."""

    def __init__(self) -> None:
        super().__init__()
        self.present = QListWidget()
        self.present.setAccessibleName(self.tr("People present"))
        self.present.setAccessibleDescription(
            self.tr("Family members; press Space to tick the ones who were there")
        )
        self.present.setSpacing(2)
        self.no_members = paragraph(
            self.tr("This family has no members listed yet: add them with Edit family…"),
            muted=True,
        )
        self.others = QLineEdit()
        self.others.setPlaceholderText(self.tr("Others present, separated by commas"))
        self.others.setAccessibleName(self.tr("Others present"))
        present_layout = QVBoxLayout(self)
        present_layout.setContentsMargins(0, 0, 0, 0)
        present_layout.setSpacing(6)
        present_layout.addWidget(self.present)
        present_layout.addWidget(self.no_members)
        present_layout.addWidget(self.others)

    def fill(self, members: Sequence[Member], wanted: Iterable[str], chosen: bool) -> None:
        """Show `members`, ticking those in `wanted`; the rest of `wanted` go in the line for
        others. `chosen` is False while no family is chosen (no "no members" note then)."""
        wanted = list(wanted)
        ticked = set(wanted)
        self.present.clear()
        for member in members:
            text = member.name + (f" ({member.role})" if member.role else "")
            item = QListWidgetItem(text)
            item.setData(NAME_ROLE, member.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = member.name in ticked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.present.addItem(item)
        known = {m.name for m in members}
        self.others.setText(", ".join(n for n in wanted if n not in known))
        self.present.setVisible(bool(members))
        self.no_members.setVisible(chosen and not members)
        if members:
            rows = min(len(members), 6)
            row_height = max(self.present.sizeHintForRow(0), self.fontMetrics().height()) + 4
            self.present.setFixedHeight(rows * row_height + 2 * self.present.frameWidth() + 4)

    def names(self) -> list[str]:
        """The names ticked and typed, each once, in that order."""
        names = []
        for row in range(self.present.count()):
            item = self.present.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                names.append(str(item.data(NAME_ROLE)))
        names += [n.strip() for n in self.others.text().split(",") if n.strip()]
        return list(dict.fromkeys(names))
