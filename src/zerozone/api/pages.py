"""The dashboard: server-rendered pages in English or Azerbaijani (Jinja2, plotly.js served
from the installed ``plotly`` package; nothing is fetched from another site).

Pages: zone overview (``/``), plan explorer (``/plan``), scenario comparison (``/compare``), runs
with the launcher (``/runs``), one run with its live solver log (``/runs/{run}``), settlements
(``/settlements``, after signing in), tokens (``/tokens``, admins), sign-in. Every
form post carries the CSRF field; the token is kept in an HttpOnly cookie.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import plotly
from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

import zerozone.report as report_package
from zerozone.api.auth import PLANNERS, TOKEN_COOKIE, service_of
from zerozone.api.compare_view import check_count, compare_context
from zerozone.api.errors import (
    ForbiddenError,
    NotFoundError,
    ServiceError,
    UnauthorizedError,
    request_language,
)
from zerozone.api.jobs import ACTIVE
from zerozone.api.page_support import (
    LANG_COOKIE,
    chart,
    check_form,
    render,
    set_cookie,
    signed_in,
)
from zerozone.api.places import settlement_ids
from zerozone.api.routes_runs import BAD_RESOLUTION
from zerozone.api.routes_scenarios import list_scenarios, scenario_source
from zerozone.api.run_log import read_log, run_log_of
from zerozone.api.runs import finance_of, finished_runs, run_path
from zerozone.api.settlement_view import settlement_context
from zerozone.api.tokens import Role, Token
from zerozone.errors import ZerozoneError
from zerozone.finance.comparison import headline
from zerozone.i18n import N_, Language, translator
from zerozone.model.pipeline import CHECK_STAGE, STAGES
from zerozone.model.time import parse_resolution
from zerozone.mrv import registry
from zerozone.report import charts
from zerozone.report.labels import Names
from zerozone.report.map import zone_map
from zerozone.report.tables import check_figure

router = APIRouter(include_in_schema=False)

STATIC = Path(__file__).parent / "static"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
CHART_FIT_JS = Path(report_package.__file__).parent / "templates" / "chart_fit.js"
"""The report's script that fits a figure to a phone's width (the dashboard draws the same
figures)."""
SIGN_IN_FIRST = N_("sign in with a token to see settlement data")
NEEDS_ROLE = N_("your token's role cannot open this page")
STAGE_LABELS = {
    "starting": N_("starting"),
    "profiles": N_("profiles"),
    "build and solve": N_("build and solve"),
    "extract": N_("extract"),
    "write": N_("write"),
    "hourly check": N_("hourly check"),
    "done": N_("done"),
}
STATUS_LABELS = {
    "queued": N_("queued"),
    "running": N_("running"),
    "done": N_("done"),
    "failed": N_("failed"),
    "cancelled": N_("cancelled"),
}


def _local(target: str | None) -> str:
    """``target`` when it is a path of this site, else ``/`` (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


def _chosen_run(request: Request, run: str | None) -> Path | None:
    service = service_of(request)
    runs = finished_runs(service.settings.runs_dir)
    if run:
        return run_path(service.settings.runs_dir, run, service.jobs.get(run))
    return service.settings.runs_dir / runs[0] if runs else None


def _plan_context(path: Path, lang: Language) -> dict[str, Any]:
    result = finance_of(path)
    names = Names(result.run.scenario, lang)
    figures: dict[str, Any] = headline(result) if result.run.tables else {}
    if figures:
        figures["more"] = check_figure(result, names)  # the hourly check, as in the report
    return {"result": result, "names": names, "figures": figures}


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, run: str | None = None) -> HTMLResponse:
    """The zone overview: map of zones, settlements and links; the plan's headline."""
    path = _chosen_run(request, run)
    runs = finished_runs(service_of(request).settings.runs_dir)
    context: dict[str, Any] = {"run": None, "runs": runs}
    if path is not None:
        plan = _plan_context(path, request_language(request))
        context.update(
            run=path.name,
            figures=plan["figures"],
            meta=plan["result"].run.meta,
            map=chart(zone_map(plan["result"], plan["names"]), height=460),
            emissions=chart(charts.emissions_chart(plan["result"].run, plan["names"])),
        )
    return render(request, "overview.html", N_("Overview"), **context)


