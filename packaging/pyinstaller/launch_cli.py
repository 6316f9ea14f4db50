"""PyInstaller entry script for ``dossierdesk-cli``."""

from dossierdesk.cli.main import main

raise SystemExit(main())
