"""The main window's search: running a query on the worker (first page, count, month counts),
paging the result into the table, showing results and failures, sorting, keeping the selection
and scroll position across re-runs, the count label, and the article page / welcome panel.

One layer of ``MainWindow``, on top of ``WindowSidebar`` (the layers: ``window_base.py``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView

from dossierdesk.gui.i18n import translate
from dossierdesk.gui.models.article_columns import COL_TITLE
from dossierdesk.gui.models.sidebar import load_sidebar_data
from dossierdesk.gui.ops import SEARCH
from dossierdesk.gui.result_paging import FirstPage, read_first_page, read_page
from dossierdesk.gui.selected_rows import (
    selected_row_ranges,
)
from dossierdesk.gui.widgets.timeline import date_range_condition
from dossierdesk.gui.window_reader import LARGE_SELECTION_ROWS
from dossierdesk.gui.window_sidebar import WindowSidebar
from dossierdesk.query import QuerySyntaxError
from dossierdesk.service.dto import SearchResult

DEFAULT_SORT = "relevance"  # best match first for word queries, newest first for filters
PAGE_DELAY_MS = 40


def _highlight_terms(text: str) -> tuple[str, ...]:
    """The words to mark in the result, from the query's parse (not compiled to SQL here, on
    the GUI thread). The parser is loaded for the first query with a condition: a blank one
    (the first window's) marks nothing."""
    if not text.strip():
        return ()
    from dossierdesk.query.terms import highlight_terms

    return highlight_terms(text)


class WindowSearch(WindowSidebar):
    """Queries, their results and the article table's pages."""

    def refresh_all(self) -> None:
        """Re-run the query (keeping selection and scroll) and reload the sidebar counts.

        The rows on screen stay until the new result replaces them (no blank flash)."""
        self._remember_view()
        self.run_query(self.search_box.text(), force=True)  # also reloads the sidebar
        # The new result reloads the reader's article (``_reader_follows_result``); an open
        # dossier's reader is reloaded here.
        current = self.reader.article_id
        if current is not None and self.dossier_shown():
            self._load_detail(current)
        self.photo_browser.refresh()
        self.index_upkeep.schedule()  # the archive changed or was opened

    def run_query(self, text: str, force: bool = False) -> None:
        if text == self._query and not force and self._result is not None:
            return
        self._query = text
        try:
            self._highlight = _highlight_terms(text)
        except QuerySyntaxError:  # the search box only submits parsed text; be safe anyway
            return
        archive, sort = self.archive, self._sort
        near = self._restore[3] if self._restore is not None else None

        # The first page; once it is shown, the count, the month counts and the facets. Queued
        # any earlier, they would run while the page is handed over and hold the GIL the GUI
        # thread needs to show it (a thread waits up to the 5 ms switch interval for it).
        first = self._read("ids", lambda: read_first_page(archive, text, sort, near))

        def shown(page: FirstPage) -> None:
            self._show_first_page(text, sort, page)
            self._read("count", lambda: archive.count(text)).success(self._show_count).run()
            if self.opening.pending:  # months and facets: once the archive is fully open
                return
            self._read("months", lambda: archive.month_counts(text)).success(
                self.timeline.set_counts
            ).run()
            # The sidebar's facets count what this search finds. They stop between their
            # queries once a newer search has replaced this one, so they never delay its rows.
            sidebar = self._read(
                "sidebar", lambda: load_sidebar_data(archive, text, stale=lambda: first.stale)
            )
            sidebar.success(self._show_sidebar).run()

        first.success(shown).run()

    def _load_page(self, epoch: int, number: int, ids: tuple[int, ...] | None) -> None:
        """Queue a page read; reads start once scrolling pauses (``PAGE_DELAY_MS``), so the
        worker does not compete with the GUI thread for the GIL while the user scrolls."""
        self._page_requests[(epoch, number)] = ids
        self._page_timer.start()

    def _flush_page_requests(self) -> None:
        archive, model = self.archive, self.table_model
        (text, sort), requests, self._page_requests = self._shown, self._page_requests, {}
        for (epoch, number), ids in requests.items():

            def load(
                epoch: int = epoch, number: int = number, ids: tuple[int, ...] | None = ids
            ) -> tuple[Any, ...] | None:
                if not model.page_wanted(epoch, number):  # scrolled past while queued
                    return None
                return read_page(archive, text, sort, number, ids)

            def show(
                page: tuple[Any, ...] | None, epoch: int = epoch, number: int = number
            ) -> None:
                model.deliver_page(epoch, number, *(page or (None,)))

            def failed(_error: Exception, epoch: int = epoch, number: int = number) -> None:
                model.page_failed(epoch, number)

            op = self.tasks.op(load, owner=self, lane=SEARCH)
            op.success(show).failure(failed).run()

    def _remember_view(self) -> None:
        """Selection, current row and top visible row, to restore after the next result."""
        model = self.table_model
        if model.rowCount() == 0:  # (``model.ids()`` would read every id of the result)
            self._restore = None
            return
        spans = selected_row_ranges(self.table.selectionModel())
        if sum(map(len, spans)) > LARGE_SELECTION_ROWS:
            # Its ids are read in the background once it is made; any not read yet (the
            # result is being read) are left out rather than read here.
            selected = model.known_ids_in(spans)
        else:
            selected = model.article_ids_in(spans)
        current = self.table.currentIndex()
        current_id = model.article_id(current.row()) if current.isValid() else None
        top = self.table.rowAt(0)
        top_id = model.article_id(top) if 0 <= top < model.rowCount() else None
        self._restore = (selected, current_id, top_id, top if top >= 0 else None)

    def _show_first_page(self, text: str, sort: str, page: FirstPage) -> None:
        """The first rows of a result; the count follows (``_show_count``)."""
        self._shown = (text, sort)
        ids = page.id_pages.get(0, ())
        self._counted = page.total is not None
        total = page.rows_known()
        self._result = SearchResult(total=total, ids=ids)
        restore, self._restore = self._restore, None
        archive = self.archive
        self.table_model.set_id_source(
            lambda offset, limit: archive.search_ids(text, sort=sort, offset=offset, limit=limit)
        )
        self.table_model.set_result(total, page.id_pages, page.rows)
        self._show_match_column(bool(self._highlight))
        if restore is None:
            # The rows are painted now, before the reads that follow (snippets, the reader's
            # article, the count) start on the worker: from then on the GUI thread waits for
            # the GIL at each switch, up to 5 ms each time. (A re-run that restores the
            # selection and scroll position paints once they are back, as before.)
            self.table.viewport().repaint()
        if self._highlight and ids:  # word queries: the Match column's snippets, next
            epoch, model = self.table_model.epoch(), self.table_model
            self._read("snippets", lambda: archive.snippets(text, ids)).success(
                lambda snippets: model.add_snippets(epoch, snippets)
            ).run()
        if not self.dossier_shown():
            self._show_article_page()
        self._update_count_label()
        if restore is not None:
            self._restore_view(*restore[:3])
        self._update_selection_status()
        self._reader_follows_result()
        self.opening.page_shown()

    def _reader_follows_result(self) -> None:
        """The reader shows the current row of the current result (again, for this query's
        highlights), or nothing: never an article the search has left out."""
        if self.dossier_shown():
            return
        current = self.current_id()
        if current is None:
            if self.reader.article_id is not None:
                self.reader.show_placeholder()
        else:
            self._load_detail(current)

    def _show_count(self, total: int) -> None:
        result = self._result
        if result is None:
            return
        self._counted = True
        self._result = SearchResult(total=total, ids=result.ids)
        self.table_model.set_total(total)
        self._restore_rest()
        if not self.dossier_shown():
            self._show_article_page()
        self._update_count_label()

    def _restore_view(self, selected: list[int], current_id: int | None, top: int | None) -> None:
        """Select ``selected`` again, make ``current_id`` current and ``top`` the top row,
        where the new result has them. The rows of the ids read so far (the first page) are
        selected at once; a larger selection is completed once every id of the result has
        been read, in the background (``_restore_rest``)."""
        model = self.table_model
        selection = QItemSelection()
        last = model.columnCount() - 1
        rows = model.known_rows()
        # The ids read so far are few, and a selection may hold a million: it is gone through
        # once, in C, by the intersection (looked up id by id, a million took 0.27 s here).
        found = sorted(rows[i] for i in rows.keys() & selected)
        for at in found:
            selection.select(model.index(at, 0), model.index(at, last))
        restored = len(found)
        selection_model = self.table.selectionModel()
        if current_id is not None and (row := model.row_of(current_id)) is not None:
            selection_model.setCurrentIndex(
                model.index(row, COL_TITLE), QItemSelectionModel.SelectionFlag.NoUpdate
            )
        selection_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if top is not None and (row := model.row_of(top)) is not None:
            self.table.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        if restored < len(selected):
            # (Before the count, the model knows the first page's rows only.)
            self._rest_of_selection = (model.epoch(), selected, restored)
            if self._counted:
                self._restore_rest()

    _rest_of_selection: tuple[int, list[int], int] | None = None

    def _restore_rest(self) -> None:
        """The rest of the selection ``_restore_view`` made again, once the result's count is
        known (``_read_all_ids`` with the ids to select again)."""
        rest, self._rest_of_selection = self._rest_of_selection, None
        if rest is not None and rest[0] == self.table_model.epoch():
            self._read_all_ids(reselect=(rest[1], rest[2]))

    def _update_count_label(self, *_args: object) -> None:
        """The status bar counts what the central area shows: the dossier's entries while a
        dossier is open, else the search result."""
        if self.dossier_shown():
            n = self.dossier_view.model.rowCount()
            self.count_label.setText(
                translate("MainWindow", "{count} article(s) in the dossier", None, n)
            )
            return
        result = self._result
        if result is None:
            return
        more = "" if self._counted else "+"  # the first page is full: counting the rest
        # "+" while counting: the first page was full, so the count is well above 1.
        total = result.total
        text = (
            translate("MainWindow", "{count}{more} article(s) found", None, total)
            if self._query.strip()
            else translate("MainWindow", "{count}{more} article(s)", None, total)
        )
        self.count_label.setText(text.format(more=more))

    def _show_article_page(self) -> None:
        """The article table, or the welcome panel while the archive is empty."""
        result = self._result
        empty_archive = (
            result is not None and self._counted and result.total == 0 and not self._query.strip()
        )
        self.stack.setCurrentWidget(self.welcome if empty_archive else self.table)
        if self.photo_browser.active:  # standalone photos show even without articles
            self.stack.setCurrentWidget(self.photo_browser.view)
        self._update_count_label()
        self.timeline.setVisible(not empty_archive)
        if self.tag_bar is not None:
            self.tag_bar.setVisible(not empty_archive and not self.archive.read_only)

    def _on_sort(self, spec: str) -> None:
        self._sort = spec
        self._remember_view()
        self.run_query(self._query, force=True)

    def _on_timeline_range(self, first: str, last: str) -> None:
        self.search_box.set_query(date_range_condition(first, last))
