"""The IAM roles IAM Identity Center makes in target accounts for provisioned permission sets.

When a permission set is provisioned to an account (its first assignment there, or
ProvisionPermissionSet), AWS makes or updates one role in that account's IAM, which this
module reproduces in moto's IAM of the account (through `moto_bridge.IAMAccount`):

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
  description the set's;
- ``MaxSessionDuration`` 12 hours whatever the set's ``SessionDuration`` ("Set session
  duration", https://docs.aws.amazon.com/singlesignon/latest/userguide/howtosessionduration.html:
  "IAM Identity Center automatically creates IAM roles in each assigned account for each
  permission set, and configures these roles with a maximum session duration of 12 hours";
  the set's duration is applied when IAM Identity Center signs the user in).

Everything is resolved before IAM is touched: a customer managed policy or boundary the
account lacks raises `AsyncFailure` with AWS's reason naming it (`missing_policy_reason`) and
leaves no role half-made. When the last assignment goes the role is deleted; a later
provisioning makes a new role with a new suffix (same AWS page: "If you make a new assignment
to the same permission set later, IAM Identity Center creates a new role ... with a
different, unique suffix").

moto loads AWS managed policies only when asked to (``MOTO_IAM_LOAD_MANAGED_POLICIES``); a
policy the account's IAM does not hold yet is taken from moto's bundled catalogue (or, when
moto does not know it, a stand-in with an empty statement list) and registered in that account
when it is first attached, as AWS managed policies always exist in AWS
(`moto_bridge.IAMAccount.aws_managed_policy`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .. import moto_bridge
from ..asyncstatus import AsyncFailure
from ..durations import MAX_SESSION_SECONDS
from ..moto_bridge import IAMAccount, RoleSpec
from .account import Place

ROLE_PATH = "/aws-reserved/sso.amazonaws.com/"
ROLE_PREFIX = "AWSReservedSSO_"
INLINE_POLICY_NAME = "AwsSSOInlinePolicy"
HOME_REGION = "us-east-1"
#: The MaxSessionDuration of every role IAM Identity Center makes: 12 hours (module docstring).
ROLE_MAX_SESSION_SECONDS = MAX_SESSION_SECONDS

_PROVIDER_NAME = re.compile(r"^AWSSSO_[0-9a-f]{16}_DO_NOT_DELETE$")
_SAML_AUDIENCE = {
    "aws": "https://signin.aws.amazon.com/saml",
    "aws-cn": "https://signin.amazonaws.cn/saml",
    "aws-us-gov": "https://signin.amazonaws-us-gov.com/saml",
}


class RoleSource(Protocol):
    """What a permission set offers to the role it becomes (`PermissionSet`)."""

    @property
    def arn(self) -> str: ...
    @property
    def instance_arn(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str | None: ...
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


class AccountRoles:
    """Roles of permission sets in target accounts: made or updated when a set is provisioned
    to an account (`sync`), deleted when its last assignment there goes (`remove`)."""

    def __init__(self, place: Place) -> None:
        self.place = place
        #: (permission set ARN, account id) -> the role made there
        self.roles: dict[tuple[str, str], AccountRole] = {}

    def sync(self, permission_set: RoleSource, account_id: str) -> None:
        """Make the role of `permission_set` in `account_id`, or bring it up to date.

        Raises `AsyncFailure` (and changes nothing) when a policy the set names is missing
        in the account or IAM refuses its inline policy.
        """
        iam = IAMAccount(account_id, self.place.partition)
        role_id = self._current_role(permission_set.arn, account_id, iam)
        spec = self._plan(permission_set, account_id, iam, role_id)
        if role_id is None:
            self._create(permission_set, account_id, iam, spec)
        else:
            iam.apply(role_id, spec)

    def remove(self, permission_set: RoleSource, account_id: str) -> None:
        """Delete the role of `permission_set` in `account_id` (its last assignment is gone)."""
        ref = self.roles.pop((permission_set.arn, account_id), None)
        if ref is not None:
            self._delete(ref)

    def role(self, permission_set_arn: str, account_id: str) -> AccountRole | None:
        """The role a permission set has in an account, if provisioned there."""
        return self.roles.get((permission_set_arn, account_id))

    def in_place(self, permission_set_arn: str, account_id: str) -> bool:
        """Whether the role made for the set in the account is still in the account's IAM."""
        ref = self.roles.get((permission_set_arn, account_id))
        return ref is not None and moto_bridge.has_role(
            account_id, self.place.partition, ref.role_id
        )

    def drop_instance(self, instance_arn: str) -> None:
        """An instance that goes takes the roles it made with it."""
        for key, ref in list(self.roles.items()):
            if ref.instance_arn == instance_arn:
                del self.roles[key]
                self._delete(ref)

    # --- planning: find everything, change nothing -----------------------------------------

    def _plan(
        self, ps: RoleSource, account_id: str, iam: IAMAccount, role_id: str | None
    ) -> RoleSpec:
        """Resolve every policy the role needs (raising `AsyncFailure` if one is missing)."""
        policies: dict[str, Any] = {}
        for arn in ps.managed_policies:
            policies[arn] = iam.aws_managed_policy(arn)
        for name, path in ps.customer_managed_policies:
            policy = self._customer_policy(
                iam, ps, account_id, name, path, "customer managed policy"
            )
            policies[policy.arn] = policy
        boundary = self._boundary_policy(iam, ps, account_id)
        inline = ps.inline_policy
        current_inline = None if role_id is None else iam.inline_policy(role_id, INLINE_POLICY_NAME)
        if inline is not None and inline != current_inline:
            _check_inline_policy(ps, inline)
        return RoleSpec(
            policies=policies,
            boundary=boundary,
            inline_name=INLINE_POLICY_NAME,
            inline=inline,
            description=ps.description or "",
            max_session_seconds=ROLE_MAX_SESSION_SECONDS,
        )

    def _customer_policy(
        self, iam: IAMAccount, ps: RoleSource, account_id: str, name: str, path: str, what: str
    ) -> Any:
        arn = f"arn:{self.place.partition}:iam::{account_id}:policy{path or '/'}{name}"
        policy = iam.customer_policy(arn)
        if policy is None:
            raise AsyncFailure(missing_policy_reason(arn, what, ps.name, account_id))
        return policy

    def _boundary_policy(self, iam: IAMAccount, ps: RoleSource, account_id: str) -> Any | None:
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
        return iam.aws_managed_policy(str(boundary["ManagedPolicyArn"]))

    # --- applying --------------------------------------------------------------------------

    def _current_role(
        self, permission_set_arn: str, account_id: str, iam: IAMAccount
    ) -> str | None:
        ref = self.roles.get((permission_set_arn, account_id))
        if ref is None:
            return None
        if not iam.has_role(ref.role_id):  # deleted behind IAM Identity Center's back
            del self.roles[(permission_set_arn, account_id)]
            return None
        return ref.role_id

    def _create(self, ps: RoleSource, account_id: str, iam: IAMAccount, spec: RoleSpec) -> None:
        region, partition = self.place.region, self.place.partition
        provider_arn = iam.saml_provider(_PROVIDER_NAME, lambda: _new_provider(region))
        role_id = iam.create_role(
            f"{ROLE_PREFIX}{ps.name}_{secrets.token_hex(8)}",
            role_path(region),
            trust_policy(provider_arn, partition),
            spec,
        )
        self.roles[(ps.arn, account_id)] = AccountRole(
            ps.instance_arn, ps.arn, account_id, role_id, iam.role_name(role_id)
        )

    def _delete(self, ref: AccountRole) -> None:
        IAMAccount(ref.account_id, self.place.partition).delete_role(ref.role_id)


