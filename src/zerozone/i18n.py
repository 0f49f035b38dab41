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
