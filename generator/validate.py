"""Validate loaded content against the contract and return the typed content.

Per-value rules come from the pydantic models in `model.py`; this module turns
their errors into `path:line:col: field: message` lines and adds the rules that
span fields or files: review id = file name, ids unique within a review,
reserved ids and anchors, dates in order, and references to themes, agencies and
related themes that must exist. Id rules read the raw data, so a schema error in
a file never hides them. It also reads the hand-written pages of `pages/`.
Every error in every file is collected before anything is reported.
"""

from __future__ import annotations

import difflib
import html
import os
import re
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from pydantic import BaseModel, TypeAdapter, ValidationError
from slugify import slugify

from generator.errors import ContentError, ContentErrors, FieldPath, format_field_path
from generator.load import LoadedDocument, decode_content, load_file, read_content_file
from generator.model import (
    RESERVED_NAMES,
    REVIEW_SECTION_ANCHORS,
    SLUG_PATTERN,
    Agency,
    Review,
    Theme,
    date_parts,
    is_reserved_name,
    title_anchor,
)
from generator.workers import fork_map

REVIEWS_FOLDER = "reviews"
THEMES_FILE = "themes.yaml"
AGENCIES_FILE = "agencies.yaml"
PAGES_FOLDER = "pages"


@dataclass(frozen=True)
class HandWrittenPage:
    """A page of `content/pages/`, read and checked: its file name (`about.md`) and its bytes as written."""

    name: str
    content: bytes


@dataclass(frozen=True)
class Content:
    """Validated content: every review (any audience), both vocabularies and the hand-written pages."""

    reviews: tuple[Review, ...]
    themes: tuple[Theme, ...]
    agencies: tuple[Agency, ...]
    pages: tuple[HandWrittenPage, ...] = ()


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


_SLUG = re.compile(SLUG_PATTERN)
_SECTION_ANCHORS = frozenset(REVIEW_SECTION_ANCHORS.values())
_RESERVED_LIST = ", ".join(sorted(RESERVED_NAMES, key=lambda name: (name.isdigit(), name)))
# Where an id of each kind would take the place of a generated page: (listing address, what it lists).
_LISTINGS = {
    "review": ("/reviews/", "reviews"),
    "theme": ("/themes/", "themes"),
    "agency": ("/agencies/", "agency types"),
}


def _is_slug(value: object) -> TypeGuard[str]:
    """Whether a raw value is a valid id (anything else is reported by the model)."""
    return isinstance(value, str) and _SLUG.fullmatch(value) is not None


def _reserved_id_message(kind: str, value: str) -> str:
    """Why a review, theme or agency id cannot be `value`."""
    if value == "index":
        listing, listed = _LISTINGS[kind]
        return f"'index' is reserved: it would replace {listing}, the list of all {listed}; choose another id"
    return (
        f"'{value}' is reserved for an address the site generates; choose another id "
        f"(reserved: {_RESERVED_LIST}, and every id made only of digits)"
    )


def _review_id_errors(document: LoadedDocument, file_stem: str) -> list[ContentError]:
    """The review id against its file name and the reserved names; lesson and recommendation ids
    against the page's section anchors, its title heading's id and each other.

    Read from the raw data, so that a schema error elsewhere in the file hides none of them.
    """
    data: dict[str, Any] = document.data
    errors = []
    review_id = data.get("id")
    if _is_slug(review_id):
        if review_id != file_stem:
            errors.append(document.error(("id",), "id", f"'{review_id}' must match the file name '{file_stem}.yaml'"))
        if review_id.isdigit():
            message = (
                f"'{review_id}' is reserved: /reviews/{review_id}/ lists the reviews of a year; "
                "use <area>-<year>-<name>"
            )
            errors.append(document.error(("id",), "id", message))
        elif is_reserved_name(review_id):
            errors.append(document.error(("id",), "id", _reserved_id_message("review", review_id)))
    title = data.get("title")
    title_id = title_anchor(title) if isinstance(title, str) else None
    first_use: dict[str, FieldPath] = {}
    for kind in ("lessons", "recommendations"):
        items = data.get(kind)
        for index, item in enumerate(items if isinstance(items, list) else []):
            item_id = item.get("id") if isinstance(item, dict) else None
            if not _is_slug(item_id):
                continue
            field_path = (kind, index, "id")
            if item_id in _SECTION_ANCHORS:
                message = f"'{item_id}' is reserved for a section of the review page; choose another id"
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


def _review_date_errors(document: LoadedDocument, review: Review) -> list[ContentError]:
    """An extract cannot be updated before its review was published (compared as far as both dates go)."""
    if review.updated is None:
        return []
    published, updated = date_parts(review.published) or (), date_parts(review.updated) or ()
    common = min(len(published), len(updated))
    if updated[:common] >= published[:common]:
        return []
    message = f"'{review.updated}' is before the publication date '{review.published}'"
    return [document.error(("updated",), "updated", message)]


