"""Signing in without a browser: what a user would do on the AWS access portal's pages.

Tests (and, through ``ssoadmin-mock serve``'s ``/_ssoadmin_mock/portal/...`` endpoints,
programs in any language) use these where a person would use a browser::

    device = oidc.start_device_authorization(...)
    portal.approve(device["userCode"], "alice")       # alice approves on the device page
    token = oidc.create_token(...)["accessToken"]

    token = portal.access_token("alice")              # or: a portal token for alice at once

Users are found by user name in the identity store of the instance the sign-in is for. The
account and Region default to moto's default account and ``us-east-1`` (unsigned sso and
sso-oidc requests resolve to the same account, unless ``MOTO_ACCOUNT_ID`` or the
``x-moto-account-id`` header says otherwise: see README, "Signing in").
"""

from __future__ import annotations

from moto.core.models import DEFAULT_ACCOUNT_ID

from . import inspection
from .backend import SSOAdminBackend, ssoadmin_backends
from .moto_bridge import backend_of
from .services.oidc import s256

__all__ = [
    "DEFAULT_ACCOUNT_ID",
    "access_token",
    "advance_clock",
    "approve",
    "authorize",
    "s256",
]

DEFAULT_REGION = "us-east-1"


def approve(user_code: str, user_name: str) -> None:
    """The user `user_name` approves the pending device authorization `user_code` (from
    StartDeviceAuthorization), in whichever account and Region it was started. The next
    CreateToken with its device code gets the tokens. `LookupError` when no pending
    authorization has that code, or the identity store has no such user."""
    for backend in inspection.backends():
        with backend.lock:
            if user_code.upper() in backend.oidc.store.user_codes:
                backend.oidc.approve(user_code, user_name)
                return
    raise LookupError(f"no pending device authorization has user code {user_code!r}")


def access_token(
    user_name: str,
    *,
    account_id: str = DEFAULT_ACCOUNT_ID,
    region: str = DEFAULT_REGION,
    instance_arn: str | None = None,
) -> str:
    """A live access-portal token for `user_name` of the identity store of the account's
    instance in `region` (or of `instance_arn`), as if the user had signed in."""
    backend = _backend(account_id, region)
    with backend.lock:
        backend.begin_request()
        instances = [i for i in backend.instances.here() if instance_arn in (None, i.arn)]
        if not instances:
            raise LookupError(
                f"account {account_id} has no IAM Identity Center instance in {region}"
                + (f" with ARN {instance_arn}" if instance_arn else "")
            )
        user = backend.oidc.user(instances[0], user_name)
        token: str = backend.oidc.issue(user)["accessToken"]
        return token


def authorize(
    client_id: str,
    redirect_uri: str,
    code_challenge: str,
    user_name: str,
    *,
    code_challenge_method: str = "S256",
    account_id: str = DEFAULT_ACCOUNT_ID,
    region: str = DEFAULT_REGION,
) -> str:
    """The authorization code the authorization endpoint would redirect to `redirect_uri`
    with once `user_name` signs in, for a client registered with the ``authorization_code``
    grant (PKCE: `code_challenge` is ``s256(code_verifier)``). ``ValueError`` for a request
    the endpoint would refuse."""
    backend = _backend(account_id, region)
    with backend.lock:
        backend.begin_request()
        return backend.oidc.authorize(
            client_id, redirect_uri, code_challenge, user_name, code_challenge_method
        )


def advance_clock(
    seconds: float, *, account_id: str = DEFAULT_ACCOUNT_ID, region: str = DEFAULT_REGION
) -> None:
    """Move sign-in's clock of the account and Region forward: tokens, device codes and
    client registrations expire as if `seconds` had passed (reset with the mock)."""
    backend = _backend(account_id, region)
    with backend.lock:
        backend.clock.advance(seconds)


def _backend(account_id: str, region: str) -> SSOAdminBackend:
    backend: SSOAdminBackend = backend_of(ssoadmin_backends, account_id, region)
    return backend
