"""ISO-8601 durations and the session-duration limits of permission sets.

A permission set's ``SessionDuration`` is an ISO-8601 duration (shape ``Duration`` of the
model, whose pattern is the grammar read here) from one to twelve hours, one hour when not
set (CreatePermissionSet; *Set session duration for AWS accounts* in the IAM Identity Center
User Guide). The IAM role a provisioned set becomes always has the top of that range as its
``MaxSessionDuration`` (`MAX_SESSION_SECONDS`; `services.account_roles`); a sign-in session's
credentials last the set's own duration (`session_seconds`; `services.portal`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import service
from .exceptions import ValidationException

DEFAULT_SESSION_DURATION = "PT1H"
DEFAULT_SESSION_SECONDS = 3600  # PT1H
MIN_SESSION_SECONDS = 3600  # PT1H
MAX_SESSION_SECONDS = 12 * 3600  # PT12H


@lru_cache(maxsize=1)
def _duration_pattern() -> re.Pattern[str]:
    """The model's ISO-8601 duration pattern (shape ``Duration``), whose groups are read."""
    return re.compile(service.service_model().shape_for("Duration").metadata["pattern"])


@lru_cache(maxsize=512)
def duration_seconds(duration: str) -> float | None:
    """Seconds in an ISO-8601 duration as the model writes them; None if it is not one.

    Years and months have no fixed length; they are counted as 365 and 30 days, which only
    matters to say such a duration is far above PT12H. Remembered: the same few durations
    come in request after request.
    """
    match = _duration_pattern().fullmatch(duration)
    if match is None:
        return None
    sign, years, months, count, unit, hours, minutes, seconds = match.groups()
    total = int(years or 0) * 365 * 86400 + int(months or 0) * 30 * 86400
    if count:
        total += int(count) * (7 * 86400 if unit == "W" else 86400)
    total += int(hours or 0) * 3600 + int(minutes or 0) * 60
    value = total + float(seconds or 0)
    return -value if sign else value


def check_session_duration(duration: str) -> str:
    """Refuse a SessionDuration outside PT1H..PT12H (ValidationException)."""
    seconds = duration_seconds(duration)
    if seconds is None or not MIN_SESSION_SECONDS <= seconds <= MAX_SESSION_SECONDS:
        raise ValidationException(
            f"SessionDuration '{duration}' is not valid: it must be an ISO-8601 duration "
            "from PT1H to PT12H."
        )
    return duration


def session_seconds(duration: str | None) -> int:
    """A ``SessionDuration`` (``PT1H``, ``PT1H30M``) in seconds, within IAM's range: how long
    the role credentials of a sign-in last. Absent (or not a duration) means one hour, the
    permission-set default."""
    seconds = duration_seconds(duration) if duration else None
    if seconds is None:
        return DEFAULT_SESSION_SECONDS
    return max(MIN_SESSION_SECONDS, min(MAX_SESSION_SECONDS, int(seconds)))