@router.get("/plan", response_class=HTMLResponse)
def plan_explorer(request: Request, run: str | None = None) -> HTMLResponse:
    """Capacity, generation, emissions against the cap and investment per year of one run."""
    path = _chosen_run(request, run)
    context: dict[str, Any] = {
        "run": None,
        "runs": finished_runs(service_of(request).settings.runs_dir),
        "charts": [],
    }
    if path is not None:
        plan = _plan_context(path, request_language(request))
        result, names = plan["result"], plan["names"]
        figures = [
            charts.capacity_chart(result.run, names),
            charts.generation_chart(result.run, names),
            charts.emissions_chart(result.run, names),
            charts.investment_chart(result, names),
        ]
        context.update(
            run=path.name,
            figures=plan["figures"],
            charts=[c for c in (chart(f) for f in figures) if c],
        )
    return render(request, "plan.html", N_("Plan explorer"), **context)


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    request: Request, run: Annotated[list[str] | None, Query()] = None
) -> HTMLResponse:
    """Two or more runs side by side: status and total cost first, capacity, generation,
    emissions against the cap, investment per year; series named by the scenarios' titles."""
    service = service_of(request)
    chosen = list(dict.fromkeys(run or []))
    check_count(chosen)
    context: dict[str, Any] = {"chosen": chosen, "tables": [], "charts": [], "labels": []}
    if len(chosen) >= 2:
        paths = [run_path(service.settings.runs_dir, r, service.jobs.get(r)) for r in chosen]
        context.update(compare_context(paths, request_language(request)))
    return render(
        request,
        "compare.html",
        N_("Scenario comparison"),
        runs=finished_runs(service.settings.runs_dir),
        **context,
    )


@router.get("/runs", response_class=HTMLResponse)
def runs_page(request: Request) -> HTMLResponse:
    """Every run with its progress; planners start new ones here."""
    service = service_of(request)
    jobs = service.jobs.all()
    known = {job.job_id for job in jobs}
    _ = translator(request_language(request))
    labels = {
        "stages": {k: _(v) for k, v in STAGE_LABELS.items()},
        "status": {k: _(v) for k, v in STATUS_LABELS.items()},
    }
    return render(
        request,
        "runs.html",
        N_("Runs"),
        labels=labels,
        jobs=jobs,
        others=[r for r in finished_runs(service.settings.runs_dir) if r not in known],
        stages=list(STAGES),
        stage_labels=STAGE_LABELS,
        status_labels=STATUS_LABELS,
        scenarios=[s["name"] for s in list_scenarios(request)],
    )


@router.get("/runs/{run}", response_class=HTMLResponse)
def run_page(request: Request, run: str) -> HTMLResponse:
    """One run: its progress by stage and the solver's log as it is written; its plan once done."""
    service = service_of(request)
    job = service.jobs.get(run)
    path, status = run_log_of(service.settings.runs_dir, run, job.status if job else None)
    context: dict[str, Any] = {"figures": None, "charts": []}
    if status == "done":
        plan = _plan_context(
            run_path(service.settings.runs_dir, run, job), request_language(request)
        )
        result, names = plan["result"], plan["names"]
        context.update(
            figures=plan["figures"] or None,
            charts=[
                c
                for c in (
                    chart(charts.capacity_chart(result.run, names)),
                    chart(charts.emissions_chart(result.run, names)),
                )
                if c
            ],
        )
    _ = translator(request_language(request))
    return render(
        request,
        "run.html",
        N_("Run {run}"),
        title_args={"run": run},
        run=run,
        job=job,
        status=status,
        log=read_log(path, 0, finished=status not in ACTIVE),
        stages=[s for s in STAGES if job is None or job.adequacy or s != CHECK_STAGE],
        stage_labels=STAGE_LABELS,
        status_labels=STATUS_LABELS,
        labels={
            "stages": {k: _(v) for k, v in STAGE_LABELS.items()},
            "status": {k: _(v) for k, v in STATUS_LABELS.items()},
        },
        **context,
    )


def _require(request: Request, roles: tuple[Role, ...] | None = None) -> Token:
    token = signed_in(request)
    if token is None:
        raise UnauthorizedError(SIGN_IN_FIRST)
    if roles is not None and token.role not in roles:
        raise ForbiddenError(NEEDS_ROLE)
    return token


@router.post("/runs")
async def launch_run(request: Request) -> Response:
    """Start a run from the launcher's form."""
    form = dict(await request.form())
    check_form(request, form)
    _require(request, PLANNERS)
    service = service_of(request)
    source = scenario_source(service.settings, str(form.get("scenario", "")))
    resolution = str(form.get("resolution", "days:12"))
    try:
        parse_resolution(resolution)
    except ValueError:
        raise ServiceError(BAD_RESOLUTION, {"resolution": resolution}, status=422) from None
    job = service.jobs.submit(source, resolution, adequacy=form.get("adequacy") == "1")
    return RedirectResponse(f"/runs/{job.job_id}", status_code=303)


@router.get("/settlements", response_class=HTMLResponse)
def settlements_page(request: Request) -> HTMLResponse:
    """The registered settlements the signed-in token may see."""
    token = _require(request)
    con = service_of(request).store.cursor()
    rows = con.execute(
        "SELECT settlement_id, zone_id, name_en, name_az FROM settlements ORDER BY ALL"
    ).fetchall()
    places = [r for r in rows if token.may_access(str(r[0]))]
    return render(request, "settlements.html", N_("Settlements"), places=places)


