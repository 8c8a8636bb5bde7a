"""Every performance figure of ssoadmin-mock, measured in one run, printed as one table.

    python -m benchmarks                # a few minutes
    python -m benchmarks --markdown     # the same, as the README's Markdown table
    python -m benchmarks --quick        # a small world and few rounds: seconds, for a look

1. Per call, every operation of every service the package serves (`catalogue`: the
   operations come from the installed botocore model, and one without a case stops the
   run), each on a realistic organization, through boto3 under ``mock_ssoadmin``, against
   botocore's own floor (the same call answered by a canned ``before-send`` hook), target
   <= 1.15x; moto's built-in sso-admin on the same measure, in a process that never imports
   this library (`percall.py`); and, beside the first assignment of a permission set in an
   account (which makes its IAM role), the same role work done through moto's IAM; beside
   the portal's GetRoleCredentials (which has moto's STS make the role's session), the same
   session made through moto's STS.
2. Scale: listings with 100,000 account assignments stored against the same with 100,
   target <= 1.2x; set-up time, the memory per assignment and per user (`scale.py`); the
   identity store's GetUserId, DescribeUser and filtered ListUsers in a store of 100,000
   users against one of 100, target <= 1.2x, and the memory of the 100,000 users.
3. ``with mock_ssoadmin(): pass`` against moto's ``with mock_aws(): pass``, target <= 1x,
   and a cold start against moto's (`cold_start.py`), target <= 1x.
4. A test suite of an organization's bootstrap under each mock (`suite.py`).

Per-call figures are medians of calls timed one by one on the CPU clock of the measuring
thread (``--wall``: wall time), each mocked call paired with its floor call and the ratio
the median of the pairs' (`percall.summary`), so what other processes do with the machine
counts as little as it can; ratios are what to compare across machines.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from . import catalogue, cold_start, percall, scale, suite

PER_CALL_TARGET = 1.15
SCALE_TARGET = 1.2
ENTER_TARGET = 1.0
COLD_TARGET = 1.0

#: the services whose models the package may serve operations of (AWS's IAM Identity Center)
CANDIDATES = ("sso-admin", "identitystore", "sso", "sso-oidc")


def served_services() -> list[str]:
    """The services the package serves: those of `CANDIDATES` with an operation registered in
    `ssoadmin_mock.operations` (whose `registrations` takes the service, or is sso-admin's
    alone). A served service with a catalogue is measured, every operation of it or the run
    stops; one without is listed as not measured (`rows`)."""
    import inspect

    import botocore.session

    from ssoadmin_mock import operations

    registrations: Any = operations.registrations  # keyed by service in later versions
    by_service = "service" in inspect.signature(registrations).parameters
    session = botocore.session.get_session()
    served = []
    for service in CANDIDATES:
        names = set(session.get_service_model(service).operation_names)
        registered = registrations(service) if by_service else registrations()
        if names & set(registered):
            served.append(service)
    return served


#: lines whose work includes IAM's (a role made or deleted): no per-call target
ROLE_WORK = (catalogue.MAKES_ROLE, "deletes the IAM role")
#: the line whose call makes a session in moto's STS (GetRoleCredentials): shown beside what
#: moto's STS costs for the same session, as the first assignment beside moto's IAM
SESSION_WORK = catalogue.MAKES_SESSION
#: the lines shown beside the same work through moto's own API: (results key, mark of the
#: line, what the baseline is, the title); both timed against the line's floor call, so the
#: ratio is the line's own over the work's (`percall.paired_work`)
_BESIDE = (
    (
        "_iam",
        ROLE_WORK[0],
        "moto IAM, 3 calls",
        "first assignment of a set in an account (above) against the same role made through "
        "moto's IAM with boto3 (create_role, attach_role_policy, put_role_policy)",
    ),
    (
        "_sts",
        SESSION_WORK,
        "moto STS, 1 call",
        "GetRoleCredentials (above) against the same session made through moto's STS with "
        "boto3 (assume_role)",
    ),
)

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _start(module: str, *args: str) -> subprocess.Popen[str]:
    """`python -m module args` from the checkout, its JSON read by `_finish`."""
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=_ROOT,
    )


def _finish(process: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"{process.args!r} failed:\n{err}")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def enter_exit(rounds: int, count: int) -> tuple[float, float]:
    """Best seconds of ``with mock_ssoadmin(): pass`` and of ``with mock_aws(): pass``."""
    from moto import mock_aws

    from ssoadmin_mock import mock_ssoadmin

    def ours() -> None:
        with mock_ssoadmin():
            pass

    def motos() -> None:
        with mock_aws():
            pass

    best = {ours: float("inf"), motos: float("inf")}
    clock = percall.CLOCK[0]
    gc.collect()
    gc.disable()
    try:
        for round_ in range(rounds):
            order: list[Callable[[], None]] = [ours, motos] if round_ % 2 == 0 else [motos, ours]
            for body in order:
                started = clock()
                for _ in range(count):
                    body()
                best[body] = min(best[body], (clock() - started) / count)
    finally:
        gc.enable()
    return best[ours], best[motos]


# --- the table ---------------------------------------------------------------------------------


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f} µs"


def _verdict(ratio: float, target: float) -> str:
    return f"<= {target}x " + ("ok" if ratio <= target else "MISSED")


def _ratio(got: dict[str, float]) -> float:
    """A case's ratio to its floor: the median of its pairs' (`percall.summary`)."""
    return got["ratio"] if "ratio" in got else got["mocked"] / got["floor"]


HEADER = ("measure", "ssoadmin-mock", "baseline", "ratio", "target", "own", "moto", "vs moto")


def rows(results: dict[str, Any]) -> list[tuple[str, ...]]:
    """The table's rows (after `HEADER`) from one run's results."""
    out: list[tuple[str, ...]] = []
    ours_all, motos_all = results["per call"], results["moto per call"]
    for service in ours_all:
        ours, motos = ours_all[service], motos_all.get(service, {})
        for label, got in ours.items():
            if label.startswith("_"):
                continue
            ratio = _ratio(got)
            theirs = motos.get(label, {})
            if "mocked" in theirs:
                moto_ratio = _ratio(theirs)
                moto_text = f"{moto_ratio:.2f}x ({_us(theirs['mocked'])})"
                versus = f"{ratio / moto_ratio:.2f}x"
            else:
                moto_text, versus = "not served", ""
            if any(mark in label for mark in ROLE_WORK):
                target = "(IAM work: see below)"
            elif SESSION_WORK in label:
                target = "(STS work: see below)"
            else:
                target = _verdict(ratio, PER_CALL_TARGET)
            own = got.get("own")
            out.append(
                (
                    f"{service} `{label}`",
                    _us(got["mocked"]),
                    f"{_us(got['floor'])} botocore floor",
                    f"{ratio:.2f}x",
                    target,
                    f"{own * 1e6:.0f} µs" if own is not None else "",
                    moto_text,
                    versus,
                )
            )
        for key, mark, what, title in _BESIDE:
            work = ours.get(key)
            line = next((v for k, v in ours.items() if mark in k), None)
            if work and line:
                out.append(
                    (
                        title,
                        _us(line["mocked"]),
                        f"{_us(work['seconds'])} {what}",
                        f"{_ratio(line) / work['per floor']:.2f}x",
                        "",
                        "",
                        "",
                    )
                )
    for service in results.get("not measured", []):
        out.append((f"{service}: NOT MEASURED (served, but no cases in benchmarks/catalogue.py)",))
    scaled = results["scale"]
    small, large = scaled["small"], scaled["large"]
    for name, (at_small, at_large, ratio) in scaled["times"].items():
        out.append(
            (
                f"`{name}` with {large:,} assignments",
                _us(at_large),
                f"{_us(at_small)} with {small}",
                f"{ratio:.2f}x",
                _verdict(ratio, SCALE_TARGET),
                "",
                "",
            )
        )
    setup_small, setup_large = scaled["setup"]
    out.append(
        (
            f"making {large:,} assignments (backend calls)",
            f"{setup_large:.1f} s ({setup_large / large * 1e6:.0f} µs each)",
            f"{setup_small * 1e3:.0f} ms for {small}",
            "",
            "",
            "",
            "",
        )
    )
    out.append(
        (
            f"memory per account assignment ({large:,}, tracemalloc)",
            f"{scaled['memory'] / large:,.0f} bytes",
            f"{scaled['memory'] / 2**20:.0f} MiB in all",
            "",
            "",
            "",
            "",
        )
    )
    out.append(
        (
            f"memory per identity-store user ({scaled['users']:,}, tracemalloc)",
            f"{scaled['memory per user']:,.0f} bytes",
            "as the identity store keeps it",
            "",
            "",
            "",
            "",
        )
    )
    store_large = scaled.get("store large")
    if store_large:
        for name, (at_small, at_large, ratio) in scaled["user times"].items():
            out.append(
                (
                    f"identitystore `{name}` with {store_large:,} users",
                    _us(at_large),
                    f"{_us(at_small)} with {small}",
                    f"{ratio:.2f}x",
                    _verdict(ratio, SCALE_TARGET),
                    "",
                    "",
                )
            )
        users_small, users_large = scaled["user setup"]
        out.append(
            (
                f"making {store_large:,} identity-store users (backend calls)",
                f"{users_large:.1f} s ({users_large / store_large * 1e6:.0f} µs each)",
                f"{users_small * 1e3:.0f} ms for {small}",
                "",
                "",
                "",
                "",
            )
        )
        out.append(
            (
                f"memory of {store_large:,} identity-store users (tracemalloc)",
                f"{scaled['user memory'] / 2**20:.0f} MiB in all",
                f"{scaled['user memory'] / store_large:,.0f} bytes per user",
                "",
                "",
                "",
                "",
            )
        )
    ours_enter, motos_enter = results["enter"]
    ratio = ours_enter / motos_enter
    out.append(
        (
            "`with mock_ssoadmin(): pass`",
            _us(ours_enter),
            f"{_us(motos_enter)} `with mock_aws(): pass`",
            f"{ratio:.2f}x",
            _verdict(ratio, ENTER_TARGET),
            "",
            "",
        )
    )
    cold = results.get("cold start")
    if cold:
        ratio = cold.get("ratio") or cold["ours"] / cold["moto"]
        out.append(
            (
                "cold start: a fresh process imports, enters the mock, lists instances",
                f"{cold['ours'] * 1e3:.0f} ms",
                f"{cold['moto'] * 1e3:.0f} ms moto's `mock_aws` (median of {cold['runs']})",
                f"{ratio:.2f}x",
                _verdict(ratio, COLD_TARGET),
                "",
                "",
            )
        )
    ours_suite, motos_suite = results["suite"], results["moto suite"]
    for part in (
        "whole suite",
        "bootstrap test",
        "tests on a shared bootstrap",
        "tests with a mock of their own",
    ):
        ratio = ours_suite[part] / motos_suite[part]
        name = f"{part} ({ours_suite['tests']:.0f} tests)" if part == "whole suite" else part
        out.append(
            (
                f"org bootstrap suite: {name}",
                f"{ours_suite[part]:.2f} s CPU",
                f"{motos_suite[part]:.2f} s CPU moto's `mock_aws`",
                f"{ratio:.2f}x",
                "",
                "",
                "",
            )
        )
    return out


def _padded(row: tuple[str, ...]) -> tuple[str, ...]:
    """A row of fewer cells, with empty ones up to the header's."""
    return row + ("",) * (len(HEADER) - len(row))


