"""What every dashboard page shares: templates, language, sign-in, CSRF, charts as JSON."""

from __future__ import annotations

import secrets
from functools import cache
from typing import Any

import jinja2
import plotly.graph_objects as go
import plotly.io as pio
from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from zerozone import __version__
from zerozone.api.auth import BAD_CSRF, CSRF_COOKIE, TOKEN_COOKIE, csrf_matches, service_of
from zerozone.api.errors import ForbiddenError, request_language
from zerozone.api.tokens import Role, Token
from zerozone.i18n import Language, format_number, translator

LANG_COOKIE = "lang"
COOKIE_AGE = 30 * 24 * 3600
"""How long the language, token and CSRF cookies last [s]."""

PLOT_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "showLink": False,
    "modeBarButtonsToRemove": ["sendDataToCloud", "editInChartStudio"],
}
"""plotly.js options of every chart: nothing that offers to upload anywhere."""


@cache
def environment() -> jinja2.Environment:
    """The dashboard's templates (HTML autoescaped)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("zerozone.api", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def signed_in(request: Request) -> Token | None:
    """The token of the dashboard's cookie, or None (also for an unknown or revoked one)."""
    presented = request.cookies.get(TOKEN_COOKIE)
    return service_of(request).tokens.check(presented) if presented else None


def csrf_token(request: Request) -> str:
    """The CSRF value of this browser (a new one when it has none yet)."""
    existing = request.cookies.get(CSRF_COOKIE)
    if existing:
        return existing
    value: str = getattr(request.state, "new_csrf", "") or secrets.token_urlsafe(24)
    request.state.new_csrf = value
    return value


def check_form(request: Request, form: dict[str, Any]) -> None:
    """Refuse a form post whose CSRF field does not match the browser's cookie.

    Raises
    ------
    ForbiddenError
        When it does not match.
    """
    field = form.get("csrf")
    if not csrf_matches(request, field if isinstance(field, str) else None):
        raise ForbiddenError(BAD_CSRF)


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    """Set an HttpOnly, SameSite=Lax cookie (Secure behind HTTPS)."""
    response.set_cookie(
        name,
        value,
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="lax",
        secure=service_of(request).settings.secure_cookies,
    )


def chart(figure: go.Figure, height: int = 380) -> str | None:
    """A figure as JSON for the page (None when it has no data)."""
    if not any(len(getattr(trace, "x", None) or []) for trace in figure.data):
        return None
    figure.update_layout(height=height, autosize=True, title_font_size=14)
    return pio.to_json(figure, validate=False, engine="json").replace("</", "<\\/")


def render(
    request: Request,
    template: str,
    title: str,
    title_args: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """A page of the dashboard in the request's language (``title`` translated, then formatted
    with ``title_args``)."""
    lang: Language = request_language(request)
    token = signed_in(request)
    gettext = translator(lang)
    heading = gettext(title).format(**title_args) if title_args else gettext(title)
    body = (
        environment()
        .get_template(template)
        .render(
            _=gettext,
            lang=lang,
            title=title,
            heading=heading,
            token=token,
            is_admin=token is not None and token.role is Role.ADMIN,
            can_plan=token is not None and token.role in (Role.PLANNER, Role.ADMIN),
            csrf=csrf_token(request),
            path=request.url.path,
            query=request.url.query,
            version=__version__,
            plot_config=PLOT_CONFIG,
            num=lambda value, digits=0: format_number(float(value), lang, digits),
            **context,
        )
    )
    response = HTMLResponse(body)
    if not request.cookies.get(CSRF_COOKIE):
        set_cookie(request, response, CSRF_COOKIE, csrf_token(request))
    return response
