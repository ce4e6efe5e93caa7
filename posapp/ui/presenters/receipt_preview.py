"""A plain-text receipt of a completed document, for the on-screen preview (the printer's
ESC/POS layout is built from the same document by the devices layer)."""

from __future__ import annotations

from posapp.domain.currency import minor_unit_exponent
from posapp.domain.money import Money
from posapp.domain.sale import DocumentKind, SaleDocument

WIDTH = 42


def _amount(money: Money) -> str:
    return f"{money.amount:,.{minor_unit_exponent(money.currency)}f}"


def _row(left: str, right: str, width: int = WIDTH) -> str:
    room = width - len(right) - 1
    return f"{left[:room]:<{room}} {right}"


def receipt_text(doc: SaleDocument, *, store_name: str, cashier: str, width: int = WIDTH) -> str:
    title = "RETURN" if doc.kind is DocumentKind.RETURN else "RECEIPT"
    lines = [
        store_name.center(width),
        f"{title} {doc.number}".center(width),
        doc.created_at.strftime("%Y-%m-%d %H:%M UTC").center(width),
        f"Cashier: {cashier}",
        "-" * width,
    ]
    for line in doc.lines:
        lines.append(_row(line.name, _amount(line.amount), width))
        if line.quantity.value != 1 or line.unit != "pc":
            lines.append(f"  {line.quantity} {line.unit} × {_amount(line.unit_price)}")
        off = line.line_discount + line.basket_discount
        if off.minor:
            lines.append(f"  discount -{_amount(off)}")
    lines.append("-" * width)
    lines.append(_row("TOTAL", f"{_amount(doc.total)} {doc.currency}", width))
    if doc.rounding.minor:
        lines.append(_row("Cash rounding", _amount(doc.rounding), width))
    for tender in doc.tenders:
        label = (
            "Change"
            if tender.amount.minor < 0 and doc.kind is DocumentKind.SALE
            else (tender.kind.title())
        )
        lines.append(_row(label, _amount(abs(tender.amount)), width))
    for code, ppm, base, tax in _tax_rows(doc):
        lines.append(_row(f"{code} {ppm / 10_000:g} % on {_amount(base)}", _amount(tax), width))
    return "\n".join(lines)


def _tax_rows(doc: SaleDocument) -> list[tuple[str, int, Money, Money]]:
    rows: dict[tuple[str, int], tuple[Money, Money]] = {}
    zero = Money.zero(doc.currency)
    for line in doc.lines:
        for code, ppm, tax in line.taxes:
            base, total = rows.get((code, ppm), (zero, zero))
            rows[(code, ppm)] = (base + line.net, total + tax)
    return [(code, ppm, base, tax) for (code, ppm), (base, tax) in sorted(rows.items())]
