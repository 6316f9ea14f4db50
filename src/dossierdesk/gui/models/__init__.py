"""Qt item models over the archive service (no widgets)."""
