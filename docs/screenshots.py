"""Screenshots of the main window for the documentation (offscreen, no display needed).

    .venv/bin/python docs/screenshots.py

Builds a temporary archive from ``seeds/`` (a few articles tagged) and the sample photos of
``tests/data/photos``, opens the main window at 1400×900, selects an article and writes
``docs/screenshot-main.png``; builds a dossier from a few of the articles, opens it and writes
``docs/screenshot-dossier.png``; the Photos view (``docs/screenshot-photos.png``), the photo
viewer (``docs/screenshot-viewer.png``) and the user guide (``docs/screenshot-help.png``);
then an empty archive for ``docs/screenshot-welcome.png``. Settings go to a temporary folder,
never the user's. (The offscreen screen is 800 pixels wide: windows are sized again once shown,
since the window keeps itself on its screen.)

    .venv/bin/python docs/screenshots.py --german

writes only the main window in German, ``docs/screenshot-german.png`` (the translation compiled
into ``resources/translations/`` first: ``pip install -e .`` or ``pyside6-lrelease``). The
other screenshots are always English, whatever the machine's language.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
REPO = DOCS.parent


def main() -> int:
    german = "--german" in sys.argv[1:]
    tmp = Path(tempfile.mkdtemp(prefix="dossierdesk-shots-"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["DOSSIERDESK_LANGUAGE"] = "de" if german else "en"
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    os.environ["XDG_STATE_HOME"] = str(tmp / "state")
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")

    from PySide6.QtCore import QEventLoop, QTimer

    from dossierdesk.gui.app import create_application
    from dossierdesk.gui.dossiers import DossierProperties
    from dossierdesk.gui.main_window import MainWindow
    from dossierdesk.service import Archive

    app = create_application([sys.argv[0]])

    def settle(window: MainWindow, ms: int = 400) -> None:
        while window.tasks.is_busy(window):
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    archive = Archive(tmp / "Defense news.sqlite3")
    photos = sorted((REPO / "tests" / "data" / "photos").glob("*.JPG"))
    archive.import_paths([REPO / "seeds", *photos])
    ids = list(archive.search("").ids)
    archive.add_tags(ids[:4], ["ukraine"])
    archive.add_tags(ids[3:9], ["air force"])
    archive.add_tags([ids[0], ids[10]], ["dprk"])
    archive.set_tag_color("ukraine", "#4a7fd4")
    archive.set_tag_color("dprk", "#d46a4a")
    archive.save_search("Airmen profiles", "airman -tag:ukraine")

    window = MainWindow(archive, restore_settings=False)
    window.show()
    settle(window)
    window.resize(1400, 900)
    settle(window)
    for kind in ("tags", "years"):
        window.sidebar.expand(window.sidebar_model.group(kind).index())
    window.search_box.set_query("kursk OR airman")
    settle(window)
    window.table.selectRow(0)
    settle(window)
    if german:
        window.grab().save(str(DOCS / "screenshot-german.png"))
        window.close()
        window.shutdown()
        print(f"wrote {DOCS / 'screenshot-german.png'}")  # noqa: T201 - a script
        return 0
    window.grab().save(str(DOCS / "screenshot-main.png"))

    # A dossier made the way a user makes one: articles picked, then "New Dossier from
    # Selection" (the properties given, instead of typed into the dialog); it opens at once.
    picks = archive.search("kursk OR carter OR reagan OR navajo OR panetta", sort="date").ids
    window.dossiers.create_from_ids(
        picks,
        DossierProperties(
            "Allies and adversaries",
            subtitle="Selected DoD News, Air Force and DVIDS coverage",
            compiled_by="Research desk",
            description="Background reading for the alliance briefing.",
        ),
    )
    settle(window)
    window.dossier_view.table.selectRow(1)
    settle(window)
    window.grab().save(str(DOCS / "screenshot-dossier.png"))

    window.show_articles()
    window.search_box.set_query("")
    window.photo_browser.set_active(True)
    settle(window, 1500)
    window.grab().save(str(DOCS / "screenshot-photos.png"))
    from dossierdesk.gui.help_viewer import show_help

    photo = next(p for p in archive.photos() if p.width > 1000)
    viewer = window.photo_browser.open_viewer(photo)
    settle(window, 300)
    viewer.resize(1000, 700)
    settle(window, 1500)
    viewer.grab().save(str(DOCS / "screenshot-viewer.png"))
    viewer.close()
    guide = show_help("searching", window)
    guide.resize(1100, 800)
    settle(window, 300)
    show_help("searching", window)  # again at this size: the section at the top
    settle(window, 500)
    guide.grab().save(str(DOCS / "screenshot-help.png"))
    guide.close()

    empty = Archive(tmp / "New archive.sqlite3")
    welcome = MainWindow(empty, restore_settings=False)
    welcome.show()
    settle(welcome)
    welcome.resize(1400, 900)
    settle(welcome)
    welcome.grab().save(str(DOCS / "screenshot-welcome.png"))
    for w in (window, welcome):
        w.close()
        w.shutdown()
    names = (
        "screenshot-main.png",
        "screenshot-dossier.png",
        "screenshot-photos.png",
        "screenshot-viewer.png",
        "screenshot-help.png",
        "screenshot-welcome.png",
    )
    print("wrote " + ", ".join(str(DOCS / n) for n in names))  # noqa: T201 - a script
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
