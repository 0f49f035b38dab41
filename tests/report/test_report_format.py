"""``zerozone report``: the format follows the extension of ``--out`` unless ``--format`` says
otherwise, and a contradiction is a usage error that writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from zerozone.cli.app import app
from zerozone.cli.report import ReportFormatError, output_format_of
from zerozone.errors import USAGE_ERROR
from zerozone.finance import FinanceResult


@pytest.mark.parametrize(
    ("requested", "out", "expected"),
    [
        (None, None, "html"),
        (None, Path("r.pdf"), "pdf"),
        (None, Path("r.PDF"), "pdf"),
        (None, Path("r.html"), "html"),
        (None, Path("r.txt"), "html"),
        ("pdf", None, "pdf"),
        ("pdf", Path("r.pdf"), "pdf"),
        ("html", Path("report"), "html"),
    ],
)
def test_the_format_follows_the_extension(
    requested: str | None, out: Path | None, expected: str
) -> None:
    assert output_format_of(requested, out) == expected


@pytest.mark.parametrize(
    ("requested", "out"), [("html", "r.pdf"), ("pdf", "r.html"), ("docx", None)]
)
def test_a_contradiction_is_a_usage_error(requested: str, out: str | None) -> None:
    with pytest.raises(ReportFormatError) as caught:
        output_format_of(requested, Path(out) if out else None, "az")
    assert caught.value.exit_code == USAGE_ERROR
    assert "--format" in str(caught.value)


def test_report_command_refuses_a_mismatch_and_writes_nothing(
    finance_result: FinanceResult, tmp_path: Path
) -> None:
    target = tmp_path / "r.pdf"
    args = ["report", str(finance_result.run.path), "--format", "html", "--out", str(target)]
    done = CliRunner().invoke(app, args)
    # zerozone.cli.app.main turns the error into its exit code and message
    assert isinstance(done.exception, ReportFormatError)
    assert done.exception.exit_code == USAGE_ERROR
    assert not target.exists()


@pytest.mark.parametrize(
    ("command", "options"), [("report", ("--format", "--out")), ("compare", ("--out",))]
)
def test_help_shows_no_python_types(command: str, options: tuple[str, ...]) -> None:
    done = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "120"})
    assert done.exit_code == 0
    assert "Example" in done.output and "``" not in done.output
    for option in options:
        lines = [line for line in done.output.splitlines() if option in line]
        assert lines, option
        assert not any("<" in line for line in lines), lines
