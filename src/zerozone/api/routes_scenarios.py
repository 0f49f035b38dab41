"""Scenarios: the bundled ones and those uploaded to the service (YAML, validated on upload)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from zerozone.api.auth import planner, service_of
from zerozone.api.errors import ConflictError, NotFoundError, RequestInvalidError
from zerozone.api.state import Settings
from zerozone.api.tokens import Token
from zerozone.data import bundled_scenarios, parse_scenario
from zerozone.data.loader import resolve_scenario_path
from zerozone.i18n import N_

router = APIRouter(tags=["scenarios"])

NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
"""Names of uploaded scenarios (also their file names)."""
MAX_SCENARIO_BYTES = 2_000_000
"""Largest scenario file accepted [bytes]."""

NO_SCENARIO = N_("no scenario named {name}")
BUNDLED_NAME = N_("{name} is a bundled scenario; upload under another name")
NOT_TEXT = N_("the scenario must be UTF-8 YAML of at most {size} bytes")
BAD_NAME = N_("a scenario name has lower-case letters, digits, - and _ (at most 64)")

YAML_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/yaml": {"schema": {"type": "string"}}},
    }
}


def scenario_source(settings: Settings, name: str) -> str:
    """What :func:`zerozone.data.load_scenario` takes for ``name``: the bundled name or the path
    of the uploaded file.

    Raises
    ------
    NotFoundError
        When no bundled or uploaded scenario has that name.
    """
    if name in bundled_scenarios():
        return name
    if re.match(NAME_PATTERN, name):
        path = settings.scenarios_dir / f"{name}.yaml"
        if path.is_file():
            return str(path)
    raise NotFoundError(NO_SCENARIO, {"name": name})


def _uploaded(settings: Settings) -> list[str]:
    return sorted(p.stem for p in settings.scenarios_dir.glob("*.yaml"))


@router.get("/scenarios")
def list_scenarios(request: Request) -> list[dict[str, str]]:
    """Every scenario: the bundled ones, then the uploaded ones."""
    settings = service_of(request).settings
    return [{"name": n, "source": "bundled"} for n in bundled_scenarios()] + [
        {"name": n, "source": "uploaded"} for n in _uploaded(settings)
    ]


@router.get("/scenarios/{name}")
def read_scenario(request: Request, name: str) -> dict[str, Any]:
    """One scenario: its YAML and a summary (zones, settlements, periods)."""
    source = scenario_source(service_of(request).settings, name)
    label, text = resolve_scenario_path(source)
    scenario = parse_scenario(text, label)
    return {
        "name": name,
        "source": "bundled" if source == name else "uploaded",
        "zones": [z.id for z in scenario.zones],
        "settlements": [s.id for s in scenario.settlements],
        "periods": list(scenario.policy.periods),
        "yaml": text,
    }


@router.post("/scenarios/{name}", status_code=201, openapi_extra=YAML_BODY)
async def upload_scenario(
    request: Request, name: str, _token: Annotated[Token, Depends(planner)]
) -> dict[str, Any]:
    """Upload (or replace) the scenario ``name`` as YAML; every problem is returned at once, each
    with its path in the file (``error.details.problems``), and nothing is kept then."""
    settings = service_of(request).settings
    if not re.match(NAME_PATTERN, name):
        raise RequestInvalidError(BAD_NAME, problems=[{"path": "name", "message": BAD_NAME}])
    if name in bundled_scenarios():
        raise ConflictError(BUNDLED_NAME, {"name": name})
    body = await request.body()
    try:
        if len(body) > MAX_SCENARIO_BYTES:
            raise UnicodeError
        text = body.decode("utf-8")
    except UnicodeError:
        raise RequestInvalidError(NOT_TEXT, {"size": MAX_SCENARIO_BYTES}) from None
    scenario = parse_scenario(text, name)
    target = settings.scenarios_dir / f"{name}.yaml"
    partial = target.with_suffix(".yaml.part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
    return {"name": name, "source": "uploaded", "zones": [z.id for z in scenario.zones]}
