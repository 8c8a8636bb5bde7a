"""``python -m ssoadmin_mock demo``: a short Identity Center scenario under the mock.

An organization with a workload account; a group of engineers in the identity store; a
permission set with an AWS managed policy and an inline policy; the group assigned to the
account; the assignment polled until it settles; the IAM role IAM Identity Center made in the
account; a member account registered as Identity Center's delegated administrator, which
sees the organization's instance and is refused access in the management account; and the
clean-up, in the order real tools do it.
"""

from __future__ import annotations

import json
import sys
from typing import Any

REGION = "us-east-1"


def _say(step: str, detail: str = "") -> None:
    print(f"- {step}" + (f": {detail}" if detail else ""))


def _wait(
    sso: Any, instance_arn: str, request_id: str, *, deletion: bool = False
) -> dict[str, Any]:
    describe = (
        sso.describe_account_assignment_deletion_status
        if deletion
        else sso.describe_account_assignment_creation_status
    )
    key = "AccountAssignmentDeletionRequestId" if deletion else "AccountAssignmentCreationRequestId"
    reads = 0
    while True:
        reads += 1
        status: dict[str, Any] = describe(InstanceArn=instance_arn, **{key: request_id})[
            "AccountAssignmentDeletionStatus" if deletion else "AccountAssignmentCreationStatus"
        ]
        if status["Status"] != "IN_PROGRESS":
            _say(f"  polled {reads} time(s)", status["Status"])
            return status


