"""Every touch of moto's internals, behind small named interfaces.

The mock keeps its own state, but some effects and look-ups belong to other services that
moto serves: organizations (who is in an organization), IAM (the roles and SAML providers
IAM Identity Center makes in target accounts, AWS managed policies, policy validation, who
owns an access key) and the identity store. moto's internal layout differs across releases;
when it changes, this module is the one to mend.

moto's backends (``<service>_backends[account][region]``) are found cheaply on every call:
moto's `BackendDict.__getitem__` takes a process-wide lock and copies its keys on every
access; `backend_of` reads the two plain dicts first and goes through moto's indexing only
when the backend does not exist yet (or the region is an alias such as ``global``).
"""

from __future__ import annotations

import importlib
import json
import re
import sys
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, cast


def backend_of(backends: Any, account_id: str, region: str) -> Any:
    """``backends[account_id][region]`` (a moto `BackendDict`), made by moto if absent."""
    regions = dict.get(backends, account_id)
    if regions is not None:
        backend = dict.get(regions, region)
        if backend is not None:
            return backend
    return backends[account_id][region]


def existing_backends(backends: Any, account_id: str) -> list[Any]:
    """The backends of `account_id` already made in a moto `BackendDict`, making none."""
    regions = dict.get(backends, account_id)
    return list(dict.values(regions)) if regions else []


def existing_backend(backends: Any, account_id: str, region: str) -> Any | None:
    """``backends[account_id][region]`` if it was made already, else None (making none)."""
    regions = dict.get(backends, account_id)
    return None if regions is None else dict.get(regions, region)


def account_scoped(backends: Any, account_id: str, attribute: str, factory: Any) -> Any:
    """An object kept beside the Region backends of `account_id` in a moto `BackendDict`,
    made by `factory(account_id)` on first use; it is dropped when moto resets the backends
    (moto replaces the account's dict then), so it lives exactly as long as they do."""
    from moto.core.base_backend import backend_lock

    regions = dict.get(backends, account_id)
    if regions is None:
        regions = backends[account_id]
    found = vars(regions).get(attribute)
    if found is None:
        with backend_lock:
            found = vars(regions).get(attribute)
            if found is None:
                found = factory(account_id)
                setattr(regions, attribute, found)
    return found


@cache
def service_backends(service: str) -> Any:
    """moto's `BackendDict` of `service` (``moto.<service>.models.<service>_backends``).

    Imported on first use, so a mock that never touches the service does not load it; cached
    because a function-level ``from ... import`` costs about a microsecond per call.
    """
    return getattr(importlib.import_module(f"moto.{service}.models"), f"{service}_backends")


def service_backend(service: str, account_id: str, region: str) -> Any:
    """moto's backend of `service` for an account and region (or partition, for IAM)."""
    return backend_of(service_backends(service), account_id, region)


# --- organizations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Organization:
    """What the mock needs of an organization moto's organizations models."""

    id: str
    management_account_id: str
    accounts: frozenset[str]


def organization_of(account_id: str, partition: str) -> Organization | None:
    """The organization `account_id` belongs to (as management or member account) in moto's
    organizations, or None when moto models none for it."""
    try:
        backends = service_backends("organizations")
        master = backends.master_accounts.get(account_id)
        owner, owner_partition = master if master else (account_id, partition)
        partitions: dict[str, Any] = dict.get(cast(Any, backends), owner) or {}
        backend = dict.get(partitions, owner_partition)
        if backend is None or backend.org is None:
            return None
        org = backend.org
        return Organization(
            id=str(org.id),
            management_account_id=str(getattr(org, "master_account_id", "")),
            accounts=frozenset(str(account.id) for account in backend.accounts),
        )
    except Exception:  # noqa: BLE001 - moto's internals differ across versions
        return None


# --- IAM: who owns an access key --------------------------------------------------------------


def account_of_access_key(access_key: str) -> str | None:
    """The account whose IAM user or STS session owns `access_key` (moto's look-up), or None.

    Access keys live in moto's IAM backends: until moto's IAM is imported (by a first IAM or
    STS call) no key can exist, so nothing is imported to answer. moto's own
    ``get_account_id_from`` would look in (and so make) one backend per partition of every
    account on every request; this reads only the backends that exist.
    """
    iam_models = sys.modules.get("moto.iam.models")
    if iam_models is None or access_key in _UNKNOWN_KEYS:
        return None
    for account_id, partitions in list(dict.items(iam_models.iam_backends)):
        for iam in list(dict.values(partitions)):
            if access_key in iam.access_keys:
                return str(account_id)
    if len(_UNKNOWN_KEYS) > 1000:
        _UNKNOWN_KEYS.clear()
    _UNKNOWN_KEYS.add(access_key)
    return None


