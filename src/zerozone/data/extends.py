"""Scenario files that extend another: ``extends: default`` and only what differs.

A variant (an export case, a price sensitivity, a user's what-if) names its base on its
``extends:`` line and writes only what changes; the result is the base with the child's content
applied, following the schema (:mod:`zerozone.data.schema`):

* a **record** (a mapping the schema describes field by field: ``policy``, ``title``,
  ``emission_cap``, a zone's ``climate``...) is merged field by field, recursively;
* a **series** (a year-keyed mapping such as ``{2024: 75, 2030: 500}``), a list of plain values
  (``policy.periods``) and a value whose schema has several shapes (a distribution) are
  **replaced whole**, never merged;
* a **list of records** is merged by each record's key (:func:`record_key`: ``id``, else
  ``name``, else the pair that identifies it, e.g. ``zone`` and ``technology`` of a potential).
  A child record with a known key updates that record field by field, an unknown key appends a
  record, and a record with ``remove: true`` (and only its key besides) removes the base's record;
* ``name`` is the child's own and must be given; ``null`` sets a field back to its default.

Bases are bundled scenarios (by name) or files (a path relative to the child's file). Chains are
followed (a extends b extends default); a cycle, a missing base or a base that is not a scenario is
a problem located on the ``extends`` line. Every value of the merged result keeps where it came
from (:class:`Where`), so that a problem found in the merged scenario names the file, the path in
that file and the line where the offending value was written.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml
from pydantic import BaseModel

from zerozone.data.problems import PathPart, Problem, ScenarioError
from zerozone.data.schema import DemandEntry, Potential, Scenario
from zerozone.data.yaml_reader import UnsafeYamlError, read_yaml

EXTENDS = "extends"
"""The top-level key naming a scenario's base."""
REMOVE = "remove"
"""The key that, set to ``true`` on a child record, removes the base's record of that key."""
MAX_CHAIN = 16
"""Longest chain of bases followed [files]."""

COMPOSITE_KEYS: dict[type[BaseModel], tuple[str, ...]] = {
    Potential: ("zone", "technology"),
    DemandEntry: ("sector", "zone"),
}
"""Keys of the records that have neither an ``id`` nor a ``name``."""

Path_ = tuple[PathPart, ...]


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


class Where(Protocol):
    """Where a path of a (possibly merged) document was written."""

    def locate(self, path: Path_) -> tuple[str, Path_, int | None]:
        """The file's label, the path in that file and its line (when known)."""
        ...

    def appended(self, path: Path_) -> str | None:
        """The key of the record a variant appended that holds ``path``, if one does."""
        ...


@dataclass(frozen=True)
class InDocument:
    """Locations in one file as read: its label and the line of every path."""

    label: str
    lines: Mapping[Path_, int]

    def locate(self, path: Path_) -> tuple[str, Path_, int | None]:
        """The line of ``path``, or of its nearest enclosing path written in the file."""
        known = path
        while known and known not in self.lines:
            known = known[:-1]
        return self.label, path, self.lines.get(known)

    def appended(self, path: Path_) -> str | None:
        """``None``: a file as read appends nothing."""
        return None


@dataclass(frozen=True)
class _Taken:
    """A value taken whole from a document, at ``path`` there."""

    where: Where
    path: Path_


@dataclass(frozen=True)
class _Appended(_Taken):
    """A record a variant appended to a list (its key not in the base), shown as ``key``."""

    key: str = ""


@dataclass
class _Merged:
    """A container both sides gave: ``own`` is the child's, ``children`` where each item is."""

    own: _Taken
    children: dict[PathPart, _Taken | _Merged] = field(default_factory=dict)


@dataclass(frozen=True)
class InMerged:
    """Locations in a merged document: each value is followed back to the file that wrote it."""

    root: _Merged

    def locate(self, path: Path_) -> tuple[str, Path_, int | None]:
        """The file, path and line where the value at ``path`` of the merged result was written."""
        taken, _ = self._follow(path)
        return taken.where.locate(taken.path)

    def appended(self, path: Path_) -> str | None:
        """The key of the appended record holding ``path`` (in this file or a base)."""
        taken, key = self._follow(path)
        return key if key is not None else taken.where.appended(taken.path)

    def _follow(self, path: Path_) -> tuple[_Taken, str | None]:
        """Where ``path`` was written, and the key of an appended record on the way."""
        node: _Taken | _Merged = self.root
        depth = 0
        while isinstance(node, _Merged) and depth < len(path) and path[depth] in node.children:
            node = node.children[path[depth]]
            depth += 1
        key = node.key if isinstance(node, _Appended) else None
        taken = node.own if isinstance(node, _Merged) else node
        return _Taken(taken.where, (*taken.path, *path[depth:])), key


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
    extends_at = _Taken(lines, (EXTENDS,))
    base = _open(raw[EXTENDS], origin, open_base, chain, extends_at)
    if isinstance(base, Problem):
        return Layered(child, lines, [*problems, base], fatal=True)
    if base.fatal:
        return Layered(child, lines, [*base.problems, *problems], fatal=True)
    if "name" not in child:
        problems.append(
            _problem_at(
                extends_at,
                "a scenario that extends another gives its own `name`",
                f"add `name: ...` (the base's is {base.value.get('name')!r})",
            )
        )
    merge_problems: list[Problem] = []
    value, node = _merge_record(
        base.value, child, Scenario, _Taken(base.where, ()), _Taken(lines, ()), merge_problems
    )
    assert isinstance(value, dict) and isinstance(node, _Merged)
    return Layered(value, InMerged(node), [*base.problems, *problems, *merge_problems])


