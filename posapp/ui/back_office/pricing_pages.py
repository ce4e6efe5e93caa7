"""Price lists and promotions in the back office: a list, and an editor per record (see
records_pages for what every such page shares)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QPushButton

from posapp.services.partners import PriceListRow, PromotionRow, RecordsAdmin
from posapp.ui.back_office.lists import fill_table, list_table
from posapp.ui.back_office.record_editor import RecordEditor
from posapp.ui.back_office.records_pages import LinesTable, RecordsPage
from posapp.ui.db_worker import RunJob, Say

PRICE_LIST_FORM = [
    ("code", "Code", "text"),
    ("name", "Name (shown on the till line)", "text"),
    ("kind", "Kind", ["customer_group", "quantity_break", "store"]),
    ("price_group", "Customer group", "text"),
    ("store_code", "Store", "text"),
    ("tax_inclusive", "Prices include tax", ["yes", "no"]),
    ("holds_at_volume", "Group price holds where a quantity price is lower", ["no", "yes"]),
    ("valid_from", "Valid from (YYYY-MM-DD)", "text"),
    ("valid_to", "Valid to (empty: open)", "text"),
]


PROMOTION_FORM = [
    ("code", "Code", "text"),
    ("name", "Name (shown on the till line)", "text"),
    ("kind", "Kind", ["percent_off", "amount_off", "fixed_price", "buy_x_get_y", "multi_buy"]),
    ("percent", "Percent off", "text"),
    ("amount", "Amount off / fixed price / bundle price", "text"),
    ("buy_qty", "Buy (X, or N for a multi-buy)", "text"),
    ("free_qty", "Get free (Y)", "text"),
    ("tax_inclusive", "Amounts include tax", ["yes", "no"]),
    ("stacks", "Also on top of customer prices", ["no", "yes"]),
    ("stores", "Stores (empty: every store)", "text"),
    ("valid_from", "Valid from (YYYY-MM-DD)", "text"),
    ("valid_to", "Valid to (empty: open)", "text"),
    ("skus", "Products (SKUs, one per line)", "multi"),
    ("categories", "Categories (one per line)", "multi"),
    ("archived", "Archived", ["no", "yes"]),
]


_PROMOTION_KIND_FIELDS = {
    "percent_off": ("percent",),
    "amount_off": ("amount",),
    "fixed_price": ("amount",),
    "buy_x_get_y": ("buy_qty", "free_qty"),
    "multi_buy": ("buy_qty", "amount"),
}


class PriceListsPage(RecordsPage):
    def __init__(self, admin: RecordsAdmin, locale: QLocale, run: RunJob, say: Say) -> None:
        super().__init__(admin, locale, run, say)
        self.setObjectName("price-lists-page")
        self.rows: list[PriceListRow] = []
        new, edit = QPushButton(self.tr("New price list…")), QPushButton(self.tr("Edit…"))
        new.clicked.connect(lambda: self.open_editor(None, {"kind": "customer_group"}, []))
        edit.clicked.connect(self.edit_selected)
        self.table = list_table(
            [self.tr(h) for h in ("Code", "Name", "Kind", "For", "Valid", "Products")], right=(5,)
        )
        self._top(new, edit, None)

    def load(self) -> None:
        self._run(self._admin.price_lists, self._show)

    def _show(self, rows: list[PriceListRow]) -> None:
        self.rows = rows
        fill_table(
            self.table,
            [(r.code, r.name, r.kind, r.applies_to, r.validity, str(r.items)) for r in rows],
        )

    def edit_selected(self) -> None:
        chosen = self._chosen(self.rows, self.tr("price list"))
        if chosen is not None:
            self._run(
                lambda: self._admin.price_list(chosen.id),
                lambda found: self.open_editor(chosen.id, *found),
            )

    def open_editor(
        self, list_id: uuid.UUID | None, values: Mapping[str, str], items: list[dict[str, str]]
    ) -> RecordEditor:
        title = self.tr("New price list") if list_id is None else values.get("name", "")
        editor = RecordEditor(self, title, PRICE_LIST_FORM, values)
        editor.setObjectName("price-list-editor")
        editor.resize(640, 640)
        columns = [("sku", "SKU"), ("min_qty", "From quantity"), ("price", "Price")]
        self.lines = LinesTable(editor, self.tr("Prices"), columns, items)
        self._on_save(
            editor,
            lambda header: self._admin.save_price_list(
                list_id=list_id, header=header, items=self._price_lines()
            ),
            lambda header: self.tr("price list %s saved") % header.get("code", ""),
        )
        return editor

    def _price_lines(self) -> list[dict[str, str]]:
        return [{**line, "min_qty": line["min_qty"] or "1"} for line in self.lines.typed()]

    def add_item(self, sku: str, min_qty: str, price: str) -> None:
        self.lines.add(sku, min_qty, price)


class PromotionsPage(RecordsPage):
    def __init__(self, admin: RecordsAdmin, locale: QLocale, run: RunJob, say: Say) -> None:
        super().__init__(admin, locale, run, say)
        self.setObjectName("promotions-page")
        self.rows: list[PromotionRow] = []
        new, edit = QPushButton(self.tr("New promotion…")), QPushButton(self.tr("Edit…"))
        new.clicked.connect(lambda: self.open_editor(None, {"kind": "percent_off"}))
        edit.clicked.connect(self.edit_selected)
        headers = ("Code", "Name", "Kind", "Covers", "Valid", "State")
        self.table = list_table([self.tr(h) for h in headers])
        self._top(new, edit, None)

    def load(self) -> None:
        self._run(self._admin.promotions, self._show)

    def _show(self, rows: list[PromotionRow]) -> None:
        self.rows = rows
        fill_table(
            self.table,
            [
                (
                    r.code,
                    r.name,
                    r.kind,
                    r.covers,
                    r.validity,
                    self.tr("archived") if r.archived else self.tr("active"),
                )
                for r in rows
            ],
        )

    def edit_selected(self) -> None:
        chosen = self._chosen(self.rows, self.tr("promotion"))
        if chosen is not None:
            self._run(
                lambda: self._admin.promotion(chosen.id),
                lambda fields: self.open_editor(chosen.id, fields),
            )

    def open_editor(
        self, promotion_id: uuid.UUID | None, values: Mapping[str, str]
    ) -> RecordEditor:
        title = self.tr("New promotion") if promotion_id is None else values.get("name", "")
        editor = RecordEditor(self, title, PROMOTION_FORM, values)
        editor.setObjectName("promotion-editor")
        kind = editor.boxes["kind"]
        kind.currentTextChanged.connect(lambda chosen: self._fields_for(editor, chosen))
        self._fields_for(editor, kind.currentText())
        self._on_save(
            editor,
            lambda typed: self._admin.save_promotion(promotion_id=promotion_id, fields=typed),
            lambda typed: self.tr("promotion %s saved") % typed.get("code", ""),
        )
        return editor

    @staticmethod
    def _fields_for(editor: RecordEditor, kind: str) -> None:
        """Only the boxes the chosen kind uses can be typed in (a percent means nothing to a
        3 for 2)."""
        used = _PROMOTION_KIND_FIELDS.get(kind, ())
        for name in ("percent", "amount", "buy_qty", "free_qty"):
            editor.boxes[name].setEnabled(name in used)
