"""The one paginator: bounds, opaque tokens, stable order, nothing lost or repeated."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssoadmin_mock import mock_ssoadmin
from ssoadmin_mock.exceptions import ValidationException
from ssoadmin_mock.pagination import paginate

from .conftest import client


def _all_pages(items: list[int], size: int, scope: str = "q") -> list[list[int]]:
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
