"""MRV: the registry, batches of readings, energy, gaps, inventory and status against the plan.

Every route needs a token (settlement data is personal data). Operators read and write only their
own settlements; an operator must name one of them where a route covers several settlements.
Readings (JSON array, CSV or Parquet body) are validated and staged durably on arrival: the reply
(202) lists every rejected row with its reason; the valid rows are merged into the store within
about a second (:mod:`zerozone.mrv.staging`).
"""

from __future__ import annotations

import dataclasses
import io
import json
from typing import Annotated, Any, Literal

import duckdb
import orjson
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from zerozone.api.auth import admin, meter_writer, require_settlement, require_token, service_of
from zerozone.api.errors import ForbiddenError, RequestInvalidError
from zerozone.api.routes_scenarios import scenario_source
from zerozone.api.runs import frame_records, run_path
from zerozone.api.tokens import Role, Token
from zerozone.data import load_scenario
from zerozone.i18n import N_
from zerozone.mrv import registry
from zerozone.mrv.energy import find_gaps, local_energy
from zerozone.mrv.factors import grid_factor
from zerozone.mrv.fastpath import MeterCatalog, json_table
from zerozone.mrv.ingest import records_table
from zerozone.mrv.readings import InputFormatError
from zerozone.mrv.registry import MeterKind, MeterSpec, Register, Sector, SiteKind
from zerozone.mrv.staging import stage_table
from zerozone.mrv.units import Unit

router = APIRouter(tags=["mrv"])

NAME_ONE = N_("an operator token must name one of its settlements: {settlements}")
UNREADABLE = N_("the readings body cannot be read: {reason}")
MAX_BATCH_BYTES = 64_000_000
"""Largest readings body accepted [bytes]."""

READINGS_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "meter": {"type": "string"},
                            "ts": {"type": "string"},
                            "value": {"type": "number"},
                            "unit": {"type": "string"},
                            "estimated": {"type": "boolean"},
                        },
                    },
                }
            },
            "text/csv": {"schema": {"type": "string"}},
            "application/vnd.apache.parquet": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}

Settlement = Annotated[str | None, Query(description="Settlement id or name.", max_length=100)]


def _place(con: duckdb.DuckDBPyConnection, token: Token, settlement: str | None) -> str | None:
    """The settlement id asked for, checked against the token; operators must name one."""
    if settlement:
        place, _zone = registry.resolve_settlement(con, settlement)
        require_settlement(token, place)
        return place
    if token.role is Role.OPERATOR:
        raise ForbiddenError(NAME_ONE, {"settlements": ", ".join(token.settlements)})
    return None


def _reader(request: Request) -> tuple[Token, duckdb.DuckDBPyConnection]:
    return require_token(request), service_of(request).store.cursor()


@router.get("/mrv/settlements")
def list_settlements(request: Request) -> list[dict[str, Any]]:
    """The registered settlements (an operator sees its own)."""
    token, con = _reader(request)
    cursor = con.execute(
        "SELECT settlement_id, zone_id, name_en, name_az, timezone FROM settlements ORDER BY ALL"
    )
    names = [d[0] for d in cursor.description or []]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return [row for row in rows if token.may_access(str(row["settlement_id"]))]


@router.post("/mrv/places/{scenario}")
def register_places(
    request: Request, scenario: str, _token: Annotated[Token, Depends(admin)]
) -> dict[str, int]:
    """Register (or update) the zones and settlements of a scenario in the store."""
    service = service_of(request)
    loaded = load_scenario(scenario_source(service.settings, scenario))
    try:
        return {"settlements": registry.register_places(service.store.cursor(), loaded)}
    finally:
        service.store.registry_changed()


@router.get("/mrv/meters")
def list_meters(request: Request, settlement: Settlement = None) -> list[dict[str, Any]]:
    """Registered meters with their site, settlement and reading count."""
    token, con = _reader(request)
    return registry.list_meters(con, _place(con, token, settlement))


