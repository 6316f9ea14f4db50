"""The main window's widgets: the article table and its columns, the central stack (table,
welcome panel, dossier page), sidebar, reader, splitter, status bar and drop overlay.

One layer of ``MainWindow``, on top of ``WindowCommands`` (the layers: ``window_base.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dossierdesk.gui.i18n import translate
from dossierdesk.gui.models.article_columns import (
    COL_AUTHORS,
    COL_DATE,
    COL_IMAGES,
    COL_IMPORTED,
    COL_MATCH,
    COL_SOURCE,
    COL_TAGS,
    COL_TITLE,
    COL_VIRINS,
    COLUMNS,
)
from dossierdesk.gui.models.article_table import ArticleTableModel
from dossierdesk.gui.models.sidebar import SidebarModel
from dossierdesk.gui.table_columns import ArticleTableView, fitted_widths
from dossierdesk.gui.tag_bar import TagBar
from dossierdesk.gui.widgets.reader import ReaderPane
from dossierdesk.gui.widgets.search_box import SearchBox
from dossierdesk.gui.widgets.sidebar import SidebarView
from dossierdesk.gui.widgets.snippet_delegate import SnippetDelegate
from dossierdesk.gui.widgets.tag_chips import TagChipDelegate
from dossierdesk.gui.widgets.timeline import TimelineWidget
from dossierdesk.gui.widgets.welcome import WelcomePanel
from dossierdesk.gui.window_commands import WindowCommands
from dossierdesk.gui.window_search import PAGE_DELAY_MS

if TYPE_CHECKING:
    from dossierdesk.gui.dossiers.view import DossierView


class WindowLayout(WindowCommands):
    """Building the widgets and fitting the table's columns."""

    def _build_widgets(self) -> None:
        self.search_box = SearchBox(self)
        self.timeline = TimelineWidget(self)

        self.table_model = ArticleTableModel(self.archive, self)
        self.table_model.set_page_loader(self._load_page)
        self._page_requests = {}
        self._page_timer = QTimer(self)
        self._page_timer.setSingleShot(True)
        self._page_timer.setInterval(PAGE_DELAY_MS)
        self._page_timer.timeout.connect(self._flush_page_requests)
        self.table = ArticleTableView(self)
        self.table.setModel(self.table_model)
        self.table.setAccessibleName(translate("MainWindow", "Articles"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.verticalHeader().hide()
        row_height = self.table.fontMetrics().height() + 8
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSortIndicator(COL_MATCH, Qt.SortOrder.DescendingOrder)
        em = self.table.fontMetrics().horizontalAdvance("0")
        widths = {
            COL_DATE: 11 * em,
            COL_TITLE: 40 * em,
            COL_AUTHORS: 16 * em,
            COL_SOURCE: 14 * em,
            COL_TAGS: 16 * em,
            COL_IMAGES: 7 * em,
            COL_VIRINS: 7 * em,
            COL_IMPORTED: 16 * em,
            COL_MATCH: 40 * em,
        }
        for column, width in widths.items():
            header.resizeSection(column, width)
        self._default_widths = widths
        header.setSectionHidden(COL_IMPORTED, True)  # shown from the header's context menu
        # Shown while the query has words (``_show_match_column``); the first query has none.
        header.setSectionHidden(COL_MATCH, True)
        header.moveSection(header.visualIndex(COL_MATCH), COL_TITLE + 1)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self._columns_fitted = False  # (the first show fits them)
        self._auto_columns = True  # fitted again until the user sizes a column
        self._fitting = False
        self._match_wanted = True  # the header menu's choice for the Match column
        header.sectionResized.connect(self._on_section_resized)
        self.table.widthChanged.connect(self._table_width_changed)
        self.tag_chips = TagChipDelegate(lambda name: self._tag_colors.get(name), self.table)
        self.table.setItemDelegateForColumn(COL_TAGS, self.tag_chips)
        self.table.setItemDelegateForColumn(COL_MATCH, SnippetDelegate(self.table))

        self.welcome = WelcomePanel(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.welcome)

        self.tag_bar = None
        center = QWidget(self)
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(4, 4, 4, 0)
        center_layout.setSpacing(4)
        self.read_only_banner = QLabel(center)
        self.read_only_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setStyleSheet(
            "#readOnlyBanner { background: #fff4ce; color: #4a3b00; padding: 6px; }"
        )
        self.read_only_banner.hide()
        center_layout.addWidget(self.read_only_banner)
        center_layout.addWidget(self.search_box)
        center_layout.addWidget(self.timeline)
        if self._controller is not None:  # None: no editing component (nothing to tag)
            self.tag_bar = TagBar(center)
            self.tag_bar.removeRequested.connect(lambda: self.remove_tags_from_selected())
            center_layout.addWidget(self.tag_bar)
        center_layout.addWidget(self.stack, 1)

        self.sidebar_model = SidebarModel(self)
        self.sidebar = SidebarView(self)
        self.sidebar.setModel(self.sidebar_model)
        for kind in ("tags", "saved", "dossiers"):
            self.sidebar.setExpanded(self.sidebar_model.group(kind).index(), True)

        self.reader = ReaderPane(self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(center)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([250, 750, 400])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.count_label = QLabel(self)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setAccessibleName(translate("MainWindow", "Result count"))
        self.busy_label = QLabel(self)
        self.busy_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.count_label)

        self.drop_overlay = QLabel(
            translate("MainWindow", "Drop to import into this archive"), self
        )
        self.drop_overlay.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_overlay.setFrameShape(QFrame.Shape.Box)
        self.drop_overlay.setLineWidth(3)
        self.drop_overlay.setForegroundRole(self.palette().ColorRole.HighlightedText)
        self.drop_overlay.setBackgroundRole(self.palette().ColorRole.Highlight)
        self.drop_overlay.setAutoFillBackground(True)
        font = self.drop_overlay.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.drop_overlay.setFont(font)
        self.drop_overlay.hide()

    def _build_dossier_page(self) -> tuple[QWidget, DossierView]:
        """The central page showing one dossier, with a way back to the article table: made
        on first use (``dossier_page``, ``dossier_view``)."""
        from dossierdesk.gui.dossiers.view import DossierView

        view = DossierView(self.dossiers, self.printing)
        # Ctrl+E / Ctrl+P belong to the File menu, which acts on the open dossier anyway
        # (two actions with one shortcut would make both ambiguous).
        for action in (view.export_action, view.print_action):
            action.setShortcut(QKeySequence())
        page = QWidget(self)
        self.back_button = QToolButton(page)
        self.back_button.setText(translate("MainWindow", "◂ All articles"))
        self.back_button.setAutoRaise(True)
        self.back_button.setToolTip(translate("MainWindow", "Back to the article table (Esc)"))
        self.back_button.clicked.connect(self.show_articles)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(view, 1)
        self.back_action = QAction(translate("MainWindow", "Back to All Articles"), page)
        self.back_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.back_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.back_action.triggered.connect(lambda _c=False: self.show_articles())
        page.addAction(self.back_action)
        self.stack.addWidget(page)
        view.loaded.connect(self._update_count_label)
        view.closed.connect(self.show_articles)
        view.table.selectionModel().currentRowChanged.connect(self._on_current_entry)
        return page, view

    def _header_menu(self, pos: Any) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for column, (name, _field) in enumerate(COLUMNS):
            action = menu.addAction(translate("ArticleTable", name))
            action.setCheckable(True)
            shown = (
                self._match_wanted if column == COL_MATCH else not header.isSectionHidden(column)
            )
            action.setChecked(shown)
            action.setEnabled(column != COL_TITLE)
            action.toggled.connect(lambda on, c=column: self._set_column_wanted(c, on))
        menu.addSeparator()
        fit = menu.addAction(translate("MainWindow", "Fit Columns to the Table"))
        fit.setToolTip(
            translate("MainWindow", "Widths follow the table again until you resize a column")
        )
        fit.triggered.connect(lambda _checked=False: self.fit_columns_again())
        menu.exec(header.mapToGlobal(pos))

    def fit_columns_again(self) -> None:
        """Give the columns back to the fitting (after the user sized some)."""
        self._auto_columns = True
        self._fit_columns()

    def _set_column_wanted(self, column: int, on: bool) -> None:
        """The header menu's choice: a column shown or hidden (Match: while the query has
        words)."""
        if column == COL_MATCH:
            self._match_wanted = on
            self._show_match_column(bool(self._highlight))
            return
        self._set_hidden(column, not on)

    def _show_match_column(self, words: bool) -> None:
        """The Match column while the query has words to match (and the user wants it)."""
        self._set_hidden(COL_MATCH, not (words and self._match_wanted))

    def _set_hidden(self, column: int, hidden: bool) -> None:
        header = self.table.horizontalHeader()
        if header.isSectionHidden(column) == hidden:
            return
        self._fitting = True  # (hiding resizes the section: not the user's width)
        try:
            header.setSectionHidden(column, hidden)
        finally:
            self._fitting = False
        if self._auto_columns and self._columns_fitted:
            self._fit_columns()

    def _table_width_changed(self) -> None:
        if self._auto_columns and self._columns_fitted:
            self._fit_columns()

    def _on_section_resized(self, _column: int, _old: int, _new: int) -> None:
        if not self._fitting and self._columns_fitted:
            self._auto_columns = False  # the user's widths win from now on

    def _fit_columns(self) -> None:
        """Fit the visible columns to the table (``table_columns``), from their default widths."""
        header = self.table.horizontalHeader()
        em = self.table.fontMetrics().horizontalAdvance("0")
        visible = [c for c in range(len(COLUMNS)) if not header.isSectionHidden(c)]
        # A vertical scroll bar not shown yet is counted, so that it does not push the last
        # column out of sight when it comes.
        bar = self.table.verticalScrollBar()
        available = self._viewport_width() - 2
        if (
            not bar.isVisible()
            and self.table.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded
        ):
            available -= bar.sizeHint().width()
        widths = fitted_widths(
            available,
            {c: self._default_widths.get(c, header.sectionSize(c)) for c in visible},
            self._column_minimums(em),
            COL_TITLE,
            COL_MATCH if COL_MATCH in visible else None,
            em,
        )
        self._fitting = True
        try:
            for column, width in widths.items():
                header.resizeSection(column, width)
        finally:
            self._fitting = False

    def _column_minimums(self, em: int) -> dict[int, int]:
        """How narrow a fitted column may get: its header's label and sort arrow; a whole
        date; a name or a tag's chip."""
        metrics = self.table.horizontalHeader().fontMetrics()
        floor = {
            COL_DATE: 11 * em,
            COL_AUTHORS: 10 * em,
            COL_SOURCE: 9 * em,
            COL_TAGS: 10 * em,  # a tag's chip
            COL_IMPORTED: 11 * em,
        }
        return {
            c: max(
                floor.get(c, 0), metrics.horizontalAdvance(translate("ArticleTable", name)) + 2 * em
            )
            for c, (name, _field) in enumerate(COLUMNS)
        }

    def _viewport_width(self) -> int:
        """The table's viewport width, read without ``viewport()``: the first call of that
        makes PySide set up every widget class the viewport might be (some 40 enum types,
        6-10 ms), which the first paint can do without."""
        table = self.table
        width = table.maximumViewportSize().width()  # (less a scroll bar that is always on)
        bar = table.verticalScrollBar()
        if (
            bar.isVisible()
            and table.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded
        ):
            width -= bar.width()
        return width

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._columns_fitted:
            self._columns_fitted = True
            if self._auto_columns:
                self._fit_columns()
