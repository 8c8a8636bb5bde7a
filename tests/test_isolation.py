"""Accounts and regions never see each other's resources.

A caller's account comes from ``MOTO_ACCOUNT_ID``, the ``x-moto-account-id`` header, or the
account whose IAM access key signed the request (as in moto); its region from the client.
Each account has its own instance, identity store and permission sets; an instance lives in
one region. Naming another account's (or region's) instance or resources is refused with
a not-found answer (`ResourceNotFoundException`, or `AccessDeniedException` where the
operation models no ResourceNotFound) and changes nothing anywhere.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from botocore.awsrequest import HeadersDict
from botocore.exceptions import ClientError
from werkzeug.datastructures import Headers

from ssoadmin_mock import mock_ssoadmin
from ssoadmin_mock.responses import caller, target_of
from ssoadmin_mock.service import modeled_errors

from .conftest import ACCOUNT, REGION, client
from .modelrequests import World, whole_state

OTHER = "210987654321"
NOT_FOUND = {"ResourceNotFoundException", "AccessDeniedException"}


def _with_header(account: str, service: str = "sso-admin", region: str = REGION) -> Any:
    made = client(service, region)

    def add_header(request: Any, **kwargs: Any) -> None:
        request.headers["x-moto-account-id"] = account

    made.meta.events.register_first("before-sign.*.*", add_header)
    return made


@contextmanager
def acting_as(mechanism: str, account: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """An sso-admin client whose requests are `account`'s, by the given mechanism."""
    if mechanism == "MOTO_ACCOUNT_ID":
        with monkeypatch.context() as patched:
            patched.setenv("MOTO_ACCOUNT_ID", account)
            yield client("sso-admin")
    elif mechanism == "x-moto-account-id":
        yield _with_header(account)
    else:
        iam = _with_header(account, "iam")
        iam.create_user(UserName="other-admin")
        key = iam.create_access_key(UserName="other-admin")["AccessKey"]
        yield client(
            "sso-admin",
            aws_access_key_id=key["AccessKeyId"],
            aws_secret_access_key=key["SecretAccessKey"],
        )


def _refused(call: Any, operation: str, **params: Any) -> str:
    with pytest.raises(ClientError) as caught:
        call(**params)
    code = str(caught.value.response["Error"]["Code"])
    assert code in NOT_FOUND & modeled_errors(operation), caught.value
    return code


