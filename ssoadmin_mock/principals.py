"""Users and groups of an instance's identity store, read from moto's identitystore.

An instance's identity store lives in the instance's account and region; a user or group
created there with boto3's ``identitystore`` client (``IdentityStoreId`` from
DescribeInstance) is what these look-ups find. With ``check_principals`` switched off, every
well-formed principal is taken to exist (for suites that never create users).
"""

from __future__ import annotations

from typing import Any

from .moto_bridge import service_backend
from .switches import current

USER = "USER"
GROUP = "GROUP"


def _store(account_id: str, region: str, identity_store_id: str) -> Any | None:
    backend = service_backend("identitystore", account_id, region)
    return backend.identity_stores.get(identity_store_id)


def principal_exists(
    account_id: str, region: str, identity_store_id: str, principal_type: str, principal_id: str
) -> bool:
    """True if the user (``USER``) or group (``GROUP``) is in the identity store."""
    if not current().check_principals:
        return True
    store = _store(account_id, region, identity_store_id)
    if store is None:
        return False
    found = store.users if principal_type == USER else store.groups
    return principal_id in found


def groups_of_user(account_id: str, region: str, identity_store_id: str, user_id: str) -> list[str]:
    """Ids of the groups the user belongs to, in the order the memberships were made."""
    store = _store(account_id, region, identity_store_id)
    if store is None:
        return []
    return [
        membership["GroupId"]
        for membership in store.group_memberships.values()
        if membership.get("MemberId", {}).get("UserId") == user_id
    ]


def missing_principal_reason(principal_type: str, principal_id: str, identity_store_id: str) -> str:
    """AWS-style failure reason for a principal the identity store does not have."""
    kind = "User" if principal_type == USER else "Group"
    return (
        f"{kind} {principal_id} (PrincipalType {principal_type}) does not exist in identity "
        f"store {identity_store_id}."
    )
