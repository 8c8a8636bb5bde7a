"""Trusted token issuers (issue 6)."""

from __future__ import annotations

from .tagging import TaggingMixin


class TrustedTokenIssuersMixin(TaggingMixin):
    """Operations of this domain (not built yet)."""
