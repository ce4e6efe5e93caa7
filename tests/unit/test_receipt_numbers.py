"""A till's receipt numbers rise within an incarnation: head office's check without an index."""

from __future__ import annotations

import uuid

import pytest

from sync.server.documents import Refused
from sync.server.receipt_numbers import check_numbers, number_value

A, B, C = (uuid.UUID(int=n) for n in (1, 2, 3))


def test_rising_numbers_pass_and_the_highest_is_kept() -> None:
    checked = check_numbers([(A, "S01-T01-000007"), (B, "S01-T01-000008")], last=6, floor=0)
    assert checked.last == 8
    assert checked.reused == []


@pytest.mark.parametrize(
    "numbers",
    [["S01-T01-000006"], ["S01-T01-000009", "S01-T01-000009"], ["S01-T01-000009", "S01-T01-8"]],
    ids=["at-the-last", "twice-in-the-batch", "falling-in-the-batch"],
)
def test_a_number_used_before_by_this_incarnation_is_refused(numbers: list[str]) -> None:
    with pytest.raises(Refused, match="was already sent by this till"):
        check_numbers([(A, number) for number in numbers], last=6, floor=0)


def test_numbers_an_earlier_incarnation_used_are_flagged_not_refused() -> None:
    checked = check_numbers(
        [(A, "S01-T01-000004"), (B, "S01-T01-000005"), (C, "S01-T01-000011")], last=0, floor=10
    )
    assert checked.reused == [(A, "S01-T01-000004"), (B, "S01-T01-000005")]
    assert checked.last == 11


def test_the_running_number_is_read_from_the_end() -> None:
    assert number_value("S01-T01-000124") == 124
    assert number_value("S01-T01-B0000124") == 124
    assert number_value("S01-T01-1000000") == 1_000_000  # past six digits: still rising
    with pytest.raises(Refused, match="does not end in its running number"):
        number_value("S01-T01-X")
