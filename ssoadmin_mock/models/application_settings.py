"""What an application is configured with: access scopes, authentication methods, grants and
session configuration.

- Access scopes (Put/Get/Delete/ListApplicationAccessScope(s)): a scope name (its syntax is
  the model's pattern) with optional authorized targets (application or instance ARNs).
  Putting a scope again replaces its targets; a target named twice is refused.
- Authentication methods (Put/Get/Delete/ListApplicationAuthenticationMethod(s)): one per
  method type. The model's only type is IAM, whose ``ActorPolicy`` is a document-typed member:
  botocore sends whatever JSON value it is given. It must be an IAM policy document (a JSON
  object in the IAM policy grammar: ``Version`` 2012-10-17 or 2008-10-17, ``Statement`` one
  statement or a non-empty list, each with ``Effect`` Allow or Deny and ``Action`` or
  ``NotAction``, no elements IAM does not define); anything else is ValidationException.
- Grants (Put/Get/Delete/ListApplicationGrant(s)): one per grant type. The ``Grant`` union
  member must be the one for ``GrantType`` (model: "must match the grant type selected").
  ``RedirectUris`` is required for authorization_code and ``AuthorizedTokenIssuers`` for
  jwt-bearer (model); redirect URIs must be absolute and carry no fragment (RFC 6749 3.1.2).
  Every authorized token issuer names a trusted token issuer of the application's instance
  (checked to exist when the trusted token issuer domain is present) and its audiences.
- Session configuration: ``UserBackgroundSessionApplicationStatus``, ENABLED until set
  ("User background sessions are enabled by default", IAM Identity Center user guide).

A Get or Delete of something the application does not have is ResourceNotFoundException.
Lists are in first-put order; a Put that replaces keeps the item's place.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from botocore.model import Shape

from .. import ids, service
from ..exceptions import ResourceNotFoundException, ValidationException
from .application_base import Application, ApplicationBase, Keyed
from .base import Body

POLICY_VERSIONS = ("2012-10-17", "2008-10-17")
POLICY_ELEMENTS = frozenset({"Version", "Id", "Statement"})
STATEMENT_ELEMENTS = frozenset(
    {
        "Sid",
        "Effect",
        "Principal",
        "NotPrincipal",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Condition",
    }
)
EFFECTS = ("Allow", "Deny")


class ApplicationSettingsMixin(ApplicationBase):
    # --- access scopes -------------------------------------------------------------------

    def put_application_access_scope(
        self, scope: str, application_arn: str, authorized_targets: list[str] | None = None
    ) -> Body:
        application = self.get_application(application_arn)
        value: dict[str, Any] = {}
        if authorized_targets is not None:
            _refuse_repeats(authorized_targets, "AuthorizedTargets")
            value["AuthorizedTargets"] = list(authorized_targets)
        _put(application.scopes, scope, value)
        return {}

    def get_application_access_scope(self, application_arn: str, scope: str) -> Body:
        application = self.get_application(application_arn)
        return _scope_body(scope, _get(application.scopes, scope, _scope_missing(application)))

    def delete_application_access_scope(self, application_arn: str, scope: str) -> Body:
        application = self.get_application(application_arn)
        _get(application.scopes, scope, _scope_missing(application))
        del application.scopes[scope]
        return {}

    def list_application_access_scopes(
        self,
        application_arn: str,
        max_results: int | None = None,
        next_token: str | None = None,
    ) -> Body:
        application = self.get_application(application_arn)
        return self._list_keyed(
            "ListApplicationAccessScopes",
            "Scopes",
            application,
            application.scopes,
            _scope_body,
            max_results,
            next_token,
        )

    # --- authentication methods ----------------------------------------------------------

    def put_application_authentication_method(
        self,
        application_arn: str,
        authentication_method_type: str,
        authentication_method: dict[str, Any],
    ) -> Body:
        application = self.get_application(application_arn)
        operation = "PutApplicationAuthenticationMethod"
        member = _union_member(
            operation,
            "AuthenticationMethod",
            authentication_method,
            authentication_method_type,
            "AuthenticationMethodType",
        )
        check_actor_policy(authentication_method[member]["ActorPolicy"])
        method = _pruned(operation, "AuthenticationMethod", authentication_method)
        _put(application.authentication_methods, authentication_method_type, method)
        return {}

    def get_application_authentication_method(
        self, application_arn: str, authentication_method_type: str
    ) -> Body:
        application = self.get_application(application_arn)
        method = _get(
            application.authentication_methods,
            authentication_method_type,
            _method_missing(application),
        )
        return {"AuthenticationMethod": method}

    def delete_application_authentication_method(
        self, application_arn: str, authentication_method_type: str
    ) -> Body:
        application = self.get_application(application_arn)
        methods = application.authentication_methods
        _get(methods, authentication_method_type, _method_missing(application))
        del application.authentication_methods[authentication_method_type]
        return {}

    def list_application_authentication_methods(
        self, application_arn: str, next_token: str | None = None
    ) -> Body:
        application = self.get_application(application_arn)
        return self._list_keyed(
            "ListApplicationAuthenticationMethods",
            "AuthenticationMethods",
            application,
            application.authentication_methods,
            lambda kind, value: {
                "AuthenticationMethodType": kind,
                "AuthenticationMethod": copy.deepcopy(value),
            },
            None,
            next_token,
        )

    # --- grants --------------------------------------------------------------------------

    def put_application_grant(
        self, application_arn: str, grant_type: str, grant: dict[str, Any]
    ) -> Body:
        application = self.get_application(application_arn)
        member = _union_member("PutApplicationGrant", "Grant", grant, grant_type, "GrantType")
        if member == "AuthorizationCode":
            _check_authorization_code(grant[member])
        elif member == "JwtBearer":
            self._check_jwt_bearer(application, grant[member])
        _put(application.grants, grant_type, _pruned("PutApplicationGrant", "Grant", grant))
        return {}

    def get_application_grant(self, application_arn: str, grant_type: str) -> Body:
        application = self.get_application(application_arn)
        return {"Grant": _get(application.grants, grant_type, _grant_missing(application))}

    def delete_application_grant(self, application_arn: str, grant_type: str) -> Body:
        application = self.get_application(application_arn)
        _get(application.grants, grant_type, _grant_missing(application))
        del application.grants[grant_type]
        return {}

    def list_application_grants(self, application_arn: str, next_token: str | None = None) -> Body:
        application = self.get_application(application_arn)
        return self._list_keyed(
            "ListApplicationGrants",
            "Grants",
            application,
            application.grants,
            lambda kind, value: {"GrantType": kind, "Grant": copy.deepcopy(value)},
            None,
            next_token,
        )

    # --- session configuration -----------------------------------------------------------

    def put_application_session_configuration(
        self,
        application_arn: str,
        user_background_session_application_status: str | None = None,
    ) -> Body:
        application = self.get_application(application_arn)
        if user_background_session_application_status is not None:
            application.background_sessions = user_background_session_application_status
        return {}

    def get_application_session_configuration(self, application_arn: str) -> Body:
        application = self.get_application(application_arn)
        return {"UserBackgroundSessionApplicationStatus": application.background_sessions}

    # --- helpers ---------------------------------------------------------------------------

    def _list_keyed(
        self,
        operation: str,
        member: str,
        application: Application,
        items: dict[str, Keyed],
        render: Callable[[str, dict[str, Any]], Any],
        max_results: int | None,
        next_token: str | None,
    ) -> Body:
        """A List body of `application`'s keyed values, each rendered from (key, value)."""
        return self.list_page(
            operation,
            member,
            list(items.items()),
            lambda pair: render(pair[0], pair[1].value),
            key=lambda pair: pair[1].seq,
            max_results=max_results,
            next_token=next_token,
            selectors=(application.arn,),
        )

    def _check_jwt_bearer(self, application: Application, grant: dict[str, Any]) -> None:
        """Every authorized issuer: named once, with audiences, in the application's instance."""
        issuers = grant.get("AuthorizedTokenIssuers")
        if not issuers:
            raise ValidationException(
                "AuthorizedTokenIssuers is required when GrantType is "
                "urn:ietf:params:oauth:grant-type:jwt-bearer."
            )
        for issuer in issuers:
            _check_issuer_settings(issuer)
        _refuse_repeats(
            [issuer["TrustedTokenIssuerArn"] for issuer in issuers],
            "AuthorizedTokenIssuers.TrustedTokenIssuerArn",
        )
        finder: Callable[[str], object] | None = getattr(
            self, "_find_trusted_token_issuer_by_arn", None
        )
        for issuer in issuers:
            arn = issuer["TrustedTokenIssuerArn"]
            if ids.instance_arn_of(arn) != application.instance_arn:
                raise ResourceNotFoundException(
                    f"Trusted token issuer {arn} does not exist in instance "
                    f"{application.instance_arn}."
                )
            if finder is not None:
                finder(arn)


