"""Check-in trend charts: one instrument's scores over time, per respondent, with the alert
threshold marked, and a plain-text summary beneath for screen readers and quick reading.

Shared by the family page, the Check-ins page and the supervisor's caseload view. The plot is a
plain widget painted by relapp.ui.trend_paint, the painter of the printed reports' charts too
(QtCharts mapped some 3 MB of libraries into every session for this one small line chart).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QEvent, QPoint, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolTip, QVBoxLayout, QWidget

from relapp.domain.definitions import Instrument
from relapp.ui.formatting import alert_colour, number, short_date
from relapp.ui.trend_paint import (
    ChartStyle,
    ScorePoint,
    TrendData,
    TrendLayout,
    lay_out,
    level,
    paint,
    respondent_colour,
    respondent_name,
    respondent_order,
)

__all__ = ["ScorePoint", "TrendChart", "TrendPlot", "level", "respondent_colour"]

# (respondent, index in its series): one point of the chart.
PointKey = tuple[str, int]


class TrendPlot(QWidget):
    """The plot: painted with relapp.ui.trend_paint in the widget's palette and font, focusable,
    with a tooltip for the point under the pointer and the arrow keys to step through the
    points (the same words, shown beside the point and announced to screen readers)."""

    def __init__(
        self, describe: Callable[[str, datetime, float], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._describe = describe
        self.data: TrendData | None = None
        self.names: dict[str, str] = {}
        self.threshold_text = ""
        self.current: PointKey | None = None  # chosen with the keyboard
        self.hovered: PointKey | None = None  # under the pointer
        self._laid_out: TrendLayout | None = None
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_data(self, data: TrendData, names: dict[str, str], threshold_text: str) -> None:
        self.data = data
        self.names = names
        self.threshold_text = threshold_text
        self.current = self.hovered = None
        self._laid_out = None
        if QToolTip.isVisible():
            QToolTip.hideText()
        self.update()

    # ---- layout ------------------------------------------------------------------------------

    def chart_style(self) -> ChartStyle:
        return ChartStyle(self.palette(), self.font(), self.names, self.threshold_text)

    def chart_layout(self, size: QSize | None = None) -> TrendLayout:
        """Where the plot, labels, points and legend go at a size (the widget's own by default)."""
        data = self.data or TrendData(0.0, 1.0, None, {}, datetime.now(), datetime.now())
        if size is not None:
            return self._lay_out(data, size)
        if self._laid_out is None or self._laid_out.size != QSizeF(self.size()):
            self._laid_out = self._lay_out(data, self.size())
        return self._laid_out

    def _lay_out(self, data: TrendData, size: QSize) -> TrendLayout:
        metrics = QFontMetricsF(self.font(), self)
        return lay_out(data, self.chart_style(), QSizeF(size), metrics)

    def point_text(self, key: PointKey) -> str:
        """'Parent, 4 Mar: 2.8'."""
        who, index = key
        when, score = self.data.series[who][index] if self.data else (datetime.now(), 0.0)
        return self._describe(who, when, score)

    # ---- events ------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(480, 260)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(160, 220)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        if self.data is None:
            return  # shown before its first series: nothing to draw yet
        painter = QPainter(self)
        try:
            paint(painter, self.chart_layout(), self.chart_style(), self.current or self.hovered)
            if self.hasFocus():
                pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.drawRoundedRect(self.rect().toRectF().adjusted(1, 1, -1, -1), 4, 4)
        finally:
            painter.end()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._laid_out = None
            self.update()
        super().changeEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        laid_out = self.chart_layout()
        reach = max(8.0, self.chart_style().marker_size / 2 + 4)
        key = laid_out.point_near(event.position(), reach)
        if key != self.hovered:
            self.hovered = key
            self.update()
        if key is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self.point_text(key), self)
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if self.hovered is not None:
            self.hovered = None
            self._unmark()
        super().leaveEvent(event)

    def _unmark(self) -> None:
        """A point no longer chosen or pointed at: its words go, its ring is drawn away."""
        QToolTip.hideText()
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        order = self.data.in_time_order() if self.data else []
        key = event.key()
        if order and key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End):
            at = order.index(self.current) if self.current in order else None
            if key == Qt.Key.Key_Home:
                at = 0
            elif key == Qt.Key.Key_End:
                at = len(order) - 1
            elif key == Qt.Key.Key_Left:
                at = len(order) - 1 if at is None else max(0, at - 1)
            else:
                at = 0 if at is None else min(len(order) - 1, at + 1)
            self.step_to(order[at])
            event.accept()
            return
        if key == Qt.Key.Key_Escape and self.current is not None:
            self.current = None
            self._unmark()
            event.accept()
            return
        super().keyPressEvent(event)

    def step_to(self, key: PointKey) -> None:
        """Choose a point as the arrow keys do: ringed, its words beside it and announced."""
        self.current = key
        self.update()
        text = self.point_text(key)
        at = self.chart_layout().points[key[0]][key[1]]
        below = QPoint(round(at.x()), round(at.y() + self.chart_style().marker_size))
        QToolTip.showText(self.mapToGlobal(below), text, self)
        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self, text))

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        if self.current is not None:
            self.current = None
            QToolTip.hideText()
        self.update()  # the focus ring goes either way
        super().focusOutEvent(event)


class TrendChart(QWidget):
    """set_series(instrument, points) draws one instrument for one family (or one person)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instrument: Instrument | None = None
        self.threshold: float | None = None
        # The alert line, from the first date shown to the last: [(when, threshold)] * 2.
        self.threshold_series: list[tuple[datetime, float]] | None = None
        # respondent -> their (when, score), oldest first.
        self.respondent_series: dict[str, list[tuple[datetime, float]]] = {}

        self.title = QLabel()
        title_font = QFont(self.title.font())
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title_font)
        self.title.setWordWrap(True)

        self.view = TrendPlot(self.point_text)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)

    def set_series(self, instrument: Instrument, points: Sequence[ScorePoint]) -> None:
        self.instrument = instrument
        self.title.setText(instrument.title)
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

        data = TrendData.of(instrument, ordered)
        self.respondent_series = data.series
        self.threshold_series = (
            [(data.first, self.threshold), (data.last, self.threshold)]
            if self.threshold is not None
            else None
        )
        threshold_text = (
            self.tr("Alert below {0}").format(level(self.threshold))
            if self.threshold is not None
            else ""
        )
        names = {who: respondent_name(who) for who in data.series}
        self.view.show_data(data, names, threshold_text)
        self.view.setVisible(bool(ordered))

    def point_text(self, respondent: str, when: datetime, score: float) -> str:
        """What the tooltip and the arrow keys say about a point: 'Parent, 4 Mar: 2.8'."""
        return self.tr("{0}, {1}: {2}").format(
            respondent_name(respondent), short_date(when.date()), number(score)
        )

    # ---- words -----------------------------------------------------------------------------

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
        for respondent in sorted(by_respondent, key=respondent_order):
            own = by_respondent[respondent]
            latest = own[-1]
            text = self.tr("Latest {0} on {1}").format(
                number(latest.score), short_date(latest.when.date())
            )
            if several:
                text = self.tr("{0}: latest {1} on {2}").format(
                    respondent_name(respondent),
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
