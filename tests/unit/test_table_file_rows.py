"""A table file's row count (the import's progress total) is the number of rows its reading
yields, whether the file is counted as lines or parsed (quotes, line breaks inside a field)."""

from __future__ import annotations

from pathlib import Path

import pytest

from posapp.reports.table_files import open_table

FILES = {
    "plain": "sku,name,price\nA,Apple,1.00\nB,Bread,2.00\n",
    "blank rows and a row of commas": "sku,name\nA,Apple\n\n,,\n  \nB,Bread\n",
    "no newline at the end": "sku,name\nA,Apple\r\nB,Bread",
    "semicolons": "sku;name;price\nA;Apple;1,00\n;;\nB;Bread;2,00\n",
    "a quoted line break": 'sku,name,note\nA,Apple,"two\nlines"\nB,Bread,\n',
    "a quoted comma": 'sku,name\nA,"Apple, red"\n,\nB,Bread\n',
    "only a header": "sku,name\n",
    "a byte-order mark": "\ufeffsku,name\nA,Apple\n",
}


@pytest.mark.parametrize("content", FILES.values(), ids=FILES.keys())
def test_the_count_is_the_rows_read(tmp_path: Path, content: str) -> None:
    path = tmp_path / "products.csv"
    path.write_text(content, encoding="utf-8", newline="")
    table = open_table(path)
    assert table.rows == len(list(table.read()))
    assert table.columns[0] == "sku"


def test_formula_like_text_exported_with_an_apostrophe_reads_back_as_it_was(
    tmp_path: Path,
) -> None:
    """An export writes '=… so that no spreadsheet runs it; reading the file takes the
    apostrophe off again, in any column, and leaves every other apostrophe alone."""
    path = tmp_path / "products.csv"
    path.write_text(
        "sku,name,note\nA,'=1+2,O'Brien\nB,Bread,'-5 off\nC,'plain,\"two\n'=lines\"\n",
        encoding="utf-8",
        newline="",
    )
    rows = list(open_table(path).read())
    assert [row["name"] for row in rows] == ["=1+2", "Bread", "'plain"]
    assert [row["note"] for row in rows] == ["O'Brien", "-5 off", "two\n'=lines"]
