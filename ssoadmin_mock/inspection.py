"""Looking at the mock's state from a test, without going through boto3.

The state of one account in one region is an `SSOAdminBackend`; its resources are plain,
typed objects (`Instance`, `PermissionSet`, `Assignment`, ...). This module finds the right
backend and reads it without changing anything::

    from ssoadmin_mock import inspection

    @mock_ssoadmin
    def test_assignment_is_made():
        sso = boto3.client("sso-admin", region_name="eu-west-1")
        ...                                     # the code under test
        state = inspection.State.of(sso)        # the backend this client talks to
        [assignment] = state.assignments(account_id="111111111111")
        assert state.permission_set_named("ReadOnly").arn == assignment.permission_set_arn
        assert state.account_role(assignment.permission_set_arn, "111111111111") is not None
        assert [u.user_name for u in state.users()] == ["alice"]   # the identity store

Under pytest the plugin's ``ssoadmin_backend`` and ``ssoadmin_state`` fixtures give the same
for the default account and region. `unchanged()` asserts that a block changed nothing.

Reading never creates state: `backends()` lists only backends in use, and `backend()` for an
account and region not used yet makes it as a first request would (with its default
instance, unless that switch is off).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .asyncstatus import AsyncTask
from .backend import SSOAdminBackend, ssoadmin_backends
from .services.account_roles import AccountRole
from .services.assignment_index import Assignment
from .services.identitystore.store import Directory, Group, Membership, User
from .services.instances import Instance
from .services.permission_sets import PermissionSet

__all__ = [
    "AccountRole",
    "Assignment",
    "Group",
    "Instance",
    "Membership",
    "PermissionSet",
    "SSOAdminBackend",
    "State",
    "User",
    "backend",
    "backend_for",
    "backends",
    "default_account",
    "default_region",
    "unchanged",
]


def default_account() -> str:
    """The account a request resolves to without other hints: ``MOTO_ACCOUNT_ID`` or moto's."""
    from moto.core.models import DEFAULT_ACCOUNT_ID

    return os.environ.get("MOTO_ACCOUNT_ID") or DEFAULT_ACCOUNT_ID


def default_region() -> str:
    """``AWS_DEFAULT_REGION`` (or ``AWS_REGION``), else us-east-1."""
    return os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION") or "us-east-1"


def backend(account_id: str | None = None, region: str | None = None) -> SSOAdminBackend:
    """The state of `account_id` in `region` (defaults: `default_account`, `default_region`)."""
    return ssoadmin_backends[account_id or default_account()][region or default_region()]


def backend_for(client: Any) -> SSOAdminBackend:
    """The state a boto3 ``sso-admin`` client reads and writes: its region, its account.

    The account is resolved as requests resolve it (``MOTO_ACCOUNT_ID``, else the owner of
    the client's access key in moto's IAM, else moto's default account).
    """
    from .responses import caller

    credentials = client._request_signer._credentials  # botocore keeps them here
    key = credentials.get_frozen_credentials().access_key if credentials else ""
    region = client.meta.region_name
    headers = {"Authorization": f"AWS4-HMAC-SHA256 Credential={key}/00000000/{region}/sso/"}
    account, _ = caller(headers)
    return backend(account, region)


def backends() -> Iterator[SSOAdminBackend]:
    """Every backend in use (any account, any region), without making new ones."""
    for regions in list(dict.values(ssoadmin_backends)):
        yield from list(dict.values(regions))


