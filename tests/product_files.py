"""Product import files for tests and benchmarks: valid rows with real check digits."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from posapp.domain.catalogue import gtin_check_digit

COLUMNS = [
    "sku",
    "name",
    "unit",
    "weighed",
    "tax_class",
    "category",
    "brand",
    "state",
    "cost",
    "price",
    "barcodes",
    "note",
]


def ean13(prefix: str, number: int) -> str:
    body = f"{prefix}{number:09d}"
    return body + gtin_check_digit(body)


def product_row(number: int, prefix: str = "IMP") -> list[str]:
    return [
        f"{prefix}-{number:06d}",
        f"Imported product {number}",
        "pc",
        "no",
        "STD",
        f"Imported {number % 40}",
        f"Maker {number % 15}",
        "ACTIVE",
        "1.00",
        f"{1 + number % 900 / 100:.2f}",
        f"{ean13('470', number)}; {ean13('471', number)}:6",
        "",
    ]


def write_products(path: Path, rows: Iterable[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path