#: access keys found in no IAM backend (the usual "testing" keys). A key IAM hands out is
#: random and new, so one that signed a request before it existed cannot appear later:
#: remembering misses keeps the scan of every IAM backend off the per-call path.
_UNKNOWN_KEYS: set[str] = set()


# --- IAM: policy documents and the AWS managed policy catalogue ------------------------------


@cache
def _managed_policy_catalogue() -> dict[str, dict[str, Any]]:
    """moto's bundled catalogue of AWS managed policies, name -> data, read once."""
    from moto.iam.aws_managed_policies import aws_managed_policies_data

    catalogue: dict[str, dict[str, Any]] = json.loads(aws_managed_policies_data)
    return catalogue


@cache
def aws_managed_policy_paths() -> frozenset[str]:
    """Path + name of every AWS managed policy moto knows (``/job-function/ViewOnlyAccess``)."""
    return frozenset(
        f"{data.get('Path') or '/'}{name}" for name, data in _managed_policy_catalogue().items()
    )


def aws_managed_policy(arn: str) -> dict[str, Any] | None:
    """moto's catalogue entry (``Path``, ``Document``, dates, ``DefaultVersionId``) of the AWS
    managed policy `arn` names (in any partition); None when moto knows no policy of that name
    at that path."""
    head, found, path_and_name = arn.partition(":policy")
    if not found or not head.endswith(":iam::aws") or not path_and_name.startswith("/"):
        return None
    path, _, name = path_and_name.rpartition("/")
    entry = _managed_policy_catalogue().get(name)
    if entry is None or (entry.get("Path") or "/") != f"{path}/":
        return None
    return entry


def validate_policy_document(document: str) -> str | None:
    """What is wrong with an IAM identity policy document by moto's IAM validator (the check
    moto's IAM applies when a role gets the policy); None when it is valid."""
    from moto.iam.exceptions import MalformedPolicyDocument
    from moto.iam.policy_validation import IAMPolicyDocumentValidator

    try:
        IAMPolicyDocumentValidator(document).validate()
    except MalformedPolicyDocument as error:
        return str(error.message)
    except Exception:  # noqa: BLE001 - any other failure of the checker is a bad document
        return "Syntax errors in policy."
    return None


# --- IAM: the roles and SAML provider IAM Identity Center makes in an account -----------------


def iam_backend(account_id: str, partition: str) -> Any:
    """moto's IAM backend of an account (IAM backends are per partition)."""
    return service_backend("iam", account_id, partition)


def has_role(account_id: str, partition: str, role_id: str) -> bool:
    """Whether the account's IAM holds the role with moto's id `role_id` (`IAMAccount.has_role`
    without making an `IAMAccount`: every new assignment asks)."""
    return role_id in iam_backend(account_id, partition).roles


@dataclass(frozen=True)
class RoleSpec:
    """What a role should hold: moto's policy objects found by `IAMAccount` beforehand."""

    #: ARN -> policy (from `IAMAccount.aws_managed_policy` / `customer_policy`)
    policies: dict[str, Any]
    boundary: Any | None
    #: the role policy that holds the inline policy, and its document (None: none)
    inline_name: str
    inline: str | None
    description: str
    max_session_seconds: int


