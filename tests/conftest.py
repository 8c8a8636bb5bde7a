"""Shared fixtures: every test runs inside a fresh `mock_ssoadmin`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from ssoadmin_mock import mock_ssoadmin, settings

from .shapecheck import ShapeRecorder

REGION = "us-east-1"
ACCOUNT = "123456789012"

#: One botocore session for the suite's clients: a client from it costs a few milliseconds,
#: where `boto3.client` under moto (a new session each time) reloads the service model.
SESSION = boto3.session.Session()


def client(service_name: str, region: str = REGION, **kwargs: Any) -> Any:
    """A boto3 client from the suite's shared session."""
    return SESSION.client(service_name, region_name=region, **kwargs)


@pytest.fixture
def mock() -> Iterator[Any]:
    with mock_ssoadmin() as started:
        yield started


@pytest.fixture
def shape_recorder() -> Iterator[ShapeRecorder]:
    """Fails the test if any sso-admin response body broke its output shape."""
    recorder = ShapeRecorder()
    yield recorder
    assert not recorder.failures, "responses broke their output shapes:\n" + "\n".join(
        recorder.failures
    )


@pytest.fixture
def sso(mock: Any, shape_recorder: ShapeRecorder) -> Any:
    """An sso-admin client; every response body it gets is checked against the model."""
    return shape_recorder.attach(client("sso-admin"))


@pytest.fixture
def raw_sso(mock: Any) -> Any:
    """A client with botocore's own parameter checks off, to send what AWS would refuse."""
    return client(
        "sso-admin", config=Config(parameter_validation=False, retries={"max_attempts": 1})
    )


@pytest.fixture
def identitystore(mock: Any, shape_recorder: ShapeRecorder) -> Any:
    """An identitystore client; every response body it gets is checked against the model."""
    return shape_recorder.attach(client("identitystore"))


@pytest.fixture
def iam(mock: Any) -> Any:
    return client("iam")


@pytest.fixture
def instance(sso: Any) -> dict[str, Any]:
    """The default instance of the account: InstanceArn, IdentityStoreId, ..."""
    result: dict[str, Any] = sso.list_instances()["Instances"][0]
    return result


@pytest.fixture
def instance_arn(instance: dict[str, Any]) -> str:
    return str(instance["InstanceArn"])


@pytest.fixture
def identity_store_id(instance: dict[str, Any]) -> str:
    return str(instance["IdentityStoreId"])


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    yield
    settings.reset()


# --- a permission set and principals, for the assignment tests ------------------------------
# (test modules that need other ones define their own fixtures of these names)


@pytest.fixture
def ps_arn(sso: Any, instance_arn: str) -> str:
    """A permission set named Developers in the default instance."""
    created = sso.create_permission_set(InstanceArn=instance_arn, Name="Developers")
    return str(created["PermissionSet"]["PermissionSetArn"])


@pytest.fixture
def user_id(identitystore: Any, identity_store_id: str) -> str:
    """User alice in the default instance's identity store."""
    from .assignment_support import make_user

    return make_user(identitystore, identity_store_id, "alice")


@pytest.fixture
def group_id(identitystore: Any, identity_store_id: str) -> str:
    """Group devs in the default instance's identity store."""
    created = identitystore.create_group(IdentityStoreId=identity_store_id, DisplayName="devs")
    return str(created["GroupId"])


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the Terraform scenario as soon as its test is selected, so that its minute of
    Terraform runs overlaps the rest of the suite (`tests/test_terraform.py`)."""
    if any(item.path.name == "test_terraform.py" for item in session.items):
        from . import test_terraform

        if test_terraform.UNAVAILABLE is None:
            test_terraform.start_in_background()
