"""Group memberships: CreateGroupMembership, DeleteGroupMembership, DescribeGroupMembership,
GetGroupMembershipId, IsMemberInGroups, ListGroupMemberships, ListGroupMembershipsForMember.

Behaviour (AWS Identity Store API reference, the page of each operation):

- A membership joins a user (``MemberId.UserId``) to a group of the same store; both must
  exist (``ResourceNotFoundException`` naming the ``USER`` or ``GROUP``). A user already in
  the group is a ``ConflictException`` (``UNIQUENESS_CONSTRAINT_VIOLATION``).
- GetGroupMembershipId and DescribeGroupMembership of a membership that does not exist:
  ``ResourceNotFoundException`` with ``ResourceType: GROUP_MEMBERSHIP``.
- IsMemberInGroups answers for each group asked, in the order asked; a group the store
  does not have is one the user is not in. The member must exist.
- ListGroupMemberships lists a group's memberships, ListGroupMembershipsForMember a user's,
  both in the order they were made. Each is one dict read (`Directory.by_group`,
  `Directory.by_member`), whatever the store's size.

Where the installed model has it, a membership answers its ``MembershipArn``
(`store.identifying`); users, groups and memberships are named by their ids or ARNs.
A membership made or removed changes neither the user's nor the group's ``Revision``: it
is a resource of its own, and the revision "changes each time the user is modified"
(DescribeUser; README, Known differences).

What changes here is what sso-admin sees: ListAccountAssignmentsForPrincipal of a user
lists what its groups hold (`ssoadmin_mock.principals.Principals` reads these).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ... import ids
from ...exceptions import ConflictException
from ...jsontext import UNCHANGING, Written, remembering
from ...operations import Listing
from ...service import IDENTITYSTORE, output_item_members, output_members
from . import identitystore_operation
from .groups import Groups
from .store import (
    GROUP_MEMBERSHIP,
    Directory,
    IdentityStores,
    Membership,
    identifying,
    not_found,
    render_stamp,
)
from .users import UNIQUENESS, Users

Body = dict[str, Any]


class Memberships:
    """The group memberships of the account's identity stores."""

    def __init__(self, stores: IdentityStores) -> None:
        self.stores = stores

    @identitystore_operation("CreateGroupMembership")
    def create(self, identity_store_id: str, group_id: str, member_id: Body) -> Body:
        directory = self.stores.get(identity_store_id)
        group_id = Groups.get(directory, group_id).group_id
        user_id = Users.get(directory, str(member_id["UserId"])).user_id
        if directory.membership_of(user_id, group_id) is not None:
            # AWS's words, which clients match on (awsideman's and baton-aws's membership
            # code look for "Member and Group relationship already exists")
            raise ConflictException(
                "Member and Group relationship already exists", Reason=UNIQUENESS
            )
        membership = Membership(
            membership_id=ids.identity_resource_id(),
            group_id=group_id,
            user_id=user_id,
            seq=self.stores.new_seq(),
            stamp=self.stores.stamp(),
        )
        directory.add_membership(membership)
        return self._identifying(membership, identity_store_id, "CreateGroupMembership")

    @identitystore_operation("DeleteGroupMembership")
    def delete(self, identity_store_id: str, membership_id: str) -> Body:
        directory = self.stores.get(identity_store_id)
        directory.remove_membership(self.get(directory, membership_id))
        return {}

    @identitystore_operation("DescribeGroupMembership")
    def describe(self, identity_store_id: str, membership_id: str) -> Written:
        directory = self.stores.get(identity_store_id)
        membership = self.get(directory, membership_id)
        partition = self.stores.place.partition
        members = _describe_members()

        def render_one(item: Membership) -> Body:
            return render(item, directory, members, partition)

        # the membership as ListGroupMemberships shows it, where the shapes are the same
        return Written.of(membership, render_one, UNCHANGING, (partition, members))

    @identitystore_operation("GetGroupMembershipId")
    def get_id(self, identity_store_id: str, group_id: str, member_id: Body) -> Body:
        directory = self.stores.get(identity_store_id)
        user_id = str(member_id["UserId"])
        membership = directory.membership_of(
            ids.identity_resource_of(user_id), ids.identity_resource_of(group_id)
        )
        if membership is None:
            raise not_found(GROUP_MEMBERSHIP, "GroupId and MemberId", f"{group_id}/{user_id}")
        return self._identifying(membership, identity_store_id, "GetGroupMembershipId")

    def _identifying(self, membership: Membership, identity_store_id: str, operation: str) -> Body:
        return identifying(
            GROUP_MEMBERSHIP,
            membership.membership_id,
            membership.stamp,
            identity_store_id,
            self.stores.place.partition,
            output_members(operation, IDENTITYSTORE),
        )

    @identitystore_operation("IsMemberInGroups")
    def is_member(self, identity_store_id: str, member_id: Body, group_ids: list[str]) -> Body:
        directory = self.stores.get(identity_store_id)
        user_id = str(member_id["UserId"])
        held = directory.by_member.get(Users.get(directory, user_id).user_id, {})
        return {
            "Results": [
                {
                    "GroupId": group_id,
                    "MemberId": {"UserId": user_id},
                    "MembershipExists": ids.identity_resource_of(group_id) in held,
                }
                for group_id in group_ids
            ]
        }

    @identitystore_operation("ListGroupMemberships")
    def list_of_group(self, identity_store_id: str, group_id: str) -> Listing[Membership]:
        directory = self.stores.get(identity_store_id)
        group_id = Groups.get(directory, group_id).group_id
        return self._listing(
            directory,
            directory.by_group.get(group_id, {}),
            "ListGroupMemberships",
            (identity_store_id, group_id),
        )

    @identitystore_operation("ListGroupMembershipsForMember")
    def list_of_member(self, identity_store_id: str, member_id: Body) -> Listing[Membership]:
        directory = self.stores.get(identity_store_id)
        user_id = Users.get(directory, str(member_id["UserId"])).user_id
        return self._listing(
            directory,
            directory.by_member.get(user_id, {}),
            "ListGroupMembershipsForMember",
            (identity_store_id, user_id),
        )

    def _listing(
        self,
        directory: Directory,
        memberships: dict[str, Membership],
        operation: str,
        scope: tuple[str, str],
    ) -> Listing[Membership]:
        """The memberships as `operation` lists them (a membership never changes: its text
        is kept while the output shape and partition it was made for are the same)."""
        members = _list_members(operation)
        partition = self.stores.place.partition
        shown = (partition, members)

        def body(membership: Membership) -> Body:
            return render(membership, directory, members, partition)

        return Listing(
            memberships.values(),
            body,
            scope=scope,
            encoded=remembering(body, UNCHANGING, shown),
        )

    @staticmethod
    def get(directory: Directory, membership_id: str) -> Membership:
        """The membership `membership_id` (its id or ARN) names."""
        membership = directory.memberships.get(ids.identity_resource_of(membership_id))
        if membership is None:
            raise not_found(GROUP_MEMBERSHIP, "MembershipId", membership_id)
        return membership


def render(
    membership: Membership, directory: Directory, members: frozenset[str], partition: str
) -> Body:
    body = identifying(
        GROUP_MEMBERSHIP,
        membership.membership_id,
        membership.stamp,
        directory.store_id,
        partition,
        members,
    )
    body["GroupId"] = membership.group_id
    body["MemberId"] = {"UserId": membership.user_id}
    render_stamp(body, membership.stamp, members)
    return body


@cache
def _describe_members() -> frozenset[str]:
    return output_members("DescribeGroupMembership", IDENTITYSTORE)


@cache
def _list_members(operation: str) -> frozenset[str]:
    return output_item_members(operation, "GroupMemberships", IDENTITYSTORE)
