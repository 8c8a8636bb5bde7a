"""The model-driven validator: AWS's messages, every violation counted, every operation covered."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError

from ssoadmin_mock import mock_ssoadmin, service
from ssoadmin_mock.exceptions import ValidationException
from ssoadmin_mock.validation import compile_pattern, lower_camel, validate

from .conftest import client

INSTANCE_PATTERN = (
    service.operation_model("DescribeInstance")
    .input_shape.members["InstanceArn"]
    .metadata["pattern"]
)

MUST = "failed to satisfy constraint: Member must"


def _message(operation: str, params: dict[str, Any]) -> str:
    with pytest.raises(ValidationException) as caught:
        validate(operation, params)
    return caught.value.message


def test_missing_required_member_is_null() -> None:
    assert _message("DescribeInstance", {}) == (
        "1 validation error detected: Value null at 'instanceArn' failed to satisfy "
        "constraint: Member must not be null"
    )


def test_pattern_violation_quotes_the_model_pattern() -> None:
    message = _message("DescribeInstance", {"InstanceArn": "arn:aws:sso:::instance/nope"})
    assert message == (
        "1 validation error detected: Value 'arn:aws:sso:::instance/nope' at 'instanceArn' "
        "failed to satisfy constraint: Member must satisfy regular expression pattern: "
        + INSTANCE_PATTERN
    )


def test_a_value_that_passed_one_member_is_still_checked_in_another() -> None:
    """A structure knows the values a member's string checker passed, per shape: an
    instance ARN that passed as InstanceArn is refused as a PermissionSetArn, however
    often it passed before, and a valid request passes as often as it is sent."""
    instance = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
    for _ in range(3):
        validate("DescribeInstance", {"InstanceArn": instance})
    message = _message(
        "DescribePermissionSet", {"InstanceArn": instance, "PermissionSetArn": instance}
    )
    assert message.startswith("1 validation error detected: ") and "'permissionSetArn'" in message


def test_every_violation_is_counted() -> None:
    message = _message("DescribePermissionSet", {"InstanceArn": "x"})
    assert message.startswith("3 validation errors detected: ")
    assert (
        "Value null at 'permissionSetArn' failed to satisfy constraint: Member must not be null"
        in message
    )
    assert f"Value 'x' at 'instanceArn' {MUST} have length greater than or equal to 10" in message
    assert message.count("; ") == 2


def test_errors_follow_the_model_order_whatever_the_request_order() -> None:
    """A structure of many members checks the members given first; its errors are listed in
    the model's member order all the same, a missing required member among them."""
    members = list(service.operation_model("CreateUser", "identitystore").input_shape.members)
    params = {"DisplayName": "", "Name": {"GivenName": ""}, "UserName": ""}
    with pytest.raises(ValidationException) as caught:
        validate("CreateUser", params, "identitystore")
    message = caught.value.message
    paths = ["identityStoreId", "userName", "name.givenName", "displayName"]
    assert all(f"at '{path}'" in message for path in paths), message
    assert [message.index(f"at '{path}'") for path in paths] == sorted(
        message.index(f"at '{path}'") for path in paths
    )
    assert members.index("IdentityStoreId") < members.index("UserName")
    assert members.index("UserName") < members.index("Name") < members.index("DisplayName")
    # only a required member missing, everything given valid: still refused
    with pytest.raises(ValidationException, match="at 'identityStoreId'"):
        validate("CreateUser", {"UserName": "ok", "DisplayName": "Ok"}, "identitystore")


def test_enum_integer_range_and_list_size() -> None:
    arn = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
    message = _message(
        "ListAccountAssignmentCreationStatus",
        {"InstanceArn": arn, "MaxResults": 0, "Filter": {"Status": "DONE"}},
    )
    assert f"Value '0' at 'maxResults' {MUST} have value greater than or equal to 1" in message
    enum = "satisfy enum value set: [IN_PROGRESS, FAILED, SUCCEEDED]"
    assert f"Value 'DONE' at 'filter.status' {MUST} {enum}" in message
    tags = [{"Key": f"k{i}", "Value": "v"} for i in range(76)]
    message = _message("TagResource", {"ResourceArn": arn, "Tags": tags})
    assert (
        "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 75"
        in message
    )


def test_nested_list_members_use_aws_paths() -> None:
    arn = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
    message = _message(
        "TagResource", {"ResourceArn": arn, "Tags": [{"Key": "ok", "Value": "v"}, {"Value": "v"}]}
    )
    assert (
        "Value null at 'tags.2.member.key' failed to satisfy constraint: Member must not be null"
        in message
    )


def test_wrong_json_types_are_validation_errors() -> None:
    message = _message("ListInstances", {"MaxResults": "10"})
    assert (
        "Value '10' at 'maxResults' failed to satisfy constraint: Member must be of type integer"
        in message
    )
    message = _message("DescribeInstance", {"InstanceArn": ["a"]})
    assert "Member must be of type string" in message
    message = _message(
        "PutApplicationAssignmentConfiguration",
        {"ApplicationArn": "x" * 10, "AssignmentRequired": "yes"},
    )
    assert (
        "at 'assignmentRequired' failed to satisfy constraint: Member must be of type boolean"
        in message
    )


