"""The moto-compatible mode: tests in the style of moto's own sso-admin suite.

Each laxness moto's suites lean on (a made-up instance ARN, principal ids of other forms or
in no identity store, ProvisionPermissionSet without a TargetId, a final status read from the
Create answer) is exercised the way those suites do it, through moto's ``mock_aws`` after
``import ssoadmin_mock`` (moto-compatible unless the environment says otherwise) and through
``mock_ssoadmin(moto_compatible=True)``: the request is served as moto serves it, with one
`FidelityWarning` per difference naming what AWS would have answered. In AWS's mode (the
default of ``mock_ssoadmin``; ``SSOADMIN_MOCK_MODE=aws`` for ``mock_aws``) the same request
gets AWS's answer, and the warning's code and message are exactly that answer's.
"""

from __future__ import annotations

import argparse
import json
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from uuid import uuid4

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from moto import mock_aws

from ssoadmin_mock import FidelityWarning, compat, mock_ssoadmin, server, settings, switches
from ssoadmin_mock.responses import dispatch

from .assignment_support import join, make_user
from .conftest import ACCOUNT, client

MADE_UP_INSTANCES = [
    "arn:aws:sso:::instance/ins-aaaabbbbccccdddd",
    "arn:aws:sso:::instance/ssoins-1234567890123456",
]
MADE_UP_INSTANCE = MADE_UP_INSTANCES[0]
TARGET = "222222222222"
OTHER_FORMS = ["some-id", "test-group-id", "user-xxxxxxxx"]

Mock = Callable[[], AbstractContextManager[Any]]


@pytest.fixture(autouse=True)
def _no_mode_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(switches.MODE_VARIABLE, raising=False)


@pytest.fixture(params=["mock_aws", "mock_ssoadmin"])
def compatible(request: pytest.FixtureRequest) -> Mock:
    """A moto-compatible mock: moto's own ``mock_aws`` (after the import), or ours."""
    if request.param == "mock_aws":
        return mock_aws
    return lambda: mock_ssoadmin(moto_compatible=True)


