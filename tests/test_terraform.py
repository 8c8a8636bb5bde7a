"""The real Terraform AWS provider against ``ssoadmin-mock serve``: every ``aws_ssoadmin_*``
and ``aws_identitystore_*`` resource and data source of the provider.

Applies the identity store's user, group and membership; two permission sets, one with an
inline policy, an AWS managed and a customer managed policy (an ``aws_iam_policy`` in moto's
IAM) and a permissions boundary, assigned to the group in another account and to the user in
the caller's own (whose IAM must then hold the set's ``AWSReservedSSO_`` role with those
policies and that boundary); the instance's access control attributes; an application with
its assignment configuration, a group assignment and an access scope; a trusted token
issuer; and reads all of it back through every data source. Then changes the user's and the
group's display names, which must update exactly those two in place (UpdateUser /
UpdateGroup: "0 added, 2 changed, 0 destroyed", so nothing the first apply made reads back
differently: a drift would add changes or replacements); plans (no changes: the updates read
back as written); and destroys, which must leave no permission set, application, issuer or
role. The provider comes from a local filesystem mirror (``SSOADMIN_MOCK_TERRAFORM_MIRROR``,
default ``/opt/tf-plugins``; unpacked, so ``init`` links it rather than copying it); the test
is skipped, saying why, where the Terraform CLI or the mirror is absent.

Five Terraform runs (init, apply, apply, plan, destroy): a little over a minute. Most of each
run is Terraform loading the provider's schema; the provider also waits a fixed delay before
its first DescribeAccountAssignmentCreationStatus / ...DeletionStatus poll (about 10 s each
with provider 5.100), whatever the mock answers. So that this minute does not add to the
suite's, the scenario starts on a thread of its own as soon as the test is collected
(`start_in_background`, called by ``conftest.pytest_collection_finish``): it runs while the
rest of the suite does, and the test waits for it and reports its first failed check with
that check's own traceback. Run alone, the test simply waits for the whole scenario.

A second scenario runs beside it, as LZA and other organization tools run: Terraform in the
member account that organizations registered as IAM Identity Center's delegated
administrator (the provider's ``assume_role`` into it, through moto's STS), managing the
management account's organization instance (`ssoadmin_mock.delegation`). It applies a user,
a permission set and its assignment in a workload account, which the management account
then sees; an assignment in the management account fails with AWS's AccessDeniedException,
as the provider reports it; and destroys (four Terraform runs, under a minute).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import threading
import traceback
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

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


def configuration(provider_settings: str, body: str) -> str:
    """A configuration: the provider, with `provider_settings`, sending every service the
    test uses to the server (``var.endpoint``); the caller's instance ARN and identity store
    as locals; then `body`."""
    return (
        """
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

variable "endpoint" { type = string }

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
"""
        + provider_settings
        + """
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
"""
        + body
    )


CONFIGURATION = configuration(
    "  skip_requesting_account_id  = true",
    """
variable "user_display_name" { type = string }
variable "group_display_name" { type = string }
variable "user_email" { type = string }

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

# a permission set with every kind of policy, assigned to the user in the caller's own
# account (its AWSReservedSSO_ role lands in that account's IAM)
resource "aws_ssoadmin_permission_set" "developer" {
  instance_arn     = local.instance_arn
  name             = "TerraformDeveloper"
  description      = "builds things"
  session_duration = "PT2H"
  relay_state      = "https://console.aws.amazon.com/"
  tags             = { team = "platform" }
}

resource "aws_ssoadmin_permission_set_inline_policy" "developer" {
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.developer.arn
  inline_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:ListAllMyBuckets"], Resource = "*" }]
  })
}

resource "aws_ssoadmin_managed_policy_attachment" "developer" {
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.developer.arn
  managed_policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_policy" "describe" {
  name = "TerraformDescribe"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["ec2:Describe*"], Resource = "*" }]
  })
}

resource "aws_ssoadmin_customer_managed_policy_attachment" "developer" {
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.developer.arn
  customer_managed_policy_reference {
    name = aws_iam_policy.describe.name
    path = "/"
  }
}

resource "aws_ssoadmin_permissions_boundary_attachment" "developer" {
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.developer.arn
  permissions_boundary {
    managed_policy_arn = "arn:aws:iam::aws:policy/PowerUserAccess"
  }
}

