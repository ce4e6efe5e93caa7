"""Shop settings (policies, receipt texts, tenders, weight rules) changed by a manager: the
same for every till of the chain, so each change is journaled and travels through head office."""

from __future__ import annotations

from posapp.domain.shop_settings import check_setting
from posapp.services.shared import Clock, IdFactory, UnitOfWork, journal_event, queue_master_change


def change_shop_setting(
    uow: UnitOfWork, *, key: str, value: object, by: str, clock: Clock, new_id: IdFactory
) -> None:
    """Save one setting, checked against its definition first (the same check head office and
    every till make, so a typo never reaches the next start), with its journal entry and outbox
    event; SettingRefused names what is wrong."""
    check_setting(key, value)
    now = clock.now()
    with uow:
        uow.settings.put(key, value, now)
        journal_event(
            uow, "setting_changed", {"key": key, "value": value, "by": by}, at=now, new_id=new_id
        )
        queue_master_change(
            uow, entity="setting", key=key, record={"value": value}, clock=clock, new_id=new_id
        )
        uow.commit()
