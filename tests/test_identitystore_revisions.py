"""What newer identitystore models add, through boto3: resource ARNs, revisions and the
identity store's own operations.

Each test needs the installed botocore to model what it tests, and says why it skips when
it does not (the package supports older botocore releases too, whose responses must then
carry none of it: `test_members_follow_the_installed_model`). Every client checks each
response body against the model (`shape_recorder`); each refusal changes nothing.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from ssoadmin_mock.service import IDENTITYSTORE, operation_model, operation_names

from .conftest import client
from .test_identitystore import NAME, group, refused


def _input_has(operation: str, member: str) -> bool:
    shape = operation_model(operation, IDENTITYSTORE).input_shape
    return shape is not None and member in shape.members


def _output_has(operation: str, member: str) -> bool:
    shape = operation_model(operation, IDENTITYSTORE).output_shape
    return shape is not None and member in shape.members


needs_revisions = pytest.mark.skipif(
    not _input_has("UpdateUser", "Revision"),
    reason="the installed botocore's identitystore model has no Revision (botocore < 1.44)",
)
needs_arns = pytest.mark.skipif(
    not _output_has("CreateUser", "UserArn"),
    reason="the installed botocore's identitystore model has no UserArn (botocore < 1.44)",
)
needs_store_operations = pytest.mark.skipif(
    "DescribeIdentityStore" not in operation_names(IDENTITYSTORE),
    reason="the installed botocore's identitystore model has no DescribeIdentityStore "
    "(botocore < 1.44)",
)

#: the model's ARN pattern for users, groups and memberships (checked by the shape checker
#: too; spelled here so the test also pins the kind)
ARN = re.compile(r"arn:aws:identitystore:::(user|group|membership)/([0-9a-f-]+)")


def test_members_follow_the_installed_model(identitystore: Any, identity_store_id: str) -> None:
    """``UserArn``/``GroupArn``/``MembershipArn`` and ``Revision`` appear exactly where the
    installed model's output has them: with an older botocore, nowhere."""
    ids, store = identitystore, identity_store_id
    made = ids.create_user(IdentityStoreId=store, UserName="ada", DisplayName="Ada", Name=NAME)
    made_group = ids.create_group(IdentityStoreId=store, DisplayName="devs")
    made_membership = ids.create_group_membership(
        IdentityStoreId=store, GroupId=made_group["GroupId"], MemberId={"UserId": made["UserId"]}
    )
    described = ids.describe_user(IdentityStoreId=store, UserId=made["UserId"])
    listed = ids.list_users(IdentityStoreId=store)["Users"][0]
    for operation, body in (
        ("CreateUser", made),
        ("DescribeUser", described),
        ("CreateGroup", made_group),
        ("CreateGroupMembership", made_membership),
    ):
        for member in ("UserArn", "GroupArn", "MembershipArn", "Revision"):
            assert (member in body) == _output_has(operation, member), (operation, member)
    assert ("UserArn" in listed) == ("UserArn" in described)


@needs_arns
def test_arns_name_the_resource_and_are_accepted_for_its_id(
    identitystore: Any, identity_store_id: str
) -> None:
    ids, store = identitystore, identity_store_id
    made = ids.create_user(IdentityStoreId=store, UserName="ada", DisplayName="Ada", Name=NAME)
    user_arn = made["UserArn"]
    assert ARN.fullmatch(user_arn).groups() == ("user", made["UserId"])  # type: ignore[union-attr]
    devs = ids.create_group(IdentityStoreId=store, DisplayName="devs")
    assert ARN.fullmatch(devs["GroupArn"]).groups() == ("group", devs["GroupId"])  # type: ignore[union-attr]
    joined = ids.create_group_membership(
        IdentityStoreId=store, GroupId=devs["GroupArn"], MemberId={"UserId": user_arn}
    )
    assert ARN.fullmatch(joined["MembershipArn"]).groups() == (  # type: ignore[union-attr]
        "membership",
        joined["MembershipId"],
    )
    # every read answers the same ARN, and takes the ARN where it takes the id
    assert ids.describe_user(IdentityStoreId=store, UserId=user_arn)["UserArn"] == user_arn
    assert ids.list_users(IdentityStoreId=store)["Users"][0]["UserArn"] == user_arn
    found = ids.get_user_id(
        IdentityStoreId=store,
        AlternateIdentifier={
            "UniqueAttribute": {"AttributePath": "userName", "AttributeValue": "ada"}
        },
    )
    assert found["UserArn"] == user_arn
    membership = ids.describe_group_membership(
        IdentityStoreId=store, MembershipId=joined["MembershipArn"]
    )
    # the membership holds the ids, whichever form named them
    assert membership["MemberId"] == {"UserId": made["UserId"]}
    assert membership["GroupId"] == devs["GroupId"]
    assert ids.is_member_in_groups(
        IdentityStoreId=store, MemberId={"UserId": user_arn}, GroupIds=[devs["GroupArn"]]
    )["Results"][0]["MembershipExists"]
    listed = ids.list_group_memberships_for_member(
        IdentityStoreId=store, MemberId={"UserId": user_arn}
    )["GroupMemberships"]
    assert [m["MembershipArn"] for m in listed] == [joined["MembershipArn"]]


