"""Validate loaded content against the contract and return the typed content.

Per-value rules come from the pydantic models in `model.py`; this module turns
their errors into `path:line:col: field: message` lines and adds the rules that
span fields or files: review id = file name, ids unique within a review,
reserved anchors, and references to themes, agencies and related themes that
must exist. Every error in every file is collected before anything is reported.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from slugify import slugify

from generator.errors import ContentError, ContentErrors, FieldPath, format_field_path
from generator.load import LoadedDocument, load_file
from generator.model import REVIEW_SECTION_ANCHORS, Agency, Review, Theme

REVIEWS_FOLDER = "reviews"
THEMES_FILE = "themes.yaml"
AGENCIES_FILE = "agencies.yaml"


@dataclass(frozen=True)
class Content:
    """Validated content: every review (any audience), and both vocabularies."""

    reviews: tuple[Review, ...]
    themes: tuple[Theme, ...]
    agencies: tuple[Agency, ...]


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    matches = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{matches[0]}'?" if matches else ""


# --- pydantic errors -> content errors ---------------------------------------


def _model_at(model: type[BaseModel], field_path: FieldPath) -> type[BaseModel] | None:
    """The model class that owns the last key of `field_path` (for unknown-key hints)."""
    current: Any = model
    for part in field_path:
        while True:  # unwrap Optional[...], list[...] and Annotated[...] down to a model
            origin = typing.get_origin(current)
            if origin is typing.Annotated:
                current = typing.get_args(current)[0]
            elif origin in (typing.Union, types.UnionType):
                current = next(arg for arg in typing.get_args(current) if arg is not type(None))
            else:
                break
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return None
    while typing.get_origin(current) in (typing.Annotated, typing.Union, types.UnionType):
        current = next(arg for arg in typing.get_args(current) if arg is not type(None))
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"'{value}'"


def _message(error: dict[str, Any], model: type[BaseModel]) -> str:
    kind, value, loc = error["type"], error.get("input"), error["loc"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        hint = did_you_mean(str(loc[-1]), owner.model_fields) if owner else ""
        return f"unknown field '{loc[-1]}'{hint}"
    if kind == "literal_error":
        allowed = [option.strip().strip("'") for option in error["ctx"]["expected"].replace(" or ", ", ").split(",")]
        return f"{_describe(value)} is not one of: {', '.join(allowed)}{did_you_mean(str(value), allowed)}"
    if kind == "string_pattern_mismatch":
        suggestion = slugify(str(value))
        hint = f"; did you mean '{suggestion}'?" if suggestion and suggestion != value else ""
        return f"{_describe(value)} is not a valid id: use lowercase letters, digits and single hyphens{hint}"
    if kind == "string_type":
        return f"expected text, got {_describe(value)}"
    if kind == "list_type":
        return f"expected a list, got {_describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {_describe(value)}"
    if kind == "too_short":
        return "needs at least one entry"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return error["msg"]


def _model_errors(
    document: LoadedDocument, error: ValidationError, model: type[BaseModel], prefix: FieldPath = ()
) -> list[ContentError]:
    errors = []
    for item in error.errors(include_url=False):
        loc = (*prefix, *item["loc"])
        errors.append(document.error(loc, format_field_path(loc), _message(item, model)))
    return errors


# --- loading and per-file validation ----------------------------------------


def _validate_review(document: LoadedDocument, file_stem: str) -> tuple[Review | None, list[ContentError]]:
    if not isinstance(document.data, dict):
        return None, [document.error((), "(file)", "a review file must be a mapping of fields")]
    try:
        review = Review.model_validate(document.data)
    except ValidationError as error:
        return None, _model_errors(document, error, Review)
    errors = []
    if review.id != file_stem:
        errors.append(document.error(("id",), "id", f"'{review.id}' must match the file name '{file_stem}.yaml'"))
    first_use: dict[str, FieldPath] = {}
    reserved = set(REVIEW_SECTION_ANCHORS.values())
    for kind, items in (("lessons", review.lessons), ("recommendations", review.recommendations)):
        for index, item in enumerate(items):
            field_path = (kind, index, "id")
            if item.id in reserved:
                message = f"'{item.id}' is reserved for a section of the review page; choose another id"
                errors.append(document.error(field_path, format_field_path(field_path), message))
            elif item.id in first_use:
                other = first_use[item.id]
                line = document.position_of(other).line
                message = f"'{item.id}' is already used by {format_field_path(other[:2])} (line {line})"
                errors.append(document.error(field_path, format_field_path(field_path), message))
            else:
                first_use[item.id] = field_path
    return (review if not errors else None), errors


def _validate_vocabulary(
    document: LoadedDocument, model: type[Theme] | type[Agency]
) -> tuple[list[Any], list[ContentError]]:
    try:
        entries = TypeAdapter(list[model]).validate_python(document.data)  # type: ignore[valid-type]
    except ValidationError as error:
        return [], _model_errors(document, error, model)
    errors = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if entry.id in seen:
            line = document.position_of((seen[entry.id],)).line
            errors.append(
                document.error((index, "id"), f"[{index}].id", f"'{entry.id}' is already defined at line {line}")
            )
        seen.setdefault(entry.id, index)
    return entries, errors


# --- references across files -------------------------------------------------


def _reference_errors(
    document: LoadedDocument, field_path: FieldPath, ids: Iterable[str], known: dict[str, Any], kind: str
) -> list[ContentError]:
    errors = []
    for index, value in enumerate(ids):
        if value not in known:
            item_path = (*field_path, index)
            message = f"unknown {kind} '{value}'{did_you_mean(value, known)}"
            errors.append(document.error(item_path, format_field_path(item_path), message))
    return errors


def _review_reference_errors(
    document: LoadedDocument, review: Review, themes: dict[str, Theme], agencies: dict[str, Agency]
) -> list[ContentError]:
    errors = []
    for index, lesson in enumerate(review.lessons):
        errors += _reference_errors(document, ("lessons", index, "themes"), lesson.themes, themes, "theme")
        errors += _reference_errors(document, ("lessons", index, "agencies"), lesson.agencies, agencies, "agency")
    for index, practice in enumerate(review.good_practice):
        errors += _reference_errors(
            document, ("good_practice", index, "agencies"), practice.agencies, agencies, "agency"
        )
    for index, recommendation in enumerate(review.recommendations):
        path = ("recommendations", index)
        errors += _reference_errors(document, (*path, "agencies"), recommendation.agencies, agencies, "agency")
        errors += _reference_errors(document, (*path, "themes"), recommendation.themes, themes, "theme")
    return errors


def _load(path: Path, content_dir: Path) -> tuple[LoadedDocument | None, list[ContentError]]:
    if not path.is_file():
        return None, [ContentError(str(path), 1, 1, "(file)", "the file is missing")]
    return load_file(path, str(path))


def validate_content(content_dir: Path) -> Content:
    """Load and validate a content folder; raise `ContentErrors` with every error found."""
    errors: list[ContentError] = []
    themes_document, found = _load(content_dir / THEMES_FILE, content_dir)
    errors += found
    agencies_document, found = _load(content_dir / AGENCIES_FILE, content_dir)
    errors += found
    themes: list[Theme] = []
    agencies: list[Agency] = []
    if themes_document:
        themes, found = _validate_vocabulary(themes_document, Theme)
        errors += found
    if agencies_document:
        agencies, found = _validate_vocabulary(agencies_document, Agency)
        errors += found
    themes_by_id = {theme.id: theme for theme in themes}
    agencies_by_id = {agency.id: agency for agency in agencies}
    if themes_document:
        for index, theme in enumerate(themes):
            errors += _reference_errors(themes_document, (index, "related"), theme.related, themes_by_id, "theme")

    reviews_dir = content_dir / REVIEWS_FOLDER
    if not reviews_dir.is_dir():
        errors.append(ContentError(str(reviews_dir), 1, 1, "(folder)", "the reviews folder is missing"))
    reviews: list[Review] = []
    for path in sorted(reviews_dir.glob("*")) if reviews_dir.is_dir() else []:
        if path.suffix == ".yml":
            errors.append(ContentError(str(path), 1, 1, "(file)", "review files end in .yaml, not .yml"))
            continue
        if path.suffix != ".yaml" or path.name.startswith("."):
            continue
        document, found = load_file(path, str(path))
        errors += found
        if document is None:
            continue
        review, found = _validate_review(document, path.stem)
        errors += found
        if review is not None:
            if themes_document and agencies_document:
                found = _review_reference_errors(document, review, themes_by_id, agencies_by_id)
                errors += found
            reviews.append(review)
    if errors:
        raise ContentErrors(errors)
    return Content(reviews=tuple(reviews), themes=tuple(themes), agencies=tuple(agencies))