resource "aws_ssoadmin_account_assignment" "ada" {
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.developer.arn
  principal_id       = aws_identitystore_user.ada.user_id
  principal_type     = "USER"
  target_id          = "123456789012"
  target_type        = "AWS_ACCOUNT"
  depends_on = [
    aws_ssoadmin_permission_set_inline_policy.developer,
    aws_ssoadmin_managed_policy_attachment.developer,
    aws_ssoadmin_customer_managed_policy_attachment.developer,
    aws_ssoadmin_permissions_boundary_attachment.developer,
  ]
}

resource "aws_ssoadmin_instance_access_control_attributes" "abac" {
  instance_arn = local.instance_arn
  attribute {
    key = "team"
    value {
      source = ["$${path:enterprise.department}"]
    }
  }
}

resource "aws_ssoadmin_application" "portal" {
  name                     = "TerraformApp"
  description              = "an application of the portal"
  application_provider_arn = "arn:aws:sso::aws:applicationProvider/custom"
  instance_arn             = local.instance_arn
  portal_options {
    visibility = "ENABLED"
    sign_in_options {
      application_url = "https://app.example.com/login"
      origin          = "APPLICATION"
    }
  }
  tags = { team = "platform" }
}

resource "aws_ssoadmin_application_assignment_configuration" "portal" {
  application_arn     = aws_ssoadmin_application.portal.application_arn
  assignment_required = true
}

resource "aws_ssoadmin_application_assignment" "engineers" {
  application_arn = aws_ssoadmin_application.portal.application_arn
  principal_id    = aws_identitystore_group.engineers.group_id
  principal_type  = "GROUP"
}

resource "aws_ssoadmin_application_access_scope" "portal" {
  application_arn    = aws_ssoadmin_application.portal.application_arn
  authorized_targets = [aws_ssoadmin_application.portal.application_arn]
  scope              = "sso:account:access"
}

resource "aws_ssoadmin_trusted_token_issuer" "issuer" {
  name                      = "TerraformIssuer"
  instance_arn              = local.instance_arn
  trusted_token_issuer_type = "OIDC_JWT"
  trusted_token_issuer_configuration {
    oidc_jwt_configuration {
      claim_attribute_path          = "email"
      identity_store_attribute_path = "emails.value"
      issuer_url                    = "https://issuer.example.com"
      jwks_retrieval_option         = "OPEN_ID_DISCOVERY"
    }
  }
  tags = { team = "platform" }
}

# every data source of the two services, each reading what the resources made
data "aws_ssoadmin_permission_set" "developer" {
  instance_arn = local.instance_arn
  name         = aws_ssoadmin_permission_set.developer.name
}

data "aws_ssoadmin_permission_sets" "all" {
  instance_arn = local.instance_arn
  depends_on   = [aws_ssoadmin_permission_set.read_only, aws_ssoadmin_permission_set.developer]
}

data "aws_ssoadmin_application" "portal" {
  application_arn = aws_ssoadmin_application.portal.application_arn
}

data "aws_ssoadmin_application_providers" "all" {}

data "aws_ssoadmin_application_assignments" "portal" {
  application_arn = aws_ssoadmin_application.portal.application_arn
  depends_on      = [aws_ssoadmin_application_assignment.engineers]
}

data "aws_ssoadmin_principal_application_assignments" "engineers" {
  instance_arn   = local.instance_arn
  principal_id   = aws_identitystore_group.engineers.group_id
  principal_type = "GROUP"
  depends_on     = [aws_ssoadmin_application_assignment.engineers]
}

data "aws_identitystore_user" "ada" {
  identity_store_id = local.store
  alternate_identifier {
    unique_attribute {
      attribute_path  = "UserName"
      attribute_value = aws_identitystore_user.ada.user_name
    }
  }
}

data "aws_identitystore_group" "engineers" {
  identity_store_id = local.store
  alternate_identifier {
    unique_attribute {
      attribute_path  = "DisplayName"
      attribute_value = aws_identitystore_group.engineers.display_name
    }
  }
}

data "aws_identitystore_users" "all" {
  identity_store_id = local.store
  depends_on        = [aws_identitystore_user.ada]
}

data "aws_identitystore_groups" "all" {
  identity_store_id = local.store
  depends_on        = [aws_identitystore_group.engineers]
}

data "aws_identitystore_group_memberships" "engineers" {
  identity_store_id = local.store
  group_id          = aws_identitystore_group.engineers.group_id
  depends_on        = [aws_identitystore_group_membership.ada]
}

