"""SQLAlchemy ORM models of the archive.

Large texts (body, and the captions and credits gathered for the index) live in
``article_texts``, one row per article, so that scans and sorts over the metadata in
``articles`` never read article bodies. The FTS5 index (``articles_fts``) is an external-content
index over a view joining the two, kept in sync by triggers (see ``store.fts``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from dossierdesk.store.types import NOCASE_TEXT

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: The index of ``articles.published`` (``index=True`` names it), for a query to walk by date.
PUBLISHED_INDEX = "ix_articles_published"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SourceFile(Base):
    """The original bytes of an imported file, kept losslessly so a better parser can re-extract."""

    __tablename__ = "source_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ArticleAuthor(Base):
    __tablename__ = "article_authors"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    # Covering: author filters never read the table (migrations 0004, 0006).
    __table_args__ = (Index("ix_article_authors_person_article", "person_id", "article_id"),)

    person: Mapped[Person] = relationship(lazy="joined")


class ArticleTag(Base):
    __tablename__ = "article_tags"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    byline: Mapped[str | None] = mapped_column(Text, index=True)
    source: Mapped[str | None] = mapped_column(Text, index=True)
    dateline: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text, index=True)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    format: Mapped[str] = mapped_column(String(32))
    source_name: Mapped[str] = mapped_column(Text)  # the file it came from (display path)
    source_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("source_files.id", ondelete="SET NULL"), index=True
    )
    source_index: Mapped[int] = mapped_column(Integer, default=0)  # item number inside the file
    image_count: Mapped[int] = mapped_column(Integer, default=0)
    virin_count: Mapped[int] = mapped_column(Integer, default=0)
    # Metadata edits (migration 0009): how many, and who made the last one when.
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    changed_by: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    text: Mapped[ArticleText] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )

    images: Mapped[list[Image]] = relationship(
        back_populates="article",
        order_by="Image.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    author_links: Mapped[list[ArticleAuthor]] = relationship(
        order_by="ArticleAuthor.position", cascade="all, delete-orphan", passive_deletes=True
    )
    tags: Mapped[list[Tag]] = relationship(secondary="article_tags", back_populates="articles")
    source_file: Mapped[SourceFile | None] = relationship()

    __table_args__ = (
        Index("ix_articles_title_published", "title", "published"),
        Index("ix_articles_format", "format"),  # statistics by format (migration 0010)
    )


class ArticleText(Base):
    """The body text of an article and its image captions/credits as indexed for search."""

    __tablename__ = "article_texts"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    body: Mapped[str] = mapped_column(Text)  # paragraphs separated by a blank line
    captions: Mapped[str] = mapped_column(Text, default="")
    credits: Mapped[str] = mapped_column(Text, default="")

    article: Mapped[Article] = relationship(back_populates="text")


class Person(Base):
    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(NOCASE_TEXT, unique=True)


class Image(Base):
    __tablename__ = "images"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    paragraph_index: Mapped[int] = mapped_column(Integer, default=0)
    caption: Mapped[str] = mapped_column(Text, default="")
    credit: Mapped[str | None] = mapped_column(Text)
    virin: Mapped[str | None] = mapped_column(Text)  # as printed
    virin_valid: Mapped[bool | None] = mapped_column(Boolean)
    virin_problem: Mapped[str | None] = mapped_column(Text)
    virin_normalized: Mapped[str | None] = mapped_column(Text)
    virin_date: Mapped[dt.date | None] = mapped_column(Date)
    virin_service: Mapped[str | None] = mapped_column(String(1))
    virin_originator: Mapped[str | None] = mapped_column(Text)
    virin_sequence: Mapped[str | None] = mapped_column(Text)
    download_size: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    keywords: Mapped[str | None] = mapped_column(Text)
    # The photograph linked to this image by VIRIN (or by hand); photos outlive articles.
    photo_id: Mapped[int | None] = mapped_column(
        ForeignKey("photos.id", ondelete="SET NULL"), index=True
    )

    # Covering: service: and virin: filters never read the table (migrations 0004, 0006).
    __table_args__ = (
        Index("ix_images_virin_service_article", "virin_service", "article_id"),
        Index("ix_images_virin_normalized_article", "virin_normalized", "article_id"),
        # Linking a new photo to the images that print its VIRIN (migration 0007).
        Index("ix_images_virin_link", "virin_originator", "virin_sequence"),
        # Statistics: the images that print a VIRIN, by whether it is well-formed (0010;
        # partial on both engines there). Only the SQLite form is named here: naming a
        # PostgreSQL argument loads SQLAlchemy's PostgreSQL dialect with this module (about
        # 15 ms of every opening of a file archive); the migrations make the schema.
        Index(
            "ix_images_with_virin",
            "virin_valid",
            "virin",
            sqlite_where=text("virin IS NOT NULL"),
        ),
    )

    article: Mapped[Article] = relationship(back_populates="images")
    photo: Mapped[Photo | None] = relationship(lazy="raise")


class Photo(Base):
    """A photograph: its original bytes (kept losslessly, once per content hash) and metadata.

    Linked to article images by VIRIN in either import order (``images.photo_id``); a photo
    with no article stays a standalone record. The VIRIN parts it links by are kept decoded
    (``virin_*``) like those of ``images``: the link compares the date as printed (YYMMDD),
    the service letter, the originator and the sequence, never the site's suffix letters."""

    __tablename__ = "photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(Text)
    mime: Mapped[str] = mapped_column(String(32))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    virin: Mapped[str | None] = mapped_column(Text)
    virin_yymmdd: Mapped[str | None] = mapped_column(String(6))
    virin_service: Mapped[str | None] = mapped_column(String(1))
    virin_originator: Mapped[str | None] = mapped_column(Text)
    virin_sequence: Mapped[str | None] = mapped_column(Text)
    file_name_virin: Mapped[str | None] = mapped_column(Text)
    embedded_virin: Mapped[str | None] = mapped_column(Text)
    virin_note: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    caption: Mapped[str | None] = mapped_column(Text)
    credit: Mapped[str | None] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    copyright: Mapped[str | None] = mapped_column(Text)
    date_created: Mapped[dt.date | None] = mapped_column(Date)
    keywords: Mapped[str | None] = mapped_column(Text)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_photos_virin_link", "virin_originator", "virin_sequence"),)


class PhotoBytes(Base):
    """A photo's original bytes, apart from its metadata (migration 0008): reading a photo's
    VIRIN or caption never walks the picture's pages."""

    __tablename__ = "photo_bytes"

    photo_id: Mapped[int] = mapped_column(
        ForeignKey("photos.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(NOCASE_TEXT, unique=True)
    color: Mapped[str | None] = mapped_column(String(16))

    articles: Mapped[list[Article]] = relationship(secondary="article_tags", back_populates="tags")


class SavedSearch(Base):
    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(NOCASE_TEXT, unique=True)
    query: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Dossier(Base):
    """A curated, ordered collection of articles (printed or exported as one document).

    Titles are not unique; looking one up by an ambiguous title is an error the service reports.
    """

    __tablename__ = "dossiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    subtitle: Mapped[str | None] = mapped_column(Text)
    compiled_by: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))  # its changes
    changed_by: Mapped[str | None] = mapped_column(Text)


class DossierEntry(Base):
    """One article in a dossier, at a position, with an optional note.

    Deleting a dossier or an article removes its entries (ON DELETE CASCADE). The service keeps
    positions dense (0..n-1); see ``service.dossiers`` for the one case where a gap may remain.
    """

    __tablename__ = "dossier_entries"

    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), primary_key=True
    )
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_dossier_entries_dossier_position", "dossier_id", "position"),)
