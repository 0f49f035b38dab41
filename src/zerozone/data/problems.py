"""Problems found in a scenario file, reported all at once.

Validation never stops at the first problem: it collects :class:`Problem` records (where, what,
how to fix) and raises one :class:`ScenarioError` listing them, the way Calliope's
``print_warnings_and_raise_errors`` and PyPSA's consistency checks do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zerozone.errors import ZerozoneError

PathPart = str | int


def format_path(parts: Sequence[PathPart]) -> str:
    """Render a location as written in the docs: ``plants[3].retirement_year``.

    Parameters
    ----------
    parts : Sequence[str | int]
        Keys and list indices from the top of the file.

    Returns
    -------
    str
        The dotted path; list indices and integer keys (years) in brackets. ``<top>`` for the
        file itself.
    """
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "<top>"


@dataclass(frozen=True)
class Problem:
    """One problem in a scenario file.

    Attributes
    ----------
    path : tuple[str | int, ...]
        Where it is, from the top of the file.
    message : str
        What is wrong.
    hint : str
        What to do about it.
    line : int | None
        Line number in the file (1-based), when known.
    file : str | None
        The file the path and line are in, when it is not the file being read (the base of a
        scenario that ``extends`` another); ``None`` for the file itself.
    """

    path: tuple[PathPart, ...]
    message: str
    hint: str = ""
    line: int | None = None
    file: str | None = None

    @property
    def location(self) -> str:
        """The path as text, e.g. ``plants[3].retirement_year``."""
        return format_path(self.path)

    def render(self) -> str:
        """One line (two with a hint) for a person to read."""
        at = [self.file] if self.file else []
        at += [f"line {self.line}"] if self.line else []
        where = self.location + (f" ({', '.join(at)})" if at else "")
        text = f"{where}: {self.message}"
        if self.hint:
            text += f"\n    fix: {self.hint}"
        return text


class ScenarioError(ZerozoneError, ValueError):
    """A scenario could not be read; ``problems`` lists every reason.

    Parameters
    ----------
    source : str
        The file (or bundled scenario name) that was read.
    problems : Sequence[Problem]
        Every problem found, in file order where known.
    """

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__(self.render())

    def render(self) -> str:
        """The whole report: a heading and one entry per problem."""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{self.source}: {count} {noun} found"]
        lines += [f"  {i}. {p.render()}" for i, p in enumerate(self.problems, start=1)]
        return "\n".join(lines)

    def details(self) -> dict[str, object]:
        """The source and every problem with its path, line, message and fix."""
        return {
            "source": self.source,
            "problems": [
                {
                    "path": p.location,
                    "line": p.line,
                    "file": p.file or self.source,
                    "message": p.message,
                    "hint": p.hint,
                }
                for p in self.problems
            ],
        }
