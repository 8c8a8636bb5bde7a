"""Attribute-based access control (ABAC) of an instance: Create, Describe, Update and
Delete InstanceAccessControlAttributeConfiguration.

An instance has at most one configuration: a second Create is refused with
`ConflictException`; Describe, Update and Delete of an instance without one answer
`ResourceNotFoundException`.

Life cycle. Creation is asynchronous: AWS tells callers to "call
DescribeInstanceAccessControlAttributeConfiguration to validate that
InstanceAccessControlAttributeConfiguration was created" (the model's documentation of
CreateInstanceAccessControlAttributeConfiguration), and the status enum is
``CREATION_IN_PROGRESS`` / ``ENABLED`` / ``CREATION_FAILED``. So Create goes through the async
engine under the operation name ``CreateInstanceAccessControlAttributeConfiguration``: the
configuration is ``CREATION_IN_PROGRESS`` until the engine settles it (each Describe counts as
one read of the status), then ``ENABLED``, or ``CREATION_FAILED`` with the failure as
``StatusReason`` (``settings.async_status.fail(<that operation>, reason)``). Update and Delete
have no in-progress status in the model and take effect at once; both are refused
(`ConflictException`) while creation is in progress, and Update of a configuration whose
creation failed is refused too (delete it and create it again).

Attributes. Update replaces the whole attribute list. Keys must be unique in a request, compared
without regard to case (`ValidationException`): the attributes reach AWS as session tags, and STS
documents that "Tag key-value pairs are not case sensitive ... you cannot have separate Department
and department tag keys" (AssumeRole, Tags). The list size (0 to 50), key and source lengths and
patterns, and the single source per attribute are checked by the model's validator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..asyncstatus import AsyncTask
from ..exceptions import ConflictException, ResourceNotFoundException, ValidationException
from ..operations import operation
from .account import AccountStore, Body, copy_body
from .instances import Instances

ENABLED = "ENABLED"
CREATION_IN_PROGRESS = "CREATION_IN_PROGRESS"
CREATION_FAILED = "CREATION_FAILED"

CREATE_OPERATION = "CreateInstanceAccessControlAttributeConfiguration"

Attributes = list[dict[str, Any]]


@dataclass
class AccessControlConfiguration:
    """The ABAC configuration of one instance."""

    instance_arn: str
    attributes: Attributes
    status: str = CREATION_IN_PROGRESS
    status_reason: str | None = None
    task: AsyncTask | None = field(default=None, repr=False)

    def describe(self) -> Body:
        body: Body = {
            "Status": self.status,
            "InstanceAccessControlAttributeConfiguration": {
                "AccessControlAttributes": copy_body(self.attributes)
            },
        }
        if self.status_reason:
            body["StatusReason"] = self.status_reason
        return body


class AccessControl:
    """The ABAC configurations of the instances of one account and Region."""

    def __init__(self, account: AccountStore, instances: Instances) -> None:
        self.instances = instances
        self.engine = account.engine
        #: instance ARN -> its configuration
        self.configurations: dict[str, AccessControlConfiguration] = {}

    # --- operations ----------------------------------------------------------------------

    @operation("CreateInstanceAccessControlAttributeConfiguration")
    def create(
        self, instance_arn: str, instance_access_control_attribute_configuration: dict[str, Any]
    ) -> Body:
        instance = self.instances.get(instance_arn)
        attributes = _checked_attributes(instance_access_control_attribute_configuration)
        existing = self.configurations.get(instance.arn)
        if existing is not None:
            raise ConflictException(
                f"Instance {instance.arn} already has an attribute-based access control "
                f"configuration ({existing.status}); update it, or delete it first."
            )
        configuration = AccessControlConfiguration(instance.arn, attributes)
        self.configurations[instance.arn] = configuration

        def finish(reason: str | None) -> None:
            configuration.status = CREATION_FAILED if reason else ENABLED
            configuration.status_reason = reason

        configuration.task = self.engine.submit(CREATE_OPERATION, lambda: None, finish)
        return {}

    @operation("DescribeInstanceAccessControlAttributeConfiguration")
    def describe(self, instance_arn: str) -> Body:
        configuration = self._configuration_of(instance_arn)
        if configuration.task is not None:
            self.engine.observe(configuration.task)
        return configuration.describe()

    @operation("UpdateInstanceAccessControlAttributeConfiguration")
    def update(
        self, instance_arn: str, instance_access_control_attribute_configuration: dict[str, Any]
    ) -> Body:
        configuration = self._configuration_of(instance_arn)
        attributes = _checked_attributes(instance_access_control_attribute_configuration)
        if configuration.status != ENABLED:
            raise ConflictException(_not_enabled_message(configuration, "updated"))
        configuration.attributes = attributes
        return {}

    @operation("DeleteInstanceAccessControlAttributeConfiguration")
    def delete(self, instance_arn: str) -> Body:
        configuration = self._configuration_of(instance_arn)
        if configuration.status == CREATION_IN_PROGRESS:
            raise ConflictException(_not_enabled_message(configuration, "deleted"))
        del self.configurations[configuration.instance_arn]
        return {}

    def drop_instance(self, instance_arn: str) -> None:
        """Forget the configuration of a deleted instance."""
        self.configurations.pop(instance_arn, None)

    # --- helpers -------------------------------------------------------------------------

    def _configuration_of(self, instance_arn: str) -> AccessControlConfiguration:
        """The configuration of an ACTIVE instance, else ResourceNotFound."""
        instance = self.instances.get(instance_arn)
        configuration = self.configurations.get(instance.arn)
        if configuration is None:
            raise ResourceNotFoundException(
                f"Instance {instance.arn} has no attribute-based access control configuration."
            )
        return configuration


def _checked_attributes(configuration: dict[str, Any]) -> Attributes:
    """A copy of the request's attributes, refusing keys given twice (ignoring case)."""
    attributes: Attributes = configuration["AccessControlAttributes"]
    seen: dict[str, str] = {}
    for attribute in attributes:
        key = attribute["Key"]
        earlier = seen.get(key.casefold())
        if earlier is not None:
            same = "twice" if earlier == key else f"twice ('{earlier}' and '{key}')"
            raise ValidationException(
                f"Access control attribute key '{key}' is given {same}; keys must be unique, "
                "and they are compared without regard to case."
            )
        seen[key.casefold()] = key
    return [
        {"Key": attribute["Key"], "Value": {"Source": list(attribute["Value"]["Source"])}}
        for attribute in attributes
    ]


def _not_enabled_message(configuration: AccessControlConfiguration, verb: str) -> str:
    if configuration.status == CREATION_IN_PROGRESS:
        return (
            f"The attribute-based access control configuration of instance "
            f"{configuration.instance_arn} is still being created; it cannot be {verb} until "
            "DescribeInstanceAccessControlAttributeConfiguration shows it ENABLED."
        )
    return (
        f"The attribute-based access control configuration of instance "
        f"{configuration.instance_arn} failed to be created ({configuration.status_reason}); "
        f"it cannot be {verb}: delete it and create it again."
    )
