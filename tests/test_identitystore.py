"""The identity store through boto3: every operation valid, invalid, conflicting, not found.

Every client here checks each response body against the model (`shape_recorder`), and each
refusal is checked to change nothing (`inspection.unchanged`).
"""

from __future__ import annotations

import copy
import threading
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

import ssoadmin_mock  # noqa: F401 - makes moto's mock_aws serve the identity store
from ssoadmin_mock import inspection
from ssoadmin_mock.inspection import unchanged
from ssoadmin_mock.services.identitystore.attributes import extension_shape

from .assignment_support import make_user
from .conftest import client

NAME = {"GivenName": "Ada", "FamilyName": "Lovelace"}


def user(ids: Any, store: str, name: str = "ada", **extra: Any) -> str:
    made = ids.create_user(
        IdentityStoreId=store, UserName=name, DisplayName=name.title(), Name=NAME, **extra
    )
    return str(made["UserId"])


def group(ids: Any, store: str, name: str = "engineers") -> str:
    return str(ids.create_group(IdentityStoreId=store, DisplayName=name)["GroupId"])


def refused(call: Any, code: str, **kwargs: Any) -> dict[str, Any]:
    """Call, expecting `code`; the state must not change. Returns the error response."""
    with unchanged(), pytest.raises(ClientError) as caught:
        call(**kwargs)
    assert caught.value.response["Error"]["Code"] == code, caught.value.response
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    response: dict[str, Any] = caught.value.response
    return response


# --- users -----------------------------------------------------------------------------------


def test_create_describe_update_read_round_trip(identitystore: Any, identity_store_id: str) -> None:
    """What infrastructure tools do: create, read, update, read; the reads equal the writes."""
    ids, store = identitystore, identity_store_id
    user_id = user(
        ids,
        store,
        Emails=[{"Value": "ada@example.com", "Type": "work", "Primary": True}],
        PhoneNumbers=[{"Value": "+1 555 0100", "Type": "work"}],
        Addresses=[{"Locality": "London", "Country": "UK"}],
        Title="Countess",
    )
    assert user_id.count("-") == 4 and user_id.split("-")[2].startswith("70")
    first = ids.describe_user(IdentityStoreId=store, UserId=user_id)
    assert first["UserName"] == "ada" and first["Name"] == NAME
    assert first["Emails"] == [{"Value": "ada@example.com", "Type": "work", "Primary": True}]
    assert first["Addresses"] == [{"Locality": "London", "Country": "UK"}]
    assert first["UserStatus"] == "ENABLED"
    assert first["CreatedAt"] == first["UpdatedAt"]
    assert first["CreatedBy"] == "arn:aws:iam::123456789012:root"
    ids.update_user(
        IdentityStoreId=store,
        UserId=user_id,
        Operations=[
            {"AttributePath": "displayName", "AttributeValue": "Ada King"},
            {"AttributePath": "name.givenName", "AttributeValue": "Augusta"},
            {"AttributePath": "emails", "AttributeValue": [{"Value": "ak@example.com"}]},
            {"AttributePath": "title"},
        ],
    )
    second = ids.describe_user(IdentityStoreId=store, UserId=user_id)
    assert second["DisplayName"] == "Ada King"
    assert second["Name"] == {"GivenName": "Augusta", "FamilyName": "Lovelace"}
    assert second["Emails"] == [{"Value": "ak@example.com"}]
    assert "Title" not in second
    assert second["UpdatedAt"] >= first["UpdatedAt"] and second["CreatedAt"] == first["CreatedAt"]
    [listed] = ids.list_users(IdentityStoreId=store)["Users"]
    assert {k: v for k, v in listed.items()} == {
        k: v for k, v in second.items() if k != "ResponseMetadata"
    }


