"""CreateTokenWithIAM (boto3 ``sso-oidc``, signed with IAM credentials): tokens for the
applications sso-admin serves, under their grants.

The client id is an application ARN (AWS SSO OIDC API reference, CreateTokenWithIAM:
"This value is an application ARN that has OAuth grants configured"); the grant type must be
one the application has (PutApplicationGrant), else ``UnauthorizedClientException``:

- JWT bearer: a JWT whose ``iss`` is the issuer URL of a trusted token issuer the grant's
  ``AuthorizedTokenIssuers`` names, whose ``aud`` is one of the audiences authorized for it,
  unexpired (``exp``; else ``ExpiredTokenException``), and whose claim at the issuer's
  ``ClaimAttributePath`` matches a user of the identity store at its
  ``IdentityStoreAttributePath`` (``userName`` or ``emails.value``); anything else is
  ``InvalidGrantException``. The JWT's signature is not checked (no JWKS is fetched).
- refresh token and token exchange (an access token `Oidc` issued, as ``subjectToken``),
  through the OIDC service's sessions; the authorization code grant takes a code as
  CreateToken does, but the mock issues codes only to registered clients
  (``ssoadmin_mock.portal.authorize``), so an application's code is refused
  (``InvalidGrantException``).

The scopes are the application's access scopes, narrowed by ``scope`` (one it does not grant
is ``InvalidScopeException``; "If the value is not specified, IAM Identity Center authorizes
all scopes configured for the application"). An application that requires assignments
refuses users not assigned to it, directly or through a group (``AccessDeniedException``).
The answer carries ``issuedTokenType``, ``scope`` and an ``idToken`` (unsigned here).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .. import jsontext, principals
from ..exceptions import (
    AccessDeniedException,
    ExpiredTokenException,
    InvalidClientException,
    InvalidGrantException,
    InvalidRequestException,
    InvalidScopeException,
    UnauthorizedClientException,
    UnauthorizedException,
    UnsupportedGrantTypeException,
)
from ..operations import operation
from ..principals import Principals
from .account import Body, Place
from .applications.store import ApplicationStore
from .instances import Instances
from .oidc import (
    ACCESS_TOKEN_SECONDS,
    ACCESS_TOKEN_TYPE,
    AUTHORIZATION_CODE,
    JWT_BEARER,
    OIDC,
    REFRESH_TOKEN,
    TOKEN_EXCHANGE,
    Oidc,
    SignedIn,
    opaque,
    required,
)
from .trusted_token_issuers import TrustedTokenIssuers

#: (application ARN) -> the application's grants, access scopes and instance, or None
ApplicationFinder = Callable[[str], "GrantingApplication | None"]
#: trusted token issuer ARN -> its OidcJwtConfiguration, or None
IssuerFinder = Callable[[str], "dict[str, Any] | None"]


@dataclass(frozen=True)
class GrantingApplication:
    """What CreateTokenWithIAM needs of an application (from sso-admin's applications)."""

    arn: str
    instance_arn: str
    grants: dict[str, dict[str, Any]]
    scopes: list[str]
    #: AssignmentRequired, and the (principal type, principal id) assigned to it (a view of
    #: the application's own: nothing is copied per request)
    assignment_required: bool = False
    assigned: Collection[tuple[str, str]] = frozenset()


class IamTokens:
    """CreateTokenWithIAM for the applications of one account and Region."""

    def __init__(
        self,
        place: Place,
        oidc: Oidc,
        instances: Instances,
        applications: ApplicationFinder,
        issuers: IssuerFinder,
        principals: Principals,
    ) -> None:
        self.place = place
        self.oidc = oidc
        self.instances = instances
        self.principals = principals
        self.applications = applications
        self.issuers = issuers

    @operation("CreateTokenWithIAM", service=OIDC)
    def create_token_with_iam(
        self,
        client_id: str,
        grant_type: str,
        code: str | None = None,
        refresh_token: str | None = None,
        assertion: str | None = None,
        scope: list[str] | None = None,
        redirect_uri: str | None = None,
        subject_token: str | None = None,
        subject_token_type: str | None = None,
        requested_token_type: str | None = None,
        code_verifier: str | None = None,
    ) -> Body:
        application = self.applications(client_id)
        if application is None:
            raise InvalidClientException(f"Invalid client: {client_id}")
        if grant_type not in (JWT_BEARER, REFRESH_TOKEN, TOKEN_EXCHANGE, AUTHORIZATION_CODE):
            raise UnsupportedGrantTypeException(f"Unsupported grant type: {grant_type}")
        if grant_type not in application.grants:
            raise UnauthorizedClientException(
                f"Application {client_id} has no {grant_type} grant"
            )
        if grant_type == REFRESH_TOKEN:
            session = self.oidc.spend_refresh_token(
                client_id, required(refresh_token, "refreshToken")
            )
            return self._tokens(client_id, session.user, session.scopes, refreshable=True)
        if grant_type == JWT_BEARER:
            user = self._jwt_user(application, required(assertion, "assertion"))
        elif grant_type == TOKEN_EXCHANGE:
            if subject_token_type != ACCESS_TOKEN_TYPE:
                raise InvalidRequestException(
                    f"subjectTokenType must be {ACCESS_TOKEN_TYPE}"
                )
            try:
                user = self.oidc.signed_in(required(subject_token, "subjectToken"))
            except UnauthorizedException:
                raise InvalidGrantException("Invalid subject token") from None
        else:
            user = self.oidc.take_code(
                client_id,
                required(code, "code"),
                required(redirect_uri, "redirectUri"),
                code_verifier,
            ).user
        self._require_assignment(application, user)
        scopes = _granted_scopes(application.scopes, scope)
        refreshable = REFRESH_TOKEN in application.grants
        return self._tokens(client_id, user, scopes, refreshable=refreshable)

    def _jwt_user(self, application: GrantingApplication, assertion: str) -> SignedIn:
        """The identity store user a trusted token issuer's JWT names (see the module
        docstring for what is checked)."""
        claims = _jwt_claims(assertion)
        grant = application.grants.get(JWT_BEARER, {})
        audiences = claims.get("aud")
        # "aud": a string or an array of strings (RFC 7519 4.1.3); any other value names none
        audience_list = [
            audience
            for audience in (audiences if isinstance(audiences, list) else [audiences])
            if isinstance(audience, str)
        ]
        for authorized in grant.get("AuthorizedTokenIssuers", []):
            configuration = self.issuers(str(authorized.get("TrustedTokenIssuerArn")))
            if configuration is None or configuration.get("IssuerUrl") != claims.get("iss"):
                continue
            if not set(audience_list) & set(authorized.get("AuthorizedAudiences", [])):
                raise InvalidGrantException("The JWT audience is not authorized")
            expiry = claims.get("exp")
            if isinstance(expiry, (int, float)) and expiry <= self.oidc.clock.now():
                raise ExpiredTokenException("The JWT has expired")
            claim = _claim(claims, str(configuration.get("ClaimAttributePath", "")))
            instance = self.instances.find(application.instance_arn)
            if instance is None or not isinstance(claim, str):
                break
            found = self.principals.user_matching(
                instance.identity_store_id,
                str(configuration.get("IdentityStoreAttributePath", "")),
                claim,
            )
            if found is None:
                break
            return SignedIn.of(instance, found)
        raise InvalidGrantException("The JWT is not from an authorized trusted token issuer")

    def _require_assignment(self, application: GrantingApplication, user: SignedIn) -> None:
        """An application that requires assignments answers only its assigned users (or
        members of its assigned groups): ``AccessDeniedException`` for anyone else."""
        if not application.assignment_required:
            return
        instance = self.instances.find(user.instance_arn)
        groups = (
            self.principals.groups_of_user(user.identity_store_id, user.user_id)
            if instance is not None
            else []
        )
        assigned = application.assigned
        held = [(principals.USER, user.user_id), *((principals.GROUP, g) for g in groups)]
        if not any(principal in assigned for principal in held):
            raise AccessDeniedException(
                f"User {user.user_name} is not assigned to application {application.arn}"
            )

    def _tokens(
        self, client_id: str, user: SignedIn, scopes: list[str], *, refreshable: bool
    ) -> Body:
        now = self.oidc.clock.now()
        session = self.oidc.new_session(user, client_id, scopes, refreshable=refreshable)
        body: Body = {
            "accessToken": session.access_token,
            "tokenType": "Bearer",
            "expiresIn": ACCESS_TOKEN_SECONDS,
            "issuedTokenType": ACCESS_TOKEN_TYPE,
            "scope": list(scopes),
            "idToken": _unsigned_jwt(
                {
                    "iss": f"https://identitycenter.amazonaws.com/{user.identity_store_id}",
                    "sub": user.user_id,
                    "aud": client_id,
                    "iat": int(now),
                    "exp": int(now) + ACCESS_TOKEN_SECONDS,
                    "sts:identity_context": opaque(32),
                }
            ),
        }
        if session.refresh_token is not None:
            body["refreshToken"] = session.refresh_token
        return body


def application_finder(store: ApplicationStore) -> ApplicationFinder:
    """CreateTokenWithIAM's view of sso-admin's applications: grants by grant type (the
    union's member unwrapped), access scope names."""

    def find(arn: str) -> GrantingApplication | None:
        application = store.by_arn.get(arn)
        if application is None:
            return None
        grants: dict[str, dict[str, Any]] = {
            kind: next(iter(keyed.value.values()), {}) if len(keyed.value) == 1 else {}
            for kind, keyed in application.grants.items()
        }
        return GrantingApplication(
            application.arn,
            application.instance_arn,
            grants,
            list(application.scopes),
            application.assignment_required,
            application.assignments.keys(),
        )

    return find


def issuer_finder(issuers: TrustedTokenIssuers) -> IssuerFinder:
    """CreateTokenWithIAM's view of the trusted token issuers: an issuer's OIDC JWT
    configuration (``IssuerUrl``, ``ClaimAttributePath``, ``IdentityStoreAttributePath``)."""

    def find(arn: str) -> dict[str, Any] | None:
        issuer = issuers.issuers.get(arn)
        if issuer is None:
            return None
        configuration = issuer.configuration.get("OidcJwtConfiguration")
        return dict(configuration) if isinstance(configuration, dict) else None

    return find


def _granted_scopes(granted: list[str], asked: list[str] | None) -> list[str]:
    """The application's scopes, narrowed to `asked` (each of which it must grant)."""
    if asked is None:
        return list(granted)
    refused = [name for name in asked if name not in granted]
    if refused:
        raise InvalidScopeException(f"Invalid scope(s): {', '.join(refused)}")
    return list(asked)


@lru_cache(maxsize=256)
def _jwt_claims(token: str) -> dict[str, Any]:
    """The claims of a JWT (its payload), unverified; ``InvalidGrantException`` if it is not
    one. Remembered per token (the same assertion is often exchanged again); callers only
    read the claims."""
    parts = token.split(".")
    try:
        if len(parts) != 3:
            raise ValueError(token)
        payload = parts[1] + "=" * (-len(parts[1]) % 4)
        claims = jsontext.read(base64.urlsafe_b64decode(payload).decode())
    except ValueError:
        raise InvalidGrantException("The assertion is not a JWT") from None
    if not isinstance(claims, dict):
        raise InvalidGrantException("The assertion is not a JWT")
    return claims


def _claim(claims: dict[str, Any], path: str) -> Any:
    """The claim at a dotted path (``email``, ``user.name``)."""
    value: Any = claims
    for part in path.split(".") if path else []:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _unsigned_jwt(claims: dict[str, Any]) -> str:
    return f"{_UNSIGNED_HEADER}.{_base64_json(claims)}."


def _base64_json(part: dict[str, Any]) -> str:
    """A JWT part: compact JSON, base64url without padding."""
    raw = jsontext.text(part).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


#: the header of every unsigned JWT the mock hands out (written once)
_UNSIGNED_HEADER = _base64_json({"alg": "none", "typ": "JWT"})
