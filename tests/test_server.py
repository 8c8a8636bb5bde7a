"""Server mode: ``python -m ssoadmin_mock serve`` driven by the AWS CLI and by boto3 over HTTP.

The server runs as a subprocess on a free loopback port, exactly as a user would start it,
and the tests talk to it only over HTTP (no mock is active in the test process, so nothing is
intercepted in-process: `_nothing_mocked_here` checks it around every test).

Most tests share one server per module (`server`), its state reset before each test with
moto's reset API, which resets every backend, sso-admin's too (as
`test_moto_reset_api_resets_sso_admin_too` shows): a test sees what a freshly started
server would show it. A test gets a server process of its own (`own_server`, `serve`) where
its point is that process: its start, its signals, its log, or its command-line switches.

The AWS CLI runs in one Python process for the whole module (`AwsCli`), which runs
``awscli.clidriver.main()`` (what ``python -m awscli`` and the ``aws`` program run) for every
command, with a new driver and botocore session each time, the command's ``sys.argv`` and the
environment a user's shell would give it: arguments, shorthand syntax, JSON output, error
messages and exit codes are the CLI's own. It is a process of its own, not this one: the
AWS CLI, imported first, imports the botocore it ships (``awscli/botocore``, in releases that
ship one) in place of the installed one, which this process has imported long before. One
process for every command saves a Python start and the CLI's imports (half a second or more)
per command; `test_the_aws_command_runs_as_its_own_process` runs the ``aws`` program itself,
and gets the same answers.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.client import BaseClient
from botocore.config import Config
from botocore.exceptions import ClientError
from moto.core.models import botocore_stubber

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
    aws: AwsCli | None = None

    def cli(self, *args: str, expect_ok: bool = True) -> Any:
        """Run ``aws <args> --endpoint-url <server>`` with the real AWS CLI; parsed JSON out."""
        assert self.aws is not None, "served without the AWS CLI process (serve(..., aws=aws))"
        code, out, err = self.aws.run(
            self.env, *args, "--endpoint-url", self.url, "--output", "json"
        )
        if expect_ok:
            assert code == 0, f"aws {' '.join(args)} failed:\n{err}"
            return json.loads(out) if out.strip() else {}
        assert code != 0, f"aws {' '.join(args)} should have failed"
        return err

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


def serve(
    tmp_path: Path,
    *options: str,
    server_env: dict[str, str] | None = None,
    aws: AwsCli | None = None,
) -> Served:
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
    return Served(process, url, env, startup, [first], aws)


def kill(served: Served) -> None:
    if served.process.poll() is None:
        served.process.kill()
    served.process.communicate()


#: The AWS CLI process's loop: one command a line in (JSON: environment and arguments), its
#: exit code, standard output and standard error a line out.
_AWS_CLI_LOOP = """
import contextlib, io, json, os, sys

import awscli  # first, as `python -m awscli` imports it: it puts its data on AWS_DATA_PATH
from awscli.clidriver import main  # and with it the botocore it ships, if it ships one

CLI_DATA = os.environ["AWS_DATA_PATH"].split(os.pathsep)[-1]
answers = sys.stdout
for line in sys.stdin:
    env, args = json.loads(line)
    os.environ.clear()
    os.environ.update(env)
    # what importing awscli does to a process started with this environment
    os.environ["AWS_DATA_PATH"] = os.pathsep.join(
        [*filter(None, [env.get("AWS_DATA_PATH")]), CLI_DATA]
    )
    sys.argv = ["aws", *args]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main()
        except SystemExit as exited:  # as `sys.exit` would exit: argparse's refusals
            code = exited.code if isinstance(exited.code, int) else int(exited.code is not None)
    answers.write(json.dumps([code, out.getvalue(), err.getvalue()]) + "\\n")
    answers.flush()
