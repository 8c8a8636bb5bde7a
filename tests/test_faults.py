"""Fault injection for users' retry and polling code, through real boto3 clients.

Clients here make exactly one attempt (``total_max_attempts=1``): botocore's
``max_attempts`` counts retries, so ``{"max_attempts": 1}`` would already retry once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError

from ssoadmin_mock import inspection, mock_ssoadmin, service, settings

from .conftest import client

ONE_ATTEMPT = Config(retries={"total_max_attempts": 1})
RAW_ONE_ATTEMPT = Config(retries={"total_max_attempts": 1}, parameter_validation=False)
PRINCIPAL = "94482488-3041-7026-18f3-be45837cd0e4"
TARGET = "111111111111"


def code_of(caught: pytest.ExceptionInfo[ClientError]) -> str:
    return str(caught.value.response["Error"]["Code"])


@pytest.fixture
def once(mock: Any) -> Any:
    """An sso-admin client that does not retry."""
    return client("sso-admin", config=ONE_ATTEMPT)


@pytest.fixture
def raw_once(mock: Any) -> Any:
    """The same, with botocore's own parameter checks off (to call with no parameters)."""
    return client("sso-admin", config=RAW_ONE_ATTEMPT)


# --- every modeled error of every operation ------------------------------------------------------


@pytest.mark.parametrize("operation", sorted(service.operation_names()))
def test_every_modeled_error_can_be_injected(raw_once: Any, operation: str) -> None:
    """Derived from the installed model: each operation fails with each error it models."""
    call = getattr(raw_once, xform_name(operation))
    for code in sorted(service.modeled_errors(operation)):
        settings.faults.inject(operation, code, message=f"{code} on purpose")
        with pytest.raises(ClientError) as caught:
            call()  # a fault answers before validation: no parameters needed
        error = caught.value.response
        assert error["Error"]["Code"] == code
        assert error["Error"]["Message"] == f"{code} on purpose"
        expected_status = 500 if code == "InternalServerException" else 400
        assert error["ResponseMetadata"]["HTTPStatusCode"] == expected_status
        assert settings.faults.armed == {}
    assert settings.faults.fired == {operation: len(service.modeled_errors(operation))}


@pytest.mark.parametrize(
    ("operation", "code"),
    [
        ("ListInstances", "ConflictException"),
        ("CreatePermissionSet", "NotAnError"),
        ("DescribeInstance", "ResourceNotFoundException"),
    ],
)
def test_an_error_the_operation_does_not_model_is_refused(operation: str, code: str) -> None:
    assert code not in service.modeled_errors(operation)
    with pytest.raises(ValueError, match=f"does not model {code}"):
        settings.faults.inject(operation, code)
    assert settings.faults.armed == {}


@pytest.mark.parametrize("times", [0, -1, True])
def test_times_must_be_positive_or_none(times: Any) -> None:
    with pytest.raises(ValueError, match="times"):
        settings.faults.inject("ListInstances", "ThrottlingException", times=times)
    assert settings.faults.armed == {}


def test_an_unknown_operation_is_refused() -> None:
    with pytest.raises(ValueError, match="not an sso-admin operation"):
        settings.faults.inject("ListInstance", "ThrottlingException")


# --- a failed call changes nothing ---------------------------------------------------------------


def _create_permission_set(sso: Any, instance_arn: str) -> Any:
    return sso.create_permission_set(InstanceArn=instance_arn, Name="Blocked")


def _tag_instance(sso: Any, instance_arn: str) -> Any:
    return sso.tag_resource(
        InstanceArn=instance_arn, ResourceArn=instance_arn, Tags=[{"Key": "k", "Value": "v"}]
    )


def _delete_instance(sso: Any, instance_arn: str) -> Any:
    return sso.delete_instance(InstanceArn=instance_arn)


def _delete_permission_set(sso: Any, instance_arn: str) -> Any:
    [arn] = sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"]
    return sso.delete_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)


def _assign(sso: Any, instance_arn: str) -> Any:
    [arn] = sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"]
    return sso.create_account_assignment(
        InstanceArn=instance_arn,
        TargetId=TARGET,
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=arn,
        PrincipalType="USER",
        PrincipalId=PRINCIPAL,
    )


MUTATIONS = {
    "CreatePermissionSet": _create_permission_set,
    "TagResource": _tag_instance,
    "DeleteInstance": _delete_instance,
    "DeletePermissionSet": _delete_permission_set,
    "CreateAccountAssignment": _assign,
}


