"""A realistic test suite of an organization's bootstrap, timed under a mock.

The code under test bootstraps an organization through boto3 (`catalogue.World`: the
instance, 50 permission sets with policies, 200 member accounts, 1,000 identity-store users
in 50 groups, each group assigned its team's set in a few accounts and each user one set of
its own). The suite, as a project would write it:

- one test runs the bootstrap in a fresh mock and checks what it made;
- 250 tests share one bootstrapped world (a module-scoped fixture), each reading what one
  user holds, one permission set and its accounts, and assigning and unassigning a user;
- 50 tests each start a fresh mock (as ``@mock_ssoadmin`` / ``@mock_aws`` on a test does)
  and bootstrap a small organization of their own (a set, two accounts, a group of three).

``python -m benchmarks.suite`` times it under ``mock_ssoadmin``; ``--moto`` under moto's own
``mock_aws`` (in a process that never imports ``ssoadmin_mock``); ``--quick`` a scaled-down
suite. Prints JSON: seconds of each part and in all, of the process's CPU time
(``time.process_time``: the two sides run at different moments of a shared machine, and CPU
time leaves out what other processes took of it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

import boto3

from .catalogue import FULL, QUICK, Sizes, World

SUITE_FULL = (250, 50)
SUITE_QUICK = (5, 3)
SMALL = Sizes(permission_sets=1, accounts=2, users=3, groups=1, applications=0)


def _no_extras(sizes: Sizes) -> Sizes:
    """The bootstrap makes no applications (not part of an organization's bootstrap)."""
    return Sizes(sizes.permission_sets, sizes.accounts, sizes.users, sizes.groups, 0)


def test_bootstrap(session: Any, sizes: Sizes, tolerant: bool) -> World:
    world = World(session, sizes, tolerant=tolerant)
    listed = world.sso.list_permission_sets(**world.instance, MaxResults=100)["PermissionSets"]
    assert len(listed) >= sizes.permission_sets
    return world


def test_on_shared(world: World, number: int) -> None:
    """What one user holds, one set and where it is, and one assignment made and undone."""
    sso = world.sso
    user = world.of(world.users, number)
    held = sso.list_account_assignments_for_principal(
        **world.instance, PrincipalId=user, PrincipalType="USER"
    )["AccountAssignments"]
    assert held, user
    account, ps = world.of(world.provisioned, number)
    assert sso.describe_permission_set(**world.on_set(ps))["PermissionSet"]["Name"]
    sso.list_accounts_for_provisioned_permission_set(**world.on_set(ps))
    newcomer = world.of(world.users, number + 1)
    request = world.assignment((account, ps), "USER", newcomer)
    status = sso.create_account_assignment(**request)["AccountAssignmentCreationStatus"]
    sso.describe_account_assignment_creation_status(
        **world.instance, AccountAssignmentCreationRequestId=status["RequestId"]
    )
    listed = sso.list_account_assignments(**world.on_set(ps), AccountId=account)[
        "AccountAssignments"
    ]
    assert any(a["PrincipalId"] == newcomer for a in listed)
    sso.delete_account_assignment(**request)


def run(
    mock: Callable[[], Any], sizes: Sizes, shared: int, fresh: int, tolerant: bool
) -> dict[str, float]:
    """Seconds of each part of the suite and of the whole, under mocks made by `mock`."""
    session = boto3.session.Session()
    times: dict[str, float] = {}
    started = time.process_time()
    with mock():
        test_bootstrap(session, sizes, tolerant)
    times["bootstrap test"] = time.process_time() - started
    mark = time.process_time()
    with mock():  # the module fixture
        world = World(session, sizes, tolerant=tolerant)
        for number in range(shared):
            test_on_shared(world, number)
    times["tests on a shared bootstrap"] = time.process_time() - mark
    mark = time.process_time()
    for _ in range(fresh):
        with mock():
            test_bootstrap(session, SMALL, tolerant)
    times["tests with a mock of their own"] = time.process_time() - mark
    times["whole suite"] = time.process_time() - started
    times["tests"] = float(1 + shared + fresh)
    return times


def run_sized(mock: Callable[[], Any], *, quick: bool, tolerant: bool) -> dict[str, float]:
    """The suite at full size, or scaled down (`quick`)."""
    sizes = _no_extras(QUICK if quick else FULL)
    shared, fresh = SUITE_QUICK if quick else SUITE_FULL
    return run(mock, sizes, shared, fresh, tolerant)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--moto", action="store_true", help="under moto's own mock_aws")
    parser.add_argument("--quick", action="store_true", help="a scaled-down suite")
    args = parser.parse_args(argv)
    if args.moto:
        from moto import mock_aws

        times = run_sized(mock_aws, quick=args.quick, tolerant=True)
        assert "ssoadmin_mock" not in sys.modules, "moto's baseline must not load ssoadmin_mock"
    else:
        from ssoadmin_mock import mock_ssoadmin

        times = run_sized(mock_ssoadmin, quick=args.quick, tolerant=False)
    print(json.dumps(times))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
