"""The ARN and id factory: formats, partitions, and agreement with the model's patterns."""

from __future__ import annotations

import os
import re
import uuid

import pytest

from ssoadmin_mock import ids, service
from ssoadmin_mock.validation import compile_pattern


def _pattern(operation: str, member: str) -> str:
    shape = service.operation_model(operation).input_shape.members[member]
    return str(shape.metadata["pattern"])


def _matches(pattern: str, value: str) -> bool:
    compiled = compile_pattern(pattern)
    assert compiled is not None
    return compiled.fullmatch(value) is not None


@pytest.mark.parametrize(
    ("region", "partition"),
    [
        ("us-east-1", "aws"),
        ("eu-west-3", "aws"),
        ("cn-north-1", "aws-cn"),
        ("us-gov-west-1", "aws-us-gov"),
        ("us-iso-east-1", "aws-iso"),
        ("us-isob-east-1", "aws-iso-b"),
    ],
)
def test_partition_follows_region(region: str, partition: str) -> None:
    assert ids.partition_for(region) == partition


@pytest.mark.parametrize("partition", ["aws", "aws-cn", "aws-us-gov"])
def test_every_id_matches_the_model(partition: str) -> None:
    for _ in range(50):
        instance = ids.instance_id()
        instance_arn = ids.instance_arn(partition, instance)
        assert _matches(_pattern("DescribeInstance", "InstanceArn"), instance_arn)
        assert _matches(r"d-[0-9a-f]{10}", ids.identity_store_id())
        ps = ids.permission_set_arn(partition, instance)
        assert _matches(_pattern("DescribePermissionSet", "PermissionSetArn"), ps)
        app = ids.application_arn(partition, "123456789012", instance)
        assert _matches(_pattern("DescribeApplication", "ApplicationArn"), app)
        tti = ids.trusted_token_issuer_arn(partition, "123456789012", instance)
        assert _matches(_pattern("DescribeTrustedTokenIssuer", "TrustedTokenIssuerArn"), tti)
        for arn in (instance_arn, ps, app, tti):
            assert _matches(_pattern("TagResource", "ResourceArn"), arn)
        assert _matches(
            _pattern(
                "DescribeAccountAssignmentCreationStatus", "AccountAssignmentCreationRequestId"
            ),
            ids.request_id(),
        )


def test_arns_are_unique_and_parse_back() -> None:
    made = {ids.permission_set_arn("aws", "ssoins-1234567890abcdef") for _ in range(1000)}
    assert len(made) == 1000
    arn = ids.application_arn("aws", "123456789012", "ssoins-1234567890abcdef")
    parsed = ids.parse_arn(arn)
    assert parsed is not None
    assert (parsed.partition, parsed.account, parsed.kind, parsed.instance_id) == (
        "aws",
        "123456789012",
        "application",
        "ssoins-1234567890abcdef",
    )
    assert ids.instance_arn_of(arn) == "arn:aws:sso:::instance/ssoins-1234567890abcdef"
    assert ids.parse_arn("not-an-arn") is None
    assert ids.instance_arn_of("arn:aws:sso:::instance") is None


def test_sequence_increases() -> None:
    first, second = ids.next_sequence(), ids.next_sequence()
    assert second > first


def test_trusted_token_issuer_ids_are_uuid4s() -> None:
    made = [
        ids.trusted_token_issuer_arn("aws", "123456789012", "ssoins-1234567890abcdef")
        for _ in range(2000)
    ]
    assert len(set(made)) == len(made)
    for arn in made:
        text = arn.rpartition("/tti-")[2]
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 4 and parsed.variant == uuid.RFC_4122
    # the variant's two free bits take each of their four values
    assert {arn.rpartition("/tti-")[2][19] for arn in made} == set("89ab")


def test_a_forked_child_makes_other_ids_than_its_parent() -> None:
    if not hasattr(os, "fork"):
        pytest.skip("os.fork is not available on this platform")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its next ids, to the parent
        os.close(read)
        os.write(write, " ".join(ids.instance_id() for _ in range(5)).encode())
        os._exit(0)
    os.close(write)
    theirs = os.read(read, 4096).decode().split()
    os.close(read)
    os.waitpid(pid, 0)
    ours = [ids.instance_id() for _ in range(5)]
    assert len(theirs) == 5 and not set(theirs) & set(ours)


def test_status_request_ids_are_random_throughout() -> None:
    """An asynchronous request's id is a random UUID 4, as AWS's are: no two of a thousand
    share their first eight digits' worth more often than chance would (code that shortens
    ids to a prefix meets no collision AWS would not give it)."""
    made = [ids.request_id() for _ in range(1000)]
    assert len(set(made)) == 1000
    assert all(
        re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", m)
        for m in made
    )
    # 1000 random 32-bit prefixes collide with probability about 1e-4
    assert len({m[:8] for m in made}) >= 999
    assert len({m[-12:-4] for m in made}) >= 999  # the counter-made ids share all but the tail
