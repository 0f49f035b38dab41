"""Scenario files that extend another: ``extends: default`` and only what differs.

A variant (an export case, a price sensitivity, a user's what-if) names its base on its
``extends:`` line and writes only what changes; the result is the base with the child's content
applied, following the schema (:mod:`zerozone.data.schema`):

* a **record** (a mapping the schema describes field by field: ``policy``, ``title``,
  ``emission_cap``, a zone's ``climate``...) is merged field by field, recursively;
* a **series** (a year-keyed mapping such as ``{2024: 75, 2030: 500}``), a list of plain values
  (``policy.periods``) and a value whose schema has several shapes (a distribution) are
  **replaced whole**, never merged;
* a **list of records** is merged by each record's key
  (:func:`zerozone.data.merge.record_key`: ``id``, else ``name``, else the pair that identifies
  it, e.g. ``zone`` and ``technology`` of a potential).
  A child record with a known key updates that record field by field, an unknown key appends a
  record, and a record with ``remove: true`` (and only its key besides) removes the base's record;
* ``name`` is the child's own and must be given; ``null`` sets a field back to its default.

Bases are bundled scenarios (by name) or files (a path relative to the child's file). Chains are
followed (a extends b extends default); a cycle, a missing base or a base that is not a scenario is
a problem located on the ``extends`` line. The merge itself is :mod:`zerozone.data.merge`: every
value of the merged result keeps where it came from, so that a problem found in the merged
scenario names the file, the path in that file and the line where the offending value was
written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from zerozone.data.merge import InDocument, Taken, Where, merge_scenario, problem_at
from zerozone.data.problems import Problem, ScenarioError
from zerozone.data.schema import Scenario
from zerozone.data.yaml_reader import UnsafeYamlError, read_yaml

EXTENDS = "extends"
"""The top-level key naming a scenario's base."""
MAX_CHAIN = 16
"""Longest chain of bases followed [files]."""


@dataclass(frozen=True)
class Origin:
    """Where a scenario's text came from.

    Attributes
    ----------
    label : str
        The name used in messages: a path, ``bundled:<name>`` or an upload's name.
    identity : str
        What tells two origins apart (the resolved path, or the label), for cycles.
    folder : pathlib.Path or None
        The folder that relative paths (a base, a weather file) are resolved against; ``None``
        when paths must not be followed (bundled scenarios, uploads to the service).
    """

    label: str
    identity: str
    folder: Path | None = None


OpenBase = Callable[[str, Path | None], tuple[Origin, str]]
"""Finds a base by the name on an ``extends`` line and the child's folder: its origin and text;
raises :class:`ScenarioError` (the problems saying why) when there is none."""


@dataclass
class Layered:
    """A scenario document with its bases applied, not yet validated.

    Attributes
    ----------
    value : dict
        The merged document (without ``extends``).
    where : Where
        Where each of its paths was written.
    problems : list[Problem]
        Problems found while reading and merging, each located in its own file.
    fatal : bool
        Whether a base could not be applied at all (then ``value`` is not worth validating).
    """

    value: dict[Any, Any]
    where: Where
    problems: list[Problem]
    fatal: bool = False


