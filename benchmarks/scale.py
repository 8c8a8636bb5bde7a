"""Listing cost with 100,000 account assignments stored, against the same with 100.

Two worlds in one mock, each in an account of its own (its requests sent as that account),
laid out so that the measured queries return the same amount in both (only what is stored
around them grows), and measured in pairs: each round times a query's batch in one world
and then in the other, back to back (which one first alternates), and a line's ratio is the
median of its pairs' ratios (`percall.summary`, as the per-call lines), so that the
machine's drift falls on both sides of a pair alike:

- every principal holds exactly 10 assignments and every (account, permission set) pair
  has exactly 10 principals: ``pairs = assignments / 10`` (100: 1 account x 10 permission
  sets; 100,000: 100 accounts x 100 permission sets, 10,000 principals);
- measured through boto3: ``list_account_assignments`` for one account and permission set
  (10 items), ``list_account_assignments_for_principal`` for one user (10 items) and a page
  of 10 of ``list_permission_sets``.

The assignments are made by calling the assignments service's own `create` (the
operation's code, without HTTP; principals unchecked), so each one also leaves its creation
status and its account's IAM role, as through the API. Set-up time and the memory the
assignments take (``tracemalloc``, measured while they are made, in a world of its own) are
reported.

The identity store likewise: a store of 100,000 users against one of 100 (two accounts'
stores in one mock, interleaved rounds), the users made by the users service's own `create`
(the operation's code, without HTTP), and measured through boto3: ``get_user_id`` by
``userName``, ``describe_user`` and ``list_users`` with the (deprecated) ``UserName``
filter, each finding one user, the same one answered in both; and the memory of the
100,000 users (``tracemalloc``, while they are made, in a mock of its own).
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import boto3

from ssoadmin_mock import get_backend, mock_ssoadmin

from .catalogue import REGION, in_account
from .percall import ACCOUNT, CLOCK, summary

PER_PRINCIPAL = 10
PER_PAIR = 10


@dataclass
class World:
    """Where the queries point: one account, one permission set, one principal."""

    instance_arn: str
    account: str
    permission_set: str
    principal: str
    setup_seconds: float


def _principal(number: int) -> str:
    return f"{number:08x}-0000-4000-8000-000000000000"


def _accounts_for(pairs: int) -> int:
    """As many accounts as permission sets where the pairs allow (the largest divisor of
    `pairs` up to its square root); one account for a handful of pairs."""
    if pairs < 100:
        return 1
    return max(n for n in range(1, int(pairs**0.5) + 1) if pairs % n == 0)


def build(assignments: int, sso: Any, account: str = ACCOUNT) -> World:
    """Make `assignments` assignments in `account` (`sso` speaks as it), laid out as the
    module says; time it."""
    pairs = assignments // PER_PAIR
    accounts = _accounts_for(pairs)
    sets = pairs // accounts
    instance_arn = sso.list_instances()["Instances"][0]["InstanceArn"]
    backend = get_backend(account, REGION)
    started = time.perf_counter()
    with backend.lock:
        permission_sets = [
            backend.permission_sets.create(name=f"Scale{n}", instance_arn=instance_arn)[
                "PermissionSet"
            ]["PermissionSetArn"]
            for n in range(sets)
        ]
        account_ids = [f"{100000000000 + n:012d}" for n in range(accounts)]
        for principal in range(assignments // PER_PRINCIPAL):
            for slot in range(PER_PRINCIPAL):
                pair = (principal * PER_PRINCIPAL + slot) % pairs
                backend.assignments.create(
                    instance_arn=instance_arn,
                    target_id=account_ids[pair // sets],
                    target_type="AWS_ACCOUNT",
                    permission_set_arn=permission_sets[pair % sets],
                    principal_type="USER",
                    principal_id=_principal(principal),
                )
    seconds = time.perf_counter() - started
    return World(instance_arn, account_ids[0], permission_sets[0], _principal(0), seconds)


def queries(world: World) -> dict[str, Callable[[Any], Any]]:
    instance = {"InstanceArn": world.instance_arn}
    return {
        "list_account_assignments (1 account + set)": lambda c: c.list_account_assignments(
            **instance, AccountId=world.account, PermissionSetArn=world.permission_set
        ),
        "list_account_assignments_for_principal": lambda c: (
            c.list_account_assignments_for_principal(
                **instance, PrincipalId=world.principal, PrincipalType="USER"
            )
        ),
        "list_permission_sets (page of 10)": lambda c: c.list_permission_sets(
            **instance, MaxResults=10
        ),
    }


#: the accounts of the two worlds
SMALL_ACCOUNT, LARGE_ACCOUNT = "111111111111", "222222222222"


def _interleaved(
    clients: list[Any], measured: list[dict[str, Callable[[Any], Any]]], rounds: int, count: int
) -> dict[str, tuple[float, float, float]]:
    """Per query: the median per-call seconds on each side and the median of the pairs'
    ratios (large over small), from `rounds` pairs of batches of `count` calls."""
    clock = CLOCK[0]
    pairs: dict[str, list[tuple[float, float]]] = {name: [] for name in measured[0]}

    def batch(side: int, name: str) -> float:
        call, client = measured[side][name], clients[side]
        started = clock()
        for _ in range(count):
            call(client)
        return (clock() - started) / count

    gc.collect()
    gc.disable()
    try:
        for round_ in range(rounds):
            for name in pairs:
                if round_ % 2 == 0:
                    small = batch(0, name)
                    large = batch(1, name)
                else:
                    large = batch(1, name)
                    small = batch(0, name)
                pairs[name].append((large, small))
    finally:
        gc.enable()
    figures = {name: summary(seen) for name, seen in pairs.items()}
    return {name: (f["floor"], f["mocked"], f["ratio"]) for name, f in figures.items()}


def _measure_worlds(
    small: int, large: int, rounds: int, count: int
) -> tuple[tuple[World, World], dict[str, tuple[float, float, float]]]:
    """Per-call seconds of each query in both worlds, and its ratio (`_interleaved`)."""
    session = boto3.session.Session()
    with mock_ssoadmin(check_principals=False):
        clients = []
        worlds = []
        for size, account in ((small, SMALL_ACCOUNT), (large, LARGE_ACCOUNT)):
            sso = session.client("sso-admin", region_name=REGION)
            in_account(sso, account)
            worlds.append(build(size, sso, account))
            clients.append(sso)
        measured = [queries(world) for world in worlds]
        for client, calls in zip(clients, measured, strict=True):
            for call in calls.values():  # the answers must be the same size in both worlds
                answer = call(client)
                items = next(v for k, v in answer.items() if isinstance(v, list))
                assert len(items) == PER_PAIR, answer
        times = _interleaved(clients, measured, rounds, count)
    return (worlds[0], worlds[1]), times


def memory_of(assignments: int) -> int:
    """Bytes still allocated after making `assignments` assignments (tracemalloc)."""
    session = boto3.session.Session()
    with mock_ssoadmin(check_principals=False):
        sso = session.client("sso-admin", region_name=REGION)
        sso.list_instances()
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        build(assignments, sso)
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
    return after - before


def memory_per_user(users: int) -> float:
    """Bytes still allocated per identity-store user made through boto3 (tracemalloc):
    the user as the identity store under the mock keeps it, as an assignment's principal."""
    session = boto3.session.Session()
    with mock_ssoadmin():
        sso = session.client("sso-admin", region_name=REGION)
        store = sso.list_instances()["Instances"][0]["IdentityStoreId"]
        identitystore = session.client("identitystore", region_name=REGION)

        def make(number: int) -> None:
            identitystore.create_user(
                IdentityStoreId=store,
                UserName=f"user{number}",
                DisplayName=f"User {number}",
                Name={"GivenName": "User", "FamilyName": str(number)},
                Emails=[{"Value": f"user{number}@example.com", "Type": "work", "Primary": True}],
            )

        make(-1)  # the first call loads what every later one uses
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        for number in range(users):
            make(number)
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
    return (after - before) / users


