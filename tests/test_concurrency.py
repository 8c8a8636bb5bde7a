"""Eight threads, each with its own boto3 client, working on one account at the same time.

Each thread makes permission sets, assigns its own user to them in one member account,
removes half of them again (assignment first, then the set), and assigns its user to one
permission set all threads share. Afterwards, from the main thread:

- no id was handed out twice (permission set ARNs, assignment request ids);
- no write was lost: the listings hold exactly what the threads kept (permission sets,
  assignments per set and per principal, provisioned accounts and sets, one IAM role per
  provisioned set in the member account), and nothing they removed;
- every creation and deletion status is settled (SUCCEEDED, none IN_PROGRESS).

Run twice: with statuses settled within the call, and with statuses that stay IN_PROGRESS
for two reads (threads poll as a user's code does).

boto3's client creation is not thread-safe: each thread makes its own
``boto3.session.Session()`` and its client from it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from moto.iam.models import iam_backends

from ssoadmin_mock import mock_ssoadmin, settings

from .conftest import ACCOUNT, REGION, client
from .modelrequests import World

THREADS = 8
ROUNDS = 6
ROLE_PREFIX = "AWSReservedSSO_"


@dataclass
class Outcome:
    """What one thread made, kept and removed."""

    user: str
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    creations: list[str] = field(default_factory=list)
    deletions: list[str] = field(default_factory=list)


@dataclass
class Setup:
    instance_arn: str
    account: str
    users: list[str]
    shared: str


def _pages(call: Any, key: str, **kwargs: Any) -> list[Any]:
    """Every item of a paginated listing (pages of 3, to cross page boundaries)."""
    items: list[Any] = []
    token = None
    while True:
        page = call(**kwargs, MaxResults=3, **({"NextToken": token} if token else {}))
        items += page[key]
        token = page.get("NextToken")
        if not token:
            return items


def _settle(sso: Any, instance_arn: str, kind: str, status: dict[str, Any]) -> dict[str, Any]:
    """Poll an assignment status (`kind`: Creation or Deletion) until it leaves IN_PROGRESS,
    as a user's code does."""
    for _ in range(20):
        if status["Status"] != "IN_PROGRESS":
            return status
        status = getattr(sso, f"describe_account_assignment_{kind.lower()}_status")(
            InstanceArn=instance_arn, **{f"AccountAssignment{kind}RequestId": status["RequestId"]}
        )[f"AccountAssignment{kind}Status"]
    raise AssertionError(f"the assignment {kind.lower()} status never settled: {status}")


def _work(setup: Setup, index: int, start: threading.Barrier) -> Outcome:
    session = boto3.session.Session()
    sso = session.client("sso-admin", region_name=REGION)
    outcome = Outcome(user=setup.users[index])
    common = {
        "InstanceArn": setup.instance_arn,
        "TargetId": setup.account,
        "TargetType": "AWS_ACCOUNT",
        "PrincipalType": "USER",
        "PrincipalId": outcome.user,
    }
    start.wait()
    for round_ in range(ROUNDS):
        made = sso.create_permission_set(InstanceArn=setup.instance_arn, Name=f"T{index}R{round_}")[
            "PermissionSet"
        ]["PermissionSetArn"]
        created = sso.create_account_assignment(**common, PermissionSetArn=made)
        status = _settle(
            sso, setup.instance_arn, "Creation", created["AccountAssignmentCreationStatus"]
        )
        assert status["Status"] == "SUCCEEDED", status
        outcome.creations.append(status["RequestId"])
        if round_ % 2:
            deleted = sso.delete_account_assignment(**common, PermissionSetArn=made)
            status = _settle(
                sso, setup.instance_arn, "Deletion", deleted["AccountAssignmentDeletionStatus"]
            )
            assert status["Status"] == "SUCCEEDED", status
            outcome.deletions.append(status["RequestId"])
            sso.delete_permission_set(InstanceArn=setup.instance_arn, PermissionSetArn=made)
            outcome.removed.append(made)
        else:
            outcome.kept.append(made)
    shared = sso.create_account_assignment(**common, PermissionSetArn=setup.shared)
    status = _settle(sso, setup.instance_arn, "Creation", shared["AccountAssignmentCreationStatus"])
    outcome.creations.append(status["RequestId"])
    return outcome


