"""What an application is configured with: access scopes, authentication methods, grants and
session configuration.

- Access scopes (Put/Get/Delete/ListApplicationAccessScope(s)): a scope name (its syntax is
  the model's pattern) with optional authorized targets (application or instance ARNs).
  Putting a scope again replaces its targets; a target named twice is refused.
- Authentication methods (Put/Get/Delete/ListApplicationAuthenticationMethod(s)): one per
  method type. The model's only type is IAM, whose ``ActorPolicy`` must be an IAM policy
  document (`checks.check_actor_policy`).
- Grants (Put/Get/Delete/ListApplicationGrant(s)): one per grant type. The ``Grant`` union
  member must be the one for ``GrantType`` (model: "must match the grant type selected").
  ``RedirectUris`` is required for authorization_code and ``AuthorizedTokenIssuers`` for
  jwt-bearer (model). Every authorized token issuer names a trusted token issuer of the
  application's instance (checked to exist when the backend hands this service a finder of
  trusted token issuers) and its audiences.
- Session configuration: ``UserBackgroundSessionApplicationStatus``, ENABLED until set
  ("User background sessions are enabled by default", IAM Identity Center user guide).

A Get or Delete of something the application does not have is ResourceNotFoundException.
Lists are in first-put order; a Put that replaces keeps the item's place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ... import ids
from ...exceptions import ResourceNotFoundException, ValidationException
from ...jsontext import UNCHANGING, remembering
from ...operations import Listing, operation
from ..account import Body, copy_body
from .checks import (
    check_actor_policy,
    check_authorization_code,
    check_issuer_settings,
    pruned,
    refuse_repeats,
    union_member,
)
from .store import Application, ApplicationStore, Keyed

#: raises `ResourceNotFoundException` unless the ARN names an existing trusted token issuer
IssuerFinder = Callable[[str], object]

class ApplicationSettings:
    """The access scopes, authentication methods, grants and session configuration of the
    applications of one account and Region."""

    def __init__(self, store: ApplicationStore, issuers: IssuerFinder | None = None) -> None:
        self.store = store
        #: finds trusted token issuers (JWT bearer grants name them); None: not checked
        self.issuers = issuers

    # --- access scopes -------------------------------------------------------------------

    @operation("PutApplicationAccessScope")
    def put_access_scope(
        self, scope: str, application_arn: str, authorized_targets: list[str] | None = None
    ) -> Body:
        application = self.store.get(application_arn)
        value: dict[str, Any] = {}
        if authorized_targets is not None:
            refuse_repeats(authorized_targets, "AuthorizedTargets")
            value["AuthorizedTargets"] = list(authorized_targets)
        _put(application.scopes, scope, value)
        return {}

    @operation("GetApplicationAccessScope")
    def get_access_scope(self, application_arn: str, scope: str) -> Body:
        application = self.store.get(application_arn)
        return _scope_body(scope, _get(application.scopes, scope, _scope_missing(application)))

    @operation("DeleteApplicationAccessScope")
    def delete_access_scope(self, application_arn: str, scope: str) -> Body:
        application = self.store.get(application_arn)
        _get(application.scopes, scope, _scope_missing(application))
        del application.scopes[scope]
        return {}

    @operation("ListApplicationAccessScopes")
    def list_access_scopes(self, application_arn: str) -> Listing[Keyed]:
        application = self.store.get(application_arn)
        return _listing(application, application.scopes, _SCOPES)

    # --- authentication methods ----------------------------------------------------------

    @operation("PutApplicationAuthenticationMethod")
    def put_authentication_method(
        self,
        application_arn: str,
        authentication_method_type: str,
        authentication_method: dict[str, Any],
    ) -> Body:
        application = self.store.get(application_arn)
        name = "PutApplicationAuthenticationMethod"
        member = union_member(
            name,
            "AuthenticationMethod",
            authentication_method,
            authentication_method_type,
            "AuthenticationMethodType",
        )
        check_actor_policy(authentication_method[member]["ActorPolicy"])
        method = pruned(name, "AuthenticationMethod", authentication_method)
        _put(application.authentication_methods, authentication_method_type, method)
        return {}

    @operation("GetApplicationAuthenticationMethod")
    def get_authentication_method(
        self, application_arn: str, authentication_method_type: str
    ) -> Body:
        application = self.store.get(application_arn)
        method = _get(
            application.authentication_methods,
            authentication_method_type,
            _method_missing(application),
        )
        return {"AuthenticationMethod": method}

    @operation("DeleteApplicationAuthenticationMethod")
    def delete_authentication_method(
        self, application_arn: str, authentication_method_type: str
    ) -> Body:
        application = self.store.get(application_arn)
        methods = application.authentication_methods
        _get(methods, authentication_method_type, _method_missing(application))
        del methods[authentication_method_type]
        return {}

    @operation("ListApplicationAuthenticationMethods")
    def list_authentication_methods(self, application_arn: str) -> Listing[Keyed]:
        application = self.store.get(application_arn)
        return _listing(application, application.authentication_methods, _METHODS)

    # --- grants --------------------------------------------------------------------------

    @operation("PutApplicationGrant")
    def put_grant(self, application_arn: str, grant_type: str, grant: dict[str, Any]) -> Body:
        application = self.store.get(application_arn)
        member = union_member("PutApplicationGrant", "Grant", grant, grant_type, "GrantType")
        if member == "AuthorizationCode":
            check_authorization_code(grant[member])
        elif member == "JwtBearer":
            self._check_jwt_bearer(application, grant[member])
        _put(application.grants, grant_type, pruned("PutApplicationGrant", "Grant", grant))
        return {}

    @operation("GetApplicationGrant")
    def get_grant(self, application_arn: str, grant_type: str) -> Body:
        application = self.store.get(application_arn)
        return {"Grant": _get(application.grants, grant_type, _grant_missing(application))}

    @operation("DeleteApplicationGrant")
    def delete_grant(self, application_arn: str, grant_type: str) -> Body:
        application = self.store.get(application_arn)
        _get(application.grants, grant_type, _grant_missing(application))
        del application.grants[grant_type]
        return {}

    @operation("ListApplicationGrants")
    def list_grants(self, application_arn: str) -> Listing[Keyed]:
        application = self.store.get(application_arn)
        return _listing(application, application.grants, _GRANTS)

    # --- session configuration -----------------------------------------------------------

    @operation("PutApplicationSessionConfiguration")
    def put_session_configuration(
        self,
        application_arn: str,
        user_background_session_application_status: str | None = None,
    ) -> Body:
        application = self.store.get(application_arn)
        if user_background_session_application_status is not None:
            application.background_sessions = user_background_session_application_status
        return {}

    @operation("GetApplicationSessionConfiguration")
    def get_session_configuration(self, application_arn: str) -> Body:
        application = self.store.get(application_arn)
        return {"UserBackgroundSessionApplicationStatus": application.background_sessions}

    # --- helpers ---------------------------------------------------------------------------

    def _check_jwt_bearer(self, application: Application, grant: dict[str, Any]) -> None:
        """Every authorized issuer: named once, with audiences, in the application's instance."""
        issuers = grant.get("AuthorizedTokenIssuers")
        if not issuers:
            raise ValidationException(
                "AuthorizedTokenIssuers is required when GrantType is "
                "urn:ietf:params:oauth:grant-type:jwt-bearer."
            )
        for issuer in issuers:
            check_issuer_settings(issuer)
        refuse_repeats(
            [issuer["TrustedTokenIssuerArn"] for issuer in issuers],
            "AuthorizedTokenIssuers.TrustedTokenIssuerArn",
        )
        for issuer in issuers:
            arn = issuer["TrustedTokenIssuerArn"]
            if ids.instance_arn_of(arn) != application.instance_arn:
                raise ResourceNotFoundException(
                    f"Trusted token issuer {arn} does not exist in instance "
                    f"{application.instance_arn}."
                )
            if self.issuers is not None:
                self.issuers(arn)


