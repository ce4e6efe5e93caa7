"""The back office for people and cash control: users and roles, shifts with their Z reports
(saved as the A4 PDF a manager signs), the journal (verify, export) and the outbox waiting for
head office (send now, retry quarantined batches, export). Reads and writes run on
a worker thread: verifying a long journal takes seconds, the screen must not freeze."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QLocale
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QWidget,
)

from posapp.services.shop import BackOffice
from posapp.ui.back_office.chain_page import ChainPage
from posapp.ui.back_office.costs_page import CostsPage
from posapp.ui.back_office.counts_page import CountsPage
from posapp.ui.back_office.dashboard_page import DashboardPage
from posapp.ui.back_office.journal_tab import JournalTab
from posapp.ui.back_office.navigation import PageNavigation
from posapp.ui.back_office.payables_page import PayablesPage
from posapp.ui.back_office.people_tab import PeopleTab
from posapp.ui.back_office.pricing_pages import PriceListsPage, PromotionsPage
from posapp.ui.back_office.products_page import ProductsPage
from posapp.ui.back_office.records_pages import CustomersPage
from posapp.ui.back_office.reports_page import ReportsPage
from posapp.ui.back_office.settings_page import SettingsPage
from posapp.ui.back_office.shifts_tab import ShiftsTab
from posapp.ui.back_office.stock_documents_page import StockDocumentsPage
from posapp.ui.back_office.stock_page import StockPage
from posapp.ui.back_office.suppliers_page import SuppliersPage
from posapp.ui.back_office.sync_tab import SyncTab
from posapp.ui.back_office.workflows_page import WorkflowsPage
from posapp.ui.db_worker import DbWorker
from posapp.ui.presenters.back_office_pages import pages_for

_T = TypeVar("_T")


class BackOfficeWindow(PeopleTab, ShiftsTab, JournalTab, SyncTab):
    def __init__(self, data: BackOffice, locale: QLocale) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("posapp — back office"))
        self.setObjectName("back-office")
        self._data = data
        self._locale = locale
        self._worker = DbWorker("back-office")
        # Pages down the left, those whose work the person's role has.
        self.pages = PageNavigation(self)
        self._shown = set(pages_for(data.may))
        if data.head_office is not None:  # head office serves its reports and lists alone
            self._shown &= {"Dashboard", "Reports", "Chain"}
        self._listed: list[QWidget] = []
        self.dashboard: DashboardPage | None = None
        if data.reports is not None:
            self.dashboard = DashboardPage(data.reports, self._run, self.say)
            self._add(self.dashboard, "Dashboard", self.tr("Dashboard"))
        self.products: ProductsPage | None = None
        if data.catalogue is not None:
            self.products = ProductsPage(data.catalogue, locale, self._run, self.say)
            self._add(self.products, "Products", self.tr("Products"))
        self.customers: CustomersPage | None = None
        self.price_lists: PriceListsPage | None = None
        self.promotions: PromotionsPage | None = None
        self.suppliers: SuppliersPage | None = None
        if data.records is not None:
            self.price_lists = PriceListsPage(data.records, locale, self._run, self.say)
            self._add(self.price_lists, "Price lists", self.tr("Price lists"))
            self.promotions = PromotionsPage(data.records, locale, self._run, self.say)
            self._add(self.promotions, "Promotions", self.tr("Promotions"))
            self.customers = CustomersPage(data.records, locale, self._run, self.say)
            self._add(self.customers, "Customers", self.tr("Customers"))
            self.suppliers = SuppliersPage(data.records, locale, self._run, self.say)
            self._add(self.suppliers, "Suppliers", self.tr("Suppliers"))
        self._add_stock_pages(data, locale)
        self.chain: ChainPage | None = None
        if data.chain is not None:
            self.chain = ChainPage(data.chain, self._run, self.say)
            self._add(self.chain, "Chain", self.tr("Across the chain"))
        if data.head_office is None:
            self._add(self._people_tab(), "People", self.tr("People"))
        self.workflows: WorkflowsPage | None = None
        if data.workflows is not None:
            self.workflows = WorkflowsPage(data.workflows, self._run, self.say)
            self._add(self.workflows, "Workflows", self.tr("Workflows"))
        self.settings: SettingsPage | None = None
        if data.settings is not None:
            self.settings = SettingsPage(data.settings, self._run, self.say)
            self._add(self.settings, "Settings", self.tr("Settings"))
        if data.head_office is None:  # a node's own drawers, journal and outbox
            self._add(self._shifts_tab(), "Shifts and Z reports", self.tr("Shifts and Z reports"))
            self._add(self._journal_tab(), "Journal", self.tr("Journal"))
            self._add(self._outbox_tab(), "Head office sync", self.tr("Head office sync"))
        else:
            self.setWindowTitle(self.tr("posapp — head office, %s") % data.head_office)
        self.setCentralWidget(self.pages)
        self.status = QLabel("", self)
        self.status.setObjectName("back-office-status")
        self.statusBar().addWidget(self.status, 1)
        self.refresh()

    def _add_stock_pages(self, data: BackOffice, locale: QLocale) -> None:
        """Stock, goods in, counts and suppliers' accounts: where the role has that work."""
        self.stock: StockPage | None = None
        self.stock_documents: StockDocumentsPage | None = None
        if data.stock is not None:
            self.stock = StockPage(data.stock, locale, self._run, self.say)
            self._add(self.stock, "Stock", self.tr("Stock"))
            self.stock_documents = StockDocumentsPage(data.stock, locale, self._run, self.say)
            goods_in = "Goods in and adjustments"
            self._add(self.stock_documents, goods_in, self.tr(goods_in))
        self.counts: CountsPage | None = None
        if data.counts is not None:
            self.counts = CountsPage(data.counts, self._run, self.say)
            self._add(self.counts, "Stock counts", self.tr("Stock counts"))
        self.costs: CostsPage | None = None
        if data.costs is not None:
            self.costs = CostsPage(data.costs, self._run, self.say)
            self._add(self.costs, "Costs and profit", self.tr("Costs and profit"))
        self.reports: ReportsPage | None = None
        if data.reports is not None:
            self.reports = ReportsPage(data.reports, self._run, self.say)
            self._add(self.reports, "Reports", self.tr("Reports"))
        self.payables: PayablesPage | None = None
        if data.payables is not None:
            self.payables = PayablesPage(data.payables, self._run, self.say)
            accounts = "Suppliers' accounts"
            self._add(self.payables, accounts, self.tr(accounts))

    def _add(self, page: QWidget, name: str, title: str) -> None:
        """A page shown to those whose role has its work (`presenters.back_office_pages`);
        another is kept, hidden and never loaded, so the window's parts stay whole."""
        if name in self._shown:
            self.pages.add(page, title)
            self._listed.append(page)
        else:
            page.setParent(self)
            page.hide()

    def show_page(self, title: str) -> QWidget:
        return self.pages.show_page(title)

    def _run(self, job: Callable[[], _T], done: Callable[[_T], object]) -> None:
        self._worker.submit(job, done, lambda error: self.say(str(error), error=True))

    def say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")

    def refresh(self) -> None:
        """What the shown pages list, read again (a hidden page's data is never read)."""
        shown = self._shown
        if "People" in shown:
            self._run(self._data.users, self._show_users)
            self._run(self._data.roles, self._show_roles)
        if "Shifts and Z reports" in shown:
            self._run(self._data.shifts, self._show_shifts)
        if "Journal" in shown:
            self._run(self._data.journal, self._show_journal)
        if "Head office sync" in shown:
            self._run(self._data.outbox, self._show_outbox)
        if self.products is not None and "Products" in shown:
            self.products.load(self.products.offset)
        for page in (
            self.dashboard,
            self.customers,
            self.price_lists,
            self.promotions,
            self.suppliers,
            self.settings,
            self.stock,
            self.stock_documents,
            self.counts,
            self.payables,
            self.costs,
            self.reports,
            self.workflows,
            self.chain,
        ):
            if page is not None and any(page is listed for listed in self._listed):
                page.load()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._worker.stop()
        super().closeEvent(event)