@pytest.fixture(autouse=True)
def busy_switching() -> Iterator[None]:
    """Switch threads every few microseconds instead of every 5 ms, so that an unguarded
    read-modify-write is interleaved (without the backend lock this test fails)."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(interval)


@pytest.fixture(params=[0, 2], ids=["settled-in-call", "in-progress-for-2-reads"])
def reads(request: pytest.FixtureRequest) -> Iterator[int]:
    yield request.param
    settings.async_status.immediate()


def _setup() -> Setup:
    world = World(client)
    store = client("identitystore")
    users = [
        store.create_user(
            IdentityStoreId=world.value("IdentityStoreId"),
            UserName=f"thread{index}",
            DisplayName=f"Thread {index}",
            Name={"GivenName": "Thread", "FamilyName": str(index)},
        )["UserId"]
        for index in range(THREADS)
    ]
    shared = world.sso.create_permission_set(InstanceArn=world.value("InstanceArn"), Name="Shared")
    return Setup(
        world.value("InstanceArn"),
        world.value("TargetId"),
        users,
        shared["PermissionSet"]["PermissionSetArn"],
    )


def test_eight_threads_lose_no_write_and_settle_every_status(reads: int) -> None:
    with mock_ssoadmin(async_reads=reads):
        setup = _setup()
        start = threading.Barrier(THREADS)
        with ThreadPoolExecutor(THREADS) as pool:
            futures = [pool.submit(_work, setup, index, start) for index in range(THREADS)]
            outcomes = [future.result(timeout=120) for future in futures]
        _check_ids(outcomes)
        _check_listings(setup, outcomes)
        _check_statuses(setup, outcomes)


def _check_ids(outcomes: list[Outcome]) -> None:
    made = [arn for o in outcomes for arn in o.kept + o.removed]
    assert len(made) == len(set(made)) == THREADS * ROUNDS
    requests = [rid for o in outcomes for rid in o.creations + o.deletions]
    assert len(requests) == len(set(requests))


def _check_listings(setup: Setup, outcomes: list[Outcome]) -> None:
    sso = client("sso-admin")
    instance = {"InstanceArn": setup.instance_arn}
    kept = {arn for o in outcomes for arn in o.kept}
    removed = {arn for o in outcomes for arn in o.removed}
    listed = set(_pages(sso.list_permission_sets, "PermissionSets", **instance))
    assert listed == kept | {setup.shared}
    for outcome in outcomes:
        for arn in outcome.kept:
            assigned = _pages(
                sso.list_account_assignments,
                "AccountAssignments",
                **instance,
                AccountId=setup.account,
                PermissionSetArn=arn,
            )
            assert [a["PrincipalId"] for a in assigned] == [outcome.user]
        held = _pages(
            sso.list_account_assignments_for_principal,
            "AccountAssignments",
            **instance,
            PrincipalId=outcome.user,
            PrincipalType="USER",
        )
        assert {a["PermissionSetArn"] for a in held} == {*outcome.kept, setup.shared}
        assert len(held) == len(outcome.kept) + 1
    shared = _pages(
        sso.list_account_assignments,
        "AccountAssignments",
        **instance,
        AccountId=setup.account,
        PermissionSetArn=setup.shared,
    )
    assert sorted(a["PrincipalId"] for a in shared) == sorted(setup.users)
    provisioned = _pages(
        sso.list_permission_sets_provisioned_to_account,
        "PermissionSets",
        **instance,
        AccountId=setup.account,
    )
    assert sorted(provisioned) == sorted(kept | {setup.shared})
    for arn in removed:
        with pytest.raises(sso.exceptions.ResourceNotFoundException):
            sso.describe_permission_set(**instance, PermissionSetArn=arn)
    roles = [
        role.name
        for role in iam_backends[setup.account]["aws"].roles.values()
        if role.name.startswith(ROLE_PREFIX)
    ]
    assert len(roles) == len(kept) + 1, roles


def _check_statuses(setup: Setup, outcomes: list[Outcome]) -> None:
    sso = client("sso-admin")
    instance = {"InstanceArn": setup.instance_arn}
    created = _pages(
        sso.list_account_assignment_creation_status,
        "AccountAssignmentsCreationStatus",
        **instance,
    )
    deleted = _pages(
        sso.list_account_assignment_deletion_status,
        "AccountAssignmentsDeletionStatus",
        **instance,
    )
    assert {s["RequestId"] for s in created} == {r for o in outcomes for r in o.creations}
    assert {s["RequestId"] for s in deleted} == {r for o in outcomes for r in o.deletions}
    assert {s["Status"] for s in created + deleted} == {"SUCCEEDED"}


def test_first_requests_at_once_make_one_default_instance() -> None:
    """Eight threads touching a fresh account together (one region each) find one instance."""
    regions = ["us-east-1", "us-east-2", "us-west-1", "us-west-2"] * 2
    start = threading.Barrier(THREADS)

    def first_look(index: int) -> list[str]:
        sso = boto3.session.Session().client("sso-admin", region_name=regions[index])
        start.wait()
        return [i["InstanceArn"] for i in sso.list_instances()["Instances"]]

    with mock_ssoadmin():
        with ThreadPoolExecutor(THREADS) as pool:
            seen = list(pool.map(first_look, range(THREADS)))
        instances = {arn for found in seen for arn in found}
        assert len(instances) == 1, seen


#: Run in a fresh process (the validator's checkers are compiled once per process): every run
#: clears them (`validation.clear_caches`, the state of a process that has served nothing)
#: and sends CreateInstance from 8 threads in 4 Regions at once. A backend's lock is per
#: account and Region, so threads of different Regions compile the same checkers together.
#: Each thread has its own client, made in the main thread beforehand (boto3's client creation
#: is not thread-safe) with no retries, so a 5xx is seen and not retried away.
_COLD_VALIDATOR_RUNS = """
import json
import sys
import threading

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from ssoadmin_mock import mock_ssoadmin, validation

