"""Dossier PDF export and printing (QtGui only: no widgets)."""
