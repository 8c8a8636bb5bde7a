"""Server mode: ``python -m ssoadmin_mock serve`` driven by the AWS CLI and by boto3 over HTTP.

Each test starts the server as a subprocess on a free loopback port, exactly as a user
would, and talks to it only over HTTP (no mock is active in the test process, so nothing is
intercepted in-process).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.client import BaseClient
from botocore.config import Config
from botocore.exceptions import ClientError

REGION = "us-east-1"
TARGET_ACCOUNT = "111111111111"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def client_env(tmp_path: Path) -> dict[str, str]:
    """An environment for AWS clients: fixed test credentials, no user config files."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "MOTO_"))}
    env.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION=REGION,
        AWS_CONFIG_FILE=str(tmp_path / "no-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "no-credentials"),
        AWS_PAGER="",
    )
    return env


@dataclass
class Served:
    """A running ``ssoadmin-mock serve`` subprocess."""

    process: subprocess.Popen[str]
    url: str
    env: dict[str, str]
    startup_seconds: float
    stdout: list[str] = field(default_factory=list)

    def cli(self, *args: str, expect_ok: bool = True) -> Any:
        """Run ``aws <args> --endpoint-url <server>`` with the real AWS CLI; parsed JSON out."""
        done = subprocess.run(
            [sys.executable, "-m", "awscli", *args, "--endpoint-url", self.url, "--output", "json"],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=60,
            check=False,
        )
        if expect_ok:
            assert done.returncode == 0, f"aws {' '.join(args)} failed:\n{done.stderr}"
            return json.loads(done.stdout) if done.stdout.strip() else {}
        assert done.returncode != 0, f"aws {' '.join(args)} should have failed"
        return done.stderr

    def client(self, service: str = "sso-admin", **kwargs: Any) -> BaseClient:
        session = boto3.session.Session(
            aws_access_key_id=kwargs.pop("aws_access_key_id", "testing"),
            aws_secret_access_key=kwargs.pop("aws_secret_access_key", "testing"),
            region_name=REGION,
        )
        config = Config(retries={"total_max_attempts": 1})  # one attempt, no retry
        config = config.merge(kwargs.pop("config", Config()))
        return session.client(service, endpoint_url=self.url, config=config, **kwargs)

    def stop(self, signal_number: int = signal.SIGTERM) -> tuple[int, str, str]:
        """Send a signal; (exit code, rest of stdout, all of stderr)."""
        if self.process.poll() is None:
            self.process.send_signal(signal_number)
        out, err = self.process.communicate(timeout=20)
        return self.process.returncode, "".join(self.stdout) + out, err


def serve(tmp_path: Path, *options: str, server_env: dict[str, str] | None = None) -> Served:
    """Start ``python -m ssoadmin_mock serve`` on a free port; wait until it listens."""
    env = client_env(tmp_path)
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "ssoadmin_mock", "serve", "--port", str(port), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**env, **(server_env or {})},
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    startup = time.perf_counter() - started
    if "serving" not in first:
        process.kill()
        _, err = process.communicate()
        raise AssertionError(f"server did not start: {first!r}\n{err}")
    url = first.split()[-1]
    return Served(process, url, env, startup, [first])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Served]:
    served = serve(tmp_path)
    yield served
    if served.process.poll() is None:
        served.process.kill()
        served.process.communicate()


def wait_for(describe: Any, key: str, **params: Any) -> dict[str, Any]:
    """Poll a Describe*Status call until its status leaves IN_PROGRESS (at most 50 reads)."""
    for _ in range(50):
        status: dict[str, Any] = describe(**params)[key]
        if status["Status"] != "IN_PROGRESS":
            return status
    raise AssertionError(f"{key} stayed IN_PROGRESS")


# --- start, log, stop ------------------------------------------------------------------------


def test_starts_fast_on_loopback_and_stops_cleanly_on_sigterm(server: Served) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    assert server.startup_seconds < 5, f"took {server.startup_seconds:.2f}s to start"
    code, out, err = server.stop(signal.SIGTERM)
    assert code == 0, err
    assert "stopped (SIGTERM)" in out
    assert "Traceback" not in err


