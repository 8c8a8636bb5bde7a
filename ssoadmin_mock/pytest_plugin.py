"""pytest fixtures for suites that test code against sso-admin (entry point ``pytest11``).

``ssoadmin_mock``
    a started `MockSSOAdmin` (sso-admin and the rest of AWS mocked), stopped after the test
``sso_admin_client``
    a boto3 ``sso-admin`` client inside that mock
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
from .core import MockSSOAdmin
from .models import SSOAdminBackend


@pytest.fixture
def ssoadmin_region() -> str:
    return os.environ.get("AWS_DEFAULT_REGION", "us-east-1")


@pytest.fixture
def ssoadmin_mock() -> Iterator[MockSSOAdmin]:
    mock = MockSSOAdmin()
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
def ssoadmin_backend(ssoadmin_mock: MockSSOAdmin, ssoadmin_region: str) -> SSOAdminBackend:
    return inspection.backend(inspection.default_account(), ssoadmin_region)


@pytest.fixture
def ssoadmin_state(ssoadmin_backend: SSOAdminBackend) -> inspection.State:
    return inspection.State(ssoadmin_backend)
