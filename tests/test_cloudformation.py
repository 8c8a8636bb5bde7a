"""AWS::SSO::* and AWS::IdentityStore::* resources deployed by moto's CloudFormation, as
users write templates.

Each type is created, read back through sso-admin or identitystore, updated (in place, or
replaced where the CloudFormation reference says so) and deleted; a failing resource rolls
its stack back and leaves nothing behind. The organization bootstrap chains permission sets
and assignments over member accounts made with moto's organizations; another template chains
a new instance; one is in the shape the CDK synthesizes (written by hand); a team's stack
makes its group, its member and its access together.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from ssoadmin_mock import inspection, mock_ssoadmin

from .conftest import ACCOUNT, REGION, client

READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
VIEW_ONLY = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
CUSTOM_OAUTH = "arn:aws:sso::aws:applicationProvider/custom"
POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}],
}


# --- helpers ------------------------------------------------------------------------------------


def template(resources: dict[str, Any], outputs: dict[str, Any] | None = None, **extra: Any) -> str:
    body: dict[str, Any] = {"AWSTemplateFormatVersion": "2010-09-09", **extra}
    body["Resources"] = resources
    if outputs:
        body["Outputs"] = {name: {"Value": value} for name, value in outputs.items()}
    return json.dumps(body)


def parameters(**values: str) -> list[dict[str, str]]:
    return [{"ParameterKey": key, "ParameterValue": value} for key, value in values.items()]


def stack(cf: Any, name: str) -> dict[str, Any]:
    found: dict[str, Any] = cf.describe_stacks(StackName=name)["Stacks"][0]
    return found


def outputs(cf: Any, name: str) -> dict[str, str]:
    return {o["OutputKey"]: o["OutputValue"] for o in stack(cf, name).get("Outputs", [])}


def events(cf: Any, name: str) -> list[tuple[str, str, str]]:
    """(logical id, status, reason) of the stack's events, oldest first."""
    found = cf.describe_stack_events(StackName=name)["StackEvents"]
    ordered = sorted(found, key=lambda event: event["Timestamp"])
    return [
        (e["LogicalResourceId"], e["ResourceStatus"], e.get("ResourceStatusReason") or "")
        for e in ordered
    ]


def failure(cf: Any, name: str) -> str:
    """The status reason of the stack's one failed resource."""
    [failed] = [
        reason
        for logical_id, status, reason in events(cf, name)
        if status.endswith("_FAILED") and logical_id != name  # not the stack's own event
    ]
    return failed


def stack_reason(cf: Any, name: str, status: str) -> str:
    """The reason of the stack's own `status` event, and its StackStatusReason where moto
    sends it (moto 5.1 leaves that member out of DescribeStacks)."""
    [reason] = [r for logical_id, s, r in events(cf, name) if logical_id == name and s == status]
    described = stack(cf, name)
    if "StackStatusReason" in described:
        assert described["StackStatusReason"] == reason
    return reason


def create_user(instance: dict[str, Any], name: str = "ada") -> str:
    user_id: str = client("identitystore").create_user(
        IdentityStoreId=instance["IdentityStoreId"],
        UserName=name,
        DisplayName=name.title(),
        Name={"GivenName": name.title(), "FamilyName": "Test"},
    )["UserId"]
    return user_id


def create_group(instance: dict[str, Any], name: str = "admins") -> str:
    group_id: str = client("identitystore").create_group(
        IdentityStoreId=instance["IdentityStoreId"], DisplayName=name
    )["GroupId"]
    return group_id


def read_permission_set(sso: Any, instance_arn: str, arn: str) -> dict[str, Any]:
    """A permission set as a template would write it, read through sso-admin."""
    ids = {"InstanceArn": instance_arn, "PermissionSetArn": arn}
    described = sso.describe_permission_set(**ids)["PermissionSet"]
    read: dict[str, Any] = {
        key: described[key]
        for key in ("Name", "Description", "SessionDuration")
        if key in described
    }
    if "RelayState" in described:
        read["RelayStateType"] = described["RelayState"]
    read["ManagedPolicies"] = [
        p["Arn"]
        for p in sso.list_managed_policies_in_permission_set(**ids)["AttachedManagedPolicies"]
    ]
    read["CustomerManagedPolicyReferences"] = (
        sso.list_customer_managed_policy_references_in_permission_set(**ids)[
            "CustomerManagedPolicyReferences"
        ]
    )
    inline = sso.get_inline_policy_for_permission_set(**ids)["InlinePolicy"]
    read["InlinePolicy"] = json.loads(inline) if inline else None
    try:
        read["PermissionsBoundary"] = sso.get_permissions_boundary_for_permission_set(**ids)[
            "PermissionsBoundary"
        ]
    except ClientError:
        read["PermissionsBoundary"] = None
    read["Tags"] = sso.list_tags_for_resource(InstanceArn=instance_arn, ResourceArn=arn)["Tags"]
    return read


def iam_of(account_id: str) -> Any:
    """An IAM client of another account (moto's ``x-moto-account-id`` header)."""
    iam = client("iam")

    def to_account(request: Any, **kwargs: Any) -> None:
        request.headers["x-moto-account-id"] = account_id

    iam.meta.events.register("before-sign.iam.*", to_account)
    return iam


@pytest.fixture
def cf(mock: Any) -> Any:
    return client("cloudformation")


# --- AWS::SSO::PermissionSet --------------------------------------------------------------------