@router.get("/settlements/{settlement}", response_class=HTMLResponse)
def settlement_page(request: Request, settlement: str, run: str | None = None) -> HTMLResponse:
    """Energy by day and month, emissions and on-track status, gaps and meters."""
    token = _require(request)
    con = service_of(request).store.cursor()
    place, _zone = registry.resolve_settlement(con, settlement)
    if not token.may_access(place):
        raise ForbiddenError(NEEDS_ROLE)
    names = con.execute(
        "SELECT name_en, name_az FROM settlements WHERE settlement_id = ?", [place]
    ).fetchone()
    lang = request_language(request)
    context = settlement_context(con, place, _chosen_run(request, run), lang)
    title = (names[1] if lang == "az" else names[0]) if names else place
    return render(request, "settlement.html", title, place=place, **context)


@router.get("/tokens", response_class=HTMLResponse)
def tokens_page(request: Request, created: str | None = None) -> HTMLResponse:
    """Token management for admins."""
    _require(request, (Role.ADMIN,))
    service = service_of(request)
    shown = request.cookies.get("zz_new_token") if created else None
    response = render(
        request,
        "tokens.html",
        N_("Tokens"),
        tokens=service.tokens.all(),
        roles=[r.value for r in Role],
        new_token=shown,
    )
    response.delete_cookie("zz_new_token")
    return response


@router.post("/tokens")
async def token_action(request: Request) -> Response:
    """Create or revoke a token from the tokens page."""
    form = dict(await request.form())
    check_form(request, form)
    _require(request, (Role.ADMIN,))
    service = service_of(request)
    revoke = form.get("revoke")
    if isinstance(revoke, str) and revoke:
        if not service.tokens.revoke(revoke):
            raise NotFoundError(N_("no token {token}"), {"token": revoke})
        return RedirectResponse("/tokens", status_code=303)
    try:
        role = Role(str(form.get("role", "")))
    except ValueError:
        raise ServiceError(N_("choose a role"), status=422) from None
    wanted = [s.strip() for s in str(form.get("settlements", "")).split(",") if s.strip()]
    places = settlement_ids(service.settings.scenarios_dir, wanted)
    secret = service.tokens.create(role, places, str(form.get("label", ""))[:200])
    response = RedirectResponse("/tokens?created=1", status_code=303)
    # shown once on the next page, then deleted; never in a URL or a log
    response.set_cookie("zz_new_token", secret, max_age=60, httponly=True, samesite="strict")
    return response


@router.get("/signin", response_class=HTMLResponse)
def sign_in_page(request: Request, next: str = "/") -> HTMLResponse:
    """The sign-in form (a token)."""
    return render(request, "signin.html", N_("Sign in"), next=_local(next), failed=False)


@router.post("/signin")
async def sign_in(request: Request) -> Response:
    """Check the token and keep it in an HttpOnly cookie."""
    form = dict(await request.form())
    check_form(request, form)
    presented = str(form.get("token", "")).strip()
    target = _local(str(form.get("next", "/")))
    if not presented or service_of(request).tokens.check(presented) is None:
        refused = render(request, "signin.html", N_("Sign in"), next=target, failed=True)
        refused.status_code = 401
        return refused
    response = RedirectResponse(target, status_code=303)
    set_cookie(request, response, TOKEN_COOKIE, presented)
    return response


@router.post("/signout")
async def sign_out(request: Request) -> Response:
    """Forget the token."""
    form = dict(await request.form())
    check_form(request, form)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(TOKEN_COOKIE)
    return response


@router.get("/lang/{code}")
def switch_language(
    request: Request,
    code: str,
    next: str = "/",
) -> Response:
    """Switch the dashboard's language (kept in a cookie) and go back."""
    response = RedirectResponse(_local(next), status_code=303)
    set_cookie(request, response, LANG_COOKIE, "az" if code == "az" else "en")
    return response


@router.get("/static/plotly.min.js")
def plotly_js() -> FileResponse:
    """plotly.js of the installed ``plotly`` package."""
    return FileResponse(PLOTLY_JS, media_type="text/javascript")


@router.get("/static/chart_fit.js")
def chart_fit_js() -> FileResponse:
    """The script that fits a figure to the screen's width, shared with the report."""
    return FileResponse(CHART_FIT_JS, media_type="text/javascript")


@router.get("/static/{name}")
def static(name: str) -> FileResponse:
    """The dashboard's stylesheet and script."""
    if name not in ("app.css", "app.js"):
        raise NotFoundError(N_("not found: {path}"), {"path": name})
    kind = "text/css" if name.endswith(".css") else "text/javascript"
    return FileResponse(STATIC / name, media_type=kind)


def install(app: FastAPI) -> None:
    """Add the dashboard's pages and static files to ``app``."""
    app.include_router(router)
    app.state.error_page = error_page


def error_page(request: Request, error: ZerozoneError, status: int) -> Response:
    """An error of a page as a page: the sign-in form for 401, else the message."""
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/signin?next={quote(target)}", status_code=303)
    lang = request_language(request)
    shown = error.translated(lang) if isinstance(error, ServiceError) else error
    response = render(request, "error.html", N_("Error"), message=shown.render(), status=status)
    response.status_code = status
    return response
