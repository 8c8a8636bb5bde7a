"""pytest fixtures for suites that test code against sso-admin (entry point ``pytest11``).

``ssoadmin_mock``
    a started `MockSSOAdmin` (sso-admin and the rest of AWS mocked), stopped after the test;
    its switches come from the ``ssoadmin`` marker, the closest one winning per switch::

        @pytest.mark.ssoadmin(default_instance=False, async_reads=2)
        def test_bootstrap(sso_admin_client, ssoadmin_mock):
            ssoadmin_mock.faults.inject("CreateInstance", "ConflictException")
``sso_admin_client``
    a boto3 ``sso-admin`` client inside that mock
``identitystore_client``
    a boto3 ``identitystore`` client inside that mock (the identity store of the account's
    instances, served by this package)
``ssoadmin_backend``
    the backend of the default account and the client's region, for assertions
``ssoadmin_state``
    the same backend behind typed, read-only questions (`ssoadmin_mock.inspection.State`)

The region is ``AWS_DEFAULT_REGION`` if set, else us-east-1; override the
``ssoadmin_region`` fixture to choose another.

Installing the package loads this plugin in every pytest run of the environment, and loading
it imports the package: moto's own ``mock_aws`` then serves sso-admin from this library even
in a suite that never imports it (``-p no:ssoadmin_mock`` opts out). The ini option
``ssoadmin_mock_mode = moto-compatible`` (or ``aws``) is the mode of every mock of the run not
given one, as the environment variable ``SSOADMIN_MOCK_MODE`` is (which wins when both are
set). At the end of a run that served requests in the moto-compatible mode, a short report
counts the warnings (`ssoadmin_mock.FidelityWarning`) by kind.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from . import inspection
from .backend import SSOAdminBackend
from .compat import KINDS, FidelityWarning
from .core import MockSSOAdmin
from .switches import MODE_VARIABLE, parse_mode


@pytest.fixture
def ssoadmin_region() -> str:
    return os.environ.get("AWS_DEFAULT_REGION", "us-east-1")


MARKER = "ssoadmin"


#: the ini option with the mode of every mock of the run
MODE_OPTION = "ssoadmin_mock_mode"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        MODE_OPTION,
        "the mode of every mock not given one: aws (mock_ssoadmin's default) or "
        f"moto-compatible; the environment variable {MODE_VARIABLE} wins over it",
        default="",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**switches): switches of the ssoadmin_mock fixture's mock, as "
        "mock_ssoadmin(...) takes them (default_instance, check_principals, async_reads, "
        "async_seconds, async_failures, faults, moto_compatible)",
    )
    config.pluginmanager.register(_Run(config), _Run.NAME)


class _Run:
    """One pytest run: the ini option's mode in force while it lasts, and the report of
    the moto-compatible differences its tests met."""

    NAME = "ssoadmin_mock_run"

    def __init__(self, config: pytest.Config) -> None:
        self._saved: str | None = None
        self._set = False
        mode = str(config.getini(MODE_OPTION) or "").strip()
        if mode and MODE_VARIABLE not in os.environ:
            try:
                parse_mode(mode, MODE_OPTION)
            except ValueError as error:
                raise pytest.UsageError(str(error)) from None
            os.environ[MODE_VARIABLE] = mode
            self._set = True
        #: (kind, operation, member) -> warnings; kind -> the tests that met it
        self.seen: Counter[tuple[str, str, str]] = Counter()
        self.tests: dict[str, set[str]] = {}

    def pytest_unconfigure(self) -> None:
        if self._set:
            os.environ.pop(MODE_VARIABLE, None)

    def pytest_warning_recorded(self, warning_message: Any, nodeid: str) -> None:
        warning = warning_message.message
        if isinstance(warning, FidelityWarning):
            self.seen[(warning.kind, warning.operation, warning.member)] += 1
            self.tests.setdefault(warning.kind, set()).add(nodeid)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.seen:
            return
        write = terminalreporter.write_line
        terminalreporter.section("ssoadmin-mock: served as moto serves it, refused by AWS")
        tests = set().union(*self.tests.values())
        total = sum(self.seen.values())
        write(f"{total} FidelityWarning(s) in {len(tests)} test(s), by kind:")
        for kind in KINDS:
            where = sorted((op, member, n) for (k, op, member), n in self.seen.items() if k == kind)
            if not where:
                continue
            count = sum(n for _, _, n in where)
            write(f"  {kind}: {count} in {len(self.tests[kind])} test(s)")
            write("    " + ", ".join(f"{op} {member} x{n}" for op, member, n in where))
            write(f"    to follow AWS: {KINDS[kind]}")
        write(
            "Fail on them with -W error::ssoadmin_mock.FidelityWarning "
            "(README: Migrating from moto)."
        )


def marker_switches(node: pytest.Item) -> dict[str, Any]:
    """The switches the ``ssoadmin`` markers of a test give (module, class, then function)."""
    given: dict[str, Any] = {}
    for marker in reversed(list(node.iter_markers(MARKER))):  # the closest one last
        if marker.args:
            raise TypeError(
                f"@pytest.mark.{MARKER} takes switches by name only, not {marker.args!r}"
            )
        given.update(marker.kwargs)
    return given


@pytest.fixture
def ssoadmin_mock(request: pytest.FixtureRequest) -> Iterator[MockSSOAdmin]:
    mock = MockSSOAdmin(**marker_switches(request.node))
    mock.start()
    try:
        yield mock
    finally:
        mock.stop()


@pytest.fixture
def sso_admin_client(ssoadmin_mock: MockSSOAdmin, ssoadmin_region: str) -> Any:
    import boto3

    return boto3.client("sso-admin", region_name=ssoadmin_region)


@pytest.fixture
def identitystore_client(ssoadmin_mock: MockSSOAdmin, ssoadmin_region: str) -> Any:
    import boto3

    return boto3.client("identitystore", region_name=ssoadmin_region)


@pytest.fixture
def ssoadmin_backend(ssoadmin_mock: MockSSOAdmin, ssoadmin_region: str) -> SSOAdminBackend:
    return inspection.backend(inspection.default_account(), ssoadmin_region)


@pytest.fixture
def ssoadmin_state(ssoadmin_backend: SSOAdminBackend) -> inspection.State:
    return inspection.State(ssoadmin_backend)
