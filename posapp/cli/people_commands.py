"""People and settings: who acts (`--as`), users and roles, the shop's settings."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from posapp import bootstrap
from posapp.domain.shop_settings import DEFINITIONS as SHOP_SETTINGS


def read_secret(prompt: str = "PIN (4–8 digits): ") -> str:
    """Asked for on a terminal (not echoed); read from the first line of input otherwise, so
    a script can pipe it in without it showing in the process list."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().strip()


def open_as(data_dir: Path, args: argparse.Namespace) -> bootstrap.node.Node:
    """The node, with the person named by `--as` signed in (their password first on the input,
    before any PIN a command reads): the master-data changes made are theirs."""
    node = bootstrap.node.open_node(data_dir, create=False)
    if args.as_user is not None:
        try:
            bootstrap.people.sign_in_as_author(
                node, args.as_user, read_secret(f"{args.as_user}'s password: ")
            )
        except BaseException:
            node.close()
            raise
    return node


def bring_changes_into_the_chain(data_dir: Path, args: argparse.Namespace) -> int:
    """`posapp --as ADMIN sync enroll …`: the shop's administrator signs the master-data
    changes made before it joined head office, so the chain takes the shop's catalogue (head
    office still checks that they may make each one)."""
    node = open_as(data_dir, args)
    try:
        if node.actor is None or node.actor.author_key is None:
            print(
                f"posapp: head office gave {args.as_user} no author key: the changes made "
                "before enrolling stay unsigned (head office will not apply them)",
                file=sys.stderr,
            )
            return 1
        signed = bootstrap.people.sign_changes_made_before_enrolling(node)
        print(
            f"{signed:,} master-data change(s) made before enrolling go to head office as "
            f"{args.as_user}'s"
        )
    finally:
        node.close()
    return 0


def users(data_dir: Path, args: argparse.Namespace) -> int:
    node = open_as(data_dir, args)
    try:
        if args.users_command == "password":
            bootstrap.people.set_password(
                node, args.username, read_secret("Password (8 or more): ")
            )
            print(f"password set for {args.username}")
        elif args.users_command == "add-role":
            wanted = frozenset(p.strip() for p in args.permissions.split(",") if p.strip())
            bootstrap.people.add_role(
                node, code=args.code, name=args.name, permissions=wanted, by="command line"
            )
            print(f"role {args.code.strip().lower()} added")
        elif args.users_command == "roles":
            for role in bootstrap.shop.back_office(node).roles():
                print(f"{role.code:<20} {role.name:<24} {', '.join(sorted(role.permissions))}")
        elif args.users_command == "add":
            bootstrap.people.add_user(
                node, username=args.username, name=args.name, role=args.role, pin=read_secret()
            )
            print(f"user {args.username.strip().lower()} added as {args.role}")
        else:
            for user in bootstrap.people.users(node):
                print(f"{user.username:<20} {user.role:<14} {user.display_name}")
    finally:
        node.close()
    return 0


def settings(data_dir: Path, args: argparse.Namespace) -> int:
    node = open_as(data_dir, args)
    try:
        if args.settings_command == "set" and args.key == "store.currency":
            bootstrap.shop.change_currency(node, args.value)
            print(f"store.currency = {args.value.strip().upper()} (from the next start)")
        elif args.settings_command == "set":
            value = bootstrap.shop.change_setting(node, args.key, args.value)
            print(f"{args.key} = {json.dumps(value, ensure_ascii=False)} (from the next start)")
        else:
            _print_settings(bootstrap.shop.settings(node))
    finally:
        node.close()
    return 0


def _print_settings(stored: dict[str, object]) -> None:
    """The shop's settings with their defaults, then this node's own (identity, devices)."""
    for key, definition in SHOP_SETTINGS.items():
        value = stored.get(key, definition.default)
        mark = "" if key in stored else "   (default)"
        print(
            f"{key} = {json.dumps(value, ensure_ascii=False)}{mark}   # {definition.means}"
            f" (changed by those with {definition.changed_by.value})"
        )
    for key in sorted(set(stored) - set(SHOP_SETTINGS)):
        print(f"{key} = {json.dumps(stored[key], ensure_ascii=False)}")