def test_user_names_are_unique_without_regard_to_case(
    identitystore: Any, identity_store_id: str
) -> None:
    user(identitystore, identity_store_id, "ada")
    response = refused(
        identitystore.create_user,
        "ConflictException",
        IdentityStoreId=identity_store_id,
        UserName="ADA",
        DisplayName="Other",
        Name=NAME,
    )
    assert response["Reason"] == "UNIQUENESS_CONSTRAINT_VIOLATION"
    other = user(identitystore, identity_store_id, "grace")
    refused(
        identitystore.update_user,
        "ConflictException",
        IdentityStoreId=identity_store_id,
        UserId=other,
        Operations=[{"AttributePath": "userName", "AttributeValue": "Ada"}],
    )
    # a change of case of one's own name is no conflict
    identitystore.update_user(
        IdentityStoreId=identity_store_id,
        UserId=other,
        Operations=[{"AttributePath": "UserName", "AttributeValue": "Grace"}],
    )
    assert inspection.State.at().user_named("grace").user_name == "Grace"


@pytest.mark.parametrize(
    "missing", ["UserName", "DisplayName", "Name", "GivenName"], ids=lambda m: f"no {m}"
)
def test_create_user_requires_what_identity_center_requires(
    identitystore: Any, identity_store_id: str, missing: str
) -> None:
    request: dict[str, Any] = {
        "IdentityStoreId": identity_store_id,
        "UserName": "ada",
        "DisplayName": "Ada",
        "Name": dict(NAME),
    }
    if missing == "GivenName":
        del request["Name"]["GivenName"]
    else:
        del request[missing]
    response = refused(identitystore.create_user, "ValidationException", **request)
    assert "Member must not be null" in response["Error"]["Message"]


def test_reserved_names_are_refused(identitystore: Any, identity_store_id: str) -> None:
    for name in ("Administrator", "awsadministrators"):
        refused(
            identitystore.create_user,
            "ValidationException",
            IdentityStoreId=identity_store_id,
            UserName=name,
            DisplayName="x",
            Name=NAME,
        )
        refused(
            identitystore.create_group,
            "ValidationException",
            IdentityStoreId=identity_store_id,
            DisplayName=name,
        )


@pytest.mark.parametrize(
    "operation, why",
    [
        ({"AttributePath": "displayName"}, "required attribute"),
        ({"AttributePath": "name.familyName"}, "required attribute"),
        ({"AttributePath": "userName"}, "required attribute"),
        ({"AttributePath": "noSuchThing", "AttributeValue": "x"}, "Invalid attribute path"),
        ({"AttributePath": "displayName", "AttributeValue": ""}, "length greater than"),
        ({"AttributePath": "emails", "AttributeValue": [{"Value": 5}]}, "of type string"),
    ],
)
def test_update_user_refuses_what_aws_refuses(
    identitystore: Any, identity_store_id: str, operation: dict[str, Any], why: str
) -> None:
    user_id = user(identitystore, identity_store_id)
    response = refused(
        identitystore.update_user,
        "ValidationException",
        IdentityStoreId=identity_store_id,
        UserId=user_id,
        # the first operation is valid: a refusal applies none of them
        Operations=[{"AttributePath": "title", "AttributeValue": "Dr"}, operation],
    )
    assert why in response["Error"]["Message"]


def test_update_user_takes_values_in_lower_camel_as_aws_writes_them(
    identitystore: Any, identity_store_id: str
) -> None:
    """AWS's own example (re:Post, "update user in identity store") and Terraform's provider
    send ``emails`` as ``[{"value": ..., "type": ..., "primary": ...}]``: the members are
    matched without regard to case and kept under the model's names (once: emptied)."""
    ids, store = identitystore, identity_store_id
    user_id = user(ids, store)
    ids.update_user(
        IdentityStoreId=store,
        UserId=user_id,
        Operations=[
            {
                "AttributePath": "emails",
                "AttributeValue": [{"value": "ada@example.com", "type": "work", "primary": True}],
            },
            {"AttributePath": "name", "AttributeValue": {"givenName": "A", "familyName": "L"}},
            {"AttributePath": "addresses", "AttributeValue": [{"postalCode": "N1"}]},
        ],
    )
    described = ids.describe_user(IdentityStoreId=store, UserId=user_id)
    assert described["Emails"] == [{"Value": "ada@example.com", "Type": "work", "Primary": True}]
    assert described["Name"] == {"GivenName": "A", "FamilyName": "L"}
    assert described["Addresses"] == [{"PostalCode": "N1"}]
    found = ids.get_user_id(
        IdentityStoreId=store,
        AlternateIdentifier={
            "UniqueAttribute": {
                "AttributePath": "emails.value",
                "AttributeValue": "ada@example.com",
            }
        },
    )
    assert found["UserId"] == user_id
    response = refused(
        ids.update_user,
        "ValidationException",
        IdentityStoreId=store,
        UserId=user_id,
        Operations=[{"AttributePath": "emails", "AttributeValue": [{"value": 5}]}],
    )
    assert "attributeValue.1.member.value" in response["Error"]["Message"]


