"""Dossier Desk: collect, search, tag and print defense news articles."""

__version__ = "0.1.0"


class DossierDeskWarning(UserWarning):
    """Base class of the warnings this package emits (errors under pytest)."""
