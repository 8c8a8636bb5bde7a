"""What the statuses of asynchronous requests share (account assignments, provisioning).

Each request answers at once with an ``IN_PROGRESS`` status and a request id; the async
engine later settles it ``SUCCEEDED``, or ``FAILED`` with a reason. Status lists show the
same three members for every kind.
"""

from __future__ import annotations

import unicodedata
from typing import Protocol

from .base import Body

IN_PROGRESS = "IN_PROGRESS"
SUCCEEDED = "SUCCEEDED"
FAILED = "FAILED"


def printable_reason(reason: str | None) -> str | None:
    """A failure reason the model's ``Reason`` pattern accepts: letters, marks, separators,
    symbols, numbers and punctuation only (control characters become spaces)."""
    if reason is None:
        return None
    return "".join(" " if unicodedata.category(c).startswith("C") else c for c in reason)


class RequestStatus(Protocol):
    """A request's status (a dataclass in the domain module that makes the request)."""

    request_id: str
    status: str
    created_date: float
    failure_reason: str | None


def status_metadata(status: RequestStatus) -> Body:
    """The status as status lists show it (the ``…OperationStatusMetadata`` shapes)."""
    return {
        "Status": status.status,
        "RequestId": status.request_id,
        "CreatedDate": status.created_date,
    }


def settle_status(status: RequestStatus, reason: str | None) -> None:
    """Write the final status (reason None: the request succeeded)."""
    status.status = FAILED if reason else SUCCEEDED
    status.failure_reason = printable_reason(reason)
