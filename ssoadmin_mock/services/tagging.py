"""TagResource, UntagResource, ListTagsForResource for every taggable resource.

The ARN says what kind of resource it names (``instance``, ``permissionSet``,
``application``, ``trustedTokenIssuer``); the domain that owns that kind is handed to this
service as a finder when the backend is built. Tags live in the backend's one `TagStore`,
which the owning domains also write when they create or delete a resource.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .. import ids
from ..exceptions import ResourceNotFoundException
from ..operations import Listing, operation
from ..tags import TagStore
from .account import Body
from .instances import Instances

#: raises `ResourceNotFoundException` unless the ARN names an existing resource
Finder = Callable[[str], object]


class Tagging:
    def __init__(self, store: TagStore, instances: Instances) -> None:
        self.store = store
        self.instances = instances
        #: ARN kind -> the owning domain's finder (`register`)
        self._finders: dict[str, Finder] = {"instance": instances.get}

    def register(self, finders: Mapping[str, Finder]) -> None:
        """Make resources of these ARN kinds taggable, found by the given finders."""
        self._finders.update(finders)

    def require_taggable(self, resource_arn: str, instance_arn: str | None) -> None:
        """Raise unless `resource_arn` names an existing taggable resource (in `instance_arn`)."""
        parsed = ids.parse_arn(resource_arn)
        finder = None if parsed is None else self._finders.get(parsed.kind)
        if finder is None:
            raise ResourceNotFoundException(f"Resource {resource_arn} does not exist.")
        if instance_arn is not None:
            self.instances.get(instance_arn)
            if ids.instance_arn_of(resource_arn) != instance_arn:
                raise ResourceNotFoundException(
                    f"Resource {resource_arn} does not exist in instance {instance_arn}."
                )
        finder(resource_arn)

    @operation("TagResource")
    def tag(
        self, resource_arn: str, tags: list[dict[str, str]], instance_arn: str | None = None
    ) -> Body:
        self.require_taggable(resource_arn, instance_arn)
        self.store.add(resource_arn, tags)
        return {}

    @operation("UntagResource")
    def untag(
        self, resource_arn: str, tag_keys: list[str], instance_arn: str | None = None
    ) -> Body:
        self.require_taggable(resource_arn, instance_arn)
        self.store.remove(resource_arn, tag_keys)
        return {}

    @operation("ListTagsForResource")
    def list(
        self, resource_arn: str, instance_arn: str | None = None
    ) -> Listing[tuple[int, dict[str, str]]]:
        self.require_taggable(resource_arn, instance_arn)
        numbered = list(enumerate(self.store.list(resource_arn)))
        return Listing(numbered, _tag, key=_position, scope=(resource_arn,))


def _tag(pair: tuple[int, dict[str, str]]) -> dict[str, str]:
    return pair[1]


def _position(pair: tuple[int, dict[str, str]]) -> int:
    return pair[0]
