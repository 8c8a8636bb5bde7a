"""Every error of the sso and sso-oidc models, in the forms their models give them; and
CreateTokenWithIAM with the applications, grants and trusted token issuers sso-admin serves."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from typing import Any

import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from ssoadmin_mock import portal

from .conftest import client
from .signin_support import DEVICE_GRANT, TARGET, Directory
from .test_applications import CUSTOM

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
ISSUER = "https://idp.example.com"
LAX = Config(parameter_validation=False, retries={"total_max_attempts": 1})


@pytest.fixture
def directory(mock: Any) -> Directory:
    return Directory()


def error_of(call: Callable[..., Any], **params: Any) -> ClientError:
    with pytest.raises(ClientError) as caught:
        call(**params)
    return caught.value


def model_status(service: str, code: str) -> int:
    model = botocore.session.get_session().get_service_model(service)
    shape = model.shape_for(code)
    return int(shape.metadata["error"]["httpStatusCode"])


def check_form(service: str, error: ClientError, code: str) -> None:
    """The code boto3 raises, the model's HTTP status, and the members of the error shape."""
    assert error.response["Error"]["Code"] == code, error.response
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == model_status(service, code)
    if service == "sso-oidc":
        assert error.response["error"] and error.response["error_description"]
        # the value the model documents for the exception ("For this exception the value
        # will be <code>server_error</code>"), not one made from its name
        shape = botocore.session.get_session().get_service_model(service).shape_for(code)
        documented = shape.members["error"].documentation
        assert f"the value will be <code>{error.response['error']}</code>" in documented
    else:
        assert error.response["Error"]["Message"]


def jwt(claims: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'RS256', 'kid': 'k1'})}.{part(claims)}.c2lnbmF0dXJl"


# --- every error of both models -----------------------------------------------------------


def test_every_modeled_error_is_raised_in_its_form(directory: Directory, mock: Any) -> None:
    directory.user("alice")
    oidc, sso = directory.oidc, directory.portal
    lax_oidc, lax_sso = client("sso-oidc", config=LAX), client("sso", config=LAX)
    registered = directory.register()
    secret = {"clientId": registered["clientId"], "clientSecret": registered["clientSecret"]}
    device = oidc.start_device_authorization(**secret, startUrl=directory.start_url)
    poll = {**secret, "grantType": DEVICE_GRANT, "deviceCode": device["deviceCode"]}
    coded_only = directory.register(
        grantTypes=["authorization_code"], redirectUris=["http://127.0.0.1:9/cb"]
    )
    seen: dict[str, set[str]] = {"sso": set(), "sso-oidc": set()}

    def expect(service: str, code: str, call: Callable[..., Any], **params: Any) -> None:
        check_form(service, error_of(call, **params), code)
        seen[service].add(code)

    # sso-oidc, as the flows refuse
    expect("sso-oidc", "InvalidRequestException", oidc.create_token, **{**poll, "deviceCode": ""})
    expect("sso-oidc", "InvalidRequestException", lax_oidc.register_client, clientName="x")
    expect(
        "sso-oidc",
        "InvalidClientException",
        oidc.create_token,
        **{**poll, "clientSecret": "wrong"},
    )
    expect("sso-oidc", "InvalidGrantException", oidc.create_token, **{**poll, "deviceCode": "x"})
    expect(
        "sso-oidc",
        "UnauthorizedClientException",
        oidc.start_device_authorization,
        clientId=coded_only["clientId"],
        clientSecret=coded_only["clientSecret"],
        startUrl=directory.start_url,
    )
    expect(
        "sso-oidc",
        "UnsupportedGrantTypeException",
        oidc.create_token,
        **{**poll, "grantType": "password"},
    )
    expect(
        "sso-oidc",
        "UnsupportedGrantTypeException",
        oidc.register_client,
        clientName="x",
        clientType="public",
        grantTypes=["password"],
    )
    expect("sso-oidc", "AuthorizationPendingException", oidc.create_token, **poll)
    expect("sso-oidc", "SlowDownException", oidc.create_token, **poll)
    expect(
        "sso-oidc",
        "InvalidClientMetadataException",
        oidc.register_client,
        clientName="x",
        clientType="confidential",
    )
    for uri in ("not a uri", "http://[x"):  # urlsplit raises on the second: once a 500
        expect(
            "sso-oidc",
            "InvalidRedirectUriException",
            oidc.register_client,
            clientName="x",
            clientType="public",
            redirectUris=[uri],
        )
    portal.advance_clock(601)
    expect("sso-oidc", "ExpiredTokenException", oidc.create_token, **poll)
    # the access portal
    expect("sso", "UnauthorizedException", sso.list_accounts, accessToken="not-a-token")
    expect("sso", "InvalidRequestException", lax_sso.list_accounts, accessToken="t", maxResults=0)
    expect("sso", "InvalidRequestException", lax_sso.logout)

    # errors nothing in the mock provokes on its own: what a fault injects, in the same form
    for code in ("TooManyRequestsException", "ResourceNotFoundException"):
        mock.faults.inject("ListAccountRoles", code)
        expect("sso", code, sso.list_account_roles, accessToken="t", accountId=TARGET)
    for code in (
        "InvalidScopeException",
        "AccessDeniedException",
        "InternalServerException",
        "InvalidRequestRegionException",
    ):
        mock.faults.inject("CreateTokenWithIAM", code)
        expect("sso-oidc", code, oidc.create_token_with_iam, clientId="a", grantType=JWT_GRANT)

    model = botocore.session.get_session()
    for service in ("sso", "sso-oidc"):
        every = {shape.name for shape in model.get_service_model(service).error_shapes}
        assert seen[service] == every


