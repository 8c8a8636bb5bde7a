"""Provisioning permission sets to accounts: ProvisionPermissionSet, its statuses
(DescribePermissionSetProvisioningStatus, ListPermissionSetProvisioningStatus) and where sets
are provisioned (ListPermissionSetsProvisionedToAccount,
ListAccountsForProvisionedPermissionSet).

ProvisionPermissionSet answers with an IN_PROGRESS status; the async engine then does the work
(the set's role made or updated in each target account, through `provision_permission_set_to`)
and settles the status to SUCCEEDED, or FAILED with the reason. ``AWS_ACCOUNT`` targets one
account (``TargetId`` required); ``ALL_PROVISIONED_ACCOUNTS`` re-provisions every account the set
is already provisioned to (a ``TargetId`` given with it is not used). An account holds the
latest version of a set (``LATEST_PERMISSION_SET_PROVISIONED``) until the set changes, and is
``LATEST_PERMISSION_SET_NOT_PROVISIONED`` from then until it is provisioned again.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from .. import ids
from ..asyncstatus import AsyncFailure
from ..exceptions import ResourceNotFoundException, ValidationException
from .base import Body, now
from .permission_sets import (
    PermissionSet,
    PermissionSetsMixin,
    ProvisioningStatus,
)
from .statuses import settle_status, status_metadata

AWS_ACCOUNT = "AWS_ACCOUNT"
LATEST_PROVISIONED = "LATEST_PERMISSION_SET_PROVISIONED"


def _matches(permission_set: PermissionSet, account_id: str, wanted: str | None) -> bool:
    """Whether the set's provisioning state in the account is the one asked for."""
    if wanted is None:
        return True
    current = permission_set.is_current_in(account_id)
    return current == (wanted == LATEST_PROVISIONED)


class ProvisioningMixin(PermissionSetsMixin):
    """The provisioning operations of permission sets."""

    def provision_permission_set(
        self,
        instance_arn: str,
        permission_set_arn: str,
        target_type: str,
        target_id: str | None = None,
    ) -> Body:
        permission_set = self.get_permission_set(instance_arn, permission_set_arn)
        if target_type == AWS_ACCOUNT and target_id is None:
            raise ValidationException("TargetId is required when TargetType is AWS_ACCOUNT.")
        account_id = target_id if target_type == AWS_ACCOUNT else None
        status = ProvisioningStatus(
            request_id=ids.request_id(),
            instance_arn=instance_arn,
            permission_set_arn=permission_set_arn,
            account_id=account_id,
            created_date=now(),
            seq=ids.next_sequence(),
        )
        self._provisioning_statuses.setdefault(instance_arn, {})[status.request_id] = status
        permission_set.request_ids.append(status.request_id)
        body = {"PermissionSetProvisioningStatus": status.describe()}

        def work() -> None:
            if self.permission_sets.get(permission_set.arn) is not permission_set:
                raise AsyncFailure(f"PermissionSet {permission_set.arn} no longer exists.")
            targets = [account_id] if account_id is not None else list(permission_set.provisioned)
            for target in targets:
                self.provision_permission_set_to(permission_set, target)

        status.task = self.engine.submit(
            "ProvisionPermissionSet", work, partial(settle_status, status)
        )
        return body

    def describe_permission_set_provisioning_status(
        self, instance_arn: str, provision_permission_set_request_id: str
    ) -> Body:
        self.get_instance(instance_arn)
        status = self._provisioning_statuses.get(instance_arn, {}).get(
            provision_permission_set_request_id
        )
        if status is None:
            raise ResourceNotFoundException(
                f"ProvisionPermissionSet request {provision_permission_set_request_id} does "
                f"not exist in instance {instance_arn}."
            )
        if status.task is not None:
            self.engine.observe(status.task)
        return {"PermissionSetProvisioningStatus": status.describe()}

    def list_permission_set_provisioning_status(
        self,
        instance_arn: str,
        max_results: int | None = None,
        next_token: str | None = None,
        filter: dict[str, Any] | None = None,
    ) -> Body:
        """The instance's provisioning requests, newest first, optionally of one status."""
        self.get_instance(instance_arn)
        wanted = (filter or {}).get("Status")
        statuses = self._provisioning_statuses.get(instance_arn, {}).values()
        items = [s for s in reversed(list(statuses)) if wanted is None or s.status == wanted]
        return self.list_page(
            "ListPermissionSetProvisioningStatus",
            "PermissionSetsProvisioningStatus",
            items,
            status_metadata,
            key=lambda item: -item.seq,
            max_results=max_results,
            next_token=next_token,
            selectors=(instance_arn, wanted),
        )

    def list_permission_sets_provisioned_to_account(
        self,
        instance_arn: str,
        account_id: str,
        provisioning_status: str | None = None,
        max_results: int | None = None,
        next_token: str | None = None,
    ) -> Body:
        self.get_instance(instance_arn)
        provisioned = self._provisioned_index.get((instance_arn, account_id), {}).values()
        items = sorted(
            (ps for ps in provisioned if _matches(ps, account_id, provisioning_status)),
            key=lambda ps: ps.seq,
        )
        return self.list_page(
            "ListPermissionSetsProvisionedToAccount",
            "PermissionSets",
            items,
            lambda ps: ps.arn,
            key=lambda ps: ps.seq,
            max_results=max_results,
            next_token=next_token,
            selectors=(instance_arn, account_id, provisioning_status),
        )

    def list_accounts_for_provisioned_permission_set(
        self,
        instance_arn: str,
        permission_set_arn: str,
        provisioning_status: str | None = None,
        max_results: int | None = None,
        next_token: str | None = None,
    ) -> Body:
        permission_set = self.get_permission_set(instance_arn, permission_set_arn)
        accounts = sorted(
            account
            for account in permission_set.provisioned
            if _matches(permission_set, account, provisioning_status)
        )
        return self.list_page(
            "ListAccountsForProvisionedPermissionSet",
            "AccountIds",
            accounts,
            lambda account: account,
            key=lambda account: account,
            max_results=max_results,
            next_token=next_token,
            selectors=(permission_set_arn, provisioning_status),
        )
