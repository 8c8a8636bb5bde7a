"""The policies of a permission set through boto3: AWS managed policies, customer managed
references, the inline policy and the permissions boundary."""

from __future__ import annotations

import json
import re
from typing import Any

import boto3
import pytest

from ssoadmin_mock import get_backend
from ssoadmin_mock.moto_bridge import aws_managed_policy_paths
from ssoadmin_mock.services.policies import (
    MAX_INLINE_POLICY_NON_WHITESPACE,
    MAX_POLICIES_PER_PERMISSION_SET,
    managed_policy_name,
)

from .test_permission_sets import create, message_of, missing_set_arn, refused

READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
VIEW_ONLY = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
LAMBDA_ROLE = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"

POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}],
    }
)


@pytest.fixture
def ps(sso: Any, instance_arn: str) -> str:
    return create(sso, instance_arn, "Policies")


def managed(sso: Any, instance_arn: str, ps: str) -> list[dict[str, str]]:
    pages = sso.get_paginator("list_managed_policies_in_permission_set").paginate(
        InstanceArn=instance_arn, PermissionSetArn=ps
    )
    return [item for page in pages for item in page["AttachedManagedPolicies"]]


def customer(sso: Any, instance_arn: str, ps: str) -> list[dict[str, str]]:
    pages = sso.get_paginator("list_customer_managed_policy_references_in_permission_set")
    return [
        item
        for page in pages.paginate(InstanceArn=instance_arn, PermissionSetArn=ps)
        for item in page["CustomerManagedPolicyReferences"]
    ]


def attach(sso: Any, instance_arn: str, ps: str, arn: str) -> None:
    sso.attach_managed_policy_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps, ManagedPolicyArn=arn
    )


def attach_customer(sso: Any, instance_arn: str, ps: str, **reference: str) -> None:
    sso.attach_customer_managed_policy_reference_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps, CustomerManagedPolicyReference=reference
    )


def version(ps: str) -> int:
    return get_backend().permission_sets.get_by_arn(ps).version


# --- AWS managed policies ----------------------------------------------------------------------


def test_the_catalogue_is_moto_list_of_aws_managed_policies() -> None:
    paths = aws_managed_policy_paths()
    assert "/ReadOnlyAccess" in paths
    assert "/job-function/ViewOnlyAccess" in paths
    assert len(paths) > 1000
    assert aws_managed_policy_paths() is paths  # read once
    assert managed_policy_name("aws", VIEW_ONLY) == "ViewOnlyAccess"
    assert managed_policy_name("aws-cn", VIEW_ONLY) is None
    assert managed_policy_name("aws", "arn:aws:iam::aws:policy/NoSuchPolicy") is None


def test_attach_list_and_detach_managed_policies(sso: Any, instance_arn: str, ps: str) -> None:
    start = version(ps)
    for arn in (READ_ONLY, VIEW_ONLY, LAMBDA_ROLE):
        attach(sso, instance_arn, ps, arn)
    assert managed(sso, instance_arn, ps) == [
        {"Name": "ReadOnlyAccess", "Arn": READ_ONLY},
        {"Name": "ViewOnlyAccess", "Arn": VIEW_ONLY},
        {"Name": "AWSLambdaBasicExecutionRole", "Arn": LAMBDA_ROLE},
    ]
    assert version(ps) == start + 3
    sso.detach_managed_policy_from_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps, ManagedPolicyArn=VIEW_ONLY
    )
    assert [p["Arn"] for p in managed(sso, instance_arn, ps)] == [READ_ONLY, LAMBDA_ROLE]
    assert version(ps) == start + 4


def test_managed_policy_list_pages(sso: Any, instance_arn: str, ps: str) -> None:
    names = sorted(p.rsplit("/", 1)[-1] for p in aws_managed_policy_paths() if p.count("/") == 1)
    arns = [f"arn:aws:iam::aws:policy/{name}" for name in names[:5]]
    for arn in arns:
        attach(sso, instance_arn, ps, arn)
    first = sso.list_managed_policies_in_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps, MaxResults=2
    )
    assert [p["Arn"] for p in first["AttachedManagedPolicies"]] == arns[:2]
    sso.detach_managed_policy_from_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps, ManagedPolicyArn=arns[0]
    )
    rest = sso.list_managed_policies_in_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps, MaxResults=10, NextToken=first["NextToken"]
    )
    assert [p["Arn"] for p in rest["AttachedManagedPolicies"]] == arns[2:]
    assert "NextToken" not in rest


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:iam::aws:policy/NoSuchPolicy",
        "arn:aws:iam::aws:policy/ViewOnlyAccess",  # lives under job-function/
        "arn:aws:iam::aws:policy/job-function/ReadOnlyAccess",  # lives at /
        "arn:aws-cn:iam::aws:policy/ReadOnlyAccess",  # another partition
    ],
)
def test_only_real_aws_managed_policies_of_the_partition(
    sso: Any, instance_arn: str, ps: str, arn: str
) -> None:
    with refused("ResourceNotFoundException") as error:
        attach(sso, instance_arn, ps, arn)
    assert message_of(error) == f"Policy does not exist with ARN: {arn}"
    assert managed(sso, instance_arn, ps) == []