def test_get_user_id_by_user_name_and_email(identitystore: Any, identity_store_id: str) -> None:
    user_id = user(identitystore, identity_store_id, Emails=[{"Value": "Ada@Example.com"}])
    for path, value in [("userName", "ADA"), ("emails.value", "ada@example.com")]:
        found = identitystore.get_user_id(
            IdentityStoreId=identity_store_id,
            AlternateIdentifier={
                "UniqueAttribute": {"AttributePath": path, "AttributeValue": value}
            },
        )
        assert (found["UserId"], found["IdentityStoreId"]) == (user_id, identity_store_id)
    response = refused(
        identitystore.get_user_id,
        "ResourceNotFoundException",
        IdentityStoreId=identity_store_id,
        AlternateIdentifier={
            "UniqueAttribute": {"AttributePath": "userName", "AttributeValue": "nobody"}
        },
    )
    assert response["ResourceType"] == "USER"
    # AWS's words, which code calling GetUserId matches on
    assert response["Error"]["Message"] == "USER not found."
    refused(
        identitystore.get_user_id,
        "ValidationException",
        IdentityStoreId=identity_store_id,
        AlternateIdentifier={
            "UniqueAttribute": {"AttributePath": "displayName", "AttributeValue": "Ada"}
        },
    )
    refused(
        identitystore.get_user_id,
        "ResourceNotFoundException",
        IdentityStoreId=identity_store_id,
        AlternateIdentifier={"ExternalId": {"Issuer": "scim", "Id": "1"}},
    )


def test_list_users_filter_and_pages(identitystore: Any, identity_store_id: str) -> None:
    made = [user(identitystore, identity_store_id, f"u{n}") for n in range(5)]
    page = identitystore.list_users(IdentityStoreId=identity_store_id, MaxResults=2)
    assert [u["UserId"] for u in page["Users"]] == made[:2]
    rest = identitystore.list_users(
        IdentityStoreId=identity_store_id, NextToken=page["NextToken"]
    )
    assert [u["UserId"] for u in rest["Users"]] == made[2:] and "NextToken" not in rest
    filtered = identitystore.list_users(
        IdentityStoreId=identity_store_id,
        Filters=[{"AttributePath": "UserName", "AttributeValue": "U3"}],
    )
    assert [u["UserId"] for u in filtered["Users"]] == [made[3]]
    refused(
        identitystore.list_users,
        "ValidationException",
        IdentityStoreId=identity_store_id,
        Filters=[{"AttributePath": "DisplayName", "AttributeValue": "U3"}],
    )


def test_an_unknown_store_is_refused_as_aws_refuses_it(identitystore: Any, user_id: str) -> None:
    response = refused(
        identitystore.describe_user,
        "ResourceNotFoundException",
        IdentityStoreId="d-0000000000",
        UserId=user_id,
    )
    assert response["Error"]["Message"] == (
        "IdentityStore not present for IdentityStoreId: d-0000000000"
    )
    assert (response["ResourceType"], response["ResourceId"]) == ("IDENTITY_STORE", "d-0000000000")


def test_not_found_names_the_resource(identitystore: Any, identity_store_id: str) -> None:
    missing = "11111111-2222-7033-4444-555555555555"
    for call, member, kind in [
        (identitystore.describe_user, "UserId", "USER"),
        (identitystore.delete_user, "UserId", "USER"),
        (identitystore.describe_group, "GroupId", "GROUP"),
        (identitystore.delete_group, "GroupId", "GROUP"),
        (identitystore.describe_group_membership, "MembershipId", "GROUP_MEMBERSHIP"),
        (identitystore.delete_group_membership, "MembershipId", "GROUP_MEMBERSHIP"),
    ]:
        arguments = {"IdentityStoreId": identity_store_id, member: missing}
        response = refused(call, "ResourceNotFoundException", **arguments)
        assert (response["ResourceType"], response["ResourceId"]) == (kind, missing)
        # the model's RequestId: the request's own id, "returned inside the exception"
        assert response["RequestId"] == response["ResponseMetadata"]["RequestId"]


