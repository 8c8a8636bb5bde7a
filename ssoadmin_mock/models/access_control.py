"""Attribute-based access control configuration of an instance (issue 6)."""

from __future__ import annotations

from .tagging import TaggingMixin


class AccessControlMixin(TaggingMixin):
    """Operations of this domain (not built yet)."""
