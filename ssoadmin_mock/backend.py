"""The composition root: the services of one account and Region, wired once.

`SSOAdminBackend` is what moto's registry holds per account and Region
(``ssoadmin_backends[account][region]``). Building it builds each domain's service and
hands it the services it uses; the state that spans the account's Regions is the account's
one `AccountStore` (its lock is taken by every request of the account).

The identity store's services (`services.identitystore`) are built here too, beside
sso-admin's: one backend per account and Region serves both APIs, so they share the
account's lock, its snapshot and its reset, and sso-admin's principal checks and the
identity store read the same users and groups. The account's identity stores (`Directory`
per store id) span its Regions like the `AccountStore`. Deleting a user or group drops its
account and application assignments (`IdentityStores.on_principal_deleted`).
`IdentityStoreSlot` is moto's registry entry for identitystore: it routes moto's server and
URL matching to the dispatcher and holds no state. Building a backend
changes no observable state: the account's default instance is made by its first request.

Sign-in's records and clock are a Region's, shared by its accounts' backends
(`_sign_in_region`: kept in a registry of their own, `sign_in_slots`, reset with the rest).
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from moto.core.base_backend import BackendDict, BaseBackend

from . import delegation, moto_bridge, snapshots
from .idempotency import IdempotencyStore
from .principals import Principals
from .services.access_control import AccessControl
from .services.account import AccountStore, Place
from .services.account_roles import AccountRoles
from .services.applications.applications import Applications
from .services.applications.assignments import ApplicationAssignments
from .services.applications.providers import ApplicationProviders
from .services.applications.settings import ApplicationSettings
from .services.applications.store import ApplicationStore
from .services.assignments import Assignments
from .services.identitystore.groups import Groups
from .services.identitystore.memberships import Memberships
from .services.identitystore.settings import IdentityStoreSettings
from .services.identitystore.store import Directory, IdentityStores
from .services.identitystore.users import Users
from .services.instances import Instances
from .services.oidc import Oidc, SignInRegion
from .services.oidc_iam import IamTokens, application_finder, issuer_finder
from .services.permission_sets import PermissionSets
from .services.policies import PermissionSetPolicies
from .services.portal import Portal
from .services.provisioning import Provisioning
from .services.regions import Regions
from .services.tagging import Tagging
from .services.trusted_token_issuers import TrustedTokenIssuers
from .tags import TagStore

_ACCOUNT_STORE = "_ssoadmin_account_store"
_DIRECTORIES = "_ssoadmin_identity_directories"

#: attributes of the backend that are plumbing or are dumped on their own in snapshots
_NOT_STATE = frozenset({"services", "lock", "engine", "generation", "clock", "principals"})


class SSOAdminBackend(BaseBackend):
    """All sso-admin state of one account in one region, as its services.

    Reach it from a test with `ssoadmin_mock.get_backend(account_id, region)`, or read it
    through `ssoadmin_mock.inspection`.
    """

    def __init__(self, region_name: str, account_id: str) -> None:
        self.place = Place(account_id, region_name)
        self.account = account_store(account_id)
        super().__init__(region_name, account_id)
        #: the account's lock (every request of the account takes it) and its async engine
        self.lock = self.account.lock
        self.engine = self.account.engine
        self.tags = TagStore()
        #: ClientToken retries of this account and Region, replayed by the dispatcher
        self.idempotency = IdempotencyStore()
        #: changes on every reset, so pagination tokens of an earlier state are refused
        self.generation = uuid.uuid4().hex
        self.instances = Instances(
            self.place,
            self.account,
            self.tags,
            administered=partial(
                delegation.administered_instances, account_id, region_name, started_store
            ),
            management_account=partial(moto_bridge.organization_management_account, account_id),
        )
        #: the account's identity stores (shared by its Regions), and sso-admin's and
        #: sign-in's view of their users and groups
        directories = identity_directories(account_id)
        self.principals = Principals(directories)
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
            self.instances, self.application_store, self.principals
        )
        self.application_settings = ApplicationSettings(
            self.application_store, issuers=self.trusted_token_issuers.get_by_arn
        )
        self.permission_sets = PermissionSets(self.place, self.account, self.instances, self.tags)
        self.policies = PermissionSetPolicies(self.place, self.permission_sets)
        self.account_roles = AccountRoles(self.place)
        self.provisioning = Provisioning(
            self.place, self.account, self.instances, self.permission_sets, self.account_roles
        )
        self.assignments = Assignments(
            self.place,
            self.account,
            self.instances,
            self.permission_sets,
            self.provisioning,
            self.account_roles,
            self.principals,
        )
        self.identity_stores = IdentityStores(self.place, self.instances, directories)
        self.users = Users(self.identity_stores)
        self.groups = Groups(self.identity_stores)
        self.memberships = Memberships(self.identity_stores)
        self.identity_store_settings = IdentityStoreSettings(self.identity_stores)
        self.instances.on_deleted(self.identity_store_settings.drop_instance)
        self.instances.on_deleted(self.identity_stores.drop_instance)
        #: sign-in (sso-oidc) and the access portal (sso), on the Region's sign-in clock
        signing_in = _sign_in_region(region_name)
        self.clock = signing_in.clock
        self.oidc = Oidc(self.place, self.instances, signing_in, self.principals)
        self.iam_tokens = IamTokens(
            self.place,
            self.oidc,
            self.instances,
            applications=application_finder(self.application_store),
            issuers=issuer_finder(self.trusted_token_issuers),
            principals=self.principals,
        )
        self.portal = Portal(
            self.place,
            self.oidc.signed_in,
            self.oidc.log_out,
            self.clock,
            self.instances,
            self.permission_sets,
            self.assignments,
            self.account_roles,
        )
        self.permission_sets.on_dropped(self.provisioning.forget_set)
        self.tagging.register(
            {
                "permissionSet": self.permission_sets.get_by_arn,
                "application": self.applications.get_by_arn,
                "trustedTokenIssuer": self.trusted_token_issuers.get_by_arn,
            }
        )
        self.instances.on_deleted(self.permission_sets.drop_instance)
        self.instances.on_deleted(self.provisioning.drop_instance)
        self.instances.on_deleted(self.account_roles.drop_instance)
        self.instances.on_deleted(self.assignments.drop_instance)
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
            PermissionSets: self.permission_sets,
            PermissionSetPolicies: self.policies,
            AccountRoles: self.account_roles,
            Provisioning: self.provisioning,
            Assignments: self.assignments,
            IdentityStores: self.identity_stores,
            Users: self.users,
            Groups: self.groups,
            Memberships: self.memberships,
            IdentityStoreSettings: self.identity_store_settings,
            Oidc: self.oidc,
            IamTokens: self.iam_tokens,
            Portal: self.portal,
        }

    def snapshot(self) -> dict[str, Any]:
        """A plain-data copy of the backend's state and its account's, to compare before and
        after a call (`ssoadmin_mock.snapshots`): each service's own state once, the account
        store, the tags, the ClientToken records and the pending work."""
        collaborators = (AccountStore, Place, Principals, SSOAdminBackend, *self.services)
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

    def settle_all(self) -> None:
        """Finish every pending asynchronous status of this account now."""
        with self.lock:
            self.engine.settle_all()

    def begin_request(self) -> None:
        """What every request does first (under the account lock): settle work whose time
        has come, and give a fresh account its default instance (each checked here first,
        as most requests find nothing to do)."""
        if self.engine.busy:
            self.engine.tick()
        if not self.account.started:
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


def started_store(account_id: str, region: str) -> AccountStore:
    """The account's store, the account started (given its default instance, in `region`,
    as its own first request would) if it was not: what a delegated administrator sees of
    its management account (`delegation`)."""
    backend: SSOAdminBackend = moto_bridge.backend_of(ssoadmin_backends, account_id, region)
    if not backend.account.started:
        with backend.lock:
            backend.begin_request()
    return backend.account


class SignInSlot(BaseBackend):
    """moto's registry entry for a Region's sign-in state: one per Region, under one key that
    stands for every account (`_sign_in_region`), so that moto's reset drops it with the
    backends."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.state = SignInRegion()