@dataclass
class Store:
    """Where the user queries point: one identity store and one user of it."""

    store_id: str
    user_id: str
    user_name: str
    setup_seconds: float


def _user_name(number: int) -> str:
    return f"scale-user-{number}"


def _make_users(backend: Any, store_id: str, numbers: range) -> list[str]:
    """Make the users `numbers` in the store (the users service's `create`); their ids."""
    with backend.lock:
        return [
            backend.users.create(
                identity_store_id=store_id,
                UserName=_user_name(number),
                DisplayName=f"Scale User {number}",
                Name={"GivenName": "Scale", "FamilyName": str(number)},
                Emails=[{"Value": f"user{number}@example.com", "Type": "work", "Primary": True}],
            )["UserId"]
            for number in numbers
        ]


def build_users(users: int, sso: Any, account: str = ACCOUNT) -> Store:
    """Make `users` users in the identity store of `account`'s instance (`sso` speaks as it)
    with the users service's `create`; time it. The queries name the middle one."""
    store_id = sso.list_instances()["Instances"][0]["IdentityStoreId"]
    started = time.perf_counter()
    user_ids = _make_users(get_backend(account, REGION), store_id, range(users))
    seconds = time.perf_counter() - started
    middle = users // 2
    return Store(store_id, user_ids[middle], _user_name(middle), seconds)


