"""Shop settings (policies, receipt texts, tenders, weight rules) changed by a manager: the
same for every till of the chain, so each change is journaled and travels through head office."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from posapp.domain.actors import needed_to_change
from posapp.domain.shop_settings import DEFINITIONS, check_setting
from posapp.services.shared import Clock, IdFactory, UnitOfWork, journal_event, queue_master_change


@dataclass(frozen=True)
class SettingRow:
    """One shop setting as the settings screen lists it."""

    key: str
    value: object
    default: object
    is_default: bool  # never set here: the value is the definition's default
    means: str
    changed_by: str  # the permission a role needs to change it
    may_change: bool  # the person acting holds it (anyone, in a shop that checks no one)


def change_shop_setting(
    uow: UnitOfWork, *, key: str, value: object, by: str, clock: Clock, new_id: IdFactory
) -> None:
    """Save one setting, checked against its definition first (the same check head office and
    every till make, so a typo never reaches the next start), with its journal entry and outbox
    event; SettingRefused names what is wrong, NotPermitted who may change it."""
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


def list_shop_settings(uow: UnitOfWork) -> list[SettingRow]:
    """Every setting a shop may change, in definition order, with its value here."""
    with uow:
        stored = uow.settings.stored()
    actor = uow.actor
    return [
        SettingRow(
            key=key,
            value=stored.get(key, definition.default),
            default=definition.default,
            is_default=key not in stored,
            means=definition.means,
            changed_by=definition.changed_by.value,
            may_change=actor is None or actor.may(needed_to_change("setting", key)),
        )
        for key, definition in DEFINITIONS.items()
    ]


@dataclass(frozen=True)
class ShopSettingsAdmin:
    """The settings screen's reads and its one change, for the person signed in (bound to a
    node by bootstrap)."""

    unit_of_work: Callable[[], UnitOfWork]
    clock: Clock
    new_id: IdFactory
    by: str

    def rows(self) -> list[SettingRow]:
        return list_shop_settings(self.unit_of_work())

    def change(self, key: str, value: object) -> None:
        change_shop_setting(
            self.unit_of_work(),
            key=key,
            value=value,
            by=self.by,
            clock=self.clock,
            new_id=self.new_id,
        )