@pytest.mark.parametrize(
    "mechanism", ["MOTO_ACCOUNT_ID", "x-moto-account-id", "access key of the other account"]
)
def test_accounts_see_only_their_own_resources(
    mechanism: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with mock_ssoadmin():
        world = World(client)
        mine = world.value("InstanceArn")
        permission_set = world.value("PermissionSetArn")
        user = world.value("PrincipalId")
        name = world.sso.describe_permission_set(InstanceArn=mine, PermissionSetArn=permission_set)[
            "PermissionSet"
        ]["Name"]
        with acting_as(mechanism, OTHER, monkeypatch) as other:
            theirs = other.list_instances()["Instances"]
            assert [i["OwnerAccountId"] for i in theirs] == [OTHER]
            their_arn = theirs[0]["InstanceArn"]
            assert their_arn != mine
            assert other.list_permission_sets(InstanceArn=their_arn)["PermissionSets"] == []
            made = other.create_permission_set(InstanceArn=their_arn, Name=name)
            assert made["PermissionSet"]["PermissionSetArn"] != permission_set
            _refuse_everything_of(other, mine, permission_set, user)
            assigned = other.create_account_assignment(
                InstanceArn=their_arn,
                TargetId=OTHER,
                TargetType="AWS_ACCOUNT",
                PermissionSetArn=made["PermissionSet"]["PermissionSetArn"],
                PrincipalType="USER",
                PrincipalId=user,
            )["AccountAssignmentCreationStatus"]
            assert assigned["Status"] in ("IN_PROGRESS", "FAILED")
            final = other.describe_account_assignment_creation_status(
                InstanceArn=their_arn, AccountAssignmentCreationRequestId=assigned["RequestId"]
            )["AccountAssignmentCreationStatus"]
            assert final["Status"] == "FAILED", "a user of another account's identity store"
        assert [i["InstanceArn"] for i in world.sso.list_instances()["Instances"]] == [mine]
        assert world.sso.list_permission_sets(InstanceArn=mine)["PermissionSets"] == [
            permission_set
        ]


def _refuse_everything_of(other: Any, instance_arn: str, permission_set: str, user: str) -> None:
    """Every way `other` can name the first account's resources is refused, changing nothing."""
    before = whole_state()
    _refused(other.describe_instance, "DescribeInstance", InstanceArn=instance_arn)
    _refused(other.list_permission_sets, "ListPermissionSets", InstanceArn=instance_arn)
    _refused(
        other.describe_permission_set,
        "DescribePermissionSet",
        InstanceArn=instance_arn,
        PermissionSetArn=permission_set,
    )
    _refused(
        other.create_permission_set,
        "CreatePermissionSet",
        InstanceArn=instance_arn,
        Name="Intruder",
    )
    _refused(
        other.delete_permission_set,
        "DeletePermissionSet",
        InstanceArn=instance_arn,
        PermissionSetArn=permission_set,
    )
    _refused(
        other.tag_resource,
        "TagResource",
        InstanceArn=instance_arn,
        ResourceArn=permission_set,
        Tags=[{"Key": "owner", "Value": "intruder"}],
    )
    _refused(
        other.list_tags_for_resource,
        "ListTagsForResource",
        ResourceArn=permission_set,
    )
    _refused(
        other.create_account_assignment,
        "CreateAccountAssignment",
        InstanceArn=instance_arn,
        TargetId=ACCOUNT,
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=permission_set,
        PrincipalType="USER",
        PrincipalId=user,
    )
    _refused(
        other.list_account_assignments_for_principal,
        "ListAccountAssignmentsForPrincipal",
        InstanceArn=instance_arn,
        PrincipalId=user,
        PrincipalType="USER",
    )
    _refused(other.update_instance, "UpdateInstance", InstanceArn=instance_arn, Name="taken")
    _refused(other.delete_instance, "DeleteInstance", InstanceArn=instance_arn)
    assert whole_state() == before


def test_an_instance_lives_in_one_region() -> None:
    with mock_ssoadmin():
        world = World(client)
        home = world.value("InstanceArn")
        permission_set = world.value("PermissionSetArn")
        away = client("sso-admin", "eu-west-1")
        assert away.list_instances()["Instances"] == []
        before = whole_state()
        _refused(away.describe_instance, "DescribeInstance", InstanceArn=home)
        _refused(away.list_permission_sets, "ListPermissionSets", InstanceArn=home)
        _refused(
            away.describe_permission_set,
            "DescribePermissionSet",
            InstanceArn=home,
            PermissionSetArn=permission_set,
        )
        _refused(away.create_permission_set, "CreatePermissionSet", InstanceArn=home, Name="X")
        with pytest.raises(ClientError) as second:
            away.create_instance(Name="second")
        assert second.value.response["Error"]["Code"] == "ConflictException"
        assert whole_state() == before
        assert world.sso.list_permission_sets(InstanceArn=home)["PermissionSets"] == [
            permission_set
        ]


def test_each_account_gets_its_own_default_instance_and_identity_store() -> None:
    with mock_ssoadmin():
        found = {
            account: _with_header(account).list_instances()["Instances"]
            for account in (ACCOUNT, OTHER, "333333333333")
        }
        assert {a: [i["OwnerAccountId"] for i in v] for a, v in found.items()} == {
            a: [a] for a in found
        }
        arns = {v[0]["InstanceArn"] for v in found.values()}
        stores = {v[0]["IdentityStoreId"] for v in found.values()}
        assert len(arns) == len(stores) == 3


_SIGNED = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261202/eu-west-1/sso/aws4_request, x"


@pytest.mark.parametrize(
    "holder",
    [HeadersDict, dict, lambda entries: Headers(list(entries.items()))],
    ids=["botocore HeadersDict", "plain dict", "werkzeug Headers"],
)
@pytest.mark.parametrize(
    "spelling", ["canonical", "lower"], ids=["Authorization", "authorization"]
)
@pytest.mark.parametrize("encoded", [False, True], ids=["text", "bytes"])
def test_the_caller_is_read_alike_from_every_kind_of_headers(
    holder: Any, spelling: str, encoded: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """botocore's headers are read through its key objects, others through their mapping:
    the same account and Region either way, in either spelling of the header names, whether
    the signature is text or bytes (as botocore's signer leaves it)."""
    monkeypatch.delenv("MOTO_ACCOUNT_ID", raising=False)
    names = ("Authorization", "x-moto-account-id")
    if spelling == "lower":
        names = ("authorization", "x-moto-account-id")
    signed: str | bytes = _SIGNED.encode() if encoded else _SIGNED
    headers = holder({names[0]: signed})
    assert caller(headers) == ("123456789012", "eu-west-1")
    headers = holder({names[0]: signed, names[1]: OTHER})
    assert caller(headers) == (OTHER, "eu-west-1")
    assert target_of(holder({"X-Amz-Target": "AWSIdentityStore.ListUsers"})) == (
        "AWSIdentityStore.ListUsers"
    )
    assert target_of(holder({"x-amz-target": "AWSIdentityStore.ListUsers"})) == (
        "AWSIdentityStore.ListUsers"
    )
    assert target_of(holder({})) is None


def test_moto_account_id_wins_even_when_a_test_replaces_os_environ(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers = HeadersDict({"Authorization": _SIGNED, "x-moto-account-id": OTHER})
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "333333333333")
    assert caller(headers) == ("333333333333", "eu-west-1")
    monkeypatch.delenv("MOTO_ACCOUNT_ID")
    assert caller(headers) == (OTHER, "eu-west-1")
    monkeypatch.setattr(os, "environ", {"MOTO_ACCOUNT_ID": "444444444444"})
    assert caller(headers) == ("444444444444", "eu-west-1")
    monkeypatch.setattr(os, "environ", {})
    assert caller(headers) == (OTHER, "eu-west-1")
