"""Instances: the default instance, CreateInstance rules, the status life cycle, tags."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ssoadmin_mock import get_backend, mock_ssoadmin, service, settings
from ssoadmin_mock.responses import dispatch

from .conftest import ACCOUNT, client
from .shapecheck import ShapeRecorder, body_errors

INSTANCE_ARN = re.compile(r"arn:aws:sso:::instance/ssoins-[0-9a-f]{16}")


@pytest.fixture
def empty(shape_recorder: ShapeRecorder) -> Iterator[Any]:
    """An sso-admin client in a world where accounts start with no instance."""
    with mock_ssoadmin(default_instance=False):
        yield shape_recorder.attach(client("sso-admin"))


def code(error: pytest.ExceptionInfo[ClientError]) -> str:
    return str(error.value.response["Error"]["Code"])


def test_every_account_starts_with_one_active_instance(sso: Any, identitystore: Any) -> None:
    instances = sso.list_instances()["Instances"]
    assert len(instances) == 1
    instance = instances[0]
    assert INSTANCE_ARN.fullmatch(instance["InstanceArn"])
    assert re.fullmatch(r"d-[0-9a-f]{10}", instance["IdentityStoreId"])
    assert instance["OwnerAccountId"] == ACCOUNT
    assert instance["Status"] == "ACTIVE"
    described = sso.describe_instance(InstanceArn=instance["InstanceArn"])
    assert described["EncryptionConfigurationDetails"]["KeyType"] == "AWS_OWNED_KMS_KEY"
    # the identity store is usable with moto's identitystore in the same account
    user = identitystore.create_user(
        IdentityStoreId=instance["IdentityStoreId"],
        UserName="alice",
        DisplayName="Alice",
        Name={"GivenName": "Alice", "FamilyName": "Liddell"},
    )
    users = identitystore.list_users(IdentityStoreId=instance["IdentityStoreId"])["Users"]
    assert [u["UserId"] for u in users] == [user["UserId"]]


def test_second_instance_is_a_conflict_that_names_the_switch(sso: Any, instance_arn: str) -> None:
    with pytest.raises(ClientError) as caught:
        sso.create_instance(Name="second")
    assert code(caught) == "ConflictException"
    message = caught.value.response["Error"]["Message"]
    assert instance_arn in message and "default_instance=False" in message
    assert len(sso.list_instances()["Instances"]) == 1


def test_one_instance_per_account_across_regions(empty: Any) -> None:
    empty.create_instance(Name="first")
    other_region = client("sso-admin", region="eu-west-1")
    with pytest.raises(ClientError) as caught:
        other_region.create_instance(Name="second")
    assert code(caught) == "ConflictException"
    assert "only one instance across all AWS Regions" in caught.value.response["Error"]["Message"]
    assert "default_instance" not in caught.value.response["Error"]["Message"]
    assert other_region.list_instances()["Instances"] == []


def test_create_describe_update_delete(empty: Any) -> None:
    assert empty.list_instances()["Instances"] == []
    arn = empty.create_instance(Name="corp", Tags=[{"Key": "team", "Value": "iam"}])["InstanceArn"]
    assert INSTANCE_ARN.fullmatch(arn)
    described = empty.describe_instance(InstanceArn=arn)
    assert (described["Name"], described["Status"]) == ("corp", "ACTIVE")
    assert empty.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "team", "Value": "iam"}
    ]
    empty.update_instance(InstanceArn=arn, Name="renamed")
    assert empty.describe_instance(InstanceArn=arn)["Name"] == "renamed"
    empty.delete_instance(InstanceArn=arn)
    with pytest.raises(ClientError) as caught:
        empty.describe_instance(InstanceArn=arn)
    assert code(caught) == "AccessDeniedException"
    assert empty.list_instances()["Instances"] == []
    # the account may have an instance again
    assert empty.create_instance(Name="again")["InstanceArn"] != arn


def test_a_retry_is_known_by_its_parameters_not_by_its_bytes(empty: Any) -> None:
    """A call is remembered by its body; a retry sending the same parameters written
    otherwise (other key order, spaces) is still the same call, and one with other
    parameters is still refused."""
    import json

    from ssoadmin_mock.responses import dispatch

    target = "SWBExternalService.CreateInstance"
    headers = {"X-Amz-Target": target}
    first = dispatch(
        target, b'{"Name":"corp","ClientToken":"t-2","Tags":[{"Key":"a","Value":"b"}]}', headers
    )
    again = dispatch(
        target,
        b'{"Tags": [{"Value": "b", "Key": "a"}], "ClientToken": "t-2", "Name": "corp"}',
        headers,
    )
    assert first[0] == again[0] == 200
    assert json.loads(again[2]) == json.loads(first[2])
    assert len(empty.list_instances()["Instances"]) == 1
    other = dispatch(target, b'{"Name":"corp","ClientToken":"t-2"}', headers)
    assert other[0] == 400 and b"IdempotentParameterMismatch" in other[2]


def test_client_token_makes_create_idempotent(empty: Any) -> None:
    first = empty.create_instance(Name="corp", ClientToken="token-1")["InstanceArn"]
    again = empty.create_instance(Name="corp", ClientToken="token-1")["InstanceArn"]
    assert again == first
    assert len(empty.list_instances()["Instances"]) == 1
    with pytest.raises(ClientError) as caught:
        empty.create_instance(Name="other", ClientToken="token-1")
    assert code(caught) == "ConflictException"
    assert "IdempotentParameterMismatch" in caught.value.response["Error"]["Message"]


def test_status_life_cycle_with_deferred_reads(shape_recorder: ShapeRecorder) -> None:
    with mock_ssoadmin(default_instance=False, async_reads=2):
        sso = shape_recorder.attach(client("sso-admin"))
        arn = sso.create_instance(Name="slow")["InstanceArn"]
        assert sso.list_instances()["Instances"][0]["Status"] == "CREATE_IN_PROGRESS"
        # While CREATE_IN_PROGRESS, only DescribeInstance and DeleteInstance are allowed.
        with pytest.raises(ClientError) as caught:
            sso.update_instance(InstanceArn=arn, Name="too-early")
        assert code(caught) == "ConflictException"
        with pytest.raises(ClientError) as caught:
            sso.tag_resource(ResourceArn=arn, Tags=[{"Key": "k", "Value": "v"}])
        assert code(caught) == "ConflictException"
        # ListInstances was the first read of the status; two more, and it is ACTIVE
        statuses = [sso.describe_instance(InstanceArn=arn)["Status"] for _ in range(3)]
        assert statuses == ["CREATE_IN_PROGRESS", "ACTIVE", "ACTIVE"]
        assert sso.describe_instance(InstanceArn=arn)["Name"] == "slow"
        sso.delete_instance(InstanceArn=arn)
        statuses = [sso.describe_instance(InstanceArn=arn)["Status"] for _ in range(2)]
        assert statuses == ["DELETE_IN_PROGRESS", "DELETE_IN_PROGRESS"]
        with pytest.raises(ClientError) as caught:
            sso.describe_instance(InstanceArn=arn)
        assert code(caught) == "AccessDeniedException"


def test_creation_can_be_made_to_fail(empty: Any) -> None:
    settings.async_status.fail("CreateInstance", "KMS key unavailable")
    arn = empty.create_instance(Name="doomed")["InstanceArn"]
    described = empty.describe_instance(InstanceArn=arn)
    assert described["Status"] == "CREATE_FAILED"
    assert described["StatusReason"] == "KMS key unavailable"


def test_encryption_configuration(sso: Any, instance_arn: str, raw_sso: Any) -> None:
    key = "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012"
    sso.update_instance(
        InstanceArn=instance_arn,
        EncryptionConfiguration={"KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": key},
    )
    details = sso.describe_instance(InstanceArn=instance_arn)["EncryptionConfigurationDetails"]
    assert details == {
        "KeyType": "CUSTOMER_MANAGED_KEY",
        "KmsKeyArn": key,
        "EncryptionStatus": "ENABLED",
    }
    for bad in (
        {"KeyType": "CUSTOMER_MANAGED_KEY"},
        {"KeyType": "AWS_OWNED_KMS_KEY", "KmsKeyArn": key},
    ):
        with pytest.raises(ClientError) as caught:
            sso.update_instance(
                InstanceArn=instance_arn, Name="changed", EncryptionConfiguration=bad
            )
        assert code(caught) == "ValidationException"
    described = sso.describe_instance(InstanceArn=instance_arn)
    assert "Name" not in described
    assert described["EncryptionConfigurationDetails"]["KmsKeyArn"] == key


def test_unknown_instance(sso: Any) -> None:
    missing = "arn:aws:sso:::instance/ssoins-0000000000000000"
    with pytest.raises(ClientError) as caught:
        sso.describe_instance(InstanceArn=missing)
    assert code(caught) == "AccessDeniedException"
    with pytest.raises(ClientError) as caught:
        sso.update_instance(InstanceArn=missing, Name="x")
    assert code(caught) == "ResourceNotFoundException"
    assert missing in caught.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as caught:
        sso.delete_instance(InstanceArn=missing)
    assert code(caught) == "AccessDeniedException"


def test_partition_follows_the_region(mock: Any) -> None:
    china = client("sso-admin", region="cn-north-1")
    arn = china.list_instances()["Instances"][0]["InstanceArn"]
    assert arn.startswith("arn:aws-cn:sso:::instance/ssoins-")


def test_default_instance_lives_in_the_first_region_used(mock: Any) -> None:
    first = client("sso-admin", region="eu-central-1")
    arn = first.list_instances()["Instances"][0]["InstanceArn"]
    assert client("sso-admin", region="us-west-2").list_instances()["Instances"] == []
    found = get_backend(ACCOUNT, "eu-central-1").instances.find(arn)
    assert found is not None and found.region == "eu-central-1"


def test_organization_management_account_cannot_create_an_instance(empty: Any) -> None:
    client("organizations").create_organization(FeatureSet="ALL")
    with pytest.raises(ClientError) as caught:
        empty.create_instance(Name="mgmt")
    assert code(caught) == "ValidationException"
    assert "management account" in caught.value.response["Error"]["Message"]
    assert empty.list_instances()["Instances"] == []


def test_member_accounts_of_an_organization_start_with_no_instance(mock: Any) -> None:
    """On AWS only the management account has the organization instance: a member account
    sees none ("created in or visible to the account calling this API", ListInstances)
    until it creates an account instance of its own."""
    from ssoadmin_mock import moto_bridge

    from .delegation_support import as_account, member

    management = client("sso-admin").list_instances()["Instances"]
    organizations = client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    workload, sandbox = member(organizations, "workload"), member(organizations, "sandbox")
    assert moto_bridge.organization_management_account(workload) == ACCOUNT
    assert moto_bridge.organization_management_account(ACCOUNT) is None  # not a member
    member_sso = as_account("sso-admin", workload)
    assert member_sso.list_instances()["Instances"] == []
    # the organization's own instance is the management account's, untouched
    assert client("sso-admin").list_instances()["Instances"] == management
    made = member_sso.create_instance(Name="team")["InstanceArn"]
    assert [i["InstanceArn"] for i in member_sso.list_instances()["Instances"]] == [made]
    # a member that leaves the organization is not given one afterwards
    sandbox_sso = as_account("sso-admin", sandbox)
    assert sandbox_sso.list_instances()["Instances"] == []
    organizations.remove_account_from_organization(AccountId=sandbox)
    assert moto_bridge.organization_management_account(sandbox) is None
    assert sandbox_sso.list_instances()["Instances"] == []


def test_list_instances_rejects_a_forged_token(sso: Any) -> None:
    with pytest.raises(ClientError) as caught:
        sso.list_instances(NextToken="Zm9yZ2Vk")
    assert code(caught) == "ValidationException"


# --- members newer botocore models add (1.44: RegionScope, PermissionSetsEnabled, ...) ------
#
# The mock serves whichever model is installed. Tests of a member the installed model lacks
# are skipped with the reason; the tests of how bodies follow the installed model run on both.

DESCRIBE_OUTPUT = service.output_members("DescribeInstance")
LISTED_OUTPUT = service.output_item_members("ListInstances", "Instances")
LIST_INPUT = frozenset(service.member_arguments("ListInstances"))
UPDATE_INPUT = frozenset(service.member_arguments("UpdateInstance"))

#: output members botocore 1.44 added to DescribeInstance / to ListInstances' items
NEWER_DESCRIBED = (
    "IdentityStoreArn",
    "PrimaryRegion",
    "Regions",
    "PermissionSetsEnabled",
    "NetworkConfigurationDetails",
)
NEWER_LISTED = ("IdentityStoreArn", "PrimaryRegion", "Regions")

#: DescribeInstance members the mock leaves out in some states, and when (the contract the
#: produced-or-optional test holds the model to)
OPTIONAL_DESCRIBED = {
    "Name": "only once the instance has a name (CreateInstance's Name is optional)",
    "StatusReason": "only with a reason for the status, e.g. CREATE_FAILED",
    "NetworkConfigurationDetails": "Present only after a network configuration has been set "
    "on the instance (DescribeInstance reference)",
}

VPC_HERE = f"arn:aws:ec2:us-east-1:{ACCOUNT}:vpc/vpc-0123456789abcdef0"
VPC_ELSEWHERE = "arn:aws:ec2:us-east-1:999988887777:vpc/vpc-0123abcd"
MRK_ARN = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/mrk-{'0123456789abcdef' * 2}"
FULL_NETWORK = {
    "VpceAccessRequired": True,
    "RestrictSourceVpcs": [VPC_HERE],
    "AllowSourceIps": ["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"],
    "ExcludeApplicationArns": [f"arn:aws:sso::{ACCOUNT}:application/ssoins-*/*"],
}


def unless_modeled(member: str, members: frozenset[str], where: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        member not in members,
        reason=f"the installed botocore's {where} has no {member} (botocore 1.44 adds it)",
    )


needs_region_scope = unless_modeled("RegionScope", LIST_INPUT, "ListInstances")
needs_permission_sets = unless_modeled("PermissionSetsEnabled", UPDATE_INPUT, "UpdateInstance")
needs_network = unless_modeled("NetworkConfiguration", UPDATE_INPUT, "UpdateInstance")
needs_regions_output = unless_modeled("Regions", DESCRIBE_OUTPUT, "DescribeInstance")


def raw_body(operation: str, params: dict[str, Any], region: str = "us-east-1") -> dict[str, Any]:
    """The JSON body the mock sends (botocore's parser would hide members it doesn't know)."""
    status, _, body = dispatch(
        f"SWBExternalService.{operation}",
        json.dumps(params),
        {},
        f"https://sso.{region}.amazonaws.com/",
    )
    assert status == 200, body
    assert body_errors(operation, body) == []
    result: dict[str, Any] = json.loads(body)
    return result


def refused(call: Any, **params: Any) -> str:
    """The code `call(**params)` is refused with; the refusal must change nothing."""
    backend = get_backend(ACCOUNT, "us-east-1")
    before = backend.snapshot()
    with pytest.raises(ClientError) as caught:
        call(**params)
    assert backend.snapshot() == before, "a refused call changed the backend"
    return code(caught)


def test_output_member_helpers_read_the_installed_model() -> None:
    model = service.operation_model("ListInstances").output_shape
    assert model is not None
    assert LISTED_OUTPUT == frozenset(model.members["Instances"].member.members)
    assert service.output_members("ListInstances") == frozenset(model.members)
    assert service.output_item_members("ListInstances", "NextToken") == frozenset()
    assert service.output_members("UpdateInstance") == frozenset()  # an empty output
    # cached: the same frozenset every call, no model walk per request
    assert service.output_members("DescribeInstance") is DESCRIBE_OUTPUT


def test_newer_members_are_sent_exactly_when_the_installed_model_declares_them(
    sso: Any, instance_arn: str
) -> None:
    if "NetworkConfiguration" in UPDATE_INPUT:
        sso.update_instance(InstanceArn=instance_arn, NetworkConfiguration=FULL_NETWORK)
    described = raw_body("DescribeInstance", {"InstanceArn": instance_arn})
    for member in NEWER_DESCRIBED:
        assert (member in described) == (member in DESCRIBE_OUTPUT), member
    (listed,) = raw_body("ListInstances", {})["Instances"]
    assert listed.keys() <= LISTED_OUTPUT
    for member in NEWER_LISTED:
        assert (member in listed) == (member in LISTED_OUTPUT), member


def test_every_described_member_is_produced_or_documented_optional(
    sso: Any, instance_arn: str
) -> None:
    """On the installed model, a fully configured instance answers every DescribeInstance
    member but those `OPTIONAL_DESCRIBED` documents."""
    sso.update_instance(InstanceArn=instance_arn, Name="configured")
    if "NetworkConfiguration" in UPDATE_INPUT:
        sso.update_instance(InstanceArn=instance_arn, NetworkConfiguration=FULL_NETWORK)
    produced = raw_body("DescribeInstance", {"InstanceArn": instance_arn}).keys()
    assert produced <= DESCRIBE_OUTPUT
    missing = DESCRIBE_OUTPUT - produced
    assert missing <= OPTIONAL_DESCRIBED.keys(), f"neither produced nor optional: {missing}"
    assert "StatusReason" in missing  # an ACTIVE instance has no reason to give
    assert all(OPTIONAL_DESCRIBED.values())


@needs_regions_output
def test_describe_and_list_show_identity_store_arn_primary_region_and_regions(
    sso: Any, instance: dict[str, Any]
) -> None:
    arn = instance["InstanceArn"]
    described = sso.describe_instance(InstanceArn=arn)
    store = instance["IdentityStoreId"]
    assert described["IdentityStoreArn"] == (
        f"arn:aws:identitystore::{ACCOUNT}:identitystore/{store}"
    )
    assert described["PrimaryRegion"] == "us-east-1"
    assert described["Regions"] == [
        {
            "RegionName": "us-east-1",
            "Status": "ACTIVE",
            "AddedDate": described["CreatedDate"],
            "IsPrimaryRegion": True,
        }
    ]
    for member in ("IdentityStoreArn", "PrimaryRegion", "Regions"):
        assert instance[member] == described[member]


@needs_regions_output
def test_regions_follow_add_region_and_describing_is_no_status_read(
    sso: Any, instance_arn: str
) -> None:
    sso.update_instance(
        InstanceArn=instance_arn,
        EncryptionConfiguration={"KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": MRK_ARN},
    )
    settings.async_status.defer(reads=1)
    sso.add_region(InstanceArn=instance_arn, RegionName="eu-west-1")

    def statuses() -> list[tuple[str, str, bool]]:
        regions = sso.describe_instance(InstanceArn=instance_arn)["Regions"]
        return [(r["RegionName"], r["Status"], r["IsPrimaryRegion"]) for r in regions]

    adding = [("us-east-1", "ACTIVE", True), ("eu-west-1", "ADDING", False)]
    assert statuses() == adding
    assert statuses() == adding  # DescribeInstance does not count as a read of AddRegion
    assert sso.describe_region(InstanceArn=instance_arn, RegionName="eu-west-1")["Status"] == (
        "ADDING"
    )
    sso.describe_region(InstanceArn=instance_arn, RegionName="eu-west-1")
    assert statuses() == [("us-east-1", "ACTIVE", True), ("eu-west-1", "ACTIVE", False)]
    listed = sso.list_instances()["Instances"][0]["Regions"]
    assert listed == sso.list_regions(InstanceArn=instance_arn)["Regions"]


# --- ListInstances.RegionScope ---------------------------------------------------------------


@needs_region_scope
def test_region_scope_current_region_is_the_default(sso: Any, instance_arn: str) -> None:
    ireland = client("sso-admin", region="eu-west-1")
    assert ireland.list_instances()["Instances"] == []
    assert ireland.list_instances(RegionScope="CURRENT_REGION")["Instances"] == []
    here = sso.list_instances(RegionScope="CURRENT_REGION")["Instances"]
    assert [i["InstanceArn"] for i in here] == [instance_arn]


@needs_region_scope
def test_region_scope_all_regions_lists_the_account_instances_everywhere(
    sso: Any, instance_arn: str, shape_recorder: ShapeRecorder
) -> None:
    ireland = shape_recorder.attach(client("sso-admin", region="eu-west-1"))
    (listed,) = ireland.list_instances(RegionScope="ALL_REGIONS")["Instances"]
    assert listed["InstanceArn"] == instance_arn
    assert listed["PrimaryRegion"] == "us-east-1"
    assert [r["RegionName"] for r in listed["Regions"]] == ["us-east-1"]
    # another account's instance is not listed
    with pytest.MonkeyPatch.context() as patched:
        patched.setenv("MOTO_ACCOUNT_ID", "210987654321")
        (theirs,) = ireland.list_instances(RegionScope="ALL_REGIONS")["Instances"]
    assert theirs["OwnerAccountId"] == "210987654321"
    assert theirs["InstanceArn"] != instance_arn


@needs_region_scope
def test_region_scope_all_regions_pages_and_binds_its_token(sso: Any, instance_arn: str) -> None:
    """AWS lets an account own one instance, but lists instances shared with it too; two are
    put in two Regions' backends directly to page across Regions."""
    ireland_backend = get_backend(ACCOUNT, "eu-west-1")
    second = ireland_backend.instances._new_instance("second", default=False)
    second.status = "ACTIVE"
    ireland_backend.account.instances[second.arn] = second
    ireland = client("sso-admin", region="eu-west-1")
    first_page = ireland.list_instances(RegionScope="ALL_REGIONS", MaxResults=1)
    assert [i["InstanceArn"] for i in first_page["Instances"]] == [instance_arn]
    token = first_page["NextToken"]
    with pytest.raises(ClientError) as caught:
        ireland.list_instances(RegionScope="CURRENT_REGION", MaxResults=1, NextToken=token)
    assert code(caught) == "ValidationException"
    last = ireland.list_instances(RegionScope="ALL_REGIONS", MaxResults=1, NextToken=token)
    assert [i["InstanceArn"] for i in last["Instances"]] == [second.arn]
    assert last["Instances"][0]["PrimaryRegion"] == "eu-west-1"
    assert "NextToken" not in last
    here = ireland.list_instances()["Instances"]
    assert [i["InstanceArn"] for i in here] == [second.arn]