# --- grants: per-type checks ---------------------------------------------------------------


def _check_authorization_code(grant: dict[str, Any]) -> None:
    """Redirect URIs: required, each once, absolute and without a fragment (RFC 6749 3.1.2)."""
    uris = grant.get("RedirectUris")
    if not uris:
        raise ValidationException("RedirectUris is required when GrantType is authorization_code.")
    _refuse_repeats(uris, "RedirectUris")
    for uri in uris:
        if not urlsplit(uri).scheme or "#" in uri:
            raise ValidationException(
                f"Redirect URI '{uri}' is not valid: it must be an absolute URI without a fragment."
            )


def _check_issuer_settings(issuer: dict[str, Any]) -> None:
    arn = issuer.get("TrustedTokenIssuerArn")
    if not arn:
        raise ValidationException("Each AuthorizedTokenIssuer needs a TrustedTokenIssuerArn.")
    audiences = issuer.get("AuthorizedAudiences")
    if not audiences:
        raise ValidationException(
            f"AuthorizedTokenIssuer {arn} needs AuthorizedAudiences (the aud claims the "
            "application accepts)."
        )
    _refuse_repeats(audiences, "AuthorizedAudiences")


# --- unions: which member goes with which type ---------------------------------------------


def _input_member(operation: str, member: str) -> Shape:
    shape = service.operation_model(operation).input_shape
    return shape.members[member]


