"""The real Terraform AWS provider against ``ssoadmin-mock serve``: identity store resources.

Applies ``aws_identitystore_user``, ``aws_identitystore_group`` and
``aws_identitystore_group_membership`` with a permission set and an account assignment for
the group; changes the user's and the group's display names, which must update exactly those
two in place (UpdateUser / UpdateGroup: "0 added, 2 changed, 0 destroyed", so nothing the
first apply made reads back differently: a drift would add changes or replacements); plans
(no changes: the updates read back as written); and destroys. The provider comes from a
local filesystem mirror (``SSOADMIN_MOCK_TERRAFORM_MIRROR``, default ``/opt/tf-plugins``;
unpacked, so ``init`` links it rather than copying it); the test is skipped, saying why,
where the Terraform CLI or the mirror is absent.

Five Terraform runs (init, apply, apply, plan, destroy): about a minute. Most of each run is
Terraform loading the provider's schema; the provider also waits a fixed delay before its
first DescribeAccountAssignmentCreationStatus / ...DeletionStatus poll (about 10 s each with
provider 5.100), whatever the mock answers. So that this minute does not add to the suite's,
the scenario starts on a thread of its own as soon as the test is collected
(`start_in_background`, called by ``conftest.pytest_collection_finish``): it runs while the
rest of the suite does, and the test waits for it and reports its first failed check with
that check's own traceback. Run alone, the test simply waits for the whole scenario.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import threading
import traceback
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from .test_server import Served, kill, serve

MIRROR = Path(os.environ.get("SSOADMIN_MOCK_TERRAFORM_MIRROR", "/opt/tf-plugins"))
TERRAFORM = shutil.which("terraform")

#: why the scenario cannot run on this machine, or None
UNAVAILABLE = (
    "the Terraform CLI is not installed"
    if TERRAFORM is None
    else f"no filesystem mirror of the hashicorp/aws provider at {MIRROR}"
    if not (MIRROR / "registry.terraform.io" / "hashicorp" / "aws").is_dir()
    else None
)

pytestmark = [pytest.mark.skipif(UNAVAILABLE is not None, reason=UNAVAILABLE or "")]

CONFIGURATION = """
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

variable "endpoint" { type = string }
variable "user_display_name" { type = string }
variable "group_display_name" { type = string }
variable "user_email" { type = string }

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  endpoints {
    identitystore = var.endpoint
    ssoadmin      = var.endpoint
    iam           = var.endpoint
    sts           = var.endpoint
    organizations = var.endpoint
  }
}

data "aws_ssoadmin_instances" "this" {}

locals {
  instance_arn = tolist(data.aws_ssoadmin_instances.this.arns)[0]
  store        = tolist(data.aws_ssoadmin_instances.this.identity_store_ids)[0]
}

resource "aws_identitystore_user" "ada" {
  identity_store_id = local.store
  user_name         = "ada"
  display_name      = var.user_display_name
  name {
    given_name  = "Ada"
    family_name = "Lovelace"
  }
  emails {
    value   = var.user_email
    primary = true
  }
}

resource "aws_identitystore_group" "engineers" {
  identity_store_id = local.store
  display_name      = var.group_display_name
  description       = "people who build"
}

resource "aws_identitystore_group_membership" "ada" {
  identity_store_id = local.store
  group_id          = aws_identitystore_group.engineers.group_id
  member_id         = aws_identitystore_user.ada.user_id
}

resource "aws_ssoadmin_permission_set" "read_only" {
  instance_arn = local.instance_arn
  name         = "TerraformReadOnly"
}

resource "aws_ssoadmin_account_assignment" "engineers" {
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.read_only.arn
  principal_id       = aws_identitystore_group.engineers.group_id
  principal_type     = "GROUP"
  target_id          = "111111111111"
  target_type        = "AWS_ACCOUNT"
}

output "user_id" { value = aws_identitystore_user.ada.user_id }
output "group_id" { value = aws_identitystore_group.engineers.group_id }
"""


def workspace(base: Path) -> tuple[Path, dict[str, str], Served]:
    """A served mock and a Terraform working directory with the configuration."""
    served = serve(base / "server")
    config = base / "terraform.rc"
    config.write_text(
        "provider_installation {\n"
        f'  filesystem_mirror {{\n    path = "{MIRROR}"\n'
        '    include = ["registry.terraform.io/hashicorp/*"]\n  }\n'
        '  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n'
    )
    work = base / "work"
    work.mkdir()
    (work / "main.tf").write_text(CONFIGURATION)
    env = {
        **served.env,
        "TF_CLI_CONFIG_FILE": str(config),
        "TF_IN_AUTOMATION": "1",
        "TF_INPUT": "0",
        "CHECKPOINT_DISABLE": "1",
        "TF_VAR_endpoint": served.url,
    }
    return work, env, served


def terraform(work: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    assert TERRAFORM is not None
    return subprocess.run(
        [TERRAFORM, *args], cwd=work, env=env, capture_output=True, text=True, timeout=300
    )


def names(user: str, group: str) -> list[str]:
    """The variables of one apply: the user's e-mail changes with its display name (the
    provider updates ``emails`` with lowerCamel members, as AWS's own example does)."""
    email = user.lower().replace(" ", ".") + "@example.com"
    return [
        "-var",
        f"user_display_name={user}",
        "-var",
        f"group_display_name={group}",
        "-var",
        f"user_email={email}",
    ]


