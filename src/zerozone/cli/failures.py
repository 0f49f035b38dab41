"""Errors as the command line says them: files and directories, usage errors, in the user's
language.

Every file or directory that cannot be read, created or written (``plan --out /proc/x``, an output
directory that is a file, an unreadable input, a read-only target) becomes one plain message and
exit code 2 (:func:`path_error` builds it; :func:`zerozone.cli.app.main` applies it to any
``OSError`` naming a file, so no command needs its own ``try``). Usage errors of the option parser
are said the same way (:func:`usage_message`), in the language of ``--lang``.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from typer._click import exceptions as click  # Typer vendors Click (typer._click)

from zerozone.cli.context import state
from zerozone.errors import USAGE_ERROR, ZerozoneError
from zerozone.i18n import N_, Language, translate_text, translator

T = TypeVar("T")

REASONS = {
    errno.ENOENT: N_("no such file or directory"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("the operation is not permitted there"),
    errno.EISDIR: N_("it is a directory, not a file"),
    errno.ENOTDIR: N_("a part of the path is a file, not a directory"),
    errno.EEXIST: N_("a file of that name is in the way"),
    errno.EROFS: N_("the file system is read-only"),
    errno.ENOSPC: N_("the disk is full"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.ELOOP: N_("too many symbolic links"),
}
"""Plain reasons for the ``errno`` values a path can fail with (others keep the system's text)."""


class PathError(ZerozoneError):
    """A file or directory that cannot be read, created or written (exit code 2)."""


def reason_of(error: OSError, lang: Language) -> str:
    """Why ``error`` happened, in plain words of ``lang``."""
    _ = translator(lang)
    known = REASONS.get(error.errno or 0)
    return _(known) if known else (error.strerror or str(error))


def path_error(error: OSError, lang: Language, option: str = "") -> PathError:
    """The message for an ``OSError`` on a path (the path from the error when it names one).

    Parameters
    ----------
    error : OSError
        What the system said.
    lang : {"en", "az"}
        Language of the message.
    option : str
        The option or argument that named the path (``--out``), or empty.
    """
    _ = translator(lang)
    path = error.filename if error.filename is not None else ""
    where = f"{option} {path}".strip() if option else str(path)
    text = _("cannot use {path}: {reason}").format(path=where, reason=reason_of(error, lang))
    return PathError(text, exit_code=USAGE_ERROR)


def write_or_fail(write: Callable[[], T], target: Path) -> T:
    """Call ``write``; a file that cannot be written is a :class:`PathError` naming ``--out``."""
    try:
        return write()
    except OSError as error:
        if error.filename is None:
            error.filename = str(target)
        raise path_error(error, state.lang, "--out") from None


def writable_directory(path: Path, lang: Language, option: str = "--out") -> Path:
    """Create ``path`` (and its parents) and check that files can be written in it.

    Checked before long work (a solve) so that a bad output directory is said at once.

    Raises
    ------
    PathError
        When the directory cannot be created (a file of that name, a missing or read-only
        parent) or written to.
    """
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as error:
        if error.filename is None or not os.fspath(error.filename).startswith(str(path)):
            error.filename = str(path)
        raise path_error(error, lang, option) from None
    return path


def _where(error: click.UsageError) -> str:
    """The option or argument a usage error is about (``--resolution``), or empty."""
    hint = getattr(error, "param_hint", None)
    if isinstance(hint, list | tuple):
        return " / ".join(str(part) for part in hint)
    if hint:
        return str(hint)
    param = getattr(error, "param", None)
    if param is None:
        return ""
    names = [*getattr(param, "opts", [])]
    if getattr(param, "param_type_name", "") == "argument":
        return str(param.metavar or (param.name or "").upper())
    return " / ".join(names)


def usage_message(error: click.UsageError, lang: Language) -> str:
    """A usage error of the option parser as one plain line in ``lang``."""
    _ = translator(lang)
    where = _where(error)
    if isinstance(error, click.MissingParameter):
        return _("{name} is missing").format(name=where)
    if isinstance(error, click.NoSuchOption):
        text = _("there is no option {name}").format(name=error.option_name)
        if error.possibilities:
            text += "; " + _("did you mean {names}?").format(names=", ".join(error.possibilities))
        return text
    message = translate_text(error.message, lang)  # the parser's own English, by the catalogue
    if isinstance(error, click.BadParameter):
        return f"{where}: {message}" if where else message
    return message


def help_hint(error: click.UsageError, lang: Language) -> str:
    """Where to read more: ``see zerozone plan --help``, or empty without a command."""
    _ = translator(lang)
    ctx = error.ctx
    if ctx is None:
        return ""
    return _("see {command} --help").format(command=ctx.command_path)
