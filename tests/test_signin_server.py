"""Signing in against ``ssoadmin-mock serve``: the AWS CLI's ``sso-oidc`` and ``sso`` commands,
and the server's portal endpoints for clients that sign in without a browser.

One server for the module (reset before each test) and one AWS CLI process, as in
``test_server.py``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from . import test_server as shared
from .test_server import Served

#: the shared server and AWS CLI process of ``test_server.py``'s fixtures, one per module
aws = shared.aws
shared_server = shared.shared_server
_nothing_mocked_here = shared._nothing_mocked_here


@pytest.fixture
def served(shared_server: Served) -> Served:
    """The module's server, in the state of one just started."""
    shared.reset(shared_server.url)
    return shared_server


TARGET = "111111111111"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


def post(served: Served, action: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        f"{served.url}/_ssoadmin_mock/portal/{action}",
        method="POST",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def assigned_user(served: Served, name: str, **credentials: Any) -> tuple[str, str]:
    """A user holding a permission set in TARGET (set up with boto3 over HTTP, with
    `credentials` if given: the instance of their account)."""
    admin = served.client("sso-admin", **credentials)
    instance = admin.list_instances()["Instances"][0]
    identity = served.client("identitystore", **credentials)
    user_id = identity.create_user(
        IdentityStoreId=instance["IdentityStoreId"],
        UserName=name,
        DisplayName=name,
        Name={"GivenName": name, "FamilyName": "Tester"},
    )["UserId"]
    arn = admin.create_permission_set(InstanceArn=instance["InstanceArn"], Name="Ops")[
        "PermissionSet"
    ]["PermissionSetArn"]
    admin.create_account_assignment(
        InstanceArn=instance["InstanceArn"],
        TargetId=TARGET,
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=arn,
        PrincipalType="USER",
        PrincipalId=user_id,
    )
    return instance["IdentityStoreId"], user_id


def test_device_flow_and_portal_with_the_aws_cli(served: Served) -> None:
    store, _ = assigned_user(served, "alice")
    registered = served.cli(
        "sso-oidc", "register-client", "--client-name", "cli", "--client-type", "public"
    )
    # in JSON: AWS CLI v1 would fetch a URL given as a parameter's value
    start = {
        "clientId": registered["clientId"],
        "clientSecret": registered["clientSecret"],
        "startUrl": f"https://{store}.awsapps.com/start",
    }
    device = served.cli(
        "sso-oidc", "start-device-authorization", "--cli-input-json", json.dumps(start)
    )
    create_token = (
        "sso-oidc", "create-token", "--client-id", registered["clientId"],
        "--client-secret", registered["clientSecret"], "--grant-type", DEVICE_GRANT,
        "--device-code", device["deviceCode"],
    )  # fmt: skip
    assert "AuthorizationPendingException" in served.cli(*create_token, expect_ok=False)

    assert post(served, "approve", {"userCode": device["userCode"], "userName": "alice"}) == (
        200,
        {},
    )
    token = served.cli(*create_token)["accessToken"]

    accounts = served.cli("sso", "list-accounts", "--access-token", token)["accountList"]
    assert accounts == [{"accountId": TARGET, "accountName": TARGET}]
    roles = served.cli(
        "sso", "list-account-roles", "--access-token", token, "--account-id", TARGET
    )["roleList"]
    assert roles == [{"roleName": "Ops", "accountId": TARGET}]
    credentials = served.cli(
        "sso", "get-role-credentials", "--access-token", token,
        "--account-id", TARGET, "--role-name", "Ops",
    )["roleCredentials"]  # fmt: skip
    sts = served.client(
        "sts",
        aws_access_key_id=credentials["accessKeyId"],
        aws_secret_access_key=credentials["secretAccessKey"],
        aws_session_token=credentials["sessionToken"],
    )
    identity = sts.get_caller_identity()  # type: ignore[attr-defined]
    assert identity["Account"] == TARGET
    assert identity["Arn"].startswith(f"arn:aws:sts::{TARGET}:assumed-role/AWSReservedSSO_Ops_")
    assert identity["Arn"].endswith("/alice")

    served.cli("sso", "logout", "--access-token", token)
    refused = served.cli("sso", "list-accounts", "--access-token", token, expect_ok=False)
    assert "UnauthorizedException" in refused


def test_access_token_endpoint_and_refusals(served: Served) -> None:
    assigned_user(served, "bob")
    status, answer = post(served, "access-token", {"userName": "bob"})
    assert status == 200
    portal = served.client("sso")
    listed = portal.list_accounts(accessToken=answer["accessToken"])  # type: ignore[attr-defined]
    assert [a["accountId"] for a in listed["accountList"]] == [TARGET]
    with pytest.raises(portal.exceptions.ClientError) as forbidden:
        portal.get_role_credentials(  # type: ignore[attr-defined]
            accessToken=answer["accessToken"], accountId=TARGET, roleName="NotHeld"
        )
    assert forbidden.value.response["Error"]["Code"] == "ForbiddenException"
    assert forbidden.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403

    assert post(served, "access-token", {"userName": "nobody"})[0] == 400
    elsewhere = {"userName": "bob", "instanceArn": "arn:aws:sso:::instance/ssoins-0000000000000000"}
    assert post(served, "access-token", elsewhere)[0] == 400  # an instance nobody has
    assert post(served, "approve", {"userCode": "BCDF-GHJK", "userName": "bob"})[0] == 400
    assert post(served, "approve", {"userName": "bob"}) == (
        400,
        {"message": "missing member 'userCode'"},
    )
    assert post(served, "nothing", {})[0] == 400
    for sent in (b"[" * 100_000 + b"]" * 100_000, b'{"userName": NaN}', b"\xff"):
        request = urllib.request.Request(
            f"{served.url}/_ssoadmin_mock/portal/access-token", method="POST", data=sent
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 400
        assert "JSON" in json.loads(refused.value.read())["message"]


def test_authorize_endpoint_gives_a_code_for_pkce(served: Served) -> None:
    assigned_user(served, "cara")
    oidc = served.client("sso-oidc")
    redirect = "http://127.0.0.1:8400/cb"
    registered = oidc.register_client(  # type: ignore[attr-defined]
        clientName="app",
        clientType="public",
        grantTypes=["authorization_code"],
        redirectUris=[redirect],
    )
    verifier = "v" * 50
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    asked = {
        "clientId": registered["clientId"],
        "redirectUri": redirect,
        "codeChallenge": challenge.rstrip(b"=").decode(),
        "userName": "CARA",  # user names compare case-blind, as the identity store's
    }
    status, answer = post(served, "authorize", asked)
    assert status == 200
    token = oidc.create_token(  # type: ignore[attr-defined]
        clientId=registered["clientId"],
        clientSecret=registered["clientSecret"],
        grantType="authorization_code",
        code=answer["code"],
        redirectUri=redirect,
        codeVerifier=verifier,
    )
    portal = served.client("sso")
    credentials = portal.get_role_credentials(  # type: ignore[attr-defined]
        accessToken=token["accessToken"], accountId=TARGET, roleName="Ops"
    )["roleCredentials"]
    sts = served.client(
        "sts",
        aws_access_key_id=credentials["accessKeyId"],
        aws_secret_access_key=credentials["secretAccessKey"],
        aws_session_token=credentials["sessionToken"],
    )
    # the session is named as the identity store spells the user
    assert sts.get_caller_identity()["Arn"].endswith("/cara")  # type: ignore[attr-defined]
    status, answer = post(served, "authorize", {**asked, "clientId": "unknown"})
    assert (status, answer["code"]) == (400, "InvalidClientException")


@pytest.mark.parametrize(
    ("method", "path"),
    [("PATCH", "/token"), ("GET", "/token"), ("POST", "/federation/credentials")],
)
def test_another_method_on_a_portal_or_oidc_path_is_refused_as_in_process(
    served: Served, method: str, path: str
) -> None:
    """A request on the access portal's or OIDC's path with a method no operation has is
    theirs, refused with UnknownOperationException as in-process, not served by moto (whose
    S3 took it: an HTML 500, or a ListBuckets answer)."""
    request = urllib.request.Request(f"{served.url}{path}", method=method, data=b"{}")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400
    assert refused.value.headers["x-amzn-ErrorType"] == "UnknownOperationException"


def test_a_start_url_signs_in_to_another_accounts_instance_over_http(served: Served) -> None:
    """The server routes unsigned sign-in requests as the mock does: an instance made through
    a role session in another account is signed in to by its start URL, and its token lists
    that account's assignments (`ssoadmin_mock.sign_in`)."""
    credentials = served.client("sts").assume_role(  # type: ignore[attr-defined]
        RoleArn="arn:aws:iam::222222222222:role/Admin", RoleSessionName="bootstrap"
    )["Credentials"]
    as_owner = {
        "aws_access_key_id": credentials["AccessKeyId"],
        "aws_secret_access_key": credentials["SecretAccessKey"],
        "aws_session_token": credentials["SessionToken"],
    }
    store, _ = assigned_user(served, "ana", **as_owner)
    owner = served.client("sso-admin", **as_owner).list_instances()["Instances"][0]  # type: ignore[attr-defined]
    assert owner["OwnerAccountId"] == "222222222222"
    oidc = served.client("sso-oidc")
    registered = oidc.register_client(clientName="app", clientType="public")  # type: ignore[attr-defined]
    device = oidc.start_device_authorization(  # type: ignore[attr-defined]
        clientId=registered["clientId"],
        clientSecret=registered["clientSecret"],
        startUrl=f"https://{store}.awsapps.com/start",
    )
    assert post(served, "approve", {"userCode": device["userCode"], "userName": "ana"})[0] == 200
    token = oidc.create_token(  # type: ignore[attr-defined]
        clientId=registered["clientId"],
        clientSecret=registered["clientSecret"],
        grantType=DEVICE_GRANT,
        deviceCode=device["deviceCode"],
    )["accessToken"]
    listed = served.client("sso").list_accounts(accessToken=token)  # type: ignore[attr-defined]
    assert [a["accountId"] for a in listed["accountList"]] == [TARGET]