def test_a_customer_managed_policy_arn_is_not_an_aws_managed_policy(
    sso: Any, instance_arn: str, ps: str
) -> None:
    with refused("ValidationException"):
        attach(sso, instance_arn, ps, "arn:aws:iam::123456789012:policy/Mine")


def test_attaching_twice_is_a_conflict(sso: Any, instance_arn: str, ps: str) -> None:
    attach(sso, instance_arn, ps, READ_ONLY)
    with refused("ConflictException") as error:
        attach(sso, instance_arn, ps, READ_ONLY)
    set_id = ps.rsplit("/", 1)[-1]
    assert message_of(error) == (
        f"Permission set with id {set_id} already has a typed link attachment to a manged "
        f"policy with {READ_ONLY}"
    )
    assert managed(sso, instance_arn, ps) == [{"Name": "ReadOnlyAccess", "Arn": READ_ONLY}]


def test_detaching_a_policy_not_attached_is_not_found(sso: Any, instance_arn: str, ps: str) -> None:
    attach(sso, instance_arn, ps, READ_ONLY)
    with refused("ResourceNotFoundException"):
        sso.detach_managed_policy_from_permission_set(
            InstanceArn=instance_arn, PermissionSetArn=ps, ManagedPolicyArn=VIEW_ONLY
        )
    assert [p["Arn"] for p in managed(sso, instance_arn, ps)] == [READ_ONLY]


def test_aws_managed_policies_in_the_china_partition(mock: Any) -> None:
    sso = boto3.client("sso-admin", region_name="cn-north-1")
    instance_arn = sso.list_instances()["Instances"][0]["InstanceArn"]
    assert instance_arn.startswith("arn:aws-cn:sso:::instance/")
    ps = create(sso, instance_arn, "China")
    attach(sso, instance_arn, ps, "arn:aws-cn:iam::aws:policy/ReadOnlyAccess")
    assert managed(sso, instance_arn, ps) == [
        {"Name": "ReadOnlyAccess", "Arn": "arn:aws-cn:iam::aws:policy/ReadOnlyAccess"}
    ]
    before = get_backend(region="cn-north-1").snapshot()
    with pytest.raises(sso.exceptions.ResourceNotFoundException):
        attach(sso, instance_arn, ps, "arn:aws:iam::aws:policy/ViewOnlyAccess")
    assert get_backend(region="cn-north-1").snapshot() == before


# --- the quota on attached policies -----------------------------------------------------------


def fill_to_quota(sso: Any, instance_arn: str, ps: str) -> None:
    names = sorted(p.rsplit("/", 1)[-1] for p in aws_managed_policy_paths() if p.count("/") == 1)
    half = MAX_POLICIES_PER_PERMISSION_SET // 2
    for name in names[:half]:
        attach(sso, instance_arn, ps, f"arn:aws:iam::aws:policy/{name}")
    for n in range(MAX_POLICIES_PER_PERMISSION_SET - half):
        attach_customer(sso, instance_arn, ps, Name=f"Policy{n}")


def test_quota_on_managed_and_customer_policies_together(
    sso: Any, instance_arn: str, ps: str
) -> None:
    fill_to_quota(sso, instance_arn, ps)
    with refused("ServiceQuotaExceededException"):
        attach(sso, instance_arn, ps, VIEW_ONLY)
    with refused("ServiceQuotaExceededException"):
        attach_customer(sso, instance_arn, ps, Name="OneTooMany")
    total = len(managed(sso, instance_arn, ps)) + len(customer(sso, instance_arn, ps))
    assert total == MAX_POLICIES_PER_PERMISSION_SET
    sso.detach_customer_managed_policy_reference_from_permission_set(
        InstanceArn=instance_arn,
        PermissionSetArn=ps,
        CustomerManagedPolicyReference={"Name": "Policy0"},
    )
    attach(sso, instance_arn, ps, VIEW_ONLY)


# --- customer managed policy references -------------------------------------------------------


