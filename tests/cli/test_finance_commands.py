"""``zerozone finance``, ``report``, ``compare`` and the report of ``plan``, run as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from tests.cli.test_data_commands import zerozone
from tests.finance.runs import gas_or_biogas, solve, two_zones_with_link
from tests.model.conftest import BATTERY, GAS, SOLAR, SOLAR_SITES, tiny

from zerozone.results.run_directory import RunDirectory


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> RunDirectory:
    return solve(two_zones_with_link(), tmp_path_factory.mktemp("cli") / "linked")


def test_finance_prints_and_writes_the_tables(linked: RunDirectory, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    result = zerozone(
        "finance", str(linked.path), "--out", str(out), "--lang", "az", "--domestic-budget", "5e6"
    )
    assert result.returncode == 0, result.stderr
    assert "Kapitalın dəyəri" in result.stdout
    assert "sistem xərci, bütün aktivlər" in result.stdout
    for name in ("investment_by_year", "annual_costs", "technology_lcoe", "finance_needs"):
        assert (out / f"{name}.csv").is_file(), name
    summary = json.loads((out / "finance.json").read_text())
    assert summary["reconciliation"]["agrees"] is True
    budget = next(a for a in summary["assumptions"] if a["key"] == "domestic_budget")
    assert budget["value"] == 5e6 and budget["source"] == "--domestic-budget"


def test_finance_solves_the_reference_on_demand(tmp_path: Path) -> None:
    run = solve(gas_or_biogas(True), tmp_path / "capped", "weeks:1")
    out = tmp_path / "tables"
    result = zerozone("finance", str(run.path), "--solve-reference", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (run.path / "reference" / "run.json").is_file()
    abatement = json.loads((out / "finance.json").read_text())["abatement"]
    assert abatement["levelised_usd_per_t"] == pytest.approx(100.0, rel=1e-6)


def test_usage_errors_exit_2_without_a_traceback(linked: RunDirectory, tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    (corrupt / "run.json").write_text("{not json", encoding="utf-8")
    partial = tmp_path / "partial"
    partial.mkdir()
    for name in ("run.json", "scenario.yaml"):
        (partial / name).write_bytes((linked.path / name).read_bytes())
    blocker = tmp_path / "a_file"
    blocker.write_text("", encoding="utf-8")
    for args in (
        ("finance", str(tmp_path / "missing")),
        ("finance", str(corrupt)),
        ("finance", str(partial)),
        ("finance", str(linked.path), "--out", str(blocker / "tables")),
        ("report", str(linked.path), "--out", str(blocker / "report.html")),
        ("finance", str(linked.path), "--wacc", "3"),
        ("finance", str(linked.path), "--spreading", "sometimes"),
        ("finance", str(linked.path), "--reference", str(tmp_path)),
        ("report", str(linked.path), "--format", "docx"),
        ("compare", str(linked.path)),
    ):
        result = zerozone(*args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr, args


def test_report_html_and_pdf(linked: RunDirectory, tmp_path: Path) -> None:
    result = zerozone("report", str(linked.path), "--lang", "az")
    assert result.returncode == 0, result.stderr
    page = (linked.path / "report.az.html").read_text(encoding="utf-8")
    assert "Əsas göstəricilər" in page
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian's chromium is not installed")
    pdf = tmp_path / "plan.pdf"
    result = zerozone("report", str(linked.path), "--format", "pdf", "--out", str(pdf))
    assert result.returncode == 0, result.stderr
    assert len(PdfReader(str(pdf)).pages) >= 5


def test_compare_two_runs(linked: RunDirectory, tmp_path: Path) -> None:
    other = solve(gas_or_biogas(True), tmp_path / "biogas", "weeks:1")
    page = tmp_path / "compare.html"
    result = zerozone("compare", str(linked.path), str(other.path), "--out", str(page))
    assert result.returncode == 0, result.stderr
    # runs named by their scenario's title; money first after the status
    assert "[1] Two test zones" in result.stdout and "System cost, all assets" in result.stdout
    # capacity, mix, generation, emissions against the caps, per person, investment, LCOE
    assert page.read_text(encoding="utf-8").count('class="chart"') == 7


def test_plan_writes_its_report(tmp_path: Path) -> None:
    raw = tiny(technologies=[GAS, SOLAR, BATTERY], potentials=SOLAR_SITES)
    scenario = tmp_path / "tiny.yaml"
    scenario.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    out = tmp_path / "a folder with a name longer than a terminal line is wide" / "run"
    result = zerozone(
        "plan", "--scenario", str(scenario), "--resolution", "weeks:1", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert f"report: {out / 'report.html'}\n" in result.stdout  # whole, however long the path
    assert (out / "report.html").stat().st_size > 1_000_000  # plotly.js inlined
