"""The schema documents itself: every field has a docstring with its unit."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel

from zerozone.data import markets, schema

MODELS = [
    obj
    for module in (schema, markets)
    for obj in vars(module).values()
    if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == module.__name__
]
UNIT = re.compile(r"\[[^\]]+\]")


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_has_a_description_with_a_unit(model: type[BaseModel]) -> None:
    for name, info in model.model_fields.items():
        assert info.description, f"{model.__name__}.{name} has no docstring"
        assert UNIT.search(info.description.strip()), (
            f"{model.__name__}.{name}: docstring must give a unit in brackets: {info.description!r}"
        )


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_models_are_frozen_and_strict(model: type[BaseModel]) -> None:
    assert model.model_config.get("frozen") is True
    assert model.model_config.get("extra") == "forbid"
