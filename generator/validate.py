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
from generator.workers import fork_map

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
    if review.id.isdigit():
        message = (
            f"'{review.id}' is reserved: /reviews/{review.id}/ lists the reviews of a year; use <area>-<year>-<name>"
        )
        errors.append(document.error(("id",), "id", message))
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
        if value and value not in known:  # a non-text id is already reported by the model
            item_path = (*field_path, index)
            message = f"unknown {kind} '{value}'{did_you_mean(value, known)}"
            errors.append(document.error(item_path, format_field_path(item_path), message))
    return errors


# Where each list of theme or agency ids sits in a review: (list key, item key, vocabulary).
_REVIEW_REFERENCES = (
    ("lessons", "themes", "theme"),
    ("lessons", "agencies", "agency"),
    ("good_practice", "agencies", "agency"),
    ("recommendations", "themes", "theme"),
    ("recommendations", "agencies", "agency"),
)


def _review_reference_errors(document: LoadedDocument, vocabularies: dict[str, dict[str, Any]]) -> list[ContentError]:
    """Unknown theme and agency ids, read from the raw data so they are reported even
    when the same file has other errors (every error at once)."""
    data = document.data if isinstance(document.data, dict) else {}
    errors = []
    for list_key, item_key, kind in _REVIEW_REFERENCES:
        items = data.get(list_key)
        for index, item in enumerate(items if isinstance(items, list) else []):
            ids = item.get(item_key) if isinstance(item, dict) else None
            if isinstance(ids, list):
                known = vocabularies[kind]
                ids = [value if isinstance(value, str) else "" for value in ids]
                errors += _reference_errors(document, (list_key, index, item_key), ids, known, kind)
    return errors


def _load_vocabulary(path: Path, model: type[Theme] | type[Agency]) -> tuple[list[Any], list[ContentError]]:
    if not path.is_file():
        return [], [ContentError(str(path), 1, 1, "(file)", "the file is missing")]
    document, errors = load_file(path, str(path))
    if document is None:
        return [], errors
    entries, errors = _validate_vocabulary(document, model)
    if model is Theme and not errors:
        themes_by_id = {theme.id: theme for theme in entries}
        for index, theme in enumerate(entries):
            errors += _reference_errors(document, (index, "related"), theme.related, themes_by_id, "theme")
    return entries, errors


def validate_content(content_dir: Path) -> Content:
    """Load and validate a content folder; raise `ContentErrors` with every error found."""
    errors: list[ContentError] = []
    themes, theme_errors = _load_vocabulary(content_dir / THEMES_FILE, Theme)
    agencies, agency_errors = _load_vocabulary(content_dir / AGENCIES_FILE, Agency)
    errors += theme_errors + agency_errors
    # References are only checked against vocabularies that are themselves valid:
    # one broken themes.yaml must not bury its own error under hundreds of "unknown theme".
    vocabularies_valid = not theme_errors and not agency_errors
    themes_by_id = {theme.id: theme for theme in themes}
    agencies_by_id = {agency.id: agency for agency in agencies}

    reviews_dir = content_dir / REVIEWS_FOLDER
    if not reviews_dir.is_dir():
        errors.append(ContentError(str(reviews_dir), 1, 1, "(folder)", "the reviews folder is missing"))
    paths: list[Path] = []
    for path in sorted(reviews_dir.glob("*")) if reviews_dir.is_dir() else []:
        if path.suffix == ".yml":
            errors.append(ContentError(str(path), 1, 1, "(file)", "review files end in .yaml, not .yml"))
        elif path.suffix == ".yaml" and not path.name.startswith("."):
            paths.append(path)
    references = {"theme": themes_by_id, "agency": agencies_by_id} if vocabularies_valid else None

    def check_review(position: int) -> tuple[Review | None, list[ContentError]]:
        path = paths[position]
        document, found = load_file(path, str(path))
        if document is None:
            return None, found
        review, found = _validate_review(document, path.stem)
        if references is not None:
            found += _review_reference_errors(document, references)
        return review, found

    reviews: list[Review] = []
    for review, found in fork_map(check_review, len(paths)):  # files are independent: share them out
        errors += found
        if review is not None:
            reviews.append(review)
    if errors:
        raise ContentErrors(errors)
    return Content(reviews=tuple(reviews), themes=tuple(themes), agencies=tuple(agencies))
