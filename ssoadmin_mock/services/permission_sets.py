"""Permission sets: CreatePermissionSet, DescribePermissionSet, ListPermissionSets,
UpdatePermissionSet, DeletePermissionSet, and the look-ups other domains build on.

A permission set lives under one instance and is found only there. Every change to it (its
fields, policies, boundary) bumps `PermissionSet.version`; `PermissionSet.provisioned` keeps,
per account, the version last provisioned there, so an account whose version is behind is
``LATEST_PERMISSION_SET_NOT_PROVISIONED`` until the set is provisioned again. Its policies are
served by `policies`, its provisioning by `provisioning`.

Quotas, from "Quotas and limits in IAM Identity Center" in the IAM Identity Center User Guide
(https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html, "AWS account quotas"):
"Number of permission sets allowed in IAM Identity Center: 3500" (the current page; it said
2000, and 500 before that).

Refusals clients match on, in AWS's words: a duplicate name is ``ConflictException``
"PermissionSet with name <name> already exists." and deleting a set still provisioned to an
account is ``ConflictException`` "Could not delete because PermissionSet has
ApplicationProfile associated with it." (see the constants).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from .. import ids
from ..durations import DEFAULT_SESSION_DURATION, check_session_duration
from ..exceptions import (
    ConflictException,
    ResourceNotFoundException,
    ServiceQuotaExceededException,
)
from ..jsontext import NOT_ENCODED, UNCHANGING, Encoded, remembering
from ..operations import Listing, operation
from ..statuses import IN_PROGRESS, ProvisioningStatus
from ..tags import TagStore
from .account import AccountStore, Body, Place, now
from .instances import Instances

#: "Number of permission sets allowed in IAM Identity Center: 3500" (IAM Identity Center
#: quotas page, https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html).
MAX_PERMISSION_SETS_PER_INSTANCE = 3500


#: DeletePermissionSet's refusal while the set is provisioned to an account, in AWS's words
#: ("ConflictException: Could not delete because PermissionSet has ApplicationProfile ...",
#: hashicorp/terraform-provider-aws#26757), with its final period: tools retry on the whole
#: sentence, e.g. noqdev/iambic's permission set deletion loops while the message contains
#: "PermissionSet has ApplicationProfile associated with it.".
PROVISIONED_CONFLICT = (
    "Could not delete because PermissionSet has ApplicationProfile associated with it."
)


def duplicate_name(name: str) -> str:
    """CreatePermissionSet's refusal of a name the instance has, in AWS's words and nothing
    more: "PermissionSet with name AdministratorAccess already exists."
    (avlcloudtechnologies/terraform-aws-sso#6; CloudTrail's ``errorMessage`` in
    hashicorp/terraform-provider-aws#38544)."""
    return f"PermissionSet with name {name} already exists."


#: (instance ARN, account id) -> the permission sets provisioned there, by ARN
AccountIndex = dict[tuple[str, str], dict[str, "PermissionSet"]]


class ProvisionedAccounts(MutableMapping[str, int]):
    """Account id -> the version of a permission set last provisioned there.

    Behaves as a dict; every change also updates the service's index of the permission sets
    provisioned to each account, so ListPermissionSetsProvisionedToAccount costs work only
    for that account's sets.
    """

    def __init__(self, owner: PermissionSet, index: AccountIndex) -> None:
        self._owner = owner
        self._index = index
        self._versions: dict[str, int] = {}

    def __getitem__(self, account_id: str) -> int:
        return self._versions[account_id]

    def __setitem__(self, account_id: str, version: int) -> None:
        self._versions[account_id] = version
        key = (self._owner.instance_arn, account_id)
        self._index.setdefault(key, {})[self._owner.arn] = self._owner

    def __delitem__(self, account_id: str) -> None:
        del self._versions[account_id]
        key = (self._owner.instance_arn, account_id)
        sets = self._index.get(key)
        if sets is not None:
            sets.pop(self._owner.arn, None)
            if not sets:
                del self._index[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._versions)

    def __len__(self) -> int:
        return len(self._versions)

    def __repr__(self) -> str:
        return f"ProvisionedAccounts({self._versions!r})"


@dataclass(eq=False)
class PermissionSet:
    """A permission set and everything attached to it."""

    arn: str
    name: str
    instance_arn: str
    created_date: float
    seq: int
    description: str | None = None
    session_duration: str = DEFAULT_SESSION_DURATION
    relay_state: str | None = None
    #: AWS managed policy ARN -> policy name, in attach order
    managed_policies: dict[str, str] = field(default_factory=dict)
    #: (name, path) of customer managed policy references, in attach order
    customer_managed_policies: list[tuple[str, str]] = field(default_factory=list)
    inline_policy: str | None = None
    #: the request's PermissionsBoundary (Path defaulted to "/" in a customer managed reference)
    permissions_boundary: dict[str, Any] | None = None
    #: bumped on every change to the set, its policies, boundary, session duration, relay state
    version: int = 1
    #: attach sequence of each policy (managed: its ARN; customer managed: path + name), so
    #: policy lists page stably while policies come and go
    policy_seq: dict[str, int] = field(default_factory=dict, repr=False)
    #: this set's ProvisionPermissionSet requests, oldest first
    requests: list[ProvisioningStatus] = field(default_factory=list, repr=False)
    account_index: AccountIndex = field(default_factory=dict, repr=False)
    provisioned: ProvisionedAccounts = field(init=False)
    #: the text its List operations last showed it as (its ARN, which never changes)
    encoded: Encoded = field(default=NOT_ENCODED, repr=False)

    def __post_init__(self) -> None:
        self.provisioned = ProvisionedAccounts(self, self.account_index)

    @property
    def set_id(self) -> str:
        """The ``ps-…`` id at the end of the ARN."""
        return self.arn.rsplit("/", 1)[-1]

    def changed(self) -> None:
        """Record a change: accounts provisioned earlier now lag behind."""
        self.version += 1

    def is_current_in(self, account_id: str) -> bool:
        """Whether `account_id` has the latest version of this set provisioned."""
        return self.provisioned.get(account_id) == self.version

    def describe(self) -> Body:
        """The set as the PermissionSet shape shows it."""
        body: Body = {
            "Name": self.name,
            "PermissionSetArn": self.arn,
            "CreatedDate": self.created_date,
            "SessionDuration": self.session_duration,
        }
        if self.description is not None:
            body["Description"] = self.description
        if self.relay_state is not None:
            body["RelayState"] = self.relay_state
        return body


# --- the service -----------------------------------------------------------------------------


#: a permission set as its List operations show it: its ARN (a C-level getter: a page
#: renders each of up to 100 sets with it), and that as the JSON text the set keeps
arn_of: Callable[[PermissionSet], str] = attrgetter("arn")
arn_text_of = remembering(arn_of, UNCHANGING)


class PermissionSets:
    """Permission sets of every instance of one account in one Region."""

    def __init__(
        self, place: Place, account: AccountStore, instances: Instances, tags: TagStore
    ) -> None:
        self.place = place
        self.account = account
        self.instances = instances
        self.tags = tags
        #: ARN -> permission set
        self.by_arn: dict[str, PermissionSet] = {}
        #: instance ARN -> its permission sets by ARN, in creation order
        self._by_instance: dict[str, dict[str, PermissionSet]] = {}
        #: instance ARN -> permission set name -> ARN
        self._names: dict[str, dict[str, str]] = {}
        #: (instance ARN, account) -> permission sets provisioned there
        self.provisioned_index: AccountIndex = {}
        #: called with a permission set when it is deleted (wired by the backend)
        self._on_dropped: list[Callable[[PermissionSet], None]] = []

    def on_dropped(self, callback: Callable[[PermissionSet], None]) -> None:
        """Call `callback(permission_set)` when a set goes, to drop what hangs off it."""
        self._on_dropped.append(callback)

    # --- look-ups used by other domains ----------------------------------------------------

    def get(self, instance_arn: str, permission_set_arn: str) -> PermissionSet:
        """The permission set, which must live under the (existing, ACTIVE) instance."""
        self.instances.get(instance_arn)
        permission_set = self.by_arn.get(permission_set_arn)
        if permission_set is None or permission_set.instance_arn != instance_arn:
            raise ResourceNotFoundException(
                f"PermissionSet {permission_set_arn} does not exist in instance {instance_arn}."
            )
        return permission_set

    def get_by_arn(self, arn: str) -> PermissionSet:
        """For tagging: the permission set named by `arn`."""
        permission_set = self.by_arn.get(arn)
        if permission_set is None:
            raise ResourceNotFoundException(f"PermissionSet {arn} does not exist.")
        return permission_set

    def find(self, arn: str) -> PermissionSet | None:
        """The permission set named by `arn`, in any instance, or None."""
        return self.by_arn.get(arn)

    def of_instance(self, instance_arn: str) -> list[PermissionSet]:
        """The instance's permission sets in creation order."""
        return list(self._by_instance.get(instance_arn, {}).values())

    # --- operations ------------------------------------------------------------------------

    @operation("CreatePermissionSet")
    def create(
        self,
        name: str,
        instance_arn: str,
        description: str | None = None,
        session_duration: str | None = None,
        relay_state: str | None = None,
        tags: list[dict[str, str]] | None = None,
    ) -> Body:
        instance = self.instances.get(instance_arn)
        names = self._names.get(instance_arn, {})
        if name in names:
            raise ConflictException(duplicate_name(name))
        if len(self._by_instance.get(instance_arn, {})) >= MAX_PERMISSION_SETS_PER_INSTANCE:
            raise ServiceQuotaExceededException(
                f"Instance {instance_arn} already has {MAX_PERMISSION_SETS_PER_INSTANCE} "
                "permission sets, the most IAM Identity Center allows."
            )
        if session_duration is not None:
            check_session_duration(session_duration)
        permission_set = PermissionSet(
            arn=ids.permission_set_arn(self.place.partition, instance.instance_id),
            name=name,
            instance_arn=instance_arn,
            created_date=now(),
            seq=ids.next_sequence(),
            description=description,
            session_duration=session_duration or DEFAULT_SESSION_DURATION,
            relay_state=relay_state,
            account_index=self.provisioned_index,
        )
        self.tags.add(permission_set.arn, tags)
        self.by_arn[permission_set.arn] = permission_set
        self._by_instance.setdefault(instance_arn, {})[permission_set.arn] = permission_set
        self._names.setdefault(instance_arn, {})[name] = permission_set.arn
        return {"PermissionSet": permission_set.describe()}

    @operation("DescribePermissionSet")
    def describe(self, instance_arn: str, permission_set_arn: str) -> Body:
        return {"PermissionSet": self.get(instance_arn, permission_set_arn).describe()}

    @operation("ListPermissionSets")
    def list(self, instance_arn: str) -> Listing[PermissionSet]:
        self.instances.get(instance_arn)
        return Listing(
            self._by_instance.get(instance_arn, {}).values(),  # paged without a copy of all
            arn_of,
            scope=(instance_arn,),
            encoded=arn_text_of,
        )

    @operation("UpdatePermissionSet")
    def update(
        self,
        instance_arn: str,
        permission_set_arn: str,
        description: str | None = None,
        session_duration: str | None = None,
        relay_state: str | None = None,
    ) -> Body:
        """Change only the fields given; the others keep their values."""
        permission_set = self.get(instance_arn, permission_set_arn)
        if session_duration is not None:
            check_session_duration(session_duration)
        if description is None and session_duration is None and relay_state is None:
            return {}
        if description is not None:
            permission_set.description = description
        if session_duration is not None:
            permission_set.session_duration = session_duration
        if relay_state is not None:
            permission_set.relay_state = relay_state
        permission_set.changed()
        return {}

    @operation("DeletePermissionSet")
    def delete(self, instance_arn: str, permission_set_arn: str) -> Body:
        """Delete a set no account has provisioned, with its policies, tags and statuses."""
        permission_set = self.get(instance_arn, permission_set_arn)
        if permission_set.provisioned:
            raise ConflictException(PROVISIONED_CONFLICT)
        if any(status.status == IN_PROGRESS for status in permission_set.requests):
            raise ConflictException(
                f"PermissionSet {permission_set_arn} has a provisioning request in progress; "
                "try again when it has finished."
            )
        self._drop(permission_set)
        return {}

    # --- state helpers ---------------------------------------------------------------------

    def _drop(self, permission_set: PermissionSet) -> None:
        instance_arn = permission_set.instance_arn
        self.by_arn.pop(permission_set.arn, None)
        self._by_instance.get(instance_arn, {}).pop(permission_set.arn, None)
        self._names.get(instance_arn, {}).pop(permission_set.name, None)
        for account_id in list(permission_set.provisioned):
            del permission_set.provisioned[account_id]
        for callback in self._on_dropped:
            callback(permission_set)
        self.tags.forget(permission_set.arn)

    def drop_instance(self, instance_arn: str) -> None:
        """Drop the permission sets of a deleted instance."""
        for permission_set in self.of_instance(instance_arn):
            self._drop(permission_set)
        self._by_instance.pop(instance_arn, None)
        self._names.pop(instance_arn, None)
