"""The identity stores themselves: DescribeIdentityStore, ListIdentityStores and
UpdateIdentityStore.

Newer botocore models have them (the installed one may not: the dispatcher serves an
operation only when the installed model has it). Behaviour (AWS Identity Store API
reference, DescribeIdentityStore / ListIdentityStores / UpdateIdentityStore):

- DescribeIdentityStore answers ``IdentityStoreId``, ``IdentityStoreArn`` and the
  ``NetworkConfiguration`` last set ("including its Amazon Resource Name (ARN) and network
  configuration");
- ListIdentityStores lists the stores of the account's instances in the Region ("the
  identity stores that you have access to": a delegated administrator's include its
  organization's, first), each with only its id and ARN ("returns only the identity store
  ID and Amazon Resource Name (ARN) of each identity store");
- UpdateIdentityStore replaces the network configuration whole ("the service performs a
  full replacement of the identity store's current network configuration with the values
  you specify. Any values that you omit are cleared"); it is stored and reported, not
  enforced (README, Known differences); it answers the store's id and ARN (those of
  them the installed model's output has).

A store is named by its id or its ARN (`IdentityStores.get` takes both).
"""

from __future__ import annotations

from typing import Any

from ... import ids
from ...operations import Listing
from ...service import IDENTITYSTORE, output_members
from ..instances import Instance
from . import identitystore_operation
from .store import IdentityStores

Body = dict[str, Any]


class IdentityStoreSettings:
    """The account's identity stores as resources of their own."""

    def __init__(self, stores: IdentityStores) -> None:
        self.stores = stores
        #: store id -> its network configuration as last set
        self.network: dict[str, Body] = {}

    def _arn(self, store_id: str) -> str:
        place = self.stores.place
        return ids.identity_store_arn(place.partition, place.account_id, store_id)

    @identitystore_operation("DescribeIdentityStore")
    def describe(self, identity_store_id: str) -> Body:
        directory = self.stores.get(identity_store_id)
        body: Body = {
            "IdentityStoreId": directory.store_id,
            "IdentityStoreArn": self._arn(directory.store_id),
        }
        network = self.network.get(directory.store_id)
        if network is not None:
            body["NetworkConfiguration"] = {
                k: list(v) if isinstance(v, list) else v for k, v in network.items()
            }
        return body

    @identitystore_operation("ListIdentityStores")
    def list(self) -> Listing[Instance]:
        # "the identity stores that you have access to": the account's own, and the
        # organization's when it is the organization's delegated administrator
        # (`ssoadmin_mock.delegation`), that one first, as ListInstances lists it
        instances = self.stores.instances
        return Listing(
            [i for i, _ in instances.administered_in()] + instances.here(),
            lambda instance: {
                "IdentityStoreId": instance.identity_store_id,
                "IdentityStoreArn": ids.identity_store_arn(
                    instance.partition, instance.owner_account_id, instance.identity_store_id
                ),
            },
        )

    @identitystore_operation("UpdateIdentityStore")
    def update(self, identity_store_id: str, network_configuration: Body | None = None) -> Body:
        directory = self.stores.get(identity_store_id)
        if network_configuration is None:
            self.network.pop(directory.store_id, None)
        else:
            self.network[directory.store_id] = {
                k: list(v) if isinstance(v, list) else v for k, v in network_configuration.items()
            }
        body = {
            "IdentityStoreId": directory.store_id,
            "IdentityStoreArn": self._arn(directory.store_id),
        }
        members = output_members("UpdateIdentityStore", IDENTITYSTORE)
        return {name: value for name, value in body.items() if name in members}

    def drop_instance(self, instance_arn: str) -> None:
        """The instance is gone: so is its store's configuration."""
        instances = self.stores.instances.account.instances.values()
        live = {i.identity_store_id for i in instances if i.arn != instance_arn}
        for store_id in [s for s in self.network if s not in live]:
            del self.network[store_id]