def test_permission_set_is_created_read_back_updated_replaced_and_deleted(
    cf: Any, sso: Any, instance_arn: str
) -> None:
    properties: dict[str, Any] = {
        "InstanceArn": {"Ref": "InstanceArn"},
        "Name": "ReadOnly",
        "Description": "Read only access",
        "SessionDuration": "PT2H",
        "RelayStateType": "https://console.aws.amazon.com/s3",
        "ManagedPolicies": [READ_ONLY],
        "InlinePolicy": POLICY,
        "CustomerManagedPolicyReferences": [{"Name": "Audit", "Path": "/security/"}],
        "PermissionsBoundary": {"CustomerManagedPolicyReference": {"Name": "Boundary"}},
        "Tags": [{"Key": "team", "Value": "platform"}],
    }
    resources = {"ReadOnly": {"Type": "AWS::SSO::PermissionSet", "Properties": properties}}
    out = {"Ref": {"Ref": "ReadOnly"}, "Arn": {"Fn::GetAtt": ["ReadOnly", "PermissionSetArn"]}}
    params = parameters(InstanceArn=instance_arn)
    declared = {"Parameters": {"InstanceArn": {"Type": "String"}}}
    cf.create_stack(
        StackName="ps", TemplateBody=template(resources, out, **declared), Parameters=params
    )

    assert stack(cf, "ps")["StackStatus"] == "CREATE_COMPLETE"
    arn = outputs(cf, "ps")["Arn"]
    # Ref is the primary identifier, InstanceArn|PermissionSetArn
    assert outputs(cf, "ps")["Ref"] == f"{instance_arn}|{arn}"
    assert sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"] == [arn]
    expected = {
        **{k: v for k, v in properties.items() if k != "InstanceArn"},
        "CustomerManagedPolicyReferences": [{"Name": "Audit", "Path": "/security/"}],
        "PermissionsBoundary": {
            "CustomerManagedPolicyReference": {"Name": "Boundary", "Path": "/"}
        },
    }
    assert read_permission_set(sso, instance_arn, arn) == expected

    # in place: no interruption for everything but InstanceArn and Name
    properties.update(
        SessionDuration="PT8H",
        ManagedPolicies=[VIEW_ONLY],
        InlinePolicy=json.dumps(
            {**POLICY, "Statement": [{**POLICY["Statement"][0], "Action": "s3:*"}]}
        ),
        CustomerManagedPolicyReferences=[],
        Tags=[{"Key": "team", "Value": "security"}, {"Key": "cost", "Value": "42"}],
    )
    del properties["PermissionsBoundary"]
    cf.update_stack(
        StackName="ps", TemplateBody=template(resources, out, **declared), Parameters=params
    )
    assert stack(cf, "ps")["StackStatus"] == "UPDATE_COMPLETE"
    assert outputs(cf, "ps")["Arn"] == arn
    read = read_permission_set(sso, instance_arn, arn)
    assert read["SessionDuration"] == "PT8H"
    assert read["ManagedPolicies"] == [VIEW_ONLY]
    assert read["InlinePolicy"]["Statement"][0]["Action"] == "s3:*"
    assert read["CustomerManagedPolicyReferences"] == []
    assert read["PermissionsBoundary"] is None
    assert sorted(read["Tags"], key=lambda t: t["Key"]) == [
        {"Key": "cost", "Value": "42"},
        {"Key": "team", "Value": "security"},
    ]

    # Name: replacement (a new set, the old one deleted)
    properties["Name"] = "Viewer"
    cf.update_stack(
        StackName="ps", TemplateBody=template(resources, out, **declared), Parameters=params
    )
    new_arn = outputs(cf, "ps")["Arn"]
    assert new_arn != arn
    assert sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"] == [new_arn]
    assert read_permission_set(sso, instance_arn, new_arn)["Name"] == "Viewer"

    cf.delete_stack(StackName="ps")
    assert sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"] == []


def test_a_bad_property_fails_the_stack_with_the_apis_own_error(
    cf: Any, sso: Any, instance_arn: str
) -> None:
    with pytest.raises(ClientError) as refused:
        sso.create_permission_set(InstanceArn=instance_arn, Name="has spaces")
    api_message = refused.value.response["Error"]["Message"]
    resources = {
        "Good": {
            "Type": "AWS::SSO::PermissionSet",
            "Properties": {"InstanceArn": instance_arn, "Name": "Good"},
        },
        "Bad": {
            "Type": "AWS::SSO::PermissionSet",
            "DependsOn": "Good",
            "Properties": {"InstanceArn": instance_arn, "Name": "has spaces"},
        },
    }
    cf.create_stack(StackName="bad", TemplateBody=template(resources))

    described = stack(cf, "bad")
    assert described["StackStatus"] == "ROLLBACK_COMPLETE"
    assert stack_reason(cf, "bad", "ROLLBACK_IN_PROGRESS") == (
        "The following resource(s) failed to create: [Bad]. Rollback requested by user."
    )
    [failed] = [e for e in events(cf, "bad") if e[1] == "CREATE_FAILED"]
    assert failed[0] == "Bad"
    assert f'Resource handler returned message: "{api_message} (Service: SsoAdmin' in failed[2]
    assert "HandlerErrorCode: InvalidRequest" in failed[2]
    # rolled back: the set that was made is deleted again
    assert sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"] == []


def test_properties_the_schema_lacks_or_requires_fail_as_cloudformation_says(
    cf: Any, sso: Any, instance_arn: str
) -> None:
    resources = {
        "Typo": {
            "Type": "AWS::SSO::PermissionSet",
            "Properties": {"InstanceArn": instance_arn, "SessionDuraton": "PT1H"},
        }
    }
    cf.create_stack(StackName="typo", TemplateBody=template(resources))
    assert stack(cf, "typo")["StackStatus"] == "ROLLBACK_COMPLETE"
    assert failure(cf, "typo") == (
        "Properties validation failed for resource Typo with message:\n"
        "#: required key [Name] not found\n"
        "#: extraneous key [SessionDuraton] is not permitted"
    )
    assert sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"] == []


def test_a_half_made_permission_set_is_removed(cf: Any, sso: Any, instance_arn: str) -> None:
    resources = {
        "Broken": {
            "Type": "AWS::SSO::PermissionSet",
            "Properties": {
                "InstanceArn": instance_arn,
                "Name": "Broken",
                "ManagedPolicies": ["arn:aws:iam::aws:policy/NoSuchPolicy"],
            },
        }
    }
    cf.create_stack(StackName="broken", TemplateBody=template(resources))
    assert stack(cf, "broken")["StackStatus"] == "ROLLBACK_COMPLETE"
    assert "HandlerErrorCode: NotFound" in failure(cf, "broken")
    assert sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"] == []


def test_a_failed_update_rolls_back_to_the_previous_template(
    cf: Any, sso: Any, instance_arn: str
) -> None:
    properties: dict[str, Any] = {
        "InstanceArn": instance_arn,
        "Name": "ReadOnly",
        "SessionDuration": "PT2H",
        "ManagedPolicies": [READ_ONLY],
    }
    resources: dict[str, Any] = {
        "ReadOnly": {"Type": "AWS::SSO::PermissionSet", "Properties": properties}
    }
    out = {"Arn": {"Fn::GetAtt": ["ReadOnly", "PermissionSetArn"]}}
    cf.create_stack(StackName="roll", TemplateBody=template(resources, out))
    arn = outputs(cf, "roll")["Arn"]
    before = read_permission_set(sso, instance_arn, arn)

    properties.update(SessionDuration="PT8H", ManagedPolicies=["arn:aws:iam::aws:policy/Nope"])
    resources["Added"] = {
        "Type": "AWS::SSO::PermissionSet",
        "Properties": {"InstanceArn": instance_arn, "Name": "Added"},
    }
    cf.update_stack(StackName="roll", TemplateBody=template(resources, out))

    described = stack(cf, "roll")
    assert described["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    assert stack_reason(cf, "roll", "UPDATE_ROLLBACK_IN_PROGRESS").startswith(
        "The following resource(s) failed to update: ["
    )
    assert read_permission_set(sso, instance_arn, arn) == before
    assert sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"] == [arn]
    # the previous template is the stack's again
    assert "Added" not in str(cf.get_template(StackName="roll")["TemplateBody"])


# --- AWS::SSO::Assignment -----------------------------------------------------------------------


