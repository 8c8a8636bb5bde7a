"""Instances: the default instance, CreateInstance rules, the status life cycle, tags."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ssoadmin_mock import get_backend, mock_ssoadmin, settings

from .conftest import ACCOUNT, client
from .shapecheck import ShapeRecorder

INSTANCE_ARN = re.compile(r"arn:aws:sso:::instance/ssoins-[0-9a-f]{16}")


@pytest.fixture
def empty(shape_recorder: ShapeRecorder) -> Iterator[Any]:
    """An sso-admin client in a world where accounts start with no instance."""
    with mock_ssoadmin(default_instance=False):
        yield shape_recorder.attach(client("sso-admin"))


def code(error: pytest.ExceptionInfo[ClientError]) -> str:
    return str(error.value.response["Error"]["Code"])


def test_every_account_starts_with_one_active_instance(sso: Any, identitystore: Any) -> None:
    instances = sso.list_instances()["Instances"]
    assert len(instances) == 1
    instance = instances[0]
    assert INSTANCE_ARN.fullmatch(instance["InstanceArn"])
    assert re.fullmatch(r"d-[0-9a-f]{10}", instance["IdentityStoreId"])
    assert instance["OwnerAccountId"] == ACCOUNT
    assert instance["Status"] == "ACTIVE"
    described = sso.describe_instance(InstanceArn=instance["InstanceArn"])
    assert described["EncryptionConfigurationDetails"]["KeyType"] == "AWS_OWNED_KMS_KEY"
    # the identity store is usable with moto's identitystore in the same account
    user = identitystore.create_user(
        IdentityStoreId=instance["IdentityStoreId"],
        UserName="alice",
        DisplayName="Alice",
        Name={"GivenName": "Alice", "FamilyName": "Liddell"},
    )
    users = identitystore.list_users(IdentityStoreId=instance["IdentityStoreId"])["Users"]
    assert [u["UserId"] for u in users] == [user["UserId"]]


def test_second_instance_is_a_conflict_that_names_the_switch(sso: Any, instance_arn: str) -> None:
    with pytest.raises(ClientError) as caught:
        sso.create_instance(Name="second")
    assert code(caught) == "ConflictException"
    message = caught.value.response["Error"]["Message"]
    assert instance_arn in message and "default_instance=False" in message
    assert len(sso.list_instances()["Instances"]) == 1


def test_one_instance_per_account_across_regions(empty: Any) -> None:
    empty.create_instance(Name="first")
    other_region = client("sso-admin", region="eu-west-1")
    with pytest.raises(ClientError) as caught:
        other_region.create_instance(Name="second")
    assert code(caught) == "ConflictException"
    assert "only one instance across all AWS Regions" in caught.value.response["Error"]["Message"]
    assert "default_instance" not in caught.value.response["Error"]["Message"]
    assert other_region.list_instances()["Instances"] == []


def test_create_describe_update_delete(empty: Any) -> None:
    assert empty.list_instances()["Instances"] == []
    arn = empty.create_instance(Name="corp", Tags=[{"Key": "team", "Value": "iam"}])["InstanceArn"]
    assert INSTANCE_ARN.fullmatch(arn)
    described = empty.describe_instance(InstanceArn=arn)
    assert (described["Name"], described["Status"]) == ("corp", "ACTIVE")
    assert empty.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "team", "Value": "iam"}
    ]
    empty.update_instance(InstanceArn=arn, Name="renamed")
    assert empty.describe_instance(InstanceArn=arn)["Name"] == "renamed"
    empty.delete_instance(InstanceArn=arn)
    with pytest.raises(ClientError) as caught:
        empty.describe_instance(InstanceArn=arn)
    assert code(caught) == "AccessDeniedException"
    assert empty.list_instances()["Instances"] == []
    # the account may have an instance again
    assert empty.create_instance(Name="again")["InstanceArn"] != arn


def test_client_token_makes_create_idempotent(empty: Any) -> None:
    first = empty.create_instance(Name="corp", ClientToken="token-1")["InstanceArn"]
    again = empty.create_instance(Name="corp", ClientToken="token-1")["InstanceArn"]
    assert again == first
    assert len(empty.list_instances()["Instances"]) == 1
    with pytest.raises(ClientError) as caught:
        empty.create_instance(Name="other", ClientToken="token-1")
    assert code(caught) == "ConflictException"
    assert "IdempotentParameterMismatch" in caught.value.response["Error"]["Message"]


def test_status_life_cycle_with_deferred_reads(shape_recorder: ShapeRecorder) -> None:
    with mock_ssoadmin(default_instance=False, async_reads=2):
        sso = shape_recorder.attach(client("sso-admin"))
        arn = sso.create_instance(Name="slow")["InstanceArn"]
        assert sso.list_instances()["Instances"][0]["Status"] == "CREATE_IN_PROGRESS"
        # While CREATE_IN_PROGRESS, only DescribeInstance and DeleteInstance are allowed.
        with pytest.raises(ClientError) as caught:
            sso.update_instance(InstanceArn=arn, Name="too-early")
        assert code(caught) == "ConflictException"
        with pytest.raises(ClientError) as caught:
            sso.tag_resource(ResourceArn=arn, Tags=[{"Key": "k", "Value": "v"}])
        assert code(caught) == "ConflictException"
        statuses = [sso.describe_instance(InstanceArn=arn)["Status"] for _ in range(3)]
        assert statuses == ["CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS", "ACTIVE"]
        assert sso.describe_instance(InstanceArn=arn)["Name"] == "slow"
        sso.delete_instance(InstanceArn=arn)
        statuses = [sso.describe_instance(InstanceArn=arn)["Status"] for _ in range(2)]
        assert statuses == ["DELETE_IN_PROGRESS", "DELETE_IN_PROGRESS"]
        with pytest.raises(ClientError) as caught:
            sso.describe_instance(InstanceArn=arn)
        assert code(caught) == "AccessDeniedException"


def test_creation_can_be_made_to_fail(empty: Any) -> None:
    settings.async_status.fail("CreateInstance", "KMS key unavailable")
    arn = empty.create_instance(Name="doomed")["InstanceArn"]
    described = empty.describe_instance(InstanceArn=arn)
    assert described["Status"] == "CREATE_FAILED"
    assert described["StatusReason"] == "KMS key unavailable"


def test_encryption_configuration(sso: Any, instance_arn: str, raw_sso: Any) -> None:
    key = "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012"
    sso.update_instance(
        InstanceArn=instance_arn,
        EncryptionConfiguration={"KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": key},
    )
    details = sso.describe_instance(InstanceArn=instance_arn)["EncryptionConfigurationDetails"]
    assert details == {
        "KeyType": "CUSTOMER_MANAGED_KEY",
        "KmsKeyArn": key,
        "EncryptionStatus": "ENABLED",
    }
    for bad in (
        {"KeyType": "CUSTOMER_MANAGED_KEY"},
        {"KeyType": "AWS_OWNED_KMS_KEY", "KmsKeyArn": key},
    ):
        with pytest.raises(ClientError) as caught:
            sso.update_instance(
                InstanceArn=instance_arn, Name="changed", EncryptionConfiguration=bad
            )
        assert code(caught) == "ValidationException"
    described = sso.describe_instance(InstanceArn=instance_arn)
    assert "Name" not in described
    assert described["EncryptionConfigurationDetails"]["KmsKeyArn"] == key


def test_unknown_instance(sso: Any) -> None:
    missing = "arn:aws:sso:::instance/ssoins-0000000000000000"
    with pytest.raises(ClientError) as caught:
        sso.describe_instance(InstanceArn=missing)
    assert code(caught) == "AccessDeniedException"
    with pytest.raises(ClientError) as caught:
        sso.update_instance(InstanceArn=missing, Name="x")
    assert code(caught) == "ResourceNotFoundException"
    assert missing in caught.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as caught:
        sso.delete_instance(InstanceArn=missing)
    assert code(caught) == "AccessDeniedException"


def test_partition_follows_the_region(mock: Any) -> None:
    china = client("sso-admin", region="cn-north-1")
    arn = china.list_instances()["Instances"][0]["InstanceArn"]
    assert arn.startswith("arn:aws-cn:sso:::instance/ssoins-")


def test_default_instance_lives_in_the_first_region_used(mock: Any) -> None:
    first = client("sso-admin", region="eu-central-1")
    arn = first.list_instances()["Instances"][0]["InstanceArn"]
    assert client("sso-admin", region="us-west-2").list_instances()["Instances"] == []
    assert get_backend(ACCOUNT, "eu-central-1").instances[arn].region == "eu-central-1"


def test_organization_management_account_cannot_create_an_instance(empty: Any) -> None:
    client("organizations").create_organization(FeatureSet="ALL")
    with pytest.raises(ClientError) as caught:
        empty.create_instance(Name="mgmt")
    assert code(caught) == "ValidationException"
    assert "management account" in caught.value.response["Error"]["Message"]
    assert empty.list_instances()["Instances"] == []


def test_list_instances_rejects_a_forged_token(sso: Any) -> None:
    with pytest.raises(ClientError) as caught:
        sso.list_instances(NextToken="Zm9yZ2Vk")
    assert code(caught) == "ValidationException"
