"""Regions of an instance (multi-Region IAM Identity Center), through boto3."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from ssoadmin_mock import get_backend, settings
from ssoadmin_mock.services.regions import DEFAULT_ENABLED_REGIONS, MAX_REGIONS, sso_regions

from .conftest import ACCOUNT, REGION
from .shapecheck import ShapeRecorder

MRK_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/mrk-{'0123456789abcdef' * 2}"
SINGLE_REGION_KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/12345678-1234-1234-1234-123456789012"


def use_key(sso: Any, instance_arn: str, key_arn: str = MRK_ARN) -> None:
    sso.update_instance(
        InstanceArn=instance_arn,
        EncryptionConfiguration={"KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": key_arn},
    )


@pytest.fixture
def ready(sso: Any, instance_arn: str) -> str:
    """The default (organization) instance, encrypted with a multi-Region key."""
    use_key(sso, instance_arn)
    return instance_arn


def regions(sso: Any, instance_arn: str) -> dict[str, str]:
    listed = sso.list_regions(InstanceArn=instance_arn)["Regions"]
    return {r["RegionName"]: r["Status"] for r in listed}


def code_of(call: Any) -> str:
    """The error code `call` is refused with; the refusal must change nothing."""
    backend = get_backend(ACCOUNT, REGION)
    before = backend.snapshot()
    with pytest.raises(ClientError) as excinfo:
        call()
    assert backend.snapshot() == before, "a refused call changed the backend"
    return str(excinfo.value.response["Error"]["Code"])


def client_in(region: str, recorder: ShapeRecorder) -> Any:
    return recorder.attach(boto3.client("sso-admin", region_name=region))


def test_the_primary_region_is_listed_from_the_start(sso: Any, instance: dict[str, Any]) -> None:
    arn = instance["InstanceArn"]
    listed = sso.list_regions(InstanceArn=arn)["Regions"]
    assert len(listed) == 1
    primary = listed[0]
    assert primary["RegionName"] == REGION
    assert primary["Status"] == "ACTIVE"
    assert primary["IsPrimaryRegion"] is True
    assert primary["AddedDate"] == instance["CreatedDate"]
    described = sso.describe_region(InstanceArn=arn, RegionName=REGION)
    described.pop("ResponseMetadata")
    assert described == primary


def test_add_region_then_it_is_active(sso: Any, ready: str) -> None:
    assert sso.add_region(InstanceArn=ready, RegionName="eu-west-1")["Status"] == "ADDING"
    described = sso.describe_region(InstanceArn=ready, RegionName="eu-west-1")
    assert described["Status"] == "ACTIVE"
    assert described["IsPrimaryRegion"] is False
    listed = sso.list_regions(InstanceArn=ready)["Regions"]
    assert [r["RegionName"] for r in listed] == [REGION, "eu-west-1"]


def test_polling_a_region_from_adding_to_active(sso: Any, ready: str) -> None:
    settings.async_status.defer(reads=1)
    sso.add_region(InstanceArn=ready, RegionName="eu-west-1")
    assert sso.describe_region(InstanceArn=ready, RegionName="eu-west-1")["Status"] == "ADDING"
    assert sso.describe_region(InstanceArn=ready, RegionName="eu-west-1")["Status"] == "ACTIVE"


def test_removing_a_region_goes_through_removing_then_it_is_gone(sso: Any, ready: str) -> None:
    sso.add_region(InstanceArn=ready, RegionName="eu-west-1")
    settings.async_status.defer(reads=1)
    assert sso.remove_region(InstanceArn=ready, RegionName="eu-west-1")["Status"] == "REMOVING"
    assert sso.describe_region(InstanceArn=ready, RegionName="eu-west-1")["Status"] == "REMOVING"
    # this read completes the removal: the record is gone
    with pytest.raises(ClientError) as excinfo:
        sso.describe_region(InstanceArn=ready, RegionName="eu-west-1")
    assert excinfo.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert regions(sso, ready) == {REGION: "ACTIVE"}
    # and it can be added again, at the end of the list
    settings.async_status.immediate()
    sso.add_region(InstanceArn=ready, RegionName="us-west-2")
    sso.add_region(InstanceArn=ready, RegionName="eu-west-1")
    assert list(regions(sso, ready)) == [REGION, "us-west-2", "eu-west-1"]


def test_list_regions_counts_as_a_read_of_each_status(sso: Any, ready: str) -> None:
    settings.async_status.defer(reads=1)
    sso.add_region(InstanceArn=ready, RegionName="eu-west-1")
    assert regions(sso, ready) == {REGION: "ACTIVE", "eu-west-1": "ADDING"}
    assert regions(sso, ready) == {REGION: "ACTIVE", "eu-west-1": "ACTIVE"}


def test_adding_a_region_twice_is_a_conflict(sso: Any, ready: str) -> None:
    sso.add_region(InstanceArn=ready, RegionName="eu-west-1")
    add = lambda: sso.add_region(InstanceArn=ready, RegionName="eu-west-1")  # noqa: E731
    assert code_of(add) == "ConflictException"
    add_primary = lambda: sso.add_region(InstanceArn=ready, RegionName=REGION)  # noqa: E731
    assert code_of(add_primary) == "ConflictException"
    assert regions(sso, ready) == {REGION: "ACTIVE", "eu-west-1": "ACTIVE"}


def test_removing_a_region_never_added_is_not_found(sso: Any, ready: str) -> None:
    remove = lambda: sso.remove_region(InstanceArn=ready, RegionName="eu-west-1")  # noqa: E731
    assert code_of(remove) == "ResourceNotFoundException"
    describe = lambda: sso.describe_region(InstanceArn=ready, RegionName="eu-west-1")  # noqa: E731
    assert code_of(describe) == "ResourceNotFoundException"
    assert regions(sso, ready) == {REGION: "ACTIVE"}


def test_the_primary_region_cannot_be_removed(sso: Any, ready: str) -> None:
    remove = lambda: sso.remove_region(InstanceArn=ready, RegionName=REGION)  # noqa: E731
    assert code_of(remove) == "ValidationException"
    assert regions(sso, ready) == {REGION: "ACTIVE"}


@pytest.mark.parametrize(
    "name",
    ["xx-nowhere-1", "cn-north-1", "us-gov-west-1", "af-south-1", "ap-southeast-3"],
    ids=["not-a-region", "china", "govcloud", "opt-in", "opt-in-2"],
)
def test_only_default_commercial_regions_can_be_added(sso: Any, ready: str, name: str) -> None:
    add = lambda: sso.add_region(InstanceArn=ready, RegionName=name)  # noqa: E731
    assert code_of(add) == "ValidationException"
    assert regions(sso, ready) == {REGION: "ACTIVE"}


def test_region_names_are_checked_against_botocores_endpoints() -> None:
    assert "eu-west-1" in sso_regions("aws")
    assert DEFAULT_ENABLED_REGIONS <= sso_regions("aws")
    assert "cn-north-1" in sso_regions("aws-cn") and "cn-north-1" not in sso_regions("aws")


def test_the_model_pattern_is_enforced(raw_sso: Any, sso: Any, ready: str) -> None:
    add = lambda: raw_sso.add_region(InstanceArn=ready, RegionName="EU_WEST_1")  # noqa: E731
    assert code_of(add) == "ValidationException"
    assert regions(sso, ready) == {REGION: "ACTIVE"}


@pytest.mark.parametrize("key", [None, SINGLE_REGION_KEY], ids=["aws-owned", "single-region"])
def test_a_multi_region_customer_managed_key_is_required(
    sso: Any, instance_arn: str, key: str | None
) -> None:
    if key is not None:
        use_key(sso, instance_arn, key)
    add = lambda: sso.add_region(InstanceArn=instance_arn, RegionName="eu-west-1")  # noqa: E731
    assert code_of(add) == "ValidationException"
    assert regions(sso, instance_arn) == {REGION: "ACTIVE"}


def test_no_region_while_the_key_is_being_changed(sso: Any, instance_arn: str) -> None:
    settings.async_status.defer(reads=1)
    use_key(sso, instance_arn)  # encryption status UPDATING until DescribeInstance reads it
    add = lambda: sso.add_region(InstanceArn=instance_arn, RegionName="eu-west-1")  # noqa: E731
    assert code_of(add) == "ConflictException"
    assert regions(sso, instance_arn) == {REGION: "ACTIVE"}


def test_an_account_instance_cannot_be_replicated(sso: Any, instance_arn: str) -> None:
    sso.delete_instance(InstanceArn=instance_arn)
    account_instance = sso.create_instance(Name="team")["InstanceArn"]
    use_key(sso, account_instance)
    add = lambda: sso.add_region(InstanceArn=account_instance, RegionName="eu-west-1")  # noqa: E731
    assert code_of(add) == "ValidationException"
    assert regions(sso, account_instance) == {REGION: "ACTIVE"}


def test_one_workflow_at_a_time(sso: Any, ready: str) -> None:
    sso.add_region(InstanceArn=ready, RegionName="us-west-2")
    settings.async_status.defer(reads=5)
    sso.add_region(InstanceArn=ready, RegionName="eu-west-1")
    add = lambda: sso.add_region(InstanceArn=ready, RegionName="eu-west-2")  # noqa: E731
    remove = lambda: sso.remove_region(InstanceArn=ready, RegionName="us-west-2")  # noqa: E731
    assert code_of(add) == "ConflictException"
    assert code_of(remove) == "ConflictException"
    assert regions(sso, ready) == {REGION: "ACTIVE", "us-west-2": "ACTIVE", "eu-west-1": "ADDING"}


def test_at_most_six_regions_an_instance(sso: Any, ready: str) -> None:
    extra = ["us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2"]
    for name in extra[: MAX_REGIONS - 1]:
        sso.add_region(InstanceArn=ready, RegionName=name)
    add = lambda: sso.add_region(InstanceArn=ready, RegionName="eu-central-1")  # noqa: E731
    assert code_of(add) == "ServiceQuotaExceededException"
    assert list(regions(sso, ready)) == [REGION, *extra]


def test_a_failed_add_leaves_the_region_out(sso: Any, ready: str) -> None:
    settings.async_status.fail("AddRegion", "KMS replica key not found")
    assert sso.add_region(InstanceArn=ready, RegionName="eu-west-1")["Status"] == "ADDING"
    assert regions(sso, ready) == {REGION: "ACTIVE"}


def test_a_failed_removal_leaves_the_region_active(sso: Any, ready: str) -> None:
    sso.add_region(InstanceArn=ready, RegionName="eu-west-1")
    settings.async_status.fail("RemoveRegion", "cleanup failed")
    assert sso.remove_region(InstanceArn=ready, RegionName="eu-west-1")["Status"] == "REMOVING"
    assert regions(sso, ready) == {REGION: "ACTIVE", "eu-west-1": "ACTIVE"}


def test_list_regions_pages(sso: Any, ready: str) -> None:
    for name in ("us-west-2", "eu-west-1"):
        sso.add_region(InstanceArn=ready, RegionName=name)
    first = sso.list_regions(InstanceArn=ready, MaxResults=2)
    assert [r["RegionName"] for r in first["Regions"]] == [REGION, "us-west-2"]
    second = sso.list_regions(InstanceArn=ready, MaxResults=2, NextToken=first["NextToken"])
    assert [r["RegionName"] for r in second["Regions"]] == ["eu-west-1"]
    assert "NextToken" not in second


def test_reads_are_served_in_every_enabled_region(
    sso: Any, ready: str, shape_recorder: ShapeRecorder
) -> None:
    sso.add_region(InstanceArn=ready, RegionName="eu-west-1")
    replica = client_in("eu-west-1", shape_recorder)
    described = replica.describe_region(InstanceArn=ready, RegionName="eu-west-1")
    assert described["Status"] == "ACTIVE"
    assert [r["RegionName"] for r in replica.list_regions(InstanceArn=ready)["Regions"]] == [
        REGION,
        "eu-west-1",
    ]


def test_changes_only_in_the_primary_region(
    sso: Any, ready: str, shape_recorder: ShapeRecorder
) -> None:
    sso.add_region(InstanceArn=ready, RegionName="eu-west-1")
    replica = client_in("eu-west-1", shape_recorder)
    add = lambda: replica.add_region(InstanceArn=ready, RegionName="us-west-2")  # noqa: E731
    remove = lambda: replica.remove_region(InstanceArn=ready, RegionName="eu-west-1")  # noqa: E731
    assert code_of(add) == "ValidationException"
    assert code_of(remove) == "ValidationException"
    assert regions(sso, ready) == {REGION: "ACTIVE", "eu-west-1": "ACTIVE"}


def test_a_region_not_enabled_does_not_know_the_instance(
    sso: Any, ready: str, shape_recorder: ShapeRecorder
) -> None:
    elsewhere = client_in("ap-south-1", shape_recorder)
    describe = lambda: elsewhere.describe_region(InstanceArn=ready, RegionName=REGION)  # noqa: E731
    assert code_of(describe) == "ResourceNotFoundException"
    # ListRegions and AddRegion model no ResourceNotFoundException
    assert code_of(lambda: elsewhere.list_regions(InstanceArn=ready)) == "AccessDeniedException"
    add = lambda: elsewhere.add_region(InstanceArn=ready, RegionName="ap-south-1")  # noqa: E731
    assert code_of(add) == "AccessDeniedException"
    assert regions(sso, ready) == {REGION: "ACTIVE"}


def test_a_removing_region_no_longer_serves_reads(
    sso: Any, ready: str, shape_recorder: ShapeRecorder
) -> None:
    sso.add_region(InstanceArn=ready, RegionName="eu-west-1")
    settings.async_status.defer(reads=3)
    sso.remove_region(InstanceArn=ready, RegionName="eu-west-1")
    replica = client_in("eu-west-1", shape_recorder)
    describe = lambda: replica.describe_region(InstanceArn=ready, RegionName=REGION)  # noqa: E731
    assert code_of(describe) == "ResourceNotFoundException"


def test_deleting_the_instance_drops_its_regions(sso: Any, ready: str) -> None:
    settings.async_status.defer(reads=1)
    sso.add_region(InstanceArn=ready, RegionName="eu-west-1")
    settings.async_status.immediate()
    sso.delete_instance(InstanceArn=ready)
    backend = get_backend(ACCOUNT, REGION)
    assert backend.account.regions == {}
    backend.settle_all()  # the pending add finds nothing left to change
    assert backend.account.regions == {}
