"""Application assignments: CreateApplicationAssignment, DeleteApplicationAssignment,
DescribeApplicationAssignment, ListApplicationAssignments,
ListApplicationAssignmentsForPrincipal, PutApplicationAssignmentConfiguration,
GetApplicationAssignmentConfiguration.

Behaviour:

- An application assignment is made synchronously (the operation has no status to poll), so
  the principal is checked on the spot: a user or group the instance's identity store lacks
  is ResourceNotFoundException naming it (unless the ``check_principals`` switch is off).
- Assigning a principal that is already assigned changes nothing and succeeds.
- Deleting or describing an assignment that does not exist is ResourceNotFoundException
  (the Terraform provider's acceptance tests rely on it to see a deleted assignment).
- ListApplicationAssignments lists direct assignments in creation order;
  ListApplicationAssignmentsForPrincipal lists the principal's direct assignments across the
  instance's applications (group memberships are not expanded: DescribeApplicationAssignment's
  documentation says access through a group is not a direct assignment), optionally only the
  one to ``Filter.ApplicationArn``. A principal with none, or unknown, lists nothing.
- ``AssignmentRequired`` is true until set otherwise ("true (default value)", model).
"""

from __future__ import annotations

from ... import ids
from ...exceptions import ResourceNotFoundException
from ...jsontext import Written
from ...operations import Listing, operation
from ...principals import Principals, missing_principal_reason
from ..account import Body
from ..instances import Instances
from .store import (
    Application,
    ApplicationAssignment,
    ApplicationStore,
    listed_application_assignment,
)


class ApplicationAssignments:
    """Who is assigned to the applications of one account and Region."""

    def __init__(
        self, instances: Instances, store: ApplicationStore, principals: Principals
    ) -> None:
        self.instances = instances
        self.store = store
        self.principals = principals

    # --- assignments ---------------------------------------------------------------------

    @operation("CreateApplicationAssignment")
    def create(self, application_arn: str, principal_id: str, principal_type: str) -> Body:
        application = self.store.get(application_arn)
        if (principal_type, principal_id) in application.assignments:
            return {}
        instance = self.instances.get(application.instance_arn)
        if not self.principals.exists(instance.identity_store_id, principal_type, principal_id):
            raise ResourceNotFoundException(
                missing_principal_reason(principal_type, principal_id, instance.identity_store_id)
            )
        assignment = ApplicationAssignment(
            application_arn=application.arn,
            principal_type=principal_type,
            principal_id=principal_id,
            seq=ids.next_sequence(),
        )
        self.store.index_assignment(application, assignment)
        return {}

    @operation("DeleteApplicationAssignment")
    def delete(self, application_arn: str, principal_id: str, principal_type: str) -> Body:
        application = self.store.get(application_arn)
        assignment = _assignment(application, principal_type, principal_id)
        self.store.unindex_assignment(application, assignment)
        return {}

    @operation("DescribeApplicationAssignment")
    def describe(self, application_arn: str, principal_id: str, principal_type: str) -> Written:
        application = self.store.get(application_arn)
        # the assignment as ListApplicationAssignments shows it: the text it keeps
        return Written(
            listed_application_assignment(_assignment(application, principal_type, principal_id))
        )

    @operation("ListApplicationAssignments")
    def list(self, application_arn: str) -> Listing[ApplicationAssignment]:
        application = self.store.get(application_arn)
        assignments = list(application.assignments.values())
        return Listing(
            assignments,
            ApplicationAssignment.body,
            scope=(application_arn,),
            encoded=listed_application_assignment,
        )

    @operation("ListApplicationAssignmentsForPrincipal")
    def list_for_principal(
        self,
        instance_arn: str,
        principal_id: str,
        principal_type: str,
        filter: dict[str, str] | None = None,  # the request member's name
    ) -> Listing[ApplicationAssignment]:
        self.instances.get(instance_arn)
        found = self.store.by_principal.get((instance_arn, principal_type, principal_id), {})
        wanted = (filter or {}).get("ApplicationArn")
        if wanted is None:
            selected = list(found.values())
        else:
            selected = [found[wanted]] if wanted in found else []
        return Listing(
            selected,
            ApplicationAssignment.body,
            scope=(instance_arn, principal_type, principal_id, wanted),
            encoded=listed_application_assignment,
        )

    # --- assignment configuration --------------------------------------------------------

    @operation("PutApplicationAssignmentConfiguration")
    def put_configuration(self, application_arn: str, assignment_required: bool) -> Body:
        self.store.get(application_arn).assignment_required = assignment_required
        return {}

    @operation("GetApplicationAssignmentConfiguration")
    def get_configuration(self, application_arn: str) -> Body:
        return {"AssignmentRequired": self.store.get(application_arn).assignment_required}


def _assignment(
    application: Application, principal_type: str, principal_id: str
) -> ApplicationAssignment:
    assignment = application.assignments.get((principal_type, principal_id))
    if assignment is None:
        raise ResourceNotFoundException(
            f"{principal_type} {principal_id} is not assigned to application {application.arn}."
        )
    return assignment