def read_document(text: str, label: str) -> tuple[dict[Any, Any], InDocument, list[Problem]]:
    """Read one scenario file's YAML: the mapping, its line numbers and reading problems.

    Raises
    ------
    ScenarioError
        When the text is not YAML that can be read safely, or not a mapping.
    """
    try:
        document = read_yaml(text)
    except UnsafeYamlError as refused:
        raise ScenarioError(label, [refused.problem]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ScenarioError(
            label,
            [Problem((), f"not valid YAML: {error}", "fix the syntax at the line shown", line)],
        ) from None
    if not isinstance(document.value, dict):
        raise ScenarioError(
            label,
            [
                Problem(
                    (),
                    "a scenario file must be a mapping of sections",
                    "start with keys such as `name:`, `zones:`",
                )
            ],
        )
    return document.value, InDocument(label, document.lines), list(document.problems)


def read_layers(
    text: str, origin: Origin, open_base: OpenBase, chain: tuple[Origin, ...] = ()
) -> Layered:
    """Read a scenario file and, if it has an ``extends`` line, apply it to its base.

    Parameters
    ----------
    text : str
        The file's text.
    origin : Origin
        Where the text came from.
    open_base : callable
        Finds a base's text (see :data:`OpenBase`).
    chain : tuple[Origin, ...]
        The files that extend this one, outermost first (to detect cycles).

    Returns
    -------
    Layered
        The merged document, where each value was written and the problems found so far.

    Raises
    ------
    ScenarioError
        When this file cannot be read at all (bad YAML, not a mapping).
    """
    raw, lines, problems = read_document(text, origin.label)
    if chain:
        problems = [_in_file(p, origin.label) for p in problems]
        _resolve_weather(raw, origin.folder)
    if EXTENDS not in raw:
        return Layered(raw, lines, problems)
    child = {key: value for key, value in raw.items() if key != EXTENDS}
    extends_at = Taken(lines, (EXTENDS,))
    base = _open(raw[EXTENDS], origin, open_base, chain, extends_at)
    if isinstance(base, Problem):
        return Layered(child, lines, [*problems, base], fatal=True)
    if base.fatal:
        return Layered(child, lines, [*base.problems, *problems], fatal=True)
    if "name" not in child:
        problems.append(
            problem_at(
                extends_at,
                "a scenario that extends another gives its own `name`",
                f"add `name: ...` (the base's is {base.value.get('name')!r})",
            )
        )
    value, where, merge_problems = merge_scenario(base.value, base.where, child, lines)
    return Layered(value, where, [*base.problems, *problems, *merge_problems])


def _open(
    name: object, origin: Origin, open_base: OpenBase, chain: tuple[Origin, ...], at: Taken
) -> Layered | Problem:
    """The base named on an ``extends`` line, read with its own bases, or the problem."""
    if not isinstance(name, str) or not name.strip():
        return problem_at(
            at,
            "`extends` names one scenario",
            "write a bundled scenario's name or the path of a YAML file relative to this one",
        )
    try:
        base_origin, text = open_base(name.strip(), origin.folder)
    except ScenarioError as missing:
        reason = "; ".join(p.message for p in missing.problems)
        hint = "; ".join(p.hint for p in missing.problems if p.hint)
        return problem_at(at, f"the base {name!r} cannot be read: {reason}", hint)
    seen = [*chain, origin]
    if any(o.identity == base_origin.identity for o in seen):
        names = " -> ".join(o.label for o in (*seen, base_origin))
        return problem_at(
            at,
            f"`extends` forms a cycle: {names}",
            "a scenario cannot extend itself, even through another",
        )
    if len(seen) >= MAX_CHAIN:
        return problem_at(
            at,
            f"more than {MAX_CHAIN} files extend each other",
            "extend a scenario nearer the base",
        )
    try:
        base = read_layers(text, base_origin, open_base, (*chain, origin))
    except ScenarioError as unreadable:
        first = unreadable.problems[0] if unreadable.problems else Problem((), "")
        line = f", line {first.line}" if first.line else ""
        return problem_at(
            at,
            f"the base {name!r} is not a scenario file ({first.message}{line})",
            "name a bundled scenario or a scenario YAML file",
        )
    if not any(key in Scenario.model_fields for key in base.value):
        return problem_at(
            at,
            f"the base {name!r} is not a scenario file (none of its keys is a scenario section)",
            "name a bundled scenario or a scenario YAML file",
        )
    return base


def _resolve_weather(raw: dict[Any, Any], folder: Path | None) -> None:
    """A base's relative weather file is relative to the base's folder, not the child's."""
    weather = raw.get("weather")
    if folder is None or not isinstance(weather, dict):
        return
    source = weather.get("source")
    if isinstance(source, str) and source != "synthetic" and not Path(source).is_absolute():
        raw["weather"] = {**weather, "source": str((folder / source).resolve())}


def _in_file(problem: Problem, label: str) -> Problem:
    """``problem`` marked as found in the file ``label`` (unless it already names one)."""
    if problem.file is not None:
        return problem
    return Problem(problem.path, problem.message, problem.hint, problem.line, label)


__all__ = [
    "EXTENDS",
    "MAX_CHAIN",
    "Layered",
    "OpenBase",
    "Origin",
    "read_document",
    "read_layers",
]