sign_in_slots: BackendDict[SignInSlot] = BackendDict(SignInSlot, "sso-admin")

#: the key of `sign_in_slots`' one entry: the state is every account's
_EVERY_ACCOUNT = "every-account"


def _sign_in_region(region: str) -> SignInRegion:
    """The Region's sign-in records and clock (`services.oidc`), shared by its accounts.

    Reached only while a backend is built (everything else reads them through a backend's
    `Oidc`): so `ssoadmin_backends` is always registered with moto before `sign_in_slots`,
    and moto's reset, which empties its registries in that order and rebuilds the backends
    of each before emptying it, never makes a slot after `sign_in_slots` was emptied (one
    made then would outlive the reset)."""
    slot: SignInSlot = moto_bridge.backend_of(sign_in_slots, _EVERY_ACCOUNT, region)
    return slot.state


def region_backends(region: str) -> list[SSOAdminBackend]:
    """The backends in use in `region`, of every account, without creating any."""
    return moto_bridge.existing_in_region(ssoadmin_backends, region)


def identity_directories(account_id: str) -> dict[str, Directory]:
    """The account's identity stores by id, kept beside its Region backends."""
    found: dict[str, Directory] = moto_bridge.account_scoped(
        ssoadmin_backends, account_id, _DIRECTORIES, lambda _: {}
    )
    return found


def account_backends(account_id: str) -> list[SSOAdminBackend]:
    """The backends an account has in use, without creating any."""
    return moto_bridge.existing_backends(ssoadmin_backends, account_id)


class IdentityStoreSlot(BaseBackend):
    """moto's registry entry for identitystore (``moto.identitystore.identitystore_backends``
    points here once the package is imported): moto's server and URL matching find the
    dispatcher through it. The identity store's state is `SSOAdminBackend`'s; asking this
    for one of moto's identitystore methods says where it went."""

    @property
    def _url_module(self) -> Any:
        from . import urls

        return urls.IDENTITYSTORE

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        raise AttributeError(
            f"moto's identitystore backend has no {name!r} while ssoadmin-mock is imported: "
            "ssoadmin-mock serves identitystore. Create users and groups with boto3's "
            "identitystore client, or read them with "
            "ssoadmin_mock.inspection.State.at(account, region).users() / "
            "ssoadmin_mock.get_backend(account, region).identity_stores (README: 'Moving from "
            "moto's identitystore')."
        )


identitystore_slots: BackendDict[IdentityStoreSlot] = BackendDict(
    IdentityStoreSlot, "identitystore"
)


def get_backend(account_id: str = "123456789012", region: str = "us-east-1") -> SSOAdminBackend:
    """The backend for an account and region, for assertions in tests."""
    backend: SSOAdminBackend = ssoadmin_backends[account_id][region]
    return backend