@cache
def union_members_by_type(operation: str, union: str, type_member: str) -> dict[str, str]:
    """Type enum value -> union member, matched by name as the model pairs them.

    ``authorization_code`` -> ``AuthorizationCode``,
    ``urn:ietf:params:oauth:grant-type:jwt-bearer`` -> ``JwtBearer``, ``IAM`` -> ``Iam``: the
    last ``:`` segment without ``_``/``-``, compared case-insensitively.
    """
    members = {name.lower(): name for name in _input_member(operation, union).members}
    pairs = {}
    for value in _input_member(operation, type_member).enum:
        plain = value.rsplit(":", 1)[-1].replace("_", "").replace("-", "").lower()
        if plain in members:
            pairs[value] = members[plain]
    return pairs


def _union_member(
    operation: str, union: str, value: dict[str, Any], kind: str, type_member: str
) -> str:
    """The union member set in `value`, refused unless it is the one for `kind`.

    The validator has already made sure exactly one modeled member is set.
    """
    expected = union_members_by_type(operation, union, type_member).get(kind)
    given: str = next(
        name for name in _input_member(operation, union).members if value.get(name) is not None
    )
    if given != expected:
        raise ValidationException(
            f"{union} member {given} does not match {type_member} {kind}"
            + (f"; {kind} takes {union}.{expected}." if expected else ".")
        )
    return given