locals {
  application_assignments = data.aws_ssoadmin_application_assignments.portal.application_assignments
  group_applications = (
    data.aws_ssoadmin_principal_application_assignments.engineers.application_assignments
  )
  memberships = data.aws_identitystore_group_memberships.engineers.group_memberships
}

output "user_id" { value = aws_identitystore_user.ada.user_id }
output "group_id" { value = aws_identitystore_group.engineers.group_id }
output "application_arn" { value = aws_ssoadmin_application.portal.application_arn }
output "read" {
  value = jsonencode({
    permission_set_arn   = data.aws_ssoadmin_permission_set.developer.arn
    permission_set_hours = data.aws_ssoadmin_permission_set.developer.session_duration
    permission_sets      = length(data.aws_ssoadmin_permission_sets.all.arns)
    application_name     = data.aws_ssoadmin_application.portal.name
    providers            = length(data.aws_ssoadmin_application_providers.all.application_providers)
    application_assigned = [for a in local.application_assignments : a.principal_id]
    group_applications   = [for a in local.group_applications : a.application_arn]
    user_email           = data.aws_identitystore_user.ada.emails[0].value
    group_name           = data.aws_identitystore_group.engineers.display_name
    users                = [for u in data.aws_identitystore_users.all.users : u.user_name]
    groups               = [for g in data.aws_identitystore_groups.all.groups : g.display_name]
    members              = [for m in local.memberships : m.member_id.user_id]
  })
}
""",
)

#: as the delegated administrator: a role session in that account (the instance it reads is
#: the organization's)
DELEGATED_CONFIGURATION = configuration(
    """  assume_role {
    role_arn     = var.delegated_role
    session_name = "terraform"
  }""",
    """
variable "delegated_role" { type = string }
variable "workload" { type = string }
variable "management_assignments" { type = number }

data "aws_caller_identity" "delegated" {}

resource "aws_identitystore_user" "auditor" {
  identity_store_id = local.store
  user_name         = "auditor"
  display_name      = "Auditor"
  name {
    given_name  = "Audit"
    family_name = "Or"
  }
}

resource "aws_ssoadmin_permission_set" "audit" {
  instance_arn = local.instance_arn
  name         = "Audit"
}

resource "aws_ssoadmin_account_assignment" "workload" {
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.audit.arn
  principal_id       = aws_identitystore_user.auditor.user_id
  principal_type     = "USER"
  target_id          = var.workload
  target_type        = "AWS_ACCOUNT"
}

# only the management account may assign access in the management account
resource "aws_ssoadmin_account_assignment" "management" {
  count              = var.management_assignments
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.audit.arn
  principal_id       = aws_identitystore_user.auditor.user_id
  principal_type     = "USER"
  target_id          = "123456789012"
  target_type        = "AWS_ACCOUNT"
}

