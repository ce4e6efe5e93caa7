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