RUNS, REGIONS = 100, ["us-east-1", "us-east-2", "us-west-1", "us-west-2"] * 2
sys.setswitchinterval(1e-5)  # switch threads every few microseconds, as busy_switching does
session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing")
config = Config(retries={"total_max_attempts": 1})
clients = [session.client("sso-admin", region_name=r, config=config) for r in REGIONS]
runs = []
for run in range(RUNS):
    validation.clear_caches()
    answers = [None] * len(clients)
    start = threading.Barrier(len(clients))

    def create(index):
        start.wait()
        try:
            answer = clients[index].create_instance(Name=f"run{run}-thread{index}")
            answers[index] = [answer["ResponseMetadata"]["HTTPStatusCode"], "OK", ""]
        except ClientError as error:
            answers[index] = [
                error.response["ResponseMetadata"]["HTTPStatusCode"],
                error.response["Error"]["Code"],
                error.response["Error"]["Message"],
            ]
        except Exception as error:
            answers[index] = [0, type(error).__name__, repr(error)]

    with mock_ssoadmin(default_instance=False):
        threads = [threading.Thread(target=create, args=(i,)) for i in range(len(clients))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    runs.append(answers)
print(json.dumps(runs))
"""


def test_threads_in_several_regions_on_a_cold_validator_get_no_server_error() -> None:
    """A forwarding stub published before it was filled once answered HTTP 500 (IndexError)
    to a thread that found another thread's half-compiled checker."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "MOTO_"))}
    done = subprocess.run(
        [sys.executable, "-c", _COLD_VALIDATOR_RUNS],
        capture_output=True,
        text=True,
        env={**environment, "AWS_DEFAULT_REGION": REGION},
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    runs = json.loads(done.stdout)
    assert len(runs) == 100
    answers = [tuple(answer) for answers in runs for answer in answers]
    expected = {(200, "OK"), (400, "ConflictException")}
    unexpected = [answer for answer in answers if answer[:2] not in expected]
    assert not unexpected, f"{len(unexpected)} of {len(answers)} answers: {unexpected[:3]}"
    assert "Traceback" not in done.stderr, done.stderr
    # every run made exactly one instance (an account has one: the other threads are refused)
    assert all(sum(code == 200 for code, _, _ in answers) == 1 for answers in runs)


def test_four_regions_creating_an_instance_at_once_make_exactly_one() -> None:
    """An account has one instance across all Regions (CreateInstance): the check and the
    insert once held only the caller's Region lock, and about one run in five ended with two
    or more instances."""
    from ssoadmin_mock.backend import account_store

    regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"]
    with mock_ssoadmin(default_instance=False) as mock:
        clients = [
            boto3.client(
                "sso-admin", region_name=region, config=Config(retries={"max_attempts": 1})
            )
            for region in regions
        ]
        for run in range(100):
            mock.reset()
            start = threading.Barrier(len(clients))
            codes: list[str] = []

            def create(sso: Any, start: threading.Barrier, codes: list[str]) -> None:
                start.wait()
                try:
                    sso.create_instance(Name="race")
                    codes.append("OK")
                except ClientError as error:
                    codes.append(error.response["Error"]["Code"])

            threads = [
                threading.Thread(target=create, args=(sso, start, codes)) for sso in clients
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            made = account_store(ACCOUNT).instances
            assert len(made) == 1, f"run {run}: {len(made)} instances"
            assert sorted(codes) == ["ConflictException"] * 3 + ["OK"], (run, codes)


def test_a_request_while_another_thread_imports_motos_iam_is_answered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A request signed while another thread is still importing ``moto.iam.models`` (in
    ``sys.modules``, its names not yet defined: Terraform's parallel first requests met it)
    resolves its account as unsigned requests do, instead of failing with a 500; and the key
    is not remembered as unknown, so it resolves once IAM has loaded."""
    import types

    from ssoadmin_mock import moto_bridge

    loading = types.ModuleType("moto.iam.models")  # as a module mid-import looks
    monkeypatch.setitem(sys.modules, "moto.iam.models", loading)
    key = "AKIALOADING000000000"
    assert moto_bridge.account_of_access_key(key) is None
    assert key not in moto_bridge._UNKNOWN_KEYS
    monkeypatch.undo()
    with mock_ssoadmin():
        iam = client("iam")
        iam.create_user(UserName="loader")
        made = iam.create_access_key(UserName="loader")["AccessKey"]["AccessKeyId"]
        assert moto_bridge.account_of_access_key(made) == ACCOUNT
