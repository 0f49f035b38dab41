"""The one error type every user-caused failure derives from.

Every error a user can cause (a broken scenario file, a run directory from another version, a
meter store held by another process, an unreachable broker...) is a :class:`ZerozoneError`: it
carries the process exit code and a message already in the user's language. The command line
handles them in one place (:func:`zerozone.cli.app.main`): the message without a traceback (the
traceback too with ``--debug``) and the exit code. The service renders the same errors as one JSON
shape (:meth:`ZerozoneError.to_dict`).

Exit codes
----------
0 success; 1 solver failure; 2 bad input (every problem listed); 3 a plan whose targets cannot all
be met (the explanation says which); 4 a plan that fails the hourly check (``zerozone check``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from zerozone.i18n import Language

SOLVER_FAILURE = 1
"""Exit code when the solver failed without an answer."""
USAGE_ERROR = 2
"""Exit code for bad input: a scenario with problems, a missing file, a bad option value."""
INFEASIBLE = 3
"""Exit code for a plan whose targets cannot all be met (explained)."""
CHECK_FAILED = 4
"""Exit code of ``zerozone check`` when the plan fails the hourly check (demand unserved beyond
the tolerance, or the emission cap exceeded, in some period and weather year)."""


class ZerozoneError(Exception):
    """An error the user can cause and fix: an exit code and a message for a person.

    Parameters
    ----------
    message : str
        What went wrong and what to do about it, already translated (build it with the
        translator of the user's language, e.g. ``_("... {path}").format(path=...)``).
    exit_code : int, optional
        The process exit code; defaults to the class's :attr:`exit_code`.

    Attributes
    ----------
    exit_code : int
        Process exit code (class default :data:`USAGE_ERROR`).
    code : str
        A stable machine-readable name of the error kind (class default: the class name), used by
        the service's JSON errors.
    """

    exit_code: int = USAGE_ERROR
    code: ClassVar[str] = ""

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def kind(self) -> str:
        """The machine-readable error kind: :attr:`code`, or the class name."""
        return self.code or type(self).__name__

    def render(self, lang: Language = "en") -> str:
        """The message as the command line prints it (after ``error:``).

        The message was translated when the error was raised; subclasses that keep their parts
        (e.g. a scenario's problems) render them in ``lang``.
        """
        return str(self)

    def details(self, lang: Language = "en") -> dict[str, Any]:
        """Structured details for the JSON shape (subclasses add e.g. the problems list), with
        their text in ``lang`` where the subclass keeps it untranslated."""
        return {}

    def to_dict(self, lang: Language = "en") -> dict[str, Any]:
        """The error as the service returns it, its message and details in ``lang`` where known.

        Returns
        -------
        dict
            ``{"error": {"kind": str, "message": str, "exit_code": int, "details": {...}}}``
        """
        return {
            "error": {
                "kind": self.kind,
                "message": self.render(lang),
                "exit_code": self.exit_code,
                "details": self.details(lang),
            }
        }
