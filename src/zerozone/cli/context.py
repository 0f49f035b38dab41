"""State shared by the command's sub-commands (global options)."""

from __future__ import annotations

from dataclasses import dataclass

from zerozone.i18n import Language


@dataclass
class CommandState:
    """Global options of one ``zerozone`` invocation."""

    debug: bool = False
    lang: Language = "en"
    """The language of help, errors and output (``--lang``, else ``ZEROZONE_LANG``, else en)."""
    requested: Language | None = None
    """The language :func:`zerozone.cli.app.main` read from the whole command line, if any."""


state = CommandState()
