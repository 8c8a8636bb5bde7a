"""botocore's own SSO credential provider against the mock: a profile with ``sso_session``,
``sso_account_id`` and ``sso_role_name``, and the token cache ``aws sso login`` writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import botocore.tokens
import pytest
from botocore.exceptions import UnauthorizedSSOTokenError

from ssoadmin_mock import portal

from .signin_support import S3_READ, TARGET, Directory
from .test_authorization import iam_authorization


@pytest.fixture
def profile(mock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Directory:
    """A user holding S3Reader in TARGET, and the profile ``dev`` of the session ``corp``;
    botocore's token cache in `tmp_path` (its path is fixed when botocore is imported)."""
    directory = Directory()
    alice = directory.user("alice")
    directory.assign(directory.permission_set("S3Reader", inline=S3_READ), alice)
    config = tmp_path / "config"
    config.write_text(
        "[profile dev]\n"
        "sso_session = corp\n"
        f"sso_account_id = {TARGET}\n"
        "sso_role_name = S3Reader\n"
        "region = us-east-1\n"
        "\n"
        "[sso-session corp]\n"
        f"sso_start_url = {directory.start_url}\n"
        "sso_region = us-east-1\n"
        "sso_registration_scopes = sso:account:access\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(
        botocore.tokens.SSOTokenProvider, "_SSO_TOKEN_CACHE_DIR", str(tmp_path / "sso")
    )
    return directory


def test_a_profile_gets_the_permission_sets_credentials(profile: Directory) -> None:
    cached = portal.sso_login("corp", "alice", start_url=profile.start_url)
    assert cached.parent.name == "sso" and cached.name.endswith(".json")

    session = boto3.Session(profile_name="dev")
    identity = session.client("sts").get_caller_identity()
    assert identity["Account"] == TARGET
    role = f"arn:aws:sts::{TARGET}:assumed-role/AWSReservedSSO_S3Reader_"
    assert identity["Arn"].startswith(role)
    assert identity["Arn"].endswith("/alice")
    with iam_authorization():
        assert session.client("s3").list_buckets()["Buckets"] == []
        with pytest.raises(session.client("s3").exceptions.ClientError):
            session.client("s3").create_bucket(Bucket="denied")


def test_a_token_near_expiry_is_refreshed_through_sso_oidc(profile: Directory) -> None:
    cached = portal.sso_login("corp", "alice", start_url=profile.start_url, expires_in=60)
    before = json.loads(cached.read_text())

    session = boto3.Session(profile_name="dev")
    assert session.client("sts").get_caller_identity()["Account"] == TARGET
    after = json.loads(cached.read_text())
    assert after["accessToken"] != before["accessToken"]
    assert after["refreshToken"] != before["refreshToken"]
    assert after["expiresAt"] > before["expiresAt"]
    # the new token is the portal's; the refresh spent the old refresh token
    accounts = profile.portal.list_accounts(accessToken=after["accessToken"])["accountList"]
    assert [a["accountId"] for a in accounts] == [TARGET]


def test_a_logged_out_token_gives_no_credentials(profile: Directory) -> None:
    cached = portal.sso_login("corp", "alice", start_url=profile.start_url)
    profile.portal.logout(accessToken=json.loads(cached.read_text())["accessToken"])
    session = boto3.Session(profile_name="dev")
    with pytest.raises(UnauthorizedSSOTokenError):
        session.client("sts").get_caller_identity()
