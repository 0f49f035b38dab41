"""Merging a variant's content into its base's, by the schema, remembering where each value was
written.

The rules (records merged field by field, series and plain lists replaced whole, lists of records
merged by key with ``remove: true``) are described in :mod:`zerozone.data.extends` and
``docs/scenarios.md``. Every value of the merged result keeps where it came from: a :class:`Where`
follows a path of the merged document back to the file, the path in that file and the line that
wrote it, through any number of bases.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel

from zerozone.data.problems import PathPart, Problem
from zerozone.data.schema import DemandEntry, Potential, Scenario

REMOVE = "remove"
"""The key that, set to ``true`` on a child record, removes the base's record of that key."""

COMPOSITE_KEYS: dict[type[BaseModel], tuple[str, ...]] = {
    Potential: ("zone", "technology"),
    DemandEntry: ("sector", "zone"),
}
"""Keys of the records that have neither an ``id`` nor a ``name``."""

Path_ = tuple[PathPart, ...]


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
class Taken:
    """A value taken whole from a document, at ``path`` there."""

    where: Where
    path: Path_


@dataclass(frozen=True)
class _Appended(Taken):
    """A record a variant appended to a list (its key not in the base), shown as ``key``."""

    key: str = ""


@dataclass
class _Merged:
    """A container both sides gave: ``own`` is the child's, ``children`` where each item is."""

    own: Taken
    children: dict[PathPart, Taken | _Merged] = field(default_factory=dict)


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

    def _follow(self, path: Path_) -> tuple[Taken, str | None]:
        """Where ``path`` was written, and the key of an appended record on the way."""
        node: Taken | _Merged = self.root
        depth = 0
        while isinstance(node, _Merged) and depth < len(path) and path[depth] in node.children:
            node = node.children[path[depth]]
            depth += 1
        key = node.key if isinstance(node, _Appended) else None
        taken = node.own if isinstance(node, _Merged) else node
        return Taken(taken.where, (*taken.path, *path[depth:])), key


def problem_at(at: Taken, message: str, hint: str = "") -> Problem:
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

Node = Taken | _Merged


def _field_annotation(model: type[BaseModel] | None, key: object) -> Any:
    if model is None or not isinstance(key, str) or key not in model.model_fields:
        return None
    return model.model_fields[key].annotation


def _merge(
    base: Any,
    child: Any,
    annotation: Any,
    at_base: Taken,
    at_child: Taken,
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
                problem_at(
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
    at_base: Taken,
    at_child: Taken,
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


def _at(taken: Taken, part: PathPart) -> Taken:
    return Taken(taken.where, (*taken.path, part))


def _key_of(record: object, key: tuple[str, ...]) -> tuple[object, ...] | None:
    if not isinstance(record, dict) or key[0] not in record:
        return None
    return tuple(record.get(name) for name in key)


def _merge_records(
    base: list[Any],
    child: list[Any],
    model: type[BaseModel],
    key: tuple[str, ...],
    at_base: Taken,
    at_child: Taken,
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
                problem_at(
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
    record: object, key: tuple[str, ...], here: Taken, problems: list[Problem]
) -> tuple[object, ...] | None:
    """The key of a child's record; a problem if a key field is not text."""
    found = _key_of(record, key)
    if found is None:
        return None
    for name, value in zip(key, found, strict=True):
        if value is not None and not isinstance(value, str):
            problems.append(
                problem_at(
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
    here: Taken,
    removed: set[int],
    problems: list[Problem],
) -> None:
    """Apply ``remove: true`` of a child's record, or say why it cannot be applied."""
    extra = sorted(str(k) for k in record if k not in (*key, REMOVE))
    if record[REMOVE] is not True:
        problem = ("`remove` is written `remove: true`", "remove the key or set it to true")
        problems.append(problem_at(_at(here, REMOVE), *problem))
    elif found is None:
        problems.append(
            problem_at(here, f"a removed record names its {' and '.join(key)}", "add the key")
        )
    elif target is None:
        problems.append(
            problem_at(
                here,
                f"the base has no record {_show(key, found)} to remove",
                "check the key against the base scenario (`zerozone data show BASE`)",
            )
        )
    elif extra:
        problems.append(
            problem_at(
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


def merge_scenario(
    base: dict[Any, Any], base_where: Where, child: dict[Any, Any], child_where: Where
) -> tuple[dict[Any, Any], InMerged, list[Problem]]:
    """A variant's content applied to its base's.

    Parameters
    ----------
    base, child : dict
        The base's (merged) document and the variant's, without ``extends``.
    base_where, child_where : Where
        Where their paths were written.

    Returns
    -------
    tuple[dict, InMerged, list[Problem]]
        The merged document, where each of its paths was written, and the problems of the
        variant's content that the merge found (keys, removals, empty lists), located in it.
    """
    problems: list[Problem] = []
    value, node = _merge_record(
        base, child, Scenario, Taken(base_where, ()), Taken(child_where, ()), problems
    )
    return value, InMerged(node), problems


__all__ = [
    "COMPOSITE_KEYS",
    "REMOVE",
    "InDocument",
    "InMerged",
    "Taken",
    "Where",
    "merge_scenario",
    "problem_at",
    "record_key",
    "record_list_model",
]