@dataclass(frozen=True)
class State:
    """Typed, read-only questions about one backend's resources."""

    backend: SSOAdminBackend

    @classmethod
    def of(cls, client: Any) -> State:
        """The state behind a boto3 ``sso-admin`` client (see `backend_for`)."""
        return cls(backend_for(client))

    @classmethod
    def at(cls, account_id: str | None = None, region: str | None = None) -> State:
        """The state of an account and region (see `backend`)."""
        return cls(backend(account_id, region))

    # --- instances -------------------------------------------------------------------------

    def instances(self) -> list[Instance]:
        """This account's instances in this region, oldest first."""
        return self.backend.instances.here()

    def instance(self, instance_arn: str | None = None) -> Instance:
        """The instance with this ARN; without one, the only instance (KeyError if not one)."""
        if instance_arn is not None:
            instance = self.backend.instances.find(instance_arn)
            if instance is None:
                raise KeyError(instance_arn)
            return instance
        found = self.instances()
        if len(found) != 1:
            raise KeyError(f"expected one instance, found {len(found)}")
        return found[0]

    # --- permission sets -------------------------------------------------------------------

    def permission_sets(self, instance_arn: str | None = None) -> list[PermissionSet]:
        """Permission sets (of one instance, or all), oldest first."""
        sets = self.backend.permission_sets.by_arn.values()
        chosen = [ps for ps in sets if instance_arn is None or ps.instance_arn == instance_arn]
        return sorted(chosen, key=lambda item: item.seq)

    def permission_set(self, permission_set_arn: str) -> PermissionSet:
        """The permission set with this ARN, in any instance (KeyError if none)."""
        found = self.backend.permission_sets.find(permission_set_arn)
        if found is None:
            raise KeyError(permission_set_arn)
        return found

    def permission_set_named(self, name: str, instance_arn: str | None = None) -> PermissionSet:
        """The permission set called `name` (KeyError if none, or several across instances)."""
        found = [ps for ps in self.permission_sets(instance_arn) if ps.name == name]
        if len(found) != 1:
            raise KeyError(f"expected one permission set named {name!r}, found {len(found)}")
        return found[0]

    # --- account assignments ---------------------------------------------------------------

    def assignments(
        self,
        instance_arn: str | None = None,
        *,
        account_id: str | None = None,
        permission_set_arn: str | None = None,
        principal_id: str | None = None,
    ) -> list[Assignment]:
        """Account assignments that exist now (made, not pending), oldest first, filtered."""
        found: list[Assignment] = []
        arns = [instance_arn] if instance_arn else [i.arn for i in self.instances()]
        for arn in arns:
            state = self.backend.assignments.existing(arn)  # read without creating
            if state is not None:
                found.extend(state.assignments.values())
        return sorted(
            (
                item
                for item in found
                if (account_id is None or item.account_id == account_id)
                and (permission_set_arn is None or item.permission_set_arn == permission_set_arn)
                and (principal_id is None or item.principal_id == principal_id)
            ),
            key=lambda item: item.seq,
        )

    def account_role(self, permission_set_arn: str, account_id: str) -> AccountRole | None:
        """The IAM role a permission set has in an account (None: not provisioned there)."""
        return self.backend.account_roles.role(permission_set_arn, account_id)

    # --- the identity store ----------------------------------------------------------------

    def _directories(self, identity_store_id: str | None) -> list[Directory]:
        stores = self.backend.identity_stores
        wanted = [identity_store_id] if identity_store_id else [
            instance.identity_store_id for instance in self.instances()
        ]
        return [found for store in wanted if (found := stores.find(store)) is not None]

    def users(self, identity_store_id: str | None = None) -> list[User]:
        """Users of an identity store (default: of this Region's instances), oldest first."""
        found = [u for d in self._directories(identity_store_id) for u in d.users.values()]
        return sorted(found, key=lambda user: user.seq)

    def user_named(self, user_name: str, identity_store_id: str | None = None) -> User:
        """The user called `user_name` (compared as the store compares; KeyError if none)."""
        for directory in self._directories(identity_store_id):
            found = directory.user_names.get(user_name.casefold())
            if found is not None:
                return directory.users[found]
        raise KeyError(user_name)

    def groups(self, identity_store_id: str | None = None) -> list[Group]:
        """Groups of an identity store (default: of this Region's instances), oldest first."""
        found = [g for d in self._directories(identity_store_id) for g in d.groups.values()]
        return sorted(found, key=lambda group: group.seq)

    def group_named(self, display_name: str, identity_store_id: str | None = None) -> Group:
        """The group with this display name (KeyError if none)."""
        for directory in self._directories(identity_store_id):
            found = directory.group_names.get(display_name.casefold())
            if found is not None:
                return directory.groups[found]
        raise KeyError(display_name)

    def memberships(
        self,
        identity_store_id: str | None = None,
        *,
        group_id: str | None = None,
        user_id: str | None = None,
    ) -> list[Membership]:
        """Group memberships, oldest first, of one group and/or one user if given."""
        found = [
            m
            for d in self._directories(identity_store_id)
            for m in d.memberships.values()
            if (group_id is None or m.group_id == group_id)
            and (user_id is None or m.user_id == user_id)
        ]
        return sorted(found, key=lambda membership: membership.seq)

    # --- tags, asynchronous work, snapshots --------------------------------------------------

    def tags(self, resource_arn: str) -> dict[str, str]:
        """A resource's tags as a dict."""
        return {tag["Key"]: tag["Value"] for tag in self.backend.tags.list(resource_arn)}

    def pending(self) -> list[AsyncTask]:
        """Asynchronous work not settled yet (with deferred statuses), oldest first."""
        return self.backend.engine.pending

    def settle(self) -> None:
        """Finish all pending asynchronous work now, as if every status had been polled."""
        self.backend.settle_all()

    def snapshot(self) -> dict[str, Any]:
        """Plain-data copy of the whole backend; equal snapshots mean nothing changed."""
        return self.backend.snapshot()


@contextmanager
def unchanged(*watched: SSOAdminBackend | State) -> Iterator[None]:
    """Assert that the ``with`` block changes nothing in the given backends (default: all).

    For tests of refusals: ``with unchanged(): call_that_must_fail()``. Raises
    AssertionError naming the parts of the state that changed.
    """
    targets = [
        item.backend if isinstance(item, State) else item for item in watched
    ] or list(backends())
    before = [target.snapshot() for target in targets]
    yield
    for target, earlier in zip(targets, before, strict=True):
        later = target.snapshot()
        if later != earlier:
            changed = sorted(
                key for key in set(earlier) | set(later) if earlier.get(key) != later.get(key)
            )
            raise AssertionError(
                f"state of account {target.account_id} in {target.region_name} changed: "
                + ", ".join(changed)
            )
