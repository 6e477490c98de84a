"""Check-in trend charts: one instrument's scores over time, per respondent, with the alert
threshold marked, and a plain-text summary beneath for screen readers and quick reading.

Shared by the family page, the Check-ins page and the supervisor's caseload view.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from PySide6.QtCharts import (
    QChart,
    QChartView,
    QDateTimeAxis,
    QLegend,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QLocale, QMargins, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QPainter, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QGraphicsSimpleTextItem,
    QLabel,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.definitions import RESPONDENTS, Instrument
from relapp.ui.formatting import (
    alert_colour,
    from_qdatetime,
    is_dark,
    number,
    qdatetime,
    short_date,
)

DAY_MS = 24 * 60 * 60 * 1000


class ScorePoint(Protocol):
    """What a chart needs from a check-in (relapp.services.families.TrendPoint fits)."""

    @property
    def when(self) -> datetime: ...

    @property
    def score(self) -> float: ...

    @property
    def respondent(self) -> str: ...


def respondent_colour(palette: QPalette, respondent: str) -> QColor:
    if respondent == "practitioner":
        return palette.color(QPalette.ColorRole.Highlight)
    if respondent == "parent":
        return QColor("#e0b040") if is_dark(palette) else QColor("#8a5a00")
    return palette.color(QPalette.ColorRole.Text)


def level(value: float) -> str:
    """A threshold or scale point: 3, 2.5."""
    return QLocale.system().toString(round(float(value), 2), "g", 6)


def _msecs(when: datetime) -> float:
    return float(qdatetime(when).toMSecsSinceEpoch())


class TrendChart(QWidget):
    """set_series(instrument, points) draws one instrument for one family (or one person)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instrument: Instrument | None = None
        self.threshold: float | None = None
        self.threshold_series: QLineSeries | None = None
        self.respondent_series: dict[str, QLineSeries] = {}

        self.title = QLabel()
        title_font = QFont(self.title.font())
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title_font)
        self.title.setWordWrap(True)

        self.chart = QChart()
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.legend().setMarkerShape(QLegend.MarkerShape.MarkerShapeFromSeries)
        self.chart.plotAreaChanged.connect(self._place_threshold_label)
        self.threshold_label = QGraphicsSimpleTextItem(self.chart)
        self.threshold_label.setVisible(False)

        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(220)
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.view.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        # One pair of axes for the chart's whole life: an axis removed from a QChart leaves its
        # labels drawn until the next full repaint, so a new family's dates were drawn over the
        # last one's after a resize.
        self.x_axis = QDateTimeAxis()
        self.x_axis.setFormat("d MMM")
        # A real range from the start: laid out with the default (empty) one, the chart keeps
        # no room for the date labels after the first family's range is set.
        now = QDateTime.currentDateTime()
        self.x_axis.setRange(now.addDays(-30), now)
        self.y_axis = QValueAxis()
        self.chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        self._wanted_ticks = 2
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        self._apply_palette()

    # ---- drawing ---------------------------------------------------------------------------

    def _apply_palette(self) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        self.chart.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
        self.chart.setBackgroundPen(QPen(palette.color(QPalette.ColorRole.Mid)))
        self.chart.setBackgroundRoundness(4)
        self.chart.legend().setLabelColor(text)
        self.chart.legend().setFont(self.font())
        self.threshold_label.setBrush(alert_colour(palette))
        self.threshold_label.setFont(self.font())
        self._axis_style(self.x_axis)
        self._axis_style(self.y_axis)

    def _fit_ticks(self) -> None:
        """No more date labels than fit side by side, so none is cut to '26 M…'."""
        axis = self.x_axis
        label_width = self.fontMetrics().horizontalAdvance("26 May") + 24
        room = max(2, (self.view.width() - 60) // label_width)
        axis.setTickCount(int(max(2, min(self._wanted_ticks, room))))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_ticks()

    def _axis_style(self, axis: QValueAxis | QDateTimeAxis) -> None:
        palette = self.palette()
        axis.setLabelsFont(self.font())
        axis.setLabelsColor(palette.color(QPalette.ColorRole.Text))
        grid = QColor(palette.color(QPalette.ColorRole.Mid))
        grid.setAlpha(90)
        axis.setGridLineColor(grid)
        axis.setLinePenColor(palette.color(QPalette.ColorRole.Mid))

    def set_series(self, instrument: Instrument, points: Sequence[ScorePoint]) -> None:
        self.instrument = instrument
        self.title.setText(instrument.title)
        self.chart.removeAllSeries()
        self.respondent_series = {}
        self.threshold_series = None
        self.threshold = instrument.alert.threshold if instrument.alert else None

        ordered = sorted(points, key=lambda p: p.when)
        summary = self.summary_text(instrument, ordered)
        self.summary.setText(summary)
        self.summary.setAccessibleName(summary)
        below = any(self._latest_below(instrument, ordered).values())
        self.summary.setStyleSheet(
            f"color: {alert_colour(self.palette()).name()}; font-weight: 600;" if below else ""
        )
        self.view.setAccessibleName(self.tr("{0}: trend chart").format(instrument.title))
        self.view.setAccessibleDescription(summary)
        self.view.setVisible(bool(ordered))
        if not ordered:
            self.threshold_label.setVisible(False)
            return

        x_axis, y_axis = self.x_axis, self.y_axis
        first, last = _msecs(ordered[0].when), _msecs(ordered[-1].when)
        pad = max((last - first) * 0.04, 3 * DAY_MS)
        x_axis.setRange(
            QDateTime.fromMSecsSinceEpoch(int(first - pad)),
            QDateTime.fromMSecsSinceEpoch(int(last + pad)),
        )
        span_days = (last - first) / DAY_MS
        self._wanted_ticks = max(2, min(7, int(span_days // 21) + 2))
        self._fit_ticks()

        low, high = instrument.score_range
        y_axis.setRange(low, high)
        steps = int(high - low)
        y_axis.setTickCount(steps + 1 if steps <= 10 else 6)
        y_axis.setLabelFormat("%.0f" if steps <= 10 else "%.1f")

        if self.threshold is not None:
            line = QLineSeries()
            line.setName(self.tr("Alert below {0}").format(level(self.threshold)))
            pen = QPen(alert_colour(self.palette()))
            pen.setWidthF(1.5)
            pen.setStyle(Qt.PenStyle.DashLine)
            line.setPen(pen)
            line.append(first - pad, self.threshold)
            line.append(last + pad, self.threshold)
            self.chart.addSeries(line)
            line.attachAxis(x_axis)
            line.attachAxis(y_axis)
            self.threshold_series = line

        respondents = [r for r in RESPONDENTS if any(p.respondent == r for p in ordered)]
        respondents += sorted({p.respondent for p in ordered} - set(respondents))
        for respondent in respondents:
            series = QLineSeries()
            series.setName(self.respondent_name(respondent))
            pen = QPen(respondent_colour(self.palette(), respondent))
            pen.setWidthF(2.2)
            if respondent != "practitioner":
                pen.setStyle(Qt.PenStyle.DotLine)  # told apart without colour too
            series.setPen(pen)
            series.setPointsVisible(True)
            series.setMarkerSize(6.0)
            for point in ordered:
                if point.respondent == respondent:
                    series.append(_msecs(point.when), float(point.score))
            series.hovered.connect(
                lambda pt, state, who=respondent: self._show_point(pt, state, who)
            )
            self.chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
            self.respondent_series[respondent] = series

        legend = self.chart.legend()
        legend.setVisible(True)  # whose ratings these are, even when one person gave them all
        if self.threshold_series is not None:
            for marker in legend.markers(self.threshold_series):
                marker.setVisible(False)  # the line carries its own label
            self.threshold_label.setText(self.threshold_series.name())
            self.threshold_label.setVisible(True)
            self.threshold_label.setZValue(10)
        else:
            self.threshold_label.setVisible(False)
        self._place_threshold_label()

    def _place_threshold_label(self) -> None:
        """Beside the alert line, where no point is: above it at the left end if that is free
        (trends that dip usually do so recently, on the right), else below it, else at the
        right end."""
        line = self.threshold_series
        if line is None or line.count() < 2:
            return
        box = self.threshold_label.boundingRect()
        start = self.chart.mapToPosition(line.at(0), line)
        end = self.chart.mapToPosition(line.at(line.count() - 1), line)
        left, right = start.x() + 6, end.x() - box.width() - 6
        above, below = start.y() - box.height() - 1, start.y() + 2
        points = [
            self.chart.mapToPosition(series.at(i), series)
            for series in self.respondent_series.values()
            for i in range(series.count())
        ]
        margin = 6.0  # a marker's radius and a little air
        for x, y in ((left, above), (left, below), (right, above), (right, below)):
            area = QRectF(x, y, box.width(), box.height()).adjusted(
                -margin, -margin, margin, margin
            )
            if not any(area.contains(point) for point in points):
                break
        else:
            x, y = left, above
        self.threshold_label.setPos(QPointF(x, y))

    def _show_point(self, point: QPointF, state: bool, respondent: str) -> None:
        if not state:
            QToolTip.hideText()
            return
        when = from_qdatetime(QDateTime.fromMSecsSinceEpoch(int(point.x()))).date()
        text = self.tr("{0}, {1}: {2}").format(
            self.respondent_name(respondent), short_date(when), number(point.y())
        )
        QToolTip.showText(QCursor.pos(), text, self.view)

    # ---- words -----------------------------------------------------------------------------

    def respondent_name(self, respondent: str) -> str:
        names = {
            "practitioner": self.tr("Practitioner"),
            "parent": self.tr("Parent"),
            "other": self.tr("Someone else"),
        }
        return names.get(respondent, respondent.capitalize())

    @staticmethod
    def _latest_below(instrument: Instrument, ordered: Sequence[ScorePoint]) -> dict[str, bool]:
        threshold = instrument.alert.threshold if instrument.alert else None
        latest: dict[str, ScorePoint] = {}
        for point in ordered:
            latest[point.respondent] = point
        return {
            who: threshold is not None and point.score < threshold for who, point in latest.items()
        }

    def summary_text(self, instrument: Instrument, points: Sequence[ScorePoint]) -> str:
        """'Latest 2.8 on 4 Mar — below the alert threshold.' (per respondent when several)."""
        ordered = sorted(points, key=lambda p: p.when)
        if not ordered:
            return self.tr("No check-ins with this instrument yet.")
        threshold = instrument.alert.threshold if instrument.alert else None
        change = instrument.alert.reliable_change if instrument.alert else None
        by_respondent: dict[str, list[ScorePoint]] = {}
        for point in ordered:
            by_respondent.setdefault(point.respondent, []).append(point)
        several = len(by_respondent) > 1
        sentences = []
        for respondent in sorted(by_respondent, key=_respondent_order):
            own = by_respondent[respondent]
            latest = own[-1]
            text = self.tr("Latest {0} on {1}").format(
                number(latest.score), short_date(latest.when.date())
            )
            if several:
                text = self.tr("{0}: latest {1} on {2}").format(
                    self.respondent_name(respondent),
                    number(latest.score),
                    short_date(latest.when.date()),
                )
            if threshold is not None and latest.score < threshold:
                text += self.tr(" — below the alert threshold")
            if change is not None and len(own) > 1:
                drop = own[-2].score - latest.score
                if drop >= change - 1e-9:
                    text += self.tr(", down {0} since the previous check-in").format(number(drop))
            sentences.append(text + ".")
        count = len(ordered)
        sentences.append(
            self.tr("{0} check-ins since {1}.").format(count, short_date(ordered[0].when.date()))
            if count > 1
            else self.tr("One check-in so far.")
        )
        return " ".join(sentences)


def _respondent_order(respondent: str) -> int:
    return RESPONDENTS.index(respondent) if respondent in RESPONDENTS else len(RESPONDENTS)
