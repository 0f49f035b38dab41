"""Who is asking: the token of a request (header or dashboard cookie), its role, its settlements.

API clients send ``Authorization: Bearer <token>``. The dashboard keeps the token in an HttpOnly
cookie; a write authenticated by that cookie must also carry the CSRF token (double submit: the
``zz_csrf`` cookie's value in the ``X-CSRF-Token`` header or the ``csrf`` form field), so that
another site cannot make a signed-in browser write.
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from fastapi import Request

from zerozone.api.errors import ForbiddenError, UnauthorizedError
from zerozone.api.tokens import Role, Token
from zerozone.i18n import N_

if TYPE_CHECKING:
    from zerozone.api.app import Service

TOKEN_COOKIE = "zz_token"
CSRF_COOKIE = "zz_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

NO_TOKEN = N_("this needs a token: send Authorization: Bearer <token>")
BAD_TOKEN = N_("the token is unknown or revoked")
BAD_CSRF = N_("missing or wrong CSRF token; reload the page")
WRONG_ROLE = N_("a {role} token cannot do this (needs: {needed})")
OTHER_SETTLEMENT = N_("this token does not give access to settlement {settlement}")

PLANNERS = (Role.PLANNER, Role.ADMIN)
"""Roles that upload scenarios and start or cancel runs."""
METER_WRITERS = (Role.OPERATOR, Role.ADMIN)
"""Roles that write readings and meters (operators for their own settlements)."""
ADMINS = (Role.ADMIN,)
"""Roles that manage tokens."""


def service_of(request: Request) -> Service:
    """The service the request reached."""
    service: Service = request.app.state.service
    return service


def csrf_matches(request: Request, presented: str | None) -> bool:
    """Whether ``presented`` equals the request's CSRF cookie."""
    cookie = request.cookies.get(CSRF_COOKIE)
    return bool(cookie and presented and hmac.compare_digest(cookie, presented))


def optional_token(request: Request) -> Token | None:
    """The request's token, None when it sent none.

    Raises
    ------
    UnauthorizedError
        When a token was sent but is unknown or revoked.
    ForbiddenError
        For a cookie-authenticated write without the CSRF token.
    """
    header = request.headers.get("Authorization", "")
    presented = header[7:] if header[:7].lower() == "bearer " else None
    from_cookie = presented is None
    if presented is None:
        presented = request.cookies.get(TOKEN_COOKIE)
    if not presented:
        return None
    token = service_of(request).tokens.check(presented)
    if token is None:
        raise UnauthorizedError(BAD_TOKEN)
    writes = from_cookie and request.method not in SAFE_METHODS
    if writes and not csrf_matches(request, request.headers.get(CSRF_HEADER)):
        raise ForbiddenError(BAD_CSRF)
    return token


def require_token(request: Request) -> Token:
    """The request's token (any role).

    Raises
    ------
    UnauthorizedError
        When none was sent.
    """
    token = optional_token(request)
    if token is None:
        raise UnauthorizedError(NO_TOKEN)
    return token


def require_role(token: Token, roles: tuple[Role, ...]) -> Token:
    """``token`` when its role is one of ``roles``.

    Raises
    ------
    ForbiddenError
        Otherwise.
    """
    if token.role not in roles:
        raise ForbiddenError(
            WRONG_ROLE, {"role": token.role.value, "needed": ", ".join(r.value for r in roles)}
        )
    return token


def require_settlement(token: Token, settlement: str) -> None:
    """Allow ``token`` to read ``settlement``'s data (operators: only their own).

    Raises
    ------
    ForbiddenError
        For an operator of other settlements.
    """
    if not token.may_access(settlement):
        raise ForbiddenError(OTHER_SETTLEMENT, {"settlement": settlement})


def planner(request: Request) -> Token:
    """Dependency: a planner's or admin's token."""
    return require_role(require_token(request), PLANNERS)


def meter_writer(request: Request) -> Token:
    """Dependency: an operator's or admin's token (settlements checked by the route)."""
    return require_role(require_token(request), METER_WRITERS)


def admin(request: Request) -> Token:
    """Dependency: an admin's token."""
    return require_role(require_token(request), ADMINS)