class IAMAccount:
    """One account's IAM in moto, as far as IAM Identity Center's roles need it. Roles are
    named by moto's role id (stable across renames, an O(1) look-up)."""

    def __init__(self, account_id: str, partition: str) -> None:
        self.account_id = account_id
        self._iam = iam_backend(account_id, partition)

    def has_role(self, role_id: str) -> bool:
        return role_id in self._iam.roles

    def inline_policy(self, role_id: str, name: str) -> str | None:
        """The role's inline policy called `name` (None: no such role or policy)."""
        role = self._iam.roles.get(role_id)
        return None if role is None else role.policies.get(name)

    def customer_policy(self, arn: str) -> Any | None:
        """The account's customer managed policy `arn`, if it exists."""
        return self._iam.managed_policies.get(arn)

    def aws_managed_policy(self, arn: str) -> Any:
        """The AWS managed policy `arn` as the account's IAM holds it; when it holds none yet
        (moto loads them only with ``MOTO_IAM_LOAD_MANAGED_POLICIES``), one made from moto's
        catalogue, or a stand-in with no statements when moto does not know it. Not added to
        the account until a role uses it (`apply`)."""
        held = self._iam.managed_policies.get(arn)
        if held is not None:
            return held
        from moto.iam.models import AWSManagedPolicy

        path_and_name = arn.split(":policy", 1)[1]
        path, _, name = path_and_name.rpartition("/")
        entry = aws_managed_policy(arn) or {
            "Path": f"{path}/",
            "Document": {"Version": "2012-10-17", "Statement": []},
            "CreateDate": "2015-02-06T18:39:46+00:00",
            "UpdateDate": "2015-02-06T18:39:46+00:00",
            "DefaultVersionId": "v1",
        }
        return AWSManagedPolicy.from_data(name, self._iam.account_id, self._iam.region_name, entry)

    def saml_provider(
        self, name_pattern: re.Pattern[str], new: Callable[[], tuple[str, str]]
    ) -> str:
        """The ARN of the account's SAML provider whose name matches `name_pattern`; when the
        account has none, one made as `new()` says: (name, SAML metadata document)."""
        for existing, provider in self._iam.saml_providers.items():
            if name_pattern.match(existing):
                return str(provider.arn)
        name, metadata = new()
        return str(self._iam.create_saml_provider(name, metadata).arn)

    def create_role(self, name: str, path: str, trust_policy: str, spec: RoleSpec) -> str:
        """Make a role holding `spec`; its moto role id."""
        role = self._iam.create_role(
            role_name=name,
            assume_role_policy_document=trust_policy,
            path=path,
            permissions_boundary=None,
            description=spec.description,
            tags=[],
            max_session_duration=str(spec.max_session_seconds),
        )
        self.apply(str(role.id), spec)
        return str(role.id)

    def role_name(self, role_id: str) -> str:
        return str(self._iam.roles[role_id].name)

    def apply(self, role_id: str, spec: RoleSpec) -> None:
        """Make the role hold `spec`, touching only what differs."""
        role = self._iam.roles[role_id]
        for arn in [arn for arn in role.managed_policies if arn not in spec.policies]:
            role.managed_policies[arn].detach_from(role)
        for arn, policy in spec.policies.items():
            if arn not in role.managed_policies:
                self._register(policy)
                policy.attach_to(role)
        current_inline = role.policies.get(spec.inline_name)
        if spec.inline is None and current_inline is not None:
            role.delete_policy(spec.inline_name)
        elif spec.inline is not None and spec.inline != current_inline:
            role.put_policy(spec.inline_name, spec.inline)
        if spec.boundary is not None:
            self._register(spec.boundary)
        role.permissions_boundary_arn = spec.boundary.arn if spec.boundary is not None else None
        role.description = spec.description
        role.max_session_duration = str(spec.max_session_seconds)

    def delete_role(self, role_id: str) -> None:
        """Delete the role with its policies (nothing if it is gone already)."""
        role = self._iam.roles.get(role_id)
        if role is None:
            return
        for policy in list(role.managed_policies.values()):
            policy.detach_from(role)
        for name in list(role.policies):
            role.delete_policy(name)
        role.permissions_boundary_arn = None
        self._iam.delete_role(role.name)

    def _register(self, policy: Any) -> None:
        """Make an AWS managed policy found by `aws_managed_policy` part of the account."""
        if policy.arn not in self._iam.managed_policies:
            self._iam.managed_policies[policy.arn] = policy
            self._iam.aws_managed_policies.append(policy)


# --- the identity store ------------------------------------------------------------------------


class IdentityStore:
    """The users, groups and memberships of one identity store in moto's identitystore."""

    def __init__(self, store: Any) -> None:
        self._store = store

    def has_user(self, user_id: str) -> bool:
        return user_id in self._store.users

    def has_group(self, group_id: str) -> bool:
        return group_id in self._store.groups

    def groups_of(self, user_id: str) -> list[str]:
        """Ids of the groups the user belongs to, in the order the memberships were made.

        From an index of the store's memberships by user, made again only when they changed:
        a scan of every membership on each ListAccountAssignmentsForPrincipal of a user would
        cost in proportion to the whole directory.
        """
        return list(_groups_by_user(self._store).get(user_id, ()))


def _groups_by_user(store: Any) -> dict[str, list[str]]:
    """User id -> its groups' ids, of one of moto's identity stores (cached per store).

    moto keeps memberships in an insertion-ordered dict under fresh random ids and changes
    them only by adding and deleting (the API has no update), so its size and its newest key
    together tell whether it changed since the index was made.
    """
    memberships: dict[str, Any] = store.group_memberships
    version = (len(memberships), next(reversed(memberships), None))
    cached = _MEMBER_INDEX.get(store)
    if cached is not None and cached[0] == version:
        return cached[1]
    index: dict[str, list[str]] = {}
    for membership in memberships.values():
        user = (membership.get("MemberId") or {}).get("UserId")
        if user is not None:
            index.setdefault(user, []).append(membership["GroupId"])
    _MEMBER_INDEX[store] = (version, index)
    return index


#: moto identity store -> (the version of its memberships, user id -> group ids)
_MEMBER_INDEX: weakref.WeakKeyDictionary[Any, tuple[tuple[int, Any], dict[str, list[str]]]] = (
    weakref.WeakKeyDictionary()
)


def identity_store(account_id: str, region: str, store_id: str) -> IdentityStore | None:
    """The identity store `store_id` of an account and Region in moto, if it exists."""
    store = service_backend("identitystore", account_id, region).identity_stores.get(store_id)
    return None if store is None else IdentityStore(store)
