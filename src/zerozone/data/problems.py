"""Problems found in a scenario file, reported all at once.

Validation never stops at the first problem: it collects :class:`Problem` records (where, what,
how to fix) and raises one :class:`ScenarioError` listing them, the way Calliope's
``print_warnings_and_raise_errors`` and PyPSA's consistency checks do.

Problems are written in English where they are found (validation does not know the reader);
:meth:`ScenarioError.render` says them in the reader's language through the catalogue
(:func:`zerozone.i18n.translate_text`: one catalogue entry per message, its fields kept, and
pydantic's messages by the templates of their error types, :data:`PYDANTIC_MESSAGES`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zerozone.errors import ZerozoneError
from zerozone.i18n import N_, Language, translate_text, translator

PathPart = str | int
PYDANTIC_MESSAGES = {
    "missing": N_("Field required"),
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
    "model_attributes_type": N_(
        "Input should be a valid dictionary or object to extract fields from"
    ),
    "none_required": N_("Input should be None"),
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "multiple_of": N_("Input should be a multiple of {multiple_of}"),
    "finite_number": N_("Input should be a finite number"),
    "too_short": N_(
        "{field_type} should have at least {min_length} item{expected_plural} after validation, "
        "not {actual_length}"
    ),
    "too_long": N_(
        "{field_type} should have at most {max_length} item{expected_plural} after validation, "
        "not {actual_length}"
    ),
    "string_type": N_("Input should be a valid string"),
    "string_too_short": N_("String should have at least {min_length} character{expected_plural}"),
    "string_too_long": N_("String should have at most {max_length} character{expected_plural}"),
    "string_pattern_mismatch": N_("String should match pattern '{pattern}'"),
    "enum": N_("Input should be {expected}"),
    "literal_error": N_("Input should be {expected}"),
    "dict_type": N_("Input should be a valid dictionary"),
    "list_type": N_("Input should be a valid list"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "date_type": N_("Input should be a valid date"),
    "date_parsing": N_("Input should be a valid date in the format YYYY-MM-DD, {error}"),
    "union_tag_invalid": N_(
        "Input tag '{tag}' found using {discriminator} does not match any of the expected tags: "
        "{expected_tags}"
    ),
    "union_tag_not_found": N_("Unable to extract tag using discriminator {discriminator}"),
}
"""pydantic's messages by error type (its ``message_template_python``, the fields filled from the
error's context): the catalogue translates each; a test keeps them equal to pydantic's own."""


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

    def render(self, lang: Language = "en") -> str:
        """One line (two with a hint) for a person to read, in ``lang``."""
        _ = translator(lang)
        at = [self.file] if self.file else []
        at += [_("line {number}").format(number=self.line)] if self.line else []
        where = self.location + (f" ({', '.join(at)})" if at else "")
        text = f"{where}: {translate_text(self.message, lang)}"
        if self.hint:
            text += "\n    " + _("fix: {hint}").format(hint=translate_text(self.hint, lang))
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

    def render(self, lang: Language = "en") -> str:
        """The whole report in ``lang``: a heading and one entry per problem."""
        _ = translator(lang)
        count = len(self.problems)
        heading = _("{count} problem found") if count == 1 else _("{count} problems found")
        lines = [f"{self.source}: {heading.format(count=count)}"]
        lines += [f"  {i}. {p.render(lang)}" for i, p in enumerate(self.problems, start=1)]
        return "\n".join(lines)

    def details(self, lang: Language = "en") -> dict[str, object]:
        """The source and every problem with its path, line, message and fix (in ``lang``)."""
        return {
            "source": self.source,
            "problems": [
                {
                    "path": p.location,
                    "line": p.line,
                    "file": p.file or self.source,
                    "message": translate_text(p.message, lang),
                    "hint": translate_text(p.hint, lang) if p.hint else "",
                }
                for p in self.problems
            ],
        }
