"""Per-call cost of every operation under a mock, against botocore's own floor.

The floor is the same call, with the same parameters, on a client whose ``before-send``
event is answered by a hook returning the canned body the mock gave: serializing, signing,
the event chain and parsing, with no mock behind it. The mocked call is the ordinary path
(``boto3`` client, mock active). For each case of `catalogue` both are measured in pairs:
each request is sent once to each client, back to back (which goes first alternates), each
call timed alone (garbage collection off, as ``timeit`` does). A pair's two calls see the
same machine, so a pair's ratio is free of what a virtual machine's neighbours do between
rounds; a case's ratio is the median of its pairs' ratios, and its times the medians of
each side's calls (the best of rounds, which ``timeit`` keeps, let a line move by a tenth
between runs with nothing changed; the median of pairs repeats within about 0.02). The
requests are built, and what they need made, before the clock starts.

``--moto`` measures moto's own sso-admin the same way; it must run in a process that never
imports ``ssoadmin_mock`` (importing it makes moto serve sso-admin from this library), so
`run.py` starts it as a subprocess and reads the JSON it prints. An operation moto does not
serve (or serves too little of to build the world it needs) gets an ``error``; a service
whose endpoint moto does not route (sso, sso-oidc) is not called at all.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

import boto3
from botocore.awsrequest import AWSResponse

from . import catalogue, suite
from .catalogue import OTHER_ACCOUNT, QUICK, REGION, Case, Sizes, World, in_account

ACCOUNT = "123456789012"


class _Raw:
    """A minimal raw body botocore can read (what moto's MockRawResponse does)."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **kwargs: Any) -> Any:
        yield self.body


class CannedAnswer:
    """A ``before-send`` hook that answers every request with one canned answer: the status,
    headers and body the mock gave (a JSON 1.1 service's ``application/x-amz-json-1.1``, a
    REST-JSON one's ``application/json``, so that botocore parses the floor's answer as it
    parses the mock's, whichever protocol)."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.status = 200
        self.headers: dict[str, str] = {
            "Content-Type": "application/x-amz-json-1.1",
            "x-amzn-RequestId": "00000000-0000-4000-8000-000000000000",
        }

    def __call__(self, request: Any, **kwargs: Any) -> AWSResponse:
        return AWSResponse(request.url, self.status, self.headers, _Raw(self.body))


def floor_client(session: Any, answer: CannedAnswer, service: str = "sso-admin") -> Any:
    """A client answered by `answer` alone: any mock's handler is taken off."""
    client = session.client(service, region_name=REGION)
    events = client.meta.events
    for event, handler in _mock_handlers():
        events.unregister(event, handler)
    events.register_first(f"before-send.{service}.*", answer)
    return client


_FLOORS: dict[tuple[int, str, str], tuple[Any, CannedAnswer]] = {}


def _floor(session: Any, service: str, kind: str, kept: BodyKeeper) -> Any:
    """A floor client answering what `kept` kept (made once per session, service and
    account)."""
    key = (id(session), service, kind)
    if key not in _FLOORS:
        answer = CannedAnswer(b"")
        client = floor_client(session, answer, service)
        if kind == "other":
            in_account(client, OTHER_ACCOUNT)
        _FLOORS[key] = client, answer
    client, answer = _FLOORS[key]
    answer.body = kept.body
    if kept.headers:
        answer.status, answer.headers = kept.status, kept.headers
    return client


def _mock_handlers() -> list[tuple[str, Any]]:
    """What a mock puts in botocore's built-in handlers: the before-send hooks that answer,
    and this package's ``choose-signer`` hooks (under a mock it does not sign, `signing`;
    the floor is botocore's own cost, signature included)."""
    from botocore.handlers import BUILTIN_HANDLERS

    return [
        (event, handler)
        for event, handler, *_ in BUILTIN_HANDLERS
        if event == "before-send"
        or (
            event.startswith("choose-signer.")
            and getattr(handler, "__module__", "").startswith("ssoadmin_mock")
        )
    ]


class BodyKeeper:
    """An ``after-call`` hook keeping the raw body of the last answer, its status and
    headers."""

    def __init__(self) -> None:
        self.body = b""
        self.status = 200
        self.headers: dict[str, str] = {}

    def __call__(self, http_response: Any, **kwargs: Any) -> None:
        self.body = http_response.content
        self.status = http_response.status_code
        self.headers = dict(http_response.headers)


#: the clock of every timed batch: CPU time of this thread, so that what another process
#: does with the machine (preempting this one) is not counted; ``--wall`` for wall time
CLOCK: list[Callable[[], float]] = [time.thread_time]


def _batch(method: Callable[..., Any], requests: list[dict[str, Any]]) -> float:
    clock = CLOCK[0]
    started = clock()
    for request in requests:
        method(**request)
    return (clock() - started) / len(requests)


def _requests(world: World, case: Case, indices: range) -> list[dict[str, Any]]:
    made = [case.prepare(world, index, None) for index in indices]
    return [case.request(world, index, m) for index, m in zip(indices, made, strict=True)]


def _pairs(
    method: Callable[..., Any],
    floor_method: Callable[..., Any],
    requests: list[dict[str, Any]],
    flip: int,
    out: list[tuple[float, float]],
) -> None:
    """Time each request on both clients, back to back, into `out` as (mocked, floor)
    seconds; the mocked call goes first at even positions (odd ones if `flip` is odd)."""
    clock = CLOCK[0]
    for position, request in enumerate(requests):
        mocked_first = (position + flip) % 2 == 0
        first, second = (method, floor_method) if mocked_first else (floor_method, method)
        started = clock()
        first(**request)
        between = clock()
        second(**request)
        ended = clock()
        spent = (between - started, ended - between)
        out.append(spent if mocked_first else (spent[1], spent[0]))


def summary(pairs: list[tuple[float, float]]) -> dict[str, float]:
    """A case's figures from its (mocked, floor) pairs: the median of each side's calls and
    the median of the pairs' ratios (a pair whose floor the clock did not see is left out)."""
    seen = [(mocked, floor) for mocked, floor in pairs if floor > 0]
    return {
        "mocked": statistics.median(mocked for mocked, _ in seen),
        "floor": statistics.median(floor for _, floor in seen),
        "ratio": statistics.median(mocked / floor for mocked, floor in seen),
    }


class OwnShare:
    """Time spent in ssoadmin-mock's `dispatch` during the mocked calls: the mock's own work,
    apart from botocore's (wraps the name `ssoadmin_mock.core` calls; two clock reads more
    per call, charged to the mocked side)."""

    def __init__(self) -> None:
        import ssoadmin_mock.core as core

        self.core = core
        self.original: Callable[..., Any] = core.__dict__["dispatch"]
        self.spent = 0.0

        def timed(*args: Any) -> Any:
            clock = CLOCK[0]
            started = clock()
            try:
                return self.original(*args)
            finally:
                self.spent += clock() - started

        self.timed = timed

    def __enter__(self) -> OwnShare:
        setattr(self.core, "dispatch", self.timed)  # noqa: B010 - the name core's hook calls
        return self

    def __exit__(self, *exc: object) -> None:
        setattr(self.core, "dispatch", self.original)  # noqa: B010

    def shares(
        self,
        method: Callable[..., Any],
        floor_method: Callable[..., Any],
        requests: list[dict[str, Any]],
        out: list[float],
    ) -> None:
        """Each request on the floor, then mocked: the mock's own seconds in the mocked call
        over the seconds of the floor call, into `out` (a ratio, as steady as the pairs')."""
        clock = CLOCK[0]
        with self:
            for request in requests:
                started = clock()
                floor_method(**request)
                floor_spent = clock() - started
                before = self.spent
                method(**request)
                if floor_spent > 0:
                    out.append((self.spent - before) / floor_spent)


class Reference:
    """One floor call of a case (its last request), answered what the case's mock answered:
    the yardstick `paired_work` times other work against."""

    def __init__(
        self, session: Any, service: str, case: Case, kept: BodyKeeper, request: dict[str, Any]
    ) -> None:
        self.session, self.service, self.case = session, service, case
        self.kept, self.request = kept, request
        self.method: Callable[..., Any] = lambda **request: None  # until `arm`

    def arm(self) -> None:
        """Have the floor client answer this case's body again (later cases of the same
        client changed it)."""
        client = _floor(self.session, self.service, self.case.client, self.kept)
        self.method = getattr(client, self.case.method)

    def __call__(self) -> Any:
        return self.method(**self.request)


def compare(
    world: World,
    session: Any,
    case: Case,
    *,
    rounds: int,
    count: int,
    service: str,
    own: OwnShare | None = None,
    references: dict[str, Reference] | None = None,
) -> dict[str, float]:
    """Per-call seconds of the case's calls under the mock and on the floor, and their
    ratio (`summary` of `rounds` batches of `count` pairs); `references` gets, under the
    case's label, one floor call of the case (what `paired_work` times other work against)."""
    mocked = getattr(world, case.client)
    method = getattr(mocked, case.method)
    batch = min(count, case.most or count)
    # a small batch (a quota) gets more rounds, up to the same number of calls
    rounds = min(rounds * max(1, count // batch), rounds * 4)
    case.setup(world)
    start = 0

    def next_batch() -> tuple[range, list[dict[str, Any]]]:
        nonlocal start
        indices = range(start, start + batch)
        start += batch
        return indices, _requests(world, case, indices)

    keeper = BodyKeeper()
    service_event = f"after-call.{service}.*"
    mocked.meta.events.register(service_event, keeper)
    indices, requests = next_batch()
    _batch(method, requests)  # warm-up, and the body the floor answers with
    mocked.meta.events.unregister(service_event, keeper)
    case.cleanup(world, indices)
    floor = _floor(session, service, case.client, keeper)
    floor_method = getattr(floor, case.method)
    _batch(floor_method, requests)
    pairs: list[tuple[float, float]] = []
    shares: list[float] = []
    gc.collect()
    gc.disable()
    try:
        for round_ in range(rounds):
            indices, requests = next_batch()
            _pairs(method, floor_method, requests, round_, pairs)
            case.cleanup(world, indices)
        if own is not None:  # rounds more, for the mock's own share of a call
            for _ in range(max(2, rounds // 2)):
                indices, requests = next_batch()
                own.shares(method, floor_method, requests, shares)
                case.cleanup(world, indices)
    finally:
        gc.enable()
    if references is not None:
        references[case.label] = Reference(session, service, case, keeper, requests[-1])
    timing = {**summary(pairs), "calls": float(start)}
    if own is not None:  # the median share, in seconds of the median floor call
        timing["own"] = statistics.median(shares) * timing["floor"]
    return timing


def measure(
    mock: Any,
    *,
    rounds: int,
    count: int,
    sizes: Sizes,
    service: str = "sso-admin",
    tolerant: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Timings per case of `service` under `mock`, by line label (in table order).

    `tolerant` (moto): a case that fails gets ``{"error": ...}``; otherwise (this library)
    a failing case stops the run, naming it.
    """
    cases = catalogue.cases_for(service)
    session = boto3.session.Session()
    if tolerant and not moto_serves(session, service):  # nothing to measure: no calls out
        unserved = {"error": f"moto does not serve {service}"}
        return {
            "_world": {},
            **{case.label: {"operation": case.operation, **unserved} for case in cases},
        }
    own = None if tolerant else OwnShare()
    references: dict[str, Reference] = {}
    results: dict[str, Any] = {"_world": {}}
    with mock:
        started = time.perf_counter()
        world = World(session, sizes, tolerant=tolerant)
        results["_world"] = {"seconds": time.perf_counter() - started}
        # what is there now stays: later collections (one per case) scan only what is new
        gc.collect()
        gc.freeze()
        for case in cases:
            if progress is not None:
                progress(case.label)
            case_started = time.perf_counter()
            try:
                timing: dict[str, Any] = compare(
                    world,
                    session,
                    case,
                    rounds=rounds,
                    count=count,
                    service=service,
                    own=own,
                    references=references,
                )
            except Exception as error:
                if not tolerant:
                    raise RuntimeError(f"benchmark of {case.label} failed: {error!r}") from error
                timing = {"error": f"{type(error).__name__}: {error}"[:160]}
            timing["seconds"] = time.perf_counter() - case_started
            results[case.label] = {"operation": case.operation, **timing}
        if not tolerant and service == "sso-admin":
            first = next(label for label in references if catalogue.MAKES_ROLE in label)
            results["_iam"] = moto_iam_role_work(world, references[first], rounds, count)
        if not tolerant and service == "sso":
            credentials = next(label for label in references if catalogue.MAKES_SESSION in label)
            results["_sts"] = moto_sts_session_work(world, references[credentials], rounds, count)
        gc.unfreeze()
    return results


def moto_serves(session: Any, service: str) -> bool:
    """Whether moto routes the service's endpoint to a backend of its own (what moto's
    before-send handler matches a request's URL against); one it does not would send the
    request out to the network."""
    from moto.backend_index import backend_url_patterns

    url = session.client(service, region_name=REGION).meta.endpoint_url
    return any(pattern.match(url) for _, pattern in backend_url_patterns)


def moto_iam_role_work(
    world: World, reference: Reference, rounds: int, count: int
) -> dict[str, float]:
    """`paired_work` of the IAM work of a first assignment done through moto's IAM with boto3:
    ``create_role`` (the trust policy), ``attach_role_policy`` (a managed policy: a customer
    managed one, as moto's IAM holds no AWS managed policy unless told to load them) and
    ``put_role_policy`` (its inline policy), for a new role each time."""
    iam = world.iam
    trust = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Federated": f"arn:aws:iam::{ACCOUNT}:saml-provider/bench"},
                    "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"],
                }
            ],
        }
    )
    policy = iam.create_policy(PolicyName="BenchRolePolicy", PolicyDocument=catalogue.POLICY)
    policy_arn = policy["Policy"]["Arn"]
    made = 0

    def one() -> None:
        nonlocal made
        made += 1
        name = f"AWSReservedSSO_Bench_{made:016x}"
        iam.create_role(
            RoleName=name,
            Path="/aws-reserved/sso.amazonaws.com/",
            AssumeRolePolicyDocument=trust,
            MaxSessionDuration=14400,
        )
        iam.attach_role_policy(RoleName=name, PolicyArn=policy_arn)
        iam.put_role_policy(
            RoleName=name, PolicyName="AwsSSOInlinePolicy", PolicyDocument=catalogue.POLICY
        )

    return paired_work(one, reference, rounds, count)


def paired_work(
    one: Callable[[], None], reference: Reference, rounds: int, count: int
) -> dict[str, float]:
    """`one` (work done through moto's own API) timed `rounds` times `count` calls, each in a
    pair with a `reference` call (the floor call of the line it is shown beside), garbage
    collection off (after a first call, untimed): ``seconds``, the median of `one`'s calls,
    and ``per floor``, the median of the pairs' ratios. The line's own ratio over ``per
    floor`` compares the two on the same floor, as steady as the pairs are."""
    pairs: list[tuple[float, float]] = []
    reference.arm()
    one()
    reference()
    gc.collect()
    gc.disable()
    try:
        for round_ in range(rounds):
            _pairs(one, reference, [{}] * count, round_, pairs)
    finally:
        gc.enable()
    got = summary(pairs)
    return {"seconds": got["mocked"], "per floor": got["ratio"]}


def moto_sts_session_work(
    world: World, reference: Reference, rounds: int, count: int
) -> dict[str, float]:
    """`paired_work` of the STS work of a GetRoleCredentials done through moto's STS with
    boto3: ``assume_role`` of the same kind of role (an ``AWSReservedSSO_`` role in an
    account the portal user holds a role in), for the session a GetRoleCredentials makes
    (`moto_bridge.role_session` has moto's STS record it, as AssumeRole does)."""
    signin = catalogue.signed_in(world)
    account, role_name = signin.roles[0]
    sts = world.sts
    role_arn = (
        f"arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/"
        f"AWSReservedSSO_{role_name}_0123456789abcdef"
    )

    def one() -> None:
        sts.assume_role(RoleArn=role_arn, RoleSessionName=signin.user_name, DurationSeconds=3600)

    return paired_work(one, reference, rounds, count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--moto", action="store_true", help="measure moto's own sso-admin")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="the small world")
    parser.add_argument("--wall", action="store_true", help="time on the wall clock")
    parser.add_argument("--suite", action="store_true", help="then the suite of `suite.py`")
    args = parser.parse_args()
    if args.wall:
        CLOCK[0] = time.perf_counter
    sizes = QUICK if args.quick else catalogue.FULL
    results: dict[str, Any] = {}
    if args.moto:
        from moto import mock_aws

        for service in catalogue.CATALOGUES:
            results[service] = measure(
                mock_aws(),
                rounds=args.rounds,
                count=args.count,
                sizes=sizes,
                service=service,
                tolerant=True,
            )
        if args.suite:
            results["_suite"] = suite.run_sized(mock_aws, quick=args.quick, tolerant=True)
        assert "ssoadmin_mock" not in sys.modules, "moto's baseline must not load ssoadmin_mock"
    else:
        from ssoadmin_mock import mock_ssoadmin

        for service in catalogue.CATALOGUES:
            results[service] = measure(
                mock_ssoadmin(), rounds=args.rounds, count=args.count, sizes=sizes, service=service
            )
        if args.suite:
            results["_suite"] = suite.run_sized(mock_ssoadmin, quick=args.quick, tolerant=False)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