def user_queries(store: Store) -> dict[str, Callable[[Any], Any]]:
    here = {"IdentityStoreId": store.store_id}
    by_name = {"AttributePath": "userName", "AttributeValue": store.user_name}
    return {
        "get_user_id (by userName)": lambda c: c.get_user_id(
            **here, AlternateIdentifier={"UniqueAttribute": by_name}
        ),
        "describe_user": lambda c: c.describe_user(**here, UserId=store.user_id),
        "list_users (UserName filter)": lambda c: c.list_users(
            **here, Filters=[{"AttributePath": "UserName", "AttributeValue": store.user_name}]
        ),
    }


def _measure_stores(
    small: int, large: int, rounds: int, count: int
) -> tuple[tuple[Store, Store], dict[str, tuple[float, float, float]]]:
    """Per-call seconds of each user query on both stores, and its ratio (`_interleaved`)."""
    session = boto3.session.Session()
    with mock_ssoadmin():
        clients = []
        stores = []
        for size, account in ((small, SMALL_ACCOUNT), (large, LARGE_ACCOUNT)):
            sso = session.client("sso-admin", region_name=REGION)
            in_account(sso, account)
            stores.append(build_users(size, sso, account))
            identitystore = session.client("identitystore", region_name=REGION)
            in_account(identitystore, account)
            clients.append(identitystore)
        measured = [user_queries(store) for store in stores]
        for client, store, calls in zip(clients, stores, measured, strict=True):
            answers = {name: call(client) for name, call in calls.items()}  # the same user
            assert answers["get_user_id (by userName)"]["UserId"] == store.user_id, answers
            assert answers["describe_user"]["UserName"] == store.user_name, answers
            listed = answers["list_users (UserName filter)"]["Users"]
            assert [user["UserId"] for user in listed] == [store.user_id], answers
        times = _interleaved(clients, measured, rounds, count)
    return (stores[0], stores[1]), times


def memory_of_users(users: int) -> int:
    """Bytes still allocated after making `users` identity-store users (tracemalloc)."""
    session = boto3.session.Session()
    with mock_ssoadmin():
        sso = session.client("sso-admin", region_name=REGION)
        store_id = build_users(1, sso).store_id  # the first user loads what later ones use
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        _make_users(get_backend(ACCOUNT, REGION), store_id, range(1, users + 1))
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
    return after - before


def measure(
    small: int = 100,
    large: int = 100_000,
    rounds: int = 7,
    count: int = 200,
    users: int = 1000,
    store_large: int = 100_000,
) -> dict[str, Any]:
    """Per-call seconds of each query in both worlds, set-up seconds, and bytes used; the
    same of the user queries in a store of `small` users and one of `store_large`."""
    (small_world, large_world), times = _measure_worlds(small, large, rounds, count)
    (small_store, large_store), user_times = _measure_stores(small, store_large, rounds, count)
    return {
        "small": small,
        "large": large,
        "times": times,
        "setup": (small_world.setup_seconds, large_world.setup_seconds),
        "memory": memory_of(large),
        "users": users,
        "memory per user": memory_per_user(users),
        "store large": store_large,
        "user times": user_times,
        "user setup": (small_store.setup_seconds, large_store.setup_seconds),
        "user memory": memory_of_users(store_large),
    }
