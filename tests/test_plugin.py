"""The pytest plugin (entry point ``pytest11``): a user's own suite, run by a fresh pytest.

Each test writes a small test file into a temporary directory and runs ``python -m pytest``
on it in a subprocess, so the plugin is found the way a user's pytest finds it: through the
installed package's entry point, with no conftest of this repository involved.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


def run_user_suite(tmp_path: Path, source: str, *args: str, **env: str) -> tuple[int, str]:
    (tmp_path / "test_user.py").write_text(textwrap.dedent(source))
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "MOTO_"))}
    environment.pop("PYTEST_ADDOPTS", None)
    environment.update(env)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args, "test_user.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def test_the_plugin_is_registered_under_pytest11() -> None:
    from importlib.metadata import entry_points

    found = [ep for ep in entry_points(group="pytest11") if ep.name == "ssoadmin_mock"]
    assert [ep.value for ep in found] == ["ssoadmin_mock.pytest_plugin"]


def test_fixtures_in_a_users_suite(tmp_path: Path) -> None:
    code, output = run_user_suite(
        tmp_path,
        """
        import boto3
        from ssoadmin_mock import SSOAdminBackend, inspection

        def test_client_backend_and_state(sso_admin_client, ssoadmin_backend, ssoadmin_state):
            assert isinstance(ssoadmin_backend, SSOAdminBackend)
            assert ssoadmin_state.backend is ssoadmin_backend
            instance = sso_admin_client.list_instances()["Instances"][0]
            arn = sso_admin_client.create_permission_set(
                InstanceArn=instance["InstanceArn"], Name="FromUserSuite"
            )["PermissionSet"]["PermissionSetArn"]
            assert ssoadmin_state.permission_set_named("FromUserSuite").arn == arn
            assert ssoadmin_state.instance(instance["InstanceArn"]).status == "ACTIVE"

        def test_state_is_fresh_for_every_test(sso_admin_client, ssoadmin_state):
            assert ssoadmin_state.permission_sets() == []

        def test_the_mock_covers_other_services(ssoadmin_mock):
            iam = boto3.client("iam", region_name="us-east-1")
            iam.create_user(UserName="from-the-plugin")
            assert [u["UserName"] for u in iam.list_users()["Users"]] == ["from-the-plugin"]
        """,
    )
    assert code == 0, output
    assert "3 passed" in output


def test_region_follows_the_environment_and_the_override_fixture(tmp_path: Path) -> None:
    code, output = run_user_suite(
        tmp_path,
        """
        import pytest
        from ssoadmin_mock import inspection

        def test_from_environment(sso_admin_client, ssoadmin_backend):
            assert sso_admin_client.meta.region_name == "eu-west-1"
            assert ssoadmin_backend.region_name == "eu-west-1"
            sso_admin_client.list_instances()
            assert len(inspection.State(ssoadmin_backend).instances()) == 1

        class TestOverride:
            @pytest.fixture
            def ssoadmin_region(self):
                return "ap-southeast-2"

            def test_override(self, sso_admin_client, ssoadmin_backend):
                assert sso_admin_client.meta.region_name == "ap-southeast-2"
                assert ssoadmin_backend.region_name == "ap-southeast-2"
        """,
        AWS_DEFAULT_REGION="eu-west-1",
    )
    assert code == 0, output
    assert "2 passed" in output


def test_the_backend_follows_moto_account_id(tmp_path: Path) -> None:
    code, output = run_user_suite(
        tmp_path,
        """
        def test_account(sso_admin_client, ssoadmin_backend):
            owner = sso_admin_client.list_instances()["Instances"][0]["OwnerAccountId"]
            assert owner == ssoadmin_backend.account_id == "444444444444"
        """,
        MOTO_ACCOUNT_ID="444444444444",
    )
    assert code == 0, output
    assert "1 passed" in output


def test_a_failing_user_test_still_fails(tmp_path: Path) -> None:
    """The plugin must not swallow failures (a plugin that did would pass everything)."""
    code, output = run_user_suite(
        tmp_path,
        """
        def test_fails(sso_admin_client):
            assert sso_admin_client.list_instances()["Instances"] == []
        """,
    )
    assert code == 1
    assert "1 failed" in output


@pytest.mark.parametrize("fixture", ["sso_admin_client", "ssoadmin_backend", "ssoadmin_state"])
def test_each_fixture_starts_and_stops_the_mock(tmp_path: Path, fixture: str) -> None:
    code, output = run_user_suite(
        tmp_path,
        f"""
        from moto.core.models import MockAWS, botocore_stubber

        def test_inside({fixture}):
            assert botocore_stubber.enabled
            assert MockAWS._nested_count == 1

        def test_after():
            assert not botocore_stubber.enabled
            assert MockAWS._nested_count == 0
        """,
    )
    assert code == 0, output
    assert "2 passed" in output


def test_plugin_fixtures_inside_a_users_own_mock_aws(tmp_path: Path) -> None:
    """A suite with its own moto ``mock_aws`` fixture: nesting keeps one world, and the
    mock still switches on in the next test (it once stayed off after a nested use)."""
    code, output = run_user_suite(
        tmp_path,
        """
        import boto3
        import pytest
        from moto import mock_aws
        from moto.core.models import botocore_stubber

        @pytest.fixture
        def aws():
            with mock_aws():
                boto3.client("iam", region_name="us-east-1").create_user(UserName="outer")
                yield

        def test_nested(aws, sso_admin_client):
            iam = boto3.client("iam", region_name="us-east-1")
            assert [u["UserName"] for u in iam.list_users()["Users"]] == ["outer"]
            assert sso_admin_client.list_instances()["Instances"]

        def test_alone_afterwards(sso_admin_client):
            assert botocore_stubber.enabled
            iam = boto3.client("iam", region_name="us-east-1")
            assert iam.list_users()["Users"] == []
            assert sso_admin_client.list_instances()["Instances"]
        """,
    )
    assert code == 0, output
    assert "2 passed" in output
