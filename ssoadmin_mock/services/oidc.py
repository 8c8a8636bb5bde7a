"""IAM Identity Center OIDC (boto3 ``sso-oidc``): RegisterClient, StartDeviceAuthorization,
CreateToken, CreateTokenWithIAM, and who is signed in with which token.

The flows follow the AWS SSO OIDC API reference and the OAuth 2.0 specifications it builds on
(RFC 6749, device authorization RFC 8628, PKCE RFC 7636):

- RegisterClient registers a public client (``clientType`` must be ``public``): a client id
  and secret, issued now and expiring after 90 days (``clientSecretExpiresAt``, as AWS's CLI
  caches it in ``registrationExpiresAt``). ``grantTypes`` limits the flows it may use; a client
  registered without any may use the device code grant, and the refresh token grant when it
  registered ``scopes`` (how the AWS CLI's device flow for an ``sso-session`` registers, and
  gets refreshable tokens: boto/boto3#3768, "a token which expires quite fast (1 hour) but
  can be refreshed using a refreshToken"); with neither it gets no refresh token (what
  ``aws sso login`` without an ``sso-session`` does). A loopback redirect URI
  (``http://127.0.0.1/...``, ``http://[::1]/...``) matches whatever port the authorization
  request gives (RFC 8252 section 7.3, on which the AWS CLI's PKCE login relies: it registers
  ``http://127.0.0.1/oauth/callback`` and redirects to its own port).
- StartDeviceAuthorization gives a device code, a user code (``ABCD-EFGH``), the verification
  URI (and its complete form with the user code), ``expiresIn`` 600 seconds and ``interval``
  1 second. The start URL chooses the instance: one whose identity store id or instance id it
  names (`names_instance`; the dispatcher serves the request from that instance's account,
  `ssoadmin_mock.sign_in`), else the instance of the request's account in this Region.
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
- CreateTokenWithIAM is served by `services.oidc_iam`, with this service's sessions and
  codes.

The clients, device authorizations, codes and tokens are the Region's, not an account's: on
AWS the OIDC endpoint is regional and a client or token is not any account's. Every account's
`Oidc` in a Region shares one `OidcStore` and one clock (`SignInRegion`); each record that
belongs to an instance names the account that owns it (`SignedIn.account_id`,
`DeviceAuthorization.account_id`), which `ssoadmin_mock.sign_in` serves its requests from.
`signed_in` tells the access portal whose a token is. Ids, secrets, codes and tokens are
random and start with a letter or digit (`opaque`).
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
from binascii import b2a_base64
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from .. import uris
from ..clock import Clock
from ..exceptions import (
    AuthorizationPendingException,
    ExpiredTokenException,
    InvalidClientException,
    InvalidClientMetadataException,
    InvalidGrantException,
    InvalidRedirectUriException,
    InvalidRequestException,
    SlowDownException,
    UnauthorizedClientException,
    UnauthorizedException,
    UnsupportedGrantTypeException,
)
from ..operations import operation
from ..principals import Principals
from .account import Body, Place
from .instances import ACTIVE, Instance, Instances

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
    """Who a token belongs to: a user of an instance's identity store (the instance of
    `account_id`)."""

    account_id: str
    instance_arn: str
    identity_store_id: str
    user_id: str
    user_name: str

    @classmethod
    def of(cls, instance: Instance, user: tuple[str, str]) -> SignedIn:
        """The user (id, user name) of the instance's identity store, signed in."""
        return cls(instance.owner_account_id, instance.arn, instance.identity_store_id, *user)


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
        if not self.grant_types:  # the older registration (see the module docstring)
            return grant_type == DEVICE_CODE or (grant_type == REFRESH_TOKEN and bool(self.scopes))
        return grant_type in self.grant_types

    @property
    def refreshable(self) -> bool:
        return self.may_use(REFRESH_TOKEN)

    def redirects_to(self, uri: str) -> bool:
        """Whether `uri` is one of the client's redirect URIs: exactly, or a loopback one on
        any port (RFC 8252 section 7.3)."""
        if uri in self.redirect_uris:
            return True
        asked = uris.split(uri)
        if asked.hostname not in _LOOPBACK:
            return False
        return any(
            (given.scheme, given.hostname, given.path, given.query)
            == (asked.scheme, asked.hostname, asked.path, asked.query)
            for given in map(uris.split, self.redirect_uris)
        )


#: the loopback IP hosts of RFC 8252 section 7.3 (as ``urlsplit`` gives them)
_LOOPBACK = frozenset({"127.0.0.1", "::1"})


