"""Trusted token issuers: CreateTrustedTokenIssuer, DescribeTrustedTokenIssuer,
UpdateTrustedTokenIssuer, DeleteTrustedTokenIssuer, ListTrustedTokenIssuers.

A trusted token issuer is an external OIDC identity provider whose JWTs IAM Identity Center
accepts for trusted identity propagation (CreateTrustedTokenIssuer). Rules kept here:

- ARN ``arn:<partition>:sso::<account>:trustedTokenIssuer/ssoins-…/tti-<uuid>`` (the pattern of
  CreateTrustedTokenIssuer's output, made by `ids.trusted_token_issuer_arn`).
- Names are unique within an instance (`ConflictException`, the code the API reference gives
  for a clash with an earlier write). Names compare exactly, as AWS compares them elsewhere.
- At most 10 trusted token issuers an instance ("Total number of trusted token issuers: 10, can
  be increased: No", *Quotas and limits in IAM Identity Center*):
  `ServiceQuotaExceededException`.
- The configuration union's member must belong to the issuer type (``OIDC_JWT`` ->
  ``OidcJwtConfiguration``); the model's validator already checks lengths, patterns and that
  exactly one member is set.
- UpdateTrustedTokenIssuer has its own shape (``OidcJwtUpdateConfiguration``) without
  ``IssuerUrl``: the issuer URL cannot change. An ``IssuerUrl`` sent there by a client
  without parameter validation is a member the model does not have, ignored as every such
  member is (`validation`): the update changes the rest.
- Deleting an issuer is allowed while applications still use it: AWS documents that users then
  lose access to those applications (DeleteTrustedTokenIssuer). Its tags go with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .. import ids, service
from ..exceptions import (
    ConflictException,
    ResourceNotFoundException,
    ServiceQuotaExceededException,
    ValidationException,
)
from ..operations import Listing, operation
from ..tags import TagStore
from .account import Body, Place, copy_body
from .instances import Instances

#: "Total number of trusted token issuers" (Quotas and limits in IAM Identity Center; fixed)
MAX_TRUSTED_TOKEN_ISSUERS = 10

#: issuer type -> the member of the configuration unions (create and update) that carries it
CONFIGURATION_MEMBER = {"OIDC_JWT": "OidcJwtConfiguration"}


@dataclass
class TrustedTokenIssuer:
    arn: str
    instance_arn: str
    name: str
    issuer_type: str
    #: the union as created: ``{"OidcJwtConfiguration": {...}}``
    configuration: dict[str, Any]
    seq: int = field(default_factory=ids.next_sequence)

    def metadata(self) -> Body:
        """The issuer as ListTrustedTokenIssuers shows it."""
        return {
            "TrustedTokenIssuerArn": self.arn,
            "Name": self.name,
            "TrustedTokenIssuerType": self.issuer_type,
        }

    def describe(self) -> Body:
        body = self.metadata()
        body["TrustedTokenIssuerConfiguration"] = copy_body(self.configuration)
        return body


class TrustedTokenIssuers:
    """The trusted token issuers of one account and Region."""

    def __init__(self, place: Place, instances: Instances, tags: TagStore) -> None:
        self.place = place
        self.instances = instances
        self.tags = tags
        #: issuer ARN -> issuer
        self.issuers: dict[str, TrustedTokenIssuer] = {}
        #: instance ARN -> {issuer ARN: issuer}, in creation order (the listing order)
        self._by_instance: dict[str, dict[str, TrustedTokenIssuer]] = {}
        #: (instance ARN, name) -> issuer, for the uniqueness rule
        self._by_name: dict[tuple[str, str], TrustedTokenIssuer] = {}

    # --- look-ups ------------------------------------------------------------------------

    def get_by_arn(self, arn: str) -> TrustedTokenIssuer:
        """The issuer with this ARN in this account and Region, else ResourceNotFound.

        The tag finder of ``trustedTokenIssuer`` ARNs; the applications domain uses it too
        (JWT bearer grants name issuers).
        """
        issuer = self.issuers.get(arn)
        if issuer is None:
            raise ResourceNotFoundException(f"Trusted token issuer {arn} does not exist.")
        return issuer

    def _active_issuer(self, arn: str) -> TrustedTokenIssuer:
        """The issuer, whose instance must be ACTIVE for it to be read or changed."""
        issuer = self.get_by_arn(arn)
        self.instances.get(issuer.instance_arn)
        return issuer

    # --- operations ----------------------------------------------------------------------

    @operation("CreateTrustedTokenIssuer")
    def create(
        self,
        instance_arn: str,
        name: str,
        trusted_token_issuer_type: str,
        trusted_token_issuer_configuration: dict[str, Any],
        client_token: str | None = None,
        tags: list[dict[str, str]] | None = None,
    ) -> Body:
        instance = self.instances.get(instance_arn)
        configuration = _stored_configuration(
            trusted_token_issuer_type, trusted_token_issuer_configuration
        )
        self._check_name_free(instance.arn, name, None)
        existing = self._by_instance.get(instance.arn, {})
        if len(existing) >= MAX_TRUSTED_TOKEN_ISSUERS:
            raise ServiceQuotaExceededException(
                f"Instance {instance.arn} already has {len(existing)} trusted token issuers; "
                f"an instance can have at most {MAX_TRUSTED_TOKEN_ISSUERS}."
            )
        arn = ids.trusted_token_issuer_arn(
            self.place.partition, self.place.account_id, instance.instance_id
        )
        self.tags.add(arn, tags)  # checks the tags; the last step that can refuse
        issuer = TrustedTokenIssuer(
            arn=arn,
            instance_arn=instance.arn,
            name=name,
            issuer_type=trusted_token_issuer_type,
            configuration=configuration,
        )
        self.issuers[arn] = issuer
        self._by_instance.setdefault(instance.arn, {})[arn] = issuer
        self._by_name[(instance.arn, name)] = issuer
        return {"TrustedTokenIssuerArn": arn}

    @operation("DescribeTrustedTokenIssuer")
    def describe(self, trusted_token_issuer_arn: str) -> Body:
        return self._active_issuer(trusted_token_issuer_arn).describe()

    @operation("UpdateTrustedTokenIssuer")
    def update(
        self,
        trusted_token_issuer_arn: str,
        name: str | None = None,
        trusted_token_issuer_configuration: dict[str, Any] | None = None,
    ) -> Body:
        issuer = self._active_issuer(trusted_token_issuer_arn)
        changes: dict[str, Any] = {}
        if trusted_token_issuer_configuration is not None:
            changes = _configuration_changes(issuer, trusted_token_issuer_configuration)
        if name is not None:
            self._check_name_free(issuer.instance_arn, name, issuer)
        # everything checked: apply
        if name is not None and name != issuer.name:
            del self._by_name[(issuer.instance_arn, issuer.name)]
            issuer.name = name
            self._by_name[(issuer.instance_arn, name)] = issuer
        if changes:
            member = CONFIGURATION_MEMBER[issuer.issuer_type]
            issuer.configuration[member].update(changes)
        return {}

    @operation("DeleteTrustedTokenIssuer")
    def delete(self, trusted_token_issuer_arn: str) -> Body:
        issuer = self._active_issuer(trusted_token_issuer_arn)
        self._forget(issuer)
        return {}

    @operation("ListTrustedTokenIssuers")
    def list(self, instance_arn: str) -> Listing[TrustedTokenIssuer]:
        instance = self.instances.get(instance_arn)
        issuers = list(self._by_instance.get(instance.arn, {}).values())
        return Listing(issuers, TrustedTokenIssuer.metadata, scope=(instance.arn,))

    def drop_instance(self, instance_arn: str) -> None:
        """Forget the issuers of a deleted instance (and their tags)."""
        for issuer in list(self._by_instance.pop(instance_arn, {}).values()):
            self._forget(issuer)

    # --- helpers -------------------------------------------------------------------------

    def _check_name_free(
        self, instance_arn: str, name: str, renaming: TrustedTokenIssuer | None
    ) -> None:
        holder = self._by_name.get((instance_arn, name))
        if holder is not None and holder is not renaming:
            raise ConflictException(
                f"A trusted token issuer named '{name}' already exists in instance "
                f"{instance_arn} ({holder.arn}); names must be unique within an instance."
            )

    def _forget(self, issuer: TrustedTokenIssuer) -> None:
        self.issuers.pop(issuer.arn, None)
        self._by_instance.get(issuer.instance_arn, {}).pop(issuer.arn, None)
        self._by_name.pop((issuer.instance_arn, issuer.name), None)
        self.tags.forget(issuer.arn)


def _union_shape(operation: str) -> Any:
    return service.operation_model(operation).input_shape.members["TrustedTokenIssuerConfiguration"]


@cache
def _union_members(operation: str) -> frozenset[str]:
    """The members of an operation's configuration union, from the model."""
    return frozenset(_union_shape(operation).members)


