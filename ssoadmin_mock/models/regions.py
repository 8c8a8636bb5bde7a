"""Regions of an instance (multi-Region IAM Identity Center): AddRegion, RemoveRegion,
DescribeRegion, ListRegions.

What AWS documents, and how the mock keeps it:

- The primary Region is where the instance was enabled. It is listed from the start (ACTIVE,
  ``IsPrimaryRegion`` true, ``AddedDate`` the instance's creation time: DescribeRegion) and
  "cannot be removed other than by deleting the entire IAM Identity Center instance"
  (*Replicate IAM Identity Center to an additional Region*).
- AddRegion "initiates an asynchronous workflow ... The Region status is set to ADDING at first
  and changes to ACTIVE when the workflow completes"; RemoveRegion sets REMOVING "and the Region
  record is deleted when the workflow completes" (API reference). Both go through the async
  engine (operation names ``AddRegion`` / ``RemoveRegion``); DescribeRegion counts as one read
  of the Region's status, and ListRegions as one read of each of the instance's Regions. The
  responses always carry the status the workflow starts with (ADDING / REMOVING). The status
  enum has no failed value, so a failed add (``settings.async_status.fail("AddRegion", ...)``)
  drops the Region again, and a failed removal leaves it ACTIVE.
- RemoveRegion: "The request must be made from the primary Region. The target Region cannot be
  the primary Region, and no other add or remove Region workflows can be in progress" (API
  reference). The mock applies the same one-workflow-at-a-time rule to AddRegion (an assumption:
  AWS documents it only for RemoveRegion) and also accepts AddRegion only in the primary Region
  ("IAM Identity Center supports most administrative functions only from the primary Region",
  *Resiliency design and Regional behavior*).
- DescribeRegion "must be made from one of the enabled Regions" (API reference): DescribeRegion
  and ListRegions are answered in the primary Region and in every ACTIVE additional Region.
- "Total number of AWS Regions enabled for a single IAM Identity Center instance: 6", primary
  included (*Quotas and limits in IAM Identity Center*): `ServiceQuotaExceededException`.
- Prerequisites (*Using IAM Identity Center across multiple AWS Regions*, *Replicate IAM Identity
  Center to an additional Region*, *Considerations for choosing an AWS Region*): an organization
  instance (not an account instance), configured with a multi-Region customer managed KMS key
  (``KeyType`` CUSTOMER_MANAGED_KEY, key id ``mrk-…``), and both the primary and the added
  Region commercial Regions enabled by default ("If you plan to replicate IAM Identity Center to
  additional AWS Regions, you must choose a Region enabled by default"). The mock does not model
  replica keys or identity sources, so it does not check them.

Refusals, with the codes the mock chose where AWS names none (each is a modeled error of the
operation): a name that is no AWS Region where the instance's partition offers IAM Identity
Center, or unmet prerequisites: `ValidationException`; adding a Region already enabled
(the primary Region included) or starting a workflow while one runs: `ConflictException`;
removing the primary Region: `ValidationException`; removing or describing a Region that is not
enabled: `ResourceNotFoundException`; AddRegion / RemoveRegion sent from an additional Region:
`ValidationException`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import boto3

from .. import ids
from ..asyncstatus import AsyncTask
from ..exceptions import (
    ConflictException,
    ResourceNotFoundException,
    ServiceQuotaExceededException,
    ValidationException,
)
from .base import Body, now, on_instance_deleted
from .instances import CUSTOMER_MANAGED_KEY, Instance
from .tagging import TaggingMixin

ACTIVE = "ACTIVE"
ADDING = "ADDING"
REMOVING = "REMOVING"

#: "Total number of AWS Regions enabled for a single IAM Identity Center instance" (primary
#: included; Quotas and limits in IAM Identity Center)
MAX_REGIONS = 6

#: Commercial Regions enabled by default. Every Region AWS opened after 20 March 2019 is an
#: opt-in Region, so this set is closed; the opt-in Regions the IAM Identity Center guide lists
#: (Cape Town, Hong Kong, Hyderabad, Jakarta, Melbourne, Malaysia, Calgary, Milan, Spain,
#: Zurich, Tel Aviv, Bahrain, UAE, and the later ones) are all outside it.
DEFAULT_ENABLED_REGIONS = frozenset(
    {
        "us-east-1",
        "us-east-2",
        "us-west-1",
        "us-west-2",
        "ca-central-1",
        "sa-east-1",
        "eu-west-1",
        "eu-west-2",
        "eu-west-3",
        "eu-central-1",
        "eu-north-1",
        "ap-south-1",
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-northeast-3",
        "ap-southeast-1",
        "ap-southeast-2",
    }
)

#: operations AWS serves only in the instance's primary Region
PRIMARY_REGION_ONLY = frozenset({"AddRegion", "RemoveRegion"})

MULTI_REGION_KEY_PREFIX = "mrk-"


@cache
def sso_regions(partition: str) -> frozenset[str]:
    """The Regions where IAM Identity Center is offered in `partition` (botocore's endpoints)."""
    session = boto3.session.Session()
    return frozenset(session.get_available_regions("sso-admin", partition_name=partition))


@dataclass
class InstanceRegion:
    """One enabled Region of an instance."""

    name: str
    added_date: float
    primary: bool
    #: listing order: 0 for the primary Region, then the order Regions were added
    seq: int
    status: str = ACTIVE
    task: AsyncTask | None = field(default=None, repr=False)

    def metadata(self) -> Body:
        return {
            "RegionName": self.name,
            "Status": self.status,
            "AddedDate": self.added_date,
            "IsPrimaryRegion": self.primary,
        }


class RegionsMixin(TaggingMixin):
    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        #: instance ARN -> {Region name: Region}, in listing order; made on first use
        self.instance_regions: dict[str, dict[str, InstanceRegion]] = {}

    # --- operations: served by the backend of the instance's primary Region -------------

    def add_region(self, instance_arn: str, region_name: str) -> Body:
        owner = self._region_owner(instance_arn, "AddRegion")
        with owner.lock:
            return owner._add_region(instance_arn, region_name)

    def remove_region(self, instance_arn: str, region_name: str) -> Body:
        owner = self._region_owner(instance_arn, "RemoveRegion")
        with owner.lock:
            return owner._remove_region(instance_arn, region_name)

    def describe_region(self, instance_arn: str, region_name: str) -> Body:
        owner = self._region_owner(instance_arn, "DescribeRegion")
        with owner.lock:
            return owner._describe_region(instance_arn, region_name)

    def list_regions(
        self, instance_arn: str, max_results: int | None = None, next_token: str | None = None
    ) -> Body:
        owner = self._region_owner(instance_arn, "ListRegions")
        with owner.lock:
            return owner._list_regions(instance_arn, max_results, next_token)

    # --- the work, on the owning backend -------------------------------------------------

    def _add_region(self, instance_arn: str, region_name: str) -> Body:
        instance = self.get_instance(instance_arn)
        if region_name not in sso_regions(self.partition):
            raise ValidationException(
                f"'{region_name}' is not an AWS Region where IAM Identity Center is available "
                f"in partition {self.partition}."
            )
        _check_replicable(instance, region_name)
        regions = self._regions_of(instance)
        enabled = regions.get(region_name)
        if enabled is not None:
            role = "the primary Region" if enabled.primary else f"already {enabled.status}"
            raise ConflictException(
                f"Region {region_name} is {role} for instance {instance.arn}; it cannot be "
                "added again."
            )
        _check_no_workflow(instance, regions)
        if len(regions) >= MAX_REGIONS:
            raise ServiceQuotaExceededException(
                f"Instance {instance.arn} already has {len(regions)} Regions (the primary "
                f"Region included); an instance can be enabled in at most {MAX_REGIONS}."
            )
        record = InstanceRegion(region_name, now(), False, ids.next_sequence(), status=ADDING)
        self._regions_of(instance, keep=True)[region_name] = record

        def finish(reason: str | None) -> None:
            current = self.instance_regions.get(instance.arn, {})
            if current.get(region_name) is not record:
                return  # the instance went meanwhile
            if reason:
                del current[region_name]
            else:
                record.status = ACTIVE

        record.task = self.engine.submit("AddRegion", lambda: None, finish)
        return {"Status": ADDING}

    def _remove_region(self, instance_arn: str, region_name: str) -> Body:
        instance = self.get_instance(instance_arn)
        if region_name == instance.region:
            raise ValidationException(
                f"Region {region_name} is the primary Region of instance {instance.arn} and "
                "cannot be removed; only deleting the instance removes it."
            )
        regions = self._regions_of(instance)
        record = regions.get(region_name)
        if record is None:
            raise ResourceNotFoundException(
                f"Region {region_name} is not enabled for instance {instance.arn}."
            )
        _check_no_workflow(instance, regions)
        record.status = REMOVING

        def finish(reason: str | None) -> None:
            current = self.instance_regions.get(instance.arn, {})
            if current.get(region_name) is not record:
                return
            if reason:
                record.status = ACTIVE
            else:
                del current[region_name]

        record.task = self.engine.submit("RemoveRegion", lambda: None, finish)
        return {"Status": REMOVING}

    def _describe_region(self, instance_arn: str, region_name: str) -> Body:
        instance = self.get_instance(instance_arn)
        regions = self._regions_of(instance)
        record = regions.get(region_name)
        if record is not None and record.task is not None:
            self.engine.observe(record.task)
            record = regions.get(region_name)  # a finished removal deletes the record
        if record is None:
            raise ResourceNotFoundException(
                f"Region {region_name} is not enabled for instance {instance.arn}."
            )
        return record.metadata()

    def _list_regions(
        self, instance_arn: str, max_results: int | None, next_token: str | None
    ) -> Body:
        instance = self.get_instance(instance_arn)
        regions = self._regions_of(instance)
        for record in list(regions.values()):  # settling a removal deletes its record
            if record.task is not None:
                self.engine.observe(record.task)
        return self.list_page(
            "ListRegions",
            "Regions",
            list(regions.values()),
            lambda record: record.metadata(),
            key=lambda record: record.seq,
            max_results=max_results,
            next_token=next_token,
            selectors=(instance.arn,),
        )

    # --- helpers -------------------------------------------------------------------------

    def _regions_of(self, instance: Instance, *, keep: bool = False) -> dict[str, InstanceRegion]:
        """The instance's enabled Regions, starting with its primary Region.

        Until a Region is added the table is only the primary Region, made afresh on each
        read; `keep` stores it (AddRegion, once every check has passed), so refused and
        read-only calls leave the backend's state as it was.
        """
        regions = self.instance_regions.get(instance.arn)
        if regions is None:
            primary = InstanceRegion(instance.region, instance.created_date, True, seq=0)
            regions = {instance.region: primary}
            if keep:
                self.instance_regions[instance.arn] = regions
        return regions

    def _region_owner(self, instance_arn: str, operation: str) -> RegionsMixin:
        """The backend that holds `instance_arn`: this one, or the one of its primary Region
        when this backend's Region is an ACTIVE additional Region of the instance.

        Anything else is left to this backend, whose `get_instance` then refuses the ARN as
        unknown here.
        """
        if instance_arn in self.instances:
            return self
        from .backend import account_backends

        for backend in account_backends(self.account_id):
            if backend is self or instance_arn not in backend.instances:
                continue
            with backend.lock:
                instance = backend.instances.get(instance_arn)
                here = backend.instance_regions.get(instance_arn, {}).get(self.region_name)
            if instance is None or here is None or here.status != ACTIVE:
                break
            if operation in PRIMARY_REGION_ONLY:
                raise ValidationException(
                    f"{operation} must be called in the primary Region of instance "
                    f"{instance_arn} ({instance.region}), not in {self.region_name}."
                )
            return backend
        return self

    @on_instance_deleted
    def _drop_regions(self, instance_arn: str) -> None:
        self.instance_regions.pop(instance_arn, None)


def _check_replicable(instance: Instance, region_name: str) -> None:
    """Refuse AddRegion unless the instance and the Region meet AWS's prerequisites."""
    if not instance.organization_instance:
        raise ValidationException(
            f"Instance {instance.arn} is an account instance; only an organization instance "
            "can be replicated to additional Regions."
        )
    if instance.encryption_status == "UPDATING":
        raise ConflictException(
            f"The encryption configuration of instance {instance.arn} is being updated; "
            "add the Region once DescribeInstance shows it ENABLED."
        )
    key_id = (instance.kms_key_arn or "").rpartition("/")[2]
    if (
        instance.key_type != CUSTOMER_MANAGED_KEY
        or instance.encryption_status != "ENABLED"
        or not key_id.startswith(MULTI_REGION_KEY_PREFIX)
    ):
        raise ValidationException(
            f"Instance {instance.arn} must be encrypted with a multi-Region customer managed "
            "KMS key (key/mrk-...) before it can be replicated: call UpdateInstance with "
            "EncryptionConfiguration KeyType=CUSTOMER_MANAGED_KEY and such a KmsKeyArn."
        )
    for name, role in ((instance.region, "primary Region"), (region_name, "Region to add")):
        if name not in DEFAULT_ENABLED_REGIONS:
            raise ValidationException(
                f"The {role} {name} is not a commercial AWS Region enabled by default; "
                "multi-Region IAM Identity Center works only between such Regions."
            )


def _check_no_workflow(instance: Instance, regions: dict[str, InstanceRegion]) -> None:
    """Refuse a new add or remove workflow while another one runs on the instance."""
    busy = [r for r in regions.values() if r.status in (ADDING, REMOVING)]
    if busy:
        raise ConflictException(
            f"Region {busy[0].name} of instance {instance.arn} is {busy[0].status}; no other "
            "add or remove Region workflow can start until it completes."
        )
