"""The command line at an 80-column terminal, in English and Azerbaijani: help, errors, tables."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from rich.console import Console
from rich.table import Table
from tests.finance.runs import solve, two_zones_with_link

from zerozone.cli.app import app
from zerozone.cli.finance import finance_tables
from zerozone.cli.localize import EXAMPLE, command_paths, localize, no_markup
from zerozone.cli.plan import summary_tables
from zerozone.cli.progress import Figures, SolveProgress
from zerozone.cli.tables import print_tables
from zerozone.data.loader import bundled_scenarios
from zerozone.finance import analyse_run
from zerozone.i18n import LANGUAGES, Language, catalog
from zerozone.model.solve import ATTEMPT_MARKER
from zerozone.results.run_directory import RunDirectory, read_run

WIDTH = 80
PYTHON_TYPES = re.compile(r"<(bool|str|int|float|path|list\[[^>]*)>|\{[a-z_]+\}")
"""Python types and Typer's ``{run_dir}`` braces, which help must never show."""


def zerozone(*args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command at an 80-column terminal, optionally with ``ZEROZONE_LANG``."""
    env = {**os.environ, "COLUMNS": str(WIDTH)}
    env.pop("ZEROZONE_LANG", None)
    if lang is not None:
        env["ZEROZONE_LANG"] = lang
    return subprocess.run(
        [sys.executable, "-c", "from zerozone.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> RunDirectory:
    return solve(two_zones_with_link(), tmp_path_factory.mktemp("terminal") / "linked")


# -- help -------------------------------------------------------------------------------------


def _help_texts(lang: Language, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """Every command's ``--help`` as printed at 80 columns in ``lang`` (in process)."""
    texts = {}
    for path in command_paths(typer.main.get_command(app)):
        command = localize(typer.main.get_command(app), lang)
        command.main([*path, "--help"], prog_name="zerozone", standalone_mode=False)
        texts[" ".join(path)] = capsys.readouterr().out
    return texts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_help_renders_without_python_types_or_markup(
    lang: Language, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    texts = _help_texts(lang, capsys)
    assert len(texts) > 30  # the whole tree: groups and their commands
    for path, text in texts.items():
        assert text.strip(), path
        assert not PYTHON_TYPES.search(text), (path, PYTHON_TYPES.search(text))
        assert no_markup(text), path
        assert all(len(line) <= WIDTH for line in text.splitlines()), path
    commands = [path for path in texts if path and path not in {"data", "mrv", "token"}]
    examples = {"en": "Example:", "az": "Nümunə:"}[lang]
    without = [path for path in commands if examples not in texts[path] and path[-6:] != "meters"]
    assert not without, f"commands without an example: {without}"
    for name in bundled_scenarios():
        assert name in texts["plan"]
    assert texts["plan"].count("days:12") == 1  # the default said once, not twice
    assert texts["report"].count("RUN_DIR/report.html") == 1
    if lang == "az":
        assert "İstifadə:" in texts["plan"] and "Seçimlər" in texts["plan"]
        assert "Show this message" not in texts["plan"]


def test_every_help_text_has_an_azerbaijani_translation() -> None:
    table = catalog("az")
    missing = []

    def walk(command: object) -> None:
        texts = [getattr(command, "help", None) or ""]
        texts += [getattr(p, "help", None) or "" for p in getattr(command, "params", [])]
        for text in texts:
            for paragraph in text.split("\n\n"):
                words = " ".join(paragraph.split())
                if words and not words.startswith(EXAMPLE) and words not in table:
                    missing.append(words)
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(typer.main.get_command(app))
    assert not missing, f"add to locale/az/LC_MESSAGES/cli_terminal.po: {missing}"


def test_lang_reaches_help_and_errors_from_the_option_and_the_environment() -> None:
    by_option = zerozone("plan", "--resolution", "days:0", "--lang", "az")
    by_environment = zerozone("plan", "--resolution", "days:0", lang="az")
    for result in (by_option, by_environment):
        assert result.returncode == 2
        assert "xəta:" in result.stderr and "günlərin sayı ən azı 1" in result.stderr
    assert "Seçimlər" in zerozone("--lang", "az", "mrv", "ingest", "--help").stdout
    assert zerozone("data", "show", lang="fr").returncode == 2


# -- messages ---------------------------------------------------------------------------------


def test_unknown_scenario_names_the_bundled_ones() -> None:
    result = zerozone("plan", "--scenario", "nowhere")
    assert result.returncode == 2
    assert "problem found" not in result.stderr and "<top>" not in result.stderr
    assert "no bundled scenario called nowhere" in result.stderr
    assert ", ".join(bundled_scenarios()) in result.stderr
    assert "existing YAML file" in result.stderr


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("days:0", "the number of days must be at least 1 and at most 365"),
        ("weeks:60", "the number of weeks must be at least 1 and at most 52"),
        ("daily", "daily is not a resolution"),
    ],
)
def test_resolution_errors_say_what_is_wrong_and_list_the_forms(value: str, says: str) -> None:
    result = zerozone("plan", "--resolution", value)
    assert result.returncode == 2
    message = " ".join(result.stderr.split())
    assert says in message and "unknown resolution" not in message
    assert "hourly (the whole year), days:N" in message and "weeks:N" in message


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["plan", "--scenario", "aghali", "--out", "/proc/zerozone-run"], "/proc/zerozone-run"),
        (["plan", "--scenario", "aghali", "--out", "{file}"], "a file of that name"),
        (["data", "profiles", "aghali", "--out", "{file}/profiles"], "is a file, not a direct"),
        (["data", "validate", "{folder}"], "is a directory"),
        (["report", "{run}", "--out", "/proc/report.html"], "/proc/report.html"),
        (["finance", "{run}", "--out", "/proc/self/tables"], "/proc/self/tables"),
        (["mrv", "--data-dir", "{folder}/store", "ingest", "{folder}/none.csv"], "none.csv"),
    ],
)
def test_file_and_directory_errors_are_messages_with_exit_code_2(
    args: list[str], says: str, tmp_path: Path, linked: RunDirectory
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    values = {"file": str(a_file), "folder": str(tmp_path), "run": str(linked.path)}
    result = zerozone(*(arg.format(**values) for arg in args))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert says.format(**values) in " ".join(result.stderr.split())


def test_ingest_of_unregistered_meters_says_how_to_register_them(tmp_path: Path) -> None:
    readings = tmp_path / "r.csv"
    readings.write_text(
        "meter,ts,value,unit,estimated\nM9,2026-01-01T00:00:00+04:00,1.5,kWh,false\n"
    )
    result = zerozone("mrv", "--data-dir", str(tmp_path / "store"), "ingest", str(readings))
    assert result.returncode == 2
    said = " ".join(result.stdout.split())
    assert "no meter of this file is registered" in said
    assert "zerozone mrv meters import" in said and "simulate --register" in said


# -- tables at 80 columns ---------------------------------------------------------------------


def _render(tables: list[Table], lang: Language) -> str:
    console = Console(width=WIDTH, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    print_tables(console, tables, lang)
    return console.export_text()


def _cells(table: Table) -> list[str]:
    texts = [str(table.title or ""), str(table.caption or "")]
    for column in table.columns:
        texts += [str(column.header), *(str(cell) for cell in column.cells)]
    return texts


def _assert_fits_and_keeps_everything(tables: list[Table], lang: Language) -> None:
    text = _render(tables, lang)
    words = set(" ".join(text.split()).split())
    assert all(len(line.rstrip()) <= WIDTH for line in text.splitlines())
    assert "…" not in text
    for table in tables:
        for cell in _cells(table):
            lost = [word for word in cell.split() if word not in words]
            assert not lost, (table.title, cell)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_finance_plan_and_wide_tables_fit_80_columns_without_losing_a_column(
    linked: RunDirectory, lang: Language
) -> None:
    run = read_run(linked.path, lang)
    _assert_fits_and_keeps_everything(finance_tables(analyse_run(run), lang), lang)
    _assert_fits_and_keeps_everything(summary_tables(run, lang), lang)
    status = Table(title="Actual versus plan (runs/aghali)")  # as wide as mrv status
    for heading in ["Place", "From (UTC)", "To (UTC)", *(f"Figure {k} MWh" for k in range(7))]:
        status.add_column(heading)
    status.add_row(
        "aghali", "2026-01-01 00:00", "2026-01-31 23:00", *(f"{k}2,345.6" for k in range(7))
    )
    _assert_fits_and_keeps_everything([status], lang)


def test_the_cost_of_capital_table_and_its_footnote_are_whole_in_azerbaijani(
    linked: RunDirectory,
) -> None:
    tables = finance_tables(analyse_run(read_run(linked.path, "az")), "az")
    capital = next(t for t in tables if str(t.title).startswith("Kapitalın dəyəri"))
    text = _render([capital], "az")
    assert str(capital.caption).split()[-1] in text  # the footnote's last word
    for column in capital.columns:
        assert str(column.header).split()[-1] in text


# -- solve progress ---------------------------------------------------------------------------


def test_progress_reads_solves_iterations_objective_and_gap(tmp_path: Path) -> None:
    figures = Figures()
    assert figures.read(f"{ATTEMPT_MARKER} plan hipo")
    figures.read("Presolving model")
    figures.read("   12   +1.23456789e+05  +1.23400000e+05   1.2e-03   4.5e-04   3.21e-02    1.2s")
    assert (figures.solve, figures.iteration, figures.phase) == (1, 12, "presolve")
    assert figures.objective == pytest.approx(123456.789) and figures.gap == pytest.approx(0.0321)
    figures.read("        345     1.2345000000e+03 Pr: 12(3.4) 0s")
    assert figures.iteration == 345 and figures.phase == "simplex"
    log = tmp_path / "highs.log"
    log.write_text(f"{ATTEMPT_MARKER} plan hipo\n{ATTEMPT_MARKER} explanation simplex\n")
    console = Console(width=WIDTH, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    with SolveProgress(log, console, None, "en") as progress:  # an earlier run's log is not read
        log.write_text(f"{ATTEMPT_MARKER} plan hipo\nPresolving model\n")
        progress.poll()
        with log.open("a") as more:
            more.write(f"Objective value     :  1.5e+03\n{ATTEMPT_MARKER} explanation ipx\n")
        progress.poll()
    said = console.export_text()
    assert "solve 2: the explanation (targets relaxed), algorithm ipx" in said
    assert "solve 1" not in said and "simplex" not in said  # the plan's own solve is not said
    assert progress.status_line().endswith("solve 2 (ipx)")


# -- untranslated words -----------------------------------------------------------------------

ALLOWED = {
    # proper names, units, identifiers and acronyms shared by both languages
    "IRENA", "NCQG", "WACC", "LCOE", "COP29", "UNFCCC", "SOCAR", "GPC", "MWh", "kWh", "CO2",
    "USD", "HiGHS", "PyPSA", "Dask", "MQTT", "html", "pdf", "hourly", "days", "weeks", "none",
    "zones", "system", "before", "within", "Solo", "East", "West", "The", "cost", "financing",
    "for", "renewable", "power", "bp", "Green", "Bank", "World", "Agency", "International",
    "Energy", "Renewable", "Baku", "Shafag",
}  # fmt: skip


def english_words() -> set[str]:
    """Words of the English catalogue (message ids) that no Azerbaijani translation uses."""
    table = catalog("az")
    word = re.compile(r"[A-Za-z]{4,}")
    english = {w for source in table for w in word.findall(re.sub(r"\{[a-z_]+\}", "", source))}
    azerbaijani = {w for target in table.values() for w in word.findall(target)}
    return english - azerbaijani - ALLOWED - set(bundled_scenarios())


def test_no_english_word_is_left_in_the_azerbaijani_terminal(linked: RunDirectory) -> None:
    run = read_run(linked.path, "az")
    text = _render([*finance_tables(analyse_run(run), "az"), *summary_tables(run, "az")], "az")
    text += zerozone("plan", "--resolution", "days:0", "--lang", "az").stderr
    text += zerozone("plan", "--scenario", "nowhere", "--lang", "az").stderr
    text += zerozone("--lang", "az", "plan", "--help").stdout
    left = sorted(set(re.findall(r"[A-Za-z]{4,}", text)) & english_words())
    assert not left, f"English words in the Azerbaijani terminal: {left}"
