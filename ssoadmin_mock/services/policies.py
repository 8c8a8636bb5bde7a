"""The policies of a permission set: AWS managed policies, customer managed policy references,
the inline policy and the permissions boundary.

Every change bumps the set's version (accounts provisioned earlier then lag behind until it is
provisioned again).

AWS behaviour followed here:

- Only real AWS managed policies can be attached, in the partition of the request; the list is
  the one moto ships (with paths such as ``job-function/ViewOnlyAccess``), read once on
  first use (`moto_bridge.aws_managed_policy`). AWS's answers, as recorded on
  2024-01-16 by the sony/stamp project's Identity Center catalog (attachManagedPolicy): an
  unknown ARN gets ``ResourceNotFoundException`` "Policy does not exist with ARN: <arn>"; one
  already attached gets ``ConflictException`` "Permission set with id <ps-id> already has a
  typed link attachment to a manged policy with <arn>" (AWS's spelling).
- "Number of AWS managed and customer managed policies per permission set: 20" and "Maximum
  size of inline policy per permission set: 32,768 bytes; maximum size of non-whitespace
  characters in the inline policy is 10,240 bytes" (IAM Identity Center quotas,
  docs.aws.amazon.com/singlesignon/latest/userguide/limits.html). Over the second, AWS answers
  ``ValidationException`` "Current size of the non-whitespace characters present in the
  InlinePolicy Document is 10405 bytes which has exceeded the maximum limit of 10240 bytes"
  (no final period; quoted from PutInlinePolicyToPermissionSet in
  LBHackney-IT/Data-Platform#2789): N counts the document's characters other than the
  whitespace a policy may hold (tab, line feed, carriage return, space; the model's pattern
  allows no other), as IAM counts policy sizes ("IAM does not count white space", IAM quotas).
- A malformed inline policy is a ``ValidationException`` "Invalid PermissionsPolicy Document
  <the document>." (AWS's text in 2024, aws-cloudformation/cloudformation-coverage-roadmap#1986:
  "Invalid PermissionsPolicy Document {...}.", the reporter eliding the document, whose
  "inline policy text in the full error message has 1858 characters"; in 2022, #1294, it was
  the bare "Invalid PermissionsPolicy Document"). The document is checked with moto's IAM
  policy validator (`moto_bridge.validate_policy_document`), the same check moto's IAM applies
  when the set's role gets the policy, so a document accepted here can be provisioned; AWS
  gives no reason, so the validator's is logged (the ``ssoadmin_mock`` logger, INFO).
"""

from __future__ import annotations

import logging
from typing import Any

from .. import ids, moto_bridge
from ..exceptions import (
    ConflictException,
    ResourceNotFoundException,
    ServiceQuotaExceededException,
    ValidationException,
)
from ..operations import Listing, operation
from .account import Body, Place
from .permission_sets import PermissionSet, PermissionSets

log = logging.getLogger("ssoadmin_mock")

#: "Number of AWS managed and customer managed policies per permission set" (quotas page).
MAX_POLICIES_PER_PERMISSION_SET = 20
#: "Maximum size of inline policy per permission set" (quotas page).
MAX_INLINE_POLICY_BYTES = 32768
#: "Maximum size of non-whitespace characters in the inline policy" (quotas page).
MAX_INLINE_POLICY_NON_WHITESPACE = 10240

DEFAULT_POLICY_PATH = "/"


def managed_policy_name(partition: str, arn: str) -> str | None:
    """The name of the AWS managed policy `arn` names in `partition`; None if there is none."""
    if not arn.startswith(f"arn:{partition}:iam::aws:policy"):
        return None
    if moto_bridge.aws_managed_policy(arn) is None:
        return None
    return arn.rsplit("/", 1)[-1]


def customer_policy_key(name: str, path: str) -> str:
    """The attach-order key of a customer managed reference (names hold no ``/``)."""
    return f"{path}{name}"


#: The whitespace an inline policy can hold (its pattern is ``[\u0009\u000A\u000D\u0020-\u00FF]+``).
_POLICY_WHITESPACE = "\t\n\r "


def non_whitespace_length(document: str) -> int:
    """The size AWS checks against 10,240: characters other than tab, LF, CR and space."""
    return len(document) - sum(document.count(char) for char in _POLICY_WHITESPACE)


def inline_policy_too_big(size: int) -> str:
    """PutInlinePolicyToPermissionSet's refusal of a document over the non-whitespace limit,
    in AWS's words (see the module docstring)."""
    return (
        f"Current size of the non-whitespace characters present in the InlinePolicy Document "
        f"is {size} bytes which has exceeded the maximum limit of "
        f"{MAX_INLINE_POLICY_NON_WHITESPACE} bytes"
    )


