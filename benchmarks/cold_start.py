"""Cold start: a fresh process that mocks sso-admin and makes its first call.

Compares, in one run and interleaved, two fresh Python processes that each import their
mock, enter it and make one ``list_instances`` call:

``ssoadmin-mock``
    ``import ssoadmin_mock`` and ``with mock_ssoadmin():``
``moto``
    moto's own ``mock_aws`` and its built-in sso-admin, without ``ssoadmin_mock`` imported

Each process is timed from its start to its exit (what a user waits for), and inside the
process from the first import to the call's answer; the ratio is the median of the pairs'
(a run of each, back to back). The warm-up run of each writes its
bytecode caches (even where ``PYTHONDONTWRITEBYTECODE`` is set), as a user's first run
does. The target is a ratio of at most 1: no slower than moto.

    python benchmarks/cold_start.py [--runs 9]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

_SCRIPTS = {
    "ssoadmin-mock": """
import time
started = time.perf_counter()
import boto3
from ssoadmin_mock import mock_ssoadmin
with mock_ssoadmin():
    boto3.client("sso-admin", region_name="us-east-1").list_instances()
""",
    "moto": """
import time
started = time.perf_counter()
import boto3
from moto import mock_aws
with mock_aws():
    boto3.client("sso-admin", region_name="us-east-1").list_instances()
import sys
assert "ssoadmin_mock" not in sys.modules, "the moto baseline must not load ssoadmin_mock"
""",
}
_REPORT = """
import json
print(json.dumps({"inner": time.perf_counter() - started}))
"""


def run_once(name: str) -> tuple[float, float]:
    """(wall seconds of the whole process, seconds from first import to the answer)."""
    env = dict(os.environ)
    env.setdefault("AWS_ACCESS_KEY_ID", "testing")
    env.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    env.pop("PYTEST_ADDOPTS", None)
    # bytecode caches written, as on a user's machine: where the environment turns them off
    # (PYTHONDONTWRITEBYTECODE), each run would compile this package's sources anew, while
    # moto's, installed from a wheel, were compiled when pip installed them
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPTS[name] + _REPORT],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{name} run failed:\n{done.stderr}")
    inner = float(json.loads(done.stdout.strip().splitlines()[-1])["inner"])
    return wall, inner


def measure(runs: int) -> dict[str, dict[str, list[float]]]:
    """Interleaved runs of both scripts (after one warm-up of each, for the file cache), in
    pairs: the i-th run of each is the i-th pair, and which goes first alternates."""
    results: dict[str, dict[str, list[float]]] = {
        name: {"wall": [], "inner": []} for name in _SCRIPTS
    }
    for name in _SCRIPTS:
        run_once(name)
    names = list(_SCRIPTS)
    for run in range(runs):
        for name in names if run % 2 == 0 else names[::-1]:
            wall, inner = run_once(name)
            results[name]["wall"].append(wall)
            results[name]["inner"].append(inner)
    return results


def paired_ratio(ours: list[float], theirs: list[float]) -> float:
    """The median of the pairs' ratios (a pair's two processes ran back to back, on the
    same machine: steadier than the ratio of the medians when the machine's speed drifts)."""
    return statistics.median(mine / other for mine, other in zip(ours, theirs, strict=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each (default 9)")
    parser.add_argument("--target", type=float, default=1.0, help="largest ratio accepted")
    args = parser.parse_args(argv)
    results = measure(args.runs)
    ours, theirs = results["ssoadmin-mock"], results["moto"]
    print(f"{'':16}{'process (median)':>18}{'import+call (median)':>24}")
    for name, data in results.items():
        wall = statistics.median(data["wall"])
        inner = statistics.median(data["inner"])
        print(f"{name:16}{wall * 1000:>16.0f}ms{inner * 1000:>22.0f}ms")
    ratio = paired_ratio(ours["wall"], theirs["wall"])
    inner_ratio = paired_ratio(ours["inner"], theirs["inner"])
    print(
        f"ratio ssoadmin-mock / moto (median of pairs): process {ratio:.2f}x, "
        f"import+call {inner_ratio:.2f}x"
    )
    print(f"target <= {args.target:.2f}x: {'met' if ratio <= args.target else 'NOT met'}")
    return 0 if ratio <= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
