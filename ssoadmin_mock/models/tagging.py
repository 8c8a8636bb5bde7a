"""TagResource, UntagResource, ListTagsForResource for every taggable resource.

The ARN says what kind of resource it names; the domain that owns that kind finds it
(``_find_<kind>_by_arn``). Tags live in the backend's one `TagStore`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .. import ids
from ..exceptions import ResourceNotFoundException
from .base import Body
from .instances import InstancesMixin

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def _snake(kind: str) -> str:
    return _CAMEL.sub("_", kind).lower()


class TaggingMixin(InstancesMixin):
    def require_taggable(self, resource_arn: str, instance_arn: str | None) -> None:
        """Raise unless `resource_arn` names an existing taggable resource (in `instance_arn`)."""
        parsed = ids.parse_arn(resource_arn)
        finder: Callable[[str], object] | None = None
        if parsed is not None:
            finder = getattr(self, f"_find_{_snake(parsed.kind)}_by_arn", None)
        if parsed is None or finder is None:
            raise ResourceNotFoundException(f"Resource {resource_arn} does not exist.")
        if instance_arn is not None:
            self._find_instance_by_arn(instance_arn)
            if ids.instance_arn_of(resource_arn) != instance_arn:
                raise ResourceNotFoundException(
                    f"Resource {resource_arn} does not exist in instance {instance_arn}."
                )
        finder(resource_arn)

    def tag_resource(
        self, resource_arn: str, tags: list[dict[str, str]], instance_arn: str | None = None
    ) -> Body:
        self.require_taggable(resource_arn, instance_arn)
        self.tags.add(resource_arn, tags)
        return {}

    def untag_resource(
        self, resource_arn: str, tag_keys: list[str], instance_arn: str | None = None
    ) -> Body:
        self.require_taggable(resource_arn, instance_arn)
        self.tags.remove(resource_arn, tag_keys)
        return {}

    def list_tags_for_resource(
        self, resource_arn: str, instance_arn: str | None = None, next_token: str | None = None
    ) -> Body:
        self.require_taggable(resource_arn, instance_arn)
        numbered = list(enumerate(self.tags.list(resource_arn)))
        return self.list_page(
            "ListTagsForResource",
            "Tags",
            numbered,
            lambda pair: pair[1],
            key=lambda pair: pair[0],
            max_results=None,
            next_token=next_token,
            selectors=(resource_arn,),
        )
