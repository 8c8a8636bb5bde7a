"""Applications: CreateApplication, DescribeApplication, UpdateApplication, DeleteApplication,
ListApplications, and the composition of the application modules (issue 5).

`ApplicationsMixin` is the one class the backend composes; it brings in the provider
catalogue (`application_providers`), assignments (`application_assignments`) and the
per-application settings (`application_settings`), all sharing `ApplicationBase`'s state.

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
"""

from __future__ import annotations

from typing import Any

from .. import ids
from ..exceptions import ValidationException
from .application_assignments import ApplicationAssignmentsMixin
from .application_base import ENABLED, Application
from .application_providers import ApplicationProvidersMixin
from .application_settings import ApplicationSettingsMixin
from .base import Body, now, on_instance_deleted

APPLICATION_ORIGIN = "APPLICATION"


class ApplicationsMixin(
    ApplicationAssignmentsMixin, ApplicationSettingsMixin, ApplicationProvidersMixin
):
    """Every application operation of sso-admin."""

    # --- operations ----------------------------------------------------------------------

    def create_application(
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
        instance = self.get_instance(instance_arn)
        self.creatable_provider(application_provider_arn)
        options = _portal_options(portal_options)
        arn = ids.application_arn(self.partition, self.account_id, instance.instance_id)
        self.tags.add(arn, tags)  # checks every tag before storing any
        application = Application(
            arn=arn,
            instance_arn=instance.arn,
            identity_store_arn=ids.identity_store_arn(
                self.partition, instance.owner_account_id, instance.identity_store_id
            ),
            provider_arn=application_provider_arn,
            account_id=self.account_id,
            region=instance.region,
            name=name,
            description=description,
            status=status or ENABLED,
            portal_options=options,
            created_date=now(),
            seq=ids.next_sequence(),
        )
        self._remember_application(application)
        return {
            "ApplicationArn": application.arn,
            "InstanceArn": application.instance_arn,
            "IdentityStoreArn": application.identity_store_arn,
        }

    def describe_application(self, application_arn: str) -> Body:
        return self.get_application(application_arn).body()

    def update_application(
        self,
        application_arn: str,
        name: str | None = None,
        description: str | None = None,
        status: str | None = None,
        portal_options: dict[str, Any] | None = None,
    ) -> Body:
        application = self.get_application(application_arn)
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
        return {}

    def delete_application(self, application_arn: str) -> Body:
        self._forget_application(self.get_application(application_arn))
        return {}

    def list_applications(
        self,
        instance_arn: str,
        max_results: int | None = None,
        next_token: str | None = None,
        filter: dict[str, str] | None = None,  # the request member's name
    ) -> Body:
        self.get_instance(instance_arn)
        account = (filter or {}).get("ApplicationAccount")
        provider = (filter or {}).get("ApplicationProvider")
        selected = self._select_applications(instance_arn, account, provider)
        return self.list_page(
            "ListApplications",
            "Applications",
            selected,
            lambda application: application.body(),
            key=lambda application: application.seq,
            max_results=max_results,
            next_token=next_token,
            selectors=(instance_arn, account, provider),
        )

    # --- helpers ---------------------------------------------------------------------------

    def _select_applications(
        self, instance_arn: str, account: str | None, provider: str | None
    ) -> list[Application]:
        """The instance's applications the filter keeps, in creation order."""
        if account is not None and account != self.account_id:
            return []
        in_instance = self._applications_by_instance.get(instance_arn, {})
        if provider is None:
            return list(in_instance.values())
        return [app for app in in_instance.values() if app.provider_arn == provider]

    @on_instance_deleted
    def _drop_applications(self, instance_arn: str) -> None:
        """A deleted instance takes its applications (and all that hangs off them) along."""
        for application in list(self._applications_by_instance.get(instance_arn, {}).values()):
            self._forget_application(application)


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
