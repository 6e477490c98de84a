"""A read-only table model over plain rows, shared by every list in the app.

Rows are prepared off the UI thread (decrypting is work); the model only shows them.

Sorting happens here, in one list.sort over keys computed once per row, not in a
QSortFilterProxyModel: the proxy's sort compares rows pairwise through data(), which for
20,000 rows is some 300,000 calls into Python (over a second on the UI thread). Put a
RowsProxy (below) between the model and the view when rows must also be filtered: it hands
sort() on to the model, so the header's sort indicator still works as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from relapp.services.paging import FIRST_PAGE, Page, PageRequest

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
# Roles as plain numbers: a view asks data() for some seven roles per cell on every paint, and
# looking an enum up through PySide6 costs more than the answer. The roles a model does not
# answer return at once.
DISPLAY_ROLE = Qt.ItemDataRole.DisplayRole.value
ACCESSIBLE_ROLE = Qt.ItemDataRole.AccessibleTextRole.value
ALIGNMENT_ROLE = Qt.ItemDataRole.TextAlignmentRole.value
FONT_ROLE = Qt.ItemDataRole.FontRole.value
FOREGROUND_ROLE = Qt.ItemDataRole.ForegroundRole.value
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ANSWERED = frozenset({DISPLAY_ROLE, ACCESSIBLE_ROLE, ALIGNMENT_ROLE, int(ROW_ROLE)})

Index = QModelIndex | QPersistentModelIndex

_VERTICAL_SORT = QAbstractItemModel.LayoutChangeHint.VerticalSortHint
_LAYOUT_SIGNATURE = ("QList<QPersistentModelIndex>", "QAbstractItemModel::LayoutChangeHint")


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable[[Any], Any]
    sort_value: Callable[[Any], Any] | None = None
    align_right: bool = False
    # For a PagedModel: the name of the order the list's query knows for this column (the
    # database sorts); None: the column cannot be sorted by.
    sort_key: str | None = None


# A list page holding more rows than this lets go of them while other pages are in front
# (see relapp.ui.workspace.KEEP_LOADED); shorter lists stay, as reloading them buys nothing.
LONG_LIST_ROWS = 2000


def _plain_key(value: Any) -> tuple[Any, ...]:
    # Like QSortFilterProxyModel: an empty value (None) sorts after every other one.
    return (1,) if value is None else (0, value)


def _folded_key(value: Any) -> tuple[Any, ...]:
    if value is None:
        return (1,)
    return (0, value.casefold() if isinstance(value, str) else value)


def _guarded_key(
    make_key: Callable[[Any], tuple[Any, ...]], value: Callable[[Any], Any], row: Any
) -> tuple[Any, ...]:
    try:
        return make_key(value(row))
    except Exception:  # noqa: BLE001 - a row whose value cannot be read sorts as empty
        return (1,)


def _fallback_key(key: tuple[Any, ...]) -> tuple[Any, ...]:
    """For a column whose values cannot be compared with each other (text beside numbers):
    numbers first, by value; anything else after them, by type and then by its text."""
    if len(key) == 1:
        return key
    value = key[1]
    if isinstance(value, bool | int | float):
        return (0, 0, float(value), "")
    return (0, 1, type(value).__name__, str(value))


class ColumnsModel(QAbstractTableModel):
    """A read-only table of plain rows, one Column describing each column."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []

    # ---- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        if role not in _ANSWERED or not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role in (DISPLAY_ROLE, ACCESSIBLE_ROLE):
            value = column.value(row)
            return "" if value is None else str(value)
        if role == ROW_ROLE:
            return row
        if role == ALIGNMENT_ROLE and column.align_right:
            return _RIGHT
        return None

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None


