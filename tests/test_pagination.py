"""The one paginator: bounds, opaque tokens, stable order, nothing lost or repeated."""

from __future__ import annotations

from collections.abc import Collection
from operator import attrgetter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssoadmin_mock import get_backend, mock_ssoadmin
from ssoadmin_mock.exceptions import ValidationException
from ssoadmin_mock.jsontext import NOT_ENCODED, UNCHANGING, remembering
from ssoadmin_mock.pagination import paginate

from .conftest import ACCOUNT, REGION, client


def _all_pages(items: Collection[int], size: int, scope: str = "q") -> list[list[int]]:
    pages, token = [], None
    while True:
        page, token = paginate(
            items, key=lambda x: x, max_results=size, next_token=token, scope=scope
        )
        pages.append(page)
        if token is None:
            return pages


@given(st.lists(st.integers(), unique=True).map(sorted), st.integers(min_value=1, max_value=7))
@settings(max_examples=60, deadline=None)
def test_pages_cover_everything_once(items: list[int], size: int) -> None:
    pages = _all_pages(items, size)
    assert [x for page in pages for x in page] == items
    assert all(0 < len(page) <= size for page in pages) or items == []
    # a dict's values (how the stores keep their items, in creation order) page alike
    assert _all_pages({str(x): x for x in items}.values(), size) == pages


def test_changes_between_pages_lose_and_repeat_nothing() -> None:
    items = list(range(10))
    page, token = paginate(items, key=lambda x: x, max_results=4, next_token=None, scope="q")
    assert page == [0, 1, 2, 3]
    items.remove(4)  # an item after the cursor goes away
    items.remove(1)  # and one already seen
    page, token = paginate(items, key=lambda x: x, max_results=4, next_token=token, scope="q")
    assert page == [5, 6, 7, 8]
    page, token = paginate(items, key=lambda x: x, max_results=4, next_token=token, scope="q")
    assert (page, token) == ([9], None)


def test_page_size_is_bounded_by_the_model_limit() -> None:
    page, token = paginate(
        list(range(500)),
        key=lambda x: x,
        max_results=None,
        next_token=None,
        scope="q",
        page_limit=100,
    )
    assert len(page) == 100 and token is not None


@pytest.mark.parametrize("token", ["", "garbage!", "Zm9yZ2Vk", "A" * 40])
def test_forged_tokens_are_refused(token: str) -> None:
    if not token:
        assert paginate([1], key=lambda x: x, max_results=1, next_token=token, scope="q")[0] == [1]
        return
    with pytest.raises(ValidationException):
        paginate([1, 2], key=lambda x: x, max_results=1, next_token=token, scope="q")


def test_a_token_works_only_for_its_own_query() -> None:
    _, token = paginate([1, 2, 3], key=lambda x: x, max_results=1, next_token=None, scope="a")
    with pytest.raises(ValidationException):
        paginate([1, 2, 3], key=lambda x: x, max_results=1, next_token=token, scope="b")


def test_the_same_page_gets_the_same_token_whatever_its_key() -> None:
    """Tokens are remembered per query and key; a key that cannot be hashed (a list, as a
    key of several parts may be) is sealed each time, and both kinds read back."""
    items = [[1, "a"], [1, "b"], [2, "a"]]
    for key in (lambda item: tuple(item), lambda item: list(item)):
        first = paginate(items, key=key, max_results=1, next_token=None, scope="k")[1]
        again = paginate(items, key=key, max_results=1, next_token=None, scope="k")[1]
        assert first is not None and first == again
        page, _ = paginate(items, key=key, max_results=1, next_token=first, scope="k")
        assert page == [[1, "b"]]
    # equal keys of other types are other tokens (1 and True would read back alike, but
    # their tokens are written as JSON writes each)
    one = paginate([1, 2], key=lambda x: x, max_results=1, next_token=None, scope="t")[1]
    true = paginate([1, 2], key=lambda x: True, max_results=1, next_token=None, scope="t")[1]
    assert one != true


def test_tampered_token_is_refused() -> None:
    _, token = paginate([1, 2, 3], key=lambda x: x, max_results=1, next_token=None, scope="a")
    assert token is not None
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(ValidationException):
        paginate([1, 2, 3], key=lambda x: x, max_results=1, next_token=tampered, scope="a")