def test_invalid_requests_get_the_validators_messages(identitystore: Any) -> None:
    raw = client("identitystore", config=boto3.session.Config(parameter_validation=False))
    response = refused(raw.describe_user, "ValidationException", IdentityStoreId="x", UserId="y")
    assert "Value 'x' at 'identityStoreId' failed to satisfy constraint" in (
        response["Error"]["Message"]
    )


# --- groups and memberships ------------------------------------------------------------------


def test_groups_create_update_delete(identitystore: Any, identity_store_id: str) -> None:
    ids, store = identitystore, identity_store_id
    group_id = group(ids, store)
    refused(ids.create_group, "ConflictException", IdentityStoreId=store, DisplayName="ENGINEERS")
    ids.update_group(
        IdentityStoreId=store,
        GroupId=group_id,
        Operations=[
            {"AttributePath": "displayName", "AttributeValue": "builders"},
            {"AttributePath": "description", "AttributeValue": "they build"},
        ],
    )
    described = ids.describe_group(IdentityStoreId=store, GroupId=group_id)
    assert (described["DisplayName"], described["Description"]) == ("builders", "they build")
    found = ids.get_group_id(
        IdentityStoreId=store,
        AlternateIdentifier={
            "UniqueAttribute": {"AttributePath": "displayName", "AttributeValue": "Builders"}
        },
    )
    assert found["GroupId"] == group_id
    listed = ids.list_groups(
        IdentityStoreId=store, Filters=[{"AttributePath": "DisplayName", "AttributeValue": "x"}]
    )
    assert listed["Groups"] == []
    group(ids, store, "engineers")  # the old name is free again
    refused(
        ids.update_group,
        "ValidationException",
        IdentityStoreId=store,
        GroupId=group_id,
        Operations=[{"AttributePath": "displayName"}],
    )
    refused(
        ids.update_group,
        "ConflictException",
        IdentityStoreId=store,
        GroupId=group_id,
        Operations=[{"AttributePath": "displayName", "AttributeValue": "Engineers"}],
    )
    ids.delete_group(IdentityStoreId=store, GroupId=group_id)
    assert [g.display_name for g in inspection.State.at().groups()] == ["engineers"]


def test_memberships(identitystore: Any, identity_store_id: str) -> None:
    ids, store = identitystore, identity_store_id
    ada, grace = user(ids, store, "ada"), user(ids, store, "grace")
    devs, ops = group(ids, store, "devs"), group(ids, store, "ops")
    member = {"UserId": ada}
    made = ids.create_group_membership(IdentityStoreId=store, GroupId=devs, MemberId=member)
    ids.create_group_membership(IdentityStoreId=store, GroupId=ops, MemberId=member)
    ids.create_group_membership(IdentityStoreId=store, GroupId=devs, MemberId={"UserId": grace})
    twice = refused(
        ids.create_group_membership,
        "ConflictException",
        IdentityStoreId=store,
        GroupId=devs,
        MemberId=member,
    )
    # AWS's message, which membership code matches on
    assert twice["Error"]["Message"] == "Member and Group relationship already exists"
    assert twice["Reason"] == "UNIQUENESS_CONSTRAINT_VIOLATION"
    missing = "11111111-2222-7033-4444-555555555555"
    response = refused(
        ids.create_group_membership,
        "ResourceNotFoundException",
        IdentityStoreId=store,
        GroupId=devs,
        MemberId={"UserId": missing},
    )
    assert response["ResourceType"] == "USER"
    assert ids.get_group_membership_id(IdentityStoreId=store, GroupId=devs, MemberId=member)[
        "MembershipId"
    ] == made["MembershipId"]
    described = ids.describe_group_membership(
        IdentityStoreId=store, MembershipId=made["MembershipId"]
    )
    assert (described["GroupId"], described["MemberId"]) == (devs, member)
    results = ids.is_member_in_groups(
        IdentityStoreId=store, MemberId={"UserId": grace}, GroupIds=[ops, devs, missing]
    )["Results"]
    assert [(r["GroupId"], r["MembershipExists"]) for r in results] == [
        (ops, False),
        (devs, True),
        (missing, False),
    ]
    of_devs = ids.list_group_memberships(IdentityStoreId=store, GroupId=devs)["GroupMemberships"]
    assert [m["MemberId"]["UserId"] for m in of_devs] == [ada, grace]
    of_ada = ids.list_group_memberships_for_member(IdentityStoreId=store, MemberId=member)
    assert [m["GroupId"] for m in of_ada["GroupMemberships"]] == [devs, ops]
    ids.delete_group_membership(IdentityStoreId=store, MembershipId=made["MembershipId"])
    refused(
        ids.get_group_membership_id,
        "ResourceNotFoundException",
        IdentityStoreId=store,
        GroupId=devs,
        MemberId=member,
    )
    ids.delete_user(IdentityStoreId=store, UserId=grace)
    assert ids.list_group_memberships(IdentityStoreId=store, GroupId=devs)["GroupMemberships"] == []
    ids.delete_group(IdentityStoreId=store, GroupId=ops)
    assert inspection.State.at().memberships() == []