def assignment_template(instance_arn: str, principal: dict[str, Any], **ps: Any) -> str:
    resources = {
        "ReadOnly": {
            "Type": "AWS::SSO::PermissionSet",
            "Properties": {
                "InstanceArn": instance_arn,
                "Name": "ReadOnly",
                "ManagedPolicies": [READ_ONLY],
                **ps,
            },
        },
        "Access": {
            "Type": "AWS::SSO::Assignment",
            "Properties": {
                "InstanceArn": instance_arn,
                "PermissionSetArn": {"Fn::GetAtt": ["ReadOnly", "PermissionSetArn"]},
                "TargetId": {"Ref": "AWS::AccountId"},
                "TargetType": "AWS_ACCOUNT",
                **principal,
            },
        },
    }
    out = {"Ref": {"Ref": "Access"}, "Arn": {"Fn::GetAtt": ["ReadOnly", "PermissionSetArn"]}}
    return template(resources, out)


def test_assignment_makes_the_role_and_is_replaced_and_deleted(
    cf: Any, sso: Any, iam: Any, instance: dict[str, Any]
) -> None:
    instance_arn = instance["InstanceArn"]
    user_id = create_user(instance)
    group_id = create_group(instance)
    user = {"PrincipalType": "USER", "PrincipalId": user_id}
    cf.create_stack(StackName="assign", TemplateBody=assignment_template(instance_arn, user))

    arn = outputs(cf, "assign")["Arn"]
    assert outputs(cf, "assign")["Ref"] == "|".join(
        [instance_arn, ACCOUNT, "AWS_ACCOUNT", arn, "USER", user_id]
    )
    listed = sso.list_account_assignments(
        InstanceArn=instance_arn, AccountId=ACCOUNT, PermissionSetArn=arn
    )["AccountAssignments"]
    assert listed == [
        {
            "AccountId": ACCOUNT,
            "PermissionSetArn": arn,
            "PrincipalType": "USER",
            "PrincipalId": user_id,
        }
    ]
    [role] = iam.list_roles(PathPrefix="/aws-reserved/sso.amazonaws.com/")["Roles"]
    assert role["RoleName"].startswith("AWSReservedSSO_ReadOnly_")
    attached = iam.list_attached_role_policies(RoleName=role["RoleName"])["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == [READ_ONLY]

    # a change of the permission set reaches the role (the set is provisioned again)
    cf.update_stack(
        StackName="assign",
        TemplateBody=assignment_template(instance_arn, user, ManagedPolicies=[VIEW_ONLY]),
    )
    attached = iam.list_attached_role_policies(RoleName=role["RoleName"])["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == [VIEW_ONLY]

    # every property of an assignment needs replacement
    group = {"PrincipalType": "GROUP", "PrincipalId": group_id}
    cf.update_stack(
        StackName="assign",
        TemplateBody=assignment_template(instance_arn, group, ManagedPolicies=[VIEW_ONLY]),
    )
    assert stack(cf, "assign")["StackStatus"] == "UPDATE_COMPLETE"
    listed = sso.list_account_assignments(
        InstanceArn=instance_arn, AccountId=ACCOUNT, PermissionSetArn=arn
    )["AccountAssignments"]
    assert [(a["PrincipalType"], a["PrincipalId"]) for a in listed] == [("GROUP", group_id)]

    cf.delete_stack(StackName="assign")
    assert sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"] == []
    assert iam.list_roles(PathPrefix="/aws-reserved/sso.amazonaws.com/")["Roles"] == []


def test_replacing_a_permission_set_moves_its_assignments(
    cf: Any, sso: Any, iam: Any, instance: dict[str, Any]
) -> None:
    instance_arn = instance["InstanceArn"]
    user = {"PrincipalType": "USER", "PrincipalId": create_user(instance)}
    cf.create_stack(StackName="move", TemplateBody=assignment_template(instance_arn, user))
    old_arn = outputs(cf, "move")["Arn"]

    cf.update_stack(
        StackName="move", TemplateBody=assignment_template(instance_arn, user, Name="Viewer")
    )
    assert stack(cf, "move")["StackStatus"] == "UPDATE_COMPLETE"
    new_arn = outputs(cf, "move")["Arn"]
    assert new_arn != old_arn
    assert sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"] == [new_arn]
    assert (
        sso.list_account_assignments(
            InstanceArn=instance_arn, AccountId=ACCOUNT, PermissionSetArn=new_arn
        )["AccountAssignments"][0]["PrincipalId"]
        == user["PrincipalId"]
    )
    roles = iam.list_roles(PathPrefix="/aws-reserved/sso.amazonaws.com/")["Roles"]
    assert [r["RoleName"].rsplit("_", 1)[0] for r in roles] == ["AWSReservedSSO_Viewer"]


def test_a_failed_assignment_rolls_the_stack_back(
    cf: Any, sso: Any, iam: Any, instance_arn: str
) -> None:
    nobody = {"PrincipalType": "USER", "PrincipalId": "11111111-2222-3333-4444-555555555555"}
    cf.create_stack(StackName="nobody", TemplateBody=assignment_template(instance_arn, nobody))

    assert stack(cf, "nobody")["StackStatus"] == "ROLLBACK_COMPLETE"
    [failed] = [e for e in events(cf, "nobody") if e[1] == "CREATE_FAILED"]
    assert failed[0] == "Access"
    assert nobody["PrincipalId"] in failed[2]  # the assignment's own failure reason
    assert sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"] == []
    assert iam.list_roles(PathPrefix="/aws-reserved/")["Roles"] == []


def test_an_assignment_that_exists_already_is_refused(
    cf: Any, sso: Any, instance: dict[str, Any]
) -> None:
    instance_arn = instance["InstanceArn"]
    user = {"PrincipalType": "USER", "PrincipalId": create_user(instance)}
    cf.create_stack(StackName="first", TemplateBody=assignment_template(instance_arn, user))
    arn = outputs(cf, "first")["Arn"]
    second = {
        "Again": {
            "Type": "AWS::SSO::Assignment",
            "Properties": {
                "InstanceArn": instance_arn,
                "PermissionSetArn": arn,
                "TargetId": ACCOUNT,
                "TargetType": "AWS_ACCOUNT",
                **user,
            },
        }
    }
    cf.create_stack(StackName="second", TemplateBody=template(second))
    assert stack(cf, "second")["StackStatus"] == "ROLLBACK_COMPLETE"
    assert "HandlerErrorCode: AlreadyExists" in failure(cf, "second")
    # the first stack's assignment is untouched by the second's rollback
    assert (
        len(
            sso.list_account_assignments(
                InstanceArn=instance_arn, AccountId=ACCOUNT, PermissionSetArn=arn
            )["AccountAssignments"]
        )
        == 1
    )


def test_a_resource_that_cannot_be_deleted_leaves_the_stack_delete_failed(
    cf: Any, sso: Any, instance: dict[str, Any]
) -> None:
    instance_arn = instance["InstanceArn"]
    resources = {
        "ReadOnly": {
            "Type": "AWS::SSO::PermissionSet",
            "Properties": {"InstanceArn": instance_arn, "Name": "ReadOnly"},
        },
        "Other": {
            "Type": "AWS::SSO::PermissionSet",
            "Properties": {"InstanceArn": instance_arn, "Name": "Other"},
        },
    }
    out = {"Arn": {"Fn::GetAtt": ["ReadOnly", "PermissionSetArn"]}}
    cf.create_stack(StackName="kept", TemplateBody=template(resources, out))
    arn = outputs(cf, "kept")["Arn"]
    # assigned outside the stack: provisioned, so it cannot be deleted
    sso.create_account_assignment(
        InstanceArn=instance_arn,
        TargetId=ACCOUNT,
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=arn,
        PrincipalType="USER",
        PrincipalId=create_user(instance),
    )

    cf.delete_stack(StackName="kept")
    described = stack(cf, "kept")
    assert described["StackStatus"] == "DELETE_FAILED"
    assert stack_reason(cf, "kept", "DELETE_FAILED") == (
        "The following resource(s) failed to delete: [ReadOnly]."
    )
    assert "HandlerErrorCode: ResourceConflict" in failure(cf, "kept")
    assert sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"] == [arn]


def test_retain_policies_keep_removed_and_replaced_resources(
    cf: Any, sso: Any, instance_arn: str
) -> None:
    def permission_set(name: str, **policies: str) -> dict[str, Any]:
        return {
            "Type": "AWS::SSO::PermissionSet",
            "Properties": {"InstanceArn": instance_arn, "Name": name},
            **policies,
        }

    resources = {
        "Kept": permission_set("Kept", DeletionPolicy="Retain"),
        "Renamed": permission_set("Before", UpdateReplacePolicy="Retain"),
    }
    cf.create_stack(StackName="retain", TemplateBody=template(resources))
    resources = {"Renamed": permission_set("After", UpdateReplacePolicy="Retain")}
    cf.update_stack(StackName="retain", TemplateBody=template(resources))
    assert stack(cf, "retain")["StackStatus"] == "UPDATE_COMPLETE"
    names = sorted(
        sso.describe_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)[
            "PermissionSet"
        ]["Name"]
        for arn in sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"]
    )
    assert names == ["After", "Before", "Kept"]


@pytest.mark.parametrize("switches", [{"async_reads": 3}, {"async_seconds": 0.05}])
def test_deferred_statuses_are_waited_for(switches: dict[str, Any]) -> None:
    with mock_ssoadmin(**switches):
        sso = client("sso-admin")
        [instance] = sso.list_instances()["Instances"]
        user = {"PrincipalType": "USER", "PrincipalId": create_user(instance)}
        cf = client("cloudformation")
        cf.create_stack(
            StackName="slow", TemplateBody=assignment_template(instance["InstanceArn"], user)
        )
        assert stack(cf, "slow")["StackStatus"] == "CREATE_COMPLETE"
        arn = outputs(cf, "slow")["Arn"]
        # the assignment's work is done when the stack is: it is listed at once
        assert sso.list_account_assignments(
            InstanceArn=instance["InstanceArn"], AccountId=ACCOUNT, PermissionSetArn=arn
        )["AccountAssignments"]
        assert inspection.State.at(ACCOUNT, REGION).pending() == []


def test_work_that_ends_failed_fails_the_stack_with_its_reason() -> None:
    reason = "Role creation failed in the target account"
    with mock_ssoadmin(async_failures={"CreateAccountAssignment": reason}):
        sso, cf = client("sso-admin"), client("cloudformation")
        [instance] = sso.list_instances()["Instances"]
        user = {"PrincipalType": "USER", "PrincipalId": create_user(instance)}
        cf.create_stack(
            StackName="fails", TemplateBody=assignment_template(instance["InstanceArn"], user)
        )
        assert stack(cf, "fails")["StackStatus"] == "ROLLBACK_COMPLETE"
        assert failure(cf, "fails").startswith(f'Resource handler returned message: "{reason}"')
        assert sso.list_permission_sets(InstanceArn=instance["InstanceArn"])["PermissionSets"] == []


# --- AWS::SSO::Instance -------------------------------------------------------------------------


def test_instance_chain_with_permission_set_and_assignment() -> None:
    with mock_ssoadmin(default_instance=False, check_principals=False):
        cf, sso = client("cloudformation"), client("sso-admin")
        resources = {
            "Center": {
                "Type": "AWS::SSO::Instance",
                "Properties": {"Name": "Center", "Tags": [{"Key": "env", "Value": "test"}]},
            },
            "Admin": {
                "Type": "AWS::SSO::PermissionSet",
                "Properties": {
                    "InstanceArn": {"Fn::GetAtt": ["Center", "InstanceArn"]},
                    "Name": "Admin",
                    "ManagedPolicies": ["arn:aws:iam::aws:policy/AdministratorAccess"],
                },
            },
            "AdminAccess": {
                "Type": "AWS::SSO::Assignment",
                "Properties": {
                    "InstanceArn": {"Ref": "Center"},
                    "PermissionSetArn": {"Fn::GetAtt": ["Admin", "PermissionSetArn"]},
                    "TargetId": {"Ref": "AWS::AccountId"},
                    "TargetType": "AWS_ACCOUNT",
                    "PrincipalType": "GROUP",
                    "PrincipalId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
                },
            },
        }
        out: dict[str, Any] = {
            name: {"Fn::GetAtt": ["Center", name]}
            for name in ("InstanceArn", "IdentityStoreId", "OwnerAccountId", "Status")
        }
        out["Ref"] = {"Ref": "Center"}
        cf.create_stack(StackName="center", TemplateBody=template(resources, out))
        assert stack(cf, "center")["StackStatus"] == "CREATE_COMPLETE"
        got = outputs(cf, "center")
        [listed] = sso.list_instances()["Instances"]
        assert got["Ref"] == got["InstanceArn"] == listed["InstanceArn"]
        assert got["IdentityStoreId"] == listed["IdentityStoreId"]
        assert got["OwnerAccountId"] == ACCOUNT
        assert got["Status"] == listed["Status"] == "ACTIVE"
        assert listed["Name"] == "Center"
        arn = listed["InstanceArn"]
        [ps] = sso.list_permission_sets(InstanceArn=arn)["PermissionSets"]
        assert sso.list_accounts_for_provisioned_permission_set(
            InstanceArn=arn, PermissionSetArn=ps
        )["AccountIds"] == [ACCOUNT]

        # Name and Tags: no interruption
        resources["Center"]["Properties"] = {
            "Name": "Renamed",
            "Tags": [{"Key": "env", "Value": "prod"}],
        }
        cf.update_stack(StackName="center", TemplateBody=template(resources, out))
        assert outputs(cf, "center")["InstanceArn"] == arn
        assert sso.describe_instance(InstanceArn=arn)["Name"] == "Renamed"
        assert sso.list_tags_for_resource(InstanceArn=arn, ResourceArn=arn)["Tags"] == [
            {"Key": "env", "Value": "prod"}
        ]

        cf.delete_stack(StackName="center")
        assert sso.list_instances()["Instances"] == []


def test_a_second_instance_fails_with_the_apis_conflict(cf: Any, sso: Any) -> None:
    resources = {"Center": {"Type": "AWS::SSO::Instance", "Properties": {"Name": "Second"}}}
    cf.create_stack(StackName="second", TemplateBody=template(resources))
    assert stack(cf, "second")["StackStatus"] == "ROLLBACK_COMPLETE"
    assert "HandlerErrorCode: ResourceConflict" in failure(cf, "second")
    assert len(sso.list_instances()["Instances"]) == 1


# --- AWS::SSO::InstanceAccessControlAttributeConfiguration --------------------------------------


def test_access_control_attributes(cf: Any, sso: Any, instance_arn: str) -> None:
    def attributes(*keys: str) -> list[dict[str, Any]]:
        return [
            {"Key": key, "Value": {"Source": [f"${{path:enterprise.{key.lower()}}}"]}}
            for key in keys
        ]

    properties: dict[str, Any] = {
        "InstanceArn": instance_arn,
        "AccessControlAttributes": attributes("Department"),
    }
    resources = {
        "Abac": {
            "Type": "AWS::SSO::InstanceAccessControlAttributeConfiguration",
            "Properties": properties,
        }
    }
    cf.create_stack(StackName="abac", TemplateBody=template(resources, {"Ref": {"Ref": "Abac"}}))
    assert outputs(cf, "abac")["Ref"] == instance_arn  # Ref: the instance's ARN

    def held() -> Any:
        return sso.describe_instance_access_control_attribute_configuration(
            InstanceArn=instance_arn
        )

    assert held()["Status"] == "ENABLED"
    assert held()["InstanceAccessControlAttributeConfiguration"] == {
        "AccessControlAttributes": attributes("Department")
    }

    # the deprecated nested form, updated in place
    del properties["AccessControlAttributes"]
    properties["InstanceAccessControlAttributeConfiguration"] = {
        "AccessControlAttributes": attributes("Department", "CostCenter")
    }
    cf.update_stack(StackName="abac", TemplateBody=template(resources))
    assert held()["InstanceAccessControlAttributeConfiguration"]["AccessControlAttributes"] == (
        attributes("Department", "CostCenter")
    )

    cf.delete_stack(StackName="abac")
    with pytest.raises(ClientError) as gone:
        held()
    assert gone.value.response["Error"]["Code"] == "ResourceNotFoundException"


# --- AWS::SSO::Application and AWS::SSO::ApplicationAssignment -----------------------------------


def test_application_and_its_assignment(cf: Any, sso: Any, instance: dict[str, Any]) -> None:
    instance_arn = instance["InstanceArn"]
    user_id = create_user(instance)
    app: dict[str, Any] = {
        "InstanceArn": instance_arn,
        "ApplicationProviderArn": CUSTOM_OAUTH,
        "Name": "Wiki",
        "Description": "The team wiki",
        "Status": "ENABLED",
        "PortalOptions": {
            "Visibility": "ENABLED",
            "SignInOptions": {
                "Origin": "APPLICATION",
                "ApplicationUrl": "https://wiki.example.com",
            },
        },
        "Tags": [{"Key": "team", "Value": "docs"}],
    }
    resources = {
        "Wiki": {"Type": "AWS::SSO::Application", "Properties": app},
        "WikiUser": {
            "Type": "AWS::SSO::ApplicationAssignment",
            "Properties": {
                "ApplicationArn": {"Fn::GetAtt": ["Wiki", "ApplicationArn"]},
                "PrincipalType": "USER",
                "PrincipalId": user_id,
            },
        },
    }
    out = {
        "Ref": {"Ref": "Wiki"},
        "Arn": {"Fn::GetAtt": ["Wiki", "ApplicationArn"]},
        "AssignmentRef": {"Ref": "WikiUser"},
    }
    cf.create_stack(StackName="app", TemplateBody=template(resources, out))
    got = outputs(cf, "app")
    arn = got["Arn"]
    assert got["Ref"] == arn
    assert got["AssignmentRef"] == f"{arn}|USER|{user_id}"
    described = sso.describe_application(ApplicationArn=arn)
    for key in ("Name", "Description", "Status", "PortalOptions", "InstanceArn"):
        assert described[key] == app[key], key
    assert described["ApplicationProviderArn"] == CUSTOM_OAUTH
    assert sso.list_tags_for_resource(ResourceArn=arn)["Tags"] == app["Tags"]
    assert sso.list_application_assignments(ApplicationArn=arn)["ApplicationAssignments"] == [
        {"ApplicationArn": arn, "PrincipalType": "USER", "PrincipalId": user_id}
    ]

    group_id = create_group(instance, "Editors")
    app.update(Name="Handbook", Status="DISABLED", Tags=[])
    resources["WikiUser"]["Properties"].update(PrincipalType="GROUP", PrincipalId=group_id)
    cf.update_stack(StackName="app", TemplateBody=template(resources, out))
    assert outputs(cf, "app")["Arn"] == arn  # in place
    described = sso.describe_application(ApplicationArn=arn)
    assert (described["Name"], described["Status"]) == ("Handbook", "DISABLED")
    assert sso.list_tags_for_resource(ResourceArn=arn)["Tags"] == []
    # an application assignment is replaced: the group's, and no longer the user's
    assert outputs(cf, "app")["AssignmentRef"] == f"{arn}|GROUP|{group_id}"
    assert sso.list_application_assignments(ApplicationArn=arn)["ApplicationAssignments"] == [
        {"ApplicationArn": arn, "PrincipalType": "GROUP", "PrincipalId": group_id}
    ]

    cf.delete_stack(StackName="app")
    assert sso.list_applications(InstanceArn=instance_arn)["Applications"] == []


# --- AWS::IdentityStore::Group and AWS::IdentityStore::GroupMembership -------------------------


def group_template(store: str, group: dict[str, Any], member: str) -> str:
    """A group of `store` with one member, and each resource's ``Ref`` and id as outputs."""
    resources = {
        "Team": {
            "Type": "AWS::IdentityStore::Group",
            "Properties": {"IdentityStoreId": store, **group},
        },
        "Member": {
            "Type": "AWS::IdentityStore::GroupMembership",
            "Properties": {
                "IdentityStoreId": store,
                "GroupId": {"Fn::GetAtt": ["Team", "GroupId"]},
                "MemberId": {"UserId": member},
            },
        },
    }
    out = {
        "TeamRef": {"Ref": "Team"},
        "TeamId": {"Fn::GetAtt": ["Team", "GroupId"]},
        "MemberRef": {"Ref": "Member"},
        "MemberId": {"Fn::GetAtt": ["Member", "MembershipId"]},
    }
    return template(resources, out)


def members_of(store: str, group_id: str) -> list[tuple[str, str]]:
    """(membership id, user id) of the group's memberships, read through identitystore."""
    found = client("identitystore").list_group_memberships(IdentityStoreId=store, GroupId=group_id)
    return [(m["MembershipId"], m["MemberId"]["UserId"]) for m in found["GroupMemberships"]]


def test_group_and_membership_are_created_updated_replaced_and_deleted(
    cf: Any, instance: dict[str, Any]
) -> None:
    ids = client("identitystore")
    store = instance["IdentityStoreId"]
    ada, bob = create_user(instance, "ada"), create_user(instance, "bob")
    group = {"DisplayName": "engineers", "Description": "Everyone who builds"}
    cf.create_stack(StackName="team", TemplateBody=group_template(store, group, ada))
    got = outputs(cf, "team")
    group_id, membership = got["TeamId"], got["MemberId"]
    assert got["TeamRef"] == f"{group_id}|{store}"  # GroupID|IdentityStoreId
    assert got["MemberRef"] == f"{membership}|{store}"  # GroupMembershipID|IdentityStoreId
    described = ids.describe_group(IdentityStoreId=store, GroupId=group_id)
    assert (described["DisplayName"], described["Description"]) == tuple(group.values())
    assert members_of(store, group_id) == [(membership, ada)]

    # the name changes in place and a description the template dropped is removed; a new
    # member replaces the membership
    renamed = {"DisplayName": "platform"}
    cf.update_stack(StackName="team", TemplateBody=group_template(store, renamed, bob))
    assert stack(cf, "team")["StackStatus"] == "UPDATE_COMPLETE"
    got = outputs(cf, "team")
    assert got["TeamId"] == group_id
    described = ids.describe_group(IdentityStoreId=store, GroupId=group_id)
    assert described["DisplayName"] == "platform" and "Description" not in described
    assert got["MemberId"] != membership
    assert members_of(store, group_id) == [(got["MemberId"], bob)]

    cf.delete_stack(StackName="team")
    assert ids.list_groups(IdentityStoreId=store)["Groups"] == []
    assert (
        ids.list_group_memberships_for_member(IdentityStoreId=store, MemberId={"UserId": bob})[
            "GroupMemberships"
        ]
        == []
    )


def test_a_group_of_the_stack_is_given_access_to_an_account(
    cf: Any, sso: Any, iam: Any, instance: dict[str, Any]
) -> None:
    """What a team's stack does: its group, given a permission set in the account."""
    instance_arn = instance["InstanceArn"]
    resources = {
        "Team": {
            "Type": "AWS::IdentityStore::Group",
            "Properties": {"IdentityStoreId": instance["IdentityStoreId"], "DisplayName": "ops"},
        },
        "Operator": {
            "Type": "AWS::SSO::PermissionSet",
            "Properties": {
                "InstanceArn": instance_arn,
                "Name": "Operator",
                "ManagedPolicies": [READ_ONLY],
            },
        },
        "Access": {
            "Type": "AWS::SSO::Assignment",
            "Properties": {
                "InstanceArn": instance_arn,
                "PermissionSetArn": {"Fn::GetAtt": ["Operator", "PermissionSetArn"]},
                "PrincipalType": "GROUP",
                "PrincipalId": {"Fn::GetAtt": ["Team", "GroupId"]},
                "TargetType": "AWS_ACCOUNT",
                "TargetId": ACCOUNT,
            },
        },
    }
    cf.create_stack(
        StackName="ops",
        TemplateBody=template(resources, {"Team": {"Fn::GetAtt": ["Team", "GroupId"]}}),
    )
    group_id = outputs(cf, "ops")["Team"]
    [ps] = sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"]
    held = sso.list_account_assignments(
        InstanceArn=instance_arn, AccountId=ACCOUNT, PermissionSetArn=ps
    )["AccountAssignments"]
    assert [(a["PrincipalType"], a["PrincipalId"]) for a in held] == [("GROUP", group_id)]
    roles = iam.list_roles(PathPrefix="/aws-reserved/")["Roles"]
    assert [r["RoleName"].split("_")[1] for r in roles] == ["Operator"]

    cf.delete_stack(StackName="ops")
    assert (
        client("identitystore").list_groups(IdentityStoreId=instance["IdentityStoreId"])["Groups"]
        == []
    )
    assert iam.list_roles(PathPrefix="/aws-reserved/")["Roles"] == []


def test_a_group_name_taken_fails_the_stack_with_the_identity_stores_error(
    cf: Any, instance: dict[str, Any]
) -> None:
    store = instance["IdentityStoreId"]
    taken = create_group(instance, "admins")
    resources = {
        name: {
            "Type": "AWS::IdentityStore::Group",
            "Properties": {"IdentityStoreId": store, "DisplayName": display},
            **({"DependsOn": "First"} if name == "Second" else {}),
        }
        for name, display in (("First", "engineers"), ("Second", "Admins"))
    }
    cf.create_stack(StackName="taken", TemplateBody=template(resources))

    assert stack(cf, "taken")["StackStatus"] == "ROLLBACK_COMPLETE"
    reason = failure(cf, "taken")
    assert "(Service: Identitystore, Status Code: 400," in reason
    assert "HandlerErrorCode: ResourceConflict" in reason
    # the group made before it is gone with the rollback; the one that was there stays
    groups = client("identitystore").list_groups(IdentityStoreId=store)["Groups"]
    assert [g["GroupId"] for g in groups] == [taken]


# --- change sets ---------------------------------------------------------------------------------


def test_change_sets_create_update_and_roll_back(cf: Any, sso: Any, instance_arn: str) -> None:
    def body(*names: str) -> str:
        return template(
            {
                name: {
                    "Type": "AWS::SSO::PermissionSet",
                    "Properties": {"InstanceArn": instance_arn, "Name": name},
                }
                for name in names
            }
        )

    def names() -> list[str]:
        return sorted(
            sso.describe_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)[
                "PermissionSet"
            ]["Name"]
            for arn in sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"]
        )

    cf.create_change_set(
        StackName="cs", ChangeSetName="first", ChangeSetType="CREATE", TemplateBody=body("One")
    )
    assert names() == []  # nothing is made before the change set runs
    cf.execute_change_set(StackName="cs", ChangeSetName="first")
    assert stack(cf, "cs")["StackStatus"] == "CREATE_COMPLETE"
    assert names() == ["One"]

    cf.create_change_set(
        StackName="cs", ChangeSetName="second", ChangeSetType="UPDATE", TemplateBody=body("Two")
    )
    cf.execute_change_set(StackName="cs", ChangeSetName="second")
    assert stack(cf, "cs")["StackStatus"] == "UPDATE_COMPLETE"
    assert names() == ["Two"]

    cf.create_change_set(
        StackName="cs",
        ChangeSetName="third",
        ChangeSetType="UPDATE",
        TemplateBody=body("Two", "Three", "not valid"),
    )
    cf.execute_change_set(StackName="cs", ChangeSetName="third")
    assert stack(cf, "cs")["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    assert names() == ["Two"]
    assert cf.describe_change_set(StackName="cs", ChangeSetName="third")["ExecutionStatus"] == (
        "EXECUTE_FAILED"
    )

    cf.delete_stack(StackName="cs")
    assert names() == []

    cf.create_change_set(
        StackName="cs2",
        ChangeSetName="broken",
        ChangeSetType="CREATE",
        TemplateBody=body("Four", "not valid"),
    )
    cf.execute_change_set(StackName="cs2", ChangeSetName="broken")
    assert stack(cf, "cs2")["StackStatus"] == "ROLLBACK_COMPLETE"
    assert names() == []


# --- an organization's bootstrap ------------------------------------------------------------------


def test_organization_bootstrap(cf: Any, sso: Any, instance: dict[str, Any]) -> None:
    organizations = client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    members = [
        organizations.create_account(AccountName=name, Email=f"{name}@example.com")[
            "CreateAccountStatus"
        ]["AccountId"]
        for name in ("dev", "prod")
    ]
    admins = create_group(instance, "Admins")
    readers = create_group(instance, "Readers")
    resources: dict[str, Any] = {
        "AdminPermissionSet": {
            "Type": "AWS::SSO::PermissionSet",
            "Properties": {
                "InstanceArn": {"Ref": "InstanceArn"},
                "Name": "Admin",
                "SessionDuration": "PT1H",
                "ManagedPolicies": ["arn:aws:iam::aws:policy/AdministratorAccess"],
            },
        },
        "ReadOnlyPermissionSet": {
            "Type": "AWS::SSO::PermissionSet",
            "Properties": {
                "InstanceArn": {"Ref": "InstanceArn"},
                "Name": "ReadOnly",
                "SessionDuration": "PT8H",
                "ManagedPolicies": [READ_ONLY],
                "InlinePolicy": POLICY,
            },
        },
    }
    for index in range(len(members)):
        for role, group in (("Admin", "Admins"), ("ReadOnly", "Readers")):
            resources[f"{role}{index}"] = {
                "Type": "AWS::SSO::Assignment",
                "Properties": {
                    "InstanceArn": {"Ref": "InstanceArn"},
                    "PermissionSetArn": {
                        "Fn::GetAtt": [f"{role}PermissionSet", "PermissionSetArn"]
                    },
                    "TargetId": {"Fn::Select": [index, {"Ref": "Accounts"}]},
                    "TargetType": "AWS_ACCOUNT",
                    "PrincipalType": "GROUP",
                    "PrincipalId": {"Ref": f"{group}Group"},
                },
            }
    declared = {
        "Parameters": {
            "InstanceArn": {"Type": "String"},
            "Accounts": {"Type": "CommaDelimitedList"},
            "AdminsGroup": {"Type": "String"},
            "ReadersGroup": {"Type": "String"},
        }
    }
    cf.create_stack(
        StackName="bootstrap",
        TemplateBody=template(resources, **declared),
        Parameters=parameters(
            InstanceArn=instance["InstanceArn"],
            Accounts=",".join(members),
            AdminsGroup=admins,
            ReadersGroup=readers,
        ),
    )
    assert stack(cf, "bootstrap")["StackStatus"] == "CREATE_COMPLETE"
    for account in members:
        state = inspection.State.at(ACCOUNT, REGION)
        held = {
            (a.principal_id, state.permission_set(a.permission_set_arn).name)
            for a in state.assignments(account_id=account)
        }
        assert held == {(admins, "Admin"), (readers, "ReadOnly")}
        for name in ("Admin", "ReadOnly"):
            arn = state.permission_set_named(name).arn
            role = state.account_role(arn, account)
            assert role is not None, (name, account)

    # a changed permission set reaches its role in every member account
    resources["ReadOnlyPermissionSet"]["Properties"]["ManagedPolicies"] = [VIEW_ONLY]
    cf.update_stack(
        StackName="bootstrap",
        TemplateBody=template(resources, **declared),
        Parameters=parameters(
            InstanceArn=instance["InstanceArn"],
            Accounts=",".join(members),
            AdminsGroup=admins,
            ReadersGroup=readers,
        ),
    )
    assert stack(cf, "bootstrap")["StackStatus"] == "UPDATE_COMPLETE"
    for account in members:
        iam = iam_of(account)
        [role] = [
            r
            for r in iam.list_roles(PathPrefix="/aws-reserved/sso.amazonaws.com/")["Roles"]
            if r["RoleName"].startswith("AWSReservedSSO_ReadOnly_")
        ]
        attached = iam.list_attached_role_policies(RoleName=role["RoleName"])["AttachedPolicies"]
        assert [p["PolicyArn"] for p in attached] == [VIEW_ONLY], account

    cf.delete_stack(StackName="bootstrap")
    state = inspection.State.at(ACCOUNT, REGION)
    assert state.assignments() == []
    assert sso.list_permission_sets(InstanceArn=instance["InstanceArn"])["PermissionSets"] == []


# --- the shape the CDK synthesizes ---------------------------------------------------------------

CDK_TEMPLATE = {
    "Parameters": {
        "BootstrapVersion": {
            "Type": "AWS::SSM::Parameter::Value<String>",
            "Default": "/cdk-bootstrap/hnb659fds/version",
            "Description": "Version of the CDK Bootstrap resources in this environment",
        },
        "InstanceArn": {"Type": "String"},
        "GroupId": {"Type": "String"},
    },
    "Resources": {
        "DeveloperPermissionSetC3F2E5B4": {
            "Type": "AWS::SSO::PermissionSet",
            "Properties": {
                "InstanceArn": {"Ref": "InstanceArn"},
                "Name": "Developer",
                "SessionDuration": "PT4H",
                "ManagedPolicies": [
                    {
                        "Fn::Join": [
                            "",
                            ["arn:", {"Ref": "AWS::Partition"}, ":iam::aws:policy/ReadOnlyAccess"],
                        ]
                    }
                ],
                "InlinePolicy": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Action": ["s3:GetObject", "s3:ListBucket"],
                            "Effect": "Allow",
                            "Resource": "*",
                        }
                    ],
                },
                "Tags": [{"Key": "owner", "Value": "platform"}],
            },
            "Metadata": {"aws:cdk:path": "SsoStack/DeveloperPermissionSet"},
        },
        "DeveloperAssignment5A4B7F1E": {
            "Type": "AWS::SSO::Assignment",
            "Properties": {
                "InstanceArn": {"Ref": "InstanceArn"},
                "PermissionSetArn": {
                    "Fn::GetAtt": ["DeveloperPermissionSetC3F2E5B4", "PermissionSetArn"]
                },
                "PrincipalId": {"Ref": "GroupId"},
                "PrincipalType": "GROUP",
                "TargetId": {"Ref": "AWS::AccountId"},
                "TargetType": "AWS_ACCOUNT",
            },
            "Metadata": {"aws:cdk:path": "SsoStack/DeveloperAssignment"},
        },
        "CDKMetadata": {
            "Type": "AWS::CDK::Metadata",
            "Properties": {
                "Analytics": "v2:deflate64:H4sIAAAAAAAA/zPSMzQw0zNQTCwv1k1OydbNyUzSqw4u"
            },
            "Metadata": {"aws:cdk:path": "SsoStack/CDKMetadata/Default"},
            "Condition": "CDKMetadataAvailable",
        },
    },
    "Conditions": {
        "CDKMetadataAvailable": {
            "Fn::Or": [
                {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]},
                {"Fn::Equals": [{"Ref": "AWS::Region"}, "eu-west-1"]},
            ]
        }
    },
    "Outputs": {
        "PermissionSetArn": {
            "Value": {"Fn::GetAtt": ["DeveloperPermissionSetC3F2E5B4", "PermissionSetArn"]},
            "Export": {"Name": "DeveloperPermissionSetArn"},
        }
    },
    "Rules": {
        "CheckBootstrapVersion": {
            "Assertions": [
                {
                    "Assert": {
                        "Fn::Not": [
                            {
                                "Fn::Contains": [
                                    ["1", "2", "3", "4", "5"],
                                    {"Ref": "BootstrapVersion"},
                                ]
                            }
                        ]
                    },
                    "AssertDescription": "CDK bootstrap stack version 6 required.",
                }
            ]
        }
    },
}


