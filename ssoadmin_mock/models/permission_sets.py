"""Permission sets: CreatePermissionSet, DescribePermissionSet, ListPermissionSets,
UpdatePermissionSet, DeletePermissionSet, and the look-ups other domains build on.

A permission set lives under one instance and is found only there. Every change to it (its
fields, policies, boundary) bumps `PermissionSet.version`; `PermissionSet.provisioned` keeps,
per account, the version last provisioned there, so an account whose version is behind is
``LATEST_PERMISSION_SET_NOT_PROVISIONED`` until the set is provisioned again. Its policies are
handled in `permission_set_policies`, its provisioning operations in `provisioning`.

Quotas, from "IAM Identity Center quotas" in the IAM Identity Center User Guide
(docs.aws.amazon.com/singlesignon/latest/userguide/limits.html, "AWS account quotas"):
2000 permission sets in an instance (the China-partition copy of the page says 3500; the
global page is followed here).
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from .. import ids
from ..asyncstatus import AsyncTask
from ..durations import DEFAULT_SESSION_DURATION, check_session_duration
from ..exceptions import (
    ConflictException,
    ResourceNotFoundException,
    ServiceQuotaExceededException,
)
from .base import BackendBase, Body, now, on_instance_deleted
from .statuses import IN_PROGRESS

#: "Number of permission sets allowed in IAM Identity Center" (IAM Identity Center quotas).
MAX_PERMISSION_SETS_PER_INSTANCE = 2000

#: DeletePermissionSet's refusal while the set is provisioned to an account, in AWS's words.
PROVISIONED_CONFLICT = (
    "Could not delete because PermissionSet has ApplicationProfile associated with it"
)


#: (instance ARN, account id) -> the permission sets provisioned there, by ARN
AccountIndex = dict[tuple[str, str], dict[str, "PermissionSet"]]


class ProvisionedAccounts(MutableMapping[str, int]):
    """Account id -> the version of a permission set last provisioned there.

    Behaves as a dict; every change also updates the backend's index of the permission sets
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
    #: request ids of this set's provisioning statuses
    request_ids: list[str] = field(default_factory=list, repr=False)
    account_index: AccountIndex = field(default_factory=dict, repr=False)
    provisioned: ProvisionedAccounts = field(init=False)

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


@dataclass(eq=False)
class ProvisioningStatus:
    """One ProvisionPermissionSet request and how it ended."""

    request_id: str
    instance_arn: str
    permission_set_arn: str
    account_id: str | None
    created_date: float
    seq: int
    status: str = IN_PROGRESS
    failure_reason: str | None = None
    task: AsyncTask | None = field(default=None, repr=False)

    def describe(self) -> Body:
        body: Body = {
            "Status": self.status,
            "RequestId": self.request_id,
            "PermissionSetArn": self.permission_set_arn,
            "CreatedDate": self.created_date,
        }
        if self.account_id is not None:
            body["AccountId"] = self.account_id
        if self.failure_reason:
            body["FailureReason"] = self.failure_reason
        return body


# --- the mixin -------------------------------------------------------------------------------


