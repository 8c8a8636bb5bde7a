"""The ways to switch the mock on, moto interop, and how requests reach the backend."""

from __future__ import annotations

import json
import unittest
from typing import Any

import boto3
import pytest
import requests
from botocore.exceptions import ClientError
from moto import mock_aws

from ssoadmin_mock import (
    SSOAdminBackend,
    get_backend,
    mock_ssoadmin,
    operations,
    responses,
    settings,
)
from ssoadmin_mock.backend import ssoadmin_backends
from ssoadmin_mock.responses import dispatch


def replace_handler(monkeypatch: pytest.MonkeyPatch, operation: str, function: Any) -> None:
    """Serve `operation` with `function` (None: no handler) for one test."""
    registration = operations.handler(operation)
    assert registration is not None
    monkeypatch.setitem(
        operations._REGISTRY, ("sso-admin", operation), registration._replace(function=function)
    )
    responses._binding.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_bindings() -> Any:
    yield
    responses._binding.cache_clear()

REGION = "us-east-1"


def _sso() -> Any:
    return boto3.client("sso-admin", region_name=REGION)


def _tag_default_instance(value: str) -> str:
    sso = _sso()
    arn: str = sso.list_instances()["Instances"][0]["InstanceArn"]
    sso.tag_resource(ResourceArn=arn, Tags=[{"Key": "mark", "Value": value}])
    return arn


@mock_ssoadmin
def test_function_decorator() -> None:
    arn = _tag_default_instance("decorated")
    assert _sso().list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "mark", "Value": "decorated"}
    ]


@mock_ssoadmin(default_instance=False)
def test_decorator_with_switches() -> None:
    assert _sso().list_instances()["Instances"] == []


def test_context_manager_gives_fresh_state_each_time() -> None:
    with mock_ssoadmin():
        first = _tag_default_instance("one")
    with mock_ssoadmin():
        sso = _sso()
        second = sso.list_instances()["Instances"][0]["InstanceArn"]
        assert second != first
        assert sso.list_tags_for_resource(ResourceArn=second)["Tags"] == []


def test_start_and_stop() -> None:
    mock = mock_ssoadmin()
    mock.start()
    try:
        assert len(_sso().list_instances()["Instances"]) == 1
    finally:
        mock.stop()
    assert dict(ssoadmin_backends) == {}


def test_switches_last_only_for_the_mock() -> None:
    with mock_ssoadmin(default_instance=False, async_reads=3):
        assert settings.default_instance is False
        assert settings.async_status.reads == 3
    assert settings.default_instance is True
    assert settings.async_status.reads == 0


def test_unknown_switch_is_refused() -> None:
    with pytest.raises(TypeError, match="no_such_switch"):
        mock_ssoadmin(no_such_switch=True)


@mock_ssoadmin
class TestClassDecorator(unittest.TestCase):
    def setUp(self) -> None:
        self.sso = _sso()
        self.arn = _tag_default_instance("setup")

    def test_state_from_setup_is_visible(self) -> None:
        tags = self.sso.list_tags_for_resource(ResourceArn=self.arn)["Tags"]
        self.assertEqual(tags, [{"Key": "mark", "Value": "setup"}])

    def test_each_method_gets_its_own_world(self) -> None:
        instances = self.sso.list_instances()["Instances"]
        self.assertEqual([i["InstanceArn"] for i in instances], [self.arn])


@mock_ssoadmin
class TestPlainClassDecorator:
    def test_method_is_mocked(self) -> None:
        assert len(_sso().list_instances()["Instances"]) == 1


def test_moto_mock_aws_serves_this_library() -> None:
    with mock_aws():
        sso = _sso()
        arn = sso.list_instances()["Instances"][0]["InstanceArn"]
        assert get_backend("123456789012", REGION).instances.find(arn) is not None
        assert isinstance(get_backend("123456789012", REGION), SSOAdminBackend)
        from moto.backends import get_backend as moto_get_backend

        assert moto_get_backend("sso-admin") is ssoadmin_backends


