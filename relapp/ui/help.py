"""Help (F1): what each page is for, the keyboard shortcuts, locking, hand-over mode, where the
data lives, and who to ask."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget


def _keys(sequence: QKeySequence | QKeySequence.StandardKey | str) -> str:
    """A shortcut as this computer writes it (Ctrl+N here, ⌘N on a Mac)."""
    keys = QKeySequence(sequence)
    return keys.toString(QKeySequence.SequenceFormat.NativeText)


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Help and shortcuts"))
        self.setAccessibleName(self.tr("Help and shortcuts"))
        self.resize(700, 640)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(self.tr("Help"))
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(self.page_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close help"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.browser.setFocus()

    def _profile_dir(self) -> str:
        ctx = getattr(self.parent(), "ctx", None)
        folder = getattr(ctx, "profile_dir", None)
        return str(folder) if folder else ""

    def page_html(self) -> str:
        tr = self.tr
        pages = [
            (tr("Today"), tr("Your drafts, this week's visits and any check-in alerts.")),
            (tr("Families"), tr("The families you work with: members, notes and history.")),
            (tr("Visits"), tr("Record a visit: who was there, where, how long and why.")),
            (
                tr("Reflections"),
                tr("Think a visit through with a template, then submit it to your supervisor."),
            ),
            (
                tr("Check-ins"),
                tr("Short ratings of how a relationship is going, by you or by a parent."),
            ),
            (
                tr("Barriers & changes"),
                tr(
                    "What in the system got in the way, and the small changes your team "
                    "tries against it."
                ),
            ),
            (tr("Supervision"), tr("Feedback, supervision sessions and agreed actions.")),
            (tr("Sync"), tr("How your work reaches your team's shared folder.")),
        ]
        shortcuts = [
            (_keys(QKeySequence.StandardKey.New), tr("Start something new on this page")),
            (_keys(QKeySequence.StandardKey.Save), tr("Save now (Relapp also saves as you go)")),
            (_keys(QKeySequence.StandardKey.Find), tr("Search everything")),
            (_keys("Ctrl+L"), tr("Lock Relapp at once")),
            (
                _keys(QKeySequence.StandardKey.Delete) or tr("Del"),
                tr(
                    "Move the chosen visit, family or draft to the trash, or mark a check-in "
                    "as entered in error; Undo appears for a few seconds, and Relapp > Trash… "
                    "puts anything back"
                ),
            ),
            (
                tr("{0} … {1}").format(_keys("Ctrl+1"), _keys("Ctrl+8")),
                tr("Go to a page: Today is 1, Families 2, and so on down the list (Go menu)"),
            ),
            (_keys(QKeySequence.StandardKey.HelpContents) or "F1", tr("This help")),
            (tr("Esc"), tr("Go back, or close a window like this one")),
            (tr("Tab / Shift+Tab"), tr("Move to the next or previous field")),
        ]
        folder = self._profile_dir()
        where = (
            tr("On this computer, in {0}.").format(f"<b>{html.escape(folder)}</b>")
            if folder
            else tr("On this computer, in your Relapp profile folder.")
        )
        esc = html.escape
        page_rows = "".join(
            f"<tr><td valign='top'><b>{esc(name)}</b></td><td>{esc(text)}</td></tr>"
            for name, text in pages
        )
        key_rows = "".join(
            f"<tr><td valign='top'><b>{esc(keys)}</b></td><td>{esc(text)}</td></tr>"
            for keys, text in shortcuts
        )
        parts = [
            f"<h2>{esc(tr('Help'))}</h2>",
            "<p>"
            + esc(
                tr(
                    "Relapp helps you record visits, reflect on relationships with families, "
                    "and notice what in the system gets in the way. It works without a "
                    "connection and keeps everything encrypted."
                )
            )
            + "</p>",
            f"<h3>{esc(tr('The pages'))}</h3>",
            f"<table cellspacing='0' cellpadding='4'>{page_rows}</table>",
            f"<h3>{esc(tr('Keyboard shortcuts'))}</h3>",
            f"<table cellspacing='0' cellpadding='4'>{key_rows}</table>",
            f"<h3>{esc(tr('When Relapp locks'))}</h3>",
            "<p>"
            + esc(
                tr(
                    "Relapp locks when you press Ctrl+L, when you have not used it for a few "
                    "minutes (you can change how long in Settings), and when the computer "
                    "locks its screen or goes to sleep. It saves what you were typing first, "
                    "then hides everything and forgets its keys. Your passphrase opens it "
                    "again, exactly where you were."
                )
            )
            + "</p>",
            f"<h3>{esc(tr('Hand-over mode'))}</h3>",
            "<p>"
            + esc(
                tr(
                    "To let a parent fill in their own check-in, open a check-in and choose "
                    "“Hand the laptop to the parent”. The screen then shows only that form, "
                    "in large, simple controls; nothing else can be reached. When the parent "
                    "has finished, Relapp locks and only your passphrase brings your work back."
                )
            )
            + "</p>",
            f"<h3>{esc(tr('Where your data lives'))}</h3>",
            "<p>"
            + where
            + " "
            + esc(
                tr(
                    "Everything you write is encrypted before it is stored, with a key that "
                    "only your passphrase (or your recovery code) can open. Do not put this "
                    "folder on a shared or cloud-synced drive; Relapp refuses to. Search "
                    "works on a copy held only in memory while Relapp is unlocked."
                )
            )
            + "</p>",
            f"<h3>{esc(tr('Getting help'))}</h3>",
            "<p>"
            + esc(
                tr(
                    "Ask your supervisor about how to use Relapp in your work. For a forgotten "
                    "passphrase, a lost recovery code or a laptop problem, contact your IT "
                    "service desk. Never send a family's details by email to ask for help."
                )
            )
            + "</p>",
        ]
        return "".join(parts)
