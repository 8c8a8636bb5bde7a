"""What a new user trips over in the first hour, tried as a new user would: boto3 clients
made the usual way (``boto3.client``), the command line through its entry point."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import NoCredentialsError
from moto.core.models import MockAWS, botocore_stubber

import ssoadmin_mock
from ssoadmin_mock import ServerStateWarning, mock_ssoadmin
from ssoadmin_mock.cli import main

REGION = "us-east-1"
ROOT = Path(__file__).resolve().parent.parent
#: nothing listens there: a request sent to it fails to connect
NOWHERE = "http://127.0.0.1:9"
IGNORE = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m ssoadmin_mock ARGS`` in a fresh process, this checkout first on the path."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "MOTO_"))}
    environment.update(PYTHONPATH=str(ROOT), **env)
    return subprocess.run(
        [sys.executable, "-m", "ssoadmin_mock", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
    )


# --- endpoint variables: under the mock every service is answered in-process ----------------


def _one_world() -> None:
    """identitystore, IAM and sso-admin, from clients made inside the mock, in one world."""
    sso = boto3.client("sso-admin", region_name=REGION)
    identitystore = boto3.client("identitystore", region_name=REGION)
    iam = boto3.client("iam", region_name=REGION)
    instance = sso.list_instances()["Instances"][0]
    user = identitystore.create_user(
        IdentityStoreId=instance["IdentityStoreId"],
        UserName="ada",
        DisplayName="Ada Lovelace",
        Name={"GivenName": "Ada", "FamilyName": "Lovelace"},
    )["UserId"]
    ps = sso.create_permission_set(InstanceArn=instance["InstanceArn"], Name="ReadOnly")
    status = sso.create_account_assignment(
        InstanceArn=instance["InstanceArn"],
        TargetId="123456789012",
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=ps["PermissionSet"]["PermissionSetArn"],
        PrincipalType="USER",
        PrincipalId=user,
    )["AccountAssignmentCreationStatus"]
    final = sso.describe_account_assignment_creation_status(
        InstanceArn=instance["InstanceArn"],
        AccountAssignmentCreationRequestId=status["RequestId"],
    )["AccountAssignmentCreationStatus"]
    assert final["Status"] == "SUCCEEDED", final
    roles = iam.list_roles(PathPrefix="/aws-reserved/sso.amazonaws.com/")["Roles"]
    assert [role["RoleName"].split("_")[1] for role in roles] == ["ReadOnly"]


@pytest.mark.parametrize(
    "variable",
    [
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_IAM",
        "AWS_ENDPOINT_URL_IDENTITYSTORE",
        "AWS_ENDPOINT_URL_SSO_ADMIN",
    ],
)
def test_exported_endpoint_urls_do_not_split_the_world(
    variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, NOWHERE)
    monkeypatch.delenv(IGNORE, raising=False)
    with mock_ssoadmin():
        _one_world()
    assert os.environ[variable] == NOWHERE
    assert IGNORE not in os.environ


def test_every_endpoint_variable_at_once_with_the_decorator(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("", "_IAM", "_IDENTITYSTORE", "_SSO_ADMIN", "_STS", "_ORGANIZATIONS"):
        monkeypatch.setenv("AWS_ENDPOINT_URL" + name, NOWHERE)
    mock_ssoadmin(_one_world)()


def test_the_users_own_ignore_setting_is_back_after_the_mock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(IGNORE, "false")
    monkeypatch.setenv("AWS_ENDPOINT_URL_IAM", NOWHERE)
    outer, inner = mock_ssoadmin(), mock_ssoadmin()
    outer.start()
    inner.start()
    outer.stop()  # out of order: the inner mock still runs, and still ignores the variable
    try:
        assert os.environ[IGNORE] == "true"
        # (moto's fake credentials went with the outer mock: moto's own, per mock)
        iam = boto3.client(
            "iam", region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="t"
        )
        assert iam.list_roles()["Roles"] == []
    finally:
        inner.stop()
    assert os.environ[IGNORE] == "false"


# --- stop() before start(), and a mock started beside a server ---------------------------------


def test_stop_before_start_changes_nothing_and_later_mocks_work() -> None:
    nested, active, enabled = MockAWS._nested_count, MockAWS._mocks_active, botocore_stubber.enabled
    never_started = mock_ssoadmin()
    with pytest.raises(RuntimeError, match=r"stop\(\) called before start\(\)"):
        never_started.stop()
    assert (MockAWS._nested_count, MockAWS._mocks_active, botocore_stubber.enabled) == (
        nested,
        active,
        enabled,
    )
    with mock_ssoadmin(default_instance=False):
        assert boto3.client("sso-admin", region_name=REGION).list_instances()["Instances"] == []
        assert boto3.client("iam", region_name=REGION).list_roles()["Roles"] == []
    assert MockAWS._nested_count == nested


def test_a_second_stop_is_refused_the_same_way() -> None:
    mock = mock_ssoadmin()
    mock.start()
    mock.stop()
    with pytest.raises(RuntimeError, match=r"stop\(\) called before start\(\)"):
        mock.stop()
    with mock_ssoadmin():
        assert boto3.client("sso-admin", region_name=REGION).list_instances()["Instances"]


def test_a_mock_started_beside_a_serving_server_warns_that_its_state_is_reset() -> None:
    from ssoadmin_mock.server import Server, serving

    with Server(port=0) as server:
        assert serving() == [server.url]
        with pytest.warns(ServerStateWarning, match="resets the state that server serves") as seen:
            with mock_ssoadmin():
                pass
        assert server.url in str(seen[0].message)
        assert issubclass(ServerStateWarning, UserWarning)
    assert serving() == []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with mock_ssoadmin():
            pass


# --- the command line -------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out == f"ssoadmin-mock {ssoadmin_mock.__version__}\n"
    done = _cli("--version")
    assert (done.returncode, done.stdout) == (0, f"ssoadmin-mock {ssoadmin_mock.__version__}\n")


@pytest.mark.parametrize("port", ["70000", "65536", "-1", "http", "5000.0"])
def test_serve_refuses_a_port_out_of_range(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["serve", "--port", port])
    assert caught.value.code == 2
    error = capsys.readouterr().err
    assert f"argument -p/--port: {port!r} is not a port: give 1-65535, or 0 for any free" in error


def test_serve_refuses_a_bad_port_through_the_entry_point() -> None:
    done = _cli("serve", "--port", "-1")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "'-1' is not a port" in done.stderr
    done = _cli("serve", MOTO_PORT="99999")
    assert done.returncode == 2
    assert "'99999' is not a port" in done.stderr


@pytest.mark.parametrize(("given", "port"), [("0", 0), ("1", 1), ("65535", 65535)])
def test_serve_takes_ports_in_range_and_zero_for_any(given: str, port: int) -> None:
    from ssoadmin_mock.cli import build_parser

    assert build_parser().parse_args(["serve", "--port", given]).port == port


def test_demo_with_a_missing_profile_says_so_in_one_line() -> None:
    done = _cli("demo", AWS_PROFILE="nope")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    hint = done.stderr.strip()
    assert "\n" not in hint
    assert hint.startswith("ssoadmin-mock demo: The config profile (nope) could not be found")
    assert "unset AWS_PROFILE" in hint


def test_demo_without_credentials_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ssoadmin_mock import demo

    def no_credentials() -> int:
        raise NoCredentialsError()

    monkeypatch.setattr(demo, "_scenario", no_credentials)
    assert main(["demo"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert error.startswith("ssoadmin-mock demo: Unable to locate credentials: ")


def test_a_client_made_before_the_mock_has_no_credentials(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """What the README says: moto's fake credentials exist only while the mock runs."""
    for name in list(os.environ):
        if name.startswith("AWS_") and name != "AWS_DATA_PATH":
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    early = boto3.session.Session().client("sso-admin", region_name=REGION)
    with mock_ssoadmin():
        with pytest.raises(NoCredentialsError):
            early.list_instances()
        assert boto3.client("sso-admin", region_name=REGION).list_instances()["Instances"]


