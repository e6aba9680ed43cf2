"""The rules of one review file that span its fields: its id, reserved names and anchors, dates in order.

Id rules read the raw data, so a schema error in the same file never hides them
(every error at once).
"""

from __future__ import annotations

import re
from typing import Any, TypeGuard

from pydantic import ConfigDict, TypeAdapter, ValidationError

from generator.errors import ContentError, FieldPath, format_field_path
from generator.load import LoadedDocument
from generator.model import (
    RESERVED_NAMES_TEXT,
    REVIEW_SECTION_ANCHORS,
    SITE_ID_PREFIX,
    SLUG_PATTERN,
    DateString,
    Review,
    date_parts,
    is_reserved_name,
    title_anchor,
)
from generator.model_errors import model_errors

_SLUG = re.compile(SLUG_PATTERN)
_DATE = TypeAdapter(DateString, config=ConfigDict(strict=True))
_SECTION_ANCHORS = frozenset(REVIEW_SECTION_ANCHORS.values())
# Where an id of each kind would take the place of a generated page: (listing address, what it lists).
_LISTINGS = {
    "review": ("/reviews/", "reviews"),
    "theme": ("/themes/", "themes"),
    "agency": ("/agencies/", "agency types"),
}


def is_slug(value: object) -> TypeGuard[str]:
    """Whether a raw value is a valid id (anything else is reported by the model)."""
    return isinstance(value, str) and _SLUG.fullmatch(value) is not None


def reserved_id_message(kind: str, value: str) -> str:
    """Why a review, theme or agency id cannot be `value`."""
    if value == "index":
        listing, listed = _LISTINGS[kind]
        return f"'index' is reserved: it would replace {listing}, the list of all {listed}; choose another id"
    return (
        f"'{value}' is reserved for an address the site generates; choose another id "
        f"(reserved: {RESERVED_NAMES_TEXT}, and every id made only of digits)"
    )


def _review_id_errors(document: LoadedDocument, file_stem: str) -> list[ContentError]:
    """The review id against its file name and the reserved names; lesson and recommendation ids
    against the page's section anchors, its title heading's id and each other.

    Read from the raw data, so that a schema error elsewhere in the file hides none of them.
    """
    data: dict[str, Any] = document.data
    errors = []
    review_id = data.get("id")
    if is_slug(review_id):
        if review_id != file_stem:
            errors.append(document.error(("id",), "id", f"'{review_id}' must match the file name '{file_stem}.yaml'"))
        if review_id.isdigit():
            message = (
                f"'{review_id}' is reserved: /reviews/{review_id}/ lists the reviews of a year; "
                "use <area>-<year>-<name>"
            )
            errors.append(document.error(("id",), "id", message))
        elif is_reserved_name(review_id):
            errors.append(document.error(("id",), "id", reserved_id_message("review", review_id)))
    title = data.get("title")
    title_id = title_anchor(title) if isinstance(title, str) else None
    first_use: dict[str, FieldPath] = {}
    for kind in ("lessons", "recommendations"):
        items = data.get(kind)
        for index, item in enumerate(items if isinstance(items, list) else []):
            item_id = item.get("id") if isinstance(item, dict) else None
            if not is_slug(item_id):
                continue
            field_path = (kind, index, "id")
            if item_id in _SECTION_ANCHORS:
                message = f"'{item_id}' is reserved for a section of the review page; choose another id"
            elif item_id.startswith(SITE_ID_PREFIX):
                message = (
                    f"'{item_id}': ids starting with '{SITE_ID_PREFIX}' belong to the site's own page parts "
                    "(the search box, filters); a link to it would land there: choose another id"
                )
            elif item_id == title_id:
                message = (
                    f"'{item_id}' is the HTML id of the review's title heading; "
                    "a link to it would land on the title: choose another id"
                )
            elif item_id in first_use:
                other = first_use[item_id]
                line = document.position_of(other).line
                message = f"'{item_id}' is already used by {format_field_path(other[:2])} (line {line})"
            else:
                first_use[item_id] = field_path
                continue
            errors.append(document.error(field_path, format_field_path(field_path), message))
    return errors


def _date_parts(value: object) -> tuple[int, ...] | None:
    """The parts of a raw value that is a valid date string, else None (the model reports it)."""
    try:
        return date_parts(_DATE.validate_python(value))
    except ValidationError:
        return None


def _review_date_errors(document: LoadedDocument) -> list[ContentError]:
    """An extract cannot be updated before its review was published (compared as far as both dates go).

    Read from the raw data, so that a schema error elsewhere in the file does not hide it.
    """
    published, updated = document.data.get("published"), document.data.get("updated")
    published_parts, updated_parts = _date_parts(published), _date_parts(updated)
    if published_parts is None or updated_parts is None:
        return []
    common = min(len(published_parts), len(updated_parts))
    if updated_parts[:common] >= published_parts[:common]:
        return []
    message = f"'{updated}' is before the publication date '{published}'"
    return [document.error(("updated",), "updated", message)]


def validate_review(document: LoadedDocument, file_stem: str) -> tuple[Review | None, list[ContentError]]:
    """The review of one file, or None and every error in it: schema, ids and dates together."""
    if not isinstance(document.data, dict):
        refused = document.is_refused(())  # the loader has said why already
        return None, [] if refused else [document.error((), "(file)", "a review file must be a mapping of fields")]
    errors: list[ContentError] = []
    review: Review | None = None
    try:
        review = Review.model_validate(document.data)
    except ValidationError as error:
        errors += model_errors(document, error, Review)
    errors += _review_id_errors(document, file_stem) + _review_date_errors(document)
    return (review if not errors else None), errors