@dataclass
class DeviceAuthorization:
    device_code: str
    user_code: str
    client_id: str
    #: the instance the start URL named, and the account that owns it
    account_id: str
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
    """A Region's sign-in records (shared by its accounts' `Oidc`): each is made with a new
    random key, so two accounts' requests never write the same one."""

    clients: dict[str, Client] = field(default_factory=dict)
    devices: dict[str, DeviceAuthorization] = field(default_factory=dict)
    #: user code -> device code
    user_codes: dict[str, str] = field(default_factory=dict)
    codes: dict[str, AuthorizationCode] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    #: refresh token -> access token of its session
    refresh_tokens: dict[str, str] = field(default_factory=dict)


@dataclass
class SignInRegion:
    """What sign-in keeps for a whole Region: its records and its clock."""

    store: OidcStore = field(default_factory=OidcStore)
    clock: Clock = field(default_factory=Clock)


class Oidc:
    """OIDC as one account of a Region serves it: the Region's clients, device
    authorizations, codes and tokens (`SignInRegion`), and the account's instances and
    users they sign in to."""

    def __init__(
        self,
        place: Place,
        instances: Instances,
        region: SignInRegion,
        principals: Principals,
    ) -> None:
        self.place = place
        self.instances = instances
        self.clock = region.clock
        self.principals = principals
        self.store = region.store

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
        found = self.principals.user_matching(instance.identity_store_id, "userName", user_name)
        if found is None:
            raise LookupError(
                f"identity store {instance.identity_store_id} has no user named {user_name!r}"
            )
        return SignedIn.of(instance, found)

    def issue(self, user: SignedIn, client_id: str = "", scopes: list[str] | None = None) -> Body:
        """A new access token for `user` (with a refresh token when the client may refresh)."""
        client = self.store.clients.get(client_id)
        session = self.new_session(
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
        if not client.redirects_to(redirect_uri):
            raise ValueError(f"{redirect_uri!r} is not a redirect URI of client {client_id}")
        instance = self._instance(client.issuer_url or "")
        code = AuthorizationCode(
            opaque(32),
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
            parts = uris.split(uri)
            if not parts.scheme or not (parts.netloc or parts.scheme not in ("http", "https")):
                raise InvalidRedirectUriException(f"Invalid redirect URI: {uri}")
        if AUTHORIZATION_CODE in (grant_types or []) and not redirect_uris:
            raise InvalidRequestException(
                "redirectUris are required for the authorization_code grant"
            )
        now = self.clock.now()
        client = Client(
            opaque(32),
            opaque(64),
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
        device_code = opaque(64)
        user_code = self._new_user_code(device_code)
        device = DeviceAuthorization(
            device_code,
            user_code,
            client_id,
            instance.owner_account_id,
            instance.arn,
            self.clock.now() + DEVICE_CODE_SECONDS,
            POLL_INTERVAL,
        )
        self.store.devices[device_code] = device
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
            return self._device_code_grant(client, required(device_code, "deviceCode"))
        if grant_type == REFRESH_TOKEN:
            return self._refresh(client_id, required(refresh_token, "refreshToken"))
        return self._code_grant(
            client_id,
            required(code, "code"),
            required(redirect_uri, "redirectUri"),
            required(code_verifier, "codeVerifier"),
        )

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

    def _refresh(self, client_id: str, refresh_token: str) -> Body:
        session = self.spend_refresh_token(client_id, refresh_token)
        return self.issue(session.user, client_id, session.scopes)

    def spend_refresh_token(self, client_id: str, refresh_token: str) -> Session:
        """The session a client's refresh token belongs to, ended with its refresh token
        spent (a refresh gives new tokens); ``InvalidGrantException`` for a token that is
        unknown, spent, logged out or another client's."""
        access_token = self.store.refresh_tokens.get(refresh_token)
        session = self.store.sessions.get(access_token or "")
        if session is None or session.ended or session.client_id != client_id:
            raise InvalidGrantException("Invalid refresh token provided")
        session.ended = True
        del self.store.refresh_tokens[refresh_token]
        return session

    def _code_grant(
        self, client_id: str, code: str, redirect_uri: str, code_verifier: str
    ) -> Body:
        grant = self.take_code(client_id, code, redirect_uri, code_verifier)
        return self.issue(grant.user, client_id)

    def take_code(
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

    def new_session(
        self, user: SignedIn, client_id: str, scopes: list[str], *, refreshable: bool
    ) -> Session:
        """A new access token (and refresh token, when `refreshable`), kept in the store."""
        session = Session(
            "aoa" + opaque(48),
            user,
            client_id,
            scopes,
            self.clock.now() + ACCESS_TOKEN_SECONDS,
        )
        if refreshable:
            session.refresh_token = "aor" + opaque(48)
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
        named = names_instance(start_url)
        for instance in here:
            if named(instance):
                return instance
        if not here:
            raise InvalidRequestException(
                f"No IAM Identity Center instance in account {self.place.account_id} and "
                f"region {self.place.region} answers start URL {start_url}"
            )
        return here[0]

    def _new_user_code(self, device_code: str) -> str:
        """A user code no pending authorization of the Region has, kept for `device_code`
        (``setdefault`` takes it in one step, whichever account's request is first)."""
        while True:
            letters = user_code_letters()
            code = f"{letters[:4]}-{letters[4:]}"
            if self.store.user_codes.setdefault(code, device_code) == device_code:
                return code


def names_instance(start_url: str) -> Callable[[Instance], bool]:
    """Whether a start URL names an instance: its host holds the identity store id
    (``https://d-1234567890.awsapps.com/start``) or the URL the instance id
    (``https://ssoins-1234567890abcdef.portal.us-east-1.app.aws``)."""
    host = _host(start_url) if len(start_url) <= _REMEMBERED_URL else _host.__wrapped__(start_url)
    return lambda instance: (
        instance.identity_store_id.lower() in host or instance.instance_id in start_url
    )


#: the longest start URL whose host is remembered (a client sends the same one again and
#: again; a longer one, which the validator may yet refuse, is split anew each time)
_REMEMBERED_URL = 2048


@lru_cache(maxsize=256)
def _host(start_url: str) -> str:
    """A URL's host, lower-cased (each start URL is split once: the dispatcher's routing
    and the service both ask)."""
    return uris.split(start_url).netloc.lower()


def user_code_letters() -> str:
    """Eight letters of `_USER_CODE_LETTERS`, at random, drawn in C: random bytes below 240
    (twelve times the 20 letters, so each letter is equally likely) are kept and each
    turned into its letter by one ``bytes.translate``; a draw of 12 bytes is short of 8
    kept ones once in about 2,000 draws, and then drawn again."""
    while True:
        letters = random_bytes(12).translate(_LETTER_OF_BYTE, _UNEVEN_BYTES)
        if len(letters) >= 8:
            return letters[:8].decode()


#: byte -> its letter (`user_code_letters`), and the bytes dropped (240 to 255: they would
#: make the first 16 letters likelier than the other 4)
_KEPT_BELOW = 256 - 256 % len(_USER_CODE_LETTERS)
_LETTER_OF_BYTE = bytes(
    ord(_USER_CODE_LETTERS[byte % len(_USER_CODE_LETTERS)]) for byte in range(256)
)
_UNEVEN_BYTES = bytes(range(_KEPT_BELOW, 256))


def opaque(size: int) -> str:
    """A random URL-safe string of `size` bytes' worth that starts with a letter or digit (a
    leading ``-`` would read as an option on a command line: ``--client-secret -x...``).
    What ``secrets.token_urlsafe(size)`` makes, from `random_bytes`."""
    while True:
        # `base64.urlsafe_b64encode`, without its two Python frames
        encoded = b2a_base64(random_bytes(size), newline=False).translate(_URL_SAFE)
        text = encoded.rstrip(b"=").decode()
        if text[0].isalnum():
            return text


#: base64's alphabet to the URL-safe one (what `base64.urlsafe_b64encode` translates with)
_URL_SAFE = bytes.maketrans(b"+/", b"-_")


class _RandomBytes:
    """The system's randomness (``os.urandom``, what `secrets` reads) read 4 KiB at a time
    and handed out in slices: a token, a secret or a code costs a slice, not a system call.
    A slice is never handed out twice, across threads too; a forked child drops what its
    parent had read, so the two never hand out the same bytes."""

    _SIZE = 4096

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buffer = b""
        self._at = 0

    def take(self, size: int) -> bytes:
        if size > self._SIZE:
            return os.urandom(size)
        with self._lock:
            at = self._at
            if at + size > len(self._buffer):
                self._buffer, at = os.urandom(self._SIZE), 0
            self._at = at + size
            return self._buffer[at : at + size]

    def forget(self) -> None:
        """Drop the bytes read so far (in a forked child)."""
        self._lock = threading.Lock()
        self._buffer, self._at = b"", 0


_RANDOM = _RandomBytes()
os.register_at_fork(after_in_child=_RANDOM.forget)
#: `size` random bytes from the system's randomness (`_RandomBytes`)
random_bytes = _RANDOM.take


def required(value: str | None, member: str) -> str:
    if not value:
        raise InvalidRequestException(f"{member} is required for this grant type")
    return value


def s256(verifier: str) -> str:
    """The S256 code challenge of a verifier: BASE64URL(SHA256(verifier)), unpadded."""
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
