"""Read scenarios from YAML: bundled ones by name, users' ones by path.

Reading validates in two passes and reports every problem of both at once:

1. each section, and each record of a list section, is validated on its own against the schema
   (types, units, ranges, unknown keys), so one bad record does not hide the others;
2. the records that passed are checked against each other (:mod:`zerozone.data.consistency`).

Problems carry their path in the file and, where the YAML parser knows it, their line number.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from zerozone.data.consistency import ScenarioParts, find_problems
from zerozone.data.extends import Origin, read_layers
from zerozone.data.merge import Where
from zerozone.data.problems import PathPart, Problem, ScenarioError
from zerozone.data.schema import Demand, DemandEntry, Scenario

BUNDLED_PACKAGE = "zerozone.data.scenarios"
MAX_FILE_BYTES = 50_000_000
"""Largest scenario file read [bytes]: ten times a region of thousands of settlements."""


def bundled_scenarios() -> list[str]:
    """Names of the scenarios shipped with the package, sorted."""
    folder = resources.files(BUNDLED_PACKAGE)
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def resolve_scenario_path(name_or_path: str | Path) -> tuple[str, str]:
    """Find a scenario's text: a bundled name (``default``) or a file path.

    Parameters
    ----------
    name_or_path : str or pathlib.Path
        A bundled scenario name or the path of a YAML file.

    Returns
    -------
    tuple[str, str]
        A label for messages (the path, or ``bundled:<name>``) and the file's text.

    Raises
    ------
    ScenarioError
        When it is neither a bundled name nor a readable file.
    """
    text = str(name_or_path)
    if text in bundled_scenarios():
        resource = resources.files(BUNDLED_PACKAGE) / f"{text}.yaml"
        return f"bundled:{text}", resource.read_text(encoding="utf-8")
    path = Path(text)
    if path.is_file():
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError(
                str(path),
                [
                    Problem(
                        (),
                        f"the file holds {size / 1e6:.0f} MB; a scenario file holds at most "
                        f"{MAX_FILE_BYTES / 1e6:.0f} MB",
                        "check that this is a scenario file",
                    )
                ],
            )
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ScenarioError(
                str(path), [Problem((), f"cannot be read: {error.strerror}", "check the file")]
            ) from None
        return str(path), decode_scenario(data, str(path))
    names = ", ".join(bundled_scenarios())
    raise ScenarioError(
        text,
        [
            Problem(
                (),
                "no such file or bundled scenario",
                f"give the path of a YAML file or one of: {names}",
            )
        ],
    )


def decode_scenario(data: bytes, label: str = "<scenario>") -> str:
    """The text of a scenario file, which must be UTF-8 (a byte-order mark is allowed).

    Parameters
    ----------
    data : bytes
        The file's content.
    label : str
        Name of the file, for messages.

    Returns
    -------
    str
        The decoded text.

    Raises
    ------
    ScenarioError
        Naming the line of the first byte that is not UTF-8 (and the encoding, for UTF-16).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ScenarioError(
            label,
            [Problem((), "the file is UTF-16 text", "save it as UTF-8 (without BOM)", 1)],
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start : error.start + 1].hex().upper()
        raise ScenarioError(
            label,
            [
                Problem(
                    (),
                    f"not UTF-8 text: byte 0x{byte} on line {line}",
                    "save the file as UTF-8 (Latin-1 or Windows-1252 letters must be re-encoded)",
                    line,
                )
            ],
        ) from None


def _hint(error: ErrorDetails, model_fields: Mapping[str, Any] | None) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])
        allowed = sorted(model_fields or {})
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"did you mean {close[0]!r}? " if close else "remove it or correct its spelling; "
        return hint + f"allowed keys here: {', '.join(allowed)}"
    if kind == "missing":
        return "add this key"
    if kind == "finite_number":
        return "write a finite number (NaN and infinity have no meaning here)"
    if kind == "too_short":
        return "give at least one entry"
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        bound = next(iter(ctx.values()), "")
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)
        word = {
            "greater_than_equal": ">=",
            "greater_than": ">",
            "less_than_equal": "<=",
            "less_than": "<",
        }[kind]
        return f"use a value {word} {bound}"
    if kind in {"float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"}:
        return "write a number (optionally with a unit, e.g. '240 MW')"
    if kind in {"literal_error", "enum"}:
        return f"use one of: {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        return "identifiers use lowercase letters, digits and '_' and start with a letter"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return "this should be a mapping of keys to values"
    if kind == "list_type":
        return "this should be a list (lines starting with '- ')"
    return ""