def test_stale_token_from_an_earlier_mock_is_refused() -> None:
    with mock_ssoadmin():
        sso = client("sso-admin")
        arn = sso.list_instances()["Instances"][0]["InstanceArn"]
        sso.tag_resource(ResourceArn=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(3)])
        from ssoadmin_mock import get_backend
        from ssoadmin_mock.operations import Listing
        from ssoadmin_mock.responses import _page

        backend = get_backend()
        listing = Listing([1, 2], str, key=lambda x: x)
        token = _page(backend, "ListInstances", "Instances", listing, {"MaxResults": 1})[
            "NextToken"
        ]
    with mock_ssoadmin():
        sso = client("sso-admin")
        with pytest.raises(Exception) as caught:
            sso.list_instances(NextToken=token)
        error: Any = caught.value
        assert error.response["Error"]["Code"] == "ValidationException"


# --- pages joined from the texts items remember ------------------------------------------------


def _over_http(operation: str, params: dict[str, Any], served: str) -> bytes:
    """The body the dispatcher answers a request with (the path botocore's requests take)."""
    import json

    from botocore.awsrequest import HeadersDict

    from ssoadmin_mock import responses, service

    prefix = service.SERVED[served].target_prefix
    headers = HeadersDict(
        {
            "X-Amz-Target": f"{prefix}.{operation}",
            "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20261202/us-east-1/x/",
        }
    )
    status, _, body = responses.dispatch(
        headers["X-Amz-Target"], json.dumps(params).encode(), headers, "", "POST"
    )
    assert status == 200, body
    return body


def _rendered_anew(operation: str, params: dict[str, Any], served: str) -> bytes:
    """The same page rendered item by item and encoded whole (`responses.call`)."""
    from ssoadmin_mock import jsontext, responses

    return jsontext.text(
        responses.call(operation, dict(params), "123456789012", "us-east-1", served)
    ).encode()


