"""A property of the moto-compatible mode: what AWS's mode accepts, it answers the same.

For every operation, two worlds of real resources (`modelrequests.World`) are built the same
way in one mock, in two accounts: one answered in AWS's mode, the other in the
moto-compatible mode. Each request valid in form (`modelstrategies.valid_requests`) is sent to
the first; when it is accepted, the same request (naming the second world's resources) is sent
to the second, which must answer the same (ids, request ids and dates aside) and warn of
nothing. The one documented difference: the asynchronous Create/Delete/Provision calls answer
their settled status (with one warning), which must be the status AWS's mode reports for the
same request when it is read.

A request AWS's mode refuses is not sent to the second world, so both stay alike.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore import xform_name
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssoadmin_mock import FidelityWarning, compat, mock_ssoadmin
from ssoadmin_mock.service import operation_model, operation_names

from . import modelrequests
from .conftest import ACCOUNT, REGION, SESSION, client
from .modelrequests import CONSTANTS, RawSender, World
from .modelstrategies import valid_requests

OTHER_ACCOUNT = "111122223333"
OPERATIONS = sorted(op for op in operation_names() if operation_model(op).input_shape)

EXAMPLES = settings(
    max_examples=int(os.environ.get("SSOADMIN_MOCK_COMPAT_EXAMPLES", "3")),
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)

#: asynchronous operation -> (status member, Describe operation, its request id member)
SETTLED = {
    "CreateAccountAssignment": (
        "AccountAssignmentCreationStatus",
        "DescribeAccountAssignmentCreationStatus",
        "AccountAssignmentCreationRequestId",
    ),
    "DeleteAccountAssignment": (
        "AccountAssignmentDeletionStatus",
        "DescribeAccountAssignmentDeletionStatus",
        "AccountAssignmentDeletionRequestId",
    ),
    "ProvisionPermissionSet": (
        "PermissionSetProvisioningStatus",
        "DescribePermissionSetProvisioningStatus",
        "ProvisionPermissionSetRequestId",
    ),
}

#: what differs between two worlds built alike: ids (hex runs, UUIDs), dates, page tokens
_FRESH = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{10,}")


def other_account_clients() -> Callable[..., Any]:
    """Clients signed with an STS session of `OTHER_ACCOUNT` (moto's way to another account)."""
    credentials = client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{OTHER_ACCOUNT}:role/compat", RoleSessionName="compat"
    )["Credentials"]

    def make(service_name: str, region: str = REGION, **kwargs: Any) -> Any:
        return SESSION.client(
            service_name,
            region_name=region,
            aws_access_key_id=credentials["AccessKeyId"],
            aws_secret_access_key=credentials["SecretAccessKey"],
            aws_session_token=credentials["SessionToken"],
            **kwargs,
        )

    return make


