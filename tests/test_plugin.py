"""The pytest plugin (entry point ``pytest11``): a user's own suite, run by pytest.

Each test writes a small test file into a temporary directory (pytester's) and runs pytest
on it, so the plugin is found the way a user's pytest finds it: through the installed
package's entry point, with no conftest of this repository involved (the user's suite checks
both: the plugin is registered under the entry point's name, and no conftest is loaded).

One of them runs that pytest in a fresh Python process, as a user does: only there is the
plugin loaded by the entry point with nothing imported beforehand (this process has imported
the package, moto and boto3 long before). The others run pytest in this process
(``runpytest_inprocess``), which proves the same of the fixtures for a fraction of the time:
a new pytest configuration, which loads the ``pytest11`` entry points itself, collecting and
running the user's file. Those runs share this process's moto and ssoadmin-mock: the
fixtures under test start and stop the mock, and `_nothing_left_running` checks that each
run left no mock active behind it.
"""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Iterator

import pytest
from moto.core.models import MockAWS, botocore_stubber

from ssoadmin_mock import mock_ssoadmin

from .conftest import client

pytest_plugins = ["pytester"]

#: Checks every user suite below starts with: the fixtures come from the entry point (pluggy
#: registers an entry point's plugin under the entry point's name), not from a conftest.
PREAMBLE = """
import sys

def test_the_plugin_comes_from_its_entry_point(pytestconfig):
    manager = pytestconfig.pluginmanager
    assert manager.get_plugin("ssoadmin_mock") is sys.modules["ssoadmin_mock.pytest_plugin"]
    assert "ssoadmin-mock" in {dist.project_name for _, dist in manager.list_plugin_distinfo()}
    conftests = [p for p in manager.get_plugins() if "conftest" in getattr(p, "__name__", "")]
    assert conftests == []
"""


@pytest.fixture(scope="module", autouse=True)
def _imported_beforehand() -> None:
    """What a user's suite imports, imported before any in-process run.

    pytester restores ``sys.modules`` after every in-process run, dropping each module the run
    imported first: moto imports its IAM, STS, ... lazily, on first use, and a module dropped
    so would be imported again as a second copy later (and some extension modules, such as
    cryptography's, cannot be initialised twice in one process). So the same calls the user
    suites make are made once here first; `run_user_suite` checks a run imported nothing else.
    hypothesis: its pytest plugin, which every pytest run here loads, imports it.
    """
    import hypothesis  # noqa: F401

    with mock_ssoadmin():
        sso = client("sso-admin")
        instance = sso.list_instances()["Instances"][0]["InstanceArn"]
        sso.create_permission_set(InstanceArn=instance, Name="Warm")
        client("iam").create_user(UserName="warm")
        client("iam").list_users()


@pytest.fixture(autouse=True)
def _nothing_left_running() -> Iterator[None]:
    """No mock is active around a user's suite, and none is left active after it."""
    assert not botocore_stubber.enabled
    assert MockAWS._nested_count == 0
    yield
    assert not botocore_stubber.enabled, "a user's suite left moto's mock on"
    assert MockAWS._nested_count == 0, "a user's suite left a mock started"


@pytest.fixture
def user_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The environment of a user's shell: none of this suite's AWS_* or MOTO_* variables
    (pytester drops PYTEST_ADDOPTS and sets a temporary HOME itself)."""
    for name in list(os.environ):
        if name.startswith(("AWS_", "MOTO_")):
            monkeypatch.delenv(name)
    return monkeypatch


def write_user_suite(pytester: pytest.Pytester, source: str) -> None:
    pytester.makepyfile(test_user=PREAMBLE + textwrap.dedent(source))


def run_user_suite(
    pytester: pytest.Pytester,
    user_env: pytest.MonkeyPatch,
    source: str,
    args: tuple[str, ...] = (),
    **env: str,
) -> pytest.RunResult:
    """Run the user's `source` with pytest in this process, in `env`."""
    for name, value in env.items():
        user_env.setenv(name, value)
    write_user_suite(pytester, source)
    seen: list[set[str]] = []

    class ModulesAtTheEnd:
        @staticmethod
        def pytest_unconfigure() -> None:
            seen.append(set(sys.modules))

    before = set(sys.modules)
    result = pytester.runpytest_inprocess(
        "-q", "-p", "no:cacheprovider", *args, plugins=[ModulesAtTheEnd()]
    )
    first_imported = sorted(
        name for name in seen[0] - before if name != "test_user" and not name.startswith("_pytest")
    )
    assert not first_imported, (
        "the user's suite imported modules this process had not: pytester drops them after "
        f"the run; make `_imported_beforehand` import them: {first_imported}"
    )
    return result


