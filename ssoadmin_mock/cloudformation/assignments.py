"""``AWS::SSO::Assignment``: one principal's access to one account.

AWS CloudFormation Template Reference, "AWS::SSO::Assignment": every property needs
replacement; ``Ref`` is the schema's primary identifier, ``InstanceArn|TargetId|TargetType|
PermissionSetArn|PrincipalType|PrincipalId``; no ``Fn::GetAtt`` attributes. Creation and
deletion wait for their request's status; an assignment that exists already is refused
(``AlreadyExists``), so a stack never takes over one it did not make.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .handler import Api, Identifiers, Properties, Spec, instance_exists

_ASSIGNMENT_KEYS = (
    "InstanceArn",
    "TargetId",
    "TargetType",
    "PermissionSetArn",
    "PrincipalType",
    "PrincipalId",
)


def _assignment_exists(api: Api, props: Mapping[str, Any]) -> bool:
    if not (props.get("InstanceArn") and props.get("TargetId") and props.get("PermissionSetArn")):
        return False  # the create call itself refuses what is missing
    assignments = api.pages(
        "ListAccountAssignments",
        "AccountAssignments",
        InstanceArn=props["InstanceArn"],
        AccountId=props["TargetId"],
        PermissionSetArn=props["PermissionSetArn"],
    )
    return any(
        item.get("PrincipalType") == props.get("PrincipalType")
        and item.get("PrincipalId") == props.get("PrincipalId")
        for item in assignments
    )


def _create_assignment(api: Api, props: Properties) -> Identifiers:
    request = {key: props.get(key) for key in _ASSIGNMENT_KEYS}
    if _assignment_exists(api, request):
        raise api.failure(
            f"The assignment of {request['PermissionSetArn']} to {request['PrincipalType']} "
            f"{request['PrincipalId']} in account {request['TargetId']} already exists.",
            "AlreadyExists",
        )
    status = api("CreateAccountAssignment", **request)["AccountAssignmentCreationStatus"]
    api.request_finished(
        "DescribeAccountAssignmentCreationStatus",
        "AccountAssignmentCreationStatus",
        str(request["InstanceArn"]),
        {"AccountAssignmentCreationRequestId": status["RequestId"]},
        "The assignment",
    )
    return {key: str(request[key]) for key in _ASSIGNMENT_KEYS}


def _delete_assignment(api: Api, identifiers: Identifiers) -> None:
    if not instance_exists(api, identifiers) or not _assignment_exists(api, identifiers):
        return  # gone already
    status = api.found("DeleteAccountAssignment", **identifiers)
    if status is None:
        return
    api.request_finished(
        "DescribeAccountAssignmentDeletionStatus",
        "AccountAssignmentDeletionStatus",
        identifiers["InstanceArn"],
        {
            "AccountAssignmentDeletionRequestId": status["AccountAssignmentDeletionStatus"][
                "RequestId"
            ]
        },
        "The deletion of the assignment",
    )


ASSIGNMENT = Spec(
    type_name="AWS::SSO::Assignment",
    properties=frozenset(set(_ASSIGNMENT_KEYS)),
    required=frozenset(set(_ASSIGNMENT_KEYS)),
    identifier=_ASSIGNMENT_KEYS,
    create_only=frozenset(_ASSIGNMENT_KEYS),
    create=_create_assignment,
    delete=_delete_assignment,
)
