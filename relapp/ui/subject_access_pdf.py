"""The readable half of a subject access export: an A4 PDF in plain language, printed by the same
machinery as the reports (relapp/ui/pdf.py), with page numbers in the footer.

Everything marked for the council's redaction review is shown highlighted, with a bracketed
note of why (so it survives a black-and-white print and reads aloud), and the first page says
so. No widgets here: the app runs it on a worker thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from relapp.services.subject_access import (
    COLLEAGUE,
    REASONS,
    AuditLine,
    Item,
    Person,
    SubjectAccess,
    Text,
    review_notice,
)
from relapp.ui.formatting import format_day, format_when, mode_label, reflection_state_label
from relapp.ui.pdf import Progress, _esc, _Page, render_html

SAR_CSS = """
.review { background-color: #fde68a; }
.tag { color: #7a4b00; font-size: 8pt; font-style: italic; }
.box { background-color: #fff7d6; }
td.label { color: #444444; }
"""


def _tr(text: str) -> str:
    return QCoreApplication.translate("SubjectAccess", text)


def _reason(reason: str) -> str:
    return {
        "another_family": _tr("another family"),
        "colleague": _tr("colleague"),
        "someone_else": _tr("not in the family"),
        "team_notes": _tr("team notes"),
    }.get(reason, reason)


def _tag(reason: str) -> str:
    return f'<span class="tag"> [{_esc(_tr("review: {0}").format(_reason(reason)))}]</span>'


def _marked(text: Text) -> str:
    """Free text as HTML paragraphs, each marked span highlighted and tagged."""
    parts, at = [], 0
    for mark in sorted(text.marks, key=lambda m: m.start):
        if mark.start < at:
            continue
        parts.append(_esc(text.text[at : mark.start]))
        found = _esc(text.text[mark.start : mark.end])
        parts.append(f'<span class="review">{found}</span>{_tag(mark.reason)}')
        at = mark.end
    parts.append(_esc(text.text[at:]))
    body = "".join(parts).replace("\r\n", "\n")
    paragraphs = [p.strip() for p in body.split("\n\n")]
    html = "".join(f"<p>{'<br/>'.join(p.splitlines())}</p>" for p in paragraphs if p)
    if text.whole:
        html = (
            '<p class="tag">'
            + _esc(_tr("[Review all of this passage: {0}]").format(_reason(text.whole)))
            + "</p>"
            + html
        )
    return html or "<p></p>"


def _person(who: Person | None) -> str:
    if who is None:
        return ""
    return f'<span class="review">{_esc(who.name)}</span>{_tag(COLLEAGUE)}'


def _local(value: str) -> str:
    """An ISO moment (UTC or local) in the laptop's local time, as people read it."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value or ""
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return format_when(moment)


def _fact_value(label: str, value: str) -> str:
    if label == "Where":
        return mode_label(value)
    if label == "Status" and value in ("draft", "submitted", "reviewed", "to_discuss", "returned"):
        return reflection_state_label(value)
    if label in ("When", "Submitted"):
        return _local(value)
    if label == "Noticed":
        return format_day(value)
    if label == "Answered by":
        return {
            "practitioner": _tr("The practitioner"),
            "parent": _tr("A parent"),
            "other": _tr("Someone else"),
        }.get(value, value)
    if label == "Status" and value in ("active", "closed"):
        return _tr("Active") if value == "active" else _tr("Closed")
    return value


def _facts(item: Item) -> str:
    rows = [(label, value) for label, value in item.facts if value]
    if item.written_by is not None:
        rows.append((_tr("Written by"), ""))
    if not rows:
        return ""
    cells = []
    for label, value in rows:
        shown = (
            _person(item.written_by)
            if label == _tr("Written by")
            else _esc(_fact_value(label, value))
        )
        cells.append(f'<tr><td class="label" width="120">{_esc(label)}</td><td>{shown}</td></tr>')
    return f'<table cellspacing="0" cellpadding="1">{"".join(cells)}</table>'


def _item_html(item: Item, heading: str) -> str:
    parts = [f"<h3>{_esc(heading)}</h3>"]
    if item.entered_in_error:
        note = _tr(
            "Marked as entered in error: {0}. Relapp still keeps it, and leaves it out of "
            "trends, alerts and reports."
        ).format(item.entered_in_error)
        parts.append(f'<p class="note">{_esc(note)}</p>')
    elif item.in_trash:
        parts.append(
            f'<p class="note">{_esc(_tr("Deleted (in the trash): Relapp still keeps it."))}</p>'
        )
    if item.unreadable:
        parts.append(
            f'<p class="note">{_esc(_tr("This record could not be opened: it is damaged."))}</p>'
        )
        return "".join(parts)
    parts.append(_facts(item))
    if item.answers:
        rows = [f"<tr><th>{_esc(_tr('Question as asked'))}</th><th>{_esc(_tr('Answer'))}</th></tr>"]
        for answer in item.answers:
            value = "" if answer.value is None else str(answer.value)
            shown = f"{value} ({answer.label})" if answer.label else value
            rows.append(f"<tr><td>{_esc(answer.question)}</td><td>{_esc(shown)}</td></tr>")
        parts.append(f'<table class="data" width="100%" cellspacing="0">{"".join(rows)}</table>')
    for text in item.texts:
        parts.append(f"<h4>{_esc(text.label)}</h4>{_marked(text.value)}")
    return "".join(parts)


def _versions_html(item: Item) -> str:
    """Every version of a record, oldest first: for the agreement, each change and withdrawal."""
    if not item.versions:
        return ""
    rows = [
        "<tr>"
        + "".join(f"<th>{_esc(h)}</th>" for h in (_tr("Recorded"), _tr("By"), _tr("What it said")))
        + "</tr>"
    ]
    for version in item.versions:
        said = _esc(version.summary)
        if version.explained.text.strip():
            said += _marked(version.explained)
        rows.append(
            f"<tr><td>{_esc(_local(version.recorded_at))}</td>"
            f"<td>{_person(version.recorded_by)}</td><td>{said}</td></tr>"
        )
    heading = _tr("Every version, oldest first")
    table = f'<table class="data" width="100%" cellspacing="0">{"".join(rows)}</table>'
    return f"<h4>{_esc(heading)}</h4>{table}"


def _section(title: str, items: Iterable[Item], empty: str, heading) -> list[str]:  # noqa: ANN001
    items = list(items)
    parts = [f"<h2>{_esc(title)} ({len(items)})</h2>"]
    if not items:
        parts.append(f'<p class="muted">{_esc(empty)}</p>')
    parts += [_item_html(item, heading(item)) for item in items]
    return parts


def _audit_html(lines: list[AuditLine]) -> str:
    if not lines:
        return (
            f'<p class="muted">{_esc(_tr("No one has opened or exported these records here."))}</p>'
        )
    rows = [
        "<tr>"
        + "".join(f"<th>{_esc(h)}</th>" for h in (_tr("When"), _tr("Who"), _tr("What")))
        + "</tr>"
    ]
    for line in lines:
        what = line.words
        if line.others:
            what += " " + _tr("(and {0} records about other people, not shown)").format(line.others)
        rows.append(
            f"<tr><td>{_esc(_local(line.at))}</td><td>{_person(line.who)}</td>"
            f"<td>{_esc(what)}</td></tr>"
        )
    return f'<table class="data" width="100%" cellspacing="0">{"".join(rows)}</table>'


def subject_access_html(sar: SubjectAccess) -> str:
    name = sar.display_name or _tr("this family")
    parts = [
        f"<h1>{_esc(_tr('What Relapp holds about {0}').format(name))}</h1>",
        '<p class="meta">'
        + _esc(
            _tr(
                "Reference code {0}. A subject access export (UK GDPR Article 15), made by {1} "
                "on {2}."
            ).format(sar.reference or "—", sar.made_by.name, _local(sar.made_at))
        )
        + "</p>",
        '<table class="data box" width="100%" cellspacing="0"><tr><td>'
        + f"<h3>{_esc(_tr('Before this is shared: redaction review'))}</h3>"
        + f"<p>{_esc(review_notice(sar))}</p>"
        + "<p>"
        + _esc(_tr("Marked places are highlighted like "))
        + f'<span class="review">{_esc(_tr("this"))}</span>'
        + _esc(_tr(", followed by the reason in brackets:"))
        + "</p><ul>"
        + "".join(
            f"<li><i>{_esc(_reason(key))}</i>: {_esc(words)}</li>" for key, words in REASONS.items()
        )
        + "</ul></td></tr></table>",
        f"<h2>{_esc(_tr('In this export'))}</h2><ul>",
    ]
    counts = [
        (_tr("Visits"), len(sar.visits)),
        (_tr("Check-ins"), len(sar.checkins)),
        (_tr("Reflections"), len(sar.reflections)),
        (_tr("Feedback and replies"), len(sar.feedback)),
        (_tr("Words typed but not sent yet"), len(sar.unsent)),
        (_tr("Barriers noted at the family's visits"), len(sar.barriers)),
        (_tr("Supervision sessions that mention the family"), len(sar.mentions)),
        (
            _tr("Versions of the family's agreement (agreed, changed, withdrawn)"),
            sum(len(i.versions) for i in sar.agreements),
        ),
        (_tr("Times someone opened, changed or exported these records"), len(sar.audit)),
    ]
    parts += [f"<li>{_esc(label)}: {count}</li>" for label, count in counts]
    parts.append("</ul>")
    parts.append(
        '<p class="note">'
        + _esc(
            _tr(
                "Everything is shown as it is now. Relapp also keeps every earlier version of "
                "each record. The trail of who opened them is this laptop's and, on a "
                "supervisor's laptop, every team laptop's it has received by its last sync. "
                "Records in the trash are included and say so."
            )
        )
        + "</p>"
    )

    family = sar.family
    parts.append(f'<h2 style="page-break-before: always">{_esc(_tr("The family"))}</h2>')
    parts.append(_facts(family))
    if sar.members:
        rows = [
            "<tr>"
            + "".join(f"<th>{_esc(h)}</th>" for h in (_tr("Name"), _tr("Role"), _tr("Born")))
            + "</tr>"
        ]
        rows += [
            f"<tr><td>{_esc(str(m['name']))}</td><td>{_esc(str(m['role'] or ''))}</td>"
            f"<td>{_esc(str(m['birth_year'] or ''))}</td></tr>"
            for m in sar.members
        ]
        parts.append(f"<h4>{_esc(_tr('Members'))}</h4>")
        parts.append(f'<table class="data" cellspacing="0">{"".join(rows)}</table>')
    for text in family.texts:
        parts.append(f"<h4>{_esc(text.label)}</h4>{_marked(text.value)}")
    if family.in_trash:
        parts.append(
            f'<p class="note">{_esc(_tr("Deleted (in the trash): Relapp still keeps it."))}</p>'
        )

    parts += _section(
        _tr("Visits"),
        sar.visits,
        _tr("No visits are recorded."),
        lambda i: _tr("Visit on {0}").format(_local(str(i.data.get("when") or ""))),
    )
    parts += _section(
        _tr("Check-ins"),
        sar.checkins,
        _tr("No check-ins are recorded."),
        lambda i: f"{i.title} · {_local(str(i.data.get('when') or ''))}",
    )
    parts += _section(
        _tr("Reflections"),
        sar.reflections,
        _tr("No reflections are recorded."),
        lambda i: _tr("Reflection written on {0}").format(_local(i.created_at)),
    )
    parts += _section(
        _tr("Feedback and replies"),
        sar.feedback,
        _tr("No feedback is recorded."),
        lambda i: f"{i.title} · {_local(i.created_at)}",
    )
    if sar.unsent:
        parts += _section(_tr("Words typed but not sent yet"), sar.unsent, "", lambda i: i.title)
    if sar.barriers:
        parts += _section(
            _tr("Barriers noted at the family's visits"), sar.barriers, "", lambda i: i.title
        )
    if sar.others:
        parts += _section(_tr("Other records"), sar.others, "", lambda i: i.title)

    mentions = _tr("Supervision notes that mention the family ({0})").format(len(sar.mentions))
    parts.append(f"<h2>{_esc(mentions)}</h2>")
    if not sar.mentions:
        parts.append(
            f'<p class="muted">{_esc(_tr("No supervision notes mention the family."))}</p>'
        )
    else:
        parts.append(
            '<p class="note">'
            + _esc(_tr("Only the passages that name the family are shown."))
            + "</p>"
        )
    for mention in sar.mentions:
        parts.append(f"<h3>{_esc(_tr('Supervision on {0}').format(_local(mention.when)))}</h3>")
        if mention.practitioner is not None:
            parts.append(f"<p>{_esc(_tr('With'))} {_person(mention.practitioner)}</p>")
        parts += [_marked(p) for p in mention.passages]

    parts.append(f"<h2>{_esc(_tr('Agreement'))}</h2>")
    if sar.agreements:
        for item in sar.agreements:
            parts.append(_item_html(item, item.title))
            parts.append(_versions_html(item))
    else:
        parts.append(
            '<p class="muted">'
            + _esc(_tr("Relapp holds no agreement record for this family: none was recorded."))
            + "</p>"
        )

    parts.append(f"<h2>{_esc(_tr('Who opened, changed or exported these records'))}</h2>")
    parts.append(_audit_html(sar.audit))
    return "".join(parts)


def subject_access_pdf(sar: SubjectAccess, progress: Progress = None) -> tuple[bytes, int]:
    """The export's PDF as bytes (the service writes it with the JSON), and its pages."""
    title = _tr("Subject access: {0}").format(sar.display_name or sar.reference)
    page = _Page(title, landscape=False)
    footer = _tr("Subject access · {0} · {1} · Confidential: review before sharing").format(
        sar.reference or sar.display_name, format_day(sar.made_at[:10])
    )
    return render_html(
        subject_access_html(sar),
        title=title,
        footer=footer,
        progress=progress,
        page=page,
        css=SAR_CSS,
    )
