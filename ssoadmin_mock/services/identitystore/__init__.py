"""The identity store (boto3 client ``identitystore``), served by this package.

Every operation of the installed botocore ``identitystore`` model, through the same
dispatcher, validator, paginator, faults and IAM authorization as sso-admin. The state is
one `Directory` per identity store, the one an instance's ``IdentityStoreId`` names
(`store.IdentityStores`); `users`, `groups` and `memberships` are the services whose
handlers read and change it, each handed the `IdentityStores` by the composition root
(`ssoadmin_mock.backend`), in the same backend as sso-admin's services: one world, one
account lock, one snapshot. `attributes` reads the attribute paths of UpdateUser,
UpdateGroup, GetUserId/GetGroupId and the deprecated ``Filters``.

AWS sources: the AWS Identity Store API reference (each operation's page, cited next to
the code that follows it) and the IAM Identity Center user guide.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ...operations import operation
from ...service import IDENTITYSTORE

F = TypeVar("F", bound=Callable[..., Any])


def identitystore_operation(name: str, **fixed: Any) -> Callable[[F], F]:
    """``@identitystore_operation("CreateUser")``: a handler of an identitystore operation."""
    return operation(name, service=IDENTITYSTORE, **fixed)