"""


class AwsCli:
    """A Python process that runs AWS CLI commands, one after the other (started on first use,
    and again if it ended)."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.answers: queue.Queue[str] = queue.Queue()
        self.errors = tempfile.TemporaryFile("w+")

    def run(self, env: dict[str, str], *args: str) -> tuple[int, str, str]:
        """``aws <args>`` in `env`: (exit code, standard output, standard error)."""
        if self.process is None:
            self._start(env)
        assert self.process is not None and self.process.stdin is not None
        self.process.stdin.write(json.dumps([env, list(args)]) + "\n")
        self.process.stdin.flush()
        try:
            answer = self.answers.get(timeout=60)
        except queue.Empty:
            self._stop()
            raise AssertionError(f"aws {' '.join(args)} gave no answer in 60 s") from None
        if not answer:
            self._stop()
            self.errors.seek(0)
            raise AssertionError(f"the AWS CLI process ended:\n{self.errors.read()}")
        code, out, err = json.loads(answer)
        return int(code), str(out), str(err)

    def _start(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _AWS_CLI_LOOP],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
            env=env,
        )
        self.answers = answers = queue.Queue()

        def read(pipe: Any) -> None:
            for line in pipe:
                answers.put(line)
            answers.put("")  # the process ended

        threading.Thread(target=read, args=(self.process.stdout,), daemon=True).start()

    def _stop(self) -> None:
        if self.process is not None:
            assert self.process.stdin is not None
            try:
                self.process.stdin.close()
                self.process.wait(timeout=20)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
            self.process = None

    def close(self) -> None:
        self._stop()
        self.errors.close()


@pytest.fixture(scope="module")
def aws() -> Iterator[AwsCli]:
    cli = AwsCli()
    yield cli
    cli.close()


@pytest.fixture(autouse=True)
def _nothing_mocked_here() -> Iterator[None]:
    """No mock in this process before or after a test: clients here reach the server."""
    assert not botocore_stubber.enabled
    yield
    assert not botocore_stubber.enabled


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory, aws: AwsCli) -> Iterator[Served]:
    """One server for the module's tests that need no process of their own.

    Its log (a line per request) is read as it comes, so its pipes never fill up.
    """
    served = serve(tmp_path_factory.mktemp("shared-server"), aws=aws)
    readers = [
        threading.Thread(target=pipe.read, daemon=True)
        for pipe in (served.process.stdout, served.process.stderr)
        if pipe is not None
    ]
    for reader in readers:
        reader.start()
    yield served
    served.process.kill()
    served.process.wait(timeout=20)
    for reader in readers:
        reader.join(timeout=20)


def reset(url: str) -> None:
    """moto's reset API: every backend of the server back to its start, sso-admin's too."""
    request = urllib.request.Request(f"{url}/moto-api/reset", method="POST", data=b"")
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200


@pytest.fixture
def server(shared_server: Served) -> Served:
    """The module's server, in the state of one just started."""
    reset(shared_server.url)
    return shared_server


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """`serve` for this test alone: with its options; killed after the test if still running
    (a test that fails before it stops its server leaves none behind)."""
    started: list[Served] = []

    def start(*options: str, aws: AwsCli | None = None) -> Served:
        started.append(serve(tmp_path, *options, aws=aws))
        return started[-1]

    yield start
    for served in started:
        kill(served)


@pytest.fixture
def own_server(start_server: Callable[..., Served]) -> Served:
    """A server process for this test alone (to stop it, or to read its whole log)."""
    return start_server()


def wait_for(describe: Any, key: str, **params: Any) -> dict[str, Any]:
    """Poll a Describe*Status call until its status leaves IN_PROGRESS (at most 50 reads)."""
    for _ in range(50):
        status: dict[str, Any] = describe(**params)[key]
        if status["Status"] != "IN_PROGRESS":
            return status
    raise AssertionError(f"{key} stayed IN_PROGRESS")


# --- start, log, stop ------------------------------------------------------------------------


