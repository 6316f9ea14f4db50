"""The desktop application (PySide6 widgets). Only this package imports QtWidgets."""
