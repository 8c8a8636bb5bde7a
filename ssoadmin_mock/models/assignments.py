"""Account assignments and their statuses.

CreateAccountAssignment, DeleteAccountAssignment, DescribeAccountAssignmentCreationStatus,
DescribeAccountAssignmentDeletionStatus, ListAccountAssignmentCreationStatus,
ListAccountAssignmentDeletionStatus, ListAccountAssignments and
ListAccountAssignmentsForPrincipal.

Behaviour (seed 003, the API reference; issue 4):

- Create and Delete answer with their own status, ``IN_PROGRESS`` with a fresh request id,
  and hand the work to the async engine; the status ends ``SUCCEEDED`` or ``FAILED`` with a
  ``FailureReason``. The assignment appears in (or leaves) the listings only when the work
  is done.
- Creating: the principal must exist in the instance's identity store (moto's identitystore,
  unless ``settings.check_principals`` is off), else FAILED naming it. A successful creation
  provisions the permission set to the account (its IAM role is made or brought up to date:
  `AccountRolesMixin`), unless the account holds the set's current version already and its
  role is still in IAM; creating an assignment that exists succeeds and makes no duplicate.
- Deleting an assignment that does not exist is refused at once with
  `ResourceNotFoundException` saying which. When the last assignment of a set in an account
  goes, the set's role there is deleted and the set is no longer provisioned there.
- The permission set must exist under the instance (`ResourceNotFoundException`).
- ListAccountAssignmentsForPrincipal for a ``USER`` also lists what the user holds through
  the groups it belongs to, each with the group as principal.

Performance: assignments are kept in indexes (by account and permission set, by principal, by
principal and account) whose entries are lists in creation order, so creating, deleting and
listing cost work proportional to the page, whatever the number of assignments stored.
Statuses are indexed per instance by request id and by status value.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, insort
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from .. import ids, principals
from ..asyncstatus import AsyncFailure, AsyncTask
from ..exceptions import ResourceNotFoundException, SSOAdminError
from ..services.instances import Instance
from .account_roles import AccountRolesMixin
from .base import Body, now, on_instance_deleted
from .permission_sets import PermissionSet, PermissionSetsMixin
from .statuses import IN_PROGRESS, settle_status, status_metadata

CREATE = "CreateAccountAssignment"
DELETE = "DeleteAccountAssignment"


#: (account id, permission set ARN, principal type, principal id)
AssignmentKey = tuple[str, str, str, str]


class _Sequenced(Protocol):
    @property
    def seq(self) -> int: ...


S = TypeVar("S", bound=_Sequenced)
K = TypeVar("K", bound=Hashable)


def _seq(item: _Sequenced) -> int:
    return item.seq


class IndexMap(Generic[K, S]):
    """Key -> its items in creation order (increasing ``seq``), as a plain list that the
    paginator cuts pages from. Adding the newest item is an append, removing it a pop,
    anything else a bisect; a key whose list empties is dropped.

    Plain lists, not an object per key: most keys (a principal, a principal in an account)
    hold one or two items, and a wrapper would cost an object and a call for each.
    """

    __slots__ = ("by_key",)

    def __init__(self) -> None:
        self.by_key: dict[K, list[S]] = {}

    def add(self, key: K, item: S) -> None:
        items = self.by_key.get(key)
        if items is None:
            self.by_key[key] = [item]
        elif items[-1].seq < item.seq:
            items.append(item)
        else:
            insort(items, item, key=_seq)

    def discard(self, key: K, item: S) -> None:
        items = self.by_key.get(key)
        if items is None:
            return
        if items[-1] is item:
            items.pop()
        else:
            position = bisect_left(items, item.seq, key=_seq)
            if position < len(items) and items[position] is item:
                del items[position]
        if not items:
            del self.by_key[key]

    def items_of(self, key: K) -> list[S]:
        return self.by_key.get(key) or []


@dataclass(eq=False, slots=True)
class Assignment:
    """One principal's access to one account through one permission set."""

    account_id: str
    permission_set_arn: str
    principal_type: str
    principal_id: str
    seq: int

    def body(self) -> Body:
        """The assignment as both AccountAssignment shapes show it."""
        return {
            "AccountId": self.account_id,
            "PermissionSetArn": self.permission_set_arn,
            "PrincipalType": self.principal_type,
            "PrincipalId": self.principal_id,
        }


