"""Groups: CreateGroup, DescribeGroup, UpdateGroup, DeleteGroup, ListGroups and GetGroupId.

Behaviour (AWS Identity Store API reference, the page of each operation):

- CreateGroup: IAM Identity Center requires ``DisplayName``; display names are unique in a
  store, compared without regard to case (``ConflictException``, ``Reason:
  UNIQUENESS_CONSTRAINT_VIOLATION``), and ``Administrator``/``AWSAdministrators`` are
  reserved ("reserved names and can't be used for users or groups").
- UpdateGroup changes ``displayName`` and ``description`` all or nothing; the display name
  cannot be removed.
- DeleteGroup removes the group's memberships; its account and application assignments
  stay, as a deleted user's do (see `users`).
- GetGroupId finds a group by ``displayName`` or by an external id.
- Where the installed model has them, groups answer ``GroupArn`` and ``Revision``, and
  UpdateGroup/DeleteGroup take the ``Revision`` they expect, as users do (`users`).
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from typing import Any

from ... import ids
from ...exceptions import ConflictException, ValidationException
from ...jsontext import Written, remembering
from ...operations import Listing
from ...service import IDENTITYSTORE, output_item_members, output_members
from . import identitystore_operation
from .attributes import (
    GROUP_FILTERS,
    GROUP_REQUIRED,
    GROUP_UNIQUE,
    apply_operations,
    filter_value,
    group_paths,
    unique_value,
)
from .store import (
    GROUP,
    REVISION,
    Directory,
    Group,
    IdentityStores,
    identifying,
    name_key,
    none_matching,
    not_found,
    render_stamp,
)
from .users import RESERVED_NAMES, UNIQUENESS

Body = dict[str, Any]


class Groups:
    """The groups of the account's identity stores."""

    def __init__(self, stores: IdentityStores) -> None:
        self.stores = stores

    @identitystore_operation("CreateGroup")
    def create(
        self,
        identity_store_id: str,
        display_name: str | None = None,
        description: str | None = None,
    ) -> Body:
        directory = self.stores.get(identity_store_id)
        if display_name is None:
            raise ValidationException(
                "1 validation error detected: Value null at 'displayName' failed to satisfy "
                "constraint: Member must not be null"
            )
        _refuse(directory, display_name)
        attributes: Body = {"DisplayName": display_name}
        if description is not None:
            attributes["Description"] = description
        group = Group(
            group_id=ids.identity_resource_id(),
            seq=self.stores.new_seq(),
            attributes=attributes,
            stamp=self.stores.stamp(),
        )
        directory.add_group(group)
        return self._identifying(group, identity_store_id, "CreateGroup")

    @identitystore_operation("DescribeGroup")
    def describe(self, identity_store_id: str, group_id: str) -> Written:
        directory = self.stores.get(identity_store_id)
        group = self.get(directory, group_id)
        partition = self.stores.place.partition
        members = _describe_members()

        def render_one(item: Group) -> Body:
            return render(item, directory, members, partition)

        # the group as ListGroups shows it (the same shape): the text it keeps, if current
        return Written.of(group, render_one, REVISION, (partition, members))

    @identitystore_operation("UpdateGroup")
    def update(
        self,
        identity_store_id: str,
        group_id: str,
        operations: list[Body],
        revision: str | None = None,
    ) -> Body:
        directory = self.stores.get(identity_store_id)
        group = self.get(directory, group_id)
        group.stamp.expect(revision, GROUP)
        updated = apply_operations(group.attributes, operations, group_paths(), GROUP_REQUIRED)
        new_name = str(updated["DisplayName"])
        if name_key(new_name) != name_key(group.display_name):
            _refuse(directory, new_name)
        directory.replace_group(group, updated)
        group.stamp.touch(self.stores.caller)
        return self._identifying(group, identity_store_id, "UpdateGroup")

    @identitystore_operation("DeleteGroup")
    def delete(self, identity_store_id: str, group_id: str, revision: str | None = None) -> Body:
        directory = self.stores.get(identity_store_id)
        group = self.get(directory, group_id)
        group.stamp.expect(revision, GROUP)
        directory.remove_group(group)
        return {}

    @identitystore_operation("ListGroups")
    def list(self, identity_store_id: str, filters: list[Body] | None = None) -> Listing[Group]:
        directory = self.stores.get(identity_store_id)
        wanted = filter_value(filters, GROUP_FILTERS)
        groups: Collection[Group]
        if wanted is None:
            groups = directory.groups.values()  # paged without a copy of every group
        else:
            found = directory.group_names.get(name_key(wanted[1]))
            groups = [] if found is None else [directory.groups[found]]
        members = _list_members()
        partition = self.stores.place.partition
        shown = (partition, members)  # what else a group's text depends on: the same per call

        def body(group: Group) -> Body:
            return render(group, directory, members, partition)

        return Listing(
            groups,
            body,
            scope=(identity_store_id, repr(filters)),
            encoded=remembering(body, REVISION, shown),
        )

    @identitystore_operation("GetGroupId")
    def get_id(self, identity_store_id: str, alternate_identifier: Body) -> Body:
        directory = self.stores.get(identity_store_id)
        attribute, value = unique_value(alternate_identifier, GROUP_UNIQUE, "group")
        if attribute is None:
            found = directory.group_external.get(value)  # type: ignore[arg-type]
            shown = f"{value[0]}/{value[1]}"
        else:
            found = directory.group_names.get(name_key(str(value)))
            shown = str(value)
        if found is None:
            raise none_matching(GROUP, shown)
        return self._identifying(directory.groups[found], identity_store_id, "GetGroupId")

    def _identifying(self, group: Group, identity_store_id: str, operation: str) -> Body:
        return identifying(
            GROUP,
            group.group_id,
            group.stamp,
            identity_store_id,
            self.stores.place.partition,
            output_members(operation, IDENTITYSTORE),
        )

    @staticmethod
    def get(directory: Directory, group_id: str) -> Group:
        """The group `group_id` (its id or ARN) names."""
        group = directory.groups.get(ids.identity_resource_of(group_id))
        if group is None:
            raise not_found(GROUP, "GroupId", group_id)
        return group


def render(group: Group, directory: Directory, members: frozenset[str], partition: str) -> Body:
    """The group as DescribeGroup / ListGroups show it (only members the model has)."""
    body = identifying(GROUP, group.group_id, group.stamp, directory.store_id, partition, members)
    body.update({k: v for k, v in group.attributes.items() if k in members})
    if group.external_ids and "ExternalIds" in members:
        body["ExternalIds"] = list(group.external_ids)
    render_stamp(body, group.stamp, members)
    return body


def _refuse(directory: Directory, display_name: str) -> None:
    if display_name.casefold() in RESERVED_NAMES:
        raise ValidationException(
            f"{display_name} is a reserved name and can't be used for users or groups."
        )
    if name_key(display_name) in directory.group_names:
        raise ConflictException("Duplicate GroupDisplayName", Reason=UNIQUENESS)


@cache
def _describe_members() -> frozenset[str]:
    return output_members("DescribeGroup", IDENTITYSTORE)


@cache
def _list_members() -> frozenset[str]:
    return output_item_members("ListGroups", "Groups", IDENTITYSTORE)