# --- one world with sso-admin ----------------------------------------------------------------


def test_memberships_change_what_a_user_holds_through_groups(
    sso: Any, identitystore: Any, identity_store_id: str, instance_arn: str, ps_arn: str
) -> None:
    ada = user(identitystore, identity_store_id)
    devs = group(identitystore, identity_store_id, "devs")
    status = sso.create_account_assignment(
        InstanceArn=instance_arn,
        TargetId="111111111111",
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=ps_arn,
        PrincipalType="GROUP",
        PrincipalId=devs,
    )["AccountAssignmentCreationStatus"]
    done = sso.describe_account_assignment_creation_status(
        InstanceArn=instance_arn, AccountAssignmentCreationRequestId=status["RequestId"]
    )["AccountAssignmentCreationStatus"]
    assert done["Status"] == "SUCCEEDED"

    def held() -> list[str]:
        found = sso.list_account_assignments_for_principal(
            InstanceArn=instance_arn, PrincipalId=ada, PrincipalType="USER"
        )["AccountAssignments"]
        return [a["PrincipalId"] for a in found]

    assert held() == []
    made = identitystore.create_group_membership(
        IdentityStoreId=identity_store_id, GroupId=devs, MemberId={"UserId": ada}
    )
    assert held() == [devs]
    identitystore.delete_group_membership(
        IdentityStoreId=identity_store_id, MembershipId=made["MembershipId"]
    )
    assert held() == []


def test_a_deleted_user_is_no_principal_any_more(
    sso: Any, identitystore: Any, identity_store_id: str, instance_arn: str, ps_arn: str
) -> None:
    ada = user(identitystore, identity_store_id)
    identitystore.delete_user(IdentityStoreId=identity_store_id, UserId=ada)
    status = sso.create_account_assignment(
        InstanceArn=instance_arn,
        TargetId="111111111111",
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=ps_arn,
        PrincipalType="USER",
        PrincipalId=ada,
    )["AccountAssignmentCreationStatus"]
    done = sso.describe_account_assignment_creation_status(
        InstanceArn=instance_arn, AccountAssignmentCreationRequestId=status["RequestId"]
    )["AccountAssignmentCreationStatus"]
    assert done["Status"] == "FAILED" and ada in done["FailureReason"]


def test_faults_arm_identitystore_operations(mock: Any, identitystore: Any) -> None:
    mock.faults.inject("ListUsers", "AccessDeniedException")
    store = client("sso-admin").list_instances()["Instances"][0]["IdentityStoreId"]
    with pytest.raises(ClientError) as caught:
        identitystore.list_users(IdentityStoreId=store)
    assert caught.value.response["Error"]["Code"] == "AccessDeniedException"
    assert mock.faults.fired == {"ListUsers": 1}
    assert identitystore.list_users(IdentityStoreId=store)["Users"] == []


# --- threads ---------------------------------------------------------------------------------


THREADS = 8