def test_stops_cleanly_on_sigint(server: Served) -> None:
    server.client().list_instances()
    code, out, err = server.stop(signal.SIGINT)
    assert code == 0, err
    assert "stopped (SIGINT)" in out
    assert "Traceback" not in err


def test_logs_one_line_per_request(server: Served) -> None:
    sso = server.client()
    sso.list_instances()
    sso.list_instances()
    with pytest.raises(ClientError):
        sso.describe_instance(InstanceArn="arn:aws:sso:::instance/ssoins-0000000000000000")
    server.client("iam").list_users()
    _, _, err = server.stop()
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 4, lines
    assert sum("sso-admin:ListInstances 200" in line for line in lines) == 2
    assert any("sso-admin:DescribeInstance 400" in line for line in lines)
    assert any(" iam " in line and " 200 " in line for line in lines)


def test_quiet_logs_nothing_per_request(tmp_path: Path) -> None:
    served = serve(tmp_path, "--quiet")
    served.client().list_instances()
    code, _, err = served.stop()
    assert code == 0
    assert err.strip() == ""


def test_a_port_in_use_is_refused_with_a_message(tmp_path: Path, server: Served) -> None:
    port = server.url.rsplit(":", 1)[1]
    done = subprocess.run(
        [sys.executable, "-m", "ssoadmin_mock", "serve", "--port", port],
        capture_output=True,
        text=True,
        env=server.env,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert "ssoadmin-mock serve:" in done.stderr
    assert "Traceback" not in done.stderr


# --- the AWS CLI -------------------------------------------------------------------------------


def test_aws_cli_scenario(server: Served) -> None:
    """Permission set, assignment, status polling, listings and clean-up with the real AWS CLI."""
    [instance] = server.cli("sso-admin", "list-instances")["Instances"]
    instance_arn, store = instance["InstanceArn"], instance["IdentityStoreId"]
    user_id = server.cli(
        "identitystore", "create-user", "--identity-store-id", store,
        "--user-name", "alice", "--display-name", "Alice",
        "--name", "GivenName=Alice,FamilyName=Doe",
    )["UserId"]

    permission_set_arn = server.cli(
        "sso-admin", "create-permission-set", "--instance-arn", instance_arn,
        "--name", "ReadOnly", "--session-duration", "PT2H",
    )["PermissionSet"]["PermissionSetArn"]
    server.cli(
        "sso-admin", "attach-managed-policy-to-permission-set", "--instance-arn", instance_arn,
        "--permission-set-arn", permission_set_arn, "--managed-policy-arn", READ_ONLY,
    )
    created = server.cli(
        "sso-admin", "create-account-assignment", "--instance-arn", instance_arn,
        "--target-id", TARGET_ACCOUNT, "--target-type", "AWS_ACCOUNT",
        "--permission-set-arn", permission_set_arn,
        "--principal-type", "USER", "--principal-id", user_id,
    )["AccountAssignmentCreationStatus"]
    status = server.cli(
        "sso-admin", "describe-account-assignment-creation-status",
        "--instance-arn", instance_arn,
        "--account-assignment-creation-request-id", created["RequestId"],
    )["AccountAssignmentCreationStatus"]
    assert status["Status"] == "SUCCEEDED", status

    assigned = server.cli(
        "sso-admin", "list-account-assignments", "--instance-arn", instance_arn,
        "--account-id", TARGET_ACCOUNT, "--permission-set-arn", permission_set_arn,
    )["AccountAssignments"]
    assert assigned == [
        {
            "AccountId": TARGET_ACCOUNT,
            "PermissionSetArn": permission_set_arn,
            "PrincipalType": "USER",
            "PrincipalId": user_id,
        }
    ]
    provisioned = server.cli(
        "sso-admin", "list-permission-sets-provisioned-to-account",
        "--instance-arn", instance_arn, "--account-id", TARGET_ACCOUNT,
    )["PermissionSets"]
    assert provisioned == [permission_set_arn]

    deleted = server.cli(
        "sso-admin", "delete-account-assignment", "--instance-arn", instance_arn,
        "--target-id", TARGET_ACCOUNT, "--target-type", "AWS_ACCOUNT",
        "--permission-set-arn", permission_set_arn,
        "--principal-type", "USER", "--principal-id", user_id,
    )["AccountAssignmentDeletionStatus"]
    status = server.cli(
        "sso-admin", "describe-account-assignment-deletion-status",
        "--instance-arn", instance_arn,
        "--account-assignment-deletion-request-id", deleted["RequestId"],
    )["AccountAssignmentDeletionStatus"]
    assert status["Status"] == "SUCCEEDED", status
    server.cli(
        "sso-admin", "delete-permission-set", "--instance-arn", instance_arn,
        "--permission-set-arn", permission_set_arn,
    )
    assert server.cli("sso-admin", "list-permission-sets", "--instance-arn", instance_arn)[
        "PermissionSets"
    ] == []


def test_aws_cli_sees_aws_shaped_errors(server: Served) -> None:
    [instance] = server.cli("sso-admin", "list-instances")["Instances"]
    missing = instance["InstanceArn"].replace("instance/", "permissionSet/") + "/ps-" + "0" * 16
    stderr = server.cli(
        "sso-admin", "describe-permission-set", "--instance-arn", instance["InstanceArn"],
        "--permission-set-arn", missing, expect_ok=False,
    )
    assert "ResourceNotFoundException" in stderr
    assert "DescribePermissionSet" in stderr
    stderr = server.cli(
        "sso-admin", "create-permission-set", "--instance-arn", instance["InstanceArn"],
        "--name", "has spaces", expect_ok=False,
    )
    assert "ValidationException" in stderr


def test_aws_cli_tags_and_instances(tmp_path: Path) -> None:
    served = serve(tmp_path, "--no-default-instance")
    assert served.cli("sso-admin", "list-instances")["Instances"] == []
    arn = served.cli(
        "sso-admin", "create-instance", "--name", "lab", "--tags", "Key=team,Value=platform"
    )["InstanceArn"]
    described = served.cli("sso-admin", "describe-instance", "--instance-arn", arn)
    assert (described["Name"], described["Status"]) == ("lab", "ACTIVE")
    served.cli(
        "sso-admin", "tag-resource", "--instance-arn", arn, "--resource-arn", arn,
        "--tags", "Key=env,Value=test",
    )
    tags = served.cli(
        "sso-admin", "list-tags-for-resource", "--instance-arn", arn, "--resource-arn", arn
    )["Tags"]
    assert sorted((tag["Key"], tag["Value"]) for tag in tags) == [
        ("env", "test"),
        ("team", "platform"),
    ]
    served.stop()


# --- boto3 over HTTP ---------------------------------------------------------------------------


def test_boto3_over_http_polls_deferred_statuses(tmp_path: Path) -> None:
    """With ``--async-reads 2`` an assignment reads IN_PROGRESS twice, then SUCCEEDED."""
    served = serve(tmp_path, "--async-reads", "2", "--no-check-principals")
    sso = served.client()
    instance_arn = sso.list_instances()["Instances"][0]["InstanceArn"]
    permission_set_arn = sso.create_permission_set(InstanceArn=instance_arn, Name="Deploy")[
        "PermissionSet"
    ]["PermissionSetArn"]
    principal = "94482488-3041-7026-18f3-be45837cd0e4"
    request_id = sso.create_account_assignment(
        InstanceArn=instance_arn,
        TargetId=TARGET_ACCOUNT,
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=permission_set_arn,
        PrincipalType="USER",
        PrincipalId=principal,
    )["AccountAssignmentCreationStatus"]["RequestId"]
    reads = [
        sso.describe_account_assignment_creation_status(
            InstanceArn=instance_arn, AccountAssignmentCreationRequestId=request_id
        )["AccountAssignmentCreationStatus"]["Status"]
        for _ in range(3)
    ]
    assert reads == ["IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"]
    listed = sso.list_account_assignments(
        InstanceArn=instance_arn, AccountId=TARGET_ACCOUNT, PermissionSetArn=permission_set_arn
    )["AccountAssignments"]
    assert [item["PrincipalId"] for item in listed] == [principal]

    # the role is in the target account's IAM, served by moto in the same process
    iam = served.client("iam")
    iam.meta.events.register(
        "before-sign.iam.*", lambda request, **_: request.headers.add_header(
            "x-moto-account-id", TARGET_ACCOUNT
        )
    )
    roles = iam.list_roles(PathPrefix="/aws-reserved/sso.amazonaws.com/")["Roles"]
    assert [role["RoleName"].split("_")[1] for role in roles] == ["Deploy"]

    deletion = sso.delete_account_assignment(
        InstanceArn=instance_arn,
        TargetId=TARGET_ACCOUNT,
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=permission_set_arn,
        PrincipalType="USER",
        PrincipalId=principal,
    )["AccountAssignmentDeletionStatus"]
    final = wait_for(
        sso.describe_account_assignment_deletion_status,
        "AccountAssignmentDeletionStatus",
        InstanceArn=instance_arn,
        AccountAssignmentDeletionRequestId=deletion["RequestId"],
    )
    assert final["Status"] == "SUCCEEDED"
    sso.delete_permission_set(InstanceArn=instance_arn, PermissionSetArn=permission_set_arn)
    assert sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"] == []
    served.stop()


def test_account_and_region_come_from_each_request(server: Served) -> None:
    """Signature region, ``x-moto-account-id`` and IAM access keys pick the backend."""
    default = server.client().list_instances()["Instances"][0]
    assert default["OwnerAccountId"] == "123456789012"

    other = server.client()
    other.meta.events.register(
        "before-sign.sso-admin.*",
        lambda request, **_: request.headers.add_header("x-moto-account-id", "222222222222"),
    )
    assert other.list_instances()["Instances"][0]["OwnerAccountId"] == "222222222222"

    iam = server.client("iam")
    iam.meta.events.register(
        "before-sign.iam.*",
        lambda request, **_: request.headers.add_header("x-moto-account-id", "333333333333"),
    )
    iam.create_user(UserName="bob")
    key = iam.create_access_key(UserName="bob")["AccessKey"]
    bobs = server.client(
        aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"]
    )
    assert bobs.list_instances()["Instances"][0]["OwnerAccountId"] == "333333333333"

    west = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="eu-west-1"
    ).client("sso-admin", endpoint_url=server.url)
    # the account's one instance lives in us-east-1, where its first request went
    assert west.list_instances()["Instances"] == []


