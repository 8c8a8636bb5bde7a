"""Which account serves an unsigned sign-in request: the one that owns what it names.

The access portal's and OIDC's requests (boto3 ``sso``, ``sso-oidc``) carry no credentials,
so AWS serves them by what they name, not by who sends them: a start URL names an instance
(StartDeviceAuthorization's ``startUrl``, "The URL for the Amazon Web Services access portal",
IAM Identity Center OIDC API reference), and the access token of the portal's requests is
the one OIDC issued for a user of that instance (``accessToken``, "The token issued by the
CreateToken API call", AWS SSO Portal API reference). The Region's clients, codes and tokens
are one store shared by its accounts (`services.oidc.SignInRegion`); this module tells the
dispatcher whose backend serves a request:

- StartDeviceAuthorization: the account whose ACTIVE instance in the Region the start URL
  names (`services.oidc.names_instance`), the request's own account looked at first;
- CreateToken: the account of the instance its device code, refresh token or authorization
  code was issued for;
- ListAccounts, ListAccountRoles, GetRoleCredentials and Logout: the account of the access
  token's instance;
- any other request, or one whose name matches nothing: the account the request resolves
  to, which answers as AWS answers a name it does not know (RegisterClient's client is the
  Region's, whichever account's backend serves it).

The stores are read outside their locks (a look-up of a random key, or a copy of an
account's instances taken in one step), as `delegation` reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .backend import SSOAdminBackend, region_backends
from .services.instances import ACTIVE, Instance
from .services.oidc import OidcStore, names_instance


def serving_account(operation: str, params: Mapping[str, Any], backend: SSOAdminBackend) -> str:
    """The account whose backend serves this request of `backend`'s account and Region."""
    find = _NAMED_BY.get(operation)
    found = None if find is None else find(params, backend)
    return found or backend.place.account_id


def start_url_owner(start_url: str, backend: SSOAdminBackend) -> str | None:
    """The account that owns the ACTIVE instance of `backend`'s Region that `start_url`
    names: `backend`'s own account first, then every other account in use there."""
    return instance_owner(names_instance(start_url), backend)


def instance_owner(named: Callable[[Instance], bool], backend: SSOAdminBackend) -> str | None:
    """The account that owns an ACTIVE instance of `backend`'s Region for which `named` is
    true (`backend`'s own account looked at first), or None."""
    region = backend.place.region
    found = _owner_among(backend, named, region)
    if found is None:
        for other in region_backends(region):
            if other is not backend:
                found = _owner_among(other, named, region)
                if found is not None:
                    break
    return found


def _owner_among(
    backend: SSOAdminBackend, named: Callable[[Instance], bool], region: str
) -> str | None:
    for instance in tuple(backend.account.instances.values()):
        if instance.region == region and instance.status == ACTIVE and named(instance):
            return instance.owner_account_id
    return None


def _text(params: Mapping[str, Any], member: str) -> str:
    """A string member of the request ("" when absent or not a string: the validator, which
    runs next, refuses it)."""
    value = params.get(member)
    return value if isinstance(value, str) else ""


def _by_start_url(params: Mapping[str, Any], backend: SSOAdminBackend) -> str | None:
    return start_url_owner(_text(params, "startUrl"), backend)


def _by_grant(params: Mapping[str, Any], backend: SSOAdminBackend) -> str | None:
    store: OidcStore = backend.oidc.store
    device = store.devices.get(_text(params, "deviceCode"))
    if device is not None:
        return device.account_id
    session = store.sessions.get(store.refresh_tokens.get(_text(params, "refreshToken"), ""))
    if session is not None:
        return session.user.account_id
    code = store.codes.get(_text(params, "code"))
    return None if code is None else code.user.account_id


def _by_access_token(params: Mapping[str, Any], backend: SSOAdminBackend) -> str | None:
    session = backend.oidc.store.sessions.get(_text(params, "accessToken"))
    return None if session is None else session.user.account_id


_NAMED_BY: dict[str, Callable[[Mapping[str, Any], SSOAdminBackend], str | None]] = {
    "StartDeviceAuthorization": _by_start_url,
    "CreateToken": _by_grant,
    "ListAccounts": _by_access_token,
    "ListAccountRoles": _by_access_token,
    "GetRoleCredentials": _by_access_token,
    "Logout": _by_access_token,
}
