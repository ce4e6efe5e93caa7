"""Reading a line of sales history through a column mapping: amounts half-up to the minor unit,
a unit price derived, credit notes by sign or prefix, and each refusal naming its field."""

from __future__ import annotations

from datetime import date

import pytest

from posapp.domain.sales_history import LineReader, LineRefused, MappingRefused, mapping_from

COLUMNS = {"invoice": "inv", "date": "day", "product_code": "code", "quantity": "qty"}


def _reader(**rules: object) -> LineReader:
    columns = {**COLUMNS, **rules.pop("columns", {"line_amount": "amount"})}  # type: ignore[dict-item]
    return LineReader(mapping_from({"columns": columns, "date_formats": ["%d.%m.%Y"], **rules}), 2)


def _row(**fields: str) -> dict[str, str]:
    return {
        "inv": "100",
        "day": "03.02.2024",
        "code": "A1",
        "qty": "3",
        "amount": "10.005",
        **fields,
    }


def test_a_line_amount_is_kept_half_up_and_the_unit_price_is_derived_from_it() -> None:
    line = _reader().read(_row())
    assert (line.amount_minor, line.unit_price_minor, line.quantity_milli) == (1001, 334, 3000)
    assert line.day == date(2024, 2, 3)
    assert line.name == "A1"  # no name column: the code stands for it
    assert not line.cancelled


def test_a_unit_price_times_the_quantity_is_the_amount_and_a_decimal_comma_is_read() -> None:
    reader = _reader(columns={"unit_price": "price"})
    line = reader.read({**_row(), "price": "2,345"})
    assert line.amount_minor == 704  # 3 × 2.345 = 7.035 → 7.04


def test_credit_notes_by_a_negative_quantity_or_by_the_number_prefix() -> None:
    assert _reader().read(_row(qty="-1", amount="-3.00")).cancelled
    prefixed = _reader(cancelled_prefix="C").read(_row(inv="C100"))
    assert prefixed.cancelled
    assert not _reader().read(_row(inv="C100")).cancelled


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"qty": "three"}, "quantity", "not a number"),
        ({"qty": "1.0005"}, "quantity", "more than three decimals"),
        ({"day": "2024-02-03"}, "date", "%d.%m.%Y"),
        ({"code": ""}, "product_code", "is empty"),
        ({"code": "A\x001"}, "product_code", "control characters"),
        ({"amount": "1e40"}, "line_amount", "could have sold"),
    ],
    ids=["words", "decimals", "date", "empty", "nul", "huge"],
)
def test_a_line_that_cannot_be_read_names_its_field(
    fields: dict[str, str], field: str, words: str
) -> None:
    with pytest.raises(LineRefused) as refused:
        _reader().read(_row(**fields))
    assert refused.value.field == field
    assert words in refused.value.reason


@pytest.mark.parametrize(
    ("record", "words"),
    [
        ({"columns": {"invoice": "i"}}, "'date' must name a column"),
        ({"columns": {**COLUMNS}}, "unit_price or line_amount"),
        ({"columns": {**COLUMNS, "line_amount": "a", "colour": "c"}}, "'colour' is not a field"),
        ({"columns": {**COLUMNS, "line_amount": "a", "cost": "c", "profit": "p"}}, "not both"),
        ({"columns": {**COLUMNS, "line_amount": "a"}, "typo": 1}, "'typo'"),
    ],
    ids=["required", "amount", "unknown-field", "cost-and-profit", "unknown-key"],
)
def test_a_mapping_that_cannot_be_used_says_why(record: dict[str, object], words: str) -> None:
    with pytest.raises(MappingRefused, match=words):
        mapping_from(record)
