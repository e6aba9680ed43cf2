"""Validate a content folder against the contract and return the typed content, or every error at once.

It walks the folder (reviews, both vocabularies, hand-written pages), takes
unchanged reviews from the cache, and checks what spans files: vocabulary ids
unique, references to themes, agencies and related themes that exist. The
rules of one value are the models' (`model.py`, worded by `model_errors.py`),
the rules of one review file are `review_rules.py`'s, the pages are
`hand_written.py`'s. Every error in every file is collected before anything is
reported.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from generator.cache import KeyedCache, code_fingerprint, digest, review_cache
from generator.errors import ContentError, ContentErrors, FieldPath, first_shown, format_field_path
from generator.hand_written import HandWrittenPage, load_pages
from generator.load import LoadedDocument, load_bytes, load_file
from generator.model import (
    Agency,
    Review,
    Theme,
    is_reserved_name,
)
from generator.model_errors import did_you_mean, model_errors
from generator.read import read_content_file
from generator.remote_fetch import MarkdownDialect
from generator.review_rules import is_slug, reserved_id_message, validate_review
from generator.workers import fork_map

REVIEWS_FOLDER = "reviews"
THEMES_FILE = "themes.yaml"
AGENCIES_FILE = "agencies.yaml"


@dataclass(frozen=True)
class Content:
    """Validated content: every review (any audience), both vocabularies and the hand-written pages."""

    reviews: tuple[Review, ...]
    themes: tuple[Theme, ...]
    agencies: tuple[Agency, ...]
    pages: tuple[HandWrittenPage, ...] = ()
    digests: dict[str, str] = field(default_factory=dict)  # review id -> hash of its file, name and bytes
    cache: KeyedCache[Review] | None = field(default=None, repr=False, compare=False)

    def save_cache(self) -> None:
        """Keep the validated reviews for the next build: the caller's choice, once nothing more refuses it."""
        if self.cache is not None:
            self.cache.save()


# --- vocabularies ------------------------------------------------------------------------------


def _vocabulary_id_errors(document: LoadedDocument, kind: str) -> list[ContentError]:
    """Reserved and duplicate ids in a vocabulary, from the raw data (a schema error hides none of them)."""
    entries = document.data if isinstance(document.data, list) else []
    errors = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        if not is_slug(entry_id):
            continue
        if is_reserved_name(entry_id):
            errors.append(document.error((index, "id"), f"[{index}].id", reserved_id_message(kind, entry_id)))
        elif entry_id in seen:
            line = document.position_of((seen[entry_id],)).line
            errors.append(
                document.error((index, "id"), f"[{index}].id", f"'{entry_id}' is already defined at line {line}")
            )
        else:
            seen[entry_id] = index
    return errors


def _related_theme_errors(document: LoadedDocument) -> list[ContentError]:
    """Related themes that are the theme itself, or that themes.yaml does not define, from the raw data.

    Any id written in the file counts as defined: a malformed one is reported once, where it is defined.
    """
    entries = [entry if isinstance(entry, dict) else {} for entry in document.data]
    defined = {entry["id"] for entry in entries if isinstance(entry.get("id"), str)}
    errors = []
    references: list[tuple[FieldPath, object]] = []
    for index, entry in enumerate(entries):
        related = entry.get("related")
        for position, value in enumerate(related if isinstance(related, list) else []):
            field_path = (index, "related", position)
            if is_slug(value) and value == entry.get("id"):
                errors.append(
                    document.error(field_path, format_field_path(field_path), "a theme cannot be related to itself")
                )
            else:
                references.append((field_path, value))
    return errors + _reference_errors(document, references, defined, "theme")


def _validate_vocabulary(
    document: LoadedDocument, model: type[Theme] | type[Agency]
) -> tuple[list[Any], list[ContentError]]:
    """The entries of themes.yaml or agencies.yaml, and every schema, id and related-theme error in it."""
    errors: list[ContentError] = []
    entries: list[Any] = []
    try:
        entries = TypeAdapter(list[model]).validate_python(document.data)  # type: ignore[valid-type]
    except ValidationError as error:
        errors += model_errors(document, error, model)
    errors += _vocabulary_id_errors(document, "theme" if model is Theme else "agency")
    if model is Theme and isinstance(document.data, list):
        errors += _related_theme_errors(document)
    return entries, errors


# --- references across files -------------------------------------------------


def _reference_errors(
    document: LoadedDocument, references: Sequence[tuple[FieldPath, object]], known: Collection[object], kind: str
) -> list[ContentError]:
    """The references of one file (field path, id) to ids that are not `known`; hints for the listed ones only."""
    # A value that is not an id at all is the model's to report ("not a valid id"): once is enough.
    wrong = [(path, value) for path, value in references if is_slug(value) and value not in known]
    unknown = [(format_field_path(path), document.position_of(path), value) for path, value in wrong]
    hinted = first_shown([(place.line, place.column, name) for name, place, _ in unknown])
    candidates = [value for value in known if isinstance(value, str)] if hinted else []
    errors = []
    for index, (name, place, value) in enumerate(unknown):
        hint = did_you_mean(str(value), candidates) if index in hinted else ""
        errors.append(ContentError(document.path, place.line, place.column, name, f"unknown {kind} '{value}'{hint}"))
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
    references: dict[str, list[tuple[FieldPath, object]]] = {"theme": [], "agency": []}
    for list_key, item_key, kind in _REVIEW_REFERENCES:
        items = data.get(list_key)
        for index, item in enumerate(items if isinstance(items, list) else []):
            ids = item.get(item_key) if isinstance(item, dict) else None
            for position, value in enumerate(ids if isinstance(ids, list) else []):
                references[kind].append(((list_key, index, item_key, position), value))
    return [
        *_reference_errors(document, references["theme"], vocabularies["theme"], "theme"),
        *_reference_errors(document, references["agency"], vocabularies["agency"], "agency"),
    ]


