"""Application assignments: CreateApplicationAssignment, DeleteApplicationAssignment,
DescribeApplicationAssignment, ListApplicationAssignments,
ListApplicationAssignmentsForPrincipal, PutApplicationAssignmentConfiguration,
GetApplicationAssignmentConfiguration.

Behaviour:

- An application assignment is made synchronously (the operation has no status to poll), so
  the principal is checked on the spot: a user or group the instance's identity store lacks
  is ResourceNotFoundException naming it (unless ``settings.check_principals`` is off).
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

from .. import ids
from ..exceptions import ResourceNotFoundException
from ..principals import missing_principal_reason, principal_exists
from .application_base import Application, ApplicationAssignment, ApplicationBase
from .base import Body


class ApplicationAssignmentsMixin(ApplicationBase):
    # --- assignments ---------------------------------------------------------------------

    def create_application_assignment(
        self, application_arn: str, principal_id: str, principal_type: str
    ) -> Body:
        application = self.get_application(application_arn)
        if (principal_type, principal_id) in application.assignments:
            return {}
        instance = self.get_instance(application.instance_arn)
        if not principal_exists(
            instance.owner_account_id,
            instance.region,
            instance.identity_store_id,
            principal_type,
            principal_id,
        ):
            raise ResourceNotFoundException(
                missing_principal_reason(principal_type, principal_id, instance.identity_store_id)
            )
        assignment = ApplicationAssignment(
            application_arn=application.arn,
            principal_type=principal_type,
            principal_id=principal_id,
            seq=ids.next_sequence(),
        )
        self._index_assignment(application, assignment)
        return {}

    def delete_application_assignment(
        self, application_arn: str, principal_id: str, principal_type: str
    ) -> Body:
        application = self.get_application(application_arn)
        assignment = _assignment(application, principal_type, principal_id)
        self._unindex_assignment(application, assignment)
        return {}

    def describe_application_assignment(
        self, application_arn: str, principal_id: str, principal_type: str
    ) -> Body:
        application = self.get_application(application_arn)
        return _assignment(application, principal_type, principal_id).body()

    def list_application_assignments(
        self,
        application_arn: str,
        max_results: int | None = None,
        next_token: str | None = None,
    ) -> Body:
        application = self.get_application(application_arn)
        return self.list_page(
            "ListApplicationAssignments",
            "ApplicationAssignments",
            list(application.assignments.values()),
            lambda assignment: assignment.body(),
            key=lambda assignment: assignment.seq,
            max_results=max_results,
            next_token=next_token,
            selectors=(application_arn,),
        )

    def list_application_assignments_for_principal(
        self,
        instance_arn: str,
        principal_id: str,
        principal_type: str,
        filter: dict[str, str] | None = None,  # the request member's name
        next_token: str | None = None,
        max_results: int | None = None,
    ) -> Body:
        self.get_instance(instance_arn)
        key = (instance_arn, principal_type, principal_id)
        found = self._principal_app_assignments.get(key, {})
        wanted = (filter or {}).get("ApplicationArn")
        if wanted is None:
            selected = list(found.values())
        else:
            selected = [found[wanted]] if wanted in found else []
        return self.list_page(
            "ListApplicationAssignmentsForPrincipal",
            "ApplicationAssignments",
            selected,
            lambda assignment: assignment.body(),
            key=lambda assignment: assignment.seq,
            max_results=max_results,
            next_token=next_token,
            selectors=(instance_arn, principal_type, principal_id, wanted),
        )

    # --- assignment configuration --------------------------------------------------------

    def put_application_assignment_configuration(
        self, application_arn: str, assignment_required: bool
    ) -> Body:
        self.get_application(application_arn).assignment_required = assignment_required
        return {}

    def get_application_assignment_configuration(self, application_arn: str) -> Body:
        return {"AssignmentRequired": self.get_application(application_arn).assignment_required}


def _assignment(
    application: Application, principal_type: str, principal_id: str
) -> ApplicationAssignment:
    assignment = application.assignments.get((principal_type, principal_id))
    if assignment is None:
        raise ResourceNotFoundException(
            f"{principal_type} {principal_id} is not assigned to application {application.arn}."
        )
    return assignment
