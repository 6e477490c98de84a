"""The reports as PDF: the supervision pack (with check-in charts) and the learning report, as
rich text printed by relapp.ui.printing, the charts painted by relapp.ui.paper_charts.

No widgets here, so the app can run it on a worker thread."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage

from relapp.services.reports import (
    LearningReport,
    PackReflection,
    PackTrend,
    SupervisionPack,
    learning_html,
)
from relapp.ui.formatting import format_day, format_when, mode_label, qdate, reflection_state_label
from relapp.ui.paper_charts import paint_trend, trend_caption
from relapp.ui.printing import PdfPage, Progress, ensure_gui, esc, print_html

CHART_ROWS_PER_PAGE = 3  # a row of two charts is never split across pages


# Rich text ignores a cell's last margin: an empty row keeps chart rows apart.
SPACER_ROW = '<tr><td colspan="2"><p style="font-size: 7pt;">&nbsp;</p></td></tr>'


# The learning report's tables are wide (a column per barrier category): a smaller size, the
# same for every cell so that a row moves to the next page whole.
DENSE_CSS = """
table.data td { font-size: 7.5pt; }
table.data th { font-size: 7.5pt; }
.sup { font-size: 7.5pt; }
td b { font-size: 7.5pt; }
"""


def _tr(text: str) -> str:
    return QCoreApplication.translate("Reports", text)


def _paragraphs(text: str) -> str:
    """Plain text as HTML paragraphs: blank lines split paragraphs, single breaks stay."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        f"<p>{'<br/>'.join(esc(line) for line in block.splitlines())}</p>"
        for block in blocks
        if block
    )


def _period_words(start: date, end: date) -> str:
    return _tr("{0} to {1}").format(format_day(start), format_day(end))


def _without_title(alert: str, trend: PackTrend) -> str:
    """The alert sentence without the instrument's name, which the chart already shows."""
    prefix = f"{trend.instrument.title}: "
    text = alert.removeprefix(prefix)
    return text[:1].upper() + text[1:]


def _reflection_html(reflection: PackReflection, first: bool) -> str:
    parts = []
    attrs = ' style="page-break-before: always"' if reflection.long and not first else ""
    parts.append(f"<h3{attrs}>{esc(reflection.title)}</h3>")
    details = []
    if reflection.family:
        family = reflection.family
        if reflection.family_reference:
            family += f" ({reflection.family_reference})"
        details.append(family)
    if reflection.visit_when:
        details.append(
            _tr("{0}, {1}").format(
                mode_label(reflection.visit_mode), format_when(reflection.visit_when)
            )
        )
    else:
        details.append(_tr("Not linked to a visit"))
    details.append(reflection.template)
    state = reflection_state_label(reflection.status)
    if reflection.submitted_at:
        state = _tr("{0} · submitted {1}").format(state, format_day(reflection.submitted_at))
    details.append(state)
    parts.append(f'<p class="meta">{" · ".join(esc(d) for d in details)}</p>')
    if reflection.themes:
        parts.append(
            f'<p class="meta">{esc(_tr("Themes:"))} {esc(", ".join(reflection.themes))}</p>'
        )
    if reflection.amendment_reason:
        parts.append(
            f'<p class="meta">{esc(_tr("Amended:"))} {esc(reflection.amendment_reason)}</p>'
        )
    for section in reflection.sections:
        parts.append(f"<h4>{esc(section.title)}</h4>{_paragraphs(section.text)}")
    parts.append(f"<h4>{esc(_tr('Feedback'))}</h4>")
    if not reflection.thread:
        parts.append(f'<p class="muted">{esc(_tr("No feedback yet."))}</p>')
    for entry in reflection.thread:
        who = esc(entry.author)
        head = f"<b>{who}</b>, {esc(format_when(entry.when))}"
        if entry.review_state:
            head += f" — {esc(reflection_state_label(entry.review_state))}"
        indent = 14 + 22 * entry.depth
        parts.append(
            f'<table width="100%" cellspacing="0" cellpadding="5" '
            f'style="margin-left: {indent}px; margin-top: 2px; margin-bottom: 4px; '
            f'background-color: #f3f5f7; border-left: 3px solid #9aa3ad;">'
            f"<tr><td>{head}{_paragraphs(entry.text)}</td></tr></table>"
        )
    parts.append("<hr/>")
    return "".join(parts)


