"""The site settings in `mkdocs.yml` that reach pages, read through a declarative model.

MkDocs checks its own configuration; this module checks what it does not and
what the pages depend on: `site_name`, `site_description` and `site_url`
(Material prints them into HTML unescaped, so they must be plain text and a
plain web address), the theme's icons and the shape of its palettes (a name
Material has no icon for, or a palette that is no mapping, ends the build in a
template error), and the `extra:` block of this project: who publishes the
site, how to reach them, the feedback link, the logo and the accessibility
statement. Unknown `extra` keys and wrong types are errors naming the file,
line and column. The types of single values are `setting_types.py`'s.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    model_validator,
)

from generator.errors import ContentError, ContentErrors, FieldPath, format_field_path
from generator.model_errors import describe
from generator.read import read_content_file
from generator.setting_types import (
    THEME_DIR,
    Compliance,
    Email,
    HttpsUrl,
    IconKey,
    IconName,
    Language,
    Link,
    LocalFile,
    LogoPath,
    Nation,
    Navigation,
    PlainText,
    SettingDate,
    SiteUrl,
)
from generator.theme_files import THEME_DIRS, theme_dirs


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


class ThemeIcons(_Settings):
    """`theme.icon`: the icons Material draws in its header, footer and content (Material 9.8)."""

    logo: IconName | None = None
    repo: IconName | None = None
    edit: IconName | None = None
    view: IconName | None = None
    menu: IconName | None = None
    alternate: IconName | None = None
    search: IconName | None = None
    share: IconName | None = None
    close: IconName | None = None
    top: IconName | None = None
    previous: IconName | None = None
    next: IconName | None = None
    annotation: IconName | None = None
    tag: dict[IconKey, IconName] = {}
    admonition: dict[IconKey, IconName] = {}


class PaletteToggle(_Settings):
    """The light/dark switch of one palette: its icon and what it says to screen readers."""

    icon: IconName
    name: PlainText


class Palette(_Settings):
    """One palette of `theme.palette`; its colour names are checked, with their contrast, by `palette.py`."""

    media: PlainText | None = None
    scheme: Any = None
    primary: Any = None
    accent: Any = None
    toggle: PaletteToggle | None = None


def _one_or_list(value: Any) -> str:
    return _LIST if isinstance(value, list) else _ONE


_ONE, _LIST = "(one)", "(list)"  # union tags, left out of the field paths shown
Palettes = Annotated[Annotated[Palette, Tag(_ONE)] | Annotated[list[Palette], Tag(_LIST)], Discriminator(_one_or_list)]


def _by_name(value: Any) -> Any:
    """`theme: material` is MkDocs' short form of `theme: {name: material}`."""
    return {"name": value} if isinstance(value, str) else value


class ThemeFiles(BaseModel):
    """The theme's own files a page loads (from the site, never from another host), its icons and palettes."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)

    logo: LocalFile | None = None
    favicon: LocalFile | None = None
    icon: ThemeIcons = ThemeIcons()
    palette: Palettes | None = None
    language: Language = "en"

    @model_validator(mode="before")
    @classmethod
    def _fonts_from_the_site(cls, value: Any) -> Any:
        """Material loads its fonts from Google unless `font: false`: pages would reach another host."""
        if isinstance(value, dict) and value.get("name") == "material" and value.get("font", True) is not False:
            raise ValueError(
                "set 'font: false' under theme: otherwise Material loads its fonts from Google, another host "
                "(intranets have no internet, and readers' visits would be seen there)"
            )
        return value


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
    edit_uri: Link | None = None
    edit_uri_template: Link | None = None
    nav: Navigation | None = None
    extra_css: list[LocalFile] = []
    extra_javascript: list[LocalFile] = []
    theme: Annotated[ThemeFiles, BeforeValidator(_by_name)] = ThemeFiles()
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


def text_position(text: str, path: FieldPath) -> tuple[int, int]:
    """Where the setting at `path` is in a settings file's text, or its nearest parent when it is missing."""
    try:
        root = yaml.compose(text, Loader=_AnyTagLoader)
    except (yaml.YAMLError, RecursionError):
        return 1, 1
    return _position(root, path)


def setting_position(config_file: Path, path: FieldPath) -> tuple[int, int]:
    """Where the setting at `path` is in `config_file`, or its nearest parent when it is missing."""
    try:
        text = read_content_file(config_file, None).decode("utf-8-sig")
    except (ContentErrors, UnicodeDecodeError):
        return 1, 1
    return text_position(text, path)


def located(config_file: Path, path: FieldPath, message: str) -> str:
    """`mkdocs.yml:line:col: field.path: message`."""
    line, column = setting_position(config_file, path)
    return f"{config_file}:{line}:{column}: {format_field_path(path)}: {message}"


def _theme_dir(config_file: Path, raw: dict[str, Any]) -> Path | None:
    theme = raw.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    return config_file.parent / custom_dir if isinstance(custom_dir, str) else None


def _message(kind: str, item: Any, path: FieldPath) -> str:
    """Pydantic's finding in a board's words."""
    if kind == "value_error":
        return str(item["ctx"]["error"])
    if kind == "extra_forbidden":
        return f"unknown setting '{path[-1]}'"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping of settings (name: value), got {describe(item['input'])}"
    return str(item["msg"])


def settings_problems(config_file: Path, raw: dict[str, Any]) -> list[tuple[FieldPath, str]]:
    """Every setting that breaks the rules, with its field and its `mkdocs.yml:line:col: field: message` line."""
    custom_dir = _theme_dir(config_file, raw)
    try:
        SiteSettings.model_validate(raw, context={THEME_DIR: custom_dir, THEME_DIRS: theme_dirs(custom_dir)})
    except ValidationError as error:
        problems = []
        for item in error.errors(include_url=False):
            path = tuple(part for part in item["loc"] if part not in (_ONE, _LIST))
            problems.append((path, located(config_file, path, _message(item["type"], item, path))))
        return problems
    return []


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