# --- what the README says a user sees ----------------------------------------------------------


def _assign(sso: Any) -> tuple[str, str]:
    instance = sso.list_instances()["Instances"][0]
    ps = sso.create_permission_set(InstanceArn=instance["InstanceArn"], Name="Ops")
    created = sso.create_account_assignment(
        InstanceArn=instance["InstanceArn"],
        TargetId="111111111111",
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=ps["PermissionSet"]["PermissionSetArn"],
        PrincipalType="USER",
        PrincipalId="9067000000-12345678-1234-1234-1234-123456789012",
    )["AccountAssignmentCreationStatus"]
    assert created["Status"] == "IN_PROGRESS"  # as AWS answers
    return instance["InstanceArn"], created["RequestId"]


def _statuses(sso: Any, instance_arn: str, request_id: str, reads: int) -> list[str]:
    return [
        sso.describe_account_assignment_creation_status(
            InstanceArn=instance_arn, AccountAssignmentCreationRequestId=request_id
        )["AccountAssignmentCreationStatus"]["Status"]
        for _ in range(reads)
    ]


@pytest.mark.parametrize(("reads", "seen"), [(0, ["SUCCEEDED"]), (2, ["IN_PROGRESS"] * 2)])
def test_create_answers_in_progress_and_the_next_reads_settle(reads: int, seen: list[str]) -> None:
    with mock_ssoadmin(async_reads=reads, check_principals=False):
        sso = boto3.client("sso-admin", region_name=REGION)
        instance_arn, request_id = _assign(sso)
        assert _statuses(sso, instance_arn, request_id, reads or 1) == seen
        assert _statuses(sso, instance_arn, request_id, 1) == ["SUCCEEDED"]


def test_the_readme_cli_walk_through_sets_every_variable_it_uses() -> None:
    import re

    readme = (ROOT / "README.md").read_text()
    start = readme.index("The AWS CLI:")
    block = readme[readme.index("```console", start) : readme.index("```\n", start + 20)]
    assigned: set[str] = {"AWS_ENDPOINT_URL"}
    for command in re.split(r"\n\$ ", block.replace("\\\n", " ")):
        used = set(re.findall(r"\$\{?([A-Z_]+)", command.partition("=")[2] or command))
        assert used <= assigned, f"{command!r} uses {used - assigned} before setting it"
        assigned |= set(re.findall(r"^(?:export )?([A-Z_]+)=", command))
        assigned |= set(re.findall(r" ([A-Z_]+)=", command.split("#")[0]))
    assert {"INSTANCE", "PS", "USER_ID", "REQUEST_ID", "STORE"} <= assigned
    assert "aws iam list-roles --path-prefix /aws-reserved/sso.amazonaws.com/" in block
