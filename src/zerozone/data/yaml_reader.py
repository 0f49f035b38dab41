"""Reading a scenario's YAML safely: one pass over the parser's events.

A scenario file comes from anyone, so reading it must not be fooled or exhausted:

* **duplicate keys** are reported with both lines (YAML parsers usually keep the last silently);
* **aliases** (``*name``) reuse the anchored value without copying it and without walking it
  again; what they would add once expanded is counted, and a file whose aliases expand to more
  than :data:`MAX_ALIAS_VALUES` values (or the size of the file itself, whichever is larger) is
  refused (the "billion laughs" file);
* **nesting** deeper than :data:`MAX_DEPTH` levels is refused (a scenario needs about six);
* **line numbers** of every key are recorded while reading, so that messages name the line
  without a second pass.

The events come from libyaml's C parser when it is installed (PyYAML's ``CSafeLoader``, several
times faster than the pure-Python parser on large files), PyYAML's own parser otherwise. Scalars
are resolved as PyYAML's safe loader does (YAML 1.1: ``2025`` an integer, ``.nan`` a float).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from zerozone.data.problems import PathPart, Problem

MAX_DEPTH = 32
"""Deepest nesting of mappings and lists accepted [levels]."""
MAX_ALIAS_VALUES = 100_000
"""Values that aliases may add once expanded, at least (or the file's own count if larger) [-]."""

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_PLAIN_TAGS = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class UnsafeYamlError(Exception):
    """The file cannot be read safely; ``problem`` says why and where."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class _Frame:
    """A mapping or list being read."""

    value: dict[Any, Any] | list[Any]
    path: tuple[PathPart, ...]
    anchor: str | None
    size: int = 1
    key: Any = None
    key_line: int = 0
    has_key: bool = False
    merges: list[Any] = field(default_factory=list)


@dataclass
class YamlDocument:
    """What :func:`read_yaml` found.

    Attributes
    ----------
    value : object
        The document as Python values (dicts, lists, scalars).
    lines : dict
        1-based line of every path's key (mappings) or start (values).
    problems : list[Problem]
        Problems that do not stop reading (duplicate keys).
    """

    value: Any
    lines: dict[tuple[PathPart, ...], int]
    problems: list[Problem]


_PLAIN: dict[str, Any] = {}
"""Values of plain scalars already resolved (keys and numbers repeat in large files)."""


def _scalar(event: Any) -> Any:
    """The Python value of a scalar event, resolved as PyYAML's safe loader does."""
    tag = event.tag
    if tag is None:
        if not event.implicit[0]:  # quoted: a string
            return event.value
        value = _PLAIN.get(event.value, _PLAIN)
        if value is not _PLAIN:
            return value
        value = _resolved(event, _RESOLVER.resolve(yaml.ScalarNode, event.value, (True, False)))
        if len(_PLAIN) < 100_000:
            _PLAIN[event.value] = value
        return value
    if tag == "!":
        tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
    return _resolved(event, tag)


def _resolved(event: Any, tag: str) -> Any:
    """The value of a scalar event whose tag is known."""
    if tag == _STR:
        return event.value
    if tag == _MERGE:
        return "<<"
    construct = _CONSTRUCTOR.yaml_constructors.get(tag)
    if construct is None:
        raise UnsafeYamlError(
            Problem(
                (),
                f"unsupported YAML tag {tag!r}",
                "remove the tag: scenario files hold plain values only",
                _line(event),
            )
        )
    return construct(_CONSTRUCTOR, yaml.ScalarNode(tag, event.value, event.start_mark))


def _events(text: str) -> Iterator[Any]:
    """The parser's events, up to the end of the stream."""
    loader = _LOADER(text)
    get = loader.get_event
    try:
        while True:
            event = get()
            yield event
            if type(event) is yaml.StreamEndEvent:
                return
    finally:
        loader.dispose()


def _line(event: Any) -> int:
    """1-based line where ``event`` starts."""
    return int(event.start_mark.line) + 1


class _Reader:
    """Builds the document from the events, with its line numbers and problems."""

    def __init__(self) -> None:
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.lines: dict[tuple[PathPart, ...], int] = {}
        self.problems: list[Problem] = []
        self.own_values = 0
        self.alias_values = 0
        self.root: Any = None
        self.documents = 0

    def child_path(self) -> tuple[PathPart, ...]:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            return (*frame.path, len(frame.value))
        return (*frame.path, frame.key)

    def add(self, value: Any, size: int, line: int, anchor: str | None) -> None:
        """Put a finished value into its parent (or make it the document)."""
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        frame.size += size
        if isinstance(frame.value, list):
            self.lines.setdefault(self.child_path(), line)
            frame.value.append(value)
        elif not frame.has_key:
            self.set_key(frame, value, line)
        else:
            self.set_value(frame, value)

    def set_key(self, frame: _Frame, key: Any, line: int) -> None:
        try:
            hash(key)
        except TypeError:
            raise UnsafeYamlError(
                Problem(frame.path, "a key must be a plain value, not a list or mapping", "", line)
            ) from None
        frame.key, frame.key_line, frame.has_key = key, line, True

    def set_value(self, frame: _Frame, value: Any) -> None:
        assert isinstance(frame.value, dict)
        key = frame.key
        frame.has_key = False
        if key == "<<" and isinstance(value, dict | list):
            frame.merges.append(value)
            return
        path = (*frame.path, key)
        if key in frame.value:
            first = self.lines.get(path)
            self.problems.append(
                Problem(
                    path,
                    f"key {key!r} is given twice, on lines {first} and {frame.key_line}",
                    "keep one of the two (YAML would silently use the last)",
                    frame.key_line,
                )
            )
        else:
            self.lines[path] = frame.key_line
        frame.value[key] = value

    def open(self, container: dict[Any, Any] | list[Any], event: Any) -> None:
        line = _line(event)
        path = self.child_path()
        if event.tag not in _PLAIN_TAGS:
            raise UnsafeYamlError(
                Problem(
                    path,
                    f"unsupported YAML tag {event.tag!r}",
                    "remove the tag: scenario files hold plain values only",
                    line,
                )
            )
        if len(self.stack) >= MAX_DEPTH:
            raise UnsafeYamlError(
                Problem(
                    path,
                    f"nested more than {MAX_DEPTH} levels deep",
                    "a scenario needs only a few levels; check the brackets and indentation",
                    line,
                )
            )
        self.lines.setdefault(path, line)
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(container, path, event.anchor))

    def close(self, event: Any) -> None:
        frame = self.stack.pop()
        if isinstance(frame.value, dict):
            for merged in frame.merges:
                for source in merged if isinstance(merged, list) else [merged]:
                    if isinstance(source, dict):
                        for key, value in source.items():
                            frame.value.setdefault(key, value)
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
        line = _line(event)
        self.add(frame.value, frame.size, self.lines.get(frame.path, line), frame.anchor)

    def alias(self, event: Any) -> None:
        line = _line(event)
        name = event.anchor
        if name in self.open_anchors:
            raise UnsafeYamlError(
                Problem(
                    self.child_path(), f"alias *{name} refers to itself", "remove the alias", line
                )
            )
        if name not in self.anchors:
            raise UnsafeYamlError(
                Problem(
                    self.child_path(),
                    f"alias *{name} has no anchor &{name} before it",
                    "define the anchor first",
                    line,
                )
            )
        value, size = self.anchors[name]
        self.alias_values += size
        if self.alias_values > max(MAX_ALIAS_VALUES, self.own_values):
            raise UnsafeYamlError(
                Problem(
                    self.child_path(),
                    f"aliases expand to more than {max(MAX_ALIAS_VALUES, self.own_values):,} "
                    "values",
                    "write the values out instead of nesting aliases",
                    line,
                )
            )
        self.add(value, size, line, None)

    def feed(self, event: Any) -> None:
        if type(event) is yaml.ScalarEvent:
            self.own_values += 1
            self.add(_scalar(event), 1, _line(event), event.anchor)
        elif isinstance(event, yaml.MappingStartEvent):
            self.own_values += 1
            self.open({}, event)
        elif isinstance(event, yaml.SequenceStartEvent):
            self.own_values += 1
            self.open([], event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self.close(event)
        elif isinstance(event, yaml.AliasEvent):
            self.alias(event)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise UnsafeYamlError(
                    Problem(
                        (),
                        "the file holds more than one YAML document",
                        "keep one scenario per file (remove the second '---')",
                        _line(event),
                    )
                )


def read_yaml(text: str) -> YamlDocument:
    """Read one YAML document safely (see the module docstring).

    Parameters
    ----------
    text : str
        The file's text.

    Returns
    -------
    YamlDocument

    Raises
    ------
    UnsafeYamlError
        When the file nests too deep, expands aliases too far, or uses an unsupported tag.
    yaml.YAMLError
        When the text is not valid YAML.
    """
    reader = _Reader()
    for event in _events(text):
        reader.feed(event)
    return YamlDocument(reader.root, reader.lines, reader.problems)