output "caller" { value = data.aws_caller_identity.delegated.arn }
output "permission_set_arn" { value = aws_ssoadmin_permission_set.audit.arn }
output "user_id" { value = aws_identitystore_user.auditor.user_id }
""",
)


def workspace(
    base: Path, configuration: str = CONFIGURATION
) -> tuple[Path, dict[str, str], Served]:
    """A served mock and a Terraform working directory with `configuration`."""
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
    (work / "main.tf").write_text(configuration)
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


def post(served: Served, service: str, body: bytes, headers: dict[str, str]) -> bytes:
    """One request to the server over plain HTTP, with a credential scope for `service`
    (unchecked while IAM authorization is off; it names the account's key and Region). Not
    boto3: the scenario runs beside other tests, and while one of them has a mock on,
    botocore's calls from any thread of this process are answered by that mock, not sent to
    the server."""
    scope = f"testing/20260101/us-east-1/{service}/aws4_request"
    authorization = f"AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders=host, Signature=0"
    request = urllib.request.Request(
        served.url, data=body, headers={**headers, "Authorization": authorization}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return bytes(answer.read())


def api(served: Served, target: str, **members: Any) -> Any:
    """One JSON 1.1 call (``AWSIdentityStore.DescribeUser``,
    ``SWBExternalService.ListInstances``): the answer's JSON."""
    headers = {"X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.1"}
    return json.loads(post(served, "identitystore", json.dumps(members).encode(), headers))


def organizations(served: Served, action: str, **members: Any) -> Any:
    """One call to moto's organizations, served by the same server: the answer's JSON."""
    target = f"AWSOrganizationsV20161128.{action}"
    headers = {"X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.1"}
    return json.loads(post(served, "organizations", json.dumps(members).encode(), headers))


def iam(served: Served, action: str, **parameters: str) -> ElementTree.Element:
    """One query-protocol call to moto's IAM, served by the same server: the answer's XML."""
    body = urllib.parse.urlencode({"Action": action, "Version": "2010-05-08", **parameters})
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    return ElementTree.fromstring(post(served, "iam", body.encode(), headers))


def texts(tree: ElementTree.Element, tag: str) -> list[str]:
    """The text of every element named `tag` (any namespace) in `tree`."""
    return [node.text or "" for node in tree.iter() if node.tag.rpartition("}")[2] == tag]


def sso_roles(served: Served) -> list[str]:
    """The names of the ``AWSReservedSSO_`` roles in the caller's account."""
    listed = iam(served, "ListRoles", PathPrefix="/aws-reserved/sso.amazonaws.com/")
    return texts(listed, "RoleName")


def scenario(work: Path, env: dict[str, str], served: Served) -> None:
    """Apply, rename, plan and destroy; an `AssertionError` at the first check that fails."""
    done = terraform(work, env, "init", "-no-color")
    assert done.returncode == 0, done.stdout + done.stderr
    instance = api(served, "SWBExternalService.ListInstances")["Instances"][0]
    store = instance["IdentityStoreId"]

    expected = {
        ("Ada Lovelace", "engineers"): "18 added, 0 changed, 0 destroyed",
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
        read = json.loads(made["read"])  # what the data sources read back
        assert read == {
            "permission_set_arn": read["permission_set_arn"],
            "permission_set_hours": "PT2H",
            "permission_sets": 2,
            "application_name": "TerraformApp",
            "providers": read["providers"],
            "application_assigned": [made["group_id"]],
            "group_applications": [made["application_arn"]],
            "user_email": email,
            "group_name": group,
            "users": ["ada"],
            "groups": [group],
            "members": [made["user_id"]],
        }, read
        assert read["permission_set_arn"].startswith("arn:aws:sso:::permissionSet/"), read
        assert read["providers"] >= 1, read
        # the assignment provisioned the set into the account: its role, with its boundary
        (role,) = sso_roles(served)
        assert role.startswith("AWSReservedSSO_TerraformDeveloper_"), role
        boundary = texts(iam(served, "GetRole", RoleName=role), "PermissionsBoundaryArn")
        assert boundary == ["arn:aws:iam::aws:policy/PowerUserAccess"], boundary
        attached = texts(iam(served, "ListAttachedRolePolicies", RoleName=role), "PolicyArn")
        assert sorted(attached) == [
            "arn:aws:iam::123456789012:policy/TerraformDescribe",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
        ], attached
        inline = texts(iam(served, "ListRolePolicies", RoleName=role), "member")
        assert inline == ["AwsSSOInlinePolicy"], inline

    planned = terraform(work, env, "plan", "-detailed-exitcode", "-no-color", *names(user, group))
    assert planned.returncode == 0, planned.stdout + planned.stderr  # 0: no changes

    # the plan just refreshed every resource: destroy need not read them again
    destroyed = terraform(
        work, env, "destroy", "-auto-approve", "-no-color", "-refresh=false", *names(user, group)
    )
    assert destroyed.returncode == 0, destroyed.stdout + destroyed.stderr
    assert "Resources: 18 destroyed." in destroyed.stdout, destroyed.stdout
    assert api(served, "AWSIdentityStore.ListUsers", IdentityStoreId=store)["Users"] == []
    assert api(served, "AWSIdentityStore.ListGroups", IdentityStoreId=store)["Groups"] == []
    listed = api(
        served, "SWBExternalService.ListPermissionSets", InstanceArn=instance["InstanceArn"]
    )
    assert listed["PermissionSets"] == []
    arn = instance["InstanceArn"]
    applications = api(served, "SWBExternalService.ListApplications", InstanceArn=arn)
    assert applications["Applications"] == [], applications
    issuers = api(served, "SWBExternalService.ListTrustedTokenIssuers", InstanceArn=arn)
    assert issuers["TrustedTokenIssuers"] == [], issuers
    assert sso_roles(served) == []  # the last assignment's deletion took its role
    # the provider retries a 5xx, hiding it from the runs' results: the server's log (one
    # line a request on stderr: "... POST / identitystore:CreateUser 200 4.8ms") shows it
    _, _, log = served.stop()
    answered = [line.split() for line in log.splitlines() if line.endswith("ms")]
    assert len(answered) > 20, log
    failed = [line for line in answered if line[-2].startswith("5")]
    assert not failed, failed


def delegated_scenario(work: Path, env: dict[str, str], served: Served) -> None:
    """Terraform as the delegated administrator: apply, be refused the management account,
    destroy."""
    organizations(served, "CreateOrganization", FeatureSet="ALL")
    accounts = [
        organizations(served, "CreateAccount", AccountName=name, Email=f"{name}@example.com")[
            "CreateAccountStatus"
        ]["AccountId"]
        for name in ("identity", "workload")
    ]
    delegated, workload = accounts
    organizations(
        served,
        "RegisterDelegatedAdministrator",
        AccountId=delegated,
        ServicePrincipal="sso.amazonaws.com",
    )
    role = f"arn:aws:iam::{delegated}:role/OrganizationAccountAccessRole"
    env = {**env, "TF_VAR_delegated_role": role, "TF_VAR_workload": workload}
    done = terraform(work, env, "init", "-no-color")
    assert done.returncode == 0, done.stdout + done.stderr

    applied = terraform(
        work, env, "apply", "-auto-approve", "-no-color", "-var", "management_assignments=0"
    )
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "Resources: 3 added, 0 changed, 0 destroyed." in applied.stdout, applied.stdout
    made = outputs(work)
    session = f"arn:aws:sts::{delegated}:assumed-role/OrganizationAccountAccessRole/terraform"
    assert made["caller"] == session, made
    # made in the organization: the management account (the server's default) sees it
    [instance] = api(served, "SWBExternalService.ListInstances")["Instances"]
    arn = instance["InstanceArn"]
    listed = api(served, "SWBExternalService.ListPermissionSets", InstanceArn=arn)
    assert listed["PermissionSets"] == [made["permission_set_arn"]], listed
    assigned = api(
        served,
        "SWBExternalService.ListAccountAssignments",
        InstanceArn=arn,
        AccountId=workload,
        PermissionSetArn=made["permission_set_arn"],
    )["AccountAssignments"]
    assert [a["PrincipalId"] for a in assigned] == [made["user_id"]], assigned

    refused = terraform(
        work, env, "apply", "-auto-approve", "-no-color", "-var", "management_assignments=1"
    )
    assert refused.returncode != 0, refused.stdout
    assert (
        f"AccessDeniedException: User: {made['caller']} is not authorized to perform: "
        f"sso:CreateAccountAssignment on resource: {made['permission_set_arn']}"
    ) in refused.stderr, refused.stderr

    destroyed = terraform(
        work, env, "destroy", "-auto-approve", "-no-color", "-var", "management_assignments=0"
    )
    assert destroyed.returncode == 0, destroyed.stdout + destroyed.stderr
    assert "Resources: 3 destroyed." in destroyed.stdout, destroyed.stdout
    listed = api(served, "SWBExternalService.ListPermissionSets", InstanceArn=arn)
    assert listed["PermissionSets"] == [], listed


Scenario = Callable[[Path, dict[str, str], Served], None]


class Background:
    """A scenario on a thread of its own, in a temporary directory removed once it ends."""

    def __init__(self, run: Scenario, configuration: str) -> None:
        self.failure: str | None = None
        self._scenario, self._configuration = run, configuration
        self._thread = threading.Thread(target=self._run, name="terraform-scenario", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        with tempfile.TemporaryDirectory(prefix="ssoadmin-mock-terraform-") as base:
            served: Served | None = None
            try:
                work, env, served = workspace(Path(base), self._configuration)
                self._scenario(work, env, served)
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


#: the scenarios by name, each started at most once a process
_SCENARIOS: dict[str, tuple[Scenario, str]] = {
    "every resource": (scenario, CONFIGURATION),
    "delegated administrator": (delegated_scenario, DELEGATED_CONFIGURATION),
}
_started: dict[str, Background] = {}
_lock = threading.Lock()


def start_in_background() -> dict[str, Background]:
    """Start the scenarios that do not run already (each at most once a process)."""
    with _lock:
        for name, (run, configuration) in _SCENARIOS.items():
            if name not in _started:
                _started[name] = Background(run, configuration)
        return _started


def test_every_resource_and_data_source_applies_updates_and_destroys() -> None:
    failure = start_in_background()["every resource"].result(timeout=900)
    assert failure is None, failure


def test_the_delegated_administrator_manages_the_organization_instance() -> None:
    failure = start_in_background()["delegated administrator"].result(timeout=900)
    assert failure is None, failure
