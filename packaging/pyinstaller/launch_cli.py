"""PyInstaller entry script for ``dossierdesk-cli``."""

from dossierdesk.cli.main import run

run()