def test_the_plugin_is_registered_under_pytest11() -> None:
    from importlib.metadata import entry_points

    found = [ep for ep in entry_points(group="pytest11") if ep.name == "ssoadmin_mock"]
    assert [ep.value for ep in found] == ["ssoadmin_mock.pytest_plugin"]


def test_fixtures_in_a_users_suite_run_by_a_fresh_pytest_process(
    pytester: pytest.Pytester, user_env: pytest.MonkeyPatch
) -> None:
    """In a subprocess on purpose: a new interpreter, where pytest's entry-point loading is
    the first to import the plugin (and with it the package, moto and boto3)."""
    write_user_suite(
        pytester,
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

        def test_the_readmes_deployer(sso_admin_client, identitystore_client, ssoadmin_state):
            # the README's fixture example, with a deployer of three sets and a user
            instance = sso_admin_client.list_instances()["Instances"][0]
            for name in ("Admin", "ReadOnly", "Billing"):
                sso_admin_client.create_permission_set(
                    InstanceArn=instance["InstanceArn"], Name=name
                )
            identitystore_client.create_user(
                IdentityStoreId=instance["IdentityStoreId"],
                UserName="ada",
                DisplayName="Ada",
                Name={"GivenName": "Ada", "FamilyName": "Lovelace"},
            )
            assert len(ssoadmin_state.permission_sets()) == 3
            assert [user.user_name for user in ssoadmin_state.users()] == ["ada"]

        def test_the_mock_covers_other_services(ssoadmin_mock):
            iam = boto3.client("iam", region_name="us-east-1")
            iam.create_user(UserName="from-the-plugin")
            assert [u["UserName"] for u in iam.list_users()["Users"]] == ["from-the-plugin"]
        """,
    )
    pytester.makepyfile(  # a moto suite that never imports the package: served by it all the same
        test_moto_user="""
        import boto3
        from moto import mock_aws

        @mock_aws
        def test_mock_aws_serves_sso_admin_from_the_library():
            sso = boto3.client("sso-admin", region_name="us-east-1")
            instance = sso.list_instances()["Instances"][0]["InstanceArn"]
            assert sso.describe_instance(InstanceArn=instance)["Status"] == "ACTIVE"
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", timeout=120)
    assert result.ret == 0, result.stdout.str() + result.stderr.str()
    result.assert_outcomes(passed=6)


def test_region_follows_the_environment_and_the_override_fixture(
    pytester: pytest.Pytester, user_env: pytest.MonkeyPatch
) -> None:
    result = run_user_suite(
        pytester,
        user_env,
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
    assert result.ret == 0, result.stdout.str()
    result.assert_outcomes(passed=3)


def test_the_backend_follows_moto_account_id(
    pytester: pytest.Pytester, user_env: pytest.MonkeyPatch
) -> None:
    result = run_user_suite(
        pytester,
        user_env,
        """
        def test_account(sso_admin_client, ssoadmin_backend):
            owner = sso_admin_client.list_instances()["Instances"][0]["OwnerAccountId"]
            assert owner == ssoadmin_backend.account_id == "444444444444"
        """,
        MOTO_ACCOUNT_ID="444444444444",
    )
    assert result.ret == 0, result.stdout.str()
    result.assert_outcomes(passed=2)


def test_a_failing_user_test_still_fails(
    pytester: pytest.Pytester, user_env: pytest.MonkeyPatch
) -> None:
    """The plugin must not swallow failures (a plugin that did would pass everything)."""
    result = run_user_suite(
        pytester,
        user_env,
        """
        def test_fails(sso_admin_client):
            assert sso_admin_client.list_instances()["Instances"] == []
        """,
    )
    assert result.ret == 1
    result.assert_outcomes(passed=1, failed=1)


@pytest.mark.parametrize("fixture", ["sso_admin_client", "ssoadmin_backend", "ssoadmin_state"])
def test_each_fixture_starts_and_stops_the_mock(
    pytester: pytest.Pytester, user_env: pytest.MonkeyPatch, fixture: str
) -> None:
    result = run_user_suite(
        pytester,
        user_env,
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
    assert result.ret == 0, result.stdout.str()
    result.assert_outcomes(passed=3)


def test_plugin_fixtures_inside_a_users_own_mock_aws(
    pytester: pytest.Pytester, user_env: pytest.MonkeyPatch
) -> None:
    """A suite with its own moto ``mock_aws`` fixture: nesting keeps one world, and the
    mock still switches on in the next test (it once stayed off after a nested use)."""
    result = run_user_suite(
        pytester,
        user_env,
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
    assert result.ret == 0, result.stdout.str()
    result.assert_outcomes(passed=3)


def test_fixtures_read_without_making_state(
    pytester: pytest.Pytester, user_env: pytest.MonkeyPatch
) -> None:
    """The ssoadmin_backend and ssoadmin_state fixtures of a Region other than the one the
    test calls once made the default instance there; they leave it to the first request."""
    result = run_user_suite(
        pytester,
        user_env,
        """
        import boto3
        import pytest

        @pytest.fixture
        def ssoadmin_region():
            return "eu-west-1"

        def test_state_first(ssoadmin_state, ssoadmin_backend):
            assert ssoadmin_state.instances() == []
            sso = boto3.client("sso-admin", region_name="us-east-1")
            assert len(sso.list_instances()["Instances"]) == 1
            assert ssoadmin_state.instances() == []
        """,
    )
    assert result.ret == 0, result.stdout.str()
    result.assert_outcomes(passed=2)


def test_the_pytest_marker_gives_the_fixtures_mock_its_switches(
    pytester: pytest.Pytester, user_env: pytest.MonkeyPatch
) -> None:
    result = run_user_suite(
        pytester,
        user_env,
        """
        import pytest
        from ssoadmin_mock import settings

        pytestmark = pytest.mark.ssoadmin(check_principals=False)


        @pytest.mark.ssoadmin(default_instance=False)
        def test_marked(sso_admin_client, ssoadmin_mock):
            assert sso_admin_client.list_instances()["Instances"] == []
            assert ssoadmin_mock.default_instance is False
            assert ssoadmin_mock.check_principals is False  # from the module's marker
            assert settings.faults is ssoadmin_mock.faults


        @pytest.mark.ssoadmin(faults={"ListInstances": "ThrottlingException"})
        def test_marked_faults(sso_admin_client, ssoadmin_mock):
            assert ssoadmin_mock.faults.armed == {"ListInstances": 1}
            assert len(sso_admin_client.list_instances()["Instances"]) == 1  # retried
            assert ssoadmin_mock.faults.fired == {"ListInstances": 1}


        def test_module_marker_only(sso_admin_client, ssoadmin_mock):
            assert ssoadmin_mock.faults.armed == {}
            assert ssoadmin_mock.check_principals is False
            assert len(sso_admin_client.list_instances()["Instances"]) == 1


        @pytest.mark.ssoadmin(default_instance=False)
        class TestClassMarker:
            @pytest.mark.ssoadmin(default_instance=True)
            def test_closest_marker_wins(self, sso_admin_client):
                assert len(sso_admin_client.list_instances()["Instances"]) == 1

            def test_class_marker(self, sso_admin_client):
                assert sso_admin_client.list_instances()["Instances"] == []


        @pytest.mark.ssoadmin(default_instances=False)
        def test_unknown_switch(ssoadmin_mock):
            pass
        """,
        args=("--strict-markers",),
    )
    output = result.stdout.str()
    assert result.ret == 1, output
    result.assert_outcomes(passed=6, errors=1)  # with the preamble's own test
    assert "TypeError: unknown switch 'default_instances'" in output
