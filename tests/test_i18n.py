"""Every user-facing string has its Azerbaijani translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

import zerozone
from zerozone.i18n import catalog, format_number, translator

PACKAGE = Path(zerozone.__file__).parent


def marked_strings() -> set[str]:
    """Strings wrapped in ``_()`` or ``N_()`` anywhere in the package."""
    found = extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords={"_": None, "N_": None}
    )
    return {message for _, _, message, _, _ in found if isinstance(message, str)}


def test_strings_are_found() -> None:
    assert {"Settlements", "space heat"} <= marked_strings()


def test_every_marked_string_has_an_azerbaijani_translation() -> None:
    missing = sorted(marked_strings() - set(catalog("az")))
    assert not missing, f"add these to a catalog in locale/az/LC_MESSAGES/: {missing}"


def test_translation_and_number_formats() -> None:
    assert translator("az")("Zone") == "Zona"
    assert translator("en")("Zone") == "Zone"
    assert format_number(1234567.25, "en", 1) == "1,234,567.2"
    assert format_number(1234567.25, "az", 1) == "1.234.567,2"


def test_translations_keep_their_placeholders() -> None:
    import re

    field = re.compile(r"\{[a-z_]+\}")
    broken = {
        source: target
        for source, target in catalog("az").items()
        if sorted(field.findall(source)) != sorted(field.findall(target))
    }
    assert not broken, f"placeholders differ: {broken}"