def test_starts_fast_on_loopback_and_stops_cleanly_on_sigterm(own_server: Served) -> None:
    assert own_server.url.startswith("http://127.0.0.1:")
    assert own_server.startup_seconds < 5, f"took {own_server.startup_seconds:.2f}s to start"
    code, out, err = own_server.stop(signal.SIGTERM)
    assert code == 0, err
    assert "stopped (SIGTERM)" in out
    assert "Traceback" not in err


def test_stops_cleanly_on_sigint(own_server: Served) -> None:
    own_server.client().list_instances()
    code, out, err = own_server.stop(signal.SIGINT)
    assert code == 0, err
    assert "stopped (SIGINT)" in out
    assert "Traceback" not in err


def test_logs_one_line_per_request(own_server: Served) -> None:
    sso = own_server.client()
    sso.list_instances()
    sso.list_instances()
    with pytest.raises(ClientError):
        sso.describe_instance(InstanceArn="arn:aws:sso:::instance/ssoins-0000000000000000")
    own_server.client("iam").list_users()
    _, _, err = own_server.stop()
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 4, lines
    assert sum("sso-admin:ListInstances 200" in line for line in lines) == 2
    assert any("sso-admin:DescribeInstance 400" in line for line in lines)
    assert any(" iam " in line and " 200 " in line for line in lines)


@pytest.mark.parametrize(
    ("request_line", "status"),
    [
        (b"GET /x HTTP/9.9", 505),
        (b"GARBAGE", 400),
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1", 414),
    ],
)
def test_a_request_http_refuses_unread_gets_its_status_and_a_log_line(
    own_server: Served, request_line: bytes, status: int
) -> None:
    """A request line http.server refuses before reading any header still gets its error
    status, and the log line a request gets (no path or headers to show), no traceback."""
    host, port = own_server.url.rsplit("/", 1)[-1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(request_line + b"\r\n\r\n")
        answer = b""
        while chunk := connection.recv(4096):
            answer += chunk
    # http.server's error page (an HTTP/0.9 answer has no status line: the page says it)
    assert f"Error code: {status}".encode() in answer, answer[:300]
    _, _, err = own_server.stop()
    assert "Traceback" not in err, err
    assert any(f" {status} " in line for line in err.splitlines()), err


def test_quiet_logs_nothing_per_request(start_server: Callable[..., Served]) -> None:
    served = start_server("--quiet")
    served.client().list_instances()
    code, _, err = served.stop()
    assert code == 0
    assert err.strip() == ""


def test_a_port_in_use_is_refused_with_a_message(server: Served) -> None:
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


def test_the_aws_command_runs_as_its_own_process(server: Served) -> None:
    """``python -m awscli`` (what the ``aws`` program runs) in a process of its own, as a
    user's shell runs it; it answers and fails as the module's AWS CLI process does."""

    def aws(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "awscli", *args, "--endpoint-url", server.url],
            capture_output=True,
            text=True,
            env=server.env,
            timeout=60,
            check=False,
        )

    done = aws("sso-admin", "list-instances", "--output", "json")
    assert done.returncode == 0, done.stderr
    [instance] = json.loads(done.stdout)["Instances"]
    assert instance["InstanceArn"].startswith("arn:aws:sso:::instance/ssoins-")
    assert server.cli("sso-admin", "list-instances")["Instances"] == [instance]

    missing = ("sso-admin", "describe-instance", "--instance-arn", instance["InstanceArn"] + "0")
    refused = aws(*missing)
    assert server.aws is not None
    code, _, err = server.aws.run(server.env, *missing, "--endpoint-url", server.url)
    assert refused.returncode == code != 0
    assert "ValidationException" in refused.stderr
    assert refused.stderr.strip().splitlines()[-1] == err.strip().splitlines()[-1]


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


