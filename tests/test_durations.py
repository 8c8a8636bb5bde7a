"""ISO-8601 durations and the session-duration limits (`ssoadmin_mock.durations`)."""

from __future__ import annotations

import pytest

from ssoadmin_mock.durations import (
    DEFAULT_SESSION_DURATION,
    check_session_duration,
    duration_seconds,
    session_seconds,
)
from ssoadmin_mock.exceptions import ValidationException


def test_duration_seconds_reads_every_part() -> None:
    assert duration_seconds("PT1H") == 3600
    assert duration_seconds("P1DT1H1M1S") == 86400 + 3661
    assert duration_seconds("P2W") == 14 * 86400
    assert duration_seconds("-PT1H") == -3600
    assert duration_seconds("PT0.5S") == 0.5
    assert duration_seconds("1H") is None


def test_the_default_is_one_hour() -> None:
    assert duration_seconds(DEFAULT_SESSION_DURATION) == 3600
    assert session_seconds(None) == 3600


@pytest.mark.parametrize("duration", ["PT1H", "PT12H", "PT11H59M59.5S", "P0DT4H"])
def test_check_session_duration_accepts_one_to_twelve_hours(duration: str) -> None:
    assert check_session_duration(duration) == duration


@pytest.mark.parametrize("duration", ["PT59M", "PT12H1S", "-PT2H", "P1W", "2 hours"])
def test_check_session_duration_refuses_the_rest(duration: str) -> None:
    with pytest.raises(ValidationException, match="from PT1H to PT12H"):
        check_session_duration(duration)


@pytest.mark.parametrize(
    ("duration", "seconds"),
    [("PT90M", 5400), ("PT0.5S", 3600), ("-PT2H", 3600), ("P1W", 43200), ("1H", 3600)],
)
def test_session_seconds_stays_in_iam_range(duration: str, seconds: int) -> None:
    assert session_seconds(duration) == seconds