def _listing(
    application: Application, items: dict[str, Keyed], shown: _Shown
) -> Listing[Keyed]:
    """A Listing of `application`'s keyed values in first-put order, each rendered from
    (key, value) as `shown` renders its kind, each keeping its text (a value is never
    changed: a Put replaces it, `_put`)."""
    return Listing(
        items.values(), shown.render, scope=(application.arn,), encoded=shown.text
    )


class _Shown:
    """How a kind of keyed value is listed: its body, and the text each value keeps (for
    good: values never change, so a page of values listed before is read with no Python
    call per value, `jsontext.Remembered.texts`)."""

    def __init__(self, body: Callable[[str, dict[str, Any]], Body]) -> None:
        def render(keyed: Keyed) -> Body:
            return body(keyed.name, keyed.value)

        self.render = render
        self.text = remembering(render, UNCHANGING)


def _put(items: dict[str, Keyed], key: str, value: dict[str, Any]) -> None:
    """Store `value` under `key`, keeping the key's place if it was there (a new `Keyed`
    with the first one's sequence number: a value, once stored, never changes, so the text
    it keeps for its listing stays true). `value` is the setting's own (`pruned` from the
    request, which copies all of it, or made here): it is kept as it is, sharing nothing
    with the request."""
    kept = items.get(key)
    items[key] = Keyed(value, ids.next_sequence() if kept is None else kept.seq, key)


def _get(items: dict[str, Keyed], key: str, missing: Callable[[str], str]) -> dict[str, Any]:
    kept = items.get(key)
    if kept is None:
        raise ResourceNotFoundException(missing(key))
    value: dict[str, Any] = copy_body(kept.value)
    return value


def _scope_body(scope: str, value: dict[str, Any]) -> Body:
    body: Body = {"Scope": scope}
    if "AuthorizedTargets" in value:
        body["AuthorizedTargets"] = list(value["AuthorizedTargets"])
    return body


def _method_body(kind: str, value: dict[str, Any]) -> Body:
    return {"AuthenticationMethodType": kind, "AuthenticationMethod": copy_body(value)}


def _grant_body(kind: str, value: dict[str, Any]) -> Body:
    return {"GrantType": kind, "Grant": copy_body(value)}


_SCOPES = _Shown(_scope_body)
_METHODS = _Shown(_method_body)
_GRANTS = _Shown(_grant_body)


def _scope_missing(application: Application) -> Callable[[str], str]:
    return lambda scope: f"Access scope {scope} does not exist for application {application.arn}."


def _method_missing(application: Application) -> Callable[[str], str]:
    return lambda kind: (
        f"Authentication method {kind} does not exist for application {application.arn}."
    )


def _grant_missing(application: Application) -> Callable[[str], str]:
    return lambda kind: f"Grant {kind} does not exist for application {application.arn}."
