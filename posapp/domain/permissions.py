"""What each role may do, and which actions need a supervisor when a cashier may not.

Roles are data (editable in the back office); these are the built-in ones a new store starts
with. An action a user's role lacks can still be done at the till with a supervisor's PIN: the
journal then records both people, the action and the reason."""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    PRICE_OVERRIDE = "price_override"
    DISCOUNT_ABOVE_LIMIT = "discount_above_limit"
    VOID_LINE_AFTER_PRINT = "void_line_after_print"
    VOID_SALE = "void_sale"
    RETURN_WITHOUT_RECEIPT = "return_without_receipt"
    NO_SALE = "no_sale"
    CASH_OUT_ABOVE_LIMIT = "cash_out_above_limit"
    SALE_BELOW_COST = "sale_below_cost"
    APPROVE_OVER_SHORT = "approve_over_short"
    CLOSE_SHIFT = "close_shift"
    MANAGE_USERS = "manage_users"
    MANAGE_CATALOGUE = "manage_catalogue"
    RECEIVE_STOCK = "receive_stock"
    ADJUST_STOCK = "adjust_stock"  # write-offs, found goods: stock changed without goods moving
    PURCHASE = "purchase"  # raise, send, cancel and close purchase orders: the shop's money
    PAYABLES = "payables"  # post supplier bills and pay them
    VIEW_REPORTS = "view_reports"
    SEE_MARGIN = "see_margin"  # the till's provisional margin on the basket being rung up
    DEVICE_SETTINGS = "device_settings"
    CREDIT_OVER_LIMIT = "credit_over_limit"  # a sale on account beyond the customer's limit


# Who may change each kind of master data: checked by the node's use cases and, for a change
# sent up, again by head office in the sending store (roles and settings: chain-wide there).
MASTER_DATA_PERMISSIONS: dict[str, Permission] = {
    "product": Permission.MANAGE_CATALOGUE,
    "price_list": Permission.MANAGE_CATALOGUE,
    "promotion": Permission.MANAGE_CATALOGUE,
    "supplier": Permission.MANAGE_CATALOGUE,
    "customer": Permission.MANAGE_CATALOGUE,
    "user": Permission.MANAGE_USERS,
    "role": Permission.MANAGE_USERS,
    "setting": Permission.DEVICE_SETTINGS,
}

# The limits a shop sets, each lifted by one permission (the cashier's role, or a supervisor's
# approval for it): the settings of a shop (`shop_settings.DEFINITIONS`) and a customer's own
# credit limit.
LIMIT_POLICIES: dict[str, Permission] = {
    "till.discount_limit_percent": Permission.DISCOUNT_ABOVE_LIMIT,
    "till.cash_out_limit": Permission.CASH_OUT_ABOVE_LIMIT,
    "till.over_short_tolerance": Permission.APPROVE_OVER_SHORT,
    "customer.credit_limit": Permission.CREDIT_OVER_LIMIT,
}

# Reason codes a supervisor picks when approving: short, and the same on every till.
REASON_CODES = (
    "customer goodwill",
    "price on shelf differs",
    "damaged goods",
    "staff error",
    "manager decision",
)

_SUPERVISION = frozenset(
    {
        Permission.PRICE_OVERRIDE,
        Permission.DISCOUNT_ABOVE_LIMIT,
        Permission.VOID_LINE_AFTER_PRINT,
        Permission.VOID_SALE,
        Permission.RETURN_WITHOUT_RECEIPT,
        Permission.NO_SALE,
        Permission.CASH_OUT_ABOVE_LIMIT,
        Permission.CLOSE_SHIFT,
    }
)

BUILT_IN_ROLES: dict[str, tuple[str, frozenset[Permission]]] = {
    "cashier": ("Cashier", frozenset({Permission.CLOSE_SHIFT})),
    "supervisor": ("Supervisor", _SUPERVISION),
    "manager": (
        "Manager",
        _SUPERVISION
        | {
            Permission.SALE_BELOW_COST,
            Permission.APPROVE_OVER_SHORT,
            Permission.CREDIT_OVER_LIMIT,
            Permission.MANAGE_CATALOGUE,
            Permission.RECEIVE_STOCK,
            Permission.ADJUST_STOCK,
            Permission.PURCHASE,
            Permission.PAYABLES,
            Permission.VIEW_REPORTS,
            Permission.SEE_MARGIN,
            Permission.DEVICE_SETTINGS,
        },
    ),
    "stock_clerk": ("Stock clerk", frozenset({Permission.RECEIVE_STOCK})),
    "accountant": ("Accountant", frozenset({Permission.VIEW_REPORTS, Permission.PAYABLES})),
    "administrator": ("Administrator", frozenset(Permission)),
}
