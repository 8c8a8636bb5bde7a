"""Account assignments and their statuses.

CreateAccountAssignment, DeleteAccountAssignment, DescribeAccountAssignmentCreationStatus,
DescribeAccountAssignmentDeletionStatus, ListAccountAssignmentCreationStatus,
ListAccountAssignmentDeletionStatus, ListAccountAssignments and
ListAccountAssignmentsForPrincipal.

Behaviour (the API reference pages of these operations):

- Create and Delete answer with their own status, ``IN_PROGRESS`` with a fresh request id,
  and hand the work to the async engine; the status ends ``SUCCEEDED`` or ``FAILED`` with a
  ``FailureReason``. The assignment appears in (or leaves) the listings only when the work
  is done.
- Creating: the principal must exist in the instance's identity store (moto's identitystore,
  unless the ``check_principals`` switch is off), else FAILED naming it. A successful creation
  provisions the permission set to the account (its IAM role is made or brought up to date:
  `AccountRoles`), unless the account holds the set's current version already and its role
  is still in IAM; creating an assignment that exists succeeds and makes no duplicate.
- Deleting an assignment that does not exist is accepted, as AWS accepts it: the deletion
  status starts ``IN_PROGRESS`` and ends ``FAILED`` with AWS's 404 reason, and nothing
  changes (`missing_assignment_reason`; when the principal itself is gone from the identity
  store, the principal's reason instead, as AWS answered in
  hashicorp/terraform-provider-aws#19341). So a client that sends the same revoke twice sees
  the second one fail in its status, not in the call. When the last assignment of a set in
  an account goes, the set's role there is deleted and the set is no longer provisioned there.
- Refused at once, for Create and Delete alike (nothing recorded): a request the model
  refuses (`ValidationException`), an unknown instance, and a permission set that does not
  exist under the instance (`ResourceNotFoundException`, which the Terraform AWS provider's
  resourceAccountAssignmentDelete takes as "already gone", as it does a FAILED status whose
  reason says "EntitlementItem doesn't exist").
- ListAccountAssignmentsForPrincipal for a ``USER`` also lists what the user holds through
  the groups it belongs to, each with the group as principal.

The indexes that keep every listing proportional to its page: `assignment_index`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from itertools import chain

from .. import compat, ids, principals
from ..asyncstatus import AsyncFailure
from ..exceptions import ConflictException, ResourceNotFoundException, SSOAdminError
from ..failures import CONFLICT_MESSAGE
from ..operations import Listing, operation
from ..principals import Principals
from ..statuses import AssignmentStatus, RequestStatus, listed_metadata, read_statuses
from .account import AccountStore, Body, Place, now
from .account_roles import AccountRoles
from .assignment_index import (
    Assignment,
    AssignmentKey,
    InstanceAssignments,
    StatusLog,
    listed_assignment,
    seq_of,
)
from .instances import Instance, Instances
from .permission_sets import PermissionSet, PermissionSets
from .provisioning import Provisioning

CREATE = "CreateAccountAssignment"
DELETE = "DeleteAccountAssignment"


@dataclass(frozen=True)
class Kind:
    """Creation or deletion: which status log a twin status operation reads."""

    word: str
    #: the response member of DescribeAccountAssignment<Kind>Status
    member: str

    def log(self, state: InstanceAssignments) -> StatusLog:
        return state.creations if self is CREATION else state.deletions


CREATION = Kind("creation", "AccountAssignmentCreationStatus")
DELETION = Kind("deletion", "AccountAssignmentDeletionStatus")


class Assignments:
    """The account assignments of every instance of one account in one Region."""

    def __init__(
        self,
        place: Place,
        account: AccountStore,
        instances: Instances,
        permission_sets: PermissionSets,
        provisioning: Provisioning,
        roles: AccountRoles,
        principals: Principals,
    ) -> None:
        self.place = place
        self.instances = instances
        self.principals = principals
        self.permission_sets = permission_sets
        self.provisioning = provisioning
        self.roles = roles
        self.engine = account.engine
        #: instance ARN -> its assignments and statuses
        self.state: dict[str, InstanceAssignments] = {}

    def of_instance(self, instance_arn: str) -> InstanceAssignments:
        """The instance's assignment state (made on first use)."""
        state = self.state.get(instance_arn)
        if state is None:
            state = self.state[instance_arn] = InstanceAssignments()
        return state

    def existing(self, instance_arn: str) -> InstanceAssignments | None:
        """The instance's assignment state, if it has any (read without making it)."""
        return self.state.get(instance_arn)

    def drop_instance(self, instance_arn: str) -> None:
        self.state.pop(instance_arn, None)

    # --- create / delete -------------------------------------------------------------------

    @operation(CREATE)
    def create(
        self,
        instance_arn: str,
        target_id: str,
        target_type: str,
        permission_set_arn: str,
        principal_type: str,
        principal_id: str,
    ) -> Body:
        instance = self.instances.get(instance_arn)
        self.permission_sets.get(instance_arn, permission_set_arn)
        key: AssignmentKey = (target_id, permission_set_arn, principal_type, principal_id)
        self._refuse_while_in_progress(instance_arn, key)
        state = self.of_instance(instance_arn)
        status = _new_status(
            state.creations, target_id, permission_set_arn, principal_type, principal_id
        )
        response = {"AccountAssignmentCreationStatus": status.body()}

        def work() -> None:
            self._require_principal_or_relax(instance, principal_type, principal_id)
            permission_set = self._still_there(instance_arn, permission_set_arn)
            self._provision_if_needed(permission_set, target_id)
            if key not in state.assignments:
                state.add(Assignment(*key, seq=ids.next_sequence()))

        def finish(reason: str | None) -> None:
            state.creations.settle(status, reason)

        status.task = self.engine.submit(CREATE, work, finish, after=(instance_arn, *key))
        return compat.answer(CREATE, "AccountAssignmentCreationStatus", response, status)

    @operation(DELETE)
    def delete(
        self,
        instance_arn: str,
        target_id: str,
        target_type: str,
        permission_set_arn: str,
        principal_type: str,
        principal_id: str,
    ) -> Body:
        instance = self.instances.get(instance_arn)
        permission_set = self.permission_sets.get(instance_arn, permission_set_arn)
        key: AssignmentKey = (target_id, permission_set_arn, principal_type, principal_id)
        self._refuse_while_in_progress(instance_arn, key)
        state = self.of_instance(instance_arn)
        status = _new_status(
            state.deletions, target_id, permission_set_arn, principal_type, principal_id
        )
        response = {"AccountAssignmentDeletionStatus": status.body()}

        def work() -> None:
            assignment = state.assignments.get(key)
            if assignment is None:  # never made, or an earlier deletion removed it
                raise AsyncFailure(self._nothing_to_delete(instance, permission_set, key))
            state.remove(assignment)
            if not state.count_in(target_id, permission_set_arn):
                self.roles.remove(permission_set, target_id)
                permission_set.provisioned.pop(target_id, None)

        def finish(reason: str | None) -> None:
            state.deletions.settle(status, reason)

        status.task = self.engine.submit(DELETE, work, finish, after=(instance_arn, *key))
        return compat.answer(DELETE, "AccountAssignmentDeletionStatus", response, status)

    # --- statuses --------------------------------------------------------------------------

    @operation("DescribeAccountAssignmentCreationStatus", kind=CREATION)
    @operation("DescribeAccountAssignmentDeletionStatus", kind=DELETION)
    def describe_status(
        self,
        instance_arn: str,
        kind: Kind,
        account_assignment_creation_request_id: str | None = None,
        account_assignment_deletion_request_id: str | None = None,
    ) -> Body:
        """A status by request id (one read of it for the async engine)."""
        request_id = str(
            account_assignment_creation_request_id
            if kind is CREATION
            else account_assignment_deletion_request_id
        )
        self.instances.get(instance_arn)
        state = self.state.get(instance_arn)
        status = None if state is None else kind.log(state).by_id.get(request_id)
        if status is None:
            raise ResourceNotFoundException(
                f"Account assignment {kind.word} request {request_id} does not exist in "
                f"instance {instance_arn}."
            )
        if status.task is not None:
            self.engine.observe(status.task)
        return {kind.member: status.body()}

    @operation("ListAccountAssignmentCreationStatus", kind=CREATION)
    @operation("ListAccountAssignmentDeletionStatus", kind=DELETION)
    def list_statuses(
        self, instance_arn: str, kind: Kind, filter: dict[str, str] | None = None
    ) -> Listing[AssignmentStatus]:
        self.instances.get(instance_arn)
        wanted = (filter or {}).get("Status")
        state = self.state.get(instance_arn)
        items = [] if state is None else kind.log(state).listing(wanted)
        return Listing(
            items,
            RequestStatus.metadata,
            scope=(instance_arn, wanted),
            encoded=listed_metadata,
            on_read=partial(read_statuses, self.engine, wanted),
        )

    # --- listings --------------------------------------------------------------------------

    @operation("ListAccountAssignments")
    def list_of_target(
        self, instance_arn: str, account_id: str, permission_set_arn: str
    ) -> Listing[Assignment]:
        self.permission_sets.get(instance_arn, permission_set_arn)
        state = self.state.get(instance_arn)
        items = state.by_target.items_of((account_id, permission_set_arn)) if state else []
        return Listing(
            items,
            Assignment.body,
            scope=(instance_arn, account_id, permission_set_arn),
            encoded=listed_assignment,
        )

    @operation("ListAccountAssignmentsForPrincipal")
    def list_for_principal(
        self,
        instance_arn: str,
        principal_id: str,
        principal_type: str,
        filter: dict[str, str] | None = None,
    ) -> Listing[Assignment]:
        """The principal's assignments; for a user also its groups' (group as principal)."""
        instance = self.instances.get(instance_arn)
        account_id = (filter or {}).get("AccountId")
        state = self.state.get(instance_arn)
        items = self._principal_assignments(
            state, instance, principal_type, principal_id, account_id
        )
        return Listing(
            items,
            Assignment.body,
            scope=(instance_arn, principal_type, principal_id, account_id),
            encoded=listed_assignment,
        )

    def held_by(
        self, instance: Instance, principal_type: str, principal_id: str, account_id: str | None
    ) -> list[Assignment]:
        """What ListAccountAssignmentsForPrincipal lists, as a list (the access portal's view
        of a user: `services.portal`)."""
        return self._principal_assignments(
            self.state.get(instance.arn), instance, principal_type, principal_id, account_id
        )

    # --- helpers ---------------------------------------------------------------------------

    def _refuse_while_in_progress(self, instance_arn: str, key: AssignmentKey) -> None:
        """AWS refuses to create or delete an account assignment while an earlier creation or
        deletion of it is in progress: a grant racing the revocation of the same user, set
        and account fails with ``ConflictException`` (aws-samples/iam-identity-center-team
        #513, and #515 retrying it), in the words AWS gives a change refused for one in
        progress ("There is a conflicting operation in process.",
        aws-samples/aws-iam-identity-center-extensions#111). Only deferred work
        (``async_reads``, ``async_seconds``) is ever in progress here."""
        if self.engine.pending_on((instance_arn, *key)):
            raise ConflictException(CONFLICT_MESSAGE)

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
            for group_id in self.principals.groups_of_user(
                instance.identity_store_id, principal_id
            ):
                sources.append(state.of_principal(principals.GROUP, group_id, account_id))
        found = [items for items in sources if items]
        if len(found) <= 1:
            return found[0] if found else []
        return sorted(chain.from_iterable(found), key=seq_of)  # each is in creation order

    def _require_principal(
        self, instance: Instance, principal_type: str, principal_id: str
    ) -> None:
        """Fail the work unless the principal is in the instance's identity store."""
        reason = self._missing_principal(instance, principal_type, principal_id)
        if reason is not None:
            raise AsyncFailure(reason)

    def _missing_principal(
        self, instance: Instance, principal_type: str, principal_id: str
    ) -> str | None:
        """AWS's reason when the principal is not in the instance's identity store, else None."""
        if self.principals.exists(instance.identity_store_id, principal_type, principal_id):
            return None
        return principals.missing_principal_reason(
            principal_type, principal_id, instance.identity_store_id
        )

    def _nothing_to_delete(
        self, instance: Instance, permission_set: PermissionSet, key: AssignmentKey
    ) -> str:
        """Why deleting an assignment that is not there fails: the principal is gone from the
        identity store, or the principal never held that assignment."""
        target_id, _, principal_type, principal_id = key
        return self._missing_principal(
            instance, principal_type, principal_id
        ) or missing_assignment_reason(
            instance.instance_id, permission_set.set_id, principal_id, target_id
        )

    def _require_principal_or_relax(
        self, instance: Instance, principal_type: str, principal_id: str
    ) -> None:
        """`_require_principal`; in the moto-compatible mode a missing principal is taken to
        exist, with a warning (`ssoadmin_mock.compat`)."""
        try:
            self._require_principal(instance, principal_type, principal_id)
        except AsyncFailure as missing:
            if not compat.relax_failure(
                compat.UNKNOWN_PRINCIPAL, CREATE, "PrincipalId", missing.reason
            ):
                raise

    def _provision_if_needed(self, permission_set: PermissionSet, account_id: str) -> None:
        """Provision the set to the account unless its latest version is there already.

        An assignment to an account that holds the set's current version, with its role still
        in IAM, changes nothing (the role was made or updated from that version); a set
        changed since, or a role deleted behind IAM Identity Center's back, is provisioned
        again. ProvisionPermissionSet always re-applies the role (`provisioning`).
        """
        if permission_set.is_current_in(account_id) and self.roles.in_place(
            permission_set.arn, account_id
        ):
            return
        self.provisioning.provision_to(permission_set, account_id)

    def _still_there(self, instance_arn: str, permission_set_arn: str) -> PermissionSet:
        """The permission set when deferred work runs (it may have gone meanwhile)."""
        try:
            return self.permission_sets.get(instance_arn, permission_set_arn)
        except SSOAdminError as error:
            raise AsyncFailure(error.message) from None


