"""Application providers: ListApplicationProviders, DescribeApplicationProvider.

The catalogue is ``ssoadmin_mock/data/application_providers.json``: the providers AWS is
documented to use, each with the source that shows it (custom OAuth 2.0, custom SAML 2.0, a
catalog SAML application, Amazon Redshift as an AWS managed application).

Partition: providers are owned by AWS (the ARN's account field is ``aws``). The model's
pattern and the API reference (``arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso::aws:
applicationProvider/...``) let the partition vary, and the Service Authorization Reference
names the resource ``arn:${Partition}:sso::aws:applicationProvider/${ApplicationProviderId}``,
so the catalogue is served in the partition of the request's region:
``arn:aws:sso::aws:applicationProvider/custom`` in commercial regions,
``arn:aws-cn:...`` in China. An ARN of another partition is not found.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from ... import ids, jsontext
from ...exceptions import ResourceNotFoundException, ValidationException
from ...operations import Listing, operation
from ..account import Body, Place, copy_body

CATALOGUE_FILE = "application_providers.json"


@dataclass(frozen=True)
class Provider:
    """One catalogue entry, partition-free (the ARN is made per request)."""

    provider_id: str
    creatable: bool
    federation_protocol: str
    display_data: dict[str, str]
    resource_server_config: dict[str, Any] | None

    def body(self, partition: str) -> Body:
        body: Body = {
            "ApplicationProviderArn": ids.application_provider_arn(partition, self.provider_id),
            "FederationProtocol": self.federation_protocol,
            "DisplayData": dict(self.display_data),
        }
        if self.resource_server_config is not None:
            body["ResourceServerConfig"] = copy_body(self.resource_server_config)
        return body


@lru_cache(maxsize=1)
def catalogue() -> tuple[Provider, ...]:
    """The providers, in listing order, read once from the package data."""
    data = resources.files("ssoadmin_mock").joinpath("data")
    text = data.joinpath(CATALOGUE_FILE).read_text("utf-8")
    return tuple(
        Provider(
            provider_id=entry["id"],
            creatable=bool(entry["creatable"]),
            federation_protocol=entry["FederationProtocol"],
            display_data=dict(entry["DisplayData"]),
            resource_server_config=entry.get("ResourceServerConfig"),
        )
        for entry in json.loads(text)["providers"]
    )


@cache
def _by_arn(partition: str) -> dict[str, Provider]:
    return {ids.application_provider_arn(partition, p.provider_id): p for p in catalogue()}


class ApplicationProviders:
    """The provider catalogue as served in one Region's partition."""

    def __init__(self, place: Place) -> None:
        self.place = place

    def get(self, provider_arn: str) -> Provider:
        """The catalogue entry for `provider_arn` in this Region's partition."""
        provider = _by_arn(self.place.partition).get(provider_arn)
        if provider is None:
            raise ResourceNotFoundException(f"Application provider {provider_arn} does not exist.")
        return provider

    def creatable(self, provider_arn: str) -> Provider:
        """A provider CreateApplication accepts (only customer managed OAuth 2.0)."""
        provider = self.get(provider_arn)
        if not provider.creatable:
            # AWS's words (hashicorp/terraform-provider-aws issue #34813).
            raise ValidationException(
                f"The application provider with arn '{provider_arn}' is not supported for "
                "this action."
            )
        return provider

    # --- operations ----------------------------------------------------------------------

    @operation("ListApplicationProviders")
    def list(self) -> Listing[tuple[int, Provider]]:
        partition = self.place.partition

        def render(pair: tuple[int, Provider]) -> Body:
            return pair[1].body(partition)

        def encoded(pair: tuple[int, Provider]) -> str:
            return _listed_text(partition, pair[0])

        return Listing(list(enumerate(catalogue())), render, key=_position, encoded=encoded)

    @operation("DescribeApplicationProvider")
    def describe(self, application_provider_arn: str) -> Body:
        return self.get(application_provider_arn).body(self.place.partition)


def _position(pair: tuple[int, Provider]) -> int:
    return pair[0]


@cache
def _listed_text(partition: str, position: int) -> str:
    """The catalogue's `position`-th provider as ListApplicationProviders shows it, as JSON
    text (the catalogue never changes: made once per partition)."""
    return jsontext.text(catalogue()[position].body(partition))