@pytest.fixture(params=["mock_aws", "mock_ssoadmin"])
def strict(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Mock:
    """A mock in AWS's mode: ``mock_ssoadmin()``, or ``mock_aws`` with the mode set to aws."""
    if request.param == "mock_aws":
        monkeypatch.setenv(switches.MODE_VARIABLE, switches.AWS)
        return mock_aws
    return mock_ssoadmin


@contextmanager
def differences() -> Iterator[list[FidelityWarning]]:
    """The FidelityWarnings given inside the block, every one (no de-duplication)."""
    found: list[FidelityWarning] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield found
    found.extend(w.message for w in caught if isinstance(w.message, FidelityWarning))


def kinds(found: list[FidelityWarning]) -> list[tuple[str, str, str]]:
    return [(w.kind, w.operation, w.member) for w in found]


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    error = excinfo.value.response["Error"]
    return str(error["Code"]), str(error["Message"])


def first_instance(sso: Any) -> str:
    return str(sso.list_instances()["Instances"][0]["InstanceArn"])


def new_permission_set(sso: Any, instance_arn: str, name: str = "test") -> str:
    made = sso.create_permission_set(Name=name, InstanceArn=instance_arn, SessionDuration="PT1H")
    return str(made["PermissionSet"]["PermissionSetArn"])


def assignment(instance_arn: str, ps: str, principal_id: str, kind: str = "USER") -> dict[str, str]:
    return {
        "InstanceArn": instance_arn,
        "TargetId": TARGET,
        "TargetType": "AWS_ACCOUNT",
        "PermissionSetArn": ps,
        "PrincipalType": kind,
        "PrincipalId": principal_id,
    }


# --- a made-up instance ARN --------------------------------------------------------------------


@pytest.mark.parametrize("instance_arn", MADE_UP_INSTANCES)
def test_a_made_up_instance_is_adopted_on_first_use(compatible: Mock, instance_arn: str) -> None:
    with compatible(), differences() as found:
        sso = client("sso-admin", "ap-southeast-1")
        created = sso.create_permission_set(
            Name="test",
            Description="Test permission set",
            InstanceArn=instance_arn,
            SessionDuration="PT1H",
            RelayState="https://console.aws.amazon.com/ec2",
        )["PermissionSet"]
        described = sso.describe_permission_set(
            InstanceArn=instance_arn, PermissionSetArn=created["PermissionSetArn"]
        )["PermissionSet"]
        listed = sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"]
        instances = {i["InstanceArn"]: i for i in sso.list_instances()["Instances"]}
    instance_id = instance_arn.rpartition("/")[2]
    assert created["PermissionSetArn"].startswith(f"arn:aws:sso:::permissionSet/{instance_id}/ps-")
    assert described["Name"] == "test"
    assert listed == [created["PermissionSetArn"]]
    adopted = instances[instance_arn]
    assert (adopted["OwnerAccountId"], adopted["Status"]) == (ACCOUNT, "ACTIVE")
    # one warning, on first use only
    assert kinds(found) == [(compat.UNKNOWN_INSTANCE, "CreatePermissionSet", "InstanceArn")]
    assert found[0].aws_code == "ResourceNotFoundException"
    assert instance_arn in found[0].aws_message


def test_aws_refuses_a_made_up_instance_as_the_warning_says(compatible: Mock) -> None:
    with compatible(), differences() as found:
        client("sso-admin", "eu-west-1").list_permission_sets(InstanceArn=MADE_UP_INSTANCE)
    with mock_ssoadmin(), differences() as none:
        sso = client("sso-admin", "eu-west-1")
        with pytest.raises(ClientError) as refused:
            sso.list_permission_sets(InstanceArn=MADE_UP_INSTANCE)
        assert all(i["InstanceArn"] != MADE_UP_INSTANCE for i in sso.list_instances()["Instances"])
    assert error_of(refused) == (found[0].aws_code, found[0].aws_message)
    assert none == []


def test_the_default_mode_refuses_a_made_up_instance(strict: Mock) -> None:
    with strict(), differences() as found:
        sso = client("sso-admin", "ap-southeast-1")
        with pytest.raises(ClientError) as refused:
            sso.create_permission_set(Name="test", InstanceArn=MADE_UP_INSTANCE)
        assert error_of(refused)[0] == "ResourceNotFoundException"
        assert len(sso.list_instances()["Instances"]) == 1
    assert found == []


@pytest.mark.parametrize(
    "instance_arn, code",
    [
        ("arn:aws:sso:::instance/ins-short", "ValidationException"),  # not of the model's form
        ("arn:aws-cn:sso:::instance/ins-aaaabbbbccccdddd", "ResourceNotFoundException"),
    ],
)
def test_only_a_well_formed_arn_of_the_partition_is_adopted(
    compatible: Mock, instance_arn: str, code: str
) -> None:
    with compatible(), differences() as found:
        sso = client("sso-admin", "us-east-1")
        with pytest.raises(ClientError) as refused:
            sso.create_permission_set(Name="test", InstanceArn=instance_arn)
        assert len(sso.list_instances()["Instances"]) == 1
    assert error_of(refused)[0] == code
    assert found == []


def test_an_unknown_permission_set_is_still_refused(compatible: Mock) -> None:
    """Nothing else is relaxed: moto's dummy permission set ARN is refused, as on AWS."""
    dummy = "arn:aws:sso:::permissionSet/ins-eeeeffffgggghhhh/ps-hhhhkkkkppppoooo"
    with compatible(), differences() as found:
        sso = client("sso-admin", "ap-southeast-1")
        with pytest.raises(ClientError) as refused:
            sso.describe_permission_set(InstanceArn=MADE_UP_INSTANCE, PermissionSetArn=dummy)
    assert error_of(refused)[0] == "ResourceNotFoundException"
    assert kinds(found) == [(compat.UNKNOWN_INSTANCE, "DescribePermissionSet", "InstanceArn")]


# --- principal ids of other forms, and principals in no identity store ---------------------------


@pytest.mark.parametrize("principal_id", [*OTHER_FORMS, "uuid"])
def test_any_principal_id_is_assigned(compatible: Mock, principal_id: str) -> None:
    principal_id = str(uuid4()) if principal_id == "uuid" else principal_id
    with compatible(), differences() as found:
        sso = client("sso-admin", "eu-west-1")
        instance_arn = first_instance(sso)
        ps = new_permission_set(sso, instance_arn)
        status = sso.create_account_assignment(**assignment(instance_arn, ps, principal_id))[
            "AccountAssignmentCreationStatus"
        ]
        listed = sso.list_account_assignments(
            InstanceArn=instance_arn, AccountId=TARGET, PermissionSetArn=ps
        )["AccountAssignments"]
        mine = sso.list_account_assignments_for_principal(
            InstanceArn=instance_arn, PrincipalId=principal_id, PrincipalType="USER"
        )["AccountAssignments"]
    assert status["Status"] == "SUCCEEDED"
    assert "FailureReason" not in status
    assert status["PrincipalId"] == principal_id
    expected = {"AccountId": TARGET, "PermissionSetArn": ps, "PrincipalType": "USER"}
    assert listed == mine == [{**expected, "PrincipalId": principal_id}]
    malformed = principal_id in OTHER_FORMS
    expected_kinds = [
        *[(compat.PRINCIPAL_ID_FORM, "CreateAccountAssignment", "PrincipalId")] * malformed,
        (compat.UNKNOWN_PRINCIPAL, "CreateAccountAssignment", "PrincipalId"),
        (
            compat.SETTLED_ANSWER,
            "CreateAccountAssignment",
            "AccountAssignmentCreationStatus.Status",
        ),
        *[(compat.PRINCIPAL_ID_FORM, "ListAccountAssignmentsForPrincipal", "PrincipalId")]
        * malformed,
    ]
    assert kinds(found) == expected_kinds


@pytest.mark.parametrize("principal_id", OTHER_FORMS)
def test_aws_refuses_other_forms_as_the_warning_says(principal_id: str) -> None:
    request: dict[str, str] = {}
    with mock_ssoadmin(moto_compatible=True) as mock, differences() as found:
        sso = client("sso-admin")
        request = assignment(first_instance(sso), new_permission_set(sso, first_instance(sso)), "")
        request["PrincipalId"] = principal_id
        sso.create_account_assignment(**request)
        mock.moto_compatible = False  # the same request, in the same state, in AWS's mode
        with pytest.raises(ClientError) as refused:
            sso.create_account_assignment(**request)
    form = next(w for w in found if w.kind == compat.PRINCIPAL_ID_FORM)
    assert error_of(refused) == (form.aws_code, form.aws_message)
    assert form.aws_code == "ValidationException"
    assert f"Value '{principal_id}' at 'principalId'" in form.aws_message


def test_the_default_mode_fails_an_unknown_principal_as_the_warning_says() -> None:
    with mock_ssoadmin(moto_compatible=True) as mock, differences() as found:
        sso = client("sso-admin")
        instance_arn = first_instance(sso)
        ps = new_permission_set(sso, instance_arn)
        request = assignment(instance_arn, ps, str(uuid4()))
        sso.create_account_assignment(**request)
        sso.delete_account_assignment(**request)
        mock.moto_compatible = False  # the same request, in the same state, in AWS's mode
        status = sso.create_account_assignment(**request)["AccountAssignmentCreationStatus"]
        final = sso.describe_account_assignment_creation_status(
            InstanceArn=instance_arn, AccountAssignmentCreationRequestId=status["RequestId"]
        )["AccountAssignmentCreationStatus"]
        listed = sso.list_account_assignments(
            InstanceArn=instance_arn, AccountId=TARGET, PermissionSetArn=ps
        )["AccountAssignments"]
    assert (status["Status"], final["Status"]) == ("IN_PROGRESS", "FAILED")
    assert listed == []
    unknown = next(w for w in found if w.kind == compat.UNKNOWN_PRINCIPAL)
    assert unknown.aws_code is None
    assert unknown.aws_message == f"Status FAILED, FailureReason {final['FailureReason']!r}"


@pytest.mark.parametrize("principal_id", OTHER_FORMS)
def test_the_default_mode_refuses_other_forms(strict: Mock, principal_id: str) -> None:
    with strict(), differences() as found:
        sso = client("sso-admin")
        instance_arn = first_instance(sso)
        ps = new_permission_set(sso, instance_arn)
        with pytest.raises(ClientError) as refused:
            sso.create_account_assignment(**assignment(instance_arn, ps, principal_id))
        with pytest.raises(ClientError) as listing:
            sso.list_account_assignments_for_principal(
                InstanceArn=instance_arn, PrincipalId=principal_id, PrincipalType="GROUP"
            )
    assert error_of(refused)[0] == error_of(listing)[0] == "ValidationException"
    assert found == []


def test_only_the_principal_id_pattern_is_relaxed(compatible: Mock) -> None:
    """Another error in the request, or a principal id of a length AWS refuses, is refused
    with every violation, as in AWS's mode; so is another operation's principal id."""
    with compatible(), differences() as found:
        sso = client("sso-admin")
        instance_arn = first_instance(sso)
        ps = new_permission_set(sso, instance_arn)
        with pytest.raises(ClientError) as two:
            sso.create_account_assignment(
                **{**assignment(instance_arn, ps, "some-id"), "TargetId": "12345678901x"}
            )
        unchecked = client("sso-admin", config=Config(parameter_validation=False))
        with pytest.raises(ClientError) as long:
            unchecked.create_account_assignment(**assignment(instance_arn, ps, "x" * 48))
        with pytest.raises(ClientError) as application:
            sso.create_application_assignment(
                ApplicationArn=f"arn:aws:sso::{ACCOUNT}:application/ssoins-1234567890123456/"
                "apl-1234567890123456",
                PrincipalId="some-id",
                PrincipalType="USER",
            )
        assert sso.list_account_assignment_creation_status(InstanceArn=instance_arn)[
            "AccountAssignmentsCreationStatus"
        ] == []
    code, message = error_of(two)
    assert (code, message.split(":")[0]) == ("ValidationException", "2 validation errors detected")
    assert "'principalId'" in message and "'targetId'" in message
    assert error_of(long)[0] == "ValidationException"
    assert error_of(application)[0] == "ValidationException"
    assert "'principalId'" in error_of(application)[1]
    assert found == []


# --- a made-up identity store id (moto's identitystore suite) ------------------------------

#: what moto's own identitystore tests use: ``d-`` and ten lowercase letters (not the model's
#: hex), and a well-formed one from other suites' conftests
MADE_UP_STORES = ["d-abcdefghij", "d-1234567890"]


@pytest.mark.parametrize("store_id", MADE_UP_STORES)
def test_a_made_up_identity_store_is_adopted_on_first_use(compatible: Mock, store_id: str) -> None:
    """moto's identitystore takes any id as a store; so does the moto-compatible mode, with a
    warning, and the store is then the store of an instance of the caller's account."""
    with compatible(), differences() as found:
        ids = client("identitystore", "us-east-2")
        group = ids.create_group(IdentityStoreId=store_id, DisplayName="devs")["GroupId"]
        user = make_user(ids, store_id, "ada")
        join(ids, store_id, group, user)
        assert ids.describe_group(IdentityStoreId=store_id, GroupId=group)["DisplayName"] == "devs"
        listed = ids.list_group_memberships(IdentityStoreId=store_id, GroupId=group)
        assert [m["MemberId"] for m in listed["GroupMemberships"]] == [{"UserId": user}]
        stores = [i["IdentityStoreId"] for i in client("sso-admin", "us-east-2").list_instances()[
            "Instances"
        ]]
        assert store_id in stores
    expected = [("unknown identity store adopted", "CreateGroup", "IdentityStoreId")]
    if store_id == "d-abcdefghij":  # not the model's form: every call of it warns so
        expected = [
            ("identity store id not of AWS's form", "CreateGroup", "IdentityStoreId"),
            *expected,
        ]
    assert kinds(found)[: len(expected)] == expected
    assert {w.kind for w in found} <= {"identity store id not of AWS's form"} | {
        "unknown identity store adopted"
    }
    assert [w.operation for w in found if w.kind == "unknown identity store adopted"] == [
        "CreateGroup"
    ]


@pytest.mark.parametrize(
    "store_id, code",
    [("d-abcdefghij", "ValidationException"), ("d-1234567890", "ResourceNotFoundException")],
)
def test_the_default_mode_refuses_a_made_up_identity_store(
    strict: Mock, store_id: str, code: str
) -> None:
    with strict(), differences() as found:
        with pytest.raises(ClientError) as refused:
            client("identitystore", "us-east-2").create_group(
                IdentityStoreId=store_id, DisplayName="devs"
            )
        assert error_of(refused)[0] == code
        assert len(client("sso-admin", "us-east-2").list_instances()["Instances"]) == 1
    assert found == []


def test_only_the_identity_store_id_pattern_is_relaxed(compatible: Mock) -> None:
    """Another error beside a store id of moto's form is refused with every violation."""
    unchecked = Config(parameter_validation=False)
    with compatible(), differences() as found:
        ids = client("identitystore", "us-east-2", config=unchecked)
        with pytest.raises(ClientError) as two:
            ids.create_group(IdentityStoreId="d-abcdefghij", DisplayName="x" * 2000)
        assert len(client("sso-admin", "us-east-2").list_instances()["Instances"]) == 1
    code, message = error_of(two)
    assert (code, message.split(":")[0]) == ("ValidationException", "2 validation errors detected")
    assert found == []


def test_a_principal_in_the_identity_store_warns_nothing(compatible: Mock) -> None:
    with compatible(), differences() as found:
        sso = client("sso-admin")
        instance = sso.list_instances()["Instances"][0]
        group = client("identitystore").create_group(
            IdentityStoreId=instance["IdentityStoreId"], DisplayName="test-group"
        )["GroupId"]
        ps = new_permission_set(sso, instance["InstanceArn"])
        request = assignment(instance["InstanceArn"], ps, group, kind="GROUP")
        status = sso.create_account_assignment(**request)["AccountAssignmentCreationStatus"]
    assert status["Status"] == "SUCCEEDED"
    assert [w.kind for w in found] == [compat.SETTLED_ANSWER]


# --- ProvisionPermissionSet without a TargetId ---------------------------------------------------


def test_provisioning_without_a_target_id_provisions_to_the_callers_account(
    compatible: Mock,
) -> None:
    with compatible(), differences() as found:
        sso = client("sso-admin")
        instance_arn = first_instance(sso)
        ps = new_permission_set(sso, instance_arn, "pset1")
        assert sso.list_accounts_for_provisioned_permission_set(
            InstanceArn=instance_arn, PermissionSetArn=ps
        )["AccountIds"] == []
        status = sso.provision_permission_set(
            InstanceArn=instance_arn, PermissionSetArn=ps, TargetType="AWS_ACCOUNT"
        )["PermissionSetProvisioningStatus"]
        provisioned = sso.list_permission_sets_provisioned_to_account(
            AccountId=ACCOUNT, InstanceArn=instance_arn
        )["PermissionSets"]
        accounts = sso.list_accounts_for_provisioned_permission_set(
            InstanceArn=instance_arn, PermissionSetArn=ps
        )["AccountIds"]
    assert (status["AccountId"], status["PermissionSetArn"]) == (ACCOUNT, ps)
    assert status["Status"] == "SUCCEEDED"
    assert status["CreatedDate"]
    assert provisioned == [ps]
    assert accounts == [ACCOUNT]
    assert kinds(found) == [
        (compat.MISSING_TARGET_ID, "ProvisionPermissionSet", "TargetId"),
        (compat.SETTLED_ANSWER, "ProvisionPermissionSet", "PermissionSetProvisioningStatus.Status"),
    ]
    assert found[0].aws_code == "ValidationException"


def test_the_default_mode_refuses_provisioning_without_a_target_id(strict: Mock) -> None:
    with mock_ssoadmin(moto_compatible=True), differences() as found:
        sso = client("sso-admin")
        sso.provision_permission_set(
            InstanceArn=first_instance(sso),
            PermissionSetArn=new_permission_set(sso, first_instance(sso)),
            TargetType="AWS_ACCOUNT",
        )
    with strict(), differences() as none:
        sso = client("sso-admin")
        instance_arn = first_instance(sso)
        ps = new_permission_set(sso, instance_arn)
        with pytest.raises(ClientError) as refused:
            sso.provision_permission_set(
                InstanceArn=instance_arn, PermissionSetArn=ps, TargetType="AWS_ACCOUNT"
            )
        assert sso.list_accounts_for_provisioned_permission_set(
            InstanceArn=instance_arn, PermissionSetArn=ps
        )["AccountIds"] == []
    assert error_of(refused) == (found[0].aws_code, found[0].aws_message)
    assert none == []


# --- results settled in the answer ---------------------------------------------------------------


def test_create_and_delete_answer_their_final_status(compatible: Mock) -> None:
    with compatible(), differences() as found:
        sso = client("sso-admin", "eu-west-1")
        instance_arn = first_instance(sso)
        ps = new_permission_set(sso, instance_arn)
        request = assignment(instance_arn, ps, str(uuid4()))
        created = sso.create_account_assignment(**request)["AccountAssignmentCreationStatus"]
        deleted = sso.delete_account_assignment(**request)["AccountAssignmentDeletionStatus"]
        described = sso.describe_account_assignment_deletion_status(
            InstanceArn=instance_arn, AccountAssignmentDeletionRequestId=deleted["RequestId"]
        )["AccountAssignmentDeletionStatus"]
        listed = sso.list_account_assignments(
            InstanceArn=instance_arn, AccountId=TARGET, PermissionSetArn=ps
        )["AccountAssignments"]
    assert created["Status"] == deleted["Status"] == described["Status"] == "SUCCEEDED"
    assert "FailureReason" not in deleted
    assert listed == []
    settled = [w for w in found if w.kind == compat.SETTLED_ANSWER]
    assert [w.operation for w in settled] == ["CreateAccountAssignment", "DeleteAccountAssignment"]
    assert all(w.aws_code is None and "IN_PROGRESS" in w.aws_message for w in settled)


def test_the_default_mode_answers_in_progress(strict: Mock) -> None:
    with strict(), differences() as found:
        sso = client("sso-admin")
        instance_arn = first_instance(sso)
        ps = new_permission_set(sso, instance_arn)
        group = client("identitystore").create_group(
            IdentityStoreId=sso.list_instances()["Instances"][0]["IdentityStoreId"],
            DisplayName="g",
        )["GroupId"]
        request = assignment(instance_arn, ps, group, kind="GROUP")
        created = sso.create_account_assignment(**request)["AccountAssignmentCreationStatus"]
        described = sso.describe_account_assignment_creation_status(
            InstanceArn=instance_arn, AccountAssignmentCreationRequestId=created["RequestId"]
        )["AccountAssignmentCreationStatus"]
    assert (created["Status"], described["Status"]) == ("IN_PROGRESS", "SUCCEEDED")
    assert found == []


def test_deferred_work_still_answers_in_progress() -> None:
    """With statuses kept in progress on purpose, the answer is AWS's: nothing settled."""
    with mock_ssoadmin(moto_compatible=True, async_reads=1), differences() as found:
        sso = client("sso-admin")
        instance_arn = first_instance(sso)
        ps = new_permission_set(sso, instance_arn)
        status = sso.provision_permission_set(
            InstanceArn=instance_arn, PermissionSetArn=ps, TargetType="AWS_ACCOUNT", TargetId=TARGET
        )["PermissionSetProvisioningStatus"]
    assert status["Status"] == "IN_PROGRESS"
    assert found == []


# --- -W error: a difference fails the call, as the user asked ----------------------------------


def test_a_warning_turned_error_fails_the_call_and_makes_nothing() -> None:
    with mock_ssoadmin(moto_compatible=True), warnings.catch_warnings():
        warnings.simplefilter("error", FidelityWarning)
        sso = client("sso-admin")
        with pytest.raises(FidelityWarning) as raised:
            sso.create_permission_set(Name="test", InstanceArn=MADE_UP_INSTANCE)
        assert raised.value.kind == compat.UNKNOWN_INSTANCE
        instance_arn = first_instance(sso)
        ps = new_permission_set(sso, instance_arn)
        with pytest.raises(FidelityWarning):
            sso.create_account_assignment(**assignment(instance_arn, ps, "some-id"))
        assert [i["InstanceArn"] for i in sso.list_instances()["Instances"]] == [instance_arn]
        assert sso.list_account_assignment_creation_status(InstanceArn=instance_arn)[
            "AccountAssignmentsCreationStatus"
        ] == []


def test_the_warning_points_at_the_users_call() -> None:
    with mock_ssoadmin(moto_compatible=True), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sso = client("sso-admin")
        sso.list_permission_sets(InstanceArn=MADE_UP_INSTANCE)
    (warning,) = caught
    assert warning.filename == __file__
    assert issubclass(warning.category, UserWarning)
    text = str(warning.message)
    assert text.startswith("ListPermissionSets InstanceArn: unknown instance adopted")
    assert "ResourceNotFoundException" in text and "list_instances" in text


# --- choosing the mode ---------------------------------------------------------------------------


def test_mock_ssoadmin_is_aws_and_mock_aws_is_moto_compatible_by_default() -> None:
    with mock_ssoadmin() as mock:
        assert mock.moto_compatible is False
        assert settings.moto_compatible is False
    with mock_aws():
        assert settings.moto_compatible is (switches.MOCK_AWS_MODE == switches.MOTO_COMPATIBLE)
    assert settings.moto_compatible is False


def test_with_no_mock_on_requests_get_awss_answers() -> None:
    """As `ssoadmin_mock.server.Server` serves them in-process, with no mock on."""
    body = json.dumps({"InstanceArn": MADE_UP_INSTANCE})
    with differences() as found:
        status, headers, _ = dispatch(
            "SWBExternalService.ListPermissionSets", body, {}, "https://sso.us-east-1.amazonaws.com/"
        )
    assert (status, headers["x-amzn-ErrorType"]) == (400, "ResourceNotFoundException")
    assert found == []


def test_the_environment_gives_the_mode_of_every_mock_not_given_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(switches.MODE_VARIABLE, "moto-compatible")
    with mock_ssoadmin() as mock:
        assert mock.moto_compatible is True
        with mock_ssoadmin(moto_compatible=False) as inner:
            assert inner.moto_compatible is False
            assert settings.moto_compatible is False
        assert settings.moto_compatible is True
    monkeypatch.setenv(switches.MODE_VARIABLE, "aws")
    with mock_aws():
        assert settings.moto_compatible is False
    monkeypatch.setenv(switches.MODE_VARIABLE, "strict")
    with pytest.raises(ValueError, match="SSOADMIN_MOCK_MODE must be 'aws' or 'moto-compatible'"):
        mock_ssoadmin().start()


def test_the_mode_under_mock_aws_changes_at_run_time_until_it_ends() -> None:
    with mock_aws():
        settings.moto_compatible = False
        sso = client("sso-admin")
        with pytest.raises(ClientError):
            sso.list_permission_sets(InstanceArn=MADE_UP_INSTANCE)
    with mock_aws():
        assert settings.moto_compatible is True


def test_the_one_parser_reads_the_switch() -> None:
    assert switches.parse({"moto_compatible": True}).build().moto_compatible is True
    with pytest.raises(ValueError, match="moto_compatible must be True or False"):
        mock_ssoadmin(moto_compatible="yes")
    parser = argparse.ArgumentParser()
    server.add_arguments(parser)
    assert server.switches_from_args(parser.parse_args(["--moto-compatible"])).moto_compatible
    assert not server.switches_from_args(parser.parse_args([])).moto_compatible
