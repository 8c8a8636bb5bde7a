"""Signing in without a browser: what a user would do on the AWS access portal's pages.

Tests (and, through ``ssoadmin-mock serve``'s ``/_ssoadmin_mock/portal/...`` endpoints,
programs in any language) use these where a person would use a browser::

    device = oidc.start_device_authorization(...)
    portal.approve(device["userCode"], "alice")       # alice approves on the device page
    token = oidc.create_token(...)["accessToken"]

    token = portal.access_token("alice")              # or: a portal token for alice at once

Users are found by user name in the identity store of the instance the sign-in is for,
whichever account owns it (`ssoadmin_mock.sign_in`). Where nothing names an instance, the
account defaults to the one unsigned sso and sso-oidc requests resolve to
(``MOTO_ACCOUNT_ID``, else moto's default account); the Region defaults to ``us-east-1``.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import warnings
from pathlib import Path
from typing import Any

from moto.core.models import DEFAULT_ACCOUNT_ID

from .backend import SSOAdminBackend, ssoadmin_backends
from .moto_bridge import backend_of
from .services.oidc import DEVICE_CODE, REFRESH_TOKEN, s256
from .sign_in import instance_owner, start_url_owner

__all__ = [
    "DEFAULT_ACCOUNT_ID",
    "access_token",
    "advance_clock",
    "approve",
    "authorize",
    "s256",
    "sso_login",
]

DEFAULT_REGION = "us-east-1"


def approve(user_code: str, user_name: str) -> None:
    """The user `user_name` approves the pending device authorization `user_code` (from
    StartDeviceAuthorization), in whichever account and Region it was started. The next
    CreateToken with its device code gets the tokens. `LookupError` when no pending
    authorization has that code, or the identity store has no such user."""
    from .inspection import backends

    for backend in backends():  # each Region's store is shared: the first backend answers
        store = backend.oidc.store
        device = store.devices.get(store.user_codes.get(user_code.upper(), ""))
        if device is not None:
            owner = _backend(device.account_id, backend.place.region)
            with owner.lock:
                owner.oidc.approve(user_code, user_name)
            return
    raise LookupError(f"no pending device authorization has user code {user_code!r}")


def access_token(
    user_name: str,
    *,
    account_id: str | None = None,
    region: str = DEFAULT_REGION,
    instance_arn: str | None = None,
) -> str:
    """A live access-portal token for `user_name` of the identity store of the account's
    instance in `region`, or of the instance `instance_arn` (in whichever account owns it,
    unless `account_id` is given), as if the user had signed in."""
    backend = _backend(account_id, region)
    if instance_arn is not None and account_id is None:
        owner = instance_owner(lambda instance: instance.arn == instance_arn, backend)
        if owner is not None:
            backend = _backend(owner, region)
    with backend.lock:
        backend.begin_request()
        instances = [i for i in backend.instances.here() if instance_arn in (None, i.arn)]
        if not instances:
            raise LookupError(
                f"account {backend.place.account_id} has no IAM Identity Center instance in "
                f"{region}"
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
    account_id: str | None = None,
    region: str = DEFAULT_REGION,
) -> str:
    """The authorization code the authorization endpoint would redirect to `redirect_uri`
    with once `user_name` signs in, for a client registered with the ``authorization_code``
    grant (PKCE: `code_challenge` is ``s256(code_verifier)``). ``ValueError`` for a request
    the endpoint would refuse."""
    backend = _backend(account_id, region)
    client = backend.oidc.store.clients.get(client_id)
    if client is not None and client.issuer_url:  # the instance its issuer URL names
        backend = _owner(client.issuer_url, backend)
    with backend.lock:
        backend.begin_request()
        return backend.oidc.authorize(
            client_id, redirect_uri, code_challenge, user_name, code_challenge_method
        )


def advance_clock(
    seconds: float, *, account_id: str | None = None, region: str = DEFAULT_REGION
) -> None:
    """Move sign-in's clock of the Region forward: tokens, device codes and client
    registrations of every account there expire as if `seconds` had passed (reset with the
    mock). `account_id` is deprecated: the clock is the Region's."""
    if account_id is not None:
        warnings.warn(
            "advance_clock's account_id is ignored: sign-in's clock is the Region's, every "
            "account's",
            DeprecationWarning,
            stacklevel=2,
        )
    backend = _backend(None, region)
    with backend.lock:
        backend.clock.advance(seconds)


def sso_login(
    session_name: str,
    user_name: str,
    *,
    start_url: str,
    sso_region: str = DEFAULT_REGION,
    account_id: str | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    expires_in: int | None = None,
) -> Path:
    """What ``aws sso login --sso-session <session_name>`` does, with `user_name` approving
    in the browser: a client registered for the device code and refresh token grants, a
    device authorization approved, a token made, and the token cache file botocore's SSO
    token provider reads (``<cache_dir>/<sha1 of the session name>.json``, with the client
    registration and refresh token, as the AWS CLI writes it) written. `cache_dir` defaults
    to botocore's (``~/.aws/sso/cache``, fixed when botocore is imported). `expires_in` writes
    an ``expiresAt`` that soon (the token itself lasts its hour): botocore refreshes a token
    within 15 minutes of its expiry through sso-oidc's refresh token grant. The path of the
    file written."""
    backend = _owner(start_url, _backend(account_id, sso_region))
    with backend.lock:
        backend.begin_request()
        oidc = backend.oidc
        client = oidc.register_client(
            f"botocore-client-{session_name}",
            "public",
            scopes=["sso:account:access"],
            grant_types=[DEVICE_CODE, REFRESH_TOKEN],
        )
        device = oidc.start_device_authorization(
            client["clientId"], client["clientSecret"], start_url
        )
        oidc.approve(device["userCode"], user_name)
        token = oidc.create_token(
            client["clientId"], client["clientSecret"], DEVICE_CODE, device["deviceCode"]
        )
    if cache_dir is None:
        from botocore.tokens import SSOTokenProvider

        cache_dir = SSOTokenProvider._SSO_TOKEN_CACHE_DIR
    directory = Path(cache_dir)
    directory.mkdir(parents=True, exist_ok=True)
    cached: dict[str, Any] = {
        "startUrl": start_url,
        "region": sso_region,
        "accessToken": token["accessToken"],
        "expiresAt": _utc(time.time() + (expires_in or token["expiresIn"])),
        "clientId": client["clientId"],
        "clientSecret": client["clientSecret"],
        "registrationExpiresAt": _utc(client["clientSecretExpiresAt"]),
        "refreshToken": token["refreshToken"],
    }
    path = directory / (hashlib.sha1(session_name.encode()).hexdigest() + ".json")
    path.write_text(json.dumps(cached))
    return path


def _utc(epoch: float) -> str:
    """An instant as the SSO token cache writes it: ``2026-01-01T00:00:00Z``."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def _owner(start_url: str, backend: SSOAdminBackend) -> SSOAdminBackend:
    """The backend of the account whose instance `start_url` names, else `backend`."""
    owner = start_url_owner(start_url, backend)
    return backend if owner is None else _backend(owner, backend.place.region)


def _backend(account_id: str | None, region: str) -> SSOAdminBackend:
    """The backend of `account_id` (default: the account an unsigned request resolves to,
    ``MOTO_ACCOUNT_ID`` or moto's default account) in `region`."""
    account = account_id or os.environ.get("MOTO_ACCOUNT_ID") or DEFAULT_ACCOUNT_ID
    backend: SSOAdminBackend = backend_of(ssoadmin_backends, account, region)
    return backend