def _client_in(account_id: str, service: str = "iam") -> Any:
    """A client of `service` acting in `account_id`, as a tool in the management account
    would get one."""
    import boto3

    sts = boto3.client("sts", region_name=REGION)
    credentials = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole",
        RoleSessionName="demo",
    )["Credentials"]
    return boto3.client(
        service,
        region_name=REGION,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


def run() -> int:
    """Run the scenario; returns the process exit code (1, after a one-line hint on stderr,
    when boto3 cannot make its clients: a missing profile, no credentials)."""
    from botocore.exceptions import NoCredentialsError, ProfileNotFound

    try:
        return _scenario()
    except ProfileNotFound as error:
        _hint(
            f"{error}: the demo needs no real AWS account; unset AWS_PROFILE "
            "(or name a profile that exists) and run it again"
        )
    except NoCredentialsError as error:
        _hint(
            f"{error}: the mock gives boto3 fake credentials only while it runs; "
            "check AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE and the AWS_* variables"
        )
    return 1


def _hint(text: str) -> None:
    print(f"ssoadmin-mock demo: {text}", file=sys.stderr)


def _scenario() -> int:
    import boto3

    from . import mock_ssoadmin

    print("ssoadmin-mock demo: IAM Identity Center under the mock (nothing leaves this process)")
    with mock_ssoadmin(async_reads=1):
        sso = boto3.client("sso-admin", region_name=REGION)
        identitystore = boto3.client("identitystore", region_name=REGION)
        organizations = boto3.client("organizations", region_name=REGION)

        instance = sso.list_instances()["Instances"][0]
        instance_arn, store = instance["InstanceArn"], instance["IdentityStoreId"]
        _say("the account's instance", f"{instance_arn} (identity store {store})")

        organizations.create_organization(FeatureSet="ALL")
        account = organizations.create_account(Email="workload@example.com", AccountName="workload")
        account_id = account["CreateAccountStatus"]["AccountId"]
        _say("a workload account in the organization", account_id)
        iam = _client_in(account_id)

        group = identitystore.create_group(IdentityStoreId=store, DisplayName="engineers")[
            "GroupId"
        ]
        user = identitystore.create_user(
            IdentityStoreId=store,
            UserName="ada",
            DisplayName="Ada Lovelace",
            Name={"GivenName": "Ada", "FamilyName": "Lovelace"},
        )["UserId"]
        identitystore.create_group_membership(
            IdentityStoreId=store, GroupId=group, MemberId={"UserId": user}
        )
        _say("group 'engineers' with user 'ada'", group)
        identitystore.update_user(
            IdentityStoreId=store,
            UserId=user,
            Operations=[{"AttributePath": "displayName", "AttributeValue": "Ada King"}],
        )
        found = identitystore.get_user_id(
            IdentityStoreId=store,
            AlternateIdentifier={
                "UniqueAttribute": {"AttributePath": "userName", "AttributeValue": "ada"}
            },
        )["UserId"]
        renamed = identitystore.describe_user(IdentityStoreId=store, UserId=found)
        _say("ada renamed, found again by user name", renamed["DisplayName"])

        permission_set = sso.create_permission_set(
            InstanceArn=instance_arn,
            Name="ReadOnlyEngineers",
            Description="Read-only access for engineers",
            SessionDuration="PT4H",
        )["PermissionSet"]
        ps_arn = permission_set["PermissionSetArn"]
        _say("permission set", f"{permission_set['Name']} {ps_arn}")
        sso.attach_managed_policy_to_permission_set(
            InstanceArn=instance_arn,
            PermissionSetArn=ps_arn,
            ManagedPolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess",
        )
        sso.put_inline_policy_to_permission_set(
            InstanceArn=instance_arn,
            PermissionSetArn=ps_arn,
            InlinePolicy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}],
                }
            ),
        )
        _say("  attached ReadOnlyAccess and an inline deny policy")

        # the group's access with this set: in the workload account, then tried elsewhere
        access = {
            "InstanceArn": instance_arn,
            "TargetType": "AWS_ACCOUNT",
            "PermissionSetArn": ps_arn,
            "PrincipalType": "GROUP",
            "PrincipalId": group,
        }
        created = sso.create_account_assignment(**access, TargetId=account_id)[
            "AccountAssignmentCreationStatus"
        ]
        _say("assign 'engineers' to the account", f"{created['Status']} ({created['RequestId']})")
        _wait(sso, instance_arn, created["RequestId"])

        through_group = sso.list_account_assignments_for_principal(
            InstanceArn=instance_arn, PrincipalId=user, PrincipalType="USER"
        )["AccountAssignments"]
        _say(
            "ada's access (through her group)",
            ", ".join(
                f"{a['AccountId']} via {a['PrincipalType']} {a['PrincipalId']}"
                for a in through_group
            ),
        )

        roles = iam.list_roles(PathPrefix="/aws-reserved/sso.amazonaws.com/")["Roles"]
        for role in roles:
            attached = iam.list_attached_role_policies(RoleName=role["RoleName"])[
                "AttachedPolicies"
            ]
            _say(
                "role made by Identity Center",
                f"{role['RoleName']} ({role['Path']}), "
                f"policies: {', '.join(p['PolicyName'] for p in attached)}",
            )

        _delegated_administrator(organizations, access)

        deleted = sso.delete_account_assignment(**access, TargetId=account_id)[
            "AccountAssignmentDeletionStatus"
        ]
        _say("remove the assignment", deleted["Status"])
        _wait(sso, instance_arn, deleted["RequestId"], deletion=True)
        left = iam.list_roles(PathPrefix="/aws-reserved/sso.amazonaws.com/")["Roles"]
        _say("roles left in the account", str(len(left)))
        sso.delete_permission_set(InstanceArn=instance_arn, PermissionSetArn=ps_arn)
        _say("permission set deleted")
    print("done: every call above went through boto3 to the mock")
    return 0


def _delegated_administrator(organizations: Any, access: dict[str, str]) -> None:
    """A member account registered as Identity Center's delegated administrator: it sees the
    organization's instance, and may not assign `access` in the management account."""
    from botocore.exceptions import ClientError

    identity = organizations.create_account(Email="identity@example.com", AccountName="identity")
    admin_id = identity["CreateAccountStatus"]["AccountId"]
    organizations.register_delegated_administrator(
        AccountId=admin_id, ServicePrincipal="sso.amazonaws.com"
    )
    delegated = _client_in(admin_id, "sso-admin")
    [seen] = delegated.list_instances()["Instances"]
    _say(
        "delegated administrator " + admin_id,
        f"sees {seen['InstanceArn']} (owner {seen['OwnerAccountId']})",
    )
    management = organizations.describe_organization()["Organization"]["MasterAccountId"]
    try:
        delegated.create_account_assignment(**access, TargetId=management)
    except ClientError as refused:
        error = refused.response["Error"]
        _say("  access in the management account refused", f"{error['Code']}: {error['Message']}")
