"""The site settings in `mkdocs.yml` that reach pages, read through a declarative model.

MkDocs checks its own configuration; this module checks what it does not and
what the pages depend on: `site_name`, `site_description` and `site_url`
(Material prints them into HTML unescaped, so they must be plain text and a
plain web address), and the `extra:` block of this project: who publishes the
site, how to reach them, the feedback link, the logo and the accessibility
statement. Unknown `extra` keys and wrong types are errors naming the file,
line and column.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal

import yaml
from mkdocs.config.defaults import MkDocsConfig
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, ValidationInfo

from generator.errors import ContentError, FieldPath, format_field_path
from generator.model import WebUrl

_MARKUP = set('<>"`')
_EMAIL = re.compile(r"^[^@\s<>\"'`()\[\],;:\\]+@[^@\s<>\"'`()\[\],;:\\]+\.[^@\s<>\"'`()\[\],;:\\.]+$")
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif")
THEME_DIR = "theme_dir"  # validation context: the folder of theme overrides, where the logo must be


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


def _https(value: str) -> str:
    if not value.lower().startswith("https://"):
        raise ValueError(f"'{value}' must start with https:// (readers' browsers warn about http:// forms)")
    return value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError(f"'{value}' is not an e-mail address: write it as name@example.org")
    return value


def _logo(value: str, info: ValidationInfo) -> str:
    """A picture in the theme overrides folder: never a web address, since pages load nothing from elsewhere."""
    path = PurePosixPath(value)
    if "://" in value or value.startswith(("//", "/", "data:")) or ".." in path.parts or "\\" in value:
        raise ValueError(
            f"'{value}' must be a path inside the theme overrides folder, such as assets/images/logo.svg: "
            "pages never load anything from another site"
        )
    if path.suffix.lower() not in LOGO_SUFFIXES:
        raise ValueError(f"'{value}' is not a picture: use one of {', '.join(LOGO_SUFFIXES)}")
    theme_dir = (info.context or {}).get(THEME_DIR)
    if theme_dir is not None and not (Path(theme_dir) / path).is_file():
        raise ValueError(f"'{value}' is not in {theme_dir}: put the logo file there")
    return value


PlainText = Annotated[str, AfterValidator(_plain_setting)]
SiteUrl = Annotated[WebUrl, AfterValidator(_plain_url)]
HttpsUrl = Annotated[SiteUrl, AfterValidator(_https)]
Email = Annotated[str, AfterValidator(_email)]


def _local_file(value: str) -> str:
    """A file of the site: pages load nothing from another host, and the name goes into an attribute as it is."""
    if "://" in value or value.startswith("//") or value.lower().startswith(("data:", "javascript:")):
        raise ValueError(f"'{value}' is on another host: pages load nothing from elsewhere; put the file in the site")
    return _plain_url(value)


LocalFile = Annotated[str, AfterValidator(_local_file)]
LogoPath = Annotated[str, AfterValidator(_plain_url), AfterValidator(_logo)]
SettingDate = Annotated[date, Field(strict=False)]  # YAML reads 2026-11-24 as a date; "2026-11-24" is accepted too
Nation = Literal["england", "wales", "scotland", "northern-ireland"]
Compliance = Literal["full", "partial", "none"]


class _Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class AccessibilitySettings(_Settings):
    """What the accessibility statement says that only the publisher knows."""

    compliance: Compliance = "partial"
    """How far the publisher's own checks found the site meets WCAG 2.2 AA: 'full' only after a full audit."""
    problems: list[PlainText] = []
    """Problems the publisher knows of and has not fixed, each in a sentence."""
    tested: PlainText | None = None
    """Who checked this site, how and when, e.g. 'Tested by our web team with a screen reader in October 2026.'"""
    prepared: SettingDate | None = None
    reviewed: SettingDate | None = None
    reply_days: Annotated[int, Field(gt=0, le=60)] | None = None


