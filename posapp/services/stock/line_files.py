"""Document lines from a CSV or Excel file: a shop's opening stock when it moves to posapp, or a
purchase order's lines. Every row is checked and every problem named (row, column, value,
reason) before anything is written; a file with one problem writes nothing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from posapp.services.shared import (
    FieldError,
    ImportRefused,
    RowProblem,
    UnitOfWork,
    column_problems,
    each_error,
)
from posapp.services.stock.drafts import DraftLine, read_lines

LINE_COLUMNS = ("sku", "quantity", "cost", "batch", "expiry", "location")


def lines_by_location(
    uow: UnitOfWork,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, str]],
    *,
    currency: str,
) -> dict[str | None, list[DraftLine]]:
    """The file's lines, grouped by the location each row names (None: the shop floor);
    ImportRefused with every problem of the file."""
    problems = column_problems(columns, LINE_COLUMNS, "sku", "document line")
    if problems:
        raise ImportRefused(problems)
    read: list[tuple[int, str | None, DraftLine]] = []
    for number, row in enumerate(rows, start=2):
        try:
            lines = read_lines([row], currency)
        except FieldError as error:
            problems += [
                RowProblem(number, e.field.removeprefix("line 1 "), e.value, e.reason)
                for e in each_error(error)
            ]
            continue
        location = str(row.get("location") or "").strip().upper() or None
        for line in lines:
            if line.quantity_milli <= 0:
                typed = str(row.get("quantity") or "")
                problems.append(RowProblem(number, "quantity", typed, "must be more than 0"))
            else:
                read.append((number, location, line))
    with uow:
        known = uow.catalogue.ids_of_skus([line.sku for _, _, line in read])
        places = {place: uow.stock_documents.location_id(place) for _, place, _ in read}
    for number, place, line in read:
        if line.sku not in known:
            problems.append(RowProblem(number, "sku", line.sku, "is not a product SKU"))
        if places[place] is None:
            problems.append(RowProblem(number, "location", place or "", "is not a location here"))
    if not read and not problems:
        problems.append(RowProblem(2, "sku", "", "the file has no rows"))
    if problems:
        raise ImportRefused(problems)
    # One group per location, however each row named it (blank or FLOOR: the shop floor).
    first_name: dict[object, str | None] = {}
    grouped: dict[str | None, list[DraftLine]] = {}
    for _, place, line in read:
        name = first_name.setdefault(places[place], place)
        grouped.setdefault(name, []).append(line)
    return grouped
