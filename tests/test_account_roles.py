"""The IAM roles account assignments make in target accounts, checked through boto3's iam."""

from __future__ import annotations

import json
import re
from functools import partial
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ssoadmin_mock import get_backend, settings
from ssoadmin_mock.services.account_roles import (
    INLINE_POLICY_NAME,
    role_path,
    trust_policy,
)

from .assignment_support import SSO_PATH, assigned, error_code, sso_roles, unassigned
from .conftest import ACCOUNT, REGION, client

ROLE_NAME = re.compile(r"^AWSReservedSSO_(?P<set>[\w+=,.@-]+)_(?P<suffix>[0-9a-f]{16})$")
PROVIDER_NAME = re.compile(r"^AWSSSO_[0-9a-f]{16}_DO_NOT_DELETE$")
MEMBER = "210987654321"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
VIEW_ONLY = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
INLINE = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}],
    }
)
POLICY_DOCUMENT = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}],
    }
)


# --- helpers ---------------------------------------------------------------------------------

#: assignments here target the caller's own account unless told otherwise, so the `iam`
#: fixture sees their roles
grant = partial(assigned, account=ACCOUNT)
revoke = partial(unassigned, account=ACCOUNT)


@pytest.fixture
def user_id(identitystore: Any, identity_store_id: str) -> str:
    created = identitystore.create_user(
        IdentityStoreId=identity_store_id,
        UserName="alice",
        DisplayName="Alice",
        Name={"GivenName": "Alice", "FamilyName": "Example"},
    )
    return str(created["UserId"])


@pytest.fixture
def group_id(identitystore: Any, identity_store_id: str) -> str:
    created = identitystore.create_group(IdentityStoreId=identity_store_id, DisplayName="admins")
    return str(created["GroupId"])


@pytest.fixture
def ps_arn(sso: Any, instance_arn: str) -> str:
    created = sso.create_permission_set(
        InstanceArn=instance_arn,
        Name="DataEngineer",
        Description="Data work",
        SessionDuration="PT4H",
    )
    return str(created["PermissionSet"]["PermissionSetArn"])


def iam_of(account_id: str) -> Any:
    """An iam client acting in `account_id` (credentials from sts:AssumeRole, as in real life)."""
    credentials = client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole",
        RoleSessionName="test",
    )["Credentials"]
    return client(
        "iam",
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


def provision(sso: Any, instance_arn: str, ps: str, account: str = ACCOUNT) -> dict[str, Any]:
    status = sso.provision_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps, TargetType="AWS_ACCOUNT", TargetId=account
    )["PermissionSetProvisioningStatus"]
    final: dict[str, Any] = sso.describe_permission_set_provisioning_status(
        InstanceArn=instance_arn, ProvisionPermissionSetRequestId=status["RequestId"]
    )["PermissionSetProvisioningStatus"]
    return final


def only_role(iam: Any) -> dict[str, Any]:
    roles = sso_roles(iam)
    assert len(roles) == 1, roles
    found: dict[str, Any] = iam.get_role(RoleName=roles[0]["RoleName"])["Role"]
    return found


def attached(iam: Any, role_name: str) -> set[str]:
    policies = iam.list_attached_role_policies(RoleName=role_name)["AttachedPolicies"]
    return {p["PolicyArn"] for p in policies}


def customer_policy(iam: Any, name: str, path: str = "/") -> str:
    created = iam.create_policy(PolicyName=name, Path=path, PolicyDocument=POLICY_DOCUMENT)
    return str(created["Policy"]["Arn"])


# --- the role a first assignment makes ---------------------------------------------------------


