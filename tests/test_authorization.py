"""IAM authorization (opt-in, moto's mode): ``sso:<Action>`` on the resources a request names."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from moto import settings as moto_settings
from moto.core import set_initial_no_auth_action_count

from ssoadmin_mock import inspection, mock_ssoadmin, settings
from ssoadmin_mock.authorization import _authenticator, resources

from .conftest import client

ONE_ATTEMPT = Config(retries={"total_max_attempts": 1})
TARGET = "111111111111"
OTHER_TARGET = "222222222222"
PRINCIPAL = "94482488-3041-7026-18f3-be45837cd0e4"


def code_of(caught: pytest.ExceptionInfo[ClientError]) -> str:
    return str(caught.value.response["Error"]["Code"])


def message_of(caught: pytest.ExceptionInfo[ClientError]) -> str:
    return str(caught.value.response["Error"]["Message"])


def policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: str | list[str], resource: str | list[str] = "*") -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def deny(action: str | list[str], resource: str | list[str] = "*") -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource}


@contextmanager
def iam_authorization() -> Iterator[None]:
    """moto's IAM authorization on from here (every later request checked), off after."""
    counter = _authenticator()
    saved = (moto_settings.INITIAL_NO_AUTH_ACTION_COUNT, counter.request_count)
    moto_settings.INITIAL_NO_AUTH_ACTION_COUNT = 0
    counter.request_count = 0
    try:
        yield
    finally:
        moto_settings.INITIAL_NO_AUTH_ACTION_COUNT, counter.request_count = saved


class World:
    """A mocked account, set up with authorization off: an admin client and IAM."""

    def __init__(self) -> None:
        self.iam = client("iam")
        self.admin = client("sso-admin", config=ONE_ATTEMPT)
        self.instance_arn: str = self.admin.list_instances()["Instances"][0]["InstanceArn"]
        self.sets: dict[str, str] = {}

    def permission_set(self, name: str) -> str:
        arn: str = self.admin.create_permission_set(InstanceArn=self.instance_arn, Name=name)[
            "PermissionSet"
        ]["PermissionSetArn"]
        self.sets[name] = arn
        return arn

    def user(self, name: str, *statements: dict[str, Any]) -> Any:
        """An IAM user with an inline policy of `statements`; its sso-admin client."""
        self.iam.create_user(UserName=name)
        if statements:
            self.iam.put_user_policy(
                UserName=name, PolicyName="sso", PolicyDocument=policy(*statements)
            )
        return self.client_of(self.iam.create_access_key(UserName=name)["AccessKey"])

    @staticmethod
    def client_of(key: dict[str, Any], token: str | None = None) -> Any:
        return client(
            "sso-admin",
            config=ONE_ATTEMPT,
            aws_access_key_id=key["AccessKeyId"],
            aws_secret_access_key=key["SecretAccessKey"],
            aws_session_token=token,
        )


@pytest.fixture
def world(mock: Any) -> World:
    return World()


def denied(call: Callable[[], Any]) -> str:
    """The AccessDeniedException message of a call that must be refused."""
    with pytest.raises(ClientError) as caught:
        call()
    assert code_of(caught) == "AccessDeniedException", caught.value.response
    return message_of(caught)


# --- allowed and denied ---------------------------------------------------------------------------


def test_a_caller_with_the_permission_succeeds(world: World) -> None:
    alice = world.user("alice", allow("sso:*"))
    with iam_authorization():
        arn = alice.create_permission_set(InstanceArn=world.instance_arn, Name="Ops")[
            "PermissionSet"
        ]["PermissionSetArn"]
        listed = alice.list_permission_sets(InstanceArn=world.instance_arn)["PermissionSets"]
    assert listed == [arn]


