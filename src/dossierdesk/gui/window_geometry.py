"""Keeping a window on a screen after its saved geometry is restored.

A geometry saved on a larger screen, or at another scale factor, can put the window partly or
wholly off the screens there are now, or make it larger than any of them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def keep_on_screen(window: QWidget) -> None:
    """Shrink ``window`` to the available area of the screen it is mostly on (else the
    primary screen) and move it inside that area; a window not shown yet is fitted now and
    again once shown, when the window manager's frame is known."""
    _fit(window)
    if not window.isVisible():
        window.installEventFilter(_RefitWhenShown(window))


class _RefitWhenShown(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            QTimer.singleShot(0, lambda: _fit(watched))
            self.deleteLater()
        return False


def _fit(window: QWidget) -> None:
    if window.isMaximized() or window.isFullScreen():
        return
    frame = window.frameGeometry()
    screen = QGuiApplication.screenAt(frame.center()) or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area: QRect = screen.availableGeometry()
    extra_w = frame.width() - window.width()  # the window manager's frame
    extra_h = frame.height() - window.height()
    width = min(window.width(), area.width() - extra_w)
    height = min(window.height(), area.height() - extra_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, window.minimumWidth()), max(height, window.minimumHeight()))
        frame = window.frameGeometry()
    x = min(max(frame.left(), area.left()), area.right() - frame.width() + 1)
    y = min(max(frame.top(), area.top()), area.bottom() - frame.height() + 1)
    if QPoint(x, y) != frame.topLeft():
        window.move(x, y)
