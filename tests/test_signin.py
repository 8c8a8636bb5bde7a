"""Signing in as an Identity Center user: sso-oidc's device flow, the access portal (sso), and
credentials of the permission set's role that moto honours."""

from __future__ import annotations

import json
import re
import string
from typing import Any

import pytest
from botocore.exceptions import ClientError
from hypothesis import given, settings
from hypothesis import strategies as st

from ssoadmin_mock import portal
from ssoadmin_mock.services.oidc import opaque, random_bytes, user_code_letters

from .conftest import client
from .signin_support import DEVICE_GRANT, S3_READ, TARGET, Directory, signed
from .test_authorization import iam_authorization


@pytest.fixture
def directory(mock: Any) -> Directory:
    return Directory()


def code_of(caught: pytest.ExceptionInfo[ClientError]) -> str:
    return str(caught.value.response["Error"]["Code"])


def test_the_whole_path_under_iam_authorization(directory: Directory) -> None:
    alice = directory.user("alice")
    reader = directory.permission_set("S3Reader", inline=S3_READ, session="PT2H")
    directory.assign(reader, alice)
    org = client("organizations")
    org.create_organization(FeatureSet="ALL")

    registered = directory.oidc.register_client(clientName="cli", clientType="public")
    assert registered["clientSecretExpiresAt"] > registered["clientIdIssuedAt"]
    device = directory.oidc.start_device_authorization(
        clientId=registered["clientId"],
        clientSecret=registered["clientSecret"],
        startUrl=directory.start_url,
    )
    assert device["verificationUriComplete"].endswith(f"user_code={device['userCode']}")
    assert re.fullmatch(r"[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}", device["userCode"])
    assert device["interval"] == 1 and device["expiresIn"] == 600
    with pytest.raises(directory.oidc.exceptions.AuthorizationPendingException) as pending:
        directory.oidc.create_token(
            clientId=registered["clientId"],
            clientSecret=registered["clientSecret"],
            grantType=DEVICE_GRANT,
            deviceCode=device["deviceCode"],
        )
    assert pending.value.response["error"] == "authorization_pending"
    portal.approve(device["userCode"], "alice")
    token = directory.oidc.create_token(
        clientId=registered["clientId"],
        clientSecret=registered["clientSecret"],
        grantType=DEVICE_GRANT,
        deviceCode=device["deviceCode"],
    )
    assert token["tokenType"] == "Bearer" and token["expiresIn"] == 3600
    access = token["accessToken"]

    assert directory.portal.list_accounts(accessToken=access)["accountList"] == [
        {"accountId": TARGET, "accountName": TARGET}
    ]
    roles = directory.portal.list_account_roles(accessToken=access, accountId=TARGET)
    assert roles["roleList"] == [{"roleName": "S3Reader", "accountId": TARGET}]
    credentials = directory.portal.get_role_credentials(
        accessToken=access, accountId=TARGET, roleName="S3Reader"
    )["roleCredentials"]

    with iam_authorization():
        identity = signed(credentials, "sts").get_caller_identity()
        assert identity["Account"] == TARGET
        assert identity["Arn"].startswith(
            f"arn:aws:sts::{TARGET}:assumed-role/AWSReservedSSO_S3Reader_"
        )
        assert identity["Arn"].endswith("/alice")
        s3 = signed(credentials, "s3")
        assert s3.list_buckets()["Buckets"] == []
        with pytest.raises(ClientError) as denied:
            s3.create_bucket(Bucket="not-allowed")
    assert code_of(denied) == "AccessDenied"


# --- the REST-JSON services are served like the others ---------------------------------------


@pytest.mark.parametrize("served", ["sso", "sso-oidc"])
def test_every_operation_has_one_handler_and_one_route(served: str) -> None:
    from ssoadmin_mock import operations, service

    registered = operations.registrations(served)
    assert sorted(registered) == sorted(service.operation_names(served))
    routes = [r for r in service.rest_routes() if r.service == served]
    assert sorted(r.operation for r in routes) == sorted(service.operation_names(served))
    for found in routes:
        model = service.operation_model(found.operation, served)
        path, _, query = model.http["requestUri"].partition("?")
        matched = service.route(model.http["method"], path, {"aws_iam": ["t"]} if query else {})
        assert matched is not None and matched[0] is found


