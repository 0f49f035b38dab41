"""The ``zerozone`` command."""

from zerozone.cli.app import app, main

__all__ = ["app", "main"]
