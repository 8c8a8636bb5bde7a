"""Property-based tests over the identitystore model, as `test_properties` does for sso-admin.

For each operation of the installed identitystore model, in a store with one user, one
group and one membership (their ids are the values requests are drawn with):

- requests valid in form (`modelstrategies.valid_requests`) never get a 5xx; a success
  carries a body that conforms to the output shape (`shapecheck`); a refusal carries an
  error code the operation models and leaves the whole state exactly as it was;
- requests broken in one place (`modelstrategies.draw_broken`) always get
  ValidationException (HTTP 400) and change nothing.

A valid request of each operation, made from the same ids, must succeed with a conforming
body too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore import xform_name
from hypothesis import given, settings
from hypothesis import strategies as st

from ssoadmin_mock import mock_ssoadmin
from ssoadmin_mock.jsontext import MAX_DEPTH
from ssoadmin_mock.service import IDENTITYSTORE, modeled_errors, operation_names

from .conftest import client
from .delegation_support import as_account, delegated_organization
from .modelrequests import RawSender, whole_state
from .modelstrategies import draw_broken, valid_requests
from .shapecheck import ShapeRecorder, body_errors
from .test_properties import EXAMPLES, EXAMPLES_PER_OPERATION, ErrorLog

OPERATIONS = sorted(operation_names(IDENTITYSTORE))
#: half of sso-admin's examples per operation (the store's operations are fewer and simpler)
FEWER = settings(EXAMPLES, max_examples=max(1, EXAMPLES_PER_OPERATION // 2))


class Store:
    """A store with one user, one group and the user in the group."""

    def __init__(self) -> None:
        sso = client("sso-admin")
        self.ids = client("identitystore")
        self.recorder = ShapeRecorder()
        self.recorder.attach(self.ids)
        store = sso.list_instances()["Instances"][0]["IdentityStoreId"]
        user = self.ids.create_user(
            IdentityStoreId=store,
            UserName="prop",
            DisplayName="Prop",
            Name={"GivenName": "P", "FamilyName": "Q"},
            Emails=[{"Value": "prop@example.com"}],
        )["UserId"]
        group = self.ids.create_group(IdentityStoreId=store, DisplayName="props")["GroupId"]
        membership = self.ids.create_group_membership(
            IdentityStoreId=store, GroupId=group, MemberId={"UserId": user}
        )["MembershipId"]
        self.known: dict[str, Any] = {
            "IdentityStoreId": store,
            "UserId": user,
            "GroupId": group,
            "MembershipId": membership,
            "MemberId": {"UserId": user},
            "GroupIds": [group],
            # the prepared user's and group's revision (where the model has ``Revision``)
            "Revision": "1",
        }
        self.sender = RawSender(client, service=IDENTITYSTORE)


def valid(operation: str, known: dict[str, Any]) -> dict[str, Any]:
    """A request of `operation` that must succeed in the prepared store."""
    store = {"IdentityStoreId": known["IdentityStoreId"]}
    user, group = {"UserId": known["UserId"]}, {"GroupId": known["GroupId"]}
    member = {"MemberId": known["MemberId"]}
    rename = [{"AttributePath": "displayName", "AttributeValue": "Renamed"}]
    requests: dict[str, dict[str, Any]] = {
        "CreateGroup": {"DisplayName": "another"},
        "CreateGroupMembership": {**group, **member},
        "CreateUser": {
            "UserName": "another",
            "DisplayName": "Another",
            "Name": {"GivenName": "A", "FamilyName": "B"},
        },
        "DeleteGroup": group,
        "DeleteGroupMembership": {"MembershipId": known["MembershipId"]},
        "DeleteUser": user,
        "DescribeGroup": group,
        "DescribeGroupMembership": {"MembershipId": known["MembershipId"]},
        "DescribeUser": user,
        "GetGroupId": {
            "AlternateIdentifier": {
                "UniqueAttribute": {"AttributePath": "displayName", "AttributeValue": "props"}
            }
        },
        "GetGroupMembershipId": {**group, **member},
        "GetUserId": {
            "AlternateIdentifier": {
                "UniqueAttribute": {"AttributePath": "userName", "AttributeValue": "prop"}
            }
        },
        "IsMemberInGroups": {**member, "GroupIds": [known["GroupId"]]},
        "ListGroupMemberships": group,
        "ListGroupMembershipsForMember": member,
        "ListGroups": {},
        "ListUsers": {},
        "UpdateGroup": {**group, "Operations": rename},
        "UpdateUser": {**user, "Operations": rename},
        # the identity store's own operations (newer models)
        "DescribeIdentityStore": {},
        "ListIdentityStores": {},
        "UpdateIdentityStore": {},
    }
    if operation == "ListIdentityStores":
        return requests[operation]
    return {**store, **requests[operation]}


@pytest.fixture
def store(errors: ErrorLog) -> Iterator[Store]:
    with mock_ssoadmin():
        yield Store()


@pytest.fixture
def errors() -> Iterator[ErrorLog]:
    import logging

    handler = ErrorLog()
    logger = logging.getLogger("ssoadmin_mock")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
    assert not handler.records, "the mock logged errors:\n" + "\n".join(
        record.getMessage() for record in handler.records
    )


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_valid_request_succeeds_with_a_conforming_body(store: Store, operation: str) -> None:
    check_valid_request(store, store.ids, operation)


def check_valid_request(store: Store, ids: Any, operation: str) -> None:
    """The valid request of `operation` on the prepared store, sent by `ids`, succeeds with
    a body that conforms (a List lists what was prepared)."""
    params = valid(operation, store.known)
    if operation == "CreateGroupMembership":  # the prepared user is in the prepared group
        made = ids.create_group(IdentityStoreId=params["IdentityStoreId"], DisplayName="n")
        params["GroupId"] = made["GroupId"]
    result = getattr(ids, xform_name(operation))(**params)
    assert result["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert not store.recorder.failures, store.recorder.failures
    if operation.startswith("List"):
        listed = [v for k, v in result.items() if isinstance(v, list)]
        assert listed and listed[0], f"{operation} listed nothing although one was prepared"


@pytest.mark.parametrize("operation", OPERATIONS)
def test_requests_valid_in_form(store: Store, operation: str) -> None:
    modeled = modeled_errors(operation, IDENTITYSTORE)
    requests = valid_requests(operation, store.known, IDENTITYSTORE)

    @FEWER
    @given(st.data())
    def run(data: st.DataObject) -> None:
        params = data.draw(requests, label="request")
        before = whole_state()
        answer = store.sender.send(operation, params)
        assert answer.status < 500, answer
        if answer.status == 200:
            assert body_errors(operation, answer.body, IDENTITYSTORE) == []
        else:
            assert answer.code in modeled, answer
            assert whole_state() == before, f"refused {answer.code} but changed the state"

    run()


@pytest.mark.parametrize("operation", OPERATIONS)
def test_broken_requests(store: Store, operation: str) -> None:
    requests = st.one_of(
        st.just(valid(operation, store.known)),
        valid_requests(operation, store.known, IDENTITYSTORE),
    )

    @FEWER
    @given(st.data())
    def run(data: st.DataObject) -> None:
        request = data.draw(requests)
        label, broken = draw_broken(data, operation, request, IDENTITYSTORE)
        before = whole_state()
        answer = store.sender.send(operation, broken)
        assert (answer.status, answer.code) == (400, "ValidationException"), (label, answer)
        assert whole_state() == before, f"{label}: refused but changed the state"

    run()


def test_a_document_nested_past_the_limit_is_no_json_and_changes_nothing(store: Store) -> None:
    """``AttributeValue`` is a document: any JSON value, but not one nested past the limit
    every request has (`jsontext.MAX_DEPTH`), and not ``NaN``."""
    user = {"IdentityStoreId": store.known["IdentityStoreId"], "UserId": store.known["UserId"]}
    deep = "[" * (MAX_DEPTH + 5) + '"x"' + "]" * (MAX_DEPTH + 5)
    for value in (deep, "NaN", "-Infinity"):
        operations = '[{"AttributePath": "displayName", "AttributeValue": ' + value + "}]"
        body = json.dumps(user)[:-1].encode() + b', "Operations": ' + operations.encode() + b"}"
        before = whole_state()
        answer = store.sender.send("UpdateUser", body)
        assert (answer.status, answer.code) == (400, "SerializationException"), answer
        assert whole_state() == before


def test_a_document_nested_within_the_limit_is_checked_as_its_path_says(store: Store) -> None:
    """A deep value where ``displayName`` takes a string: AWS's ValidationException, no
    traceback from writing the value into the message."""
    user = {"IdentityStoreId": store.known["IdentityStoreId"], "UserId": store.known["UserId"]}
    value: Any = "x"
    for _ in range(MAX_DEPTH - 4):
        value = [value]
    before = whole_state()
    answer = store.sender.send(
        "UpdateUser",
        {**user, "Operations": [{"AttributePath": "displayName", "AttributeValue": value}]},
    )
    assert (answer.status, answer.code) == (400, "ValidationException"), answer
    assert whole_state() == before


def test_null_members_of_a_user_are_members_not_given(store: Store) -> None:
    """``"Emails": null`` is a user without emails (once: a 500, a user stored half indexed,
    never deletable, and its name free for a second user); a null the user needs is refused."""
    ids = client("identitystore")
    given = {"IdentityStoreId": store.known["IdentityStoreId"], "DisplayName": "Nully"}
    name = {"GivenName": "N", "FamilyName": "Ully"}
    made = store.sender.send(
        "CreateUser", {**given, "UserName": "nully", "Name": name, "Emails": None, "Title": None}
    )
    assert made.status == 200, made
    user_id = json.loads(made.body)["UserId"]
    described = ids.describe_user(IdentityStoreId=given["IdentityStoreId"], UserId=user_id)
    assert "Emails" not in described and "Title" not in described
    again = store.sender.send("CreateUser", {**given, "UserName": "NULLY", "Name": name})
    assert (again.status, again.code) == (400, "ConflictException"), again
    for broken in (
        {**given, "UserName": None, "Name": name},
        {**given, "UserName": "other", "Name": {**name, "GivenName": None}},
        {**given, "UserName": "other", "Name": None},
    ):
        before = whole_state()
        answer = store.sender.send("CreateUser", broken)
        assert (answer.status, answer.code) == (400, "ValidationException"), answer
        assert b"Member must not be null" in answer.body
        assert whole_state() == before
    ids.delete_user(IdentityStoreId=given["IdentityStoreId"], UserId=user_id)


def test_members_a_user_attribute_does_not_have_are_ignored(store: Store) -> None:
    """A member the model does not have, in a request or in an ``AttributeValue``, is
    ignored, as AWS ignores it: it is neither stored nor answered back."""
    ids = client("identitystore")
    given = {"IdentityStoreId": store.known["IdentityStoreId"], "DisplayName": "Extra"}
    made = store.sender.send(
        "CreateUser",
        {
            **given,
            "UserName": "extra",
            "Name": {"GivenName": "E", "FamilyName": "X", "Nickname": "ex"},
            "Emails": [{"Value": "e@example.com", "Label": "home"}],
        },
    )
    assert made.status == 200, made
    user_id = json.loads(made.body)["UserId"]
    updated = store.sender.send(
        "UpdateUser",
        {
            **{k: v for k, v in given.items() if k == "IdentityStoreId"},
            "UserId": user_id,
            "Operations": [
                {
                    "AttributePath": "addresses",
                    "AttributeValue": [{"Locality": "Leeds", "Value": "x"}],
                }
            ],
        },
    )
    assert updated.status == 200, updated
    described = ids.describe_user(IdentityStoreId=given["IdentityStoreId"], UserId=user_id)
    assert described["Name"] == {"GivenName": "E", "FamilyName": "X"}
    assert described["Emails"] == [{"Value": "e@example.com"}]
    assert described["Addresses"] == [{"Locality": "Leeds"}]


@pytest.fixture
def delegated_store(errors: ErrorLog) -> Iterator[tuple[Store, Any]]:
    """`Store`'s store, the organization's, and an identitystore client of the member
    account registered as IAM Identity Center's delegated administrator (a role session
    there: `ssoadmin_mock.delegation`)."""
    with mock_ssoadmin():
        (delegated,) = delegated_organization()
        store = Store()
        ids = as_account("identitystore", delegated, "properties")
        store.recorder.attach(ids)
        yield store, ids


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_valid_request_of_the_delegated_administrator_succeeds(
    delegated_store: tuple[Store, Any], operation: str
) -> None:
    """Every operation on the organization's store, from its delegated administrator,
    succeeds with a conforming body, as the management account's own request does."""
    store, ids = delegated_store
    check_valid_request(store, ids, operation)
