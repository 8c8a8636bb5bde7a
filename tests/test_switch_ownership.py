"""Switches belong to the mock that set them, and die with it.

Each `mock_ssoadmin` runs with its own switches (from its arguments, fresh on every start);
a nested mock restores the outer one's when it ends; switches changed under moto's own
`mock_aws` last until that mock ends. Everything here goes through real boto3 clients.
"""

from __future__ import annotations

import io
import sys
import threading
import unittest
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from moto import mock_aws

from ssoadmin_mock import mock_ssoadmin, settings
from ssoadmin_mock.asyncstatus import AsyncSettings

from .conftest import client

ONE_ATTEMPT = Config(retries={"total_max_attempts": 1})


def _sso() -> Any:
    return client("sso-admin", config=ONE_ATTEMPT)


def _instances() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = _sso().list_instances()["Instances"]
    return found


def _create_permission_set(name: str = "Probe") -> Any:
    sso = _sso()
    instance_arn = sso.list_instances()["Instances"][0]["InstanceArn"]
    return sso.create_permission_set(InstanceArn=instance_arn, Name=name)


def _run_unittest(case: type[unittest.TestCase]) -> unittest.TestResult:
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(case)
    return unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)


def _assert_defaults_afterwards() -> None:
    """A later, plain mock sees every switch at its default."""
    with mock_ssoadmin():
        assert settings.default_instance is True
        assert settings.faults.armed == {}
        assert len(_instances()) == 1
        assert _create_permission_set()["PermissionSet"]["Name"] == "Probe"


# --- class decorators whose tests have a set-up method ----------------------------------------


def test_unittest_class_decorator_with_setup_leaves_no_switch_behind() -> None:
    @mock_ssoadmin(default_instance=False)
    class Bootstrap(unittest.TestCase):
        def setUp(self) -> None:
            self.sso = _sso()

        def test_starts_without_an_instance(self) -> None:
            self.assertEqual(self.sso.list_instances()["Instances"], [])

        def test_again_without_an_instance(self) -> None:
            self.assertEqual(self.sso.list_instances()["Instances"], [])

    result = _run_unittest(Bootstrap)
    assert result.wasSuccessful(), result.failures + result.errors
    assert result.testsRun == 2
    _assert_defaults_afterwards()


def test_plain_class_decorator_with_setup_method_leaves_no_switch_behind() -> None:
    @mock_ssoadmin(default_instance=False)
    class Bootstrap:
        def setup_method(self, method: Any = None) -> None:
            self.sso = _sso()

        def test_starts_without_an_instance(self) -> None:
            assert self.sso.list_instances()["Instances"] == []

    suite = Bootstrap()
    suite.setup_method()
    suite.test_starts_without_an_instance()
    _assert_defaults_afterwards()


def test_faults_of_a_class_decorator_with_setup_do_not_fail_later_calls() -> None:
    @mock_ssoadmin(faults={"CreatePermissionSet": "ThrottlingException"})
    class Untouched(unittest.TestCase):
        def setUp(self) -> None:
            self.sso = _sso()

        def test_never_creates_a_permission_set(self) -> None:
            self.assertEqual(len(self.sso.list_instances()["Instances"]), 1)

    result = _run_unittest(Untouched)
    assert result.wasSuccessful(), result.failures + result.errors
    _assert_defaults_afterwards()


def test_switches_changed_in_setup_hold_for_its_test_method() -> None:
    """setUp and its test method are one test: what setUp switched, the method sees."""

    @mock_ssoadmin(faults={"CreatePermissionSet": "ThrottlingException"})
    class Armed(unittest.TestCase):
        def setUp(self) -> None:
            self.sso = _sso()
            settings.faults.inject("ListInstances", "InternalServerException")

        def test_sees_what_setup_armed(self) -> None:
            self.assertEqual(settings.faults.armed, {"CreatePermissionSet": 1, "ListInstances": 1})
            with self.assertRaises(ClientError):
                self.sso.list_instances()

        def test_sees_it_too(self) -> None:
            self.test_sees_what_setup_armed()

    result = _run_unittest(Armed)
    assert result.wasSuccessful(), result.failures + result.errors
    assert result.testsRun == 2
    _assert_defaults_afterwards()


