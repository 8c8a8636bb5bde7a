"""The ``ssoadmin-mock`` command (also ``python -m ssoadmin_mock``).

``ssoadmin-mock --version`` prints the package's version. Subcommands:

``demo``
    walk through a realistic IAM Identity Center scenario under the mock, printing each step
``serve``
    serve sso-admin (and, through moto, the rest of AWS) over HTTP for non-Python clients
``operations``
    list every operation of the installed botocore model and whether the mock serves it
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="ssoadmin-mock", description="An in-process mock of AWS IAM Identity Center."
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help="print the version"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="run a short Identity Center scenario under the mock")
    demo.set_defaults(run=_run_demo)
    operations = commands.add_parser(
        "operations", help="list the model's operations and whether the mock serves them"
    )
    operations.add_argument("--markdown", action="store_true", help="print a Markdown table")
    operations.set_defaults(run=_run_operations)
    _add_serve(commands)
    return parser


def _run_demo(args: argparse.Namespace) -> int:
    from .demo import run

    return run()


def _run_operations(args: argparse.Namespace) -> int:
    from . import backend  # noqa: F401 - builds the services, registering their handlers
    from .operations import handler
    from .service import SERVED, SSO_ADMIN, operation_names

    rows = []
    for service_name in SERVED:
        for operation in sorted(operation_names(service_name)):
            registration = handler(operation, service_name)
            method = registration.function if registration is not None else None
            module = method.__module__.rsplit(".", 1)[-1] if method else "-"
            if service_name != SSO_ADMIN:
                module = f"{service_name}/{module}"
            rows.append((operation, "yes" if method else "no", module))
    if args.markdown:
        print("| operation | served | module |")
        print("| --- | --- | --- |")
        for row in rows:
            print(f"| `{row[0]}` | {row[1]} | `{row[2]}` |")
    else:
        for row in rows:
            print(f"{row[0]:55} {row[1]:4} {row[2]}")
    served = sum(1 for row in rows if row[1] == "yes")
    print(f"{served} of {len(rows)} operations served", file=sys.stderr)
    return 0


def _add_serve(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