def test_a_validation_error_lists_every_violation(directory: Directory) -> None:
    error = error_of(client("sso-oidc", config=LAX).create_token, clientId="x", grantType=1)
    assert error.response["Error"]["Code"] == "InvalidRequestException"
    assert error.response["error"] == "invalid_request"
    assert error.response["error_description"] == (
        "2 validation errors detected: Value null at 'clientSecret' failed to satisfy "
        "constraint: Member must not be null; Value '1' at 'grantType' failed to satisfy "
        "constraint: Member must be of type string"
    )


# --- CreateTokenWithIAM: a trusted token issuer's JWT under the application's grant --------


class Application:
    """A customer managed OAuth application with a JWT bearer grant for one issuer."""

    def __init__(self, directory: Directory, *, assignment_required: bool = False) -> None:
        admin = directory.admin
        self.issuer = admin.create_trusted_token_issuer(
            InstanceArn=directory.instance_arn,
            Name="idp",
            TrustedTokenIssuerType="OIDC_JWT",
            TrustedTokenIssuerConfiguration={
                "OidcJwtConfiguration": {
                    "IssuerUrl": ISSUER,
                    "ClaimAttributePath": "email",
                    "IdentityStoreAttributePath": "emails.value",
                    "JwksRetrievalOption": "OPEN_ID_DISCOVERY",
                }
            },
        )["TrustedTokenIssuerArn"]
        self.arn = admin.create_application(
            InstanceArn=directory.instance_arn, ApplicationProviderArn=CUSTOM, Name="reports"
        )["ApplicationArn"]
        admin.put_application_assignment_configuration(
            ApplicationArn=self.arn, AssignmentRequired=assignment_required
        )
        admin.put_application_grant(
            ApplicationArn=self.arn,
            GrantType=JWT_GRANT,
            Grant={
                "JwtBearer": {
                    "AuthorizedTokenIssuers": [
                        {"TrustedTokenIssuerArn": self.issuer, "AuthorizedAudiences": ["app"]}
                    ]
                }
            },
        )
        admin.put_application_grant(
            ApplicationArn=self.arn, GrantType="refresh_token", Grant={"RefreshToken": {}}
        )
        for scope in ("openid", "s3:read_write"):
            admin.put_application_access_scope(ApplicationArn=self.arn, Scope=scope)


def with_email(directory: Directory, name: str, email: str) -> str:
    user_id: str = directory.identity.create_user(
        IdentityStoreId=directory.store_id,
        UserName=name,
        DisplayName=name,
        Name={"GivenName": name, "FamilyName": "Tester"},
        Emails=[{"Value": email, "Primary": True}],
    )["UserId"]
    return user_id


def test_create_token_with_iam_exchanges_a_trusted_issuers_jwt(directory: Directory) -> None:
    with_email(directory, "pat", "pat@example.com")
    app = Application(directory)
    oidc = directory.oidc
    claims = {"iss": ISSUER, "aud": "app", "email": "pat@example.com", "exp": time.time() + 60}

    token = oidc.create_token_with_iam(
        clientId=app.arn, grantType=JWT_GRANT, assertion=jwt(claims), scope=["openid"]
    )
    assert token["tokenType"] == "Bearer" and token["scope"] == ["openid"]
    assert token["issuedTokenType"] == "urn:ietf:params:oauth:token-type:access_token"
    everything = oidc.create_token_with_iam(
        clientId=app.arn, grantType=JWT_GRANT, assertion=jwt(claims)
    )
    assert sorted(everything["scope"]) == ["openid", "s3:read_write"]
    refreshed = oidc.create_token_with_iam(
        clientId=app.arn, grantType="refresh_token", refreshToken=token["refreshToken"]
    )
    assert refreshed["scope"] == ["openid"]
    assert directory.portal.list_accounts(accessToken=refreshed["accessToken"])[
        "accountList"
    ] == []  # the token is pat's: pat holds no account

    def refused(code: str, **params: Any) -> None:
        arguments = {"clientId": app.arn, "grantType": JWT_GRANT, **params}
        error = error_of(oidc.create_token_with_iam, **arguments)
        assert error.response["Error"]["Code"] == code, error.response

    refused("InvalidScopeException", assertion=jwt(claims), scope=["admin"])
    refused("InvalidGrantException", assertion=jwt({**claims, "aud": "other"}))
    refused("InvalidGrantException", assertion=jwt({**claims, "iss": "https://evil.example"}))
    refused("InvalidGrantException", assertion=jwt({**claims, "email": "nobody@example.com"}))
    refused("InvalidGrantException", assertion="not.a-jwt")
    for payload in (b'{"iss": NaN}', b"[" * 5_000 + b"]" * 5_000):  # no JSON, no traceback
        encoded = base64.urlsafe_b64encode(payload).rstrip(b"=").decode()
        refused("InvalidGrantException", assertion=f"eyJhbGciOiJSUzI1NiJ9.{encoded}.c2ln")
    # "aud" neither a string nor strings (RFC 7519 4.1.3): names no audience, no traceback
    refused("InvalidGrantException", assertion=jwt({**claims, "aud": {"app": 1}}))
    refused("InvalidGrantException", assertion=jwt({**claims, "aud": [["app"]]}))
    refused("ExpiredTokenException", assertion=jwt({**claims, "exp": time.time() - 1}))
    refused("InvalidClientException", clientId=app.arn + "0", assertion=jwt(claims))
    refused("UnauthorizedClientException", grantType=EXCHANGE, subjectToken="x")
    refused("UnsupportedGrantTypeException", grantType="password")
    refused("InvalidRequestException")  # no assertion