@pytest.mark.parametrize("operation", sorted(MUTATIONS))
def test_a_failed_injected_call_changes_nothing(
    once: Any, instance_arn: str, operation: str
) -> None:
    settings.check_principals = False
    once.create_permission_set(InstanceArn=instance_arn, Name="Existing")
    state = inspection.State.at()
    for code in sorted(service.modeled_errors(operation)):
        settings.faults.inject(operation, code)
        with inspection.unchanged(state), pytest.raises(ClientError) as caught:
            MUTATIONS[operation](once, instance_arn)
        assert code_of(caught) == code
    # disarmed, the same call goes through: the failures were the faults, not the request
    MUTATIONS[operation](once, instance_arn)
    assert settings.faults.fired == {operation: len(service.modeled_errors(operation))}


def test_a_failed_call_is_not_remembered_for_its_client_token(mock: Any) -> None:
    with mock_ssoadmin(default_instance=False):
        sso = client("sso-admin", config=ONE_ATTEMPT)
        settings.faults.inject("CreateInstance", "InternalServerException")
        with pytest.raises(ClientError) as caught:
            sso.create_instance(Name="lab", ClientToken="token-1")
        assert code_of(caught) == "InternalServerException"
        assert sso.list_instances()["Instances"] == []
        created = sso.create_instance(Name="lab", ClientToken="token-1")["InstanceArn"]
        again = sso.create_instance(Name="lab", ClientToken="token-1")["InstanceArn"]
        assert created == again
        assert [i["InstanceArn"] for i in sso.list_instances()["Instances"]] == [created]


def test_a_fault_answers_before_validation(raw_once: Any) -> None:
    settings.faults.inject("CreatePermissionSet", "ThrottlingException")
    with pytest.raises(ClientError) as caught:
        raw_once.create_permission_set(InstanceArn="not an arn", Name="has spaces")
    assert code_of(caught) == "ThrottlingException"
    with pytest.raises(ClientError) as caught:
        raw_once.create_permission_set(InstanceArn="not an arn", Name="has spaces")
    assert code_of(caught) == "ValidationException"


# --- how many times ------------------------------------------------------------------------------


def message_of(caught: pytest.ExceptionInfo[ClientError]) -> str:
    return str(caught.value.response["Error"]["Message"])


def test_injected_throttling_says_rate_exceeded_as_aws_does(once: Any) -> None:
    settings.faults.inject("ListInstances", "ThrottlingException")
    with pytest.raises(ClientError) as caught:
        once.list_instances()
    assert (code_of(caught), message_of(caught)) == ("ThrottlingException", "Rate exceeded")
    settings.faults.inject("ListInstances", "ThrottlingException", message="Slow down")
    with pytest.raises(ClientError) as caught:
        once.list_instances()
    assert message_of(caught) == "Slow down"
    settings.faults.inject("ListInstances", "AccessDeniedException")
    with pytest.raises(ClientError) as caught:
        once.list_instances()
    assert message_of(caught) == "Injected AccessDeniedException for ListInstances"


def test_an_injected_fault_on_a_change_says_what_aws_says_of_changes(
    once: Any, instance_arn: str
) -> None:
    """A throttled or conflicting sso-admin change has AWS's words for changes (a throttled
    CreateAccountAssignment, aws-samples/aws-iam-identity-center-extensions#87; permission-set
    changes, #111); a read, and identitystore's calls, keep `Rate exceeded`."""
    provision = {
        "InstanceArn": instance_arn,
        "PermissionSetArn": instance_arn.replace("instance/", "permissionSet/") + "/ps-0",
        "TargetType": "ALL_PROVISIONED_ACCOUNTS",
    }
    seen = {}
    for code in ("ThrottlingException", "ConflictException"):
        settings.faults.inject("ProvisionPermissionSet", code)
        with pytest.raises(ClientError) as caught:
            once.provision_permission_set(**provision)
        seen[code] = (code_of(caught), message_of(caught))
    settings.faults.inject("DescribePermissionSet", "ThrottlingException")
    with pytest.raises(ClientError) as caught:
        once.describe_permission_set(
            InstanceArn=instance_arn, PermissionSetArn=provision["PermissionSetArn"]
        )
    seen["read"] = (code_of(caught), message_of(caught))
    settings.faults.inject("ListUsers", "ThrottlingException")
    with pytest.raises(ClientError) as caught:
        client("identitystore", config=ONE_ATTEMPT).list_users(IdentityStoreId="d-1234567890")
    seen["identitystore"] = (code_of(caught), message_of(caught))
    assert seen == {
        "ThrottlingException": (
            "ThrottlingException",
            "There are too many requests processing. Please try again later.",
        ),
        "ConflictException": ("ConflictException", "There is a conflicting operation in process."),
        "read": ("ThrottlingException", "Rate exceeded"),
        "identitystore": ("ThrottlingException", "Rate exceeded"),
    }