class Extra(_Settings):
    """The `extra:` block: this project's settings (and Material's `generator` flag)."""

    organisation: PlainText | None = None
    contact_email: Email | None = None
    contact_phone: PlainText | None = None
    feedback_url: HttpsUrl | None = None
    content_note: PlainText | None = None
    logo: LogoPath | None = None
    nation: Nation = "england"
    accessibility: AccessibilitySettings = AccessibilitySettings()
    deny_list: str | None = None  # the anonymity gate's deny-list, relative to mkdocs.yml; never in the content folder
    generator: bool = True

    def get(self, key: str, default: Any = None) -> Any:
        """`extra.get("feedback_url")`, as templates written against the plain `extra` mapping ask."""
        return getattr(self, key, default)


class ThemeFiles(BaseModel):
    """The theme's own files a page loads: from the site, never from another host."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)

    logo: LocalFile | None = None
    favicon: LocalFile | None = None


class SiteSettings(_Settings):
    """What of `mkdocs.yml` reaches the pages; everything else is MkDocs' and Material's to check."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)

    site_name: PlainText
    site_description: PlainText | None = None
    site_url: SiteUrl | None = None
    # Printed by Material without escaping, so plain text and plain web addresses only.
    site_author: PlainText | None = None
    copyright: PlainText | None = None
    repo_name: PlainText | None = None
    repo_url: SiteUrl | None = None
    extra_css: list[LocalFile] = []
    extra_javascript: list[LocalFile] = []
    theme: ThemeFiles = ThemeFiles()
    extra: Extra = Extra()


class _AnyTagLoader(yaml.SafeLoader):
    """Composes any document: only the shape and positions are read, nothing is constructed."""


def _position(root: yaml.Node | None, path: FieldPath) -> tuple[int, int]:
    """Line and column of the key at `path` (or of its nearest present parent) in a composed document."""
    node, mark = root, root.start_mark if root is not None else None
    for part in path:
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            mark = node.start_mark
            continue
        if not isinstance(node, yaml.MappingNode):
            break
        found = next(((key, value) for key, value in node.value if getattr(key, "value", None) == part), None)
        if found is None:
            break
        mark, node = found[0].start_mark, found[1]
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def setting_position(config_file: Path, path: FieldPath) -> tuple[int, int]:
    """Where the setting at `path` is in `config_file`, or its nearest parent when it is missing."""
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return 1, 1
    return _position(root, path)


def located(config_file: Path, path: FieldPath, message: str) -> str:
    """`mkdocs.yml:line:col: field.path: message`."""
    line, column = setting_position(config_file, path)
    return f"{config_file}:{line}:{column}: {format_field_path(path)}: {message}"


def _theme_dir(config_file: Path, raw: dict[str, Any]) -> Path | None:
    theme = raw.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    return config_file.parent / custom_dir if isinstance(custom_dir, str) else None


def read_site_settings(config_file: Path, raw: dict[str, Any]) -> tuple[SiteSettings | None, list[str]]:
    """The validated settings, or the errors as `mkdocs.yml:line:col: field: message` lines."""
    try:
        return SiteSettings.model_validate(raw, context={THEME_DIR: _theme_dir(config_file, raw)}), []
    except ValidationError as error:
        lines = []
        for item in error.errors(include_url=False):
            path = tuple(item["loc"])
            message = str(item["ctx"]["error"]) if item["type"] == "value_error" else item["msg"]
            if item["type"] == "extra_forbidden":
                message = f"unknown setting '{path[-1]}'"
            lines.append(located(config_file, path, message))
        return None, lines


def publication_problems(config_file: Path, settings: SiteSettings) -> list[ContentError]:
    """What a public site must say that these settings leave out: how to report an accessibility problem."""
    if settings.extra.contact_email:
        return []
    path: FieldPath = ("extra", "contact_email")
    line, column = setting_position(config_file, path)
    message = (
        "a public site must give an e-mail address for reporting accessibility problems and asking for "
        "another format; set extra.contact_email (the accessibility statement and the footer show it)"
    )
    return [ContentError(str(config_file), line, column, format_field_path(path), message)]


def loaded_settings(config: MkDocsConfig) -> SiteSettings:
    """The settings of a configuration `build.load_site_config` has checked, as MkDocs loaded it."""
    theme_dir = config.theme.custom_dir
    values = {
        "site_name": config.site_name,
        "site_description": config.site_description,
        "site_url": config.site_url or None,
        "extra": dict(config.extra),
    }
    return SiteSettings.model_validate(values, context={THEME_DIR: Path(theme_dir) if theme_dir else None})
