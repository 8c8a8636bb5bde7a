"""Inspecting state from a test: `ssoadmin_mock.inspection`."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from ssoadmin_mock import SSOAdminBackend, inspection, mock_ssoadmin, settings
from ssoadmin_mock.inspection import Assignment, Instance, PermissionSet, State

from .conftest import ACCOUNT, REGION, client

TARGET = "111111111111"
PRINCIPAL = "94482488-3041-7026-18f3-be45837cd0e4"


def assign(sso: Any, instance_arn: str, permission_set_arn: str, principal: str) -> str:
    status = sso.create_account_assignment(
        InstanceArn=instance_arn,
        TargetId=TARGET,
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=permission_set_arn,
        PrincipalType="USER",
        PrincipalId=principal,
    )["AccountAssignmentCreationStatus"]
    return str(status["RequestId"])


# --- finding the backend -------------------------------------------------------------------------


def test_backend_defaults_to_the_default_account_and_region(sso: Any, instance_arn: str) -> None:
    backend = inspection.backend()
    assert isinstance(backend, SSOAdminBackend)
    assert (backend.account_id, backend.region_name) == (ACCOUNT, REGION)
    assert [i.arn for i in backend.instances.here()] == [instance_arn]


def test_backend_follows_moto_account_id_and_region_variables(
    mock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "555555555555")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    owner = client("sso-admin", region="eu-central-1").list_instances()["Instances"][0]
    backend = inspection.backend()
    assert (backend.account_id, backend.region_name) == ("555555555555", "eu-central-1")
    assert [i.arn for i in backend.instances.here()] == [owner["InstanceArn"]]


def test_backend_for_a_client_uses_its_region_and_its_keys_account(
    mock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "666666666666")
    iam = client("iam")
    iam.create_user(UserName="ops")
    key = iam.create_access_key(UserName="ops")["AccessKey"]
    monkeypatch.delenv("MOTO_ACCOUNT_ID")
    ops = client(
        "sso-admin",
        region="ap-south-1",
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )
    arn = ops.list_instances()["Instances"][0]["InstanceArn"]
    backend = inspection.backend_for(ops)
    assert (backend.account_id, backend.region_name) == ("666666666666", "ap-south-1")
    assert [i.arn for i in backend.instances.here()] == [arn]
    assert State.of(ops).instance().arn == arn


def test_backends_lists_those_in_use_without_making_any(mock: Any) -> None:
    assert list(inspection.backends()) == []
    client("sso-admin", region="us-west-2").list_instances()
    client("sso-admin", region="eu-west-1").list_instances()
    used = sorted((b.account_id, b.region_name) for b in inspection.backends())
    assert used == [(ACCOUNT, "eu-west-1"), (ACCOUNT, "us-west-2")]


# --- typed questions ------------------------------------------------------------------------------


def test_instances_and_permission_sets_are_typed_objects(sso: Any, instance_arn: str) -> None:
    first = sso.create_permission_set(InstanceArn=instance_arn, Name="First", RelayState="/x")
    sso.create_permission_set(InstanceArn=instance_arn, Name="Second")
    state = State.at()
    instance = state.instance()
    assert isinstance(instance, Instance)
    assert (instance.arn, instance.status) == (instance_arn, "ACTIVE")
    assert state.instance(instance_arn) is instance
    sets = state.permission_sets(instance_arn)
    assert all(isinstance(ps, PermissionSet) for ps in sets)
    assert [ps.name for ps in sets] == ["First", "Second"]
    named = state.permission_set_named("First")
    assert named.arn == first["PermissionSet"]["PermissionSetArn"]
    assert named.relay_state == "/x"
    assert state.permission_set(named.arn) is named
    with pytest.raises(KeyError):
        state.permission_set_named("Missing")
    assert state.permission_sets("arn:aws:sso:::instance/ssoins-0000000000000000") == []


def test_instance_needs_exactly_one_without_an_arn() -> None:
    with mock_ssoadmin(default_instance=False):
        with pytest.raises(KeyError, match="found 0"):
            State.at().instance()
        assert State.at().instances() == []


def test_assignments_and_roles(sso: Any, instance_arn: str, identitystore: Any) -> None:
    settings.check_principals = False
    state = State.at()
    ps = sso.create_permission_set(InstanceArn=instance_arn, Name="Deploy")["PermissionSet"][
        "PermissionSetArn"
    ]
    assert state.assignments() == []
    assert state.account_role(ps, TARGET) is None
    assign(sso, instance_arn, ps, PRINCIPAL)
    other = "94482488-3041-7026-18f3-be45837cd0e5"
    assign(sso, instance_arn, ps, other)
    found = state.assignments(account_id=TARGET)
    assert all(isinstance(item, Assignment) for item in found)
    assert [item.principal_id for item in found] == [PRINCIPAL, other]
    assert [item.principal_id for item in state.assignments(principal_id=other)] == [other]
    assert state.assignments(account_id="999999999999") == []
    assert len(state.assignments(instance_arn, permission_set_arn=ps)) == 2
    role = state.account_role(ps, TARGET)
    assert role is not None and role.name.startswith("AWSReservedSSO_Deploy_")


def test_pending_work_and_settle() -> None:
    with mock_ssoadmin(async_reads=5, check_principals=False):
        sso = client("sso-admin")
        instance_arn = sso.list_instances()["Instances"][0]["InstanceArn"]
        ps = sso.create_permission_set(InstanceArn=instance_arn, Name="Slow")["PermissionSet"][
            "PermissionSetArn"
        ]
        request_id = assign(sso, instance_arn, ps, PRINCIPAL)
        state = State.at()
        assert [task.operation for task in state.pending()] == ["CreateAccountAssignment"]
        assert state.assignments() == []
        state.settle()
        assert state.pending() == []
        assert [item.principal_id for item in state.assignments()] == [PRINCIPAL]
        status = sso.describe_account_assignment_creation_status(
            InstanceArn=instance_arn, AccountAssignmentCreationRequestId=request_id
        )["AccountAssignmentCreationStatus"]
        assert status["Status"] == "SUCCEEDED"


def test_tags_as_a_dict(sso: Any, instance_arn: str) -> None:
    sso.tag_resource(
        InstanceArn=instance_arn,
        ResourceArn=instance_arn,
        Tags=[{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}],
    )
    assert State.at().tags(instance_arn) == {"team": "platform", "env": "test"}


def test_reading_changes_nothing(sso: Any, instance_arn: str) -> None:
    sso.create_permission_set(InstanceArn=instance_arn, Name="Read")
    state = State.at()
    before = state.snapshot()
    state.instances()
    state.permission_sets()
    state.assignments()
    state.tags(instance_arn)
    list(inspection.backends())
    assert state.snapshot() == before


# --- unchanged() ----------------------------------------------------------------------------------


def test_unchanged_passes_for_a_refused_call(raw_sso: Any, instance_arn: str) -> None:
    with inspection.unchanged(), pytest.raises(ClientError):
        raw_sso.create_permission_set(InstanceArn=instance_arn, Name="bad name")


def test_unchanged_names_what_changed(sso: Any, instance_arn: str) -> None:
    with pytest.raises(AssertionError, match="permission_sets") as caught:
        with inspection.unchanged(State.at()):
            sso.create_permission_set(InstanceArn=instance_arn, Name="Made")
    assert f"account {ACCOUNT} in {REGION}" in str(caught.value)


def test_unchanged_watches_only_what_it_is_given(sso: Any, instance_arn: str) -> None:
    west = client("sso-admin", region="eu-west-1", config=Config(retries={"total_max_attempts": 1}))
    west.list_instances()
    west_backend = inspection.backend(region="eu-west-1")
    with inspection.unchanged(west_backend):
        sso.create_permission_set(InstanceArn=instance_arn, Name="ElsewhereOnly")
    with pytest.raises(AssertionError):
        with inspection.unchanged():  # every backend in use
            sso.create_permission_set(InstanceArn=instance_arn, Name="Watched")


def test_reading_an_unused_region_makes_no_instance_there() -> None:
    """Reading once made the account's default instance in the Region read, so a later
    ListInstances in the Region the test meant came back empty."""
    with mock_ssoadmin():
        assert inspection.State.at(region="eu-west-1").instances() == []
        assert inspection.backend(region="ap-south-1").instances.here() == []
        sso = boto3.client("sso-admin", region_name="us-east-1")
        [instance] = sso.list_instances()["Instances"]
        assert inspection.State.at(region="us-east-1").instance().arn == instance["InstanceArn"]
        assert inspection.State.at(region="eu-west-1").instances() == []

