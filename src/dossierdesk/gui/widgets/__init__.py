"""Widgets of the main window: search box, sidebar, timeline, reader, welcome panel."""
