"""Applications, providers, application assignments, scopes, authentication methods, grants (issue 5)."""

from __future__ import annotations

from .tagging import TaggingMixin


class ApplicationsMixin(TaggingMixin):
    """Operations of this domain (not built yet)."""
