"""Applications: CreateApplication, DescribeApplication, UpdateApplication, DeleteApplication,
ListApplications.

AWS behaviour followed here:

- CreateApplication makes OAuth 2.0 customer managed applications only (botocore model);
  other known providers get ValidationException "The application provider with arn '…' is
  not supported for this action." (hashicorp/terraform-provider-aws issue #34813), unknown
  ones ResourceNotFoundException. ``ClientToken`` replays are handled by the dispatcher.
- ``SignInOptions.ApplicationUrl`` "is a required parameter if the Origin parameter is
  APPLICATION" (model) -> ValidationException.
- Defaults when not given: ``Status`` ENABLED; ``PortalOptions`` ``{"Visibility": "ENABLED"}``
  with no ``SignInOptions`` (AWS returns only the visibility then, as the Terraform provider's
  application resource notes). These two are assumptions, not documented values.
- UpdateApplication is partial: only the members given change. Its ``PortalOptions`` carries
  ``SignInOptions`` only (UpdateApplicationPortalOptions), which replace the stored ones;
  the visibility set at creation stays.
- DeleteApplication removes the application with its assignments, access scopes,
  authentication methods, grants and tags; an absent application is ResourceNotFound.
- ListApplications lists an instance's applications in creation order, at most 50 a page
  (the output list's model maximum), filtered by ``ApplicationAccount`` and/or
  ``ApplicationProvider``. Every application here was made in this account
  (``ApplicationAccount``), so another account filters to nothing.
- Deleting an instance deletes its applications (`drop_instance`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ... import ids
from ...exceptions import ValidationException
from ...jsontext import Written
from ...operations import Listing, operation
from ...tags import TagStore
from ..account import Body, Place, now
from ..instances import Instances
from .providers import ApplicationProviders
from .store import ENABLED, Application, ApplicationStore, listed_application

APPLICATION_ORIGIN = "APPLICATION"


class Applications:
    """The applications of one account and Region."""

    def __init__(
        self,
        place: Place,
        instances: Instances,
        store: ApplicationStore,
        providers: ApplicationProviders,
        tags: TagStore,
    ) -> None:
        self.place = place
        self.instances = instances
        self.store = store
        self.providers = providers
        self.tags = tags

    def get_by_arn(self, application_arn: str) -> Application:
        """The application, else ResourceNotFoundException (tagging's finder)."""
        return self.store.get(application_arn)

    def drop_instance(self, instance_arn: str) -> None:
        """A deleted instance takes its applications (and all that hangs off them) along."""
        self.store.drop_instance(instance_arn)

    # --- operations ----------------------------------------------------------------------

    @operation("CreateApplication")
    def create(
        self,
        instance_arn: str,
        application_provider_arn: str,
        name: str,
        description: str | None = None,
        portal_options: dict[str, Any] | None = None,
        tags: list[dict[str, str]] | None = None,
        status: str | None = None,
        client_token: str | None = None,
    ) -> Body:
        instance = self.instances.get(instance_arn)
        self.providers.creatable(application_provider_arn)
        options = _portal_options(portal_options)
        partition = self.place.partition
        account_id = self.place.account_id
        arn = ids.application_arn(partition, account_id, instance.instance_id)
        self.tags.add(arn, tags)  # checks every tag before storing any
        application = Application(
            arn=arn,
            instance_arn=instance.arn,
            identity_store_arn=ids.identity_store_arn(
                partition, instance.owner_account_id, instance.identity_store_id
            ),
            provider_arn=application_provider_arn,
            account_id=account_id,
            region=instance.region,
            name=name,
            description=description,
            status=status or ENABLED,
            portal_options=options,
            created_date=now(),
            seq=ids.next_sequence(),
        )
        self.store.add(application)
        return {
            "ApplicationArn": application.arn,
            "InstanceArn": application.instance_arn,
            "IdentityStoreArn": application.identity_store_arn,
        }

    @operation("DescribeApplication")
    def describe(self, application_arn: str) -> Written:
        # the application as ListApplications shows it: the text it keeps, if current
        return Written(listed_application(self.store.get(application_arn)))

    @operation("UpdateApplication")
    def update(
        self,
        application_arn: str,
        name: str | None = None,
        description: str | None = None,
        status: str | None = None,
        portal_options: dict[str, Any] | None = None,
    ) -> Body:
        application = self.store.get(application_arn)
        sign_in = (portal_options or {}).get("SignInOptions")
        new_sign_in = _sign_in_options(sign_in) if sign_in is not None else None
        if name is not None:
            application.name = name
        if description is not None:
            application.description = description
        if status is not None:
            application.status = status
        if new_sign_in is not None:
            application.portal_options["SignInOptions"] = new_sign_in
        application.changes += 1
        return {}

    @operation("DeleteApplication")
    def delete(self, application_arn: str) -> Body:
        self.store.remove(self.store.get(application_arn))
        return {}

    @operation("ListApplications")
    def list(
        self,
        instance_arn: str,
        filter: dict[str, str] | None = None,  # the request member's name
    ) -> Listing[Application]:
        self.instances.get(instance_arn)
        account = (filter or {}).get("ApplicationAccount")
        provider = (filter or {}).get("ApplicationProvider")
        selected = self._select(instance_arn, account, provider)
        return Listing(
            selected,
            Application.body,
            scope=(instance_arn, account, provider),
            encoded=listed_application,
        )

    # --- helpers ---------------------------------------------------------------------------

    def _select(
        self, instance_arn: str, account: str | None, provider: str | None
    ) -> Sequence[Application]:
        """The instance's applications the filter keeps, in creation order."""
        if account is not None and account != self.place.account_id:
            return []
        in_instance = self.store.in_instance(instance_arn)
        if provider is None:
            return in_instance
        return [app for app in in_instance if app.provider_arn == provider]


def _portal_options(given: dict[str, Any] | None) -> dict[str, Any]:
    """The portal options to store for CreateApplication (checked, defaults filled in)."""
    given = given or {}
    options: dict[str, Any] = {"Visibility": given.get("Visibility", ENABLED)}
    sign_in = given.get("SignInOptions")
    if sign_in is not None:
        options["SignInOptions"] = _sign_in_options(sign_in)
    return options


def _sign_in_options(sign_in: dict[str, Any]) -> dict[str, Any]:
    """Checked sign-in options: an APPLICATION origin needs the URL to send users to."""
    origin = sign_in["Origin"]
    url = sign_in.get("ApplicationUrl")
    if origin == APPLICATION_ORIGIN and not url:
        raise ValidationException(
            "SignInOptions.ApplicationUrl is required when SignInOptions.Origin is APPLICATION."
        )
    options: dict[str, Any] = {"Origin": origin}
    if url is not None:
        options["ApplicationUrl"] = url
    return options