def test_a_caller_without_it_is_denied_and_nothing_changes(world: World) -> None:
    bob = world.user("bob", allow("sso:ListInstances"))
    state = inspection.State.at()
    with iam_authorization(), inspection.unchanged(state):
        assert len(bob.list_instances()["Instances"]) == 1
        message = denied(
            lambda: bob.create_permission_set(InstanceArn=world.instance_arn, Name="Nope")
        )
    assert message == (
        "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: "
        f"sso:CreatePermissionSet on resource: {world.instance_arn} because no "
        "identity-based policy allows the sso:CreatePermissionSet action"
    )
    assert state.permission_sets() == []


def test_a_user_with_no_policy_at_all_is_denied(world: World) -> None:
    nobody = world.user("nobody")
    with iam_authorization():
        message = denied(nobody.list_instances)
    assert "sso:ListInstances on resource: *" in message


def test_wildcard_actions_are_matched(world: World) -> None:
    reader = world.user("reader", allow(["sso:List*", "sso:Describe*"]))
    with iam_authorization():
        reader.list_instances()
        reader.describe_instance(InstanceArn=world.instance_arn)
        denied(lambda: reader.create_permission_set(InstanceArn=world.instance_arn, Name="X"))


def test_permission_is_per_resource(world: World) -> None:
    mine, theirs = world.permission_set("Mine"), world.permission_set("Theirs")
    carol = world.user("carol", allow("sso:DescribePermissionSet", [world.instance_arn, mine]))
    with iam_authorization():
        described = carol.describe_permission_set(
            InstanceArn=world.instance_arn, PermissionSetArn=mine
        )
        assert described["PermissionSet"]["Name"] == "Mine"
        message = denied(
            lambda: carol.describe_permission_set(
                InstanceArn=world.instance_arn, PermissionSetArn=theirs
            )
        )
    assert f"on resource: {theirs}" in message


def test_every_named_resource_must_be_allowed(world: World) -> None:
    """CreateAccountAssignment names the instance, the permission set and the account."""
    ps = world.permission_set("Deploy")
    account = f"arn:aws:sso:::account/{TARGET}"
    dave = world.user(
        "dave",
        allow("sso:CreateAccountAssignment", [world.instance_arn, ps, account]),
        allow("sso:DescribeAccountAssignmentCreationStatus"),
    )

    def assign(target: str) -> Any:
        return dave.create_account_assignment(
            InstanceArn=world.instance_arn,
            TargetId=target,
            TargetType="AWS_ACCOUNT",
            PermissionSetArn=ps,
            PrincipalType="USER",
            PrincipalId=PRINCIPAL,
        )

    settings.check_principals = False
    with iam_authorization():
        assert assign(TARGET)["AccountAssignmentCreationStatus"]["Status"] in {
            "IN_PROGRESS",
            "SUCCEEDED",
        }
        message = denied(lambda: assign(OTHER_TARGET))
    assert f"on resource: arn:aws:sso:::account/{OTHER_TARGET}" in message


def test_an_explicit_deny_wins(world: World) -> None:
    ps = world.permission_set("Protected")
    erin = world.user("erin", allow("sso:*"), deny("sso:DeletePermissionSet", ps))
    with iam_authorization():
        message = denied(
            lambda: erin.delete_permission_set(InstanceArn=world.instance_arn, PermissionSetArn=ps)
        )
        assert erin.list_permission_sets(InstanceArn=world.instance_arn)["PermissionSets"] == [ps]
    assert message.endswith("with an explicit deny in an identity-based policy")


def test_group_and_attached_policies_count(world: World) -> None:
    managed = world.iam.create_policy(
        PolicyName="sso-read", PolicyDocument=policy(allow("sso:ListInstances"))
    )["Policy"]["Arn"]
    world.iam.create_group(GroupName="readers")
    world.iam.attach_group_policy(GroupName="readers", PolicyArn=managed)
    frank = world.user("frank")
    world.iam.add_user_to_group(GroupName="readers", UserName="frank")
    with iam_authorization():
        assert len(frank.list_instances()["Instances"]) == 1
        denied(lambda: frank.describe_instance(InstanceArn=world.instance_arn))