# --- switches on the command line ----------------------------------------------------------------


def test_fault_switch_fails_the_next_calls(tmp_path: Path) -> None:
    served = serve(tmp_path, "--fault", "ListInstances=ThrottlingException:2")
    sso = served.client()
    for _ in range(2):
        with pytest.raises(ClientError) as refused:
            sso.list_instances()
        assert refused.value.response["Error"]["Code"] == "ThrottlingException"
    assert len(sso.list_instances()["Instances"]) == 1
    served.stop()


def test_async_failure_switch_ends_work_failed(tmp_path: Path) -> None:
    served = serve(
        tmp_path,
        "--no-check-principals",
        "--async-failure",
        "CreateAccountAssignment=Role creation throttled",
    )
    sso = served.client()
    instance_arn = sso.list_instances()["Instances"][0]["InstanceArn"]
    ps = sso.create_permission_set(InstanceArn=instance_arn, Name="Ops")["PermissionSet"]
    status = sso.create_account_assignment(
        InstanceArn=instance_arn,
        TargetId=TARGET_ACCOUNT,
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=ps["PermissionSetArn"],
        PrincipalType="GROUP",
        PrincipalId="94482488-3041-7026-18f3-be45837cd0e4",
    )["AccountAssignmentCreationStatus"]
    final = wait_for(
        sso.describe_account_assignment_creation_status,
        "AccountAssignmentCreationStatus",
        InstanceArn=instance_arn,
        AccountAssignmentCreationRequestId=status["RequestId"],
    )
    assert (final["Status"], final["FailureReason"]) == ("FAILED", "Role creation throttled")
    served.stop()


