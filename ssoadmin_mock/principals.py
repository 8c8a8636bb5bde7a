"""Users and groups of an instance's identity store, read from the identity store this
package serves (`services.identitystore`).

An instance's identity store lives in the instance's account (its stores span the account's
Regions, so a backend's `Principals` reads its account's stores by store id); a user or group
created there with boto3's ``identitystore`` client (``IdentityStoreId`` from
DescribeInstance) is what these look-ups find, and a membership made or deleted there is
what ListAccountAssignmentsForPrincipal sees next. With ``check_principals`` switched off, every
well-formed principal is taken to exist (for suites that never create users).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .switches import current

if TYPE_CHECKING:
    from .services.identitystore.store import Directory

USER = "USER"
GROUP = "GROUP"


class Principals:
    """The users and groups of one account's identity stores, read where the identity store
    service keeps them (the account's directories by store id, shared by its Regions): handed
    to the services that check or resolve principals when the backend is built."""

    def __init__(self, directories: dict[str, Directory]) -> None:
        self.directories = directories

    def exists(self, identity_store_id: str, principal_type: str, principal_id: str) -> bool:
        """True if the user (``USER``) or group (``GROUP``) is in the identity store."""
        if not current().check_principals:
            return True
        store = self.directories.get(identity_store_id)
        if store is None:
            return False
        if principal_type == USER:
            return principal_id in store.users
        return principal_id in store.groups

    def groups_of_user(self, identity_store_id: str, user_id: str) -> list[str]:
        """Ids of the groups the user belongs to, in the order the memberships were made."""
        store = self.directories.get(identity_store_id)
        return [] if store is None else store.groups_of(user_id)

    def user_matching(
        self, identity_store_id: str, attribute_path: str, value: str
    ) -> tuple[str, str] | None:
        """(id, user name) of the user whose attribute at `attribute_path` (``userName`` or
        ``emails.value``, as a trusted token issuer maps a claim) is `value`, or None: how
        sign-in finds who signs in (user names and emails compare as the identity store
        compares them for uniqueness)."""
        from .services.identitystore.store import name_key

        store = self.directories.get(identity_store_id)
        if store is None:
            return None
        path = attribute_path.lower()
        found: str | None = None
        if path == "username":
            found = store.user_names.get(name_key(value))
        elif path == "emails.value":
            found = next(iter(store.user_emails.get(name_key(value), {})), None)
        user = store.users.get(found) if found is not None else None
        return None if user is None else (user.user_id, user.user_name)


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
