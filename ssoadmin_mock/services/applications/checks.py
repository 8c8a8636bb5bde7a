"""The request checks of the application settings (`settings`) that need no state.

- ``ActorPolicy`` (PutApplicationAuthenticationMethod) is a document-typed member: botocore
  sends whatever JSON value it is given. It must be an IAM policy document (a JSON object in
  the IAM policy grammar: ``Version`` 2012-10-17 or 2008-10-17, ``Statement`` one statement
  or a non-empty list, each with ``Effect`` Allow or Deny and ``Action`` or ``NotAction``, no
  elements IAM does not define); anything else is ValidationException.
- The ``Grant`` and ``AuthenticationMethod`` union members must be the ones for their type
  member (model: "must match the grant type selected"); what is stored keeps only what the
  model defines.
- ``RedirectUris`` is required for authorization_code (model); redirect URIs must be absolute
  and carry no fragment (RFC 6749 3.1.2). Authorized token issuers need audiences.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from botocore.model import Shape

from ... import service, uris
from ...exceptions import ValidationException
from ..account import copy_body

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


# --- grants: per-type checks ---------------------------------------------------------------


def check_authorization_code(grant: dict[str, Any]) -> None:
    """Redirect URIs: required, each once, absolute and without a fragment (RFC 6749 3.1.2)."""
    redirects = grant.get("RedirectUris")
    if not redirects:
        raise ValidationException("RedirectUris is required when GrantType is authorization_code.")
    refuse_repeats(redirects, "RedirectUris")
    for uri in redirects:
        if not uris.split(uri).scheme or "#" in uri:
            raise ValidationException(
                f"Redirect URI '{uri}' is not valid: it must be an absolute URI without a fragment."
            )


def check_issuer_settings(issuer: dict[str, Any]) -> None:
    """One authorized token issuer of a JWT bearer grant: an ARN and its audiences."""
    arn = issuer.get("TrustedTokenIssuerArn")
    if not arn:
        raise ValidationException("Each AuthorizedTokenIssuer needs a TrustedTokenIssuerArn.")
    audiences = issuer.get("AuthorizedAudiences")
    if not audiences:
        raise ValidationException(
            f"AuthorizedTokenIssuer {arn} needs AuthorizedAudiences (the aud claims the "
            "application accepts)."
        )
    refuse_repeats(audiences, "AuthorizedAudiences")


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


def union_member(
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


def pruned(operation: str, member: str, value: Any) -> Any:
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
    return copy_body(value)


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


def refuse_repeats(values: list[Any], where: str) -> None:
    """Refuse a list that names a value more than once."""
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise ValidationException(f"{where} names '{value}' more than once.")
        seen.add(value)