def test_an_assumed_role_is_checked_against_the_roles_policies(world: World) -> None:
    trust = policy(
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
            "Action": "sts:AssumeRole",
        }
    )
    world.iam.create_role(RoleName="sso-reader", AssumeRolePolicyDocument=trust)
    world.iam.put_role_policy(
        RoleName="sso-reader", PolicyName="read", PolicyDocument=policy(allow("sso:List*"))
    )
    credentials = client("sts").assume_role(
        RoleArn="arn:aws:iam::123456789012:role/sso-reader", RoleSessionName="ci"
    )["Credentials"]
    key = {k: credentials[k] for k in ("AccessKeyId", "SecretAccessKey")}
    session = World.client_of(key, token=credentials["SessionToken"])
    with iam_authorization():
        assert len(session.list_instances()["Instances"]) == 1
        message = denied(lambda: session.describe_instance(InstanceArn=world.instance_arn))
    assert "assumed-role/sso-reader/ci" in message


# --- who signed ---------------------------------------------------------------------


def test_an_unknown_access_key_is_unrecognized(world: World) -> None:
    stranger = client(
        "sso-admin",
        config=ONE_ATTEMPT,
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    )
    with iam_authorization(), pytest.raises(ClientError) as caught:
        stranger.list_instances()
    assert code_of(caught) == "UnrecognizedClientException"


def test_a_wrong_secret_fails_the_signature_check(world: World) -> None:
    world.user("grace", allow("sso:*"))
    key = world.iam.list_access_keys(UserName="grace")["AccessKeyMetadata"][0]
    forged = World.client_of({"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": "wrong"})
    with iam_authorization(), pytest.raises(ClientError) as caught:
        forged.list_instances()
    assert code_of(caught) == "InvalidSignatureException"


@pytest.mark.parametrize(
    "url", ["https://sso.us-east-1.amazonaws.com:99999/", "https://[x/", "https://sso\ud800/"]
)
def test_a_url_that_cannot_be_signed_fails_the_signature_check(world: World, url: str) -> None:
    """Recomputing the signature of a URL botocore cannot sign is a mismatch, not a 500."""
    from ssoadmin_mock.responses import dispatch

    world.user("hopper", allow("sso:*"))
    key = world.iam.list_access_keys(UserName="hopper")["AccessKeyMetadata"][0]["AccessKeyId"]
    headers = {
        "Authorization": f"AWS4-HMAC-SHA256 Credential={key}/20261203/us-east-1/sso/"
        "aws4_request, SignedHeaders=host;x-amz-date, Signature=00",
        "X-Amz-Date": "20261203T000000Z",
    }
    with iam_authorization():
        status, answer_headers, _ = dispatch(
            "SWBExternalService.ListInstances", b"{}", headers, url, "POST"
        )
    assert (status, answer_headers["x-amzn-ErrorType"]) == (400, "InvalidSignatureException")


# --- moto's switch and its count ----------------------------------------------------


@mock_ssoadmin
@set_initial_no_auth_action_count(4)
def test_moto_decorator_counts_sso_admin_requests_too() -> None:
    """The first 4 requests (IAM set-up, then one sso-admin call) go unchecked."""
    iam = client("iam")
    iam.create_user(UserName="heidi")  # 1
    iam.put_user_policy(  # 2
        UserName="heidi", PolicyName="p", PolicyDocument=policy(allow("sso:ListInstances"))
    )
    key = iam.create_access_key(UserName="heidi")["AccessKey"]  # 3
    heidi = World.client_of(key)
    instance_arn = heidi.list_instances()["Instances"][0]["InstanceArn"]  # 4: unchecked
    assert len(heidi.list_instances()["Instances"]) == 1  # checked, allowed
    denied(lambda: heidi.describe_instance(InstanceArn=instance_arn))


