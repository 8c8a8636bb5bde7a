"""Application assignments and assignment configuration, through boto3."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from ssoadmin_mock import settings

from .test_applications import MISSING_APP, app_arn, code, make_application

__all__ = ["app_arn"]  # the fixture, imported for these tests

NOBODY = "00000000-0000-0000-0000-000000000000"


@pytest.fixture
def user(identitystore: Any, identity_store_id: str) -> str:
    return str(
        identitystore.create_user(
            IdentityStoreId=identity_store_id,
            UserName="alice",
            DisplayName="Alice",
            Name={"GivenName": "Alice", "FamilyName": "Doe"},
        )["UserId"]
    )


@pytest.fixture
def group(identitystore: Any, identity_store_id: str) -> str:
    return str(
        identitystore.create_group(IdentityStoreId=identity_store_id, DisplayName="eng")["GroupId"]
    )


def assigned(sso: Any, app: str) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    for page in sso.get_paginator("list_application_assignments").paginate(ApplicationArn=app):
        found += page["ApplicationAssignments"]
    return found


def for_principal(sso: Any, instance_arn: str, kind: str, pid: str, **extra: Any) -> list[str]:
    found: list[str] = []
    for page in sso.get_paginator("list_application_assignments_for_principal").paginate(
        InstanceArn=instance_arn, PrincipalType=kind, PrincipalId=pid, **extra
    ):
        found += [a["ApplicationArn"] for a in page["ApplicationAssignments"]]
    return found


def test_assign_user_and_group(sso: Any, app_arn: str, user: str, group: str) -> None:
    sso.create_application_assignment(
        ApplicationArn=app_arn, PrincipalId=user, PrincipalType="USER"
    )
    sso.create_application_assignment(
        ApplicationArn=app_arn, PrincipalId=group, PrincipalType="GROUP"
    )
    assert assigned(sso, app_arn) == [
        {"ApplicationArn": app_arn, "PrincipalId": user, "PrincipalType": "USER"},
        {"ApplicationArn": app_arn, "PrincipalId": group, "PrincipalType": "GROUP"},
    ]
    described = sso.describe_application_assignment(
        ApplicationArn=app_arn, PrincipalId=group, PrincipalType="GROUP"
    )
    assert (described["ApplicationArn"], described["PrincipalId"], described["PrincipalType"]) == (
        app_arn,
        group,
        "GROUP",
    )


def test_assigning_twice_changes_nothing(sso: Any, app_arn: str, user: str) -> None:
    for _ in range(2):
        sso.create_application_assignment(
            ApplicationArn=app_arn, PrincipalId=user, PrincipalType="USER"
        )
    assert len(assigned(sso, app_arn)) == 1


@pytest.mark.parametrize("kind", ["USER", "GROUP"])
def test_assigning_an_unknown_principal_is_not_found(sso: Any, app_arn: str, kind: str) -> None:
    with pytest.raises(ClientError) as error:
        sso.create_application_assignment(
            ApplicationArn=app_arn, PrincipalId=NOBODY, PrincipalType=kind
        )
    assert code(error) == "ResourceNotFoundException"
    assert NOBODY in error.value.response["Error"]["Message"]
    assert assigned(sso, app_arn) == []


def test_a_user_id_given_as_a_group_is_not_found(sso: Any, app_arn: str, user: str) -> None:
    with pytest.raises(ClientError) as error:
        sso.create_application_assignment(
            ApplicationArn=app_arn, PrincipalId=user, PrincipalType="GROUP"
        )
    assert code(error) == "ResourceNotFoundException"
    assert assigned(sso, app_arn) == []


def test_principal_checks_can_be_switched_off(sso: Any, app_arn: str) -> None:
    settings.check_principals = False
    sso.create_application_assignment(
        ApplicationArn=app_arn, PrincipalId=NOBODY, PrincipalType="USER"
    )
    assert [a["PrincipalId"] for a in assigned(sso, app_arn)] == [NOBODY]


def test_assigning_to_an_absent_application_is_not_found(sso: Any, user: str) -> None:
    with pytest.raises(ClientError) as error:
        sso.create_application_assignment(
            ApplicationArn=MISSING_APP, PrincipalId=user, PrincipalType="USER"
        )
    assert code(error) == "ResourceNotFoundException"


def test_assignment_refuses_malformed_principal_ids(raw_sso: Any, app_arn: str) -> None:
    with pytest.raises(ClientError) as error:
        raw_sso.create_application_assignment(
            ApplicationArn=app_arn, PrincipalId="not-an-id", PrincipalType="ROLE"
        )
    assert code(error) == "ValidationException"
    assert "2 validation errors" in error.value.response["Error"]["Message"]


def test_delete_assignment(sso: Any, app_arn: str, user: str) -> None:
    sso.create_application_assignment(
        ApplicationArn=app_arn, PrincipalId=user, PrincipalType="USER"
    )
    sso.delete_application_assignment(
        ApplicationArn=app_arn, PrincipalId=user, PrincipalType="USER"
    )
    assert assigned(sso, app_arn) == []
    with pytest.raises(ClientError) as error:
        sso.describe_application_assignment(
            ApplicationArn=app_arn, PrincipalId=user, PrincipalType="USER"
        )
    assert code(error) == "ResourceNotFoundException"


def test_deleting_an_absent_assignment_is_not_found(
    sso: Any, app_arn: str, user: str, group: str
) -> None:
    sso.create_application_assignment(
        ApplicationArn=app_arn, PrincipalId=group, PrincipalType="GROUP"
    )
    with pytest.raises(ClientError) as error:
        sso.delete_application_assignment(
            ApplicationArn=app_arn, PrincipalId=user, PrincipalType="USER"
        )
    assert code(error) == "ResourceNotFoundException"
    assert len(assigned(sso, app_arn)) == 1
    with pytest.raises(ClientError) as error:
        sso.delete_application_assignment(
            ApplicationArn=MISSING_APP, PrincipalId=group, PrincipalType="GROUP"
        )
    assert code(error) == "ResourceNotFoundException"


def test_describe_absent_assignment_is_not_found(sso: Any, app_arn: str, user: str) -> None:
    with pytest.raises(ClientError) as error:
        sso.describe_application_assignment(
            ApplicationArn=app_arn, PrincipalId=user, PrincipalType="USER"
        )
    assert code(error) == "ResourceNotFoundException"


def test_list_assignments_pages_in_creation_order(
    sso: Any, app_arn: str, identitystore: Any, identity_store_id: str
) -> None:
    groups = [
        identitystore.create_group(IdentityStoreId=identity_store_id, DisplayName=f"g{n}")[
            "GroupId"
        ]
        for n in range(5)
    ]
    for group_id in groups:
        sso.create_application_assignment(
            ApplicationArn=app_arn, PrincipalId=group_id, PrincipalType="GROUP"
        )
    first = sso.list_application_assignments(ApplicationArn=app_arn, MaxResults=2)
    assert [a["PrincipalId"] for a in first["ApplicationAssignments"]] == groups[:2]
    assert "NextToken" in first
    rest = []
    for page in sso.get_paginator("list_application_assignments").paginate(
        ApplicationArn=app_arn, PaginationConfig={"PageSize": 2}
    ):
        rest += [a["PrincipalId"] for a in page["ApplicationAssignments"]]
    assert rest == groups


def test_list_assignments_of_absent_application_is_not_found(sso: Any) -> None:
    with pytest.raises(ClientError) as error:
        sso.list_application_assignments(ApplicationArn=MISSING_APP)
    assert code(error) == "ResourceNotFoundException"


def test_assignments_for_principal_across_applications(
    sso: Any, instance_arn: str, user: str, group: str
) -> None:
    apps = [make_application(sso, instance_arn, name=f"app-{n}") for n in range(3)]
    for app in apps:
        sso.create_application_assignment(
            ApplicationArn=app, PrincipalId=user, PrincipalType="USER"
        )
    sso.create_application_assignment(
        ApplicationArn=apps[0], PrincipalId=group, PrincipalType="GROUP"
    )
    assert for_principal(sso, instance_arn, "USER", user) == apps
    assert for_principal(sso, instance_arn, "USER", user, PaginationConfig={"PageSize": 1}) == apps
    assert for_principal(sso, instance_arn, "GROUP", group) == apps[:1]
    filtered = for_principal(sso, instance_arn, "USER", user, Filter={"ApplicationArn": apps[1]})
    assert filtered == [apps[1]]
    assert (
        for_principal(sso, instance_arn, "GROUP", group, Filter={"ApplicationArn": apps[1]}) == []
    )
    assert for_principal(sso, instance_arn, "USER", NOBODY) == []
    sso.delete_application(ApplicationArn=apps[0])
    assert for_principal(sso, instance_arn, "USER", user) == apps[1:]
    assert for_principal(sso, instance_arn, "GROUP", group) == []


def test_assignments_for_principal_body(
    sso: Any, instance_arn: str, app_arn: str, user: str
) -> None:
    sso.create_application_assignment(
        ApplicationArn=app_arn, PrincipalId=user, PrincipalType="USER"
    )
    body = sso.list_application_assignments_for_principal(
        InstanceArn=instance_arn, PrincipalId=user, PrincipalType="USER"
    )
    assert body["ApplicationAssignments"] == [
        {"ApplicationArn": app_arn, "PrincipalId": user, "PrincipalType": "USER"}
    ]
    assert "NextToken" not in body


def test_assignments_for_principal_of_unknown_instance_is_not_found(sso: Any, user: str) -> None:
    with pytest.raises(ClientError) as error:
        sso.list_application_assignments_for_principal(
            InstanceArn="arn:aws:sso:::instance/ssoins-0000000000000000",
            PrincipalId=user,
            PrincipalType="USER",
        )
    assert code(error) == "ResourceNotFoundException"


# --- assignment configuration -------------------------------------------------------------


def test_assignment_is_required_by_default_and_can_be_changed(sso: Any, app_arn: str) -> None:
    config = sso.get_application_assignment_configuration(ApplicationArn=app_arn)
    assert config["AssignmentRequired"] is True
    sso.put_application_assignment_configuration(ApplicationArn=app_arn, AssignmentRequired=False)
    config = sso.get_application_assignment_configuration(ApplicationArn=app_arn)
    assert config["AssignmentRequired"] is False


def test_assignment_configuration_of_absent_application_is_not_found(sso: Any) -> None:
    for call in (
        lambda: sso.get_application_assignment_configuration(ApplicationArn=MISSING_APP),
        lambda: sso.put_application_assignment_configuration(
            ApplicationArn=MISSING_APP, AssignmentRequired=True
        ),
    ):
        with pytest.raises(ClientError) as error:
            call()
        assert code(error) == "ResourceNotFoundException"


def test_assignment_configuration_needs_the_flag(raw_sso: Any, sso: Any, app_arn: str) -> None:
    with pytest.raises(ClientError) as error:
        raw_sso.put_application_assignment_configuration(ApplicationArn=app_arn)
    assert code(error) == "ValidationException"
    assert (
        sso.get_application_assignment_configuration(ApplicationArn=app_arn)["AssignmentRequired"]
        is True
    )
