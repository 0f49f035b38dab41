"""Every string of the dashboard's templates has its Azerbaijani translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

import zerozone.api
from zerozone.i18n import catalog

TEMPLATES = Path(zerozone.api.__file__).parent / "templates"


def test_every_template_string_is_translated() -> None:
    found = extract_from_dir(
        str(TEMPLATES), method_map=[("**.html", "jinja2")], keywords={"_": None}
    )
    strings = {message for _, _, message, _, _ in found if isinstance(message, str)}
    assert "Plan explorer" in strings
    missing = sorted(strings - set(catalog("az")))
    assert not missing, f"add these to locale/az/LC_MESSAGES/api.po: {missing}"