def test_each_call_of_a_decorated_function_gets_its_own_faults() -> None:
    calls: list[str] = []

    @mock_ssoadmin(faults={"ListInstances": "ThrottlingException"})
    def fails_once_then_works() -> None:
        with pytest.raises(ClientError) as caught:
            _sso().list_instances()
        calls.append(str(caught.value.response["Error"]["Code"]))
        assert len(_instances()) == 1

    fails_once_then_works()
    fails_once_then_works()
    assert calls == ["ThrottlingException", "ThrottlingException"]


# --- switches changed under moto's own mock_aws --------------------------------------------------


def test_switches_changed_under_mock_aws_end_with_it() -> None:
    with mock_aws():
        settings.default_instance = False
        settings.check_principals = False
        settings.async_status.defer(reads=2)
        settings.faults.inject("CreatePermissionSet", "ThrottlingException", times=None)
        assert _instances() == []
    assert settings.default_instance is True
    with mock_aws():
        assert settings.check_principals is True
        assert settings.async_status.reads == 0
        assert len(_instances()) == 1
        assert _create_permission_set()["PermissionSet"]["Name"] == "Probe"


def test_a_fresh_mock_aws_starts_with_default_switches() -> None:
    settings.default_instance = False  # no mock active: gone when the next one starts
    settings.faults.inject("CreatePermissionSet", "ThrottlingException")
    with mock_aws():
        assert len(_instances()) == 1
        assert _create_permission_set()["PermissionSet"]["Name"] == "Probe"


def test_mock_ssoadmin_inside_mock_aws_hands_back_mock_aws_switches() -> None:
    with mock_aws():
        settings.check_principals = False
        with mock_ssoadmin(default_instance=False):
            assert settings.check_principals is True
            assert settings.default_instance is False
        assert settings.check_principals is False
        assert settings.default_instance is True


# --- nested mocks ---------------------------------------------------------------------------------


def test_a_nested_mock_restores_the_outer_mocks_switches() -> None:
    with mock_ssoadmin():
        with mock_ssoadmin(default_instance=False):
            pass
        assert settings.default_instance is True
        assert len(_instances()) == 1  # the account's first request: made with its instance


def test_a_nested_mock_has_its_own_switches_and_leaves_the_outer_faults() -> None:
    with mock_ssoadmin(default_instance=False, faults={"ListInstances": "ThrottlingException"}):
        with mock_ssoadmin(async_reads=1):
            assert settings.default_instance is True
            assert settings.faults.armed == {}
            assert settings.async_status.reads == 1
            assert len(_instances()) == 1
        assert settings.default_instance is False
        assert settings.async_status.reads == 0
        assert settings.faults.armed == {"ListInstances": 1}
        with pytest.raises(ClientError):
            _sso().list_instances()


def test_switches_set_at_run_time_in_a_nested_mock_end_with_it() -> None:
    with mock_ssoadmin():
        with mock_ssoadmin():
            settings.faults.inject("ListInstances", "ThrottlingException", times=None)
            settings.check_principals = False
        assert settings.faults.armed == {}
        assert settings.check_principals is True
        assert len(_instances()) == 1


# --- threads --------------------------------------------------------------------------------------


