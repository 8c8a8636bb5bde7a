"""The pytest plugin and the moto-compatible mode, in a user's own suite run by pytest.

In this process (`test_plugin.run_user_suite`): the marker's ``moto_compatible``, the ini
option ``ssoadmin_mock_mode``, pytest's warnings summary, ``-W error`` and the plugin's report
of the differences at the end of the run. In a fresh process (one run): ``-p no:ssoadmin_mock``
leaves moto's own sso-admin in place (only there is nothing imported beforehand).
"""

from __future__ import annotations

import os

import pytest

from ssoadmin_mock import mock_ssoadmin, switches

from .conftest import client
from .test_plugin import (
    _imported_beforehand,
    _nothing_left_running,
    run_user_suite,
    user_env,
    write_user_suite,
)

pytest_plugins = ["pytester"]

#: the user's suites are run and checked as test_plugin's are, with its fixtures
SHARED_FIXTURES = (_imported_beforehand, _nothing_left_running, user_env)


@pytest.fixture(scope="module", autouse=True)
def _principal_looked_up_beforehand() -> None:
    """A principal looked up once before any in-process run (it imports moto's
    identitystore; see `test_plugin._imported_beforehand`)."""
    with mock_ssoadmin():
        sso = client("sso-admin")
        instance = sso.list_instances()["Instances"][0]["InstanceArn"]
        ps = sso.create_permission_set(InstanceArn=instance, Name="Warm")
        sso.create_account_assignment(
            InstanceArn=instance,
            TargetId="222222222222",
            TargetType="AWS_ACCOUNT",
            PermissionSetArn=ps["PermissionSet"]["PermissionSetArn"],
            PrincipalType="USER",
            PrincipalId="00000000-0000-4000-8000-000000000000",
        )

MOTO_STYLE_SUITE = """
import boto3
import pytest
from moto import mock_aws

INSTANCE = "arn:aws:sso:::instance/ins-aaaabbbbccccdddd"


@pytest.mark.ssoadmin(moto_compatible=True)
def test_marker(sso_admin_client):
    arn = sso_admin_client.create_permission_set(InstanceArn=INSTANCE, Name="test")[
        "PermissionSet"
    ]["PermissionSetArn"]
    status = sso_admin_client.create_account_assignment(
        InstanceArn=INSTANCE, TargetId="222222222222", TargetType="AWS_ACCOUNT",
        PermissionSetArn=arn, PrincipalType="USER", PrincipalId="some-id",
    )["AccountAssignmentCreationStatus"]
    assert status["Status"] == "SUCCEEDED"


@mock_aws
def test_mock_aws():
    sso = boto3.client("sso-admin", region_name="eu-west-1")
    sso.list_permission_sets(InstanceArn=INSTANCE)
"""


def test_the_marker_and_mock_aws_serve_moto_suites_and_the_run_reports_them(
    pytester: pytest.Pytester, user_env: pytest.MonkeyPatch
) -> None:
    result = run_user_suite(pytester, user_env, MOTO_STYLE_SUITE)
    output = result.stdout.str()
    assert result.ret == 0, output
    result.assert_outcomes(passed=3, warnings=5)
    assert "FidelityWarning: CreatePermissionSet InstanceArn: unknown instance adopted" in output
    report = output[output.index("ssoadmin-mock: served as moto serves it, refused by AWS") :]
    assert "5 FidelityWarning(s) in 2 test(s), by kind:" in report
    assert "unknown instance adopted: 2 in 2 test(s)" in report
    assert "CreatePermissionSet InstanceArn x1, ListPermissionSets InstanceArn x1" in report
    assert "principal id not of AWS's form: 1 in 1 test(s)" in report
    assert "principal not in the identity store: 1 in 1 test(s)" in report
    assert "final status in the answer: 1 in 1 test(s)" in report
    assert "-W error::ssoadmin_mock.FidelityWarning" in report


def test_warnings_turned_errors_fail_the_tests_that_lean_on_moto(
    pytester: pytest.Pytester, user_env: pytest.MonkeyPatch
) -> None:
    result = run_user_suite(
        pytester,
        user_env,
        MOTO_STYLE_SUITE,
        args=("-W", "error::ssoadmin_mock.FidelityWarning"),
    )
    output = result.stdout.str()
    assert result.ret == 1, output
    result.assert_outcomes(passed=1, failed=2)
    assert "FidelityWarning: CreatePermissionSet InstanceArn" in output
    assert "served as moto serves it, refused by AWS" not in output  # nothing was served


def test_the_ini_option_sets_the_mode_of_the_run(
    pytester: pytest.Pytester, user_env: pytest.MonkeyPatch
) -> None:
    pytester.makeini("[pytest]\nssoadmin_mock_mode = moto-compatible\n")
    result = run_user_suite(
        pytester,
        user_env,
        """
        import os
        from ssoadmin_mock import mock_ssoadmin

        def test_mock_ssoadmin_is_moto_compatible():
            assert os.environ["SSOADMIN_MOCK_MODE"] == "moto-compatible"
            with mock_ssoadmin() as mock:
                assert mock.moto_compatible
            with mock_ssoadmin(moto_compatible=False) as mock:
                assert not mock.moto_compatible

        def test_the_fixture_too(ssoadmin_mock):
            assert ssoadmin_mock.moto_compatible
        """,
    )
    assert result.ret == 0, result.stdout.str()
    result.assert_outcomes(passed=3)
    assert switches.MODE_VARIABLE not in os.environ  # put back as it was after the run


def test_the_environment_wins_over_the_ini_option(
    pytester: pytest.Pytester, user_env: pytest.MonkeyPatch
) -> None:
    pytester.makeini("[pytest]\nssoadmin_mock_mode = moto-compatible\n")
    result = run_user_suite(
        pytester,
        user_env,
        """
        def test_aws(ssoadmin_mock):
            assert not ssoadmin_mock.moto_compatible
        """,
        SSOADMIN_MOCK_MODE="aws",
    )
    assert result.ret == 0, result.stdout.str()
    result.assert_outcomes(passed=2)


def test_a_bad_ini_mode_is_a_usage_error(
    pytester: pytest.Pytester, user_env: pytest.MonkeyPatch
) -> None:
    pytester.makeini("[pytest]\nssoadmin_mock_mode = lax\n")
    write_user_suite(pytester, "")
    result = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "ssoadmin_mock_mode must be 'aws' or 'moto-compatible', not 'lax'" in (
        result.stderr.str()
    )


def test_opting_out_leaves_motos_own_sso_admin(
    pytester: pytest.Pytester, user_env: pytest.MonkeyPatch
) -> None:
    """In a fresh process: with ``-p no:ssoadmin_mock`` nothing of this library is loaded,
    and moto's own sso-admin answers (it takes any instance ARN, and warns of nothing)."""
    pytester.makepyfile(
        test_moto_only="""
        import sys
        import warnings

        import boto3
        from moto import mock_aws

        @mock_aws
        def test_moto_serves_sso_admin():
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                sso = boto3.client("sso-admin", region_name="us-east-1")
                sso.create_permission_set(
                    InstanceArn="arn:aws:sso:::instance/ins-aaaabbbbccccdddd", Name="test"
                )
            assert "ssoadmin_mock" not in sys.modules
        """
    )
    result = pytester.runpytest_subprocess(
        "-q", "-p", "no:cacheprovider", "-p", "no:ssoadmin_mock", timeout=120
    )
    assert result.ret == 0, result.stdout.str() + result.stderr.str()
    result.assert_outcomes(passed=1)
