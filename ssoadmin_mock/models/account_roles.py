"""The IAM roles AWS makes in target accounts for provisioned permission sets (issue 4)."""

from __future__ import annotations

from .tagging import TaggingMixin


class AccountRolesMixin(TaggingMixin):
    """Operations of this domain (not built yet)."""