def _in_threads(work: Any) -> list[Any]:
    results: list[Any] = [None] * THREADS
    start = threading.Barrier(THREADS)

    def run(index: int) -> None:
        start.wait()
        try:
            results[index] = work(index)
        except ClientError as error:
            results[index] = error.response["Error"]["Code"]

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_threads_creating_users_lose_no_write_and_make_no_duplicate(
    identitystore: Any, identity_store_id: str
) -> None:
    clients = [client("identitystore") for _ in range(THREADS)]
    distinct = _in_threads(lambda n: make_user(clients[n], identity_store_id, f"t{n}"))
    same = _in_threads(lambda n: make_user(clients[n], identity_store_id, "same"))
    assert len(set(distinct)) == THREADS
    assert sum(1 for r in same if r == "ConflictException") == THREADS - 1
    listed = identitystore.list_users(IdentityStoreId=identity_store_id)["Users"]
    assert sorted(u["UserName"] for u in listed) == sorted([f"t{n}" for n in range(8)] + ["same"])


# --- moto's own mock_aws ---------------------------------------------------------------------


def test_moto_mock_aws_serves_this_identity_store() -> None:
    """A suite built on moto's mock_aws gets this identity store after `import ssoadmin_mock`:
    UpdateUser, which moto lacks, works, and sso-admin sees the users."""
    with mock_aws():
        sso = boto3.client("sso-admin", region_name="us-east-1")
        ids = boto3.client("identitystore", region_name="us-east-1")
        store = sso.list_instances()["Instances"][0]["IdentityStoreId"]
        user_id = user(ids, store)
        ids.update_user(
            IdentityStoreId=store,
            UserId=user_id,
            Operations=[{"AttributePath": "displayName", "AttributeValue": "Ada King"}],
        )
        assert ids.describe_user(IdentityStoreId=store, UserId=user_id)["DisplayName"] == (
            "Ada King"
        )
        assert inspection.State.at().user_named("ada").user_id == user_id


def test_moto_backend_objects_say_where_the_identity_store_went() -> None:
    from moto.identitystore import identitystore_backends

    with mock_aws():
        slot = identitystore_backends["123456789012"]["us-east-1"]
        with pytest.raises(AttributeError, match="ssoadmin-mock serves identitystore"):
            slot.create_user  # noqa: B018 - the attribute access is what is tested


class _NoScan(dict):  # type: ignore[type-arg]
    """A dict that fails the test when it is walked (a look-up that scans the store)."""

    def __iter__(self) -> Any:
        raise AssertionError("the store was scanned")

    def values(self) -> Any:
        raise AssertionError("the store was scanned")

    def items(self) -> Any:
        raise AssertionError("the store was scanned")


def test_look_ups_read_indexes_and_never_scan_the_store(
    identitystore: Any, identity_store_id: str
) -> None:
    """GetUserId, DescribeUser, ListUsers with a filter, GetGroupId, GetGroupMembershipId and
    the membership listings cost the same whatever the store's size: none walks it."""
    from ssoadmin_mock import get_backend

    ada = user(identitystore, identity_store_id, "ada", Emails=[{"Value": "ada@example.com"}])
    devs = group(identitystore, identity_store_id, "devs")
    identitystore.create_group_membership(
        IdentityStoreId=identity_store_id, GroupId=devs, MemberId={"UserId": ada}
    )
    directory = get_backend().identity_stores.find(identity_store_id)
    assert directory is not None
    for name in ("users", "groups", "memberships"):
        setattr(directory, name, _NoScan(getattr(directory, name)))
    store = {"IdentityStoreId": identity_store_id}
    by_name = {"UniqueAttribute": {"AttributePath": "userName", "AttributeValue": "ada"}}
    by_email = {
        "UniqueAttribute": {"AttributePath": "emails.value", "AttributeValue": "ada@example.com"}
    }
    assert identitystore.get_user_id(**store, AlternateIdentifier=by_name)["UserId"] == ada
    assert identitystore.get_user_id(**store, AlternateIdentifier=by_email)["UserId"] == ada
    assert identitystore.describe_user(**store, UserId=ada)["UserName"] == "ada"
    filtered = identitystore.list_users(
        **store, Filters=[{"AttributePath": "UserName", "AttributeValue": "ada"}]
    )
    assert [u["UserId"] for u in filtered["Users"]] == [ada]
    named = {"UniqueAttribute": {"AttributePath": "displayName", "AttributeValue": "devs"}}
    assert identitystore.get_group_id(**store, AlternateIdentifier=named)["GroupId"] == devs
    member = {"MemberId": {"UserId": ada}}
    assert identitystore.get_group_membership_id(**store, GroupId=devs, **member)
    assert identitystore.list_group_memberships(**store, GroupId=devs)["GroupMemberships"]
    assert identitystore.list_group_memberships_for_member(**store, **member)[
        "GroupMemberships"
    ]
    assert identitystore.is_member_in_groups(**store, GroupIds=[devs], **member)["Results"]


