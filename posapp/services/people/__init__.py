"""People: users and roles, signing in at the till and the back office, PIN lockouts, the first
administrator's credentials, and supervisor approvals (who may do what, and who said so)."""

from posapp.services.people.cashier_sign_in import sign_in
from posapp.services.people.overrides import (
    Approval,
    ApprovalRequired,
    approval_for,
    approve,
    permits,
    require_permission,
    verified,
)
from posapp.services.people.shop_setup import (
    HashedAdministrator,
    give_credentials,
    hashed,
    without_credentials,
)
from posapp.services.people.users import (
    add_role,
    add_user,
    back_office_sign_in,
    change_role,
    list_users,
    set_password,
)

__all__ = [
    "Approval",
    "ApprovalRequired",
    "HashedAdministrator",
    "add_role",
    "add_user",
    "approval_for",
    "approve",
    "back_office_sign_in",
    "change_role",
    "give_credentials",
    "hashed",
    "list_users",
    "permits",
    "require_permission",
    "set_password",
    "sign_in",
    "verified",
    "without_credentials",
]
