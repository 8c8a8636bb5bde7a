"""Server mode: sso-admin and identitystore (and, through moto, the rest of AWS) over HTTP.

``ssoadmin-mock serve`` (or ``python -m ssoadmin_mock serve``) answers any AWS SDK, the AWS
CLI or Terraform pointed at ``--endpoint-url http://127.0.0.1:5000``:

- sso-admin and identitystore requests (``X-Amz-Target: SWBExternalService.*`` and
  ``AWSIdentityStore.*``: the target prefixes of `service.SERVED`) go straight to this
  library's dispatcher, the same code that serves in-process mocks;
- the access portal's and OIDC's requests (sso and sso-oidc, REST-JSON: recognised by method
  and path as their models give them, `service.route`, when unsigned or signed for
  ``awsssoportal`` / ``sso-oauth``) go to the same dispatcher;
- ``/_ssoadmin_mock/portal/approve``, ``/access-token`` and ``/authorize`` (POST, JSON) do
  what `ssoadmin_mock.portal` does, for clients in any language that sign in without a
  browser;
- everything else goes to moto's own server application (`DomainDispatcherApplication`), in
  the same process, so IAM, STS and organizations share one world with sso-admin and the
  identity store, exactly as under `mock_ssoadmin`.

The server binds 127.0.0.1 unless told otherwise, logs one line per request and stops cleanly
on SIGINT or SIGTERM. `Server` is also usable from Python (``with Server(port=0) as server:``
runs it on a thread) for tests of code that only takes an endpoint URL.

Account and region come from each request as in-process (`responses.caller`): the account is
``MOTO_ACCOUNT_ID``, else ``x-moto-account-id``, else the owner of the signing access key in
moto's IAM, else moto's default; the region the credential scope's, else the host's, else
us-east-1.

The command's switches (``--fault``, ``--async-reads``, ...) are read by the same parser as
``mock_ssoadmin(...)``'s (`switches.parse`) and are in force while the command serves.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from types import FrameType, TracebackType
from typing import Any, cast

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from . import jsontext, service, switches
from .responses import dispatch

log = logging.getLogger("ssoadmin_mock.server")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000
#: ``X-Amz-Target`` prefix -> the botocore name of the service served here
_TARGETS = {
    served.target_prefix: served.name
    for served in service.SERVED.values()
    if served.target_prefix
}
PORTAL_PATH = "/_ssoadmin_mock/portal/"

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class Application:
    """The WSGI application: sso-admin by this library, every other service by moto.

    moto's application is built on first use of another service, so a server that only ever
    sees sso-admin never loads Flask or moto's routing tables.
    """

    def __init__(self) -> None:
        self._moto: WSGIApp | None = None
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if target.partition(".")[0] in _TARGETS:
            return self._serve_here(environ, start_response)
        if not target and _is_rest_request(environ):
            return self._serve_here(environ, start_response)
        if str(environ.get("PATH_INFO", "")).startswith(PORTAL_PATH):
            return _portal_endpoint(environ, start_response)
        try:
            moto_app = self._moto_app()
        except ImportError as error:  # moto's server needs Flask: the "server" extra
            message = (
                "ssoadmin-mock serves sso-admin and identitystore only: moto's server cannot "
                f"load ({error}). "
                "Install the server extra for the other AWS services "
                '(pip install ".[server]" in a checkout, or flask and flask-cors).'
            )
            return Response(message, status=501)(environ, start_response)
        return moto_app(environ, start_response)

    @staticmethod
    def _serve_here(
        environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        request = Request(environ)
        # werkzeug's headers look up names case-insensitively, as `responses.caller` needs
        headers = cast(Mapping[str, Any], request.headers)
        status, response_headers, body = dispatch(
            headers.get("X-Amz-Target"), request.get_data(), headers, request.url, request.method
        )
        return Response(body, status=status, headers=response_headers)(environ, start_response)

    def _moto_app(self) -> WSGIApp:
        with self._lock:
            if self._moto is None:
                from moto.moto_server.werkzeug_app import (
                    DomainDispatcherApplication,
                    create_backend_app,
                )

                self._moto = DomainDispatcherApplication(create_backend_app)
            return self._moto


@cache
def _rest_signing_names() -> frozenset[str]:
    """The SigV4 signing names of the REST-JSON services served (the models'
    ``signingName``), read from the models on first use."""
    return frozenset(
        str(service.service_model(served.name).signing_name)
        for served in service.SERVED.values()
        if served.protocol == "rest-json"
    )


@cache
def _underscore_headers() -> frozenset[str]:
    """Headers the REST-JSON models name with an underscore (``x-amz-sso_bearer_token``),
    which werkzeug's request handler would drop (it skips header names with underscores)."""
    return frozenset(
        wire.lower()
        for route in service.rest_routes()
        for _, location, wire, _ in route.locations
        if location == "header" and "_" in wire
    )


