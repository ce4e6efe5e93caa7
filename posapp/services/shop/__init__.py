"""The shop as a whole: its settings (the same for every till of the chain) and what the
back office's people, cash-control, journal and outbox screens read."""

from posapp.services.shop.back_office import (
    BackOffice,
    HeadOfficeFlag,
    JournalRow,
    OutboxBatch,
    OutboxView,
    RoleRecord,
    ShiftRow,
)
from posapp.services.shop.shop_settings import (
    SettingRow,
    ShopSettingsAdmin,
    change_shop_setting,
    list_shop_settings,
)

__all__ = [
    "BackOffice",
    "HeadOfficeFlag",
    "JournalRow",
    "OutboxBatch",
    "OutboxView",
    "RoleRecord",
    "SettingRow",
    "ShiftRow",
    "ShopSettingsAdmin",
    "change_shop_setting",
    "list_shop_settings",
]
