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
  enum has no failed value, so a failed add (the ``async_failures`` switch for ``AddRegion``)
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

from functools import cache

from .. import ids, service
from ..exceptions import (
    ConflictException,
    ResourceNotFoundException,
    ServiceQuotaExceededException,
    ValidationException,
)
from ..operations import Listing, operation
from .account import ACTIVE, AccountStore, Body, InstanceRegion, Place, now
from .instance_updates import CUSTOMER_MANAGED_KEY
from .instances import Instance, Instances

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
    found = service.botocore_session().get_available_regions("sso-admin", partition)
    return frozenset(found)


class Regions:
    """The Regions of the account's instances, served in the primary Region and, for reads,
    in every ACTIVE additional Region."""

    def __init__(self, place: Place, account: AccountStore, instances: Instances) -> None:
        self.place = place
        self.account = account
        self.instances = instances
        self.engine = account.engine

    @operation("AddRegion")
    def add(self, instance_arn: str, region_name: str) -> Body:
        instance = self._instance(instance_arn, "AddRegion")
        partition = instance.partition
        if region_name not in sso_regions(partition):
            raise ValidationException(
                f"'{region_name}' is not an AWS Region where IAM Identity Center is available "
                f"in partition {partition}."
            )
        _check_replicable(instance, region_name)
        regions = self.account.regions_of(instance)
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
        self.account.regions_of(instance, keep=True)[region_name] = record

        def finish(reason: str | None) -> None:
            kept = self.account.regions.get(instance.arn, {})
            if kept.get(region_name) is not record:
                return  # the instance went meanwhile
            if reason:
                del kept[region_name]
            else:
                record.status = ACTIVE

        record.task = self.engine.submit("AddRegion", lambda: None, finish)
        return {"Status": ADDING}

    @operation("RemoveRegion")
    def remove(self, instance_arn: str, region_name: str) -> Body:
        instance = self._instance(instance_arn, "RemoveRegion")
        if region_name == instance.region:
            raise ValidationException(
                f"Region {region_name} is the primary Region of instance {instance.arn} and "
                "cannot be removed; only deleting the instance removes it."
            )
        regions = self.account.regions_of(instance)
        record = regions.get(region_name)
        if record is None:
            raise ResourceNotFoundException(
                f"Region {region_name} is not enabled for instance {instance.arn}."
            )
        _check_no_workflow(instance, regions)
        record.status = REMOVING

        def finish(reason: str | None) -> None:
            kept = self.account.regions.get(instance.arn, {})
            if kept.get(region_name) is not record:
                return
            if reason:
                record.status = ACTIVE
            else:
                del kept[region_name]

        record.task = self.engine.submit("RemoveRegion", lambda: None, finish)
        return {"Status": REMOVING}

    @operation("DescribeRegion")
    def describe(self, instance_arn: str, region_name: str) -> Body:
        instance = self._instance(instance_arn, "DescribeRegion")
        regions = self.account.regions_of(instance)
        record = regions.get(region_name)
        if record is not None and record.task is not None:
            self.engine.observe(record.task)
            record = regions.get(region_name)  # a finished removal deletes the record
        if record is None:
            raise ResourceNotFoundException(
                f"Region {region_name} is not enabled for instance {instance.arn}."
            )
        return record.metadata()

    @operation("ListRegions")
    def list(self, instance_arn: str) -> Listing[InstanceRegion]:
        instance = self._instance(instance_arn, "ListRegions")
        regions = self.account.regions_of(instance)
        for record in list(regions.values()):  # settling a removal deletes its record
            if record.task is not None:
                self.engine.observe(record.task)
        return Listing(list(regions.values()), InstanceRegion.metadata, scope=(instance.arn,))

    def _instance(self, instance_arn: str, operation_name: str) -> Instance:
        """The ACTIVE instance, asked for in its primary Region or in one of its ACTIVE
        additional Regions (where AddRegion and RemoveRegion are refused)."""
        instance = self.account.instances.get(instance_arn)
        here = self.place.region
        if instance is not None and instance.region != here:
            record = self.account.regions.get(instance_arn, {}).get(here)
            if record is not None and record.status == ACTIVE:
                if operation_name in PRIMARY_REGION_ONLY:
                    raise ValidationException(
                        f"{operation_name} must be called in the primary Region of instance "
                        f"{instance_arn} ({instance.region}), not in {here}."
                    )
                return self.instances.get(instance_arn, region=instance.region)
        return self.instances.get(instance_arn)


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