@needs_revisions
def test_a_users_revision_counts_its_changes_and_guards_update_and_delete(
    identitystore: Any, identity_store_id: str
) -> None:
    """Revision starts at "1" and changes with each update; UpdateUser and DeleteUser given
    another revision are refused (ConflictException, CONCURRENT_MODIFICATION) and change
    nothing; given the current one, or none, they act."""
    ids, store = identitystore, identity_store_id
    made = ids.create_user(IdentityStoreId=store, UserName="ada", DisplayName="Ada", Name=NAME)
    user_id = made["UserId"]
    assert made["Revision"] == "1"
    rename = [{"AttributePath": "displayName", "AttributeValue": "Ada King"}]
    updated = ids.update_user(
        IdentityStoreId=store, UserId=user_id, Operations=rename, Revision="1"
    )
    assert updated["Revision"] == "2" and updated["UserId"] == user_id
    assert updated["UserArn"] == made["UserArn"]
    assert ids.describe_user(IdentityStoreId=store, UserId=user_id)["Revision"] == "2"
    error = refused(
        ids.update_user,
        "ConflictException",
        IdentityStoreId=store,
        UserId=user_id,
        Operations=[{"AttributePath": "displayName", "AttributeValue": "Stale"}],
        Revision="1",
    )
    assert error["Reason"] == "CONCURRENT_MODIFICATION"
    # without a revision the update is unconditional
    again = ids.update_user(IdentityStoreId=store, UserId=user_id, Operations=rename)
    assert again["Revision"] == "3"
    # a membership is a resource of its own: the user's revision stays
    devs = group(ids, store)
    ids.create_group_membership(IdentityStoreId=store, GroupId=devs, MemberId={"UserId": user_id})
    assert ids.describe_user(IdentityStoreId=store, UserId=user_id)["Revision"] == "3"
    refused(
        ids.delete_user, "ConflictException", IdentityStoreId=store, UserId=user_id, Revision="2"
    )
    ids.delete_user(IdentityStoreId=store, UserId=user_id, Revision="3")
    refused(ids.describe_user, "ResourceNotFoundException", IdentityStoreId=store, UserId=user_id)


@needs_revisions
def test_a_groups_revision_guards_update_and_delete(
    identitystore: Any, identity_store_id: str
) -> None:
    ids, store = identitystore, identity_store_id
    made = ids.create_group(IdentityStoreId=store, DisplayName="devs")
    group_id = made["GroupId"]
    assert made["Revision"] == "1"
    describe = ids.describe_group(IdentityStoreId=store, GroupId=group_id)
    assert describe["Revision"] == "1" and describe["GroupArn"] == made["GroupArn"]
    rename = [{"AttributePath": "displayName", "AttributeValue": "developers"}]
    error = refused(
        ids.update_group,
        "ConflictException",
        IdentityStoreId=store,
        GroupId=group_id,
        Operations=rename,
        Revision="7",
    )
    assert error["Reason"] == "CONCURRENT_MODIFICATION"
    updated = ids.update_group(
        IdentityStoreId=store, GroupId=group_id, Operations=rename, Revision="1"
    )
    assert (updated["Revision"], updated["GroupArn"]) == ("2", made["GroupArn"])
    assert ids.list_groups(IdentityStoreId=store)["Groups"][0]["Revision"] == "2"
    refused(
        ids.delete_group, "ConflictException", IdentityStoreId=store, GroupId=group_id, Revision="1"
    )
    ids.delete_group(IdentityStoreId=store, GroupId=group_id, Revision="2")
    assert ids.list_groups(IdentityStoreId=store)["Groups"] == []


@needs_store_operations
def test_identity_store_operations_through_boto3(
    identitystore: Any, identity_store_id: str
) -> None:
    """DescribeIdentityStore, ListIdentityStores and UpdateIdentityStore: the store's id and
    ARN; its network configuration replaced whole, by id or by ARN; an unknown store is
    refused and changes nothing."""
    ids, store = identitystore, identity_store_id
    arn = f"arn:aws:identitystore::123456789012:identitystore/{store}"
    described = ids.describe_identity_store(IdentityStoreId=store)
    assert (described["IdentityStoreId"], described["IdentityStoreArn"]) == (store, arn)
    assert "NetworkConfiguration" not in described
    listed = ids.list_identity_stores()["IdentityStores"]
    assert listed == [{"IdentityStoreId": store, "IdentityStoreArn": arn}]
    network = {"VpceAccessRequired": True, "ApiAllowSourceIps": ["10.0.0.0/8"]}
    updated = ids.update_identity_store(IdentityStoreId=arn, NetworkConfiguration=network)
    assert (updated["IdentityStoreId"], updated["IdentityStoreArn"]) == (store, arn)
    assert ids.describe_identity_store(IdentityStoreId=arn)["NetworkConfiguration"] == network
    ids.update_identity_store(
        IdentityStoreId=store, NetworkConfiguration={"VpceAccessRequired": False}
    )
    assert ids.describe_identity_store(IdentityStoreId=store)["NetworkConfiguration"] == {
        "VpceAccessRequired": False
    }
    error = refused(
        ids.describe_identity_store, "ResourceNotFoundException", IdentityStoreId="d-0000000000"
    )
    assert "IdentityStore not present" in error["Error"]["Message"]
    refused(
        ids.update_identity_store,
        "ResourceNotFoundException",
        IdentityStoreId="d-0000000000",
        NetworkConfiguration={"VpceAccessRequired": True},
    )


@needs_store_operations
def test_identity_stores_listed_are_those_of_the_region(mock: Any) -> None:
    """A Region without the account's instance lists no identity store."""
    here = client("identitystore").list_identity_stores()["IdentityStores"]
    assert [s["IdentityStoreId"] for s in here] == [
        i["IdentityStoreId"] for i in client("sso-admin").list_instances()["Instances"]
    ]
    assert client("sso-admin", "eu-west-1").list_instances()["Instances"] == []
    assert client("identitystore", "eu-west-1").list_identity_stores()["IdentityStores"] == []
