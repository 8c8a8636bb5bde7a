"""`python -m benchmarks --quick` runs and measures every operation of the installed model.

Benchmarks are not timed tests: this checks only that the run completes and prints a line
for each operation (its figures depend on the machine), and, on a fake clock, how calls
timed in pairs are summed up.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import botocore.session
import pytest

from benchmarks import percall
from benchmarks.catalogue import CATALOGUES
from benchmarks.run import served_services

ROOT = Path(__file__).resolve().parent.parent


def test_the_package_serves_sso_admin_at_least() -> None:
    assert "sso-admin" in served_services()


def test_quick_benchmark_prints_a_line_for_every_operation() -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    env.pop("PYTEST_ADDOPTS", None)
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--markdown"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    session = botocore.session.get_session()
    for service in set(served_services()) & set(CATALOGUES):
        operations = set(session.get_service_model(service).operation_names)
        prefix = f"| {service} `"
        ours = [line for line in lines if line.startswith(prefix)]
        measured = {line.split("`")[1].split(" (")[0] for line in ours}
        assert operations <= measured, sorted(operations - measured)
        for line in ours:  # each with a time and a ratio to the floor
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            assert cells[1].endswith("µs") and cells[3].endswith("x"), line
            if service in ("sso", "sso-oidc"):  # moto serves neither: no moto figure
                assert cells[6] == "not served", line
    # the calls that have moto make an IAM role or an STS session, beside what moto's own
    # API costs for the same work
    for work in ("moto IAM, 3 calls", "moto STS, 1 call"):
        found = [line for line in lines if work in line]
        assert len(found) == 1, (work, lines)
        cells = [cell.strip() for cell in found[0].strip("|").split("|")]
        assert cells[1].endswith("µs") and cells[3].endswith("x"), found
    # the identity store at scale: each user query against a small store, with its verdict,
    # the making of the big store and its memory
    for query in ("get_user_id (by userName)", "describe_user", "list_users (UserName filter)"):
        found = [line for line in lines if f"| identitystore `{query}` with " in line]
        assert len(found) == 1, (query, lines)
        cells = [cell.strip() for cell in found[0].strip("|").split("|")]
        assert " users" in cells[0] and cells[1].endswith("µs"), found
        assert cells[3].endswith("x") and cells[4].startswith("<= 1.2x "), found
    store_lines = [line for line in lines if "identity-store users" in line]
    assert [line for line in store_lines if line.startswith("| making ")], store_lines
    memory = [line for line in store_lines if line.startswith("| memory of ")]
    assert len(memory) == 1 and "MiB in all" in memory[0], memory
    # every service the package serves is measured, the access portal's and OIDC's too
    assert not [line for line in lines if "NOT MEASURED" in line]
    assert {"sso-admin", "identitystore", "sso", "sso-oidc"} <= set(served_services())


class _FakeClock:
    """A clock that moves only when a fake call says how long it took."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def takes(self, seconds: float) -> Callable[..., None]:
        def call(**request: object) -> None:
            self.now += seconds

        return call


def test_pairs_charge_each_call_to_its_own_side_whichever_goes_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = _FakeClock()
    monkeypatch.setattr(percall, "CLOCK", [clock])
    pairs: list[tuple[float, float]] = []
    requests: list[dict[str, object]] = [{"Index": index} for index in range(5)]
    for flip in (0, 1):
        percall._pairs(clock.takes(3.0), clock.takes(2.0), requests, flip, pairs)
    assert pairs == [(3.0, 2.0)] * 10
    assert percall.summary(pairs) == {"mocked": 3.0, "floor": 2.0, "ratio": 1.5}


def test_the_summary_is_the_median_of_the_pairs_ratios() -> None:
    # one disturbed pair (its floor slowed) moves neither the median ratio nor the times
    pairs = [(3.0, 2.0), (3.3, 2.0), (3.0, 20.0), (3.0, 2.2), (6.0, 4.0), (1.0, 0.0)]
    got = percall.summary(pairs)
    assert got["ratio"] == 1.5  # ratios 1.5, 1.65, 0.15, ~1.36, 1.5; the unseen floor left out
    assert got["mocked"] == 3.0 and got["floor"] == 2.2


def test_the_floor_signs_as_botocore_alone_does() -> None:
    """The floor is botocore's own cost: under a mock its requests are SigV4-signed (the
    mock's own clients' are not, `ssoadmin_mock.signing`) and answered by the canned body."""
    import boto3

    from ssoadmin_mock import mock_ssoadmin

    seen: list[str] = []

    def record(request: Any, **kwargs: Any) -> None:
        seen.append(request.headers["Authorization"].decode())

    with mock_ssoadmin():
        answer = percall.CannedAnswer(b'{"Instances": []}')
        floor = percall.floor_client(boto3.session.Session(), answer)
        floor.meta.events.register_first("before-send", record)
        mocked = boto3.client("sso-admin", region_name="us-east-1")
        mocked.meta.events.register_first("before-send", record)
        assert floor.list_instances()["Instances"] == []  # the canned answer, not the mock's
        assert mocked.list_instances()["Instances"] != []
    assert "Signature=" in seen[0]
    assert "Signature=" not in seen[1]
