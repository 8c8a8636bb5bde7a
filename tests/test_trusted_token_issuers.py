"""Trusted token issuers through boto3: create, describe, update, delete, list, tags."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ssoadmin_mock import get_backend, ids
from ssoadmin_mock.responses import dispatch
from ssoadmin_mock.service import operation_model
from ssoadmin_mock.services.trusted_token_issuers import MAX_TRUSTED_TOKEN_ISSUERS
from ssoadmin_mock.validation import compile_pattern

from .conftest import ACCOUNT, REGION


def oidc(
    url: str = "https://idp.example.com",
    claim: str = "email",
    store: str = "emails.value",
) -> dict[str, Any]:
    return {
        "OidcJwtConfiguration": {
            "IssuerUrl": url,
            "ClaimAttributePath": claim,
            "IdentityStoreAttributePath": store,
            "JwksRetrievalOption": "OPEN_ID_DISCOVERY",
        }
    }


def create(sso: Any, instance_arn: str, name: str = "okta", **extra: Any) -> str:
    response = sso.create_trusted_token_issuer(
        InstanceArn=instance_arn,
        Name=name,
        TrustedTokenIssuerType="OIDC_JWT",
        TrustedTokenIssuerConfiguration=extra.pop("configuration", oidc()),
        **extra,
    )
    return str(response["TrustedTokenIssuerArn"])


def listed(sso: Any, instance_arn: str) -> list[dict[str, Any]]:
    issuers: list[dict[str, Any]] = sso.list_trusted_token_issuers(InstanceArn=instance_arn)[
        "TrustedTokenIssuers"
    ]
    return issuers


@contextmanager
def refused(code: str) -> Iterator[pytest.ExceptionInfo[ClientError]]:
    """Expect the calls in the block to be refused with `code`, changing nothing."""
    backend = get_backend(ACCOUNT, REGION)
    before = backend.snapshot()
    with pytest.raises(ClientError) as excinfo:
        yield excinfo
    assert excinfo.value.response["Error"]["Code"] == code
    assert backend.snapshot() == before, "a refused call changed the backend"


def test_create_gives_an_arn_of_the_seed_pattern_and_describe_shows_everything(
    sso: Any, instance_arn: str
) -> None:
    arn = create(sso, instance_arn)
    pattern = operation_model("CreateTrustedTokenIssuer").output_shape.members[
        "TrustedTokenIssuerArn"
    ].metadata["pattern"]
    compiled = compile_pattern(pattern)
    assert compiled is not None and compiled.fullmatch(arn)
    instance_id = instance_arn.rsplit("/", 1)[1]
    assert re.fullmatch(
        rf"arn:aws:sso::{ACCOUNT}:trustedTokenIssuer/{instance_id}/tti-[0-9a-f-]{{36}}", arn
    )

    described = sso.describe_trusted_token_issuer(TrustedTokenIssuerArn=arn)
    assert described["TrustedTokenIssuerArn"] == arn
    assert described["Name"] == "okta"
    assert described["TrustedTokenIssuerType"] == "OIDC_JWT"
    assert described["TrustedTokenIssuerConfiguration"] == oidc()
    assert listed(sso, instance_arn) == [
        {"TrustedTokenIssuerArn": arn, "Name": "okta", "TrustedTokenIssuerType": "OIDC_JWT"}
    ]


def test_client_token_replays_the_first_create(sso: Any, instance_arn: str) -> None:
    first = create(sso, instance_arn, ClientToken="token-1")
    again = create(sso, instance_arn, ClientToken="token-1")
    assert again == first
    assert len(listed(sso, instance_arn)) == 1
    with refused("ConflictException"):
        create(sso, instance_arn, name="other", ClientToken="token-1")
    assert len(listed(sso, instance_arn)) == 1


def test_names_are_unique_within_the_instance(sso: Any, instance_arn: str) -> None:
    arn = create(sso, instance_arn, name="okta")
    with refused("ConflictException"):
        create(sso, instance_arn, name="okta", configuration=oidc("https://other.example.com"))
    assert [i["TrustedTokenIssuerArn"] for i in listed(sso, instance_arn)] == [arn]


def test_an_instance_holds_at_most_ten_issuers(sso: Any, instance_arn: str) -> None:
    for n in range(MAX_TRUSTED_TOKEN_ISSUERS):
        create(sso, instance_arn, name=f"issuer-{n}")
    with refused("ServiceQuotaExceededException"):
        create(sso, instance_arn, name="one-too-many")
    names = {i["Name"] for i in listed(sso, instance_arn)}
    assert len(names) == MAX_TRUSTED_TOKEN_ISSUERS and "one-too-many" not in names


def test_create_in_an_unknown_instance_is_refused(sso: Any, instance_arn: str) -> None:
    missing = ids.instance_arn("aws", ids.instance_id())
    with refused("AccessDeniedException"):
        create(sso, missing)
    # CreateTrustedTokenIssuer models no ResourceNotFoundException
    assert listed(sso, instance_arn) == []


def test_create_refuses_what_the_model_forbids(raw_sso: Any, sso: Any, instance_arn: str) -> None:
    with refused("ValidationException") as excinfo:
        create(raw_sso, instance_arn, configuration=oidc(url="ftp://idp.example.com"))
    assert "issuerUrl" in str(excinfo.value)
    with refused("ValidationException") as excinfo:
        create(raw_sso, instance_arn, configuration={})
    assert listed(sso, instance_arn) == []


def test_create_with_a_reserved_tag_key_makes_nothing(sso: Any, instance_arn: str) -> None:
    with refused("ValidationException"):
        create(sso, instance_arn, Tags=[{"Key": "aws:owner", "Value": "x"}])
    assert listed(sso, instance_arn) == []


def test_describe_update_delete_of_an_unknown_issuer(sso: Any, instance_arn: str) -> None:
    arn = create(sso, instance_arn)
    sso.delete_trusted_token_issuer(TrustedTokenIssuerArn=arn)
    with refused("ResourceNotFoundException"):
        sso.describe_trusted_token_issuer(TrustedTokenIssuerArn=arn)
    with refused("ResourceNotFoundException"):
        sso.update_trusted_token_issuer(TrustedTokenIssuerArn=arn, Name="x")
    with refused("ResourceNotFoundException"):
        sso.delete_trusted_token_issuer(TrustedTokenIssuerArn=arn)
    assert listed(sso, instance_arn) == []


def test_update_renames_and_changes_paths_but_keeps_the_issuer_url(
    sso: Any, instance_arn: str
) -> None:
    arn = create(sso, instance_arn)
    sso.update_trusted_token_issuer(
        TrustedTokenIssuerArn=arn,
        Name="okta-prod",
        TrustedTokenIssuerConfiguration={
            "OidcJwtConfiguration": {"ClaimAttributePath": "preferred_username"}
        },
    )
    described = sso.describe_trusted_token_issuer(TrustedTokenIssuerArn=arn)
    assert described["Name"] == "okta-prod"
    expected = oidc(claim="preferred_username")
    assert described["TrustedTokenIssuerConfiguration"] == expected
    # the old name is free again, the new one is taken
    create(sso, instance_arn, name="okta")
    with refused("ConflictException"):
        create(sso, instance_arn, name="okta-prod")


def test_update_to_a_name_in_use_changes_nothing(sso: Any, instance_arn: str) -> None:
    first = create(sso, instance_arn, name="first")
    create(sso, instance_arn, name="second")
    with refused("ConflictException"):
        sso.update_trusted_token_issuer(
            TrustedTokenIssuerArn=first,
            Name="second",
            TrustedTokenIssuerConfiguration={"OidcJwtConfiguration": {"ClaimAttributePath": "sub"}},
        )
    described = sso.describe_trusted_token_issuer(TrustedTokenIssuerArn=first)
    assert described["Name"] == "first"
    assert described["TrustedTokenIssuerConfiguration"] == oidc()
    # keeping its own name is no conflict
    sso.update_trusted_token_issuer(TrustedTokenIssuerArn=first, Name="first")
    assert sso.describe_trusted_token_issuer(TrustedTokenIssuerArn=first)["Name"] == "first"


def test_update_cannot_change_the_issuer_url(sso: Any, instance_arn: str) -> None:
    """SDKs cannot even send IssuerUrl in an update (their shape lacks it); a raw request can,
    and AWS ignores it, as any member its model does not have: the rest is updated."""
    arn = create(sso, instance_arn)
    body = {
        "TrustedTokenIssuerArn": arn,
        "Name": "renamed",
        "TrustedTokenIssuerConfiguration": {
            "OidcJwtConfiguration": {"IssuerUrl": "https://elsewhere.example.com"}
        },
    }
    status, _, raw = dispatch(
        "SWBExternalService.UpdateTrustedTokenIssuer", json.dumps(body), {}, ""
    )
    assert status == 200, raw
    described = sso.describe_trusted_token_issuer(TrustedTokenIssuerArn=arn)
    assert described["Name"] == "renamed"
    assert described["TrustedTokenIssuerConfiguration"] == oidc()


def test_update_refuses_model_violations(raw_sso: Any, sso: Any, instance_arn: str) -> None:
    arn = create(sso, instance_arn)
    with refused("ValidationException"):
        raw_sso.update_trusted_token_issuer(
            TrustedTokenIssuerArn=arn,
            TrustedTokenIssuerConfiguration={
                "OidcJwtConfiguration": {"JwksRetrievalOption": "STATIC"}
            },
        )
    assert sso.describe_trusted_token_issuer(TrustedTokenIssuerArn=arn)[
        "TrustedTokenIssuerConfiguration"
    ] == oidc()


def test_list_pages_in_creation_order(sso: Any, instance_arn: str) -> None:
    arns = [create(sso, instance_arn, name=f"issuer-{n}") for n in range(3)]
    first = sso.list_trusted_token_issuers(InstanceArn=instance_arn, MaxResults=2)
    assert [i["TrustedTokenIssuerArn"] for i in first["TrustedTokenIssuers"]] == arns[:2]
    second = sso.list_trusted_token_issuers(
        InstanceArn=instance_arn, MaxResults=2, NextToken=first["NextToken"]
    )
    assert [i["TrustedTokenIssuerArn"] for i in second["TrustedTokenIssuers"]] == arns[2:]
    assert "NextToken" not in second


def test_tags_on_a_trusted_token_issuer(sso: Any, instance_arn: str) -> None:
    arn = create(sso, instance_arn, Tags=[{"Key": "team", "Value": "identity"}])
    assert sso.list_tags_for_resource(InstanceArn=instance_arn, ResourceArn=arn)["Tags"] == [
        {"Key": "team", "Value": "identity"}
    ]
    sso.tag_resource(InstanceArn=instance_arn, ResourceArn=arn, Tags=[{"Key": "env", "Value": "p"}])
    sso.untag_resource(InstanceArn=instance_arn, ResourceArn=arn, TagKeys=["team"])
    assert sso.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "env", "Value": "p"}]

    sso.delete_trusted_token_issuer(TrustedTokenIssuerArn=arn)
    assert get_backend(ACCOUNT, REGION).tags.list(arn) == []
    with refused("ResourceNotFoundException"):
        sso.list_tags_for_resource(InstanceArn=instance_arn, ResourceArn=arn)


def test_deleting_the_instance_drops_its_issuers(sso: Any, instance_arn: str) -> None:
    arn = create(sso, instance_arn, Tags=[{"Key": "team", "Value": "identity"}])
    sso.delete_instance(InstanceArn=instance_arn)
    backend = get_backend(ACCOUNT, REGION)
    assert backend.trusted_token_issuers.issuers == {}
    assert backend.tags.list(arn) == []
    with refused("ResourceNotFoundException"):
        sso.describe_trusted_token_issuer(TrustedTokenIssuerArn=arn)


def test_find_by_arn_serves_other_domains(sso: Any, instance_arn: str) -> None:
    from ssoadmin_mock.exceptions import ResourceNotFoundException

    arn = create(sso, instance_arn)
    backend = get_backend(ACCOUNT, REGION)
    assert backend.trusted_token_issuers.get_by_arn(arn).name == "okta"
    with pytest.raises(ResourceNotFoundException):
        backend.trusted_token_issuers.get_by_arn(f"{arn.rsplit('/', 1)[0]}/tti-{uuid.uuid4()}")
