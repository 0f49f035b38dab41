"""Token management for admins: list, create (the secret is returned once), revoke."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from zerozone.api.auth import admin, service_of
from zerozone.api.errors import NotFoundError
from zerozone.api.places import settlement_ids
from zerozone.api.tokens import Role, Token
from zerozone.i18n import N_

router = APIRouter(tags=["tokens"])

NO_TOKEN_ID = N_("no token {token}")


class TokenRequest(BaseModel):
    """A token to create."""

    model_config = ConfigDict(extra="forbid")

    role: Role
    settlements: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=list, max_length=100, description="An operator's settlements."
    )
    label: str = Field("", max_length=200)


def token_view(token: Token) -> dict[str, Any]:
    """A token as JSON (never its secret)."""
    view = dataclasses.asdict(token)
    view["settlements"] = list(token.settlements)
    return view


@router.get("/tokens")
def list_tokens(request: Request, _token: Annotated[Token, Depends(admin)]) -> list[dict[str, Any]]:
    """Every token, newest first (revoked ones too)."""
    return [token_view(t) for t in service_of(request).tokens.all()]


@router.post("/tokens", status_code=201)
def create_token(
    request: Request, body: TokenRequest, _token: Annotated[Token, Depends(admin)]
) -> dict[str, Any]:
    """Create a token; ``token`` in the reply is the only time its secret is shown."""
    service = service_of(request)
    places = settlement_ids(service.settings.scenarios_dir, body.settlements)
    secret = service.tokens.create(body.role, places, body.label)
    token = service.tokens.check(secret)
    assert token is not None
    return {**token_view(token), "token": secret}


@router.post("/tokens/{token_id}/revoke")
def revoke_token(
    request: Request, token_id: str, _token: Annotated[Token, Depends(admin)]
) -> dict[str, Any]:
    """Revoke a token: it stops working at once."""
    if not service_of(request).tokens.revoke(token_id):
        raise NotFoundError(NO_TOKEN_ID, {"token": token_id})
    return {"token_id": token_id, "revoked": True}
