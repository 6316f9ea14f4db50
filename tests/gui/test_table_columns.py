"""The article table's columns: fitted to the table until the user sizes one, the title kept
readable in a narrow table, the Match column shown only while the query has words."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from tests.gui.conftest import wait_idle

from dossierdesk.gui.models.article_columns import (
    COL_AUTHORS,
    COL_DATE,
    COL_IMAGES,
    COL_MATCH,
    COL_SOURCE,
    COL_TAGS,
    COL_TITLE,
    COL_VIRINS,
    COLUMNS,
)
from dossierdesk.gui.table_columns import (
    FLEXIBLE_SHARE,
    FLEXIBLE_SHARE_WITH_MATCH,
    MATCH_MIN_EM,
    TITLE_MIN_EM,
    TITLE_MIN_WITH_MATCH_EM,
    fitted_widths,
)
from dossierdesk.service import Archive

EM = 7
# The window's default widths at a 7-pixel "0", and minimums like the window's.
DEFAULTS = {
    COL_DATE: 11 * EM,
    COL_TITLE: 40 * EM,
    COL_AUTHORS: 16 * EM,
    COL_SOURCE: 14 * EM,
    COL_TAGS: 16 * EM,
    COL_IMAGES: 7 * EM,
    COL_VIRINS: 7 * EM,
    COL_MATCH: 40 * EM,
}
MINIMUMS = {COL_DATE: 77, COL_AUTHORS: 64, COL_SOURCE: 59, COL_TAGS: 44, COL_IMAGES: 56}


def without_match() -> dict[int, int]:
    return {c: w for c, w in DEFAULTS.items() if c != COL_MATCH}


def test_a_wide_table_keeps_the_default_widths_and_gives_the_title_the_rest() -> None:
    widths = fitted_widths(1400, without_match(), MINIMUMS, COL_TITLE, None, EM)
    assert {c: widths[c] for c in widths if c != COL_TITLE} == {
        c: w for c, w in without_match().items() if c != COL_TITLE
    }
    assert sum(widths.values()) == 1400


def test_a_narrow_table_shrinks_the_other_columns_for_a_readable_title() -> None:
    # A 1280x800 window leaves the table about 640 pixels: the default widths need 777
    # without the title.
    widths = fitted_widths(640, without_match(), MINIMUMS, COL_TITLE, None, EM)
    assert widths[COL_TITLE] >= max(TITLE_MIN_EM * EM, FLEXIBLE_SHARE * 640 - 1)
    assert sum(widths.values()) == 640
    for column, width in widths.items():
        assert width >= min(MINIMUMS.get(column, 0), DEFAULTS[column])


def test_with_the_match_column_both_share_what_the_others_leave() -> None:
    widths = fitted_widths(720, dict(DEFAULTS), MINIMUMS, COL_TITLE, COL_MATCH, EM)
    assert widths[COL_TITLE] >= TITLE_MIN_WITH_MATCH_EM * EM
    assert widths[COL_MATCH] >= MATCH_MIN_EM * EM
    # The snippets are what a word search is read by: title and Match get over half, as far
    # as the other columns' minimums allow.
    least_others = sum(min(DEFAULTS[c], MINIMUMS.get(c, DEFAULTS[c])) for c in without_match())
    least_others -= DEFAULTS[COL_TITLE]
    flexible = widths[COL_TITLE] + widths[COL_MATCH]
    assert flexible >= min(FLEXIBLE_SHARE_WITH_MATCH * 720, 720 - least_others) - 1
    assert flexible > 720 - sum(DEFAULTS.values()) + DEFAULTS[COL_TITLE] + DEFAULTS[COL_MATCH]
    assert widths[COL_TITLE] > widths[COL_MATCH]
    assert sum(widths.values()) == 720
    wide = fitted_widths(1400, dict(DEFAULTS), MINIMUMS, COL_TITLE, COL_MATCH, EM)
    assert wide[COL_TITLE] > wide[COL_MATCH] > MATCH_MIN_EM * EM
    assert sum(wide.values()) == 1400


def test_a_table_too_narrow_for_the_minimums_scrolls_instead_of_cutting_further() -> None:
    widths = fitted_widths(300, without_match(), MINIMUMS, COL_TITLE, None, EM)
    assert widths[COL_TITLE] == TITLE_MIN_EM * EM
    for column in (COL_DATE, COL_AUTHORS, COL_SOURCE, COL_TAGS):
        assert widths[column] == MINIMUMS[column]
    assert sum(widths.values()) > 300


@given(
    available=st.integers(0, 3000),
    widths=st.lists(st.integers(1, 400), min_size=7, max_size=7),
    minimums=st.lists(st.integers(1, 400), min_size=7, max_size=7),
    match=st.booleans(),
)
def test_fitting_never_goes_under_a_minimum_and_fills_the_table_when_it_can(
    available: int, widths: list[int], minimums: list[int], match: bool
) -> None:
    columns = [c for c in DEFAULTS if c != COL_MATCH]
    given_widths = dict(zip(columns, widths, strict=True))
    if match:
        given_widths[COL_MATCH] = 280
    mins = {c: m for c, m in zip(columns, minimums, strict=True) if c != COL_TITLE}
    fitted = fitted_widths(
        available, given_widths, mins, COL_TITLE, COL_MATCH if match else None, EM
    )
    assert fitted.keys() == given_widths.keys()
    others = [c for c in fitted if c not in (COL_TITLE, COL_MATCH)]
    for column in others:
        assert min(given_widths[column], mins[column]) <= fitted[column] <= given_widths[column]
    title_min = (TITLE_MIN_WITH_MATCH_EM if match else TITLE_MIN_EM) * EM
    assert fitted[COL_TITLE] >= title_min
    if match:
        assert fitted[COL_MATCH] >= MATCH_MIN_EM * EM
    flexible_min = title_min + (MATCH_MIN_EM * EM if match else 0)
    least = sum(min(given_widths[c], mins[c]) for c in others) + flexible_min
    if least <= available:  # the columns fit: they fill the table (to rounding)
        assert abs(sum(fitted.values()) - available) <= len(others)
        share = FLEXIBLE_SHARE_WITH_MATCH if match else FLEXIBLE_SHARE
        wanted = max(flexible_min, round(share * available))
        flexible = fitted[COL_TITLE] + (fitted[COL_MATCH] if match else 0)
        at_least = all(fitted[c] <= max(mins[c], 0) for c in others if given_widths[c] > mins[c])
        assert flexible >= wanted - len(others) or at_least


def shown_window(qtbot: Any, window: Any) -> Any:
    window.show()
    qtbot.waitExposed(window)
    wait_idle(qtbot, window)
    return window


def columns_fit(window: Any) -> bool:
    header = window.table.horizontalHeader()
    used = sum(header.sectionSize(c) for c in range(len(COLUMNS)) if not header.isSectionHidden(c))
    return used <= window.table.viewport().width()


def test_the_window_fits_its_columns_and_shows_match_only_for_words(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = shown_window(qtbot, make_window(seeded_archive))
    header = window.table.horizontalHeader()
    em = window.table.fontMetrics().horizontalAdvance("0")
    bar = window.table.horizontalScrollBar()
    assert header.isSectionHidden(COL_MATCH)  # a query without words: nothing to match
    # The test screen is 800 pixels wide: the table is too narrow for every column at its
    # least, so the title keeps its minimum and the table scrolls.
    assert not columns_fit(window)
    assert header.sectionSize(COL_TITLE) == TITLE_MIN_EM * em
    # The sidebar and reader at their least leave the table about 640 pixels, as a 1280x800
    # window does, and the columns follow the table's width. This test's font is wider than
    # the bundled one: two columns fewer (taken off in the header's menu) make room for it.
    window.splitter.setSizes([0, 10_000, 0])
    qtbot.waitUntil(lambda: window.table.viewport().width() > 600)
    authors = header.sectionSize(COL_AUTHORS)
    for column in (COL_TAGS, COL_IMAGES):
        window._set_column_wanted(column, False)
    assert header.sectionSize(COL_AUTHORS) > authors  # width given back to shrunk columns
    qtbot.waitUntil(lambda: columns_fit(window))
    qtbot.waitUntil(lambda: not bar.isVisible())
    assert header.sectionSize(COL_TITLE) >= TITLE_MIN_EM * em

    word = seeded_archive.article(window.table_model.ids()[0]).title.split()[0]
    window.search_box.set_query(word)
    qtbot.waitUntil(lambda: not header.isSectionHidden(COL_MATCH))
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: columns_fit(window))
    assert header.sectionSize(COL_TITLE) >= TITLE_MIN_WITH_MATCH_EM * em
    assert header.sectionSize(COL_MATCH) >= MATCH_MIN_EM * em

    window.search_box.set_query("")
    qtbot.waitUntil(lambda: header.isSectionHidden(COL_MATCH))
    qtbot.waitUntil(lambda: header.sectionSize(COL_TITLE) >= TITLE_MIN_EM * em)
    assert columns_fit(window)


def test_a_column_the_user_sized_is_left_alone(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = shown_window(qtbot, make_window(seeded_archive))
    header = window.table.horizontalHeader()
    header.resizeSection(COL_AUTHORS, 300)  # as a drag of the header's edge does
    title = header.sectionSize(COL_TITLE)
    window.splitter.setSizes([0, 10_000, 0])  # a wider table
    qtbot.wait(50)
    word = seeded_archive.article(window.table_model.ids()[0]).title.split()[0]
    window.search_box.set_query(word)
    qtbot.waitUntil(lambda: not header.isSectionHidden(COL_MATCH))
    assert header.sectionSize(COL_AUTHORS) == 300
    assert header.sectionSize(COL_TITLE) == title
    # The header menu's "Fit Columns to the Table" gives them back to the fitting, which
    # follows the table's width again.
    window.fit_columns_again()
    assert header.sectionSize(COL_AUTHORS) < 300
    em = window.table.fontMetrics().horizontalAdvance("0")
    assert header.sectionSize(COL_TITLE) >= TITLE_MIN_WITH_MATCH_EM * em
    fits: list[int] = []
    fit = window._fit_columns
    window._fit_columns = lambda: (fits.append(window.table.width()), fit())
    window.splitter.setSizes([250, 750, 400])  # a narrower table
    qtbot.waitUntil(lambda: bool(fits))


def test_the_match_column_turned_off_stays_off_and_is_remembered(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = make_window(seeded_archive)
    header = window.table.horizontalHeader()
    window._set_column_wanted(COL_MATCH, False)  # the header menu's Match entry
    word = seeded_archive.article(window.table_model.ids()[0]).title.split()[0]
    window.search_box.set_query(word)
    qtbot.waitUntil(lambda: bool(window._highlight))
    wait_idle(qtbot, window)
    assert header.isSectionHidden(COL_MATCH)
    window.save_settings()

    again = make_window(seeded_archive)
    again.restore_settings()
    assert again._match_wanted is False
    again._set_column_wanted(COL_MATCH, True)
    again.search_box.set_query(word)
    qtbot.waitUntil(lambda: not again.table.horizontalHeader().isSectionHidden(COL_MATCH))


def test_a_narrow_match_column_shortens_the_text_before_the_match() -> None:
    from dossierdesk.gui.models.article_columns import MARK_END, MARK_START
    from dossierdesk.gui.widgets.snippet_delegate import lead_in

    def advance(text: str) -> float:
        return 7.0 * len(text)

    raw = f"This week's photos feature the {MARK_START}Airmen{MARK_END} from around the world"
    short = lead_in(raw, 112, advance)
    assert short.startswith("…") and short.endswith(raw[raw.index(MARK_START) :])
    assert advance(short[: short.index(MARK_START)]) <= 112 / 3
    assert short[1 : short.index(MARK_START)] in raw  # whole words from the end of the lead
    assert lead_in(raw, 1000, advance) == raw  # room enough: as it was
    assert lead_in("no match here at all, however long it is", 20, advance).startswith("no")
    assert lead_in(f"{MARK_START}first{MARK_END} word", 10, advance).startswith(MARK_START)


def test_fitted_widths_are_fitted_again_next_time_and_the_users_are_kept(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = shown_window(qtbot, make_window(seeded_archive))
    window.save_settings()  # widths the fitting set
    again = make_window(seeded_archive)
    again.restore_settings()
    assert again._auto_columns  # the next window fits them to its table again

    header = again.table.horizontalHeader()
    shown_window(qtbot, again)
    header.resizeSection(COL_AUTHORS, 300)  # the user's width
    again.save_settings()
    third = make_window(seeded_archive)
    third.restore_settings()
    assert not third._auto_columns
    shown_window(qtbot, third)
    assert third.table.horizontalHeader().sectionSize(COL_AUTHORS) == 300


def test_a_match_too_long_for_its_column_ends_in_an_ellipsis() -> None:
    from dossierdesk.gui.models.article_columns import MARK_END, MARK_START
    from dossierdesk.gui.widgets.snippet_delegate import snippet_html, trail_off

    def advance(text: str) -> float:
        return 7.0 * len(text)

    def bold(text: str) -> float:
        return 8.0 * len(text)

    raw = f"…the {MARK_START}Air{MARK_END} {MARK_START}Force{MARK_END} Base flows through"
    assert trail_off(raw, 1000, advance, bold) == raw  # room enough: as it was
    cut = trail_off(raw, 150, advance, bold)
    assert cut == f"…the {MARK_START}Air{MARK_END} {MARK_START}Force{MARK_END} Base…"
    plain = cut.replace(MARK_START, "").replace(MARK_END, "")
    assert 7 * len(plain) + (8 - 7) * len("AirForce") <= 150
    # cut inside a match: its marks stay paired, and the markup stays whole
    inside = trail_off(raw, 90, advance, bold)
    assert inside == f"…the {MARK_START}Air{MARK_END} {MARK_START}Fo{MARK_END}…"
    assert snippet_html(inside).count("<b ") == snippet_html(inside).count("</b>") == 2
    # the blank before a cut is dropped
    assert trail_off(raw, 80, advance, bold) == f"…the {MARK_START}Air{MARK_END}…"
    # nothing fits: the ellipsis alone
    assert trail_off(raw, 5, advance, bold) == "…"
