"""Application providers and applications, through boto3 as users call them.

Ends with a realistic walk: a customer managed OAuth 2.0 application set up from its provider
to its grants, then taken down again.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from ssoadmin_mock import get_backend

CUSTOM = "arn:aws:sso::aws:applicationProvider/custom"
CUSTOM_SAML = "arn:aws:sso::aws:applicationProvider/custom-saml"
REDSHIFT = "arn:aws:sso::aws:applicationProvider/Redshift"
UNKNOWN_PROVIDER = "arn:aws:sso::aws:applicationProvider/no-such-provider"
MISSING_APP = "arn:aws:sso::123456789012:application/ssoins-0000000000000000/apl-0000000000000000"
POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::123456789012:role/reporting"},
            "Action": "sso-oauth:CreateTokenWithIAM",
            "Resource": "*",
        }
    ],
}


def code(error: pytest.ExceptionInfo[ClientError]) -> str:
    return str(error.value.response["Error"]["Code"])


def make_application(sso: Any, instance_arn: str, name: str = "reports", **extra: Any) -> str:
    response = sso.create_application(
        InstanceArn=instance_arn, ApplicationProviderArn=CUSTOM, Name=name, **extra
    )
    return str(response["ApplicationArn"])


@pytest.fixture
def app_arn(sso: Any, instance_arn: str) -> str:
    return make_application(sso, instance_arn)


def all_applications(sso: Any, instance_arn: str, **extra: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for page in sso.get_paginator("list_applications").paginate(InstanceArn=instance_arn, **extra):
        found += page["Applications"]
    return found


# --- providers ----------------------------------------------------------------------------


def test_provider_catalogue_lists_custom_oauth_and_documented_aws_providers(sso: Any) -> None:
    providers = sso.list_application_providers()["ApplicationProviders"]
    by_arn = {p["ApplicationProviderArn"]: p for p in providers}
    assert by_arn[CUSTOM]["FederationProtocol"] == "OAUTH"
    assert by_arn[CUSTOM_SAML]["FederationProtocol"] == "SAML"
    assert REDSHIFT in by_arn
    assert all(p["DisplayData"]["DisplayName"] for p in providers)


def test_provider_listing_pages(sso: Any) -> None:
    everything = sso.list_application_providers()["ApplicationProviders"]
    first = sso.list_application_providers(MaxResults=1)
    assert first["ApplicationProviders"] == everything[:1]
    second = sso.list_application_providers(MaxResults=100, NextToken=first["NextToken"])
    assert second["ApplicationProviders"] == everything[1:]
    assert "NextToken" not in second


def test_describe_provider(sso: Any) -> None:
    described = sso.describe_application_provider(ApplicationProviderArn=CUSTOM)
    assert described["ApplicationProviderArn"] == CUSTOM
    assert described["FederationProtocol"] == "OAUTH"


def test_describe_unknown_provider_is_not_found(sso: Any) -> None:
    with pytest.raises(ClientError) as error:
        sso.describe_application_provider(ApplicationProviderArn=UNKNOWN_PROVIDER)
    assert code(error) == "ResourceNotFoundException"


def test_providers_follow_the_partition_of_the_region(mock: Any) -> None:
    china = boto3.client("sso-admin", region_name="cn-north-1")
    arns = [
        p["ApplicationProviderArn"]
        for p in china.list_application_providers()["ApplicationProviders"]
    ]
    assert "arn:aws-cn:sso::aws:applicationProvider/custom" in arns
    with pytest.raises(ClientError) as error:
        china.describe_application_provider(ApplicationProviderArn=CUSTOM)
    assert code(error) == "ResourceNotFoundException"


# --- create and describe ------------------------------------------------------------------


def test_create_application_with_everything(sso: Any, instance: dict[str, Any]) -> None:
    instance_arn = instance["InstanceArn"]
    created = sso.create_application(
        InstanceArn=instance_arn,
        ApplicationProviderArn=CUSTOM,
        Name="Reports",
        Description="Quarterly reports",
        Status="DISABLED",
        PortalOptions={
            "Visibility": "DISABLED",
            "SignInOptions": {
                "Origin": "APPLICATION",
                "ApplicationUrl": "https://reports.example.com",
            },
        },
        Tags=[{"Key": "team", "Value": "finance"}],
    )
    arn = created["ApplicationArn"]
    instance_id = instance_arn.rsplit("/", 1)[1]
    assert arn.startswith(f"arn:aws:sso::123456789012:application/{instance_id}/apl-")
    assert created["InstanceArn"] == instance_arn
    store_arn = f"arn:aws:identitystore::123456789012:identitystore/{instance['IdentityStoreId']}"
    assert created["IdentityStoreArn"] == store_arn
    described = sso.describe_application(ApplicationArn=arn)
    assert described["Name"] == "Reports"
    assert described["Description"] == "Quarterly reports"
    assert described["Status"] == "DISABLED"
    assert described["ApplicationAccount"] == "123456789012"
    assert described["ApplicationProviderArn"] == CUSTOM
    assert described["CreatedFrom"] == "us-east-1"
    assert described["PortalOptions"] == {
        "Visibility": "DISABLED",
        "SignInOptions": {"Origin": "APPLICATION", "ApplicationUrl": "https://reports.example.com"},
    }
    tags = sso.list_tags_for_resource(ResourceArn=arn, InstanceArn=instance_arn)["Tags"]
    assert tags == [{"Key": "team", "Value": "finance"}]


def test_create_application_defaults(sso: Any, app_arn: str) -> None:
    described = sso.describe_application(ApplicationArn=app_arn)
    assert described["Status"] == "ENABLED"
    assert described["PortalOptions"] == {"Visibility": "ENABLED"}
    assert "Description" not in described


def test_client_token_replays_the_first_application(sso: Any, instance_arn: str) -> None:
    first = make_application(sso, instance_arn, ClientToken="token-1")
    again = make_application(sso, instance_arn, ClientToken="token-1")
    assert again == first
    assert len(all_applications(sso, instance_arn)) == 1
    with pytest.raises(ClientError) as error:
        make_application(sso, instance_arn, name="other", ClientToken="token-1")
    assert code(error) == "ConflictException"
    assert len(all_applications(sso, instance_arn)) == 1


@pytest.mark.parametrize(
    "provider, expected",
    [
        (CUSTOM_SAML, "ValidationException"),
        (REDSHIFT, "ValidationException"),
        (UNKNOWN_PROVIDER, "ResourceNotFoundException"),
    ],
)
def test_create_refuses_providers_the_api_cannot_use(
    sso: Any, instance_arn: str, provider: str, expected: str
) -> None:
    with pytest.raises(ClientError) as error:
        sso.create_application(InstanceArn=instance_arn, ApplicationProviderArn=provider, Name="x")
    assert code(error) == expected
    if expected == "ValidationException":
        assert "is not supported for this action" in error.value.response["Error"]["Message"]
    assert all_applications(sso, instance_arn) == []


def test_create_refuses_application_origin_without_url(sso: Any, instance_arn: str) -> None:
    with pytest.raises(ClientError) as error:
        sso.create_application(
            InstanceArn=instance_arn,
            ApplicationProviderArn=CUSTOM,
            Name="x",
            PortalOptions={"SignInOptions": {"Origin": "APPLICATION"}},
        )
    assert code(error) == "ValidationException"
    assert all_applications(sso, instance_arn) == []


def test_create_refuses_reserved_tags_and_makes_nothing(sso: Any, instance_arn: str) -> None:
    with pytest.raises(ClientError) as error:
        make_application(sso, instance_arn, Tags=[{"Key": "aws:owner", "Value": "x"}])
    assert code(error) == "ValidationException"
    assert all_applications(sso, instance_arn) == []


def test_create_in_unknown_instance_is_not_found(sso: Any) -> None:
    with pytest.raises(ClientError) as error:
        make_application(sso, "arn:aws:sso:::instance/ssoins-0000000000000000")
    assert code(error) == "ResourceNotFoundException"


def test_create_refuses_bad_input_with_validation_errors(raw_sso: Any, instance_arn: str) -> None:
    with pytest.raises(ClientError) as error:
        raw_sso.create_application(
            InstanceArn=instance_arn, ApplicationProviderArn=CUSTOM, Name="", Status="ON"
        )
    assert code(error) == "ValidationException"
    assert "2 validation errors" in error.value.response["Error"]["Message"]


def test_describe_absent_application_is_not_found(sso: Any) -> None:
    with pytest.raises(ClientError) as error:
        sso.describe_application(ApplicationArn=MISSING_APP)
    assert code(error) == "ResourceNotFoundException"


# --- update -------------------------------------------------------------------------------


def test_update_changes_only_what_is_given(sso: Any, instance_arn: str) -> None:
    arn = make_application(
        sso, instance_arn, Description="before", PortalOptions={"Visibility": "DISABLED"}
    )
    sso.update_application(ApplicationArn=arn, Name="renamed")
    described = sso.describe_application(ApplicationArn=arn)
    assert (described["Name"], described["Description"]) == ("renamed", "before")
    sso.update_application(
        ApplicationArn=arn,
        Description="after",
        Status="DISABLED",
        PortalOptions={
            "SignInOptions": {"Origin": "APPLICATION", "ApplicationUrl": "https://app.example.com"}
        },
    )
    described = sso.describe_application(ApplicationArn=arn)
    assert described["Name"] == "renamed"
    assert described["Description"] == "after"
    assert described["Status"] == "DISABLED"
    assert described["PortalOptions"] == {
        "Visibility": "DISABLED",
        "SignInOptions": {"Origin": "APPLICATION", "ApplicationUrl": "https://app.example.com"},
    }


def test_update_cannot_change_visibility(sso: Any, app_arn: str) -> None:
    """UpdateApplicationPortalOptions has SignInOptions only: a Visibility sent anyway (boto3
    cannot even serialize one) is not a member of the update and changes nothing."""
    from ssoadmin_mock.responses import call

    params = {
        "ApplicationArn": app_arn,
        "PortalOptions": {"Visibility": "DISABLED", "SignInOptions": {"Origin": "IDENTITY_CENTER"}},
    }
    assert call("UpdateApplication", params, "123456789012", "us-east-1") == {}
    described = sso.describe_application(ApplicationArn=app_arn)
    assert described["PortalOptions"] == {
        "Visibility": "ENABLED",
        "SignInOptions": {"Origin": "IDENTITY_CENTER"},
    }


def test_update_refuses_application_origin_without_url(sso: Any, app_arn: str) -> None:
    before = sso.describe_application(ApplicationArn=app_arn)
    with pytest.raises(ClientError) as error:
        sso.update_application(
            ApplicationArn=app_arn,
            Name="changed",
            PortalOptions={"SignInOptions": {"Origin": "APPLICATION"}},
        )
    assert code(error) == "ValidationException"
    after = sso.describe_application(ApplicationArn=app_arn)
    assert after["Name"] == before["Name"]
    assert after["PortalOptions"] == before["PortalOptions"]


def test_update_absent_application_is_not_found(sso: Any) -> None:
    with pytest.raises(ClientError) as error:
        sso.update_application(ApplicationArn=MISSING_APP, Name="x")
    assert code(error) == "ResourceNotFoundException"


# --- list ---------------------------------------------------------------------------------


def test_list_applications_in_creation_order_and_pages(sso: Any, instance_arn: str) -> None:
    arns = [make_application(sso, instance_arn, name=f"app-{n}") for n in range(5)]
    first = sso.list_applications(InstanceArn=instance_arn, MaxResults=2)
    assert [a["ApplicationArn"] for a in first["Applications"]] == arns[:2]
    listed = [
        a["ApplicationArn"]
        for a in all_applications(sso, instance_arn, PaginationConfig={"PageSize": 2})
    ]
    assert listed == arns


def test_list_applications_page_holds_at_most_fifty(sso: Any, instance_arn: str) -> None:
    for n in range(51):
        make_application(sso, instance_arn, name=f"app-{n}")
    page = sso.list_applications(InstanceArn=instance_arn, MaxResults=100)
    assert len(page["Applications"]) == 50
    rest = sso.list_applications(InstanceArn=instance_arn, NextToken=page["NextToken"])
    assert len(rest["Applications"]) == 1
    assert "NextToken" not in rest


def test_list_applications_filters(sso: Any, instance_arn: str, app_arn: str) -> None:
    by_provider = all_applications(sso, instance_arn, Filter={"ApplicationProvider": CUSTOM})
    assert [a["ApplicationArn"] for a in by_provider] == [app_arn]
    assert all_applications(sso, instance_arn, Filter={"ApplicationProvider": REDSHIFT}) == []
    mine = all_applications(sso, instance_arn, Filter={"ApplicationAccount": "123456789012"})
    assert [a["ApplicationArn"] for a in mine] == [app_arn]
    assert all_applications(sso, instance_arn, Filter={"ApplicationAccount": "210987654321"}) == []


def test_list_applications_token_belongs_to_its_filter(sso: Any, instance_arn: str) -> None:
    for n in range(3):
        make_application(sso, instance_arn, name=f"app-{n}")
    page = sso.list_applications(InstanceArn=instance_arn, MaxResults=1)
    with pytest.raises(ClientError) as error:
        sso.list_applications(
            InstanceArn=instance_arn,
            NextToken=page["NextToken"],
            Filter={"ApplicationProvider": CUSTOM},
        )
    assert code(error) == "ValidationException"


def test_list_applications_of_unknown_instance_is_denied(sso: Any) -> None:
    """ListApplications models no ResourceNotFoundException: AWS answers AccessDenied."""
    with pytest.raises(ClientError) as error:
        sso.list_applications(InstanceArn="arn:aws:sso:::instance/ssoins-0000000000000000")
    assert code(error) == "AccessDeniedException"


# --- tags and delete ------------------------------------------------------------------------


def test_tag_and_untag_application(sso: Any, instance_arn: str, app_arn: str) -> None:
    sso.tag_resource(
        InstanceArn=instance_arn, ResourceArn=app_arn, Tags=[{"Key": "env", "Value": "prod"}]
    )
    assert sso.list_tags_for_resource(InstanceArn=instance_arn, ResourceArn=app_arn)["Tags"] == [
        {"Key": "env", "Value": "prod"}
    ]
    sso.untag_resource(InstanceArn=instance_arn, ResourceArn=app_arn, TagKeys=["env"])
    assert sso.list_tags_for_resource(InstanceArn=instance_arn, ResourceArn=app_arn)["Tags"] == []


def test_tagging_absent_application_is_not_found(sso: Any, instance_arn: str) -> None:
    arn = (
        instance_arn.replace(":::instance/", "::123456789012:application/")
        + "/apl-0000000000000000"
    )
    with pytest.raises(ClientError) as error:
        sso.tag_resource(
            InstanceArn=instance_arn, ResourceArn=arn, Tags=[{"Key": "k", "Value": "v"}]
        )
    assert code(error) == "ResourceNotFoundException"


def test_delete_application(sso: Any, instance_arn: str, app_arn: str) -> None:
    sso.delete_application(ApplicationArn=app_arn)
    assert all_applications(sso, instance_arn) == []
    with pytest.raises(ClientError) as error:
        sso.describe_application(ApplicationArn=app_arn)
    assert code(error) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as error:
        sso.delete_application(ApplicationArn=app_arn)
    assert code(error) == "ResourceNotFoundException"
    assert get_backend().tags.get(app_arn) == {}


def test_deleting_the_instance_drops_its_applications(sso: Any, instance_arn: str) -> None:
    arn = make_application(sso, instance_arn, Tags=[{"Key": "k", "Value": "v"}])
    sso.delete_instance(InstanceArn=instance_arn)
    backend = get_backend()
    assert arn not in backend.application_store.by_arn
    assert backend.tags.get(arn) == {}
    with pytest.raises(ClientError) as error:
        sso.describe_application(ApplicationArn=arn)
    assert code(error) == "ResourceNotFoundException"


# --- a realistic OAuth application, from provider to grant and back ------------------------


def test_customer_managed_oauth_application_walkthrough(
    sso: Any, identitystore: Any, instance: dict[str, Any]
) -> None:
    instance_arn = instance["InstanceArn"]
    store = instance["IdentityStoreId"]

    # 1. Pick the provider for customer managed OAuth 2.0 applications.
    providers = sso.list_application_providers()["ApplicationProviders"]
    provider = next(
        p
        for p in providers
        if p["FederationProtocol"] == "OAUTH" and p["ApplicationProviderArn"].endswith("/custom")
    )
    provider_arn = provider["ApplicationProviderArn"]
    assert (
        sso.describe_application_provider(ApplicationProviderArn=provider_arn)["FederationProtocol"]
        == "OAUTH"
    )

    # 2. Create the application, shown in the portal, users sent to the app itself.
    app = sso.create_application(
        InstanceArn=instance_arn,
        ApplicationProviderArn=provider_arn,
        Name="Analytics portal",
        PortalOptions={
            "Visibility": "ENABLED",
            "SignInOptions": {
                "Origin": "APPLICATION",
                "ApplicationUrl": "https://analytics.example.com",
            },
        },
        ClientToken="analytics-1",
    )["ApplicationArn"]

    # 3. Only assigned people may use it; assign a group and a user.
    sso.put_application_assignment_configuration(ApplicationArn=app, AssignmentRequired=True)
    group = identitystore.create_group(IdentityStoreId=store, DisplayName="analysts")["GroupId"]
    user = identitystore.create_user(
        IdentityStoreId=store,
        UserName="ana",
        DisplayName="Ana",
        Name={"GivenName": "Ana", "FamilyName": "Lyst"},
    )["UserId"]
    sso.create_application_assignment(ApplicationArn=app, PrincipalId=group, PrincipalType="GROUP")
    sso.create_application_assignment(ApplicationArn=app, PrincipalId=user, PrincipalType="USER")

    # 4. What the application may ask for, and how a backend service authenticates to it.
    sso.put_application_access_scope(ApplicationArn=app, Scope="openid")
    sso.put_application_access_scope(
        ApplicationArn=app, Scope="redshift:connect", AuthorizedTargets=[app]
    )
    sso.put_application_authentication_method(
        ApplicationArn=app,
        AuthenticationMethodType="IAM",
        AuthenticationMethod={"Iam": {"ActorPolicy": POLICY}},
    )

    # 5. The grants: browser sign-in, refresh, exchange, and tokens from an external IdP.
    issuer = sso.create_trusted_token_issuer(
        InstanceArn=instance_arn,
        Name="corporate-idp",
        TrustedTokenIssuerType="OIDC_JWT",
        TrustedTokenIssuerConfiguration={
            "OidcJwtConfiguration": {
                "IssuerUrl": "https://idp.example.com",
                "ClaimAttributePath": "email",
                "IdentityStoreAttributePath": "emails.value",
                "JwksRetrievalOption": "OPEN_ID_DISCOVERY",
            }
        },
    )["TrustedTokenIssuerArn"]
    grants = {
        "authorization_code": {
            "AuthorizationCode": {"RedirectUris": ["https://analytics.example.com/callback"]}
        },
        "refresh_token": {"RefreshToken": {}},
        "urn:ietf:params:oauth:grant-type:token-exchange": {"TokenExchange": {}},
        "urn:ietf:params:oauth:grant-type:jwt-bearer": {
            "JwtBearer": {
                "AuthorizedTokenIssuers": [
                    {"TrustedTokenIssuerArn": issuer, "AuthorizedAudiences": ["analytics"]}
                ]
            }
        },
    }
    for grant_type, grant in grants.items():
        sso.put_application_grant(ApplicationArn=app, GrantType=grant_type, Grant=grant)
    sso.put_application_session_configuration(
        ApplicationArn=app, UserBackgroundSessionApplicationStatus="DISABLED"
    )

    # Everything reads back as configured.
    listed = sso.list_application_grants(ApplicationArn=app)["Grants"]
    assert {g["GrantType"]: g["Grant"] for g in listed} == grants
    assert [
        s["Scope"] for s in sso.list_application_access_scopes(ApplicationArn=app)["Scopes"]
    ] == ["openid", "redshift:connect"]
    method = sso.get_application_authentication_method(
        ApplicationArn=app, AuthenticationMethodType="IAM"
    )
    assert method["AuthenticationMethod"]["Iam"]["ActorPolicy"] == POLICY
    mine = sso.list_application_assignments_for_principal(
        InstanceArn=instance_arn, PrincipalId=user, PrincipalType="USER"
    )["ApplicationAssignments"]
    assert mine == [{"ApplicationArn": app, "PrincipalId": user, "PrincipalType": "USER"}]
    assert (
        sso.get_application_session_configuration(ApplicationArn=app)[
            "UserBackgroundSessionApplicationStatus"
        ]
        == "DISABLED"
    )

    # And back: revoke, remove, delete.
    sso.delete_application_grant(ApplicationArn=app, GrantType="refresh_token")
    sso.delete_application_assignment(ApplicationArn=app, PrincipalId=user, PrincipalType="USER")
    assert len(sso.list_application_assignments(ApplicationArn=app)["ApplicationAssignments"]) == 1
    sso.delete_application(ApplicationArn=app)
    for call in (
        lambda: sso.describe_application(ApplicationArn=app),
        lambda: sso.list_application_grants(ApplicationArn=app),
        lambda: sso.get_application_grant(ApplicationArn=app, GrantType="authorization_code"),
        lambda: sso.list_application_assignments(ApplicationArn=app),
    ):
        with pytest.raises(ClientError) as error:
            call()
        assert code(error) == "ResourceNotFoundException"
    assert (
        sso.list_application_assignments_for_principal(
            InstanceArn=instance_arn, PrincipalId=group, PrincipalType="GROUP"
        )["ApplicationAssignments"]
        == []
    )