def test_authorization_is_off_by_default_and_never_loaded(tmp_path: Path) -> None:
    """With moto's mode off, any key works and the authorization module is not imported."""
    script = tmp_path / "off.py"
    script.write_text(
        "import sys, boto3\n"
        "from ssoadmin_mock import mock_ssoadmin\n"
        "with mock_ssoadmin():\n"
        "    sso = boto3.client('sso-admin', region_name='us-east-1',\n"
        "                       aws_access_key_id='AKIANOBODY', aws_secret_access_key='x')\n"
        "    assert sso.list_instances()['Instances']\n"
        "assert 'ssoadmin_mock.authorization' not in sys.modules\n"
        "print('ok')\n"
    )
    env = {"PATH": "/usr/bin:/bin", "AWS_DEFAULT_REGION": "us-east-1"}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_server_mode_checks_requests_over_http(tmp_path: Path) -> None:
    """``INITIAL_NO_AUTH_ACTION_COUNT`` in the server's environment switches it on there."""
    from botocore import UNSIGNED

    from .test_server import serve

    served = serve(tmp_path, server_env={"INITIAL_NO_AUTH_ACTION_COUNT": "3"})
    iam = served.client("iam")
    iam.create_user(UserName="ivan")  # 1
    iam.put_user_policy(  # 2
        UserName="ivan", PolicyName="p", PolicyDocument=policy(allow("sso:ListInstances"))
    )
    key = iam.create_access_key(UserName="ivan")["AccessKey"]  # 3
    ivan = served.client(
        aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"]
    )
    instance_arn = ivan.list_instances()["Instances"][0]["InstanceArn"]
    denied(lambda: ivan.describe_instance(InstanceArn=instance_arn))
    forged = served.client(aws_access_key_id=key["AccessKeyId"], aws_secret_access_key="wrong")
    with pytest.raises(ClientError) as caught:
        forged.list_instances()
    assert code_of(caught) == "InvalidSignatureException"
    unsigned = served.client(config=Config(signature_version=UNSIGNED))
    with pytest.raises(ClientError) as caught:
        unsigned.list_instances()
    assert code_of(caught) == "MissingAuthenticationTokenException"
    code, _, err = served.stop()
    assert code == 0
    assert "Traceback" not in err


# --- the resources a request names --------------------------------------------------


def test_resources_come_from_the_request() -> None:
    instance = "arn:aws:sso:::instance/ssoins-1111111111111111"
    ps = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222"
    assert resources("ListInstances", {}, "aws") == ["*"]
    named = {"InstanceArn": instance, "PermissionSetArn": ps}
    # what is inside the instance first: the resource AWS names when it refuses
    assert resources("DescribePermissionSet", named, "aws") == [ps, instance]
    params = {
        "InstanceArn": instance,
        "PermissionSetArn": ps,
        "TargetId": TARGET,
        "TargetType": "AWS_ACCOUNT",
    }
    assert resources("CreateAccountAssignment", params, "aws") == [
        ps,
        instance,
        f"arn:aws:sso:::account/{TARGET}",
    ]
    assert resources(
        "ListPermissionSetsProvisionedToAccount",
        {"InstanceArn": instance, "AccountId": TARGET},
        "aws-cn",
    ) == [instance, f"arn:aws-cn:sso:::account/{TARGET}"]
    # IAM policy ARNs are not Identity Center resources
    managed = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    attach = {"InstanceArn": instance, "PermissionSetArn": ps, "ManagedPolicyArn": managed}
    assert resources("AttachManagedPolicyToPermissionSet", attach, "aws") == [ps, instance]


