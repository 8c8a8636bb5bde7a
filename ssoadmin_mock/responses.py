"""The HTTP layer: JSON 1.1 and REST-JSON requests in, responses in their protocol out.

`dispatch` serves one request whatever brought it (botocore's before-send hook, moto's
stubber, moto's server), for every JSON 1.1 service the package serves: it reads the
``X-Amz-Target`` (``SWBExternalService.<Operation>`` for sso-admin,
``AWSIdentityStore.<Operation>`` for identitystore; one dict look-up finds the service and
the operation, `service.target`), finds the backend of the caller's account and region
(the management account's, for a delegated administrator's request naming the
organization's instance: `delegation`), applies armed faults, validates the body against
the model, replays `ClientToken` retries, calls the handler and writes the result.
A request with no target is looked up by its method and path among the operations of the
served REST-JSON services (sso, sso-oidc: `service.route`), its members gathered from the
headers, query string, URI and body where the model puts them, and validated by the same
validator.
Every error leaves as AWS sends it: for JSON 1.1, HTTP 400 ``{"__type": code, "Message":
text}`` (500 only for `InternalServerException`); for REST-JSON, the model's status for the
error, its code in ``x-amzn-ErrorType`` and a body of the error shape's members (sso's
``message``; sso-oidc's OAuth ``error`` and ``error_description``); never a traceback. In the
moto-compatible mode the validator of sso-admin is `compat.validate`, and a
`compat.FidelityWarning` that the warnings filter makes an error leaves as that error.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Mapping
from functools import cache, lru_cache, partial
from types import MappingProxyType
from typing import Any, NamedTuple
from urllib.parse import unquote_plus

from moto.core.models import DEFAULT_ACCOUNT_ID

from . import (
    compat,
    delegation,
    ids,
    jsontext,
    moto_bridge,
    operations,
    pagination,
    service,
    sign_in,
    uris,
)
from . import switches as _switches
from .backend import SSOAdminBackend, ssoadmin_backends, started_store
from .exceptions import (
    InternalServerException,
    NotYetImplemented,
    SerializationException,
    SSOAdminError,
    UnknownOperationException,
    ValidationException,
)
from .moto_bridge import account_of_access_key, backend_of, iam_authorization_on
from .operations import Listing
from .validation import validate

log = logging.getLogger("ssoadmin_mock")

Response = tuple[int, dict[str, str], bytes]

_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/[^/]+/([^/]+)/")
_HOST_REGION = re.compile(
    r"(?:" + "|".join(re.escape(s.host_label) for s in service.SERVED.values()) + r")\."
    r"([a-z0-9-]+)\.amazonaws\.com"
)
DEFAULT_REGION = "us-east-1"


def caller(
    headers: Mapping[str, Any], url: str = "", url_region: str | None = None
) -> tuple[str, str]:
    """(account id, region) of a request, resolved the way moto resolves them.

    Account: ``MOTO_ACCOUNT_ID``, else the ``x-moto-account-id`` header, else the account
    whose IAM access key signed the request, else moto's default account. Region: the
    credential scope of the signature, else the host name (`url_region`, when the URL's is
    known already), else us-east-1.
    """
    # as the request holds it (bytes once botocore signed it): the scope is read undecoded
    authorization = _raw_header(headers, _AUTHORIZATION_KEY, "Authorization", "authorization")
    scope = _credential_scope(authorization) if authorization else None
    if scope is not None:
        access_key, region = scope
    else:
        access_key = "AKIAEXAMPLE"
        region = url_region or _url_region(url)
    if _ENVIRON_DATA is not None and os.environ is _ENVIRON:  # see `_ENVIRON`
        raw = _ENVIRON_DATA.get(_MOTO_ACCOUNT_VARIABLE)
        account = "" if raw is None else _ENVIRON.decodevalue(raw)
    else:
        account = os.environ.get("MOTO_ACCOUNT_ID") or ""
    if not account:
        account = _header(headers, _MOTO_ACCOUNT_KEY, "x-moto-account-id", "X-Moto-Account-Id")
    if not account:
        account = account_of_access_key(access_key) or DEFAULT_ACCOUNT_ID
    return account, region


def _url_region(url: str) -> str:
    """The Region a served service's host name in `url` names, else us-east-1."""
    host = _HOST_REGION.search(url)
    return host.group(1) if host else DEFAULT_REGION


