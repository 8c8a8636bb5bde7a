"""Permission sets through boto3: create, describe, list, update, delete, tags, quotas."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from ssoadmin_mock import get_backend, settings
from ssoadmin_mock.exceptions import ResourceNotFoundException
from ssoadmin_mock.services.permission_sets import (
    MAX_PERMISSION_SETS_PER_INSTANCE,
    PermissionSet,
)

OTHER_ACCOUNT = "222222222222"
TARGET = "111111111111"


def code_of(error: pytest.ExceptionInfo[ClientError]) -> str:
    return str(error.value.response["Error"]["Code"])


def message_of(error: pytest.ExceptionInfo[ClientError]) -> str:
    return str(error.value.response["Error"]["Message"])


@contextmanager
def refused(code: str) -> Iterator[pytest.ExceptionInfo[ClientError]]:
    """The call inside is refused with `code` and changes nothing in the backend."""
    backend = get_backend()
    before = backend.snapshot()
    with pytest.raises(ClientError) as error:
        yield error
    assert code_of(error) == code, message_of(error)
    assert backend.snapshot() == before


def missing_set_arn(instance_arn: str) -> str:
    instance_id = instance_arn.rsplit("/", 1)[-1]
    return f"arn:aws:sso:::permissionSet/{instance_id}/ps-0000000000000000"


def create(sso: Any, instance_arn: str, name: str = "Admin", **fields: Any) -> str:
    result = sso.create_permission_set(InstanceArn=instance_arn, Name=name, **fields)
    return str(result["PermissionSet"]["PermissionSetArn"])


def all_sets(sso: Any, instance_arn: str) -> list[str]:
    pages = sso.get_paginator("list_permission_sets").paginate(InstanceArn=instance_arn)
    return [arn for page in pages for arn in page["PermissionSets"]]


def backend_set(arn: str) -> PermissionSet:
    return get_backend().permission_sets.get_by_arn(arn)


# --- create / describe -----------------------------------------------------------------------


def test_create_returns_the_set_with_defaults(sso: Any, instance_arn: str) -> None:
    before = time.time()
    created = sso.create_permission_set(InstanceArn=instance_arn, Name="ReadOnly")["PermissionSet"]
    assert created["Name"] == "ReadOnly"
    assert created["SessionDuration"] == "PT1H"
    assert "Description" not in created and "RelayState" not in created
    assert before - 1 <= created["CreatedDate"].timestamp() <= time.time() + 1
    instance_id = instance_arn.rsplit("/", 1)[-1]
    prefix = f"arn:aws:sso:::permissionSet/{instance_id}/ps-"
    assert created["PermissionSetArn"].startswith(prefix)
    described = sso.describe_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=created["PermissionSetArn"]
    )["PermissionSet"]
    assert described == created


def test_create_keeps_every_field_given(sso: Any, instance_arn: str) -> None:
    arn = create(
        sso,
        instance_arn,
        "Ops",
        Description="Operators",
        SessionDuration="PT12H",
        RelayState="https://console.aws.amazon.com/ec2/",
        Tags=[{"Key": "team", "Value": "ops"}],
    )
    described = sso.describe_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)
    ps = described["PermissionSet"]
    assert ps["Description"] == "Operators"
    assert ps["SessionDuration"] == "PT12H"
    assert isinstance(ps["SessionDuration"], str)
    assert ps["RelayState"] == "https://console.aws.amazon.com/ec2/"
    tags = sso.list_tags_for_resource(InstanceArn=instance_arn, ResourceArn=arn)["Tags"]
    assert tags == [{"Key": "team", "Value": "ops"}]


def test_duplicate_name_is_a_conflict(sso: Any, instance_arn: str) -> None:
    first = create(sso, instance_arn, "Admin")
    with refused("ConflictException") as error:
        create(sso, instance_arn, "Admin", Description="second")
    assert message_of(error) == "PermissionSet with name Admin already exists."
    assert all_sets(sso, instance_arn) == [first]


def test_create_under_an_unknown_instance_is_not_found(sso: Any, instance_arn: str) -> None:
    with refused("ResourceNotFoundException"):
        create(sso, "arn:aws:sso:::instance/ssoins-0000000000000000", "Admin")
    assert all_sets(sso, instance_arn) == []


def test_bad_tags_create_nothing(sso: Any, instance_arn: str) -> None:
    with refused("ValidationException"):
        create(sso, instance_arn, "Admin", Tags=[{"Key": "aws:reserved", "Value": "x"}])
    assert all_sets(sso, instance_arn) == []
    assert create(sso, instance_arn, "Admin")  # the name is still free


@pytest.mark.parametrize(
    "duration", ["PT1H", "PT12H", "PT2H30M", "PT90M", "PT3600S", "P0DT4H", "PT11H59M59.5S"]
)
def test_session_durations_from_one_to_twelve_hours(
    sso: Any, instance_arn: str, duration: str
) -> None:
    arn = create(sso, instance_arn, "Timed", SessionDuration=duration)
    described = sso.describe_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)
    assert described["PermissionSet"]["SessionDuration"] == duration


@pytest.mark.parametrize(
    "duration", ["PT59M", "PT12H1S", "PT13H", "P1D", "PT0H", "-PT2H", "P1Y", "P1W", "PT3599S"]
)
def test_session_durations_outside_the_range_are_refused(
    sso: Any, instance_arn: str, duration: str
) -> None:
    with refused("ValidationException") as error:
        create(sso, instance_arn, "Timed", SessionDuration=duration)
    assert duration in message_of(error)
    assert all_sets(sso, instance_arn) == []


def test_a_session_duration_that_is_no_duration_is_refused(sso: Any, instance_arn: str) -> None:
    with refused("ValidationException"):
        create(sso, instance_arn, "Timed", SessionDuration="2 hours")
    assert all_sets(sso, instance_arn) == []


def test_quota_of_permission_sets_per_instance(sso: Any, instance_arn: str) -> None:
    assert MAX_PERMISSION_SETS_PER_INSTANCE == 3500  # AWS's quotas page
    backend = get_backend()
    for n in range(MAX_PERMISSION_SETS_PER_INSTANCE - 1):
        backend.permission_sets.create(name=f"filler{n}", instance_arn=instance_arn)
    last = create(sso, instance_arn, "Last")
    with refused("ServiceQuotaExceededException"):
        create(sso, instance_arn, "OneTooMany")
    sets = backend.permission_sets.of_instance(instance_arn)
    assert len(sets) == MAX_PERMISSION_SETS_PER_INSTANCE
    sso.delete_permission_set(InstanceArn=instance_arn, PermissionSetArn=last)
    assert create(sso, instance_arn, "OneTooMany")


# --- found only under its own instance -------------------------------------------------------


def test_unknown_permission_set_is_not_found(sso: Any, instance_arn: str) -> None:
    instance_id = instance_arn.rsplit("/", 1)[-1]
    missing = f"arn:aws:sso:::permissionSet/{instance_id}/ps-0000000000000000"
    with refused("ResourceNotFoundException") as error:
        sso.describe_permission_set(InstanceArn=instance_arn, PermissionSetArn=missing)
    assert missing in message_of(error)


def test_a_set_is_found_only_under_its_own_instance(
    sso: Any, instance_arn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = create(sso, instance_arn, "Mine")
    monkeypatch.setenv("MOTO_ACCOUNT_ID", OTHER_ACCOUNT)
    other_sso = boto3.client("sso-admin", region_name="us-east-1")
    other_instance = other_sso.list_instances()["Instances"][0]["InstanceArn"]
    theirs = create(other_sso, other_instance, "Theirs")
    with refused("ResourceNotFoundException"):
        other_sso.describe_permission_set(InstanceArn=other_instance, PermissionSetArn=mine)
    assert all_sets(other_sso, other_instance) == [theirs]
    monkeypatch.delenv("MOTO_ACCOUNT_ID")
    with refused("ResourceNotFoundException"):
        sso.describe_permission_set(InstanceArn=instance_arn, PermissionSetArn=theirs)
    assert all_sets(sso, instance_arn) == [mine]


def test_a_set_asked_for_under_another_instance_arn_is_not_found(
    sso: Any, instance_arn: str
) -> None:
    arn = create(sso, instance_arn, "Admin")
    backend = get_backend()
    with pytest.raises(ResourceNotFoundException) as error:
        backend.permission_sets.get("arn:aws:sso:::instance/ssoins-1111111111111111", arn)
    assert "does not exist" in error.value.message
    assert backend.permission_sets.get(instance_arn, arn).arn == arn


# --- list --------------------------------------------------------------------------------------


def test_list_pages_in_creation_order(sso: Any, instance_arn: str) -> None:
    arns = [create(sso, instance_arn, f"Set{n}") for n in range(5)]
    first = sso.list_permission_sets(InstanceArn=instance_arn, MaxResults=2)
    assert first["PermissionSets"] == arns[:2]
    second = sso.list_permission_sets(
        InstanceArn=instance_arn, MaxResults=2, NextToken=first["NextToken"]
    )
    assert second["PermissionSets"] == arns[2:4]
    third = sso.list_permission_sets(
        InstanceArn=instance_arn, MaxResults=2, NextToken=second["NextToken"]
    )
    assert third["PermissionSets"] == arns[4:]
    assert "NextToken" not in third
    assert all_sets(sso, instance_arn) == arns


def test_list_skips_nothing_when_sets_go_between_pages(sso: Any, instance_arn: str) -> None:
    arns = [create(sso, instance_arn, f"Set{n}") for n in range(4)]
    first = sso.list_permission_sets(InstanceArn=instance_arn, MaxResults=2)
    sso.delete_permission_set(InstanceArn=instance_arn, PermissionSetArn=arns[0])
    rest = sso.list_permission_sets(
        InstanceArn=instance_arn, MaxResults=2, NextToken=first["NextToken"]
    )
    assert rest["PermissionSets"] == arns[2:]


def test_list_refuses_a_forged_token(sso: Any, instance_arn: str) -> None:
    create(sso, instance_arn, "Admin")
    with refused("ValidationException"):
        sso.list_permission_sets(InstanceArn=instance_arn, NextToken="bm90LWEtdG9rZW4")


def test_list_under_an_unknown_instance_is_not_found(sso: Any, instance_arn: str) -> None:
    with refused("ResourceNotFoundException"):
        sso.list_permission_sets(InstanceArn="arn:aws:sso:::instance/ssoins-0000000000000000")


# --- update ------------------------------------------------------------------------------------


def test_update_changes_only_the_fields_given(sso: Any, instance_arn: str) -> None:
    arn = create(
        sso, instance_arn, "Ops", Description="old", SessionDuration="PT2H", RelayState="https://a/"
    )
    sso.update_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn, Description="new")
    ps = sso.describe_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)
    assert ps["PermissionSet"]["Description"] == "new"
    assert ps["PermissionSet"]["SessionDuration"] == "PT2H"
    assert ps["PermissionSet"]["RelayState"] == "https://a/"
    sso.update_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=arn, SessionDuration="PT8H", RelayState="https://b/"
    )
    ps = sso.describe_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)
    assert ps["PermissionSet"]["Description"] == "new"
    assert ps["PermissionSet"]["SessionDuration"] == "PT8H"
    assert ps["PermissionSet"]["RelayState"] == "https://b/"
    assert ps["PermissionSet"]["Name"] == "Ops"


def test_update_with_a_bad_duration_changes_nothing(sso: Any, instance_arn: str) -> None:
    arn = create(sso, instance_arn, "Ops", Description="old")
    version = backend_set(arn).version
    with refused("ValidationException"):
        sso.update_permission_set(
            InstanceArn=instance_arn,
            PermissionSetArn=arn,
            Description="new",
            SessionDuration="PT13H",
        )
    ps = sso.describe_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)
    assert ps["PermissionSet"]["Description"] == "old"
    assert ps["PermissionSet"]["SessionDuration"] == "PT1H"
    assert backend_set(arn).version == version


def test_update_of_an_unknown_set_is_not_found(sso: Any, instance_arn: str) -> None:
    instance_id = instance_arn.rsplit("/", 1)[-1]
    with refused("ResourceNotFoundException"):
        sso.update_permission_set(
            InstanceArn=instance_arn,
            PermissionSetArn=f"arn:aws:sso:::permissionSet/{instance_id}/ps-0000000000000000",
            Description="x",
        )


# --- delete ------------------------------------------------------------------------------------


def test_delete_removes_the_set_its_policies_and_tags(sso: Any, instance_arn: str) -> None:
    arn = create(sso, instance_arn, "Gone", Tags=[{"Key": "k", "Value": "v"}])
    sso.attach_managed_policy_to_permission_set(
        InstanceArn=instance_arn,
        PermissionSetArn=arn,
        ManagedPolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess",
    )
    sso.delete_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)
    with refused("ResourceNotFoundException"):
        sso.describe_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)
    with refused("ResourceNotFoundException"):
        sso.list_managed_policies_in_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)
    with refused("ResourceNotFoundException"):
        sso.list_tags_for_resource(InstanceArn=instance_arn, ResourceArn=arn)
    assert get_backend().tags.list(arn) == []
    assert all_sets(sso, instance_arn) == []
    assert create(sso, instance_arn, "Gone") != arn  # the name is free again


def test_delete_removes_the_sets_provisioning_statuses(sso: Any, instance_arn: str) -> None:
    arn = create(sso, instance_arn, "Gone")
    status = sso.provision_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=arn, TargetType="ALL_PROVISIONED_ACCOUNTS"
    )["PermissionSetProvisioningStatus"]
    sso.delete_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)
    with refused("ResourceNotFoundException"):
        sso.describe_permission_set_provisioning_status(
            InstanceArn=instance_arn, ProvisionPermissionSetRequestId=status["RequestId"]
        )
    listed = sso.list_permission_set_provisioning_status(InstanceArn=instance_arn)
    assert listed["PermissionSetsProvisioningStatus"] == []


def test_delete_of_a_provisioned_set_is_a_conflict(sso: Any, instance_arn: str) -> None:
    arn = create(sso, instance_arn, "Busy", Tags=[{"Key": "k", "Value": "v"}])
    sso.provision_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=arn, TargetType="AWS_ACCOUNT", TargetId=TARGET
    )
    with refused("ConflictException") as error:
        sso.delete_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)
    assert message_of(error) == (
        "Could not delete because PermissionSet has ApplicationProfile associated with it."
    )
    assert all_sets(sso, instance_arn) == [arn]
    assert sso.list_tags_for_resource(InstanceArn=instance_arn, ResourceArn=arn)["Tags"]
    # the last assignment going takes the account off the set (as the assignments domain does)
    backend_set(arn).provisioned.pop(TARGET)
    sso.delete_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)
    assert all_sets(sso, instance_arn) == []


def test_delete_while_a_provisioning_is_in_progress_is_a_conflict(
    sso: Any, instance_arn: str
) -> None:
    arn = create(sso, instance_arn, "Busy")
    settings.async_status.defer(reads=1)
    status = sso.provision_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=arn, TargetType="ALL_PROVISIONED_ACCOUNTS"
    )["PermissionSetProvisioningStatus"]
    with refused("ConflictException"):
        sso.delete_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)
    assert all_sets(sso, instance_arn) == [arn]
    for _ in range(2):
        sso.describe_permission_set_provisioning_status(
            InstanceArn=instance_arn, ProvisionPermissionSetRequestId=status["RequestId"]
        )
    sso.delete_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)
    assert all_sets(sso, instance_arn) == []


def test_delete_of_an_unknown_set_is_not_found(sso: Any, instance_arn: str) -> None:
    keep = create(sso, instance_arn, "Keep")
    instance_id = instance_arn.rsplit("/", 1)[-1]
    with refused("ResourceNotFoundException"):
        sso.delete_permission_set(
            InstanceArn=instance_arn,
            PermissionSetArn=f"arn:aws:sso:::permissionSet/{instance_id}/ps-0000000000000000",
        )
    assert all_sets(sso, instance_arn) == [keep]


# --- tags --------------------------------------------------------------------------------------


def test_tags_on_permission_sets(sso: Any, instance_arn: str) -> None:
    arn = create(sso, instance_arn, "Tagged", Tags=[{"Key": "a", "Value": "1"}])
    sso.tag_resource(
        InstanceArn=instance_arn,
        ResourceArn=arn,
        Tags=[{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "3"}],
    )
    tags = sso.list_tags_for_resource(InstanceArn=instance_arn, ResourceArn=arn)["Tags"]
    assert sorted((t["Key"], t["Value"]) for t in tags) == [("a", "3"), ("b", "2")]
    sso.untag_resource(InstanceArn=instance_arn, ResourceArn=arn, TagKeys=["a"])
    tags = sso.list_tags_for_resource(InstanceArn=instance_arn, ResourceArn=arn)["Tags"]
    assert tags == [{"Key": "b", "Value": "2"}]


def test_tags_do_not_make_the_set_stale(sso: Any, instance_arn: str) -> None:
    arn = create(sso, instance_arn, "Tagged")
    version = backend_set(arn).version
    sso.tag_resource(InstanceArn=instance_arn, ResourceArn=arn, Tags=[{"Key": "b", "Value": "2"}])
    assert backend_set(arn).version == version


def test_tagging_an_unknown_set_is_not_found(sso: Any, instance_arn: str) -> None:
    instance_id = instance_arn.rsplit("/", 1)[-1]
    missing = f"arn:aws:sso:::permissionSet/{instance_id}/ps-0000000000000000"
    with refused("ResourceNotFoundException"):
        sso.tag_resource(
            InstanceArn=instance_arn, ResourceArn=missing, Tags=[{"Key": "b", "Value": "2"}]
        )
    assert get_backend().tags.list(missing) == []


# --- instance deletion -------------------------------------------------------------------------


def test_deleting_the_instance_drops_its_permission_sets(sso: Any, instance_arn: str) -> None:
    arn = create(sso, instance_arn, "Doomed", Tags=[{"Key": "k", "Value": "v"}])
    sso.provision_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=arn, TargetType="ALL_PROVISIONED_ACCOUNTS"
    )
    backend = get_backend()
    sso.delete_instance(InstanceArn=instance_arn)
    assert backend.permission_sets.find(arn) is None
    assert backend.permission_sets.of_instance(instance_arn) == []
    assert backend.tags.list(arn) == []
    assert instance_arn not in backend.provisioning.statuses


# --- the contract other domains use ------------------------------------------------------------


def test_provision_permission_set_to_records_the_version(
    sso: Any, instance_arn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    arn = create(sso, instance_arn, "Contract")
    backend = get_backend()
    synced: list[tuple[str, str]] = []
    monkeypatch.setattr(
        backend.account_roles, "sync", lambda ps, account: synced.append((ps.arn, account))
    )
    ps = backend.permission_sets.get(instance_arn, arn)
    backend.provisioning.provision_to(ps, TARGET)
    assert synced == [(arn, TARGET)]
    assert dict(ps.provisioned) == {TARGET: ps.version}
    listed = sso.list_permission_sets_provisioned_to_account(
        InstanceArn=instance_arn, AccountId=TARGET
    )
    assert listed["PermissionSets"] == [arn]
    ps.provisioned.pop(TARGET, None)
    listed = sso.list_permission_sets_provisioned_to_account(
        InstanceArn=instance_arn, AccountId=TARGET
    )
    assert "PermissionSets" not in listed  # AWS leaves an empty list out
    assert (instance_arn, TARGET) not in backend.permission_sets.provisioned_index


def test_a_failed_role_sync_records_nothing(
    sso: Any, instance_arn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ssoadmin_mock.asyncstatus import AsyncFailure

    arn = create(sso, instance_arn, "Contract")
    backend = get_backend()

    def fail(ps: PermissionSet, account: str) -> None:
        raise AsyncFailure("no role for you")

    monkeypatch.setattr(backend.account_roles, "sync", fail)
    ps = backend.permission_sets.get(instance_arn, arn)
    with pytest.raises(AsyncFailure):
        backend.provisioning.provision_to(ps, TARGET)
    assert dict(ps.provisioned) == {}
