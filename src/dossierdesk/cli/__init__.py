"""The headless command line, ``dossierdesk-cli``."""