def test_same_world_as_moto_services(mock_account: str = "123456789012") -> None:
    with mock_ssoadmin():
        identitystore = boto3.client("identitystore", region_name=REGION)
        store = _sso().list_instances()["Instances"][0]["IdentityStoreId"]
        identitystore.create_group(IdentityStoreId=store, DisplayName="admins")
        groups = identitystore.list_groups(IdentityStoreId=store)["Groups"]
        assert [g["DisplayName"] for g in groups] == ["admins"]


def test_account_comes_from_moto_account_id(monkeypatch: pytest.MonkeyPatch) -> None:
    with mock_ssoadmin():
        monkeypatch.setenv("MOTO_ACCOUNT_ID", "111122223333")
        instance = _sso().list_instances()["Instances"][0]
        assert instance["OwnerAccountId"] == "111122223333"
        assert get_backend("111122223333", REGION).instances.find(instance["InstanceArn"])


def test_account_comes_from_the_iam_access_key() -> None:
    with mock_ssoadmin():
        iam = boto3.client("iam", region_name=REGION)
        # moto maps an access key of a user in another account to that account
        boto3.client("organizations", region_name=REGION).create_organization(FeatureSet="ALL")
        iam.create_user(UserName="robot")
        key = iam.create_access_key(UserName="robot")["AccessKey"]
        sso = boto3.client(
            "sso-admin",
            region_name=REGION,
            aws_access_key_id=key["AccessKeyId"],
            aws_secret_access_key=key["SecretAccessKey"],
        )
        assert sso.list_instances()["Instances"][0]["OwnerAccountId"] == "123456789012"


def test_requests_through_http_libraries_reach_the_backend() -> None:
    """moto also intercepts `requests`; those go through moto's URL routing to our dispatcher."""
    with mock_ssoadmin():
        response = requests.post(
            f"https://sso.{REGION}.amazonaws.com/",
            data="{}",
            headers={
                "X-Amz-Target": "SWBExternalService.ListInstances",
                "Content-Type": "application/x-amz-json-1.1",
            },
            timeout=5,
        )
        assert response.status_code == 200
        assert len(response.json()["Instances"]) == 1
        response = requests.post(
            f"https://sso.{REGION}.amazonaws.com/",
            data="{}",
            headers={"X-Amz-Target": "SWBExternalService.NoSuchThing"},
            timeout=5,
        )
        assert response.status_code == 400
        assert response.json()["__type"] == "UnknownOperationException"


def test_http_libraries_are_intercepted_in_every_run_and_no_run_sees_anothers_calls() -> None:
    """The URL callbacks moto hands to `responses` are made once and registered again on each
    start (`moto_bridge.start_http_patching`): every run intercepts `requests`, as moto's
    own start does, with the same callbacks in moto's order, and starts with no recorded
    calls."""
    from moto import mock_aws
    from moto.core.models import responses_mock
    from requests.adapters import HTTPAdapter

    unpatched = HTTPAdapter.send

    def list_users() -> requests.Response:
        return requests.post(
            "https://iam.amazonaws.com/",
            data="Action=ListUsers&Version=2010-05-08",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            timeout=5,
        )

    with mock_aws():  # moto's own start: its callbacks, as moto makes them
        motos = [(r.method, str(r.url)) for r in responses_mock.registered()]
    seen = []
    for _ in range(2):
        with mock_ssoadmin():
            registered = responses_mock.registered()
            assert [(r.method, str(r.url)) for r in registered] == motos
            assert sum(r.call_count for r in registered) == 0
            response = list_users()
            assert response.status_code == 200
            assert "<ListUsersResponse" in response.text
            seen.append(sum(r.call_count for r in registered))
    assert seen == [1, 1]
    # and none once it stops: `requests` sends for real again, with nothing registered
    assert HTTPAdapter.send is unpatched
    assert not responses_mock.registered()


def test_dispatch_never_raises() -> None:
    with mock_ssoadmin():
        status, _, body = dispatch("SWBExternalService.ListInstances", b"[1, 2]", {})
        assert (status, json.loads(body)["__type"]) == (400, "SerializationException")
        status, _, body = dispatch("SWBExternalService.ListInstances", b"{not json", {})
        assert (status, json.loads(body)["__type"]) == (400, "SerializationException")
        status, _, body = dispatch(None, b"{}", {})
        assert (status, json.loads(body)["__type"]) == (400, "UnknownOperationException")
        status, _, body = dispatch("Other.ListInstances", b"{}", {})
        assert (status, json.loads(body)["__type"]) == (400, "UnknownOperationException")