def test_a_page_of_remembered_texts_is_the_page_rendered_anew(mock: Any) -> None:
    """Users, groups, memberships, request statuses, applications and their assignments keep
    the text they were listed as (permission sets, application providers: their text is
    made once); the page joined from those texts is byte for byte the one
    rendered anew, on every page, after each kind of change (a user, group or application
    updated, a status settled)."""
    ids = client("identitystore")
    sso = client("sso-admin")
    instance = sso.list_instances()["Instances"][0]
    store, arn = instance["IdentityStoreId"], instance["InstanceArn"]
    users = [
        ids.create_user(
            IdentityStoreId=store,
            UserName=f"user{i}",
            DisplayName=f'Zoë "{i}" \\ 中',
            Name={"GivenName": "a", "FamilyName": "b"},
            Emails=[{"Value": f"u{i}@example.com", "Primary": True}],
        )["UserId"]
        for i in range(5)
    ]
    group = ids.create_group(IdentityStoreId=store, DisplayName="team")["GroupId"]
    for user in users[:3]:
        ids.create_group_membership(IdentityStoreId=store, GroupId=group, MemberId={"UserId": user})
    # in progress until settled below, however often listed (a List is a read of a status)
    mock.async_status.defer(seconds=3600)
    permission_set = sso.create_permission_set(InstanceArn=arn, Name="Reader")["PermissionSet"][
        "PermissionSetArn"
    ]
    for name in ("Writer", "Admin"):
        sso.create_permission_set(InstanceArn=arn, Name=name)
    for principal_type, principal in (("USER", users[0]), ("GROUP", group), ("USER", users[1])):
        sso.create_account_assignment(
            InstanceArn=arn,
            TargetId="111111111111",
            TargetType="AWS_ACCOUNT",
            PermissionSetArn=permission_set,
            PrincipalType=principal_type,
            PrincipalId=principal,
        )
    custom = "arn:aws:sso::aws:applicationProvider/custom"
    apps = [
        sso.create_application(
            InstanceArn=arn, ApplicationProviderArn=custom, Name=f"app{i}", Description="d"
        )["ApplicationArn"]
        for i in range(3)
    ]
    for user in users[:3]:
        sso.create_application_assignment(
            ApplicationArn=apps[0], PrincipalId=user, PrincipalType="USER"
        )
    for scope in ("first", "second", "third"):
        sso.put_application_access_scope(
            ApplicationArn=apps[0], Scope=scope, AuthorizedTargets=[apps[1]]
        )
    lists = [
        ("ListApplications", {"InstanceArn": arn}, "sso-admin"),
        ("ListApplicationProviders", {}, "sso-admin"),
        ("ListApplicationAccessScopes", {"ApplicationArn": apps[0]}, "sso-admin"),
        ("ListPermissionSets", {"InstanceArn": arn}, "sso-admin"),
        (
            "ListAccountAssignments",
            {"InstanceArn": arn, "AccountId": "111111111111", "PermissionSetArn": permission_set},
            "sso-admin",
        ),
        (
            "ListAccountAssignmentsForPrincipal",
            {"InstanceArn": arn, "PrincipalId": users[0], "PrincipalType": "USER"},
            "sso-admin",
        ),
        (
            "ListPermissionSetsProvisionedToAccount",
            {"InstanceArn": arn, "AccountId": "111111111111"},
            "sso-admin",
        ),
        ("ListApplicationAssignments", {"ApplicationArn": apps[0]}, "sso-admin"),
        (
            "ListApplicationAssignmentsForPrincipal",
            {"InstanceArn": arn, "PrincipalId": users[0], "PrincipalType": "USER"},
            "sso-admin",
        ),
        ("ListUsers", {"IdentityStoreId": store}, "identitystore"),
        ("ListGroups", {"IdentityStoreId": store}, "identitystore"),
        ("ListGroupMemberships", {"IdentityStoreId": store, "GroupId": group}, "identitystore"),
        (
            "ListGroupMembershipsForMember",
            {"IdentityStoreId": store, "MemberId": {"UserId": users[0]}},
            "identitystore",
        ),
        ("ListAccountAssignmentCreationStatus", {"InstanceArn": arn}, "sso-admin"),
        ("ListPermissionSetProvisioningStatus", {"InstanceArn": arn}, "sso-admin"),
    ]

    def shown(operation: str) -> bytes:
        return next(_over_http(*found) for found in lists if found[0] == operation)

    def same_everywhere() -> None:
        for operation, params, served in lists:
            for size in (None, 2):
                paged = dict(params, MaxResults=size) if size else dict(params)
                while True:
                    over_http = _over_http(operation, paged, served)
                    assert over_http == _rendered_anew(operation, paged, served), operation
                    token = __import__("json").loads(over_http).get("NextToken")
                    if token is None:
                        break
                    paged = dict(paged, NextToken=token)

    before = get_backend().snapshot()
    same_everywhere()
    assert get_backend().snapshot() == before  # a kept text is not state
    assert b"IN_PROGRESS" in shown("ListAccountAssignmentCreationStatus")
    ids.update_user(
        IdentityStoreId=store,
        UserId=users[1],
        Operations=[{"AttributePath": "displayName", "AttributeValue": "renamed"}],
    )
    ids.update_group(
        IdentityStoreId=store,
        GroupId=group,
        Operations=[{"AttributePath": "description", "AttributeValue": "changed"}],
    )
    sso.update_application(
        ApplicationArn=apps[1],
        Name="moved",
        Status="DISABLED",
        PortalOptions={"SignInOptions": {"Origin": "APPLICATION", "ApplicationUrl": "https://x"}},
    )
    sso.put_application_access_scope(
        ApplicationArn=apps[0], Scope="second", AuthorizedTargets=[apps[2]]
    )
    get_backend().settle_all()
    same_everywhere()
    assert f'{{"Scope":"second","AuthorizedTargets":["{apps[2]}"]}}'.encode() in shown(
        "ListApplicationAccessScopes"
    )
    assert b'"DisplayName":"renamed"' in shown("ListUsers")
    assert b'"Description":"changed"' in shown("ListGroups")
    assert b'"Name":"moved","ApplicationAccount"' in shown("ListApplications")
    assert b'"ApplicationUrl":"https://x"' in shown("ListApplications")
    assert b"IN_PROGRESS" not in shown("ListAccountAssignmentCreationStatus")
    assert shown("ListAccountAssignmentsForPrincipal").count(b'"PrincipalType"') == 2
    assert b"IN_PROGRESS" not in shown("ListPermissionSetProvisioningStatus")