def target_of(headers: Mapping[str, Any]) -> str | None:
    """A request's ``X-Amz-Target``, None if it has none (a REST-JSON request)."""
    return _header(headers, _TARGET_KEY, "X-Amz-Target", "x-amz-target") or None


_KEYS = service.botocore_header_keys("Authorization", "x-moto-account-id", "X-Amz-Target")
_AUTHORIZATION_KEY, _MOTO_ACCOUNT_KEY, _TARGET_KEY = _KEYS or (None, None, None)


#: ``os.environ`` as this module found it, and the raw mapping behind it (CPython's
#: ``os._Environ`` keeps the environment in ``_data``, keyed as ``encodekey`` makes keys):
#: ``MOTO_ACCOUNT_ID`` is read on every request, and ``os.environ.get`` of a variable that
#: is not set raises and catches ``KeyError`` twice
_ENVIRON = os.environ
_ENVIRON_DATA: dict[Any, Any] | None = getattr(_ENVIRON, "_data", None)
_MOTO_ACCOUNT_VARIABLE: Any = None
if isinstance(_ENVIRON_DATA, dict) and callable(getattr(_ENVIRON, "encodekey", None)):
    _MOTO_ACCOUNT_VARIABLE = _ENVIRON.encodekey("MOTO_ACCOUNT_ID")
else:  # pragma: no cover - an interpreter whose os.environ is built otherwise
    _ENVIRON_DATA = None


def _credential_scope(authorization: str | bytes) -> tuple[str, str] | None:
    """(access key, region) from a SigV4 ``Authorization`` header's credential scope
    (``Credential=<key>/<date>/<region>/<service>/aws4_request``), remembered per scope. The
    header as text or as botocore's signer leaves it (bytes): only a scope not met before
    is decoded."""
    credential: str | bytes
    if isinstance(authorization, bytes):
        start = authorization.find(b"Credential=")
        end = authorization.find(b",", start)
        credential = authorization[start + 11 : end if end >= 0 else None]
    else:
        start = authorization.find("Credential=")
        end = authorization.find(",", start)
        credential = authorization[start + 11 : end if end >= 0 else None]
    if start < 0:
        return None
    found = _SCOPES.get(credential)
    if found is None:
        match = _CREDENTIAL.search(_text(authorization))
        if match is None:
            return None
        if len(_SCOPES) > 256:
            _SCOPES.clear()
        found = _SCOPES[credential] = (match.group(1), match.group(2))
    return found


#: credential scope (as text, or as the signer's bytes) -> (access key, region): a client
#: signs every request with the same one
_SCOPES: dict[str | bytes, tuple[str, str]] = {}


def _header(headers: Mapping[str, Any], key: Any, name: str, other_case: str) -> str:
    """A header's value as text, "" if absent (`service.raw_header`)."""
    value = _raw_header(headers, key, name, other_case)
    if value is None:
        return ""
    return value if value.__class__ is str else _text(value)


_raw_header = service.raw_header


def _text(value: Any) -> str:
    """A header value as text; bytes that are not UTF-8 must not break the request."""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def dispatch(
    target: str | bytes | None,
    body: bytes | str | None,
    headers: Mapping[str, Any],
    url: str = "",
    method: str = "POST",
) -> Response:
    """Serve one request of a served service (JSON 1.1 by its target, REST-JSON by its
    method and path); always returns a response, never raises."""
    operation: str | None = None
    served = service.SSO_ADMIN
    try:
        found = None if target else rest_route(method, url)
        if found is None:
            served, operation = _TARGETS.get(target) or _operation(target)  # type: ignore[arg-type]
            params = _parse(body)
        else:
            route = found.route
            served, operation = route.service, route.operation
            params = route.params(headers, found.located, _parse(body))
        account, region = caller(headers, url, None if found is None else found.region)
        if (
            iam_authorization_on()
            and not (found is not None and service.is_unsigned(operation, served))
        ):
            from .authorization import authorize

            authorize(operation, params, headers, body, url, account, region, served)
        # a JSON 1.1 body holds every parameter: a ClientToken call is remembered by it
        source = body if found is None else None
        return _ok(
            _serve(operation, params, account, region, served, True, source, headers), served
        )
    except SSOAdminError as error:
        return error_response(error, operation, served)
    except compat.FidelityWarning:  # -W error::ssoadmin_mock.FidelityWarning: the user's error
        raise
    except Exception as error:
        log.exception("ssoadmin-mock failed on %s", operation)
        return error_response(
            InternalServerException(f"ssoadmin-mock internal error in {operation}: {error!r}"),
            operation,
            served,
        )