def _open(
    name: object, origin: Origin, open_base: OpenBase, chain: tuple[Origin, ...], at: _Taken
) -> Layered | Problem:
    """The base named on an ``extends`` line, read with its own bases, or the problem."""
    if not isinstance(name, str) or not name.strip():
        return _problem_at(
            at,
            "`extends` names one scenario",
            "write a bundled scenario's name or the path of a YAML file relative to this one",
        )
    try:
        base_origin, text = open_base(name.strip(), origin.folder)
    except ScenarioError as missing:
        reason = "; ".join(p.message for p in missing.problems)
        hint = "; ".join(p.hint for p in missing.problems if p.hint)
        return _problem_at(at, f"the base {name!r} cannot be found: {reason}", hint)
    seen = [*chain, origin]
    if any(o.identity == base_origin.identity for o in seen):
        names = " -> ".join(o.label for o in (*seen, base_origin))
        return _problem_at(
            at,
            f"`extends` forms a cycle: {names}",
            "a scenario cannot extend itself, even through another",
        )
    if len(seen) >= MAX_CHAIN:
        return _problem_at(
            at,
            f"more than {MAX_CHAIN} files extend each other",
            "extend a scenario nearer the base",
        )
    try:
        base = read_layers(text, base_origin, open_base, (*chain, origin))
    except ScenarioError as unreadable:
        inner = [_in_file(p, unreadable.source) for p in unreadable.problems]
        first = inner[0].message if inner else ""
        return _problem_at(
            at,
            f"the base {name!r} is not a scenario file ({first})",
            "name a bundled scenario or a scenario YAML file",
        )
    if not any(key in Scenario.model_fields for key in base.value):
        return _problem_at(
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


def _problem_at(at: _Taken, message: str, hint: str = "") -> Problem:
    """A problem located where ``at`` was written."""
    label, path, line = at.where.locate(at.path)
    return Problem(path, message, hint, line, label)


# --- the schema's shapes -------------------------------------------------------------------------


def _unwrap(annotation: Any) -> Any:
    """``X`` from ``Annotated[X, ...]`` and ``X | None``; unions of several types unchanged."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _model(annotation: Any) -> type[BaseModel] | None:
    """The record model a value of ``annotation`` is, if it is one."""
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def record_list_model(annotation: Any) -> type[BaseModel] | None:
    """The record model of a ``list[Record]`` annotation, else ``None``."""
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return _model(item)
    return None


def record_key(model: type[BaseModel]) -> tuple[str, ...] | None:
    """The fields that identify a record of ``model`` in its list.

    ``id`` where the model has one, else ``name``, else the pair of :data:`COMPOSITE_KEYS`;
    ``None`` for a model with no key (its lists are replaced whole).
    """
    if "id" in model.model_fields:
        return ("id",)
    if "name" in model.model_fields and _unwrap(model.model_fields["name"].annotation) is str:
        return ("name",)
    return COMPOSITE_KEYS.get(model)


# --- merging -------------------------------------------------------------------------------------

Node = _Taken | _Merged


def _field_annotation(model: type[BaseModel] | None, key: object) -> Any:
    if model is None or not isinstance(key, str) or key not in model.model_fields:
        return None
    return model.model_fields[key].annotation


def _merge(
    base: Any,
    child: Any,
    annotation: Any,
    at_base: _Taken,
    at_child: _Taken,
    problems: list[Problem],
) -> tuple[Any, Node]:
    """The child's value applied to the base's, by the schema's shape of the value."""
    model = _model(annotation)
    if model is not None and isinstance(base, dict) and isinstance(child, dict):
        return _merge_record(base, child, model, at_base, at_child, problems)
    item = record_list_model(annotation)
    key = record_key(item) if item is not None else None
    if item is not None and key is not None and isinstance(base, list) and isinstance(child, list):
        if not child and base:
            problems.append(
                _problem_at(
                    at_child,
                    "an empty list changes nothing in a scenario that extends another",
                    "records are updated, added or removed one by one: list the records to "
                    "remove, each with its key and `remove: true`",
                )
            )
        return _merge_records(base, child, item, key, at_base, at_child, problems)
    return child, at_child


def _merge_record(
    base: dict[Any, Any],
    child: dict[Any, Any],
    model: type[BaseModel],
    at_base: _Taken,
    at_child: _Taken,
    problems: list[Problem],
) -> tuple[dict[Any, Any], _Merged]:
    """A record merged field by field: a field the child gives replaces or merges into the base."""
    merged = dict(base)
    node = _Merged(at_child, {key: _at(at_base, key) for key in base})
    for key, value in child.items():
        if key in base:
            merged[key], node.children[key] = _merge(
                base[key],
                value,
                _field_annotation(model, key),
                _at(at_base, key),
                _at(at_child, key),
                problems,
            )
        else:
            merged[key], node.children[key] = value, _at(at_child, key)
    return merged, node


def _at(taken: _Taken, part: PathPart) -> _Taken:
    return _Taken(taken.where, (*taken.path, part))


def _key_of(record: object, key: tuple[str, ...]) -> tuple[object, ...] | None:
    if not isinstance(record, dict) or key[0] not in record:
        return None
    return tuple(record.get(name) for name in key)


def _merge_records(
    base: list[Any],
    child: list[Any],
    model: type[BaseModel],
    key: tuple[str, ...],
    at_base: _Taken,
    at_child: _Taken,
    problems: list[Problem],
) -> tuple[list[Any], _Merged]:
    """A list of records merged by key: update, append or remove (``remove: true``)."""
    merged: list[Any] = list(base)
    sources: list[Node] = [_at(at_base, index) for index in range(len(base))]
    position = {k: i for i, record in enumerate(base) if (k := _key_of(record, key)) is not None}
    removed: set[int] = set()
    given: dict[tuple[object, ...], int] = {}
    for index, record in enumerate(child):
        here = _at(at_child, index)
        found = _child_key(record, key, here, problems)
        if found is not None and found in given:
            problems.append(
                _problem_at(
                    here,
                    f"the record {_show(key, found)} is given twice in this file "
                    f"(first as entry {given[found]})",
                    "merge the two entries into one",
                )
            )
            continue
        if found is not None:
            given[found] = index
        target = position.get(found) if found is not None else None
        if isinstance(record, dict) and REMOVE in record:
            _remove(record, key, found, target, here, removed, problems)
            continue
        if target is None:
            merged.append(record)
            shown = _shown(key, found, position) if found is not None else None
            sources.append(_Appended(here.where, here.path, shown) if shown else here)
            continue
        merged[target], sources[target] = _merge_record(
            base[target], record, model, _at(at_base, target), here, problems
        )
    kept = [i for i in range(len(merged)) if i not in removed]
    node = _Merged(at_child, {new: sources[old] for new, old in enumerate(kept)})
    return [merged[i] for i in kept], node


def _child_key(
    record: object, key: tuple[str, ...], here: _Taken, problems: list[Problem]
) -> tuple[object, ...] | None:
    """The key of a child's record; a problem if a key field is not text."""
    found = _key_of(record, key)
    if found is None:
        return None
    for name, value in zip(key, found, strict=True):
        if value is not None and not isinstance(value, str):
            problems.append(
                _problem_at(
                    _at(here, name),
                    f"`{name}` is {type(value).__name__} {value!r}; records are matched to the "
                    "base's by their text key",
                    f"write `{name}` as text (quote it if YAML reads it as a number or yes/no)",
                )
            )
            return None
    return found


def _remove(
    record: dict[Any, Any],
    key: tuple[str, ...],
    found: tuple[object, ...] | None,
    target: int | None,
    here: _Taken,
    removed: set[int],
    problems: list[Problem],
) -> None:
    """Apply ``remove: true`` of a child's record, or say why it cannot be applied."""
    extra = sorted(str(k) for k in record if k not in (*key, REMOVE))
    if record[REMOVE] is not True:
        problem = ("`remove` is written `remove: true`", "remove the key or set it to true")
        problems.append(_problem_at(_at(here, REMOVE), *problem))
    elif found is None:
        problems.append(
            _problem_at(here, f"a removed record names its {' and '.join(key)}", "add the key")
        )
    elif target is None:
        problems.append(
            _problem_at(
                here,
                f"the base has no record {_show(key, found)} to remove",
                "check the key against the base scenario (`zerozone data show BASE`)",
            )
        )
    elif extra:
        problems.append(
            _problem_at(
                here,
                f"a removed record gives only its key; also given: {', '.join(extra)}",
                "drop the other fields, or drop `remove: true` to update the record",
            )
        )
    else:
        removed.add(target)


def _shown(
    key: tuple[str, ...], found: tuple[object, ...], known: Mapping[tuple[object, ...], int]
) -> str:
    """An appended record's key for messages, with the closest key of the base if any."""
    text = _show(key, found)
    names = {str(k[0]): k for k in known}
    close = difflib.get_close_matches(str(found[0]), list(names), n=1, cutoff=0.5)
    return text + (f" (did you mean {_show(key, names[close[0]])}?)" if close else "")


def _show(key: tuple[str, ...], value: tuple[object, ...]) -> str:
    return ", ".join(f"{name} {v!r}" for name, v in zip(key, value, strict=True) if v is not None)


__all__ = [
    "COMPOSITE_KEYS",
    "EXTENDS",
    "REMOVE",
    "InDocument",
    "InMerged",
    "Layered",
    "Origin",
    "Where",
    "read_document",
    "read_layers",
    "record_key",
    "record_list_model",
]