def test_times_is_honoured_then_calls_succeed(once: Any) -> None:
    settings.faults.inject("ListInstances", "ThrottlingException", times=3)
    for left in (2, 1, 0):
        with pytest.raises(ClientError) as caught:
            once.list_instances()
        assert code_of(caught) == "ThrottlingException"
        assert settings.faults.armed == ({"ListInstances": left} if left else {})
    assert len(once.list_instances()["Instances"]) == 1
    assert settings.faults.fired == {"ListInstances": 3}


def test_times_none_fails_every_call_until_cleared(once: Any) -> None:
    settings.faults.inject("ListInstances", "AccessDeniedException", times=None)
    for _ in range(5):
        with pytest.raises(ClientError) as caught:
            once.list_instances()
        assert code_of(caught) == "AccessDeniedException"
    assert settings.faults.armed == {"ListInstances": None}
    settings.faults.clear("ListInstances")
    assert len(once.list_instances()["Instances"]) == 1
    assert settings.faults.fired == {"ListInstances": 5}


def test_only_the_armed_operation_fails(once: Any, instance_arn: str) -> None:
    settings.faults.inject("CreatePermissionSet", "ConflictException", times=None)
    assert once.describe_instance(InstanceArn=instance_arn)["Status"] == "ACTIVE"
    assert once.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"] == []
    with pytest.raises(ClientError) as caught:
        _create_permission_set(once, instance_arn)
    assert code_of(caught) == "ConflictException"


def test_a_new_injection_replaces_the_armed_one(once: Any) -> None:
    settings.faults.inject("ListInstances", "ThrottlingException", times=5)
    settings.faults.inject("ListInstances", "InternalServerException", times=1)
    with pytest.raises(ClientError) as caught:
        once.list_instances()
    assert code_of(caught) == "InternalServerException"
    assert len(once.list_instances()["Instances"]) == 1


def test_botocores_retries_get_through_injected_throttling(mock: Any) -> None:
    """The point of it all: code that retries survives; what it saw is countable."""
    settings.faults.inject("ListInstances", "ThrottlingException", times=2)
    patient = client("sso-admin", config=Config(retries={"mode": "standard", "max_attempts": 3}))
    assert len(patient.list_instances()["Instances"]) == 1
    assert settings.faults.fired == {"ListInstances": 2}


def test_internal_server_error_is_http_500_and_retried_by_botocore(mock: Any) -> None:
    settings.faults.inject("ListInstances", "InternalServerException", times=1)
    patient = client("sso-admin", config=Config(retries={"mode": "standard", "max_attempts": 2}))
    response = patient.list_instances()
    assert response["ResponseMetadata"]["RetryAttempts"] == 1
    assert settings.faults.fired == {"ListInstances": 1}


# --- the context manager and the mock's switch ---------------------------------------------------


def test_injected_arms_only_for_the_block(once: Any) -> None:
    with settings.faults.injected("ListInstances", "InternalServerException", times=None):
        for _ in range(2):
            with pytest.raises(ClientError) as caught:
                once.list_instances()
            assert code_of(caught) == "InternalServerException"
    assert settings.faults.armed == {}
    assert len(once.list_instances()["Instances"]) == 1


def test_injected_restores_what_was_armed_before(once: Any) -> None:
    settings.faults.inject("ListInstances", "ThrottlingException", times=2)
    with settings.faults.injected("ListInstances", "AccessDeniedException"):
        with pytest.raises(ClientError) as caught:
            once.list_instances()
        assert code_of(caught) == "AccessDeniedException"
    assert settings.faults.armed == {"ListInstances": 2}
    with pytest.raises(ClientError) as caught:
        once.list_instances()
    assert code_of(caught) == "ThrottlingException"


def test_injected_disarms_even_when_the_block_raises(once: Any) -> None:
    with pytest.raises(RuntimeError), settings.faults.injected("ListInstances", times=None):
        raise RuntimeError("test body failed")
    assert settings.faults.armed == {}


