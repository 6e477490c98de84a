"""The anonymised learning report for system leaders, built from a team's vault for one ended
calendar quarter, with its small-number protection (relapp.services.disclosure): a count below
5 reads "fewer than 5"; further counts are "hidden" until no hidden or small count can be worked
out from the totals (checked exactly, with the knowledge a reader has)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from relapp.services import disclosure, subject_access
from relapp.services.disclosure import (
    FEWER_THAN,
    HIDDEN,
    MIN_FAMILIES,
    SMALL_COUNT,
    LinkedCounts,
    Period,
    check_learning_period,
    learning_periods,
    month_label,
    period,
)
from relapp.services.errors import ServiceError
from relapp.services.profile import Session
from relapp.services.reports.common import (
    NOT_RECORDED,
    Progress,
    barrier_day,
    categories_of,
    category_titles,
    day_of,
    month_of,
    readable,
    stage_reached,
    steps,
    test_overlaps,
)
from relapp.services.reports.model import (
    RESPONDENT_WORDS,
    AverageCell,
    AverageRow,
    AverageTable,
    ChangeTestOutcome,
    CountTable,
    Excerpt,
    LearningReport,
)
from relapp.store import audit


def _count_table(
    linked: LinkedCounts,
    t: int,
    *,
    key: str,
    title: str,
    row_header: str,
    column_header: str,
    row_keys: Sequence[str],
    rows: Sequence[str],
    column_keys: Sequence[str],
    columns: Sequence[str],
) -> CountTable:
    return CountTable(
        key=key,
        title=title,
        row_header=row_header,
        column_header=column_header,
        row_keys=tuple(row_keys),
        rows=tuple(rows),
        column_keys=tuple(column_keys),
        columns=tuple(columns),
        cells=tuple(
            tuple(linked.cell(("x", t, i, j)) for j in range(len(columns)))
            for i in range(len(rows))
        ),
        row_totals=tuple(linked.cell(("r", i)) for i in range(len(rows))),
        column_totals=tuple(linked.cell(("c", t, j)) for j in range(len(columns))),
        total=linked.cell(("g",)),
    )


def _averages(
    session: Session, span: Period, months: Sequence[str], column_of: Callable[[date], str]
) -> AverageTable:
    instruments = session.definitions.instruments
    found: dict[tuple[str, str, str], list[tuple[float, str]]] = {}
    for record in readable(session.records.list("checkin")):
        data = record.data
        when = day_of(data.get("when"))
        if when not in span or data.get("score") is None:
            continue
        key = (str(data.get("instrument_id", "")), str(data.get("respondent", "")), column_of(when))
        found.setdefault(key, []).append((float(data["score"]), str(data.get("family_id", ""))))
    rows = []
    # Every instrument and respondent it allows, whether used or not: a row's presence says
    # nothing about how many check-ins there were.
    for instrument in instruments.values():
        for respondent in instrument.respondents:
            cells = []
            for month in months:
                values = found.get((instrument.id, respondent, month), [])
                if len(values) < SMALL_COUNT:
                    cells.append(AverageCell(None, None, FEWER_THAN))
                elif len({family for _score, family in values}) < MIN_FAMILIES:
                    cells.append(AverageCell(None, len(values), HIDDEN))
                else:
                    mean = sum(score for score, _family in values) / len(values)
                    cells.append(AverageCell(round(mean, 1), len(values)))
            rows.append(
                AverageRow(
                    instrument.id,
                    instrument.title,
                    RESPONDENT_WORDS.get(respondent, respondent),
                    tuple(cells),
                    respondent,
                )
            )
    return AverageTable(tuple(months), tuple(column_label(m) for m in months), tuple(rows))


GROUPINGS = ("month", "quarter")
# Above this share of cells reading "fewer than 5" or hidden, a report says what would help.
MOSTLY_HIDDEN = 0.5


def quarter_key(span: Period) -> str:
    return f"{span.start.year:04d}-Q{(span.start.month - 1) // 3 + 1}"


def column_label(key: str) -> str:
    """A column's words: "Mar 2026" for a month, "Jan–Mar 2026" for a quarter."""
    if "-Q" not in key:
        return month_label(key)
    year, quarter = key.split("-Q")
    first = (int(quarter) - 1) * 3 + 1
    return f"{month_label(f'{year}-{first:02d}')[:3]}–{month_label(f'{year}-{first + 2:02d}')}"