class PermissionSetsMixin(BackendBase):
    """Permission sets of every instance of this backend."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.permission_sets: dict[str, PermissionSet] = {}
        #: instance ARN -> its permission sets by ARN, in creation order
        self._sets_by_instance: dict[str, dict[str, PermissionSet]] = {}
        #: instance ARN -> permission set name -> ARN
        self._set_names: dict[str, dict[str, str]] = {}
        #: (instance ARN, account) -> permission sets provisioned there
        self._provisioned_index: AccountIndex = {}
        #: instance ARN -> request id -> ProvisionPermissionSet status
        self._provisioning_statuses: dict[str, dict[str, ProvisioningStatus]] = {}

    # --- look-ups used by other domains ----------------------------------------------------

    def get_permission_set(self, instance_arn: str, permission_set_arn: str) -> PermissionSet:
        """The permission set, which must live under the (existing, ACTIVE) instance."""
        self.get_instance(instance_arn)
        permission_set = self.permission_sets.get(permission_set_arn)
        if permission_set is None or permission_set.instance_arn != instance_arn:
            raise ResourceNotFoundException(
                f"PermissionSet {permission_set_arn} does not exist in instance {instance_arn}."
            )
        return permission_set

    def _find_permission_set_by_arn(self, arn: str) -> PermissionSet:
        """For tagging: the permission set named by `arn`."""
        permission_set = self.permission_sets.get(arn)
        if permission_set is None:
            raise ResourceNotFoundException(f"PermissionSet {arn} does not exist.")
        return permission_set

    def provision_permission_set_to(self, ps: PermissionSet, account_id: str) -> None:
        """Make or update the set's role in `account_id` and record the version now there.

        Used by ProvisionPermissionSet and by account assignments. `sync_account_role` may
        raise `AsyncFailure`; nothing is recorded then.
        """
        self.sync_account_role(ps, account_id)
        ps.provisioned[account_id] = ps.version

    def instance_permission_sets(self, instance_arn: str) -> list[PermissionSet]:
        """The instance's permission sets in creation order."""
        return list(self._sets_by_instance.get(instance_arn, {}).values())

    # --- operations ------------------------------------------------------------------------

    def create_permission_set(
        self,
        name: str,
        instance_arn: str,
        description: str | None = None,
        session_duration: str | None = None,
        relay_state: str | None = None,
        tags: list[dict[str, str]] | None = None,
    ) -> Body:
        instance = self.get_instance(instance_arn)
        names = self._set_names.get(instance_arn, {})
        if name in names:
            raise ConflictException(
                f"PermissionSet with name {name} already exists in instance {instance_arn}."
            )
        if len(self._sets_by_instance.get(instance_arn, {})) >= MAX_PERMISSION_SETS_PER_INSTANCE:
            raise ServiceQuotaExceededException(
                f"Instance {instance_arn} already has {MAX_PERMISSION_SETS_PER_INSTANCE} "
                "permission sets, the most IAM Identity Center allows."
            )
        if session_duration is not None:
            check_session_duration(session_duration)
        permission_set = PermissionSet(
            arn=ids.permission_set_arn(self.partition, instance.instance_id),
            name=name,
            instance_arn=instance_arn,
            created_date=now(),
            seq=ids.next_sequence(),
            description=description,
            session_duration=session_duration or DEFAULT_SESSION_DURATION,
            relay_state=relay_state,
            account_index=self._provisioned_index,
        )
        self.tags.add(permission_set.arn, tags)
        self.permission_sets[permission_set.arn] = permission_set
        self._sets_by_instance.setdefault(instance_arn, {})[permission_set.arn] = permission_set
        self._set_names.setdefault(instance_arn, {})[name] = permission_set.arn
        return {"PermissionSet": permission_set.describe()}

    def describe_permission_set(self, instance_arn: str, permission_set_arn: str) -> Body:
        permission_set = self.get_permission_set(instance_arn, permission_set_arn)
        return {"PermissionSet": permission_set.describe()}

    def list_permission_sets(
        self, instance_arn: str, max_results: int | None = None, next_token: str | None = None
    ) -> Body:
        self.get_instance(instance_arn)
        return self.list_page(
            "ListPermissionSets",
            "PermissionSets",
            self.instance_permission_sets(instance_arn),
            lambda item: item.arn,
            key=lambda item: item.seq,
            max_results=max_results,
            next_token=next_token,
            selectors=(instance_arn,),
        )

    def update_permission_set(
        self,
        instance_arn: str,
        permission_set_arn: str,
        description: str | None = None,
        session_duration: str | None = None,
        relay_state: str | None = None,
    ) -> Body:
        """Change only the fields given; the others keep their values."""
        permission_set = self.get_permission_set(instance_arn, permission_set_arn)
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

    def delete_permission_set(self, instance_arn: str, permission_set_arn: str) -> Body:
        """Delete a set no account has provisioned, with its policies, tags and statuses."""
        permission_set = self.get_permission_set(instance_arn, permission_set_arn)
        if permission_set.provisioned:
            raise ConflictException(PROVISIONED_CONFLICT)
        if any(status.status == IN_PROGRESS for status in self._statuses_of(permission_set)):
            raise ConflictException(
                f"PermissionSet {permission_set_arn} has a provisioning request in progress; "
                "try again when it has finished."
            )
        self._drop_permission_set(permission_set)
        return {}

    # --- state helpers ---------------------------------------------------------------------

    def _statuses_of(self, permission_set: PermissionSet) -> list[ProvisioningStatus]:
        statuses = self._provisioning_statuses.get(permission_set.instance_arn, {})
        return [statuses[rid] for rid in permission_set.request_ids if rid in statuses]

    def _drop_permission_set(self, permission_set: PermissionSet) -> None:
        instance_arn = permission_set.instance_arn
        self.permission_sets.pop(permission_set.arn, None)
        self._sets_by_instance.get(instance_arn, {}).pop(permission_set.arn, None)
        self._set_names.get(instance_arn, {}).pop(permission_set.name, None)
        for account_id in list(permission_set.provisioned):
            del permission_set.provisioned[account_id]
        statuses = self._provisioning_statuses.get(instance_arn, {})
        for request_id in permission_set.request_ids:
            statuses.pop(request_id, None)
        self.tags.forget(permission_set.arn)

    @on_instance_deleted
    def _drop_instance_permission_sets(self, instance_arn: str) -> None:
        for permission_set in self.instance_permission_sets(instance_arn):
            self._drop_permission_set(permission_set)
        self._sets_by_instance.pop(instance_arn, None)
        self._set_names.pop(instance_arn, None)
        self._provisioning_statuses.pop(instance_arn, None)