def test_mock_switch_takes_a_code_or_a_code_and_times() -> None:
    faults = {
        "ListInstances": "ThrottlingException",
        "CreatePermissionSet": ("ConflictException", 2),
    }
    with mock_ssoadmin(faults=faults):
        sso = client("sso-admin", config=ONE_ATTEMPT)
        assert settings.faults.armed == {"ListInstances": 1, "CreatePermissionSet": 2}
        with pytest.raises(ClientError) as caught:
            sso.list_instances()
        assert (code_of(caught), message_of(caught)) == ("ThrottlingException", "Rate exceeded")
        instance_arn = sso.list_instances()["Instances"][0]["InstanceArn"]
        for _ in range(2):
            with pytest.raises(ClientError) as caught:
                _create_permission_set(sso, instance_arn)
            assert code_of(caught) == "ConflictException"
        assert _create_permission_set(sso, instance_arn)["PermissionSet"]["Name"] == "Blocked"
    assert settings.faults.armed == {}
    assert settings.faults.fired == {}


def test_mock_switch_refuses_an_unmodeled_code() -> None:
    mock = mock_ssoadmin(faults={"ListInstances": "ConflictException"})
    with pytest.raises(ValueError, match="does not model"):
        mock.start()


# --- asynchronous work: IN_PROGRESS for N reads, FAILED on demand --------------------------------


@pytest.fixture
def no_instance() -> Iterator[Any]:
    with mock_ssoadmin(default_instance=False, async_reads=2):
        yield client("sso-admin", config=ONE_ATTEMPT)


def test_instance_creation_stays_in_progress_for_n_reads(no_instance: Any) -> None:
    arn = no_instance.create_instance(Name="lab")["InstanceArn"]
    statuses = [no_instance.describe_instance(InstanceArn=arn)["Status"] for _ in range(3)]
    assert statuses == ["CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS", "ACTIVE"]
    assert no_instance.list_instances()["Instances"][0]["Status"] == "ACTIVE"


def test_in_progress_instance_refuses_other_operations(no_instance: Any) -> None:
    arn = no_instance.create_instance(Name="lab")["InstanceArn"]
    with pytest.raises(ClientError) as caught:
        no_instance.create_permission_set(InstanceArn=arn, Name="TooEarly")
    assert code_of(caught) in service.modeled_errors("CreatePermissionSet")
    assert no_instance.describe_instance(InstanceArn=arn)["Status"] == "CREATE_IN_PROGRESS"


def test_async_failure_switch_ends_instance_creation_failed() -> None:
    with mock_ssoadmin(
        default_instance=False,
        async_reads=1,
        async_failures={"CreateInstance": "KMS key unavailable"},
    ):
        sso = client("sso-admin", config=ONE_ATTEMPT)
        arn = sso.create_instance(Name="lab")["InstanceArn"]
        first = sso.describe_instance(InstanceArn=arn)
        assert first["Status"] == "CREATE_IN_PROGRESS"
        final = sso.describe_instance(InstanceArn=arn)
        assert final["Status"] == "CREATE_FAILED"
        # StatusReason is in newer models only; an older botocore drops it from the answer
        if "StatusReason" in service.operation_model("DescribeInstance").output_shape.members:
            assert final["StatusReason"] == "KMS key unavailable"


def test_async_failure_with_times_fails_only_that_many(mock: Any, instance_arn: str) -> None:
    settings.check_principals = False
    settings.async_status.fail("CreateAccountAssignment", "Role creation throttled", times=1)
    sso = client("sso-admin", config=ONE_ATTEMPT)
    arn = sso.create_permission_set(InstanceArn=instance_arn, Name="Ops")["PermissionSet"][
        "PermissionSetArn"
    ]
    outcomes = []
    for _ in range(2):
        status = _assign(sso, instance_arn)["AccountAssignmentCreationStatus"]
        outcomes.append(
            sso.describe_account_assignment_creation_status(
                InstanceArn=instance_arn, AccountAssignmentCreationRequestId=status["RequestId"]
            )["AccountAssignmentCreationStatus"]
        )
    assert [(o["Status"], o.get("FailureReason")) for o in outcomes] == [
        ("FAILED", "Role creation throttled"),
        ("SUCCEEDED", None),
    ]
    listed = sso.list_account_assignments(
        InstanceArn=instance_arn, AccountId=TARGET, PermissionSetArn=arn
    )["AccountAssignments"]
    assert [item["PrincipalId"] for item in listed] == [PRINCIPAL]


def test_async_seconds_keeps_statuses_in_progress_for_a_while() -> None:
    import time

    with mock_ssoadmin(default_instance=False, async_seconds=0.3):
        sso = client("sso-admin", config=ONE_ATTEMPT)
        arn = sso.create_instance()["InstanceArn"]
        assert sso.describe_instance(InstanceArn=arn)["Status"] == "CREATE_IN_PROGRESS"
        time.sleep(0.35)
        assert sso.describe_instance(InstanceArn=arn)["Status"] == "ACTIVE"