def normal(value: Any, translate: list[tuple[str, str]]) -> Any:
    """`value` with the other world's known values put back as this one's, and what differs
    between two worlds built alike masked."""
    if isinstance(value, dict):
        return {
            key: "<token>" if key == "NextToken" else normal(item, translate)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [normal(item, translate) for item in value]
    if isinstance(value, float):
        return "<date>"
    if isinstance(value, str):
        for theirs, ours in translate:
            value = value.replace(theirs, ours)
        return _FRESH.sub("<id>", value)
    return value


class Worlds:
    """Two alike worlds in one mock: `aws` (AWS's mode), `moto` (the other account)."""

    def __init__(self, mock: Any, operation: str, monkeypatch: pytest.MonkeyPatch) -> None:
        self.mock = mock
        self.operation = operation
        other = other_account_clients()
        built = []
        for clients in (client, other):
            monkeypatch.setattr(modelrequests, "_names", itertools.count(1))  # the same names
            world = World(clients)
            world.value("InstanceArn")
            world.prepare(operation)
            modelrequests.valid_request(operation, world)
            built.append(world)
        self.aws, self.moto = built
        self.senders = RawSender(client), RawSender(other)
        pairs = [(ACCOUNT, OTHER_ACCOUNT)] + [
            (str(value), str(self.moto.values[name]))
            for name, value in self.aws.values.items()
            if isinstance(value, str) and name in self.moto.values
        ]
        #: this world's value -> the other's, longest first (ARNs hold shorter ids)
        self.to_moto = sorted(pairs, key=lambda pair: -len(pair[0]))
        self.to_aws = [(theirs, ours) for ours, theirs in self.to_moto]

    def translated(self, params: dict[str, Any]) -> dict[str, Any]:
        text = json.dumps(params)
        for ours, theirs in self.to_moto:
            text = text.replace(json.dumps(ours)[1:-1], json.dumps(theirs)[1:-1])
        translated: dict[str, Any] = json.loads(text)
        return translated

    def send(self, params: dict[str, Any]) -> tuple[Any, Any, list[FidelityWarning]]:
        """(AWS's mode's answer, the moto-compatible one or None, the warnings it gave)."""
        self.mock.moto_compatible = False
        first = self.senders[0].send(self.operation, params)
        if first.status != 200 or self._failed_in_aws_mode(params, first.body):
            return first, None, []
        self.mock.moto_compatible = True
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            second = self.senders[1].send(self.operation, self.translated(params))
        self.mock.moto_compatible = False
        found = [w.message for w in caught if isinstance(w.message, FidelityWarning)]
        return first, second, found

    def _failed_in_aws_mode(self, params: dict[str, Any], body: bytes) -> bool:
        """Accepted, but its work ended FAILED: refused after all (asynchronously)."""
        if self.operation not in SETTLED:
            return False
        return self.status_read_in_aws_mode(params, json.loads(body)) == "FAILED"

    def status_read_in_aws_mode(self, params: dict[str, Any], answer: dict[str, Any]) -> str:
        member, describe, request_member = SETTLED[self.operation]
        read = getattr(self.aws.sso, xform_name(describe))(
            InstanceArn=params["InstanceArn"], **{request_member: answer[member]["RequestId"]}
        )
        return str(read[member]["Status"])


@pytest.fixture
def worlds(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Worlds]:
    monkeypatch.delenv("SSOADMIN_MOCK_MODE", raising=False)
    with mock_ssoadmin() as mock:
        yield Worlds(mock, request.param, monkeypatch)


@pytest.mark.parametrize("worlds", OPERATIONS, indirect=True, ids=OPERATIONS)
def test_what_aws_accepts_is_answered_the_same(worlds: Worlds) -> None:
    operation = worlds.operation
    requests = valid_requests(operation, {**CONSTANTS, **worlds.aws.values})

    def check(params: dict[str, Any]) -> bool:
        """Whether AWS's mode accepted `params` (and the other answered the same)."""
        first, second, found = worlds.send(params)
        if second is None:
            return False  # refused by AWS's mode: out of this property's scope
        assert second.status == 200, (first, second)
        aws = json.loads(first.body or b"{}")
        moto = json.loads(second.body or b"{}")
        if operation in SETTLED:
            member = SETTLED[operation][0]
            settled = moto[member]["Status"]
            assert settled == worlds.status_read_in_aws_mode(params, aws)
            expected = [] if settled == aws[member]["Status"] else [compat.SETTLED_ANSWER]
            assert [w.kind for w in found] == expected
            aws[member]["Status"] = moto[member]["Status"] = "<status>"
            aws[member].pop("FailureReason", None)
            moto[member].pop("FailureReason", None)
        else:
            assert found == []
        assert normal(moto, worlds.to_aws) == normal(aws, [])
        return True

    # the world's own valid request first, which AWS's mode accepts: one comparison at least
    assert check(modelrequests.valid_request(operation, worlds.aws)), "refused in AWS's mode"

    @EXAMPLES
    @given(st.data())
    def run(data: st.DataObject) -> None:
        check(data.draw(requests, label="request"))

    run()
