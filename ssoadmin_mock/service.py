"""The models of the services the package serves, loaded once from the installed botocore.

Everything the mock knows about an API's shape (operations, members, constraints, modeled
errors) comes from here, so a newer botocore widens the mock without code changes.

`SERVED` names each service and how its requests are recognised (`Served`): sso-admin and
identitystore are JSON 1.1 services, told apart by the ``X-Amz-Target`` prefix their model
declares (`targets` maps every full target to its service and operation, so the dispatcher
finds both with one dict look-up). sso (the access portal) and sso-oidc are REST-JSON
services: a request is recognised by its method and path, matched against each operation's
``http.requestUri`` in the model (`route`), and its members are read from the places the
model puts them (header, query string, URI: `RestRoute.locations`; the JSON body:
`RestRoute.body_members`).
Every function takes the botocore service name, sso-admin by default.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import Message
from functools import cache, lru_cache
from typing import Any
from urllib.parse import parse_qsl

import botocore.session
from botocore import xform_name
from botocore.awsrequest import HeadersDict
from botocore.model import OperationModel, ServiceModel

SSO_ADMIN = "sso-admin"
IDENTITYSTORE = "identitystore"
SSO = "sso"
SSO_OIDC = "sso-oidc"
SERVICE_NAME = SSO_ADMIN
TARGET_PREFIX = "SWBExternalService"


@dataclass(frozen=True)
class Served:
    """A service this package serves, as its requests show it."""

    #: botocore's service name (``boto3.client(name)``)
    name: str
    #: the ``X-Amz-Target`` prefix of a JSON 1.1 service (the model's ``targetPrefix``)
    target_prefix: str
    #: the service prefix of its IAM actions (``sso:CreatePermissionSet``)
    iam_prefix: str
    #: the first label(s) of its endpoint host (``sso.us-east-1.amazonaws.com``)
    host_label: str
    #: the model's protocol: ``json`` (JSON 1.1, by target) or ``rest-json`` (by path)
    protocol: str = "json"


#: botocore service name -> how it is served; IAM prefixes from the Service Authorization
#: Reference ("Actions, resources, and condition keys for AWS IAM Identity Center" / "for
#: AWS Identity Store")
SERVED: dict[str, Served] = {
    SSO_ADMIN: Served(SSO_ADMIN, TARGET_PREFIX, "sso", "sso"),
    IDENTITYSTORE: Served(IDENTITYSTORE, "AWSIdentityStore", "identitystore", "identitystore"),
    # the portal's and OIDC's endpoints are portal.sso.<region>.amazonaws.com and
    # oidc.<region>.amazonaws.com (the models' endpointPrefix); IAM prefixes "sso" (the
    # portal's actions are not IAM-authorized: bearer token) and "sso-oauth" (Service
    # Authorization Reference, "Actions ... for AWS IAM Identity Center OIDC service")
    SSO: Served(SSO, "", "sso", "portal.sso", "rest-json"),
    SSO_OIDC: Served(SSO_OIDC, "", "sso-oauth", "oidc", "rest-json"),
}


@cache
def botocore_session() -> botocore.session.Session:
    """The one botocore session the package reads models and Regions from: the one moto
    lists Regions through (`moto_bridge.botocore_session`: boto3's default session once a
    client was made through it, whose loader has read the model of the client). A session's
    loader finds the installed data files once (listing botocore's ~400 service folders
    costs about as much as reading a model) and keeps what it read."""
    from . import moto_bridge

    session: botocore.session.Session = moto_bridge.botocore_session()
    return session


@cache
def service_model(service: str = SSO_ADMIN) -> ServiceModel:
    """The installed botocore's model of `service`."""
    return botocore_session().get_service_model(service)


@cache
def operation_names(service: str = SSO_ADMIN) -> frozenset[str]:
    """Every operation of the installed model of `service`."""
    return frozenset(service_model(service).operation_names)


@cache
def operation_model(name: str, service: str = SSO_ADMIN) -> OperationModel:
    return service_model(service).operation_model(name)


@cache
def modeled_errors(operation: str, service: str = SSO_ADMIN) -> frozenset[str]:
    """The error codes an operation declares in the model."""
    return frozenset(shape.name for shape in operation_model(operation, service).error_shapes)