def test_an_unchanged_item_is_rendered_once_however_often_it_is_listed(
    mock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What keeps a listed item's text: the next page renders only what changed since."""
    from ssoadmin_mock.services.identitystore import groups, users

    rendered: list[str] = []
    for module in (users, groups):
        original = module.render
        monkeypatch.setattr(
            module,
            "render",
            lambda item, *args, _original=original: (
                rendered.append(type(item).__name__) or _original(item, *args)
            ),
        )
    ids = client("identitystore")
    store = client("sso-admin").list_instances()["Instances"][0]["IdentityStoreId"]
    made = [
        ids.create_user(
            IdentityStoreId=store,
            UserName=f"u{i}",
            DisplayName="d",
            Name={"GivenName": "a", "FamilyName": "b"},
        )["UserId"]
        for i in range(4)
    ]
    ids.create_group(IdentityStoreId=store, DisplayName="g")
    for _ in range(3):
        ids.list_users(IdentityStoreId=store)
        ids.list_groups(IdentityStoreId=store)
    assert rendered == ["User"] * 4 + ["Group"]
    ids.update_user(
        IdentityStoreId=store,
        UserId=made[2],
        Operations=[{"AttributePath": "displayName", "AttributeValue": "e"}],
    )
    rendered.clear()
    found = ids.list_users(IdentityStoreId=store)["Users"]
    assert rendered == ["User"]
    assert [u["DisplayName"] for u in found] == ["d", "d", "e", "d"]
    rendered.clear()
    ids.list_users(IdentityStoreId=store, Extensions=["aws:identitystore:enterprise"])
    assert rendered == ["User"] * 4  # with extensions: made anew every time


class _Item:
    def __init__(self, value: int) -> None:
        self.value = value
        self.encoded = NOT_ENCODED


def test_a_page_of_items_that_never_change_is_read_from_their_kept_texts() -> None:
    """`remembering` with `UNCHANGING` and nothing else shown: each item is rendered once,
    a page of items all listed before is their kept texts, and an item new to the page is
    rendered (alone) before the page is written."""
    rendered: list[int] = []

    def render(item: _Item) -> dict[str, int]:
        rendered.append(item.value)
        return {"v": item.value}

    listed = remembering(render, UNCHANGING)
    items = [_Item(1), _Item(2)]
    assert listed.permanent
    assert listed.texts(items) == ['{"v":1}', '{"v":2}'] and rendered == [1, 2]
    assert listed.texts(items) == ['{"v":1}', '{"v":2}'] and rendered == [1, 2]
    items.insert(1, _Item(3))
    assert listed.texts(items) == ['{"v":1}', '{"v":3}', '{"v":2}'] and rendered == [1, 2, 3]
    assert listed(items[0]) == '{"v":1}' and rendered == [1, 2, 3]


def test_a_page_of_items_that_change_is_written_from_what_they_are_now() -> None:
    """With a key the text changes with, or a `shown` it depends on, kept texts are read only
    where they still hold."""
    listed = remembering(lambda item: {"v": item.value}, attrgetter("value"))
    shown_apart = remembering(lambda item: {"v": item.value}, UNCHANGING, ("a",))
    assert not listed.permanent and not shown_apart.permanent
    items = [_Item(1), _Item(2)]
    assert listed.texts(items) == ['{"v":1}', '{"v":2}']
    items[0].value = 5
    assert listed.texts(items) == ['{"v":5}', '{"v":2}']
    assert shown_apart.texts(items) == ['{"v":5}', '{"v":2}']


def test_a_describe_answers_the_text_its_item_keeps(mock: Any) -> None:
    """DescribeUser, DescribeGroup and DescribeGroupMembership answer the text the item keeps
    for its listing (the shapes are the same): byte for byte what the list shows, current
    after every change, whichever is called first; the dict `call` gives is the same."""
    from ssoadmin_mock.responses import call

    ids = client("identitystore")
    store = client("sso-admin").list_instances()["Instances"][0]["IdentityStoreId"]
    user = ids.create_user(
        IdentityStoreId=store,
        UserName="ann",
        DisplayName='Ann "A" 中',
        Name={"GivenName": "Ann", "FamilyName": "Lee"},
    )["UserId"]
    group = ids.create_group(IdentityStoreId=store, DisplayName="team")["GroupId"]
    membership = ids.create_group_membership(
        IdentityStoreId=store, GroupId=group, MemberId={"UserId": user}
    )["MembershipId"]

    def same() -> None:
        described = ids.describe_user(IdentityStoreId=store, UserId=user)
        listed = ids.list_users(IdentityStoreId=store)["Users"]
        assert [u for u in listed if u["UserId"] == user] == [
            {k: v for k, v in described.items() if k != "ResponseMetadata"}
        ]
        got = ids.describe_group(IdentityStoreId=store, GroupId=group)
        assert ids.list_groups(IdentityStoreId=store)["Groups"] == [
            {k: v for k, v in got.items() if k != "ResponseMetadata"}
        ]
        assert ids.describe_group_membership(IdentityStoreId=store, MembershipId=membership)[
            "MemberId"
        ] == {"UserId": user}

    same()  # described before ever listed, then listed
    ids.update_user(
        IdentityStoreId=store,
        UserId=user,
        Operations=[{"AttributePath": "displayName", "AttributeValue": "Ann B"}],
    )
    ids.update_group(
        IdentityStoreId=store,
        GroupId=group,
        Operations=[{"AttributePath": "displayName", "AttributeValue": "crew"}],
    )
    assert ids.describe_user(IdentityStoreId=store, UserId=user)["DisplayName"] == "Ann B"
    assert ids.describe_group(IdentityStoreId=store, GroupId=group)["DisplayName"] == "crew"
    same()
    body = call(
        "DescribeUser", {"IdentityStoreId": store, "UserId": user}, ACCOUNT, REGION, "identitystore"
    )
    assert isinstance(body, dict) and body["DisplayName"] == "Ann B" and body["UserId"] == user