# --- UpdateInstance.PermissionSetsEnabled ----------------------------------------------------


@needs_permission_sets
def test_organization_instance_has_permission_sets(sso: Any, instance_arn: str) -> None:
    assert sso.describe_instance(InstanceArn=instance_arn)["PermissionSetsEnabled"] is True
    sso.update_instance(InstanceArn=instance_arn, PermissionSetsEnabled=True)
    assert sso.describe_instance(InstanceArn=instance_arn)["PermissionSetsEnabled"] is True


@needs_permission_sets
def test_account_instance_enables_permission_sets_for_good(empty: Any) -> None:
    arn = empty.create_instance(Name="team")["InstanceArn"]
    assert empty.describe_instance(InstanceArn=arn)["PermissionSetsEnabled"] is False
    assert (
        refused(empty.update_instance, InstanceArn=arn, PermissionSetsEnabled=False)
        == "ValidationException"
    )
    empty.update_instance(InstanceArn=arn, PermissionSetsEnabled=True, Name="renamed")
    described = empty.describe_instance(InstanceArn=arn)
    assert (described["PermissionSetsEnabled"], described["Name"]) == (True, "renamed")
    assert (
        refused(empty.update_instance, InstanceArn=arn, PermissionSetsEnabled=False)
        == "ValidationException"
    )
    assert empty.describe_instance(InstanceArn=arn)["PermissionSetsEnabled"] is True


