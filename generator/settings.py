"""The site settings in `mkdocs.yml` that reach pages, read through a declarative model.

MkDocs checks its own configuration; this module checks what it does not and
what the pages depend on: `site_name`, `site_description` and `site_url`
(Material prints them into HTML unescaped, so they must be plain text and a
plain web address), and the `extra:` block of this project. Unknown `extra`
keys and wrong types are errors naming the file, line and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

from generator.errors import FieldPath, format_field_path
from generator.model import WebUrl

_MARKUP = set('<>"`')


def _plain_setting(value: str) -> str:
    """Text that is safe wherever the theme prints it, escaped or not."""
    if any(char in _MARKUP for char in value) or any(not char.isprintable() for char in value):
        raise ValueError('must be plain text: no <, >, ", ` or control characters')
    if "&" in value.replace("& ", ""):
        raise ValueError("'&' must be followed by a space (write 'and' or '& ')")
    return value


def _plain_url(value: str) -> str:
    if any(char in _MARKUP or char == "'" for char in value):
        raise ValueError(f"'{value}' is not a plain web address: remove quotes and angle brackets")
    return value


PlainText = Annotated[str, AfterValidator(_plain_setting)]
SiteUrl = Annotated[WebUrl, AfterValidator(_plain_url)]


class Extra(BaseModel):
    """The `extra:` block: this project's settings (and Material's `generator` flag)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    content_note: PlainText | None = None
    feedback_url: SiteUrl | None = None
    deny_list: str | None = None  # the anonymity gate's deny-list, relative to mkdocs.yml; never in the content folder
    generator: bool = True


class SiteSettings(BaseModel):
    """What of `mkdocs.yml` reaches the pages; everything else is MkDocs' and Material's to check."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)

    site_name: PlainText
    site_description: PlainText | None = None
    site_url: SiteUrl | None = None
    extra: Extra = Extra()


class _AnyTagLoader(yaml.SafeLoader):
    """Composes any document: only the shape and positions are read, nothing is constructed."""


def _position(root: yaml.Node | None, path: FieldPath) -> tuple[int, int]:
    """Line and column of the key at `path` (or of its nearest present parent) in a composed document."""
    node, mark = root, root.start_mark if root is not None else None
    for part in path:
        if not isinstance(node, yaml.MappingNode):
            break
        found = next(((key, value) for key, value in node.value if getattr(key, "value", None) == part), None)
        if found is None:
            break
        mark, node = found[0].start_mark, found[1]
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def read_site_settings(config_file: Path, raw: dict[str, Any]) -> tuple[SiteSettings | None, list[str]]:
    """The validated settings, or the errors as `mkdocs.yml:line:col: field: message` lines."""
    try:
        return SiteSettings.model_validate(raw), []
    except ValidationError as error:
        root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=_AnyTagLoader)
        lines = []
        for item in error.errors(include_url=False):
            path = tuple(item["loc"])
            line, column = _position(root, path)
            message = str(item["ctx"]["error"]) if item["type"] == "value_error" else item["msg"]
            if item["type"] == "extra_forbidden":
                message = f"unknown setting '{path[-1]}'"
            lines.append(f"{config_file}:{line}:{column}: {format_field_path(path)}: {message}")
        return None, lines
