"""``AWS::IdentityStore::Group`` and ``AWS::IdentityStore::GroupMembership``.

AWS CloudFormation Template Reference, "AWS::IdentityStore::Group": ``IdentityStoreId`` needs
replacement; ``DisplayName`` and ``Description`` update in place (a ``Description`` the
template no longer gives is removed); ``Ref`` is ``GroupId|IdentityStoreId`` ("the Physical
ID of the resource created which is the format GroupID|IdentityStoreId") and ``Fn::GetAtt
GroupId`` the group's id. "AWS::IdentityStore::GroupMembership": every property (``GroupId``,
``IdentityStoreId``, ``MemberId``) needs replacement; ``Ref`` is
``MembershipId|IdentityStoreId`` and ``Fn::GetAtt MembershipId`` the membership's id. Both
are made, changed and removed through the identity store's API, as its clients call it.
"""

from __future__ import annotations

from typing import Any

from ..service import IDENTITYSTORE
from .handler import Api, Identifiers, Properties, Spec, changed_members, from_identifiers

#: a group's template properties that UpdateGroup changes -> the attribute path of each
_GROUP_PATHS = {"DisplayName": "displayName", "Description": "description"}


def _create_group(api: Api, props: Properties) -> Identifiers:
    body = api(
        "CreateGroup",
        IdentityStoreId=props.get("IdentityStoreId"),
        DisplayName=props.get("DisplayName"),
        Description=props.get("Description"),
    )
    return {"GroupId": body["GroupId"], "IdentityStoreId": str(props["IdentityStoreId"])}


def _update_group(api: Api, identifiers: Identifiers, old: Properties, new: Properties) -> None:
    changed = changed_members(old, new, tuple(_GROUP_PATHS))
    operations: list[dict[str, Any]] = [
        {"AttributePath": _GROUP_PATHS[name], "AttributeValue": value}
        for name, value in changed.items()
    ]
    # what the template no longer gives is removed from the group
    operations += [
        {"AttributePath": path}
        for name, path in _GROUP_PATHS.items()
        if name in old and name not in new
    ]
    if operations:
        api("UpdateGroup", **identifiers, Operations=operations)


def _delete_group(api: Api, identifiers: Identifiers) -> None:
    api.found("DeleteGroup", **identifiers)


GROUP = Spec(
    type_name="AWS::IdentityStore::Group",
    properties=frozenset({"Description", "DisplayName", "IdentityStoreId"}),
    required=frozenset({"DisplayName", "IdentityStoreId"}),
    identifier=("GroupId", "IdentityStoreId"),
    create_only=frozenset({"IdentityStoreId"}),
    create=_create_group,
    update=_update_group,
    delete=_delete_group,
    attributes={"GroupId": from_identifiers("GroupId")},
    service=IDENTITYSTORE,
)


_MEMBERSHIP_PROPERTIES = ("GroupId", "IdentityStoreId", "MemberId")


def _create_membership(api: Api, props: Properties) -> Identifiers:
    body = api(
        "CreateGroupMembership", **{name: props.get(name) for name in _MEMBERSHIP_PROPERTIES}
    )
    return {"MembershipId": body["MembershipId"], "IdentityStoreId": str(props["IdentityStoreId"])}


def _delete_membership(api: Api, identifiers: Identifiers) -> None:
    api.found("DeleteGroupMembership", **identifiers)


GROUP_MEMBERSHIP = Spec(
    type_name="AWS::IdentityStore::GroupMembership",
    properties=frozenset(_MEMBERSHIP_PROPERTIES),
    required=frozenset(_MEMBERSHIP_PROPERTIES),
    identifier=("MembershipId", "IdentityStoreId"),
    create_only=frozenset(_MEMBERSHIP_PROPERTIES),
    create=_create_membership,
    delete=_delete_membership,
    attributes={"MembershipId": from_identifiers("MembershipId")},
    service=IDENTITYSTORE,
)
