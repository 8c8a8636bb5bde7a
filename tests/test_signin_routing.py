"""Unsigned sign-in requests are served by what they name (`ssoadmin_mock.sign_in`): a start
URL names its instance in whichever account owns it, a token or code is its instance's, and
clients and sign-in's clock are the Region's, whatever account a request resolves to."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ssoadmin_mock import mock_ssoadmin, portal
from ssoadmin_mock.backend import sign_in_slots, ssoadmin_backends

from .conftest import client
from .signin_support import DEVICE_GRANT, TARGET, Directory, signed
from .test_signin_flows import code_of_error, refused, verifier_and_challenge

#: an account in no organization, with an instance of its own; the unsigned requests of
#: these tests resolve to moto's default account, which is not it
OWNER = "222222222222"


@pytest.fixture
def elsewhere(mock: Any) -> Directory:
    """The instance of OWNER, with user ana holding Ops in TARGET."""
    directory = Directory(OWNER)
    assert directory.admin.list_instances()["Instances"][0]["OwnerAccountId"] == OWNER
    directory.assign(directory.permission_set("Ops"), directory.user("ana"))
    return directory


def test_a_start_url_signs_in_to_its_instance_in_any_account(elsewhere: Directory) -> None:
    refreshable = elsewhere.register(grantTypes=[DEVICE_GRANT, "refresh_token"])
    token = elsewhere.device_flow("ana", refreshable)

    accounts = elsewhere.portal.list_accounts(accessToken=token["accessToken"])["accountList"]
    assert [a["accountId"] for a in accounts] == [TARGET]
    roles = elsewhere.portal.list_account_roles(accessToken=token["accessToken"], accountId=TARGET)[
        "roleList"
    ]
    assert roles == [{"roleName": "Ops", "accountId": TARGET}]
    credentials = elsewhere.portal.get_role_credentials(
        accessToken=token["accessToken"], accountId=TARGET, roleName="Ops"
    )["roleCredentials"]
    assert signed(credentials, "sts").get_caller_identity()["Account"] == TARGET

    refreshed = elsewhere.oidc.create_token(
        clientId=refreshable["clientId"],
        clientSecret=refreshable["clientSecret"],
        grantType="refresh_token",
        refreshToken=token["refreshToken"],
    )
    again = elsewhere.portal.list_accounts(accessToken=refreshed["accessToken"])
    assert [a["accountId"] for a in again["accountList"]] == [TARGET]

    elsewhere.portal.logout(accessToken=refreshed["accessToken"])
    error = refused(elsewhere.portal.list_accounts, accessToken=refreshed["accessToken"])
    assert code_of_error(error) == "UnauthorizedException"


def test_the_account_requests_resolve_to_keeps_its_own_instance(elsewhere: Directory) -> None:
    """The default account's own instance and users are not the other account's: its start
    URL signs in there, and the other account's user is not found in it."""
    home = Directory()
    assert home.store_id != elsewhere.store_id
    home.assign(home.permission_set("Home"), home.user("ana"), account="333333333333")
    at_home = home.device_flow("ana")["accessToken"]
    away = elsewhere.device_flow("ana")["accessToken"]

    def accounts(token: str) -> list[str]:
        listed = home.portal.list_accounts(accessToken=token)["accountList"]
        return [account["accountId"] for account in listed]

    assert accounts(at_home) == ["333333333333"]
    assert accounts(away) == [TARGET]


def test_clients_are_the_regions_whatever_account_a_request_resolves_to(
    elsewhere: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "444444444444")
    registered = elsewhere.register()
    monkeypatch.delenv("MOTO_ACCOUNT_ID")
    assert elsewhere.device_flow("ana", registered)["tokenType"] == "Bearer"

    in_another_region = client("sso-oidc", region="eu-west-1")
    with pytest.raises(ClientError) as caught:
        in_another_region.start_device_authorization(
            clientId=registered["clientId"],
            clientSecret=registered["clientSecret"],
            startUrl=elsewhere.start_url,
        )
    assert code_of_error(caught.value) == "InvalidClientException"


def test_a_token_expires_on_the_regions_clock(elsewhere: Directory) -> None:
    token = elsewhere.device_flow("ana")["accessToken"]
    portal.advance_clock(3600)
    error = refused(elsewhere.portal.list_accounts, accessToken=token)
    assert code_of_error(error) == "UnauthorizedException"
    with pytest.warns(DeprecationWarning, match="the Region's"):
        portal.advance_clock(1, account_id=OWNER)