@pytest.mark.parametrize(
    "option",
    [
        ["--fault", "NoSuchOperation=ThrottlingException"],
        ["--fault", "ListInstances=ConflictException"],
        ["--fault", "ListInstances"],
        ["--async-failure", "NoSuchOperation=reason"],
        ["--async-reads", "-1"],
    ],
)
def test_bad_switches_are_refused_with_a_message(tmp_path: Path, option: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ssoadmin_mock", "serve", "--port", str(free_port()), *option],
        capture_output=True,
        text=True,
        env=client_env(tmp_path),
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert "ssoadmin-mock serve:" in done.stderr
    assert "Traceback" not in done.stderr


# --- the Server class, in-process -------------------------------------------------------------


@pytest.fixture
def fresh_state() -> Iterator[None]:
    """moto's and this library's state dropped before and after (no mock is active here)."""
    from moto.core.base_backend import BackendDict

    BackendDict.reset()
    yield
    BackendDict.reset()


def test_server_class_serves_on_a_thread(fresh_state: None) -> None:
    from ssoadmin_mock.server import Server

    with Server(port=0) as running:
        assert running.url.startswith("http://127.0.0.1:")
        session = boto3.session.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
        )
        sso = session.client("sso-admin", endpoint_url=running.url)
        identitystore = session.client("identitystore", endpoint_url=running.url)
        instance = sso.list_instances()["Instances"][0]
        group = identitystore.create_group(
            IdentityStoreId=instance["IdentityStoreId"], DisplayName="admins"
        )["GroupId"]
        ps = sso.create_permission_set(InstanceArn=instance["InstanceArn"], Name="Admin")
        status = sso.create_account_assignment(
            InstanceArn=instance["InstanceArn"],
            TargetId=TARGET_ACCOUNT,
            TargetType="AWS_ACCOUNT",
            PermissionSetArn=ps["PermissionSet"]["PermissionSetArn"],
            PrincipalType="GROUP",
            PrincipalId=group,
        )["AccountAssignmentCreationStatus"]
        final = sso.describe_account_assignment_creation_status(
            InstanceArn=instance["InstanceArn"],
            AccountAssignmentCreationRequestId=status["RequestId"],
        )["AccountAssignmentCreationStatus"]
        assert final["Status"] == "SUCCEEDED", final
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", running.port), timeout=1).close()


