"""Every operation of the botocore model answers a valid request with a conforming body.

One test per operation (the list comes from the installed model, so a newer botocore adds
cases by itself): a fresh mock, the resources the request names made first through the mock
(`modelrequests.World`), the state the operation needs prepared (`modelrequests.PREPARE`),
then the call. It must succeed (HTTP 200) and its raw JSON body must match the operation's
output shape exactly: no unknown keys, right types, required members present, strings within
their lengths, enums and patterns (`shapecheck`). Every body of the preparing calls is
checked the same way. A List operation, with one item prepared, must list it.

The same request is also sent with nothing prepared (as a user's first try would be): the
answer must then be an error the operation models, or a conforming success. The last test
names every operation the backend does not serve at all, in one list.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ssoadmin_mock import SSOAdminBackend, mock_ssoadmin, operations
from ssoadmin_mock.service import method_name, modeled_errors, operation_model, operation_names

from .conftest import client
from .modelrequests import World, valid_request
from .shapecheck import ShapeRecorder, body_errors

OPERATIONS = sorted(operation_names())


class BodyKeeper:
    """Keeps the raw body of the last sso-admin response a client received."""

    def __init__(self) -> None:
        self.body: bytes = b""

    def __call__(self, http_response: Any, **kwargs: Any) -> None:
        self.body = http_response.content


@pytest.fixture
def world() -> Iterator[tuple[World, ShapeRecorder, BodyKeeper]]:
    with mock_ssoadmin():
        made = World(client)
        recorder = ShapeRecorder()
        recorder.attach(made.sso)
        keeper = BodyKeeper()
        made.sso.meta.events.register("after-call.sso-admin.*", keeper)
        yield made, recorder, keeper


def _list_member(operation: str) -> str | None:
    """The list an operation's output pages through (ListX -> its items), if any."""
    output = operation_model(operation).output_shape
    if output is None or not operation.startswith("List"):
        return None
    lists = [name for name, shape in output.members.items() if shape.type_name == "list"]
    return lists[0] if lists else None


@pytest.mark.parametrize("operation", OPERATIONS)
def test_valid_request_gets_a_conforming_body(
    operation: str, world: tuple[World, ShapeRecorder, BodyKeeper]
) -> None:
    made, recorder, keeper = world
    try:
        made.prepare(operation)
        params = valid_request(operation, made)
        result = made.call(operation, params)
    except ClientError as error:
        pytest.fail(f"{operation} refused a valid request: {error}")
    assert not recorder.failures, "\n".join(recorder.failures)
    assert body_errors(operation, keeper.body) == []
    listed = _list_member(operation)
    if listed is not None:
        assert result.get(listed), f"{operation} listed no {listed} although one was prepared"


@pytest.mark.parametrize("operation", OPERATIONS)
def test_unprepared_request_gets_a_conforming_body_or_a_modeled_error(
    operation: str, world: tuple[World, ShapeRecorder, BodyKeeper]
) -> None:
    """The same request with nothing prepared (the grant not put, the request id unknown):
    an answer the operation models, or a success whose body conforms."""
    made, recorder, keeper = world
    params = valid_request(operation, made)
    keeper.body = b""
    try:
        made.call(operation, params)
    except ClientError as error:
        code = error.response["Error"]["Code"]
        status = error.response["ResponseMetadata"]["HTTPStatusCode"]
        assert status < 500 and code in modeled_errors(operation), error
        return
    assert not recorder.failures, "\n".join(recorder.failures)
    assert body_errors(operation, keeper.body) == []


def test_every_operation_is_implemented() -> None:
    """One list of every operation of the model the backend has no method for."""
    missing = [
        op
        for op in OPERATIONS
        if operations.handler(op) is None and not hasattr(SSOAdminBackend, method_name(op))
    ]
    assert missing == [], f"{len(missing)} operations not implemented: {', '.join(missing)}"
