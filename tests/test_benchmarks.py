"""`python -m benchmarks --quick` runs and measures every operation of the installed model.

Benchmarks are not timed tests: this checks only that the run completes and prints a line
for each operation (its figures depend on the machine).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import botocore.session

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
    # every service the package serves is measured, the access portal's and OIDC's too
    assert not [line for line in lines if "NOT MEASURED" in line]
    assert {"sso-admin", "identitystore", "sso", "sso-oidc"} <= set(served_services())