def _check_configuration_member(
    operation: str, issuer_type: str, configuration: dict[str, Any]
) -> dict[str, Any]:
    """The settings of the union member of `issuer_type`, which must be the one set."""
    expected = CONFIGURATION_MEMBER.get(issuer_type, "")
    given = [m for m in _union_members(operation) if configuration.get(m) is not None]
    if given != [expected]:
        given.sort()
        raise ValidationException(
            f"TrustedTokenIssuerConfiguration for type {issuer_type} must set "
            f"{expected or 'a configuration of that type'}, not {', '.join(given) or 'nothing'}."
        )
    settings: dict[str, Any] = configuration[expected]
    return settings


def _stored_configuration(issuer_type: str, configuration: dict[str, Any]) -> dict[str, Any]:
    """The create request's configuration as the issuer keeps (and describes) it."""
    operation = "CreateTrustedTokenIssuer"
    settings = _check_configuration_member(operation, issuer_type, configuration)
    member = CONFIGURATION_MEMBER[issuer_type]
    # only members the model has, none null: the validator dropped the others
    return {member: copy_body(settings)}


def _configuration_changes(issuer: TrustedTokenIssuer, update: dict[str, Any]) -> dict[str, Any]:
    """The settings an update changes (its shape has none an issuer keeps for life)."""
    operation = "UpdateTrustedTokenIssuer"
    changes: dict[str, Any] = copy_body(
        _check_configuration_member(operation, issuer.issuer_type, update)
    )
    return changes
