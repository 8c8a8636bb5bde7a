"""moto's side of this package's resource types: one `CloudFormationModel` subclass per type.

moto's CloudFormation finds a type among the subclasses of its `CloudFormationModel` and
calls its class methods; each class made here is a thin adapter that hands every step to its
type's `Spec`. A change of a property that needs replacement makes a new resource and keeps
the old one (`replaced`) for the update's cleanup phase (`ssoadmin_mock.moto_bridge`).
"""

from __future__ import annotations

from typing import Any

from .. import moto_bridge
from ..moto_bridge import CloudFormationModel
from .handler import Api, Identifiers, Properties, Spec, check_properties


def adapter(spec: Spec, class_name: str) -> type[CloudFormationModel]:
    """The class moto's CloudFormation finds for `spec`'s type (a `CloudFormationModel`)."""

    class Resource(CloudFormationModel):
        """One resource of a stack: what it was made from and its identifiers."""

        def __init__(self, api: Api, properties: Properties, identifiers: Identifiers) -> None:
            self.api = api
            self.properties = properties
            self.identifiers = identifiers
            #: the resource this one replaced, deleted in the update's cleanup phase
            self.replaced: Resource | None = None
            self.deleted = False
            #: an update of it failed part way: what it holds is not `properties`
            self.stale = False
            self.logical_resource_id = api.logical_id
            self.cf_resource_type = spec.type_name

        @staticmethod
        def cloudformation_name_type() -> str:
            return ""

        @staticmethod
        def cloudformation_type() -> str:
            return spec.type_name

        @classmethod
        def has_cfn_attr(cls, attr: str) -> bool:
            return attr in spec.attributes

        @classmethod
        def create_from_cloudformation_json(
            cls,
            resource_name: str,
            cloudformation_json: dict[str, Any],
            account_id: str,
            region_name: str,
            **kwargs: Any,
        ) -> Resource:
            api = Api(account_id, region_name, str(kwargs.get("LogicalId") or ""), spec.service)
            return cls._made(api, dict(cloudformation_json.get("Properties") or {}))

        @classmethod
        def _made(cls, api: Api, properties: Properties) -> Resource:
            check_properties(spec, properties, api.logical_id)
            return cls(api, properties, spec.create(api, properties))

        @classmethod
        def update_from_cloudformation_json(
            cls,
            original_resource: Resource,
            new_resource_name: str,
            cloudformation_json: dict[str, Any],
            account_id: str,
            region_name: str,
        ) -> Resource:
            return original_resource.refreshed(dict(cloudformation_json.get("Properties") or {}))

        @classmethod
        def delete_from_cloudformation_json(
            cls,
            resource_name: str,
            cloudformation_json: dict[str, Any],
            account_id: str,
            region_name: str,
        ) -> None:
            raise RuntimeError(f"{spec.type_name} {resource_name} is deleted by its resource")

        def refreshed(self, properties: Properties) -> Resource:
            """This resource with `properties`: itself, updated in place, or its replacement
            (when a property that needs replacement changed, or the type updates nothing)."""
            if properties == self.properties and not self.stale:
                return self
            check_properties(spec, properties, self.api.logical_id)
            replace = spec.update is None or any(
                properties.get(name) != self.properties.get(name) for name in spec.create_only
            )
            if replace:
                replacement = type(self)._made(self.api, properties)
                replacement.replaced = self
                return replacement
            assert spec.update is not None
            # after a failed update the resource is partly changed: the next one sets all
            self.stale, previous = True, ({} if self.stale else self.properties)
            spec.update(self.api, self.identifiers, previous, properties)
            self.properties, self.stale = properties, False
            return self

        def delete(self, account_id: str, region_name: str) -> None:
            if not self.deleted:
                spec.delete(self.api, self.identifiers)
                self.deleted = True

        @property
        def physical_resource_id(self) -> str:
            return "|".join(self.identifiers[name] for name in spec.identifier)

        def get_cfn_attribute(self, attribute_name: str) -> Any:
            read = spec.attributes.get(attribute_name)
            if read is None:
                raise moto_bridge.unknown_attribute_error()
            return read(self.api, self.identifiers)

        def is_created(self) -> bool:
            return True

    Resource.__name__ = Resource.__qualname__ = class_name
    Resource.__doc__ = f"``{spec.type_name}`` in moto's CloudFormation."
    moto_bridge.track_model(Resource, "Resource")
    return Resource
