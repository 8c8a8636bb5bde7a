"""The indexes of account assignments and the logs of their statuses, per instance.

Assignments are kept in indexes (by account and permission set, by principal, by principal
and account) whose entries are lists in creation order, so creating, deleting and listing
cost work proportional to the page, whatever the number of assignments stored. Statuses are
indexed per instance by request id and by status value.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Generic, Protocol, TypeVar

from ..jsontext import NOT_ENCODED, UNCHANGING, Encoded, remembering
from ..statuses import AssignmentStatus
from .account import Body

#: (account id, permission set ARN, principal type, principal id)
AssignmentKey = tuple[str, str, str, str]


class _Sequenced(Protocol):
    @property
    def seq(self) -> int: ...


S = TypeVar("S", bound=_Sequenced)
K = TypeVar("K", bound=Hashable)


#: an item's creation sequence (a C-level getter: every bisect and sort calls it)
seq_of: Callable[[_Sequenced], int] = attrgetter("seq")


class IndexMap(Generic[K, S]):
    """Key -> its items in creation order (increasing ``seq``), as a plain list that the
    paginator cuts pages from. Adding the newest item is an append, removing it a pop,
    anything else a bisect; a key whose list empties is dropped.

    Plain lists, not an object per key: most keys (a principal, a principal in an account)
    hold one or two items, and a wrapper would cost an object and a call for each.
    """

    __slots__ = ("by_key",)

    def __init__(self) -> None:
        self.by_key: dict[K, list[S]] = {}

    def add(self, key: K, item: S) -> None:
        items = self.by_key.get(key)
        if items is None:
            self.by_key[key] = [item]
        elif items[-1].seq < item.seq:
            items.append(item)
        else:
            insort(items, item, key=seq_of)

    def discard(self, key: K, item: S) -> None:
        items = self.by_key.get(key)
        if items is None:
            return
        if items[-1] is item:
            items.pop()
        else:
            position = bisect_left(items, item.seq, key=seq_of)
            if position < len(items) and items[position] is item:
                del items[position]
        if not items:
            del self.by_key[key]

    def items_of(self, key: K) -> list[S]:
        return self.by_key.get(key) or []


@dataclass(eq=False, slots=True)
class Assignment:
    """One principal's access to one account through one permission set."""

    account_id: str
    permission_set_arn: str
    principal_type: str
    principal_id: str
    seq: int
    #: the text its List operations last showed it as (an assignment never changes)
    encoded: Encoded = field(default=NOT_ENCODED, repr=False)

    def body(self) -> Body:
        """The assignment as both AccountAssignment shapes show it."""
        return {
            "AccountId": self.account_id,
            "PermissionSetArn": self.permission_set_arn,
            "PrincipalType": self.principal_type,
            "PrincipalId": self.principal_id,
        }


#: `Assignment.body` as JSON text, kept by each assignment
listed_assignment = remembering(Assignment.body, UNCHANGING)


class StatusLog:
    """The creation (or deletion) statuses of one instance, by request id and by status."""

    def __init__(self) -> None:
        self.by_id: dict[str, AssignmentStatus] = {}
        #: every status in request order (each is recorded when made, with the newest seq)
        self.every: list[AssignmentStatus] = []
        self.by_status: IndexMap[str, AssignmentStatus] = IndexMap()

    def record(self, status: AssignmentStatus) -> None:
        """Keep a new request's status (its seq is the newest yet)."""
        self.by_id[status.request_id] = status
        self.every.append(status)
        self.by_status.add(status.status, status)

    def settle(self, status: AssignmentStatus, reason: str | None) -> None:
        """Write a request's final status (reason None: it succeeded)."""
        self.by_status.discard(status.status, status)
        status.settle(reason)
        self.by_status.add(status.status, status)

    def listing(self, wanted: str | None) -> list[AssignmentStatus]:
        """Statuses in request order, all or only those with status `wanted`."""
        return self.every if wanted is None else self.by_status.items_of(wanted)


class InstanceAssignments:
    """Every assignment and assignment status of one instance."""

    def __init__(self) -> None:
        self.assignments: dict[AssignmentKey, Assignment] = {}
        self.by_target: IndexMap[tuple[str, str], Assignment] = IndexMap()
        self.by_principal: IndexMap[tuple[str, str], Assignment] = IndexMap()
        self.by_principal_account: IndexMap[tuple[str, str, str], Assignment] = IndexMap()
        self.creations = StatusLog()
        self.deletions = StatusLog()

    def add(self, assignment: Assignment) -> None:
        a = assignment
        self.assignments[(a.account_id, a.permission_set_arn, a.principal_type, a.principal_id)] = a
        self.by_target.add((a.account_id, a.permission_set_arn), a)
        self.by_principal.add((a.principal_type, a.principal_id), a)
        self.by_principal_account.add((a.principal_type, a.principal_id, a.account_id), a)

    def remove(self, assignment: Assignment) -> None:
        a = assignment
        del self.assignments[(a.account_id, a.permission_set_arn, a.principal_type, a.principal_id)]
        self.by_target.discard((a.account_id, a.permission_set_arn), a)
        self.by_principal.discard((a.principal_type, a.principal_id), a)
        self.by_principal_account.discard((a.principal_type, a.principal_id, a.account_id), a)

    def count_in(self, account_id: str, permission_set_arn: str) -> int:
        """How many assignments the set has in the account."""
        return len(self.by_target.items_of((account_id, permission_set_arn)))

    def of_principal(
        self, principal_type: str, principal_id: str, account_id: str | None
    ) -> list[Assignment]:
        if account_id is None:
            return self.by_principal.items_of((principal_type, principal_id))
        return self.by_principal_account.items_of((principal_type, principal_id, account_id))
