"""Export a dossier to a PDF file: QPdfWriter + :class:`DossierRenderer`, then pypdf extras."""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from pathlib import Path

from PySide6.QtGui import QPagedPaintDevice, QPdfWriter

from dossierdesk import __version__
from dossierdesk.pdf import parallel
from dossierdesk.pdf.model import DossierDocument, ExportOptions
from dossierdesk.pdf.postprocess import PdfMetadata, PostProcessError, finish_pdf
from dossierdesk.pdf.renderer import (
    Cancellable,
    DossierRenderer,
    ProgressCallback,
    RenderError,
    RenderResult,
)

CREATOR = f"Dossier Desk {__version__}"


class ExportError(Exception):
    """The PDF could not be written (the message names the file and the reason)."""


def metadata_for(document: DossierDocument, result: RenderResult) -> PdfMetadata:
    subject = document.subtitle or " ".join((document.description or "").split())[:300]
    return PdfMetadata(
        title=document.title,
        author=document.compiled_by or "",
        subject=subject,
        keywords=", ".join(result.keywords),
        creator=CREATOR,
    )


PART_SUFFIX = ".part"


def remove_stale_parts(dest: Path) -> list[Path]:
    """Remove the hidden ``.NAME.PID.XXXX.part`` files an export to ``dest`` left behind when
    its process was killed (the PID is no longer running); returns what was removed."""
    removed: list[Path] = []
    prefix = f".{dest.name}."
    try:
        candidates = list(dest.parent.glob(f".{glob.escape(dest.name)}.*{PART_SUFFIX}"))
    except OSError:
        return removed
    for part in candidates:
        pid_text = part.name[len(prefix) :].split(".", 1)[0]
        if not pid_text.isdigit() or _running(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            part.unlink()
            removed.append(part)
    return removed


def _give_usual_mode(part: Path, dest: Path) -> None:
    """The exported file's permissions: those of the file it replaces, else what the user's
    umask gives a new file (the temporary file was created private, 0600)."""
    try:
        mode = dest.stat().st_mode & 0o777
    except OSError:
        mode = 0o666 & ~_umask()
    os.chmod(part, mode)


def _umask() -> int:
    """The process's umask, read without changing it where the system tells (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _running(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows' os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or no way to tell: leave its file alone
    return True


def export_pdf(
    document: DossierDocument,
    path: str | os.PathLike[str],
    options: ExportOptions | None = None,
    *,
    progress: ProgressCallback | None = None,
    cancel: Cancellable | None = None,
) -> RenderResult:
    """Write the dossier to ``path`` (replaced atomically; nothing is left behind on failure
    or cancellation). Needs a QGuiApplication. Raises :class:`ExportError` or
    :class:`~dossierdesk.pdf.renderer.RenderCancelled`."""
    options = options or ExportOptions()
    dest = Path(path)
    folder = dest.parent if str(dest.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"{dest}: folder {folder} does not exist")
    remove_stale_parts(dest)
    try:
        fd, raw_name = tempfile.mkstemp(
            prefix=f".{dest.name}.{os.getpid()}.", suffix=PART_SUFFIX, dir=folder
        )
    except OSError as exc:
        raise ExportError(f"{dest}: cannot write there ({exc.strerror or exc})") from None
    os.close(fd)
    raw = Path(raw_name)
    try:
        renderer = DossierRenderer(document, options)
        photos = renderer.photos
        if photos is not None:
            photos.placeholders = True  # pdf.photo_embed puts the renditions in
        result = _paint(renderer, raw, progress, cancel)
        try:
            _give_usual_mode(raw, dest)
            finish_pdf(
                raw,
                result,
                metadata_for(document, result),
                photos.rendition if photos is not None else None,
            )
            os.replace(raw, dest)
        except OSError as exc:
            raise ExportError(f"{dest}: cannot write ({exc.strerror or exc})") from None
        except PostProcessError as exc:
            raise ExportError(f"{dest}: {exc}") from None
        return result
    finally:
        with contextlib.suppress(FileNotFoundError):
            raw.unlink()


def _paint(
    renderer: DossierRenderer,
    raw: Path,
    progress: ProgressCallback | None,
    cancel: Cancellable | None,
) -> RenderResult:
    document, options = renderer.document, renderer.options

    def new_writer(path: Path) -> QPdfWriter:
        writer = QPdfWriter(str(path))
        writer.setTitle(document.title)
        writer.setCreator(CREATOR)
        if hasattr(writer, "setAuthor"):  # Qt ≥ 6.8
            writer.setAuthor(document.compiled_by or "")
        if options.pdfa:
            writer.setPdfVersion(QPagedPaintDevice.PdfVersion.PdfVersion_A1b)
        return writer

    try:
        if parallel.enabled_for(document):
            return parallel.paint_split(renderer, raw, new_writer, progress, cancel)
        writer = new_writer(raw)
        try:
            return renderer.paint(writer, progress, cancel)
        finally:
            del writer  # closes the file
    except RenderError as exc:
        raise ExportError(f"{raw}: {exc}") from None