def hidden_share(report: LearningReport) -> tuple[int, int]:
    """(cells that read "fewer than 5" or hidden, all cells) of the barriers by category and
    column and of the check-in averages: what the reader cannot read."""
    cells = [cell.note for row in report.by_month.cells for cell in row]
    cells += [cell.note for row in report.averages.rows for cell in row.cells]
    return sum(1 for note in cells if note), len(cells)


def grouping_advice(report: LearningReport) -> str:
    """What to do when most of the report would read "fewer than 5", and why; "" otherwise."""
    hidden, total = hidden_share(report)
    if not total or hidden / total <= MOSTLY_HIDDEN:
        return ""
    share = f"{hidden} of {total} figures"
    if report.grouping == "month":
        return (
            f"{share} would read \u201cfewer than 5\u201d or be hidden: in a month this team "
            "records too few barriers and check-ins for them to be shown without the risk of "
            "pointing to a family. Shown for the whole quarter instead (by quarter), more of "
            "them can be read, with the same protection."
        )
    return (
        f"{share} still read \u201cfewer than 5\u201d or are hidden for the whole quarter. "
        "Read the totals across all categories (the last row and column), which can be shown; "
        "the categories fill in as the team records more, or in a county report that pools "
        "several teams."
    )


def _change_test_outcomes(
    session: Session, span: Period, include_excerpts: set[str] | frozenset[str]
) -> list[ChangeTestOutcome]:
    titles = category_titles(session)
    order = list(titles)
    barriers = {r.id: r for r in readable(session.records.list("barrier"))}
    tests = [r for r in readable(session.records.list("change_test")) if test_overlaps(r, span)]
    tests.sort(key=lambda r: (str(r.data.get("start_date") or r.created_at), r.created_at))
    out = []
    problems = []
    find_names = subject_access.name_finder(session) if include_excerpts else None
    for number, record in enumerate(tests, start=1):
        data = record.data
        excerpt = None
        if record.id in include_excerpts and find_names is not None:
            excerpt = Excerpt(
                str(data.get("title", "")).strip(),
                str(data.get("measure") or "").strip(),
                str(data.get("outcome") or "").strip(),
            )
            for part, text in zip(
                ("title", "measure", "outcome"),
                (excerpt.title, excerpt.measure, excerpt.outcome),
                strict=True,
            ):
                if names := find_names(text):
                    started = day_of(data.get("start_date"))
                    which = f"started {started}" if started else "not started"
                    found = ", ".join(f"“{n}”" for n in names)
                    problems.append(f"the {part} of change test {number} ({which}) names {found}")
        out.append(
            ChangeTestOutcome(
                number=number,
                addresses=tuple(titles.get(c, c) for c in categories_of(record, barriers, order)),
                started=month_of(day_of(data.get("start_date"))),
                ended=month_of(day_of(data.get("end_date"))),
                status=str(data.get("status") or "planned"),
                stage=stage_reached(data),
                excerpt=excerpt,
            )
        )
    if problems:
        raise ServiceError(
            "An excerpt goes into the report word for word, and "
            + "; ".join(problems)
            + ". Edit the change test, or leave its excerpt out."
        )
    return out


@dataclass(frozen=True, slots=True)
class ChangeTestChoice:
    """A change test as the supervisor sees it when choosing which excerpts to include."""

    id: str
    title: str
    status: str
    start_date: str
    has_text: bool  # a measure or an outcome is written


def change_test_choices(
    session: Session, start: str | date | None = None, end: str | date | None = None
) -> list[ChangeTestChoice]:
    """The change tests a learning report for the period would include, newest first."""
    span = period(start or date.min, end or date.max)
    rows = []
    for record in readable(session.records.list("change_test")):
        if not test_overlaps(record, span):
            continue
        data = record.data
        rows.append(
            ChangeTestChoice(
                record.id,
                str(data.get("title", "")),
                str(data.get("status") or "planned"),
                str(data.get("start_date") or ""),
                bool(
                    str(data.get("measure") or "").strip() or str(data.get("outcome") or "").strip()
                ),
            )
        )
    rows.sort(key=lambda c: (c.start_date, c.title.casefold()), reverse=True)
    return rows


def learning_report(
    session: Session,
    start: str | date,
    end: str | date,
    *,
    include_excerpts: Iterable[str] = (),
    progress: Progress = None,
    today: date | None = None,
    fixed_periods: bool = True,
    grouping: str = "month",
) -> LearningReport:
    """The anonymised learning report for a period: one calendar quarter that has ended (see
    relapp.services.disclosure; fixed_periods=False only to show what other periods would give
    away). No names, reference codes, record ids or free text leave this function, except the
    title, measure and outcome of change tests whose id is in include_excerpts (a supervisor
    read them and ticked "include reviewed excerpt"), once checked for names."""
    span = period(start, end)
    if grouping not in GROUPINGS:
        raise ServiceError("A learning report shows its figures by month or by quarter.")
    if fixed_periods:
        check_learning_period(span, today or date.today())
    audit.record(session.vault, "report")
    return _build(session, span, set(include_excerpts), progress, today, grouping)