def check_inline_policy(document: str) -> None:
    """Refuse an inline policy that is too big or not a valid IAM policy document."""
    size = len(document.encode("utf-8"))
    if size > MAX_INLINE_POLICY_BYTES:
        raise ValidationException(
            f"The inline policy is {size} bytes; a permission set's inline policy can be at "
            f"most {MAX_INLINE_POLICY_BYTES} bytes."
        )
    dense = non_whitespace_length(document)
    if dense > MAX_INLINE_POLICY_NON_WHITESPACE:
        raise ValidationException(inline_policy_too_big(dense))
    reason = moto_bridge.validate_policy_document(document)
    if reason is not None:
        log.info("inline policy refused: %s", reason)
        raise ValidationException(f"Invalid PermissionsPolicy Document {document}.")


class PermissionSetPolicies:
    """The policy operations of permission sets."""

    def __init__(self, place: Place, permission_sets: PermissionSets) -> None:
        self.place = place
        self.permission_sets = permission_sets

    # --- AWS managed policies --------------------------------------------------------------

    @operation("AttachManagedPolicyToPermissionSet")
    def attach_managed_policy_to_permission_set(
        self, instance_arn: str, permission_set_arn: str, managed_policy_arn: str
    ) -> Body:
        permission_set = self.permission_sets.get(instance_arn, permission_set_arn)
        name = self._aws_managed_policy(managed_policy_arn)
        if managed_policy_arn in permission_set.managed_policies:
            raise ConflictException(
                f"Permission set with id {permission_set.set_id} already has a typed link "
                f"attachment to a manged policy with {managed_policy_arn}"
            )
        self._check_policy_quota(permission_set)
        permission_set.managed_policies[managed_policy_arn] = name
        permission_set.policy_seq[managed_policy_arn] = ids.next_sequence()
        permission_set.changed()
        return {}

    @operation("DetachManagedPolicyFromPermissionSet")
    def detach_managed_policy_from_permission_set(
        self, instance_arn: str, permission_set_arn: str, managed_policy_arn: str
    ) -> Body:
        permission_set = self.permission_sets.get(instance_arn, permission_set_arn)
        if managed_policy_arn not in permission_set.managed_policies:
            raise ResourceNotFoundException(
                f"Managed policy {managed_policy_arn} is not attached to PermissionSet "
                f"{permission_set_arn}."
            )
        del permission_set.managed_policies[managed_policy_arn]
        permission_set.policy_seq.pop(managed_policy_arn, None)
        permission_set.changed()
        return {}

    @operation("ListManagedPoliciesInPermissionSet")
    def list_managed_policies_in_permission_set(
        self, instance_arn: str, permission_set_arn: str
    ) -> Listing[tuple[str, str]]:
        permission_set = self.permission_sets.get(instance_arn, permission_set_arn)
        seq = permission_set.policy_seq
        return Listing(
            list(permission_set.managed_policies.items()),
            lambda item: {"Name": item[1], "Arn": item[0]},
            key=lambda item: seq.get(item[0], 0),
            scope=(permission_set_arn,),
        )

    # --- customer managed policy references ------------------------------------------------

    @operation("AttachCustomerManagedPolicyReferenceToPermissionSet")
    def attach_customer_managed_policy_reference_to_permission_set(
        self,
        instance_arn: str,
        permission_set_arn: str,
        customer_managed_policy_reference: dict[str, str],
    ) -> Body:
        permission_set = self.permission_sets.get(instance_arn, permission_set_arn)
        reference = _reference(customer_managed_policy_reference)
        if reference in permission_set.customer_managed_policies:
            name, path = reference
            raise ConflictException(
                f"Customer managed policy {name} with path {path} is already attached to "
                f"PermissionSet {permission_set_arn}."
            )
        self._check_policy_quota(permission_set)
        permission_set.customer_managed_policies.append(reference)
        permission_set.policy_seq[customer_policy_key(*reference)] = ids.next_sequence()
        permission_set.changed()
        return {}

    @operation("DetachCustomerManagedPolicyReferenceFromPermissionSet")
    def detach_customer_managed_policy_reference_from_permission_set(
        self,
        instance_arn: str,
        permission_set_arn: str,
        customer_managed_policy_reference: dict[str, str],
    ) -> Body:
        permission_set = self.permission_sets.get(instance_arn, permission_set_arn)
        reference = _reference(customer_managed_policy_reference)
        if reference not in permission_set.customer_managed_policies:
            name, path = reference
            raise ResourceNotFoundException(
                f"Customer managed policy {name} with path {path} is not attached to "
                f"PermissionSet {permission_set_arn}."
            )
        permission_set.customer_managed_policies.remove(reference)
        permission_set.policy_seq.pop(customer_policy_key(*reference), None)
        permission_set.changed()
        return {}

    @operation("ListCustomerManagedPolicyReferencesInPermissionSet")
    def list_customer_managed_policy_references_in_permission_set(
        self, instance_arn: str, permission_set_arn: str
    ) -> Listing[tuple[str, str]]:
        permission_set = self.permission_sets.get(instance_arn, permission_set_arn)
        seq = permission_set.policy_seq
        return Listing(
            list(permission_set.customer_managed_policies),
            lambda ref: {"Name": ref[0], "Path": ref[1]},
            key=lambda ref: seq.get(customer_policy_key(*ref), 0),
            scope=(permission_set_arn,),
        )

    # --- inline policy ---------------------------------------------------------------------

    @operation("PutInlinePolicyToPermissionSet")
    def put_inline_policy_to_permission_set(
        self, instance_arn: str, permission_set_arn: str, inline_policy: str
    ) -> Body:
        """Set (or replace) the set's one inline policy."""
        permission_set = self.permission_sets.get(instance_arn, permission_set_arn)
        check_inline_policy(inline_policy)
        permission_set.inline_policy = inline_policy
        permission_set.changed()
        return {}

    @operation("GetInlinePolicyForPermissionSet")
    def get_inline_policy_for_permission_set(
        self, instance_arn: str, permission_set_arn: str
    ) -> Body:
        """The inline policy; an empty string when the set has none (the API reference: "it
        is possible for an empty inline policy to be returned")."""
        permission_set = self.permission_sets.get(instance_arn, permission_set_arn)
        return {"InlinePolicy": permission_set.inline_policy or ""}

    @operation("DeleteInlinePolicyFromPermissionSet")
    def delete_inline_policy_from_permission_set(
        self, instance_arn: str, permission_set_arn: str
    ) -> Body:
        """Remove the inline policy; a set without one is left as it is."""
        permission_set = self.permission_sets.get(instance_arn, permission_set_arn)
        if permission_set.inline_policy is not None:
            permission_set.inline_policy = None
            permission_set.changed()
        return {}

    # --- permissions boundary --------------------------------------------------------------

    @operation("PutPermissionsBoundaryToPermissionSet")
    def put_permissions_boundary_to_permission_set(
        self,
        instance_arn: str,
        permission_set_arn: str,
        permissions_boundary: dict[str, Any],
    ) -> Body:
        """Set (or replace) the boundary: exactly one of a customer managed reference or an
        AWS managed policy ARN."""
        permission_set = self.permission_sets.get(instance_arn, permission_set_arn)
        reference = permissions_boundary.get("CustomerManagedPolicyReference")
        managed_arn = permissions_boundary.get("ManagedPolicyArn")
        if (reference is None) == (managed_arn is None):  # neither, or both
            raise ValidationException(
                "PermissionsBoundary must have exactly one of CustomerManagedPolicyReference "
                "or ManagedPolicyArn."
            )
        boundary: dict[str, Any]
        if managed_arn is not None:
            self._aws_managed_policy(managed_arn)
            boundary = {"ManagedPolicyArn": managed_arn}
        elif reference is not None:
            name, path = _reference(reference)
            boundary = {"CustomerManagedPolicyReference": {"Name": name, "Path": path}}
        permission_set.permissions_boundary = boundary
        permission_set.changed()
        return {}

    @operation("GetPermissionsBoundaryForPermissionSet")
    def get_permissions_boundary_for_permission_set(
        self, instance_arn: str, permission_set_arn: str
    ) -> Body:
        permission_set = self._with_boundary(instance_arn, permission_set_arn)
        boundary = permission_set.permissions_boundary or {}
        reference = boundary.get("CustomerManagedPolicyReference")
        copy = dict(boundary)
        if reference is not None:
            copy["CustomerManagedPolicyReference"] = dict(reference)
        return {"PermissionsBoundary": copy}

    @operation("DeletePermissionsBoundaryFromPermissionSet")
    def delete_permissions_boundary_from_permission_set(
        self, instance_arn: str, permission_set_arn: str
    ) -> Body:
        permission_set = self._with_boundary(instance_arn, permission_set_arn)
        permission_set.permissions_boundary = None
        permission_set.changed()
        return {}

    # --- helpers ---------------------------------------------------------------------------

    def _aws_managed_policy(self, arn: str) -> str:
        """The name of the AWS managed policy `arn`, which must exist in this partition."""
        name = managed_policy_name(self.place.partition, arn)
        if name is None:
            raise ResourceNotFoundException(f"Policy does not exist with ARN: {arn}")
        return name

    def _check_policy_quota(self, permission_set: PermissionSet) -> None:
        attached = len(permission_set.managed_policies) + len(
            permission_set.customer_managed_policies
        )
        if attached >= MAX_POLICIES_PER_PERMISSION_SET:
            raise ServiceQuotaExceededException(
                f"PermissionSet {permission_set.arn} already has {attached} AWS managed and "
                f"customer managed policies attached; at most "
                f"{MAX_POLICIES_PER_PERMISSION_SET} are allowed."
            )

    def _with_boundary(self, instance_arn: str, permission_set_arn: str) -> PermissionSet:
        permission_set = self.permission_sets.get(instance_arn, permission_set_arn)
        if permission_set.permissions_boundary is None:
            raise ResourceNotFoundException(
                f"PermissionSet {permission_set_arn} has no permissions boundary."
            )
        return permission_set


def _reference(reference: dict[str, str]) -> tuple[str, str]:
    """(name, path) of a CustomerManagedPolicyReference, the path defaulting to ``/``."""
    return reference["Name"], reference.get("Path") or DEFAULT_POLICY_PATH
