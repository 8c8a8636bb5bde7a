"""The IAM roles IAM Identity Center makes in target accounts for provisioned permission sets.

When a permission set is provisioned to an account (its first assignment there, or
ProvisionPermissionSet), AWS makes or updates one role in that account's IAM, which this
module reproduces in moto's IAM backend of the account (``iam_backends[account][partition]``):

- name ``AWSReservedSSO_<PermissionSetName>_<16 hex>``; path
  ``/aws-reserved/sso.amazonaws.com/``, or ``/aws-reserved/sso.amazonaws.com/<region>/`` when
  the instance is outside us-east-1 ("Referencing permission sets in resource policies",
  https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html:
  "If your identity source in IAM Identity Center is hosted in us-east-1, there is no
  aws-region in the ARN");
- trust policy: the account's ``AWSSSO_<16 hex>_DO_NOT_DELETE`` SAML provider (made if the
  account has none) may call ``sts:AssumeRoleWithSAML`` and ``sts:TagSession`` with
  ``SAML:aud`` the partition's sign-in endpoint (the shape exported from real accounts);
- the set's AWS managed policies and customer managed policies (by name and path, looked up
  in the target account) attached; its inline policy as the role policy
  ``AwsSSOInlinePolicy`` (the name real roles carry); its permissions boundary set;
  ``MaxSessionDuration`` from the set's ``SessionDuration``; description the set's.

Everything is resolved before IAM is touched: a customer managed policy or boundary the
account lacks raises `AsyncFailure` naming it and leaves no role half-made. When the last
assignment goes the role is deleted; a later provisioning makes a new role with a new suffix
(same AWS page: "If you make a new assignment to the same permission set later, IAM Identity
Center creates a new role ... with a different, unique suffix").

moto loads AWS managed policies only when asked to (``MOTO_IAM_LOAD_MANAGED_POLICIES``); a
policy the account's IAM does not hold yet is taken from moto's bundled catalogue (or, when
moto does not know it, a stand-in with an empty statement list) and registered in that account
when it is first attached, as AWS managed policies always exist in AWS.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from ..asyncstatus import AsyncFailure
from ..durations import DEFAULT_SESSION_SECONDS, session_seconds
from ..moto_bridge import service_backend
from .base import BackendBase, on_instance_deleted

ROLE_PATH = "/aws-reserved/sso.amazonaws.com/"
ROLE_PREFIX = "AWSReservedSSO_"
INLINE_POLICY_NAME = "AwsSSOInlinePolicy"
HOME_REGION = "us-east-1"

_PROVIDER_NAME = re.compile(r"^AWSSSO_[0-9a-f]{16}_DO_NOT_DELETE$")
_SAML_AUDIENCE = {
    "aws": "https://signin.aws.amazon.com/saml",
    "aws-cn": "https://signin.amazonaws.cn/saml",
    "aws-us-gov": "https://signin.amazonaws-us-gov.com/saml",
}


class RoleSource(Protocol):
    """What a permission set offers to the role it becomes (see models/permission_sets.py)."""

    @property
    def arn(self) -> str: ...
    @property
    def instance_arn(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str | None: ...
    @property
    def session_duration(self) -> str | None: ...
    @property
    def managed_policies(self) -> Mapping[str, str]: ...
    @property
    def customer_managed_policies(self) -> Sequence[tuple[str, str]]: ...
    @property
    def inline_policy(self) -> str | None: ...
    @property
    def permissions_boundary(self) -> Mapping[str, Any] | None: ...


@dataclass
class AccountRole:
    """The role a permission set has in one account (moto's role id, for O(1) look-up)."""

    instance_arn: str
    permission_set_arn: str
    account_id: str
    role_id: str
    name: str


@dataclass
class _RolePlan:
    """The role a permission set should be, every referenced policy already found."""

    policies: dict[str, Any] = field(default_factory=dict)  # ARN -> moto ManagedPolicy
    boundary: Any | None = None  # moto ManagedPolicy
    inline: str | None = None
    description: str | None = None
    max_session: int = DEFAULT_SESSION_SECONDS


def role_path(region: str) -> str:
    """Where IAM Identity Center puts its roles for an instance in `region`."""
    return ROLE_PATH if region == HOME_REGION else f"{ROLE_PATH}{region}/"


def trust_policy(provider_arn: str, partition: str) -> str:
    """The trust policy of an IAM Identity Center role."""
    audience = _SAML_AUDIENCE.get(partition, _SAML_AUDIENCE["aws"])
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Federated": provider_arn},
                    "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"],
                    "Condition": {"StringEquals": {"SAML:aud": audience}},
                }
            ],
        }
    )


def iam_backend(account_id: str, partition: str) -> Any:
    """moto's IAM backend of an account."""
    return service_backend("iam", account_id, partition)