def _is_rest_request(environ: dict[str, Any]) -> bool:
    """A request of a served REST-JSON service: its method and path are an operation's (or
    its path is, with another method: the dispatcher refuses it, as in-process), and it is
    unsigned or signed for that service (moto's REST services sign for their own)."""
    from .responses import rest_route

    authorization = str(environ.get("HTTP_AUTHORIZATION", ""))
    if authorization:
        scope = authorization.partition("Credential=")[2].partition(",")[0].split("/")
        if len(scope) < 4 or scope[3] not in _rest_signing_names():
            return False
    path = str(environ.get("PATH_INFO", ""))
    query = str(environ.get("QUERY_STRING", ""))
    url = f"{path}?{query}" if query else path
    method = str(environ.get("REQUEST_METHOD", "GET"))
    return rest_route(method, url) is not None or service.is_rest_path(path)


def _portal_endpoint(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    """``POST /_ssoadmin_mock/portal/<action>`` with a JSON body: `ssoadmin_mock.portal`
    over HTTP. ``approve`` takes ``userCode`` and ``userName``; ``access-token`` takes
    ``userName`` (and ``accountId``, ``region``, ``instanceArn``) and answers
    ``accessToken``; ``authorize`` takes ``clientId``, ``redirectUri``, ``codeChallenge``,
    ``userName`` and answers ``code``. A request it cannot serve is HTTP 400
    ``{"message": ...}``."""
    from . import portal
    from .exceptions import SSOAdminError

    request = Request(environ)
    action = request.path[len(PORTAL_PATH) :]
    try:
        if request.method != "POST":
            raise ValueError("use POST with a JSON body")
        try:
            given = jsontext.read(request.get_data().decode() or "{}")
        except ValueError as broken:  # UnicodeDecodeError too
            raise ValueError(f"the body is not JSON ({broken})") from None
        if not isinstance(given, dict):
            raise ValueError("the body must be a JSON object")
        answer: dict[str, Any]
        if action == "approve":
            portal.approve(str(given["userCode"]), str(given["userName"]))
            answer = {}
        elif action == "access-token":
            answer = {
                "accessToken": portal.access_token(
                    str(given["userName"]),
                    account_id=str(given["accountId"]) if given.get("accountId") else None,
                    region=str(given.get("region") or portal.DEFAULT_REGION),
                    instance_arn=str(given["instanceArn"]) if given.get("instanceArn") else None,
                )
            }
        elif action == "authorize":
            answer = {
                "code": portal.authorize(
                    str(given["clientId"]),
                    str(given["redirectUri"]),
                    str(given["codeChallenge"]),
                    str(given["userName"]),
                    region=str(given.get("region") or portal.DEFAULT_REGION),
                )
            }
        else:
            raise ValueError(f"no portal action {action!r}: approve, access-token, authorize")
    except KeyError as missing:
        return _json_response({"message": f"missing member {missing}"}, 400)(
            environ, start_response
        )
    except (LookupError, ValueError) as error:
        return _json_response({"message": str(error)}, 400)(environ, start_response)
    except SSOAdminError as error:  # an unknown client of `authorize`, say
        return _json_response({"message": error.message, "code": error.code}, 400)(
            environ, start_response
        )
    return _json_response(answer, 200)(environ, start_response)


def _json_response(body: dict[str, Any], status: int) -> Response:
    import json

    return Response(json.dumps(body), status=status, content_type="application/json")


class _RequestHandler(WSGIRequestHandler):
    """werkzeug's handler, with one compact log line per request (operation and duration),
    keeping the headers the served models name with an underscore."""

    _started = 0.0

    def make_environ(self) -> dict[str, Any]:
        environ: dict[str, Any] = dict(super().make_environ())
        for name, value in self.headers.items():
            if "_" in name and name.lower() in _underscore_headers():
                environ["HTTP_" + name.upper().replace("-", "_")] = value
        return environ

    def parse_request(self) -> bool:
        self._started = time.perf_counter()
        return bool(super().parse_request())

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        millis = (time.perf_counter() - self._started) * 1000 if self._started else 0.0
        code_text = str(getattr(code, "value", code))
        # a request http.server refuses before reading it (a request line too long, an
        # unknown HTTP version, too many headers) has no path or headers yet: its error
        # answer is logged all the same
        headers = getattr(self, "headers", None)
        log.info(
            "%s %s %s %s %s %.1fms",
            self.client_address[0],
            getattr(self, "command", None) or "-",
            getattr(self, "path", None) or "-",
            _describe(headers) if headers is not None else "-",
            code_text,
            millis,
        )

    def log_error(self, format: str, *args: Any) -> None:
        log.warning("%s %s", self.client_address[0], format % args)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.client_address[0], format % args)


