"""Instances of IAM Identity Center: CreateInstance, DescribeInstance, ListInstances,
UpdateInstance, DeleteInstance.

Life cycle (seed DescribeInstance): CREATE_IN_PROGRESS (only DescribeInstance and
DeleteInstance are allowed on it), ACTIVE (or CREATE_FAILED), DELETE_IN_PROGRESS, then gone:
DescribeInstance answers `AccessDeniedException`. An account has at most one instance across
all regions. Unless `settings.default_instance` is off, an account starts with one ACTIVE
organization instance, made in the region of its first sso-admin request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import ids
from ..asyncstatus import AsyncTask
from ..exceptions import ConflictException, ResourceNotFoundException, ValidationException
from ..settings import settings
from .base import BackendBase, Body, now

ACTIVE = "ACTIVE"
CREATE_IN_PROGRESS = "CREATE_IN_PROGRESS"
CREATE_FAILED = "CREATE_FAILED"
DELETE_IN_PROGRESS = "DELETE_IN_PROGRESS"

AWS_OWNED_KMS_KEY = "AWS_OWNED_KMS_KEY"
CUSTOMER_MANAGED_KEY = "CUSTOMER_MANAGED_KEY"


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
    task: AsyncTask | None = field(default=None, repr=False)

    @property
    def organization_instance(self) -> bool:
        """True for the organization instance every account is given; CreateInstance makes
        account instances (seed 000_: for standalone or member accounts)."""
        return self.default

    def metadata(self) -> Body:
        """The instance as ListInstances shows it."""
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
        return body

    def describe(self) -> Body:
        body = self.metadata()
        encryption: Body = {"KeyType": self.key_type, "EncryptionStatus": self.encryption_status}
        if self.kms_key_arn:
            encryption["KmsKeyArn"] = self.kms_key_arn
        if self.encryption_status_reason:
            encryption["EncryptionStatusReason"] = self.encryption_status_reason
        body["EncryptionConfigurationDetails"] = encryption
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

        return [
            instance
            for backend in account_backends(self.account_id)
            for instance in backend.instances.values()
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
        return self.get_instance(instance_arn, allow_pending=True).describe()

    def list_instances(self, max_results: int | None = None, next_token: str | None = None) -> Body:
        return self.list_page(
            "ListInstances",
            "Instances",
            list(self.instances.values()),
            lambda instance: instance.metadata(),
            key=lambda item: item.seq,
            max_results=max_results,
            next_token=next_token,
        )

    def update_instance(
        self,
        instance_arn: str,
        name: str | None = None,
        encryption_configuration: dict[str, Any] | None = None,
    ) -> Body:
        instance = self.get_instance(instance_arn)
        if encryption_configuration is not None:
            key_type = encryption_configuration["KeyType"]
            key_arn = encryption_configuration.get("KmsKeyArn")
            if key_type == CUSTOMER_MANAGED_KEY and not key_arn:
                raise ValidationException(
                    "KmsKeyArn is required when KeyType is CUSTOMER_MANAGED_KEY."
                )
            if key_type == AWS_OWNED_KMS_KEY and key_arn:
                raise ValidationException(
                    "KmsKeyArn must not be given when KeyType is AWS_OWNED_KMS_KEY."
                )
        if name is not None:
            instance.name = name
        if encryption_configuration is not None:
            self._change_encryption(instance, encryption_configuration)
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
        if settings.default_instance and not self.account_instances():
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