@cache
def _catalogue_entry(name: str) -> dict[str, Any] | None:
    """moto's bundled data for the AWS managed policy `name`, without parsing all of it."""
    from moto.iam.aws_managed_policies import aws_managed_policies_data as data

    start = data.find(f'\n "{name}":')
    if start < 0:
        return None
    entry, _ = json.JSONDecoder().raw_decode(data, data.index("{", start))
    return entry if isinstance(entry, dict) else None


def _aws_managed_policy(iam: Any, arn: str, name: str) -> Any:
    """The AWS managed policy `arn` in an account's IAM; made (not registered) if absent."""
    found = iam.managed_policies.get(arn)
    if found is not None:
        return found
    from moto.iam.models import AWSManagedPolicy

    entry = _catalogue_entry(name)
    path = arn.split(":policy", 1)[1].rsplit("/", 1)[0] + "/"
    if entry is None or entry.get("Path", "/") != path:
        entry = {
            "Path": path,
            "Document": {"Version": "2012-10-17", "Statement": []},
            "CreateDate": "2015-02-06T18:39:46+00:00",
            "UpdateDate": "2015-02-06T18:39:46+00:00",
            "DefaultVersionId": "v1",
        }
    return AWSManagedPolicy.from_data(name, iam.account_id, iam.region_name, entry)


def _register(iam: Any, policy: Any) -> None:
    """Make a policy found by `_aws_managed_policy` part of the account's IAM."""
    if policy.arn not in iam.managed_policies:
        iam.managed_policies[policy.arn] = policy
        iam.aws_managed_policies.append(policy)


class AccountRolesMixin(BackendBase):
    """Roles of permission sets in target accounts: the two provisioning hooks."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        #: (permission set ARN, account id) -> the role made there
        self.account_roles: dict[tuple[str, str], AccountRole] = {}

    # --- hooks (see BackendBase) -----------------------------------------------------------

    def sync_account_role(self, permission_set: RoleSource, account_id: str) -> None:
        """Make the role of `permission_set` in `account_id`, or bring it up to date."""
        iam = iam_backend(account_id, self.partition)
        role = self._current_role(permission_set.arn, account_id, iam)
        plan = self._plan_role(permission_set, account_id, iam, role)
        if role is None:
            role = self._create_role(permission_set, account_id, iam, plan)
        self._apply_plan(iam, role, plan)

    def remove_account_role(self, permission_set: RoleSource, account_id: str) -> None:
        """Delete the role of `permission_set` in `account_id` (its last assignment is gone)."""
        ref = self.account_roles.pop((permission_set.arn, account_id), None)
        if ref is not None:
            self._delete_role(ref)

    def account_role(self, permission_set_arn: str, account_id: str) -> AccountRole | None:
        """The role a permission set has in an account, if provisioned there."""
        return self.account_roles.get((permission_set_arn, account_id))

    def role_in_place(self, permission_set_arn: str, account_id: str) -> bool:
        """Whether the role made for the set in the account is still in the account's IAM."""
        ref = self.account_roles.get((permission_set_arn, account_id))
        return ref is not None and ref.role_id in iam_backend(account_id, self.partition).roles

    @on_instance_deleted
    def _drop_instance_roles(self, instance_arn: str) -> None:
        """An instance that goes takes the roles it made with it."""
        for key, ref in list(self.account_roles.items()):
            if ref.instance_arn == instance_arn:
                del self.account_roles[key]
                self._delete_role(ref)

    # --- planning: find everything, change nothing -----------------------------------------

    def _plan_role(self, ps: RoleSource, account_id: str, iam: Any, role: Any) -> _RolePlan:
        """Resolve every policy the role needs (raising `AsyncFailure` if one is missing)."""
        plan = _RolePlan(
            inline=ps.inline_policy,
            description=ps.description,
            max_session=session_seconds(ps.session_duration),
        )
        for arn, name in ps.managed_policies.items():
            plan.policies[arn] = _aws_managed_policy(iam, arn, name)
        for name, path in ps.customer_managed_policies:
            policy = self._customer_policy(
                iam, ps, account_id, name, path, "customer managed policy"
            )
            plan.policies[policy.arn] = policy
        plan.boundary = self._boundary_policy(iam, ps, account_id)
        current_inline = None if role is None else role.policies.get(INLINE_POLICY_NAME)
        if plan.inline is not None and plan.inline != current_inline:
            _check_inline_policy(ps, plan.inline)
        return plan

    def _customer_policy(
        self, iam: Any, ps: RoleSource, account_id: str, name: str, path: str, what: str
    ) -> Any:
        arn = f"arn:{self.partition}:iam::{account_id}:policy{path or '/'}{name}"
        policy = iam.managed_policies.get(arn)
        if policy is None:
            raise AsyncFailure(
                f"The {what} {path or '/'}{name} ({arn}) of permission set {ps.name} does not "
                f"exist in account {account_id}. Create it there with that name and path, "
                "then provision the permission set again."
            )
        return policy

    def _boundary_policy(self, iam: Any, ps: RoleSource, account_id: str) -> Any | None:
        boundary = ps.permissions_boundary
        if not boundary:
            return None
        reference = boundary.get("CustomerManagedPolicyReference")
        if reference:
            return self._customer_policy(
                iam,
                ps,
                account_id,
                reference["Name"],
                reference.get("Path") or "/",
                "permissions boundary policy",
            )
        arn = str(boundary["ManagedPolicyArn"])
        return _aws_managed_policy(iam, arn, arn.rsplit("/", 1)[1])

    # --- applying --------------------------------------------------------------------------

    def _current_role(self, permission_set_arn: str, account_id: str, iam: Any) -> Any | None:
        ref = self.account_roles.get((permission_set_arn, account_id))
        if ref is None:
            return None
        role = iam.roles.get(ref.role_id)
        if role is None:  # deleted behind IAM Identity Center's back: make a new one
            del self.account_roles[(permission_set_arn, account_id)]
        return role

    def _create_role(self, ps: RoleSource, account_id: str, iam: Any, plan: _RolePlan) -> Any:
        provider = self._saml_provider(iam)
        role = iam.create_role(
            role_name=f"{ROLE_PREFIX}{ps.name}_{secrets.token_hex(8)}",
            assume_role_policy_document=trust_policy(provider.arn, self.partition),
            path=role_path(self.region_name),
            permissions_boundary=None,
            description=plan.description or "",
            tags=[],
            max_session_duration=str(plan.max_session),
        )
        self.account_roles[(ps.arn, account_id)] = AccountRole(
            ps.instance_arn, ps.arn, account_id, role.id, role.name
        )
        return role

    def _apply_plan(self, iam: Any, role: Any, plan: _RolePlan) -> None:
        """Make `role` match `plan`, touching only what differs."""
        for arn in [arn for arn in role.managed_policies if arn not in plan.policies]:
            role.managed_policies[arn].detach_from(role)
        for arn, policy in plan.policies.items():
            if arn not in role.managed_policies:
                _register(iam, policy)
                policy.attach_to(role)
        current_inline = role.policies.get(INLINE_POLICY_NAME)
        if plan.inline is None and current_inline is not None:
            role.delete_policy(INLINE_POLICY_NAME)
        elif plan.inline is not None and plan.inline != current_inline:
            role.put_policy(INLINE_POLICY_NAME, plan.inline)
        if plan.boundary is not None:
            _register(iam, plan.boundary)
        role.permissions_boundary_arn = plan.boundary.arn if plan.boundary is not None else None
        role.description = plan.description or ""
        role.max_session_duration = str(plan.max_session)

    def _saml_provider(self, iam: Any) -> Any:
        """The account's IAM Identity Center SAML provider, made if it has none."""
        for name, provider in iam.saml_providers.items():
            if _PROVIDER_NAME.match(name):
                return provider
        name = f"AWSSSO_{secrets.token_hex(8)}_DO_NOT_DELETE"
        return iam.create_saml_provider(name, _saml_metadata(self.region_name, name))

    def _delete_role(self, ref: AccountRole) -> None:
        iam = iam_backend(ref.account_id, self.partition)
        role = iam.roles.get(ref.role_id)
        if role is None:
            return
        for policy in list(role.managed_policies.values()):
            policy.detach_from(role)
        for name in list(role.policies):
            role.delete_policy(name)
        role.permissions_boundary_arn = None
        iam.delete_role(role.name)


