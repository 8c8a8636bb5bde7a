"""``AWS::SSO::PermissionSet``: the set and every policy the template gives it.

AWS CloudFormation Template Reference, "AWS::SSO::PermissionSet": ``InstanceArn`` and ``Name``
need replacement, the rest (``Description``, ``SessionDuration``, ``RelayStateType``,
``ManagedPolicies``, ``InlinePolicy`` as an object or a string,
``CustomerManagedPolicyReferences``, ``PermissionsBoundary``, ``Tags``) updates in place;
``Ref`` is ``InstanceArn|PermissionSetArn`` (the schema's primary identifier), ``Fn::GetAtt``
gives ``PermissionSetArn``. An update provisions the set again to the accounts that have it
(the resource schema's update handler calls ProvisionPermissionSet).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..moto_bridge import StackResourceFailure
from .handler import (
    Api,
    Body,
    Identifiers,
    Properties,
    Spec,
    changed_members,
    from_identifiers,
    json_text,
    same_document,
    sync_tags,
)

_PERMISSION_SET_FIELDS = ("Description", "SessionDuration", "RelayStateType")


def _create_permission_set(api: Api, props: Properties) -> Identifiers:
    body = api(
        "CreatePermissionSet",
        InstanceArn=props.get("InstanceArn"),
        Name=props.get("Name"),
        Description=props.get("Description"),
        SessionDuration=props.get("SessionDuration"),
        RelayState=props.get("RelayStateType"),
        Tags=props.get("Tags"),
    )
    identifiers = {
        "InstanceArn": str(props.get("InstanceArn")),
        "PermissionSetArn": body["PermissionSet"]["PermissionSetArn"],
    }
    try:
        _sync_policies(api, identifiers, props)
    except StackResourceFailure:
        api.found("DeletePermissionSet", **identifiers)  # nothing half made stays
        raise
    return identifiers


def _update_permission_set(
    api: Api, identifiers: Identifiers, old: Properties, new: Properties
) -> None:
    changed = changed_members(old, new, _PERMISSION_SET_FIELDS)
    if changed:
        api(
            "UpdatePermissionSet",
            **identifiers,
            Description=changed.get("Description"),
            SessionDuration=changed.get("SessionDuration"),
            RelayState=changed.get("RelayStateType"),
        )
    _sync_policies(api, identifiers, new)
    sync_tags(
        api,
        identifiers["PermissionSetArn"],
        new.get("Tags"),
        InstanceArn=identifiers["InstanceArn"],
    )
    # the resource's update handler provisions the set to the accounts that have it
    # (its schema's update permissions: ProvisionPermissionSet)
    if api.pages("ListAccountsForProvisionedPermissionSet", "AccountIds", **identifiers):
        _provision(api, identifiers)


def _provision(api: Api, identifiers: Identifiers) -> None:
    request = api("ProvisionPermissionSet", **identifiers, TargetType="ALL_PROVISIONED_ACCOUNTS")
    api.request_finished(
        "DescribePermissionSetProvisioningStatus",
        "PermissionSetProvisioningStatus",
        identifiers["InstanceArn"],
        {
            "ProvisionPermissionSetRequestId": request["PermissionSetProvisioningStatus"][
                "RequestId"
            ]
        },
        "Provisioning",
    )


def _customer_reference(reference: Mapping[str, Any]) -> Body:
    return {"Name": reference.get("Name"), "Path": reference.get("Path") or "/"}


def _sync_policies(api: Api, identifiers: Identifiers, props: Properties) -> None:
    """Make the set's policies exactly the template's: the inline policy, AWS managed
    policies, customer managed policy references and permissions boundary."""
    inline = json_text(props.get("InlinePolicy"))
    held_inline = api("GetInlinePolicyForPermissionSet", **identifiers).get("InlinePolicy") or None
    if inline is None and held_inline is not None:
        api("DeleteInlinePolicyFromPermissionSet", **identifiers)
    elif inline is not None and not same_document(inline, held_inline):
        api("PutInlinePolicyToPermissionSet", **identifiers, InlinePolicy=inline)

    wanted = list(props.get("ManagedPolicies") or [])
    held = [
        policy["Arn"]
        for policy in api.pages(
            "ListManagedPoliciesInPermissionSet", "AttachedManagedPolicies", **identifiers
        )
    ]
    for arn in held:
        if arn not in wanted:
            api("DetachManagedPolicyFromPermissionSet", **identifiers, ManagedPolicyArn=arn)
    for arn in wanted:
        if arn not in held:
            api("AttachManagedPolicyToPermissionSet", **identifiers, ManagedPolicyArn=arn)

    references = [
        _customer_reference(ref) for ref in props.get("CustomerManagedPolicyReferences") or []
    ]
    held_references = [
        _customer_reference(ref)
        for ref in api.pages(
            "ListCustomerManagedPolicyReferencesInPermissionSet",
            "CustomerManagedPolicyReferences",
            **identifiers,
        )
    ]
    for reference in held_references:
        if reference not in references:
            api(
                "DetachCustomerManagedPolicyReferenceFromPermissionSet",
                **identifiers,
                CustomerManagedPolicyReference=reference,
            )
    for reference in references:
        if reference not in held_references:
            api(
                "AttachCustomerManagedPolicyReferenceToPermissionSet",
                **identifiers,
                CustomerManagedPolicyReference=reference,
            )

    boundary = props.get("PermissionsBoundary")
    if isinstance(boundary, Mapping) and "CustomerManagedPolicyReference" in boundary:
        boundary = {
            **boundary,
            "CustomerManagedPolicyReference": _customer_reference(
                boundary["CustomerManagedPolicyReference"]
            ),
        }
    held_boundary = api.found("GetPermissionsBoundaryForPermissionSet", **identifiers)
    held_boundary = (held_boundary or {}).get("PermissionsBoundary")
    if boundary is None and held_boundary is not None:
        api("DeletePermissionsBoundaryFromPermissionSet", **identifiers)
    elif boundary is not None and boundary != held_boundary:
        api("PutPermissionsBoundaryToPermissionSet", **identifiers, PermissionsBoundary=boundary)


def _delete_permission_set(api: Api, identifiers: Identifiers) -> None:
    api.found("DeletePermissionSet", **identifiers)


PERMISSION_SET = Spec(
    type_name="AWS::SSO::PermissionSet",
    properties=frozenset(
        {
            "InstanceArn",
            "Name",
            "Description",
            "SessionDuration",
            "RelayStateType",
            "ManagedPolicies",
            "InlinePolicy",
            "CustomerManagedPolicyReferences",
            "PermissionsBoundary",
            "Tags",
        }
    ),
    required=frozenset({"InstanceArn", "Name"}),
    identifier=("InstanceArn", "PermissionSetArn"),
    create_only=frozenset({"InstanceArn", "Name"}),
    create=_create_permission_set,
    update=_update_permission_set,
    delete=_delete_permission_set,
    attributes={"PermissionSetArn": from_identifiers("PermissionSetArn")},
)