class Route(NamedTuple):
    """A REST-JSON request's route, and what its URL says: the URI labels, the query, the
    members they give (`service.RestRoute.located`) and the Region its host names."""

    route: service.RestRoute
    labels: Mapping[str, str]
    query: Mapping[str, tuple[str, ...]]
    located: Mapping[str, Any]
    region: str


#: the longest URL whose route is remembered (a client's URLs are far shorter; a longer one,
#: a query value of a megabyte, is routed anew each time rather than kept)
_REMEMBERED_URL = 2048


def rest_route(method: str, url: str) -> Route | None:
    """The `Route` of a REST-JSON request of a served service, or None; remembered per
    method and URL (a client sends the same few URLs, the portal's with the account in the
    query), so what the URL says is worked out once for it, and comes as read-only views,
    each query parameter's values a tuple (`service.RestRoute.params` copies what it
    takes)."""
    if len(url) > _REMEMBERED_URL:
        return _rest_route(method, url)
    return _remembered_route(method, url)


def _rest_route(method: str, url: str) -> Route | None:
    scheme = url.find("://")
    if scheme < 0 or "#" in url:
        parts = uris.split(url)
        path, query_string = parts.path, parts.query
    else:  # what urlsplit gives for the URLs botocore sends, without its generality
        path, _, query_string = url.partition("?")
        start = path.find("/", scheme + 3)
        path = path[start:] if start >= 0 else ""
    query = _query(query_string) if query_string else {}
    found = service.route(method, path, query)
    if found is None:
        return None
    route, labels = found
    values = {name: tuple(given) for name, given in query.items()}
    return Route(
        route,
        MappingProxyType(labels),
        MappingProxyType(values),
        MappingProxyType(route.located(values, labels)),
        _url_region(url),
    )


_remembered_route = lru_cache(maxsize=1024)(_rest_route)


def _query(text: str) -> dict[str, list[str]]:
    """A query string's parameters, as ``parse_qs(text, keep_blank_values=True)`` reads
    them (``+`` and percent escapes decoded only where the text has any)."""
    found: dict[str, list[str]] = {}
    for pair in text.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        if "%" in pair or "+" in pair:
            name, value = unquote_plus(name), unquote_plus(value)
        found.setdefault(name, []).append(value)
    return found


def call(
    operation: str,
    params: dict[str, Any],
    account: str,
    region: str,
    served: str = service.SSO_ADMIN,
) -> dict[str, Any]:
    """Run one validated operation of `served` against the backend of `account` and
    `region` (one backend holds the account's and Region's state of every service)."""
    body = _serve(operation, params, account, region, served, False)
    assert isinstance(body, dict)  # without as_text, never a `_Page`
    return body