def grouping_advice_for(
    session: Session, start: str | date, end: str | date, grouping: str = "month"
) -> str:
    """What the report for this period and grouping would advise (see grouping_advice), for
    the screen that offers the choice; nothing leaves, so nothing is recorded in the audit."""
    if grouping not in GROUPINGS:
        raise ServiceError("A learning report shows its figures by month or by quarter.")
    return _build(session, period(start, end), set(), None, None, grouping).advice


def _build(
    session: Session,
    span: Period,
    include_excerpts: set[str],
    progress: Progress,
    today: date | None,
    grouping: str,
) -> LearningReport:
    step = steps(progress, 4)
    if grouping == "quarter":
        whole = quarter_key(span)
        months = [whole]

        def column_of(_day: date) -> str:
            return whole
    else:
        months = span.month_keys
        column_of = month_of
    titles = category_titles(session)
    categories = list(titles)
    barriers = [r for r in readable(session.records.list("barrier")) if barrier_day(r) in span]
    for record in barriers:
        category = str(record.data.get("category", ""))
        if category not in titles:
            categories.append(category)
            titles[category] = category
    services = sorted(
        {
            str(r.data.get("service") or "").strip()
            for r in [*barriers, *readable(session.records.list("family"))]
        }
        - {""},
        key=str.casefold,
    ) + [NOT_RECORDED]
    by_month = [[0] * len(months) for _ in categories]
    by_service = [[0] * len(services) for _ in categories]
    for record in barriers:
        i = categories.index(str(record.data.get("category", "")))
        by_month[i][months.index(column_of(barrier_day(record)))] += 1
        service = str(record.data.get("service") or "").strip() or NOT_RECORDED
        by_service[i][services.index(service)] += 1
    step()
    linked = LinkedCounts([by_service, by_month])
    linked.protect()
    step()
    rows = [titles[c] for c in categories]
    common = {"row_header": "Barrier category", "row_keys": categories, "rows": rows}
    month_table = _count_table(
        linked,
        1,
        key="barriers-by-month" if grouping == "month" else "barriers-by-quarter",
        title=f"Barriers noticed, by category and {grouping}",
        column_header="month",  # the CSV's column: a month, or the quarter as "2026-Q3"
        column_keys=months,
        columns=[column_label(m) for m in months],
        **common,
    )
    service_table = _count_table(
        linked,
        0,
        key="barriers-by-service",
        title="Barriers noticed, by category and service",
        column_header="service",
        column_keys=services,
        columns=services,
        **common,
    )
    tests = _change_test_outcomes(session, span, include_excerpts)
    step()
    averages = _averages(session, span, months, column_of)
    step()
    report = LearningReport(
        period=span,
        prepared_on=today or date.today(),
        by_month=month_table,
        by_service=service_table,
        change_tests=tests,
        averages=averages,
        grouping=grouping,
    )
    report.advice = grouping_advice(report)
    return report


def report_periods(session: Session, today: date | None = None) -> list[Period]:
    """The quarters a learning report may cover here, newest first (see disclosure)."""
    days = [f.day for f in disclosure_facts(session)]
    return learning_periods(min(days) if days else None, today or date.today())


def disclosure_facts(session: Session) -> list[disclosure.Fact]:
    """Every record the learning report counts, as the disclosure checker needs it: barriers
    by category, service and day; check-ins by instrument, respondent and day."""
    facts = []
    for record in readable(session.records.list("barrier")):
        day = barrier_day(record)
        if day is not None:
            service = str(record.data.get("service") or "").strip() or NOT_RECORDED
            category = str(record.data.get("category", ""))
            facts.append(disclosure.Fact(disclosure.BARRIERS, category, service, day))
    instruments = session.definitions.instruments
    for record in readable(session.records.list("checkin")):
        data = record.data
        day = day_of(data.get("when"))
        instrument = instruments.get(str(data.get("instrument_id", "")))
        respondent = str(data.get("respondent", ""))
        if (
            day
            and instrument
            and respondent in instrument.respondents
            and data.get("score") is not None
        ):
            facts.append(disclosure.Fact(disclosure.CHECKINS, instrument.id, respondent, day))
    return facts