@pytest.mark.parametrize(
    "url",
    [
        "https://oidc.us-east-1.amazonaws.com/token?aws_iam=t",
        "http://127.0.0.1:5000/token?aws_iam=t&other=1",
        "https://oidc.us-east-1.amazonaws.com/token",
        "https://oidc.us-east-1.amazonaws.com/token?aws_iam=f",
        "https://portal.sso.us-east-1.amazonaws.com/federation/credentials?role_name=R&account_id=1",
        "https://portal.sso.us-east-1.amazonaws.com/logout#fragment",
        "https://portal.sso.us-east-1.amazonaws.com/nowhere",
        "https://portal.sso.us-east-1.amazonaws.com",
        "/logout",
    ],
)
def test_a_request_is_routed_as_its_url_parsed_in_full_would_route_it(url: str) -> None:
    """The dispatcher splits botocore's URLs itself and remembers each path's routes: the
    same route, labels and query as `urllib.parse` and a fresh look-up give."""
    from urllib.parse import parse_qs, urlsplit

    from ssoadmin_mock import service
    from ssoadmin_mock.responses import rest_route

    parts = urlsplit(url)
    query = parse_qs(parts.query, keep_blank_values=True)
    for method in ("GET", "POST"):
        expected = [
            r
            for r in service.rest_routes()
            if r.labels_of(method, tuple(s for s in parts.path.split("/") if s)) is not None
            and r.takes_query(query)
        ]
        found = rest_route(method, url)
        if not expected:
            assert found is None
            continue
        assert found is not None
        assert found[0] == expected[0]
        assert {name: list(values) for name, values in found[2].items()} == query
        # remembered per URL: what it hands out is read-only, so no caller changes the next's
        assert rest_route(method, url) is found
        with pytest.raises(TypeError):
            found[1]["changed"] = "by the caller"  # type: ignore[index]
        with pytest.raises(TypeError):
            found[2]["changed"] = ("by the caller",)  # type: ignore[index]
        assert all(isinstance(values, tuple) for values in found[2].values())


def test_what_a_url_says_is_read_once_and_each_request_gets_its_own_members() -> None:
    """A remembered route carries the members its URL gives (the query's integers read as
    integers) and the Region its host names; each request's members start as a copy of
    them, with its own header's."""
    from ssoadmin_mock.responses import rest_route

    url = "https://portal.sso.eu-west-1.amazonaws.com/assignment/roles?account_id=1&max_result=5"
    found = rest_route("GET", url)
    assert found is not None and found.route.operation == "ListAccountRoles"
    assert dict(found.located) == {"accountId": "1", "maxResults": 5}
    assert found.region == "eu-west-1"
    first = found.route.params({"x-amz-sso_bearer_token": b"one"}, found.located, None)
    first["accountId"] = "changed by the handler"
    second = found.route.params({"x-amz-sso_bearer_token": "two"}, found.located, None)
    assert second == {"accountId": "1", "maxResults": 5, "accessToken": "two"}
    assert first["accessToken"] == "one"


def test_a_long_url_is_routed_without_being_remembered() -> None:
    """Routes are remembered per URL, but not for a URL longer than any client's (a query
    value of a megabyte would be kept for as long as the process runs)."""
    from ssoadmin_mock.responses import rest_route

    base = "https://portal.sso.us-east-1.amazonaws.com/assignment/roles?account_id="
    short, long = base + "111111111111", base + "1" * 100_000
    assert rest_route("GET", short) is rest_route("GET", short)
    first, again = rest_route("GET", long), rest_route("GET", long)
    assert first is not None and again is not None and first is not again
    assert first[0] is again[0] and first[2] == again[2]