@needs_permission_sets
@needs_network
def test_one_of_encryption_permission_sets_and_network_per_request(empty: Any) -> None:
    arn = empty.create_instance(Name="team")["InstanceArn"]
    key = {"KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": MRK_ARN}
    combinations: list[dict[str, Any]] = [
        {"EncryptionConfiguration": key, "PermissionSetsEnabled": True},
        {"EncryptionConfiguration": key, "NetworkConfiguration": FULL_NETWORK},
        {"PermissionSetsEnabled": True, "NetworkConfiguration": FULL_NETWORK},
    ]
    for extra in combinations:
        error = refused(empty.update_instance, InstanceArn=arn, Name="x", **extra)
        assert error == "ValidationException", extra
    described = empty.describe_instance(InstanceArn=arn)
    assert described["Name"] == "team"
    assert described["PermissionSetsEnabled"] is False
    assert "NetworkConfigurationDetails" not in described
    assert described["EncryptionConfigurationDetails"]["KeyType"] == "AWS_OWNED_KMS_KEY"


# --- UpdateInstance.NetworkConfiguration -----------------------------------------------------


@needs_network
def test_network_configuration_is_stored_and_replaced_whole(sso: Any, instance_arn: str) -> None:
    assert "NetworkConfigurationDetails" not in sso.describe_instance(InstanceArn=instance_arn)

    def details() -> dict[str, Any]:
        result: dict[str, Any] = sso.describe_instance(InstanceArn=instance_arn)[
            "NetworkConfigurationDetails"
        ]
        return result

    sso.update_instance(InstanceArn=instance_arn, NetworkConfiguration=FULL_NETWORK)
    assert details() == FULL_NETWORK
    sso.update_instance(InstanceArn=instance_arn, Name="renamed")  # omitted: preserved
    assert details() == FULL_NETWORK
    sso.update_instance(
        InstanceArn=instance_arn,
        NetworkConfiguration={"VpceAccessRequired": True, "AllowSourceIps": ["10.0.0.0/8"]},
    )
    assert details() == {"VpceAccessRequired": True, "AllowSourceIps": ["10.0.0.0/8"]}
    sso.update_instance(
        InstanceArn=instance_arn,
        NetworkConfiguration={"VpceAccessRequired": True, "AllowSourceIps": []},
    )
    assert details() == {"VpceAccessRequired": True}  # an empty list clears