def test_an_application_that_requires_assignment_refuses_others(directory: Directory) -> None:
    quinn = with_email(directory, "quinn", "quinn@example.com")
    with_email(directory, "rita", "rita@example.com")
    app = Application(directory, assignment_required=True)
    team = directory.group("team", quinn)
    directory.admin.create_application_assignment(
        ApplicationArn=app.arn, PrincipalId=team, PrincipalType="GROUP"
    )
    claims = {"iss": ISSUER, "aud": ["app", "more"]}
    oidc = directory.oidc
    quinns = jwt({**claims, "email": "quinn@example.com"})
    assert oidc.create_token_with_iam(clientId=app.arn, grantType=JWT_GRANT, assertion=quinns)[
        "accessToken"
    ]
    error = error_of(
        oidc.create_token_with_iam,
        clientId=app.arn,
        grantType=JWT_GRANT,
        assertion=jwt({**claims, "email": "rita@example.com"}),
    )
    assert error.response["Error"]["Code"] == "AccessDeniedException"


@pytest.mark.parametrize(
    "sent",
    [b"{not json", b'{"clientId": NaN}', b"[" * 100_000 + b"]" * 100_000],
    ids=["broken", "NaN", "nested past any stack"],
)
def test_a_body_that_is_not_json_is_an_invalid_request(mock: Any, sent: bytes) -> None:
    from ssoadmin_mock.responses import dispatch

    status, headers, body = dispatch(
        None, sent, {}, "https://oidc.us-east-1.amazonaws.com/token", "POST"
    )
    assert (status, headers["x-amzn-ErrorType"]) == (400, "InvalidRequestException")
    assert json.loads(body) == {
        "error": "invalid_request",
        "error_description": "The request body is not valid JSON.",
    }
    status, headers, body = dispatch(
        None,
        sent,
        {"x-amz-sso_bearer_token": "token"},
        "https://portal.sso.us-east-1.amazonaws.com/logout",
        "POST",
    )
    assert (status, headers["x-amzn-ErrorType"]) == (400, "InvalidRequestException")
    assert json.loads(body) == {"message": "The request body is not valid JSON."}


def test_create_token_with_iam_exchanges_an_identity_center_token(directory: Directory) -> None:
    directory.user("sam")
    app = Application(directory)
    directory.admin.put_application_grant(
        ApplicationArn=app.arn, GrantType=EXCHANGE, Grant={"TokenExchange": {}}
    )
    oidc = directory.oidc
    exchange = {
        "clientId": app.arn,
        "grantType": EXCHANGE,
        "subjectTokenType": "urn:ietf:params:oauth:token-type:access_token",
    }
    token = oidc.create_token_with_iam(**exchange, subjectToken=portal.access_token("sam"))
    assert sorted(token["scope"]) == ["openid", "s3:read_write"]
    error = error_of(oidc.create_token_with_iam, **exchange, subjectToken="not-a-token")
    assert error.response["Error"]["Code"] == "InvalidGrantException"
    error = error_of(
        oidc.create_token_with_iam,
        **{**exchange, "subjectTokenType": "urn:ietf:params:oauth:token-type:id_token"},
        subjectToken=token["accessToken"],
    )
    assert error.response["Error"]["Code"] == "InvalidRequestException"


def test_refused_sign_in_calls_change_nothing(directory: Directory) -> None:
    from ssoadmin_mock import inspection

    directory.user("tess")
    registered = directory.register()
    token = directory.device_flow("tess", registered)
    lax = client("sso-oidc", config=LAX)
    with inspection.unchanged():
        error_of(directory.oidc.register_client, clientName="x", clientType="confidential")
        error_of(
            directory.oidc.create_token,
            clientId=registered["clientId"],
            clientSecret="wrong",
            grantType=DEVICE_GRANT,
            deviceCode="x",
        )
        error_of(lax.start_device_authorization, clientId=registered["clientId"])
        error_of(directory.portal.get_role_credentials, accessToken=token["accessToken"],
                 accountId=TARGET, roleName="Nothing")
        error_of(directory.portal.logout, accessToken="unknown")