def test_a_list_from_the_query_string_is_the_request_s_own_list() -> None:
    """The query a remembered route gives is read-only, its values tuples; a list member
    reaches the validator and the handler as a list of its own, as JSON would give it."""
    from types import MappingProxyType

    from ssoadmin_mock import service

    route = service.RestRoute(
        "sso", "Listing", "GET", ("things",), (), (("Things", "querystring", "thing", "list"),)
    )
    query = MappingProxyType({"thing": ("a", "b")})
    located = MappingProxyType(route.located(query, {}))
    params = route.params({}, located, None)
    assert params == {"Things": ["a", "b"]}
    assert params["Things"].__class__ is list
    assert route.params({}, located, None)["Things"] is not params["Things"]


@given(
    st.lists(
        st.tuples(
            st.text(alphabet="ab=&+%20é_-", max_size=6),
            st.sampled_from(["=", ""]),
            st.text(alphabet="ab=+%2Fé ._-", max_size=8),
        ),
        max_size=5,
    )
)
@settings(max_examples=200, deadline=None)
def test_a_query_string_is_read_as_parse_qs_reads_it(pairs: list[tuple[str, str, str]]) -> None:
    from urllib.parse import parse_qs

    from ssoadmin_mock.responses import _query

    text = "&".join(name + sign + value for name, sign, value in pairs)
    assert _query(text) == parse_qs(text, keep_blank_values=True)


# --- the set's managed and customer managed policies decide, under IAM authorization -------


def test_managed_and_customer_managed_policies_decide(directory: Directory) -> None:
    here = "123456789012"  # the target is the instance's own account: its IAM is `client("iam")`
    queues = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "sqs:ListQueues", "Resource": "*"}],
        }
    )
    client("iam").create_policy(PolicyName="ListQueues", PolicyDocument=queues)
    uma = directory.user("uma")
    arn = directory.permission_set("Mixed")
    directory.admin.attach_managed_policy_to_permission_set(
        InstanceArn=directory.instance_arn,
        PermissionSetArn=arn,
        ManagedPolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    )
    directory.admin.attach_customer_managed_policy_reference_to_permission_set(
        InstanceArn=directory.instance_arn,
        PermissionSetArn=arn,
        CustomerManagedPolicyReference={"Name": "ListQueues"},
    )
    directory.assign(arn, uma, account=here)
    token = portal.access_token("uma")
    credentials = directory.portal.get_role_credentials(
        accessToken=token, accountId=here, roleName="Mixed"
    )["roleCredentials"]
    with iam_authorization():
        s3, sqs = signed(credentials, "s3"), signed(credentials, "sqs")
        assert s3.list_buckets()["Buckets"] == []
        assert "QueueUrls" not in sqs.list_queues()
        with pytest.raises(ClientError) as bucket:
            s3.create_bucket(Bucket="no")
        with pytest.raises(ClientError) as queue:
            sqs.create_queue(QueueName="no")
    assert code_of(bucket) == "AccessDenied"
    # moto's sqs answers its refusal in XML, which the JSON protocol's parser shows as 403
    assert queue.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert "not authorized to perform: sqs:CreateQueue" in str(queue.value)


def test_sign_in_under_iam_authorization(directory: Directory) -> None:
    """The portal's and OIDC's public calls need no IAM credentials; CreateTokenWithIAM is
    checked for sso-oauth:CreateTokenWithIAM."""
    directory.user("vic")
    iam = client("iam")
    iam.create_user(UserName="app")
    iam.put_user_policy(
        UserName="app",
        PolicyName="oauth",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Deny", "Action": "sso-oauth:*", "Resource": "*"}],
            }
        ),
    )
    key = iam.create_access_key(UserName="app")["AccessKey"]
    with iam_authorization():
        token = directory.device_flow("vic")
        assert directory.portal.list_accounts(accessToken=token["accessToken"])["accountList"] == []
        caller = client(
            "sso-oidc",
            aws_access_key_id=key["AccessKeyId"],
            aws_secret_access_key=key["SecretAccessKey"],
        )
        with pytest.raises(ClientError) as denied:
            caller.create_token_with_iam(clientId="arn:aws:sso::x", grantType="refresh_token")
    assert code_of(denied) == "AccessDeniedException"
    assert "sso-oauth:CreateTokenWithIAM" in denied.value.response["Error"]["Message"]


