"""IAM Identity Center OIDC (boto3 ``sso-oidc``): RegisterClient, StartDeviceAuthorization,
CreateToken, CreateTokenWithIAM, and who is signed in with which token.

The flows follow the AWS SSO OIDC API reference and the OAuth 2.0 specifications it builds on
(RFC 6749, device authorization RFC 8628, PKCE RFC 7636):

- RegisterClient registers a public client (``clientType`` must be ``public``): a client id
  and secret, issued now and expiring after 90 days (``clientSecretExpiresAt``, as AWS's CLI
  caches it in ``registrationExpiresAt``). ``grantTypes`` limits the flows it may use; a client
  registered without any may use the device code grant only (what ``aws sso login`` without an
  ``sso-session`` does), and gets no refresh token.
- StartDeviceAuthorization gives a device code, a user code (``ABCD-EFGH``), the verification
  URI (and its complete form with the user code), ``expiresIn`` 600 seconds and ``interval``
  1 second. The start URL chooses the instance: one whose identity store id or instance id it
  names, else the instance of the request's account in this Region.
- CreateToken with the device code grant answers ``AuthorizationPendingException`` until the
  user approves (`approve`, which tests call through ``ssoadmin_mock.portal``), then an access
  token (``Bearer``, 3600 seconds) and, for clients registered with ``refresh_token``, a
  refresh token; the device code is then spent. Polled again within ``interval`` seconds of a
  pending answer it is ``SlowDownException`` (RFC 8628 section 3.5; the interval is not
  lengthened). An expired device code is ``ExpiredTokenException``.
- The refresh token grant gives a new access token and a new refresh token (the old one is
  spent); the authorization code grant takes a code from `authorize` once, with the same
  redirect URI and a ``codeVerifier`` whose S256 digest is the code challenge.
- Wrong or unknown client ids and secrets, and expired registrations, are
  ``InvalidClientException``; unknown, spent, foreign or mismatched codes and refresh tokens
  ``InvalidGrantException``; grants the client did not register ``UnauthorizedClientException``;
  other grant types ``UnsupportedGrantTypeException``.
- CreateTokenWithIAM (signed with IAM credentials) takes an application ARN as client id:
  with the JWT bearer grant, a JWT whose ``iss`` is the issuer URL of a trusted token issuer
  the application's grant authorizes, whose ``aud`` is one of the audiences authorized for it,
  and whose claim (the issuer's ``ClaimAttributePath``) matches a user of the identity store on
  the issuer's ``IdentityStoreAttributePath`` (``userName`` or ``emails.value``); the token's
  scopes are the application's access scopes (narrowed by ``scope``; a scope it does not grant
  is ``InvalidScopeException``). An application that requires assignments refuses users not
  assigned to it, directly or through a group (``AccessDeniedException``). The refresh token,
  token exchange (an access token this service issued, as ``subjectToken``) and authorization
  code grants work as above. The JWT's signature is not checked (the mock fetches no JWKS).

Tokens live in this backend's store; `signed_in` tells the access portal whose a token is.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .. import principals
from ..clock import Clock
from ..exceptions import (
    AccessDeniedException,
    AuthorizationPendingException,
    ExpiredTokenException,
    InvalidClientException,
    InvalidClientMetadataException,
    InvalidGrantException,
    InvalidRedirectUriException,
    InvalidRequestException,
    InvalidScopeException,
    SlowDownException,
    UnauthorizedClientException,
    UnauthorizedException,
    UnsupportedGrantTypeException,
)
from ..operations import operation
from .account import Body, Place
from .applications.store import ApplicationStore
from .instances import ACTIVE, Instance, Instances
from .trusted_token_issuers import TrustedTokenIssuers

OIDC = "sso-oidc"

DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code"
REFRESH_TOKEN = "refresh_token"
AUTHORIZATION_CODE = "authorization_code"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
CLIENT_GRANTS = frozenset({DEVICE_CODE, REFRESH_TOKEN, AUTHORIZATION_CODE})
ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token"

#: lifetimes, in seconds: a client registration 90 days; a device code 10 minutes with a
#: 1-second poll interval and an access token 1 hour, as AWS answers them; an authorization
#: code 5 minutes (RFC 6749 section 4.1.2: "a maximum authorization code lifetime of 10
#: minutes is RECOMMENDED")
CLIENT_SECONDS = 90 * 24 * 3600
DEVICE_CODE_SECONDS = 600
POLL_INTERVAL = 1
ACCESS_TOKEN_SECONDS = 3600
AUTHORIZATION_CODE_SECONDS = 300

#: user codes: 8 letters in two groups, without the vowels and lookalikes of RFC 8628
#: section 6.1's example alphabet
_USER_CODE_LETTERS = "BCDFGHJKLMNPQRSTVWXZ"


@dataclass(frozen=True)
class SignedIn:
    """Who a token belongs to: a user of an instance's identity store."""

    instance_arn: str
    identity_store_id: str
    user_id: str
    user_name: str