#: ``"AWSIdentityStore.CreateUser"`` -> ``("identitystore", "CreateUser")``: the targets of
#: the services whose model was read (`target` adds a service's on first use, so a process
#: that only calls sso-admin never loads another model)
TARGETS: dict[str, tuple[str, str]] = {}


def served_by_prefix(prefix: str) -> Served | None:
    """The served JSON 1.1 service whose ``X-Amz-Target`` prefix is `prefix`."""
    for served in SERVED.values():
        if served.target_prefix and served.target_prefix == prefix:
            return served
    return None


def target(name: str) -> tuple[str, str] | None:
    """(service, operation) of the full target `name`, adding its service's targets to
    `TARGETS`; None when no served service has it."""
    served = served_by_prefix(name.partition(".")[0])
    if served is None:
        return None
    TARGETS.update(
        {f"{served.target_prefix}.{op}": (served.name, op) for op in operation_names(served.name)}
    )
    return TARGETS.get(name)


def targets() -> dict[str, tuple[str, str]]:
    """Every target of every served JSON 1.1 service -> (service, operation)."""
    for served in SERVED.values():
        if served.target_prefix:
            target(f"{served.target_prefix}.")
    return dict(TARGETS)


# --- REST-JSON: requests by method and path ------------------------------------------------


def botocore_header_keys(*names: str) -> tuple[Any, ...] | None:
    """The key objects botocore's `HeadersDict` files `names` under in its ``_dict`` (it
    keeps every header there under a case-blind key), made by botocore's own class; None if
    this botocore keeps its headers otherwise. With them a header is one ``dict.get`` (two
    calls into botocore's key class), where ``HeadersDict.get`` makes a key and goes through
    ``Mapping.get``, raising and catching ``KeyError`` for a header that is absent."""
    probe = HeadersDict({name: name for name in names})
    entries = getattr(probe, "_dict", None)
    if not isinstance(entries, dict) or len(entries) != len(names):
        return None
    keys = tuple(entries)
    if [entries.get(key) for key in keys] != list(names):
        return None
    return keys


def raw_header(headers: Any, key: Any, name: str, other_case: str = "") -> Any:
    """A header's value as the request holds it (text, or bytes as botocore's signer leaves
    it), None if absent. In botocore's `HeadersDict`, one ``dict.get`` under botocore's own
    `key` object for it (`botocore_header_keys`; None: looked up by `name`); in other
    headers that ignore case (an `email.message.Message`, which scans every header per
    look-up), one look-up; in a plain mapping, one per spelling (`name`, `other_case`)."""
    if key is not None and headers.__class__ is HeadersDict:
        return headers._dict.get(key)
    value = headers.get(name)
    if value is None and other_case and not isinstance(headers, _CASE_BLIND):
        value = headers.get(other_case)
    return value


#: header mappings that ignore case
_CASE_BLIND = (Message, HeadersDict)