def _fields_at(model: type[BaseModel], loc: tuple[PathPart, ...]) -> Mapping[str, Any] | None:
    """The fields of the model that holds the last key of ``loc`` (for spelling hints)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            if info is None:
                return None
            current = info.annotation
        # Unwrap list[X], dict[K, X] and X | None down to a model.
        for _ in range(3):
            args = getattr(current, "__args__", None)
            if args and not (isinstance(current, type) and issubclass(current, BaseModel)):
                models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
                current = models[0] if models else args[-1]
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current.model_fields
    return None


def _problems_from(
    error: ValidationError, prefix: tuple[PathPart, ...], model: type[BaseModel]
) -> Iterator[Problem]:
    for detail in error.errors():
        loc = tuple(detail["loc"])
        message = detail["msg"].removeprefix("Value error, ")
        if detail["type"] == "extra_forbidden":
            message = f"unknown key {str(loc[-1])!r}"
        elif detail["type"] == "missing":
            message = f"required key {str(loc[-1])!r} is missing"
        yield Problem((*prefix, *loc), message, _hint(detail, _fields_at(model, loc)))


def _validate_item(
    model: type[BaseModel], value: object, path: tuple[PathPart, ...], problems: list[Problem]
) -> Any:
    try:
        return model.model_validate(value)
    except ValidationError as error:
        problems.extend(_problems_from(error, path, model))
        return None


def _validate_field(name: str, value: object, problems: list[Problem]) -> Any:
    info = Scenario.model_fields[name]
    annotation: Any = (
        Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    )
    adapter: TypeAdapter[Any] = TypeAdapter(annotation)
    try:
        return adapter.validate_python(value)
    except ValidationError as error:
        problems.extend(_problems_from(error, (name,), Scenario))
        return None


def _list_item_model(name: str) -> type[BaseModel] | None:
    annotation = Scenario.model_fields[name].annotation
    if getattr(annotation, "__origin__", None) is list:
        (item,) = annotation.__args__  # type: ignore[union-attr]
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    return None


def _collect_parts(raw: Mapping[str, Any], problems: list[Problem]) -> ScenarioParts:
    parts = ScenarioParts()
    for key in raw:
        if key not in Scenario.model_fields:
            allowed = sorted(Scenario.model_fields)
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean {close[0]!r}? " if close else "remove it; "
            problems.append(
                Problem(
                    (str(key),),
                    f"unknown key {str(key)!r}",
                    hint + f"allowed top-level keys: {', '.join(allowed)}",
                )
            )
    for name, info in Scenario.model_fields.items():
        if name not in raw:
            if info.is_required():
                problems.append(
                    Problem((name,), f"required key {name!r} is missing", "add this section")
                )
            continue
        value = raw[name]
        item_model = _list_item_model(name)
        if item_model is not None and isinstance(value, list) and not value:
            _validate_field(name, value, problems)  # an empty list some sections forbid
        if item_model is not None and isinstance(value, list):
            valid = [
                (index, item)
                for index, entry in enumerate(value)
                if (item := _validate_item(item_model, entry, (name, index), problems)) is not None
            ]
            if hasattr(parts, name):
                setattr(parts, name, valid)
            passed = {index for index, _ in valid}
            parts.unvalidated_ids[name] = {
                str(entry["id"])
                for index, entry in enumerate(value)
                if index not in passed and isinstance(entry, dict) and "id" in entry
            }
            continue
        parsed = _validate_field(name, value, problems)
        if item_model is not None:
            parts.broken_sections.add(name)
        if name == "policy":
            parts.policy = parsed
        elif name == "demand":
            _collect_demand(value, parsed, parts, problems)
    return parts


def _collect_demand(
    raw: object, parsed: Demand | None, parts: ScenarioParts, problems: list[Problem]
) -> None:
    """Keep demand entries that passed even when a sibling entry failed."""
    if parsed is not None:
        parts.demand_base_year = parsed.base_year
        parts.demand_sectors = list(enumerate(parsed.sectors))
        return
    if not isinstance(raw, Mapping) or not isinstance(raw.get("sectors"), list):
        return
    quiet: list[Problem] = []  # already reported by the section's own validation
    parts.demand_sectors = [
        (index, item)
        for index, entry in enumerate(raw["sectors"])
        if (item := _validate_item(DemandEntry, entry, (), quiet)) is not None
    ]
    if isinstance(raw.get("base_year"), int):
        parts.demand_base_year = raw["base_year"]


def parse_scenario(text: str, label: str = "<scenario>", *, folder: Path | None = None) -> Scenario:
    """Validate a scenario's YAML text, applied to its base if it ``extends`` one.

    Parameters
    ----------
    text : str
        YAML text of a whole scenario, or of a variant that ``extends`` another.
    label : str
        Name of the file, for messages.
    folder : pathlib.Path, optional
        The folder of the file: a base given as a path on the ``extends`` line is found relative
        to it. Without it (an upload, a bundled scenario), only bundled bases are followed.

    Returns
    -------
    Scenario
        The validated, frozen scenario (the merged one for a variant).

    Raises
    ------
    ScenarioError
        Listing every problem found, each with its path, its line where known, and its file when
        the problem lies in a base file.
    """
    identity = str(Path(label).resolve()) if folder is not None else label
    layered = read_layers(text, Origin(label, identity, folder), open_base)
    raw = layered.value
    problems: list[Problem] = list(layered.problems)
    if not layered.fatal:
        parts = _collect_parts(raw, problems)
        problems += find_problems(parts)
    if problems:
        located = [_located(p, layered.where, label) for p in problems]
        located.sort(key=lambda p: (p.file or "", p.line if p.line is not None else 0))
        raise ScenarioError(label, located)
    try:
        return Scenario.model_validate(raw)
    except ValidationError as error:  # a whole-file rule no section check caught
        found = [_located(p, layered.where, label) for p in _problems_from(error, (), Scenario)]
        raise ScenarioError(label, found) from None


def open_base(name: str, folder: Path | None) -> tuple[Origin, str]:
    """The scenario an ``extends`` line names: a bundled name, else a path relative to ``folder``.

    Parameters
    ----------
    name : str
        What the ``extends`` line says.
    folder : pathlib.Path or None
        The extending file's folder; ``None`` when file paths must not be followed (uploads to the
        service, bundled scenarios).

    Returns
    -------
    tuple[Origin, str]
        Where the base is and its text.

    Raises
    ------
    ScenarioError
        When there is no such bundled scenario or file, or paths may not be followed.
    """
    if name in bundled_scenarios():
        label, text = resolve_scenario_path(name)
        return Origin(label, label), text
    names = ", ".join(bundled_scenarios())
    if folder is None:
        raise ScenarioError(
            name,
            [
                Problem(
                    (),
                    "not a bundled scenario, and file paths are followed only from a scenario "
                    "file on disk (not from an upload or a bundled scenario)",
                    f"extend one of the bundled scenarios: {names}",
                )
            ],
        )
    path = folder / name
    if not path.is_file():
        raise ScenarioError(
            name,
            [
                Problem(
                    (),
                    f"no bundled scenario of that name and no file {path}",
                    f"give a path relative to this file, or one of: {names}",
                )
            ],
        )
    label, text = resolve_scenario_path(path)
    return Origin(label, str(path.resolve()), path.parent), text


def _located(problem: Problem, where: Where, label: str) -> Problem:
    """``problem`` with the file, path and line where its value was written.

    Problems already located (reading and merging problems) keep their place; the others (found
    in the merged scenario) are followed back to the file that wrote the value, base or child.
    """
    if problem.file is not None or problem.line is not None:
        file = None if problem.file == label else problem.file
        return Problem(problem.path, problem.message, problem.hint, problem.line, file)
    file, path, line = where.locate(problem.path)
    hint = problem.hint
    appended = where.appended(problem.path)
    if appended is not None and problem.message.startswith("required key"):
        hint += (
            f" (the base has no record {appended}: this record is appended and needs every "
            "required key; to update a record of the base, give its key)"
        )
    return Problem(path, problem.message, hint, line, None if file == label else file)


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load and validate a bundled scenario (by name) or a scenario file (by path).

    A file that ``extends`` another is applied to its base (a bundled name, or a path relative to
    the file): the result is the merged scenario (:mod:`zerozone.data.extends`).

    Parameters
    ----------
    name_or_path : str or pathlib.Path
        ``"default"``, ``"aghali"`` or the path of a YAML file.

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ScenarioError
        Listing every problem of the file (and of its bases).
    """
    label, text = resolve_scenario_path(name_or_path)
    folder = Path(label).parent if Path(label).is_file() else None
    scenario = parse_scenario(text, label, folder=folder)
    if folder is not None:  # a weather file is found relative to the scenario file
        weather = scenario.weather.resolved(folder)
        scenario = scenario.model_copy(update={"weather": weather})
    return scenario


def scenario_hash(scenario: Scenario) -> str:
    """A stable fingerprint of a scenario's content (SHA-256 of its canonical JSON) [-]."""
    payload = scenario.model_dump_json(exclude_none=False).encode()
    return hashlib.sha256(payload).hexdigest()


def dump_scenario(scenario: Scenario) -> str:
    """The scenario as YAML text that :func:`parse_scenario` reads back to an equal scenario."""
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    data = _int_year_keys(data)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _int_year_keys(value: Any) -> Any:
    """JSON mode turns year keys into strings; restore integers so the YAML reads naturally."""
    if isinstance(value, dict):
        return {
            (int(k) if isinstance(k, str) and k.isdigit() else k): _int_year_keys(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_int_year_keys(v) for v in value]
    return value