def _serve(
    operation: str,
    params: dict[str, Any],
    account: str,
    region: str,
    served: str,
    as_text: bool,
    source: bytes | str | None = None,
    headers: Mapping[str, Any] | None = None,
) -> dict[str, Any] | _Page | jsontext.Written:
    """`call`; with `as_text`, a page whose items remember their JSON text (`Listing.encoded`)
    comes back as a `_Page` of those texts, for `_ok` to join, and an answer written already
    (`jsontext.Written`) as it is. `source`: the body `params` were all parsed from, if so
    (`idempotency`); `headers`: the request's (who signed it, named when it is refused).

    A delegated administrator's request that names its organization's instance is served
    from the management account's state (`delegation`)."""
    backend = _backend(account, region)
    owner: str | None = None
    if served in _SIGNING_IN:  # unsigned: served by the account owning what they name
        named = sign_in.serving_account(operation, params, backend)
        if named != account:
            backend = _backend(named, region)
    elif _ORGANIZATIONS in _MODULES:  # no organization in moto, no delegated administrator
        owner = delegation.serving_account(
            backend.account, account, region, params, served, started_store
        )
        if owner is not None:
            backend = _backend(owner, region)
    with backend.lock:
        switches = _switches.current()
        faults = switches.faults
        if faults.active:
            fault = faults.take(operation)
            if fault is not None:
                raise fault
        if switches.moto_compatible and served in _COMPATIBLE:
            compat.validate(operation, params, served)
        else:
            validate(operation, params, served)
        backend.begin_request()
        if owner is not None:
            delegation.refuse_management_work(
                operation,
                params,
                backend.permission_sets.find,
                owner,
                partial(_principal, headers, account, region),
            )
        binding = _binding(operation, served)
        if binding.function is None:
            raise NotYetImplemented(operation, service=served)
        if binding.idempotent:
            earlier = backend.idempotency.replay(operation, params, source, served)
            if earlier is not None:
                return earlier
        unsupported = binding.unsupported
        if unsupported and not unsupported.isdisjoint(params):
            raise NotYetImplemented(
                operation, sorted(unsupported.intersection(params)), served
            )
        target = backend.services[binding.owner]
        arguments = binding.arguments
        if arguments.keys() >= params.keys():  # the usual: every member one the handler takes
            keywords = dict(zip(map(arguments.__getitem__, params), params.values(), strict=True))
        else:
            keywords = {arguments[n]: value for n, value in params.items() if n in arguments}
        if binding.fixed:
            keywords.update(binding.fixed)
        result: Any = binding.function(target, **keywords)
        if binding.paged_member is not None:
            return _page(
                backend,
                operation,
                binding.paged_member,
                result,
                params,
                binding.page_limit,
                service.paging_members(operation, served),
                as_text,
                binding.page_default,
            )
        if result.__class__ is jsontext.Written:  # a text kept by the item it shows
            return result if as_text else result.body()
        if binding.idempotent:
            backend.idempotency.remember(operation, params, result, source)
        body: dict[str, Any] = result
        return body


_MODULES = sys.modules
_ORGANIZATIONS = moto_bridge.ORGANIZATIONS_MODELS
#: the services whose requests `sign_in` routes (the portal and OIDC)
_SIGNING_IN = frozenset({service.SSO, service.SSO_OIDC})


def _principal(headers: Mapping[str, Any] | None, account: str, region: str) -> str:
    """Who signed a request, as moto's STS names the key of its credential scope."""
    authorization = (
        _raw_header(headers, _AUTHORIZATION_KEY, "Authorization", "authorization")
        if headers is not None
        else None
    )
    scope = _credential_scope(authorization) if authorization else None
    access_key = scope[0] if scope is not None else ""
    return moto_bridge.caller_arn(access_key, account, region, ids.partition_for(region))


#: the services the moto-compatible mode serves as moto does (moto serves no other of them)
_COMPATIBLE = frozenset({service.SSO_ADMIN, service.IDENTITYSTORE})


def _page(
    backend: SSOAdminBackend,
    operation: str,
    member: str,
    listing: Listing[Any],
    params: dict[str, Any],
    page_limit: int | None = None,
    paging: tuple[str, str] = ("MaxResults", "NextToken"),
    as_text: bool = False,
    page_default: int | None = None,
) -> dict[str, Any] | _Page:
    """One page of what a List handler listed, under the output's list `member`; with
    ``NextToken`` only when there is a next page (AWS omits it on the last one). `paging`
    names the page size and token members (``maxResults``/``nextToken`` in sso). With
    `as_text`, a `_Page` of the items' own texts when they keep them (`Listing.encoded`).
    `page_default`: the page size when the request sets none (else `page_limit`)."""
    size_member, token_member = paging

    def scope() -> str:  # built only when a token is read or issued
        return f"{backend.generation}|{operation}|" + "|".join(map(str, listing.scope))

    page, token = pagination.paginate(
        listing.items,
        key=listing.key,
        max_results=params.get(size_member),
        next_token=params.get(token_member),
        scope=scope,
        page_limit=service.page_size_limit(operation) if page_limit is None else page_limit,
        default_size=page_default,
    )
    if listing.on_read is not None:
        page = listing.on_read(page)
    if not page and listing.omit_when_empty:
        return {token_member: token} if token else {}
    encoded = listing.encoded
    if as_text and encoded is not None:
        texts = (
            encoded.texts(page)
            if isinstance(encoded, jsontext.Remembered)
            else list(map(encoded, page))
        )
        return _Page(member, texts, token_member, token)
    body: dict[str, Any] = {member: list(map(listing.render, page))}
    if token:
        body[token_member] = token
    return body


