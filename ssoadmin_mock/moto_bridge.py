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
import sys
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
