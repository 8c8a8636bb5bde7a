"""Provisioning permission sets through boto3: ProvisionPermissionSet, its statuses, and the
lists of where sets are provisioned (with the latest version or not)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from ssoadmin_mock import get_backend, settings
from ssoadmin_mock.asyncstatus import AsyncFailure
from ssoadmin_mock.statuses import printable_reason

from .test_permission_sets import OTHER_ACCOUNT, create, message_of, missing_set_arn, refused

ACCOUNT_A = "111111111111"
ACCOUNT_B = "333333333333"
LATEST = "LATEST_PERMISSION_SET_PROVISIONED"
STALE = "LATEST_PERMISSION_SET_NOT_PROVISIONED"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
VIEW_ONLY = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}],
    }
)


@pytest.fixture
def ps(sso: Any, instance_arn: str) -> str:
    return create(sso, instance_arn, "Provisioned")


def provision(sso: Any, instance_arn: str, ps: str, account: str | None = None) -> dict[str, Any]:
    if account is None:
        result = sso.provision_permission_set(
            InstanceArn=instance_arn, PermissionSetArn=ps, TargetType="ALL_PROVISIONED_ACCOUNTS"
        )
    else:
        result = sso.provision_permission_set(
            InstanceArn=instance_arn,
            PermissionSetArn=ps,
            TargetType="AWS_ACCOUNT",
            TargetId=account,
        )
    status: dict[str, Any] = result["PermissionSetProvisioningStatus"]
    return status


def describe(sso: Any, instance_arn: str, request_id: str) -> dict[str, Any]:
    status: dict[str, Any] = sso.describe_permission_set_provisioning_status(
        InstanceArn=instance_arn, ProvisionPermissionSetRequestId=request_id
    )["PermissionSetProvisioningStatus"]
    return status


def accounts(sso: Any, instance_arn: str, ps: str, status: str | None = None) -> list[str]:
    extra = {"ProvisioningStatus": status} if status else {}
    pages = sso.get_paginator("list_accounts_for_provisioned_permission_set").paginate(
        InstanceArn=instance_arn, PermissionSetArn=ps, **extra
    )
    return [account for page in pages for account in page["AccountIds"]]


def sets_in(sso: Any, instance_arn: str, account: str, status: str | None = None) -> list[str]:
    extra = {"ProvisioningStatus": status} if status else {}
    pages = sso.get_paginator("list_permission_sets_provisioned_to_account").paginate(
        InstanceArn=instance_arn, AccountId=account, **extra
    )
    return [arn for page in pages for arn in page.get("PermissionSets", [])]


def statuses(sso: Any, instance_arn: str, wanted: str | None = None) -> list[dict[str, Any]]:
    extra = {"Filter": {"Status": wanted}} if wanted else {}
    pages = sso.get_paginator("list_permission_set_provisioning_status").paginate(
        InstanceArn=instance_arn, **extra
    )
    return [item for page in pages for item in page["PermissionSetsProvisioningStatus"]]


# --- ProvisionPermissionSet ------------------------------------------------------------------


def test_provision_to_an_account(sso: Any, instance_arn: str, ps: str) -> None:
    status = provision(sso, instance_arn, ps, ACCOUNT_A)
    assert status["Status"] == "IN_PROGRESS"
    assert status["AccountId"] == ACCOUNT_A
    assert status["PermissionSetArn"] == ps
    assert str(uuid.UUID(status["RequestId"])) == status["RequestId"]
    assert "FailureReason" not in status
    settled = describe(sso, instance_arn, status["RequestId"])
    assert settled["Status"] == "SUCCEEDED"
    assert settled["RequestId"] == status["RequestId"]
    assert settled["CreatedDate"] == status["CreatedDate"]
    assert accounts(sso, instance_arn, ps) == [ACCOUNT_A]
    assert accounts(sso, instance_arn, ps, LATEST) == [ACCOUNT_A]
    assert accounts(sso, instance_arn, ps, STALE) == []
    assert sets_in(sso, instance_arn, ACCOUNT_A) == [ps]
    assert sets_in(sso, instance_arn, ACCOUNT_B) == []


def test_aws_account_target_needs_a_target_id(sso: Any, instance_arn: str, ps: str) -> None:
    with refused("ValidationException") as error:
        sso.provision_permission_set(
            InstanceArn=instance_arn, PermissionSetArn=ps, TargetType="AWS_ACCOUNT"
        )
    assert "TargetId" in message_of(error)
    assert statuses(sso, instance_arn) == []


@pytest.mark.parametrize("target", ["12345", "12345678901a", "1234567890123"])
def test_target_id_must_be_an_account_id(
    sso: Any, raw_sso: Any, instance_arn: str, ps: str, target: str
) -> None:
    with refused("ValidationException"):
        provision(raw_sso, instance_arn, ps, target)
    assert statuses(sso, instance_arn) == []


def test_provisioning_an_unknown_set_is_not_found(sso: Any, instance_arn: str) -> None:
    with refused("ResourceNotFoundException"):
        provision(sso, instance_arn, missing_set_arn(instance_arn), ACCOUNT_A)
    assert statuses(sso, instance_arn) == []


def test_provisioning_under_an_unknown_instance_is_not_found(
    sso: Any, instance_arn: str, ps: str
) -> None:
    with refused("ResourceNotFoundException"):
        provision(sso, "arn:aws:sso:::instance/ssoins-0000000000000000", ps, ACCOUNT_A)


# Each change to a set leaves the accounts it was provisioned to behind.
CHANGES: dict[str, Callable[[Any, str, str], Any]] = {
    "update": lambda sso, i, p: sso.update_permission_set(
        InstanceArn=i, PermissionSetArn=p, SessionDuration="PT4H"
    ),
    "attach managed": lambda sso, i, p: sso.attach_managed_policy_to_permission_set(
        InstanceArn=i, PermissionSetArn=p, ManagedPolicyArn=VIEW_ONLY
    ),
    "detach managed": lambda sso, i, p: sso.detach_managed_policy_from_permission_set(
        InstanceArn=i, PermissionSetArn=p, ManagedPolicyArn=READ_ONLY
    ),
    "put inline": lambda sso, i, p: sso.put_inline_policy_to_permission_set(
        InstanceArn=i, PermissionSetArn=p, InlinePolicy=POLICY.replace("s3:", "ec2:")
    ),
    "delete inline": lambda sso, i, p: sso.delete_inline_policy_from_permission_set(
        InstanceArn=i, PermissionSetArn=p
    ),
    "put boundary": lambda sso, i, p: sso.put_permissions_boundary_to_permission_set(
        InstanceArn=i, PermissionSetArn=p, PermissionsBoundary={"ManagedPolicyArn": READ_ONLY}
    ),
    "delete boundary": lambda sso, i, p: sso.delete_permissions_boundary_from_permission_set(
        InstanceArn=i, PermissionSetArn=p
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_makes_provisioned_accounts_stale_until_provisioned_again(
    sso: Any, instance_arn: str, ps: str, change: str
) -> None:
    sso.attach_managed_policy_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps, ManagedPolicyArn=READ_ONLY
    )
    sso.put_inline_policy_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps, InlinePolicy=POLICY
    )
    sso.put_permissions_boundary_to_permission_set(
        InstanceArn=instance_arn,
        PermissionSetArn=ps,
        PermissionsBoundary={"ManagedPolicyArn": "arn:aws:iam::aws:policy/PowerUserAccess"},
    )
    provision(sso, instance_arn, ps, ACCOUNT_A)
    assert sets_in(sso, instance_arn, ACCOUNT_A, LATEST) == [ps]
    CHANGES[change](sso, instance_arn, ps)
    assert sets_in(sso, instance_arn, ACCOUNT_A, LATEST) == []
    assert sets_in(sso, instance_arn, ACCOUNT_A, STALE) == [ps]
    assert sets_in(sso, instance_arn, ACCOUNT_A) == [ps]
    assert accounts(sso, instance_arn, ps, STALE) == [ACCOUNT_A]
    provision(sso, instance_arn, ps, ACCOUNT_A)
    assert sets_in(sso, instance_arn, ACCOUNT_A, LATEST) == [ps]
    assert sets_in(sso, instance_arn, ACCOUNT_A, STALE) == []


def test_all_provisioned_accounts_brings_every_account_up_to_date(
    sso: Any, instance_arn: str, ps: str
) -> None:
    provision(sso, instance_arn, ps, ACCOUNT_A)
    provision(sso, instance_arn, ps, ACCOUNT_B)
    sso.update_permission_set(InstanceArn=instance_arn, PermissionSetArn=ps, Description="v2")
    assert accounts(sso, instance_arn, ps, STALE) == [ACCOUNT_A, ACCOUNT_B]
    status = provision(sso, instance_arn, ps)
    assert status["Status"] == "IN_PROGRESS"
    assert "AccountId" not in status
    assert describe(sso, instance_arn, status["RequestId"])["Status"] == "SUCCEEDED"
    assert accounts(sso, instance_arn, ps, LATEST) == [ACCOUNT_A, ACCOUNT_B]
    assert accounts(sso, instance_arn, ps, STALE) == []


def test_all_provisioned_accounts_with_none_provisions_nothing(
    sso: Any, instance_arn: str, ps: str
) -> None:
    status = provision(sso, instance_arn, ps)
    assert describe(sso, instance_arn, status["RequestId"])["Status"] == "SUCCEEDED"
    assert accounts(sso, instance_arn, ps) == []


def test_all_provisioned_accounts_ignores_a_target_id(sso: Any, instance_arn: str, ps: str) -> None:
    result = sso.provision_permission_set(
        InstanceArn=instance_arn,
        PermissionSetArn=ps,
        TargetType="ALL_PROVISIONED_ACCOUNTS",
        TargetId=ACCOUNT_A,
    )["PermissionSetProvisioningStatus"]
    assert "AccountId" not in result
    assert accounts(sso, instance_arn, ps) == []


# --- asynchronous settling --------------------------------------------------------------------


def test_deferred_provisioning_shows_its_effects_only_once_settled(
    sso: Any, instance_arn: str, ps: str
) -> None:
    settings.async_status.defer(reads=2)
    status = provision(sso, instance_arn, ps, ACCOUNT_A)
    assert describe(sso, instance_arn, status["RequestId"])["Status"] == "IN_PROGRESS"
    assert accounts(sso, instance_arn, ps) == []
    # the List of statuses in progress is the second read of it (a read, as a Describe is)
    assert statuses(sso, instance_arn, "IN_PROGRESS")[0]["RequestId"] == status["RequestId"]
    assert describe(sso, instance_arn, status["RequestId"])["Status"] == "SUCCEEDED"
    assert accounts(sso, instance_arn, ps) == [ACCOUNT_A]
    assert statuses(sso, instance_arn, "IN_PROGRESS") == []


def test_polling_the_list_of_provisioning_statuses_alone_settles_the_work(
    sso: Any, instance_arn: str, ps: str
) -> None:
    settings.async_status.defer(reads=2)
    provision(sso, instance_arn, ps, ACCOUNT_A)
    polls = 0
    while statuses(sso, instance_arn, "IN_PROGRESS"):
        polls += 1
        assert polls < 10, "ListPermissionSetProvisioningStatus never settled"
    assert polls == 2
    assert accounts(sso, instance_arn, ps) == [ACCOUNT_A]


def test_a_failed_provisioning_says_why_and_provisions_nothing(
    sso: Any, instance_arn: str, ps: str
) -> None:
    settings.async_status.fail("ProvisionPermissionSet", "Role could not be created")
    status = provision(sso, instance_arn, ps, ACCOUNT_A)
    assert status["Status"] == "IN_PROGRESS"
    failed = describe(sso, instance_arn, status["RequestId"])
    assert failed["Status"] == "FAILED"
    assert failed["FailureReason"] == "Role could not be created"
    assert accounts(sso, instance_arn, ps) == []
    assert sets_in(sso, instance_arn, ACCOUNT_A) == []
    assert [s["RequestId"] for s in statuses(sso, instance_arn, "FAILED")] == [status["RequestId"]]


def test_a_role_that_cannot_be_made_fails_the_provisioning(
    sso: Any, instance_arn: str, ps: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(permission_set: Any, account: str) -> None:
        raise AsyncFailure(f"No role in {account}\nsee logs")

    monkeypatch.setattr(get_backend().account_roles, "sync", fail)
    status = provision(sso, instance_arn, ps, ACCOUNT_A)
    failed = describe(sso, instance_arn, status["RequestId"])
    assert failed["Status"] == "FAILED"
    assert failed["FailureReason"] == f"No role in {ACCOUNT_A} see logs"
    assert accounts(sso, instance_arn, ps) == []


def test_printable_reason_drops_control_characters() -> None:
    assert printable_reason("a\tb\nc\u0000d") == "a b c d"
    assert printable_reason(None) is None


# --- statuses ---------------------------------------------------------------------------------


def test_statuses_are_listed_newest_first_with_a_filter_and_pages(
    sso: Any, instance_arn: str, ps: str
) -> None:
    ids = [provision(sso, instance_arn, ps, ACCOUNT_A)["RequestId"] for _ in range(3)]
    settings.async_status.fail("ProvisionPermissionSet", "nope", times=1)
    failed = provision(sso, instance_arn, ps, ACCOUNT_B)["RequestId"]
    listed = statuses(sso, instance_arn)
    assert [s["RequestId"] for s in listed] == [failed, *reversed(ids)]
    assert set(listed[0]) == {"Status", "RequestId", "CreatedDate"}
    assert [s["RequestId"] for s in statuses(sso, instance_arn, "SUCCEEDED")] == ids[::-1]
    assert [s["RequestId"] for s in statuses(sso, instance_arn, "FAILED")] == [failed]
    first = sso.list_permission_set_provisioning_status(InstanceArn=instance_arn, MaxResults=3)
    assert [s["RequestId"] for s in first["PermissionSetsProvisioningStatus"]] == [
        failed,
        ids[2],
        ids[1],
    ]
    rest = sso.list_permission_set_provisioning_status(
        InstanceArn=instance_arn, MaxResults=3, NextToken=first["NextToken"]
    )
    assert [s["RequestId"] for s in rest["PermissionSetsProvisioningStatus"]] == [ids[0]]
    assert "NextToken" not in rest


def test_a_token_of_another_filter_is_refused(sso: Any, instance_arn: str, ps: str) -> None:
    for _ in range(3):
        provision(sso, instance_arn, ps, ACCOUNT_A)
    first = sso.list_permission_set_provisioning_status(InstanceArn=instance_arn, MaxResults=1)
    with refused("ValidationException"):
        sso.list_permission_set_provisioning_status(
            InstanceArn=instance_arn,
            MaxResults=1,
            NextToken=first["NextToken"],
            Filter={"Status": "FAILED"},
        )


def test_unknown_request_id_is_not_found(sso: Any, instance_arn: str) -> None:
    with refused("ResourceNotFoundException"):
        describe(sso, instance_arn, str(uuid.uuid4()))


def test_statuses_are_scoped_to_their_instance(
    sso: Any, instance_arn: str, ps: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = provision(sso, instance_arn, ps, ACCOUNT_A)["RequestId"]
    monkeypatch.setenv("MOTO_ACCOUNT_ID", OTHER_ACCOUNT)
    other = boto3.client("sso-admin", region_name="us-east-1")
    other_instance = other.list_instances()["Instances"][0]["InstanceArn"]
    with pytest.raises(other.exceptions.ResourceNotFoundException):
        describe(other, other_instance, mine)
    assert statuses(other, other_instance) == []
    assert sets_in(other, other_instance, ACCOUNT_A) == []


def test_status_lists_under_an_unknown_instance_are_not_found(sso: Any, instance_arn: str) -> None:
    unknown = "arn:aws:sso:::instance/ssoins-0000000000000000"
    with refused("ResourceNotFoundException"):
        sso.list_permission_set_provisioning_status(InstanceArn=unknown)
    with refused("ResourceNotFoundException"):
        sso.list_permission_sets_provisioned_to_account(InstanceArn=unknown, AccountId=ACCOUNT_A)
    with refused("ResourceNotFoundException"):
        describe(sso, unknown, str(uuid.uuid4()))


# --- where sets are provisioned ---------------------------------------------------------------


def test_lists_of_provisioned_sets_and_accounts_page(sso: Any, instance_arn: str) -> None:
    sets = [create(sso, instance_arn, f"Set{n}") for n in range(3)]
    for ps in reversed(sets):
        provision(sso, instance_arn, ps, ACCOUNT_A)
    first = sso.list_permission_sets_provisioned_to_account(
        InstanceArn=instance_arn, AccountId=ACCOUNT_A, MaxResults=2
    )
    assert first["PermissionSets"] == sets[:2]
    rest = sso.list_permission_sets_provisioned_to_account(
        InstanceArn=instance_arn, AccountId=ACCOUNT_A, MaxResults=2, NextToken=first["NextToken"]
    )
    assert rest["PermissionSets"] == sets[2:]
    many = [f"{n:012d}" for n in (5, 3, 9, 1)]
    for account in many:
        provision(sso, instance_arn, sets[0], account)
    page = sso.list_accounts_for_provisioned_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=sets[0], MaxResults=2
    )
    assert page["AccountIds"] == sorted([*many, ACCOUNT_A])[:2]
    assert accounts(sso, instance_arn, sets[0]) == sorted([*many, ACCOUNT_A])


def test_accounts_of_an_unknown_set_are_not_found(sso: Any, instance_arn: str) -> None:
    with refused("ResourceNotFoundException"):
        sso.list_accounts_for_provisioned_permission_set(
            InstanceArn=instance_arn, PermissionSetArn=missing_set_arn(instance_arn)
        )


def test_a_bad_provisioning_status_filter_is_refused(sso: Any, instance_arn: str, ps: str) -> None:
    with refused("ValidationException"):
        sso.list_accounts_for_provisioned_permission_set(
            InstanceArn=instance_arn, PermissionSetArn=ps, ProvisioningStatus="SOMETIMES"
        )
