"""The site configuration, checked whole before anything is built: every problem of `mkdocs.yml` at once.

`load_site_config` reads `mkdocs.yml` and its INHERIT parents safely
(`config_file.py`), then checks the settings three ways and reports every
finding of all three together, one `mkdocs.yml:line:col: field: message` line
each, exit code 2: this project's settings model (`settings.py`: plain text,
local files, `extra:`, the theme's icons), MkDocs' own validation (strict, so
its warnings count too), and the contrast of the palette's colours
(`palette.py`, with every stylesheet read as a regular file of limited size).
A refused configuration changes no file: the docs folder MkDocs requires to
exist is made for the check and removed again.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import get_yaml_loader

from generator.config_file import read_settings_files
from generator.errors import ContentErrors, UsageError
from generator.palette import check_palette
from generator.read import decode_content, read_content_file
from generator.settings import located, settings_problems

_THEIR_OWN = frozenset({"theme"})
"""MkDocs checks more of these than the settings model does, so both report on them."""


def load_site_config(config_file: Path) -> MkDocsConfig:
    """The MkDocs configuration, strict, so every link or anchor warning fails the build.

    Raises `UsageError` with every problem of the configuration, or for a file that cannot be read.
    """
    if not os.path.lexists(config_file):
        raise UsageError(f"{config_file}: no such file; give the site configuration with --config-file")
    config = MkDocsConfig(config_file_path=os.path.abspath(config_file))  # as MkDocs' `load_config` names it
    raw = read_settings_files(config_file, get_yaml_loader(config=config))
    problems = settings_problems(config_file, raw)
    checked = {path[0] for path, _ in problems if path} - _THEIR_OWN
    lines = [line for _, line in problems]
    docs_dir = raw.get("docs_dir", "docs")
    docs = config_file.parent / docs_dir if isinstance(docs_dir, str) else None
    # MkDocs refuses a docs_dir that does not exist yet. On a fresh checkout it is ours to make, but only once
    # the build goes ahead (`write_docs` makes it): made here only while MkDocs checks, so a refusal leaves no trace.
    made = _make_folder(docs)
    try:
        lines += _mkdocs_problems(config_file, config, raw, checked)
        stylesheets, unreadable = _stylesheets(config_file, raw)
        lines += unreadable  # the colours cannot be measured without every stylesheet
        colours = [] if unreadable or not _is_material(raw) else _colour_problems(config_file, raw, stylesheets)
        if lines or colours:
            raise UsageError(_summary(config_file, len(lines), len(colours)), lines + colours)
    finally:
        _remove_empty(made)
    return config


def _summary(config_file: Path, settings: int, colours: int) -> str:
    """The last line of a refusal: how many settings and colour pairs to correct, and where to read how."""
    parts = [f"{settings} setting(s) to correct"] if settings else []
    if colours:
        parts.append(f"{colours} colour pair(s) fail WCAG 2.2 AA contrast")
    advice = (
        " Choose other palette colours, or give a passing shade in a stylesheet (README: Set up your board's site)."
        if colours
        else ""
    )
    return f"{config_file}: {', '.join(parts)}; nothing was built.{advice}"


def _make_folder(folder: Path | None) -> list[Path]:
    """Make `folder` and any missing parents; the folders made, deepest first."""
    if folder is None:
        return []
    missing = [path for path in (folder, *folder.parents) if not os.path.lexists(path)]
    with contextlib.suppress(OSError):  # MkDocs then names the folder it cannot find
        folder.mkdir(parents=True)
    return [path for path in missing if path.is_dir()]


def _remove_empty(folders: list[Path]) -> None:
    for folder in folders:
        with contextlib.suppress(OSError):  # no longer empty: then it is not ours to remove
            folder.rmdir()


def _mkdocs_problems(config_file: Path, config: MkDocsConfig, raw: dict[str, Any], checked: set[Any]) -> list[str]:
    """MkDocs' own findings as lines, strict mode's warnings included; none again for a setting already reported."""
    config.load_dict(raw)
    config.load_dict({"strict": True})
    try:
        errors, warnings = config.validate()
    except ConfigurationError as error:
        return [located(config_file, (), str(error))]
    return [located(config_file, (name,), str(found)) for name, found in [*errors, *warnings] if name not in checked]


def _stylesheets(config_file: Path, raw: dict[str, Any]) -> tuple[list[Path], list[str]]:
    """The site's own stylesheets (`extra_css` found in the overrides or docs folder), and why any cannot be read."""
    theme = raw.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    folders = [config_file.parent / f for f in (custom_dir, raw.get("docs_dir", "docs")) if isinstance(f, str) and f]
    extra_css = raw.get("extra_css")
    found: list[Path] = []
    lines = []
    for index, css in enumerate(extra_css if isinstance(extra_css, list) else []):
        if not isinstance(css, str):
            continue  # the settings model says what it should be
        path = next((folder / css for folder in folders if os.path.lexists(folder / css)), None)
        problem = _unreadable(path) if path is not None else None
        if problem:
            lines.append(located(config_file, ("extra_css", index), f"{path}: {problem}"))
        elif path is not None:
            found.append(path)
    return found, lines


def _is_material(raw: dict[str, Any]) -> bool:
    """Whether the theme is Material, whose palettes the colour check knows (MkDocs names any other)."""
    theme = raw.get("theme")
    return (theme.get("name") if isinstance(theme, dict) else theme) == "material"


def _colour_problems(config_file: Path, raw: dict[str, Any], stylesheets: list[Path]) -> list[str]:
    """The palette's contrast findings, from the palette as written."""
    theme = raw.get("theme")
    findings = check_palette(theme.get("palette") if isinstance(theme, dict) else None, stylesheets)
    return [located(config_file, finding.path, finding.message) for finding in findings]


def _unreadable(path: Path) -> str | None:
    """Why a stylesheet cannot be read (not a regular file, too big, not UTF-8), or None."""
    try:
        raw = read_content_file(path, None, str(path))
    except ContentErrors as refused:
        return refused.errors[0].message
    _, errors = decode_content(raw, str(path))
    return errors[0].message if errors else None