class RowsModel(ColumnsModel):
    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(columns, parent)
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder
        self.sort_case_insensitive = False
        self._given: list[Any] = []  # the rows in the order set_rows got them
        self._order: list[int] = []  # self.rows[i] is self._given[self._order[i]]
        self._keys: dict[tuple[int, bool], list[tuple[Any, ...]]] = {}  # by position in _given
        self._rows_by_id: dict[Any, int] | None = None
        self._shown: list[Any] = self.rows  # the list _order describes

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace every row; they are shown in the current sort order (if any)."""
        self.beginResetModel()
        self._given = list(rows)
        self._keys = {}
        self._apply_order(self._sorted_positions())
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_at(self, index: Index) -> Any:
        return self.rows[index.row()]

    def row_of(self, row_id: Any) -> int:
        """The position of the row whose .id is row_id, or -1 (a dict lookup, not a scan)."""
        self._adopt_rows()
        if self._rows_by_id is None:
            by_id: dict[Any, int] = {}
            for position, row in enumerate(self.rows):
                by_id.setdefault(getattr(row, "id", None), position)
            self._rows_by_id = by_id
        return self._rows_by_id.get(row_id, -1)

    # ---- sorting ------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Qt API: one list.sort on keys computed once per row, and the rows moved in place
        (selection and current row follow their rows). Rows that sort equal keep the order
        set_rows gave them, as in QSortFilterProxyModel's stable sort."""
        self.sort_column, self.sort_order = int(column), Qt.SortOrder(order)
        self._adopt_rows()
        if len(self._given) < 2:
            return
        self.layoutAboutToBeChanged[_LAYOUT_SIGNATURE].emit([], _VERTICAL_SORT)  # type: ignore[index]
        before = self._order
        self._apply_order(self._sorted_positions())
        persistent = self.persistentIndexList()
        if persistent:
            now_at = [0] * len(self._order)
            for position, given in enumerate(self._order):
                now_at[given] = position
            self.changePersistentIndexList(
                persistent,
                [
                    self.index(now_at[before[index.row()]], index.column())
                    if index.isValid()
                    else index
                    for index in persistent
                ],
            )
        self.layoutChanged[_LAYOUT_SIGNATURE].emit([], _VERTICAL_SORT)  # type: ignore[index]

    def _sorted_positions(self) -> list[int]:
        positions = list(range(len(self._given)))
        if not 0 <= self.sort_column < len(self.columns) or len(positions) < 2:
            return positions
        cache_key = (self.sort_column, self.sort_case_insensitive)
        keys = self._keys.get(cache_key)
        if keys is None:
            spec = self.columns[self.sort_column]
            value = spec.sort_value or spec.value
            make_key = _folded_key if self.sort_case_insensitive else _plain_key
            try:
                keys = [make_key(value(row)) for row in self._given]
            except Exception:  # noqa: BLE001 - one odd row must not stop the list showing
                keys = [_guarded_key(make_key, value, row) for row in self._given]
            self._keys[cache_key] = keys
        reverse = self.sort_order == Qt.SortOrder.DescendingOrder
        try:
            positions.sort(key=keys.__getitem__, reverse=reverse)
        except TypeError:  # values that do not compare (e.g. text beside numbers)
            fallback = [_fallback_key(k) for k in keys]
            positions.sort(key=fallback.__getitem__, reverse=reverse)
        return positions

    def _apply_order(self, positions: list[int]) -> None:
        given = self._given
        self._order = positions
        self.rows = self._shown = [given[i] for i in positions]
        self._rows_by_id = None

    def _adopt_rows(self) -> None:
        """A subclass may assign self.rows itself (inside its own model reset): take those
        rows, in that order, as the ones given."""
        if self.rows is not self._shown or len(self.rows) != len(self._order):
            self._given = list(self.rows)
            self._keys = {}
            self._order = list(range(len(self._given)))
            self._shown = self.rows
            self._rows_by_id = None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == SORT_ROLE and index.isValid():
            column = self.columns[index.column()]
            return (column.sort_value or column.value)(self.rows[index.row()])
        return super().data(index, role)


class RowsProxy(QSortFilterProxyModel):
    """A filtering proxy over a RowsModel that leaves sorting to the model.

    Subclasses filter with filterAcceptsRow as usual. sort() (the header, sortByColumn) sorts
    the source model instead of the proxy, honouring setSortCaseSensitivity; the proxy then
    keeps the model's order. index_of(row_id) finds a row's proxy index without a scan.
    """

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if not isinstance(source, RowsModel):
            super().sort(column, order)
            return
        source.sort_case_insensitive = (
            self.sortCaseSensitivity() == Qt.CaseSensitivity.CaseInsensitive
        )
        source.sort(column, order)

    def sortColumn(self) -> int:  # noqa: N802 - Qt API
        source = self.sourceModel()
        return source.sort_column if isinstance(source, RowsModel) else super().sortColumn()

    def sortOrder(self) -> Qt.SortOrder:  # noqa: N802 - Qt API
        source = self.sourceModel()
        return source.sort_order if isinstance(source, RowsModel) else super().sortOrder()

    def index_of(self, row_id: Any, column: int = 0) -> QModelIndex:
        """The proxy index of the row whose .id is row_id; invalid when absent or filtered out."""
        source = self.sourceModel()
        if not isinstance(source, RowsModel):
            return QModelIndex()
        position = source.row_of(row_id)
        if position < 0:
            return QModelIndex()
        return self.mapFromSource(source.index(position, column))


# (request) -> Page, run on a worker thread by the task runner (relapp.ui.tasks).
Fetch = Callable[[PageRequest], Page[Any]]
# () -> (how many rows the list has, anything else the page shows beside them); on a worker.
Count = Callable[[], tuple[int, Any]]


