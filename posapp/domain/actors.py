"""Who is acting: a person signed in at this node, with what their role allows in this store.

Use cases that change master data check the actor's permission themselves (the same table head
office checks, `MASTER_DATA_PERMISSIONS`), and sign the change with the actor's author key when
head office gave them one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from posapp.domain.authorship import AuthorKey
from posapp.domain.errors import DomainError
from posapp.domain.permissions import MASTER_DATA_PERMISSIONS, Permission
from posapp.domain.shop_settings import DEFINITIONS as SHOP_SETTINGS


@dataclass(frozen=True)
class Actor:
    user_id: uuid.UUID
    name: str
    role: str
    permissions: frozenset[str]
    author_key: AuthorKey | None = field(default=None, repr=False)
    no_key_because: str | None = None  # head office's words, when it refused them a key

    def may(self, permission: str) -> bool:
        return permission in self.permissions


class NotPermitted(DomainError):
    """The actor's role does not allow this change; nothing was written."""


def needed_to_change(entity: str, key: str | None = None) -> Permission:
    """The permission a master-data change needs: a shop setting's own (its definition says
    who may change it), else its kind's."""
    if entity == "setting" and key in SHOP_SETTINGS:
        return SHOP_SETTINGS[key].changed_by
    return MASTER_DATA_PERMISSIONS[entity]


def require_master_data_permission(actor: Actor, entity: str, key: str | None = None) -> None:
    needed = needed_to_change(entity, key)
    if not actor.may(needed):
        raise NotPermitted(
            f"{actor.name} ({actor.role}) may not change {entity.replace('_', ' ')}s: that "
            f"needs a role with {needed.value}"
        )