def test_first_assignment_makes_the_reserved_role(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    assert sso_roles(iam) == []
    assert grant(sso, instance_arn, ps_arn, user_id)["Status"] == "SUCCEEDED"
    role = only_role(iam)
    match = ROLE_NAME.match(role["RoleName"])
    assert match is not None and match["set"] == "DataEngineer"
    assert role["Path"] == SSO_PATH
    assert role["Arn"] == f"arn:aws:iam::{ACCOUNT}:role{SSO_PATH}{role['RoleName']}"
    # 12 hours whatever the set's SessionDuration (PT4H here), as IAM Identity Center does
    assert role["MaxSessionDuration"] == 12 * 3600
    assert role["Description"] == "Data work"


def test_role_trusts_the_accounts_sso_saml_provider(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    grant(sso, instance_arn, ps_arn, user_id)
    providers = iam.list_saml_providers()["SAMLProviderList"]
    assert len(providers) == 1
    provider_arn = providers[0]["Arn"]
    metadata = iam.get_saml_provider(SAMLProviderArn=provider_arn)["SAMLMetadataDocument"]
    assert len(metadata) >= 1000 and "IDPSSODescriptor" in metadata
    assert PROVIDER_NAME.match(provider_arn.rsplit("/", 1)[1])
    document = only_role(iam)["AssumeRolePolicyDocument"]
    trust = document if isinstance(document, dict) else json.loads(document)
    [statement] = trust["Statement"]
    assert statement["Effect"] == "Allow"
    assert statement["Principal"] == {"Federated": provider_arn}
    assert sorted(statement["Action"]) == ["sts:AssumeRoleWithSAML", "sts:TagSession"]
    assert statement["Condition"] == {
        "StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}
    }


def test_role_carries_the_sets_policies_and_boundary(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    local = customer_policy(iam, "TeamPolicy", "/teams/")
    boundary = customer_policy(iam, "Boundary")
    for arn in (READ_ONLY, VIEW_ONLY):
        sso.attach_managed_policy_to_permission_set(
            InstanceArn=instance_arn, PermissionSetArn=ps_arn, ManagedPolicyArn=arn
        )
    sso.attach_customer_managed_policy_reference_to_permission_set(
        InstanceArn=instance_arn,
        PermissionSetArn=ps_arn,
        CustomerManagedPolicyReference={"Name": "TeamPolicy", "Path": "/teams/"},
    )
    sso.put_inline_policy_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps_arn, InlinePolicy=INLINE
    )
    sso.put_permissions_boundary_to_permission_set(
        InstanceArn=instance_arn,
        PermissionSetArn=ps_arn,
        PermissionsBoundary={"CustomerManagedPolicyReference": {"Name": "Boundary"}},
    )
    assert grant(sso, instance_arn, ps_arn, user_id)["Status"] == "SUCCEEDED"

    role = only_role(iam)
    name = role["RoleName"]
    assert attached(iam, name) == {READ_ONLY, VIEW_ONLY, local}
    assert iam.list_role_policies(RoleName=name)["PolicyNames"] == [INLINE_POLICY_NAME]
    inline = iam.get_role_policy(RoleName=name, PolicyName=INLINE_POLICY_NAME)["PolicyDocument"]
    assert (inline if isinstance(inline, dict) else json.loads(inline)) == json.loads(INLINE)
    assert role["PermissionsBoundary"]["PermissionsBoundaryArn"] == boundary
    # the AWS managed policy is a real policy of the account's IAM now
    assert iam.get_policy(PolicyArn=VIEW_ONLY)["Policy"]["Path"] == "/job-function/"


def test_aws_managed_boundary(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    sso.put_permissions_boundary_to_permission_set(
        InstanceArn=instance_arn,
        PermissionSetArn=ps_arn,
        PermissionsBoundary={"ManagedPolicyArn": READ_ONLY},
    )
    grant(sso, instance_arn, ps_arn, user_id)
    assert only_role(iam)["PermissionsBoundary"]["PermissionsBoundaryArn"] == READ_ONLY


def test_role_is_made_in_the_target_account_only(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    member_iam = iam_of(MEMBER)
    grant(sso, instance_arn, ps_arn, user_id, account=MEMBER)
    assert sso_roles(iam) == []
    role = only_role(member_iam)
    assert role["Arn"].startswith(f"arn:aws:iam::{MEMBER}:role{SSO_PATH}AWSReservedSSO_")
    provider = member_iam.list_saml_providers()["SAMLProviderList"][0]["Arn"]
    assert provider.startswith(f"arn:aws:iam::{MEMBER}:saml-provider/AWSSSO_")


def test_accounts_of_an_organization(
    sso: Any, instance_arn: str, ps_arn: str, group_id: str
) -> None:
    organizations = client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    account_id = organizations.create_account(AccountName="dev", Email="dev@example.com")[
        "CreateAccountStatus"
    ]["AccountId"]
    assert (
        grant(sso, instance_arn, ps_arn, group_id, kind="GROUP", account=account_id)["Status"]
        == "SUCCEEDED"
    )
    assert ROLE_NAME.match(only_role(iam_of(account_id))["RoleName"])


def test_one_role_per_set_and_account_whatever_the_principals(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str, group_id: str
) -> None:
    grant(sso, instance_arn, ps_arn, user_id)
    first = only_role(iam)["RoleName"]
    grant(sso, instance_arn, ps_arn, group_id, kind="GROUP")
    assert only_role(iam)["RoleName"] == first
    other = sso.create_permission_set(InstanceArn=instance_arn, Name="Auditor")["PermissionSet"]
    grant(sso, instance_arn, other["PermissionSetArn"], user_id)
    names = sorted(r["RoleName"] for r in sso_roles(iam))
    assert len(names) == 2 and names[0].startswith("AWSReservedSSO_Auditor_")
    assert len(iam.list_saml_providers()["SAMLProviderList"]) == 1


def test_an_existing_sso_saml_provider_is_reused(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    metadata = "<md:EntityDescriptor xmlns:md='urn:oasis:names:tc:SAML:2.0:metadata'/>"
    metadata += "<!-- " + "x" * 1000 + " -->"  # IAM wants 1000 characters or more
    existing = iam.create_saml_provider(
        Name="AWSSSO_0123456789abcdef_DO_NOT_DELETE", SAMLMetadataDocument=metadata
    )["SAMLProviderArn"]
    grant(sso, instance_arn, ps_arn, user_id)
    document = only_role(iam)["AssumeRolePolicyDocument"]
    trust = document if isinstance(document, dict) else json.loads(document)
    assert trust["Statement"][0]["Principal"] == {"Federated": existing}
    assert len(iam.list_saml_providers()["SAMLProviderList"]) == 1


# --- refusals: nothing half-made -------------------------------------------------------------


def test_missing_customer_managed_policy_fails_and_makes_nothing(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    sso.attach_managed_policy_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps_arn, ManagedPolicyArn=READ_ONLY
    )
    sso.attach_customer_managed_policy_reference_to_permission_set(
        InstanceArn=instance_arn,
        PermissionSetArn=ps_arn,
        CustomerManagedPolicyReference={"Name": "NotThere", "Path": "/team/"},
    )
    final = grant(sso, instance_arn, ps_arn, user_id)
    assert final["Status"] == "FAILED"
    assert final["FailureReason"] == (
        f"Received a 404 status error: Not supported policy "
        f"arn:aws:iam::{ACCOUNT}:policy/team/NotThere. The customer managed policy of "
        f"permission set DataEngineer does not exist in account {ACCOUNT}: create it there "
        "with that name and path, then provision the permission set again."
    )
    assert sso_roles(iam) == []
    assert iam.list_saml_providers()["SAMLProviderList"] == []
    listed = sso.list_account_assignments(
        InstanceArn=instance_arn, AccountId=ACCOUNT, PermissionSetArn=ps_arn
    )
    assert listed["AccountAssignments"] == []
    # nothing provisioned: AWS's answer has no PermissionSets at all
    assert "PermissionSets" not in sso.list_permission_sets_provisioned_to_account(
        InstanceArn=instance_arn, AccountId=ACCOUNT
    )


def test_policy_in_another_account_does_not_count(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    customer_policy(iam, "OnlyHere")
    sso.attach_customer_managed_policy_reference_to_permission_set(
        InstanceArn=instance_arn,
        PermissionSetArn=ps_arn,
        CustomerManagedPolicyReference={"Name": "OnlyHere"},
    )
    assert grant(sso, instance_arn, ps_arn, user_id)["Status"] == "SUCCEEDED"
    final = grant(sso, instance_arn, ps_arn, user_id, account=MEMBER)
    assert final["Status"] == "FAILED"
    assert final["FailureReason"].startswith(
        f"Received a 404 status error: Not supported policy "
        f"arn:aws:iam::{MEMBER}:policy/OnlyHere. "
    )
    assert f"does not exist in account {MEMBER}:" in final["FailureReason"]
    assert sso_roles(iam_of(MEMBER)) == []


def test_missing_boundary_policy_fails_and_makes_nothing(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    sso.put_permissions_boundary_to_permission_set(
        InstanceArn=instance_arn,
        PermissionSetArn=ps_arn,
        PermissionsBoundary={"CustomerManagedPolicyReference": {"Name": "Fence", "Path": "/b/"}},
    )
    final = grant(sso, instance_arn, ps_arn, user_id)
    assert final["Status"] == "FAILED"
    assert final["FailureReason"] == (
        f"Received a 404 status error: Not supported policy arn:aws:iam::{ACCOUNT}:policy/b/Fence."
        " The permissions boundary policy of permission set DataEngineer does not exist in "
        f"account {ACCOUNT}: create it there with that name and path, then provision the "
        "permission set again."
    )
    assert sso_roles(iam) == []


# --- ProvisionPermissionSet updates the role -------------------------------------------------


def test_provisioning_brings_the_role_up_to_date(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    sso.attach_managed_policy_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps_arn, ManagedPolicyArn=READ_ONLY
    )
    sso.put_inline_policy_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps_arn, InlinePolicy=INLINE
    )
    grant(sso, instance_arn, ps_arn, user_id)
    name = only_role(iam)["RoleName"]

    local = customer_policy(iam, "Extra")
    sso.detach_managed_policy_from_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps_arn, ManagedPolicyArn=READ_ONLY
    )
    sso.attach_managed_policy_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps_arn, ManagedPolicyArn=VIEW_ONLY
    )
    sso.attach_customer_managed_policy_reference_to_permission_set(
        InstanceArn=instance_arn,
        PermissionSetArn=ps_arn,
        CustomerManagedPolicyReference={"Name": "Extra"},
    )
    sso.delete_inline_policy_from_permission_set(InstanceArn=instance_arn, PermissionSetArn=ps_arn)
    sso.put_permissions_boundary_to_permission_set(
        InstanceArn=instance_arn,
        PermissionSetArn=ps_arn,
        PermissionsBoundary={"ManagedPolicyArn": READ_ONLY},
    )
    sso.update_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps_arn, SessionDuration="PT8H", Description="New"
    )
    # not provisioned yet: the role is as it was
    assert attached(iam, name) == {READ_ONLY}

    assert provision(sso, instance_arn, ps_arn)["Status"] == "SUCCEEDED"
    role = only_role(iam)
    assert role["RoleName"] == name
    assert attached(iam, name) == {VIEW_ONLY, local}
    assert iam.list_role_policies(RoleName=name)["PolicyNames"] == []
    assert role["PermissionsBoundary"]["PermissionsBoundaryArn"] == READ_ONLY
    assert role["MaxSessionDuration"] == 12 * 3600  # not the set's new PT8H
    assert role["Description"] == "New"


def test_failed_provisioning_leaves_the_role_as_it_was(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    sso.attach_managed_policy_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps_arn, ManagedPolicyArn=READ_ONLY
    )
    grant(sso, instance_arn, ps_arn, user_id)
    name = only_role(iam)["RoleName"]
    sso.attach_managed_policy_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps_arn, ManagedPolicyArn=VIEW_ONLY
    )
    sso.attach_customer_managed_policy_reference_to_permission_set(
        InstanceArn=instance_arn,
        PermissionSetArn=ps_arn,
        CustomerManagedPolicyReference={"Name": "Absent"},
    )
    final = provision(sso, instance_arn, ps_arn)
    assert final["Status"] == "FAILED"
    assert final["FailureReason"].startswith(
        f"Received a 404 status error: Not supported policy arn:aws:iam::{ACCOUNT}:policy/Absent."
    )
    assert only_role(iam)["RoleName"] == name
    assert attached(iam, name) == {READ_ONLY}


# --- the role goes with the last assignment --------------------------------------------------


def test_last_assignment_deleted_deletes_the_role_and_a_new_one_gets_a_new_suffix(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str, group_id: str
) -> None:
    sso.attach_managed_policy_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps_arn, ManagedPolicyArn=READ_ONLY
    )
    sso.put_inline_policy_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps_arn, InlinePolicy=INLINE
    )
    grant(sso, instance_arn, ps_arn, user_id)
    grant(sso, instance_arn, ps_arn, group_id, kind="GROUP")
    first = only_role(iam)["RoleName"]

    assert revoke(sso, instance_arn, ps_arn, user_id)["Status"] == "SUCCEEDED"
    assert only_role(iam)["RoleName"] == first
    assert revoke(sso, instance_arn, ps_arn, group_id, kind="GROUP")["Status"] == "SUCCEEDED"
    assert sso_roles(iam) == []
    # the SAML provider stays (AWS names it DO_NOT_DELETE)
    assert len(iam.list_saml_providers()["SAMLProviderList"]) == 1

    grant(sso, instance_arn, ps_arn, user_id)
    second = only_role(iam)["RoleName"]
    assert second != first
    assert ROLE_NAME.match(second)["set"] == "DataEngineer"  # type: ignore[index]
    assert attached(iam, second) == {READ_ONLY}


