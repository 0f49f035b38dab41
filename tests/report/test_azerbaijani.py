"""The Azerbaijani report and comparison carry no English word from the English catalogue.

The English catalogue is the set of words in the report's messages (``report.po`` msgids) that
none of the Azerbaijani translations uses (so names shared by both languages, LCOE, IRENA,
HiGHS..., are allowed). Everything a reader sees is checked: the page's text and the charts'
titles, axis titles, legend names, tick labels and hover texts. Text the page marks as English
(``lang="en"``: the scenario's source notes, written in English) and code (the run folder) is
left out, as are publication titles quoted in «guillemets».
"""

from __future__ import annotations

import json
import re
from functools import cache
from html.parser import HTMLParser
from importlib import resources

from babel.messages.pofile import read_po
from typer.testing import CliRunner

from zerozone.cli.app import app
from zerozone.finance import FinanceResult
from zerozone.report.compare import render_comparison
from zerozone.report.html import render_report

WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]")
ALLOWED = {"zerozone", "ncqg", "wacc", "lcoe", "irena", "plotly", "linopy", "highs", "usd", "socar"}
"""Names and abbreviations used as they are in Azerbaijani texts."""


@cache
def english_words() -> frozenset[str]:
    """Words of the report's English messages that no Azerbaijani translation uses."""
    path = resources.files("zerozone") / "locale" / "az" / "LC_MESSAGES" / "report.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="az")
    english: set[str] = set()
    azerbaijani: set[str] = set()
    for message in catalog:
        if isinstance(message.id, str) and message.id:
            english.update(
                w.lower() for w in WORD.findall(re.sub(r"\{\w+\}|--[\w-]+", "", message.id))
            )
            azerbaijani.update(w.lower() for w in WORD.findall(str(message.string)))
    return frozenset(w for w in english - azerbaijani - ALLOWED if len(w) > 2)


class VisibleText(HTMLParser):
    """The text a reader sees, without scripts, code and parts marked as English."""

    SKIP = frozenset({"script", "style", "code"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.text: list[str] = []
        self.figures: list[str] = []
        self._json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self._json = tag == "script" and attributes.get("type") == "application/json"
        hidden = tag in self.SKIP or attributes.get("lang") == "en"
        if tag not in {"meta", "br", "link", "img"}:
            self.stack.append(hidden or bool(self.stack and self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        self._json = False
        if tag not in {"meta", "br", "link", "img"} and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._json:
            self.figures.append(data)
        elif not (self.stack and self.stack[-1]):
            self.text.append(data)


def chart_texts(figure: dict) -> list[str]:
    """Titles, names, tick labels and hover texts of a Plotly figure."""
    texts: list[str] = []

    def walk(node: object, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in {"text", "name", "ticktext", "customdata"}:
            texts.append(node)

    walk(figure)
    return texts


def leftovers(page: str) -> set[str]:
    """English catalogue words in what a reader of ``page`` sees."""
    parser = VisibleText()
    parser.feed(page)
    texts = parser.text + [t for block in parser.figures for t in chart_texts(json.loads(block))]
    seen = " ".join(re.sub(r"«[^»]*»", "", t) for t in texts)
    return {w for w in WORD.findall(seen) if w.lower() in english_words()}


def test_the_english_catalogue_is_found() -> None:
    words = english_words()
    assert {"capacity", "emissions", "storage"} <= words
    assert "lcoe" not in words


def test_azerbaijani_report_has_no_english_words(aghali_result: FinanceResult) -> None:
    page = render_report(aghali_result, "az")
    assert not leftovers(page)
    assert leftovers(render_report(aghali_result, "en")), "the check finds English words"


def test_azerbaijani_comparison_has_no_english_words(
    finance_result: FinanceResult, aghali_result: FinanceResult
) -> None:
    assert not leftovers(render_comparison([finance_result, aghali_result], "az"))


def test_azerbaijani_compare_command_output_has_no_english_words(
    finance_result: FinanceResult, aghali_result: FinanceResult
) -> None:
    runs = [str(finance_result.run.path), str(aghali_result.run.path)]
    done = CliRunner().invoke(app, ["compare", *runs, "--lang", "az"], env={"COLUMNS": "80"})
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    # the first lines name the runs by their scenario titles (data, in the scenario's words)
    table = "\n".join(line for line in lines if not line.startswith("["))
    found = {w for w in WORD.findall(table) if w.lower() in english_words()}
    assert not found
