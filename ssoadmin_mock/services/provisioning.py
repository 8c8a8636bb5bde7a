"""Provisioning permission sets to accounts: ProvisionPermissionSet, its statuses
(DescribePermissionSetProvisioningStatus, ListPermissionSetProvisioningStatus) and where sets
are provisioned (ListPermissionSetsProvisionedToAccount,
ListAccountsForProvisionedPermissionSet).

ProvisionPermissionSet answers with an IN_PROGRESS status; the async engine then does the work
(the set's role made or updated in each target account, through `Provisioning.provision_to`)
and settles the status to SUCCEEDED, or FAILED with the reason. ``AWS_ACCOUNT`` targets one
account (``TargetId`` required); ``ALL_PROVISIONED_ACCOUNTS`` re-provisions every account the set
is already provisioned to (a ``TargetId`` given with it is not used). An account holds the
latest version of a set (``LATEST_PERMISSION_SET_PROVISIONED``) until the set changes, and is
``LATEST_PERMISSION_SET_NOT_PROVISIONED`` from then until it is provisioned again.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from .. import compat, ids
from ..asyncstatus import AsyncFailure
from ..exceptions import ResourceNotFoundException, ValidationException
from ..operations import Listing, operation
from ..statuses import ProvisioningStatus, RequestStatus, listed_metadata, read_statuses
from .account import AccountStore, Body, Place, now
from .account_roles import AccountRoles
from .instances import Instances
from .permission_sets import PermissionSet, PermissionSets, arn_of, arn_text_of

AWS_ACCOUNT = "AWS_ACCOUNT"
PROVISION = "ProvisionPermissionSet"
LATEST_PROVISIONED = "LATEST_PERMISSION_SET_PROVISIONED"


def _matches(permission_set: PermissionSet, account_id: str, wanted: str | None) -> bool:
    """Whether the set's provisioning state in the account is the one asked for."""
    if wanted is None:
        return True
    current = permission_set.is_current_in(account_id)
    return current == (wanted == LATEST_PROVISIONED)


def _newest_first(status: ProvisioningStatus) -> int:
    return -status.seq



def _same(account_id: str) -> str:
    return account_id


