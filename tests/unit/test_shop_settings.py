"""Each shop setting is defined once; the same check refuses a bad value at the CLI, at head
office and at a till that pulls it."""

from __future__ import annotations

import pytest

from posapp.domain.shop_settings import DEFINITIONS, SettingRefused, check_setting


@pytest.mark.parametrize("key", sorted(DEFINITIONS))
def test_every_default_passes_its_own_check(key: str) -> None:
    check_setting(key, DEFINITIONS[key].default)


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("till.auto_lock_minutes", "never", "whole number from 0 to 1440"),
        ("till.auto_lock_minutes", -1, "whole number"),
        ("till.auto_lock_minutes", True, "whole number"),  # a bool is not a number of minutes
        ("till.discount_limit_percent", 101, "0 to 100"),
        ("till.tenders", "cash", "list of tender names"),
        ("till.tenders", ["card"], 'must include "cash"'),
        ("till.tenders", ["cash", "cash"], "list of tender names"),
        ("till.blind_close", "maybe", "bool"),
        ("receipt.footer", ["Thank you\x1bp"], "printable"),
        ("receipt.header", "Hello", "list of at most 10 lines"),
        ("barcodes.weight_rules", ["21PPPPPWWWWW"], "13"),
        ("scanner.wedge", {"gap_ms": 0}, "gap_ms"),
        ("scanner.wedge", {"speed": 1}, "has no 'speed'"),
        ("devices.printer", "tcp://10.0.0.1:9100", "not a setting"),
    ],
    ids=lambda value: str(value)[:20],
)
def test_a_value_the_till_could_not_start_with_is_refused(
    key: str, value: object, words: str
) -> None:
    with pytest.raises(SettingRefused, match=words.replace("(", r"\(")) as refused:
        check_setting(key, value)
    assert key in str(refused.value)