def missing_policy_reason(arn: str, what: str, permission_set: str, account_id: str) -> str:
    """Why provisioning fails when a policy the set names is not in the target account: AWS's
    words first ("Received a 404 status error: Not supported policy" and the policy, which
    the Terraform AWS provider's TestAccSSOAdminAccountAssignment_MissingPolicy expects of
    AWS: ``Received a 404 status error: Not supported policy.*<policy name>``,
    internal/service/ssoadmin/account_assignment_test.go), then the mock's explanation."""
    return (
        f"Received a 404 status error: Not supported policy {arn}. The {what} of permission "
        f"set {permission_set} does not exist in account {account_id}: create it there with "
        "that name and path, then provision the permission set again."
    )


def _check_inline_policy(ps: RoleSource, document: str) -> None:
    """IAM's own checks of the inline policy, before any role is touched."""
    problem = moto_bridge.validate_policy_document(document)
    if problem is not None:
        raise AsyncFailure(f"IAM refused the inline policy of permission set {ps.name}: {problem}")


def _new_provider(region: str) -> tuple[str, str]:
    """Name and SAML metadata of a new IAM Identity Center identity provider."""
    name = f"AWSSSO_{secrets.token_hex(8)}_DO_NOT_DELETE"
    return name, _saml_metadata(region, name)


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