class _Page(NamedTuple):
    """A page as the JSON texts of its items (`_page` with ``as_text``), and its token."""

    member: str
    texts: list[str]
    token_member: str
    token: str | None


class _Binding(NamedTuple):
    """How an operation reaches its handler (worked out once per operation)."""

    #: the handler (called with the service as first argument); None: none yet
    function: Callable[..., Any] | None
    #: the service class that owns the handler
    owner: type
    #: input member -> keyword argument of the handler
    arguments: dict[str, str]
    #: members the handler does not take (a newer botocore's)
    unsupported: frozenset[str]
    #: keyword arguments the registration fixes (twin operations)
    fixed: Mapping[str, Any]
    #: takes a ClientToken
    idempotent: bool
    #: the list member the dispatcher pages (the handler returns a `Listing`); None: no paging
    paged_member: str | None
    #: the largest page the operation returns
    page_limit: int
    #: the page it returns when the request sets no page size
    page_default: int


@cache
def _binding(operation: str, served: str = service.SSO_ADMIN) -> _Binding:
    """The operation's `_Binding`.

    A botocore newer than the backend may model members no handler takes yet: a request that
    uses one gets a clear `NotYetImplementedException` naming it, never a ``TypeError``.
    """
    registration = operations.handler(operation, served)
    arguments = service.member_arguments(operation, served)
    function: Callable[..., Any] | None = None
    owner: type = object  # no handler: the call is refused before the owner is used
    fixed: Mapping[str, Any] = {}
    paged_member = None
    if registration is not None:
        function, owner, fixed = registration.function, registration.owner, registration.fixed
        paged_member = service.paged_member(operation, served)
        if paged_member is not None:
            paging = service.paging_members(operation, served)
            arguments = {m: a for m, a in arguments.items() if m not in paging}
    accepted = arguments
    if function is not None:
        parameters = inspect.signature(function).parameters
        takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
        # a handler's ``**members`` takes the members it does not name, under their model
        # names (what it keeps them as: CreateUser's attributes)
        accepted = {
            m: a if a in parameters else m
            for m, a in arguments.items()
            if takes_any or a in parameters
        }
    unsupported = frozenset(arguments.keys() - accepted.keys())
    return _Binding(
        function,
        owner,
        accepted,
        unsupported,
        fixed,
        service.takes_client_token(operation, served),
        paged_member,
        service.page_size_limit(operation, served),
        service.default_page_size(operation, served),
    )


def _backend(account: str, region: str) -> SSOAdminBackend:
    try:
        backend: SSOAdminBackend = backend_of(ssoadmin_backends, account, region)
    except KeyError:
        raise ValidationException(
            f"IAM Identity Center is not available in region '{region}'."
        ) from None
    return backend


def _operation(target: str | bytes | None) -> tuple[str, str]:
    """(service, operation) of an ``X-Amz-Target`` not met yet (`dispatch` looks those in
    `_TARGETS` first), or of one given as bytes."""
    name = target if isinstance(target, str) else _text(target or "")
    found = _TARGETS.get(name) or service.target(name)
    if found is not None:
        return found
    prefix, _, operation = name.partition(".")
    if service.served_by_prefix(prefix) is not None:
        raise UnknownOperationException(f"Unknown operation {operation}.")
    raise UnknownOperationException(f"Unknown operation target '{name}'.")


#: the targets met so far (filled by `service.target`, one service model at a time)
_TARGETS = service.TARGETS


