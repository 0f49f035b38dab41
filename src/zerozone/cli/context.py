"""State shared by the command's sub-commands (global options)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class CommandState:
    """Global options of one ``zerozone`` invocation."""

    debug: bool = False


state = CommandState()
