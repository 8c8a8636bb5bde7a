"""Account assignments through boto3: create, delete and their statuses, principals."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ssoadmin_mock import get_backend, settings

from .assignment_support import (
    MISSING_USER,
    TARGET,
    all_pages,
    assign,
    assignments,
    creation,
    deletion,
    error_code,
    error_message,
    for_principal,
    sso_roles,
    unassign,
)
from .conftest import ACCOUNT, REGION, client

# --- CreateAccountAssignment -----------------------------------------------------------------


def test_create_answers_in_progress_then_succeeds(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    status = assign(sso, instance_arn, ps_arn, user_id)
    assert status["Status"] == "IN_PROGRESS"
    assert uuid.UUID(status["RequestId"])
    assert (status["TargetId"], status["TargetType"]) == (TARGET, "AWS_ACCOUNT")
    assert (status["PrincipalType"], status["PrincipalId"]) == ("USER", user_id)
    assert status["PermissionSetArn"] == ps_arn
    assert "FailureReason" not in status

    final = creation(sso, instance_arn, status["RequestId"])
    assert final["Status"] == "SUCCEEDED"
    assert final["RequestId"] == status["RequestId"]
    assert final["CreatedDate"] == status["CreatedDate"]
    assert assignments(sso, instance_arn, ps_arn) == [
        {
            "AccountId": TARGET,
            "PermissionSetArn": ps_arn,
            "PrincipalType": "USER",
            "PrincipalId": user_id,
        }
    ]


def test_each_request_gets_its_own_request_id(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str, group_id: str
) -> None:
    first = assign(sso, instance_arn, ps_arn, user_id)
    second = assign(sso, instance_arn, ps_arn, group_id, kind="GROUP")
    assert first["RequestId"] != second["RequestId"]


def test_successful_assignment_provisions_the_permission_set(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    assign(sso, instance_arn, ps_arn, user_id)
    provisioned = sso.list_permission_sets_provisioned_to_account(
        InstanceArn=instance_arn, AccountId=TARGET
    )
    assert provisioned["PermissionSets"] == [ps_arn]
    accounts = sso.list_accounts_for_provisioned_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps_arn
    )
    assert accounts["AccountIds"] == [TARGET]


def test_group_assignment(sso: Any, instance_arn: str, ps_arn: str, group_id: str) -> None:
    status = assign(sso, instance_arn, ps_arn, group_id, kind="GROUP")
    assert creation(sso, instance_arn, status["RequestId"])["Status"] == "SUCCEEDED"
    assert [a["PrincipalType"] for a in assignments(sso, instance_arn, ps_arn)] == ["GROUP"]


def test_creating_an_existing_assignment_makes_no_duplicate(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    first = assign(sso, instance_arn, ps_arn, user_id)
    again = assign(sso, instance_arn, ps_arn, user_id)
    assert again["RequestId"] != first["RequestId"]
    assert creation(sso, instance_arn, again["RequestId"])["Status"] == "SUCCEEDED"
    assert len(assignments(sso, instance_arn, ps_arn)) == 1
    assert len(for_principal(sso, instance_arn, user_id)) == 1


def test_missing_user_fails_naming_the_principal(
    sso: Any, iam: Any, instance_arn: str, identity_store_id: str, ps_arn: str
) -> None:
    status = assign(sso, instance_arn, ps_arn, MISSING_USER, account=ACCOUNT)
    final = creation(sso, instance_arn, status["RequestId"])
    assert final["Status"] == "FAILED"
    assert final["FailureReason"] == (
        f"Received a 404 status error: the USER assignee {MISSING_USER} was not found in "
        f"directory {identity_store_id}"
    )
    assert assignments(sso, instance_arn, ps_arn, ACCOUNT) == []
    assert sso_roles(iam) == []
    provisioned = sso.list_permission_sets_provisioned_to_account(
        InstanceArn=instance_arn, AccountId=ACCOUNT
    )
    assert "PermissionSets" not in provisioned  # AWS leaves an empty list out


def test_user_id_given_as_group_fails(
    sso: Any, instance_arn: str, identity_store_id: str, ps_arn: str, user_id: str
) -> None:
    status = assign(sso, instance_arn, ps_arn, user_id, kind="GROUP")
    final = creation(sso, instance_arn, status["RequestId"])
    assert final["Status"] == "FAILED"
    assert final["FailureReason"] == (
        f"Received a 404 status error: the GROUP assignee {user_id} was not found in "
        f"directory {identity_store_id}"
    )
    assert assignments(sso, instance_arn, ps_arn) == []


def test_unknown_principals_accepted_when_the_check_is_off(
    sso: Any, instance_arn: str, ps_arn: str
) -> None:
    settings.check_principals = False
    status = assign(sso, instance_arn, ps_arn, MISSING_USER)
    assert creation(sso, instance_arn, status["RequestId"])["Status"] == "SUCCEEDED"
    assert [a["PrincipalId"] for a in assignments(sso, instance_arn, ps_arn)] == [MISSING_USER]


def test_unknown_permission_set_is_refused_and_nothing_recorded(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    unknown = ps_arn[:-16] + "0123456789abcdef"
    before = get_backend(ACCOUNT, REGION).snapshot()
    with pytest.raises(ClientError) as excinfo:
        assign(sso, instance_arn, unknown, user_id)
    assert get_backend(ACCOUNT, REGION).snapshot() == before
    assert error_code(excinfo) == "ResourceNotFoundException"
    assert unknown in error_message(excinfo)
    listed = sso.list_account_assignment_creation_status(InstanceArn=instance_arn)
    assert listed["AccountAssignmentsCreationStatus"] == []


def test_unknown_instance_is_refused(sso: Any, ps_arn: str, user_id: str) -> None:
    other_instance = "arn:aws:sso:::instance/ssoins-0000000000000000"
    with pytest.raises(ClientError) as excinfo:
        assign(sso, other_instance, ps_arn, user_id)
    assert error_code(excinfo) == "ResourceNotFoundException"


def short_target(call: Any, instance_arn: str, ps_arn: str, user_id: str) -> str:
    """The error code of an assignment request whose account id is too short."""
    with pytest.raises(ClientError) as excinfo:
        call(
            InstanceArn=instance_arn,
            TargetId="12345",
            TargetType="AWS_ACCOUNT",
            PermissionSetArn=ps_arn,
            PrincipalType="USER",
            PrincipalId=user_id,
        )
    return error_code(excinfo)


def test_malformed_target_is_refused_before_anything(
    raw_sso: Any, sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    before = get_backend(ACCOUNT, REGION).snapshot()
    assert short_target(raw_sso.create_account_assignment, instance_arn, ps_arn, user_id) == (
        "ValidationException"
    )
    assert get_backend(ACCOUNT, REGION).snapshot() == before
    listed = sso.list_account_assignment_creation_status(InstanceArn=instance_arn)
    assert listed["AccountAssignmentsCreationStatus"] == []


def test_injected_failure_ends_failed_and_makes_nothing(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    settings.async_status.fail("CreateAccountAssignment", "Role creation throttled")
    status = assign(sso, instance_arn, ps_arn, user_id, account=ACCOUNT)
    final = creation(sso, instance_arn, status["RequestId"])
    assert (final["Status"], final["FailureReason"]) == ("FAILED", "Role creation throttled")
    assert assignments(sso, instance_arn, ps_arn, ACCOUNT) == []
    assert sso_roles(iam) == []


def test_permission_set_deleted_before_the_work_runs_fails_it(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    settings.async_status.defer(reads=1)
    status = assign(sso, instance_arn, ps_arn, user_id)
    sso.delete_permission_set(InstanceArn=instance_arn, PermissionSetArn=ps_arn)
    assert creation(sso, instance_arn, status["RequestId"])["Status"] == "IN_PROGRESS"
    final = creation(sso, instance_arn, status["RequestId"])
    assert final["Status"] == "FAILED"
    assert ps_arn in final["FailureReason"]
    assert for_principal(sso, instance_arn, user_id) == []


def test_principal_is_checked_when_the_work_runs(
    sso: Any,
    identitystore: Any,
    identity_store_id: str,
    instance_arn: str,
    ps_arn: str,
    user_id: str,
) -> None:
    settings.async_status.defer(reads=1)
    status = assign(sso, instance_arn, ps_arn, user_id)
    identitystore.delete_user(IdentityStoreId=identity_store_id, UserId=user_id)
    creation(sso, instance_arn, status["RequestId"])
    final = creation(sso, instance_arn, status["RequestId"])
    assert final["Status"] == "FAILED"
    assert final["FailureReason"] == (
        f"Received a 404 status error: the USER assignee {user_id} was not found in "
        f"directory {identity_store_id}"
    )
    assert assignments(sso, instance_arn, ps_arn) == []


def test_failure_reasons_are_kept_within_the_models_pattern(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    settings.async_status.fail("CreateAccountAssignment", "line one\nline two")
    status = assign(sso, instance_arn, ps_arn, user_id)
    assert creation(sso, instance_arn, status["RequestId"])["FailureReason"] == "line one line two"


# --- DeleteAccountAssignment -----------------------------------------------------------------


def test_delete_answers_in_progress_then_succeeds_and_unprovisions(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    assign(sso, instance_arn, ps_arn, user_id)
    status = unassign(sso, instance_arn, ps_arn, user_id)
    assert status["Status"] == "IN_PROGRESS"
    assert (status["TargetId"], status["PrincipalId"]) == (TARGET, user_id)
    assert deletion(sso, instance_arn, status["RequestId"])["Status"] == "SUCCEEDED"
    assert assignments(sso, instance_arn, ps_arn) == []
    assert for_principal(sso, instance_arn, user_id) == []
    provisioned = sso.list_permission_sets_provisioned_to_account(
        InstanceArn=instance_arn, AccountId=TARGET
    )
    assert "PermissionSets" not in provisioned  # AWS leaves an empty list out


def test_set_stays_provisioned_while_another_assignment_remains(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str, group_id: str
) -> None:
    assign(sso, instance_arn, ps_arn, user_id)
    assign(sso, instance_arn, ps_arn, group_id, kind="GROUP")
    unassign(sso, instance_arn, ps_arn, user_id)
    assert [a["PrincipalId"] for a in assignments(sso, instance_arn, ps_arn)] == [group_id]
    accounts = sso.list_accounts_for_provisioned_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps_arn
    )
    assert accounts["AccountIds"] == [TARGET]


def not_there(instance_arn: str, ps_arn: str, principal: str, account: str = TARGET) -> str:
    """AWS's reason for deleting an assignment that does not exist (values: the mock's)."""
    return (
        "Received a 404 status error: EntitlementItem doesn't exist with the given entitlement "
        f"key EntitlementKey{{accessorId=AccessorId{{value={principal}}}, "
        f"resourceId=ResourceId{{value={ps_arn.rsplit('/', 1)[-1]}}}, "
        f"auxiliaryResourceId=AuxiliaryResourceId{{value={account}}}, "
        f"containerId=ContainerId{{value={instance_arn.rsplit('/', 1)[-1]}}}}}"
    )


def test_deleting_a_missing_assignment_is_accepted_and_fails_with_a_404(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str, group_id: str
) -> None:
    assign(sso, instance_arn, ps_arn, user_id, account=ACCOUNT)
    roles = sso_roles(iam)
    status = unassign(sso, instance_arn, ps_arn, group_id, kind="GROUP", account=ACCOUNT)
    assert status["Status"] == "IN_PROGRESS"
    assert "FailureReason" not in status
    assert (status["PrincipalType"], status["PrincipalId"]) == ("GROUP", group_id)
    final = deletion(sso, instance_arn, status["RequestId"])
    assert final["Status"] == "FAILED"
    assert final["FailureReason"] == not_there(instance_arn, ps_arn, group_id, ACCOUNT)
    listed = sso.list_account_assignment_deletion_status(
        InstanceArn=instance_arn, Filter={"Status": "FAILED"}
    )["AccountAssignmentsDeletionStatus"]
    assert [s["RequestId"] for s in listed] == [status["RequestId"]]
    # nothing changed: the user's assignment, the set's provisioning and its role stay
    assert [a["PrincipalId"] for a in assignments(sso, instance_arn, ps_arn, ACCOUNT)] == [
        user_id
    ]
    assert sso_roles(iam) == roles
    accounts = sso.list_accounts_for_provisioned_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=ps_arn
    )
    assert accounts["AccountIds"] == [ACCOUNT]


def test_deleting_from_an_instance_without_assignments_fails_in_its_status(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    status = unassign(sso, instance_arn, ps_arn, user_id)
    final = deletion(sso, instance_arn, status["RequestId"])
    assert (final["Status"], final["FailureReason"]) == (
        "FAILED",
        not_there(instance_arn, ps_arn, user_id),
    )
    assert assignments(sso, instance_arn, ps_arn) == []


def test_deleting_for_a_principal_gone_from_the_directory_names_the_principal(
    sso: Any, instance_arn: str, identity_store_id: str, ps_arn: str
) -> None:
    status = unassign(sso, instance_arn, ps_arn, MISSING_USER)
    assert deletion(sso, instance_arn, status["RequestId"])["FailureReason"] == (
        f"Received a 404 status error: the USER assignee {MISSING_USER} was not found in "
        f"directory {identity_store_id}"
    )


def test_revoking_twice_then_deleting_the_permission_set_works(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    """A command-line client that sends the revoke twice, then deletes the set."""
    assign(sso, instance_arn, ps_arn, user_id, account=ACCOUNT)
    first = unassign(sso, instance_arn, ps_arn, user_id, account=ACCOUNT)
    second = unassign(sso, instance_arn, ps_arn, user_id, account=ACCOUNT)
    assert (first["Status"], second["Status"]) == ("IN_PROGRESS", "IN_PROGRESS")
    assert deletion(sso, instance_arn, first["RequestId"])["Status"] == "SUCCEEDED"
    final = deletion(sso, instance_arn, second["RequestId"])
    assert (final["Status"], final["FailureReason"]) == (
        "FAILED",
        not_there(instance_arn, ps_arn, user_id, ACCOUNT),
    )
    assert sso_roles(iam) == []
    sso.delete_permission_set(InstanceArn=instance_arn, PermissionSetArn=ps_arn)
    assert sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"] == []


def test_deferred_deletion_of_a_missing_assignment_stays_in_progress_then_fails(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    settings.async_status.defer(reads=1)
    status = unassign(sso, instance_arn, ps_arn, user_id)
    assert deletion(sso, instance_arn, status["RequestId"])["Status"] == "IN_PROGRESS"
    assert deletion(sso, instance_arn, status["RequestId"])["Status"] == "FAILED"


def test_delete_refusals_stay_immediate_and_record_no_status(
    raw_sso: Any, sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    """A bad request or an unknown instance is refused by the call itself, not in a status."""
    before = get_backend(ACCOUNT, REGION).snapshot()
    assert short_target(raw_sso.delete_account_assignment, instance_arn, ps_arn, user_id) == (
        "ValidationException"
    )
    with pytest.raises(ClientError) as excinfo:
        unassign(sso, "arn:aws:sso:::instance/ssoins-0000000000000000", ps_arn, user_id)
    assert error_code(excinfo) == "ResourceNotFoundException"
    assert get_backend(ACCOUNT, REGION).snapshot() == before
    listed = sso.list_account_assignment_deletion_status(InstanceArn=instance_arn)
    assert listed["AccountAssignmentsDeletionStatus"] == []


def test_delete_with_unknown_permission_set_is_refused(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    assign(sso, instance_arn, ps_arn, user_id)
    before = get_backend(ACCOUNT, REGION).snapshot()
    with pytest.raises(ClientError) as excinfo:
        unassign(sso, instance_arn, ps_arn[:-16] + "0123456789abcdef", user_id)
    assert error_code(excinfo) == "ResourceNotFoundException"
    assert get_backend(ACCOUNT, REGION).snapshot() == before
    assert len(assignments(sso, instance_arn, ps_arn)) == 1


def test_delete_permission_set_refused_while_assigned(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    assign(sso, instance_arn, ps_arn, user_id)
    before = get_backend(ACCOUNT, REGION).snapshot()
    with pytest.raises(ClientError) as excinfo:
        sso.delete_permission_set(InstanceArn=instance_arn, PermissionSetArn=ps_arn)
    assert error_code(excinfo) == "ConflictException"
    assert error_message(excinfo) == (
        "Could not delete because PermissionSet has ApplicationProfile associated with it."
    )
    assert get_backend(ACCOUNT, REGION).snapshot() == before
    assert len(assignments(sso, instance_arn, ps_arn)) == 1

    unassign(sso, instance_arn, ps_arn, user_id)
    sso.delete_permission_set(InstanceArn=instance_arn, PermissionSetArn=ps_arn)
    assert sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"] == []


def test_deletion_keeps_working_after_the_user_is_gone(
    sso: Any,
    identitystore: Any,
    identity_store_id: str,
    instance_arn: str,
    ps_arn: str,
    user_id: str,
) -> None:
    assign(sso, instance_arn, ps_arn, user_id)
    identitystore.delete_user(IdentityStoreId=identity_store_id, UserId=user_id)
    status = unassign(sso, instance_arn, ps_arn, user_id)
    assert deletion(sso, instance_arn, status["RequestId"])["Status"] == "SUCCEEDED"
    assert assignments(sso, instance_arn, ps_arn) == []


# --- Describe / List statuses ----------------------------------------------------------------


def test_describe_unknown_request_ids_are_refused(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    created = assign(sso, instance_arn, ps_arn, user_id)
    with pytest.raises(ClientError) as excinfo:
        deletion(sso, instance_arn, created["RequestId"])
    assert error_code(excinfo) == "ResourceNotFoundException"
    assert created["RequestId"] in error_message(excinfo)
    unknown = str(uuid.uuid4())
    with pytest.raises(ClientError) as excinfo:
        creation(sso, instance_arn, unknown)
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_describe_on_unknown_instance_is_refused(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    created = assign(sso, instance_arn, ps_arn, user_id)
    with pytest.raises(ClientError) as excinfo:
        creation(sso, "arn:aws:sso:::instance/ssoins-0000000000000000", created["RequestId"])
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_status_lists_filter_and_page(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    made = [assign(sso, instance_arn, ps_arn, user_id, account=f"30000000000{n}") for n in range(3)]
    made += [
        assign(sso, instance_arn, ps_arn, MISSING_USER, account=f"40000000000{n}") for n in range(2)
    ]
    every = all_pages(
        sso.list_account_assignment_creation_status,
        "AccountAssignmentsCreationStatus",
        InstanceArn=instance_arn,
        MaxResults=2,
    )
    assert [s["RequestId"] for s in every] == [s["RequestId"] for s in made]
    assert set(every[0]) == {"Status", "RequestId", "CreatedDate"}
    failed = all_pages(
        sso.list_account_assignment_creation_status,
        "AccountAssignmentsCreationStatus",
        InstanceArn=instance_arn,
        MaxResults=1,
        Filter={"Status": "FAILED"},
    )
    assert [s["RequestId"] for s in failed] == [s["RequestId"] for s in made[3:]]
    assert {s["Status"] for s in failed} == {"FAILED"}
    pending = sso.list_account_assignment_creation_status(
        InstanceArn=instance_arn, Filter={"Status": "IN_PROGRESS"}
    )
    assert pending["AccountAssignmentsCreationStatus"] == []


def test_deletion_status_list(sso: Any, instance_arn: str, ps_arn: str, user_id: str) -> None:
    assign(sso, instance_arn, ps_arn, user_id)
    removed = unassign(sso, instance_arn, ps_arn, user_id)
    listed = sso.list_account_assignment_deletion_status(
        InstanceArn=instance_arn, Filter={"Status": "SUCCEEDED"}
    )["AccountAssignmentsDeletionStatus"]
    assert [s["RequestId"] for s in listed] == [removed["RequestId"]]
    created = sso.list_account_assignment_creation_status(InstanceArn=instance_arn)
    assert removed["RequestId"] not in {
        s["RequestId"] for s in created["AccountAssignmentsCreationStatus"]
    }


def test_status_token_belongs_to_its_filter(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    for n in range(3):
        assign(sso, instance_arn, ps_arn, user_id, account=f"30000000000{n}")
    page = sso.list_account_assignment_creation_status(InstanceArn=instance_arn, MaxResults=1)
    with pytest.raises(ClientError) as excinfo:
        sso.list_account_assignment_creation_status(
            InstanceArn=instance_arn, Filter={"Status": "FAILED"}, NextToken=page["NextToken"]
        )
    assert error_code(excinfo) == "ValidationException"


def test_polling_sees_in_progress_before_succeeded(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    settings.async_status.defer(reads=2)
    status = assign(sso, instance_arn, ps_arn, user_id, account=ACCOUNT)
    seen = []
    for _ in range(10):
        current = creation(sso, instance_arn, status["RequestId"])["Status"]
        seen.append(current)
        if current != "IN_PROGRESS":
            break
        # the work is not done yet: no assignment listed, no role made
        assert assignments(sso, instance_arn, ps_arn, ACCOUNT) == []
        assert sso_roles(iam) == []
        pending = sso.list_account_assignment_creation_status(
            InstanceArn=instance_arn, Filter={"Status": "IN_PROGRESS"}
        )
        assert [s["RequestId"] for s in pending["AccountAssignmentsCreationStatus"]] == [
            status["RequestId"]
        ]
    # two reads shown in progress: the first Describe and the List of statuses in progress
    # (a read of the status too); the next Describe settles it
    assert seen == ["IN_PROGRESS", "SUCCEEDED"]
    assert len(assignments(sso, instance_arn, ps_arn, ACCOUNT)) == 1
    assert len(sso_roles(iam)) == 1


@pytest.mark.parametrize("reads", [1, 3])
def test_polling_the_list_of_statuses_alone_settles_the_work(
    sso: Any, iam: Any, instance_arn: str, ps_arn: str, user_id: str, reads: int
) -> None:
    """Code that waits by listing the statuses in progress (never describing one) sees its
    assignment and its deletion settle after as many reads as a Describe would take."""
    settings.async_status.defer(reads=reads)

    def polls_until_settled(operation: str, member: str) -> int:
        for poll in range(1, 20):
            pending = getattr(sso, operation)(
                InstanceArn=instance_arn, Filter={"Status": "IN_PROGRESS"}
            )[member]
            if not pending:
                return poll
        raise AssertionError(f"{operation} never settled")

    assign(sso, instance_arn, ps_arn, user_id, account=ACCOUNT)
    assert polls_until_settled(
        "list_account_assignment_creation_status", "AccountAssignmentsCreationStatus"
    ) == reads + 1
    assert len(assignments(sso, instance_arn, ps_arn, ACCOUNT)) == 1
    assert len(sso_roles(iam)) == 1
    unassign(sso, instance_arn, ps_arn, user_id, account=ACCOUNT)
    assert polls_until_settled(
        "list_account_assignment_deletion_status", "AccountAssignmentsDeletionStatus"
    ) == reads + 1
    assert assignments(sso, instance_arn, ps_arn, ACCOUNT) == []
    # statuses of another kind are not read by a list of SUCCEEDED ones
    assign(sso, instance_arn, ps_arn, user_id, account=ACCOUNT)
    for _ in range(reads + 2):
        sso.list_account_assignment_creation_status(
            InstanceArn=instance_arn, Filter={"Status": "SUCCEEDED"}
        )
    assert assignments(sso, instance_arn, ps_arn, ACCOUNT) == []


def test_deferred_deletion_keeps_the_assignment_until_it_settles(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    assign(sso, instance_arn, ps_arn, user_id)
    settings.async_status.defer(reads=1)
    status = unassign(sso, instance_arn, ps_arn, user_id)
    assert deletion(sso, instance_arn, status["RequestId"])["Status"] == "IN_PROGRESS"
    assert len(assignments(sso, instance_arn, ps_arn)) == 1
    assert deletion(sso, instance_arn, status["RequestId"])["Status"] == "SUCCEEDED"
    assert assignments(sso, instance_arn, ps_arn) == []


def test_mock_switch_async_reads() -> None:
    """`mock_ssoadmin(async_reads=2)` is the same switch, for a whole suite."""
    from ssoadmin_mock import mock_ssoadmin

    with mock_ssoadmin(async_reads=2, check_principals=False):
        sso = client("sso-admin")
        instance_arn = sso.list_instances()["Instances"][0]["InstanceArn"]
        ps = sso.create_permission_set(InstanceArn=instance_arn, Name="P")["PermissionSet"]
        status = assign(sso, instance_arn, ps["PermissionSetArn"], MISSING_USER)
        states = [creation(sso, instance_arn, status["RequestId"])["Status"] for _ in range(3)]
        assert states == ["IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"]


def test_work_on_an_assignment_in_progress_is_refused_until_it_settles() -> None:
    """A grant and its revocation right after (an access-request bot's), the grant deferred:
    AWS refuses the revocation while the grant is in progress (ConflictException, "There is
    a conflicting operation in process.") and changes nothing; once the grant settles the
    revocation goes through. Work on another assignment is not in the way."""
    from ssoadmin_mock import mock_ssoadmin

    with mock_ssoadmin(async_reads=2, check_principals=False):
        sso = client("sso-admin")
        instance_arn = sso.list_instances()["Instances"][0]["InstanceArn"]
        ps = sso.create_permission_set(InstanceArn=instance_arn, Name="P")["PermissionSet"]
        arn = ps["PermissionSetArn"]
        other = assign(sso, instance_arn, arn, MISSING_USER, account="222222222222")
        granted = assign(sso, instance_arn, arn, MISSING_USER)
        before = get_backend().snapshot()
        for again in (unassign, assign):  # a revocation, or the same grant once more
            with pytest.raises(ClientError) as excinfo:
                again(sso, instance_arn, arn, MISSING_USER)
            assert error_code(excinfo) == "ConflictException"
            message = excinfo.value.response["Error"]["Message"]
            assert message == "There is a conflicting operation in process."
        assert get_backend().snapshot() == before
        states = [creation(sso, instance_arn, granted["RequestId"])["Status"] for _ in range(3)]
        assert states == ["IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"]
        assert len(assignments(sso, instance_arn, arn)) == 1
        revoked = unassign(sso, instance_arn, arn, MISSING_USER)
        states = [deletion(sso, instance_arn, revoked["RequestId"])["Status"] for _ in range(3)]
        assert states == ["IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"]
        assert assignments(sso, instance_arn, arn) == []
        assert creation(sso, instance_arn, other["RequestId"])["Status"] == "IN_PROGRESS"


def test_a_refused_list_reads_no_status_and_a_page_reads_only_its_own(
    sso: Any, instance_arn: str, ps_arn: str, user_id: str
) -> None:
    """A List refused for its token changes nothing, deferred work included; a page of
    statuses is a read of the statuses on it, not of those on later pages."""
    settings.async_status.defer(reads=2)
    made = [
        assign(sso, instance_arn, ps_arn, user_id, account=f"30000000000{n}")["RequestId"]
        for n in range(3)
    ]
    for _ in range(4):
        with pytest.raises(ClientError) as excinfo:
            sso.list_account_assignment_creation_status(InstanceArn=instance_arn, NextToken="x")
        assert error_code(excinfo) == "ValidationException"
    assert creation(sso, instance_arn, made[0])["Status"] == "IN_PROGRESS"
    pages = sso.get_paginator("list_account_assignment_creation_status").paginate(
        InstanceArn=instance_arn, PaginationConfig={"PageSize": 1}
    )
    seen = [
        (status["RequestId"], status["Status"])
        for page in pages
        for status in page["AccountAssignmentsCreationStatus"]
    ]
    assert sorted(seen) == sorted((request, "IN_PROGRESS") for request in made)
    # the first was read twice (its Describe, the listing), the others once (the listing):
    # the next Describe of each settles the first only
    assert [creation(sso, instance_arn, r)["Status"] for r in made] == [
        "SUCCEEDED",
        "IN_PROGRESS",
        "IN_PROGRESS",
    ]