def _validate_review(document: LoadedDocument, file_stem: str) -> tuple[Review | None, list[ContentError]]:
    """The review of one file, or None and every error in it: schema, ids and dates together."""
    if not isinstance(document.data, dict):
        return None, [document.error((), "(file)", "a review file must be a mapping of fields")]
    errors: list[ContentError] = []
    review: Review | None = None
    try:
        review = Review.model_validate(document.data)
    except ValidationError as error:
        errors += _model_errors(document, error, Review)
    errors += _review_id_errors(document, file_stem)
    if review is not None:
        errors += _review_date_errors(document, review)
    return (review if not errors else None), errors


def _vocabulary_id_errors(document: LoadedDocument, kind: str) -> list[ContentError]:
    """Reserved and duplicate ids in a vocabulary, and themes related to themselves, from the raw data."""
    entries = document.data if isinstance(document.data, list) else []
    errors = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        if not _is_slug(entry_id):
            continue
        if is_reserved_name(entry_id):
            errors.append(document.error((index, "id"), f"[{index}].id", _reserved_id_message(kind, entry_id)))
        elif entry_id in seen:
            line = document.position_of((seen[entry_id],)).line
            errors.append(
                document.error((index, "id"), f"[{index}].id", f"'{entry_id}' is already defined at line {line}")
            )
        else:
            seen[entry_id] = index
        related = entry.get("related") if kind == "theme" else None
        for position, value in enumerate(related if isinstance(related, list) else []):
            if value == entry_id:
                field_path = (index, "related", position)
                message = "a theme cannot be related to itself"
                errors.append(document.error(field_path, format_field_path(field_path), message))
    return errors


def _validate_vocabulary(
    document: LoadedDocument, model: type[Theme] | type[Agency]
) -> tuple[list[Any], list[ContentError]]:
    """The entries of themes.yaml or agencies.yaml, and every schema and id error in it."""
    errors: list[ContentError] = []
    entries: list[Any] = []
    try:
        entries = TypeAdapter(list[model]).validate_python(document.data)  # type: ignore[valid-type]
    except ValidationError as error:
        errors += _model_errors(document, error, model)
    errors += _vocabulary_id_errors(document, "theme" if model is Theme else "agency")
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


def _load_vocabulary(
    path: Path, model: type[Theme] | type[Agency], content_dir: Path
) -> tuple[list[Any], list[ContentError]]:
    """Read and validate one vocabulary file (through the safe reader), with its related-theme references."""
    if not os.path.lexists(path):  # a link to nowhere, a pipe or a device is refused by the reader instead
        return [], [ContentError(str(path), 1, 1, "(file)", "the file is missing")]
    document, errors = load_file(path, str(path), content_dir)
    if document is None:
        return [], errors
    entries, errors = _validate_vocabulary(document, model)
    if model is Theme and not errors:
        themes_by_id = {theme.id: theme for theme in entries}
        for index, theme in enumerate(entries):
            errors += _reference_errors(document, (index, "related"), theme.related, themes_by_id, "theme")
    return entries, errors


# --- hand-written pages ----------------------------------------------------------------------------

