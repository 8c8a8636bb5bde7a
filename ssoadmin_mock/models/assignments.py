"""Account assignments and their statuses (issue 4)."""

from __future__ import annotations

from .tagging import TaggingMixin


class AssignmentsMixin(TaggingMixin):
    """Operations of this domain (not built yet)."""