def test_role_deleted_behind_sso_is_made_again(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str, group_id: str
) -> None:
    grant(sso, instance_arn, ps_arn, user_id)
    name = only_role(iam)["RoleName"]
    iam.delete_role(RoleName=name)
    assert grant(sso, instance_arn, ps_arn, group_id, kind="GROUP")["Status"] == "SUCCEEDED"
    assert only_role(iam)["RoleName"] != name
    revoke(sso, instance_arn, ps_arn, user_id)
    revoke(sso, instance_arn, ps_arn, group_id, kind="GROUP")
    assert sso_roles(iam) == []


def test_delete_permission_set_refused_until_the_role_is_gone(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    grant(sso, instance_arn, ps_arn, user_id)
    with pytest.raises(ClientError) as excinfo:
        sso.delete_permission_set(InstanceArn=instance_arn, PermissionSetArn=ps_arn)
    assert error_code(excinfo) == "ConflictException"
    assert len(sso_roles(iam)) == 1
    revoke(sso, instance_arn, ps_arn, user_id)
    sso.delete_permission_set(InstanceArn=instance_arn, PermissionSetArn=ps_arn)
    assert sso_roles(iam) == []


# --- regions and partitions ------------------------------------------------------------------


def test_instance_outside_us_east_1_puts_its_region_in_the_path(mock: Any) -> None:
    settings.check_principals = False
    sso = client("sso-admin", region="eu-west-2")
    instance_arn = sso.list_instances()["Instances"][0]["InstanceArn"]
    ps = sso.create_permission_set(InstanceArn=instance_arn, Name="Ops")["PermissionSet"]
    status = sso.create_account_assignment(
        InstanceArn=instance_arn,
        TargetId=ACCOUNT,
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=ps["PermissionSetArn"],
        PrincipalType="USER",
        PrincipalId="f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
    )["AccountAssignmentCreationStatus"]
    final = sso.describe_account_assignment_creation_status(
        InstanceArn=instance_arn, AccountAssignmentCreationRequestId=status["RequestId"]
    )["AccountAssignmentCreationStatus"]
    assert final["Status"] == "SUCCEEDED"
    iam = client("iam")
    [role] = iam.list_roles(PathPrefix=f"{SSO_PATH}eu-west-2/")["Roles"]
    assert role["Path"] == "/aws-reserved/sso.amazonaws.com/eu-west-2/"
    assert role["Arn"].endswith(
        f":role/aws-reserved/sso.amazonaws.com/eu-west-2/{role['RoleName']}"
    )
    # users searching the documented prefix find it too
    assert [r["RoleName"] for r in iam.list_roles(PathPrefix=SSO_PATH)["Roles"]] == [
        role["RoleName"]
    ]


def test_role_path_and_trust_helpers() -> None:
    assert role_path("us-east-1") == SSO_PATH
    assert role_path("ap-southeast-2") == f"{SSO_PATH}ap-southeast-2/"
    gov = json.loads(trust_policy("arn:aws-us-gov:iam::1:saml-provider/x", "aws-us-gov"))
    condition = gov["Statement"][0]["Condition"]["StringEquals"]
    assert condition == {"SAML:aud": "https://signin.amazonaws-us-gov.com/saml"}
    china = json.loads(trust_policy("arn:aws-cn:iam::1:saml-provider/x", "aws-cn"))
    assert china["Statement"][0]["Condition"]["StringEquals"]["SAML:aud"].endswith(".cn/saml")


def test_roles_of_a_deleted_instance_go_with_it(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    grant(sso, instance_arn, ps_arn, user_id)
    assert len(sso_roles(iam)) == 1
    sso.delete_instance(InstanceArn=instance_arn)
    assert sso_roles(iam) == []
    assert get_backend(ACCOUNT, REGION).account_roles.roles == {}