_REMOTE_MESSAGE = "fetches from another host; intranets have no internet"
# A URL that leaves the site: a scheme and two slashes (or backslashes, which browsers read as
# slashes), two slashes alone, or a web scheme without slashes (`https:host/x` from an http page).
_REMOTE_URL = re.compile(r"(?:[a-z][a-z0-9+.\-]*:)?[\\/]{2}|(?:https?|ftp|wss?):", re.IGNORECASE)
_URL_SPACE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
# Text that is shown, not run: fenced code blocks, code spans and HTML comments.
_NOT_MARKUP = re.compile(
    r"^[ ]{0,3}(?P<fence>`{3,}|~{3,}).*?(?:^[ ]{0,3}(?P=fence)[`~]*[ \t]*$|\Z)"  # a fenced block, to its end
    r"|(?P<ticks>`+).+?(?P=ticks)"  # a code span
    r"|<!--.*?(?:-->|\Z)",  # a comment
    re.MULTILINE | re.DOTALL,
)
_IMAGE_ALT = r"!\[(?P<alt>(?:[^\[\]\n]|\n(?!\n)|\[[^\[\]\n]{0,200}\]){0,500})\]"
_MARKDOWN_IMAGE = re.compile(_IMAGE_ALT + r"(?:\(\s*(?P<url><[^>\n]*>|[^\s)]+)|\[(?P<ref>[^\]\n]{0,200})\])?")
_REFERENCE = re.compile(r"^[ ]{0,3}\[(?P<label>[^\]\n]{1,200})\]:[ \t]*\n?[ \t]*(?P<url><[^>\n]*>|\S+)", re.MULTILINE)
# A start tag; a value may hold `>` but no `<`, so that each `<` is looked at once.
_TAG = re.compile(r"<(?P<name>[a-zA-Z][a-zA-Z0-9-]*)(?P<attributes>(?:[^<>\"']|\"[^<\"]*\"|'[^<']*')*)>")
_ATTRIBUTE = re.compile(
    r"""(?P<name>[^\s"'>/=]+)\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"'=<>`]+))"""
)
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(?P<css>.*?)(?:</style\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_CSS_URL = re.compile(r"""url\(\s*["']?(?P<url>[^"')\s]*)|@import\s+["'](?P<import>[^"']*)""", re.IGNORECASE)
# The attributes that name a URL the browser fetches (on the elements below; `<a href>` is a link).
_FETCHING_ATTRIBUTES = frozenset({"src", "srcset", "imagesrcset", "href", "xlink:href", "poster", "data", "background"})
_ELEMENT_KINDS = {
    "img": "the image",
    "image": "the image",  # SVG
    "input": "the image",  # type="image"
    "body": "the image",  # background=
    "table": "the image",
    "td": "the image",
    "script": "the script",
    "iframe": "the frame",
    "frame": "the frame",
    "link": "the linked file",
    "video": "the media",
    "audio": "the media",
    "source": "the media",
    "track": "the media",
    "embed": "the embedded object",
    "object": "the embedded object",
    "base": "the base address",  # would send every relative address on the page to another host
}
Fetch = tuple[int, str, str]
"""Where in the page (offset), what (`the image`), and the URL as written."""


def _cleaned_url(url: str) -> str:
    """A URL as the browser reads it: entities decoded, tabs and line breaks dropped, ends trimmed."""
    return _URL_SPACE.sub("", html.unescape(url)).strip(_C0_AND_SPACE)


def _is_remote(url: str) -> bool:
    """Whether a browser would fetch `url` (as written in Markdown or an HTML attribute) from another host."""
    return _REMOTE_URL.match(_cleaned_url(url)) is not None


def _shown_url(url: str) -> str:
    """A URL for an error message: as the browser reads it, at most 100 characters."""
    cleaned = _cleaned_url(url)
    return cleaned if len(cleaned) <= 100 else cleaned[:99] + "…"


def _without_code(text: str) -> str:
    """`text` with code blocks, code spans and comments blanked out, every other character where it was."""
    return _NOT_MARKUP.sub(lambda match: re.sub(r"[^\n]", " ", match.group()), text)


def _label(text: str) -> str:
    """A reference label as Markdown matches it: case and runs of white space do not count."""
    return " ".join(text.lower().split())


def _markdown_image_fetches(markup: str) -> Iterator[Fetch]:
    """Markdown images, inline or by reference, whose URL is on another host."""
    references: dict[str, str] = {}
    for match in _REFERENCE.finditer(markup):
        references.setdefault(_label(match["label"]), match["url"].strip("<>"))
    for match in _MARKDOWN_IMAGE.finditer(markup):
        if match["url"] is not None:  # `![alt](url "title")` or `![alt](<url>)`
            url, offset = match["url"], match.start("url")
            if url.startswith("<"):
                url, offset = url[1:-1], offset + 1
        else:  # `![alt][ref]`, `![alt][]` or `![alt]`: the URL is in the reference definition
            url, offset = references.get(_label(match["ref"] or match["alt"]), ""), match.start()
        if _is_remote(url):
            yield offset, "the image", url


def _css_fetches(css: str, offset: int) -> Iterator[Fetch]:
    """`url(...)` and `@import "..."` in CSS starting at `offset`, on another host."""
    for match in _CSS_URL.finditer(css):
        group = "url" if match["url"] is not None else "import"
        if _is_remote(match[group]):
            yield offset + match.start(group), "the CSS resource", match[group]


def _tag_fetches(tag: re.Match[str]) -> Iterator[Fetch]:
    """The URL attributes of one HTML start tag, and CSS in its `style`, on another host."""
    name = tag["name"].lower()
    values: dict[str, tuple[str, int]] = {}
    for attribute in _ATTRIBUTE.finditer(tag["attributes"]):
        group = next(group for group in ("double", "single", "bare") if attribute[group] is not None)
        values.setdefault(
            attribute["name"].lower(), (attribute[group], tag.start("attributes") + attribute.start(group))
        )
    what = _ELEMENT_KINDS.get(name)
    if name == "link" and "stylesheet" in values.get("rel", ("", 0))[0].lower():
        what = "the stylesheet"
    for attribute_name, (value, offset) in values.items():
        if attribute_name == "style":
            yield from _css_fetches(value, offset)
        elif what is not None and attribute_name in _FETCHING_ATTRIBUTES:
            if attribute_name.endswith("srcset"):  # "a.png 1x, https://x/b.png 2x": the first word of each
                candidates = [part.split()[0] for part in value.split(",") if part.split()]
            else:
                candidates = [value]
            remote = next((url for url in candidates if _is_remote(url)), None)
            if remote is not None:
                yield offset, what, remote


def _remote_fetches(text: str) -> Iterator[Fetch]:
    """Everything in a page that a browser would fetch from another host; code and comments are left out."""
    markup = _without_code(text)
    yield from _markdown_image_fetches(markup)
    for tag in _TAG.finditer(markup):
        yield from _tag_fetches(tag)
    for style in _STYLE_ELEMENT.finditer(markup):
        yield from _css_fetches(style["css"], style.start("css"))


def remote_resource_errors(text: str, path: str) -> list[ContentError]:
    """A located error for each image, script, frame, stylesheet or media file a page would fetch
    from another host. Links to other sites are fine: following one is the reader's choice."""
    errors = []
    for offset, what, url in sorted(_remote_fetches(text)):
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        errors.append(ContentError(path, line, column, "(page)", f"{what} '{_shown_url(url)}' {_REMOTE_MESSAGE}"))
    return errors


def _page_name_message(stem: str) -> str:
    """Why a hand-written page cannot be called `stem`.md."""
    if stem.lower() == "index":
        return f"'{stem}' is reserved: pages/{stem}.md would replace the home page; choose another name"
    return (
        f"'{stem}' is reserved for an address the site generates; choose another name "
        f"(reserved: {_RESERVED_LIST}, and every name made only of digits)"
    )


def load_pages(content_dir: Path) -> tuple[list[HandWrittenPage], list[ContentError]]:
    """The hand-written pages of `content/pages/`, each read through `read_content_file`, and every error:
    a page not in UTF-8, a name the site reserves, a page that fetches from another host, and any
    file or folder there that is not a page."""
    pages_dir = content_dir / PAGES_FOLDER
    if not os.path.lexists(pages_dir):
        return [], []
    if not pages_dir.is_dir():
        message = "must be a folder of hand-written pages named <name>.md"
        return [], [ContentError(str(pages_dir), 1, 1, "(folder)", message)]
    pages: list[HandWrittenPage] = []
    errors: list[ContentError] = []
    for path in sorted(pages_dir.iterdir()):
        shown = str(path)
        if path.name.startswith("."):  # editors' and systems' own files (.DS_Store, .about.md.swp)
            continue
        if path.is_dir():
            message = "pages/ holds no subfolders; hand-written pages are pages/<name>.md"
            errors.append(ContentError(shown, 1, 1, "(folder)", message))
            continue
        if path.suffix != ".md":
            message = "pages/ holds only hand-written pages named <name>.md; this file would not be published"
            errors.append(ContentError(shown, 1, 1, "(file)", message))
            continue
        if is_reserved_name(path.stem):
            errors.append(ContentError(shown, 1, 1, "(page)", _page_name_message(path.stem)))
        try:
            raw = read_content_file(path, content_dir, shown)
        except ContentErrors as refused:
            errors += refused.errors
            continue
        text, found = decode_content(raw, shown)
        if text is None:
            errors += found
            continue
        errors += remote_resource_errors(text, shown)
        pages.append(HandWrittenPage(path.name, raw))
    return pages, errors


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


def validate_content(content_dir: Path) -> Content:
    """Load and validate a content folder; raise `ContentErrors` with every error found."""
    errors: list[ContentError] = []
    themes, theme_errors = _load_vocabulary(content_dir / THEMES_FILE, Theme, content_dir)
    agencies, agency_errors = _load_vocabulary(content_dir / AGENCIES_FILE, Agency, content_dir)
    errors += theme_errors + agency_errors
    # References are only checked against vocabularies that are themselves valid:
    # one broken themes.yaml must not bury its own error under hundreds of "unknown theme".
    vocabularies_valid = not theme_errors and not agency_errors
    themes_by_id = {theme.id: theme for theme in themes}
    agencies_by_id = {agency.id: agency for agency in agencies}

    paths, path_errors = _review_paths(content_dir / REVIEWS_FOLDER)
    errors += path_errors
    references = {"theme": themes_by_id, "agency": agencies_by_id} if vocabularies_valid else None

    def check_review(position: int) -> tuple[Review | None, list[ContentError]]:
        path = paths[position]
        document, found = load_file(path, str(path), content_dir)
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
    pages, page_errors = load_pages(content_dir)
    errors += page_errors
    if errors:
        raise ContentErrors(errors)
    return Content(reviews=tuple(reviews), themes=tuple(themes), agencies=tuple(agencies), pages=tuple(pages))
