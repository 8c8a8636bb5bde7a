"""The clock of sign-in: token, code and credential lifetimes are measured on it.

Each Region has one, shared by its accounts (`services.oidc.SignInRegion`, reset with the
backends). It reads the wall clock plus an offset that tests move
forward (`Clock.advance`, or `ssoadmin_mock.portal.advance_clock`) to see tokens and device
codes expire without waiting; nothing else in the mock reads it.
"""

from __future__ import annotations

import time


class Clock:
    """Epoch seconds: the wall clock, `advance`d by tests."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        """Move the clock forward by `seconds` (never back)."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        self.offset += seconds