def _load_vocabulary(
    path: Path, model: type[Theme] | type[Agency], content_dir: Path
) -> tuple[list[Any], list[ContentError]]:
    """Read and validate one vocabulary file (through the safe reader)."""
    if not os.path.lexists(path):  # a link to nowhere, a pipe or a device is refused by the reader instead
        return [], [ContentError(str(path), 1, 1, "(file)", "the file is missing")]
    document, errors = load_file(path, str(path), content_dir)
    if document is None:
        return [], errors
    entries, found = _validate_vocabulary(document, model)
    return entries, errors + found


# --- the content folder ---------------------------------------------------------------------------


def _files_in_subfolder(folder: Path) -> list[ContentError]:
    """Review files in a subfolder of reviews/, which is not read: each is an error, not a silent gap."""
    message = "review files sit directly in reviews/; files in subfolders are not read"
    if folder.is_symlink():  # not followed: it may lead anywhere
        return [ContentError(str(folder), 1, 1, "(folder)", "a link to a folder; " + message)]
    errors = []
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in (".yaml", ".yml"):
                errors.append(ContentError(os.path.join(root, name), 1, 1, "(file)", message))
    return errors


def _review_paths(reviews_dir: Path) -> tuple[list[Path], list[ContentError]]:
    """The review files (`*.yaml`, not hidden) and errors for YAML files that would be skipped."""
    if not reviews_dir.is_dir():
        return [], [ContentError(str(reviews_dir), 1, 1, "(folder)", "the reviews folder is missing")]
    paths: list[Path] = []
    errors: list[ContentError] = []
    for path in sorted(reviews_dir.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            if path.suffix.lower() in (".yaml", ".yml"):
                errors.append(ContentError(str(path), 1, 1, "(folder)", "is a folder, not a review file"))
            errors += _files_in_subfolder(path)
        elif path.suffix == ".yaml":
            paths.append(path)
        elif path.suffix.lower() in (".yaml", ".yml"):  # .yml, .YAML, .Yml ...
            errors.append(ContentError(str(path), 1, 1, "(file)", f"review files end in .yaml, not {path.suffix}"))
    return paths, errors


def _vocabulary_bytes(content_dir: Path) -> bytes:
    """Both vocabularies as read: a change to either changes what every review validates against."""
    return b"".join(read_content_file(content_dir / name, content_dir) for name in (THEMES_FILE, AGENCIES_FILE))


def validate_content(
    content_dir: Path,
    cache_folder: Path | None = None,
    markdown: MarkdownDialect | None = None,
    theme_dirs: Sequence[Path] | None = None,
) -> Content:
    """Load and validate a content folder; raise `ContentErrors` with every error found.

    With a `cache_folder`, a review whose file is byte-for-byte one validated
    before (against the same vocabularies, by the same code) is taken from the
    cache instead of being parsed and validated again; `Content.save_cache`
    keeps this validation for the next build (nothing is written here).
    Hand-written pages are read in the site's `markdown` dialect (`MarkdownDialect.of(config)`);
    with `theme_dirs` (a build's), the templates and icons they name must be there.
    """
    errors: list[ContentError] = []
    themes, theme_errors = _load_vocabulary(content_dir / THEMES_FILE, Theme, content_dir)
    agencies, agency_errors = _load_vocabulary(content_dir / AGENCIES_FILE, Agency, content_dir)
    errors += theme_errors + agency_errors
    # References are only checked against vocabularies that are themselves valid:
    # one broken themes.yaml must not bury its own error under hundreds of "unknown theme".
    vocabularies_valid = not theme_errors and not agency_errors
    themes_by_id = {theme.id: theme for theme in themes}
    agencies_by_id = {agency.id: agency for agency in agencies}
    fingerprint = digest(code_fingerprint(), _vocabulary_bytes(content_dir)) if vocabularies_valid else ""
    cache = review_cache(cache_folder if vocabularies_valid else None, fingerprint)

    paths, path_errors = _review_paths(content_dir / REVIEWS_FOLDER)
    errors += path_errors
    references = {"theme": themes_by_id, "agency": agencies_by_id} if vocabularies_valid else None

    def check_review(position: int) -> tuple[Review | None, list[ContentError], str]:
        path = paths[position]
        try:
            raw = read_content_file(path, content_dir, str(path))
        except ContentErrors as refused:
            return None, refused.errors, ""
        key = digest(path.name, raw)
        cached = cache.get(key)
        if cached is not None:
            return cached, [], key
        document, found = load_bytes(raw, str(path))
        if document is None:
            return None, found, key
        review, rule_errors = validate_review(document, path.stem)
        found += rule_errors  # after the loader's errors of single values, if any: every error at once
        if references is not None:
            found += _review_reference_errors(document, references)
        return review, found, key

    reviews: list[Review] = []
    digests: dict[str, str] = {}
    # Files are independent: share them out.
    for review, found, key in fork_map(check_review, len(paths), label="Validating reviews"):
        errors += found
        if review is not None and not found:
            reviews.append(review)
            digests[review.id] = key
    pages, page_errors = load_pages(content_dir, markdown, theme_dirs)
    errors += page_errors
    if errors:
        raise ContentErrors(errors)
    cache.keep_only({digests[review.id]: review for review in reviews})
    return Content(
        reviews=tuple(reviews),
        themes=tuple(themes),
        agencies=tuple(agencies),
        pages=tuple(pages),
        digests=digests,
        cache=cache,
    )