def _describe(headers: Any) -> str:
    """``sso-admin:CreatePermissionSet``, ``iam``, ...: what a request is for, for the log."""
    target = headers.get("X-Amz-Target") or ""
    prefix, _, operation = target.partition(".")
    if prefix in _TARGETS:
        return f"{_TARGETS[prefix]}:{operation}"
    authorization = headers.get("Authorization") or ""
    scope = authorization.partition("Credential=")[2].partition(",")[0].split("/")
    service_name = scope[3] if len(scope) > 3 else "-"
    operation = target.rpartition(".")[2]
    if service_name == "-" and not target:
        service_name = "unsigned"
    return f"{service_name}:{operation}" if operation else service_name


#: the servers of this process that are serving (or about to, on their thread)
_serving: set[Server] = set()
_serving_lock = threading.Lock()


def serving() -> list[str]:
    """The URLs of this process's servers that are serving (read by `mock_ssoadmin`'s start,
    which resets the state they serve)."""
    with _serving_lock:
        return sorted(server.url for server in _serving)


def _set_serving(server: Server, on: bool) -> None:
    with _serving_lock:
        if on:
            _serving.add(server)
        else:
            _serving.discard(server)


class Server:
    """An HTTP server for sso-admin and the rest of moto's AWS, on one host and port.

    ``port=0`` picks a free port; `url` tells which. Use `serve_forever()` in the main thread
    (what the CLI does) or `start()`/`stop()` (or ``with``) to run it on a daemon thread.
    """

    def __init__(self, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
        self.host = host
        self._server: BaseWSGIServer = make_server(
            host, port, Application(), threaded=True, request_handler=_RequestHandler
        )
        self._thread: threading.Thread | None = None
        os.environ.setdefault("MOTO_PORT", str(self.port))

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        host = self.host if ":" not in self.host else f"[{self.host}]"
        return f"http://{host}:{self.port}"

    def serve_forever(self) -> None:
        """Serve until `shutdown()` (from another thread) or an exception in this one."""
        _set_serving(self, True)
        try:
            self._server.serve_forever()
        finally:
            _set_serving(self, False)
            self._server.server_close()

    def close(self) -> None:
        """Release the listening socket (done by `serve_forever` and `stop` too)."""
        self._server.server_close()

    def shutdown(self) -> None:
        """Stop `serve_forever()` running on another thread."""
        self._server.shutdown()

    def start(self) -> Server:
        """Serve on a daemon thread; returns at once, the port already bound."""
        if self._thread is None:
            _set_serving(self, True)  # at once: a mock started next must see it
            self._thread = threading.Thread(
                target=self.serve_forever, name="ssoadmin-mock-server", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


# --- the command line ---------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``serve`` subcommand's options."""
    parser.add_argument(
        "-H", "--host", default=DEFAULT_HOST, help="address to bind (default 127.0.0.1)"
    )
    parser.add_argument(
        "-p",
        "--port",
        type=port_number,
        # a string: argparse checks it with `port_number` too (a bad MOTO_PORT is an error)
        default=os.environ.get("MOTO_PORT") or str(DEFAULT_PORT),
        help="port to bind, 1-65535; 0 picks a free one (default 5000, or MOTO_PORT)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="do not log each request")
    parser.add_argument(
        "--no-default-instance",
        action="store_true",
        help="accounts start with no IAM Identity Center instance",
    )
    parser.add_argument(
        "--no-check-principals",
        action="store_true",
        help="accept users and groups the identity store does not have",
    )
    parser.add_argument(
        "--moto-compatible",
        action="store_true",
        default=None,
        help="serve what AWS refuses only for moto's laxnesses as moto serves it (a warning "
        "for each; default: SSOADMIN_MOCK_MODE)",
    )
    parser.add_argument(
        "--async-reads",
        type=int,
        default=0,
        metavar="N",
        help="asynchronous statuses stay IN_PROGRESS for N reads",
    )
    parser.add_argument(
        "--async-seconds",
        type=float,
        default=0.0,
        metavar="S",
        help="asynchronous statuses stay IN_PROGRESS for S seconds",
    )
    parser.add_argument(
        "--async-failure",
        action="append",
        default=[],
        metavar="OPERATION=REASON",
        help="work started by OPERATION ends FAILED with REASON (repeatable)",
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="OPERATION=CODE[:TIMES]",
        help="OPERATION fails with the modeled error CODE, once, TIMES times, or on every call "
        "with :always (repeatable); in AWS's words where known ('Rate exceeded', ...)",
    )


def port_number(text: str) -> int:
    """A ``--port`` value: 1-65535, or 0 for any free port (argparse's error otherwise)."""
    try:
        port = int(text, 10)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a port: give 1-65535, or 0 for any free port"
        )
    return port


def switches_from_args(args: argparse.Namespace) -> switches.Switches:
    """The command line's switches, read as `mock_ssoadmin(...)` reads its own (the same
    parser, the same meanings and messages); a bad value raises ValueError."""
    async_failures = dict(
        _pair(text, "--async-failure", "OPERATION=REASON") for text in args.async_failure
    )
    faults = dict(_pair(text, "--fault", "OPERATION=CODE[:TIMES]") for text in args.fault)
    given = {"moto_compatible": True} if args.moto_compatible else {}
    spec = switches.parse(
        {
            **given,
            "default_instance": not args.no_default_instance,
            "check_principals": not args.no_check_principals,
            "async_reads": args.async_reads,
            "async_seconds": args.async_seconds,
            "async_failures": async_failures,
            "faults": faults,
        }
    )
    return spec.build()


def _pair(text: str, option: str, form: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name or not value:
        raise ValueError(f"{option} takes {form}, not {text!r}")
    return name, value


def run_from_args(args: argparse.Namespace) -> int:
    """``ssoadmin-mock serve``: serve until SIGINT or SIGTERM; 0 on a clean stop."""
    _configure_logging(quiet=args.quiet)
    try:
        in_force = switches_from_args(args)
        server = Server(args.host, args.port)
    except (ValueError, OSError) as error:
        print(f"ssoadmin-mock serve: {error}", file=sys.stderr)
        return 2
    except SystemExit:  # werkzeug exits when the port is taken, after saying so
        print(f"ssoadmin-mock serve: cannot bind {args.host}:{args.port}", file=sys.stderr)
        return 2
    stop = _StopOnSignals(server.shutdown)
    with stop, switches.using(in_force):
        try:
            print(
                f"ssoadmin-mock serving sso-admin, identitystore and moto on {server.url}",
                flush=True,
            )
            server.serve_forever()
            print(f"ssoadmin-mock stopped ({stop.received})", flush=True)
        finally:
            server.close()
    return 0


def _configure_logging(*, quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    log.addHandler(handler)
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    log.propagate = False


class _StopOnSignals:
    """SIGINT and SIGTERM end `serve_forever` in the main thread; handlers restored after.

    The handler asks the server to shut down from a thread of its own rather than raising in
    the main thread: an exception raised there while the server is taking a request is
    caught by the server's request error handling, and the server would serve on.
    """

    _SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, shutdown: Callable[[], None]) -> None:
        self._shutdown = shutdown
        #: the name of the signal that stopped the server ("" until one came)
        self.received = ""

    def __enter__(self) -> None:
        self._previous = {number: signal.getsignal(number) for number in self._SIGNALS}
        for number in self._SIGNALS:
            signal.signal(number, self._handle)

    def __exit__(self, *exc_info: object) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)

    def _handle(self, number: int, frame: FrameType | None) -> None:
        if self.received:  # a second signal while stopping: already on the way out
            return
        self.received = signal.Signals(number).name
        threading.Thread(target=self._shutdown, name="ssoadmin-mock-stop", daemon=True).start()