def test_aws_cli_identity_store(server: Served) -> None:
    """Users, groups and memberships with the real AWS CLI: the calls moto lacks included."""
    [instance] = server.cli("sso-admin", "list-instances")["Instances"]
    store = instance["IdentityStoreId"]
    user_id = server.cli(
        "identitystore", "create-user", "--identity-store-id", store,
        "--user-name", "bob", "--display-name", "Bob",
        "--name", "GivenName=Bob,FamilyName=Doe",
    )["UserId"]
    server.cli(
        "identitystore", "update-user", "--identity-store-id", store, "--user-id", user_id,
        "--operations", '[{"AttributePath": "displayName", "AttributeValue": "Robert"}]',
    )
    described = server.cli(
        "identitystore", "describe-user", "--identity-store-id", store, "--user-id", user_id
    )
    assert described["DisplayName"] == "Robert"
    group_id = server.cli(
        "identitystore", "create-group", "--identity-store-id", store, "--display-name", "ops"
    )["GroupId"]
    server.cli(
        "identitystore", "create-group-membership", "--identity-store-id", store,
        "--group-id", group_id, "--member-id", f"UserId={user_id}",
    )
    listed = server.cli(
        "identitystore", "list-group-memberships-for-member", "--identity-store-id", store,
        "--member-id", f"UserId={user_id}",
    )["GroupMemberships"]
    assert [m["GroupId"] for m in listed] == [group_id]
    found = server.cli(
        "identitystore", "get-user-id", "--identity-store-id", store, "--alternate-identifier",
        '{"UniqueAttribute": {"AttributePath": "userName", "AttributeValue": "bob"}}',
    )
    assert found["UserId"] == user_id
    err = server.cli(
        "identitystore", "create-group", "--identity-store-id", store, "--display-name", "OPS",
        expect_ok=False,
    )
    assert "ConflictException" in err


def test_aws_cli_as_the_delegated_administrator(server: Served) -> None:
    """The AWS CLI in a member account registered as IAM Identity Center's delegated
    administrator, through a role session there: it administers the organization instance,
    and is refused an assignment in the management account in AWS's words."""
    server.cli("organizations", "create-organization", "--feature-set", "ALL")
    account = server.cli(
        "organizations", "create-account", "--account-name", "identity",
        "--email", "identity@example.com",
    )["CreateAccountStatus"]["AccountId"]
    server.cli(
        "organizations", "register-delegated-administrator", "--account-id", account,
        "--service-principal", "sso.amazonaws.com",
    )
    role = f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole"
    credentials = server.cli(
        "sts", "assume-role", "--role-arn", role, "--role-session-name", "cli"
    )["Credentials"]
    delegated = replace(
        server,
        env={
            **server.env,
            "AWS_ACCESS_KEY_ID": credentials["AccessKeyId"],
            "AWS_SECRET_ACCESS_KEY": credentials["SecretAccessKey"],
            "AWS_SESSION_TOKEN": credentials["SessionToken"],
        },
    )
    [instance] = delegated.cli("sso-admin", "list-instances")["Instances"]
    assert instance["OwnerAccountId"] == "123456789012"
    arn = instance["InstanceArn"]
    ps = delegated.cli(
        "sso-admin", "create-permission-set", "--instance-arn", arn, "--name", "Audit"
    )["PermissionSet"]["PermissionSetArn"]
    user = delegated.cli(
        "identitystore", "create-user", "--identity-store-id", instance["IdentityStoreId"],
        "--user-name", "auditor", "--display-name", "Auditor",
        "--name", "GivenName=Audit,FamilyName=Or",
    )["UserId"]
    err = delegated.cli(
        "sso-admin", "create-account-assignment", "--instance-arn", arn,
        "--target-id", "123456789012", "--target-type", "AWS_ACCOUNT",
        "--permission-set-arn", ps, "--principal-type", "USER", "--principal-id", user,
        expect_ok=False,
    )
    assert "(AccessDeniedException)" in err
    assert (
        f"User: arn:aws:sts::{account}:assumed-role/OrganizationAccountAccessRole/cli is not "
        f"authorized to perform: sso:CreateAccountAssignment on resource: {ps}"
    ) in err
    # the management account sees what its delegated administrator made
    assert server.cli("sso-admin", "list-permission-sets", "--instance-arn", arn)[
        "PermissionSets"
    ] == [ps]


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


