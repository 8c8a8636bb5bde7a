"""The status of an asynchronous request (account assignment creation and deletion,
permission set provisioning): one record type for every kind.

Each request answers at once with an ``IN_PROGRESS`` status and a request id; the async
engine later settles it ``SUCCEEDED``, or ``FAILED`` with a reason. Status lists show the
same three members for every kind (the ``…OperationStatusMetadata`` shapes); each kind's
subclass adds the members of its own status shape.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Protocol, TypeVar

from .asyncstatus import AsyncEngine, AsyncTask
from .jsontext import NOT_ENCODED, Encoded, remembering

Body = dict[str, Any]

IN_PROGRESS = "IN_PROGRESS"
SUCCEEDED = "SUCCEEDED"
FAILED = "FAILED"


def printable_reason(reason: str | None) -> str | None:
    """A failure reason the model's ``Reason`` pattern accepts: letters, marks, separators,
    symbols, numbers and punctuation only (control characters become spaces)."""
    if reason is None:
        return None
    return "".join(" " if unicodedata.category(c).startswith("C") else c for c in reason)


@dataclass(eq=False, slots=True)
class RequestStatus:
    """One asynchronous request and how it ended (its kind's fields come first, positionally,
    in the subclass; the life-cycle fields are keyword-only)."""

    request_id: str
    created_date: float
    seq: int
    status: str = field(default=IN_PROGRESS, kw_only=True)
    failure_reason: str | None = field(default=None, kw_only=True)
    task: AsyncTask | None = field(default=None, repr=False, kw_only=True)
    #: the text a status list last showed it as (`metadata` changes only with `status`)
    encoded: Encoded = field(default=NOT_ENCODED, repr=False, kw_only=True)

    def settle(self, reason: str | None) -> None:
        """Write the final status (reason None: the request succeeded)."""
        self.status = FAILED if reason else SUCCEEDED
        self.failure_reason = printable_reason(reason)

    def metadata(self) -> Body:
        """The status as status lists show it."""
        return {
            "Status": self.status,
            "RequestId": self.request_id,
            "CreatedDate": self.created_date,
        }


#: `RequestStatus.metadata` as JSON text, kept by each status until it settles
listed_metadata = remembering(RequestStatus.metadata, attrgetter("status"))


class _Tracked(Protocol):
    """What has a status that asynchronous work settles: a request's, an instance's."""

    @property
    def status(self) -> str: ...

    @property
    def task(self) -> AsyncTask | None: ...


S = TypeVar("S", bound=_Tracked)


def read_statuses(engine: AsyncEngine, wanted: str | None, page: list[S]) -> list[S]:
    """A page of a List of statuses (or of instances), read (`Listing.on_read`): a read of
    each status on it (`AsyncEngine.observe_each`), as a Describe is of its one; those the
    read settled are left out of a List of one status (``Filter={"Status":
    "IN_PROGRESS"}``)."""
    engine.observe_each(status.task for status in page)
    if wanted is None:
        return page
    return [status for status in page if status.status == wanted]


@dataclass(eq=False, slots=True)
class AssignmentStatus(RequestStatus):
    """A CreateAccountAssignment or DeleteAccountAssignment request."""

    target_id: str
    permission_set_arn: str
    principal_type: str
    principal_id: str

    def body(self) -> Body:
        """The AccountAssignmentOperationStatus shape."""
        body: Body = {
            "Status": self.status,
            "RequestId": self.request_id,
            "TargetId": self.target_id,
            "TargetType": "AWS_ACCOUNT",
            "PermissionSetArn": self.permission_set_arn,
            "PrincipalType": self.principal_type,
            "PrincipalId": self.principal_id,
            "CreatedDate": self.created_date,
        }
        if self.failure_reason:
            body["FailureReason"] = self.failure_reason
        return body


@dataclass(eq=False, slots=True)
class ProvisioningStatus(RequestStatus):
    """A ProvisionPermissionSet request (`account_id` None: every provisioned account)."""

    instance_arn: str
    permission_set_arn: str
    account_id: str | None

    def body(self) -> Body:
        """The PermissionSetProvisioningStatus shape."""
        body: Body = {
            "Status": self.status,
            "RequestId": self.request_id,
            "PermissionSetArn": self.permission_set_arn,
            "CreatedDate": self.created_date,
        }
        if self.account_id is not None:
            body["AccountId"] = self.account_id
        if self.failure_reason:
            body["FailureReason"] = self.failure_reason
        return body