def _parse(body: bytes | str | None) -> dict[str, Any]:
    if not body:
        return {}
    try:
        params = _READ(body.decode() if isinstance(body, bytes) else body)
    except ValueError:  # UnicodeDecodeError too
        raise SerializationException("The request body is not valid JSON.") from None
    if not isinstance(params, dict):
        raise SerializationException("The request body must be a JSON object.")
    return params


_READ = jsontext.read


#: served service -> the content type of its answers (by its protocol)
_CONTENT_TYPES = {
    name: "application/json" if served.protocol == "rest-json" else "application/x-amz-json-1.1"
    for name, served in service.SERVED.items()
}


def _headers(served: str = service.SSO_ADMIN) -> dict[str, str]:
    return {"Content-Type": _CONTENT_TYPES[served], "x-amzn-RequestId": _NEXT_REQUEST_ID()}


def _encode(result: dict[str, Any]) -> bytes:
    """`result` as compact JSON (what ``json.dumps(result, separators=(",", ":"))`` gives)."""
    return _TEXT(result).encode()


_TEXT = jsontext.text
_NEXT_REQUEST_ID = ids.next_request_id


def _ok(
    result: dict[str, Any] | _Page | jsontext.Written, served: str = service.SSO_ADMIN
) -> Response:
    """A success: `result` as compact JSON (a page of texts its items remembered joined as
    `_page` would have rendered them)."""
    headers = _headers(served)
    if result.__class__ is not _Page:
        if result.__class__ is jsontext.Written:
            return 200, headers, result.text.encode()
        if not result:  # every Delete, Tag, Put and Attach: nothing to encode
            return 200, headers, b"{}"
        return 200, headers, _TEXT(result).encode()
    page: _Page = result
    more = f",{_TEXT(page.token_member)}:{_TEXT(page.token)}" if page.token else ""
    text = f"{{{_TEXT(page.member)}:[{','.join(page.texts)}]{more}}}"
    return 200, headers, text.encode()


def error_response(
    error: SSOAdminError, operation: str | None, served: str = service.SSO_ADMIN
) -> Response:
    code = error.code_for(operation, served)
    headers = _headers(served)
    headers["x-amzn-ErrorType"] = code
    if service.SERVED[served].protocol == "rest-json":
        status = service.error_status(code, served) or error.status
        return status, headers, _encode(_rest_error(error, code, served))
    fields = error.fields
    if "RequestId" in service.error_members(code, served) and "RequestId" not in fields:
        # identitystore's errors carry the request's id ("The identifier for each request.
        # This value is a globally unique ID that is generated by the identity store service
        # for each sent request, and is then returned inside the exception if the request
        # fails", the model's RequestId)
        fields = {**fields, "RequestId": headers["x-amzn-RequestId"]}
    body = json.dumps({"__type": code, "Message": error.message, **fields}).encode()
    status = 500 if code == InternalServerException.code else 400
    return status, headers, body


def _rest_error(error: SSOAdminError, code: str, served: str) -> dict[str, Any]:
    """A REST-JSON error body of the members the model's error shape has: sso-oidc's OAuth
    ``error`` (``AuthorizationPendingException`` -> ``authorization_pending``, as AWS sends
    it: ``{"error":"authorization_pending","error_description":"..."}``) and
    ``error_description``; sso's ``message``. botocore reads the code from the
    ``x-amzn-ErrorType`` header (`botocore.parsers.RestJSONParser._inject_error_code`)."""
    members = service.error_members(code, served)
    body: dict[str, Any] = {}
    if "error" in members:
        body["error"] = service.oauth_error(code, served)
        body["error_description"] = error.message
    else:
        body["message"] = error.message
    body.update({name: value for name, value in error.fields.items() if name in members})
    return body


def http_dispatch(request: Any, full_url: str, headers: Any) -> Response:
    """moto's handler signature (stubber and server): (request, url, headers) -> response."""
    body = request.get_data() if hasattr(request, "get_data") else getattr(request, "body", None)
    target = target_of(headers)
    method = str(getattr(request, "method", "POST") or "POST")
    return dispatch(target, body, headers, full_url, method)
