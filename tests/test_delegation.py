"""Delegated administration: a member account registered in moto's organizations as IAM
Identity Center's delegated administrator administers the management account's organization
instance, and is refused what only the management account may do
(`ssoadmin_mock.delegation`). The delegated administrator is reached as production code
reaches it: through a role session in that account."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from ssoadmin_mock import delegation, inspection, mock_ssoadmin
from ssoadmin_mock.exceptions import AccessDeniedException

from .assignment_support import assign, assignments, make_user, unassign
from .conftest import ACCOUNT, REGION, client
from .delegation_support import PRINCIPAL, ROLE, as_account, delegated_organization
from .test_authorization import iam_authorization


@dataclass
class Org:
    delegated: str  # the delegated administrator account
    workload: str  # another member account
    sso: Any  # sso-admin as the delegated administrator
    identitystore: Any  # identitystore as the delegated administrator
    management: Any  # sso-admin as the management account


def as_iam_user(service: str, account: str, name: str) -> Any:
    """A client of `service` signed with the access key of a new IAM user `name` of
    `account` (with no policy)."""
    iam = as_account("iam", account)
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return client(
        service,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )


@pytest.fixture
def org(mock: Any) -> Org:
    delegated, workload = delegated_organization("workload")
    return Org(
        delegated,
        workload,
        as_account("sso-admin", delegated),
        as_account("identitystore", delegated),
        client("sso-admin"),
    )


def organization_instance(sso: Any) -> dict[str, Any]:
    instances = sso.list_instances()["Instances"]
    assert len(instances) == 1
    found: dict[str, Any] = instances[0]
    return found


def refusal(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    error = excinfo.value.response["Error"]
    return error["Code"], error["Message"]


def permission_set(sso: Any, instance_arn: str, name: str) -> str:
    created = sso.create_permission_set(InstanceArn=instance_arn, Name=name)
    return str(created["PermissionSet"]["PermissionSetArn"])


def test_moto_registers_a_delegated_administrator_for_identity_center(org: Org) -> None:
    listed = client("organizations").list_delegated_administrators(ServicePrincipal=PRINCIPAL)
    assert [admin["Id"] for admin in listed["DelegatedAdministrators"]] == [org.delegated]
    services = client("organizations").list_delegated_services_for_account(AccountId=org.delegated)[
        "DelegatedServices"
    ]
    assert [entry["ServicePrincipal"] for entry in services] == [PRINCIPAL]


def test_the_delegated_administrator_sees_the_organization_instance(org: Org) -> None:
    seen = organization_instance(org.sso)
    assert seen["OwnerAccountId"] == ACCOUNT  # the management account's, not its own
    assert seen == organization_instance(org.management)
    described = org.sso.describe_instance(InstanceArn=seen["InstanceArn"])
    assert described["OwnerAccountId"] == ACCOUNT
    assert described["IdentityStoreId"] == seen["IdentityStoreId"]


def test_another_member_account_sees_no_instance_until_it_creates_one(org: Org) -> None:
    workload = as_account("sso-admin", org.workload)
    assert workload.list_instances()["Instances"] == []  # as on AWS: none visible to it
    made = workload.create_instance(Name="team")["InstanceArn"]
    own = organization_instance(workload)
    assert (own["InstanceArn"], own["OwnerAccountId"]) == (made, org.workload)
    assert own["InstanceArn"] != organization_instance(org.management)["InstanceArn"]


def test_what_the_delegated_administrator_builds_is_the_organizations(org: Org) -> None:
    instance = organization_instance(org.sso)
    arn, store = instance["InstanceArn"], instance["IdentityStoreId"]
    ps = permission_set(org.sso, arn, "Audit")
    user = make_user(org.identitystore, store, "auditor")
    status = assign(org.sso, arn, ps, user, account=org.workload)
    assert status["Status"] in ("IN_PROGRESS", "SUCCEEDED")
    # the management account sees the same permission set, user and assignment
    assert org.management.list_permission_sets(InstanceArn=arn)["PermissionSets"] == [ps]
    users = client("identitystore").list_users(IdentityStoreId=store)["Users"]
    assert [u["UserId"] for u in users] == [user]
    if "IdentityStoreArn" in instance:  # newer models name a store by its ARN too
        listed = org.identitystore.list_identity_stores()["IdentityStores"]
        assert listed == [
            {"IdentityStoreId": store, "IdentityStoreArn": instance["IdentityStoreArn"]}
        ]
        assert f":identitystore::{ACCOUNT}:identitystore/" in instance["IdentityStoreArn"]
        named = org.identitystore.list_users(IdentityStoreId=instance["IdentityStoreArn"])
        assert [u["UserId"] for u in named["Users"]] == [user]
    assert [a["PrincipalId"] for a in assignments(org.management, arn, ps, org.workload)] == [user]
    state = inspection.State.at(ACCOUNT, REGION)
    assert [a.principal_id for a in state.assignments()] == [user]
    # and the delegated administrator's own account holds none of it
    assert inspection.State.at(org.delegated, REGION).assignments() == []
    # the set's role is in the workload account, as for the management account's own work
    iam = as_account("iam", org.workload)
    names = [r["RoleName"] for r in iam.list_roles(PathPrefix="/aws-reserved/")["Roles"]]
    assert len(names) == 1 and names[0].startswith("AWSReservedSSO_Audit_")


def test_access_in_the_management_account_is_refused(org: Org) -> None:
    instance = organization_instance(org.sso)
    arn, store = instance["InstanceArn"], instance["IdentityStoreId"]
    ps = permission_set(org.sso, arn, "Audit")
    user = make_user(org.identitystore, store, "auditor")
    with pytest.raises(ClientError) as excinfo:
        assign(org.sso, arn, ps, user, account=ACCOUNT)
    code, message = refusal(excinfo)
    assert code == "AccessDeniedException"
    assert message == (
        f"User: arn:aws:sts::{org.delegated}:assumed-role/{ROLE}/bootstrap is not authorized "
        f"to perform: sso:CreateAccountAssignment on resource: {ps}"
    )
    assert assignments(org.management, arn, ps, ACCOUNT) == []  # nothing was made
    # the management account may
    assign(org.management, arn, ps, user, account=ACCOUNT)
    assert [a["PrincipalId"] for a in assignments(org.sso, arn, ps, ACCOUNT)] == [user]
    with pytest.raises(ClientError) as excinfo:
        unassign(org.sso, arn, ps, user, account=ACCOUNT)
    assert refusal(excinfo)[0] == "AccessDeniedException"
    assert "sso:DeleteAccountAssignment" in refusal(excinfo)[1]
    assert len(assignments(org.management, arn, ps, ACCOUNT)) == 1


def test_a_permission_set_provisioned_in_the_management_account_is_the_managements(
    org: Org,
) -> None:
    instance = organization_instance(org.sso)
    arn, store = instance["InstanceArn"], instance["IdentityStoreId"]
    ps = permission_set(org.management, arn, "Admin")
    user = make_user(org.identitystore, store, "admin")
    assign(org.management, arn, ps, user, account=ACCOUNT)
    before = inspection.State.at(ACCOUNT, REGION).snapshot()
    refused = {
        "UpdatePermissionSet": lambda: org.sso.update_permission_set(
            InstanceArn=arn, PermissionSetArn=ps, Description="changed"
        ),
        "PutInlinePolicyToPermissionSet": lambda: org.sso.put_inline_policy_to_permission_set(
            InstanceArn=arn,
            PermissionSetArn=ps,
            InlinePolicy='{"Version":"2012-10-17","Statement":[]}',
        ),
        "AttachManagedPolicyToPermissionSet": lambda: (
            org.sso.attach_managed_policy_to_permission_set(
                InstanceArn=arn,
                PermissionSetArn=ps,
                ManagedPolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess",
            )
        ),
        "TagResource": lambda: org.sso.tag_resource(
            InstanceArn=arn, ResourceArn=ps, Tags=[{"Key": "team", "Value": "x"}]
        ),
        "ProvisionPermissionSet": lambda: org.sso.provision_permission_set(
            InstanceArn=arn, PermissionSetArn=ps, TargetType="ALL_PROVISIONED_ACCOUNTS"
        ),
        # assigning it in any account (fivexl/terraform-aws-sso-elevator#101)
        "CreateAccountAssignment": lambda: assign(org.sso, arn, ps, user, account=org.workload),
        "DeletePermissionSet": lambda: org.sso.delete_permission_set(
            InstanceArn=arn, PermissionSetArn=ps
        ),
    }
    for operation, call in refused.items():
        with pytest.raises(ClientError) as excinfo:
            call()
        code, message = refusal(excinfo)
        assert code == "AccessDeniedException", operation
        assert message.endswith(f"perform: sso:{operation} on resource: {ps}"), message
    assert inspection.State.at(ACCOUNT, REGION).snapshot() == before
    # reading it is allowed
    described = org.sso.describe_permission_set(InstanceArn=arn, PermissionSetArn=ps)
    assert described["PermissionSet"]["Name"] == "Admin"
    accounts = org.sso.list_accounts_for_provisioned_permission_set(
        InstanceArn=arn, PermissionSetArn=ps
    )["AccountIds"]
    assert accounts == [ACCOUNT]
    # a set of its own, provisioned elsewhere, it manages freely
    own = permission_set(org.sso, arn, "Audit")
    org.sso.update_permission_set(InstanceArn=arn, PermissionSetArn=own, Description="ok")
    org.sso.delete_permission_set(InstanceArn=arn, PermissionSetArn=own)


def test_the_organization_instance_cannot_be_deleted_by_the_delegated_administrator(
    org: Org,
) -> None:
    arn = organization_instance(org.sso)["InstanceArn"]
    with pytest.raises(ClientError) as excinfo:
        org.sso.delete_instance(InstanceArn=arn)
    code, message = refusal(excinfo)
    assert code == "AccessDeniedException"
    assert message.endswith(f"perform: sso:DeleteInstance on resource: {arn}")
    assert org.management.describe_instance(InstanceArn=arn)["Status"] == "ACTIVE"


def test_an_account_instance_of_its_own_sits_beside_the_organizations(org: Org) -> None:
    organization = organization_instance(org.sso)["InstanceArn"]
    own = org.sso.create_instance(Name="own")["InstanceArn"]
    listed = [i["InstanceArn"] for i in org.sso.list_instances()["Instances"]]
    assert listed == [organization, own]
    assert org.sso.describe_instance(InstanceArn=own)["OwnerAccountId"] == org.delegated
    # "those roles can delete their own instance" (DeleteInstance)
    org.sso.delete_instance(InstanceArn=own)
    assert [i["InstanceArn"] for i in org.sso.list_instances()["Instances"]] == [organization]


def test_an_iam_user_of_the_delegated_administrator_is_named_in_the_refusal(org: Org) -> None:
    sso = as_iam_user("sso-admin", org.delegated, "deployer")
    arn = organization_instance(sso)["InstanceArn"]
    with pytest.raises(ClientError) as excinfo:
        sso.delete_instance(InstanceArn=arn)
    assert refusal(excinfo)[1].startswith(
        f"User: arn:aws:iam::{org.delegated}:user/deployer is not authorized"
    )


def test_deregistered_it_is_a_member_account_again(org: Org) -> None:
    arn = organization_instance(org.sso)["InstanceArn"]
    client("organizations").deregister_delegated_administrator(
        AccountId=org.delegated, ServicePrincipal=PRINCIPAL
    )
    assert org.sso.list_instances()["Instances"] == []
    with pytest.raises(ClientError) as excinfo:
        org.sso.list_permission_sets(InstanceArn=arn)
    assert refusal(excinfo)[0] == "ResourceNotFoundException"


def test_a_member_registered_after_its_first_request_sees_only_the_organizations(
    org: Org,
) -> None:
    """A member account's first requests find no instance (it was given no default one), so
    registering it later leaves it the organization instance alone, as on AWS."""
    later = as_account("sso-admin", org.workload)
    assert later.list_instances()["Instances"] == []
    organizations = client("organizations")  # IAM Identity Center takes one at a time
    organizations.deregister_delegated_administrator(
        AccountId=org.delegated, ServicePrincipal=PRINCIPAL
    )
    organizations.register_delegated_administrator(
        AccountId=org.workload, ServicePrincipal=PRINCIPAL
    )
    assert organization_instance(later) == organization_instance(org.management)


def test_registration_lasts_only_as_long_as_the_mock() -> None:
    with mock_ssoadmin():
        (delegated,) = delegated_organization()
    with mock_ssoadmin():
        # moto's organizations was reset: the account is an account of its own again
        own = organization_instance(as_account("sso-admin", delegated))
        assert own["OwnerAccountId"] == delegated


def test_stacks_of_the_delegated_administrator_deploy_into_the_organization(org: Org) -> None:
    """What LZA does: AWS::SSO::* stacks in the delegated administrator account; one that
    assigns access in the management account fails on that assignment
    (awslabs/landing-zone-accelerator-on-aws#215)."""
    instance = organization_instance(org.sso)
    arn = instance["InstanceArn"]
    user = make_user(org.identitystore, instance["IdentityStoreId"], "auditor")

    def body(target: str) -> str:
        return json.dumps(
            {
                "Resources": {
                    "Audit": {
                        "Type": "AWS::SSO::PermissionSet",
                        "Properties": {"InstanceArn": arn, "Name": f"Audit{target[-4:]}"},
                    },
                    "Access": {
                        "Type": "AWS::SSO::Assignment",
                        "Properties": {
                            "InstanceArn": arn,
                            "PermissionSetArn": {"Fn::GetAtt": ["Audit", "PermissionSetArn"]},
                            "TargetId": target,
                            "TargetType": "AWS_ACCOUNT",
                            "PrincipalType": "USER",
                            "PrincipalId": user,
                        },
                    },
                }
            }
        )

    cf = as_account("cloudformation", org.delegated)
    cf.create_stack(StackName="workload", TemplateBody=body(org.workload))
    assert cf.describe_stacks(StackName="workload")["Stacks"][0]["StackStatus"] == (
        "CREATE_COMPLETE"
    )
    [ps] = org.management.list_permission_sets(InstanceArn=arn)["PermissionSets"]
    assert [a["PrincipalId"] for a in assignments(org.management, arn, ps, org.workload)] == [user]

    cf.create_stack(StackName="management", TemplateBody=body(ACCOUNT))
    assert cf.describe_stacks(StackName="management")["Stacks"][0]["StackStatus"] == (
        "ROLLBACK_COMPLETE"
    )
    reasons = [
        event.get("ResourceStatusReason", "")
        for event in cf.describe_stack_events(StackName="management")["StackEvents"]
        if event["ResourceStatus"] == "CREATE_FAILED"
    ]
    assert any("is not authorized to perform: sso:CreateAccountAssignment" in r for r in reasons)
    # rolled back: only the first stack's set is left
    assert org.management.list_permission_sets(InstanceArn=arn)["PermissionSets"] == [ps]


def test_both_accounts_at_once_from_many_threads(org: Org) -> None:
    arn = organization_instance(org.sso)["InstanceArn"]
    clients = [org.sso, org.management]

    def make(index: int) -> str:
        return permission_set(clients[index % 2], arn, f"Set{index}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        made = list(pool.map(make, range(40)))
    listed = org.management.get_paginator("list_permission_sets").paginate(InstanceArn=arn)
    assert sorted(ps for page in listed for ps in page["PermissionSets"]) == sorted(made)


def test_under_iam_authorization_the_store_is_named_with_its_owner(org: Org) -> None:
    """The organization's identity store is the management account's: a refusal names it
    with that account (``arn:aws:identitystore::<owner>:identitystore/d-...``)."""
    store = organization_instance(org.sso)["IdentityStoreId"]
    identitystore = as_iam_user("identitystore", org.delegated, "reader")
    with iam_authorization(), pytest.raises(ClientError) as excinfo:
        identitystore.list_users(IdentityStoreId=store)
    code, message = refusal(excinfo)
    assert code == "AccessDeniedException"
    assert message == (
        f"User: arn:aws:iam::{org.delegated}:user/reader is not authorized to perform: "
        f"identitystore:ListUsers on resource: arn:aws:identitystore::{ACCOUNT}:identitystore/"
        f"{store} because no identity-based policy allows the identitystore:ListUsers action"
    )


@pytest.mark.parametrize(
    "params",
    [
        {"InstanceArn": 12},
        {"InstanceArn": ["arn:aws:sso:::instance/ssoins-1234567890abcdef"]},
        {"InstanceArn": "arn:aws:sso:::instance/ssoins-1234567890abcdef", "MaxResults": "x"},
        {"InstanceArn": {"nested": True}, "NextToken": 3},
    ],
)
def test_bad_input_from_the_delegated_administrator_is_refused_as_aws_refuses_it(
    org: Org, params: dict[str, Any]
) -> None:
    raw = as_account("sso-admin", org.delegated, config=Config(parameter_validation=False))
    with pytest.raises(ClientError) as excinfo:
        raw.list_permission_sets(**params)
    assert refusal(excinfo)[0] in ("ValidationException", "ResourceNotFoundException")
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


# --- the module's own rules, without a request ---------------------------------------------

INSTANCE_ID = "ssoins-1234567890abcdef"
INSTANCE = f"arn:aws:sso:::instance/{INSTANCE_ID}"
APPLICATION = f"arn:aws:sso::123456789012:application/{INSTANCE_ID}/apl-1234567890abcdef"
ISSUER = f"arn:aws:sso::123456789012:trustedTokenIssuer/{INSTANCE_ID}/tti-1"
PROVIDER = "arn:aws:sso::aws:applicationProvider/custom"


@pytest.mark.parametrize(
    ("params", "served", "named"),
    [
        ({"InstanceArn": INSTANCE, "PermissionSetArn": "x"}, "sso-admin", INSTANCE),
        ({"ApplicationArn": APPLICATION}, "sso-admin", INSTANCE),
        ({"TrustedTokenIssuerArn": ISSUER}, "sso-admin", INSTANCE),
        ({"ApplicationProviderArn": PROVIDER}, "sso-admin", None),
        ({"Name": "no instance"}, "sso-admin", None),
        ({"IdentityStoreId": "d-1234567890", "UserId": "u"}, "identitystore", "d-1234567890"),
        ({"IdentityStoreId": 7}, "identitystore", None),
        (
            {"IdentityStoreId": "arn:aws:identitystore::123456789012:identitystore/d-1234567890"},
            "identitystore",
            "d-1234567890",
        ),
    ],
)
def test_what_a_request_names_it_by(params: dict[str, Any], served: str, named: str | None) -> None:
    assert delegation._named(params, served) == named


def test_only_management_work_is_refused() -> None:
    ps = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef"

    class Found:
        provisioned = {"111111111111": 1}

    def refuse(operation: str, **params: Any) -> str | None:
        try:
            delegation.refuse_management_work(
                operation, params, lambda arn: Found(), "999999999999", lambda: "caller"
            )
        except AccessDeniedException as error:
            return str(error)
        return None

    # the set is provisioned elsewhere: changes are the delegated administrator's to make
    assert refuse("UpdatePermissionSet", PermissionSetArn=ps) is None
    assert (
        refuse(
            "CreateAccountAssignment",
            PermissionSetArn=ps,
            TargetType="AWS_ACCOUNT",
            TargetId="111111111111",
        )
        is None
    )
    # but not in the management account, nor its instance
    assert refuse(
        "CreateAccountAssignment",
        PermissionSetArn=ps,
        TargetType="AWS_ACCOUNT",
        TargetId="999999999999",
    ) == (
        f"User: caller is not authorized to perform: sso:CreateAccountAssignment on resource: {ps}"
    )
    assert refuse("DeleteInstance", InstanceArn=INSTANCE) is not None
    # reads of anything are allowed
    assert refuse("ListAccountAssignments", PermissionSetArn=ps, AccountId="999999999999") is None


def test_motos_own_mock_aws_serves_the_delegated_administrator_too() -> None:
    """After ``import ssoadmin_mock``, moto's own ``mock_aws`` takes the registration and
    routes the delegated administrator's requests the same way."""
    from moto import mock_aws

    with mock_aws():
        (delegated,) = delegated_organization()
        seen = organization_instance(as_account("sso-admin", delegated))
        assert seen["OwnerAccountId"] == ACCOUNT
        assert seen == organization_instance(client("sso-admin"))


def test_the_readmes_example_runs_as_written() -> None:
    """README, "Delegated administration": the example test, run as a user would paste it."""
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    name = "def test_the_identity_account_administers_identity_center"
    at = readme.index(name)
    code = readme[readme.rindex("```python", 0, at) + len("```python") : readme.index("```", at)]
    scope: dict[str, Any] = {"boto3": boto3, "mock_ssoadmin": mock_ssoadmin}
    exec(compile(code, "README.md", "exec"), scope)
    scope["test_the_identity_account_administers_identity_center"]()
