"""What UpdateInstance may change, and the checks the model cannot express.

Each rule is from the model's documentation strings (the API reference text):

- ``PermissionSetsEnabled``: "The only accepted value is true. After permission sets are
  enabled, they cannot be disabled" (false: `ValidationException`). An organization instance
  has permission sets from the start (*Organization and account instances of IAM Identity
  Center*: multi-account permissions are a capability of the instance in the management
  account, not of account instances; *Remove permission sets*: "To use permission sets, you'll
  need to use an Organization instance"), so it answers true and accepts true again; an account
  instance answers false until UpdateInstance enables them.
- ``NetworkConfiguration`` (data type *NetworkConfigurationInfo*): it "replaces the stored
  network configuration in its entirety. Any list that you omit from the object, or include as
  an empty list, is cleared"; with ``VpceAccessRequired`` false "no network access control is
  enforced and the values of RestrictSourceVpcs, AllowSourceIps, and ExcludeApplicationArns are
  cleared" (the lists sent with it are accepted and dropped). ``RestrictSourceVpcs``: "These
  VPCs must be in your organization, or in the Amazon Web Services account for an account
  instance": for an account instance a VPC of another account (or partition) is refused; for an
  organization instance the VPC's account must be in the organization when moto's
  organizations models one for the owner account, and is not checked otherwise (the mock's
  default organization instance needs no modeled organization, as account assignments don't).
  ``AllowSourceIps``: "IPv4 or IPv6 CIDR blocks": the model's pattern (checked by the
  validator) admits exactly such blocks, or a bare address; host bits may be set, as AWS names
  no rule against them. ``ExcludeApplicationArns`` may name AWS managed and customer managed
  applications and "you can use wildcards": not checked against existing applications.
  ``NetworkConfigurationDetails`` is "Present only after a network configuration has been set
  on the instance"; emptied lists are left out of it.
- "A request that specifies more than one of EncryptionConfiguration, PermissionSetsEnabled,
  and NetworkConfiguration returns a ValidationException".
- EncryptionConfiguration.KmsKeyArn: "Required when KeyType is CUSTOMER_MANAGED_KEY. Cannot be
  specified when KeyType is AWS_OWNED_KMS_KEY".
"""

from __future__ import annotations

from typing import Any

from .. import ids, moto_bridge
from ..exceptions import ValidationException

Body = dict[str, Any]

AWS_OWNED_KMS_KEY = "AWS_OWNED_KMS_KEY"
CUSTOMER_MANAGED_KEY = "CUSTOMER_MANAGED_KEY"

#: UpdateInstance members of which one request may carry only one
EXCLUSIVE_UPDATES = ("EncryptionConfiguration", "PermissionSetsEnabled", "NetworkConfiguration")

#: the lists of NetworkConfigurationInfo, cleared when omitted, empty or VpceAccessRequired false
NETWORK_LISTS = ("RestrictSourceVpcs", "AllowSourceIps", "ExcludeApplicationArns")


def check_update(
    encryption_configuration: dict[str, Any] | None,
    permission_sets_enabled: bool | None,
    network_configuration: dict[str, Any] | None,
) -> None:
    """Refuse an UpdateInstance request the model admits but AWS does not."""
    values = (encryption_configuration, permission_sets_enabled, network_configuration)
    given = [
        member for member, value in zip(EXCLUSIVE_UPDATES, values, strict=True) if value is not None
    ]
    if len(given) > 1:
        raise ValidationException(
            f"UpdateInstance takes only one of {', '.join(EXCLUSIVE_UPDATES)} per request; "
            f"got {' and '.join(given)}. Make a separate UpdateInstance call for each."
        )
    if encryption_configuration is not None:
        key_type = encryption_configuration["KeyType"]
        key_arn = encryption_configuration.get("KmsKeyArn")
        if key_type == CUSTOMER_MANAGED_KEY and not key_arn:
            raise ValidationException("KmsKeyArn is required when KeyType is CUSTOMER_MANAGED_KEY.")
        if key_type == AWS_OWNED_KMS_KEY and key_arn:
            raise ValidationException(
                "KmsKeyArn must not be given when KeyType is AWS_OWNED_KMS_KEY."
            )
    if permission_sets_enabled is False:
        raise ValidationException(
            "PermissionSetsEnabled accepts only true: once enabled, permission sets cannot "
            "be disabled."
        )


def network_configuration(
    configuration: dict[str, Any],
    *,
    organization_instance: bool,
    owner_account_id: str,
    partition: str,
) -> Body:
    """The NetworkConfigurationInfo to store, once what the model can't say is checked."""
    if not configuration["VpceAccessRequired"]:
        return {"VpceAccessRequired": False}  # the lists are cleared (module docstring)
    _check_source_vpcs(
        configuration.get("RestrictSourceVpcs") or [],
        organization_instance=organization_instance,
        owner_account_id=owner_account_id,
        partition=partition,
    )
    stored: Body = {"VpceAccessRequired": True}
    for member in NETWORK_LISTS:
        values = configuration.get(member)
        if values:
            stored[member] = list(values)
    return stored


def _check_source_vpcs(
    vpc_arns: list[str], *, organization_instance: bool, owner_account_id: str, partition: str
) -> None:
    """RestrictSourceVpcs: "These VPCs must be in your organization, or in the Amazon Web
    Services account for an account instance" (NetworkConfigurationInfo)."""
    members: frozenset[str] | None
    if organization_instance:
        organization = moto_bridge.organization_of(owner_account_id, partition)
        members = None if organization is None else organization.accounts
        where = "the organization of the instance"
    else:
        members = frozenset({owner_account_id})
        where = f"account {owner_account_id}, which owns this account instance"
    for arn in vpc_arns:
        owner = ids.arn_owner(arn) or ("", "")
        if owner[0] != partition or (members is not None and owner[1] not in members):
            raise ValidationException(
                f"RestrictSourceVpcs: VPC {arn} is not in {where} (partition "
                f"{partition}); only VPCs there can be allowed."
            )
