"""Access scopes, authentication methods, grants and session configuration, through boto3."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from botocore.exceptions import ClientError

from .test_applications import MISSING_APP, POLICY, app_arn, code, make_application

__all__ = ["app_arn"]  # the fixture, imported for these tests

JWT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
CODE_GRANT = {"AuthorizationCode": {"RedirectUris": ["https://app.example.com/callback"]}}
IAM_METHOD = {"Iam": {"ActorPolicy": POLICY}}


@pytest.fixture
def issuer_arn(sso: Any, instance_arn: str) -> str:
    return str(
        sso.create_trusted_token_issuer(
            InstanceArn=instance_arn,
            Name="idp",
            TrustedTokenIssuerType="OIDC_JWT",
            TrustedTokenIssuerConfiguration={
                "OidcJwtConfiguration": {
                    "IssuerUrl": "https://idp.example.com",
                    "ClaimAttributePath": "email",
                    "IdentityStoreAttributePath": "emails.value",
                    "JwksRetrievalOption": "OPEN_ID_DISCOVERY",
                }
            },
        )["TrustedTokenIssuerArn"]
    )


def jwt_grant(*issuers: str, audiences: tuple[str, ...] = ("app",)) -> dict[str, Any]:
    return {
        "JwtBearer": {
            "AuthorizedTokenIssuers": [
                {"TrustedTokenIssuerArn": arn, "AuthorizedAudiences": list(audiences)}
                for arn in issuers
            ]
        }
    }


def grants(sso: Any, app: str) -> dict[str, Any]:
    return {
        g["GrantType"]: g["Grant"]
        for g in sso.list_application_grants(ApplicationArn=app)["Grants"]
    }


def scopes(sso: Any, app: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for page in sso.get_paginator("list_application_access_scopes").paginate(ApplicationArn=app):
        found += page["Scopes"]
    return found


# --- access scopes ------------------------------------------------------------------------


def test_put_get_list_delete_access_scopes(sso: Any, instance_arn: str, app_arn: str) -> None:
    other = make_application(sso, instance_arn, name="other")
    sso.put_application_access_scope(ApplicationArn=app_arn, Scope="openid")
    sso.put_application_access_scope(
        ApplicationArn=app_arn,
        Scope="s3:access_grants:read_write",
        AuthorizedTargets=[other, instance_arn],
    )
    assert (
        sso.get_application_access_scope(ApplicationArn=app_arn, Scope="openid")["Scope"]
        == "openid"
    )
    got = sso.get_application_access_scope(
        ApplicationArn=app_arn, Scope="s3:access_grants:read_write"
    )
    assert got["AuthorizedTargets"] == [other, instance_arn]
    assert scopes(sso, app_arn) == [
        {"Scope": "openid"},
        {"Scope": "s3:access_grants:read_write", "AuthorizedTargets": [other, instance_arn]},
    ]
    sso.delete_application_access_scope(ApplicationArn=app_arn, Scope="openid")
    assert [s["Scope"] for s in scopes(sso, app_arn)] == ["s3:access_grants:read_write"]


def test_putting_a_scope_again_replaces_its_targets_in_place(
    sso: Any, instance_arn: str, app_arn: str
) -> None:
    sso.put_application_access_scope(
        ApplicationArn=app_arn, Scope="first", AuthorizedTargets=[app_arn]
    )
    sso.put_application_access_scope(ApplicationArn=app_arn, Scope="second")
    # listed before it is put again: the text the listing kept must not outlive the value
    assert scopes(sso, app_arn) == [
        {"Scope": "first", "AuthorizedTargets": [app_arn]},
        {"Scope": "second"},
    ]
    sso.put_application_access_scope(
        ApplicationArn=app_arn, Scope="first", AuthorizedTargets=[instance_arn]
    )
    assert scopes(sso, app_arn) == [
        {"Scope": "first", "AuthorizedTargets": [instance_arn]},
        {"Scope": "second"},
    ]


def test_access_scopes_page_by_ten_at_most(sso: Any, app_arn: str) -> None:
    names = [f"scope_{n:02}" for n in range(12)]
    for name in names:
        sso.put_application_access_scope(ApplicationArn=app_arn, Scope=name)
    first = sso.list_application_access_scopes(ApplicationArn=app_arn)
    assert [s["Scope"] for s in first["Scopes"]] == names[:10]
    second = sso.list_application_access_scopes(
        ApplicationArn=app_arn, NextToken=first["NextToken"]
    )
    assert [s["Scope"] for s in second["Scopes"]] == names[10:]
    assert [s["Scope"] for s in scopes(sso, app_arn)] == names


def test_scope_refusals_change_nothing(raw_sso: Any, sso: Any, app_arn: str) -> None:
    sso.put_application_access_scope(
        ApplicationArn=app_arn, Scope="kept", AuthorizedTargets=[app_arn]
    )
    with pytest.raises(ClientError) as error:
        sso.put_application_access_scope(
            ApplicationArn=app_arn, Scope="kept", AuthorizedTargets=[app_arn, app_arn]
        )
    assert code(error) == "ValidationException"
    with pytest.raises(ClientError) as error:
        raw_sso.put_application_access_scope(ApplicationArn=app_arn, Scope="a:b:c:d")
    assert code(error) == "ValidationException"
    with pytest.raises(ClientError) as error:
        raw_sso.put_application_access_scope(
            ApplicationArn=app_arn,
            Scope="ok",
            AuthorizedTargets=["arn:aws:iam::123456789012:role/x"],
        )
    assert code(error) == "ValidationException"
    assert scopes(sso, app_arn) == [{"Scope": "kept", "AuthorizedTargets": [app_arn]}]


def test_absent_scopes_are_not_found(sso: Any, app_arn: str) -> None:
    for call in (
        lambda: sso.get_application_access_scope(ApplicationArn=app_arn, Scope="missing"),
        lambda: sso.delete_application_access_scope(ApplicationArn=app_arn, Scope="missing"),
        lambda: sso.get_application_access_scope(ApplicationArn=MISSING_APP, Scope="openid"),
        lambda: sso.put_application_access_scope(ApplicationArn=MISSING_APP, Scope="openid"),
        lambda: sso.list_application_access_scopes(ApplicationArn=MISSING_APP),
    ):
        with pytest.raises(ClientError) as error:
            call()
        assert code(error) == "ResourceNotFoundException"


# --- authentication methods -----------------------------------------------------------------


def test_put_get_list_delete_iam_authentication_method(sso: Any, app_arn: str) -> None:
    sso.put_application_authentication_method(
        ApplicationArn=app_arn, AuthenticationMethodType="IAM", AuthenticationMethod=IAM_METHOD
    )
    got = sso.get_application_authentication_method(
        ApplicationArn=app_arn, AuthenticationMethodType="IAM"
    )
    assert got["AuthenticationMethod"] == IAM_METHOD
    listed = sso.list_application_authentication_methods(ApplicationArn=app_arn)
    assert listed["AuthenticationMethods"] == [
        {"AuthenticationMethodType": "IAM", "AuthenticationMethod": IAM_METHOD}
    ]
    changed = copy.deepcopy(POLICY)
    changed["Statement"][0]["Effect"] = "Deny"
    sso.put_application_authentication_method(
        ApplicationArn=app_arn,
        AuthenticationMethodType="IAM",
        AuthenticationMethod={"Iam": {"ActorPolicy": changed}},
    )
    got = sso.get_application_authentication_method(
        ApplicationArn=app_arn, AuthenticationMethodType="IAM"
    )
    assert got["AuthenticationMethod"]["Iam"]["ActorPolicy"] == changed
    sso.delete_application_authentication_method(
        ApplicationArn=app_arn, AuthenticationMethodType="IAM"
    )
    assert (
        sso.list_application_authentication_methods(ApplicationArn=app_arn)["AuthenticationMethods"]
        == []
    )


@pytest.mark.parametrize(
    "policy",
    [
        "not a policy",
        {"Statement": []},
        {"Version": "2012-10-17"},
        {"Version": "2020-01-01", "Statement": {"Effect": "Allow", "Action": "*"}},
        {"Statement": [{"Effect": "Maybe", "Action": "*"}]},
        {"Statement": [{"Effect": "Allow"}]},
        {"Statement": [{"Effect": "Allow", "Action": "*", "NotAction": "x"}]},
        {"Statement": [{"Effect": "Allow", "Action": [1]}]},
        {"Statement": [{"Effect": "Allow", "Action": "*", "Colour": "red"}]},
        {"Statement": [{"Effect": "Allow", "Action": "*"}], "Extra": 1},
        {"Statement": ["Allow"]},
    ],
)
def test_actor_policy_must_be_an_iam_policy(sso: Any, app_arn: str, policy: Any) -> None:
    sso.put_application_authentication_method(
        ApplicationArn=app_arn, AuthenticationMethodType="IAM", AuthenticationMethod=IAM_METHOD
    )
    with pytest.raises(ClientError) as error:
        sso.put_application_authentication_method(
            ApplicationArn=app_arn,
            AuthenticationMethodType="IAM",
            AuthenticationMethod={"Iam": {"ActorPolicy": policy}},
        )
    assert code(error) == "ValidationException"
    got = sso.get_application_authentication_method(
        ApplicationArn=app_arn, AuthenticationMethodType="IAM"
    )
    assert got["AuthenticationMethod"] == IAM_METHOD


def test_authentication_method_needs_its_union_member(raw_sso: Any, sso: Any, app_arn: str) -> None:
    with pytest.raises(ClientError) as error:
        raw_sso.put_application_authentication_method(
            ApplicationArn=app_arn, AuthenticationMethodType="IAM", AuthenticationMethod={}
        )
    assert code(error) == "ValidationException"
    assert (
        sso.list_application_authentication_methods(ApplicationArn=app_arn)["AuthenticationMethods"]
        == []
    )


def test_absent_authentication_methods_are_not_found(sso: Any, app_arn: str) -> None:
    for call in (
        lambda: sso.get_application_authentication_method(
            ApplicationArn=app_arn, AuthenticationMethodType="IAM"
        ),
        lambda: sso.delete_application_authentication_method(
            ApplicationArn=app_arn, AuthenticationMethodType="IAM"
        ),
        lambda: sso.list_application_authentication_methods(ApplicationArn=MISSING_APP),
        lambda: sso.put_application_authentication_method(
            ApplicationArn=MISSING_APP,
            AuthenticationMethodType="IAM",
            AuthenticationMethod=IAM_METHOD,
        ),
    ):
        with pytest.raises(ClientError) as error:
            call()
        assert code(error) == "ResourceNotFoundException"


# --- grants -------------------------------------------------------------------------------


def test_every_grant_type_with_its_own_shape(sso: Any, app_arn: str, issuer_arn: str) -> None:
    wanted = {
        "authorization_code": CODE_GRANT,
        "refresh_token": {"RefreshToken": {}},
        EXCHANGE: {"TokenExchange": {}},
        JWT: jwt_grant(issuer_arn, audiences=("app", "api")),
    }
    for grant_type, grant in wanted.items():
        sso.put_application_grant(ApplicationArn=app_arn, GrantType=grant_type, Grant=grant)
        assert (
            sso.get_application_grant(ApplicationArn=app_arn, GrantType=grant_type)["Grant"]
            == grant
        )
    assert list(grants(sso, app_arn).items()) == list(wanted.items())


def test_putting_a_grant_again_replaces_it_in_place(sso: Any, app_arn: str) -> None:
    sso.put_application_grant(
        ApplicationArn=app_arn, GrantType="authorization_code", Grant=CODE_GRANT
    )
    sso.put_application_grant(
        ApplicationArn=app_arn, GrantType="refresh_token", Grant={"RefreshToken": {}}
    )
    assert list(grants(sso, app_arn)) == ["authorization_code", "refresh_token"]
    replaced = {
        "AuthorizationCode": {
            "RedirectUris": ["https://a.example.com/cb", "http://127.0.0.1:8080/cb"]
        }
    }
    sso.put_application_grant(
        ApplicationArn=app_arn, GrantType="authorization_code", Grant=replaced
    )
    assert list(grants(sso, app_arn).items()) == [
        ("authorization_code", replaced),
        ("refresh_token", {"RefreshToken": {}}),
    ]


def test_delete_grant(sso: Any, app_arn: str) -> None:
    sso.put_application_grant(
        ApplicationArn=app_arn, GrantType="refresh_token", Grant={"RefreshToken": {}}
    )
    sso.delete_application_grant(ApplicationArn=app_arn, GrantType="refresh_token")
    assert grants(sso, app_arn) == {}
    with pytest.raises(ClientError) as error:
        sso.get_application_grant(ApplicationArn=app_arn, GrantType="refresh_token")
    assert code(error) == "ResourceNotFoundException"


@pytest.mark.parametrize(
    "grant_type, grant",
    [
        ("authorization_code", {"RefreshToken": {}}),
        ("refresh_token", CODE_GRANT),
        (EXCHANGE, {"RefreshToken": {}}),
        (JWT, {"TokenExchange": {}}),
        ("authorization_code", {"AuthorizationCode": {}}),
        ("authorization_code", {"AuthorizationCode": {"RedirectUris": ["/relative/callback"]}}),
        (
            "authorization_code",
            {"AuthorizationCode": {"RedirectUris": ["https://a.example.com/cb#frag"]}},
        ),
        (
            "authorization_code",
            {"AuthorizationCode": {"RedirectUris": ["https://a.example.com/cb"] * 2}},
        ),
        # no URI at all (Python's urlsplit raises on these): once an HTTP 500
        ("authorization_code", {"AuthorizationCode": {"RedirectUris": ["https://[::1"]}}),
        ("authorization_code", {"AuthorizationCode": {"RedirectUris": ["http://[x]/cb"]}}),
        (JWT, {"JwtBearer": {}}),
        (JWT, {"JwtBearer": {"AuthorizedTokenIssuers": [{"AuthorizedAudiences": ["app"]}]}}),
    ],
)
def test_grant_refusals_change_nothing(
    sso: Any, app_arn: str, grant_type: str, grant: dict[str, Any]
) -> None:
    sso.put_application_grant(
        ApplicationArn=app_arn, GrantType="authorization_code", Grant=CODE_GRANT
    )
    with pytest.raises(ClientError) as error:
        sso.put_application_grant(ApplicationArn=app_arn, GrantType=grant_type, Grant=grant)
    assert code(error) == "ValidationException"
    assert grants(sso, app_arn) == {"authorization_code": CODE_GRANT}


def test_jwt_bearer_issuer_needs_audiences(sso: Any, app_arn: str, issuer_arn: str) -> None:
    grant = {"JwtBearer": {"AuthorizedTokenIssuers": [{"TrustedTokenIssuerArn": issuer_arn}]}}
    with pytest.raises(ClientError) as error:
        sso.put_application_grant(ApplicationArn=app_arn, GrantType=JWT, Grant=grant)
    assert code(error) == "ValidationException"
    with pytest.raises(ClientError) as error:
        sso.put_application_grant(
            ApplicationArn=app_arn, GrantType=JWT, Grant=jwt_grant(issuer_arn, issuer_arn)
        )
    assert code(error) == "ValidationException"
    assert grants(sso, app_arn) == {}


def test_jwt_bearer_issuer_must_exist_in_the_application_instance(
    sso: Any, app_arn: str, instance_arn: str, issuer_arn: str
) -> None:
    instance_id = instance_arn.rsplit("/", 1)[1]
    absent = (
        f"arn:aws:sso::123456789012:trustedTokenIssuer/{instance_id}"
        "/tti-00000000-0000-0000-0000-000000000000"
    )
    foreign = issuer_arn.replace(instance_id, "ssoins-1111111111111111")
    for arn in (absent, foreign):
        with pytest.raises(ClientError) as error:
            sso.put_application_grant(ApplicationArn=app_arn, GrantType=JWT, Grant=jwt_grant(arn))
        assert code(error) == "ResourceNotFoundException"
        assert arn in error.value.response["Error"]["Message"]
    assert grants(sso, app_arn) == {}


def test_grant_input_checked_by_the_model(raw_sso: Any, sso: Any, app_arn: str) -> None:
    with pytest.raises(ClientError) as error:
        raw_sso.put_application_grant(
            ApplicationArn=app_arn,
            GrantType="password",
            Grant={"RefreshToken": {}, "TokenExchange": {}},
        )
    assert code(error) == "ValidationException"
    assert "2 validation errors" in error.value.response["Error"]["Message"]
    assert grants(sso, app_arn) == {}


def test_absent_grants_are_not_found(sso: Any, app_arn: str) -> None:
    for call in (
        lambda: sso.get_application_grant(ApplicationArn=app_arn, GrantType="refresh_token"),
        lambda: sso.delete_application_grant(ApplicationArn=app_arn, GrantType="refresh_token"),
        lambda: sso.list_application_grants(ApplicationArn=MISSING_APP),
        lambda: sso.put_application_grant(
            ApplicationArn=MISSING_APP, GrantType="refresh_token", Grant={"RefreshToken": {}}
        ),
    ):
        with pytest.raises(ClientError) as error:
            call()
        assert code(error) == "ResourceNotFoundException"


# --- session configuration ------------------------------------------------------------------


def test_session_configuration(sso: Any, app_arn: str) -> None:
    got = sso.get_application_session_configuration(ApplicationArn=app_arn)
    assert got["UserBackgroundSessionApplicationStatus"] == "ENABLED"
    sso.put_application_session_configuration(
        ApplicationArn=app_arn, UserBackgroundSessionApplicationStatus="DISABLED"
    )
    sso.put_application_session_configuration(ApplicationArn=app_arn)  # nothing given: no change
    got = sso.get_application_session_configuration(ApplicationArn=app_arn)
    assert got["UserBackgroundSessionApplicationStatus"] == "DISABLED"


def test_session_configuration_refusals(raw_sso: Any, sso: Any, app_arn: str) -> None:
    with pytest.raises(ClientError) as error:
        raw_sso.put_application_session_configuration(
            ApplicationArn=app_arn, UserBackgroundSessionApplicationStatus="SOMETIMES"
        )
    assert code(error) == "ValidationException"
    got = sso.get_application_session_configuration(ApplicationArn=app_arn)
    assert got["UserBackgroundSessionApplicationStatus"] == "ENABLED"
    for call in (
        lambda: sso.get_application_session_configuration(ApplicationArn=MISSING_APP),
        lambda: sso.put_application_session_configuration(
            ApplicationArn=MISSING_APP, UserBackgroundSessionApplicationStatus="ENABLED"
        ),
    ):
        with pytest.raises(ClientError) as error:
            call()
        assert code(error) == "ResourceNotFoundException"


def test_deleting_the_application_drops_its_settings(
    sso: Any, instance_arn: str, app_arn: str
) -> None:
    sso.put_application_access_scope(ApplicationArn=app_arn, Scope="openid")
    sso.put_application_grant(
        ApplicationArn=app_arn, GrantType="refresh_token", Grant={"RefreshToken": {}}
    )
    sso.put_application_authentication_method(
        ApplicationArn=app_arn, AuthenticationMethodType="IAM", AuthenticationMethod=IAM_METHOD
    )
    sso.delete_application(ApplicationArn=app_arn)
    for call in (
        lambda: sso.get_application_access_scope(ApplicationArn=app_arn, Scope="openid"),
        lambda: sso.get_application_grant(ApplicationArn=app_arn, GrantType="refresh_token"),
        lambda: sso.get_application_authentication_method(
            ApplicationArn=app_arn, AuthenticationMethodType="IAM"
        ),
    ):
        with pytest.raises(ClientError) as error:
            call()
        assert code(error) == "ResourceNotFoundException"
