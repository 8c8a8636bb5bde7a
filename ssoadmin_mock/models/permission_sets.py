"""Permission sets, their policies and provisioning (issue 3)."""

from __future__ import annotations

from .tagging import TaggingMixin


class PermissionSetsMixin(TaggingMixin):
    """Operations of this domain (not built yet)."""