def test_moto_reset_api_resets_sso_admin_too(server: Served) -> None:
    import urllib.request

    sso = server.client()
    before = sso.list_instances()["Instances"][0]["InstanceArn"]
    sso.create_permission_set(InstanceArn=before, Name="Gone")
    request = urllib.request.Request(f"{server.url}/moto-api/reset", method="POST", data=b"")
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200
    after = sso.list_instances()["Instances"][0]["InstanceArn"]
    assert after != before
    assert sso.list_permission_sets(InstanceArn=after)["PermissionSets"] == []


def test_motos_own_threaded_server_serves_this_library(fresh_state: None) -> None:
    """moto's server (with this package imported) answers sso-admin from this library too,
    and takes the account from ``x-moto-account-id`` as moto does."""
    from moto.server import ThreadedMotoServer

    moto_server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto_server.start()
    try:
        host, port = moto_server.get_host_and_port()
        session = boto3.session.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
        )
        sso = session.client("sso-admin", endpoint_url=f"http://{host}:{port}")
        sso.meta.events.register(
            "before-sign.sso-admin.*",
            lambda request, **_: request.headers.add_header("x-moto-account-id", "777777777777"),
        )
        instance = sso.list_instances()["Instances"][0]
        assert instance["OwnerAccountId"] == "777777777777"
        created = sso.create_permission_set(InstanceArn=instance["InstanceArn"], Name="ViaMoto")
        assert created["PermissionSet"]["PermissionSetArn"].startswith(
            instance["InstanceArn"].replace(":instance/", ":permissionSet/")
        )
    finally:
        moto_server.stop()
