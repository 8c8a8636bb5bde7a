"""Opt-in IAM authorization of sso-admin requests, in step with moto's IAM authorization mode.

moto checks callers' IAM policies once its authorization mode is on: after
``@set_initial_no_auth_action_count(n)`` (``moto.core.set_initial_no_auth_action_count``), the
``INITIAL_NO_AUTH_ACTION_COUNT`` environment variable, or ``moto.settings`` directly. The first
``n`` requests of the process go unchecked (to create the users and policies), every later one
is checked. sso-admin requests take part in the same count and are checked the same way:

1. the request must be signed by a key moto knows: an IAM user's access key, or an STS
   session's (with its token); else ``UnrecognizedClientException``;
2. the signature must match the key's secret; else ``InvalidSignatureException``;
3. the caller's identity policies (inline, attached, and those of its groups; a role's for an
   STS session) must allow ``sso:<Operation>`` on every resource the request names, with no
   explicit ``Deny``; else ``AccessDeniedException``.

The resources a request names are its top-level ``sso`` ARNs (``InstanceArn``,
``PermissionSetArn``, ``ApplicationArn``, ``ResourceArn``, ...) and the account it targets
(``TargetId`` with ``TargetType``, or ``AccountId``) as ``arn:<partition>:sso:::account/<id>``,
following the Service Authorization Reference for IAM Identity Center ("If the action has one
or more required resources, the caller must have permission to use the action with those
resources"). A request that names none is checked against ``*``. The refusal's message
names what AWS's does (`resources`, `_denied_message`). Policy evaluation is moto's
(`moto.iam.access_control.IAMPolicy`): Action/NotAction and Resource wildcards, Allow and
Deny; conditions, permission boundaries, SCPs and resource policies are not evaluated.

identitystore requests are checked the same way, for ``identitystore:<Operation>``, on the
identity store (``arn:<partition>:identitystore::<account>:identitystore/<IdentityStoreId>``)
and the users and groups they name (``arn:<partition>:identitystore:::user/<UserId>``,
``.../group/<GroupId>``): the resources AWS names when it refuses them ("User: ... is not
authorized to perform: identitystore:DescribeUser on resource:
arn:aws:identitystore::<account>:identitystore/d-..." and "... on resource:
arn:aws:identitystore:::user/<id>", as AWS answers Terraform's identitystore calls).

sso-oidc's signed operation (CreateTokenWithIAM) is checked for ``sso-oauth:<Operation>``
on ``*``; the access portal's and OIDC's other operations are unsigned (bearer tokens, public
clients) and not checked, as on AWS.

`authorize` costs nothing unless moto's authorization is on: the dispatcher only calls it
then, and only then is this module imported.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import cache
from typing import Any, cast

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest, HeadersDict
from botocore.credentials import Credentials
from moto import settings as moto_settings

from . import ids, service
from .exceptions import AccessDeniedException, SSOAdminError

#: IAM's service prefix for IAM Identity Center, and the SigV4 signing name of sso-admin
SERVICE_PREFIX = "sso"
_ACCOUNT_MEMBERS = ("AccountId",)


class MissingAuthenticationTokenException(SSOAdminError):
    code = "MissingAuthenticationTokenException"


class UnrecognizedClientException(SSOAdminError):
    code = "UnrecognizedClientException"


class InvalidSignatureException(SSOAdminError):
    code = "InvalidSignatureException"


def _authenticator() -> Any:
    """moto's `ActionAuthenticatorMixin`, holder of the shared request count.

    ``moto.core`` has it in every moto 5 (defined in ``moto.core.responses`` up to 5.1,
    ``moto.core.authorization`` later).
    """
    return getattr(importlib.import_module("moto.core"), "ActionAuthenticatorMixin")  # noqa: B009


def authorize(
    operation: str,
    params: Mapping[str, Any],
    headers: Mapping[str, Any],
    body: bytes | str | None,
    url: str,
    account_id: str,
    region: str,
    served: str = service.SSO_ADMIN,
) -> None:
    """Check one request of a served service as moto checks its own; raise if it must be
    refused."""
    counter = _authenticator()
    if counter.request_count < moto_settings.INITIAL_NO_AUTH_ACTION_COUNT:
        counter.request_count += 1
        return
    caller = _Caller(headers, account_id, region)
    caller.check_signature(body, url)
    action = f"{service.SERVED[served].iam_prefix}:{operation}"
    policies = caller.policies()
    partition = ids.partition_for(region)
    if served == service.SSO_ADMIN:
        named = resources(operation, params, partition)
    elif served == service.IDENTITYSTORE:
        named = identitystore_resources(params, partition, _store_owner(params, account_id, region))
    else:  # sso-oidc's CreateTokenWithIAM names no resource ARN: checked against "*"
        named = ["*"]
    denials = [
        denial
        for denial in (_denial(policies, action, resource, caller.arn) for resource in named)
        if denial is not None
    ]
    if denials:
        raise AccessDeniedException(_denied_message(denials, served))


def _store_owner(params: Mapping[str, Any], account_id: str, region: str) -> str:
    """The account whose identity store the request names: the caller's, or the management
    account's when the caller is its delegated administrator (`delegation`)."""
    from .backend import account_store, started_store
    from .delegation import serving_account

    owner = serving_account(
        account_store(account_id), account_id, region, params, service.IDENTITYSTORE, started_store
    )
    return owner or account_id