@dataclass
class Client:
    client_id: str
    secret: str
    name: str
    scopes: list[str]
    redirect_uris: list[str]
    #: the grants registered; empty: the device code grant only, no refresh tokens
    grant_types: list[str]
    issued_at: float
    expires_at: float
    issuer_url: str | None = None
    application_arn: str | None = None

    def may_use(self, grant_type: str) -> bool:
        if not self.grant_types:
            return grant_type == DEVICE_CODE
        return grant_type in self.grant_types

    @property
    def refreshable(self) -> bool:
        return REFRESH_TOKEN in self.grant_types


@dataclass
class DeviceAuthorization:
    device_code: str
    user_code: str
    client_id: str
    instance_arn: str
    expires_at: float
    interval: int
    #: when a poll was last answered AuthorizationPending
    pending_poll: float | None = None
    user: SignedIn | None = None


@dataclass
class AuthorizationCode:
    code: str
    client_id: str
    redirect_uri: str
    code_challenge: str
    user: SignedIn
    expires_at: float


@dataclass
class Session:
    """An access token (and its refresh token) issued to a client for a user."""

    access_token: str
    user: SignedIn
    client_id: str
    scopes: list[str]
    expires_at: float
    refresh_token: str | None = None
    #: logged out (the portal's Logout) or replaced by a refresh
    ended: bool = False


@dataclass
class OidcStore:
    clients: dict[str, Client] = field(default_factory=dict)
    devices: dict[str, DeviceAuthorization] = field(default_factory=dict)
    #: user code -> device code
    user_codes: dict[str, str] = field(default_factory=dict)
    codes: dict[str, AuthorizationCode] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    #: refresh token -> access token of its session
    refresh_tokens: dict[str, str] = field(default_factory=dict)


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
    #: AssignmentRequired, and the (principal type, principal id) assigned to it
    assignment_required: bool = False
    assigned: frozenset[tuple[str, str]] = frozenset()


