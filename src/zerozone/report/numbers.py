"""Numbers that scale: significant figures instead of fixed decimals.

A village's 0.4 MW reads ``0.4`` and a region's 3,686.2 MW reads ``3,686``: whole numbers keep
every digit before the decimal separator, smaller numbers keep :data:`FIGURES` significant
figures, and trailing zeros are dropped. Tables, cards, chart hover texts and the comparison use
:func:`format_significant` (through :meth:`zerozone.report.labels.Names.amount`).
"""

from __future__ import annotations

import math

from babel.numbers import format_decimal

from zerozone.i18n import Language, babel_locale

FIGURES = 3
"""Significant figures kept below 10**FIGURES."""
MAX_DECIMALS = 4
"""Most digits after the decimal separator; smaller magnitudes show as 0."""


def decimals_for(value: float, figures: int = FIGURES) -> int:
    """Digits after the decimal separator that keep ``figures`` significant figures of ``value``.

    Parameters
    ----------
    value : float
        The number [any unit].
    figures : int
        Significant figures wanted.

    Returns
    -------
    int
        Between 0 (for ``|value| >= 10**(figures - 1)``) and :data:`MAX_DECIMALS`.
    """
    if value == 0 or not math.isfinite(value):
        return 0
    magnitude = math.floor(math.log10(abs(value)))
    return max(0, min(MAX_DECIMALS, figures - 1 - magnitude))


def format_significant(value: float, lang: Language, figures: int = FIGURES) -> str:
    """``value`` with ``figures`` significant figures (all digits of a whole part), in ``lang``.

    Examples: ``0.4`` -> ``0.4``; ``3686.2`` -> ``3,686``; ``12.345`` -> ``12.3``;
    ``295.263665`` -> ``295``; ``0.01234`` -> ``0.0123``; in Azerbaijani ``3.686`` and ``0,4``.
    A missing value (NaN) is ``-``.
    """
    if value != value:  # NaN
        return "-"
    digits = decimals_for(value, figures)
    rounded = round(value, digits)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return str(format_decimal(rounded, format=pattern, locale=babel_locale(lang)))