def _actions_html(pack: SupervisionPack) -> str:
    owners = {"practitioner": pack.practitioner, "supervisor": _tr("Supervisor")}
    parts = [f"<h3>{esc(_tr('Open actions'))}</h3>"]
    if not pack.open_actions:
        parts.append(f'<p class="muted">{esc(_tr("No open actions."))}</p>')
    else:
        parts.append(
            '<table class="data" width="100%" cellspacing="0" cellpadding="3">'
            f"<thead><tr><th>{esc(_tr('Action'))}</th><th>{esc(_tr('Owner'))}</th>"
            f"<th>{esc(_tr('Due'))}</th><th>{esc(_tr('Agreed'))}</th></tr></thead><tbody>"
        )
        for action in pack.open_actions:
            due = format_day(action.due) if action.due else "—"
            overdue = bool(action.due) and action.due < pack.prepared_on.isoformat()
            if overdue:
                due = f'<span class="alert">{esc(due)} ({esc(_tr("overdue"))})</span>'
            else:
                due = esc(due)
            parts.append(
                f"<tr><td>{esc(action.text)}</td>"
                f"<td>{esc(owners.get(action.owner, action.owner))}</td><td>{due}</td>"
                f"<td>{esc(format_day(action.agreed_when or action.session_when))}</td></tr>"
            )
        parts.append("</tbody></table>")
    parts.append(f"<h3>{esc(_tr('Closed in this period'))}</h3>")
    if not pack.closed_actions:
        parts.append(f'<p class="muted">{esc(_tr("No actions were closed in this period."))}</p>')
    else:
        words = {"done": _tr("Done"), "dropped": _tr("Dropped")}
        parts.append(
            '<table class="data" width="100%" cellspacing="0" cellpadding="3">'
            f"<thead><tr><th>{esc(_tr('Action'))}</th><th>{esc(_tr('Owner'))}</th>"
            f"<th>{esc(_tr('Status'))}</th><th>{esc(_tr('Recorded'))}</th></tr></thead><tbody>"
        )
        for action in pack.closed_actions:
            parts.append(
                f"<tr><td>{esc(action.text)}</td>"
                f"<td>{esc(owners.get(action.owner, action.owner))}</td>"
                f"<td>{esc(words.get(action.status, action.status))}</td>"
                f"<td>{esc(format_day(action.session_when))}</td></tr>"
            )
        parts.append("</tbody></table>")
    return "".join(parts)


def _trends_html(pack: SupervisionPack, width: float, images: dict[str, QImage]) -> str:
    parts = [
        f'<h2 style="page-break-before: always">{esc(_tr("Check-in trends"))}</h2>',
        '<p class="meta">'
        + esc(
            _tr(
                "Check-ins with {0}'s families from {1} to {2}. The dashed red line is the "
                "instrument's alert level; each line is one respondent."
            ).format(pack.practitioner, format_day(pack.trend_from), format_day(pack.period.end))
        )
        + "</p>",
    ]
    if not pack.trends:
        parts.append(f'<p class="muted">{esc(_tr("No check-ins in this time."))}</p>')
        return "".join(parts)
    gap = 14
    cell = (width - gap) / 2
    chart_height = cell * 0.48
    first = datetime.combine(pack.trend_from, time())
    last = datetime.combine(pack.period.end, time()) + timedelta(days=1)
    for index, trend in enumerate(pack.trends):
        if index % (2 * CHART_ROWS_PER_PAGE) == 0:
            if index:
                parts.append("</table>")
            attrs = ' style="page-break-before: always"' if index else ""
            parts.append(f'<table width="100%" cellspacing="0" cellpadding="0"{attrs}>')
        name = f"relapp-chart-{index}"
        images[name] = paint_trend(trend.instrument, trend.points, first, last, cell, chart_height)
        if index % 2 == 0:
            if index % (2 * CHART_ROWS_PER_PAGE):
                parts.append(SPACER_ROW)
            parts.append("<tr>")
        who = trend.family or _tr("{0}'s self-check").format(pack.practitioner)
        if trend.family and trend.family_reference:
            who += f" ({trend.family_reference})"
        caption = f'<span class="note">{esc(trend_caption(trend))}</span>'
        for alert in trend.alerts:
            caption += f'<br/><span class="alertnote">{esc(_without_title(alert, trend))}</span>'
        right_pad = f' style="padding-right: {gap}px;"' if index % 2 == 0 else ""
        parts.append(
            f'<td width="50%" valign="top"{right_pad}><p><b>{esc(who)}</b><br/>'
            f'<span class="meta">{esc(trend.instrument.title)}</span></p>'
            f'<img src="{name}" width="{cell:.0f}" height="{chart_height:.0f}"/>'
            f"<p>{caption}</p></td>"
        )
        if index % 2 == 1:
            parts.append("</tr>")
    if len(pack.trends) % 2 == 1:
        parts.append("<td></td></tr>")
    parts.append("</table>")
    return "".join(parts)