class Oidc:
    """The OIDC clients, device authorizations, codes and tokens of one account and Region."""

    def __init__(
        self,
        place: Place,
        instances: Instances,
        clock: Clock,
        applications: ApplicationFinder,
        issuers: IssuerFinder,
    ) -> None:
        self.place = place
        self.instances = instances
        self.clock = clock
        self.applications = applications
        self.issuers = issuers
        self.store = OidcStore()

    # --- who a token belongs to (the access portal) ----------------------------------------

    def signed_in(self, access_token: str) -> SignedIn:
        """The user of a live access token; ``UnauthorizedException`` otherwise (AWS's
        message for unknown, expired and logged-out tokens alike)."""
        session = self.store.sessions.get(access_token)
        if session is None or session.ended or session.expires_at <= self.clock.now():
            raise UnauthorizedException("Session token not found or invalid")
        return session.user

    def log_out(self, access_token: str) -> None:
        """End the token's session: its access and refresh tokens are refused from now on."""
        self.signed_in(access_token)
        self.store.sessions[access_token].ended = True

    # --- signing in without a browser (ssoadmin_mock.portal) -------------------------------

    def approve(self, user_code: str, user_name: str) -> SignedIn:
        """The user `user_name` approves the pending device authorization `user_code`, as on
        the verification page. `LookupError` for an unknown or expired code or user."""
        device_code = self.store.user_codes.get(user_code.upper())
        device = self.store.devices.get(device_code or "")
        if device is None or device.expires_at <= self.clock.now():
            raise LookupError(f"no pending device authorization has user code {user_code!r}")
        instance = self.instances.find(device.instance_arn)
        if instance is None:
            raise LookupError(f"the instance of user code {user_code!r} has been deleted")
        user = self.user(instance, user_name)
        device.user = user
        return user

    def user(self, instance: Instance, user_name: str) -> SignedIn:
        """The user `user_name` of the instance's identity store, or `LookupError`."""
        found = principals.user_matching(
            self.place.account_id,
            instance.region,
            instance.identity_store_id,
            "userName",
            user_name,
        )
        if found is None:
            raise LookupError(
                f"identity store {instance.identity_store_id} has no user named {user_name!r}"
            )
        return SignedIn(instance.arn, instance.identity_store_id, *found)

    def issue(self, user: SignedIn, client_id: str = "", scopes: list[str] | None = None) -> Body:
        """A new access token for `user` (with a refresh token when the client may refresh)."""
        client = self.store.clients.get(client_id)
        session = self._new_session(
            user,
            client_id,
            list(scopes if scopes is not None else (client.scopes if client else [])),
            refreshable=client is not None and client.refreshable,
        )
        body: Body = {
            "accessToken": session.access_token,
            "tokenType": "Bearer",
            "expiresIn": ACCESS_TOKEN_SECONDS,
        }
        if session.refresh_token is not None:
            body["refreshToken"] = session.refresh_token
        return body

    def authorize(
        self,
        client_id: str,
        redirect_uri: str,
        code_challenge: str,
        user_name: str,
        code_challenge_method: str = "S256",
    ) -> str:
        """An authorization code, as the authorization endpoint redirects with it once the
        user `user_name` signs in (PKCE, RFC 7636: only ``S256``, as AWS requires)."""
        client = self._client(client_id)
        if code_challenge_method != "S256":
            raise ValueError("IAM Identity Center accepts only the S256 code challenge method")
        if not client.may_use(AUTHORIZATION_CODE):
            raise ValueError(f"client {client_id} is not registered for authorization_code")
        if redirect_uri not in client.redirect_uris:
            raise ValueError(f"{redirect_uri!r} is not a redirect URI of client {client_id}")
        instance = self._instance(client.issuer_url or "")
        code = AuthorizationCode(
            _opaque(32),
            client_id,
            redirect_uri,
            code_challenge,
            self.user(instance, user_name),
            self.clock.now() + AUTHORIZATION_CODE_SECONDS,
        )
        self.store.codes[code.code] = code
        return code.code

    # --- operations ------------------------------------------------------------------------

    @operation("RegisterClient", service=OIDC)
    def register_client(
        self,
        client_name: str,
        client_type: str,
        scopes: list[str] | None = None,
        redirect_uris: list[str] | None = None,
        grant_types: list[str] | None = None,
        issuer_url: str | None = None,
        entitled_application_arn: str | None = None,
    ) -> Body:
        if client_type != "public":
            # "The service supports only public as a client type. Anything other than public
            # will be rejected by the service." (RegisterClient, clientType)
            raise InvalidClientMetadataException(
                f"Invalid client type: {client_type}. Only public clients are supported."
            )
        unsupported = [grant for grant in grant_types or [] if grant not in CLIENT_GRANTS]
        if unsupported:
            raise UnsupportedGrantTypeException(
                f"Unsupported grant type(s): {', '.join(unsupported)}"
            )
        for uri in redirect_uris or []:
            parts = urlsplit(uri)
            if not parts.scheme or not (parts.netloc or parts.scheme not in ("http", "https")):
                raise InvalidRedirectUriException(f"Invalid redirect URI: {uri}")
        if AUTHORIZATION_CODE in (grant_types or []) and not redirect_uris:
            raise InvalidRequestException(
                "redirectUris are required for the authorization_code grant"
            )
        now = self.clock.now()
        client = Client(
            _opaque(32),
            _opaque(64),
            client_name,
            list(scopes or []),
            list(redirect_uris or []),
            list(grant_types or []),
            now,
            now + CLIENT_SECONDS,
            issuer_url,
            entitled_application_arn,
        )
        self.store.clients[client.client_id] = client
        body: Body = {
            "clientId": client.client_id,
            "clientSecret": client.secret,
            "clientIdIssuedAt": int(now),
            "clientSecretExpiresAt": int(client.expires_at),
        }
        if client.may_use(AUTHORIZATION_CODE):
            endpoint = f"https://oidc.{self.place.region}.amazonaws.com"
            body["authorizationEndpoint"] = f"{endpoint}/authorize"
            body["tokenEndpoint"] = f"{endpoint}/token"
        return body

    @operation("StartDeviceAuthorization", service=OIDC)
    def start_device_authorization(
        self, client_id: str, client_secret: str, start_url: str
    ) -> Body:
        client = self._client(client_id, client_secret)
        if not client.may_use(DEVICE_CODE):
            raise UnauthorizedClientException(
                f"Client {client_id} is not registered for the device code grant"
            )
        instance = self._instance(start_url)
        user_code = self._new_user_code()
        device = DeviceAuthorization(
            _opaque(64),
            user_code,
            client_id,
            instance.arn,
            self.clock.now() + DEVICE_CODE_SECONDS,
            POLL_INTERVAL,
        )
        self.store.devices[device.device_code] = device
        self.store.user_codes[user_code] = device.device_code
        verification = f"https://device.sso.{self.place.region}.amazonaws.com/"
        return {
            "deviceCode": device.device_code,
            "userCode": user_code,
            "verificationUri": verification,
            "verificationUriComplete": f"{verification}?user_code={user_code}",
            "expiresIn": DEVICE_CODE_SECONDS,
            "interval": POLL_INTERVAL,
        }

    @operation("CreateToken", service=OIDC)
    def create_token(
        self,
        client_id: str,
        client_secret: str,
        grant_type: str,
        device_code: str | None = None,
        code: str | None = None,
        refresh_token: str | None = None,
        scope: list[str] | None = None,
        redirect_uri: str | None = None,
        code_verifier: str | None = None,
    ) -> Body:
        client = self._client(client_id, client_secret)
        if grant_type not in CLIENT_GRANTS:
            raise UnsupportedGrantTypeException(f"Unsupported grant type: {grant_type}")
        if not client.may_use(grant_type):
            raise UnauthorizedClientException(
                f"Client {client_id} is not registered for the {grant_type} grant"
            )
        # "scope ... has no effect; the access token will always include all scopes
        # configured during client registration" (CreateToken)
        if grant_type == DEVICE_CODE:
            return self._device_code_grant(client, _required(device_code, "deviceCode"))
        if grant_type == REFRESH_TOKEN:
            return self._refresh(client_id, _required(refresh_token, "refreshToken"))
        return self._code_grant(
            client_id,
            _required(code, "code"),
            _required(redirect_uri, "redirectUri"),
            _required(code_verifier, "codeVerifier"),
        )

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
            return self._refresh(client_id, _required(refresh_token, "refreshToken"), iam=True)
        if grant_type == JWT_BEARER:
            user = self._jwt_user(application, _required(assertion, "assertion"))
        elif grant_type == TOKEN_EXCHANGE:
            if subject_token_type != ACCESS_TOKEN_TYPE:
                raise InvalidRequestException(
                    f"subjectTokenType must be {ACCESS_TOKEN_TYPE}"
                )
            try:
                user = self.signed_in(_required(subject_token, "subjectToken"))
            except UnauthorizedException:
                raise InvalidGrantException("Invalid subject token") from None
        else:
            user = self._take_code(
                client_id,
                _required(code, "code"),
                _required(redirect_uri, "redirectUri"),
                code_verifier,
            ).user
        self._require_assignment(application, user)
        scopes = _granted_scopes(application.scopes, scope)
        refreshable = REFRESH_TOKEN in application.grants
        return self._iam_tokens(client_id, user, scopes, refreshable=refreshable)

    # --- grants ----------------------------------------------------------------------------

    def _device_code_grant(self, client: Client, device_code: str) -> Body:
        device = self.store.devices.get(device_code)
        if device is None or device.client_id != client.client_id:
            raise InvalidGrantException("Invalid device code provided")
        now = self.clock.now()
        if device.expires_at <= now:
            raise ExpiredTokenException("Device code has expired")
        if device.user is None:
            if device.pending_poll is not None and now - device.pending_poll < device.interval:
                raise SlowDownException("Client is polling too fast")
            device.pending_poll = now
            raise AuthorizationPendingException("Authorization is still pending")
        del self.store.devices[device_code]
        self.store.user_codes.pop(device.user_code, None)
        return self.issue(device.user, client.client_id)

    def _refresh(self, client_id: str, refresh_token: str, *, iam: bool = False) -> Body:
        access_token = self.store.refresh_tokens.get(refresh_token)
        session = self.store.sessions.get(access_token or "")
        if session is None or session.ended or session.client_id != client_id:
            raise InvalidGrantException("Invalid refresh token provided")
        session.ended = True
        del self.store.refresh_tokens[refresh_token]
        if iam:
            return self._iam_tokens(client_id, session.user, session.scopes, refreshable=True)
        return self.issue(session.user, client_id, session.scopes)

    def _code_grant(
        self, client_id: str, code: str, redirect_uri: str, code_verifier: str
    ) -> Body:
        grant = self._take_code(client_id, code, redirect_uri, code_verifier)
        return self.issue(grant.user, client_id)

    def _take_code(
        self, client_id: str, code: str, redirect_uri: str, code_verifier: str | None
    ) -> AuthorizationCode:
        """Spend an authorization code: its client's, unexpired, sent back to the same
        redirect URI with the verifier of its challenge (RFC 7636 section 4.6)."""
        grant = self.store.codes.pop(code, None)
        if grant is None or grant.client_id != client_id:
            raise InvalidGrantException("Invalid authorization code provided")
        if grant.expires_at <= self.clock.now():
            raise InvalidGrantException("Authorization code has expired")
        if grant.redirect_uri != redirect_uri:
            raise InvalidGrantException("Redirect URI does not match the authorization request")
        if code_verifier is None or s256(code_verifier) != grant.code_challenge:
            raise InvalidGrantException("Code verifier does not match the code challenge")
        return grant

    def _jwt_user(self, application: GrantingApplication, assertion: str) -> SignedIn:
        """The identity store user a trusted token issuer's JWT names (see the module
        docstring for what is checked)."""
        claims = _jwt_claims(assertion)
        grant = application.grants.get(JWT_BEARER, {})
        audiences = claims.get("aud")
        audience_list = audiences if isinstance(audiences, list) else [audiences]
        for authorized in grant.get("AuthorizedTokenIssuers", []):
            configuration = self.issuers(str(authorized.get("TrustedTokenIssuerArn")))
            if configuration is None or configuration.get("IssuerUrl") != claims.get("iss"):
                continue
            if not set(audience_list) & set(authorized.get("AuthorizedAudiences", [])):
                raise InvalidGrantException("The JWT audience is not authorized")
            expiry = claims.get("exp")
            if isinstance(expiry, (int, float)) and expiry <= self.clock.now():
                raise ExpiredTokenException("The JWT has expired")
            claim = _claim(claims, str(configuration.get("ClaimAttributePath", "")))
            instance = self.instances.find(application.instance_arn)
            if instance is None or not isinstance(claim, str):
                break
            found = principals.user_matching(
                self.place.account_id,
                instance.region,
                instance.identity_store_id,
                str(configuration.get("IdentityStoreAttributePath", "")),
                claim,
            )
            if found is None:
                break
            return SignedIn(instance.arn, instance.identity_store_id, *found)
        raise InvalidGrantException("The JWT is not from an authorized trusted token issuer")

    def _require_assignment(self, application: GrantingApplication, user: SignedIn) -> None:
        """An application that requires assignments answers only its assigned users (or
        members of its assigned groups): ``AccessDeniedException`` for anyone else."""
        if not application.assignment_required:
            return
        instance = self.instances.find(user.instance_arn)
        groups = (
            principals.groups_of_user(
                self.place.account_id, instance.region, user.identity_store_id, user.user_id
            )
            if instance is not None
            else []
        )
        held = {(principals.USER, user.user_id)} | {(principals.GROUP, g) for g in groups}
        if not held & application.assigned:
            raise AccessDeniedException(
                f"User {user.user_name} is not assigned to application {application.arn}"
            )

    def _iam_tokens(
        self, client_id: str, user: SignedIn, scopes: list[str], *, refreshable: bool
    ) -> Body:
        now = self.clock.now()
        session = self._new_session(user, client_id, scopes, refreshable=refreshable)
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
                    "sts:identity_context": _opaque(32),
                }
            ),
        }
        if session.refresh_token is not None:
            body["refreshToken"] = session.refresh_token
        return body

    # --- helpers ---------------------------------------------------------------------------

    def _new_session(
        self, user: SignedIn, client_id: str, scopes: list[str], *, refreshable: bool
    ) -> Session:
        """A new access token (and refresh token, when `refreshable`), kept in the store."""
        session = Session(
            "aoa" + _opaque(48),
            user,
            client_id,
            scopes,
            self.clock.now() + ACCESS_TOKEN_SECONDS,
        )
        if refreshable:
            session.refresh_token = "aor" + _opaque(48)
            self.store.refresh_tokens[session.refresh_token] = session.access_token
        self.store.sessions[session.access_token] = session
        return session

    def _client(self, client_id: str, client_secret: str | None = None) -> Client:
        client = self.store.clients.get(client_id)
        if client is None or (client_secret is not None and client_secret != client.secret):
            raise InvalidClientException("Invalid client provided")
        if client.expires_at <= self.clock.now():
            raise InvalidClientException("Client registration has expired")
        return client

    def _instance(self, start_url: str) -> Instance:
        """The instance a start URL names, else this account's instance in this Region."""
        here = [instance for instance in self.instances.here() if instance.status == ACTIVE]
        host = urlsplit(start_url).netloc.lower()
        for instance in here:
            if instance.identity_store_id.lower() in host or instance.instance_id in start_url:
                return instance
        if not here:
            raise InvalidRequestException(
                f"No IAM Identity Center instance in account {self.place.account_id} and "
                f"region {self.place.region} answers start URL {start_url}"
            )
        return here[0]

    def _new_user_code(self) -> str:
        while True:
            letters = "".join(secrets.choice(_USER_CODE_LETTERS) for _ in range(8))
            code = f"{letters[:4]}-{letters[4:]}"
            if code not in self.store.user_codes:
                return code


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
            frozenset(application.assignments),
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


