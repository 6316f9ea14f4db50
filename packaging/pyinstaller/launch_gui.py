"""PyInstaller entry script for the ``dossierdesk`` desktop application."""

from dossierdesk.gui.main import main

raise SystemExit(main())
