"""Which method serves which operation: `@operation("CreateInstance")` on a service method.

Every operation of a service model the package serves has exactly one handler, registered
by name when its class is defined (``tests/test_operations.py`` walks the installed models
and checks it). The dispatcher finds handlers here and nowhere else: no method is looked up
by a name built at run time.

A handler takes the request's members as snake_case keyword arguments (as botocore names
them); a catch-all ``**members`` takes those it does not name, under the model's names (the
members it keeps as they came: CreateUser's attributes). It returns the response body. One
function may serve twin operations, each registration giving it its own fixed keyword
arguments::

    @operation("DescribeAccountAssignmentCreationStatus", kind=CREATION)
    @operation("DescribeAccountAssignmentDeletionStatus", kind=DELETION)
    def describe_status(self, instance_arn: str, request_id: str, kind: str) -> Body: ...

A handler of another service names it: ``@operation("CreateUser", service="identitystore")``
(the registry is keyed by service and operation).

The handler of a List operation (one whose input takes ``NextToken``) returns a `Listing`:
what it lists, in listing order. The dispatcher pages it (``MaxResults`` bounds from the
model, tokens sealed to the query) and renders the page under the output's one list member.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, NamedTuple, TypeVar, cast

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

Body = dict[str, Any]


SSO_ADMIN = "sso-admin"


class Registration(NamedTuple):
    """One operation's handler: `function` of the service class `owner`."""

    operation: str
    owner: type
    function: Callable[..., Any]
    #: keyword arguments this registration always passes (twin operations)
    fixed: Mapping[str, Any]
    #: the botocore service the operation belongs to
    service: str = SSO_ADMIN


_REGISTRY: dict[tuple[str, str], Registration] = {}


def handler(operation: str, service: str = SSO_ADMIN) -> Registration | None:
    """The registered handler of `operation` of `service`, if any."""
    return _REGISTRY.get((service, operation))


def registrations(service: str = SSO_ADMIN) -> dict[str, Registration]:
    """Every registered operation of `service` -> its handler (a copy)."""
    return {name: found for (owner, name), found in _REGISTRY.items() if owner == service}


class _Marked:
    """A method marked by `operation` until its class is made; then registered and replaced
    by the plain function (`__set_name__` runs once, when the class body is done)."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        self.marks: list[tuple[str, str, dict[str, Any]]] = []

    def __set_name__(self, owner: type, name: str) -> None:
        for service, operation_name, fixed in self.marks:
            earlier = _REGISTRY.get((service, operation_name))
            if earlier is not None and _where(earlier.owner) != _where(owner):
                raise TypeError(
                    f"{operation_name} has two handlers: {earlier.owner.__qualname__}."
                    f"{earlier.function.__name__} and {owner.__qualname__}.{name}"
                )
            _REGISTRY[service, operation_name] = Registration(
                operation_name, owner, self.function, fixed, service
            )
        setattr(owner, name, self.function)


def _where(owner: type) -> tuple[str, str]:
    # by name, so a module imported again (importlib.reload) registers its class again
    return owner.__module__, owner.__qualname__


def operation(name: str, *, service: str = SSO_ADMIN, **fixed: Any) -> Callable[[F], F]:
    """Register the decorated service method as the handler of operation `name` of
    `service` (a botocore service name)."""

    def mark(function: F) -> F:
        marked = function if isinstance(function, _Marked) else _Marked(function)
        marked.marks.append((service, name, fixed))
        return cast(F, marked)

    return mark


def _seq(item: Any) -> Any:
    return item.seq


@dataclass(slots=True)
class Listing(Generic[T]):
    """What a List operation lists: `items` in listing order, by a `key` that increases along
    it (the creation sequence by default), each shown as `render` makes it. `scope` holds the
    arguments that chose the items, so a page token is honoured only by the same query."""

    #: a sequence, or a collection iterating in listing order (a dict's values)
    items: Collection[T]
    render: Callable[[T], Any]
    key: Callable[[T], Any] = field(default=_seq)
    scope: tuple[Any, ...] = ()
    #: the compact JSON text of ``render(item)``, for items that remember it while they are
    #: unchanged (`ssoadmin_mock.jsontext`): an answer over HTTP joins these texts; None:
    #: every item is rendered and encoded
    encoded: Callable[[T], str] | None = None
    #: an empty page leaves the list member out (AWS's answer for some operations), rather
    #: than answering it as ``[]``
    omit_when_empty: bool = False
    #: what reading a page does, called with its items once the page is cut (a refused
    #: token reads nothing) and before they are written, answering the items to write: a
    #: List of statuses is a read of each status it shows (`asyncstatus`), and one that the
    #: read settled is left out of a page of statuses still in progress
    on_read: Callable[[list[T]], list[T]] | None = None
