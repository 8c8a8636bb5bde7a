"""The application records of one account and Region, and the indexes the List operations read.

An `Application` owns everything that exists only through it (assignments, access scopes,
authentication methods, grants, assignment and session configuration), so deleting the
application drops all of it at once. `ApplicationStore` keeps three indexes, each in creation
order (the listing order, so a page costs work proportional to the selected subset):

- ``by_arn``: ARN -> application;
- ``by_instance``: instance ARN -> {ARN: application} (ListApplications);
- ``by_principal``: (instance ARN, principal type, principal id) ->
  {application ARN: assignment} (ListApplicationAssignmentsForPrincipal).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from ...exceptions import ResourceNotFoundException
from ...jsontext import NOT_ENCODED, UNCHANGING, Encoded, remembering
from ...tags import TagStore
from ..account import Body, Place, copy_body

ENABLED = "ENABLED"

PrincipalKey = tuple[str, str, str]


@dataclass
class ApplicationAssignment:
    """A direct assignment of a user or group to an application."""

    application_arn: str
    principal_type: str
    principal_id: str
    seq: int
    #: the text its List operations last showed it as (an assignment never changes)
    encoded: Encoded = field(default=NOT_ENCODED, compare=False, repr=False)

    def body(self) -> Body:
        return {
            "ApplicationArn": self.application_arn,
            "PrincipalId": self.principal_id,
            "PrincipalType": self.principal_type,
        }


@dataclass
class Keyed:
    """A value put under a key (a scope, a grant type, a method type), in first-put order;
    never changed once stored (a Put stores a new one)."""

    value: dict[str, Any]
    seq: int
    #: the key it is put under
    name: str = ""
    #: the text its List operation shows it as, made when first listed (a Keyed never
    #: changes: a Put stores a new one)
    encoded: Encoded = field(default=NOT_ENCODED, compare=False, repr=False)


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
    #: how many times UpdateApplication changed it (what `body` shows changes only then)
    changes: int = 0
    #: the text ListApplications last showed it as, made at `changes`
    encoded: Encoded = field(default=NOT_ENCODED, compare=False, repr=False)

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
            "PortalOptions": copy_body(self.portal_options),
            "CreatedDate": self.created_date,
            "CreatedFrom": self.region,
        }
        if self.description is not None:
            body["Description"] = self.description
        return body


class ApplicationStore:
    """The applications of one account and Region, indexed for their List operations."""

    def __init__(self, place: Place, tags: TagStore) -> None:
        self.place = place
        self.tags = tags
        self.by_arn: dict[str, Application] = {}
        self.by_instance: dict[str, dict[str, Application]] = {}
        self.by_principal: dict[PrincipalKey, dict[str, ApplicationAssignment]] = {}

    def get(self, application_arn: str) -> Application:
        """The application with this ARN in this account and Region, else ResourceNotFound
        (also tagging's finder for ``application`` ARNs)."""
        application = self.by_arn.get(application_arn)
        if application is None:
            raise ResourceNotFoundException(
                f"Application {application_arn} does not exist in account "
                f"{self.place.account_id} and region {self.place.region}."
            )
        return application

    def in_instance(self, instance_arn: str) -> list[Application]:
        """The instance's applications, in creation order."""
        return list(self.by_instance.get(instance_arn, {}).values())

    # --- index upkeep --------------------------------------------------------------------

    def add(self, application: Application) -> None:
        self.by_arn[application.arn] = application
        self.by_instance.setdefault(application.instance_arn, {})[application.arn] = application

    def remove(self, application: Application) -> None:
        """Drop an application and everything that hangs off it, tags included."""
        for assignment in list(application.assignments.values()):
            self.unindex_assignment(application, assignment)
        application.assignments.clear()
        self.by_arn.pop(application.arn, None)
        in_instance = self.by_instance.get(application.instance_arn)
        if in_instance is not None:
            in_instance.pop(application.arn, None)
            if not in_instance:
                del self.by_instance[application.instance_arn]
        self.tags.forget(application.arn)

    def drop_instance(self, instance_arn: str) -> None:
        """A deleted instance takes its applications (and all that hangs off them) along."""
        for application in self.in_instance(instance_arn):
            self.remove(application)

    def index_assignment(self, application: Application, assignment: ApplicationAssignment) -> None:
        application.assignments[(assignment.principal_type, assignment.principal_id)] = assignment
        key = (application.instance_arn, assignment.principal_type, assignment.principal_id)
        self.by_principal.setdefault(key, {})[application.arn] = assignment

    def unindex_assignment(
        self, application: Application, assignment: ApplicationAssignment
    ) -> None:
        application.assignments.pop((assignment.principal_type, assignment.principal_id), None)
        key = (application.instance_arn, assignment.principal_type, assignment.principal_id)
        for_principal = self.by_principal.get(key)
        if for_principal is not None:
            for_principal.pop(application.arn, None)
            if not for_principal:
                del self.by_principal[key]


#: what an application's or a keyed value's listed text changes with
CHANGES = attrgetter("changes")
#: `Application.body` as JSON text, kept by each application until UpdateApplication
listed_application = remembering(Application.body, CHANGES)
#: `ApplicationAssignment.body` as JSON text, kept by each assignment
listed_application_assignment = remembering(ApplicationAssignment.body, UNCHANGING)