def _denied_message(denials: list[tuple[bool, str]], served: str) -> str:
    """AWS's message for a refused request, from its (explicit deny, text) denials in the
    order `resources` / `identitystore_resources` name them: identitystore lists every
    resource denied, joined by ", " ("... on resource: arn:aws:identitystore:::group/<id>
    because no identity-based policy allows the identitystore:DescribeGroup action, User:
    ... on resource: arn:aws:identitystore::<account>:identitystore/d-... because ...", as
    AWS refused a Terraform DescribeGroup in binbashar/le-tf-infra-aws#874); sso-admin names
    one (an explicit deny first, else the first resource denied)."""
    if served == service.IDENTITYSTORE:
        return ", ".join(text for _, text in denials)
    explicit = [text for is_explicit, text in denials if is_explicit]
    return explicit[0] if explicit else denials[0][1]


def identitystore_resources(params: Mapping[str, Any], partition: str, account: str) -> list[str]:
    """The users, groups and identity store an identitystore request names, the store last
    (the order AWS lists them in when it refuses them all: `_denied_message`)."""
    found: list[str] = []
    member = params.get("MemberId")
    user = member.get("UserId") if isinstance(member, dict) else params.get("UserId")
    if isinstance(user, str):
        found.append(f"arn:{partition}:identitystore:::user/{user}")
    group = params.get("GroupId")
    if isinstance(group, str):
        found.append(f"arn:{partition}:identitystore:::group/{group}")
    store = params.get("IdentityStoreId")
    if isinstance(store, str):  # a store's ARN (newer models take one) names itself
        arn = store.startswith("arn:")
        found.append(store if arn else ids.identity_store_arn(partition, account, store))
    return found or ["*"]


def resources(operation: str, params: Mapping[str, Any], partition: str) -> list[str]:
    """The resource ARNs a request names (``["*"]`` if none): those inside an instance (a
    permission set, an application...) first, in member order, then the instance, then the
    accounts. AWS names the permission set when it refuses DescribePermissionSet or
    CreateAccountAssignment ("... is not authorized to perform: sso:DescribePermissionSet on
    resource: arn:aws:sso:::permissionSet/ssoins-.../ps-...", binbashar/le-tf-infra-aws#874;
    the same for sso:CreateAccountAssignment, aws-samples/iam-identity-center-team#59)."""
    arn_members, account_members, has_target = _resource_members(operation)
    found: list[str] = []
    instance = params.get("InstanceArn") if "InstanceArn" in arn_members else None
    for member in arn_members:
        value = params.get(member)
        if member != "InstanceArn" and isinstance(value, str) and ids.parse_arn(value) is not None:
            found.append(value)
    if isinstance(instance, str) and ids.parse_arn(instance) is not None:
        found.append(instance)
    accounts = [params.get(member) for member in account_members]
    if has_target and params.get("TargetType") == "AWS_ACCOUNT":
        accounts.append(params.get("TargetId"))
    found.extend(
        ids.account_resource_arn(partition, account)
        for account in accounts
        if isinstance(account, str)
    )
    return found or ["*"]