def test_the_portal_helpers_follow_the_start_url(elsewhere: Directory, tmp_path: Path) -> None:
    cached = json.loads(
        portal.sso_login(
            "corp", "ana", start_url=elsewhere.start_url, cache_dir=tmp_path
        ).read_text()
    )
    listed = elsewhere.portal.list_accounts(accessToken=cached["accessToken"])["accountList"]
    assert [a["accountId"] for a in listed] == [TARGET]

    token = portal.access_token("ana", instance_arn=elsewhere.instance_arn)
    listed = elsewhere.portal.list_accounts(accessToken=token)["accountList"]
    assert [a["accountId"] for a in listed] == [TARGET]

    redirect = "http://127.0.0.1/callback"
    registered = elsewhere.register(
        grantTypes=["authorization_code"], redirectUris=[redirect], issuerUrl=elsewhere.start_url
    )
    verifier, challenge = verifier_and_challenge()
    code = portal.authorize(registered["clientId"], redirect, challenge, "ana")
    token = elsewhere.oidc.create_token(
        clientId=registered["clientId"],
        clientSecret=registered["clientSecret"],
        grantType="authorization_code",
        redirectUri=redirect,
        code=code,
        codeVerifier=verifier,
    )["accessToken"]
    listed = elsewhere.portal.list_accounts(accessToken=token)["accountList"]
    assert [a["accountId"] for a in listed] == [TARGET]


def test_an_unknown_start_url_is_the_resolved_accounts_instance(elsewhere: Directory) -> None:
    """A start URL that names no instance (an alias: ``https://my-company.awsapps.com/start``)
    falls back to the instance of the account the request resolves to: the other account's
    user is not found there."""
    registered = elsewhere.register()
    device = elsewhere.oidc.start_device_authorization(
        clientId=registered["clientId"],
        clientSecret=registered["clientSecret"],
        startUrl="https://my-company.awsapps.com/start",
    )
    with pytest.raises(LookupError, match="no user named 'ana'"):
        portal.approve(device["userCode"], "ana")


def test_a_member_accounts_account_instance_is_signed_in_to(mock: Any) -> None:
    """A member account of an organization makes an account instance of its own (it has no
    other); its user signs in by that instance's start URL while the unsigned requests
    resolve to the management account."""
    from .delegation_support import as_account, member

    organizations = client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    workload = member(organizations, "workload")
    admin = as_account("sso-admin", workload)
    made = admin.create_instance(Name="team")["InstanceArn"]
    described = admin.describe_instance(InstanceArn=made)  # settles its creation
    assert described["Status"] == "ACTIVE" and described["OwnerAccountId"] == workload
    as_account("identitystore", workload).create_user(
        IdentityStoreId=described["IdentityStoreId"],
        UserName="wes",
        DisplayName="Wes",
        Name={"GivenName": "Wes", "FamilyName": "Tester"},
    )
    directory = Directory()  # the management account's own instance and unsigned clients
    directory.start_url = f"https://{described['IdentityStoreId']}.awsapps.com/start"
    token = directory.device_flow("wes")["accessToken"]
    assert directory.portal.list_accounts(accessToken=token)["accountList"] == []


@pytest.mark.parametrize("first", ["sso-oidc", "sso-admin"])
def test_sign_in_state_ends_with_the_mock_whichever_request_comes_first(first: str) -> None:
    with mock_ssoadmin():
        if first == "sso-admin":
            client("sso-admin").list_instances()
        registered = client("sso-oidc").register_client(clientName="x", clientType="public")
    assert dict(sign_in_slots) == {} and dict(ssoadmin_backends) == {}
    with mock_ssoadmin(), warnings.catch_warnings():
        warnings.simplefilter("error")
        error = refused(
            client("sso-oidc").start_device_authorization,
            clientId=registered["clientId"],
            clientSecret=registered["clientSecret"],
            startUrl="https://example.awsapps.com/start",
        )
        assert code_of_error(error) == "InvalidClientException"


def test_threads_signing_in_to_two_accounts_at_once(elsewhere: Directory) -> None:
    """Eight threads sign in at once, half to each account's instance, through one Region's
    store: every flow gets its own user code and token, and each token shows its own
    instance's assignments."""
    from concurrent.futures import ThreadPoolExecutor

    home = Directory()
    home.assign(home.permission_set("Home"), home.user("ana"), account="333333333333")
    clients = [home.register() for _ in range(8)]

    def sign_in(n: int) -> tuple[int, str]:
        directory = home if n % 2 else elsewhere
        return n, directory.device_flow("ana", clients[n])["accessToken"]

    with ThreadPoolExecutor(8) as pool:
        tokens = dict(pool.map(sign_in, range(8)))
    assert len(set(tokens.values())) == 8
    for n, token in tokens.items():
        listed = home.portal.list_accounts(accessToken=token)["accountList"]
        assert [a["accountId"] for a in listed] == ["333333333333" if n % 2 else TARGET]
