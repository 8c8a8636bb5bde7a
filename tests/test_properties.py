"""Property-based tests: requests generated from the botocore model, for every operation.

For each operation of the installed model (one test case each, so a missing operation fails
on its own), in a world of real resources (`modelrequests.World`):

- requests valid in form (`modelstrategies.valid_requests`) never get a 5xx or a traceback;
  a success carries a body that conforms to the output shape; a refusal carries an error
  code the operation models and leaves the whole state (every backend of every account and
  region, and the IAM roles the mock manages: `modelrequests.whole_state`) exactly as it was;
- requests broken in one place (`modelstrategies.draw_broken`) always get
  ValidationException (HTTP 400) and change nothing.

Bodies that are not JSON objects, unknown targets, and Java's reading of the model's
patterns are tested on their own below, as is `BackendBase.snapshot` itself.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssoadmin_mock import get_backend, mock_ssoadmin, responses
from ssoadmin_mock.jsontext import MAX_DEPTH
from ssoadmin_mock.responses import dispatch
from ssoadmin_mock.service import modeled_errors, operation_model, operation_names

from .conftest import ACCOUNT, REGION, client
from .delegation_support import as_account, delegated_organization
from .modelrequests import CONSTANTS, RawSender, World, valid_request, whole_state
from .modelstrategies import draw_broken, valid_requests
from .shapecheck import body_errors

OPERATIONS = sorted(operation_names())
WITH_INPUT = [op for op in OPERATIONS if operation_model(op).input_shape is not None]

#: examples per operation and test; raise it for a deeper run (e.g. 500 before a release)
EXAMPLES_PER_OPERATION = int(os.environ.get("SSOADMIN_MOCK_EXAMPLES", "12"))

EXAMPLES = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


class ErrorLog(logging.Handler):
    """Collects what the mock logs at ERROR (the dispatcher logs every traceback it catches)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Scene:
    """A mock with a world of real resources, a raw sender and the known ids."""

    def __init__(self, operation: str) -> None:
        self.world = World(client)
        self.world.value("InstanceArn")  # the account's backend exists before any state is taken
        self.world.prepare(operation)
        self.valid = valid_request(operation, self.world)
        self.known = {**CONSTANTS, **self.world.values}
        self.sender = RawSender(client)


@pytest.fixture
def errors() -> Iterator[ErrorLog]:
    handler = ErrorLog()
    logger = logging.getLogger("ssoadmin_mock")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
    assert not handler.records, "the mock logged errors:\n" + "\n".join(
        record.getMessage() for record in handler.records
    )


@pytest.fixture
def scene(request: pytest.FixtureRequest, errors: ErrorLog) -> Iterator[Scene]:
    with mock_ssoadmin():
        yield Scene(request.param)


@pytest.mark.parametrize("scene", OPERATIONS, indirect=True, ids=OPERATIONS)
def test_requests_valid_in_form(scene: Scene, request: pytest.FixtureRequest) -> None:
    check_valid_in_form(scene, request.node.callspec.params["scene"], EXAMPLES)


def check_valid_in_form(scene: Scene, operation: str, examples: Any) -> None:
    """Requests of `operation` valid in form, drawn `examples` times, sent by the scene's
    sender: never a 5xx; a success conforms; a refusal is modeled and changes nothing."""
    modeled = modeled_errors(operation)
    # members a newer botocore models that this backend does not take yet: a request using
    # one may be answered NotYetImplementedException (and nothing else may be)
    unsupported = responses._binding(operation).unsupported
    requests = valid_requests(operation, scene.known)

    @examples
    @given(st.data())
    def run(data: st.DataObject) -> None:
        params = data.draw(requests, label="request")
        before = whole_state()
        answer = scene.sender.send(operation, params)
        assert answer.status < 500, answer
        if answer.status == 200:
            assert body_errors(operation, answer.body) == []
        else:
            uses_unsupported = not unsupported.isdisjoint(params)
            assert answer.code in modeled or (
                uses_unsupported and answer.code == "NotYetImplementedException"
            ), answer
            assert whole_state() == before, f"refused {answer.code} but changed the state"

    run()


@pytest.mark.parametrize("scene", WITH_INPUT, indirect=True, ids=WITH_INPUT)
def test_broken_requests(scene: Scene, request: pytest.FixtureRequest) -> None:
    operation = request.node.callspec.params["scene"]
    requests = st.one_of(st.just(scene.valid), valid_requests(operation, scene.known))

    @EXAMPLES
    @given(st.data())
    def run(data: st.DataObject) -> None:
        valid = data.draw(requests)
        label, broken = draw_broken(data, operation, valid)
        before = whole_state()
        answer = scene.sender.send(operation, broken)
        assert (answer.status, answer.code) == (400, "ValidationException"), (label, answer)
        assert whole_state() == before, f"{label}: refused but changed the state"

    run()


# --- bodies that are not requests ------------------------------------------------------------