def _pruned(operation: str, member: str, value: Any) -> Any:
    """`value` keeping only what the model defines (a raw client may send more)."""
    return _prune(value, _input_member(operation, member))


def _prune(value: Any, shape: Shape) -> Any:
    if shape.type_name == "structure" and not shape.metadata.get("document"):
        return {
            name: _prune(value[name], member)
            for name, member in shape.members.items()
            if value.get(name) is not None
        }
    if shape.type_name == "list":
        return [_prune(item, shape.member) for item in value]
    return copy.deepcopy(value)


# --- IAM policy documents ------------------------------------------------------------------


def check_actor_policy(policy: Any) -> None:
    """Refuse an ActorPolicy that is not an IAM policy document."""
    if not isinstance(policy, dict):
        raise ValidationException("ActorPolicy must be an IAM policy document (a JSON object).")
    unknown = sorted(set(policy) - POLICY_ELEMENTS)
    if unknown:
        raise ValidationException(f"ActorPolicy has elements IAM does not define: {unknown}.")
    version = policy.get("Version")
    if version is not None and version not in POLICY_VERSIONS:
        raise ValidationException(
            f"ActorPolicy Version '{version}' is not valid; use 2012-10-17 or 2008-10-17."
        )
    statements = policy.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        raise ValidationException("ActorPolicy needs a Statement (one or a non-empty list).")
    for statement in statements:
        _check_statement(statement)


def _check_statement(statement: Any) -> None:
    if not isinstance(statement, dict):
        raise ValidationException("Each ActorPolicy statement must be a JSON object.")
    unknown = sorted(set(statement) - STATEMENT_ELEMENTS)
    if unknown:
        raise ValidationException(
            f"ActorPolicy statement has elements IAM does not define: {unknown}."
        )
    if statement.get("Effect") not in EFFECTS:
        raise ValidationException("Each ActorPolicy statement needs an Effect of Allow or Deny.")
    actions = [key for key in ("Action", "NotAction") if key in statement]
    if len(actions) != 1:
        raise ValidationException(
            "Each ActorPolicy statement needs exactly one of Action or NotAction."
        )
    action = statement[actions[0]]
    listed = action if isinstance(action, list) else [action]
    if not listed or not all(isinstance(item, str) and item for item in listed):
        raise ValidationException(
            f"ActorPolicy statement {actions[0]} must be an action name or a list of them."
        )


# --- small helpers -------------------------------------------------------------------------


def _refuse_repeats(values: list[Any], where: str) -> None:
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise ValidationException(f"{where} names '{value}' more than once.")
        seen.add(value)


def _put(items: dict[str, Keyed], key: str, value: dict[str, Any]) -> None:
    """Store a copy of `value` under `key`, keeping the key's place if it was there."""
    kept = items.get(key)
    if kept is None:
        items[key] = Keyed(copy.deepcopy(value), ids.next_sequence())
    else:
        kept.value = copy.deepcopy(value)


def _get(items: dict[str, Keyed], key: str, missing: Callable[[str], str]) -> dict[str, Any]:
    kept = items.get(key)
    if kept is None:
        raise ResourceNotFoundException(missing(key))
    return copy.deepcopy(kept.value)


def _scope_body(scope: str, value: dict[str, Any]) -> Body:
    body: Body = {"Scope": scope}
    if "AuthorizedTargets" in value:
        body["AuthorizedTargets"] = list(value["AuthorizedTargets"])
    return body


def _scope_missing(application: Application) -> Callable[[str], str]:
    return lambda scope: f"Access scope {scope} does not exist for application {application.arn}."


def _method_missing(application: Application) -> Callable[[str], str]:
    return lambda kind: (
        f"Authentication method {kind} does not exist for application {application.arn}."
    )


def _grant_missing(application: Application) -> Callable[[str], str]:
    return lambda kind: f"Grant {kind} does not exist for application {application.arn}."
