"""Requests a mock answers carry their credential scope, not a SigV4 signature, while IAM
authorization is off (`ssoadmin_mock.signing`); every other case signs as botocore does."""

from __future__ import annotations

from typing import Any

import botocore.session
import pytest
from botocore import UNSIGNED
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.credentials import CredentialResolver
from botocore.exceptions import NoCredentialsError
from moto.core import set_initial_no_auth_action_count

from ssoadmin_mock import mock_ssoadmin, signing

from .conftest import client


class Recorder:
    """A ``before-send`` hook recording the headers of each request (and answering none)."""

    def __init__(self) -> None:
        self.headers: list[dict[str, str]] = []

    def __call__(self, request: Any, **kwargs: Any) -> None:
        self.headers.append(
            {
                key: value.decode() if isinstance(value, bytes) else value
                for key, value in request.headers.items()
            }
        )


def store_id() -> str:
    """The default instance's identity store (older models lack ListIdentityStores)."""
    return str(client("sso-admin").list_instances()["Instances"][0]["IdentityStoreId"])


def recorded(a_client: Any) -> Recorder:
    recorder = Recorder()
    a_client.meta.events.register_first("before-send", recorder)
    return recorder


def test_a_mocked_call_carries_the_scope_and_no_signature() -> None:
    with mock_ssoadmin():
        sso_admin = client("sso-admin", "eu-west-1")
        recorder = recorded(sso_admin)
        sso_admin.list_instances()
    (headers,) = recorder.headers
    key = sso_admin._request_signer._credentials.access_key
    day = headers["X-Amz-Date"][:8]
    assert headers["Authorization"] == (
        f"AWS4-HMAC-SHA256 Credential={key}/{day}/eu-west-1/sso/aws4_request"
    )
    assert "Signature=" not in headers["Authorization"]
    assert "X-Amz-Security-Token" not in headers


@pytest.mark.parametrize(
    ("service_name", "scope"), [("identitystore", "identitystore"), ("sso-admin", "sso")]
)
def test_temporary_credentials_send_their_token(service_name: str, scope: str) -> None:
    with mock_ssoadmin():
        a_client = client(
            service_name,
            aws_access_key_id="ASIAEXAMPLEKEY",
            aws_secret_access_key="secret",
            aws_session_token="the-token",
        )
        recorder = recorded(a_client)
        if service_name == "identitystore":
            a_client.list_users(IdentityStoreId=store_id())
        else:
            a_client.list_instances()
    (headers,) = recorder.headers
    assert headers["X-Amz-Security-Token"] == "the-token"
    assert (
        f"Credential=ASIAEXAMPLEKEY/{headers['X-Amz-Date'][:8]}/us-east-1/{scope}/"
        in (headers["Authorization"])
    )


def test_the_scope_still_names_the_callers_account() -> None:
    with mock_ssoadmin():
        assumed = client("sts").assume_role(
            RoleArn="arn:aws:iam::222222222222:role/deployer", RoleSessionName="deploy"
        )["Credentials"]
        theirs = client(
            "sso-admin",
            aws_access_key_id=assumed["AccessKeyId"],
            aws_secret_access_key=assumed["SecretAccessKey"],
            aws_session_token=assumed["SessionToken"],
        )
        ours = client("sso-admin")
        (their_instance,) = theirs.list_instances()["Instances"]
        (our_instance,) = ours.list_instances()["Instances"]
    assert their_instance["OwnerAccountId"] == "222222222222"
    assert our_instance["OwnerAccountId"] == "123456789012"


def test_with_iam_authorization_on_requests_are_signed() -> None:
    @mock_ssoadmin
    @set_initial_no_auth_action_count(100)
    def call() -> dict[str, str]:
        sso_admin = client("sso-admin")
        recorder = recorded(sso_admin)
        sso_admin.list_instances()
        return recorder.headers[0]

    headers = call()
    assert "Signature=" in headers["Authorization"]
    assert "SignedHeaders=" in headers["Authorization"]


class _Body:
    def stream(self, **kwargs: Any) -> Any:
        yield b"{}"


def canned(request: Any, **kwargs: Any) -> AWSResponse:
    return AWSResponse(request.url, 200, {}, _Body())


def test_outside_a_mock_requests_are_signed() -> None:
    sso_admin = client("sso-admin", aws_access_key_id="AKIAX", aws_secret_access_key="s")
    recorder = recorded(sso_admin)
    sso_admin.meta.events.register_last("before-send", canned)  # nothing leaves the machine
    sso_admin.list_instances()
    assert "Signature=" in recorder.headers[0]["Authorization"]


def test_presigned_urls_are_signed_under_a_mock() -> None:
    with mock_ssoadmin():
        url = client("sso-admin").generate_presigned_url("list_instances")
    assert "X-Amz-Signature=" in url


def test_an_unsigned_client_stays_unsigned() -> None:
    with mock_ssoadmin():
        sso_admin = client("sso-admin", config=Config(signature_version=UNSIGNED))
        recorder = recorded(sso_admin)
        sso_admin.list_instances()
    assert "Authorization" not in recorder.headers[0]


def test_without_credentials_botocore_still_refuses_to_send() -> None:
    session = botocore.session.get_session()
    session.register_component("credential_provider", CredentialResolver(providers=[]))
    with mock_ssoadmin():
        sso_admin = session.create_client("sso-admin", region_name="us-east-1")
        recorder = recorded(sso_admin)
        with pytest.raises(NoCredentialsError):
            sso_admin.list_instances()
    assert recorder.headers == []


def test_the_signature_version_is_one_botocore_knows() -> None:
    import botocore.auth

    assert botocore.auth.AUTH_TYPE_MAPS[signing.SCOPE_ONLY] is signing.ScopeOnlyAuth


def test_under_motos_own_mock_too() -> None:
    from moto import mock_aws

    with mock_aws():
        identitystore = client("identitystore")
        recorder = recorded(identitystore)
        identitystore.list_users(IdentityStoreId=store_id())
        iam = client("iam")
        other = recorded(iam)
        iam.list_users()
    assert "Signature=" not in recorder.headers[0]["Authorization"]
    assert "Signature=" in other.headers[0]["Authorization"]  # moto's own services: signed