@dataclass(eq=False, slots=True)
class AssignmentStatus:
    """One CreateAccountAssignment or DeleteAccountAssignment request and how it ended."""

    request_id: str
    target_id: str
    permission_set_arn: str
    principal_type: str
    principal_id: str
    created_date: float
    seq: int
    status: str = IN_PROGRESS
    failure_reason: str | None = None
    task: AsyncTask | None = field(default=None, repr=False)

    def body(self) -> Body:
        """The AccountAssignmentOperationStatus shape."""
        body: Body = {
            "Status": self.status,
            "RequestId": self.request_id,
            "TargetId": self.target_id,
            "TargetType": "AWS_ACCOUNT",
            "PermissionSetArn": self.permission_set_arn,
            "PrincipalType": self.principal_type,
            "PrincipalId": self.principal_id,
            "CreatedDate": self.created_date,
        }
        if self.failure_reason:
            body["FailureReason"] = self.failure_reason
        return body


class StatusLog:
    """The creation (or deletion) statuses of one instance, by request id and by status."""

    def __init__(self) -> None:
        self.by_id: dict[str, AssignmentStatus] = {}
        #: every status in request order (each is recorded when made, with the newest seq)
        self.every: list[AssignmentStatus] = []
        self.by_status: IndexMap[str, AssignmentStatus] = IndexMap()

    def record(self, status: AssignmentStatus) -> None:
        """Keep a new request's status (its seq is the newest yet)."""
        self.by_id[status.request_id] = status
        self.every.append(status)
        self.by_status.add(status.status, status)

    def settle(self, status: AssignmentStatus, reason: str | None) -> None:
        """Write a request's final status (reason None: it succeeded)."""
        self.by_status.discard(status.status, status)
        settle_status(status, reason)
        self.by_status.add(status.status, status)

    def listing(self, wanted: str | None) -> list[AssignmentStatus]:
        """Statuses in request order, all or only those with status `wanted`."""
        return self.every if wanted is None else self.by_status.items_of(wanted)


class InstanceAssignments:
    """Every assignment and assignment status of one instance."""

    def __init__(self) -> None:
        self.assignments: dict[AssignmentKey, Assignment] = {}
        self.by_target: IndexMap[tuple[str, str], Assignment] = IndexMap()
        self.by_principal: IndexMap[tuple[str, str], Assignment] = IndexMap()
        self.by_principal_account: IndexMap[tuple[str, str, str], Assignment] = IndexMap()
        self.creations = StatusLog()
        self.deletions = StatusLog()

    def add(self, assignment: Assignment) -> None:
        a = assignment
        self.assignments[(a.account_id, a.permission_set_arn, a.principal_type, a.principal_id)] = a
        self.by_target.add((a.account_id, a.permission_set_arn), a)
        self.by_principal.add((a.principal_type, a.principal_id), a)
        self.by_principal_account.add((a.principal_type, a.principal_id, a.account_id), a)

    def remove(self, assignment: Assignment) -> None:
        a = assignment
        del self.assignments[(a.account_id, a.permission_set_arn, a.principal_type, a.principal_id)]
        self.by_target.discard((a.account_id, a.permission_set_arn), a)
        self.by_principal.discard((a.principal_type, a.principal_id), a)
        self.by_principal_account.discard((a.principal_type, a.principal_id, a.account_id), a)

    def count_in(self, account_id: str, permission_set_arn: str) -> int:
        """How many assignments the set has in the account."""
        return len(self.by_target.items_of((account_id, permission_set_arn)))

    def of_principal(
        self, principal_type: str, principal_id: str, account_id: str | None
    ) -> list[Assignment]:
        if account_id is None:
            return self.by_principal.items_of((principal_type, principal_id))
        return self.by_principal_account.items_of((principal_type, principal_id, account_id))


