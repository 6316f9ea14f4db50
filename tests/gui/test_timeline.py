"""The timeline strip: month counts of the result set and drag-to-filter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt

from dossierdesk.gui.widgets.timeline import (
    CHART_HEIGHT,
    TimelineWidget,
    date_range_condition,
)
from dossierdesk.service import Archive


def test_drag_writes_a_date_range_query(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = make_window(seeded_archive)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    timeline = window.timeline
    assert timeline.months() > 0
    y = timeline.height() // 3
    start = QPoint(int(timeline.x_of("2015-10")), y)
    end = QPoint(int(timeline.x_of("2015-12")), y)
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(timeline, end)
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=end)
    assert window.search_box.text() == "date:2015-10..2015-12"
    expected = seeded_archive.search("date:2015-10..2015-12").ids
    qtbot.waitUntil(lambda: window.table_model.ids() == expected)
    # the histogram now covers only the filtered months
    qtbot.waitUntil(lambda: timeline.months() == 3)


def test_counts_follow_the_query(qtbot: Any, seeded_archive: Archive, make_window: Any) -> None:
    window = make_window(seeded_archive)
    window.search_box.set_query("kursk")
    qtbot.waitUntil(lambda: window.timeline.months() == 1)
    assert window.timeline.month_at(1) == "2024-11"


def test_click_selects_one_month(qtbot: Any) -> None:
    timeline = TimelineWidget()
    qtbot.addWidget(timeline)
    timeline.resize(300, 50)
    timeline.set_counts([("2020-01", 3), ("2020-03", 1)])
    assert timeline.months() == 3
    with qtbot.waitSignal(timeline.rangeSelected) as blocker:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(150, 20))
    assert blocker.args == ["2020-02", "2020-02"]
    assert date_range_condition("2020-02", "2020-02") == "date:2020-02"
    assert date_range_condition("2021-05", "2020-02") == "date:2020-02..2021-05"


def test_sparse_months_still_show_a_visible_bar(qtbot: Any) -> None:
    timeline = TimelineWidget()
    qtbot.addWidget(timeline)
    timeline.resize(600, timeline.sizeHint().height())
    assert timeline.height() >= CHART_HEIGHT  # the strip is not flat
    # 246 months over 600 px (about 2.4 px each); one article against a peak of 500
    timeline.set_counts([("2000-01", 500), ("2020-06", 1)])
    image = timeline.grab().toImage()
    base = image.pixelColor(int(timeline.x_of("2010-01")), 10)
    baseline = image.height() - timeline.fontMetrics().height() - 2
    x = int(timeline.x_of("2020-06"))
    columns = [
        cx
        for cx in range(x - 6, min(image.width(), x + 7))
        if image.pixelColor(cx, baseline - 1) != base
    ]
    rows = [y for y in range(0, baseline) if image.pixelColor(x, y) != base]
    assert len(columns) >= 3
    assert len(rows) >= 3
    # the peak month is a full-height bar
    peak = [
        y for y in range(0, baseline) if image.pixelColor(int(timeline.x_of("2000-01")), y) != base
    ]
    assert len(peak) >= CHART_HEIGHT - 2
