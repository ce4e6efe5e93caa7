"""The settings page's editor logic without Qt: each setting opens in the form its kind takes,
and what a manager types becomes the value the use case checks, or a refusal naming it."""

import pytest

from posapp.domain.shop_settings import DEFINITIONS, SettingRefused
from posapp.services.shop import SettingRow
from posapp.ui.presenters.shop_settings import SettingForm, shown


def _form(key: str, value: object | None = None) -> SettingForm:
    definition = DEFINITIONS[key]
    return SettingForm(
        SettingRow(
            key=key,
            value=definition.default if value is None else value,
            default=definition.default,
            is_default=value is None,
            means=definition.means,
            changed_by=definition.changed_by.value,
            may_change=True,
        )
    )


@pytest.mark.parametrize("key", sorted(DEFINITIONS))
def test_every_setting_reads_back_what_its_editor_opens_with(key: str) -> None:
    form = _form(key)
    assert form.value(form.text()) == DEFINITIONS[key].default


def test_lines_yes_no_numbers_and_nothing() -> None:
    assert _form("receipt.header").value(" Main St 1 \n\n  VAT 123\n") == ["Main St 1", "VAT 123"]
    assert _form("till.blind_close").value("No") is False
    assert _form("till.cash_out_limit").value(" 2500 ") == 2500
    assert _form("pricing.markup_percent").value("  ") is None
    assert _form("pricing.markup_percent").value("35") == "35"
    assert _form("scanner.wedge").value('{"gap_ms": 40}') == {"gap_ms": 40}


@pytest.mark.parametrize(
    ("key", "typed", "reason"),
    [
        ("till.blind_close", "maybe", "takes yes or no"),
        ("till.auto_lock_minutes", "never", "takes a whole number"),
        ("till.auto_lock_minutes", "-1", "from 0 to 1440"),
        ("till.tenders", "card", 'must include "cash"'),
        ("scanner.wedge", "{gap", "scanner.wedge"),
        ("pricing.markup_percent", "12.345", "two decimals"),
    ],
)
def test_a_value_the_setting_cannot_take_is_refused_by_name(
    key: str, typed: str, reason: str
) -> None:
    with pytest.raises(SettingRefused, match=reason):
        _form(key).value(typed)


def test_cells_read_as_words() -> None:
    assert shown(True) == "yes"
    assert shown(None) == "—"
    assert shown(["cash", "card"]) == "cash · card"
    assert shown([]) == "(none)"
