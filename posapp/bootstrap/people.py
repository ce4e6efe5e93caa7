"""People at a node: adding users and roles, passwords, signing in to the back office (and so
becoming the author of master-data changes), credentials for an older install's administrator."""

from __future__ import annotations

import logging
from collections.abc import Callable

from posapp.bootstrap.node import Node
from posapp.domain.actors import Actor
from posapp.domain.shop_setup import Administrator, check_setup
from posapp.services import people
from posapp.services.shared import UserRecord
from sync.client import local_store

log = logging.getLogger(__name__)


def administrators_without_credentials(node: Node) -> list[UserRecord]:
    return people.without_credentials(node.unit_of_work())


def give_credentials(
    node: Node, admin: Administrator, *, pin_repeated: str, password_repeated: str
) -> None:
    """The password and PIN an administrator of an older install was made without."""
    check_setup(None, admin, pin_repeated=pin_repeated, password_repeated=password_repeated)
    people.give_credentials(node.unit_of_work(), admin=admin, clock=node.clock, new_id=node.new_id)


def add_user(node: Node, *, username: str, name: str, role: str, pin: str) -> None:
    people.add_user(
        node.unit_of_work(),
        username=username,
        display_name=name,
        role=role,
        pin=pin,
        clock=node.clock,
        new_id=node.new_id,
    )


def add_role(
    node: Node, *, code: str, name: str, permissions: frozenset[str] = frozenset(), by: str
) -> None:
    people.add_role(
        node.unit_of_work(),
        code=code,
        name=name,
        permissions=permissions,
        by=by,
        clock=node.clock,
        new_id=node.new_id,
    )


def users(node: Node) -> list[UserRecord]:
    return people.list_users(node.unit_of_work())


def set_password(node: Node, username: str, password: str) -> None:
    people.set_password(
        node.unit_of_work(),
        username=username,
        password=password,
        clock=node.clock,
        new_id=node.new_id,
    )


def back_office_sign_in(node: Node) -> Callable[[str, str], UserRecord]:
    return lambda username, password: sign_in_as_author(node, username, password)


def sign_changes_made_before_enrolling(node: Node) -> int:
    """The signed-in person vouches for the unsigned master-data changes waiting to be sent."""
    assert node.actor is not None
    assert node.actor.author_key is not None
    return local_store.sign_unsigned_master_changes(node.store.engine, node.actor.author_key)


def sign_in_as_author(node: Node, username: str, password: str) -> UserRecord:
    """A person signs in with their password (refused as the back office refuses a wrong one);
    from then on the master-data changes made through `node` are theirs, signed with their
    author key when head office gave them one (see sync.client.authorship)."""
    from sync.client.authorship import AuthorKeyRefused, author_key_at_sign_in

    user = people.back_office_sign_in(
        node.unit_of_work(), username=username, password=password, clock=node.clock
    )
    key, refused_because = None, None
    try:
        key = author_key_at_sign_in(node.store.engine, user.username, password)
    except AuthorKeyRefused as refused:
        # Still signed in for what stays in this store; master-data changes are refused with
        # NoAuthorKey, which passes on head office's words.
        log.warning("head office gave %s no author key: %s", user.username, refused)
        refused_because = str(refused)
    node.actor = Actor(
        user.id, user.display_name, user.role, user.permissions, key, refused_because
    )
    return user