def _check_inline_policy(ps: RoleSource, document: str) -> None:
    """IAM's own checks of the inline policy, before any role is touched."""
    from moto.iam.policy_validation import IAMPolicyDocumentValidator

    try:
        IAMPolicyDocumentValidator(document).validate()
    except Exception as error:  # noqa: BLE001 - moto raises its own error classes
        message = getattr(error, "message", None) or str(error)
        raise AsyncFailure(
            f"IAM refused the inline policy of permission set {ps.name}: {message}"
        ) from None


def _saml_metadata(region: str, name: str) -> str:
    """SAML metadata of the IAM Identity Center identity provider (IAM wants 1000+ characters).

    The signing certificate is a placeholder made from the provider's name, not a real one.
    """
    portal = f"https://portal.sso.{region}.amazonaws.com/saml"
    seed = hashlib.sha512(name.encode()).digest()
    certificate = base64.b64encode(seed * 12).decode()
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        f'entityID="{portal}/metadata/{name}">'
        '<md:IDPSSODescriptor WantAuthnRequestsSigned="false" '
        'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        '<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">'
        f"<ds:X509Data><ds:X509Certificate>{certificate}</ds:X509Certificate></ds:X509Data>"
        "</ds:KeyInfo></md:KeyDescriptor>"
        "<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>"
        '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
        f'Location="{portal}/assertion/{name}"/>'
        '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" '
        f'Location="{portal}/assertion/{name}"/>'
        "</md:IDPSSODescriptor></md:EntityDescriptor>"
    )