def test_aws_cli_tags_and_instances(start_server: Callable[..., Served], aws: AwsCli) -> None:
    served = start_server("--no-default-instance", aws=aws)
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


def test_aws_cloudformation_deploy_makes_permission_sets_and_assignments(
    server: Served, tmp_path: Path
) -> None:
    """``aws cloudformation deploy`` (a change set, then its execution) of AWS::SSO::* and
    AWS::IdentityStore::* resources: the permission set is the one sso-admin shows, its
    assignment makes the role, the group and its member are the identity store's."""
    [instance] = server.cli("sso-admin", "list-instances")["Instances"]
    user_id = server.cli(
        "identitystore", "create-user", "--identity-store-id", instance["IdentityStoreId"],
        "--user-name", "grace", "--display-name", "Grace",
        "--name", "GivenName=Grace,FamilyName=Hopper",
    )["UserId"]
    template = tmp_path / "sso.yaml"
    template.write_text(
        "Parameters:\n"
        "  InstanceArn: {Type: String}\n"
        "  UserId: {Type: String}\n"
        "  IdentityStoreId: {Type: String}\n"
        "Resources:\n"
        "  Readers:\n"
        "    Type: AWS::IdentityStore::Group\n"
        "    Properties: {IdentityStoreId: !Ref IdentityStoreId, DisplayName: readers}\n"
        "  Reader:\n"
        "    Type: AWS::IdentityStore::GroupMembership\n"
        "    Properties:\n"
        "      IdentityStoreId: !Ref IdentityStoreId\n"
        "      GroupId: !GetAtt Readers.GroupId\n"
        "      MemberId: {UserId: !Ref UserId}\n"
        "  ReadOnly:\n"
        "    Type: AWS::SSO::PermissionSet\n"
        "    Properties:\n"
        "      InstanceArn: !Ref InstanceArn\n"
        "      Name: ReadOnly\n"
        "      SessionDuration: PT2H\n"
        f"      ManagedPolicies: [{READ_ONLY}]\n"
        "  Access:\n"
        "    Type: AWS::SSO::Assignment\n"
        "    Properties:\n"
        "      InstanceArn: !Ref InstanceArn\n"
        "      PermissionSetArn: !GetAtt ReadOnly.PermissionSetArn\n"
        "      PrincipalType: USER\n"
        "      PrincipalId: !Ref UserId\n"
        f"      TargetId: '{TARGET_ACCOUNT}'\n"
        "      TargetType: AWS_ACCOUNT\n"
        "Outputs:\n"
        "  PermissionSetArn: {Value: !GetAtt ReadOnly.PermissionSetArn}\n"
        "  GroupId: {Value: !GetAtt Readers.GroupId}\n"
    )
    assert server.aws is not None
    code, out, err = server.aws.run(
        server.env, "cloudformation", "deploy", "--stack-name", "sso",
        "--template-file", str(template), "--endpoint-url", server.url,
        "--parameter-overrides", f"InstanceArn={instance['InstanceArn']}", f"UserId={user_id}",
        f"IdentityStoreId={instance['IdentityStoreId']}",
    )
    assert code == 0, err
    assert "Successfully created/updated stack - sso" in out
    [stack] = server.cli("cloudformation", "describe-stacks", "--stack-name", "sso")["Stacks"]
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    given = {output["OutputKey"]: output["OutputValue"] for output in stack["Outputs"]}
    arn = given["PermissionSetArn"]
    store = ("--identity-store-id", instance["IdentityStoreId"])
    group = server.cli("identitystore", "describe-group", *store, "--group-id", given["GroupId"])
    assert group["DisplayName"] == "readers"
    members = server.cli(
        "identitystore", "list-group-memberships", *store, "--group-id", given["GroupId"]
    )["GroupMemberships"]
    assert [m["MemberId"]["UserId"] for m in members] == [user_id]
    described = server.cli(
        "sso-admin", "describe-permission-set", "--instance-arn", instance["InstanceArn"],
        "--permission-set-arn", arn,
    )["PermissionSet"]
    assert (described["Name"], described["SessionDuration"]) == ("ReadOnly", "PT2H")
    assigned = server.cli(
        "sso-admin", "list-account-assignments", "--instance-arn", instance["InstanceArn"],
        "--account-id", TARGET_ACCOUNT, "--permission-set-arn", arn,
    )["AccountAssignments"]
    assert [a["PrincipalId"] for a in assigned] == [user_id]
    # the role is in the target account's IAM: look there (moto's account header)
    roles = server.client("iam")
    roles.meta.events.register(
        "before-sign.iam.*",
        lambda request, **_: request.headers.__setitem__("x-moto-account-id", TARGET_ACCOUNT),
    )
    names = [r["RoleName"] for r in roles.list_roles(PathPrefix="/aws-reserved/")["Roles"]]
    assert [name.rsplit("_", 1)[0] for name in names] == ["AWSReservedSSO_ReadOnly"]

    server.cli("cloudformation", "delete-stack", "--stack-name", "sso")
    assert server.cli(
        "sso-admin", "list-permission-sets", "--instance-arn", instance["InstanceArn"]
    )["PermissionSets"] == []
    assert server.cli("identitystore", "list-groups", *store)["Groups"] == []


