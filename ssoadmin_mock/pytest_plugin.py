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
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from . import inspection
from .backend import SSOAdminBackend
from .core import MockSSOAdmin


@pytest.fixture
def ssoadmin_region() -> str:
    return os.environ.get("AWS_DEFAULT_REGION", "us-east-1")


MARKER = "ssoadmin"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**switches): switches of the ssoadmin_mock fixture's mock, as "
        "mock_ssoadmin(...) takes them (default_instance, check_principals, async_reads, "
        "async_seconds, async_failures, faults)",
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