def test_apply_operations_leaves_the_held_attributes_as_they_were() -> None:
    """UpdateUser's operations work on a copy: the structures they change are copied, so the
    user's attributes stay as they were, whether the operations succeed or one is refused."""
    from ssoadmin_mock.exceptions import ValidationException
    from ssoadmin_mock.services.identitystore.attributes import (
        USER_REQUIRED,
        apply_operations,
        user_paths,
    )

    held = {
        "UserName": "alice",
        "DisplayName": "Alice",
        "Name": {"GivenName": "Alice", "FamilyName": "Liddell", "MiddleName": "P"},
        "Extensions": {"aws:identitystore:enterprise": {"employeeNumber": "1"}},
    }
    before = copy.deepcopy(held)
    operations: list[dict[str, Any]] = [
        {"AttributePath": "name.givenName", "AttributeValue": "Alicia"},
        {"AttributePath": "name.middleName"},
    ]
    has_extensions = extension_shape() is not None  # models before Extensions lack them
    if has_extensions:
        operations.append({"AttributePath": "aws:identitystore:enterprise"})
    updated = apply_operations(
        held,
        operations,
        user_paths(),
        USER_REQUIRED,
        extensions=True,
    )
    assert held == before
    assert updated["Name"] == {"GivenName": "Alicia", "FamilyName": "Liddell"}
    assert ("Extensions" in updated) is not has_extensions
    with pytest.raises(ValidationException):
        apply_operations(
            held,
            [
                {"AttributePath": "name.givenName", "AttributeValue": "Alicia"},
                {"AttributePath": "name.familyName"},  # required: refused
            ],
            user_paths(),
            USER_REQUIRED,
        )
    assert held == before


ENTERPRISE = "aws:identitystore:enterprise"


@pytest.mark.skipif(
    extension_shape() is None, reason="the installed botocore models no user Extensions"
)
def test_the_enterprise_extension_is_the_only_one(
    identitystore: Any, identity_store_id: str
) -> None:
    """"aws:identitystore:enterprise is the only supported extension name" (CreateUser,
    Extensions): another name the model's pattern allows is refused wherever it is named."""
    ids, store = identitystore, identity_store_id
    enterprise = {"employeeNumber": "7", "department": "R&D"}
    user_id = user(ids, store, Extensions={ENTERPRISE: enterprise})
    described = ids.describe_user(IdentityStoreId=store, UserId=user_id, Extensions=[ENTERPRISE])
    assert described["Extensions"] == {ENTERPRISE: enterprise}
    other = "aws:identitystore:custom"
    for call, kwargs in (
        (
            ids.create_user,
            {"UserName": "bo", "DisplayName": "Bo", "Name": NAME, "Extensions": {other: {}}},
        ),
        (
            ids.update_user,
            {"UserId": user_id, "Operations": [{"AttributePath": other, "AttributeValue": {}}]},
        ),
        (ids.describe_user, {"UserId": user_id, "Extensions": [other]}),
        (ids.list_users, {"Extensions": [ENTERPRISE, other]}),
    ):
        response = refused(call, "ValidationException", IdentityStoreId=store, **kwargs)
        assert "the only supported extension name" in response["Error"]["Message"]
    assert ids.describe_user(IdentityStoreId=store, UserId=user_id, Extensions=[ENTERPRISE])[
        "Extensions"
    ] == {ENTERPRISE: enterprise}