@needs_network
def test_vpce_access_not_required_clears_the_lists(sso: Any, instance_arn: str) -> None:
    sso.update_instance(InstanceArn=instance_arn, NetworkConfiguration=FULL_NETWORK)
    sso.update_instance(
        InstanceArn=instance_arn, NetworkConfiguration={**FULL_NETWORK, "VpceAccessRequired": False}
    )
    described = sso.describe_instance(InstanceArn=instance_arn)
    assert described["NetworkConfigurationDetails"] == {"VpceAccessRequired": False}


@needs_network
def test_account_instance_allows_only_its_own_account_vpcs(empty: Any) -> None:
    arn = empty.create_instance(Name="team")["InstanceArn"]
    for vpc in (VPC_ELSEWHERE, f"arn:aws-cn:ec2:cn-north-1:{ACCOUNT}:vpc/vpc-0123abcd"):
        network = {"VpceAccessRequired": True, "RestrictSourceVpcs": [VPC_HERE, vpc]}
        error = refused(empty.update_instance, InstanceArn=arn, NetworkConfiguration=network)
        assert error == "ValidationException"
    assert "NetworkConfigurationDetails" not in empty.describe_instance(InstanceArn=arn)
    own = {"VpceAccessRequired": True, "RestrictSourceVpcs": [VPC_HERE]}
    empty.update_instance(InstanceArn=arn, NetworkConfiguration=own)
    assert empty.describe_instance(InstanceArn=arn)["NetworkConfigurationDetails"] == own


@needs_network
def test_organization_instance_allows_vpcs_of_its_organization(sso: Any, instance_arn: str) -> None:
    # without an organization modeled in moto, the mock cannot tell members: any account
    outsider = {"VpceAccessRequired": True, "RestrictSourceVpcs": [VPC_ELSEWHERE]}
    sso.update_instance(InstanceArn=instance_arn, NetworkConfiguration=outsider)
    organizations = client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    status = organizations.create_account(Email="member@example.com", AccountName="member")
    member = status["CreateAccountStatus"]["AccountId"]
    inside = {
        "VpceAccessRequired": True,
        "RestrictSourceVpcs": [VPC_HERE, f"arn:aws:ec2:eu-west-1:{member}:vpc/vpc-0123abcd"],
    }
    sso.update_instance(InstanceArn=instance_arn, NetworkConfiguration=inside)
    error = refused(sso.update_instance, InstanceArn=instance_arn, NetworkConfiguration=outsider)
    assert error == "ValidationException"
    described = sso.describe_instance(InstanceArn=instance_arn)
    assert described["NetworkConfigurationDetails"] == inside
