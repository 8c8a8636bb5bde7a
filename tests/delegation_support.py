"""Helpers shared by the tests of delegated administration (`ssoadmin_mock.delegation`):
an organization whose member account is IAM Identity Center's delegated administrator, and
clients acting in an account through a role session there (plain functions: the fixtures
stay in each test module)."""

from __future__ import annotations

from typing import Any

from .conftest import REGION, client

PRINCIPAL = "sso.amazonaws.com"
ROLE = "OrganizationAccountAccessRole"


def as_account(
    service: str,
    account: str,
    session_name: str = "bootstrap",
    region: str = REGION,
    **options: Any,
) -> Any:
    """A client of `service` in `account`, through a role session there."""
    credentials = client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/{ROLE}", RoleSessionName=session_name
    )["Credentials"]
    return client(
        service,
        region,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        **options,
    )


def member(organizations: Any, name: str) -> str:
    """A new member account of the organization, named `name`."""
    status = organizations.create_account(AccountName=name, Email=f"{name}@example.com")
    return str(status["CreateAccountStatus"]["AccountId"])


def delegated_organization(*others: str) -> tuple[str, ...]:
    """An organization of the caller's (the management account), with a member account
    "identity" registered as IAM Identity Center's delegated administrator and a member
    account for each of `others`: their ids, the delegated administrator's first."""
    organizations = client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    delegated = member(organizations, "identity")
    organizations.register_delegated_administrator(AccountId=delegated, ServicePrincipal=PRINCIPAL)
    return (delegated, *(member(organizations, name) for name in others))
