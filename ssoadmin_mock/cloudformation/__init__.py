"""IAM Identity Center in CloudFormation: the ``AWS::SSO::*`` and ``AWS::IdentityStore::*``
resource types, for moto's stacks.

Every type of the CloudFormation template reference for IAM Identity Center (AWS
CloudFormation Template Reference, "AWS IAM Identity Center": Instance, PermissionSet,
Assignment, InstanceAccessControlAttributeConfiguration, Application, ApplicationAssignment)
and for its identity store ("AWS Identity Store": Group, GroupMembership) is created, updated
and deleted by moto's CloudFormation (``create_stack``, ``update_stack``, ``delete_stack``,
change sets) through the service's API itself: each step is one operation run by
`ssoadmin_mock.responses.call`, with the validator, faults and handlers a client's request
gets, so a bad property fails the stack with the error the API would give.

What each type does follows its resource provider schema (the CloudFormation registry's
``aws-sso-*`` schemas): the properties it takes, which ones need replacement
(``createOnlyProperties``), what ``Ref`` returns (the ``primaryIdentifier``, joined with ``|``
when it has several parts: AWS Cloud Control API User Guide, "Identifying resources") and the
``Fn::GetAtt`` attributes (``readOnlyProperties``). Like CloudFormation, a resource waits for
asynchronous work (instances, assignments, provisioning, attribute configurations) to finish,
and fails with the work's reason when it ends FAILED. A failed resource removes what it half
made; the stack's rollback is `ssoadmin_mock.moto_bridge`'s (the one module that reaches into
moto).

Layout: `handler` (the API as a handler calls it, waits, failures, `Spec`), one module per
area with each type's `Spec` (`instances`, `permission_sets`, `assignments`,
`applications`, `identitystore`), and `adapter` (moto's side: one `CloudFormationModel`
class per type).
"""

from __future__ import annotations

from .. import moto_bridge
from ..moto_bridge import CloudFormationModel
from .adapter import adapter
from .applications import APPLICATION, APPLICATION_ASSIGNMENT
from .assignments import ASSIGNMENT
from .identitystore import GROUP, GROUP_MEMBERSHIP
from .instances import ACCESS_CONTROL, INSTANCE
from .permission_sets import PERMISSION_SET

__all__ = ["RESOURCE_TYPES", "register"]


InstanceResource = adapter(INSTANCE, "InstanceResource")
PermissionSetResource = adapter(PERMISSION_SET, "PermissionSetResource")
AssignmentResource = adapter(ASSIGNMENT, "AssignmentResource")
AccessControlResource = adapter(ACCESS_CONTROL, "AccessControlResource")
ApplicationResource = adapter(APPLICATION, "ApplicationResource")
ApplicationAssignmentResource = adapter(APPLICATION_ASSIGNMENT, "ApplicationAssignmentResource")
GroupResource = adapter(GROUP, "GroupResource")
GroupMembershipResource = adapter(GROUP_MEMBERSHIP, "GroupMembershipResource")


#: type name -> the class moto's CloudFormation uses for it
RESOURCE_TYPES: dict[str, type[CloudFormationModel]] = {
    resource.cloudformation_type(): resource
    for resource in (
        InstanceResource,
        PermissionSetResource,
        AssignmentResource,
        AccessControlResource,
        ApplicationResource,
        ApplicationAssignmentResource,
        GroupResource,
        GroupMembershipResource,
    )
}


def register() -> None:
    """Make moto's CloudFormation deploy the types (they exist once this module is imported;
    moto's cached list of types is refreshed in case it was made before)."""
    moto_bridge.refresh_cloudformation_types()
