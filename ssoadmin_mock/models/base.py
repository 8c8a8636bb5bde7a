"""What every domain module of the backend shares.

`BackendBase` holds the per-account-and-region plumbing (lock, tag store, idempotency store,
async engine, paginator and List-body helpers). Each domain (instances, permission sets,
assignments, applications, ...) is a mixin subclassing it that keeps its own state and defines the
backend methods of its operations: one method per operation, named as botocore names the
client method (``create_permission_set``), taking the request's members as snake_case
keyword arguments and returning the response body as a dict.

Conventions every domain follows:

- A resource that tags can name exposes ``_find_<kind>_by_arn(arn)`` (``kind`` in snake case:
  ``instance``, ``permission_set``, ``application``, ``trusted_token_issuer``), raising
  `ResourceNotFoundException` when absent; the tagging module uses it.
- State that hangs off an instance is dropped by a method decorated ``@on_instance_deleted``.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, TypeVar

from moto.core.base_backend import BaseBackend

from .. import pagination, service
from ..idempotency import IdempotencyStore
from ..ids import partition_for
from ..services.account import AccountStore
from ..services.instances import Instance, Instances
from ..tags import TagStore

T = TypeVar("T")
Body = dict[str, Any]

_HOOK = "_ssoadmin_on_instance_deleted"


def on_instance_deleted(method: Callable[[Any, str], None]) -> Callable[[Any, str], None]:
    """Mark a backend method to be called with an instance's ARN when that instance goes."""
    setattr(method, _HOOK, True)
    return method


def now() -> float:
    """Timestamps are kept as epoch seconds, as the JSON protocol sends them."""
    return time.time()


class BackendBase(BaseBackend):
    """Plumbing shared by the domain mixins of one account and region."""

    account: AccountStore
    instances: Instances

    _instance_hooks: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names = []
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if getattr(value, _HOOK, False) and name not in names:
                    names.append(name)
        cls._instance_hooks = tuple(names)

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.partition = partition_for(region_name)
        #: the account's lock and engine (`SSOAdminBackend` sets ``account`` first)
        self.lock = self.account.lock
        #: changes on every reset, so pagination tokens of an earlier state are refused
        self.generation = uuid.uuid4().hex
        self.tags = TagStore()
        self.idempotency = IdempotencyStore()
        self.engine = self.account.engine

    def get_instance(self, instance_arn: str, *, allow_pending: bool = False) -> Instance:
        """The instance (`Instances.get`), for the domains not yet moved to services."""
        return self.instances.get(instance_arn, allow_pending=allow_pending)

    def paginate(
        self,
        operation: str,
        items: Sequence[T],
        *,
        key: Callable[[T], Any],
        max_results: int | None,
        next_token: str | None,
        selectors: tuple[Any, ...] = (),
    ) -> tuple[list[T], str | None]:
        """One page of `items` for `operation`, scoped to this backend and the query."""

        def scope() -> str:  # built only when a token is read or issued
            return f"{self.generation}|{operation}|" + "|".join(map(str, selectors))

        return pagination.paginate(
            items,
            key=key,
            max_results=max_results,
            next_token=next_token,
            scope=scope,
            page_limit=service.page_size_limit(operation),
        )

    def list_page(
        self,
        operation: str,
        member: str,
        items: Sequence[T],
        render: Callable[[T], Any],
        *,
        key: Callable[[T], Any],
        max_results: int | None,
        next_token: str | None,
        selectors: tuple[Any, ...] = (),
    ) -> Body:
        """The response body of a List operation: one page of `items` under `member`.

        Pages through `paginate` (same arguments, same rules), renders each item of the page
        with `render`, and adds ``NextToken`` only when there is a next page (AWS omits it on
        the last one). A body with more members is built from this one.
        """
        page, token = self.paginate(
            operation,
            items,
            key=key,
            max_results=max_results,
            next_token=next_token,
            selectors=selectors,
        )
        body: Body = {member: [render(item) for item in page]}
        if token:
            body["NextToken"] = token
        return body

    def instance_deleted(self, instance_arn: str) -> None:
        """Drop everything that hangs off a deleted instance."""
        for name in self._instance_hooks:
            getattr(self, name)(instance_arn)

    def settle_all(self) -> None:
        """Finish every pending asynchronous status of this backend now."""
        with self.lock:
            self.engine.settle_all()
