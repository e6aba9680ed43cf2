"""Pydantic's validation errors as located content errors, in plain words with "did you mean" hints."""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from slugify import slugify

from generator.errors import ContentError, FieldPath, first_shown, format_field_path
from generator.load import LoadedDocument
from generator.model import unwrapped


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    matches = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{matches[0]}'?" if matches else ""


def _model_at(model: type[BaseModel], field_path: FieldPath) -> type[BaseModel] | None:
    """The model class that owns the last key of `field_path` (for unknown-key hints)."""
    current: Any = model
    for part in field_path:
        current = unwrapped(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return None
    current = unwrapped(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"'{value}'"


def _message(error: ErrorDetails, model: type[BaseModel], hint: bool) -> str:
    """The error in plain words; with `hint`, a "did you mean" where one helps (it costs: only for listed errors)."""
    kind, value, loc = error["type"], error.get("input"), error["loc"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1]) if hint else None
        return f"unknown field '{loc[-1]}'{did_you_mean(str(loc[-1]), owner.model_fields) if owner else ''}"
    if kind == "literal_error":
        allowed = [option.strip().strip("'") for option in error["ctx"]["expected"].replace(" or ", ", ").split(",")]
        suggestion = did_you_mean(str(value), allowed) if hint else ""
        return f"{describe(value)} is not one of: {', '.join(allowed)}{suggestion}"
    if kind == "string_pattern_mismatch":
        slug = slugify(str(value)) if hint else ""
        suggestion = f"; did you mean '{slug}'?" if slug and slug != value else ""
        return f"{describe(value)} is not a valid id: use lowercase letters, digits and single hyphens{suggestion}"
    if kind == "string_type":
        return f"expected text, got {describe(value)}"
    if kind == "list_type":
        return f"expected a list, got {describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {describe(value)}"
    if kind == "too_short":
        return "needs at least one entry"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return error["msg"]


def model_errors(
    document: LoadedDocument, error: ValidationError, model: type[BaseModel], prefix: FieldPath = ()
) -> list[ContentError]:
    """Every error of a validation, located; none where the loader already refused the value."""
    items = []
    for item in error.errors(include_url=False):
        loc = (*prefix, *item["loc"])
        if not document.is_refused(loc):
            items.append((loc, format_field_path(loc), document.position_of(loc), item))
    hinted = first_shown([(position.line, position.column, name) for _, name, position, _ in items])
    return [
        ContentError(document.path, position.line, position.column, name, _message(item, model, index in hinted))
        for index, (loc, name, position, item) in enumerate(items)
    ]
