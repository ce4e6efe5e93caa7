"""Looking after the store file: its checks, the journal, upgrades and backups."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from posapp import bootstrap
from posapp.db.damage import StoreDamaged
from posapp.db.integrity import run_checks
from posapp.db.journal_export import journal_lines
from posapp.db.ledger_checks import count_entries, journal_chain, journaled_rows
from posapp.db.store import DATABASE_FILENAME, StoreError, backup_database


def journal(data_dir: Path, args: argparse.Namespace) -> int:
    action, to = args.journal_command, getattr(args, "to", None)
    node = bootstrap.node.open_node(data_dir, create=False)  # migrates (with backup) if behind
    path = node.store.path
    node.close()
    if action == "verify":
        problems = journal_chain(path) or journaled_rows(path)
        if problems:
            print(f"journal: BROKEN — {problems[0]}")
            return 1
        print(f"journal: {count_entries(path):,} entries, the chain holds")
        return 0
    lines = journal_lines(path)
    if to is None:
        for line in lines:
            print(line)
        return 0
    written = 0
    with to.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(line + "\n")
            written += 1
    print(f"journal: {written:,} entries written to {to}", file=sys.stderr)
    return 0


def check(data_dir: Path, args: argparse.Namespace) -> int:
    try:
        node = bootstrap.node.open_node(data_dir, create=False)  # migrates (with backup) if behind
        node.close()
    except (sqlite3.DatabaseError, StoreDamaged) as error:  # the checks below say where
        print(f"the store could not be opened: {error}")
    results = run_checks(data_dir / DATABASE_FILENAME)
    for result in results:
        print(f"{'ok  ' if result.ok else 'FAIL'}  {result.name}")
        for problem in result.problems:
            print(f"        {problem}")
    failed = [r.name for r in results if not r.ok]
    print(f"{len(results) - len(failed)} of {len(results)} checks passed")
    return 1 if failed else 0


def db(data_dir: Path, args: argparse.Namespace) -> int:
    action, to = args.db_command, getattr(args, "to", None)
    node = bootstrap.node.open_node(data_dir, create=action == "upgrade")
    try:
        if action == "upgrade":
            if node.store.backup_taken:
                print(f"upgraded; backup of the previous version: {node.store.backup_taken}")
            else:
                print(f"{node.store.path} is up to date")
            return 0
        target_dir = to or data_dir
        if not target_dir.is_dir():
            raise StoreError(f"backup directory {target_dir} does not exist")
        copy = backup_database(node.store.path, target_dir, reason="manual", now=node.clock.now())
        print(f"backup written: {copy}")
        return 0
    finally:
        node.close()
