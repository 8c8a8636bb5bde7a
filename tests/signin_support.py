"""Shared set-up of the sign-in tests: an instance with users, groups, permission sets and
assignments, made with boto3 as a user's suite makes them."""

from __future__ import annotations

import json
from typing import Any

from botocore.config import Config

from .conftest import client
from .delegation_support import as_account

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
TARGET = "111111111111"
ONE_ATTEMPT = Config(retries={"total_max_attempts": 1})
#: the policy of the S3Reader permission set: S3's List actions. ``s3:List*`` covers what
#: AWS checks for ListBuckets (``s3:ListAllMyBuckets``) and what moto 5.2.6 checks for it
#: (``s3:ListBuckets``, the operation's name), so the tests hold on every supported moto
S3_READ = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["s3:List*"], "Resource": "*"}],
    }
)


def signed(credentials: dict[str, Any], service: str) -> Any:
    """A client of `service` signed with a GetRoleCredentials answer's credentials."""
    return client(
        service,
        aws_access_key_id=credentials["accessKeyId"],
        aws_secret_access_key=credentials["secretAccessKey"],
        aws_session_token=credentials["sessionToken"],
    )


class Directory:
    """An instance, its identity store and sso-admin, oidc and portal clients; the instance
    of `account` (its clients through a role session there), else of the account unsigned
    requests resolve to. The oidc and portal clients are unsigned either way."""

    def __init__(self, account: str | None = None) -> None:
        if account is None:
            self.admin = client("sso-admin", config=ONE_ATTEMPT)
            self.identity = client("identitystore")
        else:
            self.admin = as_account("sso-admin", account, config=ONE_ATTEMPT)
            self.identity = as_account("identitystore", account)
        self.oidc = client("sso-oidc", config=ONE_ATTEMPT)
        self.portal = client("sso", config=ONE_ATTEMPT)
        instance = self.admin.list_instances()["Instances"][0]
        self.instance_arn: str = instance["InstanceArn"]
        self.store_id: str = instance["IdentityStoreId"]
        self.start_url = f"https://{self.store_id}.awsapps.com/start"

    def user(self, name: str) -> str:
        user_id: str = self.identity.create_user(
            IdentityStoreId=self.store_id,
            UserName=name,
            DisplayName=name.title(),
            Name={"GivenName": name.title(), "FamilyName": "Tester"},
        )["UserId"]
        return user_id

    def group(self, name: str, *members: str) -> str:
        group_id: str = self.identity.create_group(IdentityStoreId=self.store_id, DisplayName=name)[
            "GroupId"
        ]
        for member in members:
            self.identity.create_group_membership(
                IdentityStoreId=self.store_id, GroupId=group_id, MemberId={"UserId": member}
            )
        return group_id

    def permission_set(
        self, name: str, inline: str | None = None, session: str = "PT1H"
    ) -> str:
        arn: str = self.admin.create_permission_set(
            InstanceArn=self.instance_arn, Name=name, SessionDuration=session
        )["PermissionSet"]["PermissionSetArn"]
        if inline is not None:
            self.admin.put_inline_policy_to_permission_set(
                InstanceArn=self.instance_arn, PermissionSetArn=arn, InlinePolicy=inline
            )
        return arn

    def assign(
        self, permission_set: str, principal: str, kind: str = "USER", account: str = TARGET
    ) -> dict[str, Any]:
        status: dict[str, Any] = self.admin.create_account_assignment(
            **self._assignment(permission_set, principal, kind, account)
        )["AccountAssignmentCreationStatus"]
        return status

    def unassign(
        self, permission_set: str, principal: str, kind: str = "USER", account: str = TARGET
    ) -> None:
        self.admin.delete_account_assignment(
            **self._assignment(permission_set, principal, kind, account)
        )

    def _assignment(
        self, permission_set: str, principal: str, kind: str, account: str
    ) -> dict[str, str]:
        return {
            "InstanceArn": self.instance_arn,
            "TargetId": account,
            "TargetType": "AWS_ACCOUNT",
            "PermissionSetArn": permission_set,
            "PrincipalType": kind,
            "PrincipalId": principal,
        }

    def register(self, **extra: Any) -> dict[str, Any]:
        registered: dict[str, Any] = self.oidc.register_client(
            clientName="tests", clientType="public", **extra
        )
        return registered

    def device_flow(self, user_name: str, client: dict[str, Any] | None = None) -> dict[str, Any]:
        """RegisterClient, StartDeviceAuthorization, approve, CreateToken: the token."""
        from ssoadmin_mock import portal

        client = client or self.register()
        device = self.oidc.start_device_authorization(
            clientId=client["clientId"],
            clientSecret=client["clientSecret"],
            startUrl=self.start_url,
        )
        portal.approve(device["userCode"], user_name)
        token: dict[str, Any] = self.oidc.create_token(
            clientId=client["clientId"],
            clientSecret=client["clientSecret"],
            grantType=DEVICE_GRANT,
            deviceCode=device["deviceCode"],
        )
        return token
