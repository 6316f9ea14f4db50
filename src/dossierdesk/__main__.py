"""``python -m dossierdesk`` starts the desktop application."""

from dossierdesk.gui.main import main

raise SystemExit(main())
