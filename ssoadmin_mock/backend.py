"""The composition root: the services of one account and Region, wired once.

`SSOAdminBackend` is what moto's registry holds per account and Region
(``ssoadmin_backends[account][region]``). Building it builds each domain's service and
hands it the services it uses; the state that spans the account's Regions is the account's
one `AccountStore` (its lock is taken by every request of the account). Building a backend
changes no observable state: the account's default instance is made by its first request.
"""

from __future__ import annotations

import uuid
from typing import Any

from moto.core.base_backend import BackendDict

from . import moto_bridge, snapshots
from .models.account_roles import AccountRolesMixin
from .models.assignments import AssignmentsMixin
from .models.permission_set_policies import PermissionSetPoliciesMixin
from .models.permission_sets import PermissionSetsMixin
from .models.provisioning import ProvisioningMixin
from .services.access_control import AccessControl
from .services.account import AccountStore, Place
from .services.applications.applications import Applications
from .services.applications.assignments import ApplicationAssignments
from .services.applications.providers import ApplicationProviders
from .services.applications.settings import ApplicationSettings
from .services.applications.store import ApplicationStore
from .services.instances import Instances
from .services.regions import Regions
from .services.tagging import Tagging
from .services.trusted_token_issuers import TrustedTokenIssuers

_ACCOUNT_STORE = "_ssoadmin_account_store"

#: attributes of the backend that are plumbing or are dumped on their own in snapshots
_NOT_STATE = frozenset({"services", "lock", "engine", "generation"})


class SSOAdminBackend(
    AssignmentsMixin,
    AccountRolesMixin,
    PermissionSetPoliciesMixin,
    ProvisioningMixin,
    PermissionSetsMixin,
):
    """All sso-admin state of one account in one region, as its services.

    Reach it from a test with `ssoadmin_mock.get_backend(account_id, region)`, or read it
    through `ssoadmin_mock.inspection`.
    """

    def __init__(self, region_name: str, account_id: str) -> None:
        self.place = Place(account_id, region_name)
        self.account = account_store(account_id)
        super().__init__(region_name, account_id)
        #: changes on every reset, so pagination tokens of an earlier state are refused
        self.generation = uuid.uuid4().hex
        self.instances = Instances(self.place, self.account, self.tags)
        self.regions = Regions(self.place, self.account, self.instances)
        self.tagging = Tagging(self.tags, self.instances)
        self.trusted_token_issuers = TrustedTokenIssuers(self.place, self.instances, self.tags)
        self.access_control = AccessControl(self.account, self.instances)
        self.application_store = ApplicationStore(self.place, self.tags)
        self.application_providers = ApplicationProviders(self.place)
        self.applications = Applications(
            self.place,
            self.instances,
            self.application_store,
            self.application_providers,
            self.tags,
        )
        self.application_assignments = ApplicationAssignments(
            self.instances, self.application_store
        )
        self.application_settings = ApplicationSettings(
            self.application_store, issuers=self.trusted_token_issuers.get_by_arn
        )
        self.tagging.register(
            {
                "permissionSet": self._find_permission_set_by_arn,
                "application": self.applications.get_by_arn,
                "trustedTokenIssuer": self.trusted_token_issuers.get_by_arn,
            }
        )
        self.instances.on_deleted(self.instance_deleted)
        self.instances.on_deleted(self.trusted_token_issuers.drop_instance)
        self.instances.on_deleted(self.access_control.drop_instance)
        self.instances.on_deleted(self.applications.drop_instance)
        #: service class -> the service, for the dispatcher
        self.services: dict[type, Any] = {
            Instances: self.instances,
            Regions: self.regions,
            Tagging: self.tagging,
            TrustedTokenIssuers: self.trusted_token_issuers,
            AccessControl: self.access_control,
            # no operations of its own: listed so the services sharing it do not dump it
            ApplicationStore: self.application_store,
            ApplicationProviders: self.application_providers,
            Applications: self.applications,
            ApplicationAssignments: self.application_assignments,
            ApplicationSettings: self.application_settings,
        }

    def snapshot(self) -> dict[str, Any]:
        """A plain-data copy of the backend's state and its account's, to compare before and
        after a call (`ssoadmin_mock.snapshots`): each service's own state once, the account
        store, the tags, the ClientToken records and the pending work."""
        collaborators = (AccountStore, Place, SSOAdminBackend, *self.services)
        with self.lock:
            state = {
                name: snapshots.dump_object(value, collaborators)
                if isinstance(value, tuple(self.services))
                else snapshots.dump(value, collaborators)
                for name, value in vars(self).items()
                if name not in _NOT_STATE and not isinstance(value, (AccountStore, Place))
            }
            state["account"] = snapshots.dump_object(self.account)
            return state

    def begin_request(self) -> None:
        """What every request does first (under the account lock): settle work whose time
        has come, and give a fresh account its default instance."""
        self.engine.tick()
        self.instances.start_account()

    @property
    def _url_module(self) -> Any:
        from . import urls

        return urls


ssoadmin_backends: BackendDict[SSOAdminBackend] = BackendDict(SSOAdminBackend, "sso-admin")


def account_store(account_id: str) -> AccountStore:
    """The account's store, kept beside its Region backends (and reset with them)."""
    store: AccountStore = moto_bridge.account_scoped(
        ssoadmin_backends, account_id, _ACCOUNT_STORE, AccountStore
    )
    return store


def account_backends(account_id: str) -> list[SSOAdminBackend]:
    """The backends an account has in use, without creating any."""
    return moto_bridge.existing_backends(ssoadmin_backends, account_id)


def get_backend(account_id: str = "123456789012", region: str = "us-east-1") -> SSOAdminBackend:
    """The backend for an account and region, for assertions in tests."""
    backend: SSOAdminBackend = ssoadmin_backends[account_id][region]
    return backend