def outputs(work: Path) -> dict[str, str]:
    """The configuration's outputs, read from the state file (no Terraform run)."""
    state = json.loads((work / "terraform.tfstate").read_text())
    return {name: str(output["value"]) for name, output in state["outputs"].items()}


def api(served: Served, target: str, **members: Any) -> Any:
    """One JSON 1.1 call to the server over plain HTTP (``AWSIdentityStore.DescribeUser``,
    ``SWBExternalService.ListInstances``). Not boto3: the scenario runs beside other tests,
    and while one of them has a mock on, botocore's calls from any thread of this process
    are answered by that mock, not sent to the server."""
    request = urllib.request.Request(
        served.url,
        data=json.dumps(members).encode(),
        headers={
            "X-Amz-Target": target,
            "Content-Type": "application/x-amz-json-1.1",
            # unchecked while IAM authorization is off; names the account's key and Region
            "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/"
            "identitystore/aws4_request, SignedHeaders=host, Signature=0",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def scenario(work: Path, env: dict[str, str], served: Served) -> None:
    """Apply, rename, plan and destroy; an `AssertionError` at the first check that fails."""
    done = terraform(work, env, "init", "-no-color")
    assert done.returncode == 0, done.stdout + done.stderr
    instance = api(served, "SWBExternalService.ListInstances")["Instances"][0]
    store = instance["IdentityStoreId"]

    expected = {
        ("Ada Lovelace", "engineers"): "5 added, 0 changed, 0 destroyed",
        # the second apply refreshes what the first made: only the two renames may change
        ("Ada King", "builders"): "0 added, 2 changed, 0 destroyed",
    }
    for (user, group), summary in expected.items():
        applied = terraform(work, env, "apply", "-auto-approve", "-no-color", *names(user, group))
        assert applied.returncode == 0, applied.stdout + applied.stderr
        assert f"Resources: {summary}." in applied.stdout, applied.stdout
        made = outputs(work)
        described = api(
            served, "AWSIdentityStore.DescribeUser", IdentityStoreId=store, UserId=made["user_id"]
        )
        assert described["DisplayName"] == user
        email = user.lower().replace(" ", ".") + "@example.com"
        assert described["Emails"] == [{"Value": email, "Primary": True}], described
        described = api(
            served,
            "AWSIdentityStore.DescribeGroup",
            IdentityStoreId=store,
            GroupId=made["group_id"],
        )
        assert described["DisplayName"] == group

    planned = terraform(work, env, "plan", "-detailed-exitcode", "-no-color", *names(user, group))
    assert planned.returncode == 0, planned.stdout + planned.stderr  # 0: no changes

    # the plan just refreshed every resource: destroy need not read them again
    destroyed = terraform(
        work, env, "destroy", "-auto-approve", "-no-color", "-refresh=false", *names(user, group)
    )
    assert destroyed.returncode == 0, destroyed.stdout + destroyed.stderr
    assert "Resources: 5 destroyed." in destroyed.stdout, destroyed.stdout
    assert api(served, "AWSIdentityStore.ListUsers", IdentityStoreId=store)["Users"] == []
    assert api(served, "AWSIdentityStore.ListGroups", IdentityStoreId=store)["Groups"] == []
    listed = api(
        served, "SWBExternalService.ListPermissionSets", InstanceArn=instance["InstanceArn"]
    )
    assert listed["PermissionSets"] == []
    # the provider retries a 5xx, hiding it from the runs' results: the server's log (one
    # line a request on stderr: "... POST / identitystore:CreateUser 200 4.8ms") shows it
    _, _, log = served.stop()
    answered = [line.split() for line in log.splitlines() if line.endswith("ms")]
    assert len(answered) > 20, log
    failed = [line for line in answered if line[-2].startswith("5")]
    assert not failed, failed


class Background:
    """The scenario on a thread of its own, in a temporary directory removed once it ends."""

    def __init__(self) -> None:
        self.failure: str | None = None
        self._thread = threading.Thread(target=self._run, name="terraform-scenario", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        with tempfile.TemporaryDirectory(prefix="ssoadmin-mock-terraform-") as base:
            served: Served | None = None
            try:
                work, env, served = workspace(Path(base))
                scenario(work, env, served)
            except BaseException:  # noqa: BLE001 - reported by the test, with its traceback
                self.failure = traceback.format_exc()
            finally:
                if served is not None:
                    kill(served)

    def result(self, timeout: float) -> str | None:
        """None once the scenario passed; else what failed (or that it did not end)."""
        self._thread.join(timeout)
        if self._thread.is_alive():
            return f"the Terraform scenario did not end within {timeout:.0f} s"
        return self.failure


_started: Background | None = None
_lock = threading.Lock()


def start_in_background() -> Background:
    """Start the scenario unless it runs already (at most once a process)."""
    global _started
    with _lock:
        if _started is None:
            _started = Background()
        return _started


def test_identity_store_resources_apply_update_and_destroy() -> None:
    failure = start_in_background().result(timeout=900)
    assert failure is None, failure