def pack_html(pack: SupervisionPack, width: float) -> tuple[str, dict[str, QImage]]:
    """The pack as rich text for a text area `width` layout pixels wide, and its chart images."""
    images: dict[str, QImage] = {}
    span = _period_words(pack.period.start, pack.period.end)
    parts = [
        f"<h1>{esc(_tr('Supervision pack: {0}').format(pack.practitioner))}</h1>",
        f'<p class="meta">{esc(span)}. '
        + esc(_tr("Prepared by {0} on {1}.").format(pack.prepared_by, format_day(pack.prepared_on)))
        + "</p>",
        '<p class="note">'
        + esc(
            _tr(
                "Confidential: this pack holds personal information about families. Keep it "
                "safe, share it only with the people in the supervision, and destroy it when it "
                "is no longer needed."
            )
        )
        + "</p>",
    ]
    if pack.names_problem:
        parts.append(
            '<p class="note">'
            + esc(_tr("Some names could not be read: {0}").format(pack.names_problem))
            + "</p>"
        )
    summary = [
        _tr("{0} reflections submitted in the period").format(len(pack.reflections))
        if len(pack.reflections) != 1
        else _tr("One reflection submitted in the period"),
        _tr("{0} feedback comments and replies").format(pack.feedback_count)
        if pack.feedback_count != 1
        else _tr("One feedback comment"),
        _tr("{0} check-in charts").format(len(pack.trends))
        if len(pack.trends) != 1
        else _tr("One check-in chart"),
        _tr("{0} open actions; {1} closed in the period").format(
            len(pack.open_actions), len(pack.closed_actions)
        ),
        _tr("{0} supervision sessions in the period").format(len(pack.sessions))
        if len(pack.sessions) != 1
        else _tr("One supervision session in the period"),
    ]
    parts.append(f"<h2>{esc(_tr('In this pack'))}</h2><ul>")
    parts += [f"<li>{esc(line)}</li>" for line in summary]
    parts.append("</ul>")

    parts.append(f"<h2>{esc(_tr('Actions'))}</h2>")
    parts.append(_actions_html(pack))
    if pack.sessions:
        parts.append(f"<h2>{esc(_tr('Supervision sessions in the period'))}</h2>")
        for held in pack.sessions:
            parts.append(f"<h3>{esc(format_when(held.when))}</h3>")
            if held.agenda:
                parts.append(f"<h4>{esc(_tr('Agenda'))}</h4><ul>")
                parts += [f"<li>{esc(item)}</li>" for item in held.agenda]
                parts.append("</ul>")
            if held.notes.strip():
                parts.append(f"<h4>{esc(_tr('Notes'))}</h4>{_paragraphs(held.notes)}")

    parts.append(
        f'<h2 style="page-break-before: always">{esc(_tr("Reflections and feedback"))}</h2>'
    )
    if not pack.reflections:
        parts.append(
            f'<p class="muted">{esc(_tr("No reflections were submitted in this period."))}</p>'
        )
    for index, reflection in enumerate(pack.reflections):
        parts.append(_reflection_html(reflection, index == 0))
    parts.append(_trends_html(pack, width, images))
    return "".join(parts), images


def write_pack_pdf(pack: SupervisionPack, target: Path, progress: Progress = None) -> int:
    """Print the supervision pack to an A4 PDF; returns the number of pages."""
    ensure_gui()
    title = _tr("Supervision pack: {0}").format(pack.practitioner)
    page = PdfPage(title, landscape=False)
    body, images = pack_html(pack, page.width)
    footer = _tr("Supervision pack · {0} · {1} · Confidential").format(
        pack.practitioner, _period_words(pack.period.start, pack.period.end)
    )
    return print_html(
        body, target, title=title, footer=footer, images=images, progress=progress, page=page
    )


def write_learning_pdf(report: LearningReport, target: Path, progress: Progress = None) -> int:
    """Print the learning report to an A4 landscape PDF (its month tables are wide)."""
    span = _tr("{0} to {1}").format(
        qdate(report.period.start).toString("d MMM yyyy"),
        qdate(report.period.end).toString("d MMM yyyy"),
    )
    return print_html(
        learning_html(report, for_print=True),
        target,
        title=_tr("Learning report"),
        footer=(
            _tr("Learning report · {0} · with reviewed excerpts of change tests")
            if any(t.excerpt for t in report.change_tests)
            else _tr("Learning report · {0} · no names, reference codes or notes")
        ).format(span),
        landscape=True,
        progress=progress,
        css=DENSE_CSS,
    )
