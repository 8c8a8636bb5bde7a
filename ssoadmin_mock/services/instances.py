"""Instances of IAM Identity Center: CreateInstance, DescribeInstance, ListInstances,
UpdateInstance, DeleteInstance.

Life cycle (DescribeInstance): CREATE_IN_PROGRESS (only DescribeInstance and
DeleteInstance are allowed on it), ACTIVE (or CREATE_FAILED), DELETE_IN_PROGRESS, then gone:
DescribeInstance answers `AccessDeniedException`. An account has at most one instance across
all regions. Unless the mock's ``default_instance`` switch is off, an account starts with one
ACTIVE organization instance, made in the region of its first sso-admin request (a member
account of an organization in moto's organizations does not, as on AWS; as the
organization's delegated administrator it administers the organization's,
`ssoadmin_mock.delegation`). In the moto-compatible mode an unknown, well-formed instance ARN
is adopted on first use (`ssoadmin_mock.compat`).

What newer models (botocore 1.44) add, and how the mock serves it (each rule from the model's
documentation strings, which are the API reference text):

- ``ListInstances.RegionScope``: ``CURRENT_REGION`` (the default) "Lists only the instances in
  the Region that you call this API from"; ``ALL_REGIONS`` "Lists the instances that the caller
  owns or that are shared with the caller across all Regions": the account's instances from
  every Region's backend (the mock models no sharing). A page token is bound to its scope.
- Output members ``IdentityStoreArn``, ``PrimaryRegion`` ("where the IAM Identity Center
  instance was originally enabled": the instance's Region) and ``Regions`` (the instance's
  Regions as the account store keeps them: ListRegions' records) on DescribeInstance and on
  ListInstances items; ``PermissionSetsEnabled`` and ``NetworkConfigurationDetails`` on
  DescribeInstance. Each is sent only when the INSTALLED model declares it
  (`service.output_members`), so a response never carries a member its SDK does not know.
- UpdateInstance's rules: `instance_updates`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any

from .. import compat, ids, moto_bridge, service, validation
from ..asyncstatus import AsyncTask
from ..exceptions import ConflictException, ResourceNotFoundException, ValidationException
from ..operations import Listing, operation
from ..statuses import read_statuses
from ..switches import current
from ..tags import TagStore
from .account import AccountStore, Body, Place, now
from .instance_updates import AWS_OWNED_KMS_KEY, check_update, network_configuration

ACTIVE = "ACTIVE"
CREATE_IN_PROGRESS = "CREATE_IN_PROGRESS"
CREATE_FAILED = "CREATE_FAILED"
DELETE_IN_PROGRESS = "DELETE_IN_PROGRESS"

#: ListInstances.RegionScope (botocore 1.44); CURRENT_REGION is the default
CURRENT_REGION = "CURRENT_REGION"
ALL_REGIONS = "ALL_REGIONS"


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
        account instances (for standalone or member accounts)."""
        return self.default

    @property
    def partition(self) -> str:
        return ids.partition_for(self.region)

    def metadata(self, members: frozenset[str] = frozenset()) -> Body:
        """The instance as ListInstances shows it.

        `members`: the output members the installed model declares; the ones newer models
        added (``IdentityStoreArn``, ``PrimaryRegion``) are sent only when listed there.
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
                self.partition, self.owner_account_id, self.identity_store_id
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


class Instances:
    """The instances of one account, as seen from one Region."""

    def __init__(
        self,
        place: Place,
        account: AccountStore,
        tags: TagStore,
        administered: Callable[[], list[tuple[Instance, AccountStore]]] = list,
        management_account: Callable[[], str | None] = lambda: None,
    ) -> None:
        self.place = place
        self.account = account
        self.tags = tags
        self.engine = account.engine
        #: the organization instances the account administers as delegated administrator,
        #: each with its own account's store (`ssoadmin_mock.delegation`)
        self.administered = administered
        #: the management account of the organization the account is a member account of,
        #: or None (`moto_bridge.organization_management_account`)
        self.management_account = management_account
        #: called with an instance's ARN when it is deleted (wired by the backend)
        self._on_deleted: list[Callable[[str], None]] = []

    def on_deleted(self, callback: Callable[[str], None]) -> None:
        """Call `callback(instance_arn)` when an instance goes, to drop what hangs off it."""
        self._on_deleted.append(callback)

    # --- look-ups used by every domain ---------------------------------------------------

    def get(
        self, instance_arn: str, *, allow_pending: bool = False, region: str | None = None
    ) -> Instance:
        """The instance, which must be in this Region (or `region`) and ACTIVE unless
        `allow_pending`.

        An instance that is not in this account and region is not found
        (`ResourceNotFoundException`, or `AccessDeniedException` for operations that do not
        model it, as DescribeInstance).
        """
        instance = self.find(instance_arn, region)
        if instance is None:
            missing = ResourceNotFoundException(
                f"Instance {instance_arn} does not exist in account {self.place.account_id} "
                f"and region {self.place.region}."
            )
            instance = self._adopted(instance_arn, missing) if region is None else None
            if instance is None:
                raise missing
        if instance.status != ACTIVE and not allow_pending:
            raise ConflictException(
                f"Instance {instance_arn} is {instance.status}; until it is ACTIVE only "
                "DescribeInstance and DeleteInstance can be called on it."
            )
        return instance

    def find(self, instance_arn: str, region: str | None = None) -> Instance | None:
        """The instance of this account in this Region (or `region`), or None."""
        instance = self.account.instances.get(instance_arn)
        if instance is None or instance.region != (region or self.place.region):
            return None
        return instance

    def here(self) -> list[Instance]:
        """The account's instances in this Region, in creation order."""
        region = self.place.region
        return [i for i in self.account.instances.values() if i.region == region]

    def administered_in(self, *, all_regions: bool = False) -> list[tuple[Instance, AccountStore]]:
        """The organization instances the account administers as delegated administrator,
        in this Region (or in every one), each with its owner's store."""
        region = self.place.region
        return [(i, store) for i, store in self.administered() if all_regions or i.region == region]

    def start_account(self) -> None:
        """On the account's first request: its ACTIVE organization instance, made in this
        Region, unless the mock's ``default_instance`` switch is off or the account is a
        member account of an organization in moto's organizations. On AWS only the
        management account has the organization instance; a member account sees it only as
        its delegated administrator (`administered_in`), and has none otherwise: ListInstances
        lists the instances "created in or visible to the account calling this API"."""
        account = self.account
        if account.started:
            return
        account.started = True
        if current().default_instance and not account.instances and not self.management_account():
            instance = self._new_instance(None, default=True)
            instance.status = ACTIVE
            account.instances[instance.arn] = instance

    # --- operations ------------------------------------------------------------------------

    @operation("CreateInstance")
    def create(
        self,
        name: str | None = None,
        client_token: str | None = None,
        tags: list[dict[str, str]] | None = None,
    ) -> Body:
        existing = list(self.account.instances.values())
        if existing:
            raise ConflictException(self._second_instance_message(existing[0]))
        self._refuse_organization_management_account()
        instance = self._new_instance(name, default=False)
        self.tags.add(instance.arn, tags)
        self.account.instances[instance.arn] = instance

        def finish(reason: str | None) -> None:
            instance.status = CREATE_FAILED if reason else ACTIVE
            instance.status_reason = reason

        instance.task = self.engine.submit("CreateInstance", lambda: None, finish)
        return {"InstanceArn": instance.arn}

    @operation("DescribeInstance")
    def describe(self, instance_arn: str) -> Body:
        instance = self.find(instance_arn)
        if instance is not None and instance.task is not None:
            self.engine.observe(instance.task)
        instance = self.get(instance_arn, allow_pending=True)
        members = service.output_members("DescribeInstance")
        body = instance.describe(members)
        if "Regions" in members:
            body["Regions"] = self.account.region_records(instance)
        return body

    @operation("ListInstances")
    def list(self, region_scope: str | None = None) -> Listing[Instance]:
        scope = region_scope or CURRENT_REGION
        own = list(self.account.instances.values()) if scope == ALL_REGIONS else self.here()
        administered = self.administered_in(all_regions=scope == ALL_REGIONS)
        # the organization's instance first (a delegated administrator's), kept by its owner
        instances = [i for i, _ in administered] + own
        owners = {i.arn: store for i, store in administered}
        members = service.output_item_members("ListInstances", "Instances")
        with_regions = "Regions" in members

        def render(instance: Instance) -> Body:
            body = instance.metadata(members)
            if with_regions:
                store = owners.get(instance.arn, self.account)
                body["Regions"] = store.region_records(instance)
            return body

        return Listing(
            instances, render, scope=(scope,), on_read=partial(read_statuses, self.engine, None)
        )

    @operation("UpdateInstance")
    def update(
        self,
        instance_arn: str,
        name: str | None = None,
        encryption_configuration: dict[str, Any] | None = None,
        permission_sets_enabled: bool | None = None,
        network_configuration: dict[str, Any] | None = None,
    ) -> Body:
        instance = self.get(instance_arn)
        check_update(encryption_configuration, permission_sets_enabled, network_configuration)
        network = None
        if network_configuration is not None:
            network = _network(instance, network_configuration)
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

    @operation("DeleteInstance")
    def delete(self, instance_arn: str) -> Body:
        instance = self.get(instance_arn, allow_pending=True)
        if instance.status == DELETE_IN_PROGRESS:
            raise ConflictException(f"Instance {instance_arn} is already being deleted.")
        previous = instance.status
        instance.status = DELETE_IN_PROGRESS

        def work() -> None:
            for callback in self._on_deleted:
                callback(instance_arn)
            self.tags.forget(instance_arn)
            self.account.forget(instance_arn)

        def finish(reason: str | None) -> None:
            if reason:
                instance.status = previous
                instance.status_reason = reason

        instance.task = self.engine.submit("DeleteInstance", work, finish)
        return {}

    # --- helpers ---------------------------------------------------------------------------

    def _adopted(self, instance_arn: str, missing: ResourceNotFoundException) -> Instance | None:
        """The moto-compatible mode's answer to an unknown instance ARN of this account's
        partition and the model's form, that no Region of the account knows: an ACTIVE
        instance of this account and Region, made now (with a warning); None otherwise, and
        in AWS's mode (`ssoadmin_mock.compat`)."""
        parsed = ids.parse_arn(instance_arn)
        if (
            parsed is None
            or parsed.partition != self.place.partition
            or instance_arn in self.account.instances
            or not _instance_arn_pattern().fullmatch(instance_arn)
            or not compat.relax(compat.UNKNOWN_INSTANCE, "InstanceArn", missing)
        ):
            return None
        return self._adopt(instance_arn, ids.identity_store_id())

    def adopted_for_store(
        self, identity_store_id: str, missing: ResourceNotFoundException
    ) -> Instance | None:
        """The moto-compatible mode's answer to an identity store id no instance of the
        account has (moto's identitystore takes any id as a store): an ACTIVE instance of
        this account and Region whose store it is, made now (with a warning); None in AWS's
        mode (`ssoadmin_mock.compat`)."""
        if identity_store_id.startswith("arn:") or not compat.relax(
            compat.UNKNOWN_STORE, "IdentityStoreId", missing
        ):
            return None
        instance_arn = ids.instance_arn(self.place.partition, ids.instance_id())
        return self._adopt(instance_arn, identity_store_id)

    def _adopt(self, instance_arn: str, identity_store_id: str) -> Instance:
        instance = Instance(
            arn=instance_arn,
            instance_id=instance_arn.rpartition("/")[2],
            identity_store_id=identity_store_id,
            owner_account_id=self.place.account_id,
            region=self.place.region,
            name=None,
            created_date=now(),
            seq=ids.next_sequence(),
            status=ACTIVE,
            permission_sets_enabled=True,
        )
        self.account.instances[instance_arn] = instance
        return instance

    def _new_instance(self, name: str | None, *, default: bool) -> Instance:
        instance_id = ids.instance_id()
        return Instance(
            arn=ids.instance_arn(self.place.partition, instance_id),
            instance_id=instance_id,
            identity_store_id=ids.identity_store_id(),
            owner_account_id=self.place.account_id,
            region=self.place.region,
            name=name,
            created_date=now(),
            seq=ids.next_sequence(),
            default=default,
            permission_sets_enabled=default,
        )

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
            f"Account {self.place.account_id} already has an instance of IAM Identity Center "
            f"({existing.arn}, in {existing.region}); an account can have only one instance "
            "across all AWS Regions."
        )
        if existing.default:
            message += (
                " It is the instance ssoadmin-mock gives every account by default: start the "
                "mock with mock_ssoadmin(default_instance=False) to begin with none."
            )
        return message

    def _refuse_organization_management_account(self) -> None:
        """CreateInstance is refused in an organization's management account (CreateInstance:
        account instances are for standalone or member accounts)."""
        organization = moto_bridge.organization_of(self.place.account_id, self.place.partition)
        if organization is not None and organization.management_account_id == self.place.account_id:
            raise ValidationException(
                f"Account {self.place.account_id} is the management account of organization "
                f"{organization.id}: an account instance cannot be created there; enable the "
                "organization instance instead."
            )


@cache
def _instance_arn_pattern() -> re.Pattern[str]:
    """The model's pattern of an instance ARN (``InstanceArn``)."""
    shape = service.service_model().shape_for("InstanceArn")
    pattern = validation.compile_pattern(shape.metadata["pattern"])
    assert pattern is not None
    return pattern


def _network(instance: Instance, configuration: dict[str, Any]) -> Body:
    return network_configuration(
        configuration,
        organization_instance=instance.organization_instance,
        owner_account_id=instance.owner_account_id,
        partition=instance.partition,
    )