@pytest.mark.filterwarnings("ignore:Tried to parse")
def test_a_template_in_the_shape_the_cdk_synthesizes(
    cf: Any, sso: Any, iam: Any, instance: dict[str, Any]
) -> None:
    client("ssm").put_parameter(Name="/cdk-bootstrap/hnb659fds/version", Value="21", Type="String")
    group_id = create_group(instance, "Developers")
    params = parameters(InstanceArn=instance["InstanceArn"], GroupId=group_id)
    cf.create_stack(StackName="SsoStack", TemplateBody=json.dumps(CDK_TEMPLATE), Parameters=params)

    assert stack(cf, "SsoStack")["StackStatus"] == "CREATE_COMPLETE"
    arn = outputs(cf, "SsoStack")["PermissionSetArn"]
    [export] = cf.list_exports()["Exports"]
    assert (export["Name"], export["Value"]) == ("DeveloperPermissionSetArn", arn)
    props = CDK_TEMPLATE["Resources"]["DeveloperPermissionSetC3F2E5B4"]["Properties"]  # type: ignore[index]
    read = read_permission_set(sso, instance["InstanceArn"], arn)
    assert read == {
        "Name": "Developer",
        "SessionDuration": "PT4H",
        "ManagedPolicies": [READ_ONLY],
        "CustomerManagedPolicyReferences": [],
        "InlinePolicy": props["InlinePolicy"],
        "PermissionsBoundary": None,
        "Tags": props["Tags"],
    }
    resources = {
        r["LogicalResourceId"]: r["PhysicalResourceId"]
        for r in cf.describe_stack_resources(StackName="SsoStack")["StackResources"]
        if "LogicalResourceId" in r  # moto lists AWS::CDK::Metadata, which it skips, empty
    }
    assert resources["DeveloperPermissionSetC3F2E5B4"] == f"{instance['InstanceArn']}|{arn}"
    [role] = iam.list_roles(PathPrefix="/aws-reserved/sso.amazonaws.com/")["Roles"]
    assert role["RoleName"].startswith("AWSReservedSSO_Developer_")

    updated = json.loads(json.dumps(CDK_TEMPLATE))
    updated["Resources"]["DeveloperPermissionSetC3F2E5B4"]["Properties"]["SessionDuration"] = (
        "PT12H"
    )
    cf.update_stack(StackName="SsoStack", TemplateBody=json.dumps(updated), Parameters=params)
    assert read_permission_set(sso, instance["InstanceArn"], arn)["SessionDuration"] == "PT12H"
    assert iam.get_role(RoleName=role["RoleName"])["Role"]["MaxSessionDuration"] == 12 * 3600

    cf.delete_stack(StackName="SsoStack")
    assert sso.list_permission_sets(InstanceArn=instance["InstanceArn"])["PermissionSets"] == []
    assert iam.list_roles(PathPrefix="/aws-reserved/sso.amazonaws.com/")["Roles"] == []