@dataclass(frozen=True)
class RestRoute:
    """One REST-JSON operation as its model's ``http`` trait and input members place it."""

    service: str
    operation: str
    method: str
    #: the path template split into segments; ``{label}`` segments name a URI member
    segments: tuple[str, ...]
    #: literal query parameters of the request URI (``/token?aws_iam=t``)
    query: tuple[tuple[str, str], ...]
    #: input member -> (location, wire name, type name) of the members the model puts in a
    #: header, the query string or the URI
    locations: tuple[tuple[str, str, str, str], ...]
    #: the members the model puts in the JSON body (under their own names)
    body_members: frozenset[str] = frozenset()

    #: (member, wire name, botocore's key object for it (`botocore_header_keys`), whether an
    #: integer) of the members the model puts in a header, made once
    headers: tuple[tuple[str, str, Any, bool], ...] = field(init=False, compare=False, repr=False)
    #: the members the URI places (query string and path labels) whose type is a list
    uri_lists: frozenset[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        wires = [wire for _, location, wire, _ in self.locations if location == "header"]
        keys = botocore_header_keys(*wires) if wires else None
        found = dict(zip(wires, keys, strict=True)) if keys else {}
        headers = tuple(
            (member, wire, found.get(wire), type_name in _INTEGERS)
            for member, location, wire, type_name in self.locations
            if location == "header"
        )
        object.__setattr__(self, "headers", headers)  # frozen: set once, here
        lists = frozenset(
            member
            for member, location, _, type_name in self.locations
            if location != "header" and type_name == "list"
        )
        object.__setattr__(self, "uri_lists", lists)

    def labels_of(self, method: str, segments: tuple[str, ...]) -> dict[str, str] | None:
        """The URI labels when a request of this method and path is this route's, else None
        (the literal query parameters are checked by `takes_query`)."""
        if method != self.method or len(segments) != len(self.segments):
            return None
        labels: dict[str, str] = {}
        for pattern, value in zip(self.segments, segments, strict=True):
            if pattern.startswith("{") and pattern.endswith("}"):
                labels[pattern[1:-1].rstrip("+")] = value
            elif pattern != value:
                return None
        return labels

    def takes_query(self, query: Mapping[str, Sequence[str]]) -> bool:
        """Whether the request's query has this route's literal parameters (the last value
        of each, as the path's own)."""
        for name, value in self.query:
            values = query.get(name)
            if not values or values[-1] != value:
                return False
        return True

    def located(
        self, query: Mapping[str, Sequence[str]], labels: Mapping[str, str]
    ) -> dict[str, Any]:
        """The members the request's URI gives (query string and path labels), as the
        validator takes them (query integers as integers when they read as one; a list as a
        tuple, which `params` turns into a list of the request's own): what one URL says,
        worked out once for it."""
        located: dict[str, Any] = {}
        for member, location, wire, type_name in self.locations:
            value: Any
            if location == "querystring":
                values = query.get(wire)
                if not values:
                    continue
                value = tuple(values) if type_name == "list" else values[-1]
            elif location == "header":
                continue
            else:
                value = labels.get(wire)
                if value is None:
                    continue
            if type_name in _INTEGERS:
                value = _integer(value)
            located[member] = value
        return located

    def params(self, headers: Any, located: Mapping[str, Any], body: Any) -> dict[str, Any]:
        """The request's members: what its URI gives (`located`), its headers' and its JSON
        body's, each from where the model puts it."""
        params = dict(located)
        for member in self.uri_lists.intersection(params):
            params[member] = list(params[member])
        for member, wire, key, integer in self.headers:
            value = raw_header(headers, key, wire)
            if value is None:
                continue
            if value.__class__ is not str:
                value = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
            params[member] = _integer(value) if integer and isinstance(value, str) else value
        if body and isinstance(body, dict):  # what the body holds, as JSON gave it
            members = self.body_members
            for member, value in body.items():
                if value is not None and member in members:
                    params[member] = value
        return params


#: the model's integer types (a URI or header member of one is read as an integer)
_INTEGERS = frozenset({"integer", "long"})


def _integer(text: str) -> Any:
    return int(text) if re.fullmatch(r"-?\d{1,18}", text) else text


@cache
def rest_routes() -> tuple[RestRoute, ...]:
    """Every operation of every served REST-JSON service, most specific first (a route with
    literal query parameters before one without, on the same path)."""
    routes: list[RestRoute] = []
    for served in SERVED.values():
        if served.protocol != "rest-json":
            continue
        for name in operation_names(served.name):
            model = operation_model(name, served.name)
            path, _, literal = str(model.http["requestUri"]).partition("?")
            shape = model.input_shape
            members = shape.members if shape is not None else {}
            placed = [
                (
                    member,
                    str(spec.serialization.get("location") or ""),
                    str(spec.serialization.get("name") or member),
                    spec.type_name,
                )
                for member, spec in members.items()
            ]
            routes.append(
                RestRoute(
                    served.name,
                    name,
                    str(model.http["method"]).upper(),
                    tuple(segment for segment in path.split("/") if segment),
                    tuple(parse_qsl(literal, keep_blank_values=True)),
                    tuple(where for where in placed if where[1]),
                    frozenset(member for member, location, _, _ in placed if not location),
                )
            )
    routes.sort(key=lambda route: -len(route.query))
    return tuple(routes)


def route(
    method: str, path: str, query: Mapping[str, Sequence[str]]
) -> tuple[RestRoute, dict[str, str]] | None:
    """The served REST-JSON operation a request's method and path (and literal query
    parameters) name, with its URI labels; None when none does."""
    for candidate, labels in _routes_of_path(method.upper(), path):
        if not candidate.query or candidate.takes_query(query):
            return candidate, dict(labels)
    return None


@lru_cache(maxsize=1024)
def _routes_of_path(method: str, path: str) -> tuple[tuple[RestRoute, dict[str, str]], ...]:
    """The routes a method and path may be, most specific first, each with its URI labels
    (worked out once per path met: the portal's and OIDC's paths carry no labels, so each
    of their requests is one look-up here; `route` copies the labels it hands out)."""
    segments = tuple(segment for segment in path.split("/") if segment)
    found = []
    for candidate in _routes_by_path().get((method, segments), ()) + _labelled_routes():
        labels = candidate.labels_of(method, segments)
        if labels is not None:
            found.append((candidate, labels))
    return tuple(found)


@lru_cache(maxsize=256)
def is_rest_path(path: str) -> bool:
    """Whether `path` is the path of a served REST-JSON operation with some method (a
    request with another method is one of that service's, refused as such, not another
    service's)."""
    segments = tuple(segment for segment in path.split("/") if segment)
    return any(route.labels_of(route.method, segments) is not None for route in rest_routes())


@cache
def _routes_by_path() -> dict[tuple[str, tuple[str, ...]], tuple[RestRoute, ...]]:
    """The routes without URI labels by (method, path segments): a request's candidates in
    one look-up, most specific first."""
    index: dict[tuple[str, tuple[str, ...]], tuple[RestRoute, ...]] = {}
    for found in rest_routes():
        if not any(segment.startswith("{") for segment in found.segments):
            key = (found.method, found.segments)
            index[key] = (*index.get(key, ()), found)
    return index


@cache
def _labelled_routes() -> tuple[RestRoute, ...]:
    """The routes whose path has URI labels (``/{id}``), tried one by one."""
    return tuple(r for r in rest_routes() if any(s.startswith("{") for s in r.segments))


@cache
def is_unsigned(operation: str, service: str) -> bool:
    """Whether the model marks the operation as sent unsigned (``authtype: none``): the
    portal's bearer-token calls and OIDC's public-client calls."""
    model = operation_model(operation, service)
    return model.auth_type == "none" or list(getattr(model, "auth", None) or []) == [
        "smithy.api#noAuth"
    ]


@cache
def service_of(operation: str) -> str | None:
    """The served service that has `operation` (operation names are unique across the
    services served; `tests/test_operations.py` checks it), or None."""
    for served in SERVED:
        if operation in operation_names(served):
            return served
    return None


@cache
def method_name(operation: str) -> str:
    """`CreatePermissionSet` -> `create_permission_set`, as botocore names client methods."""
    return str(xform_name(operation))


@cache
def member_arguments(operation: str, service: str = SSO_ADMIN) -> dict[str, str]:
    """Input member name -> keyword argument name for the backend method."""
    shape = operation_model(operation, service).input_shape
    if shape is None:
        return {}
    return {member: xform_name(member) for member in shape.members}


@cache
def page_size_limit(operation: str, service: str = SSO_ADMIN) -> int:
    """The largest page an operation may return.

    MaxResults' model maximum (else 100), capped by the largest list the output may carry
    when the output pages with NextToken (ListApplications takes MaxResults up to 100 but
    its ``Applications`` list holds at most 50).
    """
    model = operation_model(operation, service)
    shape = model.input_shape
    limit = 100
    size, token = paging_members(operation, service)
    if shape is not None and size in shape.members:
        limit = int(shape.members[size].metadata.get("max", 100))
    output = model.output_shape
    if output is not None and token in output.members:
        for member in output.members.values():
            if member.type_name == "list" and "max" in member.metadata:
                limit = min(limit, int(member.metadata["max"]))
    return limit


#: the page an operation answers when the request sets no page size, where AWS's is smaller
#: than the largest it allows: the access portal's ListAccounts answers 20 accounts a page
#: (observed: Noovolari/leapp#57, "We have 32 AWS SSO accounts, but on Leapp, only 20 are
#: showing"; aws/aws-tools-for-powershell#401, "can fail if user has access to more than 20
#: accounts"), though ``maxResults`` takes up to 100
_DEFAULT_PAGES = {(SSO, "ListAccounts"): 20}


def default_page_size(operation: str, service: str = SSO_ADMIN) -> int:
    """The page an operation answers when the request sets no page size: AWS's where it is
    known to be smaller than `page_size_limit`, else that limit."""
    return _DEFAULT_PAGES.get((service, operation)) or page_size_limit(operation, service)


@cache
def takes_client_token(operation: str, service: str = SSO_ADMIN) -> bool:
    shape = operation_model(operation, service).input_shape
    return shape is not None and "ClientToken" in shape.members


@cache
def output_members(operation: str, service: str = SSO_ADMIN) -> frozenset[str]:
    """The top-level members of an operation's output in the installed model.

    Lets the backend send a member a newer botocore added only where the installed model
    declares it: a response must never carry a member its model does not know.
    """
    shape = operation_model(operation, service).output_shape
    return frozenset(shape.members) if shape is not None else frozenset()


@cache
def output_item_members(
    operation: str, member: str, service: str = SSO_ADMIN
) -> frozenset[str]:
    """The members of the structures listed under the output list `member` of `operation`
    (``("ListInstances", "Instances")`` -> the members of ``InstanceMetadata``); empty when
    the installed model has no such list of structures."""
    shape = operation_model(operation, service).output_shape
    listed = shape.members.get(member) if shape is not None else None
    item = getattr(listed, "member", None)
    return frozenset(getattr(item, "members", ()))


@cache
def paged_member(operation: str, service: str = SSO_ADMIN) -> str | None:
    """The list member of a List operation's output (one whose input takes ``NextToken``):
    what the dispatcher pages. None for an operation that does not page."""
    model = operation_model(operation, service)
    shape, output = model.input_shape, model.output_shape
    token = paging_members(operation, service)[1]
    if shape is None or output is None or token not in shape.members:
        return None
    lists = [name for name, member in output.members.items() if member.type_name == "list"]
    return lists[0] if len(lists) == 1 else None


@cache
def paging_members(operation: str, service: str = SSO_ADMIN) -> tuple[str, str]:
    """(page size member, page token member) of an operation's input: ``MaxResults`` and
    ``NextToken`` in the JSON 1.1 models, ``maxResults`` and ``nextToken`` in sso's (the
    output's token member has the same name)."""
    shape = operation_model(operation, service).input_shape
    members = shape.members if shape is not None else {}
    if "nextToken" in members or "maxResults" in members:
        return "maxResults", "nextToken"
    return "MaxResults", "NextToken"


@cache
def error_members(code: str, service: str) -> frozenset[str]:
    """The members of the model's error shape `code` of `service` (empty when the model has
    no such error)."""
    for shape in service_model(service).error_shapes:
        if shape.name == code:
            return frozenset(shape.members)
    return frozenset()


#: how sso-oidc's model documents each exception's OAuth ``error`` value
_OAUTH_VALUE = re.compile(r"the value will be <code>([a-z_]+)</code>")


@cache
def oauth_error(code: str, service: str) -> str:
    """The OAuth ``error`` value of error `code` of `service`, as its model documents it
    ("Single error code. For this exception the value will be <code>server_error</code>",
    sso-oidc's InternalServerException); for an error the model does not document, the
    code's name in RFC 6749 section 5.2's form (``InvalidGrantException`` ->
    ``invalid_grant``)."""
    for shape in service_model(service).error_shapes:
        member = shape.members.get("error") if shape.name == code else None
        found = _OAUTH_VALUE.search(member.documentation or "") if member is not None else None
        if found:
            return found.group(1)
    stem = code.removesuffix("Exception")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", stem).lower()


@cache
def error_status(code: str, service: str) -> int | None:
    """The HTTP status the model gives error `code` of `service`, if it models it."""
    for shape in service_model(service).error_shapes:
        if shape.name == code:
            status = shape.metadata.get("error", {}).get("httpStatusCode")
            return int(status) if status is not None else None
    return None
