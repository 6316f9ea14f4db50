"""Saved-page fixtures, built from the corpus when the tests start (``build``).

Two "Web page, complete" saves of corpus article 005 (af.mil, one photo):

- ``firefox/Page.html`` with ``Page_files/``: the photo's ``src`` and a ``srcset`` rewritten
  to ``./Page_files/...`` (the 1x rendition 320 px wide, the 2x one the real photo
  201102-M-EM580-2160 at 765 px), the tag icons to ``./Page_files/tag.png`` (16 px), and a
  style sheet, a script and a saved frame (a copy of corpus article 007) in the folder;
- ``chrome/Carter embrace - af.mil.htm`` with ``Carter embrace - af.mil-Dateien/`` (German
  Chrome's name), referenced without "./" and percent-encoded; its photo is the real
  201028-F-FT687-001P.JPG, a WebP named .JPG.

The photos come from ``tests/data/photos`` (real DoD photos); the tests only read these files.
They are made from the corpus article rather than kept as copies of it.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from PIL import Image

DATA = Path(__file__).parent / "data"
ARTICLE = DATA / "corpus" / "005_afmil-dodnews-carter-embrace-future.html"
FRAME = DATA / "corpus" / "007_afmil-dodnews-carter-opens-warrior-games.html"
JPEG = DATA / "photos" / "201102-M-EM580-2160.JPG"
WEBP = DATA / "photos" / "201028-F-FT687-001P.JPG"
REMOTE_SRC = "http://media.defense.gov/2015/Sep/16/2001290713/670/394/0/150916-D-DT527-120.JPG"
REMOTE_ICON = "/DesktopModules/ArticleCS/Styles/AirForce/tag.png"


def _icon() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _small_jpeg(path: Path, width: int) -> bytes:
    with Image.open(path) as im:
        height = round(im.height * width / im.width)
        out = io.BytesIO()
        im.convert("RGB").resize((width, height)).save(out, "JPEG", quality=90)
        return out.getvalue()


def build(root: Path) -> Path:
    """Write both saves under ``root`` (``root/firefox``, ``root/chrome``); returns ``root``."""
    html = ARTICLE.read_text(encoding="utf-8")
    assert REMOTE_SRC in html and REMOTE_ICON in html

    firefox = root / "firefox"
    files = firefox / "Page_files"
    files.mkdir(parents=True)
    page = html.replace(
        f'src="{REMOTE_SRC}"',
        'src="./Page_files/150916-D-DT527-120_1x.jpg" '
        'srcset="./Page_files/150916-D-DT527-120_1x.jpg 1x, '
        './Page_files/201102-M-EM580-2160.JPG 2x"',
    ).replace(REMOTE_ICON, "./Page_files/tag.png")
    page = page.replace(
        "</head>",
        '<link rel="stylesheet" href="./Page_files/style.css">'
        '<script src="./Page_files/script.js"></script></head>',
        1,
    )
    (firefox / "Page.html").write_text(page, encoding="utf-8")
    (files / "150916-D-DT527-120_1x.jpg").write_bytes(_small_jpeg(JPEG, 320))
    shutil.copyfile(JPEG, files / JPEG.name)
    (files / "tag.png").write_bytes(_icon())
    (files / "style.css").write_text("body { color: #222; }\n", encoding="utf-8")
    (files / "script.js").write_text("var saved = true;\n", encoding="utf-8")
    shutil.copyfile(FRAME, files / "frame.html")

    chrome = root / "chrome"
    folder = "Carter embrace - af.mil-Dateien"
    (chrome / folder).mkdir(parents=True)
    quoted = folder.replace(" ", "%20")
    page = html.replace(f'src="{REMOTE_SRC}"', f'src="{quoted}/150916-D-DT527-120.JPG"')
    page = page.replace(REMOTE_ICON, f"{quoted}/tag.png")
    (chrome / "Carter embrace - af.mil.htm").write_text(page, encoding="utf-8")
    shutil.copyfile(WEBP, chrome / folder / "150916-D-DT527-120.JPG")
    (chrome / folder / "tag.png").write_bytes(_icon())
    return root
