"""User-facing language: English and Azerbaijani strings, numbers and dates.

Strings are written in English in the code, wrapped as ``_("...")`` so that Babel's extractor
finds them, and translated through the gettext catalogs in
``zerozone/locale/<lang>/LC_MESSAGES/*.po``: one file per area (``zerozone.po`` for the data and
the planner, ``report.po``, ``mrv.po``), read directly with Babel (no compiled ``.mo`` step) and
merged into one table. A test fails when a wrapped string has no Azerbaijani translation.
Numbers and dates follow the language's conventions (``1.234,5`` and ``29 noyabr 2026`` in
Azerbaijani).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Literal, get_args

from babel.dates import format_date as _babel_format_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

Language = Literal["en", "az"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
DOMAIN = "zerozone"


@cache
def catalog(lang: Language) -> dict[str, str]:
    """The translations of ``lang`` as a mapping from English text to translated text.

    English has no catalog (the code's strings are English); untranslated entries are left out.
    Every ``.po`` file of the language's ``LC_MESSAGES`` directory is read, in name order.
    """
    if lang == "en":
        return {}
    folder = resources.files("zerozone") / "locale" / lang / "LC_MESSAGES"
    table: dict[str, str] = {}
    for path in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if not path.name.endswith(".po"):
            continue
        with path.open("rb") as handle:
            po = read_po(handle, locale=lang)
        table.update(
            (str(message.id), str(message.string))
            for message in po
            if message.id and isinstance(message.id, str) and message.string
        )
    return table


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for deferred translation
    """Mark ``message`` for translation without translating it yet (tables of labels)."""
    return message


def translator(lang: Language) -> Callable[[str], str]:
    """A gettext-like function for ``lang``: English text in, translated text out.

    Missing translations fall back to English (a test keeps the catalog complete).
    """
    table = catalog(lang)

    def gettext(message: str) -> str:
        return table.get(message, message)

    return gettext


def babel_locale(lang: Language) -> str:
    """The Babel locale identifier for ``lang`` (``en_GB``-style conventions, ``az`` Latin)."""
    return {"en": "en", "az": "az"}[lang]


def format_number(value: float, lang: Language, digits: int = 0) -> str:
    """A number as people write it in ``lang``: ``1,234.5`` (en) or ``1.234,5`` (az).

    Parameters
    ----------
    value : float
        The number.
    lang : {"en", "az"}
        Language.
    digits : int
        Digits after the decimal separator.
    """
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=babel_locale(lang))


def format_date(day: dt.date, lang: Language) -> str:
    """A date in the long form of ``lang``: ``29 November 2026`` / ``29 noyabr 2026``."""
    return str(_babel_format_date(day, format="long", locale=babel_locale(lang)))


PLACEHOLDER = re.compile(r"\{([a-z_][a-z_0-9]*)\}")
"""A named field of a catalogue message: ``{path}``."""
CLAUSE = re.compile(r"(; |(?<=[?.]) (?=[A-Za-z`'(]))")
"""Where a composed message may be cut into clauses translated one by one: ``; ``, after ``?``
and after a sentence or a colon."""
LIST_OR = re.compile(r"(?<=') or (?=')")
"""The ``or`` of a quoted list of choices: ``'fixed' or 'tracking'``."""


@cache
def _patterns(lang: Language) -> tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...]:
    """Every catalogue message with fields as a pattern matching the English text it makes,
    the translation and the fields' names; the most literal text first (the most specific)."""
    found = []
    for source, target in catalog(lang).items():
        names = tuple(PLACEHOLDER.findall(source))
        literal = PLACEHOLDER.sub("", source)
        if (
            not names
            or len(set(names)) != len(names)
            or len(re.findall(r"[A-Za-z]{3,}", literal)) < 1
        ):
            continue
        parts = PLACEHOLDER.split(source)
        regex = "".join(re.escape(part) if k % 2 == 0 else "(.+?)" for k, part in enumerate(parts))
        found.append((len(literal), re.compile(f"^{regex}$", re.S), target, names))
    found.sort(key=lambda item: -item[0])
    return tuple((pattern, target, names) for _length, pattern, target, names in found)


def translate_text(text: str, lang: Language) -> str:
    """``text``, English text made from catalogue messages, in ``lang``.

    For messages written in English by code that does not know the user's language (a
    scenario's validation problems, the option parser's errors). The whole text is looked up
    first; then each catalogue message with fields (``cannot use {path}: {reason}``) is tried as
    a pattern, its fields' values kept (and themselves translated when the catalogue has them);
    failing that, a text composed of clauses (``did you mean 'x'? defined: a, b``) is translated
    clause by clause. What the catalogue does not hold stays English.

    Parameters
    ----------
    text : str
        The English text.
    lang : {"en", "az"}
        Language wanted.
    """
    if lang == "en" or not text:
        return text
    whole = _translate_whole(text, lang)
    if whole is not None:
        return whole
    pieces = CLAUSE.split(text)
    if len(pieces) == 1:
        return text
    return "".join(
        piece if k % 2 else (_translate_whole(piece, lang) or piece)
        for k, piece in enumerate(pieces)
    )


def _translate_whole(text: str, lang: Language, depth: int = 0) -> str | None:
    """``text`` translated as one catalogue message (exact, or a pattern), None if none fits."""
    table = catalog(lang)
    if text in table:
        return table[text]
    if depth > 2:  # a field's value within a field's value: enough
        return None
    for pattern, target, names in _patterns(lang):
        found = pattern.match(text)
        if found:
            values = {
                name: _translate_value(value, lang, depth)
                for name, value in zip(names, found.groups(), strict=True)
            }
            return target.format(**values)
    return None


def _translate_value(value: str, lang: Language, depth: int) -> str:
    """A field's value: translated when the catalogue makes it, a quoted list's ``or`` too."""
    whole = _translate_whole(value, lang, depth + 1)
    if whole is not None:
        return whole
    return LIST_OR.sub(f" {catalog(lang).get('or', 'or')} ", value)