def _take_at_once(status: AsyncSettings, threads: int, calls: int) -> tuple[int, list[KeyError]]:
    """`threads` threads each take `calls` failures of CreateInstance, all starting together:
    (failures taken in all, the errors raised)."""
    taken: list[int] = []
    errors: list[KeyError] = []
    start = threading.Barrier(threads)

    def take() -> None:
        start.wait()
        got = 0
        try:
            for _ in range(calls):
                got += status.take_failure("CreateInstance") is not None
        except KeyError as error:  # a rule deleted twice: two threads decremented it at once
            errors.append(error)
        taken.append(got)

    workers = [threading.Thread(target=take) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(taken), errors


def test_async_failure_counts_are_taken_under_a_lock() -> None:
    """Eight threads take failures of one rule at once: exactly `times` of them get one."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, to interleave takes
    try:
        for _ in range(40):
            status = AsyncSettings()
            status.fail("CreateInstance", "injected", times=2000)
            taken, errors = _take_at_once(status, threads=8, calls=2000)
            assert errors == []
            assert taken == 2000
            assert status.failures.armed == {}
    finally:
        sys.setswitchinterval(interval)


def test_mocks_started_and_stopped_from_many_threads_leave_the_outer_switches() -> None:
    with mock_ssoadmin(check_principals=False) as outer:
        failures: list[str] = []

        def churn() -> None:
            for _ in range(20):
                with mock_ssoadmin(default_instance=False) as inner:
                    if inner.default_instance is not False:
                        failures.append("a mock lost its own switches")

        workers = [threading.Thread(target=churn) for _ in range(8)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert failures == []
        assert settings.faults is outer.faults
        assert settings.check_principals is False
        assert settings.default_instance is True


# --- the switches of a mock object ----------------------------------------------------------------


def test_the_mock_object_holds_its_own_switches() -> None:
    with mock_ssoadmin(async_reads=2) as mock:
        assert mock.async_status.reads == 2
        assert settings.async_status is mock.async_status
        mock.default_instance = False
        mock.check_principals = False
        assert (settings.default_instance, settings.check_principals) == (False, False)
        mock.faults.inject("ListInstances", "ThrottlingException")
        assert settings.faults.armed == {"ListInstances": 1}
        with pytest.raises(ClientError):
            _sso().list_instances()
        assert _sso().list_instances()["Instances"] == []
        with mock_ssoadmin() as inner:
            assert inner.faults is not mock.faults
            assert settings.faults is inner.faults
        assert settings.faults is mock.faults
    assert mock.faults.fired == {"ListInstances": 1}  # still readable once it has stopped
    assert settings.faults is not mock.faults
    assert settings.default_instance is True


def test_the_switches_of_a_mock_that_never_started_are_an_error() -> None:
    mock = mock_ssoadmin(default_instance=False)
    with pytest.raises(RuntimeError, match="start it first"):
        mock.faults.inject("ListInstances")


def test_every_start_of_a_mock_object_has_fresh_switches() -> None:
    mock = mock_ssoadmin(faults={"ListInstances": "ThrottlingException:2"})
    for _ in range(2):
        mock.start()
        try:
            assert mock.faults.armed == {"ListInstances": 2}
            mock.faults.inject("CreatePermissionSet")
            mock.default_instance = False
        finally:
            mock.stop()
        assert mock.faults.armed == {"ListInstances": 2, "CreatePermissionSet": 1}


def test_a_mock_stopped_before_a_mock_started_inside_it_takes_only_its_own_off() -> None:
    outer = mock_ssoadmin(default_instance=False)
    inner = mock_ssoadmin(check_principals=False)
    outer.start()
    inner.start()
    outer.stop()
    try:
        assert settings.faults is inner.faults
        assert (settings.default_instance, settings.check_principals) == (True, False)
    finally:
        inner.stop()
    assert (settings.default_instance, settings.check_principals) == (True, True)


# --- one parser: mock_ssoadmin(...), the pytest marker, the serve command ------------------------


def test_faults_written_as_text_count_calls() -> None:
    faults = {
        "ListInstances": "ThrottlingException:2",
        "CreatePermissionSet": "ConflictException:always",
        "DescribeInstance": "AccessDeniedException",
        "UpdateInstance": ("ConflictException", None),
    }
    with mock_ssoadmin(faults=faults, async_failures={"CreateInstance": ("KMS", 2)}) as mock:
        assert mock.faults.armed == {
            "ListInstances": 2,
            "CreatePermissionSet": None,
            "DescribeInstance": 1,
            "UpdateInstance": None,
        }
        assert mock.async_status.failures.armed == {"CreateInstance": 2}


def test_an_unknown_switch_is_refused_with_the_same_message_everywhere() -> None:
    from ssoadmin_mock import switches

    with pytest.raises(TypeError) as parsed:
        switches.parse({"default_instances": False})
    with pytest.raises(TypeError) as given:
        mock_ssoadmin(default_instances=False)
    assert str(given.value) == str(parsed.value)
    assert "'default_instances'" in str(given.value)
    assert "default_instance, check_principals" in str(given.value)


BAD_VALUES: list[tuple[dict[str, Any], str]] = [
    ({"default_instance": "no"}, "default_instance must be True or False, not 'no'"),
    ({"check_principals": 1}, "check_principals must be True or False"),
    ({"async_reads": -1}, "async_reads must be a whole number of reads, 0 or more, not -1"),
    ({"async_reads": True}, "async_reads must be a whole number"),
    ({"async_seconds": -0.5}, "async_seconds must be a number of seconds, 0 or more"),
    ({"faults": {"ListInstances": "ThrottlingException:0"}}, "at least 1, or 'always'"),
    ({"faults": {"ListInstances": "ThrottlingException:x"}}, "at least 1, or 'always'"),
    ({"faults": {"ListInstances": ("ThrottlingException", 0)}}, "at least 1, or 'always'"),
    ({"faults": {"ListInstances": ":2"}}, "fault ListInstances=:2: the error code is missing"),
    ({"faults": {"ListInstances": 5}}, "give an error code, 'CODE:COUNT' or (code, count)"),
    ({"faults": ["ListInstances"]}, "faults must map operation names"),
    ({"async_failures": {"CreateInstance": ""}}, "the reason is missing"),
    ({"async_failures": {"CreateInstance": ("r", -1)}}, "at least 1, or 'always'"),
]


@pytest.mark.parametrize(("given", "message"), BAD_VALUES)
def test_a_bad_value_is_refused_when_the_mock_is_made(given: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as caught:
        mock_ssoadmin(**given)
    assert message in str(caught.value)
    assert "None" not in str(caught.value)


@pytest.mark.parametrize(
    ("option", "switch"),
    [
        ("ListInstances=ThrottlingException:0", "ThrottlingException:0"),
        ("ListInstances=ThrottlingException:many", "ThrottlingException:many"),
        ("ListInstances=ConflictException", "ConflictException"),
        ("ListInstance=ThrottlingException", "ThrottlingException"),
    ],
)
def test_serve_refuses_a_bad_fault_with_the_mocks_message(
    option: str, switch: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from ssoadmin_mock.cli import main

    operation = option.partition("=")[0]
    with pytest.raises(ValueError) as caught:
        mock_ssoadmin(faults={operation: switch}).start()
    assert main(["serve", "--port", "0", "--fault", option]) == 2
    assert capsys.readouterr().err.strip() == f"ssoadmin-mock serve: {caught.value}"
    assert "None" not in str(caught.value)


def test_serve_fault_without_a_count_fails_once_like_the_mock_switch(tmp_path: Any) -> None:
    from .test_server import serve

    served = serve(tmp_path, "--fault", "ListInstances=ThrottlingException")
    try:
        sso = served.client()
        with pytest.raises(ClientError) as refused:
            sso.list_instances()
        assert refused.value.response["Error"]["Code"] == "ThrottlingException"
        assert len(sso.list_instances()["Instances"]) == 1
    finally:
        served.stop()


def test_serve_fault_always_fails_every_call(tmp_path: Any) -> None:
    from .test_server import serve

    served = serve(tmp_path, "--fault", "ListInstances=InternalServerException:always")
    try:
        sso = served.client()
        for _ in range(3):
            with pytest.raises(ClientError) as refused:
                sso.list_instances()
            assert refused.value.response["Error"]["Code"] == "InternalServerException"
    finally:
        served.stop()


def test_a_mock_started_again_inside_itself_keeps_its_outer_runs_switches() -> None:
    """As when a decorated test calls another decorated test of the same class."""
    mock = mock_ssoadmin(faults={"ListInstances": "ThrottlingException"})
    with mock:
        outer = mock.faults
        mock.faults.inject("CreatePermissionSet")
        with mock:
            assert mock.faults is not outer
            assert mock.faults.armed == {"ListInstances": 1}
        assert mock.faults is outer is settings.faults
        assert outer.armed == {"ListInstances": 1, "CreatePermissionSet": 1}