@pytest.mark.parametrize(
    "body, code",
    [
        (b"{not json", "SerializationException"),
        (b"[]", "SerializationException"),
        (b'"text"', "SerializationException"),
        (b"5", "SerializationException"),
        (b"\xff\xfe", "SerializationException"),
        # JSON has no NaN or Infinity (Python's json reads them)
        (b'{"MaxResults": NaN}', "SerializationException"),
        (b'{"MaxResults": Infinity}', "SerializationException"),
        (b'{"MaxResults": -Infinity}', "SerializationException"),
        (b'{"MaxResults": 1e400}', "SerializationException"),  # a double's infinity
        # nested far past any stack: once a traceback and an HTTP 500
        (b"[" * 100_000 + b"]" * 100_000, "SerializationException"),
        (b'{"a":' * 50_000 + b"1" + b"}" * 50_000, "SerializationException"),
        # one level past the limit
        (b'{"More": ' + b"[" * MAX_DEPTH + b"]" * MAX_DEPTH + b"}", "SerializationException"),
    ],
    ids=lambda value: value[:24] if isinstance(value, bytes) else value,
)
def test_a_body_that_is_no_json_object_is_refused(body: bytes, code: str, errors: ErrorLog) -> None:
    with mock_ssoadmin():
        sender = RawSender(client)
        before = whole_state()
        answer = sender.send("ListInstances", body)
        assert (answer.status, answer.code) == (400, code)
        assert whole_state() == before


def test_a_body_nested_as_deep_as_the_limit_is_read(errors: ErrorLog) -> None:
    """`MAX_DEPTH` levels are accepted (an unknown member is ignored, as AWS ignores it)."""
    nested = b"[" * (MAX_DEPTH - 1) + b"]" * (MAX_DEPTH - 1)
    with mock_ssoadmin():
        sender = RawSender(client)
        answer = sender.send("ListInstances", b'{"More": ' + nested + b"}")
        assert answer.status == 200, answer


@pytest.mark.parametrize(
    "target", [None, "", "SWBExternalService.NoSuchOperation", "Other.ListInstances", b"\xff"]
)
def test_an_unknown_target_is_refused(target: Any, errors: ErrorLog) -> None:
    with mock_ssoadmin():
        status, headers, body = dispatch(target, b"{}", {}, "https://sso.us-east-1.amazonaws.com/")
        assert status == 400
        assert headers["x-amzn-ErrorType"] == "UnknownOperationException"
        assert b"UnknownOperationException" in body


# --- patterns as AWS reads them --------------------------------------------------------------


@pytest.mark.parametrize(
    "target_id",
    [
        "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\u0661\u0662",  # Arabic-Indic
        "\u0967\u0968\u0969\u096a\u096b\u096c\u096d\u096e\u096f\u0966\u0967\u0968",  # Devanagari
    ],
)
def test_digits_of_other_scripts_are_no_account_id(target_id: str, errors: ErrorLog) -> None:
    """The model's ``\\d{12}`` is Java's: ASCII digits only."""
    with mock_ssoadmin():
        world = World(client)
        params = {**valid_request("CreateAccountAssignment", world), "TargetId": target_id}
        sender = RawSender(client)
        before = whole_state()
        answer = sender.send("CreateAccountAssignment", params)
        assert (answer.status, answer.code) == (400, "ValidationException")
        assert b"targetId" in answer.body
        assert whole_state() == before


def test_word_characters_of_names_are_ascii(errors: ErrorLog) -> None:
    """``[\\w+=,.@-]+`` (permission set names) takes no letters outside ASCII, as in Java."""
    with mock_ssoadmin():
        world = World(client)
        sender = RawSender(client)
        params = {**valid_request("CreatePermissionSet", world), "Name": "caf\u00e9"}
        answer = sender.send("CreatePermissionSet", params)
        assert (answer.status, answer.code) == (400, "ValidationException")
        params["Name"] = "cafe_Admin-1"
        assert sender.send("CreatePermissionSet", params).status == 200


# --- the snapshot itself ---------------------------------------------------------------------


def test_snapshot_sees_every_change_and_only_changes() -> None:
    with mock_ssoadmin():
        sso = client("sso-admin")
        instance_arn = sso.list_instances()["Instances"][0]["InstanceArn"]
        backend = get_backend(ACCOUNT, REGION)
        first = backend.snapshot()
        assert backend.snapshot() == first
        assert "lock" not in first
        made = sso.create_permission_set(InstanceArn=instance_arn, Name="Snap")
        arn = made["PermissionSet"]["PermissionSetArn"]
        second = backend.snapshot()
        assert second != first
        assert arn in repr(second)
        sso.tag_resource(
            InstanceArn=instance_arn, ResourceArn=arn, Tags=[{"Key": "k", "Value": "v"}]
        )
        third = backend.snapshot()
        assert third != second
        sso.untag_resource(InstanceArn=instance_arn, ResourceArn=arn, TagKeys=["k"])
        assert backend.snapshot() != third


