"""Users and groups of an instance's identity store, read from moto's identitystore
(`moto_bridge.identity_store`).

An instance's identity store lives in the instance's account and region; a user or group
created there with boto3's ``identitystore`` client (``IdentityStoreId`` from
DescribeInstance) is what these look-ups find. With ``check_principals`` switched off, every
well-formed principal is taken to exist (for suites that never create users).
"""

from __future__ import annotations

from .moto_bridge import identity_store
from .switches import current

USER = "USER"
GROUP = "GROUP"


def principal_exists(
    account_id: str, region: str, identity_store_id: str, principal_type: str, principal_id: str
) -> bool:
    """True if the user (``USER``) or group (``GROUP``) is in the identity store."""
    if not current().check_principals:
        return True
    store = identity_store(account_id, region, identity_store_id)
    if store is None:
        return False
    if principal_type == USER:
        return store.has_user(principal_id)
    return store.has_group(principal_id)


def groups_of_user(account_id: str, region: str, identity_store_id: str, user_id: str) -> list[str]:
    """Ids of the groups the user belongs to, in the order the memberships were made."""
    store = identity_store(account_id, region, identity_store_id)
    return [] if store is None else store.groups_of(user_id)


def user_named(account_id: str, region: str, identity_store_id: str, user_name: str) -> str | None:
    """The id of the user called `user_name` in the identity store, or None: how the access
    portal finds who signs in."""
    store = identity_store(account_id, region, identity_store_id)
    return None if store is None else store.user_named(user_name)


def user_matching(
    account_id: str, region: str, identity_store_id: str, attribute_path: str, value: str
) -> tuple[str, str] | None:
    """(id, user name) of the user whose attribute at `attribute_path` (``userName`` or
    ``emails.value``, as a trusted token issuer maps a claim) is `value`, or None."""
    store = identity_store(account_id, region, identity_store_id)
    return None if store is None else store.user_matching(attribute_path, value)


def missing_principal_reason(principal_type: str, principal_id: str, identity_store_id: str) -> str:
    """AWS-style failure reason for a principal the identity store does not have."""
    kind = "User" if principal_type == USER else "Group"
    return (
        f"{kind} {principal_id} (PrincipalType {principal_type}) does not exist in identity "
        f"store {identity_store_id}."
    )