def _opaque(size: int) -> str:
    """A random URL-safe string of `size` bytes' worth that starts with a letter or digit (a
    leading ``-`` would read as an option on a command line: ``--client-secret -x...``)."""
    text = secrets.token_urlsafe(size)
    while not text[0].isalnum():
        text = secrets.token_urlsafe(size)
    return text


def _required(value: str | None, member: str) -> str:
    if not value:
        raise InvalidRequestException(f"{member} is required for this grant type")
    return value


def s256(verifier: str) -> str:
    """The S256 code challenge of a verifier: BASE64URL(SHA256(verifier)), unpadded."""
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _granted_scopes(granted: list[str], asked: list[str] | None) -> list[str]:
    """The application's scopes, narrowed to `asked` (each of which it must grant)."""
    if asked is None:
        return list(granted)
    refused = [name for name in asked if name not in granted]
    if refused:
        raise InvalidScopeException(f"Invalid scope(s): {', '.join(refused)}")
    return list(asked)


def _jwt_claims(token: str) -> dict[str, Any]:
    """The claims of a JWT (its payload), unverified; ``InvalidGrantException`` if it is not
    one."""
    parts = token.split(".")
    try:
        if len(parts) != 3:
            raise ValueError(token)
        payload = parts[1] + "=" * (-len(parts[1]) % 4)
        claims = json.loads(base64.urlsafe_b64decode(payload))
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
    def encode(part: dict[str, Any]) -> str:
        raw = json.dumps(part, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return f"{encode({'alg': 'none', 'typ': 'JWT'})}.{encode(claims)}."
