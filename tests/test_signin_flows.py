"""Sign-in flows and the portal's view of assignments: groups, pending and deleted
assignments, logout, expiry on sign-in's clock, refresh tokens, authorization codes with PKCE,
organizations' account names, paging, moto's own mock_aws, and reset with the mock."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from ssoadmin_mock import mock_ssoadmin, portal

from .conftest import client
from .signin_support import DEVICE_GRANT, TARGET, Directory, signed


@pytest.fixture
def directory(mock: Any) -> Directory:
    return Directory()


def code_of(caught: pytest.ExceptionInfo[ClientError]) -> str:
    return str(caught.value.response["Error"]["Code"])


def refused(call: Any, **params: Any) -> ClientError:
    with pytest.raises(ClientError) as caught:
        call(**params)
    return caught.value


# --- what the portal shows ---------------------------------------------------------------


def test_access_through_a_group(directory: Directory) -> None:
    carol = directory.user("carol")
    admins = directory.group("admins", carol)
    ops = directory.permission_set("Ops")
    audit = directory.permission_set("Audit")
    directory.assign(ops, admins, kind="GROUP")
    directory.assign(audit, carol, account="222222222222")
    token = portal.access_token("carol")

    accounts = directory.portal.list_accounts(accessToken=token)["accountList"]
    assert [a["accountId"] for a in accounts] == [TARGET, "222222222222"]
    roles = directory.portal.list_account_roles(accessToken=token, accountId=TARGET)
    assert roles["roleList"] == [{"roleName": "Ops", "accountId": TARGET}]
    credentials = directory.portal.get_role_credentials(
        accessToken=token, accountId=TARGET, roleName="Ops"
    )["roleCredentials"]
    sts = signed(credentials, "sts")
    assert sts.get_caller_identity()["Arn"].endswith("/carol")
    # leaving the group takes the access away
    membership = directory.identity.get_group_membership_id(
        IdentityStoreId=directory.store_id, GroupId=admins, MemberId={"UserId": carol}
    )["MembershipId"]
    directory.identity.delete_group_membership(
        IdentityStoreId=directory.store_id, MembershipId=membership
    )
    assert directory.portal.list_account_roles(accessToken=token, accountId=TARGET)[
        "roleList"
    ] == []


def test_only_succeeded_assignments_show(directory: Directory, mock: Any) -> None:
    dave = directory.user("dave")
    ops = directory.permission_set("Ops")
    mock.async_status.defer(reads=1)
    status = directory.assign(ops, dave)
    token = portal.access_token("dave")
    assert directory.portal.list_accounts(accessToken=token)["accountList"] == []
    settled = directory.admin.describe_account_assignment_creation_status(
        InstanceArn=directory.instance_arn,
        AccountAssignmentCreationRequestId=status["RequestId"],
    )["AccountAssignmentCreationStatus"]
    assert settled["Status"] == "IN_PROGRESS"
    directory.admin.describe_account_assignment_creation_status(
        InstanceArn=directory.instance_arn,
        AccountAssignmentCreationRequestId=status["RequestId"],
    )
    assert [a["accountId"] for a in directory.portal.list_accounts(accessToken=token)[
        "accountList"
    ]] == [TARGET]


def test_revocation_refuses_credentials(directory: Directory) -> None:
    erin = directory.user("erin")
    ops = directory.permission_set("Ops")
    directory.assign(ops, erin)
    token = portal.access_token("erin")
    directory.portal.get_role_credentials(accessToken=token, accountId=TARGET, roleName="Ops")
    directory.unassign(ops, erin)

    error = refused(
        directory.portal.get_role_credentials, accessToken=token, accountId=TARGET, roleName="Ops"
    )
    assert error.response["Error"] == {"Code": "ForbiddenException", "Message": "No access"}
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert directory.portal.list_accounts(accessToken=token)["accountList"] == []


def test_logout_refuses_the_token_and_its_refresh_token(directory: Directory) -> None:
    directory.user("frank")
    registered = directory.register(
        grantTypes=[DEVICE_GRANT, "refresh_token"], scopes=["sso:account:access"]
    )
    token = directory.device_flow("frank", registered)
    directory.portal.logout(accessToken=token["accessToken"])
    error = refused(directory.portal.list_accounts, accessToken=token["accessToken"])
    assert code_of_error(error) == "UnauthorizedException"
    assert error.response["Error"]["Message"] == "Session token not found or invalid"
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 401
    error = refused(
        directory.oidc.create_token,
        clientId=registered["clientId"],
        clientSecret=registered["clientSecret"],
        grantType="refresh_token",
        refreshToken=token["refreshToken"],
    )
    assert code_of_error(error) == "InvalidGrantException"
    assert error.response["error"] == "invalid_grant"


def code_of_error(error: ClientError) -> str:
    return str(error.response["Error"]["Code"])


def test_account_names_and_emails_come_from_organizations(directory: Directory) -> None:
    org = client("organizations")
    org.create_organization(FeatureSet="ALL")
    created = org.create_account(AccountName="Production", Email="prod@example.com")
    account = org.describe_create_account_status(
        CreateAccountRequestId=created["CreateAccountStatus"]["Id"]
    )["CreateAccountStatus"]["AccountId"]
    gina = directory.user("gina")
    directory.assign(directory.permission_set("Ops"), gina, account=account)
    token = portal.access_token("gina")
    assert directory.portal.list_accounts(accessToken=token)["accountList"] == [
        {"accountId": account, "accountName": "Production", "emailAddress": "prod@example.com"}
    ]
    # accounts the organization gains and loses afterwards are shown as they are now
    created = org.create_account(AccountName="Staging", Email="staging@example.com")
    later = org.describe_create_account_status(
        CreateAccountRequestId=created["CreateAccountStatus"]["Id"]
    )["CreateAccountStatus"]["AccountId"]
    directory.assign(directory.permission_set("Dev"), gina, account=later)
    listed = directory.portal.list_accounts(accessToken=token)["accountList"]
    staging = {"accountId": later, "accountName": "Staging", "emailAddress": "staging@example.com"}
    assert staging in listed
    org.remove_account_from_organization(AccountId=account)
    listed = directory.portal.list_accounts(accessToken=token)["accountList"]
    assert {"accountId": account, "accountName": account} in listed


def test_listings_page_with_max_results(directory: Directory) -> None:
    hank = directory.user("hank")
    sets = [directory.permission_set(name) for name in ("A", "B", "C")]
    for index, arn in enumerate(sets):
        directory.assign(arn, hank, account=f"22222222222{index}")
        directory.assign(arn, hank)
    token = portal.access_token("hank")
    first = directory.portal.list_accounts(accessToken=token, maxResults=2)
    assert len(first["accountList"]) == 2 and "nextToken" in first
    second = directory.portal.list_accounts(
        accessToken=token, maxResults=2, nextToken=first["nextToken"]
    )
    assert "nextToken" not in second
    listed = [a["accountId"] for a in first["accountList"] + second["accountList"]]
    assert listed == sorted(listed) and len(set(listed)) == 4
    paginator = directory.portal.get_paginator("list_account_roles")
    names = [
        role["roleName"]
        for page in paginator.paginate(
            accessToken=token, accountId=TARGET, PaginationConfig={"PageSize": 1}
        )
        for role in page["roleList"]
    ]
    assert names == ["A", "B", "C"]


# --- expiry, on sign-in's clock -------------------------------------------------------------


def test_tokens_codes_and_credentials_expire(directory: Directory) -> None:
    ivy = directory.user("ivy")
    directory.assign(directory.permission_set("Long", session="PT4H"), ivy)
    registered = directory.register()
    device = directory.oidc.start_device_authorization(
        clientId=registered["clientId"],
        clientSecret=registered["clientSecret"],
        startUrl=directory.start_url,
    )
    token = directory.device_flow("ivy", registered)["accessToken"]
    before = time.time()
    credentials = directory.portal.get_role_credentials(
        accessToken=token, accountId=TARGET, roleName="Long"
    )["roleCredentials"]
    assert before + 4 * 3600 - 5 <= credentials["expiration"] / 1000 <= time.time() + 4 * 3600
    assert credentials["expiration"] % 1000 == 0  # a whole second, as AWS sends it

    portal.advance_clock(601)  # the device code's 600 seconds are over
    with pytest.raises(LookupError):
        portal.approve(device["userCode"], "ivy")  # too late to approve it, too
    error = refused(
        directory.oidc.create_token,
        clientId=registered["clientId"],
        clientSecret=registered["clientSecret"],
        grantType=DEVICE_GRANT,
        deviceCode=device["deviceCode"],
    )
    assert code_of_error(error) == "ExpiredTokenException"
    assert error.response["error"] == "expired_token"

    portal.advance_clock(3000)  # the access token's hour is over
    error = refused(directory.portal.list_accounts, accessToken=token)
    assert code_of_error(error) == "UnauthorizedException"

    portal.advance_clock(90 * 24 * 3600)  # and the client registration's 90 days
    error = refused(
        directory.oidc.start_device_authorization,
        clientId=registered["clientId"],
        clientSecret=registered["clientSecret"],
        startUrl=directory.start_url,
    )
    assert code_of_error(error) == "InvalidClientException"


def test_polling_faster_than_the_interval_is_slowed_down(directory: Directory) -> None:
    directory.user("jack")
    registered = directory.register()
    device = directory.oidc.start_device_authorization(
        clientId=registered["clientId"],
        clientSecret=registered["clientSecret"],
        startUrl=directory.start_url,
    )
    poll = {
        "clientId": registered["clientId"],
        "clientSecret": registered["clientSecret"],
        "grantType": DEVICE_GRANT,
        "deviceCode": device["deviceCode"],
    }
    assert code_of_error(refused(directory.oidc.create_token, **poll)) == (
        "AuthorizationPendingException"
    )
    error = refused(directory.oidc.create_token, **poll)
    assert code_of_error(error) == "SlowDownException" and error.response["error"] == "slow_down"
    portal.advance_clock(device["interval"])
    assert code_of_error(refused(directory.oidc.create_token, **poll)) == (
        "AuthorizationPendingException"
    )
    portal.approve(device["userCode"].lower(), "jack")  # codes are read case-blind
    assert directory.oidc.create_token(**poll)["tokenType"] == "Bearer"
    # the device code is spent
    assert code_of_error(refused(directory.oidc.create_token, **poll)) == "InvalidGrantException"


# --- refresh tokens and the authorization code grant ---------------------------------------


def test_refresh_token_grant_rotates_the_refresh_token(directory: Directory) -> None:
    kate = directory.user("kate")
    directory.assign(directory.permission_set("Ops"), kate)
    registered = directory.register(grantTypes=[DEVICE_GRANT, "refresh_token"])
    first = directory.device_flow("kate", registered)
    refresh = {
        "clientId": registered["clientId"],
        "clientSecret": registered["clientSecret"],
        "grantType": "refresh_token",
    }
    second = directory.oidc.create_token(**refresh, refreshToken=first["refreshToken"])
    assert second["refreshToken"] != first["refreshToken"]
    assert directory.portal.list_accounts(accessToken=second["accessToken"])["accountList"]
    error = refused(directory.oidc.create_token, **refresh, refreshToken=first["refreshToken"])
    assert code_of_error(error) == "InvalidGrantException"
    # the token the refresh replaced is no longer good
    assert code_of_error(
        refused(directory.portal.list_accounts, accessToken=first["accessToken"])
    ) == "UnauthorizedException"


def test_a_client_without_refresh_gets_no_refresh_token(directory: Directory) -> None:
    directory.user("leo")
    token = directory.device_flow("leo")
    assert "refreshToken" not in token


def verifier_and_challenge() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def test_authorization_code_grant_with_pkce(directory: Directory) -> None:
    mia = directory.user("mia")
    directory.assign(directory.permission_set("Ops"), mia)
    redirect = "http://127.0.0.1:54321/oauth/callback"
    registered = directory.register(
        grantTypes=["authorization_code", "refresh_token"],
        redirectUris=[redirect],
        issuerUrl=directory.start_url,
        scopes=["sso:account:access"],
    )
    assert registered["authorizationEndpoint"] == "https://oidc.us-east-1.amazonaws.com/authorize"
    assert registered["tokenEndpoint"] == "https://oidc.us-east-1.amazonaws.com/token"
    verifier, challenge = verifier_and_challenge()
    assert portal.s256(verifier) == challenge
    grant = {
        "clientId": registered["clientId"],
        "clientSecret": registered["clientSecret"],
        "grantType": "authorization_code",
        "redirectUri": redirect,
    }

    code = portal.authorize(registered["clientId"], redirect, challenge, "mia")
    error = refused(directory.oidc.create_token, **grant, code=code, codeVerifier="wrong" * 9)
    assert code_of_error(error) == "InvalidGrantException"  # and the code is spent

    code = portal.authorize(registered["clientId"], redirect, challenge, "mia")
    token = directory.oidc.create_token(**grant, code=code, codeVerifier=verifier)
    assert "refreshToken" in token
    assert directory.portal.list_accounts(accessToken=token["accessToken"])["accountList"]
    error = refused(directory.oidc.create_token, **grant, code=code, codeVerifier=verifier)
    assert code_of_error(error) == "InvalidGrantException"  # used once only

    code = portal.authorize(registered["clientId"], redirect, challenge, "mia")
    other = {**grant, "redirectUri": "http://127.0.0.1:1/elsewhere"}
    error = refused(directory.oidc.create_token, **other, code=code, codeVerifier=verifier)
    assert code_of_error(error) == "InvalidGrantException"

    with pytest.raises(ValueError, match="redirect URI"):
        portal.authorize(registered["clientId"], "http://evil.example/", challenge, "mia")
    with pytest.raises(ValueError, match="S256"):
        portal.authorize(
            registered["clientId"], redirect, challenge, "mia", code_challenge_method="plain"
        )
    with pytest.raises(LookupError, match="nobody"):
        portal.authorize(registered["clientId"], redirect, challenge, "nobody")


# --- where sign-in is served, and reset ---------------------------------------------------


def test_served_under_motos_own_mock_aws() -> None:
    import ssoadmin_mock  # noqa: F401 - importing it is what makes mock_aws serve sso-oidc

    with mock_aws():
        oidc = boto3.client("sso-oidc", region_name="eu-west-1")
        registered = oidc.register_client(clientName="moto", clientType="public")
        device = oidc.start_device_authorization(
            clientId=registered["clientId"],
            clientSecret=registered["clientSecret"],
            startUrl="https://example.awsapps.com/start",
        )
        assert device["verificationUri"] == "https://device.sso.eu-west-1.amazonaws.com/"


def test_sign_in_state_is_reset_with_the_mock() -> None:
    with mock_ssoadmin():
        Directory().user("nina")
        token = portal.access_token("nina")
        assert client("sso").list_accounts(accessToken=token)["accountList"] == []
    with mock_ssoadmin():
        error = refused(client("sso").list_accounts, accessToken=token)
        assert code_of_error(error) == "UnauthorizedException"


def test_approve_and_access_token_refuse_what_does_not_exist(directory: Directory) -> None:
    directory.user("olga")
    with pytest.raises(LookupError, match="user code"):
        portal.approve("BCDF-GHJK", "olga")
    with pytest.raises(LookupError, match="no user named 'nobody'"):
        portal.access_token("nobody")
    with pytest.raises(LookupError, match="no IAM Identity Center instance"):
        portal.access_token("olga", region="eu-west-3")
    registered = directory.register()
    device = directory.oidc.start_device_authorization(
        clientId=registered["clientId"],
        clientSecret=registered["clientSecret"],
        startUrl=directory.start_url,
    )
    with pytest.raises(LookupError, match="no user named 'nobody'"):
        portal.approve(device["userCode"], "nobody")


def test_moto_account_id_chooses_the_account_signed_in_to(
    mock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "333333333333")
    directory = Directory()
    assert directory.admin.list_instances()["Instances"][0]["OwnerAccountId"] == "333333333333"
    directory.assign(directory.permission_set("Ops"), directory.user("zoe"))
    token = portal.access_token("zoe")  # in MOTO_ACCOUNT_ID's instance, as the portal
    accounts = directory.portal.list_accounts(accessToken=token)["accountList"]
    assert [a["accountId"] for a in accounts] == [TARGET]


def test_a_client_registered_with_scopes_alone_gets_refreshable_tokens(
    directory: Directory,
) -> None:
    """The AWS CLI's device flow for an sso-session registers ``scopes`` and no
    ``grantTypes``; AWS gives it a refresh token it can use (boto/boto3#3768). A client with
    neither gets none."""
    directory.user("noor")
    legacy = directory.register(scopes=["sso:account:access"])
    token = directory.device_flow("noor", legacy)
    assert token["refreshToken"]
    refreshed = directory.oidc.create_token(
        clientId=legacy["clientId"],
        clientSecret=legacy["clientSecret"],
        grantType="refresh_token",
        refreshToken=token["refreshToken"],
    )
    assert refreshed["accessToken"] != token["accessToken"] and refreshed["refreshToken"]
    assert "refreshToken" not in directory.device_flow("noor")


def test_a_loopback_redirect_uri_takes_any_port(directory: Directory) -> None:
    """The AWS CLI's PKCE login registers ``http://127.0.0.1/oauth/callback`` and redirects to
    the port it listens on (RFC 8252 section 7.3); other hosts must match exactly."""
    directory.user("omar")
    registered = directory.register(
        grantTypes=["authorization_code", "refresh_token"],
        redirectUris=["http://127.0.0.1/oauth/callback", "https://app.example.com/cb"],
        issuerUrl=directory.start_url,
        scopes=["sso:account:access"],
    )
    verifier, challenge = verifier_and_challenge()
    with_port = "http://127.0.0.1:53123/oauth/callback"
    code = portal.authorize(registered["clientId"], with_port, challenge, "omar")
    token = directory.oidc.create_token(
        clientId=registered["clientId"],
        clientSecret=registered["clientSecret"],
        grantType="authorization_code",
        redirectUri=with_port,
        code=code,
        codeVerifier=verifier,
    )
    assert token["accessToken"]
    for refused_uri in (
        "http://127.0.0.1:53123/elsewhere",
        "https://app.example.com:8443/cb",
        "http://localhost.evil.example:1/oauth/callback",
    ):
        with pytest.raises(ValueError, match="redirect URI"):
            portal.authorize(registered["clientId"], refused_uri, challenge, "omar")


def test_list_accounts_pages_at_20_unless_asked(directory: Directory) -> None:
    """AWS's access portal answers 20 accounts a page when ``maxResults`` is not given
    (Noovolari/leapp#57, aws/aws-tools-for-powershell#401); up to 100 when asked."""
    pia = directory.user("pia")
    ops = directory.permission_set("Ops")
    accounts = [str(n) for n in range(100000000001, 100000000026)]
    for account in accounts:
        directory.assign(ops, pia, account=account)
    token = portal.access_token("pia")
    first = directory.portal.list_accounts(accessToken=token)
    assert len(first["accountList"]) == 20 and first["nextToken"]
    rest = directory.portal.list_accounts(accessToken=token, nextToken=first["nextToken"])
    assert [a["accountId"] for a in first["accountList"] + rest["accountList"]] == accounts
    assert "nextToken" not in rest
    whole = directory.portal.list_accounts(accessToken=token, maxResults=100)
    assert len(whole["accountList"]) == 25 and "nextToken" not in whole
    paged = directory.portal.get_paginator("list_accounts").paginate(accessToken=token)
    assert [a["accountId"] for page in paged for a in page["accountList"]] == accounts


def test_a_long_user_name_names_the_session_with_its_first_64_characters(
    directory: Directory,
) -> None:
    """STS takes role session names of at most 64 characters; IAM Identity Center names a
    user's session after the user, cut to that length."""
    name = "a.very.long.user.name.of.the.directory" + "x" * 30 + "@example.com"
    assert len(name) > 64
    user = directory.user(name)
    directory.assign(directory.permission_set("Reader"), user)
    credentials = directory.portal.get_role_credentials(
        accessToken=portal.access_token(name), accountId=TARGET, roleName="Reader"
    )["roleCredentials"]
    sts = signed(credentials, "sts")
    arn = sts.get_caller_identity()["Arn"]
    assert arn.rpartition("/")[2] == name[:64]
