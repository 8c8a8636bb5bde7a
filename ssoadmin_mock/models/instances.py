"""Instances of IAM Identity Center: CreateInstance, DescribeInstance, ListInstances,
UpdateInstance, DeleteInstance.

Life cycle (seed DescribeInstance): CREATE_IN_PROGRESS (only DescribeInstance and
DeleteInstance are allowed on it), ACTIVE (or CREATE_FAILED), DELETE_IN_PROGRESS, then gone:
DescribeInstance answers `AccessDeniedException`. An account has at most one instance across
all regions. Unless `settings.default_instance` is off, an account starts with one ACTIVE
organization instance, made in the region of its first sso-admin request.

What newer models (botocore 1.44) add, and how the mock serves it (each rule from the model's
documentation strings, which are the API reference text):

- ``ListInstances.RegionScope``: ``CURRENT_REGION`` (the default) "Lists only the instances in
  the Region that you call this API from"; ``ALL_REGIONS`` "Lists the instances that the caller
  owns or that are shared with the caller across all Regions": the account's instances from
  every Region's backend (the mock models no sharing). A page token is bound to its scope.
- Output members ``IdentityStoreArn``, ``PrimaryRegion`` ("where the IAM Identity Center
  instance was originally enabled": the instance's Region) and ``Regions`` (the instance's
  Regions as `RegionsMixin` keeps them: ListRegions' records) on DescribeInstance and on
  ListInstances items; ``PermissionSetsEnabled`` and ``NetworkConfigurationDetails`` on
  DescribeInstance. Each is sent only when the INSTALLED model declares it
  (`service.output_members`), so a response never carries a member its SDK does not know.
- ``UpdateInstance.PermissionSetsEnabled``: "The only accepted value is true. After
  permission sets are enabled, they cannot be disabled" (false: `ValidationException`). An
  organization instance has permission sets from the start (*Organization and account
  instances of IAM Identity Center*: multi-account permissions are a capability of the
  instance in the management account, not of account instances; *Remove permission sets*: "To
  use permission sets, you'll need to use an Organization instance"), so it answers true and
  accepts true again; an account instance answers false until UpdateInstance enables them.
- ``UpdateInstance.NetworkConfiguration`` (data type *NetworkConfigurationInfo*): it "replaces
  the stored network configuration in its entirety. Any list that you omit from the object, or
  include as an empty list, is cleared"; with ``VpceAccessRequired`` false "no network access
  control is enforced and the values of RestrictSourceVpcs, AllowSourceIps, and
  ExcludeApplicationArns are cleared" (the lists sent with it are accepted and dropped).
  ``RestrictSourceVpcs``: "These VPCs must be in your organization, or in the Amazon Web
  Services account for an account instance": for an account instance a VPC of another account
  (or partition) is refused; for an organization instance the VPC's account must be in the
  organization when moto's organizations models one for the owner account, and is not checked
  otherwise (the mock's default organization instance needs no modeled organization, as
  account assignments don't). ``AllowSourceIps``: "IPv4 or IPv6 CIDR blocks": the model's
  pattern (checked by the validator) admits exactly such blocks, or a bare address (every
  value it matches parses with `ipaddress.ip_network`); host bits may be set, as AWS names no
  rule against them. ``ExcludeApplicationArns`` may name AWS managed and customer managed
  applications and "you can use wildcards": not checked against existing applications.
  ``NetworkConfigurationDetails`` is "Present only after a network configuration has been set
  on the instance"; emptied lists are left out of it.
- "A request that specifies more than one of EncryptionConfiguration, PermissionSetsEnabled,
  and NetworkConfiguration returns a ValidationException" (UpdateInstance).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from .. import ids, service
from ..asyncstatus import AsyncTask
from ..exceptions import ConflictException, ResourceNotFoundException, ValidationException
from ..switches import current
from .base import BackendBase, Body, now

if TYPE_CHECKING:
    from .backend import SSOAdminBackend

ACTIVE = "ACTIVE"
CREATE_IN_PROGRESS = "CREATE_IN_PROGRESS"
CREATE_FAILED = "CREATE_FAILED"
DELETE_IN_PROGRESS = "DELETE_IN_PROGRESS"

AWS_OWNED_KMS_KEY = "AWS_OWNED_KMS_KEY"
CUSTOMER_MANAGED_KEY = "CUSTOMER_MANAGED_KEY"

#: ListInstances.RegionScope (botocore 1.44); CURRENT_REGION is the default
CURRENT_REGION = "CURRENT_REGION"
ALL_REGIONS = "ALL_REGIONS"

#: UpdateInstance members of which one request may carry only one (UpdateInstance reference)
EXCLUSIVE_UPDATES = ("EncryptionConfiguration", "PermissionSetsEnabled", "NetworkConfiguration")

#: the lists of NetworkConfigurationInfo, cleared when omitted, empty or VpceAccessRequired false
NETWORK_LISTS = ("RestrictSourceVpcs", "AllowSourceIps", "ExcludeApplicationArns")


@dataclass
class Instance:
    arn: str
    instance_id: str
    identity_store_id: str
    owner_account_id: str
    region: str
    name: str | None
    created_date: float
    seq: int
    status: str = CREATE_IN_PROGRESS
    status_reason: str | None = None
    default: bool = False
    key_type: str = AWS_OWNED_KMS_KEY
    kms_key_arn: str | None = None
    encryption_status: str = "ENABLED"
    encryption_status_reason: str | None = None
    #: organization instances have permission sets; account instances once UpdateInstance
    #: enables them (it cannot be undone)
    permission_sets_enabled: bool = False
    #: NetworkConfigurationInfo as last set (emptied lists left out); None until set
    network_configuration: Body | None = None
    task: AsyncTask | None = field(default=None, repr=False)

    @property
    def organization_instance(self) -> bool:
        """True for the organization instance every account is given; CreateInstance makes
        account instances (seed 000_: for standalone or member accounts)."""
        return self.default

    def metadata(self, members: frozenset[str] = frozenset()) -> Body:
        """The instance as ListInstances shows it.

        `members`: the output members the installed model declares; the ones newer models
        added (``IdentityStoreArn``, ``PrimaryRegion``) are sent only when listed there.
        ``Regions`` lives with `RegionsMixin` and is added by the backend.
        """
        body: Body = {
            "InstanceArn": self.arn,
            "IdentityStoreId": self.identity_store_id,
            "OwnerAccountId": self.owner_account_id,
            "CreatedDate": self.created_date,
            "Status": self.status,
        }
        if self.name is not None:
            body["Name"] = self.name
        if self.status_reason:
            body["StatusReason"] = self.status_reason
        if "IdentityStoreArn" in members:
            body["IdentityStoreArn"] = ids.identity_store_arn(
                ids.partition_for(self.region), self.owner_account_id, self.identity_store_id
            )
        if "PrimaryRegion" in members:
            body["PrimaryRegion"] = self.region
        return body

    def describe(self, members: frozenset[str] = frozenset()) -> Body:
        """The instance as DescribeInstance shows it (`members` as for `metadata`)."""
        body = self.metadata(members)
        encryption: Body = {"KeyType": self.key_type, "EncryptionStatus": self.encryption_status}
        if self.kms_key_arn:
            encryption["KmsKeyArn"] = self.kms_key_arn
        if self.encryption_status_reason:
            encryption["EncryptionStatusReason"] = self.encryption_status_reason
        body["EncryptionConfigurationDetails"] = encryption
        if "PermissionSetsEnabled" in members:
            body["PermissionSetsEnabled"] = self.permission_sets_enabled
        if self.network_configuration is not None and "NetworkConfigurationDetails" in members:
            body["NetworkConfigurationDetails"] = {
                key: list(value) if isinstance(value, list) else value
                for key, value in self.network_configuration.items()
            }
        return body


class InstancesMixin(BackendBase):
    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.instances: dict[str, Instance] = {}

    # --- look-ups used by every domain ---------------------------------------------------

    def get_instance(self, instance_arn: str, *, allow_pending: bool = False) -> Instance:
        """The instance, which must be ACTIVE unless `allow_pending`.

        An instance that is not in this account and region is not found
        (`ResourceNotFoundException`, or `AccessDeniedException` for operations that do not
        model it, as DescribeInstance).
        """
        instance = self.instances.get(instance_arn)
        if instance is None:
            raise ResourceNotFoundException(
                f"Instance {instance_arn} does not exist in account {self.account_id} "
                f"and region {self.region_name}."
            )
        if instance.status != ACTIVE and not allow_pending:
            raise ConflictException(
                f"Instance {instance_arn} is {instance.status}; until it is ACTIVE only "
                "DescribeInstance and DeleteInstance can be called on it."
            )
        return instance

    def _find_instance_by_arn(self, arn: str) -> Instance:
        return self.get_instance(arn)

    def account_instances(self) -> list[Instance]:
        """Instances of this account in every region."""
        from .backend import account_backends

        # list(...) copies each table at once (atomic under the GIL): another Region's
        # backend may be changing its own table meanwhile, under its own lock
        return [
            instance
            for backend in account_backends(self.account_id)
            for instance in list(backend.instances.values())
        ]

    # --- operations ------------------------------------------------------------------------

    def create_instance(
        self,
        name: str | None = None,
        client_token: str | None = None,
        tags: list[dict[str, str]] | None = None,
    ) -> Body:
        existing = self.account_instances()
        if existing:
            raise ConflictException(self._second_instance_message(existing[0]))
        self._refuse_organization_management_account()
        instance = self._new_instance(name, default=False)
        self.tags.add(instance.arn, tags)
        self.instances[instance.arn] = instance

        def finish(reason: str | None) -> None:
            instance.status = CREATE_FAILED if reason else ACTIVE
            instance.status_reason = reason

        instance.task = self.engine.submit("CreateInstance", lambda: None, finish)
        return {"InstanceArn": instance.arn}

    def describe_instance(self, instance_arn: str) -> Body:
        instance = self.instances.get(instance_arn)
        if instance is not None and instance.task is not None:
            self.engine.observe(instance.task)
        instance = self.get_instance(instance_arn, allow_pending=True)
        members = service.output_members("DescribeInstance")
        body = instance.describe(members)
        if "Regions" in members:
            body["Regions"] = self._region_records(instance)
        return body

    def list_instances(
        self,
        max_results: int | None = None,
        next_token: str | None = None,
        region_scope: str | None = None,
    ) -> Body:
        scope = region_scope or CURRENT_REGION
        if scope == ALL_REGIONS:
            instances = sorted(self.account_instances(), key=lambda item: item.seq)
        else:
            instances = list(self.instances.values())
        members = service.output_item_members("ListInstances", "Instances")
        with_regions = "Regions" in members

        def render(instance: Instance) -> Body:
            body = instance.metadata(members)
            if with_regions:
                body["Regions"] = self._region_records(instance)
            return body

        return self.list_page(
            "ListInstances",
            "Instances",
            instances,
            render,
            key=lambda item: item.seq,
            max_results=max_results,
            next_token=next_token,
            selectors=(scope,),
        )

    def update_instance(
        self,
        instance_arn: str,
        name: str | None = None,
        encryption_configuration: dict[str, Any] | None = None,
        permission_sets_enabled: bool | None = None,
        network_configuration: dict[str, Any] | None = None,
    ) -> Body:
        instance = self.get_instance(instance_arn)
        given = [
            member
            for member, value in zip(
                EXCLUSIVE_UPDATES,
                (encryption_configuration, permission_sets_enabled, network_configuration),
                strict=True,
            )
            if value is not None
        ]
        if len(given) > 1:
            raise ValidationException(
                f"UpdateInstance takes only one of {', '.join(EXCLUSIVE_UPDATES)} per request; "
                f"got {' and '.join(given)}. Make a separate UpdateInstance call for each."
            )
        if encryption_configuration is not None:
            _check_encryption(encryption_configuration)
        if permission_sets_enabled is False:
            raise ValidationException(
                "PermissionSetsEnabled accepts only true: once enabled, permission sets cannot "
                "be disabled."
            )
        network = None
        if network_configuration is not None:
            network = self._network_configuration(instance, network_configuration)
        # every check passed: apply
        if name is not None:
            instance.name = name
        if encryption_configuration is not None:
            self._change_encryption(instance, encryption_configuration)
        if permission_sets_enabled:
            instance.permission_sets_enabled = True
        if network is not None:
            instance.network_configuration = network
        return {}

    def delete_instance(self, instance_arn: str) -> Body:
        instance = self.get_instance(instance_arn, allow_pending=True)
        if instance.status == DELETE_IN_PROGRESS:
            raise ConflictException(f"Instance {instance_arn} is already being deleted.")
        previous = instance.status
        instance.status = DELETE_IN_PROGRESS

        def work() -> None:
            self.instance_deleted(instance_arn)
            self.tags.forget(instance_arn)
            self.instances.pop(instance_arn, None)

        def finish(reason: str | None) -> None:
            if reason:
                instance.status = previous
                instance.status_reason = reason

        instance.task = self.engine.submit("DeleteInstance", work, finish)
        return {}

    # --- helpers ---------------------------------------------------------------------------

    def ensure_default_instance(self) -> None:
        """Give a fresh account its ACTIVE organization instance (unless switched off)."""
        if current().default_instance and not self.account_instances():
            instance = self._new_instance(None, default=True)
            instance.status = ACTIVE
            self.instances[instance.arn] = instance

    def _new_instance(self, name: str | None, *, default: bool) -> Instance:
        instance_id = ids.instance_id()
        return Instance(
            arn=ids.instance_arn(self.partition, instance_id),
            instance_id=instance_id,
            identity_store_id=ids.identity_store_id(),
            owner_account_id=self.account_id,
            region=self.region_name,
            name=name,
            created_date=now(),
            seq=ids.next_sequence(),
            default=default,
            permission_sets_enabled=default,
        )

    def _region_records(self, instance: Instance) -> list[Body]:
        """The instance's Regions as ListRegions shows them (``RegionMetadata``).

        `RegionsMixin` keeps them on the backend of the instance's primary Region; that
        backend may be another Region's (ListInstances with ALL_REGIONS), read here without
        its lock (its table is copied at once). The statuses are shown as they stand: this is
        not a read of a pending AddRegion / RemoveRegion (DescribeRegion and ListRegions are).
        """
        owner = self._primary_backend(instance)
        regions = owner._regions_of(instance)
        return [record.metadata() for record in list(regions.values())]

    def _primary_backend(self, instance: Instance) -> SSOAdminBackend:
        """The backend that holds `instance` (the one of its account and primary Region)."""
        if self.instances.get(instance.arn) is instance:
            return cast("SSOAdminBackend", self)
        from .backend import account_backends

        for backend in account_backends(instance.owner_account_id):
            if backend.region_name == instance.region:
                return backend
        return cast("SSOAdminBackend", self)

    def _network_configuration(self, instance: Instance, configuration: dict[str, Any]) -> Body:
        """The NetworkConfigurationInfo to store, once what the model can't say is checked."""
        if not configuration["VpceAccessRequired"]:
            return {"VpceAccessRequired": False}  # the lists are cleared (module docstring)
        self._check_source_vpcs(instance, configuration.get("RestrictSourceVpcs") or [])
        stored: Body = {"VpceAccessRequired": True}
        for member in NETWORK_LISTS:
            values = configuration.get(member)
            if values:
                stored[member] = list(values)
        return stored

    def _check_source_vpcs(self, instance: Instance, vpc_arns: list[str]) -> None:
        """RestrictSourceVpcs: "These VPCs must be in your organization, or in the Amazon Web
        Services account for an account instance" (NetworkConfigurationInfo)."""
        partition = ids.partition_for(instance.region)
        if instance.organization_instance:
            members = self._organization_accounts()
            where = "the organization of the instance"
        else:
            members = frozenset({instance.owner_account_id})
            where = f"account {instance.owner_account_id}, which owns this account instance"
        for arn in vpc_arns:
            owner = ids.arn_owner(arn) or ("", "")
            if owner[0] != partition or (members is not None and owner[1] not in members):
                raise ValidationException(
                    f"RestrictSourceVpcs: VPC {arn} is not in {where} (partition "
                    f"{partition}); only VPCs there can be allowed."
                )

    def _organization_accounts(self) -> frozenset[str] | None:
        """The accounts of the organization moto's organizations models for this account
        (as management or member account); None when it models none."""
        try:
            from moto.organizations.models import organizations_backends

            master = organizations_backends.master_accounts.get(self.account_id)
            owner, partition = master if master else (self.account_id, self.partition)
            backends: dict[str, Any] = cast(Any, organizations_backends)
            partitions: dict[str, Any] = dict.get(backends, owner) or {}
            backend = dict.get(partitions, partition)
            if backend is None or backend.org is None:
                return None
            return frozenset(str(account.id) for account in backend.accounts)
        except Exception:  # noqa: BLE001 - moto's internals differ across versions
            return None

    def _change_encryption(self, instance: Instance, configuration: dict[str, Any]) -> None:
        instance.key_type = configuration["KeyType"]
        instance.kms_key_arn = configuration.get("KmsKeyArn")
        instance.encryption_status = "UPDATING"
        instance.encryption_status_reason = None

        def finish(reason: str | None) -> None:
            instance.encryption_status = "UPDATE_FAILED" if reason else "ENABLED"
            instance.encryption_status_reason = reason

        instance.task = self.engine.submit("UpdateInstance", lambda: None, finish)

    def _second_instance_message(self, existing: Instance) -> str:
        message = (
            f"Account {self.account_id} already has an instance of IAM Identity Center "
            f"({existing.arn}, in {existing.region}); an account can have only one instance "
            "across all AWS Regions."
        )
        if existing.default:
            message += (
                " It is the instance ssoadmin-mock gives every account by default: start the "
                "mock with mock_ssoadmin(default_instance=False), or set "
                "ssoadmin_mock.settings.default_instance = False, to begin with none."
            )
        return message

    def _refuse_organization_management_account(self) -> None:
        """CreateInstance is refused in an organization's management account (seed 000_)."""
        try:
            from moto.organizations.models import organizations_backends

            backend = organizations_backends[self.account_id][self.partition]
            org = backend.org
        except Exception:  # noqa: BLE001 - moto's internals differ across versions
            return
        if org is not None and getattr(org, "master_account_id", None) == self.account_id:
            raise ValidationException(
                f"Account {self.account_id} is the management account of organization "
                f"{org.id}: an account instance cannot be created there; enable the "
                "organization instance instead."
            )


def _check_encryption(configuration: dict[str, Any]) -> None:
    """KmsKeyArn: "Required when KeyType is CUSTOMER_MANAGED_KEY. Cannot be specified when
    KeyType is AWS_OWNED_KMS_KEY" (EncryptionConfiguration)."""
    key_type = configuration["KeyType"]
    key_arn = configuration.get("KmsKeyArn")
    if key_type == CUSTOMER_MANAGED_KEY and not key_arn:
        raise ValidationException("KmsKeyArn is required when KeyType is CUSTOMER_MANAGED_KEY.")
    if key_type == AWS_OWNED_KMS_KEY and key_arn:
        raise ValidationException("KmsKeyArn must not be given when KeyType is AWS_OWNED_KMS_KEY.")