# --- boto3 over HTTP ---------------------------------------------------------------------------


def test_boto3_over_http_polls_deferred_statuses(start_server: Callable[..., Served]) -> None:
    """With ``--async-reads 2`` an assignment reads IN_PROGRESS twice, then SUCCEEDED."""
    served = start_server("--async-reads", "2", "--no-check-principals")
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


def test_fault_switch_fails_the_next_calls(start_server: Callable[..., Served]) -> None:
    served = start_server("--fault", "ListInstances=ThrottlingException:2")
    sso = served.client()
    for _ in range(2):
        with pytest.raises(ClientError) as refused:
            sso.list_instances()
        assert refused.value.response["Error"]["Code"] == "ThrottlingException"
        assert refused.value.response["Error"]["Message"] == "Rate exceeded"
    assert len(sso.list_instances()["Instances"]) == 1
    served.stop()


def test_async_failure_switch_ends_work_failed(start_server: Callable[..., Served]) -> None:
    served = start_server(
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
        ids = session.client("identitystore", endpoint_url=f"http://{host}:{port}")
        ids.meta.events.register(
            "before-sign.identitystore.*",
            lambda request, **_: request.headers.add_header("x-moto-account-id", "777777777777"),
        )
        store = instance["IdentityStoreId"]
        group_id = ids.create_group(IdentityStoreId=store, DisplayName="via-moto")["GroupId"]
        ids.update_group(  # moto's own identitystore lacks UpdateGroup
            IdentityStoreId=store,
            GroupId=group_id,
            Operations=[{"AttributePath": "displayName", "AttributeValue": "renamed"}],
        )
        assert ids.describe_group(IdentityStoreId=store, GroupId=group_id)["DisplayName"] == (
            "renamed"
        )
    finally:
        moto_server.stop()


def test_a_stop_signal_shuts_the_server_down_without_raising_in_the_main_thread() -> None:
    """SIGTERM asks the server to shut down from a thread of its own: an exception raised
    in the main thread while the server takes a request would be swallowed by the server's
    request error handling (``ssoadmin_mock.server._Stop: SIGTERM`` logged, and the server
    serving on, as a loaded run met it)."""
    import os
    import threading

    from ssoadmin_mock.server import _StopOnSignals

    asked = threading.Event()
    stop = _StopOnSignals(asked.set)
    previous = signal.getsignal(signal.SIGTERM)
    with stop:
        os.kill(os.getpid(), signal.SIGTERM)  # handled here, in the main thread; no raise
        assert asked.wait(5)
        os.kill(os.getpid(), signal.SIGTERM)  # a second one while stopping is ignored
    assert stop.received == "SIGTERM"
    assert signal.getsignal(signal.SIGTERM) == previous
