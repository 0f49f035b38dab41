"""The service's errors: one JSON shape for every failure, from :class:`ZerozoneError`.

Every response that is not a success carries ``ZerozoneError.to_dict()``::

    {"error": {"kind": "...", "message": "...", "exit_code": 2, "details": {...}}}

Errors of the domain (a scenario with problems, an unknown settlement, a bad readings batch) keep
their own kind and details; HTTP failures (no token, wrong role, unknown route or method, a
request that does not validate, an unexpected server fault) are the subclasses below.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from zerozone.data.problems import ScenarioError
from zerozone.errors import SOLVER_FAILURE, ZerozoneError
from zerozone.i18n import N_, Language, translator

LOG = logging.getLogger("zerozone.api")


class ServiceError(ZerozoneError):
    """A failure of a request with its HTTP status (class default 400).

    Parameters
    ----------
    template : str
        The English message with ``{name}`` fields, marked with ``N_`` (translated when the
        response is rendered, in the language of the request).
    params : dict, optional
        Values of the fields.
    status : int, optional
        HTTP status (class default otherwise).
    **details
        Extra structured fields of the JSON shape.
    """

    status: int = 400

    def __init__(
        self,
        template: str,
        params: dict[str, Any] | None = None,
        *,
        status: int | None = None,
        **details: Any,
    ) -> None:
        self.template = template
        self.params = params or {}
        super().__init__(template.format(**self.params))
        if status is not None:
            self.status = status
        self._details = details

    def details(self, lang: Language = "en") -> dict[str, Any]:
        """Extra fields given when raising (e.g. the allowed methods)."""
        return dict(self._details)

    def translated(self, lang: Language) -> ServiceError:
        """The same error with its message in ``lang``."""
        copy = type(self)(translator(lang)(self.template), self.params, **self._details)
        copy.status = self.status
        return copy


class UnauthorizedError(ServiceError):
    """No token, or a token that is unknown or revoked."""

    code = "Unauthorized"
    status = 401


class ForbiddenError(ServiceError):
    """A valid token whose role (or settlements) does not allow the request."""

    code = "Forbidden"
    status = 403


class NotFoundError(ServiceError):
    """No such route, run, scenario, table or token."""

    code = "NotFound"
    status = 404


class MethodNotAllowedError(ServiceError):
    """The route exists but not for this HTTP method (``details.allowed`` lists those that do)."""

    code = "MethodNotAllowed"
    status = 405


class ConflictError(ServiceError):
    """The request does not fit the current state (e.g. results of a run still running)."""

    code = "Conflict"
    status = 409


class RequestInvalidError(ServiceError):
    """Parameters or body that do not validate; ``details.problems`` lists each with its path."""

    code = "RequestInvalid"
    status = 422


class InternalError(ServiceError):
    """An unexpected fault of the service (logged with its traceback)."""

    code = "InternalError"
    status = 500
    exit_code = SOLVER_FAILURE


NOT_FOUND = N_("not found: {path}")
METHOD_NOT_ALLOWED = N_("method {method} is not allowed here")
INVALID = N_("the request does not validate ({count} problems)")
INTERNAL = N_("internal error of the service; the log has the details")


def status_of(error: ZerozoneError) -> int:
    """The HTTP status of ``error``: its own, 422 for scenario problems, else 400."""
    if isinstance(error, ServiceError):
        return error.status
    if isinstance(error, ScenarioError):
        return 422
    return 400


def request_language(request: Request) -> Language:
    """The language of a request: ``?lang=``, else the ``lang`` cookie, else Azerbaijani when
    ``Accept-Language`` puts it before English (a script's or a browser's choice), else English."""
    chosen = request.query_params.get("lang") or request.cookies.get("lang")
    if chosen is None:
        chosen = accepted_language(request.headers.get("accept-language", ""))
    return "az" if chosen == "az" else "en"


def accepted_language(header: str) -> Language:
    """``az`` when an ``Accept-Language`` header prefers Azerbaijani to English, else ``en``.

    Each entry's quality (``;q=``, default 1) ranks it; on equal quality the first listed wins.
    """
    ranked: list[tuple[float, int, str]] = []
    for position, entry in enumerate(header.split(",")):
        tag, _, params = entry.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in ("az", "en"):
            ranked.append((-quality, position, primary))
    return "az" if ranked and min(ranked)[2] == "az" and -min(ranked)[0] > 0 else "en"


def error_response(error: ZerozoneError, lang: Language = "en") -> JSONResponse:
    """``error`` as the one JSON shape with its status (its message and details in ``lang``)."""
    if isinstance(error, ServiceError):
        error = error.translated(lang)
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(error, UnauthorizedError) else None
    return JSONResponse(error.to_dict(lang), status_code=status_of(error), headers=headers)


def _problems(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {
            "path": ".".join(str(part) for part in item.get("loc", ())),
            "message": str(item.get("msg", "")),
            "type": str(item.get("type", "")),
        }
        for item in exc.errors()
    ]


def _http_error(request: Request, exc: StarletteHTTPException) -> ServiceError:
    if exc.status_code == 404:
        return NotFoundError(NOT_FOUND, {"path": request.url.path})
    if exc.status_code == 405:
        return MethodNotAllowedError(
            METHOD_NOT_ALLOWED,
            {"method": request.method},
            allowed=(exc.headers or {}).get("Allow", ""),
        )
    return ServiceError("{detail}", {"detail": str(exc.detail)}, status=exc.status_code)


def _respond(request: Request, error: ZerozoneError) -> Response:
    """The error as JSON under ``/api``; as the dashboard's error page elsewhere (when set)."""
    lang = request_language(request)
    page = getattr(request.app.state, "error_page", None)
    if page is not None and not request.url.path.startswith("/api"):
        shown: Response = page(request, error, status_of(error))
        return shown
    return error_response(error, lang)


def install_error_handlers(app: FastAPI) -> None:
    """Render every error of ``app`` as the one JSON shape (pages: as an HTML page)."""

    async def zerozone_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ZerozoneError)
        return _respond(request, exc)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return _respond(request, _http_error(request, exc))

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = _problems(exc)
        error = RequestInvalidError(INVALID, {"count": len(problems)}, problems=problems)
        return _respond(request, error)

    async def unexpected(request: Request, exc: Exception) -> Response:
        LOG.exception("unexpected error on %s %s", request.method, request.url.path)
        return _respond(request, InternalError(INTERNAL))

    app.add_exception_handler(ZerozoneError, zerozone_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unexpected)
