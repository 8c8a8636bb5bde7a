"""Attribute-based access control configuration of an instance, through boto3."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from ssoadmin_mock import get_backend, ids, settings
from ssoadmin_mock.services.access_control import CREATE_OPERATION

from .conftest import ACCOUNT, REGION


def attributes(*pairs: tuple[str, str]) -> dict[str, Any]:
    return {
        "AccessControlAttributes": [
            {"Key": key, "Value": {"Source": [source]}} for key, source in pairs
        ]
    }


DEPARTMENT = attributes(("Department", "${path:enterprise.department}"))
TWO = attributes(
    ("Department", "${path:enterprise.department}"), ("CostCenter", "${path:enterprise.costCenter}")
)


def create(sso: Any, instance_arn: str, configuration: dict[str, Any] = DEPARTMENT) -> None:
    sso.create_instance_access_control_attribute_configuration(
        InstanceArn=instance_arn, InstanceAccessControlAttributeConfiguration=configuration
    )


def describe(sso: Any, instance_arn: str) -> dict[str, Any]:
    result: dict[str, Any] = sso.describe_instance_access_control_attribute_configuration(
        InstanceArn=instance_arn
    )
    return result


def code_of(call: Any) -> str:
    """The error code `call` is refused with; the refusal must change nothing."""
    backend = get_backend(ACCOUNT, REGION)
    before = backend.snapshot()
    with pytest.raises(ClientError) as excinfo:
        call()
    assert backend.snapshot() == before, "a refused call changed the backend"
    return str(excinfo.value.response["Error"]["Code"])


def assert_none(sso: Any, instance_arn: str) -> None:
    assert code_of(lambda: describe(sso, instance_arn)) == "ResourceNotFoundException"


def test_create_then_describe_shows_it_enabled(sso: Any, instance_arn: str) -> None:
    create(sso, instance_arn, TWO)
    described = describe(sso, instance_arn)
    assert described["Status"] == "ENABLED"
    assert "StatusReason" not in described
    assert described["InstanceAccessControlAttributeConfiguration"] == TWO


def test_creation_is_in_progress_until_read(sso: Any, instance_arn: str) -> None:
    settings.async_status.defer(reads=1)
    create(sso, instance_arn)
    first = describe(sso, instance_arn)
    assert first["Status"] == "CREATION_IN_PROGRESS"
    assert first["InstanceAccessControlAttributeConfiguration"] == DEPARTMENT
    assert describe(sso, instance_arn)["Status"] == "ENABLED"


def test_an_empty_configuration_is_allowed(sso: Any, instance_arn: str) -> None:
    create(sso, instance_arn, {"AccessControlAttributes": []})
    assert describe(sso, instance_arn)["InstanceAccessControlAttributeConfiguration"] == {
        "AccessControlAttributes": []
    }


def test_one_configuration_per_instance(sso: Any, instance_arn: str) -> None:
    create(sso, instance_arn)
    assert code_of(lambda: create(sso, instance_arn, TWO)) == "ConflictException"
    assert describe(sso, instance_arn)["InstanceAccessControlAttributeConfiguration"] == DEPARTMENT


def test_describe_update_delete_without_a_configuration(sso: Any, instance_arn: str) -> None:
    calls = (
        lambda: describe(sso, instance_arn),
        lambda: sso.update_instance_access_control_attribute_configuration(
            InstanceArn=instance_arn, InstanceAccessControlAttributeConfiguration=DEPARTMENT
        ),
        lambda: sso.delete_instance_access_control_attribute_configuration(
            InstanceArn=instance_arn
        ),
    )
    for call in calls:
        assert code_of(call) == "ResourceNotFoundException"
    assert_none(sso, instance_arn)


def test_unknown_instance_is_not_found(sso: Any, instance_arn: str) -> None:
    missing = ids.instance_arn("aws", ids.instance_id())
    assert code_of(lambda: create(sso, missing)) == "ResourceNotFoundException"
    assert_none(sso, instance_arn)


@pytest.mark.parametrize(
    "keys",
    [("Department", "Department"), ("Department", "department")],
    ids=["same", "case-variant"],
)
def test_keys_must_be_unique(sso: Any, instance_arn: str, keys: tuple[str, str]) -> None:
    duplicated = attributes(*((key, "${path:enterprise.department}") for key in keys))
    assert code_of(lambda: create(sso, instance_arn, duplicated)) == "ValidationException"
    assert_none(sso, instance_arn)

    create(sso, instance_arn)
    update = lambda: sso.update_instance_access_control_attribute_configuration(  # noqa: E731
        InstanceArn=instance_arn, InstanceAccessControlAttributeConfiguration=duplicated
    )
    assert code_of(update) == "ValidationException"
    assert describe(sso, instance_arn)["InstanceAccessControlAttributeConfiguration"] == DEPARTMENT


def test_the_model_limits_are_enforced(raw_sso: Any, sso: Any, instance_arn: str) -> None:
    too_many = attributes(*((f"Key{n}", "${path:name.givenName}") for n in range(51)))
    assert code_of(lambda: create(raw_sso, instance_arn, too_many)) == "ValidationException"
    two_sources = {
        "AccessControlAttributes": [{"Key": "Department", "Value": {"Source": ["a", "b"]}}]
    }
    assert code_of(lambda: create(raw_sso, instance_arn, two_sources)) == "ValidationException"
    assert_none(sso, instance_arn)


def test_update_replaces_the_attributes(sso: Any, instance_arn: str) -> None:
    create(sso, instance_arn, TWO)
    cost_only = attributes(("CostCenter", "${path:enterprise.costCenter}"))
    sso.update_instance_access_control_attribute_configuration(
        InstanceArn=instance_arn, InstanceAccessControlAttributeConfiguration=cost_only
    )
    described = describe(sso, instance_arn)
    assert described["Status"] == "ENABLED"
    assert described["InstanceAccessControlAttributeConfiguration"] == cost_only


def test_no_update_or_delete_while_creation_runs(sso: Any, instance_arn: str) -> None:
    settings.async_status.defer(reads=2)
    create(sso, instance_arn)
    update = lambda: sso.update_instance_access_control_attribute_configuration(  # noqa: E731
        InstanceArn=instance_arn, InstanceAccessControlAttributeConfiguration=TWO
    )
    delete = lambda: sso.delete_instance_access_control_attribute_configuration(  # noqa: E731
        InstanceArn=instance_arn
    )
    assert code_of(update) == "ConflictException"
    assert code_of(delete) == "ConflictException"
    described = describe(sso, instance_arn)
    assert described["Status"] == "CREATION_IN_PROGRESS"
    assert described["InstanceAccessControlAttributeConfiguration"] == DEPARTMENT


def test_failed_creation_shows_its_reason_and_can_be_deleted(sso: Any, instance_arn: str) -> None:
    settings.async_status.fail(CREATE_OPERATION, "Identity source attribute unavailable")
    create(sso, instance_arn)
    described = describe(sso, instance_arn)
    assert described["Status"] == "CREATION_FAILED"
    assert described["StatusReason"] == "Identity source attribute unavailable"
    update = lambda: sso.update_instance_access_control_attribute_configuration(  # noqa: E731
        InstanceArn=instance_arn, InstanceAccessControlAttributeConfiguration=TWO
    )
    assert code_of(update) == "ConflictException"
    assert code_of(lambda: create(sso, instance_arn, TWO)) == "ConflictException"

    sso.delete_instance_access_control_attribute_configuration(InstanceArn=instance_arn)
    settings.async_status.clear_failures()
    create(sso, instance_arn, TWO)
    assert describe(sso, instance_arn)["Status"] == "ENABLED"


def test_delete_disables_abac(sso: Any, instance_arn: str) -> None:
    create(sso, instance_arn)
    sso.delete_instance_access_control_attribute_configuration(InstanceArn=instance_arn)
    assert_none(sso, instance_arn)
    create(sso, instance_arn, TWO)  # and it can be enabled again
    assert describe(sso, instance_arn)["InstanceAccessControlAttributeConfiguration"] == TWO


def test_deleting_the_instance_drops_the_configuration(sso: Any, instance_arn: str) -> None:
    create(sso, instance_arn)
    sso.delete_instance(InstanceArn=instance_arn)
    assert get_backend(ACCOUNT, REGION).access_control.configurations == {}
