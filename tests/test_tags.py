"""Tags on instances through TagResource / UntagResource / ListTagsForResource."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from ssoadmin_mock.tags import MAX_TAGS, TagStore


def _code(caught: pytest.ExceptionInfo[ClientError]) -> str:
    return str(caught.value.response["Error"]["Code"])


def test_tag_list_untag(sso: Any, instance_arn: str) -> None:
    sso.tag_resource(
        ResourceArn=instance_arn,
        Tags=[{"Key": "env", "Value": "test"}, {"Key": "team", "Value": "iam"}],
    )
    sso.tag_resource(ResourceArn=instance_arn, Tags=[{"Key": "env", "Value": "prod"}])
    tags = sso.list_tags_for_resource(ResourceArn=instance_arn)["Tags"]
    assert tags == [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "iam"}]
    sso.untag_resource(ResourceArn=instance_arn, TagKeys=["env", "absent"])
    assert sso.list_tags_for_resource(ResourceArn=instance_arn, InstanceArn=instance_arn)[
        "Tags"
    ] == [{"Key": "team", "Value": "iam"}]


def test_at_most_75_tags(sso: Any, instance_arn: str) -> None:
    sso.tag_resource(
        ResourceArn=instance_arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(MAX_TAGS)]
    )
    with pytest.raises(ClientError) as caught:
        sso.tag_resource(ResourceArn=instance_arn, Tags=[{"Key": "one-more", "Value": "v"}])
    assert _code(caught) == "ServiceQuotaExceededException"
    assert len(sso.list_tags_for_resource(ResourceArn=instance_arn)["Tags"]) == MAX_TAGS
    # replacing an existing key stays within the limit
    sso.tag_resource(ResourceArn=instance_arn, Tags=[{"Key": "k0", "Value": "new"}])


def test_reserved_and_repeated_keys(sso: Any, instance_arn: str) -> None:
    for tags in (
        [{"Key": "aws:owner", "Value": "x"}],
        [{"Key": "AWS:owner", "Value": "x"}],
        [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}],
    ):
        with pytest.raises(ClientError) as caught:
            sso.tag_resource(ResourceArn=instance_arn, Tags=tags)
        assert _code(caught) == "ValidationException"
    with pytest.raises(ClientError) as caught:
        sso.untag_resource(ResourceArn=instance_arn, TagKeys=["aws:owner"])
    assert _code(caught) == "ValidationException"
    assert sso.list_tags_for_resource(ResourceArn=instance_arn)["Tags"] == []


def test_key_and_value_limits_come_from_the_model(raw_sso: Any, instance_arn: str) -> None:
    with pytest.raises(ClientError) as caught:
        raw_sso.tag_resource(
            ResourceArn=instance_arn, Tags=[{"Key": "k" * 129, "Value": "v" * 257}]
        )
    message = caught.value.response["Error"]["Message"]
    assert message.startswith("2 validation errors detected")
    assert "'tags.1.member.key'" in message and "'tags.1.member.value'" in message


def test_unknown_resource(sso: Any, instance_arn: str) -> None:
    missing = "arn:aws:sso:::instance/ssoins-0000000000000000"
    for call in (
        lambda: sso.tag_resource(ResourceArn=missing, Tags=[{"Key": "k", "Value": "v"}]),
        lambda: sso.untag_resource(ResourceArn=missing, TagKeys=["k"]),
        lambda: sso.list_tags_for_resource(ResourceArn=missing),
    ):
        with pytest.raises(ClientError) as caught:
            call()
        assert _code(caught) == "ResourceNotFoundException"
        assert missing in caught.value.response["Error"]["Message"]


def test_resource_must_belong_to_the_named_instance(sso: Any, instance_arn: str) -> None:
    other = "arn:aws:sso:::instance/ssoins-0000000000000000"
    with pytest.raises(ClientError) as caught:
        sso.list_tags_for_resource(ResourceArn=instance_arn, InstanceArn=other)
    assert _code(caught) == "ResourceNotFoundException"


def test_store_checks_before_changing() -> None:
    store = TagStore()
    store.add("arn", [{"Key": "a", "Value": "1"}])
    with pytest.raises(Exception):  # noqa: B017 - any refusal
        store.add("arn", [{"Key": "b", "Value": "2"}, {"Key": "aws:c", "Value": "3"}])
    assert store.get("arn") == {"a": "1"}
    store.forget("arn")
    assert store.list("arn") == []
