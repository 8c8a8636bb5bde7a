"""Focused tests of the application modules' internals."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest

from ssoadmin_mock import get_backend, ids, service
from ssoadmin_mock.exceptions import ValidationException
from ssoadmin_mock.service import operation_model
from ssoadmin_mock.services.account import copy_body
from ssoadmin_mock.services.applications.checks import (
    check_actor_policy,
    pruned,
    union_members_by_type,
)
from ssoadmin_mock.services.applications.providers import catalogue
from ssoadmin_mock.validation import compile_pattern

from .test_applications import POLICY, app_arn, make_application

__all__ = ["app_arn"]  # the fixture, imported for these tests


def test_catalogue_entries_name_their_source_and_fit_the_model() -> None:
    raw = json.loads(
        resources.files("ssoadmin_mock")
        .joinpath("data")
        .joinpath("application_providers.json")
        .read_text()
    )
    assert all(entry["source"] for entry in raw["providers"])
    shape = operation_model("DescribeApplicationProvider").output_shape
    arn_pattern = compile_pattern(shape.members["ApplicationProviderArn"].metadata["pattern"])
    protocols = shape.members["FederationProtocol"].enum
    assert arn_pattern is not None
    for provider in catalogue():
        for partition in ("aws", "aws-cn", "aws-us-gov", "aws-iso-b"):
            assert arn_pattern.fullmatch(
                ids.application_provider_arn(partition, provider.provider_id)
            )
        assert provider.federation_protocol in protocols
    assert [p.provider_id for p in catalogue() if p.creatable] == ["custom"]


@pytest.mark.parametrize(
    "operation, union, type_member",
    [
        ("PutApplicationGrant", "Grant", "GrantType"),
        ("PutApplicationAuthenticationMethod", "AuthenticationMethod", "AuthenticationMethodType"),
    ],
)
def test_every_type_of_the_model_pairs_with_one_union_member(
    operation: str, union: str, type_member: str
) -> None:
    shape = operation_model(operation).input_shape
    pairs = union_members_by_type(operation, union, type_member)
    assert set(pairs) == set(shape.members[type_member].enum)
    assert sorted(pairs.values()) == sorted(shape.members[union].members)


def test_grant_pairs_are_the_documented_ones() -> None:
    pairs = union_members_by_type("PutApplicationGrant", "Grant", "GrantType")
    assert pairs == {
        "authorization_code": "AuthorizationCode",
        "refresh_token": "RefreshToken",
        "urn:ietf:params:oauth:grant-type:jwt-bearer": "JwtBearer",
        "urn:ietf:params:oauth:grant-type:token-exchange": "TokenExchange",
    }


def test_pruning_keeps_model_members_and_whole_documents() -> None:
    grant = {
        "JwtBearer": {
            "AuthorizedTokenIssuers": [
                {"TrustedTokenIssuerArn": "arn", "AuthorizedAudiences": ["a"], "Extra": 1}
            ],
            "Unknown": True,
        }
    }
    assert pruned("PutApplicationGrant", "Grant", grant) == {
        "JwtBearer": {
            "AuthorizedTokenIssuers": [
                {"TrustedTokenIssuerArn": "arn", "AuthorizedAudiences": ["a"]}
            ]
        }
    }
    policy = {**POLICY, "Id": "keep-me"}
    method = {"Iam": {"ActorPolicy": policy, "Other": 1}}
    assert pruned("PutApplicationAuthenticationMethod", "AuthenticationMethod", method) == {
        "Iam": {"ActorPolicy": policy}
    }


def test_actor_policy_accepts_the_iam_grammar() -> None:
    check_actor_policy(POLICY)
    check_actor_policy({"Statement": {"Effect": "Deny", "NotAction": ["s3:*", "iam:*"]}})
    check_actor_policy(
        {
            "Version": "2008-10-17",
            "Id": "x",
            "Statement": [{"Sid": "a", "Effect": "Allow", "Action": "*"}],
        }
    )
    with pytest.raises(ValidationException):
        check_actor_policy([POLICY])


def test_page_size_limit_honours_the_output_list_maximum() -> None:
    assert service.page_size_limit("ListApplications") == 50
    assert service.page_size_limit("ListApplicationAccessScopes") == 10
    assert service.page_size_limit("ListApplicationAssignments") == 100
    assert service.page_size_limit("ListApplicationGrants") == 100


def test_deleting_an_application_leaves_no_index_entries(
    sso: Any, identitystore: Any, identity_store_id: str, instance_arn: str, app_arn: str
) -> None:
    user = identitystore.create_user(
        IdentityStoreId=identity_store_id,
        UserName="u",
        DisplayName="U",
        Name={"GivenName": "U", "FamilyName": "V"},
    )["UserId"]
    other = make_application(sso, instance_arn, name="other")
    for app in (app_arn, other):
        sso.create_application_assignment(
            ApplicationArn=app, PrincipalId=user, PrincipalType="USER"
        )
    backend = get_backend()
    key = (instance_arn, "USER", user)
    assert list(backend.application_store.by_principal[key]) == [app_arn, other]
    sso.delete_application(ApplicationArn=app_arn)
    assert list(backend.application_store.by_principal[key]) == [other]
    sso.delete_application(ApplicationArn=other)
    assert key not in backend.application_store.by_principal
    assert instance_arn not in backend.application_store.by_instance
    assert backend.application_store.by_arn == {}


def test_bodies_never_alias_stored_state(sso: Any, app_arn: str) -> None:
    backend = get_backend()
    body = backend.applications.describe(app_arn).body()  # the answer, as its text reads
    body["PortalOptions"]["Visibility"] = "DISABLED"
    assert backend.application_store.by_arn[app_arn].portal_options["Visibility"] == "ENABLED"
    sent = {"AuthorizationCode": {"RedirectUris": ["https://a/cb"]}}
    backend.application_settings.put_grant(app_arn, "authorization_code", sent)
    sent["AuthorizationCode"]["RedirectUris"].append("https://sent-later/cb")  # the request's
    got = backend.application_settings.get_grant(app_arn, "authorization_code")
    got["Grant"]["AuthorizationCode"]["RedirectUris"].append("https://b/cb")
    again = backend.application_settings.get_grant(app_arn, "authorization_code")
    assert again["Grant"]["AuthorizationCode"]["RedirectUris"] == ["https://a/cb"]


def test_copy_body_copies_as_deepcopy_does_and_shares_nothing_mutable() -> None:
    import copy

    class Tagged(dict[str, Any]):
        pass

    kept = {
        "Scopes": [{"AuthorizedTargets": ["arn:1", "arn:2"]}, None, 1.5, True, 7],
        "Nested": {"Deeper": {"List": [[1], {"x": "y"}]}},
        "Pair": ("a", ["b"]),
        "Sub": Tagged(k=["v"]),
    }
    made = copy_body(kept)
    assert made == copy.deepcopy(kept)
    made["Scopes"][0]["AuthorizedTargets"].append("arn:3")
    made["Nested"]["Deeper"]["List"][0].append(2)
    made["Pair"][1].append("c")
    made["Sub"]["k"].append("w")
    assert kept["Scopes"][0]["AuthorizedTargets"] == ["arn:1", "arn:2"]
    assert kept["Nested"]["Deeper"]["List"][0] == [1]
    assert kept["Pair"] == ("a", ["b"]) and kept["Sub"]["k"] == ["v"]
    assert type(made["Sub"]) is Tagged
