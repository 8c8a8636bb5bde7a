"""The sso-admin backend of one account and region, composed from the domain modules."""

from __future__ import annotations

from typing import Any

from moto.core.base_backend import BackendDict

from .access_control import AccessControlMixin
from .account_roles import AccountRolesMixin
from .applications import ApplicationsMixin
from .assignments import AssignmentsMixin
from .permission_set_policies import PermissionSetPoliciesMixin
from .permission_sets import PermissionSetsMixin
from .provisioning import ProvisioningMixin
from .regions import RegionsMixin
from .trusted_token_issuers import TrustedTokenIssuersMixin


class SSOAdminBackend(
    AssignmentsMixin,
    AccountRolesMixin,
    PermissionSetPoliciesMixin,
    ProvisioningMixin,
    PermissionSetsMixin,
    ApplicationsMixin,
    TrustedTokenIssuersMixin,
    AccessControlMixin,
    RegionsMixin,
):
    """All sso-admin state of one account in one region.

    Reach it from a test with `ssoadmin_mock.get_backend(account_id, region)`.
    """

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.ensure_default_instance()

    @property
    def _url_module(self) -> Any:
        from .. import urls

        return urls


ssoadmin_backends: BackendDict[SSOAdminBackend] = BackendDict(SSOAdminBackend, "sso-admin")


def account_backends(account_id: str) -> list[SSOAdminBackend]:
    """The backends an account has in use, without creating any."""
    regions = dict.get(ssoadmin_backends, account_id)
    return list(dict.values(regions)) if regions else []


def get_backend(account_id: str = "123456789012", region: str = "us-east-1") -> SSOAdminBackend:
    """The backend for an account and region, for assertions in tests."""
    return ssoadmin_backends[account_id][region]