def test_attach_list_and_detach_customer_references(sso: Any, instance_arn: str, ps: str) -> None:
    start = version(ps)
    attach_customer(sso, instance_arn, ps, Name="Plain")
    attach_customer(sso, instance_arn, ps, Name="Deep", Path="/team/ops/")
    attach_customer(sso, instance_arn, ps, Name="Plain", Path="/team/")
    assert customer(sso, instance_arn, ps) == [
        {"Name": "Plain", "Path": "/"},
        {"Name": "Deep", "Path": "/team/ops/"},
        {"Name": "Plain", "Path": "/team/"},
    ]
    assert version(ps) == start + 3
    sso.detach_customer_managed_policy_reference_from_permission_set(
        InstanceArn=instance_arn,
        PermissionSetArn=ps,
        CustomerManagedPolicyReference={"Name": "Plain", "Path": "/"},
    )
    assert customer(sso, instance_arn, ps) == [
        {"Name": "Deep", "Path": "/team/ops/"},
        {"Name": "Plain", "Path": "/team/"},
    ]
    assert version(ps) == start + 4


def test_customer_reference_list_pages(sso: Any, instance_arn: str, ps: str) -> None:
    for n in range(3):
        attach_customer(sso, instance_arn, ps, Name=f"P{n}")
    first = sso.list_customer_managed_policy_references_in_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps, MaxResults=2
    )
    assert [r["Name"] for r in first["CustomerManagedPolicyReferences"]] == ["P0", "P1"]
    rest = sso.list_customer_managed_policy_references_in_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps, NextToken=first["NextToken"]
    )
    assert [r["Name"] for r in rest["CustomerManagedPolicyReferences"]] == ["P2"]


def test_attaching_a_reference_twice_is_a_conflict(sso: Any, instance_arn: str, ps: str) -> None:
    attach_customer(sso, instance_arn, ps, Name="Mine")
    with refused("ConflictException"):
        attach_customer(sso, instance_arn, ps, Name="Mine", Path="/")  # "/" is the default
    assert customer(sso, instance_arn, ps) == [{"Name": "Mine", "Path": "/"}]


def test_detaching_a_reference_not_attached_is_not_found(
    sso: Any, instance_arn: str, ps: str
) -> None:
    attach_customer(sso, instance_arn, ps, Name="Mine", Path="/team/")
    with refused("ResourceNotFoundException") as error:
        sso.detach_customer_managed_policy_reference_from_permission_set(
            InstanceArn=instance_arn,
            PermissionSetArn=ps,
            CustomerManagedPolicyReference={"Name": "Mine"},
        )
    assert "Mine" in message_of(error)
    assert customer(sso, instance_arn, ps) == [{"Name": "Mine", "Path": "/team/"}]


def test_a_reference_with_a_bad_path_is_refused(sso: Any, instance_arn: str, ps: str) -> None:
    with refused("ValidationException"):
        attach_customer(sso, instance_arn, ps, Name="Mine", Path="team")


# --- inline policy -------------------------------------------------------------------------------


def test_inline_policy_put_get_delete(sso: Any, instance_arn: str, ps: str) -> None:
    got = sso.get_inline_policy_for_permission_set(InstanceArn=instance_arn, PermissionSetArn=ps)
    assert got["InlinePolicy"] == ""
    start = version(ps)
    sso.put_inline_policy_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps, InlinePolicy=POLICY
    )
    got = sso.get_inline_policy_for_permission_set(InstanceArn=instance_arn, PermissionSetArn=ps)
    assert got["InlinePolicy"] == POLICY
    replacement = POLICY.replace("s3:ListAllMyBuckets", "ec2:Describe*")
    sso.put_inline_policy_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps, InlinePolicy=replacement
    )
    got = sso.get_inline_policy_for_permission_set(InstanceArn=instance_arn, PermissionSetArn=ps)
    assert got["InlinePolicy"] == replacement
    sso.delete_inline_policy_from_permission_set(InstanceArn=instance_arn, PermissionSetArn=ps)
    got = sso.get_inline_policy_for_permission_set(InstanceArn=instance_arn, PermissionSetArn=ps)
    assert got["InlinePolicy"] == ""
    assert version(ps) == start + 3