class MeterBody(BaseModel):
    """A meter to register (see ``zerozone mrv meters add``)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    meter_id: str = Field(min_length=1, max_length=100)
    settlement: str = Field(min_length=1, max_length=100)
    site: str = Field(min_length=1, max_length=100)
    kind: MeterKind
    unit: Unit = Unit.KWH
    register_type: Register = Field(Register.CUMULATIVE, alias="register")
    interval_minutes: float = Field(15.0, gt=0, le=44640)
    site_kind: SiteKind = SiteKind.BUILDING
    sector: Sector | None = Sector.RESIDENTIAL
    timezone: str | None = Field(None, max_length=64)
    rollover: float | None = Field(None, gt=0)


@router.post("/mrv/meters", status_code=201)
def add_meter(
    request: Request, body: MeterBody, token: Annotated[Token, Depends(meter_writer)]
) -> dict[str, Any]:
    """Register a meter of a settlement (operators: one of their own)."""
    con = service_of(request).store.cursor()
    place, _zone = registry.resolve_settlement(con, body.settlement)
    require_settlement(token, place)
    fields = body.model_dump()
    fields["register"] = fields.pop("register_type")
    spec = MeterSpec(**{**fields, "settlement": place})
    try:
        registry.add_meter(con, spec)
    finally:
        service_of(request).store.registry_changed()
    return {"meter_id": spec.meter_id, "settlement": place}


async def _batch_table(request: Request) -> pa.Table:
    body = await request.body()
    if len(body) > MAX_BATCH_BYTES:
        raise InputFormatError(f"a batch is at most {MAX_BATCH_BYTES} bytes")
    kind = request.headers.get("content-type", "application/json").split(";")[0].strip()
    try:
        if kind == "text/csv":
            options = pa_csv.ConvertOptions(strings_can_be_null=True, auto_dict_encode=False)
            table = pa_csv.read_csv(io.BytesIO(body), convert_options=options)
            return table.cast(pa.schema([(f.name, pa.string()) for f in table.schema]))
        if kind in ("application/vnd.apache.parquet", "application/octet-stream"):
            return pq.read_table(io.BytesIO(body))
        try:
            records = orjson.loads(body)
        except orjson.JSONDecodeError:  # NaN, Infinity: rejected row by row, as before orjson
            records = json.loads(body)
        fast = json_table(records)
        return fast if fast is not None else records_table(records)
    except (ValueError, pa.ArrowException, RecursionError) as error:
        if isinstance(error, InputFormatError):
            raise
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise RequestInvalidError(UNREADABLE, {"reason": reason}) from None


def _check_meters(
    con: duckdb.DuckDBPyConnection, token: Token, table: pa.Table, catalog: MeterCatalog
) -> None:
    """An operator's batch may only name meters of its own settlements (else nothing is kept).

    Meter ids are compared as ingest matches them (without surrounding spaces)."""
    if token.role is not Role.OPERATOR:
        return
    column = "meter" if "meter" in table.column_names else "meter_id"
    if column not in table.column_names:
        return
    meters = table.column(column).combine_chunks().cast(pa.string())
    places = catalog.settlements_of(meters)
    if places is None:  # a meter unknown to the catalog: ask the store
        names = [m for m in set(meters.to_pylist()) if m]
        rows = con.execute(
            "SELECT DISTINCT s.settlement_id FROM meters m JOIN sites s USING (site_id) "
            "WHERE m.meter_id IN (SELECT trim(unnest($1::VARCHAR[])))",
            [names],
        ).fetchall()
        places = {str(row[0]) for row in rows}
    for place in sorted(places):
        require_settlement(token, place)


@router.post("/mrv/readings", status_code=202, openapi_extra=READINGS_BODY)
async def ingest_readings(
    request: Request, token: Annotated[Token, Depends(meter_writer)]
) -> dict[str, Any]:
    """Store a batch of readings: all of its valid rows or none; malformed rows rejected with
    their reasons. Acknowledged once durable; merged into the energy within about a second."""
    table = await _batch_table(request)
    store = service_of(request).store

    def stage() -> dict[str, Any]:
        con = store.cursor()
        catalog = store.catalog()
        _check_meters(con, token, table, catalog)
        result = stage_table(con, table, f"http:{token.token_id}", catalog=catalog)
        view = dataclasses.asdict(result)
        view["rejects"] = [dataclasses.asdict(r) for r in result.rejects]
        return view

    return await run_in_threadpool(stage)


@router.post("/mrv/merge")
def merge_now(request: Request, _token: Annotated[Token, Depends(meter_writer)]) -> dict[str, int]:
    """Merge the staged readings into the store now (they are merged on a timer anyway)."""
    store = service_of(request).store
    return {"stored": store.merge(), "pending": store.pending()}


@router.get("/mrv/energy")
def energy(
    request: Request,
    settlement: Settlement = None,
    by: Literal["hour", "day", "month"] = "day",
) -> list[dict[str, Any]]:
    """Energy per local day (month, hour) and meter kind, with its estimated part [kWh]."""
    token, con = _reader(request)
    return frame_records(local_energy(con, by=by, settlement=_place(con, token, settlement)))


@router.get("/mrv/gaps")
def gaps(
    request: Request,
    settlement: Settlement = None,
    meter: Annotated[str | None, Query(max_length=100)] = None,
) -> list[dict[str, Any]]:
    """Gaps between readings and how their energy was treated."""
    token, con = _reader(request)
    place = _place(con, token, settlement)
    return frame_records(find_gaps(con, settlement=place, meter=meter))


@router.get("/mrv/inventory")
def inventory(
    request: Request,
    year: Annotated[int, Query(ge=2000, le=2100)],
    settlement: Settlement = None,
    factor: Annotated[float | None, Query(gt=0, le=5, description="Grid factor [t/MWh].")] = None,
) -> dict[str, Any]:
    """The GPC BASIC inventory of a local year (default grid factor unless ``factor``)."""
    from zerozone.mrv.gpc import build_inventory

    token, con = _reader(request)
    place = _place(con, token, settlement)
    result = build_inventory(
        con, year, grid_factor(None if factor is None else str(factor)), settlement=place
    )
    return {
        "year": result.year,
        "grid_factor": result.grid_factor,
        "rows": frame_records(result.table()),
        "information": frame_records(result.information),
    }


@router.get("/mrv/status")
def status(
    request: Request,
    run: Annotated[str, Query(max_length=100)],
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    tolerance: Annotated[float, Query(ge=0, le=1)] = 0.05,
) -> list[dict[str, Any]]:
    """Each zone and settlement against the plan of ``run`` (operators: their settlements)."""
    from zerozone.api.runs import run_of
    from zerozone.mrv.status import compare

    token, con = _reader(request)
    service = service_of(request)
    plan = run_of(run_path(service.settings.runs_dir, run, service.jobs.get(run)))
    rows = compare(con, plan, year=year, tolerance=tolerance)
    visible = [r for r in rows if token.role is not Role.OPERATOR or token.may_access(r.place_id)]
    if token.role is Role.OPERATOR:
        visible = [r for r in visible if r.level == "settlement"]
    return [
        {
            **{k: v for k, v in dataclasses.asdict(r).items() if k not in ("start", "end")},
            "start": None if r.start is None else r.start.isoformat(),
            "end": None if r.end is None else r.end.isoformat(),
            "gap_mwh": r.gap_mwh,
            "gap_t": r.gap_t,
        }
        for r in visible
    ]