def test_a_bug_answers_internal_server_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    replace_handler(monkeypatch, "ListInstances", broken)
    with mock_ssoadmin():
        status, _, body = dispatch("SWBExternalService.ListInstances", b"{}", {})
        assert status == 500
        assert json.loads(body)["__type"] == "InternalServerException"


def test_operation_not_built_answers_a_clear_client_error(monkeypatch: pytest.MonkeyPatch) -> None:
    replace_handler(monkeypatch, "ListInstances", None)
    with mock_ssoadmin():
        sso = _sso()
        with pytest.raises(ClientError) as caught:
            sso.list_instances()
        error = caught.value.response["Error"]
        assert error["Code"] == "NotYetImplementedException"
        assert "ListInstances" in error["Message"]
        assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_a_member_the_backend_does_not_take_is_a_clear_client_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As when a newer botocore models a member this version's backend does not know."""
    def describe_instance(self: Any) -> Any:  # takes no InstanceArn
        return {"InstanceArn": "x"}

    replace_handler(monkeypatch, "DescribeInstance", describe_instance)
    responses._binding.cache_clear()
    try:
        with mock_ssoadmin():
            sso = _sso()
            assert sso.list_instances(MaxResults=5)["Instances"] != []
            with pytest.raises(ClientError) as caught:
                sso.describe_instance(InstanceArn="arn:aws:sso:::instance/ssoins-1234567890abcdef")
            error = caught.value.response["Error"]
            assert error["Code"] == "NotYetImplementedException"
            assert "InstanceArn of the sso-admin operation DescribeInstance" in error["Message"]
    finally:
        responses._binding.cache_clear()


def test_answers_are_encoded_as_compact_json_would_encode_them() -> None:
    """The dispatcher's encoder (json's C scanner, made once) writes what
    ``json.dumps(..., separators=(",", ":"))`` writes, non-ASCII text and floats included."""
    import json

    from ssoadmin_mock import responses as dispatcher

    body = {
        "Name": "Zoë \u00e9\u4e2d\U0001f600 \"quoted\" \\ back",
        "Nested": [{"A": 1, "B": 1.5, "C": None, "D": True}, []],
        "Empty": {},
        "When": 1764680000.123456,
    }
    assert dispatcher._encode(body) == json.dumps(body, separators=(",", ":")).encode()
    assert json.loads(dispatcher._encode(body)) == body


def test_moto_lists_regions_through_boto3s_default_session_once_there_is_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A process's first call reads no botocore data its client has not read: moto's Region
    listing goes through boto3's default session when there is one, its own otherwise; the
    Regions are the same either way."""
    import boto3
    from moto.core.base_backend import AccountSpecificBackend

    default = boto3.session.Session()
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", default)
    assert AccountSpecificBackend.get_session() is default
    through_default = default.get_available_regions("sso-admin")
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    own = AccountSpecificBackend.get_session()
    assert own is not default and isinstance(own, boto3.session.Session)
    assert own.get_available_regions("sso-admin") == through_default
    assert "us-east-1" in through_default


def test_the_canonical_text_is_what_sorted_json_dumps_writes() -> None:
    """ClientToken fingerprints (`jsontext.canonical`, json's C encoder made once with keys
    sorted) are what ``json.dumps(..., sort_keys=True, default=str)`` writes."""
    import datetime
    import json

    from ssoadmin_mock.jsontext import canonical

    value = {
        "b": [1, {"z": None, "y": "Zoë 中"}],
        "a": {"d": 1.5, "c": True},
        "when": datetime.datetime(2026, 12, 2, 16, 30),
    }
    assert canonical(value) == json.dumps(
        value, sort_keys=True, separators=(",", ":"), default=str
    )
    assert canonical({"x": 1, "y": 2}) == canonical({"y": 2, "x": 1})