def test_deleting_an_absent_inline_policy_changes_nothing(
    sso: Any, instance_arn: str, ps: str
) -> None:
    before = get_backend().snapshot()
    sso.delete_inline_policy_from_permission_set(InstanceArn=instance_arn, PermissionSetArn=ps)
    assert get_backend().snapshot() == before


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ("not json", "Syntax errors in policy."),
        ("[1, 2]", "Syntax errors in policy."),
        ('{"Version": "2012-10-17"}', "Syntax errors in policy."),
        (
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*"}]}',
            "Policy statement must contain resources.",
        ),
        (
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Action": "s3:*", '
            '"Resource": "*"}]}',
            "Syntax errors in policy.",
        ),
        (
            '{"Version": "1999-01-01", "Statement": [{"Effect": "Allow", "Action": "s3:*", '
            '"Resource": "*"}]}',
            "Syntax errors in policy.",
        ),
    ],
)
def test_malformed_inline_policies_are_refused(
    sso: Any,
    instance_arn: str,
    ps: str,
    document: str,
    reason: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    sso.put_inline_policy_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps, InlinePolicy=POLICY
    )
    with caplog.at_level("INFO", logger="ssoadmin_mock"), refused("ValidationException") as error:
        sso.put_inline_policy_to_permission_set(
            InstanceArn=instance_arn, PermissionSetArn=ps, InlinePolicy=document
        )
    # AWS's words, with the document and no reason; the validator's reason is logged
    assert message_of(error) == f"Invalid PermissionsPolicy Document {document}."
    assert f"inline policy refused: {reason}" in caplog.messages
    got = sso.get_inline_policy_for_permission_set(InstanceArn=instance_arn, PermissionSetArn=ps)
    assert got["InlinePolicy"] == POLICY


def _policy_with_resources(count: int) -> str:
    resources = [f"arn:aws:s3:::bucket-{n:05d}" for n in range(count)]
    statement = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": resources}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]}, indent=2)


def _dense(document: str) -> int:
    """Characters other than the whitespace a policy may hold (tab, LF, CR, space)."""
    return len(re.sub(r"[\t\n\r ]", "", document))


def _policy_of_dense_size(size: int) -> str:
    """An indented policy document with exactly `size` non-whitespace characters."""
    base = _policy_with_resources(1)
    return base.replace("bucket-00000", "b" * (12 + size - _dense(base)))


def test_inline_policy_non_whitespace_limit(sso: Any, instance_arn: str, ps: str) -> None:
    document = _policy_with_resources(400)
    dense = _dense(document)
    assert dense > MAX_INLINE_POLICY_NON_WHITESPACE and len(document) <= 32768
    with refused("ValidationException") as error:
        sso.put_inline_policy_to_permission_set(
            InstanceArn=instance_arn, PermissionSetArn=ps, InlinePolicy=document
        )
    assert message_of(error) == (
        f"Current size of the non-whitespace characters present in the InlinePolicy Document "
        f"is {dense} bytes which has exceeded the maximum limit of 10240 bytes"
    )
    fits = _policy_with_resources(250)
    sso.put_inline_policy_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps, InlinePolicy=fits
    )


def test_inline_policy_limit_counts_non_whitespace_characters(
    sso: Any, instance_arn: str, ps: str
) -> None:
    at_limit = _policy_of_dense_size(10240)
    assert _dense(at_limit) == 10240 and len(at_limit) > 10240  # indentation is not counted
    sso.put_inline_policy_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps, InlinePolicy=at_limit
    )
    over = _policy_of_dense_size(10241)
    with refused("ValidationException") as error:
        sso.put_inline_policy_to_permission_set(
            InstanceArn=instance_arn, PermissionSetArn=ps, InlinePolicy=over
        )
    assert message_of(error) == (
        "Current size of the non-whitespace characters present in the InlinePolicy Document "
        "is 10241 bytes which has exceeded the maximum limit of 10240 bytes"
    )


def test_inline_policy_byte_limit(sso: Any, instance_arn: str, ps: str) -> None:
    document = POLICY + "\u00a0" * 16400  # no-break spaces: 2 bytes each in UTF-8
    assert len(document) <= 32768 < len(document.encode("utf-8"))
    with refused("ValidationException") as error:
        sso.put_inline_policy_to_permission_set(
            InstanceArn=instance_arn, PermissionSetArn=ps, InlinePolicy=document
        )
    assert "32768 bytes" in message_of(error)


# --- permissions boundary ----------------------------------------------------------------------


def get_boundary(sso: Any, instance_arn: str, ps: str) -> dict[str, Any]:
    result: dict[str, Any] = sso.get_permissions_boundary_for_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps
    )["PermissionsBoundary"]
    return result


def put_boundary(sso: Any, instance_arn: str, ps: str, boundary: dict[str, Any]) -> None:
    sso.put_permissions_boundary_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps, PermissionsBoundary=boundary
    )


def test_no_boundary_is_not_found(sso: Any, instance_arn: str, ps: str) -> None:
    with refused("ResourceNotFoundException"):
        get_boundary(sso, instance_arn, ps)
    with refused("ResourceNotFoundException"):
        sso.delete_permissions_boundary_from_permission_set(
            InstanceArn=instance_arn, PermissionSetArn=ps
        )


