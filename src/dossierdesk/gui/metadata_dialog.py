"""The metadata edit dialog (F2): article fields and, per image, caption, credit and VIRIN.

Validation runs on every keystroke and OK stays disabled while anything is invalid: the title
must not be empty, the date must be ``YYYY-MM-DD`` (or empty: unknown). A VIRIN that
``virin.parse_virin`` finds malformed is a warning, not an error: news sites do print broken
VIRINs and the archive keeps VIRINs *as printed*, so the dialog names the problem inline and
OK is enabled again once the user ticks "Keep malformed VIRINs as printed". The VIRIN is then
stored as typed, flagged invalid with its problem, like one imported that way.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dossierdesk.gui.help_actions import help_button
from dossierdesk.gui.i18n import translate
from dossierdesk.service.dto import ArticleDetail
from dossierdesk.service.editing import ArticleEdit, ImageEdit, split_authors
from dossierdesk.virin import parse_virin

CAPTION, CREDIT, VIRIN = range(3)
_WARN = QColor("#fff1c2")


def parse_date(text: str) -> dt.date | None:
    """``YYYY-MM-DD`` or empty (unknown); raises ``ValueError`` otherwise."""
    text = text.strip()
    if not text:
        return None
    if len(text) != 10:
        raise ValueError("use the form YYYY-MM-DD")
    return dt.date.fromisoformat(text)


class MetadataDialog(QDialog):
    def __init__(self, detail: ArticleDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail = detail
        self.original = ArticleEdit.from_detail(detail)
        self.setWindowTitle(translate("MetadataDialog", "Edit article #{id}").format(id=detail.id))
        self.resize(720, 560)

        self.title_edit = QLineEdit(detail.title, self)
        self.date_edit = QLineEdit(detail.published.isoformat() if detail.published else "", self)
        self.date_edit.setPlaceholderText(
            translate("MetadataDialog", "YYYY-MM-DD (empty: unknown)")
        )
        self.authors_edit = QPlainTextEdit("\n".join(detail.authors), self)
        self.authors_edit.setPlaceholderText(
            translate("MetadataDialog", "One author per line, or separated by ;")
        )
        self.authors_edit.setTabChangesFocus(True)
        self.authors_edit.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.authors_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.source_edit = QLineEdit(detail.source or "", self)
        self.dateline_edit = QLineEdit(detail.dateline or "", self)
        self.url_edit = QLineEdit(detail.url or "", self)

        form = QFormLayout()
        form.addRow(translate("MetadataDialog", "&Title:"), self.title_edit)
        form.addRow(translate("MetadataDialog", "&Date:"), self.date_edit)
        form.addRow(translate("MetadataDialog", "&Authors:"), self.authors_edit)
        form.addRow(translate("MetadataDialog", "&Source:"), self.source_edit)
        form.addRow(translate("MetadataDialog", "Date&line:"), self.dateline_edit)
        form.addRow(translate("MetadataDialog", "&URL:"), self.url_edit)

        self.images = QTableWidget(len(detail.images), 3, self)
        self.images.setHorizontalHeaderLabels(
            [
                translate("MetadataDialog", "Caption"),
                translate("MetadataDialog", "Credit"),
                translate("MetadataDialog", "VIRIN"),
            ]
        )
        self.images.setVerticalHeaderLabels([str(n) for n in range(1, len(detail.images) + 1)])
        self.images.setWordWrap(False)
        self.images.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        header = self.images.horizontalHeader()
        header.setSectionResizeMode(CAPTION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CREDIT, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(VIRIN, QHeaderView.ResizeMode.Interactive)
        self.images.setColumnWidth(CREDIT, 160)
        self.images.setColumnWidth(VIRIN, 190)
        for row, img in enumerate(detail.images):
            for col, value in ((CAPTION, img.caption), (CREDIT, img.credit), (VIRIN, img.virin)):
                self.images.setItem(row, col, QTableWidgetItem(value or ""))
        self.images.setVisible(bool(detail.images))

        self.problems = QLabel(self)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)  # quotes user and article text
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #9c2a00;")
        self.problems.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.keep_virins = QCheckBox(
            translate("MetadataDialog", "Keep malformed VIRINs as printed"), self
        )
        self.keep_virins.setVisible(False)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.help_button = help_button("editing", self.buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if detail.images:
            layout.addWidget(
                QLabel(
                    translate("MetadataDialog", "Images ({number}):").format(
                        number=len(detail.images)
                    ),
                    self,
                )
            )
        layout.addWidget(self.images, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.keep_virins)
        layout.addWidget(self.buttons)

        for line in (self.title_edit, self.date_edit, self.source_edit, self.dateline_edit):
            line.textChanged.connect(self.validate)
        self.url_edit.textChanged.connect(self.validate)
        self.authors_edit.textChanged.connect(self.validate)
        self.images.itemChanged.connect(self.validate)
        self.keep_virins.toggled.connect(self.validate)
        self.validate()

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def _cell(self, row: int, col: int) -> str:
        item = self.images.item(row, col)
        return item.text() if item is not None else ""

    def errors(self) -> list[str]:
        found = []
        if not self.title_edit.text().strip():
            found.append(translate("MetadataDialog", "The title cannot be empty."))
        try:
            parse_date(self.date_edit.text())
        except ValueError:
            found.append(
                translate("MetadataDialog", "“{text}” is not a date (YYYY-MM-DD).").format(
                    text=self.date_edit.text().strip()
                )
            )
        return found

    def virin_warnings(self) -> list[tuple[int, str]]:
        """(image row, message) for each malformed VIRIN."""
        try:
            published = parse_date(self.date_edit.text())
        except ValueError:
            published = self.detail.published
        warnings = []
        for row in range(self.images.rowCount()):
            text = self._cell(row, VIRIN).strip()
            if text:
                v = parse_virin(text, published)
                if not v.valid:
                    message = translate(
                        "MetadataDialog", "Image {number}: VIRIN “{virin}”: {problem}"
                    )
                    warnings.append(
                        (row, message.format(number=row + 1, virin=text, problem=v.problem))
                    )
        return warnings

    def validate(self) -> bool:
        errors = self.errors()
        warnings = self.virin_warnings()
        self.images.blockSignals(True)
        warned = {row for row, _ in warnings}
        for row in range(self.images.rowCount()):
            item = self.images.item(row, VIRIN)
            if item is not None:
                item.setBackground(QBrush(_WARN) if row in warned else QBrush())
                item.setToolTip(next((m for r, m in warnings if r == row), ""))
        self.images.blockSignals(False)
        self.keep_virins.setVisible(bool(warnings))
        lines = errors + [m for _, m in warnings]
        self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(lines))
        ok = not errors and (not warnings or self.keep_virins.isChecked())
        self.ok_button.setEnabled(ok)
        return ok

    def edit(self) -> ArticleEdit:
        """The values entered (call only when ``validate()`` is true)."""
        images = tuple(
            ImageEdit(
                caption=self._cell(row, CAPTION).strip(),
                credit=self._cell(row, CREDIT).strip() or None,
                virin=self._cell(row, VIRIN).strip() or None,
            )
            for row in range(self.images.rowCount())
        )
        return ArticleEdit(
            title=self.title_edit.text().strip(),
            published=parse_date(self.date_edit.text()),
            authors=split_authors(self.authors_edit.toPlainText()),
            source=self.source_edit.text().strip() or None,
            dateline=self.dateline_edit.text().strip() or None,
            url=self.url_edit.text().strip() or None,
            images=images,
        )

    def changed(self) -> bool:
        return self.edit() != self.original

    def accept(self) -> None:
        if self.validate():
            super().accept()