def missing_assignment_reason(
    instance_id: str, permission_set_id: str, principal_id: str, account_id: str
) -> str:
    """The FAILED reason of a DeleteAccountAssignment whose assignment does not exist, in AWS's
    words: "Received a 404 status error: EntitlementItem doesn't exist with the given
    entitlement key EntitlementKey{accessorId=AccessorId{value=...},
    resourceId=ResourceId{value=...}, auxiliaryResourceId=AuxiliaryResourceId{value=...},
    containerId=ContainerId{value=...}}" (quoted, values elided, in the Terraform AWS
    provider's resourceAccountAssignmentDelete, internal/service/ssoadmin/account_assignment.go,
    which matches "EntitlementItem doesn't exist"). The values filled in (the principal, the
    permission set, the account, the instance) are the mock's reading of the key's parts."""
    return (
        "Received a 404 status error: EntitlementItem doesn't exist with the given entitlement "
        f"key EntitlementKey{{accessorId=AccessorId{{value={principal_id}}}, "
        f"resourceId=ResourceId{{value={permission_set_id}}}, "
        f"auxiliaryResourceId=AuxiliaryResourceId{{value={account_id}}}, "
        f"containerId=ContainerId{{value={instance_id}}}}}"
    )


def _new_status(
    log: StatusLog,
    target_id: str,
    permission_set_arn: str,
    principal_type: str,
    principal_id: str,
) -> AssignmentStatus:
    status = AssignmentStatus(  # positional: keywords cost twice as much, on every request
        ids.request_id(),
        now(),
        ids.next_sequence(),
        target_id,
        permission_set_arn,
        principal_type,
        principal_id,
    )
    log.record(status)
    return status
