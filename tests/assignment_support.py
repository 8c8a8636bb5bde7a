"""Helpers shared by the account-assignment and account-role tests (plain functions: the
fixtures stay in each test module)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

TARGET = "111111111111"
OTHER = "222222222222"
MISSING_USER = "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"
SSO_PATH = "/aws-reserved/sso.amazonaws.com/"


def error_code(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    return str(excinfo.value.response["Error"]["Code"])


def error_message(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    return str(excinfo.value.response["Error"]["Message"])


def make_user(identitystore: Any, store: str, name: str) -> str:
    created = identitystore.create_user(
        IdentityStoreId=store,
        UserName=name,
        DisplayName=name.title(),
        Name={"GivenName": name.title(), "FamilyName": "Example"},
    )
    return str(created["UserId"])


def join(identitystore: Any, store: str, group: str, user: str) -> None:
    identitystore.create_group_membership(
        IdentityStoreId=store, GroupId=group, MemberId={"UserId": user}
    )


def assign(
    sso: Any,
    instance_arn: str,
    ps: str,
    principal: str,
    *,
    kind: str = "USER",
    account: str = TARGET,
) -> dict[str, Any]:
    response = sso.create_account_assignment(
        InstanceArn=instance_arn,
        TargetId=account,
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=ps,
        PrincipalType=kind,
        PrincipalId=principal,
    )
    result: dict[str, Any] = response["AccountAssignmentCreationStatus"]
    return result


def unassign(
    sso: Any,
    instance_arn: str,
    ps: str,
    principal: str,
    *,
    kind: str = "USER",
    account: str = TARGET,
) -> dict[str, Any]:
    response = sso.delete_account_assignment(
        InstanceArn=instance_arn,
        TargetId=account,
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=ps,
        PrincipalType=kind,
        PrincipalId=principal,
    )
    result: dict[str, Any] = response["AccountAssignmentDeletionStatus"]
    return result


def creation(sso: Any, instance_arn: str, request_id: str) -> dict[str, Any]:
    response = sso.describe_account_assignment_creation_status(
        InstanceArn=instance_arn, AccountAssignmentCreationRequestId=request_id
    )
    result: dict[str, Any] = response["AccountAssignmentCreationStatus"]
    return result


def deletion(sso: Any, instance_arn: str, request_id: str) -> dict[str, Any]:
    response = sso.describe_account_assignment_deletion_status(
        InstanceArn=instance_arn, AccountAssignmentDeletionRequestId=request_id
    )
    result: dict[str, Any] = response["AccountAssignmentDeletionStatus"]
    return result


def assignments(
    sso: Any, instance_arn: str, ps: str, account: str = TARGET
) -> list[dict[str, str]]:
    pages = sso.get_paginator("list_account_assignments").paginate(
        InstanceArn=instance_arn, AccountId=account, PermissionSetArn=ps
    )
    return [item for page in pages for item in page["AccountAssignments"]]


def for_principal(
    sso: Any, instance_arn: str, principal: str, kind: str = "USER", **extra: Any
) -> list[dict[str, str]]:
    pages = sso.get_paginator("list_account_assignments_for_principal").paginate(
        InstanceArn=instance_arn, PrincipalId=principal, PrincipalType=kind, **extra
    )
    return [item for page in pages for item in page["AccountAssignments"]]


def all_pages(call: Callable[..., dict[str, Any]], member: str, **kwargs: Any) -> list[Any]:
    """Every item of a listing, one small page at a time (by hand, to test the tokens)."""
    items: list[Any] = []
    token = None
    while True:
        page = call(**kwargs, **({"NextToken": token} if token else {}))
        items.extend(page[member])
        token = page.get("NextToken")
        if not token:
            return items


def sso_roles(iam: Any) -> list[dict[str, Any]]:
    """The IAM Identity Center roles of an account, found the way production code finds them."""
    return list(iam.list_roles(PathPrefix=SSO_PATH)["Roles"])


def make_group(identitystore: Any, store: str, name: str) -> str:
    created = identitystore.create_group(IdentityStoreId=store, DisplayName=name)
    return str(created["GroupId"])


def assigned(sso: Any, instance_arn: str, ps: str, principal: str, **kwargs: Any) -> dict[str, Any]:
    """CreateAccountAssignment, then its status as DescribeAccountAssignmentCreationStatus says."""
    status = assign(sso, instance_arn, ps, principal, **kwargs)
    return creation(sso, instance_arn, status["RequestId"])


def unassigned(
    sso: Any, instance_arn: str, ps: str, principal: str, **kwargs: Any
) -> dict[str, Any]:
    """DeleteAccountAssignment, then its status as DescribeAccountAssignmentDeletionStatus says."""
    status = unassign(sso, instance_arn, ps, principal, **kwargs)
    return deletion(sso, instance_arn, status["RequestId"])