def test_structures_and_lists_of_the_wrong_json_type() -> None:
    """botocore cannot even send these; other SDKs (or raw HTTP) can."""
    arn = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
    message = _message("TagResource", {"ResourceArn": arn, "Tags": "k=v"})
    assert (
        "Value 'k=v' at 'tags' failed to satisfy constraint: Member must be of type list" in message
    )
    message = _message("UpdateInstance", {"InstanceArn": arn, "EncryptionConfiguration": "kms"})
    assert f"at 'encryptionConfiguration' {MUST} be of type structure" in message
    message = _message("TagResource", {"ResourceArn": arn, "Tags": [None]})
    assert (
        "Value null at 'tags.1.member' failed to satisfy constraint: Member must not be null"
        in message
    )


def test_values_a_structure_knows_at_a_glance_are_still_checked_when_wrong() -> None:
    """A boolean member, a string member that passed before and a list's string items are
    accepted inside the structure walk without their checkers: a value of another type, or
    a string the rule refuses, still gets its checker's message and path."""
    store = {"IdentityStoreId": "d-1234567890"}
    user = {
        **store,
        "UserName": "someone",
        "DisplayName": "Someone",
        "Name": {"GivenName": "Some", "FamilyName": "One"},
        "Emails": [{"Value": "one@example.com", "Type": "work", "Primary": True}],
    }
    validate("CreateUser", user, "identitystore")  # every value now known as passed
    wrong = {**user, "Emails": [{"Value": "one@example.com", "Type": "work", "Primary": "yes"}]}
    with pytest.raises(ValidationException) as raised:
        validate("CreateUser", wrong, "identitystore")
    assert (
        "Value 'yes' at 'emails.1.member.primary' failed to satisfy constraint: "
        "Member must be of type boolean" in raised.value.message
    )
    with pytest.raises(ValidationException) as raised:
        validate(
            "CreateUser", {**user, "Name": {"GivenName": "Some", "FamilyName": ""}}, "identitystore"
        )
    assert "at 'name.familyName' failed to satisfy constraint" in raised.value.message
    arn = "arn:aws:sso::123456789012:application/ssoins-1234567890abcdef/apl-1234567890abcdef"
    validate(
        "PutApplicationAccessScope",
        {"ApplicationArn": arn, "Scope": "sso:account:access", "AuthorizedTargets": [arn]},
    )
    with pytest.raises(ValidationException) as raised:
        validate(
            "PutApplicationAccessScope",
            {"ApplicationArn": arn, "Scope": "sso:account:access", "AuthorizedTargets": [arn, 7]},
        )
    assert (
        "Value '7' at 'authorizedTargets.2.member' failed to satisfy constraint: "
        "Member must be of type string" in raised.value.message
    )


def test_union_needs_exactly_one_member() -> None:
    op = service.operation_model("PutApplicationGrant").input_shape
    grant = op.members["Grant"]
    assert grant.metadata.get("union")
    arn = "arn:aws:sso::123456789012:application/ssoins-1234567890abcdef/apl-1234567890abcdef"
    message = _message(
        "PutApplicationGrant", {"ApplicationArn": arn, "GrantType": "refresh_token", "Grant": {}}
    )
    assert (
        "at 'grant' failed to satisfy constraint: Member must have exactly one member set"
        in message
    )


def test_unicode_property_patterns_are_understood() -> None:
    pattern = compile_pattern(r"([\p{L}\p{Z}\p{N}_.:/=+\-@]*)")
    assert pattern is not None
    assert pattern.fullmatch("Équipe 42 ünïcode") is not None
    assert pattern.fullmatch("bad!value") is None
    assert pattern.fullmatch("tab\there") is None


def test_valid_request_passes() -> None:
    validate("ListInstances", {"MaxResults": 5})
    validate(
        "DescribeInstance", {"InstanceArn": "arn:aws-cn:sso:::instance/ssoins-1234567890abcdef"}
    )


def _broken_requests() -> list[tuple[str, str, dict[str, Any], str]]:
    """(operation, label, request, expected fragment) for each kind of breakage in the model."""
    cases: list[tuple[str, str, dict[str, Any], str]] = []
    model = service.service_model()
    for operation in sorted(model.operation_names):
        shape = model.operation_model(operation).input_shape
        if shape is None:
            continue
        for name, member in shape.members.items():
            path = lower_camel(name)
            meta = member.metadata

            def add(
                label: str, value: Any, constraint: str, name: str = name, op: str = operation
            ) -> None:
                body = {name: value} if value is not None else {}
                cases.append((op, f"{name} {label}", body, constraint))

            if name in shape.required_members:
                add("missing", None, f"Value null at '{path}'")
            for label, value, constraint in _breakages(member, meta):
                add(label, value, f"at '{path}' {MUST} {constraint}")
    return cases


