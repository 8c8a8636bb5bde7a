"""The ``ssoadmin-mock`` command (also ``python -m ssoadmin_mock``).

Subcommands:

``demo``
    walk through a realistic IAM Identity Center scenario under the mock, printing each step
``serve``
    serve sso-admin (and, through moto, the rest of AWS) over HTTP for non-Python clients
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ssoadmin-mock", description="An in-process mock of AWS IAM Identity Center."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="run a short Identity Center scenario under the mock")
    demo.set_defaults(run=_run_demo)
    _add_serve(commands)
    return parser


def _run_demo(args: argparse.Namespace) -> int:
    from .demo import run

    return run()


def _add_serve(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    try:
        from .server import add_arguments, run_from_args
    except ImportError:  # server mode not available in this build
        return
    serve = commands.add_parser("serve", help="serve sso-admin over HTTP")
    add_arguments(serve)
    serve.set_defaults(run=run_from_args)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.run(args)
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
