"""State shared by the application modules: applications, what hangs off them, look-ups.

An `Application` owns everything that exists only through it (assignments, access scopes,
authentication methods, grants, assignment and session configuration), so deleting the
application drops all of it at once. The backend keeps three indexes, each in creation order
(the listing order, so a page costs work proportional to the selected subset):

- ``applications``: ARN -> application;
- ``_applications_by_instance``: instance ARN -> {ARN: application} (ListApplications);
- ``_principal_app_assignments``: (instance ARN, principal type, principal id) ->
  {application ARN: assignment} (ListApplicationAssignmentsForPrincipal).

The modules: `application_providers` (the provider catalogue), `applications` (create,
describe, update, delete, list), `application_assignments` (assignments and assignment
configuration), `application_settings` (access scopes, authentication methods, grants,
session configuration).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..exceptions import ResourceNotFoundException
from .base import BackendBase, Body

ENABLED = "ENABLED"

PrincipalKey = tuple[str, str, str]


@dataclass
class ApplicationAssignment:
    """A direct assignment of a user or group to an application."""

    application_arn: str
    principal_type: str
    principal_id: str
    seq: int

    def body(self) -> Body:
        return {
            "ApplicationArn": self.application_arn,
            "PrincipalId": self.principal_id,
            "PrincipalType": self.principal_type,
        }


@dataclass
class Keyed:
    """A value put under a key (a scope, a grant type, a method type), in first-put order."""

    value: dict[str, Any]
    seq: int


@dataclass
class Application:
    arn: str
    instance_arn: str
    identity_store_arn: str
    provider_arn: str
    account_id: str
    region: str
    name: str
    description: str | None
    status: str
    portal_options: dict[str, Any]
    created_date: float
    seq: int
    #: AssignmentRequired: true is the documented default (PutApplicationAssignmentConfiguration)
    assignment_required: bool = True
    #: UserBackgroundSessionApplicationStatus; "enabled by default" (IAM Identity Center
    #: user guide, "User background sessions")
    background_sessions: str = ENABLED
    #: (principal type, principal id) -> assignment
    assignments: dict[tuple[str, str], ApplicationAssignment] = field(default_factory=dict)
    #: scope name -> {"AuthorizedTargets": [...]} (the key absent when none were given)
    scopes: dict[str, Keyed] = field(default_factory=dict)
    #: authentication method type -> the AuthenticationMethod union as put
    authentication_methods: dict[str, Keyed] = field(default_factory=dict)
    #: grant type -> the Grant union as put
    grants: dict[str, Keyed] = field(default_factory=dict)

    def body(self) -> Body:
        """The application as DescribeApplication and ListApplications show it."""
        body: Body = {
            "ApplicationArn": self.arn,
            "ApplicationProviderArn": self.provider_arn,
            "Name": self.name,
            "ApplicationAccount": self.account_id,
            "InstanceArn": self.instance_arn,
            "IdentityStoreArn": self.identity_store_arn,
            "Status": self.status,
            "PortalOptions": _copy(self.portal_options),
            "CreatedDate": self.created_date,
            "CreatedFrom": self.region,
        }
        if self.description is not None:
            body["Description"] = self.description
        return body


def _copy(value: dict[str, Any]) -> dict[str, Any]:
    """A copy deep enough that a caller changing a body never changes the stored state."""
    return {k: (_copy(v) if isinstance(v, dict) else v) for k, v in value.items()}


class ApplicationBase(BackendBase):
    """Application state and the look-ups every application module uses."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.applications: dict[str, Application] = {}
        self._applications_by_instance: dict[str, dict[str, Application]] = {}
        self._principal_app_assignments: dict[PrincipalKey, dict[str, ApplicationAssignment]] = {}

    def get_application(self, application_arn: str) -> Application:
        """The application with this ARN in this account and region, else ResourceNotFound."""
        application = self.applications.get(application_arn)
        if application is None:
            raise ResourceNotFoundException(
                f"Application {application_arn} does not exist in account {self.account_id} "
                f"and region {self.region_name}."
            )
        return application

    def _find_application_by_arn(self, arn: str) -> Application:
        """Tagging's finder for ``application`` ARNs."""
        return self.get_application(arn)

    # --- index upkeep --------------------------------------------------------------------

    def _remember_application(self, application: Application) -> None:
        self.applications[application.arn] = application
        self._applications_by_instance.setdefault(application.instance_arn, {})[application.arn] = (
            application
        )

    def _forget_application(self, application: Application) -> None:
        """Drop an application and everything that hangs off it, tags included."""
        for assignment in list(application.assignments.values()):
            self._unindex_assignment(application, assignment)
        application.assignments.clear()
        self.applications.pop(application.arn, None)
        by_instance = self._applications_by_instance.get(application.instance_arn)
        if by_instance is not None:
            by_instance.pop(application.arn, None)
            if not by_instance:
                del self._applications_by_instance[application.instance_arn]
        self.tags.forget(application.arn)

    def _index_assignment(
        self, application: Application, assignment: ApplicationAssignment
    ) -> None:
        application.assignments[(assignment.principal_type, assignment.principal_id)] = assignment
        key = (application.instance_arn, assignment.principal_type, assignment.principal_id)
        self._principal_app_assignments.setdefault(key, {})[application.arn] = assignment

    def _unindex_assignment(
        self, application: Application, assignment: ApplicationAssignment
    ) -> None:
        application.assignments.pop((assignment.principal_type, assignment.principal_id), None)
        key = (application.instance_arn, assignment.principal_type, assignment.principal_id)
        for_principal = self._principal_app_assignments.get(key)
        if for_principal is not None:
            for_principal.pop(application.arn, None)
            if not for_principal:
                del self._principal_app_assignments[key]
