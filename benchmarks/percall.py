"""Per-call cost of a mocked sso-admin call against botocore's own floor.

The floor is the same call, with the same parameters, on a client whose ``before-send``
event is answered by a hook returning the canned body the mock gave: serializing, signing,
the event chain and parsing, with no mock behind it. The mocked call is the ordinary path
(``boto3`` client, mock active). Both are measured in the same process, interleaved: for
each operation, rounds of N calls on each client in turn (garbage collection off, as
``timeit`` does), and the best round of each is kept (the least disturbed by
the machine).

``--moto`` measures moto's own sso-admin the same way; it must run in a process that never
imports ``ssoadmin_mock`` (importing it makes moto serve sso-admin from this library), so
`run.py` starts it as a subprocess and reads the JSON it prints.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

import boto3
from botocore.awsrequest import AWSResponse

REGION = "us-east-1"
ACCOUNT = "123456789012"
OPERATIONS = (
    "describe_instance",
    "list_instances",
    "describe_permission_set",
    "create_account_assignment",
    "list_account_assignments",
)


@dataclass
class Timing:
    mocked: float  # seconds per call
    floor: float

    @property
    def ratio(self) -> float:
        return self.mocked / self.floor


class _Raw:
    """A minimal raw body botocore can read (what moto's MockRawResponse does)."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **kwargs: Any) -> Any:
        yield self.body


class CannedAnswer:
    """A ``before-send`` hook that answers every request with one canned 200 body."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.headers = {
            "Content-Type": "application/x-amz-json-1.1",
            "x-amzn-RequestId": "00000000-0000-4000-8000-000000000000",
        }

    def __call__(self, request: Any, **kwargs: Any) -> AWSResponse:
        return AWSResponse(request.url, 200, self.headers, _Raw(self.body))


def floor_client(session: boto3.session.Session, body: bytes) -> Any:
    """A client answered by `CannedAnswer(body)` alone: any mock's handler is taken off."""
    client = session.client("sso-admin", region_name=REGION)
    events = client.meta.events
    for handler in _mock_handlers():
        events.unregister("before-send", handler)
    events.register_first("before-send.sso-admin.*", CannedAnswer(body))
    return client


def _mock_handlers() -> list[Any]:
    from botocore.handlers import BUILTIN_HANDLERS

    return [handler for event, handler, *_ in BUILTIN_HANDLERS if event == "before-send"]


class BodyKeeper:
    def __init__(self) -> None:
        self.body = b""

    def __call__(self, http_response: Any, **kwargs: Any) -> None:
        self.body = http_response.content


def canned_body(client: Any, call: Callable[[Any], Any]) -> bytes:
    """The raw body the mock answers `call` with."""
    keeper = BodyKeeper()
    client.meta.events.register("after-call.sso-admin.*", keeper)
    call(client)
    client.meta.events.unregister("after-call.sso-admin.*", keeper)
    return keeper.body


def _batch(call: Callable[[Any], Any], client: Any, count: int) -> float:
    started = time.perf_counter()
    for _ in range(count):
        call(client)
    return (time.perf_counter() - started) / count


def compare(
    mocked: Any, floor: Any, call: Callable[[Any], Any], *, rounds: int, count: int
) -> Timing:
    """Best per-call seconds of `call` on each client, over interleaved rounds.

    Garbage collection is off while an operation is measured (as ``timeit`` does; a
    collection costs as much on either side, and a full one takes longer than a batch).
    """
    gc.collect()
    gc.disable()
    try:
        _batch(call, mocked, count)  # warm-up
        _batch(call, floor, count)
        best_mocked = best_floor = float("inf")
        for round_ in range(rounds):
            if round_ % 2:
                best_floor = min(best_floor, _batch(call, floor, count))
                best_mocked = min(best_mocked, _batch(call, mocked, count))
            else:
                best_mocked = min(best_mocked, _batch(call, mocked, count))
                best_floor = min(best_floor, _batch(call, floor, count))
    finally:
        gc.enable()
    return Timing(best_mocked, best_floor)


def calls(
    sso: Any, identitystore: Any, organizations: Any | None
) -> dict[str, Callable[[Any], Any]]:
    """The measured calls, with real ids made through `sso` (the mock under test)."""
    instance = sso.list_instances()["Instances"][0]
    instance_arn = instance["InstanceArn"]
    store = instance.get("IdentityStoreId")
    made = sso.create_permission_set(InstanceArn=instance_arn, Name="Bench")
    permission_set = made["PermissionSet"]["PermissionSetArn"]
    target = ACCOUNT
    if organizations is not None:
        organizations.create_organization(FeatureSet="ALL")
        account = organizations.create_account(Email="bench@example.com", AccountName="bench")
        target = account["CreateAccountStatus"]["AccountId"]
    principal = "a1b2c3d4e5-11111111-2222-3333-4444-555555555555"
    if store:
        principal = identitystore.create_user(
            IdentityStoreId=store,
            UserName="bench",
            DisplayName="Bench",
            Name={"GivenName": "Bench", "FamilyName": "User"},
        )["UserId"]
    assignment = {
        "InstanceArn": instance_arn,
        "TargetId": target,
        "TargetType": "AWS_ACCOUNT",
        "PermissionSetArn": permission_set,
        "PrincipalType": "USER",
        "PrincipalId": principal,
    }
    sso.create_account_assignment(**assignment)
    return {
        "describe_instance": lambda c: c.describe_instance(InstanceArn=instance_arn),
        "list_instances": lambda c: c.list_instances(),
        "describe_permission_set": lambda c: c.describe_permission_set(
            InstanceArn=instance_arn, PermissionSetArn=permission_set
        ),
        "create_account_assignment": lambda c: c.create_account_assignment(**assignment),
        "list_account_assignments": lambda c: c.list_account_assignments(
            InstanceArn=instance_arn, AccountId=target, PermissionSetArn=permission_set
        ),
    }


def measure(mock: Any, *, rounds: int, count: int, with_org: bool = True) -> dict[str, Any]:
    """Timings per operation (None where the mock does not serve it) under `mock`."""
    session = boto3.session.Session()
    results: dict[str, Any] = {}
    with mock:
        sso = session.client("sso-admin", region_name=REGION)
        organizations = session.client("organizations", region_name=REGION) if with_org else None
        measured = calls(sso, session.client("identitystore", region_name=REGION), organizations)
        for name in OPERATIONS:
            call = measured[name]
            try:
                body = canned_body(sso, call)
            except Exception as error:  # noqa: BLE001 - moto lacks some operations
                results[name] = {"error": f"{type(error).__name__}: {error}"[:120]}
                continue
            timing = compare(sso, floor_client(session, body), call, rounds=rounds, count=count)
            results[name] = {"mocked": timing.mocked, "floor": timing.floor}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--moto", action="store_true", help="measure moto's own sso-admin")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--count", type=int, default=300)
    args = parser.parse_args()
    if args.moto:
        from moto import mock_aws

        results = measure(mock_aws(), rounds=args.rounds, count=args.count, with_org=False)
        assert "ssoadmin_mock" not in sys.modules, "moto's baseline must not load ssoadmin_mock"
    else:
        from ssoadmin_mock import mock_ssoadmin

        results = measure(mock_ssoadmin(), rounds=args.rounds, count=args.count)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
