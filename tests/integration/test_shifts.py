"""Shifts on a real store: whole simulated shifts whose Z report equals independent SQL sums over
the documents; numbering, immutability, backups; and every refusal a tired cashier can meet."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pytest

from posapp.bootstrap.demo import simulator
from posapp.bootstrap.node import Node, till_actions
from posapp.bootstrap.people import add_user
from posapp.domain.cash_count import CashCount, InvalidCount, count_of
from posapp.domain.errors import DomainError
from posapp.domain.money import Money
from posapp.reports.shift_report_pdf import shift_report_pdf
from posapp.services.cash.shifts import OverShortNeedsApproval, ShiftAlreadyOpen
from posapp.services.shared.errors import NoOpenShift


def _independent_sums(path: Path, z_number: int) -> dict[str, object]:
    """The shift's totals straight from the document tables, written apart from the app's SQL."""
    db = sqlite3.connect(path)
    try:
        shift = db.execute(
            "SELECT s.id, s.opening_float_minor FROM shifts s "
            "JOIN z_reports z ON z.shift_id = s.id WHERE z.number = ?",
            (z_number,),
        ).fetchone()
        documents = db.execute(
            "SELECT id, kind, total_minor, discount_minor FROM sales WHERE shift_id = ?",
            (shift[0],),
        ).fetchall()
        tenders: dict[str, int] = defaultdict(int)
        taxes: dict[str, int] = defaultdict(int)
        for sale_id, *_ in documents:
            for kind, amount in db.execute(
                "SELECT kind, amount_minor FROM sale_tenders WHERE sale_id = ?", (sale_id,)
            ):
                tenders[kind] += amount
            for code, tax in db.execute(
                "SELECT x.rate_code, x.tax_minor FROM sale_line_taxes x "
                "JOIN sale_lines l ON l.id = x.line_id WHERE l.sale_id = ?",
                (sale_id,),
            ):
                taxes[code] += tax
        moves = dict(
            db.execute(
                "SELECT kind, sum(amount_minor) FROM cash_movements WHERE shift_id = ? "
                "GROUP BY kind",
                (shift[0],),
            ).fetchall()
        )
    finally:
        db.close()
    sales = [d for d in documents if d[1] == "SALE"]
    returns = [d for d in documents if d[1] == "RETURN"]
    return {
        "sales": (len(sales), sum(d[2] for d in sales)),
        "returns": (len(returns), sum(d[2] for d in returns)),
        "discounts": sum(d[3] for d in documents),
        "tenders": dict(tenders),
        "taxes": dict(taxes),
        "expected": shift[1]
        + tenders.get("cash", 0)
        + moves.get("cash_in", 0)
        - moves.get("cash_out", 0)
        - moves.get("drop", 0),
    }


def _z_payload(node: Node, number: int) -> dict[str, object]:
    with node.store.engine.connect() as connection:
        text = connection.exec_driver_sql(
            "SELECT payload FROM z_reports WHERE number = ?", (number,)
        ).scalar_one()
    return json.loads(text)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_simulated_shift_closes_with_a_z_that_matches_the_documents(
    demo_node: Node, seed: int
) -> None:
    report = simulator(demo_node, seed=seed).run(150, close_shift=True)
    assert report.z_number == 1
    z = _z_payload(demo_node, 1)
    expected = _independent_sums(demo_node.store.path, 1)
    assert (z["sales"]["count"], z["sales"]["total"]) == expected["sales"]  # type: ignore[index]
    assert (z["returns"]["count"], z["returns"]["total"]) == expected["returns"]  # type: ignore[index]
    assert z["discounts"] == expected["discounts"]
    assert z["by_tender"] == expected["tenders"]
    assert {t["code"]: t["tax"] for t in z["by_tax"]} == expected["taxes"]  # type: ignore[union-attr]
    cash = z["cash"]
    assert cash["expected"] == expected["expected"]  # type: ignore[index]
    assert cash["over_short"] == cash["counted"] - cash["expected"]  # type: ignore[index]
    assert report.sales == z["sales"]["count"]  # type: ignore[index]


def test_z_reports_are_numbered_journaled_backed_up_and_printable(demo_node: Node) -> None:
    sim = simulator(demo_node, seed=4)
    sim.run(20, close_shift=True)  # the fixture's shift
    sim.run(20)  # a second shift, opened and closed by the simulation
    with demo_node.store.engine.connect() as connection:
        numbers = connection.exec_driver_sql("SELECT number FROM z_reports ORDER BY number").all()
        journaled = (
            connection.exec_driver_sql(
                "SELECT payload FROM journal_entries WHERE kind = 'z_report' ORDER BY seq"
            )
            .scalars()
            .all()
        )
    assert [n for (n,) in numbers] == [1, 2]
    assert [json.loads(p)["z_number"] for p in journaled] == [1, 2]
    assert json.loads(journaled[1]) == _z_payload(demo_node, 2)
    backups = sorted((demo_node.store.data_dir / "backups").glob("*-z*.sqlite3"))
    assert len(backups) == 2
    assert backups[-1].name.endswith("-z2-T01.sqlite3")
    from posapp.services.cash.shifts import ShiftReport

    pdf = shift_report_pdf(ShiftReport("Z", 2, _z_payload(demo_node, 2)))
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 5000


def test_refusals_leave_everything_as_it_was(demo_node: Node) -> None:
    actions = replace(till_actions(demo_node), backup=None)
    with pytest.raises(ShiftAlreadyOpen, match="shift 1 is already open"):
        actions.open_shift(count_of(Money(5000, "EUR")))
    for typed in ({2000: "-1"}, {2000: "two"}, {3000: "1"}):
        with pytest.raises(InvalidCount):
            CashCount.parse(typed, "EUR")
    for kind, minor, reason in (("cash_out", 0, "x"), ("cash_in", 100, " "), ("loan", 100, "x")):
        with pytest.raises(DomainError, match=r"more than zero|needs a reason|not a cash movement"):
            actions.cash_movement(kind, Money(minor, "EUR"), reason)
    expected = actions.x_report().payload["cash"]["expected"]
    with pytest.raises(OverShortNeedsApproval, match=r"beyond the 5\.00 EUR tolerance"):
        actions.close_shift(count_of(Money(expected - 2000, "EUR")))
    assert actions.current_shift() is not None  # still open: nothing was closed
    add_user(demo_node, username="meg", name="Meg Manager", role="manager", pin="2468")
    z = actions.close_shift(count_of(Money(expected - 2000, "EUR")), manager_pin="2468")
    assert z.payload["cash"]["over_short"] == -2000
    assert z.payload["approved_by"] == "Meg Manager"
    with pytest.raises(NoOpenShift):
        actions.close_shift(count_of(Money(0, "EUR")))  # closing twice
    with pytest.raises(NoOpenShift):
        actions.cash_movement("cash_in", Money(100, "EUR"), "float top-up")


def test_each_cashier_may_have_their_own_drawer(demo_node: Node) -> None:
    add_user(demo_node, username="ana", name="Ana", role="cashier", pin="1111")
    add_user(demo_node, username="bob", name="Bob", role="cashier", pin="2222")
    base = replace(till_actions(demo_node), backup=None)
    base = replace(base, till=replace(base.till, drawer_per_cashier=True))
    ana, bob = base.sign_in("1111"), base.sign_in("2222")
    ana.open_shift(count_of(Money(5000, "EUR")))
    sim_ana = simulator(demo_node, seed=5)
    sim_ana.actions = ana
    sim_ana.run(10, close_shift=False)
    sim_bob = simulator(demo_node, seed=6)
    sim_bob.actions = bob
    with pytest.raises(NoOpenShift):
        sim_bob.sell_one() or sim_bob.sell_one() or sim_bob.sell_one()
    bob.open_shift(count_of(Money(3000, "EUR")))  # both drawers open at once
    sim_bob.run(7, close_shift=False)
    expected = ana.x_report().payload["cash"]["expected"]
    z = ana.close_shift(count_of(Money(expected, "EUR")))
    assert z.payload["sales"]["count"] == 10
    assert z.payload["cash"]["float"] == 5000
    assert [c["cashier"] for c in z.payload["by_cashier"]] == ["Ana"]
    assert bob.x_report().payload["sales"]["count"] == 7  # Bob's drawer is still open