class Provisioning:
    """Where permission sets are provisioned, and the ProvisionPermissionSet requests."""

    def __init__(
        self,
        place: Place,
        account: AccountStore,
        instances: Instances,
        permission_sets: PermissionSets,
        roles: AccountRoles,
    ) -> None:
        self.place = place
        self.instances = instances
        self.permission_sets = permission_sets
        self.roles = roles
        self.engine = account.engine
        #: instance ARN -> request id -> ProvisionPermissionSet status
        self.statuses: dict[str, dict[str, ProvisioningStatus]] = {}

    def provision_to(self, permission_set: PermissionSet, account_id: str) -> None:
        """Make or update the set's role in `account_id` and record the version now there.

        Used by ProvisionPermissionSet and by account assignments. `AccountRoles.sync` may
        raise `AsyncFailure`; nothing is recorded then.
        """
        self.roles.sync(permission_set, account_id)
        permission_set.provisioned[account_id] = permission_set.version

    @operation(PROVISION)
    def provision(
        self,
        instance_arn: str,
        permission_set_arn: str,
        target_type: str,
        target_id: str | None = None,
    ) -> Body:
        permission_set = self.permission_sets.get(instance_arn, permission_set_arn)
        if target_type == AWS_ACCOUNT and target_id is None:
            missing = ValidationException("TargetId is required when TargetType is AWS_ACCOUNT.")
            if not compat.relax(compat.MISSING_TARGET_ID, "TargetId", missing, PROVISION):
                raise missing
            target_id = self.place.account_id  # moto provisions to the caller's account
        account_id = target_id if target_type == AWS_ACCOUNT else None
        status = ProvisioningStatus(
            ids.request_id(),
            now(),
            ids.next_sequence(),
            instance_arn,
            permission_set_arn,
            account_id,
        )
        self.statuses.setdefault(instance_arn, {})[status.request_id] = status
        permission_set.requests.append(status)
        body = {"PermissionSetProvisioningStatus": status.body()}

        def work() -> None:
            if self.permission_sets.find(permission_set.arn) is not permission_set:
                raise AsyncFailure(f"PermissionSet {permission_set.arn} no longer exists.")
            targets = [account_id] if account_id is not None else list(permission_set.provisioned)
            for target in targets:
                self.provision_to(permission_set, target)

        status.task = self.engine.submit(PROVISION, work, status.settle)
        return compat.answer(PROVISION, "PermissionSetProvisioningStatus", body, status)

    @operation("DescribePermissionSetProvisioningStatus")
    def describe_status(self, instance_arn: str, provision_permission_set_request_id: str) -> Body:
        self.instances.get(instance_arn)
        status = self.statuses.get(instance_arn, {}).get(provision_permission_set_request_id)
        if status is None:
            raise ResourceNotFoundException(
                f"ProvisionPermissionSet request {provision_permission_set_request_id} does "
                f"not exist in instance {instance_arn}."
            )
        if status.task is not None:
            self.engine.observe(status.task)
        return {"PermissionSetProvisioningStatus": status.body()}

    @operation("ListPermissionSetProvisioningStatus")
    def list_statuses(
        self, instance_arn: str, filter: dict[str, Any] | None = None
    ) -> Listing[ProvisioningStatus]:
        """The instance's provisioning requests, newest first, optionally of one status."""
        self.instances.get(instance_arn)
        wanted = (filter or {}).get("Status")
        statuses = self.statuses.get(instance_arn, {}).values()
        items = [s for s in reversed(list(statuses)) if wanted is None or s.status == wanted]
        return Listing(
            items,
            RequestStatus.metadata,
            key=_newest_first,
            scope=(instance_arn, wanted),
            encoded=listed_metadata,
            on_read=partial(read_statuses, self.engine, wanted),
        )

    @operation("ListPermissionSetsProvisionedToAccount")
    def list_sets_in_account(
        self, instance_arn: str, account_id: str, provisioning_status: str | None = None
    ) -> Listing[PermissionSet]:
        self.instances.get(instance_arn)
        index = self.permission_sets.provisioned_index
        provisioned = index.get((instance_arn, account_id), {}).values()
        items = sorted(
            (ps for ps in provisioned if _matches(ps, account_id, provisioning_status)),
            key=lambda ps: ps.seq,
        )
        # an account with nothing provisioned gets an answer with no PermissionSets at all:
        # code reading response["PermissionSets"] fails with KeyError on AWS for such an
        # account (aws-samples/iam-identity-center-team#12, a management account;
        # PeterBengtson/AFT-SSO-account-configuration#1, "a freshly created account ... receives
        # an empty response not including the PermissionSets key")
        return Listing(
            items,
            arn_of,
            scope=(instance_arn, account_id, provisioning_status),
            encoded=arn_text_of,
            omit_when_empty=True,
        )

    @operation("ListAccountsForProvisionedPermissionSet")
    def list_accounts(
        self,
        instance_arn: str,
        permission_set_arn: str,
        provisioning_status: str | None = None,
    ) -> Listing[str]:
        permission_set = self.permission_sets.get(instance_arn, permission_set_arn)
        accounts = sorted(
            account
            for account in permission_set.provisioned
            if _matches(permission_set, account, provisioning_status)
        )
        return Listing(accounts, _same, key=_same, scope=(permission_set_arn, provisioning_status))

    # --- what hangs off other resources ---------------------------------------------------

    def forget_set(self, permission_set: PermissionSet) -> None:
        """Drop the requests of a deleted permission set."""
        statuses = self.statuses.get(permission_set.instance_arn, {})
        for status in permission_set.requests:
            statuses.pop(status.request_id, None)

    def drop_instance(self, instance_arn: str) -> None:
        """Drop the requests of a deleted instance."""
        self.statuses.pop(instance_arn, None)