def test_boundary_put_get_replace_delete(sso: Any, instance_arn: str, ps: str) -> None:
    start = version(ps)
    put_boundary(sso, instance_arn, ps, {"ManagedPolicyArn": VIEW_ONLY})
    assert get_boundary(sso, instance_arn, ps) == {"ManagedPolicyArn": VIEW_ONLY}
    put_boundary(sso, instance_arn, ps, {"CustomerManagedPolicyReference": {"Name": "Limit"}})
    assert get_boundary(sso, instance_arn, ps) == {
        "CustomerManagedPolicyReference": {"Name": "Limit", "Path": "/"}
    }
    put_boundary(
        sso,
        instance_arn,
        ps,
        {"CustomerManagedPolicyReference": {"Name": "Limit", "Path": "/edge/"}},
    )
    assert get_boundary(sso, instance_arn, ps) == {
        "CustomerManagedPolicyReference": {"Name": "Limit", "Path": "/edge/"}
    }
    sso.delete_permissions_boundary_from_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps
    )
    with refused("ResourceNotFoundException"):
        get_boundary(sso, instance_arn, ps)
    assert version(ps) == start + 4


@pytest.mark.parametrize(
    "boundary",
    [
        {},
        {"ManagedPolicyArn": READ_ONLY, "CustomerManagedPolicyReference": {"Name": "Limit"}},
    ],
)
def test_boundary_needs_exactly_one_kind(
    sso: Any, instance_arn: str, ps: str, boundary: dict[str, Any]
) -> None:
    put_boundary(sso, instance_arn, ps, {"ManagedPolicyArn": VIEW_ONLY})
    with refused("ValidationException") as error:
        put_boundary(sso, instance_arn, ps, boundary)
    assert "exactly one" in message_of(error)
    assert get_boundary(sso, instance_arn, ps) == {"ManagedPolicyArn": VIEW_ONLY}


def test_boundary_must_be_a_real_aws_managed_policy(sso: Any, instance_arn: str, ps: str) -> None:
    arn = "arn:aws:iam::aws:policy/NoSuchPolicy"
    with refused("ResourceNotFoundException") as error:
        put_boundary(sso, instance_arn, ps, {"ManagedPolicyArn": arn})
    assert message_of(error) == f"Policy does not exist with ARN: {arn}"


# --- every operation refuses an unknown set or instance ---------------------------------------

OPERATIONS: list[tuple[str, dict[str, Any]]] = [
    ("attach_managed_policy_to_permission_set", {"ManagedPolicyArn": READ_ONLY}),
    ("detach_managed_policy_from_permission_set", {"ManagedPolicyArn": READ_ONLY}),
    ("list_managed_policies_in_permission_set", {}),
    (
        "attach_customer_managed_policy_reference_to_permission_set",
        {"CustomerManagedPolicyReference": {"Name": "Mine"}},
    ),
    (
        "detach_customer_managed_policy_reference_from_permission_set",
        {"CustomerManagedPolicyReference": {"Name": "Mine"}},
    ),
    ("list_customer_managed_policy_references_in_permission_set", {}),
    ("put_inline_policy_to_permission_set", {"InlinePolicy": POLICY}),
    ("get_inline_policy_for_permission_set", {}),
    ("delete_inline_policy_from_permission_set", {}),
    (
        "put_permissions_boundary_to_permission_set",
        {"PermissionsBoundary": {"ManagedPolicyArn": READ_ONLY}},
    ),
    ("get_permissions_boundary_for_permission_set", {}),
    ("delete_permissions_boundary_from_permission_set", {}),
]


@pytest.mark.parametrize(("method", "extra"), OPERATIONS, ids=[op for op, _ in OPERATIONS])
def test_unknown_permission_set_is_not_found(
    sso: Any, instance_arn: str, method: str, extra: dict[str, Any]
) -> None:
    with refused("ResourceNotFoundException"):
        getattr(sso, method)(
            InstanceArn=instance_arn, PermissionSetArn=missing_set_arn(instance_arn), **extra
        )


@pytest.mark.parametrize(("method", "extra"), OPERATIONS, ids=[op for op, _ in OPERATIONS])
def test_unknown_instance_is_not_found(
    sso: Any, instance_arn: str, ps: str, method: str, extra: dict[str, Any]
) -> None:
    with refused("ResourceNotFoundException"):
        getattr(sso, method)(
            InstanceArn="arn:aws:sso:::instance/ssoins-0000000000000000",
            PermissionSetArn=ps,
            **extra,
        )
