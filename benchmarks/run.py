"""Every performance figure of ssoadmin-mock, measured in one run, printed as one table.

    python -m benchmarks            # about a minute and a half
    python -m benchmarks --quick    # fewer rounds, for a first look

1. Per call: each operation through boto3 under ``mock_ssoadmin`` against botocore's own
   floor (the same call answered by a canned ``before-send`` hook), target <= 1.15x; and
   moto's built-in sso-admin on the same measure, in a process that never imports this
   library (`percall.py`).
2. Scale: listings with 100,000 account assignments stored against the same with 100,
   target <= 1.2x; set-up time and the memory the 100,000 take (`scale.py`).
3. ``with mock_ssoadmin(): pass`` against moto's ``with mock_aws(): pass``, target <= 1.1x.

Ratios are of best-of-N timings taken in the same process, interleaved, so they hold on
any machine; the microseconds are this machine's.
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

from . import percall, scale

PER_CALL_TARGET = 1.15
SCALE_TARGET = 1.2
ENTER_TARGET = 1.1


def moto_per_call(rounds: int, count: int) -> dict[str, Any]:
    """moto's own sso-admin on the per-call measure, from a process of its own."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.percall",
            "--moto",
            "--rounds",
            str(rounds),
            "--count",
            str(count),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )
    if done.returncode != 0:
        raise SystemExit(f"moto's per-call run failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
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
    gc.collect()
    gc.disable()
    try:
        for round_ in range(rounds):
            order: list[Callable[[], None]] = [ours, motos] if round_ % 2 == 0 else [motos, ours]
            for body in order:
                started = time.perf_counter()
                for _ in range(count):
                    body()
                best[body] = min(best[body], (time.perf_counter() - started) / count)
    finally:
        gc.enable()
    return best[ours], best[motos]


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f} µs"


def _verdict(ratio: float, target: float) -> str:
    return "ok" if ratio <= target else "MISSED"


def table(
    per_call: dict[str, Any],
    moto: dict[str, Any],
    scaled: dict[str, Any],
    entered: tuple[float, float],
) -> str:
    rows = [
        "| measure | ssoadmin-mock | baseline | ratio | target | moto's sso-admin |",
        "|---|---|---|---|---|---|",
    ]
    for name, got in per_call.items():
        ratio = got["mocked"] / got["floor"]
        theirs = moto.get(name, {})
        if "mocked" in theirs:
            moto_text = f"{theirs['mocked'] / theirs['floor']:.2f}x ({_us(theirs['mocked'])})"
        else:
            moto_text = "not implemented"
        rows.append(
            f"| `{name}` per call | {_us(got['mocked'])} | {_us(got['floor'])} botocore floor "
            f"| {ratio:.2f}x | <= {PER_CALL_TARGET}x {_verdict(ratio, PER_CALL_TARGET)} "
            f"| {moto_text} |"
        )
    small, large = scaled["small"], scaled["large"]
    for name, (at_small, at_large) in scaled["times"].items():
        ratio = at_large / at_small
        rows.append(
            f"| `{name}` with {large:,} assignments | {_us(at_large)} | {_us(at_small)} with "
            f"{small} | {ratio:.2f}x | <= {SCALE_TARGET}x {_verdict(ratio, SCALE_TARGET)} | |"
        )
    setup_small, setup_large = scaled["setup"]
    rows.append(
        f"| making {large:,} assignments (backend calls) | {setup_large:.1f} s "
        f"({setup_large / large * 1e6:.0f} µs each) | {setup_small * 1e3:.0f} ms for {small} "
        "| | | |"
    )
    rows.append(
        f"| memory of {large:,} assignments (tracemalloc) | {scaled['memory'] / 2**20:.0f} MiB "
        f"({scaled['memory'] / large:,.0f} bytes each) | | | | |"
    )
    ours, motos = entered
    ratio = ours / motos
    rows.append(
        f"| `with mock_ssoadmin(): pass` | {_us(ours)} | {_us(motos)} `with mock_aws(): pass` "
        f"| {ratio:.2f}x | <= {ENTER_TARGET}x {_verdict(ratio, ENTER_TARGET)} | |"
    )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and calls")
    args = parser.parse_args(argv)
    # many short batches: the best of them is the one no other process disturbed
    rounds, count = (10, 30) if args.quick else (40, 50)
    from ssoadmin_mock import mock_ssoadmin

    print("per call ...", file=sys.stderr)
    per_call = percall.measure(mock_ssoadmin(), rounds=rounds, count=count)
    print("moto's per call ...", file=sys.stderr)
    moto = moto_per_call(rounds, count)
    print("enter/exit ...", file=sys.stderr)
    entered = enter_exit(rounds, count // 2)
    print("scale (100,000 assignments) ...", file=sys.stderr)
    scaled = scale.measure(rounds=rounds, count=count)
    print(table(per_call, moto, scaled, entered))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