class PagedModel(ColumnsModel):
    """A list shown one screen at a time: the first page when loaded, the next when the view
    scrolls near the end (Qt's canFetchMore/fetchMore), each read on a worker thread. The
    database sorts (each column names the order it stands for), so a long list never builds
    every row first, and a click on a header asks for the first page in the new order.

    `loaded(first)` is emitted after a page is shown (first: it replaced the rows);
    `counted` when the count (asked for after the first page, so the rows need not wait for
    it) has come; `failed` with the exception when a read fails. A load started while
    another is on its way wins: the older one's results are dropped when they arrive."""

    loaded = Signal(bool)
    counted = Signal()
    failed = Signal(object)

    def __init__(
        self,
        columns: Sequence[Column],
        runner: Any,
        default_sort: tuple[int, Qt.SortOrder],
        parent: Any = None,
    ) -> None:
        super().__init__(columns, parent)
        self.total: int | None = None  # rows in the whole list, from the first page
        self.extra: Any = None  # what the first page brought beside its rows
        self.sort_column, self.sort_order = default_sort
        self._runner = runner
        self._fetch: Fetch | None = None
        self._count: Count | None = None
        self._after: tuple[Any, str] | None = None
        self._generation = 0
        self._busy = False
        self._counting = False
        self._rows_by_id: dict[Any, int] | None = None

    # ---- loading ------------------------------------------------------------------------------

    def load(self, fetch: Fetch | None = None, count: Count | None = None) -> None:
        """Show the first page of `fetch` (or of the last one given), then count: after a
        change, or when a filter changed (a new fetch). The rows shown stay until the new
        ones arrive."""
        if fetch is not None:
            self._fetch, self._count = fetch, count
        if self._fetch is None:
            return
        self._generation += 1
        self._request(None, first=True)

    def release(self) -> None:
        """Let go of the rows (and drop a page on its way); load() brings them back."""
        self._generation += 1
        self._busy = self._counting = False
        self.beginResetModel()
        self.rows, self._after, self._rows_by_id = [], None, None
        self.endResetModel()

    @property
    def loading(self) -> bool:
        """A page or the count is on its way."""
        return self._busy or self._counting

    def _request(self, after: tuple[Any, str] | None, *, first: bool) -> None:
        fetch, generation = self._fetch, self._generation
        assert fetch is not None
        column = (
            self.columns[self.sort_column] if 0 <= self.sort_column < len(self.columns) else None
        )
        request = PageRequest(
            sort=(column.sort_key if column and column.sort_key else ""),
            descending=self.sort_order == Qt.SortOrder.DescendingOrder,
            after=after,
            limit=FIRST_PAGE,
        )
        self._busy = True

        def done(page: Page[Any]) -> None:
            if generation != self._generation:
                return
            self._busy = False
            self._show(page, first)

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self._busy = False
            self.failed.emit(exc)

        def first_page(_task: object) -> Page[Any]:
            return fetch(request)

        def next_page(_task: object) -> Page[Any]:
            return fetch(request)

        self._runner.read(first_page if first else next_page, done, failed, owner=self)

    def _show(self, page: Page[Any], first: bool) -> None:
        self._after = page.after
        self._rows_by_id = None
        if first:
            self.beginResetModel()
            self.rows = list(page.rows)
            self.endResetModel()
            self._request_count()
        elif page.rows:
            start = len(self.rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.endInsertRows()
        self.loaded.emit(first)

    def _request_count(self) -> None:
        count, generation = self._count, self._generation
        if count is None:
            self.total = len(self.rows) if self._after is None else None
            self.counted.emit()
            return

        def done(result: tuple[int, Any]) -> None:
            if generation == self._generation:
                self._counting = False
                self.total, self.extra = result
                self.counted.emit()

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._counting = False
                self.failed.emit(exc)

        self._counting = True
        self._runner.read(lambda _task: count(), done, failed, owner=self)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802 - Qt API
        return not parent.isValid() and self._after is not None and not self._busy

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802 - Qt API
        if self.canFetchMore(parent):
            self._request(self._after, first=False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Qt API: the first page in the new order (a column without an order is ignored)."""
        if not 0 <= column < len(self.columns) or self.columns[column].sort_key is None:
            return
        if (column, order) == (self.sort_column, self.sort_order) and self.rows:
            return
        self.sort_column, self.sort_order = int(column), Qt.SortOrder(order)
        self.load()

    # ---- rows ---------------------------------------------------------------------------------

    def row_at(self, index: Index) -> Any:
        return self.rows[index.row()]

    def row_of(self, row_id: Any) -> int:
        """The position of a loaded row whose .id is row_id, or -1."""
        if self._rows_by_id is None:
            self._rows_by_id = {}
            for position, row in enumerate(self.rows):
                self._rows_by_id.setdefault(getattr(row, "id", None), position)
        return self._rows_by_id.get(row_id, -1)

    def index_of(self, row_id: Any, column: int = 0) -> QModelIndex:
        position = self.row_of(row_id) if row_id else -1
        return self.index(position, column) if position >= 0 else QModelIndex()