def markdown(table: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(_padded(row)) + " |" for row in table]
    return "\n".join(lines)


def plain(table: list[tuple[str, ...]]) -> str:
    table = [_padded(row) for row in table]
    widths = [max(len(row[i]) for row in [HEADER, *table]) for i in range(len(HEADER))]
    widths[0] = min(widths[0], 90)
    return "\n".join(
        "  ".join(cell[:90].ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [HEADER, *table]
    )


# --- the run -----------------------------------------------------------------------------------


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small world and few rounds")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--wall", action="store_true", help="time on the wall clock")
    parser.add_argument("--json", metavar="FILE", help="also write the raw results there")
    args = parser.parse_args(argv)
    if args.wall:
        percall.CLOCK[0] = time.perf_counter
    rounds, count = (1, 2) if args.quick else (12, 20)
    sizes = catalogue.QUICK if args.quick else catalogue.FULL
    knobs = ["--rounds", str(rounds), "--count", str(count)]
    knobs += ["--quick"] if args.quick else []
    knobs += ["--wall"] if args.wall else []
    from ssoadmin_mock import mock_ssoadmin

    results: dict[str, Any] = {"per call": {}, "moto per call": {}}
    # moto's side (per call, then the suite) in a process of its own; with --quick beside
    # this one (accuracy is not the point there), else after it
    moto_side = ("benchmarks.percall", "--moto", "--suite", *knobs)
    moto = _start(*moto_side) if args.quick else None
    results["not measured"] = [s for s in served_services() if s not in catalogue.CATALOGUES]
    for service in served_services():
        if service in results["not measured"]:
            _say(f"{service}: served, but benchmarks/catalogue.py has no cases for it")
            continue
        _say(f"per call, {service} ...")
        results["per call"][service] = percall.measure(
            mock_ssoadmin(), rounds=rounds, count=count, sizes=sizes, service=service
        )
    _say("org bootstrap suite ...")
    results["suite"] = suite.run_sized(mock_ssoadmin, quick=args.quick, tolerant=False)
    _say("enter/exit ...")
    results["enter"] = enter_exit(rounds * 2, max(count // 2, 1))
    _say("scale ...")
    if args.quick:
        results["scale"] = scale.measure(
            large=500, rounds=rounds, count=count, users=20, store_large=2000
        )
    else:
        results["scale"] = scale.measure(rounds=rounds, count=count * 5)
    if not args.quick:
        _say("cold start ...")
        runs = 9
        cold = cold_start.measure(runs)
        ours_cold, motos_cold = cold["ssoadmin-mock"]["wall"], cold["moto"]["wall"]
        results["cold start"] = {
            "ours": sorted(ours_cold)[runs // 2],
            "moto": sorted(motos_cold)[runs // 2],
            "ratio": cold_start.paired_ratio(ours_cold, motos_cold),
            "runs": runs,
        }
    _say("moto's side ...")
    motos = _finish(moto or _start(*moto_side))
    results["moto suite"] = motos.pop("_suite")
    results["moto per call"] = motos
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=1)
    table = rows(results)
    print(markdown(table) if args.markdown else plain(table))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
