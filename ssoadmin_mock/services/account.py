"""What one account keeps across its Regions, and where a backend stands.

IAM Identity Center allows one instance per account across all Regions (CreateInstance), and
an instance's Regions span Regions too (AddRegion): both live in one `AccountStore` per
account, under one lock that every request of the account takes, so no check of the account's
state can interleave with another Region's change of it. The asynchronous work of the account
runs on its one engine.
"""

from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..asyncstatus import AsyncEngine, AsyncTask
from ..ids import partition_for

if TYPE_CHECKING:
    from .instances import Instance

Body = dict[str, Any]

ACTIVE = "ACTIVE"


def copy_body(value: Any) -> Any:
    """A copy of request or response data (dicts and lists of scalars, as JSON decodes them)
    deep enough that changing one never changes the other: what ``copy.deepcopy`` makes of
    such data, without its memo and dispatch on every value (a tenth of its cost)."""
    kind = value.__class__
    if kind is dict:
        return {key: copy_body(item) for key, item in value.items()}
    if kind is list:
        return [copy_body(item) for item in value]
    if kind in _SCALARS:
        return value
    return copy.deepcopy(value)  # anything else (a subclass, a tuple): the general copy


_SCALARS = frozenset({str, int, float, bool, type(None)})


def now() -> float:
    """Timestamps are kept as epoch seconds, as the JSON protocol sends them."""
    return time.time()


@dataclass(frozen=True, slots=True)
class Place:
    """The account and Region a backend serves (and the Region's partition, worked out once:
    many requests read it)."""

    account_id: str
    region: str
    partition: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "partition", partition_for(self.region))


@dataclass
class InstanceRegion:
    """One enabled Region of an instance (``RegionMetadata``)."""

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


class AccountStore:
    """The state of one account that spans its Regions."""

    def __init__(self, account_id: str) -> None:
        self.account_id = account_id
        #: taken by every request of the account (re-entrant: a handler may read through
        #: another service of the account)
        self.lock = threading.RLock()
        self.engine = AsyncEngine()
        #: instance ARN -> instance, in every Region (at most one, unless AWS allows more)
        self.instances: dict[str, Instance] = {}
        #: instance ARN -> {Region name: Region}, in listing order; kept once a Region is added
        self.regions: dict[str, dict[str, InstanceRegion]] = {}
        #: whether the account's first request has been served (the default instance is
        #: made then, in that request's Region)
        self.started = False

    def regions_of(self, instance: Instance, *, keep: bool = False) -> dict[str, InstanceRegion]:
        """The instance's enabled Regions, starting with its primary Region.

        Until a Region is added the table is only the primary Region, made afresh on each
        read; `keep` stores it (AddRegion, once every check has passed), so refused and
        read-only calls leave the state as it was.
        """
        regions = self.regions.get(instance.arn)
        if regions is None:
            primary = InstanceRegion(instance.region, instance.created_date, True, seq=0)
            regions = {instance.region: primary}
            if keep:
                self.regions[instance.arn] = regions
        return regions

    def region_records(self, instance: Instance) -> list[Body]:
        """The instance's Regions as ListRegions shows them, as they stand (not a read of a
        pending AddRegion / RemoveRegion: DescribeRegion and ListRegions are)."""
        return [record.metadata() for record in self.regions_of(instance).values()]

    def forget(self, instance_arn: str) -> None:
        """Drop a deleted instance and its Regions."""
        self.instances.pop(instance_arn, None)
        self.regions.pop(instance_arn, None)
