"""Numbers that scale: significant figures in both languages, and Azerbaijani year endings."""

from __future__ import annotations

import pytest

from zerozone.report.labels import ordinal_suffix_az
from zerozone.report.numbers import format_significant


@pytest.mark.parametrize(
    ("value", "en", "az"),
    [
        (0.4, "0.4", "0,4"),
        (3686.2, "3,686", "3.686"),
        (295.263665, "295", "295"),
        (12.345, "12.3", "12,3"),
        (0.012345, "0.0123", "0,0123"),
        (1.0, "1", "1"),
        (-0.5, "-0.5", "-0,5"),
        (0.0, "0", "0"),
        (-0.00001, "0", "0"),
        (float("nan"), "-", "-"),
    ],
)
def test_significant_figures(value: float, en: str, az: str) -> None:
    assert format_significant(value, "en") == en
    assert format_significant(value, "az") == az


@pytest.mark.parametrize(
    ("year", "suffix"),
    [
        (2050, "ci"),
        (2030, "cu"),
        (2040, "cı"),
        (2025, "ci"),
        (2023, "cü"),
        (2026, "cı"),
        (2029, "cu"),
        (2100, "cü"),
        (2000, "ci"),
    ],
)
def test_azerbaijani_ordinal_suffix_of_years(year: int, suffix: str) -> None:
    assert ordinal_suffix_az(year) == suffix
