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


def missing_principal_reason(principal_type: str, principal_id: str, identity_store_id: str) -> str:
    """The failure reason of an assignment whose user or group the identity store lacks, in
    AWS's words: "Received a 404 status error: the USER assignee <id> was not found in
    directory d-xxx" (an AccountAssignmentDeletionStatus pasted in
    hashicorp/terraform-provider-aws#19341; the same with GROUP for a creation: "Request ...
    failed due to: Received a 404 status error: the GROUP assignee <id> was not found in
    directory d-<id>", in A. Schwarz, "Fixing AWS SSO's CloudFormation", ig.nore.me,
    2020-10-07). The directory is the instance's identity store (``d-...``)."""
    return (
        f"Received a 404 status error: the {principal_type} assignee {principal_id} was not "
        f"found in directory {identity_store_id}"
    )