def _breakages(member: Any, meta: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """The ways to break one member: (label, broken value, the constraint AWS names)."""
    kind = member.type_name
    found: list[tuple[str, Any, str]] = []
    if kind == "string":
        found.append(("wrong type", 12345, "be of type string"))
        if "enum" in meta:
            return [*found, ("not in enum", "NOT_A_VALUE", "satisfy enum value set")]
        if "max" in meta:
            found.append(
                (
                    "too long",
                    "a" * (meta["max"] + 1),
                    f"have length less than or equal to {meta['max']}",
                )
            )
        if meta.get("min", 0) > 1:
            found.append(("too short", "a", f"have length greater than or equal to {meta['min']}"))
        bad = "\u0000bad value\u0000"
        compiled = compile_pattern(meta["pattern"]) if "pattern" in meta else None
        if compiled is not None and compiled.fullmatch(bad) is None:
            found.append(("breaks pattern", bad, "satisfy regular expression pattern"))
    elif kind == "integer":
        if "max" in meta:
            found.append(
                ("over max", meta["max"] + 1, f"have value less than or equal to {meta['max']}")
            )
        if "min" in meta:
            found.append(
                ("under min", meta["min"] - 1, f"have value greater than or equal to {meta['min']}")
            )
    elif kind == "list":
        item = {"structure": {}, "string": "x"}.get(member.member.type_name)
        if "max" in meta and item is not None:
            found.append(
                (
                    "list over max",
                    [item] * (meta["max"] + 1),
                    f"have length less than or equal to {meta['max']}",
                )
            )
    elif kind == "boolean":
        found.append(("wrong type", "true", "be of type boolean"))
    return found


BROKEN = _broken_requests()


def test_every_operation_has_broken_cases() -> None:
    covered = {operation for operation, _, _, _ in BROKEN}
    with_input = {
        op
        for op in service.operation_names()
        if service.operation_model(op).input_shape is not None
        and service.operation_model(op).input_shape.members
    }
    assert covered == with_input


@pytest.fixture(scope="module")
def shared_raw_sso() -> Iterator[Any]:
    """One mock and client for the many refusal cases (validation runs before any state)."""
    with mock_ssoadmin():
        yield client(
            "sso-admin", config=Config(parameter_validation=False, retries={"max_attempts": 1})
        )


@pytest.mark.parametrize(
    ("operation", "label", "request_body", "expected"),
    BROKEN,
    ids=[f"{c[0]}:{c[1]}" for c in BROKEN],
)
def test_broken_request_through_boto3_is_refused(
    shared_raw_sso: Any, operation: str, label: str, request_body: dict[str, Any], expected: str
) -> None:
    """Sent past botocore's own checks, each breakage gets ValidationException naming it."""
    with pytest.raises(ClientError) as caught:
        getattr(shared_raw_sso, xform_name(operation))(**request_body)
    error = caught.value.response["Error"]
    assert error["Code"] == "ValidationException", (label, error)
    assert expected in error["Message"], (label, error["Message"])
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_refused_create_changes_nothing(raw_sso: Any, sso: Any) -> None:
    before = sso.list_instances()["Instances"]
    with pytest.raises(ClientError):
        raw_sso.create_instance(Name="ok", Tags=[{"Key": "k" * 200, "Value": "v"}])
    assert sso.list_instances()["Instances"] == before


def test_a_value_checker_is_compiled_once_and_finds_what_it_did(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`check_value` (identitystore's AttributeValue) compiles a shape's checker on its first
    use only, and the kept checker finds the same violations."""
    from ssoadmin_mock import validation
    from ssoadmin_mock.service import operation_model

    shape = operation_model("CreateUser", "identitystore").input_shape.members["DisplayName"]
    validation.clear_caches()
    compiled: list[str] = []
    original = validation._compile_all
    monkeypatch.setattr(
        validation, "_compile_all", lambda s: compiled.append(s.name) or original(s)
    )
    first = validation.check_value(shape, "", "operations.1.member", "identitystore")
    again = validation.check_value(shape, "", "operations.1.member", "identitystore")
    assert first == again and "length greater than" in first[0]
    assert validation.check_value(shape, "fine", "p", "identitystore") == []
    assert compiled == [shape.name]


def test_a_long_value_that_passed_is_not_remembered() -> None:
    """A rule remembers the values that passed it (ids, ARNs, names), but not a long one (an
    inline policy of kilobytes): 4096 remembered values stay small."""
    from ssoadmin_mock import validation

    instance = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
    permission_set = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef"
    short, long = "s" * 100, "l" * 5000
    for value in (short, long):
        validation.validate(
            "PutInlinePolicyToPermissionSet",
            {"InstanceArn": instance, "PermissionSetArn": permission_set, "InlinePolicy": value},
        )
    remembered = set().union(*(rule.passed for rule in validation._RULE_OF.values()))
    assert short in remembered
    assert long not in remembered