def test_a_caller_with_no_identity_center_permission_is_told_the_permission_set(
    world: World,
) -> None:
    """AWS names the permission set, not the instance, when nothing allows the call
    (binbashar/le-tf-infra-aws#874: DescribePermissionSet; aws-samples/iam-identity-center-team
    #59: CreateAccountAssignment)."""
    ps = world.permission_set("Audited")
    erin = world.user("erin", allow("sso:ListInstances"))
    settings.check_principals = False
    with iam_authorization():
        described = denied(
            lambda: erin.describe_permission_set(
                InstanceArn=world.instance_arn, PermissionSetArn=ps
            )
        )
        assigned = denied(
            lambda: erin.create_account_assignment(
                InstanceArn=world.instance_arn,
                TargetId=TARGET,
                TargetType="AWS_ACCOUNT",
                PermissionSetArn=ps,
                PrincipalType="USER",
                PrincipalId=PRINCIPAL,
            )
        )
    user = "arn:aws:iam::123456789012:user/erin"
    assert described == (
        f"User: {user} is not authorized to perform: sso:DescribePermissionSet on resource: "
        f"{ps} because no identity-based policy allows the sso:DescribePermissionSet action"
    )
    assert assigned == (
        f"User: {user} is not authorized to perform: sso:CreateAccountAssignment on resource: "
        f"{ps} because no identity-based policy allows the sso:CreateAccountAssignment action"
    )


# --- identitystore --------------------------------------------------------------------------


def test_identitystore_requests_are_checked_on_the_store_and_the_user(world: World) -> None:
    """``identitystore:<Operation>``, on the store's ARN and the user's, as AWS names them."""
    instance = world.admin.list_instances()["Instances"][0]
    store = instance["IdentityStoreId"]
    store_arn = f"arn:aws:identitystore::123456789012:identitystore/{store}"
    reader = world.user("reader", allow("identitystore:ListUsers", store_arn))
    key = world.iam.create_access_key(UserName="reader")["AccessKey"]
    ids = client(
        "identitystore",
        config=ONE_ATTEMPT,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )
    assert reader is not None
    state = inspection.State.at()
    with iam_authorization(), inspection.unchanged(state):
        assert ids.list_users(IdentityStoreId=store)["Users"] == []
        if "IdentityStoreArn" in instance:  # newer models take the store's ARN for its id
            assert ids.list_users(IdentityStoreId=store_arn)["Users"] == []
        message = denied(
            lambda: ids.create_user(
                IdentityStoreId=store,
                UserName="x",
                DisplayName="X",
                Name={"GivenName": "X", "FamilyName": "Y"},
            )
        )
    assert message.startswith(
        "User: arn:aws:iam::123456789012:user/reader is not authorized to perform: "
        f"identitystore:CreateUser on resource: {store_arn}"
    )


def test_identitystore_refusals_name_every_resource_denied(world: World) -> None:
    """AWS lists each resource it refuses, the group or user before the store, joined by
    ", " (binbashar/le-tf-infra-aws#874: DescribeGroup refused on the group and the store)."""
    store = world.admin.list_instances()["Instances"][0]["IdentityStoreId"]
    store_arn = f"arn:aws:identitystore::123456789012:identitystore/{store}"
    group = client("identitystore").create_group(IdentityStoreId=store, DisplayName="auditors")
    group_arn = f"arn:aws:identitystore:::group/{group['GroupId']}"
    world.user("nobody")
    world.user("halfway", allow("identitystore:DescribeGroup", store_arn))

    def describe(name: str) -> str:
        key = world.iam.create_access_key(UserName=name)["AccessKey"]
        ids = client(
            "identitystore",
            config=ONE_ATTEMPT,
            aws_access_key_id=key["AccessKeyId"],
            aws_secret_access_key=key["SecretAccessKey"],
        )
        with iam_authorization():
            return denied(
                lambda: ids.describe_group(IdentityStoreId=store, GroupId=group["GroupId"])
            )

    def refusal(name: str, resource: str) -> str:
        return (
            f"User: arn:aws:iam::123456789012:user/{name} is not authorized to perform: "
            f"identitystore:DescribeGroup on resource: {resource} because no identity-based "
            "policy allows the identitystore:DescribeGroup action"
        )

    assert describe("nobody") == (f"{refusal('nobody', group_arn)}, {refusal('nobody', store_arn)}")
    assert describe("halfway") == refusal("halfway", group_arn)