# --- other ways in -------------------------------------------------------------------------------


def test_motos_own_mock_aws_deploys_the_types_after_the_import() -> None:
    with mock_aws():
        cf, sso = client("cloudformation"), client("sso-admin")
        [instance] = sso.list_instances()["Instances"]
        resources = {
            "Ps": {
                "Type": "AWS::SSO::PermissionSet",
                "Properties": {"InstanceArn": instance["InstanceArn"], "Name": "FromMoto"},
            },
            "Team": {
                "Type": "AWS::IdentityStore::Group",
                "Properties": {
                    "IdentityStoreId": instance["IdentityStoreId"],
                    "DisplayName": "moto-team",
                },
            },
        }
        cf.create_stack(StackName="moto", TemplateBody=template(resources))
        groups = client("identitystore").list_groups(IdentityStoreId=instance["IdentityStoreId"])
        assert [g["DisplayName"] for g in groups["Groups"]] == ["moto-team"]
        [arn] = sso.list_permission_sets(InstanceArn=instance["InstanceArn"])["PermissionSets"]
        assert (
            sso.describe_permission_set(InstanceArn=instance["InstanceArn"], PermissionSetArn=arn)[
                "PermissionSet"
            ]["Name"]
            == "FromMoto"
        )


def test_an_unknown_attribute_is_refused(cf: Any, instance_arn: str) -> None:
    resources = {
        "Ps": {
            "Type": "AWS::SSO::PermissionSet",
            "Properties": {"InstanceArn": instance_arn, "Name": "Ps"},
        }
    }
    with pytest.raises(ClientError) as refused:
        cf.create_stack(
            StackName="attr",
            TemplateBody=template(resources, {"X": {"Fn::GetAtt": ["Ps", "Nope"]}}),
        )
    assert "Nope" in refused.value.response["Error"]["Message"]


def test_every_type_of_the_reference_is_deployable() -> None:
    from ssoadmin_mock.cloudformation import RESOURCE_TYPES

    assert sorted(RESOURCE_TYPES) == [
        "AWS::IdentityStore::Group",
        "AWS::IdentityStore::GroupMembership",
        "AWS::SSO::Application",
        "AWS::SSO::ApplicationAssignment",
        "AWS::SSO::Assignment",
        "AWS::SSO::Instance",
        "AWS::SSO::InstanceAccessControlAttributeConfiguration",
        "AWS::SSO::PermissionSet",
    ]
