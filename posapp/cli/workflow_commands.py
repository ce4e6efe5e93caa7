"""`posapp stock workflow…`: a document type's workflow shown, and changed by an administrator
(a transition's permission, a step added between two statuses, a transition taken away)."""

from __future__ import annotations

import argparse
from typing import Any

from posapp import bootstrap


def add_workflow_commands(stock: Any) -> None:
    show = stock.add_parser("workflow", help="a document type's statuses and transitions")
    show.add_argument("type", help="goods_receipt, purchase_order, stock_count…")
    allow = stock.add_parser("workflow-allow", help="add a transition, or set who may take it")
    forbid = stock.add_parser("workflow-forbid", help="take a transition away")
    for each in (allow, forbid):
        each.add_argument("type")
        each.add_argument("from_status")
        each.add_argument("to_status")
    allow.add_argument("--permission", required=True, help="e.g. adjust_stock")
    allow.add_argument("--name", default="", help="what its button says")
    step = stock.add_parser("workflow-step", help="a new status between two (an approval)")
    step.add_argument("type")
    step.add_argument("status", help="its code, e.g. checked")
    step.add_argument("--name", default="")
    step.add_argument("--after", required=True)
    step.add_argument("--before", required=True)
    step.add_argument("--permission", required=True, help="who may take it")
    step.add_argument(
        "--instead", action="store_true", help="the direct way goes: every document takes it"
    )


def _show(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    doc_type = bootstrap.workflows.document_type(args.type)
    current = bootstrap.workflows.workflow(node, doc_type)
    for code, status in current.statuses.items():
        marks = [
            word for word, on in (("first", code == current.first), ("final", status.final)) if on
        ]
        print(f"{code:<20} {status.name:<20} {status.effect.value:<8} {' '.join(marks)}")
    for t in current.transitions:
        print(f"  {t.from_status} → {t.to_status}  ({t.permission.value})  {t.name}")
    return 0


def _allow(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    doc_type = bootstrap.workflows.document_type(args.type)
    who = bootstrap.workflows.permission(args.permission)
    bootstrap.workflows.allow(node, doc_type, args.from_status, args.to_status, who, args.name)
    print(f"{doc_type.value}: {args.from_status} → {args.to_status} needs {who.value}")
    return 0


def _forbid(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    doc_type = bootstrap.workflows.document_type(args.type)
    bootstrap.workflows.forbid(node, doc_type, args.from_status, args.to_status)
    print(f"{doc_type.value}: {args.from_status} → {args.to_status} taken away")
    return 0


def _step(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    doc_type = bootstrap.workflows.document_type(args.type)
    bootstrap.workflows.add_step(
        node,
        doc_type,
        args.status,
        name=args.name,
        after=args.after,
        before=args.before,
        who=bootstrap.workflows.permission(args.permission),
        instead=args.instead,
    )
    print(f"{doc_type.value}: {args.after} → {args.status} → {args.before}")
    return 0


WORKFLOW_ACTIONS = {
    "workflow": _show,
    "workflow-allow": _allow,
    "workflow-forbid": _forbid,
    "workflow-step": _step,
}
