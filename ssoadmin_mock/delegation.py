"""Delegated administration: a member account that an organization's management account
registered as IAM Identity Center's delegated administrator (organizations'
``RegisterDelegatedAdministrator`` with ``sso.amazonaws.com``) administers the organization
instance.

As on AWS:

- the delegated administrator's ListInstances shows the organization instance, owned by the
  management account, beside any instance of its own ("Neither the delegated administrator
  nor member account can delete the organization instance, but those roles can delete their
  own instance", DeleteInstance); the mock gives it no organization instance of its own;
- a request naming the organization instance (its ARN, an ARN inside it, or its identity
  store) is served from the management account's state: the organization's permission sets,
  assignments and identity store, as the management account sees them;
- it may not do what only the management account can, and is refused with
  ``AccessDeniedException`` "User: <caller> is not authorized to perform: sso:<Operation> on
  resource: <ARN>": delete the organization instance; assign or remove access in the
  management account; change a permission set provisioned in the management account, or
  assign or remove it in any account (LZA deploying from a delegated administrator account:
  "... is not authorized to perform: sso:CreateAccountAssignment on resource:
  arn:aws:sso:::permissionSet/ssoins-.../ps-...", awslabs/landing-zone-accelerator-on-aws#215,
  "expected" for a set assigned in the management account, #293; updating such a set or
  assigning it to another account fails "with a completely unhelpful error around access
  denied", #274; the same for every account once the set is assigned there,
  fivexl/terraform-aws-sso-elevator#101 and aws-samples/iam-identity-center-team#59).

Who is a delegated administrator is moto's organizations' record (`moto_bridge`); the
dispatcher asks `serving_account` which account's state serves a request, and
`refuse_management_work` what the delegated administrator may not do there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from operator import attrgetter
from typing import Any

from . import ids, moto_bridge, service
from .exceptions import AccessDeniedException
from .services.account import AccountStore
from .services.identitystore.store import store_id_of
from .services.instances import Instance
from .services.permission_sets import PermissionSet

#: the service principal organizations registers IAM Identity Center's delegated
#: administrator for
SERVICE_PRINCIPAL = "sso.amazonaws.com"

#: (account id, Region) -> that account's store, the account started in that Region (its
#: default instance made on its first request, as `SSOAdminBackend.begin_request` does)
StartedStore = Callable[[str, str], AccountStore]

#: the operations that only read (the rest change something)
_READS = ("Describe", "List", "Get")
_TAG_CHANGES = frozenset({"TagResource", "UntagResource"})


def management_account(account_id: str) -> str | None:
    """The management account whose organization instance `account_id` administers as its
    delegated administrator, or None."""
    return moto_bridge.delegating_account(account_id, SERVICE_PRINCIPAL)


def administered_instances(
    account_id: str, region: str, stores: StartedStore
) -> list[tuple[Instance, AccountStore]]:
    """The organization instances `account_id` administers as delegated administrator (the
    management account's organization instance, or none), each with its account's store."""
    owner = management_account(account_id)
    if owner is None:
        return []
    store = stores(owner, region)
    return [(i, store) for i in _organization_instances(store)]


def _organization_instances(store: AccountStore) -> list[Instance]:
    """The organization instances a management account's store holds (read outside its
    lock: copied in one step first)."""
    return [i for i in tuple(store.instances.values()) if i.organization_instance]


def serving_account(
    account: AccountStore,
    account_id: str,
    region: str,
    params: Mapping[str, Any],
    served: str,
    stores: StartedStore,
) -> str | None:
    """The management account whose state serves this request of `account_id` (whose store
    is `account`): when `account_id` is its delegated administrator and the request names
    its organization instance. None: the caller's own state serves it."""
    if served not in _ROUTED:
        return None
    owner = management_account(account_id)
    if owner is None:
        return None
    named = _named(params, served)
    if named is None:  # ListInstances, CreateInstance...: the caller's own
        return None
    name_of = _STORE_ID if served == service.IDENTITYSTORE else _ARN
    # both stores are read outside their locks: each copied in one step first
    if any(name_of(i) == named for i in tuple(account.instances.values())):
        return None
    if any(name_of(i) == named for i in _organization_instances(stores(owner, region))):
        return owner
    return None


#: what an identitystore request names an instance by, and what an sso-admin one does
_STORE_ID: Callable[[Instance], str] = attrgetter("identity_store_id")
_ARN: Callable[[Instance], str] = attrgetter("arn")


#: the services whose requests name an instance (the portal's and OIDC's name none)
_ROUTED = frozenset({service.SSO_ADMIN, service.IDENTITYSTORE})


def _named(params: Mapping[str, Any], served: str) -> str | None:
    """The instance ARN an sso-admin request names (``InstanceArn``, else the instance of
    the first sso ARN among its ``*Arn`` members), or the store id an identitystore
    request's ``IdentityStoreId`` names (the id, or the store's ARN)."""
    if served == service.IDENTITYSTORE:
        store = params.get("IdentityStoreId")
        return store_id_of(store) if isinstance(store, str) else None
    instance = params.get("InstanceArn")
    if isinstance(instance, str):
        return instance
    for member, value in params.items():
        if member.endswith("Arn") and isinstance(value, str):
            parsed = ids.parse_arn(value)
            if parsed is None:
                continue
            instance_id = parsed.instance_id
            # an application provider's ARN (``applicationProvider/custom``) names none
            if instance_id is not None and instance_id.startswith(("ssoins-", "ins-")):
                return ids.instance_arn(parsed.partition, instance_id)
    return None


def refuse_management_work(
    operation: str,
    params: Mapping[str, Any],
    permission_set: Callable[[str], PermissionSet | None],
    owner: str,
    principal: Callable[[], str],
) -> None:
    """Refuse (``AccessDeniedException``) what only the management account `owner` may do,
    asked by its delegated administrator (`principal`: the caller's ARN, made only for a
    refusal); `permission_set` finds a permission set of the organization by its ARN."""
    if operation == "DeleteInstance":
        _refuse(principal, operation, str(params.get("InstanceArn")))
    if operation.startswith(_READS):
        return
    arn = params.get("PermissionSetArn")
    if operation in _TAG_CHANGES:
        arn = params.get("ResourceArn")
    if not isinstance(arn, str) or ":permissionSet/" not in arn:
        return
    targets_owner = params.get("TargetType") == "AWS_ACCOUNT" and params.get("TargetId") == owner
    found = permission_set(arn)
    if targets_owner or (found is not None and owner in found.provisioned):
        _refuse(principal, operation, arn)


def _refuse(principal: Callable[[], str], operation: str, resource: str) -> None:
    raise AccessDeniedException(
        f"User: {principal()} is not authorized to perform: sso:{operation} on resource: {resource}"
    )


__all__ = [
    "SERVICE_PRINCIPAL",
    "administered_instances",
    "management_account",
    "refuse_management_work",
    "serving_account",
]
