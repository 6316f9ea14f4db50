"""Article importers: detect a file's format from its content and parse it into articles.

Public interface (used by the service layer):

- ``parse_document(data, name) -> list[ParsedArticle]``: detect the format and parse; raises
  ``ParseError`` with a user-facing reason when the file is not an article.
- ``iter_sources(paths) -> Iterator[SourceFile | SourceFailure]`` (in ``containers``): expand
  files, folders (recursive) and zip archives into named byte blobs, one at a time.
"""

from dossierdesk.importers.containers import SourceFailure, SourceFile, iter_sources
from dossierdesk.importers.detect import detect_format, parse_document
from dossierdesk.importers.types import ParsedArticle, ParsedImage, ParseError

__all__ = [
    "ParseError",
    "ParsedArticle",
    "ParsedImage",
    "SourceFailure",
    "SourceFile",
    "detect_format",
    "iter_sources",
    "parse_document",
]