class AssignmentsMixin(AccountRolesMixin, PermissionSetsMixin):
    """The account-assignment operations (they build on permission sets and their roles)."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self._assignment_state: dict[str, InstanceAssignments] = {}

    def assignments_of(self, instance_arn: str) -> InstanceAssignments:
        """The instance's assignment state (made on first use)."""
        state = self._assignment_state.get(instance_arn)
        if state is None:
            state = self._assignment_state[instance_arn] = InstanceAssignments()
        return state

    @on_instance_deleted
    def _drop_instance_assignments(self, instance_arn: str) -> None:
        self._assignment_state.pop(instance_arn, None)

    # --- create / delete -------------------------------------------------------------------

    def create_account_assignment(
        self,
        instance_arn: str,
        target_id: str,
        target_type: str,
        permission_set_arn: str,
        principal_type: str,
        principal_id: str,
    ) -> Body:
        instance = self.get_instance(instance_arn)
        self.get_permission_set(instance_arn, permission_set_arn)
        state = self.assignments_of(instance_arn)
        status = self._new_status(
            state.creations, target_id, permission_set_arn, principal_type, principal_id
        )
        response = {"AccountAssignmentCreationStatus": status.body()}
        key: AssignmentKey = (target_id, permission_set_arn, principal_type, principal_id)

        def work() -> None:
            self._require_principal(instance, principal_type, principal_id)
            permission_set = self._still_there(instance_arn, permission_set_arn)
            self._provision_if_needed(permission_set, target_id)
            if key not in state.assignments:
                state.add(Assignment(*key, seq=ids.next_sequence()))

        def finish(reason: str | None) -> None:
            state.creations.settle(status, reason)

        status.task = self.engine.submit(CREATE, work, finish)
        return response

    def delete_account_assignment(
        self,
        instance_arn: str,
        target_id: str,
        target_type: str,
        permission_set_arn: str,
        principal_type: str,
        principal_id: str,
    ) -> Body:
        self.get_instance(instance_arn)
        permission_set = self.get_permission_set(instance_arn, permission_set_arn)
        state = self._assignment_state.get(instance_arn)
        key: AssignmentKey = (target_id, permission_set_arn, principal_type, principal_id)
        if state is None or key not in state.assignments:
            raise ResourceNotFoundException(
                f"No account assignment of permission set {permission_set_arn} to "
                f"{principal_type} {principal_id} in account {target_id} exists in instance "
                f"{instance_arn}."
            )
        status = self._new_status(
            state.deletions, target_id, permission_set_arn, principal_type, principal_id
        )
        response = {"AccountAssignmentDeletionStatus": status.body()}

        def work() -> None:
            assignment = state.assignments.get(key)
            if assignment is None:  # an earlier deletion request already removed it
                return
            state.remove(assignment)
            if not state.count_in(target_id, permission_set_arn):
                self.remove_account_role(permission_set, target_id)
                permission_set.provisioned.pop(target_id, None)

        def finish(reason: str | None) -> None:
            state.deletions.settle(status, reason)

        status.task = self.engine.submit(DELETE, work, finish)
        return response

    # --- statuses --------------------------------------------------------------------------

    def describe_account_assignment_creation_status(
        self, instance_arn: str, account_assignment_creation_request_id: str
    ) -> Body:
        status = self._read_status(instance_arn, account_assignment_creation_request_id, "creation")
        return {"AccountAssignmentCreationStatus": status.body()}

    def describe_account_assignment_deletion_status(
        self, instance_arn: str, account_assignment_deletion_request_id: str
    ) -> Body:
        status = self._read_status(instance_arn, account_assignment_deletion_request_id, "deletion")
        return {"AccountAssignmentDeletionStatus": status.body()}

    def list_account_assignment_creation_status(
        self,
        instance_arn: str,
        max_results: int | None = None,
        next_token: str | None = None,
        filter: dict[str, str] | None = None,
    ) -> Body:
        return self._list_statuses(
            "ListAccountAssignmentCreationStatus",
            "AccountAssignmentsCreationStatus",
            instance_arn,
            max_results,
            next_token,
            filter,
        )

    def list_account_assignment_deletion_status(
        self,
        instance_arn: str,
        max_results: int | None = None,
        next_token: str | None = None,
        filter: dict[str, str] | None = None,
    ) -> Body:
        return self._list_statuses(
            "ListAccountAssignmentDeletionStatus",
            "AccountAssignmentsDeletionStatus",
            instance_arn,
            max_results,
            next_token,
            filter,
        )

    # --- listings --------------------------------------------------------------------------

    def list_account_assignments(
        self,
        instance_arn: str,
        account_id: str,
        permission_set_arn: str,
        max_results: int | None = None,
        next_token: str | None = None,
    ) -> Body:
        self.get_permission_set(instance_arn, permission_set_arn)
        state = self._assignment_state.get(instance_arn)
        items = state.by_target.items_of((account_id, permission_set_arn)) if state else []
        return self.list_page(
            "ListAccountAssignments",
            "AccountAssignments",
            items,
            Assignment.body,
            key=_seq,
            max_results=max_results,
            next_token=next_token,
            selectors=(instance_arn, account_id, permission_set_arn),
        )

    def list_account_assignments_for_principal(
        self,
        instance_arn: str,
        principal_id: str,
        principal_type: str,
        filter: dict[str, str] | None = None,
        next_token: str | None = None,
        max_results: int | None = None,
    ) -> Body:
        """The principal's assignments; for a user also its groups' (group as principal)."""
        instance = self.get_instance(instance_arn)
        account_id = (filter or {}).get("AccountId")
        state = self._assignment_state.get(instance_arn)
        items = self._principal_assignments(
            state, instance, principal_type, principal_id, account_id
        )
        return self.list_page(
            "ListAccountAssignmentsForPrincipal",
            "AccountAssignments",
            items,
            Assignment.body,
            key=_seq,
            max_results=max_results,
            next_token=next_token,
            selectors=(instance_arn, principal_type, principal_id, account_id),
        )

    # --- helpers ---------------------------------------------------------------------------

    def _new_status(
        self,
        log: StatusLog,
        target_id: str,
        permission_set_arn: str,
        principal_type: str,
        principal_id: str,
    ) -> AssignmentStatus:
        status = AssignmentStatus(  # positional: keywords cost twice as much, on every request
            ids.request_id(),
            target_id,
            permission_set_arn,
            principal_type,
            principal_id,
            now(),
            ids.next_sequence(),
        )
        log.record(status)
        return status

    def _read_status(self, instance_arn: str, request_id: str, kind: str) -> AssignmentStatus:
        """A status by request id (one read of it for the async engine)."""
        self.get_instance(instance_arn)
        state = self._assignment_state.get(instance_arn)
        log = (
            None if state is None else (state.creations if kind == "creation" else state.deletions)
        )
        status = None if log is None else log.by_id.get(request_id)
        if status is None:
            raise ResourceNotFoundException(
                f"Account assignment {kind} request {request_id} does not exist in instance "
                f"{instance_arn}."
            )
        if status.task is not None:
            self.engine.observe(status.task)
        return status

    def _list_statuses(
        self,
        operation: str,
        member: str,
        instance_arn: str,
        max_results: int | None,
        next_token: str | None,
        status_filter: dict[str, str] | None,
    ) -> Body:
        self.get_instance(instance_arn)
        wanted = (status_filter or {}).get("Status")
        state = self._assignment_state.get(instance_arn)
        items: list[AssignmentStatus] = []
        if state is not None:
            log = state.creations if operation.endswith("CreationStatus") else state.deletions
            items = log.listing(wanted)
        return self.list_page(
            operation,
            member,
            items,
            status_metadata,
            key=_seq,
            max_results=max_results,
            next_token=next_token,
            selectors=(instance_arn, wanted),
        )

    def _principal_assignments(
        self,
        state: InstanceAssignments | None,
        instance: Instance,
        principal_type: str,
        principal_id: str,
        account_id: str | None,
    ) -> list[Assignment]:
        """The principal's own assignments and, for a user, its groups', in creation order."""
        if state is None:
            return []
        sources = [state.of_principal(principal_type, principal_id, account_id)]
        if principal_type == principals.USER:
            for group_id in principals.groups_of_user(
                self.account_id, instance.region, instance.identity_store_id, principal_id
            ):
                sources.append(state.of_principal(principals.GROUP, group_id, account_id))
        found = [items for items in sources if items]
        if len(found) <= 1:
            return found[0] if found else []
        return list(heapq.merge(*found, key=_seq))

    def _require_principal(
        self, instance: Instance, principal_type: str, principal_id: str
    ) -> None:
        """Fail the work unless the principal is in the instance's identity store."""
        if not principals.principal_exists(
            self.account_id,
            instance.region,
            instance.identity_store_id,
            principal_type,
            principal_id,
        ):
            raise AsyncFailure(
                principals.missing_principal_reason(
                    principal_type, principal_id, instance.identity_store_id
                )
            )

    def _provision_if_needed(self, permission_set: PermissionSet, account_id: str) -> None:
        """Provision the set to the account unless its latest version is there already.

        An assignment to an account that holds the set's current version, with its role still
        in IAM, changes nothing (the role was made or updated from that version); a set
        changed since, or a role deleted behind IAM Identity Center's back, is provisioned
        again. ProvisionPermissionSet always re-applies the role (`provisioning`).
        """
        if permission_set.is_current_in(account_id) and self.role_in_place(
            permission_set.arn, account_id
        ):
            return
        self.provision_permission_set_to(permission_set, account_id)

    def _still_there(self, instance_arn: str, permission_set_arn: str) -> PermissionSet:
        """The permission set when deferred work runs (it may have gone meanwhile)."""
        try:
            return self.get_permission_set(instance_arn, permission_set_arn)
        except SSOAdminError as error:
            raise AsyncFailure(error.message) from None