def test_an_instance_outside_us_east_1_signs_in_there(mock: Any) -> None:
    region = "eu-west-1"
    admin, identity = client("sso-admin", region), client("identitystore", region)
    instance = admin.list_instances()["Instances"][0]
    user = identity.create_user(
        IdentityStoreId=instance["IdentityStoreId"],
        UserName="wes",
        DisplayName="Wes",
        Name={"GivenName": "Wes", "FamilyName": "Tester"},
    )["UserId"]
    arn = admin.create_permission_set(InstanceArn=instance["InstanceArn"], Name="S3Reader")[
        "PermissionSet"
    ]["PermissionSetArn"]
    admin.put_inline_policy_to_permission_set(
        InstanceArn=instance["InstanceArn"], PermissionSetArn=arn, InlinePolicy=S3_READ
    )
    admin.create_account_assignment(
        InstanceArn=instance["InstanceArn"],
        TargetId=TARGET,
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=arn,
        PrincipalType="USER",
        PrincipalId=user,
    )
    token = portal.access_token("wes", region=region)
    credentials = client("sso", region).get_role_credentials(
        accessToken=token, accountId=TARGET, roleName="S3Reader"
    )["roleCredentials"]
    with iam_authorization():
        assert signed(credentials, "s3").list_buckets()["Buckets"] == []
    # the us-east-1 portal does not know the token
    with pytest.raises(ClientError) as elsewhere:
        client("sso").list_accounts(accessToken=token)
    assert code_of(elsewhere) == "UnauthorizedException"


def test_user_codes_draw_every_letter_at_random() -> None:
    """Device codes' user codes: eight of the twenty consonants, each drawn (about) evenly."""
    drawn = [user_code_letters() for _ in range(2000)]
    assert all(len(letters) == 8 for letters in drawn)
    counts = {letter: 0 for letter in "BCDFGHJKLMNPQRSTVWXZ"}
    for letters in drawn:
        for letter in letters:
            counts[letter] += 1
    expected = 2000 * 8 / 20
    assert all(0.8 * expected < count < 1.2 * expected for count in counts.values()), counts
    assert len(set(drawn)) == len(drawn)


def test_user_codes_drop_the_bytes_that_would_favour_some_letters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A byte of 240 or more is dropped (256 is not a multiple of 20); a draw left with
    fewer than 8 letters is drawn again; a kept byte is its letter modulo 20."""
    from ssoadmin_mock.services import oidc

    draws = iter(
        [bytes([250] * 6 + list(range(6))), bytes([0, 239, 240, 255, 20, 1, 2, 3, 4, 5, 6, 7])]
    )
    monkeypatch.setattr(oidc, "random_bytes", lambda size: next(draws))
    assert user_code_letters() == "BZBCDFGH"


def test_tokens_are_never_handed_out_twice_across_threads() -> None:
    """Tokens and secrets come in slices of one read of the system's randomness: 8 threads
    drawing at once get no slice twice, and a draw larger than a read still works."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        drawn = [
            t
            for batch in pool.map(lambda _: [opaque(48) for _ in range(300)], range(8))
            for t in batch
        ]
    assert len(set(drawn)) == len(drawn) == 2400
    assert all(t[0].isalnum() and len(t) == 64 for t in drawn)
    # URL-safe base64, unpadded (what `secrets.token_urlsafe` makes)
    assert set("".join(drawn)) <= set(string.ascii_letters + string.digits + "-_")
    assert {"-", "_"} <= set("".join(drawn))  # 2400 tokens of 64: both are there
    assert len(random_bytes(10_000)) == 10_000


def test_a_forked_child_draws_other_tokens_than_its_parent() -> None:
    import os

    if not hasattr(os, "fork"):
        pytest.skip("os.fork is not available on this platform")
    opaque(16)  # the parent has bytes read and not yet handed out
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        os.write(write, " ".join(opaque(16) for _ in range(5)).encode())
        os._exit(0)
    os.close(write)
    theirs = os.read(read, 4096).decode().split()
    os.close(read)
    os.waitpid(pid, 0)
    ours = [opaque(16) for _ in range(5)]
    assert len(theirs) == 5 and not set(theirs) & set(ours)
