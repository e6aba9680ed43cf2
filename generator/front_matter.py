"""The front matter of a hand-written page: only the keys MkDocs and Material read, each as they expect it.

MkDocs reads front matter as YAML between `---` lines, or as `key: value`
lines at the very top of a page, and hands every value to the theme as it is:
`hide: 5` or `template: nosuch.html` ends the build in a template error, and
Material prints a title or description without escaping it. So the front
matter is parsed safely first (`load.py`: no aliases, limited nesting, the line
of every key), then read as MkDocs reads it, and checked against `FrontMatter`:
plain text where Material prints text, a template the theme has, an icon it can
draw, the `hide` values it knows. Each problem is located at its key's line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Literal

from mkdocs.utils.meta import META_RE, YAML_RE, get_data
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator

from generator.errors import ContentError
from generator.load import LoadedDocument, load_text
from generator.model_errors import model_errors
from generator.setting_types import IconName, PlainText
from generator.theme_files import THEME_DIRS, template_problem
from generator.yaml_events import Position

FIELD = "(front matter)"


def _template(value: str, info: ValidationInfo) -> str:
    problem = template_problem(value, (info.context or {}).get(THEME_DIRS))
    if problem:
        raise ValueError(problem)
    return value


TemplateName = Annotated[str, AfterValidator(_template)]
Hidden = Literal["navigation", "toc", "footer", "path", "tags", "feedback"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class SearchSettings(_Strict):
    """`search:` of a page: `exclude: true` keeps the page out of the search index (overrides/main.html)."""

    exclude: bool = False


class FrontMatter(_Strict):
    """What a hand-written page's front matter may say; MkDocs and Material (without plugins) read nothing else."""

    title: PlainText | None = None
    """The page's title in the navigation, the browser tab and the header (printed unescaped)."""
    description: PlainText | None = None
    author: PlainText | None = None
    subtitle: PlainText | None = None
    template: TemplateName | None = None
    hide: list[Hidden] = []
    icon: IconName | None = None
    status: Literal["new", "deprecated"] | None = None
    search: SearchSettings = SearchSettings()

    @field_validator("*", mode="before")
    @classmethod
    def _given(cls, value: Any) -> Any:
        """A key with no value: MkDocs hands the theme None (`template:` alone ends the build in a traceback)."""
        if value is None:
            raise ValueError("has no value: give one, or remove the line")
        return value


def _field(field: str) -> str:
    """A field of the front matter as errors name it: `(front matter).hide[0]`."""
    return FIELD if field == "(file)" else f"{FIELD}.{field}"


def _yaml_front_matter(block: str, path: str) -> tuple[LoadedDocument | None, list[ContentError]]:
    """The front matter between `---` lines (from the page's line 2), parsed safely with the line of each key."""
    if not block.strip():
        return None, []
    document, errors = load_text(block, path)
    if document is None or errors:  # an alias or a tag: MkDocs' own reading must never see it
        return None, [replace(error, line=error.line + 1, field=_field(error.field)) for error in errors]
    if not isinstance(document.data, dict):
        return None, []  # MkDocs shows such a block as part of the page
    positions = {key: Position(position.line + 1, position.column) for key, position in document.positions.items()}
    return LoadedDocument(path, document.data, positions), []


def _line_front_matter(text: str, path: str) -> LoadedDocument:
    """Where each `key: value` line at the top of a page is (MkDocs reads them as front matter)."""
    positions: dict[tuple[str | int, ...], Position] = {(): Position(1, 1)}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        match = META_RE.match(line)
        if match:
            positions.setdefault((match["key"].lower(),), Position(number, match.start("key") + 1))
    return LoadedDocument(path, None, positions)


def front_matter_errors(text: str, path: str, theme_dirs: Sequence[Path] | None) -> list[ContentError]:
    """Every problem of a page's front matter, at its key's line; `theme_dirs` None checks names, not files."""
    match = YAML_RE.match(text)
    if match:
        document, errors = _yaml_front_matter(match.group(1), path)
        if document is None:
            return errors
        unknown_hint = f" (front matter may hold {', '.join(FrontMatter.model_fields)})"
    else:
        document = _line_front_matter(text, path)
        unknown_hint = (
            " (MkDocs reads a 'name: value' line at the very top of a page as front matter and does not show it: "
            "start the page with its heading)"
        )
    _, meta = get_data(text)  # safe now: no aliases and limited nesting
    if not meta:
        return []
    try:
        FrontMatter.model_validate(meta, context={THEME_DIRS: theme_dirs})
    except ValidationError as error:
        return [
            replace(
                item,
                field=_field(item.field),
                message=item.message + unknown_hint if item.message.startswith("unknown field") else item.message,
            )
            for item in model_errors(document, error, FrontMatter)
        ]
    return []