def test_snapshot_walks_nested_objects_and_survives_cycles() -> None:
    with mock_ssoadmin():
        backend = get_backend(ACCOUNT, REGION)

        class Node:
            def __init__(self) -> None:
                self.children: list[Node] = []
                self.seen = {3, 1, 2}
                self.callback = lambda: None

        root = Node()
        root.children.append(root)
        backend.extra_state = {("a", 1): root}  # type: ignore[attr-defined]
        dumped = backend.snapshot()["extra_state"][("a", 1)]
        assert dumped["<type>"] == "Node"
        assert dumped["seen"] == [1, 2, 3]
        assert dumped["children"] == ["<cycle Node>"]
        assert "callback" not in dumped
        root.seen.add(4)
        assert backend.snapshot()["extra_state"][("a", 1)]["seen"] == [1, 2, 3, 4]


# --- null members: not given ------------------------------------------------------------------


def test_a_null_member_is_one_not_given(errors: ErrorLog) -> None:
    """AWS reads a member sent as JSON ``null`` as absent: optional, it is left out of what
    is stored and answered; required, it is "Value null ... Member must not be null"."""
    with mock_ssoadmin():
        world = World(client)
        sender = RawSender(client)
        made = sender.send(
            "CreatePermissionSet",
            {"InstanceArn": world.value("InstanceArn"), "Name": "Nulls", "Description": None},
        )
        assert made.status == 200, made
        arn = json.loads(made.body)["PermissionSet"]["PermissionSetArn"]
        described = client("sso-admin").describe_permission_set(
            InstanceArn=world.value("InstanceArn"), PermissionSetArn=arn
        )["PermissionSet"]
        assert "Description" not in described
        before = whole_state()
        nameless = {"InstanceArn": world.value("InstanceArn"), "Name": None}
        answer = sender.send("CreatePermissionSet", nameless)
        assert (answer.status, answer.code) == (400, "ValidationException")
        assert b"Value null at 'name' failed to satisfy constraint" in answer.body
        assert whole_state() == before


def test_a_retry_with_a_null_member_is_the_same_request(errors: ErrorLog) -> None:
    """A ClientToken retry that sends an optional member as null where the first call left
    it out (or the other way round) is the same request: the first result, no conflict."""
    with mock_ssoadmin():
        world = World(client)
        sender = RawSender(client)
        request = {**valid_request("CreateTrustedTokenIssuer", world), "ClientToken": "t-null"}
        request.pop("Tags", None)
        first = sender.send("CreateTrustedTokenIssuer", {**request, "Tags": None})
        assert first.status == 200, first
        again = sender.send("CreateTrustedTokenIssuer", request)
        assert again.status == 200, again
        assert json.loads(again.body) == json.loads(first.body)
        # and one with a member the model does not have, which AWS ignores
        more = sender.send("CreateTrustedTokenIssuer", {**request, "NotInTheModel": 1})
        assert more.status == 200, more
        assert json.loads(more.body) == json.loads(first.body)


# --- the same requests from a delegated administrator ----------------------------------------

#: examples per operation as the delegated administrator (the routing sits before validation:
#: a few per operation reach every branch of it)
DELEGATED_EXAMPLES = settings(EXAMPLES, max_examples=max(2, EXAMPLES_PER_OPERATION // 4))


class DelegatedScene(Scene):
    """`Scene`'s world, made by the management account of an organization whose member
    account is IAM Identity Center's delegated administrator; the raw sender signs as a
    role session in that account (`ssoadmin_mock.delegation`)."""

    def __init__(self, operation: str) -> None:
        delegated, workload = delegated_organization("workload")
        self.world = World(client)
        self.world.values["TargetId"] = workload  # the organization exists already
        self.world.value("InstanceArn")
        self.world.prepare(operation)
        self.valid = valid_request(operation, self.world)
        self.known = {**CONSTANTS, **self.world.values}
        self.sender = RawSender(
            lambda service, region, **options: as_account(
                service, delegated, "properties", region, **options
            )
        )
        # the delegated administrator's own backend exists before any state is taken
        assert self.sender.send("ListInstances", {}).status == 200


@pytest.fixture
def delegated_scene(request: pytest.FixtureRequest, errors: ErrorLog) -> Iterator[Scene]:
    with mock_ssoadmin():
        yield DelegatedScene(request.param)


@pytest.mark.parametrize("delegated_scene", OPERATIONS, indirect=True, ids=OPERATIONS)
def test_requests_of_a_delegated_administrator(
    delegated_scene: Scene, request: pytest.FixtureRequest
) -> None:
    """`check_valid_in_form`, the requests naming the organization's resources and sent by
    its delegated administrator (the management account's work refused with
    AccessDeniedException, a modeled error of every operation)."""
    operation = request.node.callspec.params["delegated_scene"]
    check_valid_in_form(delegated_scene, operation, DELEGATED_EXAMPLES)
