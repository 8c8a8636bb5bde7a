"""ListAccountAssignments and ListAccountAssignmentsForPrincipal through boto3, and the
indexes behind them."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from ssoadmin_mock import get_backend

from .assignment_support import (
    MISSING_USER,
    OTHER,
    TARGET,
    all_pages,
    assign,
    assignments,
    error_code,
    for_principal,
    join,
    make_user,
    sso_roles,
    unassign,
)
from .conftest import ACCOUNT, REGION

# --- ListAccountAssignments ------------------------------------------------------------------


def test_list_account_assignments_pages_in_creation_order(
    sso: Any, identitystore: Any, identity_store_id: str, instance_arn: str, ps_arn: str
) -> None:
    users = [make_user(identitystore, identity_store_id, f"user{n}") for n in range(5)]
    for user in users:
        assign(sso, instance_arn, ps_arn, user)
    assign(sso, instance_arn, ps_arn, users[0], account=OTHER)
    listed = all_pages(
        sso.list_account_assignments,
        "AccountAssignments",
        InstanceArn=instance_arn,
        AccountId=TARGET,
        PermissionSetArn=ps_arn,
        MaxResults=2,
    )
    assert [a["PrincipalId"] for a in listed] == users
    assert {a["AccountId"] for a in listed} == {TARGET}


def test_list_account_assignments_is_per_permission_set(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    other = sso.create_permission_set(InstanceArn=instance_arn, Name="Other")["PermissionSet"]
    assign(sso, instance_arn, ps_arn, user_id)
    assert assignments(sso, instance_arn, other["PermissionSetArn"]) == []
    assert assignments(sso, instance_arn, ps_arn, OTHER) == []


def test_list_account_assignments_refuses_unknown_permission_set(
    sso: Any, instance_arn: str, ps_arn: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        sso.list_account_assignments(
            InstanceArn=instance_arn, AccountId=TARGET, PermissionSetArn=ps_arn[:-16] + "0" * 16
        )
    assert error_code(excinfo) == "ResourceNotFoundException"


# --- ListAccountAssignmentsForPrincipal ------------------------------------------------------


def test_for_principal_lists_own_assignments(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    assign(sso, instance_arn, ps_arn, user_id)
    assign(sso, instance_arn, ps_arn, user_id, account=OTHER)
    listed = for_principal(sso, instance_arn, user_id)
    assert listed == [
        {
            "AccountId": TARGET,
            "PermissionSetArn": ps_arn,
            "PrincipalId": user_id,
            "PrincipalType": "USER",
        },
        {
            "AccountId": OTHER,
            "PermissionSetArn": ps_arn,
            "PrincipalId": user_id,
            "PrincipalType": "USER",
        },
    ]
    only_other = for_principal(sso, instance_arn, user_id, Filter={"AccountId": OTHER})
    assert [a["AccountId"] for a in only_other] == [OTHER]


def test_for_user_includes_group_assignments_with_the_group_as_principal(
    sso: Any,
    identitystore: Any,
    identity_store_id: str,
    instance_arn: str,
    ps_arn: str,
    user_id: str,
    group_id: str,
) -> None:
    join(identitystore, identity_store_id, group_id, user_id)
    other_group = identitystore.create_group(IdentityStoreId=identity_store_id, DisplayName="ops")
    assign(sso, instance_arn, ps_arn, user_id)
    assign(sso, instance_arn, ps_arn, group_id, kind="GROUP", account=OTHER)
    assign(sso, instance_arn, ps_arn, other_group["GroupId"], kind="GROUP")

    listed = for_principal(sso, instance_arn, user_id)
    assert [(a["PrincipalType"], a["PrincipalId"], a["AccountId"]) for a in listed] == [
        ("USER", user_id, TARGET),
        ("GROUP", group_id, OTHER),
    ]
    filtered = for_principal(sso, instance_arn, user_id, Filter={"AccountId": OTHER})
    assert [(a["PrincipalType"], a["PrincipalId"]) for a in filtered] == [("GROUP", group_id)]
    # a group lists only its own
    assert [a["AccountId"] for a in for_principal(sso, instance_arn, group_id, "GROUP")] == [OTHER]


def test_for_user_follows_memberships_made_and_deleted_between_listings(
    sso: Any,
    identitystore: Any,
    identity_store_id: str,
    instance_arn: str,
    ps_arn: str,
    user_id: str,
    group_id: str,
) -> None:
    other_group = identitystore.create_group(IdentityStoreId=identity_store_id, DisplayName="ops")
    assign(sso, instance_arn, ps_arn, group_id, kind="GROUP")
    assign(sso, instance_arn, ps_arn, other_group["GroupId"], kind="GROUP", account=OTHER)

    def groups_listed() -> list[str]:
        return [a["PrincipalId"] for a in for_principal(sso, instance_arn, user_id)]

    assert groups_listed() == []
    membership = identitystore.create_group_membership(
        IdentityStoreId=identity_store_id, GroupId=group_id, MemberId={"UserId": user_id}
    )["MembershipId"]
    assert groups_listed() == [group_id]
    join(identitystore, identity_store_id, other_group["GroupId"], user_id)
    assert groups_listed() == [group_id, other_group["GroupId"]]
    identitystore.delete_group_membership(
        IdentityStoreId=identity_store_id, MembershipId=membership
    )
    assert groups_listed() == [other_group["GroupId"]]


def test_for_user_pages_through_merged_sources(
    sso: Any,
    identitystore: Any,
    identity_store_id: str,
    instance_arn: str,
    ps_arn: str,
    user_id: str,
    group_id: str,
) -> None:
    join(identitystore, identity_store_id, group_id, user_id)
    expected = []
    for n in range(6):
        account = f"50000000000{n}"
        principal, kind = (user_id, "USER") if n % 2 else (group_id, "GROUP")
        assign(sso, instance_arn, ps_arn, principal, kind=kind, account=account)
        expected.append((kind, account))
    listed = all_pages(
        sso.list_account_assignments_for_principal,
        "AccountAssignments",
        InstanceArn=instance_arn,
        PrincipalId=user_id,
        PrincipalType="USER",
        MaxResults=4,
    )
    assert [(a["PrincipalType"], a["AccountId"]) for a in listed] == expected


def test_for_principal_unknown_principal_lists_nothing(sso: Any, instance_arn: str) -> None:
    assert for_principal(sso, instance_arn, MISSING_USER) == []


def test_for_principal_refuses_unknown_instance(sso: Any, user_id: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        sso.list_account_assignments_for_principal(
            InstanceArn="arn:aws:sso:::instance/ssoins-0000000000000000",
            PrincipalId=user_id,
            PrincipalType="USER",
        )
    assert error_code(excinfo) == "ResourceNotFoundException"


# --- instance deletion and internals ---------------------------------------------------------


def test_instance_deletion_drops_assignments_and_statuses(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    assign(sso, instance_arn, ps_arn, user_id, account=ACCOUNT)
    assert len(sso_roles(iam)) == 1
    sso.delete_instance(InstanceArn=instance_arn)
    backend = get_backend(ACCOUNT, REGION)
    assert backend.assignments.existing(instance_arn) is None
    assert sso_roles(iam) == []


def test_indexes_stay_consistent_through_churn(
    sso: Any, identitystore: Any, identity_store_id: str, instance_arn: str, ps_arn: str
) -> None:
    users = [make_user(identitystore, identity_store_id, f"churn{n}") for n in range(4)]
    for user in users:
        assign(sso, instance_arn, ps_arn, user)
    unassign(sso, instance_arn, ps_arn, users[1])
    assign(sso, instance_arn, ps_arn, users[1])
    unassign(sso, instance_arn, ps_arn, users[3])
    assert [a["PrincipalId"] for a in assignments(sso, instance_arn, ps_arn)] == [
        users[0],
        users[2],
        users[1],
    ]
    state = get_backend(ACCOUNT, REGION).assignments.of_instance(instance_arn)
    assert len(state.assignments) == 3
    assert sum(len(index) for index in state.by_principal.by_key.values()) == 3
    assert ("USER", users[3]) not in state.by_principal.by_key