@cache
def _resource_members(operation: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """(top-level string members named ``*Arn``, account members, has TargetId/TargetType)."""
    shape = service.operation_model(operation).input_shape
    if shape is None:
        return (), (), False
    members = shape.members
    arns = tuple(
        name
        for name, member in members.items()
        if name.endswith("Arn") and member.type_name == "string"
    )
    accounts = tuple(name for name in _ACCOUNT_MEMBERS if name in members)
    return arns, accounts, "TargetId" in members and "TargetType" in members


def _denial(
    policies: list[Any], action: str, resource: str, principal: str
) -> tuple[bool, str] | None:
    """None when some policy allows `action` on `resource` and none denies it (as IAM
    decides for identity policies); else (whether a policy denies it explicitly, AWS's
    words for the refusal)."""
    from moto.iam.access_control import IAMPolicy, PermissionResult

    allowed = False
    refused = f"User: {principal} is not authorized to perform: {action} on resource: {resource}"
    for policy in policies:
        result = IAMPolicy(policy).is_action_permitted(action, resource)
        if result == PermissionResult.DENIED:
            return True, f"{refused} with an explicit deny in an identity-based policy"
        allowed = allowed or result == PermissionResult.PERMITTED
    if not allowed:
        return False, f"{refused} because no identity-based policy allows the {action} action"
    return None


class _Caller:
    """Who signed a request: moto's record of the access key, and the request's signature."""

    def __init__(self, headers: Mapping[str, Any], account_id: str, region: str) -> None:
        from moto.iam.access_control import CreateAccessKeyFailure, create_access_key

        # moto compares header values as text and looks names up case-insensitively
        self.headers = HeadersDict({name: _text(value) for name, value in headers.items()})
        self.region = region
        authorization = self.headers.get("Authorization") or ""
        if "Credential=" not in authorization:
            raise MissingAuthenticationTokenException("Request is missing Authentication Token")
        self._authorization = authorization
        access_key_id = _between(authorization, "Credential=", "/")
        try:
            self._key = create_access_key(
                account_id=account_id,
                partition=ids.partition_for(region),
                access_key_id=access_key_id,
                headers=cast(Any, self.headers),
            )
        except CreateAccessKeyFailure:
            raise UnrecognizedClientException(
                "The security token included in the request is invalid."
            ) from None

    @property
    def arn(self) -> str:
        return str(self._key.arn)

    def policies(self) -> list[Any]:
        return list(self._key.collect_policies())

    def check_signature(self, body: bytes | str | None, url: str) -> None:
        """Recompute the SigV4 signature with the key's secret (as moto's `IAMRequest` does)."""
        signed = _between(self._authorization, "SignedHeaders=", ",").split(";")
        headers = {name: value for name, value in self.headers.items() if name.lower() in signed}
        request = AWSRequest(method="POST", url=url, data=body or b"", headers=headers)
        request.context["timestamp"] = self.headers.get("X-Amz-Date") or ""
        credentials: Credentials = self._key.create_credentials()
        scope = _between(self._authorization, "Credential=", ",").split("/")
        auth = SigV4Auth(credentials, scope[3] if len(scope) > 3 else SERVICE_PREFIX, self.region)
        try:
            canonical = auth.canonical_request(request)
            expected = auth.signature(auth.string_to_sign(request, canonical), request)
        except Exception:  # noqa: BLE001 - a URL or header botocore cannot sign (a bad
            expected = None  # port, a surrogate in the host): it matches no signature
        if expected != _between(self._authorization, "Signature=", ","):
            raise InvalidSignatureException(
                "The request signature we calculated does not match the signature you "
                "provided. Check your AWS Secret Access Key and signing method."
            )


def _between(text: str, start: str, end: str) -> str:
    return text.partition(start)[2].partition(end)[0]


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
